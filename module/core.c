// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: the debugfs face, the module parameters, init and exit.
 *
 * /sys/kernel/debug/tdx/
 *	stats		0444 #VE counters and where they come from
 *	emu_stats	0444 the emulated TD's ground truth, if this is one
 *	info		0444 key/value facts for scripts
 *	list		0444 every trigger: its paths, target, whether it runs here
 *	run		0200 write "name N" to run a trigger N times
 *	selftest	0200 write "1" to run the KTAP selftest
 *	result/<name>	0444 the last run of a trigger
 *	result/last	0444 the last run of any trigger
 *	result/selftest	0444 the last selftest report
 *
 * Under kernel lockdown debugfs refuses to open any file with a write bit,
 * so run and selftest cannot be used; every result is in a read-only file,
 * and the module parameters run= and selftest=1 do the same at load time.
 * Documentation/module.rst describes the formats and the errno table.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/security.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <asm/tsc.h>

#include "tdx_ve_test.h"

static char *vet_param_run;
module_param_named(run, vet_param_run, charp, 0444);
MODULE_PARM_DESC(run, "Runs at load time: name:N[,name:N...] (results in result/)");

static bool vet_param_selftest;
module_param_named(selftest, vet_param_selftest, bool, 0444);
MODULE_PARM_DESC(selftest, "Run the selftest at load time (report in result/selftest)");

static struct dentry *vet_dir;
static bool vet_locked_down;

/* stats -------------------------------------------------------------- */

static int vet_stats_show(struct seq_file *m, void *v)
{
	struct vet_counts *s = kzalloc(sizeof(*s), GFP_KERNEL);
	int p, c, r;

	if (!s)
		return -ENOMEM;
	if (vet_counters_read_all(s)) {
		seq_printf(m, "stats: not available (%s)\n", vet_counters_why_none());
		goto out;
	}
	seq_printf(m, "# source: %s, missed %llu\n", vet_counters_describe(),
		   vet_counters_missed());
	seq_puts(m, "path");
	for (c = 0; c < VET_NR_CONTEXTS; c++)
		for (r = 0; r < VET_NR_RESULTS; r++)
			seq_printf(m, " %s_%s", vet_context_names[c],
				   vet_result_names[r]);
	seq_putc(m, '\n');
	for (p = 0; p < VET_NR_PATHS; p++) {
		seq_puts(m, vet_path_names[p]);
		for (c = 0; c < VET_NR_CONTEXTS; c++)
			for (r = 0; r < VET_NR_RESULTS; r++)
				seq_printf(m, " %llu", s->n[p][c][r]);
		seq_putc(m, '\n');
	}
out:
	kfree(s);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vet_stats);

/* emu_stats ------------------------------------------------------------ */

static const char *vet_emu_class_name(unsigned int cls)
{
	return cls == VET_EMU_MMIO_PRIVATE ? "mmio_private" : vet_path_names[cls];
}

static int vet_emu_stats_show(struct seq_file *m, void *v)
{
	const unsigned int per = VET_EMU_NR_CLASSES * VET_EMU_NR_CONTEXTS;
	unsigned int vcpus, i, c;
	const char *why;
	u64 *vals;
	int n;

	if (vet_emu_detect(&why)) {
		seq_printf(m, "not an emulated TD (%s)\n", why);
		return 0;
	}
	vcpus = vet_emu_nr_vcpus();
	vals = kvcalloc(vcpus, per * sizeof(*vals), GFP_KERNEL);
	if (!vals)
		return -ENOMEM;
	n = vet_emu_read_all(vals, vcpus);
	if (n < 0) {
		seq_printf(m, "not an emulated TD (%pe)\n", ERR_PTR(n));
		goto out;
	}
	seq_printf(m, "# emulated TD: %u vCPUs, #VEs injected per class\n", vcpus);
	seq_puts(m, "vcpu class kernel user\n");
	for (i = 0; i < n; i++)
		for (c = 0; c < VET_EMU_NR_CLASSES; c++)
			seq_printf(m, "%u %s %llu %llu\n", i, vet_emu_class_name(c),
				   vals[i * per + c * VET_EMU_NR_CONTEXTS],
				   vals[i * per + c * VET_EMU_NR_CONTEXTS + 1]);
out:
	kvfree(vals);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vet_emu_stats);

/* info and list --------------------------------------------------------- */

static int vet_info_show(struct seq_file *m, void *v)
{
	static const char *const sources[] = {
		[VET_SRC_NONE] = "none",
		[VET_SRC_KERNEL] = "kernel",
		[VET_SRC_PROBE] = "probe",
	};
	static const enum vet_target shown[] = {
		VET_TGT_PCI_CFG, VET_TGT_PCI_ECAM, VET_TGT_PM_TIMER,
		VET_TGT_EDU, VET_TGT_TDEV_IO,
	};
	char buf[48];
	size_t i;

	seq_printf(m, "tdx_guest %d\n", vet_is_tdx_guest());
	seq_printf(m, "counters %s\n", sources[vet_counters_source()]);
	seq_printf(m, "counters_missed %llu\n", vet_counters_missed());
	seq_printf(m, "lockdown_debugfs %s\n", vet_locked_down ? "restricted" : "open");
	seq_printf(m, "tsc_khz %u\n", tsc_khz);
	seq_printf(m, "budget_ms %u\n", vet_budget_ms());
	seq_printf(m, "hlt %d\n", vet_param_hlt());
	seq_printf(m, "allow_failing %d\n", vet_param_allow_failing());
	for (i = 0; i < ARRAY_SIZE(shown); i++) {
		vet_target_describe(shown[i], buf, sizeof(buf));
		seq_printf(m, "%s %s\n", vet_target_names[shown[i]], buf);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vet_info);

/* "name category paths target runs_here why" */
static int vet_list_show(struct seq_file *m, void *v)
{
	char paths[64];
	const char *why;
	size_t i;

	seq_puts(m, "name category paths target runs_here why\n");
	for (i = 0; i < vet_nr_triggers(); i++) {
		const struct vet_trigger *t = vet_trigger_at(i);
		bool runs = !vet_runnable(t, &why);

		vet_trigger_paths(t, paths, sizeof(paths));
		seq_printf(m, "%s %s %s %s %s %s\n", t->name, vet_category_of(i),
			   paths, vet_target_names[t->target], runs ? "yes" : "no",
			   runs ? "-" : why);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vet_list);

/* result/ ------------------------------------------------------------ */

static void vet_show_pct(struct seq_file *m, const char *key,
			 const struct vet_pct *p)
{
	seq_printf(m, "%s: min %llu p50 %llu p90 %llu p99 %llu p99.9 %llu max %llu\n",
		   key, p->min, p->p50, p->p90, p->p99, p->p999, p->max);
}

static void vet_show_net(struct seq_file *m, const struct vet_report *r)
{
	u64 oh = r->null_cycles.p50;

	seq_printf(m, "net_ns: p50 %llu p90 %llu p99 %llu p99.9 %llu\n",
		   vet_cycles_to_ns(r->cycles.p50 - min(oh, r->cycles.p50)),
		   vet_cycles_to_ns(r->cycles.p90 - min(oh, r->cycles.p90)),
		   vet_cycles_to_ns(r->cycles.p99 - min(oh, r->cycles.p99)),
		   vet_cycles_to_ns(r->cycles.p999 - min(oh, r->cycles.p999)));
}

static void vet_show_delta(struct seq_file *m, const struct vet_report *r)
{
	bool any = false;
	int p, x;

	seq_puts(m, "ve_delta:");
	for (p = 0; p < VET_NR_PATHS; p++)
		for (x = 0; x < VET_NR_RESULTS; x++)
			if (r->delta[p][x]) {
				seq_printf(m, " %s %s %llu", vet_path_names[p],
					   vet_result_names[x], r->delta[p][x]);
				any = true;
			}
	seq_puts(m, any ? "\n" : " none\n");
}

static void vet_show_result(struct seq_file *m, const struct vet_trigger *t,
			    const struct vet_report *r)
{
	const char *why;
	char buf[64];

	vet_trigger_paths(t, buf, sizeof(buf));
	seq_printf(m, "name: %s\n", t->name);
	seq_printf(m, "paths: %s\n", buf);
	seq_printf(m, "target: %s\n", vet_target_names[t->target]);
	seq_printf(m, "what: %s\n", t->what);
	seq_printf(m, "runs_here: %s\n",
		   vet_runnable(t, &why) ? why : "yes");
	if (!r->valid) {
		seq_puts(m, "status: not run\n");
		return;
	}
	seq_printf(m, "status: %s\n", r->status);
	seq_printf(m, "count: %llu\n", r->count);
	seq_printf(m, "done: %llu\n", r->done);
	seq_printf(m, "warmup: %llu\n", r->warmup);
	seq_printf(m, "faults: %llu\n", r->faults);
	seq_printf(m, "cpu: %d\n", r->cpu);
	seq_printf(m, "elapsed_ms: %llu\n", div_u64(r->elapsed_ns, NSEC_PER_MSEC));
	seq_printf(m, "ve_source: %s\n", r->source == VET_SRC_KERNEL ? "kernel" :
		   r->source == VET_SRC_PROBE ? "probe" : "none");
	vet_show_delta(m, r);
	seq_printf(m, "ve_clean: %llu of %llu\n", r->clean, r->done);
	seq_printf(m, "ve_check: %s\n", r->ve_check);
	seq_printf(m, "data_check: %s\n", r->data_check);
	seq_printf(m, "null_ve_dirty: %llu\n", r->null_dirty);
	seq_printf(m, "tsc_khz: %u\n", tsc_khz);
	vet_show_pct(m, "cycles", &r->cycles);
	vet_show_pct(m, "null_cycles", &r->null_cycles);
	vet_show_net(m, r);
}

static int vet_result_show(struct seq_file *m, void *v)
{
	const struct vet_trigger *t = m->private;
	struct vet_report *r = kzalloc(sizeof(*r), GFP_KERNEL);
	int ret = 0;

	if (!r)
		return -ENOMEM;
	if (t)
		ret = vet_result_get(t, r);
	else
		t = vet_result_last(r);
	if (!ret && t)
		vet_show_result(m, t, r);
	else if (!ret)
		seq_puts(m, "status: not run\n");
	kfree(r);
	return ret;
}
DEFINE_SHOW_ATTRIBUTE(vet_result);

static int vet_report_show(struct seq_file *m, void *v)
{
	return vet_selftest_show(m);
}
DEFINE_SHOW_ATTRIBUTE(vet_report);

/* run and selftest ------------------------------------------------------ */

/* Checks a user's run, with one log line per refusal, then runs it. */
static int vet_fire(const char *file, const char *name, u32 count)
{
	const struct vet_trigger *t = vet_trigger_find(name);
	const char *why;
	int ret;

	if (!t) {
		vet_reject(file, -EINVAL, "unknown trigger '%s'", name);
		return -EINVAL;
	}
	if (t->max_count && count > t->max_count) {
		vet_reject(file, -ERANGE, "count %u above %s maximum %u", count,
			   name, t->max_count);
		return -ERANGE;
	}
	ret = vet_runnable(t, &why);
	if (ret)
		vet_reject(file, ret, "%s: %s", name, why);
	/* Also when it cannot run: its result then says why. */
	return vet_run(t, count, NULL);
}

static ssize_t vet_run_write(struct file *file, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	char buf[VET_MAX_INPUT + 1], name[VET_NAME_LEN];
	u32 count;
	int ret;

	ret = vet_copy_input("run", ubuf, len, buf) ?:
	      vet_parse_run("run", buf, name, sizeof(name), &count) ?:
	      vet_fire("run", name, count);
	return ret ?: len;
}

static const struct file_operations vet_run_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = vet_run_write,
	.llseek = noop_llseek,
};

static ssize_t vet_selftest_write(struct file *file, const char __user *ubuf,
				  size_t len, loff_t *ppos)
{
	char buf[VET_MAX_INPUT + 1];
	int ret;

	ret = vet_copy_input("selftest", ubuf, len, buf) ?:
	      vet_parse_go("selftest", buf) ?:
	      vet_selftest_run();
	return ret ?: len;
}

static const struct file_operations vet_selftest_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = vet_selftest_write,
	.llseek = noop_llseek,
};

/* run=name:N,name:N at load time, one log line per run. */
static void vet_load_runs(const char *param)
{
	char buf[VET_MAX_INPUT + 1], name[VET_NAME_LEN], *item;
	struct vet_report *rep = kzalloc(sizeof(*rep), GFP_KERNEL);
	char *copy = kstrdup(param, GFP_KERNEL), *list = copy;
	const struct vet_trigger *t;
	u32 count;

	while (rep && list && (item = strsep(&list, ","))) {
		if (strscpy(buf, item, sizeof(buf)) < 0) {
			vet_reject("run=", -E2BIG, "item '%.16s...' too long", item);
			continue;
		}
		strreplace(buf, ':', ' ');
		if (vet_parse_run("run=", buf, name, sizeof(name), &count) ||
		    vet_fire("run=", name, count) == -EINVAL)
			continue;
		t = vet_trigger_find(name);
		if (t && !vet_result_get(t, rep))
			pr_info("run=%s:%u: %s; #VE %s; data %s\n", name, count,
				rep->status, rep->ve_check, rep->data_check);
	}
	kfree(copy);
	kfree(rep);
}

/* init and exit ---------------------------------------------------------- */

static int vet_debugfs_init(void)
{
	struct dentry *dir;
	size_t i;

	/* intel/lkvs tdx-compliance uses the same directory. */
	dir = debugfs_lookup("tdx", NULL);
	if (!IS_ERR_OR_NULL(dir)) {
		dput(dir);
		pr_err("debugfs directory tdx/ already exists (tdx-compliance loaded?)\n");
		return -EEXIST;
	}
	vet_dir = debugfs_create_dir("tdx", NULL);
	if (IS_ERR(vet_dir)) {
		pr_err("cannot create debugfs directory tdx/\n");
		return PTR_ERR(vet_dir);
	}
	debugfs_create_file("stats", 0444, vet_dir, NULL, &vet_stats_fops);
	debugfs_create_file("emu_stats", 0444, vet_dir, NULL, &vet_emu_stats_fops);
	debugfs_create_file("info", 0444, vet_dir, NULL, &vet_info_fops);
	debugfs_create_file("list", 0444, vet_dir, NULL, &vet_list_fops);
	debugfs_create_file("run", 0200, vet_dir, NULL, &vet_run_fops);
	debugfs_create_file("selftest", 0200, vet_dir, NULL, &vet_selftest_fops);
	dir = debugfs_create_dir("result", vet_dir);
	for (i = 0; i < vet_nr_triggers(); i++)
		debugfs_create_file(vet_trigger_at(i)->name, 0444, dir,
				    (void *)vet_trigger_at(i), &vet_result_fops);
	debugfs_create_file("last", 0444, dir, NULL, &vet_result_fops);
	debugfs_create_file("selftest", 0444, dir, NULL, &vet_report_fops);
	return 0;
}

static int __init vet_init(void)
{
	char cfg[24], ecam[24];
	int ret;

	ret = vet_tables_init();
	if (ret)
		return ret;
	ret = vet_counters_init();
	if (ret)
		goto tables;
	ret = vet_engine_init();
	if (ret)
		goto counters;
	ret = vet_targets_init();
	if (ret)
		goto engine;
	ret = vet_debugfs_init();
	if (ret)
		goto targets;

	vet_target_describe(VET_TGT_PCI_CFG, cfg, sizeof(cfg));
	vet_target_describe(VET_TGT_PCI_ECAM, ecam, sizeof(ecam));
	pr_info("loaded: tdx_guest=%d counters=%s pci_cfg=%s pci_ecam=%s\n",
		vet_is_tdx_guest(), vet_counters_describe(), cfg, ecam);
	/* Logs "Lockdown: ...: debugfs access is restricted" when it is. */
	vet_locked_down = security_locked_down(LOCKDOWN_DEBUGFS);
	if (vet_locked_down)
		pr_info("lockdown: debugfs files with a write bit cannot be opened: run triggers with the module parameters run=name:N,... and selftest=1, read result/\n");
	if (vet_param_run)
		vet_load_runs(vet_param_run);
	if (vet_param_selftest) {
		ret = vet_selftest_run();
		pr_info("selftest=1: %s (result/selftest)\n",
			ret == -EIO ? "some cases failed" : ret ? "did not run" : "all passed");
	}
	return 0;

targets:
	vet_targets_exit();
engine:
	vet_engine_exit();
counters:
	vet_counters_exit();
tables:
	vet_tables_exit();
	return ret;
}

static void __exit vet_exit(void)
{
	/* Waits for readers and writers still inside our file operations. */
	debugfs_remove_recursive(vet_dir);
	vet_selftest_exit();
	vet_targets_exit();
	vet_engine_exit();
	vet_counters_exit();
	vet_tables_exit();
}

module_init(vet_init);
module_exit(vet_exit);

MODULE_DESCRIPTION("Fire, count and time TDX #VE-raising instructions");
MODULE_AUTHOR("tdx-ve project");
MODULE_LICENSE("GPL");
