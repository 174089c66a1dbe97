// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: RDMSR/WRMSR triggers on harmless MSRs.
 *
 * msr_rd_apicbase reads IA32_APIC_BASE (0x1b), which never changes while
 * the system runs; the TDX module leaves it to the VMM (#VE) as far as we
 * know.  msr_wr_tsc_aux writes IA32_TSC_AUX (0xc0000103) back with the
 * value it holds; the run is pinned to one CPU, so RDTSCP/RDPID users see
 * no change.  The TDX module virtualizes TSC_AUX, so it is expected not to
 * raise #VE.  Neither expectation has been checked on TDX hardware, hence
 * TDX_VE_F_UNVERIFIED: a different delta is reported, not failed.
 */
#define pr_fmt(fmt) "tdx_ve_test: " fmt

#include <asm/msr.h>

#include "tdx_ve_test.h"

static int tdx_ve_msr_prepare(struct tdx_ve_run *run)
{
	if (rdmsrl_safe(run->trig->arg, &run->cookie))
		return -EOPNOTSUPP;
	return 0;
}

static int tdx_ve_apicbase_prepare(struct tdx_ve_run *run)
{
	int ret = tdx_ve_msr_prepare(run);

	if (ret)
		return ret;
	/* The local APIC is enabled globally on any running system. */
	if (!(run->cookie & MSR_IA32_APICBASE_ENABLE))
		return tdx_ve_mismatch(run, MSR_IA32_APICBASE_ENABLE,
				       run->cookie);
	return 0;
}

static int tdx_ve_rdmsr(struct tdx_ve_run *run)
{
	u64 val;

	if (rdmsrl_safe(run->trig->arg, &val))
		return -EFAULT;
	return val == run->cookie ? 0 : tdx_ve_mismatch(run, run->cookie, val);
}

static int tdx_ve_wrmsr(struct tdx_ve_run *run)
{
	return wrmsrl_safe(run->trig->arg, run->cookie) ? -EFAULT : 0;
}

static int tdx_ve_wrmsr_verify(struct tdx_ve_run *run)
{
	u64 val;

	if (rdmsrl_safe(run->trig->arg, &val))
		return tdx_ve_mismatch(run, run->cookie, ~0ULL);
	return val == run->cookie ? 0 : tdx_ve_mismatch(run, run->cookie, val);
}

static const struct tdx_ve_trigger tdx_ve_msr_triggers[] = {
	{
		.name = "msr_rd_apicbase",
		.target = TDX_VE_TGT_NONE,
		.path = TDX_VE_RDMSR,
		.ve_result = TDX_VE_HANDLED,
		.ve_per_op = 1,
		.flags = TDX_VE_F_UNVERIFIED,
		.arg = MSR_IA32_APICBASE,
		.what = "rdmsr IA32_APIC_BASE, same value every time",
		.prepare = tdx_ve_apicbase_prepare,
		.op = tdx_ve_rdmsr,
	},
	{
		.name = "msr_wr_tsc_aux",
		.target = TDX_VE_TGT_NONE,
		.path = TDX_VE_WRMSR,
		.ve_result = TDX_VE_HANDLED,
		.ve_per_op = 0,
		.flags = TDX_VE_F_UNVERIFIED,
		.arg = MSR_TSC_AUX,
		.what = "wrmsr IA32_TSC_AUX with its own value, reads back",
		.prepare = tdx_ve_msr_prepare,
		.op = tdx_ve_wrmsr,
		.verify = tdx_ve_wrmsr_verify,
	},
};

const struct tdx_ve_category tdx_ve_msr_category = {
	.name = "msr",
	.triggers = tdx_ve_msr_triggers,
	.len = ARRAY_SIZE(tdx_ve_msr_triggers),
};
