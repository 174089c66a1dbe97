/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The emulated TD's guest interface (Documentation/emulator.rst), for the
 * test modules that run inside it: TDCALL with every argument register,
 * TDG.VP.VMCALL as the kernel's __tdx_hypercall() issues it, and the
 * model's vendor call that reads its own #VE counts.  Issue none of these
 * outside the emulated TD: TDCALL raises #UD on other CPUs.
 */
#ifndef _TDX_EMU_H
#define _TDX_EMU_H

#include <linux/types.h>

/* TDCALL leaves, TDX module ABI */
#define EMU_TDG_VP_VMCALL		0
#define EMU_TDG_VP_INFO			1
#define EMU_TDG_MR_RTMR_EXTEND		2
#define EMU_TDG_VP_VEINFO_GET		3
#define EMU_TDG_MR_REPORT		4
#define EMU_TDG_VP_CPUIDVE_SET		5
#define EMU_TDG_MEM_PAGE_ACCEPT		6
#define EMU_TDG_VM_RD			7
#define EMU_TDG_VM_WR			8

/* TDG.VP.VMCALL, GHCI: the sub-functions and status codes in R10 */
#define EMU_VMCALL_CPUID		10
#define EMU_VMCALL_HLT			12
#define EMU_VMCALL_IO			30
#define EMU_VMCALL_RDMSR		31
#define EMU_VMCALL_WRMSR		32
#define EMU_VMCALL_MMIO			48
#define EMU_VMCALL_GET_TD_VM_CALL_INFO	0x10000
#define EMU_VMCALL_MAP_GPA		0x10001
#define EMU_VMCALL_GET_QUOTE		0x10002
#define EMU_VMCALL_SETUP_EVENT_NOTIFY	0x10004

#define EMU_VMCALL_SUCCESS		0ULL
#define EMU_VMCALL_INVALID_OPERAND	0x8000000000000000ULL
#define EMU_VMCALL_ALIGN_ERROR		0x8000000000000002ULL
#define EMU_VMCALL_SUBFUNC_UNSUPPORTED	0x8000000000000003ULL

/* RDX RBX RSI RDI R8-R15: what Linux exposes to the VMM */
#define EMU_VMCALL_MASK			0xffccULL

/* The emulator's vendor TDG.VP.VMCALL (R10), see docs/system/i386/tdx-emu.rst */
#define EMU_VENDOR			0x54445845ULL
#define EMU_VENDOR_PROBE		0
#define EMU_VENDOR_VE_COUNT		1

/* The model's #VE classes */
enum emu_class {
	EMU_IO_IN, EMU_IO_OUT, EMU_MMIO_READ, EMU_MMIO_WRITE, EMU_CPUID,
	EMU_RDMSR, EMU_WRMSR, EMU_HLT, EMU_IO_STRING, EMU_MMIO_PRIVATE,
	EMU_OTHER, EMU_NR_CLASSES
};

#define EMU_UART_SCR			0x3ff	/* COM1 scratch register */
#define EMU_EDU_ID			0x010000ed
#define EMU_MSR_MISC_FEATURES		0x140

struct emu_regs {
	u64 rax, rcx, rdx, rbx, rsi, rdi, r8, r9, r10, r11, r12, r13, r14, r15;
};

/* TDCALL with every argument register as the caller set it */
static inline void emu_tdcall(struct emu_regs *r)
{
	register u64 r8 asm("r8") = r->r8;
	register u64 r9 asm("r9") = r->r9;
	register u64 r10 asm("r10") = r->r10;
	register u64 r11 asm("r11") = r->r11;
	register u64 r12 asm("r12") = r->r12;
	register u64 r13 asm("r13") = r->r13;
	register u64 r14 asm("r14") = r->r14;
	register u64 r15 asm("r15") = r->r15;
	u64 rax = r->rax, rcx = r->rcx, rdx = r->rdx, rbx = r->rbx;
	u64 rsi = r->rsi, rdi = r->rdi;

	asm volatile(".byte 0x66, 0x0f, 0x01, 0xcc"
		     : "+a" (rax), "+c" (rcx), "+d" (rdx), "+b" (rbx),
		       "+S" (rsi), "+D" (rdi), "+r" (r8), "+r" (r9),
		       "+r" (r10), "+r" (r11), "+r" (r12), "+r" (r13),
		       "+r" (r14), "+r" (r15)
		     : : "memory");
	*r = (struct emu_regs) {
		.rax = rax, .rcx = rcx, .rdx = rdx, .rbx = rbx, .rsi = rsi,
		.rdi = rdi, .r8 = r8, .r9 = r9, .r10 = r10, .r11 = r11,
		.r12 = r12, .r13 = r13, .r14 = r14, .r15 = r15,
	};
}

/* CPUID, without the kernel's helpers (their header moved in 6.15) */
static inline void emu_cpuid_count(u32 leaf, u32 sub, u32 *regs)
{
	asm volatile("cpuid"
		     : "=a" (regs[0]), "=b" (regs[1]), "=c" (regs[2]), "=d" (regs[3])
		     : "a" (leaf), "c" (sub));
}

/* TDG.VP.VMCALL with R10 = @r10 and R11-R15; returns the status in R10 */
static inline u64 emu_vmcall(struct emu_regs *r, u64 r10, u64 r11)
{
	r->rax = EMU_TDG_VP_VMCALL;
	r->rcx = EMU_VMCALL_MASK;
	r->r10 = r10;
	r->r11 = r11;
	emu_tdcall(r);
	return r->r10;
}

/* The model's count of #VEs of @class it injected on @cpu at CPL 0-2 */
static inline u64 emu_count(unsigned int cpu, enum emu_class class)
{
	struct emu_regs r = { .r12 = cpu, .r13 = class, .r14 = 0 };

	if (emu_vmcall(&r, EMU_VENDOR, EMU_VENDOR_VE_COUNT))
		return U64_MAX;
	return r.r11;
}

#endif /* _TDX_EMU_H */
