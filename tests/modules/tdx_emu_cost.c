// SPDX-License-Identifier: GPL-2.0
/*
 * The cost of a #VE in guest instructions, on the emulated TD (QEMU -cpu
 * ...,tdx-emu=on) run with -icount shift=0: there the guest's TSC advances
 * by one per instruction, so an RDTSC difference with interrupts off is an
 * instruction count.  For each emulation path, the instruction that raises
 * the #VE is timed against the same request made to the VMM directly with
 * TDG.VP.VMCALL, the floor of any emulation.  On load, prints one line per
 * path; the medians are figures, never a verdict.
 *
 * Not shipped: loaded by tests/guest/cost.sh (scripts/bench-ve-cost.sh).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <asm/msr.h>
#include <asm/tdx.h>

#include "tdx_emu.h"

static unsigned int runs = 101;
module_param(runs, uint, 0444);
MODULE_PARM_DESC(runs, "measured runs per path, after 10 runs of warm-up");

#define COST_WARMUP		10
#define COST_HV_LEAF		0x40000000

struct cost_ctx {
	void __iomem *mmio;	/* edu BAR 0, as the driver maps it */
	u64 mmio_gpa;		/* its shared GPA, for the direct request */
	u64 msr_val;
	u32 val;
};

typedef void (*cost_fn)(struct cost_ctx *c);

/* The instructions that raise #VE */

static void ve_io_in(struct cost_ctx *c)
{
	c->val = inb(EMU_UART_SCR);
}

static void ve_io_out(struct cost_ctx *c)
{
	outb(0x5a, EMU_UART_SCR);
}

static void ve_mmio_read(struct cost_ctx *c)
{
	c->val = readl(c->mmio);
}

static void ve_mmio_write(struct cost_ctx *c)
{
	writel(c->val, c->mmio + 4);
}

static void ve_cpuid(struct cost_ctx *c)
{
	u32 regs[4];

	emu_cpuid_count(COST_HV_LEAF, 0, regs);
	c->val = regs[1];
}

/* Bare RDMSR and WRMSR: the kernel's wrappers add their own instructions */
static void ve_rdmsr(struct cost_ctx *c)
{
	u32 lo, hi;

	asm volatile("rdmsr" : "=a" (lo), "=d" (hi) : "c" (EMU_MSR_MISC_FEATURES));
	c->msr_val = (u64)hi << 32 | lo;
}

static void ve_wrmsr(struct cost_ctx *c)
{
	asm volatile("wrmsr"
		     : : "c" (EMU_MSR_MISC_FEATURES), "a" ((u32)c->msr_val),
		       "d" ((u32)(c->msr_val >> 32))
		     : "memory");
}

/* The same requests, straight to the VMM */

static void vmcall_io_in(struct cost_ctx *c)
{
	struct emu_regs r = { .r12 = 1, .r13 = 0, .r14 = EMU_UART_SCR };

	emu_vmcall(&r, TDX_HYPERCALL_STANDARD, EMU_VMCALL_IO);
	c->val = r.r11;
}

static void vmcall_io_out(struct cost_ctx *c)
{
	struct emu_regs r = { .r12 = 1, .r13 = 1, .r14 = EMU_UART_SCR,
			      .r15 = 0x5a };

	emu_vmcall(&r, TDX_HYPERCALL_STANDARD, EMU_VMCALL_IO);
}

static void vmcall_mmio_read(struct cost_ctx *c)
{
	struct emu_regs r = { .r12 = 4, .r13 = 0, .r14 = c->mmio_gpa };

	emu_vmcall(&r, TDX_HYPERCALL_STANDARD, EMU_VMCALL_MMIO);
	c->val = r.r11;
}

static void vmcall_mmio_write(struct cost_ctx *c)
{
	struct emu_regs r = { .r12 = 4, .r13 = 1, .r14 = c->mmio_gpa + 4,
			      .r15 = c->val };

	emu_vmcall(&r, TDX_HYPERCALL_STANDARD, EMU_VMCALL_MMIO);
}

static void vmcall_cpuid(struct cost_ctx *c)
{
	struct emu_regs r = { .r12 = COST_HV_LEAF, .r13 = 0 };

	emu_vmcall(&r, TDX_HYPERCALL_STANDARD, EMU_VMCALL_CPUID);
	c->val = r.r13;
}

static void vmcall_rdmsr(struct cost_ctx *c)
{
	struct emu_regs r = { .r12 = EMU_MSR_MISC_FEATURES };

	emu_vmcall(&r, TDX_HYPERCALL_STANDARD, EMU_VMCALL_RDMSR);
	c->msr_val = r.r11;
}

static void vmcall_wrmsr(struct cost_ctx *c)
{
	struct emu_regs r = { .r12 = EMU_MSR_MISC_FEATURES, .r13 = c->msr_val };

	emu_vmcall(&r, TDX_HYPERCALL_STANDARD, EMU_VMCALL_WRMSR);
}

/* What a measurement costs when it measures nothing, and a calibration */

static void cost_empty(struct cost_ctx *c)
{
}

static void cost_nop1000(struct cost_ctx *c)
{
	asm volatile(".rept 1000\n\tnop\n\t.endr");
}

struct cost_path {
	const char *name;
	enum emu_class class;
	cost_fn ve;
	cost_fn vmcall;
	bool mmio;
};

static const struct cost_path cost_paths[] = {
	{ "io_in", EMU_IO_IN, ve_io_in, vmcall_io_in },
	{ "io_out", EMU_IO_OUT, ve_io_out, vmcall_io_out },
	{ "mmio_read", EMU_MMIO_READ, ve_mmio_read, vmcall_mmio_read, true },
	{ "mmio_write", EMU_MMIO_WRITE, ve_mmio_write, vmcall_mmio_write, true },
	{ "cpuid", EMU_CPUID, ve_cpuid, vmcall_cpuid },
	{ "rdmsr", EMU_RDMSR, ve_rdmsr, vmcall_rdmsr },
	{ "wrmsr", EMU_WRMSR, ve_wrmsr, vmcall_wrmsr },
};

/* TSC ticks around one call of @fn: instructions under -icount shift=0 */
static noinline u64 cost_sample(cost_fn fn, struct cost_ctx *c)
{
	u64 t0 = rdtsc_ordered();

	fn(c);
	return rdtsc_ordered() - t0;
}

struct cost_result {
	u64 median, min, max;
	u64 ves;		/* #VEs of the path's class the model injected */
};

static int cost_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/*
 * Time @fn @runs times after a warm-up, with interrupts off, on this CPU;
 * count the #VEs of @class the model injected meanwhile.
 */
static void cost_run(cost_fn fn, struct cost_ctx *c, enum emu_class class,
		     u64 *samples, struct cost_result *res)
{
	unsigned long flags;
	unsigned int cpu, i;
	u64 before;

	local_irq_save(flags);
	cpu = smp_processor_id();
	before = emu_count(cpu, class);
	for (i = 0; i < COST_WARMUP; i++)
		cost_sample(fn, c);
	for (i = 0; i < runs; i++)
		samples[i] = cost_sample(fn, c);
	res->ves = emu_count(cpu, class) - before;
	local_irq_restore(flags);

	sort(samples, runs, sizeof(*samples), cost_cmp, NULL);
	res->median = samples[runs / 2];
	res->min = samples[0];
	res->max = samples[runs - 1];
}

static u64 cost_sub(u64 a, u64 b)
{
	return a > b ? a - b : 0;
}

static int cost_measure(struct cost_ctx *c, u64 *samples)
{
	struct cost_result empty, cal, ve, vm;
	unsigned int i;
	u64 nve, nvm;

	cost_run(cost_empty, c, EMU_OTHER, samples, &empty);
	cost_run(cost_nop1000, c, EMU_OTHER, samples, &cal);
	if (cost_sub(cal.min, empty.median) == 1000 &&
	    cost_sub(cal.max, empty.median) == 1000)
		pr_info("measured on the emulated TD (QEMU TCG, -icount shift=0): guest instructions\n");
	else
		pr_info("the TSC does not count instructions (no -icount shift=0?): figures are TSC ticks\n");
	pr_info("%u runs after %u of warm-up, medians; empty measurement: %llu (min %llu max %llu), subtracted\n",
		runs, COST_WARMUP, empty.median, empty.min, empty.max);
	pr_info("calibration: 1000 NOPs measure %llu (min %llu max %llu)\n",
		cost_sub(cal.median, empty.median), cost_sub(cal.min, empty.median),
		cost_sub(cal.max, empty.median));
	pr_info("%-10s %8s %8s %7s %9s %9s %7s\n", "path", "via_ve", "vmcall",
		"ratio", "ve_range", "vm_range", "ves");

	for (i = 0; i < ARRAY_SIZE(cost_paths); i++) {
		const struct cost_path *p = &cost_paths[i];

		if (p->mmio && !c->mmio) {
			pr_info("%-10s skipped: no edu device (-device edu)\n",
				p->name);
			continue;
		}
		cost_run(p->ve, c, p->class, samples, &ve);
		cost_run(p->vmcall, c, p->class, samples, &vm);
		nve = cost_sub(ve.median, empty.median);
		nvm = cost_sub(vm.median, empty.median);
		/* ves: #VEs per measured call, from the model's own count */
		pr_info("%-10s %8llu %8llu %4llu.%02llu %9llu %9llu %3llu/%u%s\n",
			p->name, nve, nvm, nvm ? nve / nvm : 0,
			nvm ? nve * 100 / nvm % 100 : 0, ve.max - ve.min,
			vm.max - vm.min, ve.ves, runs + COST_WARMUP,
			vm.ves ? " (#VE on the direct call!)" : "");
	}
	return 0;
}

static int __init cost_init(void)
{
	struct cost_ctx c = {};
	struct emu_regs r = {};
	struct pci_dev *edu;
	u64 *samples;
	u32 lo, hi;
	int ret;

	/* TDCALL raises #UD anywhere but in a TD */
	if (!cpu_feature_enabled(X86_FEATURE_TDX_GUEST))
		return -ENODEV;
	if (emu_vmcall(&r, EMU_VENDOR, EMU_VENDOR_PROBE) || r.r11 != 1) {
		pr_err("not the emulated TD\n");
		return -ENODEV;
	}
	if (!runs)
		return -EINVAL;
	samples = kcalloc(runs, sizeof(*samples), GFP_KERNEL);
	if (!samples)
		return -ENOMEM;

	/* What the VMM returns for the MSR is what WRMSR writes back */
	if (rdmsr_safe(EMU_MSR_MISC_FEATURES, &lo, &hi)) {
		ret = -EIO;
		goto out;
	}
	c.msr_val = (u64)hi << 32 | lo;

	edu = pci_get_device(0x1234, 0x11e8, NULL);
	if (edu && pci_enable_device(edu)) {
		pci_dev_put(edu);
		edu = NULL;
	}
	if (edu) {
		r = (struct emu_regs){ .rax = EMU_TDG_VP_INFO };
		emu_tdcall(&r);
		c.mmio_gpa = pci_resource_start(edu, 0) | BIT_ULL((r.rcx & 0x3f) - 1);
		c.mmio = ioremap(pci_resource_start(edu, 0), PAGE_SIZE);
		c.val = 0xcafe0000;
	}
	if (c.mmio && readl(c.mmio) != EMU_EDU_ID)
		pr_warn("edu: unexpected identification %#x\n", readl(c.mmio));

	ret = cost_measure(&c, samples);

	if (c.mmio)
		iounmap(c.mmio);
	if (edu) {
		pci_disable_device(edu);
		pci_dev_put(edu);
	}
out:
	kfree(samples);
	return ret;
}
module_init(cost_init);

static void __exit cost_exit(void)
{
}
module_exit(cost_exit);

MODULE_DESCRIPTION("The cost of a #VE in instructions, on the emulated TD");
MODULE_LICENSE("GPL");
