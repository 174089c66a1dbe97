// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the emulated TD (QEMU -cpu ...,tdx-emu=on), run inside
 * the guest: every TDCALL leaf of the model with good and bad operands,
 * every TDG.VP.VMCALL sub-function of its VMM, and every class of
 * instruction that raises #VE, checked against the model's own #VE
 * counters (its vendor TDG.VP.VMCALL) and the #VE information the kernel
 * received.  Skips everything on anything but the emulated TD.
 *
 * Not shipped: the test of the emulator, loaded by tests/guest/emu.sh.
 */
#include <linux/debugfs.h>
#include <linux/io.h>
#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/seq_file.h>
#include <kunit/test.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/tdx.h>
#include <asm/vmx.h>

#include "tdx_emu.h"

/* TDX module ABI: completion status */
#define EMU_TDX_SUCCESS			0ULL
#define EMU_TDX_OPERAND_INVALID		0xC000010000000000ULL
#define EMU_TDX_NO_VALID_VE_INFO	0xC000070400000000ULL
#define EMU_TDX_PAGE_ALREADY_ACCEPTED	0x00000B0A00000000ULL
#define EMU_TDX_FIELD_ID_INCORRECT	0xC0000C0000000000ULL
#define EMU_TDX_FIELD_NOT_WRITABLE	0xC0000C0100000000ULL
#define EMU_TDX_FIELD_VALUE_NOT_VALID	0xC0000C0300000000ULL

#define EMU_TDCS_NOTIFY_ENABLES		0x9100000000000010ULL
#define EMU_TDCS_CONFIG_FLAGS		0x1110000300000016ULL
#define EMU_TDCS_TD_CTLS		0x1110000300000017ULL
#define EMU_TDCS_TOPOLOGY_ENUM_CONFIGURED 0x9100000000000019ULL
#define EMU_TD_CTLS_PENDING_VE_DISABLE	BIT_ULL(0)
#define EMU_TD_CTLS_REDUCE_VE		BIT_ULL(3)
#define EMU_ATTR_SEPT_VE_DISABLE	BIT_ULL(28)

#define EMU_MSR_GP			0x8c	/* #GP in a TD */

/*
 * The #VE information the kernel's handler last received on each CPU, and
 * the last one of a HLT (the interrupt that ends a HLT takes #VEs of its
 * own before the test looks)
 */
static DEFINE_PER_CPU(struct ve_info, emu_last_ve);
static DEFINE_PER_CPU(struct ve_info, emu_last_hlt_ve);
static bool emu_have_kprobe;

static int emu_ve_pre(struct kprobe *p, struct pt_regs *regs)
{
	/* tdx_handle_virt_exception(struct pt_regs *regs, struct ve_info *ve) */
	struct ve_info *ve = (struct ve_info *)regs->si;

	*this_cpu_ptr(&emu_last_ve) = *ve;
	if (ve->exit_reason == EXIT_REASON_HLT)
		*this_cpu_ptr(&emu_last_hlt_ve) = *ve;
	return 0;
}

static struct kprobe emu_ve_kprobe = {
	.symbol_name = "tdx_handle_virt_exception",
	.pre_handler = emu_ve_pre,
};

struct emu_ve_run {
	u64 delta[EMU_NR_CLASSES];
	struct ve_info ve;
	struct ve_info hlt_ve;
};

/*
 * Run @fn(@arg) on this CPU with interrupts off and record what it cost:
 * the model's #VE counts of this CPU before and after, and the #VE
 * information of the last #VE the kernel handled.
 */
static void emu_run(struct emu_ve_run *run, void (*fn)(void *), void *arg)
{
	u64 before[EMU_NR_CLASSES];
	unsigned long flags;
	unsigned int cpu;
	int c;

	local_irq_save(flags);
	cpu = smp_processor_id();
	for (c = 0; c < EMU_NR_CLASSES; c++)
		before[c] = emu_count(cpu, c);
	memset(this_cpu_ptr(&emu_last_ve), 0, sizeof(struct ve_info));
	memset(this_cpu_ptr(&emu_last_hlt_ve), 0, sizeof(struct ve_info));
	fn(arg);
	for (c = 0; c < EMU_NR_CLASSES; c++)
		run->delta[c] = emu_count(cpu, c) - before[c];
	run->ve = *this_cpu_ptr(&emu_last_ve);
	run->hlt_ve = *this_cpu_ptr(&emu_last_hlt_ve);
	local_irq_restore(flags);
}

/* Exactly one #VE, of class @class; and, with the kprobe, its exit reason */
static void emu_expect_one(struct kunit *test, struct emu_ve_run *run,
			   enum emu_class class, u32 exit_reason)
{
	int c;

	for (c = 0; c < EMU_NR_CLASSES; c++)
		KUNIT_EXPECT_EQ_MSG(test, run->delta[c], c == class ? 1ULL : 0ULL,
				    "#VE class %d", c);
	if (emu_have_kprobe)
		KUNIT_EXPECT_EQ(test, run->ve.exit_reason, (u64)exit_reason);
}

static void emu_expect_none(struct kunit *test, struct emu_ve_run *run)
{
	int c;

	for (c = 0; c < EMU_NR_CLASSES; c++)
		KUNIT_EXPECT_EQ_MSG(test, run->delta[c], 0ULL, "#VE class %d", c);
}

static unsigned int emu_gpaw;

static u64 emu_shared_bit(void)
{
	return BIT_ULL(emu_gpaw - 1);
}

static struct pci_dev *emu_edu;

static int emu_suite_init(struct kunit_suite *suite)
{
	struct emu_regs r = { .rax = EMU_TDG_VP_INFO };

	if (cpu_feature_enabled(X86_FEATURE_TDX_GUEST)) {
		emu_tdcall(&r);
		emu_gpaw = r.rcx & 0x3f;
	}
	emu_edu = pci_get_device(0x1234, 0x11e8, NULL);
	if (emu_edu && pci_enable_device(emu_edu)) {
		pci_dev_put(emu_edu);
		emu_edu = NULL;
	}
	emu_have_kprobe = IS_ENABLED(CONFIG_KPROBES) &&
			  !register_kprobe(&emu_ve_kprobe);
	return 0;
}

static void emu_suite_exit(struct kunit_suite *suite)
{
	if (emu_have_kprobe)
		unregister_kprobe(&emu_ve_kprobe);
	if (emu_edu) {
		pci_disable_device(emu_edu);
		pci_dev_put(emu_edu);
	}
}

static int emu_test_init(struct kunit *test)
{
	struct emu_regs r = {};

	if (!cpu_feature_enabled(X86_FEATURE_TDX_GUEST))
		kunit_skip(test, "not a TDX guest");
	if (emu_vmcall(&r, EMU_VENDOR, EMU_VENDOR_PROBE) || r.r11 != 1)
		kunit_skip(test, "not the emulated TD (vendor probe: %llx)",
			   r.r10);
	return 0;
}

/* TDCALL leaves */

static void tdcall_vp_info(struct kunit *test)
{
	struct emu_regs r = { .rax = EMU_TDG_VP_INFO }, p = {};
	unsigned int cpu;

	preempt_disable();
	cpu = smp_processor_id();
	emu_tdcall(&r);
	emu_vmcall(&p, EMU_VENDOR, EMU_VENDOR_PROBE);
	preempt_enable();

	KUNIT_EXPECT_EQ(test, r.rax, EMU_TDX_SUCCESS);
	KUNIT_EXPECT_TRUE(test, r.rcx == 52 || r.rcx == 48);
	KUNIT_EXPECT_EQ(test, r.rdx, EMU_ATTR_SEPT_VE_DISABLE);
	KUNIT_EXPECT_EQ(test, r.r8 & 0xffffffff, p.r12);
	KUNIT_EXPECT_GE(test, r.r8 >> 32, p.r12);
	KUNIT_EXPECT_EQ(test, r.r8 & 0xffffffff, (u64)num_possible_cpus());
	KUNIT_EXPECT_EQ(test, r.r9, (u64)cpu);
	KUNIT_EXPECT_EQ(test, p.r13, (u64)cpu);
	KUNIT_EXPECT_EQ(test, r.r10, 0ULL);
	KUNIT_EXPECT_EQ(test, r.r11, 0ULL);
	KUNIT_EXPECT_EQ(test, p.r14, (u64)EMU_NR_CLASSES);
}

static void tdcall_bad_leaf(struct kunit *test)
{
	struct emu_regs r = { .rax = 0x99 };

	emu_tdcall(&r);
	KUNIT_EXPECT_EQ(test, r.rax, EMU_TDX_OPERAND_INVALID);
	r = (struct emu_regs){ .rax = EMU_TDG_VP_INFO | BIT_ULL(40) };
	emu_tdcall(&r);
	KUNIT_EXPECT_EQ(test, r.rax, EMU_TDX_OPERAND_INVALID);
	/* Versions exist only for VEINFO.GET and VM.RD */
	r = (struct emu_regs){ .rax = EMU_TDG_VP_INFO | 1 << 16 };
	emu_tdcall(&r);
	KUNIT_EXPECT_EQ(test, r.rax, EMU_TDX_OPERAND_INVALID);
}

static void tdcall_veinfo_get(struct kunit *test)
{
	struct emu_regs r = {
		.rax = EMU_TDG_VP_VEINFO_GET, .rcx = 1, .rdx = 2, .r8 = 3,
		.r9 = 4, .r10 = 5,
	};
	u32 regs[4];

	/* The kernel read the #VE information of its last #VE already */
	emu_cpuid_count(0x40000000, 0, regs);
	emu_tdcall(&r);
	KUNIT_EXPECT_EQ(test, r.rax, EMU_TDX_NO_VALID_VE_INFO);
	KUNIT_EXPECT_EQ(test, r.rcx | r.rdx | r.r8 | r.r9 | r.r10, 0ULL);

	r = (struct emu_regs){ .rax = EMU_TDG_VP_VEINFO_GET | 2 << 16 };
	emu_tdcall(&r);
	KUNIT_EXPECT_EQ(test, r.rax, EMU_TDX_OPERAND_INVALID);
}

static u64 emu_vm_rd(u64 field, u64 *val)
{
	struct emu_regs r = { .rax = EMU_TDG_VM_RD, .rdx = field };

	emu_tdcall(&r);
	*val = r.r8;
	return r.rax;
}

static u64 emu_vm_wr(u64 field, u64 val, u64 mask, u64 *old)
{
	struct emu_regs r = {
		.rax = EMU_TDG_VM_WR, .rdx = field, .r8 = val, .r9 = mask,
	};

	emu_tdcall(&r);
	*old = r.r8;
	return r.rax;
}

static void tdcall_vm_rd(struct kunit *test)
{
	struct emu_regs r = { .rax = EMU_TDG_VM_RD, .rcx = 1,
			      .rdx = EMU_TDCS_TD_CTLS };
	u64 val;

	KUNIT_EXPECT_EQ(test, emu_vm_rd(EMU_TDCS_CONFIG_FLAGS, &val),
			EMU_TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, val, 0ULL);
	KUNIT_EXPECT_EQ(test, emu_vm_rd(EMU_TDCS_TOPOLOGY_ENUM_CONFIGURED, &val),
			EMU_TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, val, 1ULL);
	KUNIT_EXPECT_EQ(test, emu_vm_rd(EMU_TDCS_TD_CTLS, &val), EMU_TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, val & EMU_TD_CTLS_REDUCE_VE, 0ULL);
	KUNIT_EXPECT_EQ(test, emu_vm_rd(0x1110000300000099ULL, &val),
			EMU_TDX_FIELD_ID_INCORRECT);
	emu_tdcall(&r);
	KUNIT_EXPECT_EQ(test, r.rax, EMU_TDX_OPERAND_INVALID | 1);
}

static void tdcall_vm_wr(struct kunit *test)
{
	u64 ctls, old;

	KUNIT_ASSERT_EQ(test, emu_vm_rd(EMU_TDCS_TD_CTLS, &ctls), EMU_TDX_SUCCESS);
	/* A TDX module 1.5 has no REDUCE_VE: what Linux 7.3 falls back from */
	KUNIT_EXPECT_EQ(test, emu_vm_wr(EMU_TDCS_TD_CTLS, EMU_TD_CTLS_REDUCE_VE,
					EMU_TD_CTLS_REDUCE_VE, &old),
			EMU_TDX_FIELD_NOT_WRITABLE);
	/* Without CONFIG_FLAGS.FLEXIBLE_PENDING_VE the bit cannot change */
	KUNIT_EXPECT_EQ(test, emu_vm_wr(EMU_TDCS_TD_CTLS,
					~ctls & EMU_TD_CTLS_PENDING_VE_DISABLE,
					EMU_TD_CTLS_PENDING_VE_DISABLE, &old),
			EMU_TDX_FIELD_VALUE_NOT_VALID);
	/* Writing back what is there succeeds and returns it */
	KUNIT_EXPECT_EQ(test, emu_vm_wr(EMU_TDCS_TD_CTLS, ctls, BIT_ULL(1), &old),
			EMU_TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, old, ctls);
	KUNIT_EXPECT_EQ(test, emu_vm_wr(EMU_TDCS_NOTIFY_ENABLES, 0, ~0ULL, &old),
			EMU_TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, emu_vm_wr(EMU_TDCS_CONFIG_FLAGS, 2, 2, &old),
			EMU_TDX_FIELD_NOT_WRITABLE);
}

static u64 emu_accept(u64 arg)
{
	struct emu_regs r = { .rax = EMU_TDG_MEM_PAGE_ACCEPT, .rcx = arg };

	emu_tdcall(&r);
	return r.rax;
}

static u64 emu_map_gpa(u64 gpa, u64 size, u64 *r11)
{
	struct emu_regs r = { .r12 = gpa, .r13 = size };
	u64 ret = emu_vmcall(&r, TDX_HYPERCALL_STANDARD, EMU_VMCALL_MAP_GPA);

	*r11 = r.r11;
	return ret;
}

static void tdcall_mem_page_accept(struct kunit *test)
{
	struct page *page = alloc_page(GFP_KERNEL);
	u64 gpa, r11;

	KUNIT_ASSERT_NOT_NULL(test, page);
	gpa = page_to_phys(page);
	/* A page the TD owns from the start is accepted already */
	KUNIT_EXPECT_EQ(test, emu_accept(gpa), EMU_TDX_PAGE_ALREADY_ACCEPTED);
	KUNIT_EXPECT_EQ(test, emu_accept(gpa | 2), EMU_TDX_OPERAND_INVALID | 1);
	KUNIT_EXPECT_EQ(test, emu_accept(gpa | 0x10), EMU_TDX_OPERAND_INVALID | 1);
	KUNIT_EXPECT_EQ(test, emu_accept(gpa | 1), EMU_TDX_OPERAND_INVALID | 1);
	KUNIT_EXPECT_EQ(test, emu_accept(gpa | emu_shared_bit()),
			EMU_TDX_OPERAND_INVALID | 1);
	/* Shared, then private again: pending until accepted, then accepted */
	KUNIT_EXPECT_EQ(test, emu_map_gpa(gpa | emu_shared_bit(), PAGE_SIZE, &r11),
			EMU_VMCALL_SUCCESS);
	KUNIT_EXPECT_EQ(test, emu_map_gpa(gpa, PAGE_SIZE, &r11), EMU_VMCALL_SUCCESS);
	KUNIT_EXPECT_EQ(test, emu_accept(gpa), EMU_TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, emu_accept(gpa), EMU_TDX_PAGE_ALREADY_ACCEPTED);
	__free_page(page);
}

static void tdcall_no_attestation(struct kunit *test)
{
	struct emu_regs r = { .rax = EMU_TDG_MR_REPORT };

	emu_tdcall(&r);
	KUNIT_EXPECT_EQ(test, r.rax, EMU_TDX_OPERAND_INVALID | 1);
	r = (struct emu_regs){ .rax = EMU_TDG_MR_RTMR_EXTEND };
	emu_tdcall(&r);
	KUNIT_EXPECT_EQ(test, r.rax, EMU_TDX_OPERAND_INVALID | 1);
}

static void emu_cpuid0(void *arg)
{
	emu_cpuid_count(0, 0, arg);
}

static void tdcall_cpuidve_set(struct kunit *test)
{
	struct emu_regs r = { .rax = EMU_TDG_VP_CPUIDVE_SET, .rcx = 4 };
	struct emu_ve_run run;
	u32 regs[4];

	emu_tdcall(&r);
	KUNIT_EXPECT_EQ(test, r.rax, EMU_TDX_OPERAND_INVALID | 1);

	/* #VE on every CPUID at CPL 0: the kernel answers leaf 0 with zeros */
	preempt_disable();
	r = (struct emu_regs){ .rax = EMU_TDG_VP_CPUIDVE_SET, .rcx = 1 };
	emu_tdcall(&r);
	KUNIT_EXPECT_EQ(test, r.rax, EMU_TDX_SUCCESS);
	emu_run(&run, emu_cpuid0, regs);
	r = (struct emu_regs){ .rax = EMU_TDG_VP_CPUIDVE_SET, .rcx = 0 };
	emu_tdcall(&r);
	preempt_enable();
	emu_expect_one(test, &run, EMU_CPUID, 10);
	KUNIT_EXPECT_EQ(test, regs[0] | regs[1] | regs[2] | regs[3], 0U);

	emu_run(&run, emu_cpuid0, regs);
	emu_expect_none(test, &run);
	KUNIT_EXPECT_GE(test, regs[0], 0x21U);
}

/* TDG.VP.VMCALL: the VMM */

static void vmcall_mask(struct kunit *test)
{
	struct emu_regs r = { .rax = EMU_TDG_VP_VMCALL,
			      .rcx = EMU_VMCALL_MASK | BIT(4) };

	emu_tdcall(&r);
	KUNIT_EXPECT_EQ(test, r.rax, EMU_TDX_OPERAND_INVALID | 1);
	r = (struct emu_regs){ .rax = EMU_TDG_VP_VMCALL,
			       .rcx = EMU_VMCALL_MASK | BIT_ULL(32) };
	emu_tdcall(&r);
	KUNIT_EXPECT_EQ(test, r.rax, EMU_TDX_OPERAND_INVALID | 1);
	/* Registers not in the mask keep their values; RCX = the mask */
	r = (struct emu_regs){ .rax = EMU_TDG_VP_VMCALL, .rcx = BIT(10),
			       .r10 = 1, .r11 = 0x1234, .r12 = 0x5678 };
	emu_tdcall(&r);
	KUNIT_EXPECT_EQ(test, r.rax, EMU_TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, r.rcx, (u64)BIT(10));
	KUNIT_EXPECT_EQ(test, r.r10, (u64)-1000);	/* -KVM_ENOSYS */
	KUNIT_EXPECT_EQ(test, r.r11, 0x1234ULL);
	KUNIT_EXPECT_EQ(test, r.r12, 0x5678ULL);
}

static u64 emu_io(u64 size, u64 out, u64 port, u64 val, u64 *in)
{
	struct emu_regs r = { .r12 = size, .r13 = out, .r14 = port, .r15 = val };
	u64 ret = emu_vmcall(&r, TDX_HYPERCALL_STANDARD, EMU_VMCALL_IO);

	*in = r.r11;
	return ret;
}

static void vmcall_io(struct kunit *test)
{
	u64 in;

	KUNIT_EXPECT_EQ(test, emu_io(1, 1, EMU_UART_SCR, 0xffffff5a, &in),
			EMU_VMCALL_SUCCESS);
	KUNIT_EXPECT_EQ(test, emu_io(1, 0, EMU_UART_SCR, 0, &in),
			EMU_VMCALL_SUCCESS);
	KUNIT_EXPECT_EQ(test, in, 0x5aULL);
	KUNIT_EXPECT_EQ(test, emu_io(3, 0, EMU_UART_SCR, 0, &in),
			EMU_VMCALL_INVALID_OPERAND);
	KUNIT_EXPECT_EQ(test, emu_io(1, 2, EMU_UART_SCR, 0, &in),
			EMU_VMCALL_INVALID_OPERAND);
	KUNIT_EXPECT_EQ(test, emu_io(1, 0, 0x10000, 0, &in),
			EMU_VMCALL_INVALID_OPERAND);
}

static u64 emu_mmio(u64 size, u64 write, u64 gpa, u64 val, u64 *rd)
{
	struct emu_regs r = { .r12 = size, .r13 = write, .r14 = gpa, .r15 = val };
	u64 ret = emu_vmcall(&r, TDX_HYPERCALL_STANDARD, EMU_VMCALL_MMIO);

	*rd = r.r11;
	return ret;
}

static void vmcall_mmio(struct kunit *test)
{
	u64 bar, val;

	if (!emu_edu)
		kunit_skip(test, "no edu device (-device edu)");
	bar = pci_resource_start(emu_edu, 0) | emu_shared_bit();
	KUNIT_EXPECT_EQ(test, emu_mmio(4, 0, bar, 0, &val), EMU_VMCALL_SUCCESS);
	KUNIT_EXPECT_EQ(test, val, (u64)EMU_EDU_ID);
	/* edu's liveness register reads back the complement */
	KUNIT_EXPECT_EQ(test, emu_mmio(4, 1, bar + 4, 0x12345678, &val),
			EMU_VMCALL_SUCCESS);
	KUNIT_EXPECT_EQ(test, emu_mmio(4, 0, bar + 4, 0, &val), EMU_VMCALL_SUCCESS);
	KUNIT_EXPECT_EQ(test, val, (u64)(u32)~0x12345678);
	KUNIT_EXPECT_EQ(test, emu_mmio(4, 0, bar & ~emu_shared_bit(), 0, &val),
			EMU_VMCALL_INVALID_OPERAND);
	KUNIT_EXPECT_EQ(test, emu_mmio(3, 0, bar, 0, &val),
			EMU_VMCALL_INVALID_OPERAND);
	KUNIT_EXPECT_EQ(test, emu_mmio(4, 2, bar, 0, &val),
			EMU_VMCALL_INVALID_OPERAND);
	KUNIT_EXPECT_EQ(test, emu_mmio(8, 0, bar + PAGE_SIZE - 4, 0, &val),
			EMU_VMCALL_INVALID_OPERAND);
}

static void vmcall_cpuid(struct kunit *test)
{
	struct emu_regs r = { .r12 = 0x40000000, .r13 = 0 };
	char sig[13] = {};

	KUNIT_EXPECT_EQ(test, emu_vmcall(&r, TDX_HYPERCALL_STANDARD,
					 EMU_VMCALL_CPUID), EMU_VMCALL_SUCCESS);
	/* The VMM of a TD is KVM, and says so */
	memcpy(sig, &r.r13, 4);
	memcpy(sig + 4, &r.r14, 4);
	memcpy(sig + 8, &r.r15, 4);
	KUNIT_EXPECT_STREQ(test, sig, "KVMKVMKVM");
	KUNIT_EXPECT_EQ(test, r.r15, 0x4dULL);
	KUNIT_EXPECT_EQ(test, r.r12, 0x40000001ULL);
	/* ... with no paravirtual feature */
	r = (struct emu_regs){ .r12 = 0x40000001 };
	KUNIT_EXPECT_EQ(test, emu_vmcall(&r, TDX_HYPERCALL_STANDARD,
					 EMU_VMCALL_CPUID), EMU_VMCALL_SUCCESS);
	KUNIT_EXPECT_EQ(test, r.r12 | r.r13 | r.r14 | r.r15, 0ULL);
}

static u64 emu_rdmsr(u64 msr, u64 *val)
{
	struct emu_regs r = { .r12 = msr };
	u64 ret = emu_vmcall(&r, TDX_HYPERCALL_STANDARD, EMU_VMCALL_RDMSR);

	*val = r.r11;
	return ret;
}

static u64 emu_wrmsr(u64 msr, u64 val)
{
	struct emu_regs r = { .r12 = msr, .r13 = val };

	return emu_vmcall(&r, TDX_HYPERCALL_STANDARD, EMU_VMCALL_WRMSR);
}

static void vmcall_msr(struct kunit *test)
{
	u64 val;

	KUNIT_EXPECT_EQ(test, emu_rdmsr(MSR_IA32_APICBASE, &val),
			EMU_VMCALL_SUCCESS);
	KUNIT_EXPECT_EQ(test, val & MSR_IA32_APICBASE_BASE, 0xfee00000ULL);
	KUNIT_EXPECT_TRUE(test, val & X2APIC_ENABLE);
	/* KVM emulates APIC_BASE read-only and no kvmclock MSR for a TD */
	KUNIT_EXPECT_EQ(test, emu_wrmsr(MSR_IA32_APICBASE, val),
			EMU_VMCALL_INVALID_OPERAND);
	KUNIT_EXPECT_EQ(test, emu_rdmsr(0x4b564d01, &val),
			EMU_VMCALL_INVALID_OPERAND);
	KUNIT_EXPECT_EQ(test, emu_rdmsr(BIT_ULL(32) | MSR_IA32_APICBASE, &val),
			EMU_VMCALL_INVALID_OPERAND);
	KUNIT_EXPECT_EQ(test, emu_rdmsr(EMU_MSR_MISC_FEATURES, &val),
			EMU_VMCALL_SUCCESS);
	KUNIT_EXPECT_EQ(test, emu_wrmsr(EMU_MSR_MISC_FEATURES, val),
			EMU_VMCALL_SUCCESS);
}

static void vmcall_hlt(struct kunit *test)
{
	struct emu_regs r = { .r12 = 0 };
	unsigned long flags;
	u64 ret;

	/*
	 * As tdx_halt() does: interrupts off, R12 = 0 ("not blocked"); the
	 * VMM must still wake the vCPU at the next interrupt (the tick).
	 */
	local_irq_save(flags);
	ret = emu_vmcall(&r, TDX_HYPERCALL_STANDARD, EMU_VMCALL_HLT);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, ret, EMU_VMCALL_SUCCESS);
}

static void vmcall_map_gpa(struct kunit *test)
{
	u64 gpa = 0x100000 | emu_shared_bit(), r11;

	KUNIT_EXPECT_EQ(test, emu_map_gpa(gpa, PAGE_SIZE + 1, &r11),
			EMU_VMCALL_ALIGN_ERROR);
	KUNIT_EXPECT_EQ(test, emu_map_gpa(gpa - PAGE_SIZE, 2 * PAGE_SIZE, &r11),
			EMU_VMCALL_SUCCESS);
	/* Half private, half shared */
	KUNIT_EXPECT_EQ(test, emu_map_gpa(emu_shared_bit() - PAGE_SIZE,
					  2 * PAGE_SIZE, &r11),
			EMU_VMCALL_INVALID_OPERAND);
	KUNIT_EXPECT_EQ(test, r11, emu_shared_bit() - PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, emu_map_gpa(gpa, 0, &r11),
			EMU_VMCALL_INVALID_OPERAND);
}

static void vmcall_other(struct kunit *test)
{
	struct emu_regs r = { .r12 = 0x100000 };

	KUNIT_EXPECT_EQ(test, emu_vmcall(&r, TDX_HYPERCALL_STANDARD,
					 EMU_VMCALL_GET_QUOTE),
			EMU_VMCALL_INVALID_OPERAND);
	r = (struct emu_regs){ .r12 = 0x100000 | emu_shared_bit() };
	KUNIT_EXPECT_EQ(test, emu_vmcall(&r, TDX_HYPERCALL_STANDARD,
					 EMU_VMCALL_GET_QUOTE),
			EMU_VMCALL_SUBFUNC_UNSUPPORTED);
	r = (struct emu_regs){ .r12 = 10 };
	KUNIT_EXPECT_EQ(test, emu_vmcall(&r, TDX_HYPERCALL_STANDARD,
					 EMU_VMCALL_SETUP_EVENT_NOTIFY),
			EMU_VMCALL_INVALID_OPERAND);
	r = (struct emu_regs){ .r12 = 0xf3 };
	KUNIT_EXPECT_EQ(test, emu_vmcall(&r, TDX_HYPERCALL_STANDARD,
					 EMU_VMCALL_SETUP_EVENT_NOTIFY),
			EMU_VMCALL_SUCCESS);
	r = (struct emu_regs){ .r11 = 7, .r12 = 0, .r13 = 7, .r14 = 7 };
	KUNIT_EXPECT_EQ(test, emu_vmcall(&r, TDX_HYPERCALL_STANDARD,
					 EMU_VMCALL_GET_TD_VM_CALL_INFO),
			EMU_VMCALL_SUCCESS);
	KUNIT_EXPECT_EQ(test, r.r11 | r.r12 | r.r13 | r.r14, 0ULL);
	r = (struct emu_regs){ .r12 = 1 };
	KUNIT_EXPECT_EQ(test, emu_vmcall(&r, TDX_HYPERCALL_STANDARD,
					 EMU_VMCALL_GET_TD_VM_CALL_INFO),
			EMU_VMCALL_INVALID_OPERAND);
	r = (struct emu_regs){};
	KUNIT_EXPECT_EQ(test, emu_vmcall(&r, TDX_HYPERCALL_STANDARD, 0x12345),
			EMU_VMCALL_SUBFUNC_UNSUPPORTED);
}

static void vmcall_vendor(struct kunit *test)
{
	struct emu_regs r = { .r12 = num_possible_cpus(), .r13 = 0 };

	KUNIT_EXPECT_EQ(test, emu_vmcall(&r, EMU_VENDOR, EMU_VENDOR_VE_COUNT),
			EMU_VMCALL_INVALID_OPERAND);
	r = (struct emu_regs){ .r12 = 0, .r13 = EMU_NR_CLASSES };
	KUNIT_EXPECT_EQ(test, emu_vmcall(&r, EMU_VENDOR, EMU_VENDOR_VE_COUNT),
			EMU_VMCALL_INVALID_OPERAND);
	r = (struct emu_regs){ .r12 = 0, .r13 = 0, .r14 = 2 };
	KUNIT_EXPECT_EQ(test, emu_vmcall(&r, EMU_VENDOR, EMU_VENDOR_VE_COUNT),
			EMU_VMCALL_INVALID_OPERAND);
	r = (struct emu_regs){};
	KUNIT_EXPECT_EQ(test, emu_vmcall(&r, EMU_VENDOR, 9),
			EMU_VMCALL_SUBFUNC_UNSUPPORTED);
	/* The boot CPU has taken port I/O #VEs (the serial console) */
	KUNIT_EXPECT_GT(test, emu_count(0, EMU_IO_OUT), 0ULL);
}

/* Instructions that raise #VE, through the kernel's handler */

static void emu_io_out_in(void *arg)
{
	u8 *val = arg;

	outb(0xa5, EMU_UART_SCR);
	*val = inb(EMU_UART_SCR);
}

static void emu_io_in(void *arg)
{
	*(u8 *)arg = inb(EMU_UART_SCR);
}

static void ve_io(struct kunit *test)
{
	struct emu_ve_run run;
	u8 val = 0;

	emu_run(&run, emu_io_out_in, &val);
	KUNIT_EXPECT_EQ(test, val, 0xa5);
	KUNIT_EXPECT_EQ(test, run.delta[EMU_IO_OUT], 1ULL);
	KUNIT_EXPECT_EQ(test, run.delta[EMU_IO_IN], 1ULL);

	emu_run(&run, emu_io_in, &val);
	emu_expect_one(test, &run, EMU_IO_IN, 30);
	if (emu_have_kprobe) {
		/* SDM I/O qualification: size - 1, IN, port; "in %dx,%al" */
		KUNIT_EXPECT_EQ(test, run.ve.exit_qual,
				(u64)(EMU_UART_SCR << 16 | BIT(3)));
		KUNIT_EXPECT_EQ(test, run.ve.instr_len, 1U);
	}
}

static void emu_io_string(void *arg)
{
	unsigned long count = 1;
	u8 *buf = arg;

	/* The kernel refuses string I/O: the fixup skips the instruction */
	asm volatile("1: rep insb\n"
		     "2:\n"
		     _ASM_EXTABLE(1b, 2b)
		     : "+D" (buf), "+c" (count)
		     : "d" (EMU_UART_SCR)
		     : "memory");
	*(unsigned long *)arg = count;
}

static void ve_io_string(struct kunit *test)
{
	unsigned long buf = 0;
	struct emu_ve_run run;

	emu_run(&run, emu_io_string, &buf);
	emu_expect_one(test, &run, EMU_IO_STRING, 30);
	KUNIT_EXPECT_EQ(test, buf, 1UL);	/* RCX untouched */
	if (emu_have_kprobe)
		KUNIT_EXPECT_EQ(test, run.ve.exit_qual,
				(u64)(EMU_UART_SCR << 16 | BIT(5) | BIT(4) | BIT(3)));
}

struct emu_mmio_arg {
	void __iomem *base;
	u32 val;
};

static void emu_mmio_read(void *arg)
{
	struct emu_mmio_arg *a = arg;

	a->val = readl(a->base);
}

static void emu_mmio_write(void *arg)
{
	struct emu_mmio_arg *a = arg;

	writel(a->val, a->base + 4);
}

static void ve_mmio(struct kunit *test)
{
	struct emu_mmio_arg a;
	struct emu_ve_run run;
	u64 bar;

	if (!emu_edu)
		kunit_skip(test, "no edu device (-device edu)");
	bar = pci_resource_start(emu_edu, 0);
	a.base = ioremap(bar, PAGE_SIZE);
	KUNIT_ASSERT_TRUE(test, !!a.base);

	emu_run(&run, emu_mmio_read, &a);
	emu_expect_one(test, &run, EMU_MMIO_READ, 48);
	KUNIT_EXPECT_EQ(test, a.val, (u32)EMU_EDU_ID);
	if (emu_have_kprobe) {
		/* A shared GPA; read; GLA valid and translated */
		KUNIT_EXPECT_EQ(test, run.ve.gpa, bar | emu_shared_bit());
		KUNIT_EXPECT_EQ(test, run.ve.gla, (u64)(unsigned long)a.base);
		KUNIT_EXPECT_EQ(test, run.ve.exit_qual, 0x181ULL);
	}

	a.val = 0xcafe0000;
	emu_run(&run, emu_mmio_write, &a);
	emu_expect_one(test, &run, EMU_MMIO_WRITE, 48);
	if (emu_have_kprobe) {
		KUNIT_EXPECT_EQ(test, run.ve.gpa, (bar + 4) | emu_shared_bit());
		KUNIT_EXPECT_EQ(test, run.ve.exit_qual, 0x182ULL);
	}
	KUNIT_EXPECT_EQ(test, readl(a.base + 4), ~0xcafe0000U);
	iounmap(a.base);
}

struct emu_cpuid_arg {
	u32 leaf;
	u32 regs[4];
};

static void emu_cpuid(void *arg)
{
	struct emu_cpuid_arg *c = arg;

	emu_cpuid_count(c->leaf, 0, c->regs);
}

static void ve_cpuid(struct kunit *test)
{
	struct emu_cpuid_arg c = { .leaf = 0x40000000 };
	struct emu_ve_run run;

	/* The hypervisor range: the kernel asks the VMM */
	emu_run(&run, emu_cpuid, &c);
	emu_expect_one(test, &run, EMU_CPUID, 10);
	KUNIT_EXPECT_EQ(test, c.regs[1], 0x4b4d564bU);	/* "KVMK" */
	if (emu_have_kprobe)
		KUNIT_EXPECT_EQ(test, run.ve.instr_len, 2U);

	/* A leaf the TDX module leaves to the guest: zeros */
	c = (struct emu_cpuid_arg){ .leaf = 6 };
	emu_run(&run, emu_cpuid, &c);
	emu_expect_one(test, &run, EMU_CPUID, 10);
	KUNIT_EXPECT_EQ(test, c.regs[0] | c.regs[1] | c.regs[2] | c.regs[3], 0U);

	/* The TDX module's own leaf: no #VE */
	c = (struct emu_cpuid_arg){ .leaf = 0x21 };
	emu_run(&run, emu_cpuid, &c);
	emu_expect_none(test, &run);
	KUNIT_EXPECT_EQ(test, c.regs[1], 0x65746e49U);	/* "Inte" */
	KUNIT_EXPECT_EQ(test, c.regs[3], 0x5844546cU);	/* "lTDX" */
	KUNIT_EXPECT_EQ(test, c.regs[2], 0x20202020U);
}

struct emu_msr_arg {
	u32 msr;
	u64 val;
	int err;
};

static void emu_rdmsr_safe(void *arg)
{
	struct emu_msr_arg *m = arg;

	u32 lo, hi;

	m->err = rdmsr_safe(m->msr, &lo, &hi);
	m->val = (u64)hi << 32 | lo;
}

static void emu_wrmsr_safe(void *arg)
{
	struct emu_msr_arg *m = arg;

	m->err = wrmsr_safe(m->msr, (u32)m->val, m->val >> 32);
}

static void ve_msr(struct kunit *test)
{
	struct emu_msr_arg m = { .msr = MSR_IA32_APICBASE };
	struct emu_ve_run run;

	emu_run(&run, emu_rdmsr_safe, &m);
	emu_expect_one(test, &run, EMU_RDMSR, 31);
	KUNIT_EXPECT_EQ(test, m.err, 0);
	KUNIT_EXPECT_EQ(test, m.val & MSR_IA32_APICBASE_BASE, 0xfee00000ULL);

	/* EFER is the TDX module's: no #VE */
	m = (struct emu_msr_arg){ .msr = MSR_EFER };
	emu_run(&run, emu_rdmsr_safe, &m);
	emu_expect_none(test, &run);
	KUNIT_EXPECT_TRUE(test, m.val & EFER_LMA);

	m = (struct emu_msr_arg){ .msr = EMU_MSR_MISC_FEATURES };
	emu_run(&run, emu_rdmsr_safe, &m);
	emu_expect_one(test, &run, EMU_RDMSR, 31);
	KUNIT_ASSERT_EQ(test, m.err, 0);
	emu_run(&run, emu_wrmsr_safe, &m);
	emu_expect_one(test, &run, EMU_WRMSR, 32);
	KUNIT_EXPECT_EQ(test, m.err, 0);

	/* An MSR the TDX module refuses: #GP, no #VE */
	m = (struct emu_msr_arg){ .msr = EMU_MSR_GP };
	emu_run(&run, emu_rdmsr_safe, &m);
	emu_expect_none(test, &run);
	KUNIT_EXPECT_NE(test, m.err, 0);
}

static void emu_sti_hlt(void *arg)
{
	/* One interrupt (the tick) ends it; interrupts off again after */
	asm volatile("sti; hlt; cli" ::: "memory");
}

static void ve_hlt(struct kunit *test)
{
	struct emu_ve_run run;

	/* Linux 6.15 and later refuse HLT with interrupts on, with a WARN */
	if (TDX_EMU_HLT_STI_REFUSED)
		kunit_skip(test, "the kernel refuses HLT with interrupts enabled");
	emu_run(&run, emu_sti_hlt, NULL);
	KUNIT_EXPECT_EQ(test, run.delta[EMU_HLT], 1ULL);
	if (emu_have_kprobe) {
		KUNIT_EXPECT_EQ(test, run.hlt_ve.exit_reason, (u64)EXIT_REASON_HLT);
		KUNIT_EXPECT_EQ(test, run.hlt_ve.instr_len, 1U);
	}
}

static struct kunit_case tdx_emu_cases[] = {
	KUNIT_CASE(tdcall_vp_info),
	KUNIT_CASE(tdcall_bad_leaf),
	KUNIT_CASE(tdcall_veinfo_get),
	KUNIT_CASE(tdcall_vm_rd),
	KUNIT_CASE(tdcall_vm_wr),
	KUNIT_CASE(tdcall_mem_page_accept),
	KUNIT_CASE(tdcall_no_attestation),
	KUNIT_CASE(tdcall_cpuidve_set),
	KUNIT_CASE(vmcall_mask),
	KUNIT_CASE(vmcall_io),
	KUNIT_CASE(vmcall_mmio),
	KUNIT_CASE(vmcall_cpuid),
	KUNIT_CASE(vmcall_msr),
	KUNIT_CASE(vmcall_hlt),
	KUNIT_CASE(vmcall_map_gpa),
	KUNIT_CASE(vmcall_other),
	KUNIT_CASE(vmcall_vendor),
	KUNIT_CASE(ve_io),
	KUNIT_CASE(ve_io_string),
	KUNIT_CASE(ve_mmio),
	KUNIT_CASE(ve_cpuid),
	KUNIT_CASE(ve_msr),
	KUNIT_CASE(ve_hlt),
	{}
};

static struct kunit_suite tdx_emu_suite = {
	.name = "tdx_emu",
	.suite_init = emu_suite_init,
	.suite_exit = emu_suite_exit,
	.init = emu_test_init,
	.test_cases = tdx_emu_cases,
};

kunit_test_suite(tdx_emu_suite);

static const char * const emu_class_names[EMU_NR_CLASSES] = {
	"io_in", "io_out", "mmio_read", "mmio_write", "cpuid", "rdmsr",
	"wrmsr", "hlt", "io_string", "mmio_private", "other",
};

/*
 * debugfs tdx_emu/counts: the #VEs the emulator injected, summed over its
 * vCPUs, per class and context, for tests/guest/emu.sh to show next to the
 * kernel's own counters.  Read one count at a time: not one instant.
 */
static int emu_counts_show(struct seq_file *m, void *unused)
{
	struct emu_regs p = {};
	unsigned int cpu, ctx;
	u64 n[2];
	int c;

	if (emu_vmcall(&p, EMU_VENDOR, EMU_VENDOR_PROBE) || p.r11 != 1)
		return -ENODEV;
	seq_puts(m, "path             kernel       user\n");
	for (c = 0; c < EMU_NR_CLASSES; c++) {
		for (ctx = 0; ctx < 2; ctx++) {
			n[ctx] = 0;
			for (cpu = 0; cpu < p.r12; cpu++) {
				struct emu_regs r = { .r12 = cpu, .r13 = c,
						      .r14 = ctx };

				if (!emu_vmcall(&r, EMU_VENDOR, EMU_VENDOR_VE_COUNT))
					n[ctx] += r.r11;
			}
		}
		seq_printf(m, "%-12s %10llu %10llu\n", emu_class_names[c],
			   n[0], n[1]);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(emu_counts);

static struct dentry *emu_dir;

static int __init emu_init(void)
{
	/* TDCALL raises #UD anywhere but in a TD */
	if (!cpu_feature_enabled(X86_FEATURE_TDX_GUEST))
		return 0;
	emu_dir = debugfs_create_dir("tdx_emu", NULL);
	debugfs_create_file("counts", 0444, emu_dir, NULL, &emu_counts_fops);
	return 0;
}
module_init(emu_init);

static void __exit emu_exit(void)
{
	debugfs_remove(emu_dir);
}
module_exit(emu_exit);

MODULE_DESCRIPTION("KUnit tests of the emulated TD (QEMU tdx-emu), run in the guest");
MODULE_LICENSE("GPL");
