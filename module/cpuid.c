// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: CPUID triggers.
 *
 * The TDX module raises #VE for the hypervisor range 0x40000000-0x4fffffff
 * and the guest forwards those leaves to the VMM: what they return depends
 * on the hypervisor, so the data check is that every call returns what the
 * first one did.  A basic leaf above the maximum is the maximum basic
 * leaf, on the CPU ([SDM] Vol. 2A, CPUID) and in the TDX module, which
 * looks up the maximum instead (td_cpuid_exit() of the TDX module's
 * source): it returns that leaf's values, with a #VE only if that leaf
 * raises one.  Leaf 0 is answered by the TDX module (no #VE) and serves
 * as the control.
 */
#include <asm/cpufeature.h>

#include "compat.h"
#include "tdx_ve_test.h"

#define VET_CPUID_HV_BASE	0x40000000

static void vet_cpuid(u32 leaf, u64 *ab, u64 *cd)
{
	unsigned int a, b, c, d;

	cpuid_count(leaf, 0, &a, &b, &c, &d);
	*ab = (u64)a << 32 | b;
	*cd = (u64)c << 32 | d;
}

/* cookie/cookie2: what the first call returned; stamp: the leaf */
static int vet_cpuid_prepare(struct vet_run *run)
{
	run->stamp = run->trig->arg;
	vet_cpuid(run->stamp, &run->cookie, &run->cookie2);
	return 0;
}

static int vet_cpuid_above_max_prepare(struct vet_run *run)
{
	u32 max = cpuid_eax(0);
	u64 ab, cd;

	if (max + 1 >= VET_CPUID_HV_BASE)
		return -EOPNOTSUPP;
	run->stamp = max + 1;
	vet_cpuid(run->stamp, &run->cookie, &run->cookie2);
	/* Whoever answers it (CPU, TDX module or guest): the maximum's values */
	vet_cpuid(max, &ab, &cd);
	if (ab != run->cookie)
		return vet_mismatch(run, ab, run->cookie);
	if (cd != run->cookie2)
		return vet_mismatch(run, cd, run->cookie2);
	return 0;
}

static int vet_cpuid_op(struct vet_run *run)
{
	u64 ab, cd;

	vet_cpuid(run->stamp, &ab, &cd);
	if (ab != run->cookie)
		return vet_mismatch(run, run->cookie, ab);
	if (cd != run->cookie2)
		return vet_mismatch(run, run->cookie2, cd);
	return 0;
}

static const struct vet_trigger vet_cpuid_triggers[] = {
	{
		.name = "cpuid_hv_base",
		.what = "CPUID 0x40000000 (hypervisor signature): the same every call",
		.target = VET_TGT_CPU,
		.ve = { [VET_CPUID] = 1 },
		.arg = VET_CPUID_HV_BASE,
		.prepare = vet_cpuid_prepare,
		.op = vet_cpuid_op,
	},
	{
		.name = "cpuid_hv_1",
		.what = "CPUID 0x40000001 (hypervisor features): the same every call",
		.target = VET_TGT_CPU,
		.ve = { [VET_CPUID] = 1 },
		.arg = VET_CPUID_HV_BASE + 1,
		.prepare = vet_cpuid_prepare,
		.op = vet_cpuid_op,
	},
	{
		.name = "cpuid_above_max",
		.what = "CPUID max basic leaf + 1: the max basic leaf's values",
		.target = VET_TGT_CPU,
		.flags = VET_F_TDX_MODULE,
		.prepare = vet_cpuid_above_max_prepare,
		.op = vet_cpuid_op,
	},
	{
		.name = "cpuid_leaf0",
		.what = "CPUID 0 (control: the TDX module answers, no #VE)",
		.target = VET_TGT_CPU,
		.arg = 0,
		.prepare = vet_cpuid_prepare,
		.op = vet_cpuid_op,
	},
};

const struct vet_category vet_cpuid_category = {
	.name = "cpuid",
	.triggers = vet_cpuid_triggers,
	.len = ARRAY_SIZE(vet_cpuid_triggers),
};
