// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: the HLT trigger, only with the module parameter hlt=1.
 *
 * A raw "sti; hlt", as the idle loop did before pv_ops: the next interrupt
 * (the tick, at worst 1/HZ) wakes it, so N is capped.  Linux up to 6.14
 * emulates that #VE with TDG.VP.VMCALL<Instruction.HLT>.  From 6.15 the
 * handler refuses a HLT #VE taken with interrupts enabled, after a
 * WARN_ONCE() (a panic with panic_on_warn): the trigger is not run there.
 * A HLT with interrupts disabled is what a CPU that stops for good does;
 * it is not a trigger.  6.12's safe_halt() is a direct TDG.VP.VMCALL and
 * raises no #VE, hence the raw instruction.
 */
#include <linux/irqflags.h>
#include <asm/asm.h>

#include "compat.h"
#include "tdx_ve_test.h"

static const char *vet_hlt_unavailable(const struct vet_trigger *t)
{
	if (VET_HLT_IRQS_ON_REFUSED)
		return "Linux 6.15+ refuses a HLT #VE with interrupts enabled (WARN)";
	return NULL;
}

/*
 * Called with interrupts disabled; returns with them disabled.  The
 * exception-table entry turns a refused HLT #VE into a counted fault
 * instead of an oops; the xorl is skipped when it faulted.
 */
static int vet_hlt_sti(struct vet_run *run)
{
	int err = -EFAULT;

	asm volatile("sti\n"
		     "1:	hlt\n"
		     "	xorl %[err], %[err]\n"
		     "2:\n"
		     _ASM_EXTABLE(1b, 2b)
		     : [err] "+r" (err) : : "memory");
	/* The interrupt that woke it told lockdep they were on. */
	local_irq_disable();
	return err;
}

static const struct vet_trigger vet_hlt_triggers[] = {
	{
		.name = "hlt_sti",
		.what = "sti; hlt until the next interrupt",
		.target = VET_TGT_CPU,
		.ve = { [VET_HLT] = 1 },
		.flags = VET_F_HLT,
		.max_count = 1000,
		.unavailable = vet_hlt_unavailable,
		.op = vet_hlt_sti,
	},
};

const struct vet_category vet_hlt_category = {
	.name = "hlt",
	.triggers = vet_hlt_triggers,
	.len = ARRAY_SIZE(vet_hlt_triggers),
};
