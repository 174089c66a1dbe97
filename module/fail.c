// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: instructions the TDX #VE handler refuses, only with the
 * module parameter allow_failing=1.
 *
 * String port I/O (INS/OUTS) and MOVS on MMIO work natively.  In a TDX
 * guest the handler refuses them and the kernel raises a #GP-like fault at
 * the instruction; each one carries an exception-table entry, so the fault
 * is fixed up and counted instead of oopsing.
 */
#include <linux/io.h>
#include <linux/string.h>
#include <asm/asm.h>

#include "tdx_ve_test.h"

#define TDEV_MMIO_NAME_LEN	16	/* "mmio-no-eventfd" and its NUL */

/*
 * "rep <insn>" with an exception-table fixup: the xorl clearing the error
 * is skipped when the instruction faulted, as it does on a TDX guest.
 */
#define VET_REP(insn)						\
	"1:	rep " insn "\n"					\
	"	xorl %[err], %[err]\n"				\
	"2:\n"							\
	_ASM_EXTABLE(1b, 2b)

static int vet_insb(struct vet_run *run)
{
	u16 port = run->dev.port + TDEV_NAME;
	unsigned long cnt = 1;
	u8 buf = 0, *dst = &buf;
	int err = -EFAULT;

	asm volatile(VET_REP("insb")
		     : [err] "+r" (err), "+D" (dst), "+c" (cnt)
		     : "d" (port) : "memory");
	if (err)
		return err;
	return buf == 'p' ? 0 : vet_mismatch(run, 'p', buf);
}

static int vet_outsb(struct vet_run *run)
{
	u16 port = run->cookie;
	static const u8 data = TDEV_DATAMATCH;
	const u8 *src = &data;
	unsigned long cnt = 1;
	int err = -EFAULT;

	asm volatile(VET_REP("outsb")
		     : [err] "+r" (err), "+S" (src), "+c" (cnt)
		     : "d" (port) : "memory");
	return err;
}

static int vet_movs_read(struct vet_run *run)
{
	static const char want[TDEV_MMIO_NAME_LEN] = "mmio-no-eventfd";
	const void *src = (const void __force *)run->dev.mmio + TDEV_NAME;
	unsigned long cnt = TDEV_MMIO_NAME_LEN;
	char buf[TDEV_MMIO_NAME_LEN] = { };
	void *dst = buf;
	int err = -EFAULT;
	u64 w, g;

	asm volatile(VET_REP("movsb")
		     : [err] "+r" (err), "+D" (dst), "+S" (src), "+c" (cnt)
		     : : "memory");
	if (err)
		return err;
	if (!memcmp(buf, want, sizeof(want)))
		return 0;
	memcpy(&w, want, sizeof(w));
	memcpy(&g, buf, sizeof(g));
	return vet_mismatch(run, w, g);
}

static int vet_movs_write(struct vet_run *run)
{
	void *dst = (void __force *)run->dev.mmio + run->cookie;
	static const u8 data = TDEV_DATAMATCH;
	const u8 *src = &data;
	unsigned long cnt = 1;
	int err = -EFAULT;

	asm volatile(VET_REP("movsb")
		     : [err] "+r" (err), "+D" (dst), "+S" (src), "+c" (cnt)
		     : : "memory");
	return err;
}

static const struct vet_trigger vet_fail_triggers[] = {
	{
		.name = "io_string_in",
		.what = "rep insb from pci-testdev BAR1+16: 'p'",
		.target = VET_TGT_TDEV_IO,
		.ve = { [VET_IO_STRING] = 1 },
		.ve_result = VET_FAILED_GUEST,
		.flags = VET_F_FAILING,
		.width = 1,
		.prepare = vet_tdev_io_prepare,
		.op = vet_insb,
	},
	{
		.name = "io_string_out",
		.what = "rep outsb 0xfa to the pci-testdev port test register",
		.target = VET_TGT_TDEV_IO,
		.ve = { [VET_IO_STRING] = 1 },
		.ve_result = VET_FAILED_GUEST,
		.flags = VET_F_FAILING,
		.width = 1,
		.prepare = vet_tdev_io_prepare,
		.op = vet_outsb,
		.verify = vet_tdev_io_count_check,
	},
	{
		.name = "mmio_movs_read",
		.what = "rep movsb 16 bytes from pci-testdev BAR0+16",
		.target = VET_TGT_TDEV_MMIO,
		.ve = { [VET_MMIO_UNSUPPORTED] = 1 },
		.ve_result = VET_FAILED_GUEST,
		.flags = VET_F_FAILING,
		.width = 1,
		.prepare = vet_tdev_mmio_prepare,
		.op = vet_movs_read,
	},
	{
		.name = "mmio_movs_write",
		.what = "rep movsb 0xfa to the pci-testdev MMIO test register",
		.target = VET_TGT_TDEV_MMIO,
		.ve = { [VET_MMIO_UNSUPPORTED] = 1 },
		.ve_result = VET_FAILED_GUEST,
		.flags = VET_F_FAILING,
		.width = 1,
		.prepare = vet_tdev_mmio_prepare,
		.op = vet_movs_write,
		.verify = vet_tdev_mmio_count_check,
	},
};

const struct vet_category vet_fail_category = {
	.name = "fail",
	.triggers = vet_fail_triggers,
	.len = ARRAY_SIZE(vet_fail_triggers),
};
