// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: MMIO round trips on QEMU's edu and pci-testdev.
 *
 * edu BAR0 takes 4-byte accesses below 0x80 and 4/8-byte ones from 0x80:
 * 0x00 reads the ID 0x010000ed, 0x04 reads back ~written, 0x80 (DMA
 * source address) is a plain 64-bit register while no DMA runs.
 *
 * pci-testdev BAR0 is byte-granular, so it takes the 8/16-bit accesses and
 * the MOVZX/MOVSX/MOV-immediate forms the #VE handler decodes: test 0
 * ("mmio-no-eventfd") is selected first, then the name at +16 and the 0xfa
 * data byte at +8 are read, and 0xfa written to the test register bumps the
 * hit count.
 */
#include <linux/io.h>

#include "tdx_ve_test.h"

#define EDU_ID			0x00
#define EDU_ID_VALUE		0x010000edU
#define EDU_LIVENESS		0x04
#define EDU_DMA_SRC		0x80
#define EDU_PATTERN		0x5a5aa5a5c3c33c3cULL

#define TDEV_MMIO_NAME		0x2d6f6e2d6f696d6dULL	/* "mmio-no-" */

/* edu ------------------------------------------------------------------ */

static int vet_edu_id(struct vet_run *run)
{
	u32 got = readl(run->dev.mmio + EDU_ID);

	return got == EDU_ID_VALUE ? 0 : vet_mismatch(run, EDU_ID_VALUE, got);
}

static int vet_edu_live_write(struct vet_run *run)
{
	writel(lower_32_bits(run->i) ^ 0xa5a50000, run->dev.mmio + EDU_LIVENESS);
	return 0;
}

/* The liveness register returns the complement of the last write. */
static int vet_edu_live_verify(struct vet_run *run)
{
	u32 want = ~(lower_32_bits(run->count - 1) ^ 0xa5a50000);
	u32 got = readl(run->dev.mmio + EDU_LIVENESS);

	return got == want ? 0 : vet_mismatch(run, want, got);
}

static int vet_edu_q_prepare(struct vet_run *run)
{
	writeq(EDU_PATTERN, run->dev.mmio + EDU_DMA_SRC);
	return 0;
}

static int vet_edu_q_read(struct vet_run *run)
{
	u64 got = readq(run->dev.mmio + EDU_DMA_SRC);

	return got == EDU_PATTERN ? 0 : vet_mismatch(run, EDU_PATTERN, got);
}

static int vet_edu_q_write(struct vet_run *run)
{
	writeq(EDU_PATTERN ^ run->i, run->dev.mmio + EDU_DMA_SRC);
	return 0;
}

static int vet_edu_q_verify(struct vet_run *run)
{
	u64 want = EDU_PATTERN ^ (run->count - 1);
	u64 got = readq(run->dev.mmio + EDU_DMA_SRC);

	return got == want ? 0 : vet_mismatch(run, want, got);
}

/* pci-testdev ---------------------------------------------------------- */

/* Select the no-eventfd test; cookie: the test register's offset. */
int vet_tdev_mmio_prepare(struct vet_run *run)
{
	void __iomem *base = run->dev.mmio;
	u64 name;
	u32 off;

	writeb(TDEV_NO_EVENTFD, base + TDEV_TEST);
	name = readq(base + TDEV_NAME);
	if (name != TDEV_MMIO_NAME)
		return vet_mismatch(run, TDEV_MMIO_NAME, name);
	off = readl(base + TDEV_OFFSET);
	if (off <= TDEV_NAME || off + 8 > TDEV_MMIO_SIZE)
		return vet_mismatch(run, TDEV_MMIO_SIZE / 2, off);
	run->cookie = off;
	return 0;
}

/* The hit count must have grown by exactly the operations done. */
int vet_tdev_mmio_count_check(struct vet_run *run)
{
	u32 hits = readl(run->dev.mmio + TDEV_COUNT);

	return hits == run->count ? 0 : vet_mismatch(run, run->count, hits);
}

static u64 vet_tdev_want(const struct vet_run *run)
{
	unsigned int width = run->trig->width;

	return width == 8 ? TDEV_MMIO_NAME :
			    TDEV_MMIO_NAME & ((1ULL << (8 * width)) - 1);
}

static int vet_tdev_read(struct vet_run *run)
{
	void __iomem *addr = run->dev.mmio + TDEV_NAME;
	u64 want = vet_tdev_want(run);
	u64 got;

	switch (run->trig->width) {
	case 1:
		got = readb(addr);
		break;
	case 2:
		got = readw(addr);
		break;
	case 4:
		got = readl(addr);
		break;
	default:
		got = readq(addr);
		break;
	}
	return got == want ? 0 : vet_mismatch(run, want, got);
}

static int vet_tdev_write(struct vet_run *run)
{
	void __iomem *addr = run->dev.mmio + run->cookie;

	switch (run->trig->width) {
	case 1:
		writeb(TDEV_DATAMATCH, addr);
		break;
	case 2:
		writew(TDEV_DATAMATCH, addr);
		break;
	default:
		writel(TDEV_DATAMATCH, addr);
		break;
	}
	return 0;
}

/*
 * Instruction forms the #VE handler decodes separately.  The compiler
 * might pick any of them for readb()/readw(), so spell them out.
 */
static int vet_movzx(struct vet_run *run)
{
	void __iomem *addr = run->dev.mmio + TDEV_NAME;
	u64 want = vet_tdev_want(run);
	u32 got;

	if (run->trig->width == 1)
		asm volatile("movzbl %1, %0" : "=r" (got)
			     : "m" (*(u8 __force *)addr));
	else
		asm volatile("movzwl %1, %0" : "=r" (got)
			     : "m" (*(u16 __force *)addr));
	return got == want ? 0 : vet_mismatch(run, want, got);
}

/* The data byte 0xfa at +8 is negative; +7 is the top offset byte (0). */
static int vet_movsx(struct vet_run *run)
{
	void __iomem *base = run->dev.mmio;
	u64 want, got;

	if (run->trig->width == 1) {
		want = (u64)(s64)(s8)TDEV_DATAMATCH;
		asm volatile("movsbq %1, %0" : "=r" (got)
			     : "m" (*(u8 __force *)(base + TDEV_DATA)));
	} else {
		want = (u64)(s64)(s16)(TDEV_DATAMATCH << 8);
		asm volatile("movswq %1, %0" : "=r" (got)
			     : "m" (*(u16 __force *)(base + TDEV_DATA - 1)));
	}
	return got == want ? 0 : vet_mismatch(run, want, got);
}

static int vet_mov_imm(struct vet_run *run)
{
	void __iomem *addr = run->dev.mmio + run->cookie;

	if (run->trig->width == 1)
		asm volatile("movb %1, %0"
			     : "=m" (*(u8 __force *)addr)
			     : "i" (TDEV_DATAMATCH));
	else
		asm volatile("movl %1, %0"
			     : "=m" (*(u32 __force *)addr)
			     : "i" (TDEV_DATAMATCH));
	return 0;
}

static const struct vet_trigger vet_mmio_triggers[] = {
	{
		.name = "mmio_read32",
		.what = "readl edu+0x00: the ID 0x010000ed",
		.target = VET_TGT_EDU,
		.ve = { [VET_MMIO_READ] = 1 },
		.width = 4,
		.op = vet_edu_id,
	},
	{
		.name = "mmio_write32",
		.what = "writel edu+0x04 (liveness): reads back ~last written",
		.target = VET_TGT_EDU,
		.ve = { [VET_MMIO_WRITE] = 1 },
		.width = 4,
		.op = vet_edu_live_write,
		.verify = vet_edu_live_verify,
	},
	{
		.name = "mmio_read64",
		.what = "readq edu+0x80 (DMA source): the pattern written",
		.target = VET_TGT_EDU,
		.ve = { [VET_MMIO_READ] = 1 },
		.width = 8,
		.prepare = vet_edu_q_prepare,
		.op = vet_edu_q_read,
	},
	{
		.name = "mmio_write64",
		.what = "writeq edu+0x80 (DMA source): reads back the last one",
		.target = VET_TGT_EDU,
		.ve = { [VET_MMIO_WRITE] = 1 },
		.width = 8,
		.op = vet_edu_q_write,
		.verify = vet_edu_q_verify,
	},
	{
		.name = "mmio_read8",
		.what = "readb pci-testdev BAR0+16: 'm'",
		.target = VET_TGT_TDEV_MMIO,
		.ve = { [VET_MMIO_READ] = 1 },
		.width = 1,
		.prepare = vet_tdev_mmio_prepare,
		.op = vet_tdev_read,
	},
	{
		.name = "mmio_read16",
		.what = "readw pci-testdev BAR0+16: \"mm\"",
		.target = VET_TGT_TDEV_MMIO,
		.ve = { [VET_MMIO_READ] = 1 },
		.width = 2,
		.prepare = vet_tdev_mmio_prepare,
		.op = vet_tdev_read,
	},
	{
		.name = "mmio_read64_split",
		.what = "readq pci-testdev BAR0+16: \"mmio-no-\" (QEMU splits it)",
		.target = VET_TGT_TDEV_MMIO,
		.ve = { [VET_MMIO_READ] = 1 },
		.width = 8,
		.prepare = vet_tdev_mmio_prepare,
		.op = vet_tdev_read,
	},
	{
		.name = "mmio_write8",
		.what = "writeb 0xfa to the pci-testdev MMIO test register: count += 1",
		.target = VET_TGT_TDEV_MMIO,
		.ve = { [VET_MMIO_WRITE] = 1 },
		.width = 1,
		.prepare = vet_tdev_mmio_prepare,
		.op = vet_tdev_write,
		.verify = vet_tdev_mmio_count_check,
	},
	{
		.name = "mmio_write16",
		.what = "writew 0xfa to the pci-testdev MMIO test register: count += 1",
		.target = VET_TGT_TDEV_MMIO,
		.ve = { [VET_MMIO_WRITE] = 1 },
		.width = 2,
		.prepare = vet_tdev_mmio_prepare,
		.op = vet_tdev_write,
		.verify = vet_tdev_mmio_count_check,
	},
	{
		.name = "mmio_movzx8",
		.what = "movzbl from pci-testdev BAR0+16: 0x6d",
		.target = VET_TGT_TDEV_MMIO,
		.ve = { [VET_MMIO_READ] = 1 },
		.width = 1,
		.prepare = vet_tdev_mmio_prepare,
		.op = vet_movzx,
	},
	{
		.name = "mmio_movzx16",
		.what = "movzwl from pci-testdev BAR0+16: 0x6d6d",
		.target = VET_TGT_TDEV_MMIO,
		.ve = { [VET_MMIO_READ] = 1 },
		.width = 2,
		.prepare = vet_tdev_mmio_prepare,
		.op = vet_movzx,
	},
	{
		.name = "mmio_movsx8",
		.what = "movsbq from pci-testdev BAR0+8 (0xfa): -6",
		.target = VET_TGT_TDEV_MMIO,
		.ve = { [VET_MMIO_READ] = 1 },
		.width = 1,
		.prepare = vet_tdev_mmio_prepare,
		.op = vet_movsx,
	},
	{
		.name = "mmio_movsx16",
		.what = "movswq from pci-testdev BAR0+7 (0xfa00): -1536",
		.target = VET_TGT_TDEV_MMIO,
		.ve = { [VET_MMIO_READ] = 1 },
		.width = 2,
		.prepare = vet_tdev_mmio_prepare,
		.op = vet_movsx,
	},
	{
		.name = "mmio_write_imm8",
		.what = "movb $0xfa to the pci-testdev MMIO test register: count += 1",
		.target = VET_TGT_TDEV_MMIO,
		.ve = { [VET_MMIO_WRITE] = 1 },
		.width = 1,
		.prepare = vet_tdev_mmio_prepare,
		.op = vet_mov_imm,
		.verify = vet_tdev_mmio_count_check,
	},
	{
		.name = "mmio_write_imm32",
		.what = "movl $0xfa to the pci-testdev MMIO test register: count += 1",
		.target = VET_TGT_TDEV_MMIO,
		.ve = { [VET_MMIO_WRITE] = 1 },
		.width = 4,
		.prepare = vet_tdev_mmio_prepare,
		.op = vet_mov_imm,
		.verify = vet_tdev_mmio_count_check,
	},
};

const struct vet_category vet_mmio_category = {
	.name = "mmio",
	.triggers = vet_mmio_triggers,
	.len = ARRAY_SIZE(vet_mmio_triggers),
};
