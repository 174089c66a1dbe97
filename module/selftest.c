// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: the selftest file.  Opening it runs the parser cases and
 * every trigger once with a small count; reading returns the KTAP
 * version 1 report built at open time.
 */
#define pr_fmt(fmt) "tdx_ve_test: " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>

#include "tdx_ve_test.h"

#define TDX_VE_SELFTEST_BUF	(32 * 1024)
#define TDX_VE_SELFTEST_COUNT	16
#define TDX_VE_NO_STATS		"stats: not available (kernel lacks the tdx-ve series)"

/* Parser cases: input, errno expected (0: accepted with @count). */
static const struct {
	const char *label;
	const char *in;
	bool named;
	int err;
	u32 count;
} tdx_ve_parse_cases[] = {
	{ "parse_plain",	"1000\n",		false, 0, 1000 },
	{ "parse_named",	"io_in8 7\n",		true,  0, 7 },
	{ "parse_max",		"10000000",		false, 0, TDX_VE_MAX_COUNT },
	{ "parse_empty",	"\n",			false, -EINVAL },
	{ "parse_garbage",	"abc",			false, -EINVAL },
	{ "parse_negative",	"-5",			false, -ERANGE },
	{ "parse_zero",		"0",			false, -ERANGE },
	{ "parse_huge",		"10000001",		false, -ERANGE },
	{ "parse_overflow",	"99999999999999999999999", false, -ERANGE },
	{ "parse_hex",		"0x10",			false, -EINVAL },
	{ "parse_trailing",	"10 20",		false, -EINVAL },
	{ "parse_missing_count", "io_in8",		true,  -EINVAL },
};

struct tdx_ve_ktap {
	struct seq_buf sb;
	unsigned int n;
};

static void tdx_ve_ktap_result(struct tdx_ve_ktap *k, int err,
			       const char *name, const char *skip)
{
	k->n++;
	if (skip)
		seq_buf_printf(&k->sb, "ok %u %s # SKIP %s\n", k->n, name, skip);
	else
		seq_buf_printf(&k->sb, "%s %u %s\n", err ? "not ok" : "ok",
			       k->n, name);
}

static void tdx_ve_selftest_parser(struct tdx_ve_ktap *k)
{
	char buf[TDX_VE_MAX_INPUT + 1], name[TDX_VE_NAME_LEN];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tdx_ve_parse_cases); i++) {
		u32 count = 0;
		int ret;

		strscpy(buf, tdx_ve_parse_cases[i].in);
		ret = tdx_ve_parse_buf(NULL, buf,
				       tdx_ve_parse_cases[i].named ? name : NULL,
				       sizeof(name), &count);
		if (ret != tdx_ve_parse_cases[i].err ||
		    (!ret && count != tdx_ve_parse_cases[i].count)) {
			seq_buf_printf(&k->sb, "# %s - got %d count %u\n",
				       tdx_ve_parse_cases[i].label, ret, count);
			ret = -EIO;
		} else {
			ret = 0;
		}
		tdx_ve_ktap_result(k, ret, tdx_ve_parse_cases[i].label, NULL);
	}
}

static void tdx_ve_selftest_trigger(struct tdx_ve_ktap *k,
				    const struct tdx_ve_trigger *t,
				    struct tdx_ve_report *res)
{
	u32 count = t->max_count ? min(t->max_count, 2U) : TDX_VE_SELFTEST_COUNT;
	int ret;

	if (tdx_ve_trigger_allowed(t)) {
		tdx_ve_ktap_result(k, 0, t->name, t->flags & TDX_VE_F_HLT ?
				   "needs hlt=1" : "needs allow_failing=1");
		return;
	}
	ret = tdx_ve_run_trigger(t, count, res);
	if (ret == -ENODEV || ret == -EOPNOTSUPP) {
		tdx_ve_ktap_result(k, 0, t->name, res->status);
		return;
	}
	seq_buf_printf(&k->sb, "# %s - %s, data %s, #VE %s\n", t->name,
		       res->status, res->data_check, res->ve_check);
	tdx_ve_ktap_result(k, ret, t->name, NULL);
}

/* Counters must never go backwards across the trigger runs. */
static void tdx_ve_selftest_monotonic(struct tdx_ve_ktap *k,
				      struct tdx_ve_stats *s0,
				      bool have_s0)
{
	struct tdx_ve_stats *s1 = kzalloc(sizeof(*s1), GFP_KERNEL);
	const u64 *a = &s0->count[0][0][0], *b;
	int err = 0;
	size_t i;

	if (!have_s0 || !s1 || tdx_ve_stats_snapshot(s1)) {
		tdx_ve_ktap_result(k, 0, "stats_monotonic",
				   s1 ? TDX_VE_NO_STATS : "out of memory");
		kfree(s1);
		return;
	}
	b = &s1->count[0][0][0];
	for (i = 0; i < sizeof(*s1) / sizeof(u64); i++) {
		if (b[i] < a[i]) {
			seq_buf_printf(&k->sb, "# counter %zu went back: %llu -> %llu\n",
				       i, a[i], b[i]);
			err = -EIO;
		}
	}
	tdx_ve_ktap_result(k, err, "stats_monotonic", NULL);
	kfree(s1);
}

static void tdx_ve_selftest_run(struct tdx_ve_ktap *k, struct tdx_ve_stats *s0,
				struct tdx_ve_report *res)
{
	unsigned int total = ARRAY_SIZE(tdx_ve_parse_cases) + 2;
	bool have_stats;
	size_t c, i;

	for (c = 0; c < tdx_ve_nr_categories; c++)
		total += tdx_ve_categories[c]->len;

	seq_buf_puts(&k->sb, "KTAP version 1\n");
	seq_buf_printf(&k->sb, "# tdx_ve_test selftest: tdx_guest=%d\n",
		       tdx_ve_is_tdx_guest());
	seq_buf_printf(&k->sb, "1..%u\n", total);

	have_stats = !tdx_ve_stats_snapshot(s0);
	tdx_ve_ktap_result(k, 0, "stats_api", have_stats ? NULL : TDX_VE_NO_STATS);
	tdx_ve_selftest_parser(k);
	for (c = 0; c < tdx_ve_nr_categories; c++)
		for (i = 0; i < tdx_ve_categories[c]->len; i++)
			tdx_ve_selftest_trigger(k, &tdx_ve_categories[c]->triggers[i],
						res);
	tdx_ve_selftest_monotonic(k, s0, have_stats);
}

static int tdx_ve_selftest_open(struct inode *inode, struct file *file)
{
	struct tdx_ve_report *res;
	struct tdx_ve_stats *s0;
	struct tdx_ve_ktap *k;
	char *buf;
	int ret = -ENOMEM;

	k = kzalloc(sizeof(*k), GFP_KERNEL);
	res = kzalloc(sizeof(*res), GFP_KERNEL);
	s0 = kzalloc(sizeof(*s0), GFP_KERNEL);
	buf = kvzalloc(TDX_VE_SELFTEST_BUF, GFP_KERNEL);
	if (k && res && s0 && buf) {
		seq_buf_init(&k->sb, buf, TDX_VE_SELFTEST_BUF);
		tdx_ve_selftest_run(k, s0, res);
		if (seq_buf_has_overflowed(&k->sb)) {
			ret = -EOVERFLOW;
		} else {
			/* The report stays with the open file. */
			file->private_data = k;
			k = NULL;
			buf = NULL;
			ret = 0;
		}
	}
	kvfree(buf);
	kfree(s0);
	kfree(res);
	kfree(k);
	return ret;
}

static ssize_t tdx_ve_selftest_read(struct file *file, char __user *ubuf,
				    size_t len, loff_t *ppos)
{
	struct tdx_ve_ktap *k = file->private_data;

	return simple_read_from_buffer(ubuf, len, ppos, k->sb.buffer,
				       seq_buf_used(&k->sb));
}

static int tdx_ve_selftest_release(struct inode *inode, struct file *file)
{
	struct tdx_ve_ktap *k = file->private_data;

	kvfree(k->sb.buffer);
	kfree(k);
	return 0;
}

static const struct file_operations tdx_ve_selftest_fops = {
	.owner = THIS_MODULE,
	.open = tdx_ve_selftest_open,
	.read = tdx_ve_selftest_read,
	.llseek = default_llseek,
	.release = tdx_ve_selftest_release,
};

void tdx_ve_selftest_create(struct dentry *dir)
{
	debugfs_create_file("selftest", 0400, dir, NULL, &tdx_ve_selftest_fops);
}
