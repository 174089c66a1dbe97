// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: MMIO triggers.
 *
 * edu BAR0 takes 4-byte accesses below 0x80 and 4/8-byte ones from 0x80:
 * 0x00 reads the ID 0x010000ed, 0x04 reads back ~written, 0x80 (DMA
 * source address) is a plain 64-bit register while no DMA runs.
 *
 * pci-testdev BAR0 is byte-granular (QEMU splits wider accesses), so it
 * takes the 8/16-bit accesses and the MOVZX/MOVSX/MOV-immediate forms the
 * #VE handler decodes: test 0 ("mmio-no-eventfd") is selected first, then
 * the name at +16 and the 0xfa data byte at +8 are read, and 0xfa written
 * to the test register bumps the hit count.
 */
#define pr_fmt(fmt) "tdx_ve_test: " fmt

#include <linux/io.h>

#include "tdx_ve_test.h"

#define EDU_ID			0x00
#define EDU_ID_VALUE		0x010000edU
#define EDU_LIVENESS		0x04
#define EDU_DMA_SRC		0x80
#define EDU_PATTERN		0x5a5aa5a5c3c33c3cULL

#define TDEV_MMIO_NAME		0x2d6f6e2d6f696d6dULL	/* "mmio-no-" */

/* edu ------------------------------------------------------------------ */

static int tdx_ve_edu_id(struct tdx_ve_run *run)
{
	u32 got = readl(run->tgt->edu + EDU_ID);

	return got == EDU_ID_VALUE ? 0 : tdx_ve_mismatch(run, EDU_ID_VALUE, got);
}

static int tdx_ve_edu_live_write(struct tdx_ve_run *run)
{
	writel(lower_32_bits(run->i) ^ 0xa5a50000, run->tgt->edu + EDU_LIVENESS);
	return 0;
}

/* The liveness register returns the complement of the last write. */
static int tdx_ve_edu_live_verify(struct tdx_ve_run *run)
{
	u32 want = ~(lower_32_bits(run->count - 1) ^ 0xa5a50000);
	u32 got = readl(run->tgt->edu + EDU_LIVENESS);

	return got == want ? 0 : tdx_ve_mismatch(run, want, got);
}

static int tdx_ve_edu_q_prepare(struct tdx_ve_run *run)
{
	writeq(EDU_PATTERN, run->tgt->edu + EDU_DMA_SRC);
	return 0;
}

static int tdx_ve_edu_q_read(struct tdx_ve_run *run)
{
	u64 got = readq(run->tgt->edu + EDU_DMA_SRC);

	return got == EDU_PATTERN ? 0 : tdx_ve_mismatch(run, EDU_PATTERN, got);
}

static int tdx_ve_edu_q_write(struct tdx_ve_run *run)
{
	writeq(EDU_PATTERN ^ run->i, run->tgt->edu + EDU_DMA_SRC);
	return 0;
}

static int tdx_ve_edu_q_verify(struct tdx_ve_run *run)
{
	u64 want = EDU_PATTERN ^ (run->count - 1);
	u64 got = readq(run->tgt->edu + EDU_DMA_SRC);

	return got == want ? 0 : tdx_ve_mismatch(run, want, got);
}

/* pci-testdev ---------------------------------------------------------- */

/* Select the no-eventfd test and read the test register's offset. */
int tdx_ve_tdev_prepare(struct tdx_ve_run *run)
{
	void __iomem *base = run->tgt->tdev_mmio;
	u64 name;
	u32 off;

	writeb(TDEV_NO_EVENTFD, base + TDEV_TEST);
	name = readq(base + TDEV_NAME);
	if (name != TDEV_MMIO_NAME)
		return tdx_ve_mismatch(run, TDEV_MMIO_NAME, name);
	off = readl(base + TDEV_OFFSET);
	if (off <= TDEV_NAME || off + 8 > TDEV_MMIO_SIZE)
		return tdx_ve_mismatch(run, TDEV_MMIO_SIZE / 2, off);
	run->cookie = off;
	return 0;
}

static u64 tdx_ve_tdev_want(const struct tdx_ve_run *run)
{
	unsigned int width = run->trig->width;

	return width == 8 ? TDEV_MMIO_NAME :
			    TDEV_MMIO_NAME & ((1ULL << (8 * width)) - 1);
}

static int tdx_ve_tdev_read(struct tdx_ve_run *run)
{
	void __iomem *addr = run->tgt->tdev_mmio + TDEV_NAME;
	u64 want = tdx_ve_tdev_want(run);
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
	return got == want ? 0 : tdx_ve_mismatch(run, want, got);
}

static int tdx_ve_tdev_write(struct tdx_ve_run *run)
{
	void __iomem *addr = run->tgt->tdev_mmio + run->cookie;

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

/* The count register must have grown by exactly N. */
int tdx_ve_mmio_count_check(struct tdx_ve_run *run)
{
	u32 hits = readl(run->tgt->tdev_mmio + TDEV_COUNT);

	return hits == run->count ? 0 : tdx_ve_mismatch(run, run->count, hits);
}

/*
 * Instruction forms the #VE handler decodes separately.  The compiler
 * might pick any of them for readb()/readw(), so spell them out.
 */
static int tdx_ve_movzx(struct tdx_ve_run *run)
{
	void __iomem *addr = run->tgt->tdev_mmio + TDEV_NAME;
	u64 want = tdx_ve_tdev_want(run);
	u32 got;

	if (run->trig->width == 1)
		asm volatile("movzbl %1, %0" : "=r" (got)
			     : "m" (*(u8 __force *)addr));
	else
		asm volatile("movzwl %1, %0" : "=r" (got)
			     : "m" (*(u16 __force *)addr));
	return got == want ? 0 : tdx_ve_mismatch(run, want, got);
}

/* The data byte 0xfa at +8 is negative; +7 is the top offset byte (0). */
static int tdx_ve_movsx(struct tdx_ve_run *run)
{
	void __iomem *base = run->tgt->tdev_mmio;
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
	return got == want ? 0 : tdx_ve_mismatch(run, want, got);
}

static int tdx_ve_mov_imm(struct tdx_ve_run *run)
{
	void __iomem *addr = run->tgt->tdev_mmio + run->cookie;

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

#define TDX_VE_MMIO(_name, _tgt, _path, _width, _prep, _op, _verify, _what) \
	{								\
		.name = _name,						\
		.target = _tgt,						\
		.path = _path,						\
		.ve_result = TDX_VE_HANDLED,				\
		.ve_per_op = 1,						\
		.width = _width,					\
		.what = _what,						\
		.prepare = _prep,					\
		.op = _op,						\
		.verify = _verify,					\
	}

#define TDX_VE_EDU(_name, _path, _width, _prep, _op, _verify, _what)	\
	TDX_VE_MMIO(_name, TDX_VE_TGT_EDU, _path, _width, _prep, _op,	\
		    _verify, _what)
#define TDX_VE_TDEV(_name, _path, _width, _op, _verify, _what)		\
	TDX_VE_MMIO(_name, TDX_VE_TGT_TDEV_MMIO, _path, _width,	\
		    tdx_ve_tdev_prepare, _op, _verify, _what)

static const struct tdx_ve_trigger tdx_ve_mmio_triggers[] = {
	TDX_VE_EDU("mmio_read32", TDX_VE_MMIO_READ, 4, NULL,
		   tdx_ve_edu_id, NULL,
		   "readl edu+0x00, expect ID 0x010000ed"),
	TDX_VE_EDU("mmio_write32", TDX_VE_MMIO_WRITE, 4, NULL,
		   tdx_ve_edu_live_write, tdx_ve_edu_live_verify,
		   "writel edu+0x04 (liveness), reads back ~last"),
	TDX_VE_EDU("mmio_read64", TDX_VE_MMIO_READ, 8, tdx_ve_edu_q_prepare,
		   tdx_ve_edu_q_read, NULL,
		   "readq edu+0x80 (DMA source), expect the pattern written"),
	TDX_VE_EDU("mmio_write64", TDX_VE_MMIO_WRITE, 8, NULL,
		   tdx_ve_edu_q_write, tdx_ve_edu_q_verify,
		   "writeq edu+0x80 (DMA source), reads back last"),
	TDX_VE_TDEV("mmio_read8", TDX_VE_MMIO_READ, 1, tdx_ve_tdev_read, NULL,
		    "readb pci-testdev BAR0+16, expect 'm'"),
	TDX_VE_TDEV("mmio_read16", TDX_VE_MMIO_READ, 2, tdx_ve_tdev_read, NULL,
		    "readw pci-testdev BAR0+16, expect \"mm\""),
	TDX_VE_TDEV("mmio_read64_split", TDX_VE_MMIO_READ, 8,
		    tdx_ve_tdev_read, NULL,
		    "readq pci-testdev BAR0+16, expect \"mmio-no-\""),
	TDX_VE_TDEV("mmio_write8", TDX_VE_MMIO_WRITE, 1, tdx_ve_tdev_write,
		    tdx_ve_mmio_count_check,
		    "writeb 0xfa to the pci-testdev MMIO test register, count += N"),
	TDX_VE_TDEV("mmio_write16", TDX_VE_MMIO_WRITE, 2, tdx_ve_tdev_write,
		    tdx_ve_mmio_count_check,
		    "writew 0xfa to the pci-testdev MMIO test register, count += N"),
	TDX_VE_TDEV("mmio_movzx8", TDX_VE_MMIO_READ, 1, tdx_ve_movzx, NULL,
		    "movzbl from pci-testdev BAR0+16, expect 0x6d"),
	TDX_VE_TDEV("mmio_movzx16", TDX_VE_MMIO_READ, 2, tdx_ve_movzx, NULL,
		    "movzwl from pci-testdev BAR0+16, expect 0x6d6d"),
	TDX_VE_TDEV("mmio_movsx8", TDX_VE_MMIO_READ, 1, tdx_ve_movsx, NULL,
		    "movsbq from pci-testdev BAR0+8 (0xfa), expect -6"),
	TDX_VE_TDEV("mmio_movsx16", TDX_VE_MMIO_READ, 2, tdx_ve_movsx, NULL,
		    "movswq from pci-testdev BAR0+7 (0xfa00), expect -1536"),
	TDX_VE_TDEV("mmio_write_imm8", TDX_VE_MMIO_WRITE, 1, tdx_ve_mov_imm,
		    tdx_ve_mmio_count_check,
		    "movb $0xfa to the pci-testdev MMIO test register, count += N"),
	TDX_VE_TDEV("mmio_write_imm32", TDX_VE_MMIO_WRITE, 4, tdx_ve_mov_imm,
		    tdx_ve_mmio_count_check,
		    "movl $0xfa to the pci-testdev MMIO test register, count += N"),
};

const struct tdx_ve_category tdx_ve_mmio_category = {
	.name = "mmio",
	.triggers = tdx_ve_mmio_triggers,
	.len = ARRAY_SIZE(tdx_ve_mmio_triggers),
};
