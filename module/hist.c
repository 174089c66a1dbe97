// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: latency histograms.
 *
 * Every measured operation goes into the histogram, none is sampled out.
 * Values below VET_HIST_EXACT cycles have a bucket each; above, every power
 * of two is cut into 16 buckets, so a bucket is at most 1/16 (6.25 %) of
 * its lower edge wide.  992 u32 buckets cover all of u64.
 *
 * Percentiles use the nearest-rank rule: the p-th percentile of N values
 * is the value of rank r = ceil(p * N / 100) (1-based) in ascending order.
 * The histogram returns the upper edge of the bucket holding that rank,
 * clamped to [min, max]: exact below 64 cycles, at most 6.25 % high above.
 * p100 is the maximum, p0 is taken as rank 1 (the minimum's bucket).
 */
#include <linux/bitops.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "tdx_ve_test.h"

#define VET_HIST_SUB		BIT(VET_HIST_SUB_BITS)
/* The first value above the exact range has bit 6 as its top bit. */
#define VET_HIST_FIRST_EXP	6

static unsigned int vet_hist_index(u64 v)
{
	unsigned int e, sub;

	if (v < VET_HIST_EXACT)
		return v;
	e = fls64(v) - 1;
	sub = (v >> (e - VET_HIST_SUB_BITS)) & (VET_HIST_SUB - 1);
	return VET_HIST_EXACT + (e - VET_HIST_FIRST_EXP) * VET_HIST_SUB + sub;
}

static u64 vet_hist_upper(unsigned int idx)
{
	unsigned int k, e, sub;
	u64 lower;

	if (idx < VET_HIST_EXACT)
		return idx;
	k = idx - VET_HIST_EXACT;
	e = k / VET_HIST_SUB + VET_HIST_FIRST_EXP;
	sub = k % VET_HIST_SUB;
	lower = (u64)(VET_HIST_SUB + sub) << (e - VET_HIST_SUB_BITS);
	return lower + (1ULL << (e - VET_HIST_SUB_BITS)) - 1;
}

void vet_hist_init(struct vet_hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = U64_MAX;
}

void vet_hist_add(struct vet_hist *h, u64 v)
{
	h->bucket[vet_hist_index(v)]++;
	h->n++;
	h->min = min(h->min, v);
	h->max = max(h->max, v);
}

/**
 * vet_hist_pct - nearest-rank percentile
 * @h:		the histogram
 * @permille:	the percentile in tenths of a percent (500 = p50, 999 = p99.9)
 *
 * Return: the upper edge of the bucket that holds the value of rank
 * ceil(@permille * N / 1000), clamped to the minimum and maximum; 0 for an
 * empty histogram.
 */
u64 vet_hist_pct(const struct vet_hist *h, unsigned int permille)
{
	u64 rank, seen = 0;
	unsigned int i;

	if (!h->n)
		return 0;
	rank = max_t(u64, 1, DIV_ROUND_UP_ULL(min(permille, 1000U) * h->n, 1000));
	for (i = 0; i < VET_HIST_BUCKETS; i++) {
		seen += h->bucket[i];
		if (seen >= rank)
			return clamp(vet_hist_upper(i), h->min, h->max);
	}
	return h->max;
}

void vet_hist_summary(const struct vet_hist *h, struct vet_pct *p)
{
	p->min = h->n ? h->min : 0;
	p->p50 = vet_hist_pct(h, 500);
	p->p90 = vet_hist_pct(h, 900);
	p->p99 = vet_hist_pct(h, 990);
	p->p999 = vet_hist_pct(h, 999);
	p->max = h->max;
}
