// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: the ACPI PM timer, port I/O every PC-like TD declares.
 *
 * The timer counts at 3.579545 MHz in 24 (or 32) bits and is read-only;
 * the acpi_pm clocksource reads it the same way, without a lock.  Each
 * read must be at or after the one before, modulo the width; a pair of
 * reads more than a second apart is not compared (a 24-bit timer wraps
 * every 4.7 s).  Over a run longer than 10 us the timer must move.
 */
#include <linux/io.h>
#include <linux/time.h>
#include <asm/msr.h>
#include <asm/tsc.h>

#include "tdx_ve_test.h"

#define VET_PMTMR_MOVES_NS	10000

static u64 vet_ns_to_tsc(u64 ns)
{
	return (u64)tsc_khz * ns / NSEC_PER_MSEC;
}

/* cookie: last value, cookie2: first value, stamp/stamp2: their TSCs */
static int vet_pmtmr_prepare(struct vet_run *run)
{
	run->cookie = inl(run->dev.port) & run->dev.mask;
	run->cookie2 = run->cookie;
	run->stamp = rdtsc();
	run->stamp2 = run->stamp;
	return 0;
}

static int vet_pmtmr_read(struct vet_run *run)
{
	u32 mask = run->dev.mask, prev = run->cookie;
	u32 now = inl(run->dev.port) & mask;
	u64 tsc = rdtsc();
	bool far = tsc - run->stamp > vet_ns_to_tsc(NSEC_PER_SEC);

	run->cookie = now;
	run->stamp = tsc;
	if (!far && ((now - prev) & mask) > mask / 2)
		return vet_mismatch(run, prev, now);
	return 0;
}

static int vet_pmtmr_verify(struct vet_run *run)
{
	u32 now = inl(run->dev.port) & run->dev.mask;

	if (now != run->cookie2 || !tsc_khz)
		return 0;
	/* Unchanged: fine only if the run was too short to see a tick. */
	if (rdtsc() - run->stamp2 < vet_ns_to_tsc(VET_PMTMR_MOVES_NS))
		return 0;
	return vet_mismatch(run, run->cookie2 + 1, now);
}

static const struct vet_trigger vet_acpi_triggers[] = {
	{
		.name = "acpi_pm_timer",
		.what = "inl of the FADT's PM timer port: monotonic, moving",
		.target = VET_TGT_PM_TIMER,
		.ve = { [VET_IO_IN] = 1 },
		.width = 4,
		.prepare = vet_pmtmr_prepare,
		.op = vet_pmtmr_read,
		.verify = vet_pmtmr_verify,
	},
};

const struct vet_category vet_acpi_category = {
	.name = "acpi",
	.triggers = vet_acpi_triggers,
	.len = ARRAY_SIZE(vet_acpi_triggers),
};
