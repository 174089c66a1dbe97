// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: run one trigger N times, time every operation with
 * rdtsc_ordered(), take the #VE delta for the trigger's path from the
 * stats API and check the data the device returned.
 */
#define pr_fmt(fmt) "tdx_ve_test: " fmt

#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <asm/msr.h>
#include <asm/tsc.h>

#include "tdx_ve_test.h"

/* Ops between two checks for a fatal signal / reschedule point. */
#define TDX_VE_CHUNK	64

/* Snapshots around a run, protected by tdx_ve_lock. */
static struct tdx_ve_stats tdx_ve_before, tdx_ve_after;

int tdx_ve_mismatch(struct tdx_ve_run *run, u64 expected, u64 got)
{
	if (!run->mismatches++) {
		run->expected = expected;
		run->got = got;
	}
	return -EIO;
}

static int tdx_ve_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static void tdx_ve_percentiles(u64 *s, u32 n, struct tdx_ve_pct *p)
{
	if (!n)
		return;
	sort(s, n, sizeof(*s), tdx_ve_cmp_u64, NULL);
	p->p50 = s[(n - 1) * 50 / 100];
	p->p99 = s[(n - 1) * 99 / 100];
}

static u64 tdx_ve_cyc2ns(u64 cycles)
{
	return tsc_khz ? mul_u64_u32_div(cycles, USEC_PER_SEC, tsc_khz) : 0;
}

/* Overhead of the timing itself: back-to-back rdtsc_ordered() pairs. */
static void tdx_ve_overhead(u64 *s, u32 n, struct tdx_ve_pct *p)
{
	u64 t0, d;
	u32 i;

	p->min = U64_MAX;
	for (i = 0; i < n; i++) {
		t0 = rdtsc_ordered();
		d = rdtsc_ordered() - t0;
		s[i] = d;
		p->min = min(p->min, d);
		p->max = max(p->max, d);
	}
	tdx_ve_percentiles(s, n, p);
}

static u64 tdx_ve_delta(enum tdx_ve_path path, enum tdx_ve_result r)
{
	return tdx_ve_after.count[path][TDX_VE_KERNEL][r] -
	       tdx_ve_before.count[path][TDX_VE_KERNEL][r];
}

/* Compare the #VE delta with what the trigger expects; true if fine. */
static bool tdx_ve_check_ve(const struct tdx_ve_trigger *t,
			    struct tdx_ve_report *res)
{
	u64 got[TDX_VE_NR_RESULTS] = {
		res->ve_handled, res->ve_failed_vmm, res->ve_failed_guest,
	};
	u64 want[TDX_VE_NR_RESULTS] = { };
	int r;

	if (!res->ve_known) {
		strscpy(res->ve_check,
			"unknown (kernel lacks the tdx-ve series)");
		return true;
	}
	if (!tdx_ve_is_tdx_guest()) {
		if (got[0] || got[1] || got[2]) {
			snprintf(res->ve_check, sizeof(res->ve_check),
				 "FAIL: native but delta %llu/%llu/%llu",
				 got[0], got[1], got[2]);
			return false;
		}
		strscpy(res->ve_check, "native (not a TDX guest)");
		return true;
	}

	want[t->ve_result] = (u64)t->ve_per_op * res->done;
	for (r = 0; r < TDX_VE_NR_RESULTS; r++) {
		if (got[r] != want[r]) {
			snprintf(res->ve_check, sizeof(res->ve_check),
				 "%s: expected %llu/%llu/%llu got %llu/%llu/%llu",
				 t->flags & TDX_VE_F_UNVERIFIED ?
				 "UNVERIFIED" : "FAIL",
				 want[0], want[1], want[2],
				 got[0], got[1], got[2]);
			return t->flags & TDX_VE_F_UNVERIFIED;
		}
	}
	snprintf(res->ve_check, sizeof(res->ve_check), "ok: %llu #VE", want[t->ve_result]);
	return true;
}

/* Data check; true if fine. */
static bool tdx_ve_check_data(const struct tdx_ve_trigger *t,
			      const struct tdx_ve_run *run,
			      struct tdx_ve_report *res)
{
	bool fault_expected = tdx_ve_is_tdx_guest() &&
			      t->ve_result != TDX_VE_HANDLED;

	if (fault_expected) {
		if (run->faults == res->done) {
			snprintf(res->data_check, sizeof(res->data_check),
				 "ok (faulted %llu times, expected on TDX)",
				 run->faults);
			return true;
		}
		snprintf(res->data_check, sizeof(res->data_check),
			 "FAIL: expected %llu faults got %llu",
			 res->done, run->faults);
		return false;
	}
	if (run->faults) {
		snprintf(res->data_check, sizeof(res->data_check),
			 "FAIL: %llu faults", run->faults);
		return false;
	}
	if (run->mismatches) {
		snprintf(res->data_check, sizeof(res->data_check),
			 "FAIL: %llu mismatches, expected 0x%llx got 0x%llx",
			 run->mismatches, run->expected, run->got);
		return false;
	}
	strscpy(res->data_check, "ok");
	return true;
}

/* The measured loop; returns -EINTR when a fatal signal arrived. */
static int tdx_ve_loop(const struct tdx_ve_trigger *t, struct tdx_ve_run *run,
		       u64 *samples, u32 nsamp, struct tdx_ve_report *res)
{
	u32 stride = DIV_ROUND_UP(run->count, nsamp);
	u64 t0, d;
	int ret;

	res->cycles.min = U64_MAX;
	for (run->i = 0; run->i < run->count; run->i++) {
		t0 = rdtsc_ordered();
		ret = t->op(run);
		d = rdtsc_ordered() - t0;

		if (ret == -EFAULT)
			run->faults++;
		res->cycles.min = min(res->cycles.min, d);
		res->cycles.max = max(res->cycles.max, d);
		if (!(run->i % stride) && res->samples < nsamp)
			samples[res->samples++] = d;

		if ((run->i % TDX_VE_CHUNK) == TDX_VE_CHUNK - 1) {
			if (fatal_signal_pending(current)) {
				run->i++;
				return -EINTR;
			}
			cond_resched();
		}
	}
	return 0;
}

static void tdx_ve_fill_ns(struct tdx_ve_report *res)
{
	u64 oh = res->overhead.p50;

	res->net_ns.min = tdx_ve_cyc2ns(res->cycles.min - min(oh, res->cycles.min));
	res->net_ns.p50 = tdx_ve_cyc2ns(res->cycles.p50 - min(oh, res->cycles.p50));
	res->net_ns.p99 = tdx_ve_cyc2ns(res->cycles.p99 - min(oh, res->cycles.p99));
	res->net_ns.max = tdx_ve_cyc2ns(res->cycles.max - min(oh, res->cycles.max));
}

/* Body of tdx_ve_run_trigger(), called with tdx_ve_lock held. */
static int tdx_ve_run_locked(const struct tdx_ve_trigger *t, u32 count,
			     u64 *samples, u32 nsamp,
			     struct tdx_ve_report *res)
{
	struct tdx_ve_run run = {
		.trig = t,
		.tgt = &tdx_ve_targets,
		.count = count,
	};
	bool data_ok, ve_ok;
	int ret;

	if (!tdx_ve_target_present(t->target)) {
		strscpy(res->status, "skipped: no test device");
		return -ENODEV;
	}

	tdx_ve_overhead(samples, nsamp, &res->overhead);

	migrate_disable();
	ret = t->prepare ? t->prepare(&run) : 0;
	if (ret) {
		migrate_enable();
		if (ret == -EOPNOTSUPP) {
			strscpy(res->status, "skipped: not supported here");
			return ret;
		}
		snprintf(res->status, sizeof(res->status),
			 "FAIL: setup (%d)", ret);
		if (run.mismatches)
			snprintf(res->data_check, sizeof(res->data_check),
				 "FAIL: setup expected 0x%llx got 0x%llx",
				 run.expected, run.got);
		return -EIO;
	}

	res->ve_known = !tdx_ve_stats_snapshot(&tdx_ve_before);
	ret = tdx_ve_loop(t, &run, samples, nsamp, res);
	if (res->ve_known)
		res->ve_known = !tdx_ve_stats_snapshot(&tdx_ve_after);
	res->done = run.i;
	res->faults = run.faults;
	if (!ret && !run.faults && t->verify)
		t->verify(&run);
	migrate_enable();

	if (res->ve_known) {
		res->ve_handled = tdx_ve_delta(t->path, TDX_VE_HANDLED);
		res->ve_failed_vmm = tdx_ve_delta(t->path, TDX_VE_FAILED_VMM);
		res->ve_failed_guest = tdx_ve_delta(t->path, TDX_VE_FAILED_GUEST);
	}
	tdx_ve_percentiles(samples, res->samples, &res->cycles);
	tdx_ve_fill_ns(res);

	data_ok = tdx_ve_check_data(t, &run, res);
	ve_ok = tdx_ve_check_ve(t, res);
	if (ret == -EINTR) {
		snprintf(res->status, sizeof(res->status),
			 "interrupted after %llu", res->done);
		return ret;
	}
	strscpy(res->status, data_ok && ve_ok ? "ok" : "FAIL");
	return data_ok && ve_ok ? 0 : -EIO;
}

/**
 * tdx_ve_run_trigger - run @t @count times and fill @res
 * @t:		trigger, already checked with tdx_ve_trigger_allowed()
 * @count:	number of operations, 1..TDX_VE_MAX_COUNT
 * @res:	result, overwritten
 *
 * Return: 0 if the data and #VE checks passed, -EIO if not, -ENODEV when
 * the device is missing, -EINTR on a fatal signal, or another errno.
 */
int tdx_ve_run_trigger(const struct tdx_ve_trigger *t, u32 count,
		       struct tdx_ve_report *res)
{
	u32 nsamp = min(count, TDX_VE_MAX_SAMPLES);
	u64 *samples;
	int ret;

	samples = kvmalloc_array(nsamp, sizeof(*samples), GFP_KERNEL);
	if (!samples)
		return -ENOMEM;

	ret = mutex_lock_interruptible(&tdx_ve_lock);
	if (ret)
		goto out;
	memset(res, 0, sizeof(*res));
	res->valid = true;
	res->count = count;
	strscpy(res->ve_check, "n/a");
	strscpy(res->data_check, "n/a");
	ret = tdx_ve_run_locked(t, count, samples, nsamp, res);
	res->err = ret;
	mutex_unlock(&tdx_ve_lock);
out:
	kvfree(samples);
	return ret;
}
