// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: parsing of "N" and "name N" written to the trigger files.
 *
 * Every rejection returns a fixed errno and logs one line naming the file
 * and the reason; Documentation/module.rst has the table.
 */
#define pr_fmt(fmt) "tdx_ve_test: " fmt

#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "tdx_ve_test.h"

/*
 * One line per rejection, naming the file; quiet when @file is NULL (the
 * selftest's own parser cases).  Each use has its own ratelimit state.
 */
#define tdx_ve_reject(file, fmt, ...)					\
	do {								\
		const char *__file = (file);				\
									\
		if (__file)						\
			pr_err_ratelimited("%s: " fmt "\n", __file,	\
					   ##__VA_ARGS__);		\
	} while (0)

/* Parse a count token: decimal digits only, 1..TDX_VE_MAX_COUNT. */
static int tdx_ve_parse_count(const char *file, const char *tok, u32 *count)
{
	unsigned long long val;
	const char *p;
	int ret;

	if (tok[0] == '-' && isdigit(tok[1])) {
		tdx_ve_reject(file, "negative count '%s'", tok);
		return -ERANGE;
	}
	for (p = tok; *p; p++) {
		if (!isdigit(*p)) {
			tdx_ve_reject(file, "count '%s' is not a decimal number", tok);
			return -EINVAL;
		}
	}
	ret = kstrtoull(tok, 10, &val);
	if (ret) {
		tdx_ve_reject(file, "count '%s' overflows", tok);
		return -ERANGE;
	}
	if (!val) {
		tdx_ve_reject(file, "count must be at least 1");
		return -ERANGE;
	}
	if (val > TDX_VE_MAX_COUNT) {
		tdx_ve_reject(file, "count %llu above maximum %u", val, TDX_VE_MAX_COUNT);
		return -ERANGE;
	}
	*count = val;
	return 0;
}

/**
 * tdx_ve_parse_buf - parse a NUL-terminated, printable input line
 * @file:	file name for the log line
 * @buf:	input, modified in place
 * @name:	if not NULL, the first token ("name N" form) is copied here
 * @name_len:	size of @name
 * @count:	parsed N
 *
 * Return: 0 or a negative errno (see Documentation/module.rst).
 */
int tdx_ve_parse_buf(const char *file, char *buf, char *name,
		     size_t name_len, u32 *count)
{
	char *s = strim(buf);
	char *tok, *num;

	if (!*s) {
		tdx_ve_reject(file, "empty input");
		return -EINVAL;
	}

	if (name) {
		tok = strsep(&s, " \t");
		s = s ? skip_spaces(s) : NULL;
		if (!s || !*s) {
			tdx_ve_reject(file, "missing count after '%s'", tok);
			return -EINVAL;
		}
		if (strscpy(name, tok, name_len) < 0) {
			tdx_ve_reject(file, "trigger name too long");
			return -EINVAL;
		}
	}

	num = strsep(&s, " \t");
	if (s && *skip_spaces(s)) {
		tdx_ve_reject(file, "trailing junk after count '%s'", num);
		return -EINVAL;
	}
	return tdx_ve_parse_count(file, num, count);
}

/**
 * tdx_ve_parse - copy a user write and parse it
 * @file:	file name for the log line
 * @ubuf:	user buffer
 * @len:	its length
 * @name:	as for tdx_ve_parse_buf()
 * @name_len:	size of @name
 * @count:	parsed N
 *
 * Return: 0 or a negative errno.
 */
int tdx_ve_parse(const char *file, const char __user *ubuf, size_t len,
		 char *name, size_t name_len, u32 *count)
{
	char buf[TDX_VE_MAX_INPUT + 1];
	size_t i;

	if (!len) {
		tdx_ve_reject(file, "empty write");
		return -EINVAL;
	}
	if (len > TDX_VE_MAX_INPUT) {
		tdx_ve_reject(file, "input of %zu bytes exceeds %d", len, TDX_VE_MAX_INPUT);
		return -E2BIG;
	}
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';

	for (i = 0; i < len; i++) {
		u8 c = buf[i];

		if ((c < 0x20 || c > 0x7e) && c != '\t' && c != '\n') {
			tdx_ve_reject(file, "non-printable byte 0x%02x at %zu", c, i);
			return -EINVAL;
		}
	}
	return tdx_ve_parse_buf(file, buf, name, name_len, count);
}

/* Per-trigger checks once the input parsed: limit, opt-in, device. */
int tdx_ve_check_count(const char *file, const struct tdx_ve_trigger *t,
		       u32 count)
{
	int ret;

	if (t->max_count && count > t->max_count) {
		tdx_ve_reject(file, "count %u above %s maximum %u", count, t->name, t->max_count);
		return -ERANGE;
	}
	ret = tdx_ve_trigger_allowed(t);
	if (ret == -EPERM)
		tdx_ve_reject(file, "%s needs module parameter %s=1", t->name,
			      t->flags & TDX_VE_F_HLT ? "hlt" : "allow_failing");
	return ret;
}
