// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: the stats file, a table of the kernel's #VE counters.
 *
 * tdx_ve_stats_read() is looked up with symbol_get() on every read, so the
 * module loads (and says why there are no numbers) on a kernel without the
 * tdx-ve series, and builds against one without <asm/tdx_ve.h>.
 */
#define pr_fmt(fmt) "tdx_ve_test: " fmt

#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "tdx_ve_test.h"

/**
 * tdx_ve_stats_snapshot - read the kernel's #VE counters
 * @s: filled with the sum over all CPUs plus the early counts
 *
 * Return: 0, or -EOPNOTSUPP when the kernel lacks the tdx-ve series.
 */
int tdx_ve_stats_snapshot(struct tdx_ve_stats *s)
{
#if TDX_VE_TEST_HAVE_API
	void (*read)(struct tdx_ve_stats *sum) = symbol_get(tdx_ve_stats_read);

	if (read) {
		read(s);
		symbol_put(tdx_ve_stats_read);
		return 0;
	}
#endif
	return -EOPNOTSUPP;
}

static int tdx_ve_stats_show(struct seq_file *m, void *v)
{
	struct tdx_ve_stats *s;
	int p, c, r;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	if (tdx_ve_stats_snapshot(s)) {
		seq_puts(m, "stats: not available (kernel lacks the tdx-ve series)\n");
		goto out;
	}

	seq_puts(m, "path");
	for (c = 0; c < TDX_VE_NR_CONTEXTS; c++)
		for (r = 0; r < TDX_VE_NR_RESULTS; r++)
			seq_printf(m, " %s_%s", tdx_ve_context_name(c),
				   tdx_ve_result_name(r));
	seq_putc(m, '\n');

	for (p = 0; p < TDX_VE_NR_PATHS; p++) {
		seq_puts(m, tdx_ve_path_name(p));
		for (c = 0; c < TDX_VE_NR_CONTEXTS; c++)
			for (r = 0; r < TDX_VE_NR_RESULTS; r++)
				seq_printf(m, " %llu", s->count[p][c][r]);
		seq_putc(m, '\n');
	}
out:
	kfree(s);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tdx_ve_stats);

void tdx_ve_stats_create(struct dentry *dir)
{
	debugfs_create_file("stats", 0444, dir, NULL, &tdx_ve_stats_fops);
}
