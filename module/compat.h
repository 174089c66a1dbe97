/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tdx_ve_test: what differs between the kernels it builds against
 * (Debian's 6.1, 6.12 and 7.3 cloud kernels and the tdx-ve test kernels).
 *
 * Header moves are detected by Kbuild (it looks for the file in the
 * kernel tree, see module/Kbuild); behaviour changes go by version.
 */
#ifndef _TDX_VE_TEST_COMPAT_H
#define _TDX_VE_TEST_COMPAT_H

#include <linux/version.h>
#include <asm/msr.h>
#include <asm/processor.h>

/* 6.15+: cpuid_count() moved to <asm/cpuid/api.h>. */
#ifdef TDX_VE_TEST_HAVE_CPUID_API
#include <asm/cpuid/api.h>
#endif

/* 6.16+: rdmsrl_safe()/wrmsrl_safe() are rdmsrq_safe()/wrmsrq_safe(). */
#ifndef TDX_VE_TEST_HAVE_RDMSRQ
#define rdmsrq_safe(msr, p)	rdmsrl_safe(msr, p)
#define wrmsrq_safe(msr, val)	wrmsrl_safe(msr, val)
#endif

/*
 * 6.15+ ("x86/tdx: Emit warning if IRQs are enabled during HLT #VE
 * handling"): handle_halt() refuses a HLT #VE taken with interrupts
 * enabled, after a WARN_ONCE() (a panic with panic_on_warn).  A distribution
 * kernel that backported the change reports the older version: the HLT
 * triggers stay opt-in (hlt=1) for that reason too.
 */
#define VET_HLT_IRQS_ON_REFUSED	(LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0))

#endif /* _TDX_VE_TEST_COMPAT_H */
