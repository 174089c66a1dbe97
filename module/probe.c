// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: count #VEs on a kernel without the tdx-ve series.
 *
 * Every runtime #VE reaches tdx_handle_virt_exception(regs, ve), an
 * ordinary traceable function on every TDX guest kernel since 5.19; it
 * returns true when the #VE was emulated.  An fprobe on it (a kretprobe
 * where the kernel has no fprobes) counts, per CPU, with the indices of the
 * series' struct tdx_ve_stats:
 *  - path, from the exit reason and qualification: port I/O direction and
 *    string bit, CPUID, RDMSR, WRMSR, HLT; for an EPT violation (MMIO) the
 *    instruction decides, as in insn_decode_mmio(): MOV, MOV immediate,
 *    MOVZX and MOVSX are emulated (read or write by the qualification's
 *    write bit), anything else is refused (mmio_unsupported);
 *  - context, from user_mode(regs);
 *  - result, from the return value: handled, else the guest's refusal
 *    where the handler refuses (string I/O, undecodable MMIO, unknown exit
 *    reasons, everything but CPUID from user mode, and on 6.15+ a HLT with
 *    interrupts enabled), else a failure of the VMM.
 * The #VE is counted on the CPU that took it (the handler may be preempted
 * with interrupts on), hence atomics; early #VEs (before the module
 * loaded) are not seen.  The #VEs the probe missed are in
 * vet_probe_missed(): a count that is not exact says so.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/fprobe.h>
#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>
#include <linux/uaccess.h>
#include <asm/insn.h>
#include <asm/tdx.h>
#include <uapi/asm/vmx.h>

#include "compat.h"
#include "tdx_ve_test.h"

/* I/O instruction exit qualification (SDM Vol. 3C, Table 28-5) */
#define VET_IO_QUAL_IN		BIT(3)
#define VET_IO_QUAL_STRING	BIT(4)
/* EPT violation exit qualification, bit 1: a data write (Table 28-7) */
#define VET_EPT_QUAL_WRITE	BIT(1)

/*
 * The MMIO instructions the kernel's #VE handler emulates
 * (insn_decode_mmio()): MOV r/m,r and r,r/m, MOV r/m,imm, MOVZX, MOVSX.
 * Prefixes are skipped (legacy ones, then one REX).
 */
static bool vet_mmio_decodable(const u8 *insn, unsigned int len)
{
	unsigned int i = 0;

	while (i < len && (insn[i] == 0x26 || insn[i] == 0x2e ||
			   insn[i] == 0x36 || insn[i] == 0x3e ||
			   insn[i] == 0x64 || insn[i] == 0x65 ||
			   insn[i] == 0x66 || insn[i] == 0x67 ||
			   insn[i] == 0xf0 || insn[i] == 0xf2 || insn[i] == 0xf3))
		i++;
	if (i < len && (insn[i] & 0xf0) == 0x40)
		i++;
	if (i >= len)
		return false;
	switch (insn[i]) {
	case 0x88: case 0x89: case 0x8a: case 0x8b:	/* MOV */
	case 0xc6: case 0xc7:				/* MOV imm */
		return true;
	case 0x0f:
		return i + 1 < len &&
		       (insn[i + 1] == 0xb6 || insn[i + 1] == 0xb7 ||	/* MOVZX */
			insn[i + 1] == 0xbe || insn[i + 1] == 0xbf);	/* MOVSX */
	default:
		return false;
	}
}

/**
 * vet_probe_classify - how the series would count a #VE
 * @ev:	what tdx_handle_virt_exception() was asked to do
 * @c:	path, context, and whether a false return is the guest's refusal
 */
void vet_probe_classify(const struct vet_ve_event *ev, struct vet_ve_class *c)
{
	bool refuses = false;

	c->ctx = ev->user ? VET_USER : VET_KERNEL;
	switch (ev->exit_reason) {
	case EXIT_REASON_IO_INSTRUCTION:
		if (ev->exit_qual & VET_IO_QUAL_STRING) {
			c->path = VET_IO_STRING;
			refuses = true;
		} else {
			c->path = ev->exit_qual & VET_IO_QUAL_IN ? VET_IO_IN :
								   VET_IO_OUT;
		}
		break;
	case EXIT_REASON_EPT_VIOLATION:
		if (!ev->user && vet_mmio_decodable(ev->insn, ev->insn_len)) {
			c->path = ev->exit_qual & VET_EPT_QUAL_WRITE ?
				  VET_MMIO_WRITE : VET_MMIO_READ;
		} else {
			c->path = VET_MMIO_UNSUPPORTED;
			refuses = true;
		}
		break;
	case EXIT_REASON_CPUID:
		c->path = VET_CPUID;
		break;
	case EXIT_REASON_MSR_READ:
		c->path = VET_RDMSR;
		break;
	case EXIT_REASON_MSR_WRITE:
		c->path = VET_WRMSR;
		break;
	case EXIT_REASON_HLT:
		c->path = VET_HLT;
		refuses = ev->irqs_on && VET_HLT_IRQS_ON_REFUSED;
		break;
	default:
		c->path = VET_OTHER;
		refuses = true;
		break;
	}
	/* From user mode the handler emulates CPUID only. */
	c->guest_refuses = refuses || (ev->user && c->path != VET_CPUID);
}

#if IS_ENABLED(CONFIG_INTEL_TDX_GUEST) && \
	(IS_ENABLED(CONFIG_FPROBE) || IS_ENABLED(CONFIG_KRETPROBES))

struct vet_probe_counts {
	atomic64_t n[VET_NR_PATHS][VET_NR_CONTEXTS][VET_NR_RESULTS];
};

static DEFINE_PER_CPU(struct vet_probe_counts, vet_probe_counts);

/* Carried from entry to return of one tdx_handle_virt_exception(). */
struct vet_probe_frame {
	u8 path;
	u8 ctx;
	bool refuses;
	unsigned int cpu;
};

/* The instruction at @ip, as far as it is readable. */
static unsigned int vet_fetch_insn(u8 *buf, unsigned long ip)
{
	unsigned int len = MAX_INSN_SIZE;

	while (len && copy_from_kernel_nofault(buf, (const void *)ip, len))
		len = min_t(unsigned int, len - 1, PAGE_SIZE - offset_in_page(ip));
	return len;
}

/* At the entry of tdx_handle_virt_exception(@vregs, @ve): classify */
static void vet_probe_begin(struct vet_probe_frame *f, struct pt_regs *vregs,
			    struct ve_info *ve)
{
	struct vet_ve_event ev = {
		.exit_reason = ve->exit_reason,
		.exit_qual = ve->exit_qual,
		.user = user_mode(vregs),
		.irqs_on = vregs->flags & X86_EFLAGS_IF,
	};
	struct vet_ve_class c;
	u8 insn[MAX_INSN_SIZE];

	if (ev.exit_reason == EXIT_REASON_EPT_VIOLATION && !ev.user) {
		ev.insn_len = vet_fetch_insn(insn, vregs->ip);
		ev.insn = insn;
	}
	vet_probe_classify(&ev, &c);
	f->path = c.path;
	f->ctx = c.ctx;
	f->refuses = c.guest_refuses;
	f->cpu = smp_processor_id();
}

/* At its return, @ret its return value: count */
static void vet_probe_end(const struct vet_probe_frame *f, unsigned long ret)
{
	bool handled = ret & 0xff;	/* bool in AL */
	enum vet_result r;

	if (handled)
		r = VET_HANDLED;
	else
		r = f->refuses ? VET_FAILED_GUEST : VET_FAILED_VMM;
	atomic64_inc(&per_cpu_ptr(&vet_probe_counts, f->cpu)->n[f->path][f->ctx][r]);
}

static bool vet_probe_registered;

#if IS_ENABLED(CONFIG_FPROBE)
/*
 * An fprobe, where the kernel has them (Debian's 6.12 and 7.3 do).  The
 * handler of tdx_handle_virt_exception() runs with interrupts on when the
 * #VE came with them on, and so do a probe's entry callbacks: an interrupt
 * there whose handler takes a #VE reaches the probe again.  A kprobe (and
 * so a kretprobe) drops that nested hit as "missed", as it drops every hit
 * while one of its handlers runs on the CPU; an fprobe takes it, since
 * ftrace's recursion protection tells interrupt from task context.
 * Measured on the emulated TD, 7.3.4 cloud kernel, 4 vCPUs: the kretprobe
 * missed #VEs in 2 of 5 boots of tests/guest/stockmod.sh.
 */
#ifdef TDX_VE_TEST_HAVE_FPROBE_FREGS	/* 6.14+ */
#define vet_fprobe_regs		ftrace_regs
#define vet_fprobe_arg(r, n)	ftrace_regs_get_argument(r, n)
#define vet_fprobe_ret(r)	ftrace_regs_get_return_value(r)
#else
#define vet_fprobe_regs		pt_regs
#define vet_fprobe_arg(r, n)	regs_get_kernel_argument(r, n)
#define vet_fprobe_ret(r)	regs_return_value(r)
#endif

static int vet_fprobe_entry(struct fprobe *fp, unsigned long entry_ip,
			    unsigned long ret_ip, struct vet_fprobe_regs *regs,
			    void *data)
{
	vet_probe_begin(data, (struct pt_regs *)vet_fprobe_arg(regs, 0),
			(struct ve_info *)vet_fprobe_arg(regs, 1));
	return 0;
}

static void vet_fprobe_exit(struct fprobe *fp, unsigned long entry_ip,
			    unsigned long ret_ip, struct vet_fprobe_regs *regs,
			    void *data)
{
	vet_probe_end(data, vet_fprobe_ret(regs));
}

static struct fprobe vet_fp = {
	.entry_handler = vet_fprobe_entry,
	.exit_handler = vet_fprobe_exit,
	.entry_data_size = sizeof(struct vet_probe_frame),
};

static int vet_probe_register(void)
{
#ifndef TDX_VE_TEST_HAVE_FPROBE_FREGS
	/*
	 * Before 6.14 returns go through a pool of rethook instances, and
	 * nested #VEs (an interrupt's port I/O inside one) need their own.
	 */
	vet_fp.nr_maxactive = max_t(int, 16, 4 * num_possible_cpus());
#endif
	return register_fprobe(&vet_fp, "tdx_handle_virt_exception", NULL);
}

static void vet_probe_unregister(void)
{
	unregister_fprobe(&vet_fp);
}

static u64 vet_probe_nmissed(void)
{
	return READ_ONCE(vet_fp.nmissed);
}

#else /* !CONFIG_FPROBE: a kretprobe */

static int vet_probe_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	vet_probe_begin((struct vet_probe_frame *)ri->data,
			(struct pt_regs *)regs_get_kernel_argument(regs, 0),
			(struct ve_info *)regs_get_kernel_argument(regs, 1));
	return 0;
}

static int vet_probe_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	vet_probe_end((struct vet_probe_frame *)ri->data, regs_return_value(regs));
	return 0;
}

static struct kretprobe vet_krp = {
	.kp.symbol_name = "tdx_handle_virt_exception",
	.entry_handler = vet_probe_entry,
	.handler = vet_probe_return,
	.data_size = sizeof(struct vet_probe_frame),
};

static int vet_probe_register(void)
{
	/* Nested #VEs (an interrupt's port I/O inside one) need instances. */
	vet_krp.maxactive = max_t(int, 16, 4 * num_possible_cpus());
	return register_kretprobe(&vet_krp);
}

static void vet_probe_unregister(void)
{
	unregister_kretprobe(&vet_krp);
}

static u64 vet_probe_nmissed(void)
{
	return (u64)vet_krp.nmissed + vet_krp.kp.nmissed;
}

#endif /* CONFIG_FPROBE */

int vet_probe_init(void)
{
	int ret = vet_probe_register();

	if (ret)
		return ret;
	vet_probe_registered = true;
	return 0;
}

void vet_probe_exit(void)
{
	if (vet_probe_registered)
		vet_probe_unregister();
	vet_probe_registered = false;
}

u64 vet_probe_missed(void)
{
	return vet_probe_registered ? vet_probe_nmissed() : 0;
}

void vet_probe_read_cpu(unsigned int cpu, struct vet_counts *c)
{
	struct vet_probe_counts *pc = per_cpu_ptr(&vet_probe_counts, cpu);
	int p, x, r;

	for (p = 0; p < VET_NR_PATHS; p++)
		for (x = 0; x < VET_NR_CONTEXTS; x++)
			for (r = 0; r < VET_NR_RESULTS; r++)
				c->n[p][x][r] = atomic64_read(&pc->n[p][x][r]);
}

void vet_probe_read_all(struct vet_counts *sum)
{
	unsigned int cpu;
	int p, x, r;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		struct vet_probe_counts *pc = per_cpu_ptr(&vet_probe_counts, cpu);

		for (p = 0; p < VET_NR_PATHS; p++)
			for (x = 0; x < VET_NR_CONTEXTS; x++)
				for (r = 0; r < VET_NR_RESULTS; r++)
					sum->n[p][x][r] += atomic64_read(&pc->n[p][x][r]);
	}
}

#else /* no fprobes or kretprobes, or no CONFIG_INTEL_TDX_GUEST */

int vet_probe_init(void)
{
	return -EOPNOTSUPP;
}

void vet_probe_exit(void)
{
}

void vet_probe_read_cpu(unsigned int cpu, struct vet_counts *c)
{
	memset(c, 0, sizeof(*c));
}

void vet_probe_read_all(struct vet_counts *sum)
{
	memset(sum, 0, sizeof(*sum));
}

u64 vet_probe_missed(void)
{
	return 0;
}

#endif
