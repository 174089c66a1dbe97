// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: run a trigger N times, check its #VEs and data, time it.
 *
 * One run, pinned to the CPU it started on:
 *  1. warm-up: min(N, VET_WARMUP) operations, done but not measured;
 *  2. N measured operations.  Each one runs with preemption and interrupts
 *     disabled, between two reads of this CPU's kernel-context #VE
 *     counters: the difference is exactly the #VEs of that operation (no
 *     interrupt, no other task, no other CPU), compared with what the
 *     trigger expects.  HLT is the exception: it needs interrupts, and
 *     only its own path is compared.  rdtsc_ordered() around the
 *     operation gives its cycles, and every one goes into a histogram;
 *  3. the null operation, VET_WARMUP + VET_NULL_OPS times, measured the
 *     same way: the harness overhead, and a check that the harness itself
 *     raises no #VE.
 * Every 64 operations the run checks for a fatal signal, its device going
 * away and its time budget (budget_ms), and may reschedule.
 *
 * Runs are serialised by vet_run_lock (the QEMU devices keep state
 * between operations); a run publishes its result under vet_results_lock
 * before it drops vet_run_lock, so results appear in the order the runs
 * happened, and readers only ever wait for a copy.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/cpufeature.h>
#include <asm/msr.h>
#include <asm/tsc.h>

#include "tdx_ve_test.h"

#define VET_CHUNK	64

static bool vet_hlt;
module_param_named(hlt, vet_hlt, bool, 0444);
MODULE_PARM_DESC(hlt, "Enable the HLT trigger (default: off)");

static bool vet_allow_failing;
module_param_named(allow_failing, vet_allow_failing, bool, 0444);
MODULE_PARM_DESC(allow_failing,
		 "Enable triggers the TDX #VE handler refuses (default: off)");

static unsigned int vet_budget = 10000;
module_param_named(budget_ms, vet_budget, uint, 0644);
MODULE_PARM_DESC(budget_ms, "Time budget of one run in ms (default: 10000)");

static DEFINE_MUTEX(vet_run_lock);
static DEFINE_MUTEX(vet_results_lock);
static struct vet_report *vet_results;	/* [vet_nr_triggers()] */
static int vet_last = -1;

/* Everything one run needs, allocated outside the locks. */
struct vet_engine {
	struct vet_run run;
	struct vet_report rep;
	struct vet_hist hist;
	struct vet_hist null_hist;
	struct vet_counts scratch;
	struct vet_local before;
	struct vet_local after;
	u64 want[VET_NR_PATHS][VET_NR_RESULTS];	/* per op, this run */
	bool checked[VET_NR_PATHS];		/* paths compared */
	bool counting;				/* a #VE counter exists */
	bool want_set;				/* @want is final */
	u64 deadline;				/* ktime_get_ns() */
};

bool vet_is_tdx_guest(void)
{
	return cpu_feature_enabled(X86_FEATURE_TDX_GUEST);
}

bool vet_param_hlt(void)
{
	return vet_hlt;
}

bool vet_param_allow_failing(void)
{
	return vet_allow_failing;
}

unsigned int vet_budget_ms(void)
{
	return clamp(READ_ONCE(vet_budget), 10U, 3600000U);
}

u64 vet_cycles_to_ns(u64 cycles)
{
	return tsc_khz ? mul_u64_u32_div(cycles, USEC_PER_SEC, tsc_khz) : 0;
}

/**
 * vet_runnable - can @t run here, now?
 * @t:		the trigger
 * @why:	set to the reason when it cannot
 *
 * Return: 0; -EOPNOTSUPP when this kernel or machine refuses it, -ENODEV
 * when its device is missing, -EPERM when a module parameter must enable
 * it.
 */
int vet_runnable(const struct vet_trigger *t, const char **why)
{
	const char *r = t->unavailable ? t->unavailable(t) : NULL;

	*why = r;
	if (r)
		return -EOPNOTSUPP;
	r = vet_target_missing(t->target);
	*why = r;
	if (r)
		return -ENODEV;
	if ((t->flags & VET_F_HLT) && !vet_hlt) {
		*why = "needs module parameter hlt=1";
		return -EPERM;
	}
	if ((t->flags & VET_F_FAILING) && !vet_allow_failing) {
		*why = "needs module parameter allow_failing=1";
		return -EPERM;
	}
	return 0;
}

static int vet_noop(struct vet_run *run)
{
	return 0;
}

/* What a clean operation of @t adds to this CPU's counters, here. */
static void vet_expect(struct vet_engine *e, const struct vet_trigger *t)
{
	int p;

	memset(e->want, 0, sizeof(e->want));
	for (p = 0; p < VET_NR_PATHS; p++) {
		e->checked[p] = !(t->flags & VET_F_HLT) || t->ve[p];
		if (vet_is_tdx_guest())
			e->want[p][t->ve_result] = t->ve[p];
	}
	/* The TDX module decides: the first measured op sets the norm. */
	e->want_set = !(vet_is_tdx_guest() && (t->flags & VET_F_TDX_MODULE));
}

/* Compare one measured operation's #VEs with the run's expectation. */
static void vet_check_op(struct vet_engine *e, bool null)
{
	struct vet_report *rep = &e->rep;
	bool clean = true;
	int p, r;

	if (!e->counting)
		return;
	for (p = 0; p < VET_NR_PATHS; p++) {
		for (r = 0; r < VET_NR_RESULTS; r++) {
			u64 d = e->after.n[p][r] - e->before.n[p][r];

			if (null) {
				clean &= !d;
				continue;
			}
			if (!e->checked[p])
				continue;
			if (!e->want_set)
				e->want[p][r] = d;
			rep->delta[p][r] += d;
			clean &= d == e->want[p][r];
		}
	}
	e->want_set = true;
	if (null)
		rep->null_dirty += !clean;
	else
		rep->clean += clean;
}

/* One operation under the harness; measured ones are timed and checked. */
static int vet_one(struct vet_engine *e, int (*op)(struct vet_run *run),
		   struct vet_hist *h, bool null)
{
	unsigned long flags;
	u64 t0, t1;
	int ret;

	preempt_disable();
	local_irq_save(flags);
	if (e->counting)
		vet_counters_local(&e->scratch, &e->before);
	t0 = rdtsc_ordered();
	ret = op(&e->run);
	t1 = rdtsc_ordered();
	if (e->counting)
		vet_counters_local(&e->scratch, &e->after);
	local_irq_restore(flags);
	preempt_enable();

	if (h) {
		vet_hist_add(h, t1 - t0);
		vet_check_op(e, null);
	}
	return ret;
}

/* Between chunks: signal, device, budget; then a chance to reschedule. */
static int vet_checkpoint(struct vet_engine *e)
{
	if (fatal_signal_pending(current))
		return -EINTR;
	if (vet_target_dying(e->run.trig->target))
		return -ENODEV;
	if (ktime_get_ns() > e->deadline)
		return -ETIME;
	cond_resched();
	return 0;
}

/* Warm-up and the measured operations; run->i counts both. */
static int vet_loop(struct vet_engine *e, u64 warmup)
{
	struct vet_run *run = &e->run;
	int ret;

	for (run->i = 0; run->i < run->count; run->i++) {
		bool measured = run->i >= warmup;

		if (vet_one(e, run->trig->op, measured ? &e->hist : NULL,
			    false) == -EFAULT)
			run->faults++;
		if (run->i % VET_CHUNK == VET_CHUNK - 1) {
			ret = vet_checkpoint(e);
			if (ret) {
				run->i++;
				return ret;
			}
		}
	}
	return 0;
}

static void vet_null_phase(struct vet_engine *e)
{
	struct vet_run *run = &e->run;
	u64 i;

	for (i = 0; i < VET_WARMUP + VET_NULL_OPS; i++) {
		run->i = i;
		vet_one(e, vet_noop, i >= VET_WARMUP ? &e->null_hist : NULL,
			true);
		if (i % VET_CHUNK == VET_CHUNK - 1 && vet_checkpoint(e))
			return;
	}
}

/* "1 io_in + 1 io_out handled" from a per-op vector. */
static void vet_describe(u64 want[VET_NR_PATHS][VET_NR_RESULTS], char *buf,
			 size_t len)
{
	size_t used = 0;
	int p, r;

	buf[0] = '\0';
	for (p = 0; p < VET_NR_PATHS; p++)
		for (r = 0; r < VET_NR_RESULTS; r++)
			if (want[p][r])
				used += scnprintf(buf + used, len - used, "%s%llu %s %s",
						  used ? " + " : "", want[p][r],
						  vet_path_names[p],
						  vet_result_names[r]);
	if (!used)
		strscpy(buf, "no #VE", len);
}

/* The #VE verdict; false when it fails the run. */
static bool vet_verdict_ve(struct vet_engine *e, const struct vet_trigger *t)
{
	u64 table[VET_NR_PATHS][VET_NR_RESULTS] = { };
	struct vet_report *rep = &e->rep;
	char want[48], got[48];
	bool as_table = true;
	int p, r;

	if (!e->counting) {
		snprintf(rep->ve_check, sizeof(rep->ve_check),
			 "unknown: no #VE counters (%s)", vet_counters_why_none());
		return true;
	}
	if (!rep->done) {
		strscpy(rep->ve_check, "n/a: no measured operation",
			sizeof(rep->ve_check));
		return true;
	}
	for (p = 0; p < VET_NR_PATHS; p++) {
		if (vet_is_tdx_guest())
			table[p][t->ve_result] = t->ve[p];
		for (r = 0; r < VET_NR_RESULTS; r++)
			if (e->checked[p] && table[p][r] != e->want[p][r])
				as_table = false;
	}
	vet_describe(e->want, want, sizeof(want));
	if (rep->clean == rep->done && as_table) {
		snprintf(rep->ve_check, sizeof(rep->ve_check), "exact: %s per op%s",
			 want, vet_is_tdx_guest() ? "" : " (not a TDX guest)");
		return true;
	}
	if (rep->clean == rep->done) {
		vet_describe(table, got, sizeof(got));
		snprintf(rep->ve_check, sizeof(rep->ve_check),
			 "differs: %s per op, not %s (the TDX module decides)",
			 want, got);
		return true;
	}
	if (!rep->clean) {
		snprintf(rep->ve_check, sizeof(rep->ve_check),
			 "FAIL: no operation had %s", want);
		return false;
	}
	snprintf(rep->ve_check, sizeof(rep->ve_check),
		 "not clean: %llu of %llu ops had other than %s",
		 rep->done - rep->clean, rep->done, want);
	return true;
}

/* The data verdict; false when it fails the run. */
static bool vet_verdict_data(struct vet_engine *e, const struct vet_trigger *t)
{
	struct vet_report *rep = &e->rep;
	struct vet_run *run = &e->run;
	size_t len = sizeof(rep->data_check);

	if (vet_is_tdx_guest() && (t->flags & VET_F_FAILING)) {
		if (run->faults == run->count) {
			snprintf(rep->data_check, len,
				 "ok: every op faulted (%llu), as on TDX", run->faults);
			return true;
		}
		snprintf(rep->data_check, len, "FAIL: %llu of %llu ops faulted",
			 run->faults, run->count);
		return false;
	}
	if (run->faults) {
		snprintf(rep->data_check, len, "FAIL: %llu ops faulted", run->faults);
		return false;
	}
	if (run->mismatches) {
		snprintf(rep->data_check, len,
			 "FAIL: %llu mismatches, first: expected 0x%llx got 0x%llx",
			 run->mismatches, run->expected, run->got);
		return false;
	}
	strscpy(rep->data_check, "ok", len);
	return true;
}

static void vet_status(struct vet_report *rep, int ret)
{
	size_t len = sizeof(rep->status);

	switch (ret) {
	case -EINTR:
		snprintf(rep->status, len, "interrupted after %llu", rep->done);
		break;
	case -ENODEV:
		snprintf(rep->status, len, "device removed after %llu", rep->done);
		break;
	case -ETIME:
		snprintf(rep->status, len, "budget: stopped after %llu of %llu",
			 rep->done, rep->count);
		break;
	default:
		strscpy(rep->status, ret ? "FAIL" : "ok", len);
		break;
	}
}

/* The run itself: vet_run_lock held, the target held, pinned. */
static int vet_run_pinned(struct vet_engine *e, u32 count)
{
	const struct vet_trigger *t = e->run.trig;
	struct vet_report *rep = &e->rep;
	struct vet_run *run = &e->run;
	u64 warmup = min_t(u64, VET_WARMUP, count);
	u64 start = ktime_get_ns();
	bool ve_ok, data_ok;
	int ret;

	rep->cpu = raw_smp_processor_id();
	e->deadline = start + (u64)vet_budget_ms() * NSEC_PER_MSEC;
	e->counting = rep->source != VET_SRC_NONE;
	vet_expect(e, t);

	ret = t->prepare ? t->prepare(run) : 0;
	if (ret == -EOPNOTSUPP) {
		strscpy(rep->status, "skipped: not supported here (setup refused)",
			sizeof(rep->status));
		return ret;
	}
	if (ret) {
		snprintf(rep->status, sizeof(rep->status), "FAIL: setup (%d)", ret);
		if (run->mismatches)
			snprintf(rep->data_check, sizeof(rep->data_check),
				 "FAIL: setup expected 0x%llx got 0x%llx",
				 run->expected, run->got);
		return -EIO;
	}

	run->count = warmup + count;
	ret = vet_loop(e, warmup);
	/* ->verify() and the checks see the operations actually done. */
	run->count = run->i;
	rep->warmup = min(run->i, warmup);
	rep->done = run->i - rep->warmup;
	rep->faults = run->faults;
	if ((!ret || ret == -ETIME) && !run->faults && t->verify)
		t->verify(run);
	if (!ret)
		vet_null_phase(e);
	rep->elapsed_ns = ktime_get_ns() - start;

	vet_hist_summary(&e->hist, &rep->cycles);
	vet_hist_summary(&e->null_hist, &rep->null_cycles);
	memcpy(rep->want, t->ve, sizeof(rep->want));
	rep->want_result = t->ve_result;
	data_ok = vet_verdict_data(e, t);
	ve_ok = vet_verdict_ve(e, t);
	if (!ret && !(data_ok && ve_ok))
		ret = -EIO;
	vet_status(rep, ret);
	return ret;
}

static void vet_publish(const struct vet_trigger *t, const struct vet_report *rep)
{
	int idx = vet_trigger_index(t);

	if (idx < 0)
		return;
	mutex_lock(&vet_results_lock);
	vet_results[idx] = *rep;
	vet_last = idx;
	mutex_unlock(&vet_results_lock);
}

/**
 * vet_run - run @t @count times, check it, publish the result
 * @t:		the trigger
 * @count:	measured operations, 1..VET_MAX_COUNT (and @t->max_count)
 * @out:	optional copy of the result
 *
 * Return: 0 if the data and #VE checks passed, -EIO if not; -EPERM,
 * -ENODEV or -EOPNOTSUPP when @t cannot run (the result says why);
 * -EINTR on a fatal signal, -ENODEV when the device went away, -ETIME when
 * the budget ran out (the checks cover the operations done); -ERANGE for
 * a bad @count; -ENOMEM.
 */
int vet_run(const struct vet_trigger *t, u32 count, struct vet_report *out)
{
	struct vet_engine *e;
	const char *why;
	int ret;

	if (!count || count > VET_MAX_COUNT || (t->max_count && count > t->max_count))
		return -ERANGE;
	e = kvzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->run.trig = t;
	e->rep.valid = true;
	e->rep.count = count;
	e->rep.cpu = -1;
	e->rep.source = vet_counters_source();
	strscpy(e->rep.ve_check, "n/a", sizeof(e->rep.ve_check));
	strscpy(e->rep.data_check, "n/a", sizeof(e->rep.data_check));
	vet_hist_init(&e->hist);
	vet_hist_init(&e->null_hist);

	ret = mutex_lock_killable(&vet_run_lock);
	if (ret)
		goto out;
	ret = vet_runnable(t, &why) ?: vet_target_get(t->target, &e->run.dev);
	if (ret) {
		snprintf(e->rep.status, sizeof(e->rep.status), "skipped: %s",
			 why ?: vet_target_missing(t->target) ?: "device gone");
	} else {
		migrate_disable();
		ret = vet_run_pinned(e, count);
		migrate_enable();
		vet_target_put(t->target);
	}
	e->rep.err = ret;
	vet_publish(t, &e->rep);
	mutex_unlock(&vet_run_lock);
	if (out)
		*out = e->rep;
out:
	kvfree(e);
	return ret;
}

/**
 * vet_result_get - the last result of @t
 * @t:		the trigger
 * @out:	a copy; ->valid is false if it never ran
 *
 * Return: 0, or -EINTR when a fatal signal came while waiting.
 */
int vet_result_get(const struct vet_trigger *t, struct vet_report *out)
{
	int idx = vet_trigger_index(t);

	if (idx < 0)
		return -ENOENT;
	if (mutex_lock_killable(&vet_results_lock))
		return -EINTR;
	*out = vet_results[idx];
	mutex_unlock(&vet_results_lock);
	return 0;
}

/**
 * vet_result_last - the result of the last run of any trigger
 * @out: a copy
 *
 * Return: that trigger, or NULL when nothing ran (or on a fatal signal).
 */
const struct vet_trigger *vet_result_last(struct vet_report *out)
{
	const struct vet_trigger *t = NULL;

	if (mutex_lock_killable(&vet_results_lock))
		return NULL;
	if (vet_last >= 0) {
		*out = vet_results[vet_last];
		t = vet_trigger_at(vet_last);
	}
	mutex_unlock(&vet_results_lock);
	return t;
}

int vet_engine_init(void)
{
	vet_results = kvcalloc(vet_nr_triggers(), sizeof(*vet_results),
			       GFP_KERNEL);
	return vet_results ? 0 : -ENOMEM;
}

void vet_engine_exit(void)
{
	kvfree(vet_results);
	vet_results = NULL;
	vet_last = -1;
}
