// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: HLT trigger, only with the module parameter hlt=1.
 *
 * A raw "sti; hlt" with interrupts enabled, as the idle loop does; the
 * next interrupt (the tick, at worst 1/HZ) wakes it, so the count is
 * capped.  6.12 emulates the #VE with a TDVMCALL; from 6.15 the handler
 * refuses HLT with interrupts enabled (WARN_ONCE and -EIO), which shows up
 * here as faults and a FAIL.
 */
#define pr_fmt(fmt) "tdx_ve_test: " fmt

#include <linux/irqflags.h>
#include <asm/asm.h>

#include "tdx_ve_test.h"

/*
 * The exception-table entry turns a refused HLT #VE (6.15+) into a counted
 * fault instead of an oops; the xorl is skipped when it faulted.
 */
static int tdx_ve_hlt(struct tdx_ve_run *run)
{
	int err = -EFAULT;

	local_irq_disable();
	asm volatile("sti\n"
		     "1:	hlt\n"
		     "	xorl %[err], %[err]\n"
		     "2:\n"
		     _ASM_EXTABLE(1b, 2b)
		     : [err] "+r" (err) : : "memory");
	if (irqs_disabled()) {
		local_irq_enable();
		return tdx_ve_mismatch(run, 0, 1);
	}
	return err;
}

static const struct tdx_ve_trigger tdx_ve_hlt_triggers[] = {
	{
		.name = "hlt_sti",
		.target = TDX_VE_TGT_NONE,
		.path = TDX_VE_HLT,
		.ve_result = TDX_VE_HANDLED,
		.ve_per_op = 1,
		.flags = TDX_VE_F_HLT,
		.max_count = 1000,
		.what = "sti; hlt until the next interrupt",
		.op = tdx_ve_hlt,
	},
};

const struct tdx_ve_category tdx_ve_hlt_category = {
	.name = "hlt",
	.triggers = tdx_ve_hlt_triggers,
	.len = ARRAY_SIZE(tdx_ve_hlt_triggers),
};
