// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: RDMSR/WRMSR of MSRs the TDX module leaves to the VMM.
 *
 * Which MSRs raise #VE is the TDX module's choice: the MSRs it does not
 * virtualize itself go to the guest as #VE, the guest asks the VMM with
 * TDG.VP.VMCALL<Instruction.RDMSR/WRMSR>, and KVM emulates these ones
 * (tdx_has_emulated_msr()).  With REDUCE_VE (Linux 6.14+ asks for it) a
 * TDX module may answer them itself or refuse them with #GP.  So every
 * MSR trigger here is VET_F_TDX_MODULE: the #VE count it saw is reported,
 * and a different count from the expected one does not fail it; an MSR
 * that faults here makes the trigger skip.
 *
 *  - IA32_APIC_BASE, IA32_UCODE_REV (IA32_BIOS_SIGN_ID), MSR_PLATFORM_INFO:
 *    reads, constant while the system runs;
 *  - MSR_MISC_FEATURES_ENABLES: written back with the value it holds, on
 *    the CPU it was read on (the run does not migrate);
 *  - IA32_TSC_AUX: written back with its own value, the control: the TDX
 *    module context-switches it, no #VE expected.
 */
#include "compat.h"
#include "tdx_ve_test.h"

/* cookie: the value read first */
static int vet_msr_prepare(struct vet_run *run)
{
	if (rdmsrq_safe(run->trig->arg, &run->cookie))
		return -EOPNOTSUPP;
	return 0;
}

static int vet_apicbase_prepare(struct vet_run *run)
{
	int ret = vet_msr_prepare(run);

	if (ret)
		return ret;
	/* The local APIC is enabled globally on any running system. */
	if (!(run->cookie & MSR_IA32_APICBASE_ENABLE))
		return vet_mismatch(run, MSR_IA32_APICBASE_ENABLE, run->cookie);
	return 0;
}

static int vet_rdmsr(struct vet_run *run)
{
	u64 val;

	if (rdmsrq_safe(run->trig->arg, &val))
		return -EFAULT;
	return val == run->cookie ? 0 : vet_mismatch(run, run->cookie, val);
}

static int vet_wrmsr(struct vet_run *run)
{
	return wrmsrq_safe(run->trig->arg, run->cookie) ? -EFAULT : 0;
}

static int vet_wrmsr_verify(struct vet_run *run)
{
	u64 val;

	if (rdmsrq_safe(run->trig->arg, &val))
		return vet_mismatch(run, run->cookie, U64_MAX);
	return val == run->cookie ? 0 : vet_mismatch(run, run->cookie, val);
}

static const struct vet_trigger vet_msr_triggers[] = {
	{
		.name = "msr_rd_apicbase",
		.what = "rdmsr IA32_APIC_BASE: the same value, enable bit set",
		.target = VET_TGT_CPU,
		.ve = { [VET_RDMSR] = 1 },
		.flags = VET_F_TDX_MODULE,
		.arg = MSR_IA32_APICBASE,
		.prepare = vet_apicbase_prepare,
		.op = vet_rdmsr,
	},
	{
		.name = "msr_rd_ucode_rev",
		.what = "rdmsr IA32_UCODE_REV: the same value every time",
		.target = VET_TGT_CPU,
		.ve = { [VET_RDMSR] = 1 },
		.flags = VET_F_TDX_MODULE,
		.arg = MSR_IA32_UCODE_REV,
		.prepare = vet_msr_prepare,
		.op = vet_rdmsr,
	},
	{
		.name = "msr_rd_platform_info",
		.what = "rdmsr MSR_PLATFORM_INFO: the same value every time",
		.target = VET_TGT_CPU,
		.ve = { [VET_RDMSR] = 1 },
		.flags = VET_F_TDX_MODULE,
		.arg = MSR_PLATFORM_INFO,
		.prepare = vet_msr_prepare,
		.op = vet_rdmsr,
	},
	{
		.name = "msr_wr_misc_features",
		.what = "wrmsr MSR_MISC_FEATURES_ENABLES with its own value, reads back",
		.target = VET_TGT_CPU,
		.ve = { [VET_WRMSR] = 1 },
		.flags = VET_F_TDX_MODULE,
		.arg = MSR_MISC_FEATURES_ENABLES,
		.prepare = vet_msr_prepare,
		.op = vet_wrmsr,
		.verify = vet_wrmsr_verify,
	},
	{
		.name = "msr_wr_tsc_aux",
		.what = "wrmsr IA32_TSC_AUX with its own value (control: no #VE)",
		.target = VET_TGT_CPU,
		.flags = VET_F_TDX_MODULE,
		.arg = MSR_TSC_AUX,
		.prepare = vet_msr_prepare,
		.op = vet_wrmsr,
		.verify = vet_wrmsr_verify,
	},
};

const struct vet_category vet_msr_category = {
	.name = "msr",
	.triggers = vet_msr_triggers,
	.len = ARRAY_SIZE(vet_msr_triggers),
};
