// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit test of the #VE handler against a hostile VMM: the emulated TD
 * (QEMU -cpu ...,tdx-emu=on,tdx-emu-hostile=<seed>) answers every
 * TDG.VP.VMCALL of the #VE paths with random bits above the size asked
 * for and random values in every other register the guest exposed, and
 * fails calls as often as this test arms it to.
 *
 * Real instructions that raise #VE (IN, OUT, MMIO loads and stores on the
 * edu device, CPUID 0x40000000, RDMSR and WRMSR of MSRs the TDX module
 * leaves to the VMM) run with every GPR preloaded with a canary.  After
 * each one: when the VMM answered, only the destination changed, only in
 * the bytes the instruction writes (32-bit destinations zero-extended),
 * and execution went on right after the instruction; when the VMM failed
 * the call, no register changed and the instruction's exception table
 * fixup ran.  Either way the VMM saw exactly one call, and the kernel's
 * #VE counters (where the tdx-ve series provides them) counted the #VE
 * as handled or as failed by the VMM.  Skips everything elsewhere.
 *
 * Not shipped: a test of the guest kernel, loaded by tests/guest/hostile.sh.
 */
#include <linux/cpu.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/workqueue.h>
#include <kunit/test.h>
#include <asm/asm.h>
#include <asm/msr.h>
#include <asm/tdx.h>
#include "tdx_emu.h"
/* Kbuild: whether the kernel has the tdx-ve series' #VE counters */
#ifndef HOSTILE_HAVE_VE_STATS
#define HOSTILE_HAVE_VE_STATS	0
#endif
#if HOSTILE_HAVE_VE_STATS
#include <asm/tdx_ve.h>
#endif

static unsigned int fail_rate = 64;
module_param(fail_rate, uint, 0444);
MODULE_PARM_DESC(fail_rate, "chance that the VMM fails a call, in 256ths (default 64)");

static unsigned int rounds = 32;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "instructions of each kind per CPU (default 32)");

/* The emulator's vendor calls beyond tdx_emu.h's */
#define HOSTILE_VENDOR_SET		2
#define HOSTILE_VENDOR_GET		3
/* CPUID, IO, RDMSR, WRMSR, RequestMMIO may fail; HLT may not */
#define HOSTILE_FAIL_MASK		0x3dULL
#define HOSTILE_RATE_MAX		256

#define HOSTILE_MSR_MTRRCAP		0xfe

/* The kernel's #VE paths (enum tdx_ve_path of the tdx-ve series) */
enum { P_IO_IN, P_IO_OUT, P_MMIO_READ, P_MMIO_WRITE, P_CPUID, P_RDMSR, P_WRMSR };

/* GPRs by their number in an instruction's encoding */
enum {
	HR_AX, HR_CX, HR_DX, HR_BX, HR_SP, HR_BP, HR_SI, HR_DI,
	HR_R8, HR_R9, HR_R10, HR_R11, HR_R12, HR_R13, HR_R14, HR_R15, HR_NR
};

static const char * const hostile_reg_names[HR_NR] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

/* The GPRs, and how the last probe ended (HOSTILE_DONE, HOSTILE_FAULT) */
struct hostile_regs {
	u64 r[HR_NR];
	u8 outcome;
};

/* After a probe: execution went on after the instruction, or the fixup ran */
#define HOSTILE_NONE	0
#define HOSTILE_DONE	1
#define HOSTILE_FAULT	2

/*
 * One function per instruction: load every GPR but RSP and RBP from @h,
 * run @insn (label 1, with an exception table entry to label 2), store
 * them back.
 */
#define HOSTILE_PROBE(name, insn)					\
static noinline void name(struct hostile_regs *h)			\
{									\
	register u64 r8 asm("r8") = h->r[HR_R8];			\
	register u64 r9 asm("r9") = h->r[HR_R9];			\
	register u64 r10 asm("r10") = h->r[HR_R10];			\
	register u64 r11 asm("r11") = h->r[HR_R11];			\
	register u64 r12 asm("r12") = h->r[HR_R12];			\
	register u64 r13 asm("r13") = h->r[HR_R13];			\
	register u64 r14 asm("r14") = h->r[HR_R14];			\
	register u64 r15 asm("r15") = h->r[HR_R15];			\
	u64 rax = h->r[HR_AX], rcx = h->r[HR_CX], rdx = h->r[HR_DX];	\
	u64 rbx = h->r[HR_BX], rsi = h->r[HR_SI], rdi = h->r[HR_DI];	\
	u8 outcome = HOSTILE_NONE;					\
									\
	asm volatile("1: " insn "\n\t"					\
		     "movb $" __stringify(HOSTILE_DONE) ", %[o]\n\t"	\
		     "jmp 3f\n\t"					\
		     "2: movb $" __stringify(HOSTILE_FAULT) ", %[o]\n\t" \
		     "3:\n\t"						\
		     _ASM_EXTABLE(1b, 2b)				\
		     : "+a" (rax), "+c" (rcx), "+d" (rdx), "+b" (rbx),	\
		       "+S" (rsi), "+D" (rdi), "+r" (r8), "+r" (r9),	\
		       "+r" (r10), "+r" (r11), "+r" (r12), "+r" (r13),	\
		       "+r" (r14), "+r" (r15), [o] "+m" (outcome)	\
		     : : "memory");					\
	h->r[HR_AX] = rax;						\
	h->r[HR_CX] = rcx;						\
	h->r[HR_DX] = rdx;						\
	h->r[HR_BX] = rbx;						\
	h->r[HR_SI] = rsi;						\
	h->r[HR_DI] = rdi;						\
	h->r[HR_R8] = r8;						\
	h->r[HR_R9] = r9;						\
	h->r[HR_R10] = r10;						\
	h->r[HR_R11] = r11;						\
	h->r[HR_R12] = r12;						\
	h->r[HR_R13] = r13;						\
	h->r[HR_R14] = r14;						\
	h->r[HR_R15] = r15;						\
	h->outcome = outcome;						\
}

HOSTILE_PROBE(insn_inb, "inb %%dx, %%al")
HOSTILE_PROBE(insn_inw, "inw %%dx, %%ax")
HOSTILE_PROBE(insn_inl, "inl %%dx, %%eax")
HOSTILE_PROBE(insn_outb, "outb %%al, %%dx")
HOSTILE_PROBE(insn_readb_bl, "movb (%%rsi), %%bl")
HOSTILE_PROBE(insn_readw_ax, "movw (%%rsi), %%ax")
HOSTILE_PROBE(insn_readl_r9d, "movl (%%rsi), %%r9d")
HOSTILE_PROBE(insn_readq_rax, "movq (%%rsi), %%rax")
HOSTILE_PROBE(insn_writel, "movl %%eax, (%%rsi)")
HOSTILE_PROBE(insn_cpuid, "cpuid")
HOSTILE_PROBE(insn_rdmsr, "rdmsr")
HOSTILE_PROBE(insn_wrmsr, "wrmsr")

/* TDG.VP.VMCALL to the emulator's vendor call; returns R10 */
static u64 hostile_vendor(u64 fn, u64 *r11, u64 *r12, u64 *r13)
{
	struct emu_regs r = { .r12 = *r12, .r13 = *r13 };
	u64 ret = emu_vmcall(&r, EMU_VENDOR, fn);

	if (r.rax)
		return U64_MAX;
	*r11 = r.r11;
	*r12 = r.r12;
	*r13 = r.r13;
	return ret;
}

struct hostile_state {
	u64 seed, errors, calls;
};

/* Arm failures on this CPU at @rate 256ths; the VMM's counts of this CPU */
static bool hostile_arm(unsigned int rate, struct hostile_state *s)
{
	u64 r11, r12 = rate, r13 = rate ? HOSTILE_FAIL_MASK : 0;

	if (hostile_vendor(HOSTILE_VENDOR_SET, &r11, &r12, &r13))
		return false;
	s->seed = r11;
	s->errors = r12;
	s->calls = r13;
	return true;
}

struct hostile_case;

/*
 * What one round of a probe starts with and expects: @in, the registers
 * before (canaries and operands); @want and @wild, the registers after a
 * call the VMM answered (bits set in @wild may have any value).
 */
struct hostile_round {
	struct hostile_regs in, want, wild;
	unsigned int round;
};

struct hostile_probe {
	const char *name;
	int path;
	void (*run)(struct hostile_regs *h);
	/* operands and expectations, with interrupts off, failures unarmed */
	void (*prepare)(struct hostile_case *c, struct hostile_round *r);
};

/* The state of one KUnit case on one CPU */
struct hostile_case {
	struct kunit *test;
	const struct hostile_probe *probe;
	void __iomem *edu;
	u64 msr_ref;
	unsigned int cpu, handled, failed, bad;
	u64 seed;
};

static u64 hostile_canary(int reg, unsigned int round)
{
	return 0xc0de000000000000ULL | (u64)reg << 40 |
	       (u64)(round & 0xff) << 32 | (0xa5a5a5a5U ^ (reg * 0x01010101U));
}

/*
 * An operand register: the instruction reads only its low 32 bits (or
 * fewer); odd rounds keep the canary above them, even rounds clear it.
 */
static u64 hostile_operand(struct hostile_round *r, int reg, u64 val)
{
	u64 hi = (r->round & 1) ? r->in.r[reg] & ~0xffffffffULL : 0;

	return hi | val;
}

/* The UART scratch register holds @v */
static void hostile_scratch(u8 v)
{
	outb(v, EMU_UART_SCR);
}

static void prep_inb(struct hostile_case *c, struct hostile_round *r)
{
	u8 v = 0x3c ^ r->round;

	hostile_scratch(v);
	r->in.r[HR_DX] = (r->in.r[HR_DX] & ~0xffffULL) | EMU_UART_SCR;
	r->want = r->in;
	/* IN AL: bits 63:8 of RAX stay */
	r->want.r[HR_AX] = (r->in.r[HR_AX] & ~0xffULL) | v;
}

static void prep_inw(struct hostile_case *c, struct hostile_round *r)
{
	u8 v = 0x5a ^ r->round;

	hostile_scratch(v);
	/* MSR (0x3fe, any value) and the scratch register (0x3ff) */
	r->in.r[HR_DX] = (r->in.r[HR_DX] & ~0xffffULL) | (EMU_UART_SCR - 1);
	r->want = r->in;
	r->want.r[HR_AX] = (r->in.r[HR_AX] & ~0xffffULL) | (u16)v << 8;
	r->wild.r[HR_AX] = 0xff;
}

static void prep_inl(struct hostile_case *c, struct hostile_round *r)
{
	u8 v = 0x96 ^ r->round;

	hostile_scratch(v);
	/* MCR, LSR, MSR (any value) and the scratch register at 0x3ff */
	r->in.r[HR_DX] = (r->in.r[HR_DX] & ~0xffffULL) | (EMU_UART_SCR - 3);
	r->want = r->in;
	/* IN EAX zero-extends */
	r->want.r[HR_AX] = (u64)v << 24;
	r->wild.r[HR_AX] = 0xffffff;
}

static void prep_outb(struct hostile_case *c, struct hostile_round *r)
{
	r->in.r[HR_DX] = (r->in.r[HR_DX] & ~0xffffULL) | EMU_UART_SCR;
	r->want = r->in;
}

static void prep_readb(struct hostile_case *c, struct hostile_round *r)
{
	r->in.r[HR_SI] = (unsigned long)c->edu;
	r->want = r->in;
	/* edu answers only 4-byte reads here: the byte is any value */
	r->wild.r[HR_BX] = 0xff;
}

static void prep_readw(struct hostile_case *c, struct hostile_round *r)
{
	r->in.r[HR_SI] = (unsigned long)c->edu;
	r->want = r->in;
	r->wild.r[HR_AX] = 0xffff;
}

static void prep_readl(struct hostile_case *c, struct hostile_round *r)
{
	r->in.r[HR_SI] = (unsigned long)c->edu;
	r->want = r->in;
	/* MOV r32 zero-extends */
	r->want.r[HR_R9] = EMU_EDU_ID;
}

static void prep_readq(struct hostile_case *c, struct hostile_round *r)
{
	u64 v = 0x1122334455667788ULL ^ ((u64)r->round << 56 | c->cpu);

	/* edu's DMA source address register, 0x80, holds any 8 bytes */
	writeq(v, c->edu + 0x80);
	r->in.r[HR_SI] = (unsigned long)c->edu + 0x80;
	r->want = r->in;
	r->want.r[HR_AX] = v;
}

static void prep_writel(struct hostile_case *c, struct hostile_round *r)
{
	/* edu's liveness register */
	r->in.r[HR_SI] = (unsigned long)c->edu + 4;
	r->want = r->in;
}

static void prep_cpuid(struct hostile_case *c, struct hostile_round *r)
{
	r->in.r[HR_AX] = hostile_operand(r, HR_AX, 0x40000000);
	r->in.r[HR_CX] = hostile_operand(r, HR_CX, 0);
	r->want = r->in;
	/* KVM's signature; CPUID zero-extends all four */
	r->want.r[HR_AX] = 0x40000001;
	r->want.r[HR_BX] = 0x4b4d564b;
	r->want.r[HR_CX] = 0x564b4d56;
	r->want.r[HR_DX] = 0x4d;
}

static void prep_rdmsr(struct hostile_case *c, struct hostile_round *r)
{
	r->in.r[HR_CX] = hostile_operand(r, HR_CX, HOSTILE_MSR_MTRRCAP);
	r->want = r->in;
	r->want.r[HR_AX] = lower_32_bits(c->msr_ref);
	r->want.r[HR_DX] = upper_32_bits(c->msr_ref);
}

static void prep_wrmsr(struct hostile_case *c, struct hostile_round *r)
{
	/* MISC_FEATURES_ENABLES: write back what it holds */
	r->in.r[HR_CX] = hostile_operand(r, HR_CX, EMU_MSR_MISC_FEATURES);
	r->in.r[HR_AX] = hostile_operand(r, HR_AX, lower_32_bits(c->msr_ref));
	r->in.r[HR_DX] = hostile_operand(r, HR_DX, upper_32_bits(c->msr_ref));
	r->want = r->in;
}

static const struct hostile_probe hostile_probes[] = {
	{ "inb", P_IO_IN, insn_inb, prep_inb },
	{ "inw", P_IO_IN, insn_inw, prep_inw },
	{ "inl", P_IO_IN, insn_inl, prep_inl },
	{ "outb", P_IO_OUT, insn_outb, prep_outb },
	{ "readb_bl", P_MMIO_READ, insn_readb_bl, prep_readb },
	{ "readw_ax", P_MMIO_READ, insn_readw_ax, prep_readw },
	{ "readl_r9d", P_MMIO_READ, insn_readl_r9d, prep_readl },
	{ "readq_rax", P_MMIO_READ, insn_readq_rax, prep_readq },
	{ "writel", P_MMIO_WRITE, insn_writel, prep_writel },
	{ "cpuid_40000000", P_CPUID, insn_cpuid, prep_cpuid },
	{ "rdmsr_mtrrcap", P_RDMSR, insn_rdmsr, prep_rdmsr },
	{ "wrmsr_misc_features", P_WRMSR, insn_wrmsr, prep_wrmsr },
};

/* Totals over the cases, for the summary line */
static atomic_t hostile_total_handled, hostile_total_failed, hostile_total_bad;
static u64 hostile_seed;
static struct pci_dev *hostile_edu;

#define HOSTILE_MAX_REPORTS	4

static void hostile_report(struct hostile_case *c, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	c->bad++;
	if (c->bad > HOSTILE_MAX_REPORTS)
		return;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	KUNIT_FAIL(c->test, "%s, cpu %u: %pV", c->probe->name, c->cpu, &vaf);
	va_end(args);
}

#if HOSTILE_HAVE_VE_STATS
static DEFINE_PER_CPU(struct tdx_ve_stats, hostile_stats);

/* The kernel's counts of this CPU, #VEs of the kernel on @path, by result */
static void hostile_ve_counts(unsigned int cpu, int path, u64 *handled,
			      u64 *failed_vmm, u64 *all)
{
	struct tdx_ve_stats *s = this_cpu_ptr(&hostile_stats);
	int p, x, y;

	tdx_ve_stats_read_cpu(cpu, s);
	*handled = s->count[path][TDX_VE_KERNEL][TDX_VE_HANDLED];
	*failed_vmm = s->count[path][TDX_VE_KERNEL][TDX_VE_FAILED_VMM];
	*all = 0;
	for (p = 0; p < TDX_VE_NR_PATHS; p++)
		for (x = 0; x < TDX_VE_NR_CONTEXTS; x++)
			for (y = 0; y < TDX_VE_NR_RESULTS; y++)
				*all += s->count[p][x][y];
}
#endif

/* One round on this CPU: interrupts off, armed only around the probe */
static void hostile_round(struct hostile_case *c, unsigned int round)
{
	const struct hostile_probe *p = c->probe;
	struct hostile_state s0, s1, s2;
	u8 o;
	struct hostile_round r = { .round = round };
	struct hostile_regs out;
	u64 vmm_failed, calls;
	unsigned long flags;
	int i;
#if HOSTILE_HAVE_VE_STATS
	u64 h0, f0, a0, h1, f1, a1;
#endif

	for (i = 0; i < HR_NR; i++)
		r.in.r[i] = hostile_canary(i, round);
	local_irq_save(flags);
	p->prepare(c, &r);
	out = r.in;
#if HOSTILE_HAVE_VE_STATS
	hostile_ve_counts(c->cpu, p->path, &h0, &f0, &a0);
#endif
	if (!hostile_arm(fail_rate, &s0)) {
		local_irq_restore(flags);
		hostile_report(c, "cannot arm the hostile VMM");
		return;
	}
	p->run(&out);
	o = out.outcome;
	hostile_arm(0, &s1);
#if HOSTILE_HAVE_VE_STATS
	hostile_ve_counts(c->cpu, p->path, &h1, &f1, &a1);
#endif
	/* the arming call itself is no hostile answer */
	hostile_arm(0, &s2);
	local_irq_restore(flags);

	vmm_failed = s1.errors - s0.errors;
	calls = s1.calls - s0.calls;
	if (calls != 1 || s2.calls != s1.calls)
		hostile_report(c, "round %u: the VMM saw %llu calls, not 1",
			       round, calls);
	if (vmm_failed) {
		c->failed++;
		if (o != HOSTILE_FAULT)
			hostile_report(c, "round %u: failure injected, but %s",
				       round, o == HOSTILE_DONE ?
				       "execution went on" :
				       "the fixup did not run");
		/* nothing changes */
		r.want = r.in;
		memset(&r.wild, 0, sizeof(r.wild));
	} else {
		c->handled++;
		if (o != HOSTILE_DONE)
			hostile_report(c, "round %u: no failure injected, but %s",
				       round, o == HOSTILE_FAULT ?
				       "the fixup ran (it refused the request?)" :
				       "RIP did not land after the instruction");
	}
	for (i = 0; i < HR_NR; i++) {
		if (i == HR_SP || i == HR_BP)
			continue;
		if ((out.r[i] ^ r.want.r[i]) & ~r.wild.r[i])
			hostile_report(c,
				       "round %u, %s: %s = %#llx, want %#llx (any bits %#llx)",
				       round, vmm_failed ? "failure injected" :
				       "no failure injected",
				       hostile_reg_names[i], out.r[i], r.want.r[i],
				       r.wild.r[i]);
	}
#if HOSTILE_HAVE_VE_STATS
	if (a1 - a0 != 1 || h1 - h0 != !vmm_failed || f1 - f0 != !!vmm_failed)
		hostile_report(c,
			       "round %u: counted %llu #VEs, %llu handled, %llu failed_vmm; want 1, %u, %u",
			       round, a1 - a0, h1 - h0, f1 - f0,
			       !vmm_failed, !!vmm_failed);
#endif
}

static long hostile_on_cpu(void *arg)
{
	struct hostile_case *c = arg;
	unsigned int round;

	c->cpu = smp_processor_id();
	for (round = 0; round < rounds; round++)
		hostile_round(c, round);
	return 0;
}

static void hostile_run_probe(struct kunit *test, int idx)
{
	const struct hostile_probe *p = &hostile_probes[idx];
	unsigned int handled = 0, failed = 0, bad = 0;
	struct hostile_case c = {
		.test = test,
		.probe = p,
	};
	unsigned int cpu;

	if (p->path == P_MMIO_READ || p->path == P_MMIO_WRITE) {
		if (!hostile_edu)
			kunit_skip(test, "no edu device (-device edu)");
		c.edu = ioremap(pci_resource_start(hostile_edu, 0), PAGE_SIZE);
		KUNIT_ASSERT_TRUE(test, !!c.edu);
	}
	if (p->path == P_RDMSR || p->path == P_WRMSR) {
		u32 lo, hi;
		int err;

		err = rdmsr_safe(p->path == P_RDMSR ? HOSTILE_MSR_MTRRCAP :
				 EMU_MSR_MISC_FEATURES, &lo, &hi);
		KUNIT_ASSERT_EQ(test, err, 0);
		c.msr_ref = (u64)hi << 32 | lo;
	}
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		c.handled = 0;
		c.failed = 0;
		c.bad = 0;
		work_on_cpu(cpu, hostile_on_cpu, &c);
		handled += c.handled;
		failed += c.failed;
		bad += c.bad;
	}
	cpus_read_unlock();
	if (c.edu)
		iounmap(c.edu);
	atomic_add(handled, &hostile_total_handled);
	atomic_add(failed, &hostile_total_failed);
	atomic_add(bad, &hostile_total_bad);
	kunit_info(test, "%s: %u answered, %u failed by the VMM, %u wrong\n",
		   p->name, handled, failed, bad);
	KUNIT_EXPECT_EQ(test, bad, 0);
	/* Each outcome was seen, unless failures are off or always on */
	if (fail_rate && fail_rate < HOSTILE_RATE_MAX && rounds >= 32) {
		KUNIT_EXPECT_GT(test, handled, 0);
		KUNIT_EXPECT_GT(test, failed, 0);
	}
}

#define HOSTILE_CASE(n, idx)						\
static void hostile_##n(struct kunit *test)				\
{									\
	hostile_run_probe(test, idx);					\
}

HOSTILE_CASE(inb, 0)
HOSTILE_CASE(inw, 1)
HOSTILE_CASE(inl, 2)
HOSTILE_CASE(outb, 3)
HOSTILE_CASE(readb_bl, 4)
HOSTILE_CASE(readw_ax, 5)
HOSTILE_CASE(readl_r9d, 6)
HOSTILE_CASE(readq_rax, 7)
HOSTILE_CASE(writel, 8)
HOSTILE_CASE(cpuid_40000000, 9)
HOSTILE_CASE(rdmsr_mtrrcap, 10)
HOSTILE_CASE(wrmsr_misc_features, 11)

static int hostile_test_init(struct kunit *test)
{
	struct hostile_state s;

	if (!cpu_feature_enabled(X86_FEATURE_TDX_GUEST))
		kunit_skip(test, "not a TDX guest");
	if (!hostile_seed)
		kunit_skip(test, "not the emulated TD with tdx-emu-hostile=<seed>");
	KUNIT_ASSERT_TRUE(test, hostile_arm(0, &s));
	return 0;
}

static int hostile_suite_init(struct kunit_suite *suite)
{
	struct hostile_state s;
	u64 r11, r12 = 0, r13 = 0;

	if (!cpu_feature_enabled(X86_FEATURE_TDX_GUEST) ||
	    hostile_vendor(EMU_VENDOR_PROBE, &r11, &r12, &r13) ||
	    r11 != 1)
		return 0;
	if (hostile_arm(0, &s))
		hostile_seed = s.seed;
	hostile_edu = pci_get_device(0x1234, 0x11e8, NULL);
	if (hostile_edu && pci_enable_device(hostile_edu)) {
		pci_dev_put(hostile_edu);
		hostile_edu = NULL;
	}
	return 0;
}

static void hostile_suite_exit(struct kunit_suite *suite)
{
	if (hostile_edu) {
		pci_disable_device(hostile_edu);
		pci_dev_put(hostile_edu);
	}
	/* One line for scripts/check-hostile.sh */
	pr_info("tdx_emu_hostile: seed %llu fail_rate %u/256 rounds %u: %d answered, %d failed by the VMM, %d wrong\n",
		hostile_seed, fail_rate, rounds,
		atomic_read(&hostile_total_handled),
		atomic_read(&hostile_total_failed),
		atomic_read(&hostile_total_bad));
}

static struct kunit_case tdx_emu_hostile_cases[] = {
	KUNIT_CASE(hostile_inb),
	KUNIT_CASE(hostile_inw),
	KUNIT_CASE(hostile_inl),
	KUNIT_CASE(hostile_outb),
	KUNIT_CASE(hostile_readb_bl),
	KUNIT_CASE(hostile_readw_ax),
	KUNIT_CASE(hostile_readl_r9d),
	KUNIT_CASE(hostile_readq_rax),
	KUNIT_CASE(hostile_writel),
	KUNIT_CASE(hostile_cpuid_40000000),
	KUNIT_CASE(hostile_rdmsr_mtrrcap),
	KUNIT_CASE(hostile_wrmsr_misc_features),
	{}
};

static struct kunit_suite tdx_emu_hostile_suite = {
	.name = "tdx_emu_hostile",
	.suite_init = hostile_suite_init,
	.suite_exit = hostile_suite_exit,
	.init = hostile_test_init,
	.test_cases = tdx_emu_hostile_cases,
};

kunit_test_suite(tdx_emu_hostile_suite);

MODULE_DESCRIPTION("The TDX #VE handler against the emulated TD's hostile VMM");
MODULE_LICENSE("GPL");
