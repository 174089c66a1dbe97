// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: instructions the TDX #VE handler refuses, only with the
 * module parameter allow_failing=1.
 *
 * String port I/O (INS/OUTS) and MOVS on MMIO work natively.  In a TDX
 * guest the handler returns an error and the kernel raises a #GP-like
 * fault at the instruction; each one carries an exception-table entry, so
 * the fault is fixed up and counted instead of oopsing.
 */
#define pr_fmt(fmt) "tdx_ve_test: " fmt

#include <linux/io.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <asm/asm.h>

#include "tdx_ve_test.h"

#define TDEV_MMIO_NAME_LEN	16	/* "mmio-no-eventfd" and its NUL */

/*
 * "rep <insn>" with an exception-table fixup: the xorl clearing the error
 * is skipped when the instruction faulted, as it does on a TDX guest.
 */
#define TDX_VE_REP(insn)					\
	"1:	rep " insn "\n"					\
	"	xorl %[err], %[err]\n"				\
	"2:\n"							\
	_ASM_EXTABLE(1b, 2b)

static int tdx_ve_insb(struct tdx_ve_run *run)
{
	u16 port = run->tgt->tdev_port + TDEV_NAME;
	unsigned long cnt = 1;
	u8 buf = 0, *dst = &buf;
	int err = -EFAULT;

	asm volatile(TDX_VE_REP("insb")
		     : [err] "+r" (err), "+D" (dst), "+c" (cnt)
		     : "d" (port) : "memory");
	if (err)
		return err;
	return buf == 'p' ? 0 : tdx_ve_mismatch(run, 'p', buf);
}

static int tdx_ve_outsb(struct tdx_ve_run *run)
{
	u16 port = run->cookie;
	static const u8 data = TDEV_DATAMATCH;
	const u8 *src = &data;
	unsigned long cnt = 1;
	int err = -EFAULT;

	asm volatile(TDX_VE_REP("outsb")
		     : [err] "+r" (err), "+S" (src), "+c" (cnt)
		     : "d" (port) : "memory");
	return err;
}

static int tdx_ve_movs_read(struct tdx_ve_run *run)
{
	static const char want[TDEV_MMIO_NAME_LEN] = "mmio-no-eventfd";
	const void *src = (const void __force *)run->tgt->tdev_mmio + TDEV_NAME;
	unsigned long cnt = TDEV_MMIO_NAME_LEN;
	char buf[TDEV_MMIO_NAME_LEN] = { };
	void *dst = buf;
	int err = -EFAULT;

	asm volatile(TDX_VE_REP("movsb")
		     : [err] "+r" (err), "+D" (dst), "+S" (src), "+c" (cnt)
		     : : "memory");
	if (err)
		return err;
	if (memcmp(buf, want, sizeof(want)))
		return tdx_ve_mismatch(run, get_unaligned_le64(want),
				       get_unaligned_le64(buf));
	return 0;
}

static int tdx_ve_movs_write(struct tdx_ve_run *run)
{
	void *dst = (void __force *)run->tgt->tdev_mmio + run->cookie;
	static const u8 data = TDEV_DATAMATCH;
	const u8 *src = &data;
	unsigned long cnt = 1;
	int err = -EFAULT;

	asm volatile(TDX_VE_REP("movsb")
		     : [err] "+r" (err), "+D" (dst), "+S" (src), "+c" (cnt)
		     : : "memory");
	return err;
}

#define TDX_VE_FAIL(_name, _tgt, _path, _prep, _op, _verify, _what) \
	{							\
		.name = _name,					\
		.target = _tgt,					\
		.path = _path,					\
		.ve_result = TDX_VE_FAILED_GUEST,		\
		.ve_per_op = 1,					\
		.flags = TDX_VE_F_FAILING,			\
		.width = 1,					\
		.what = _what,					\
		.prepare = _prep,				\
		.op = _op,					\
		.verify = _verify,				\
	}

static const struct tdx_ve_trigger tdx_ve_fail_triggers[] = {
	TDX_VE_FAIL("io_string_in", TDX_VE_TGT_TDEV_IO, TDX_VE_IO_STRING,
		    tdx_ve_io_prepare, tdx_ve_insb, NULL,
		    "rep insb from pci-testdev BAR1+16, expect 'p'"),
	TDX_VE_FAIL("io_string_out", TDX_VE_TGT_TDEV_IO, TDX_VE_IO_STRING,
		    tdx_ve_io_prepare, tdx_ve_outsb, tdx_ve_io_count_check,
		    "rep outsb 0xfa to the pci-testdev port test register"),
	TDX_VE_FAIL("mmio_movs_read", TDX_VE_TGT_TDEV_MMIO,
		    TDX_VE_MMIO_UNSUPPORTED, tdx_ve_tdev_prepare,
		    tdx_ve_movs_read, NULL,
		    "rep movsb 16 bytes from pci-testdev BAR0+16"),
	TDX_VE_FAIL("mmio_movs_write", TDX_VE_TGT_TDEV_MMIO,
		    TDX_VE_MMIO_UNSUPPORTED, tdx_ve_tdev_prepare,
		    tdx_ve_movs_write,
		    tdx_ve_mmio_count_check,
		    "rep movsb 0xfa to the pci-testdev MMIO test register"),
};

const struct tdx_ve_category tdx_ve_fail_category = {
	.name = "fail",
	.triggers = tdx_ve_fail_triggers,
	.len = ARRAY_SIZE(tdx_ve_fail_triggers),
};
