// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: where the #VE counts come from.
 *
 *  kernel	the tdx-ve series' optional export, tdx_ve_stats_read() (all
 *		CPUs and the boot counts) and tdx_ve_stats_read_cpu() (one CPU's
 *		per-CPU counters), looked up with __symbol_get() so the module
 *		loads on kernels without them;
 *  probe	the module's own fprobe or kretprobe (probe.c), on any TDX
 *		guest kernel with either;
 *  none	neither: the #VE checks say "unknown".
 *
 * The module parameter counters= picks one (default auto: kernel, else
 * probe).  The kernel's counters are used only when the module was built
 * against <asm/tdx_ve.h>, where ve_abi.h asserts the layout is ours.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "tdx_ve_test.h"

static char *vet_param_counters = "auto";
module_param_named(counters, vet_param_counters, charp, 0444);
MODULE_PARM_DESC(counters,
		 "#VE counter source: auto (kernel, else probe), kernel, probe, none");

#ifdef TDX_VE_TEST_HAVE_HEADER
typedef void (*vet_kread_t)(struct tdx_ve_stats *sum);
typedef void (*vet_kread_cpu_t)(unsigned int cpu, struct tdx_ve_stats *s);

static vet_kread_t vet_kread;
static vet_kread_cpu_t vet_kread_cpu;

static bool vet_kernel_get(void)
{
	vet_kread = (vet_kread_t)__symbol_get("tdx_ve_stats_read");
	vet_kread_cpu = (vet_kread_cpu_t)__symbol_get("tdx_ve_stats_read_cpu");
	if (vet_kread && vet_kread_cpu)
		return true;
	if (vet_kread)
		symbol_put_addr(vet_kread);
	if (vet_kread_cpu)
		symbol_put_addr(vet_kread_cpu);
	vet_kread = NULL;
	vet_kread_cpu = NULL;
	return false;
}

static void vet_kernel_put(void)
{
	symbol_put_addr(vet_kread);
	symbol_put_addr(vet_kread_cpu);
}

static void vet_kernel_read(struct vet_counts *sum)
{
	vet_kread((struct tdx_ve_stats *)sum);
}

static void vet_kernel_read_cpu(unsigned int cpu, struct vet_counts *c)
{
	vet_kread_cpu(cpu, (struct tdx_ve_stats *)c);
}
#else
static bool vet_kernel_get(void)
{
	return false;
}

static void vet_kernel_put(void)
{
}

static void vet_kernel_read(struct vet_counts *sum)
{
}

static void vet_kernel_read_cpu(unsigned int cpu, struct vet_counts *c)
{
}
#endif

static enum vet_source vet_src;
static const char *vet_why_none = "not set up";

int vet_counters_init(void)
{
	const char *want = vet_param_counters;
	bool any = !strcmp(want, "auto");
	int ret;

	if (!any && strcmp(want, "kernel") && strcmp(want, "probe") &&
	    strcmp(want, "none")) {
		vet_reject("counters", -EINVAL,
			   "'%s' is not auto, kernel, probe or none", want);
		return -EINVAL;
	}
	vet_src = VET_SRC_NONE;
	if (!strcmp(want, "none")) {
		vet_why_none = "counters=none";
		return 0;
	}
	if (any || !strcmp(want, "kernel")) {
		if (vet_kernel_get()) {
			vet_src = VET_SRC_KERNEL;
			return 0;
		}
		vet_why_none = "the kernel does not export tdx_ve_stats_read_cpu()";
		if (!any)
			return 0;
	}
	ret = vet_probe_init();
	if (!ret) {
		vet_src = VET_SRC_PROBE;
		return 0;
	}
	vet_why_none = ret == -EOPNOTSUPP ?
		       "no tdx-ve export, no fprobes or kretprobes, or no TDX guest support" :
		       "no tdx-ve export, and the probe did not register";
	pr_info("no #VE counters: %s (%pe)\n", vet_why_none, ERR_PTR(ret));
	return 0;
}

void vet_counters_exit(void)
{
	if (vet_src == VET_SRC_KERNEL)
		vet_kernel_put();
	else if (vet_src == VET_SRC_PROBE)
		vet_probe_exit();
	vet_src = VET_SRC_NONE;
}

enum vet_source vet_counters_source(void)
{
	return vet_src;
}

const char *vet_counters_describe(void)
{
	switch (vet_src) {
	case VET_SRC_KERNEL:
		return "kernel (tdx_ve_stats_read() of the tdx-ve series, since boot)";
	case VET_SRC_PROBE:
		return IS_ENABLED(CONFIG_FPROBE) ?
		       "probe (fprobe on tdx_handle_virt_exception() since the module loaded)" :
		       "probe (kretprobe on tdx_handle_virt_exception() since the module loaded)";
	default:
		return "none";
	}
}

const char *vet_counters_why_none(void)
{
	return vet_src == VET_SRC_NONE ? vet_why_none : NULL;
}

/**
 * vet_counters_read_cpu - one CPU's counts
 * @cpu: the CPU
 * @c:	 its per-CPU counts (the kernel's boot counts are not in them)
 *
 * Return: 0, or -EOPNOTSUPP without a source.
 */
int vet_counters_read_cpu(unsigned int cpu, struct vet_counts *c)
{
	switch (vet_src) {
	case VET_SRC_KERNEL:
		vet_kernel_read_cpu(cpu, c);
		return 0;
	case VET_SRC_PROBE:
		vet_probe_read_cpu(cpu, c);
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/**
 * vet_counters_read_all - the counts of all CPUs
 * @sum: filled in; with the kernel's counters, the boot counts are in it
 *
 * Return: 0, or -EOPNOTSUPP without a source.
 */
int vet_counters_read_all(struct vet_counts *sum)
{
	switch (vet_src) {
	case VET_SRC_KERNEL:
		vet_kernel_read(sum);
		return 0;
	case VET_SRC_PROBE:
		vet_probe_read_all(sum);
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/**
 * vet_counters_local - this CPU's kernel-context counts
 * @scratch:	room for one CPU's counts
 * @l:		the kernel-context rows
 *
 * Context: interrupts disabled (the caller's operation must not move).
 */
void vet_counters_local(struct vet_counts *scratch, struct vet_local *l)
{
	int p, r;

	if (vet_counters_read_cpu(smp_processor_id(), scratch)) {
		memset(l, 0, sizeof(*l));
		return;
	}
	for (p = 0; p < VET_NR_PATHS; p++)
		for (r = 0; r < VET_NR_RESULTS; r++)
			l->n[p][r] = scratch->n[p][VET_KERNEL][r];
}

u64 vet_counters_missed(void)
{
	return vet_src == VET_SRC_PROBE ? vet_probe_missed() : 0;
}
