// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: debugfs files, dispatcher and module init.
 *
 * /sys/kernel/debug/tdx/
 *	stats		#VE counters (stats.c)
 *	info		key/value facts for scripts
 *	list		one line per trigger
 *	run		write "name N", read the last run of any trigger
 *	trigger/<name>	write "N", read that trigger's last run
 *	selftest	read: KTAP report of every safe trigger (selftest.c)
 *
 * Documentation/module.rst describes the formats and the errno table.
 */
#define pr_fmt(fmt) "tdx_ve_test: " fmt

#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <asm/cpufeature.h>
#include <asm/tsc.h>

#include "tdx_ve_test.h"

/* Serialises trigger runs, results and the device mappings. */
DEFINE_MUTEX(tdx_ve_lock);

bool tdx_ve_param_hlt;
module_param_named(hlt, tdx_ve_param_hlt, bool, 0444);
MODULE_PARM_DESC(hlt, "Enable the HLT trigger (default: off)");

bool tdx_ve_param_allow_failing;
module_param_named(allow_failing, tdx_ve_param_allow_failing, bool, 0444);
MODULE_PARM_DESC(allow_failing,
		 "Enable triggers the TDX #VE handler refuses (default: off)");

const struct tdx_ve_category *const tdx_ve_categories[] = {
	&tdx_ve_io_category,
	&tdx_ve_mmio_category,
	&tdx_ve_cpuid_category,
	&tdx_ve_msr_category,
	&tdx_ve_hlt_category,
	&tdx_ve_fail_category,
};

const size_t tdx_ve_nr_categories = ARRAY_SIZE(tdx_ve_categories);

/* A trigger and the result of its last run (protected by tdx_ve_lock). */
struct tdx_ve_node {
	const struct tdx_ve_trigger *trig;
	const struct tdx_ve_category *cat;
	struct tdx_ve_report res;
};

static struct tdx_ve_node *tdx_ve_nodes;
static size_t tdx_ve_nr_nodes;
static struct tdx_ve_node *tdx_ve_last;
static struct dentry *tdx_ve_dir;

static const char *const tdx_ve_target_names[] = {
	[TDX_VE_TGT_NONE] = "cpu",
	[TDX_VE_TGT_EDU] = "edu",
	[TDX_VE_TGT_TDEV_MMIO] = "pci-testdev-mmio",
	[TDX_VE_TGT_TDEV_IO] = "pci-testdev-io",
};

bool tdx_ve_is_tdx_guest(void)
{
	return cpu_feature_enabled(X86_FEATURE_TDX_GUEST);
}

/* Opt-in checks: -EPERM when a module parameter must enable @t. */
int tdx_ve_trigger_allowed(const struct tdx_ve_trigger *t)
{
	if ((t->flags & TDX_VE_F_HLT) && !tdx_ve_param_hlt)
		return -EPERM;
	if ((t->flags & TDX_VE_F_FAILING) && !tdx_ve_param_allow_failing)
		return -EPERM;
	return 0;
}

static struct tdx_ve_node *tdx_ve_find_node(const char *name)
{
	size_t i;

	for (i = 0; i < tdx_ve_nr_nodes; i++)
		if (!strcmp(tdx_ve_nodes[i].trig->name, name))
			return &tdx_ve_nodes[i];
	return NULL;
}

const struct tdx_ve_trigger *tdx_ve_find(const char *name)
{
	struct tdx_ve_node *node = tdx_ve_find_node(name);

	return node ? node->trig : NULL;
}

static void tdx_ve_show_pct(struct seq_file *m, const char *key,
			    const struct tdx_ve_pct *p)
{
	seq_printf(m, "%s: min %llu p50 %llu p99 %llu max %llu\n",
		   key, p->min, p->p50, p->p99, p->max);
}

/* Read-back of one trigger's last run; the caller holds tdx_ve_lock. */
static void tdx_ve_show_result(struct seq_file *m,
			       const struct tdx_ve_node *node)
{
	const struct tdx_ve_trigger *t = node->trig;
	const struct tdx_ve_report *r = &node->res;

	seq_printf(m, "name: %s\n", t->name);
	seq_printf(m, "path: %s\n", tdx_ve_path_name(t->path));
	seq_printf(m, "target: %s\n", tdx_ve_target_names[t->target]);
	seq_printf(m, "what: %s\n", t->what);
	if (!r->valid) {
		seq_puts(m, "status: not run\n");
		return;
	}
	seq_printf(m, "status: %s\n", r->status);
	seq_printf(m, "count: %llu\n", r->count);
	seq_printf(m, "done: %llu\n", r->done);
	seq_printf(m, "faults: %llu\n", r->faults);
	if (r->ve_known)
		seq_printf(m, "ve_delta: handled %llu failed_vmm %llu failed_guest %llu\n",
			   r->ve_handled, r->ve_failed_vmm, r->ve_failed_guest);
	else
		seq_puts(m, "ve_delta: n/a\n");
	seq_printf(m, "ve_check: %s\n", r->ve_check);
	seq_printf(m, "data_check: %s\n", r->data_check);
	seq_printf(m, "samples: %u\n", r->samples);
	seq_printf(m, "tsc_khz: %u\n", tsc_khz);
	tdx_ve_show_pct(m, "cycles", &r->cycles);
	tdx_ve_show_pct(m, "overhead_cycles", &r->overhead);
	tdx_ve_show_pct(m, "net_ns", &r->net_ns);
}

static int tdx_ve_trigger_show(struct seq_file *m, void *v)
{
	struct tdx_ve_node *node = m->private;

	if (mutex_lock_interruptible(&tdx_ve_lock))
		return -EINTR;
	if (!node)
		node = tdx_ve_last;
	if (node)
		tdx_ve_show_result(m, node);
	else
		seq_puts(m, "status: not run\n");
	mutex_unlock(&tdx_ve_lock);
	return 0;
}

static int tdx_ve_trigger_open(struct inode *inode, struct file *file)
{
	return single_open(file, tdx_ve_trigger_show, inode->i_private);
}

/* Checks, run, and bookkeeping shared by trigger/<name> and run. */
static ssize_t tdx_ve_fire(const char *file, struct tdx_ve_node *node,
			   u32 count, size_t len)
{
	struct tdx_ve_report *res;
	int ret;

	ret = tdx_ve_check_count(file, node->trig, count);
	if (ret)
		return ret;

	/* Run into a private copy so readers never see a half-done run. */
	res = kzalloc(sizeof(*res), GFP_KERNEL);
	if (!res)
		return -ENOMEM;
	ret = tdx_ve_run_trigger(node->trig, count, res);
	if (ret == -ENODEV)
		pr_err_ratelimited("%s: no test device for %s\n", file,
				   node->trig->name);
	if (res->valid) {
		mutex_lock(&tdx_ve_lock);
		node->res = *res;
		tdx_ve_last = node;
		mutex_unlock(&tdx_ve_lock);
	}
	kfree(res);
	return ret ? ret : len;
}

static ssize_t tdx_ve_trigger_write(struct file *file, const char __user *ubuf,
				    size_t len, loff_t *ppos)
{
	struct tdx_ve_node *node = file_inode(file)->i_private;
	u32 count;
	int ret;

	ret = tdx_ve_parse(node->trig->name, ubuf, len, NULL, 0, &count);
	if (ret)
		return ret;
	return tdx_ve_fire(node->trig->name, node, count, len);
}

static ssize_t tdx_ve_run_write(struct file *file, const char __user *ubuf,
				size_t len, loff_t *ppos)
{
	char name[TDX_VE_NAME_LEN];
	struct tdx_ve_node *node;
	u32 count;
	int ret;

	ret = tdx_ve_parse("run", ubuf, len, name, sizeof(name), &count);
	if (ret)
		return ret;
	node = tdx_ve_find_node(name);
	if (!node) {
		pr_err_ratelimited("run: unknown trigger '%s'\n", name);
		return -EINVAL;
	}
	return tdx_ve_fire("run", node, count, len);
}

static const struct file_operations tdx_ve_trigger_fops = {
	.owner = THIS_MODULE,
	.open = tdx_ve_trigger_open,
	.read = seq_read,
	.write = tdx_ve_trigger_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static const struct file_operations tdx_ve_run_fops = {
	.owner = THIS_MODULE,
	.open = tdx_ve_trigger_open,
	.read = seq_read,
	.write = tdx_ve_run_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* list: "name category path target ve_per_op expected_result enabled" */
static int tdx_ve_list_show(struct seq_file *m, void *v)
{
	static const char *const results[] = {
		[TDX_VE_HANDLED] = "handled",
		[TDX_VE_FAILED_VMM] = "failed_vmm",
		[TDX_VE_FAILED_GUEST] = "failed_guest",
	};
	size_t i;

	seq_puts(m, "name category path target ve_per_op ve_result enabled\n");
	for (i = 0; i < tdx_ve_nr_nodes; i++) {
		const struct tdx_ve_trigger *t = tdx_ve_nodes[i].trig;

		seq_printf(m, "%s %s %s %s %u %s %d\n", t->name,
			   tdx_ve_nodes[i].cat->name, tdx_ve_path_name(t->path),
			   tdx_ve_target_names[t->target], t->ve_per_op,
			   results[t->ve_result], !tdx_ve_trigger_allowed(t));
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tdx_ve_list);

/* info: "key value" lines for scripts. */
static int tdx_ve_info_show(struct seq_file *m, void *v)
{
	struct tdx_ve_stats *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	seq_printf(m, "tdx_guest %d\n", tdx_ve_is_tdx_guest());
	seq_printf(m, "stats_api %d\n", !tdx_ve_stats_snapshot(s));
	seq_printf(m, "tsc_khz %u\n", tsc_khz);
	seq_printf(m, "hlt %d\n", tdx_ve_param_hlt);
	seq_printf(m, "allow_failing %d\n", tdx_ve_param_allow_failing);
	kfree(s);
	if (mutex_lock_interruptible(&tdx_ve_lock))
		return -EINTR;
	seq_printf(m, "edu %s\n", tdx_ve_targets.edu_name);
	seq_printf(m, "pci_testdev %s\n", tdx_ve_targets.tdev_name);
	mutex_unlock(&tdx_ve_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tdx_ve_info);

static int tdx_ve_nodes_init(void)
{
	size_t c, i, n = 0;

	for (c = 0; c < tdx_ve_nr_categories; c++)
		n += tdx_ve_categories[c]->len;
	tdx_ve_nodes = kcalloc(n, sizeof(*tdx_ve_nodes), GFP_KERNEL);
	if (!tdx_ve_nodes)
		return -ENOMEM;
	for (c = 0; c < tdx_ve_nr_categories; c++) {
		for (i = 0; i < tdx_ve_categories[c]->len; i++) {
			tdx_ve_nodes[tdx_ve_nr_nodes].cat = tdx_ve_categories[c];
			tdx_ve_nodes[tdx_ve_nr_nodes++].trig =
				&tdx_ve_categories[c]->triggers[i];
		}
	}
	return 0;
}

static int tdx_ve_debugfs_init(void)
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
	tdx_ve_dir = debugfs_create_dir("tdx", NULL);
	if (IS_ERR(tdx_ve_dir)) {
		pr_err("cannot create debugfs directory tdx/\n");
		return PTR_ERR(tdx_ve_dir);
	}

	tdx_ve_stats_create(tdx_ve_dir);
	tdx_ve_selftest_create(tdx_ve_dir);
	debugfs_create_file("info", 0444, tdx_ve_dir, NULL, &tdx_ve_info_fops);
	debugfs_create_file("list", 0444, tdx_ve_dir, NULL, &tdx_ve_list_fops);
	debugfs_create_file("run", 0600, tdx_ve_dir, NULL, &tdx_ve_run_fops);
	dir = debugfs_create_dir("trigger", tdx_ve_dir);
	for (i = 0; i < tdx_ve_nr_nodes; i++)
		debugfs_create_file(tdx_ve_nodes[i].trig->name, 0600, dir,
				    &tdx_ve_nodes[i], &tdx_ve_trigger_fops);
	return 0;
}

static int __init tdx_ve_test_init(void)
{
	int ret;

	ret = tdx_ve_nodes_init();
	if (ret)
		return ret;
	ret = tdx_ve_targets_init();
	if (ret)
		goto free_nodes;
	ret = tdx_ve_debugfs_init();
	if (ret)
		goto targets;
	pr_info("loaded: tdx_guest=%d stats_api=%d edu=%s pci-testdev=%s\n",
		tdx_ve_is_tdx_guest(), TDX_VE_TEST_HAVE_API,
		tdx_ve_targets.edu_name, tdx_ve_targets.tdev_name);
	return 0;

targets:
	tdx_ve_targets_exit();
free_nodes:
	kfree(tdx_ve_nodes);
	return ret;
}

static void __exit tdx_ve_test_exit(void)
{
	/* Waits for readers and writers still inside our file operations. */
	debugfs_remove_recursive(tdx_ve_dir);
	tdx_ve_targets_exit();
	kfree(tdx_ve_nodes);
}

module_init(tdx_ve_test_init);
module_exit(tdx_ve_test_exit);

MODULE_DESCRIPTION("Fire and account TDX #VE-raising instructions");
MODULE_AUTHOR("tdx-ve project");
MODULE_LICENSE("GPL");
