// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: port I/O triggers on pci-testdev's I/O BAR (BAR1).
 *
 * Setup selects test 0 ("portio-no-eventfd"), which zeroes the hit count.
 * IN reads the name, so every read is checked against "port".  OUT writes
 * 0xfa to the test register (its offset is read from the header).  QEMU
 * drops unaligned wide port accesses and splits aligned ones into bytes,
 * so OUTW/OUTL go to the aligned address holding the register with 0xfa
 * shifted into its byte; the other bytes (zero) hit no register.  The
 * count must grow by exactly N.
 */
#define pr_fmt(fmt) "tdx_ve_test: " fmt

#include <linux/io.h>

#include "tdx_ve_test.h"

#define TDEV_PORTIO_NAME	0x74726f70	/* "port", little endian */

static u32 tdx_ve_io_mask(unsigned int width)
{
	return width == 4 ? ~0U : (1U << (8 * width)) - 1;
}

/* Select the no-eventfd test and read the test register's offset. */
int tdx_ve_io_prepare(struct tdx_ve_run *run)
{
	unsigned long port = run->tgt->tdev_port;
	u32 off, name;

	outb(TDEV_NO_EVENTFD, port + TDEV_TEST);
	name = inl(port + TDEV_NAME);
	if (name != TDEV_PORTIO_NAME)
		return tdx_ve_mismatch(run, TDEV_PORTIO_NAME, name);
	off = inl(port + TDEV_OFFSET);
	if (off <= TDEV_NAME || off + 4 > TDEV_IO_SIZE)
		return tdx_ve_mismatch(run, TDEV_IO_SIZE / 2, off);
	run->cookie = port + off;
	return 0;
}

static int tdx_ve_io_in(struct tdx_ve_run *run)
{
	unsigned long port = run->tgt->tdev_port + TDEV_NAME;
	unsigned int width = run->trig->width;
	u32 want = TDEV_PORTIO_NAME & tdx_ve_io_mask(width);
	u32 got;

	switch (width) {
	case 1:
		got = inb(port);
		break;
	case 2:
		got = inw(port);
		break;
	default:
		got = inl(port);
		break;
	}
	return got == want ? 0 : tdx_ve_mismatch(run, want, got);
}

static int tdx_ve_io_out(struct tdx_ve_run *run)
{
	unsigned int width = run->trig->width;
	unsigned long port = run->cookie & ~(unsigned long)(width - 1);
	u32 val = TDEV_DATAMATCH << (8 * (run->cookie & (width - 1)));

	switch (width) {
	case 1:
		outb(val, port);
		break;
	case 2:
		outw(val, port);
		break;
	default:
		outl(val, port);
		break;
	}
	return 0;
}

/* The count register must have grown by exactly N. */
int tdx_ve_io_count_check(struct tdx_ve_run *run)
{
	u32 hits = inl(run->tgt->tdev_port + TDEV_COUNT);

	return hits == run->count ? 0 : tdx_ve_mismatch(run, run->count, hits);
}

#define TDX_VE_IO(_name, _path, _width, _op, _verify, _what)	\
	{							\
		.name = _name,					\
		.target = TDX_VE_TGT_TDEV_IO,			\
		.path = _path,					\
		.ve_result = TDX_VE_HANDLED,			\
		.ve_per_op = 1,					\
		.width = _width,				\
		.what = _what,					\
		.prepare = tdx_ve_io_prepare,			\
		.op = _op,					\
		.verify = _verify,				\
	}

static const struct tdx_ve_trigger tdx_ve_io_triggers[] = {
	TDX_VE_IO("io_in8", TDX_VE_IO_IN, 1, tdx_ve_io_in, NULL,
		  "inb from pci-testdev BAR1+16, expect 'p'"),
	TDX_VE_IO("io_in16", TDX_VE_IO_IN, 2, tdx_ve_io_in, NULL,
		  "inw from pci-testdev BAR1+16, expect \"po\""),
	TDX_VE_IO("io_in32", TDX_VE_IO_IN, 4, tdx_ve_io_in, NULL,
		  "inl from pci-testdev BAR1+16, expect \"port\""),
	TDX_VE_IO("io_out8", TDX_VE_IO_OUT, 1, tdx_ve_io_out, tdx_ve_io_count_check,
		  "outb 0xfa to the pci-testdev port test register, count += N"),
	TDX_VE_IO("io_out16", TDX_VE_IO_OUT, 2, tdx_ve_io_out, tdx_ve_io_count_check,
		  "outw to the aligned word holding the port test register"),
	TDX_VE_IO("io_out32", TDX_VE_IO_OUT, 4, tdx_ve_io_out, tdx_ve_io_count_check,
		  "outl to the aligned dword holding the port test register"),
};

const struct tdx_ve_category tdx_ve_io_category = {
	.name = "io",
	.triggers = tdx_ve_io_triggers,
	.len = ARRAY_SIZE(tdx_ve_io_triggers),
};
