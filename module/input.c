// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: parsing of what users write.
 *
 * Each write(2) is parsed on its own: a write is one command, and a
 * command split over two writes is two bad commands.  Every rejection
 * returns a fixed errno and logs one line naming the file, the reason and
 * the errno (vet_reject()); Documentation/module.rst has the table.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "tdx_ve_test.h"

/**
 * vet_copy_input - copy one write into a NUL-terminated buffer
 * @file:	file name for the log line
 * @ubuf:	user buffer
 * @len:	its length
 * @buf:	VET_MAX_INPUT + 1 bytes
 *
 * Only printable ASCII, tabs and newlines are accepted.
 *
 * Return: 0 or a negative errno.
 */
int vet_copy_input(const char *file, const char __user *ubuf, size_t len,
		   char *buf)
{
	size_t i;

	if (!len) {
		vet_reject(file, -EINVAL, "empty write");
		return -EINVAL;
	}
	if (len > VET_MAX_INPUT) {
		vet_reject(file, -E2BIG, "input of %zu bytes exceeds %d", len,
			   VET_MAX_INPUT);
		return -E2BIG;
	}
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';

	for (i = 0; i < len; i++) {
		u8 c = buf[i];

		if ((c < 0x20 || c > 0x7e) && c != '\t' && c != '\n') {
			vet_reject(file, -EINVAL, "non-printable byte 0x%02x at %zu",
				   c, i);
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * vet_parse_count - parse N: decimal digits only, 1..VET_MAX_COUNT
 * @file:	file name for the log line
 * @tok:	the token
 * @count:	parsed N
 *
 * Return: 0 or a negative errno.
 */
int vet_parse_count(const char *file, const char *tok, u32 *count)
{
	unsigned long long val;
	const char *p;

	if (tok[0] == '-' && isdigit(tok[1])) {
		vet_reject(file, -ERANGE, "negative count '%s'", tok);
		return -ERANGE;
	}
	for (p = tok; *p; p++) {
		if (!isdigit(*p)) {
			vet_reject(file, -EINVAL, "count '%s' is not a decimal number",
				   tok);
			return -EINVAL;
		}
	}
	if (kstrtoull(tok, 10, &val)) {
		vet_reject(file, -ERANGE, "count '%s' overflows", tok);
		return -ERANGE;
	}
	if (!val) {
		vet_reject(file, -ERANGE, "count must be at least 1");
		return -ERANGE;
	}
	if (val > VET_MAX_COUNT) {
		vet_reject(file, -ERANGE, "count %llu above maximum %u", val,
			   VET_MAX_COUNT);
		return -ERANGE;
	}
	*count = val;
	return 0;
}

/**
 * vet_parse_run - parse "name N", as written to the run file
 * @file:	file name for the log line
 * @buf:	NUL-terminated input, modified in place
 * @name:	the trigger name is copied here
 * @name_len:	size of @name
 * @count:	parsed N
 *
 * Return: 0 or a negative errno.
 */
int vet_parse_run(const char *file, char *buf, char *name, size_t name_len,
		  u32 *count)
{
	char *s = strim(buf);
	char *tok, *num;

	if (!*s) {
		vet_reject(file, -EINVAL, "empty input");
		return -EINVAL;
	}
	tok = strsep(&s, " \t");
	s = s ? skip_spaces(s) : NULL;
	if (!s || !*s) {
		vet_reject(file, -EINVAL, "missing count after '%s'", tok);
		return -EINVAL;
	}
	if (strscpy(name, tok, name_len) < 0) {
		vet_reject(file, -EINVAL, "trigger name too long");
		return -EINVAL;
	}
	num = strsep(&s, " \t");
	if (s && *skip_spaces(s)) {
		vet_reject(file, -EINVAL, "trailing junk after count '%s'", num);
		return -EINVAL;
	}
	return vet_parse_count(file, num, count);
}

/**
 * vet_parse_go - parse the "1" that starts the selftest
 * @file:	file name for the log line
 * @buf:	NUL-terminated input, modified in place
 *
 * Return: 0 or -EINVAL.
 */
int vet_parse_go(const char *file, char *buf)
{
	char *s = strim(buf);

	if (strcmp(s, "1")) {
		vet_reject(file, -EINVAL, "write 1 to run the selftest, not '%s'", s);
		return -EINVAL;
	}
	return 0;
}
