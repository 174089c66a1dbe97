// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: port I/O round trips on QEMU's pci-testdev I/O BAR (BAR1).
 *
 * Setup selects test 0 ("portio-no-eventfd"), which zeroes the hit count.
 * IN reads the name at +16, so every read is checked against "port".  OUT
 * writes 0xfa to the test register (its offset is read from the header).
 * QEMU drops unaligned wide port accesses and splits aligned ones into
 * bytes, so OUTW/OUTL go to the aligned address holding the register with
 * 0xfa shifted into its byte; the other bytes (zero) hit no register.  The
 * hit count must grow by exactly the number of OUTs.
 */
#include <linux/io.h>

#include "tdx_ve_test.h"

#define TDEV_PORTIO_NAME	0x74726f70	/* "port", little endian */

static u32 vet_io_mask(unsigned int width)
{
	return width == 4 ? U32_MAX : (1U << (8 * width)) - 1;
}

/* Select the no-eventfd test; cookie: the test register's port. */
int vet_tdev_io_prepare(struct vet_run *run)
{
	unsigned long port = run->dev.port;
	u32 off, name;

	outb(TDEV_NO_EVENTFD, port + TDEV_TEST);
	name = inl(port + TDEV_NAME);
	if (name != TDEV_PORTIO_NAME)
		return vet_mismatch(run, TDEV_PORTIO_NAME, name);
	off = inl(port + TDEV_OFFSET);
	if (off <= TDEV_NAME || off + 4 > TDEV_IO_SIZE)
		return vet_mismatch(run, TDEV_IO_SIZE / 2, off);
	run->cookie = port + off;
	return 0;
}

/* The hit count must have grown by exactly the operations done. */
int vet_tdev_io_count_check(struct vet_run *run)
{
	u32 hits = inl(run->dev.port + TDEV_COUNT);

	return hits == run->count ? 0 : vet_mismatch(run, run->count, hits);
}

static int vet_io_in(struct vet_run *run)
{
	unsigned long port = run->dev.port + TDEV_NAME;
	unsigned int width = run->trig->width;
	u32 want = TDEV_PORTIO_NAME & vet_io_mask(width);
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
	return got == want ? 0 : vet_mismatch(run, want, got);
}

static int vet_io_out(struct vet_run *run)
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

static const struct vet_trigger vet_io_triggers[] = {
	{
		.name = "io_in8",
		.what = "inb from pci-testdev BAR1+16: 'p'",
		.target = VET_TGT_TDEV_IO,
		.ve = { [VET_IO_IN] = 1 },
		.width = 1,
		.prepare = vet_tdev_io_prepare,
		.op = vet_io_in,
	},
	{
		.name = "io_in16",
		.what = "inw from pci-testdev BAR1+16: \"po\"",
		.target = VET_TGT_TDEV_IO,
		.ve = { [VET_IO_IN] = 1 },
		.width = 2,
		.prepare = vet_tdev_io_prepare,
		.op = vet_io_in,
	},
	{
		.name = "io_in32",
		.what = "inl from pci-testdev BAR1+16: \"port\"",
		.target = VET_TGT_TDEV_IO,
		.ve = { [VET_IO_IN] = 1 },
		.width = 4,
		.prepare = vet_tdev_io_prepare,
		.op = vet_io_in,
	},
	{
		.name = "io_out8",
		.what = "outb 0xfa to the pci-testdev port test register: count += 1",
		.target = VET_TGT_TDEV_IO,
		.ve = { [VET_IO_OUT] = 1 },
		.width = 1,
		.prepare = vet_tdev_io_prepare,
		.op = vet_io_out,
		.verify = vet_tdev_io_count_check,
	},
	{
		.name = "io_out16",
		.what = "outw to the aligned word holding the port test register",
		.target = VET_TGT_TDEV_IO,
		.ve = { [VET_IO_OUT] = 1 },
		.width = 2,
		.prepare = vet_tdev_io_prepare,
		.op = vet_io_out,
		.verify = vet_tdev_io_count_check,
	},
	{
		.name = "io_out32",
		.what = "outl to the aligned dword holding the port test register",
		.target = VET_TGT_TDEV_IO,
		.ve = { [VET_IO_OUT] = 1 },
		.width = 4,
		.prepare = vet_tdev_io_prepare,
		.op = vet_io_out,
		.verify = vet_tdev_io_count_check,
	},
};

const struct vet_category vet_io_category = {
	.name = "io",
	.triggers = vet_io_triggers,
	.len = ARRAY_SIZE(vet_io_triggers),
};
