/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tdx_ve_test: the kernel's #VE accounting enums, listed once.
 *
 * The tdx-ve series counts every #VE in struct tdx_ve_stats, indexed
 * [path][context][result] (<asm/tdx_ve.h>).  The module needs the same
 * indices on kernels without the series (its own probe counts into them)
 * and must not drift from the kernel where the series exists, so the names
 * live in exactly one place: the X-macro lists below.  They generate the
 * module's enums and name tables; when <asm/tdx_ve.h> is there, the build
 * asserts that every kernel value equals the module's (see the bottom of
 * this file), and scripts/check-module-abi.sh checks that
 * Documentation/module.rst names the same rows and columns in this order.
 *
 * X(NAME, name): NAME completes TDX_VE_<NAME> of the kernel's enum, name
 * is the row or column name of the stats files.
 */
#ifndef _TDX_VE_TEST_ABI_H
#define _TDX_VE_TEST_ABI_H

#include <linux/build_bug.h>
#include <linux/types.h>

#define VET_PATHS(X)					\
	X(IO_IN, io_in)					\
	X(IO_OUT, io_out)				\
	X(MMIO_READ, mmio_read)				\
	X(MMIO_WRITE, mmio_write)			\
	X(CPUID, cpuid)					\
	X(RDMSR, rdmsr)					\
	X(WRMSR, wrmsr)					\
	X(HLT, hlt)					\
	X(IO_STRING, io_string)				\
	X(MMIO_UNSUPPORTED, mmio_unsupported)		\
	X(OTHER, other)

#define VET_CONTEXTS(X)					\
	X(EARLY, early)					\
	X(KERNEL, kernel)				\
	X(USER, user)

#define VET_RESULTS(X)					\
	X(HANDLED, handled)				\
	X(FAILED_VMM, failed_vmm)			\
	X(FAILED_GUEST, failed_guest)

#define VET_ENUM_ENTRY(NAME, name)	VET_##NAME,

enum vet_path { VET_PATHS(VET_ENUM_ENTRY) VET_NR_PATHS };
enum vet_context { VET_CONTEXTS(VET_ENUM_ENTRY) VET_NR_CONTEXTS };
enum vet_result { VET_RESULTS(VET_ENUM_ENTRY) VET_NR_RESULTS };

/* Same layout as the kernel's struct tdx_ve_stats. */
struct vet_counts {
	u64 n[VET_NR_PATHS][VET_NR_CONTEXTS][VET_NR_RESULTS];
};

extern const char *const vet_path_names[VET_NR_PATHS];
extern const char *const vet_context_names[VET_NR_CONTEXTS];
extern const char *const vet_result_names[VET_NR_RESULTS];

/*
 * The emulated TD's ground-truth classes (Documentation/emulator.rst, the
 * vendor TDG.VP.VMCALL of /work/brief/interfaces.md section 2): the
 * kernel's paths in the kernel's order, except that class 9 counts
 * accesses to private GPAs that are not RAM (the kernel panics on them)
 * where the kernel's path 9 counts MMIO it refuses to decode (the emulator
 * counts those as mmio_read or mmio_write).  Contexts: 0 = CPL 0-2,
 * 1 = CPL 3.
 */
#define VET_EMU_MMIO_PRIVATE	VET_MMIO_UNSUPPORTED
#define VET_EMU_NR_CLASSES	VET_NR_PATHS
#define VET_EMU_NR_CONTEXTS	2

#ifdef TDX_VE_TEST_HAVE_HEADER
#include <asm/tdx_ve.h>

#define VET_ASSERT_SAME(NAME, name)					\
	static_assert((int)VET_##NAME == (int)TDX_VE_##NAME,		\
		      "tdx_ve_test: TDX_VE_" #NAME " moved in <asm/tdx_ve.h>");
VET_PATHS(VET_ASSERT_SAME)
VET_CONTEXTS(VET_ASSERT_SAME)
VET_RESULTS(VET_ASSERT_SAME)
static_assert((int)VET_NR_PATHS == (int)TDX_VE_NR_PATHS);
static_assert((int)VET_NR_CONTEXTS == (int)TDX_VE_NR_CONTEXTS);
static_assert((int)VET_NR_RESULTS == (int)TDX_VE_NR_RESULTS);
static_assert(sizeof(struct vet_counts) == sizeof(struct tdx_ve_stats));
#endif /* TDX_VE_TEST_HAVE_HEADER */

#endif /* _TDX_VE_TEST_ABI_H */
