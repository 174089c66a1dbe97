// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: CPUID triggers.
 *
 * The TDX module raises #VE for the hypervisor range 0x40000000-0x4fffffff
 * and the guest forwards it to the VMM.  Leaf 0 is answered by the TDX
 * module without a #VE and serves as the control.  What the leaves return
 * depends on the hypervisor (zeros or a signature under QEMU TCG), so the
 * data check is consistency: every call returns what the first one did.
 */
#define pr_fmt(fmt) "tdx_ve_test: " fmt

#include <asm/processor.h>

#include "tdx_ve_test.h"

static void tdx_ve_cpuid_leaf(const struct tdx_ve_run *run, u64 *ab, u64 *cd)
{
	unsigned int a, b, c, d;

	cpuid_count(run->trig->arg, 0, &a, &b, &c, &d);
	*ab = (u64)a << 32 | b;
	*cd = (u64)c << 32 | d;
}

static int tdx_ve_cpuid_prepare(struct tdx_ve_run *run)
{
	tdx_ve_cpuid_leaf(run, &run->cookie, &run->cookie2);
	return 0;
}

static int tdx_ve_cpuid(struct tdx_ve_run *run)
{
	u64 ab, cd;

	tdx_ve_cpuid_leaf(run, &ab, &cd);
	if (ab != run->cookie)
		return tdx_ve_mismatch(run, run->cookie, ab);
	if (cd != run->cookie2)
		return tdx_ve_mismatch(run, run->cookie2, cd);
	return 0;
}

#define TDX_VE_CPUID(_name, _leaf, _ve, _what)		\
	{						\
		.name = _name,				\
		.target = TDX_VE_TGT_NONE,		\
		.path = TDX_VE_CPUID,			\
		.ve_result = TDX_VE_HANDLED,		\
		.ve_per_op = _ve,			\
		.arg = _leaf,				\
		.what = _what,				\
		.prepare = tdx_ve_cpuid_prepare,	\
		.op = tdx_ve_cpuid,			\
	}

static const struct tdx_ve_trigger tdx_ve_cpuid_triggers[] = {
	TDX_VE_CPUID("cpuid_hv_base", 0x40000000, 1,
		     "CPUID 0x40000000 (hypervisor signature), consistent"),
	TDX_VE_CPUID("cpuid_hv_1", 0x40000001, 1,
		     "CPUID 0x40000001 (hypervisor features), consistent"),
	TDX_VE_CPUID("cpuid_leaf0", 0, 0,
		     "CPUID 0 (control: no #VE on TDX), consistent"),
};

const struct tdx_ve_category tdx_ve_cpuid_category = {
	.name = "cpuid",
	.triggers = tdx_ve_cpuid_triggers,
	.len = ARRAY_SIZE(tdx_ve_cpuid_triggers),
};
