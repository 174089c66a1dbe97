// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: the KTAP selftest.  Writing 1 to the selftest file runs it
 * (never opening or reading a file); result/selftest holds the last report.
 *
 * Cases, in order:
 *  - counters: which #VE counter source is in use;
 *  - parse_*: the input parser;
 *  - hist_*: the histogram and its nearest-rank percentiles;
 *  - classify_*: the probe's path/context/result rules, on made-up #VEs;
 *  - emu_compare_*: the rule comparing the module's counts with the
 *    emulated TD's, on made-up snapshots (deltas, and since boot);
 *  - emu_fake: the whole comparison (stop_machine() snapshots) against a
 *    fake emulator that mirrors the module's counters, once as it is and
 *    once with one #VE too many: the first must match, the second not;
 *  - one case per trigger, N = VET_SELFTEST_COUNT (SKIP with the reason
 *    when it cannot run here); a #VE delta that is not clean fails;
 *  - stats_monotonic: no counter went down across the runs;
 *  - ve_counts_match_emulator: on an emulated TD, with the kernel's
 *    counters, the counts since boot must equal the emulator's per CPU,
 *    path and context; then, with any source, every trigger that can run
 *    is run on every online CPU between two snapshots, and the counts must
 *    have grown alike (SKIP off the emulator).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/mutex.h>
#include <linux/seq_buf.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/workqueue.h>
#include <uapi/asm/vmx.h>

#include "compat.h"
#include "tdx_ve_test.h"

#define VET_SELFTEST_BUF	(64 * 1024)
#define VET_SELFTEST_COUNT	16

struct vet_ktap {
	struct seq_buf sb;
	unsigned int n;
	unsigned int failed;
};

static void vet_ktap(struct vet_ktap *k, bool ok, const char *name,
		     const char *skip)
{
	k->n++;
	if (skip) {
		seq_buf_printf(&k->sb, "ok %u %s # SKIP %s\n", k->n, name, skip);
		return;
	}
	seq_buf_printf(&k->sb, "%s %u %s\n", ok ? "ok" : "not ok", k->n, name);
	k->failed += !ok;
}

/* parse_* ------------------------------------------------------------ */

static const struct {
	const char *label;
	const char *in;
	bool named;
	int err;
	u32 count;
} vet_parse_cases[] = {
	{ "parse_plain",	"1000\n",		false, 0, 1000 },
	{ "parse_named",	"io_in8 7\n",		true,  0, 7 },
	{ "parse_max",		"10000000",		false, 0, VET_MAX_COUNT },
	{ "parse_empty",	"\n",			true,  -EINVAL },
	{ "parse_garbage",	"abc",			false, -EINVAL },
	{ "parse_negative",	"-5",			false, -ERANGE },
	{ "parse_zero",		"0",			false, -ERANGE },
	{ "parse_huge",		"10000001",		false, -ERANGE },
	{ "parse_overflow",	"99999999999999999999999", false, -ERANGE },
	{ "parse_hex",		"0x10",			false, -EINVAL },
	{ "parse_trailing",	"x 10 20",		true,  -EINVAL },
	{ "parse_missing_count", "io_in8",		true,  -EINVAL },
};

static void vet_selftest_parser(struct vet_ktap *k)
{
	char buf[VET_MAX_INPUT + 1], name[VET_NAME_LEN];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vet_parse_cases); i++) {
		u32 count = 0;
		int ret;

		strscpy(buf, vet_parse_cases[i].in, sizeof(buf));
		if (vet_parse_cases[i].named)
			ret = vet_parse_run(NULL, buf, name, sizeof(name), &count);
		else
			ret = vet_parse_count(NULL, strim(buf), &count);
		if (ret != vet_parse_cases[i].err ||
		    (!ret && count != vet_parse_cases[i].count))
			seq_buf_printf(&k->sb, "# %s: got %d count %u\n",
				       vet_parse_cases[i].label, ret, count);
		vet_ktap(k, ret == vet_parse_cases[i].err &&
			 (ret || count == vet_parse_cases[i].count),
			 vet_parse_cases[i].label, NULL);
	}
	strscpy(buf, " 1\n", sizeof(buf));
	vet_ktap(k, !vet_parse_go(NULL, buf), "parse_go", NULL);
	strscpy(buf, "yes", sizeof(buf));
	vet_ktap(k, vet_parse_go(NULL, buf) == -EINVAL, "parse_go_other", NULL);
}

/* hist_* ------------------------------------------------------------- */

static bool vet_expect_u64(struct vet_ktap *k, const char *what, u64 got,
			   u64 want)
{
	if (got != want)
		seq_buf_printf(&k->sb, "# %s: got %llu want %llu\n", what, got, want);
	return got == want;
}

static void vet_selftest_hist(struct vet_ktap *k)
{
	struct vet_hist *h = kmalloc(sizeof(*h), GFP_KERNEL);
	struct vet_pct p;
	bool ok;
	u64 v;

	if (!h) {
		vet_ktap(k, false, "hist", NULL);
		return;
	}
	/* 1..100: exact below 64, then buckets 4 wide (upper edge). */
	vet_hist_init(h);
	for (v = 1; v <= 100; v++)
		vet_hist_add(h, v);
	vet_hist_summary(h, &p);
	ok = vet_expect_u64(k, "hist 1..100 n", h->n, 100);
	ok &= vet_expect_u64(k, "hist 1..100 min", p.min, 1);
	ok &= vet_expect_u64(k, "hist 1..100 p50", p.p50, 50);
	ok &= vet_expect_u64(k, "hist 1..100 p90", p.p90, 91);
	ok &= vet_expect_u64(k, "hist 1..100 p99", p.p99, 99);
	ok &= vet_expect_u64(k, "hist 1..100 p99.9", p.p999, 100);
	ok &= vet_expect_u64(k, "hist 1..100 max", p.max, 100);
	vet_ktap(k, ok, "hist_buckets", NULL);

	/* Nearest rank: p99 of 1..10 is rank ceil(9.9) = 10, not 9. */
	vet_hist_init(h);
	for (v = 1; v <= 10; v++)
		vet_hist_add(h, v);
	ok = vet_expect_u64(k, "hist 1..10 p50", vet_hist_pct(h, 500), 5);
	ok &= vet_expect_u64(k, "hist 1..10 p90", vet_hist_pct(h, 900), 9);
	ok &= vet_expect_u64(k, "hist 1..10 p99", vet_hist_pct(h, 990), 10);
	vet_ktap(k, ok, "hist_nearest_rank", NULL);

	/* 1000 lands in [992, 1023]: reported 1023, 2.3 % high. */
	vet_hist_init(h);
	vet_hist_add(h, 1000);
	vet_hist_add(h, 1000000);
	ok = vet_expect_u64(k, "hist p50 of 1000,1000000", vet_hist_pct(h, 500), 1023);
	ok &= vet_expect_u64(k, "hist p100", vet_hist_pct(h, 1000), 1000000);
	vet_hist_init(h);
	ok &= vet_expect_u64(k, "hist empty p50", vet_hist_pct(h, 500), 0);
	vet_hist_add(h, U64_MAX);
	ok &= vet_expect_u64(k, "hist U64_MAX", vet_hist_pct(h, 500), U64_MAX);
	vet_ktap(k, ok, "hist_resolution", NULL);
	kfree(h);
}

/* classify_* --------------------------------------------------------- */

static const u8 vet_insn_mov_load[] = { 0x8b, 0x07 };		/* mov (%rdi),%eax */
static const u8 vet_insn_mov_store16[] = { 0x66, 0x89, 0x07 };	/* mov %ax,(%rdi) */
static const u8 vet_insn_movzx[] = { 0x0f, 0xb6, 0x07 };	/* movzbl (%rdi),%eax */
static const u8 vet_insn_rex_movsx[] = { 0x48, 0x0f, 0xbe, 0x07 }; /* movsbq */
static const u8 vet_insn_movs[] = { 0xf3, 0xa4 };		/* rep movsb */

static const struct {
	const char *label;
	struct vet_ve_event ev;
	size_t insn_len;
	enum vet_path path;
	enum vet_context ctx;
	bool refuses;
} vet_classify_cases[] = {
	{ "classify_io_in", { .exit_reason = EXIT_REASON_IO_INSTRUCTION,
	  .exit_qual = 0x700008 }, 0, VET_IO_IN, VET_KERNEL, false },
	{ "classify_io_out", { .exit_reason = EXIT_REASON_IO_INSTRUCTION,
	  .exit_qual = 0xcf80003 }, 0, VET_IO_OUT, VET_KERNEL, false },
	{ "classify_io_string", { .exit_reason = EXIT_REASON_IO_INSTRUCTION,
	  .exit_qual = 0x10 | 0x8 }, 0, VET_IO_STRING, VET_KERNEL, true },
	{ "classify_mmio_read", { .exit_reason = EXIT_REASON_EPT_VIOLATION,
	  .exit_qual = 0x1, .insn = vet_insn_mov_load },
	  sizeof(vet_insn_mov_load), VET_MMIO_READ, VET_KERNEL, false },
	{ "classify_mmio_write", { .exit_reason = EXIT_REASON_EPT_VIOLATION,
	  .exit_qual = 0x2, .insn = vet_insn_mov_store16 },
	  sizeof(vet_insn_mov_store16), VET_MMIO_WRITE, VET_KERNEL, false },
	{ "classify_mmio_movzx", { .exit_reason = EXIT_REASON_EPT_VIOLATION,
	  .exit_qual = 0x1, .insn = vet_insn_movzx },
	  sizeof(vet_insn_movzx), VET_MMIO_READ, VET_KERNEL, false },
	{ "classify_mmio_rex_movsx", { .exit_reason = EXIT_REASON_EPT_VIOLATION,
	  .exit_qual = 0x1, .insn = vet_insn_rex_movsx },
	  sizeof(vet_insn_rex_movsx), VET_MMIO_READ, VET_KERNEL, false },
	{ "classify_mmio_movs", { .exit_reason = EXIT_REASON_EPT_VIOLATION,
	  .exit_qual = 0x1, .insn = vet_insn_movs },
	  sizeof(vet_insn_movs), VET_MMIO_UNSUPPORTED, VET_KERNEL, true },
	{ "classify_mmio_unreadable", { .exit_reason = EXIT_REASON_EPT_VIOLATION,
	  .exit_qual = 0x1 }, 0, VET_MMIO_UNSUPPORTED, VET_KERNEL, true },
	{ "classify_mmio_user", { .exit_reason = EXIT_REASON_EPT_VIOLATION,
	  .exit_qual = 0x2, .user = true }, 0, VET_MMIO_UNSUPPORTED, VET_USER, true },
	{ "classify_cpuid_user", { .exit_reason = EXIT_REASON_CPUID,
	  .user = true }, 0, VET_CPUID, VET_USER, false },
	{ "classify_rdmsr", { .exit_reason = EXIT_REASON_MSR_READ },
	  0, VET_RDMSR, VET_KERNEL, false },
	{ "classify_wrmsr_user", { .exit_reason = EXIT_REASON_MSR_WRITE,
	  .user = true }, 0, VET_WRMSR, VET_USER, true },
	{ "classify_hlt_irqs_off", { .exit_reason = EXIT_REASON_HLT },
	  0, VET_HLT, VET_KERNEL, false },
	{ "classify_hlt_irqs_on", { .exit_reason = EXIT_REASON_HLT,
	  .irqs_on = true }, 0, VET_HLT, VET_KERNEL, VET_HLT_IRQS_ON_REFUSED },
	{ "classify_other", { .exit_reason = EXIT_REASON_WBINVD },
	  0, VET_OTHER, VET_KERNEL, true },
};

static void vet_selftest_classify(struct vet_ktap *k)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vet_classify_cases); i++) {
		struct vet_ve_event ev = vet_classify_cases[i].ev;
		struct vet_ve_class c;
		bool ok;

		ev.insn_len = vet_classify_cases[i].insn_len;
		vet_probe_classify(&ev, &c);
		ok = c.path == vet_classify_cases[i].path &&
		     c.ctx == vet_classify_cases[i].ctx &&
		     c.guest_refuses == vet_classify_cases[i].refuses;
		if (!ok)
			seq_buf_printf(&k->sb, "# %s: got %s %s refuses=%d\n",
				       vet_classify_cases[i].label,
				       vet_path_names[c.path],
				       vet_context_names[c.ctx], c.guest_refuses);
		vet_ktap(k, ok, vet_classify_cases[i].label, NULL);
	}
}

/* emu_compare_* ------------------------------------------------------ */

/*
 * Since boot, on @s (2 CPUs, equal to their vCPUs): 4 CPUID #VEs the boot
 * CPU took before the per-CPU counters existed, 1 of them early.  In the
 * boot counts they match; copied into every CPU's counters (the per-CPU
 * template bug) they are a mismatch on each CPU.
 */
static void vet_selftest_compare_boot(struct vet_ktap *k,
				      struct vet_emu_snap *s, char *msg,
				      size_t len)
{
	unsigned int cpu;
	int n;

	s->since_boot = true;
	s->boot[VET_CPUID][VET_KERNEL] = 3;
	s->boot[VET_CPUID][VET_EARLY] = 1;
	s->cpu[0].emu[VET_CPUID][0] += 4;
	n = vet_emu_compare_boot(s, msg, len);
	vet_ktap(k, n == 0, "emu_compare_boot", NULL);

	memset(s->boot, 0, sizeof(s->boot));
	for (cpu = 0; cpu < s->nr_cpus; cpu++)
		s->cpu[cpu].ve[VET_CPUID][VET_KERNEL] += 4;
	n = vet_emu_compare_boot(s, msg, len);
	seq_buf_printf(&k->sb, "# emu_compare_boot_copied: %d: %s\n", n, msg);
	vet_ktap(k, n == 1 && strstr(msg, "cpu 1 cpuid kernel"),
		 "emu_compare_boot_copied", NULL);
	for (cpu = 0; cpu < s->nr_cpus; cpu++)
		s->cpu[cpu].ve[VET_CPUID][VET_KERNEL] -= 4;
	s->cpu[0].emu[VET_CPUID][0] -= 4;
	s->since_boot = false;
}

/* Two snapshots of 2 CPUs, equal; @b then gets the case's changes. */
static void vet_selftest_compare(struct vet_ktap *k)
{
	struct vet_emu_cpu *cpus = kcalloc(4, sizeof(*cpus), GFP_KERNEL);
	struct vet_emu_snap a = { .nr_cpus = 2, .cpu = cpus };
	struct vet_emu_snap b = { .nr_cpus = 2, .cpu = cpus + 2 };
	char msg[128];
	int n;

	if (!cpus) {
		vet_ktap(k, false, "emu_compare", NULL);
		return;
	}
	cpus[0].mapped = true;
	cpus[1].mapped = true;
	cpus[0].ve[VET_IO_IN][VET_KERNEL] = 7;
	cpus[0].emu[VET_IO_IN][0] = 7;
	cpus[2] = cpus[0];
	cpus[3] = cpus[1];

	/* Both sides grow by 3 io_in, 2 cpuid from user mode: equal. */
	cpus[2].ve[VET_IO_IN][VET_KERNEL] += 3;
	cpus[2].emu[VET_IO_IN][0] += 3;
	cpus[3].ve[VET_CPUID][VET_USER] += 2;
	cpus[3].emu[VET_CPUID][1] += 2;
	n = vet_emu_compare(&a, &b, msg, sizeof(msg));
	vet_ktap(k, n == 0, "emu_compare_equal", NULL);

	/* One io_in the module did not count, on CPU 1. */
	cpus[3].emu[VET_IO_IN][0] += 1;
	n = vet_emu_compare(&a, &b, msg, sizeof(msg));
	seq_buf_printf(&k->sb, "# emu_compare_missing: %d: %s\n", n, msg);
	vet_ktap(k, n == 1 && strstr(msg, "cpu 1 io_in kernel"),
		 "emu_compare_missing", NULL);
	cpus[3].emu[VET_IO_IN][0] -= 1;

	/* A refused MOVS: mmio_unsupported here, mmio_read there. */
	cpus[2].ve[VET_MMIO_UNSUPPORTED][VET_KERNEL] += 1;
	cpus[2].emu[VET_MMIO_READ][0] += 1;
	n = vet_emu_compare(&a, &b, msg, sizeof(msg));
	vet_ktap(k, n == 0, "emu_compare_movs", NULL);

	/* Without the refusal, reads and writes must match one by one. */
	cpus[2].ve[VET_MMIO_UNSUPPORTED][VET_KERNEL] -= 1;
	cpus[2].ve[VET_MMIO_WRITE][VET_KERNEL] += 1;
	n = vet_emu_compare(&a, &b, msg, sizeof(msg));
	vet_ktap(k, n == 2, "emu_compare_mmio_split", NULL);
	cpus[2].ve[VET_MMIO_WRITE][VET_KERNEL] -= 1;
	cpus[2].emu[VET_MMIO_READ][0] -= 1;

	/* The probe missed a #VE, or an early #VE after boot. */
	b.missed = 1;
	n = vet_emu_compare(&a, &b, msg, sizeof(msg));
	vet_ktap(k, n == 1, "emu_compare_missed", NULL);
	b.missed = 0;
	cpus[3].ve[VET_CPUID][VET_EARLY] += 1;
	n = vet_emu_compare(&a, &b, msg, sizeof(msg));
	vet_ktap(k, n == 1, "emu_compare_early", NULL);
	cpus[3].ve[VET_CPUID][VET_EARLY] -= 1;
	vet_selftest_compare_boot(k, &b, msg, sizeof(msg));
	kfree(cpus);
}

/* emu_fake ------------------------------------------------------------ */

/*
 * A fake emulator: its counters are the module's own (all results), plus
 * vet_fake_extra on CPU 0's io_in.  It runs inside stop_machine() and in
 * IPIs, like the real call, and never issues a TDCALL.
 */
static u64 vet_fake_extra;
static struct vet_counts vet_fake_scratch;

static int vet_fake_call(u64 fn, u64 a12, u64 a13, u64 a14, u64 out[5])
{
	int r;

	memset(out, 0, 5 * sizeof(*out));
	if (fn == 0) {
		out[1] = 1;
		out[2] = nr_cpu_ids;
		out[3] = raw_smp_processor_id();
		out[4] = VET_EMU_NR_CLASSES;
		return 0;
	}
	if (fn != 1 || a12 >= nr_cpu_ids || a13 >= VET_EMU_NR_CLASSES ||
	    a14 >= VET_EMU_NR_CONTEXTS || vet_counters_read_cpu(a12, &vet_fake_scratch)) {
		out[0] = 0x8000000000000000ULL;	/* INVALID_OPERAND */
		return 0;
	}
	for (r = 0; r < VET_NR_RESULTS; r++)
		out[1] += vet_fake_scratch.n[a13][a14 ? VET_USER : VET_KERNEL][r];
	if (!a12 && a13 == VET_IO_IN && !a14)
		out[1] += vet_fake_extra;
	return 0;
}

static void vet_selftest_emu_fake(struct vet_ktap *k)
{
	struct vet_emu_snap a = { }, b = { };
	char msg[128];
	int n1 = -1, n2 = -1;
	const char *why;

	if (vet_counters_source() == VET_SRC_NONE) {
		vet_ktap(k, true, "emu_fake", "no #VE counters");
		return;
	}
	if (vet_emu_snap_alloc(&a) || vet_emu_snap_alloc(&b))
		goto out;
	vet_fake_extra = 0;
	vet_emu_set_call(vet_fake_call);
	if (vet_emu_detect(&why)) {
		seq_buf_printf(&k->sb, "# emu_fake: fake not detected: %s\n", why);
		goto restore;
	}
	if (vet_emu_snapshot(&a) || vet_emu_snapshot(&b))
		goto restore;
	n1 = vet_emu_compare(&a, &b, msg, sizeof(msg));
	if (n1)
		seq_buf_printf(&k->sb, "# emu_fake: %d mismatches: %s\n", n1, msg);
	vet_fake_extra = 1;
	if (vet_emu_snapshot(&b))
		goto restore;
	n2 = vet_emu_compare(&a, &b, msg, sizeof(msg));
	seq_buf_printf(&k->sb, "# emu_fake: one injected #VE: %d mismatch: %s\n",
		       n2, msg);
restore:
	vet_emu_set_call(NULL);
out:
	vet_emu_snap_free(&a);
	vet_emu_snap_free(&b);
	vet_ktap(k, n1 == 0 && n2 == 1, "emu_fake", NULL);
}

/* triggers ----------------------------------------------------------- */

static void vet_selftest_trigger(struct vet_ktap *k, const struct vet_trigger *t,
				 struct vet_report *rep)
{
	u32 count = t->max_count ? min(t->max_count, 4U) : VET_SELFTEST_COUNT;
	const char *why;
	bool ok;
	int ret;

	if (vet_runnable(t, &why)) {
		vet_ktap(k, true, t->name, why);
		return;
	}
	ret = vet_run(t, count, rep);
	if (ret == -EOPNOTSUPP || ret == -ENODEV) {
		vet_ktap(k, true, t->name, rep->status);
		return;
	}
	/* A flagged (not clean) #VE delta fails here: N is small, no noise. */
	ok = !ret && (rep->source == VET_SRC_NONE || rep->clean == rep->done) &&
	     !rep->null_dirty;
	seq_buf_printf(&k->sb, "# %s: %s; data %s; #VE %s\n", t->name,
		       rep->status, rep->data_check, rep->ve_check);
	vet_ktap(k, ok, t->name, NULL);
}

static bool vet_selftest_monotonic(struct vet_ktap *k, const struct vet_counts *s0,
				   struct vet_counts *s1)
{
	const u64 *a = &s0->n[0][0][0], *b = &s1->n[0][0][0];
	bool ok = true;
	size_t i;

	if (vet_counters_read_all(s1))
		return false;
	for (i = 0; i < sizeof(*s1) / sizeof(u64); i++) {
		if (b[i] < a[i]) {
			seq_buf_printf(&k->sb, "# counter %zu went back: %llu -> %llu\n",
				       i, a[i], b[i]);
			ok = false;
		}
	}
	return ok;
}

/* ve_counts_match_emulator -------------------------------------------- */

struct vet_on_cpu {
	struct vet_report *rep;
	unsigned int runs;
	unsigned int errors;
};

static long vet_run_all_here(void *arg)
{
	struct vet_on_cpu *oc = arg;
	const char *why;
	size_t i;

	for (i = 0; i < vet_nr_triggers(); i++) {
		const struct vet_trigger *t = vet_trigger_at(i);

		if (vet_runnable(t, &why))
			continue;
		oc->runs++;
		if (vet_run(t, VET_SELFTEST_COUNT, oc->rep))
			oc->errors++;
	}
	return 0;
}

static void vet_selftest_emulator(struct vet_ktap *k, struct vet_report *rep)
{
	const char *name = "ve_counts_match_emulator";
	struct vet_on_cpu oc = { .rep = rep };
	struct vet_emu_snap a = { }, b = { };
	unsigned int cpu, cpus = 0;
	const char *why;
	char msg[128];
	int n = -1, boot = -ENODATA;

	if (vet_emu_detect(&why)) {
		vet_ktap(k, true, name, why ?: "not an emulated TD");
		return;
	}
	if (vet_counters_source() == VET_SRC_NONE) {
		vet_ktap(k, true, name, "no #VE counters");
		return;
	}
	if (vet_emu_snap_alloc(&a) || vet_emu_snap_alloc(&b) ||
	    vet_emu_snapshot(&a))
		goto out;
	/* The kernel's counters count from boot: all of it must match. */
	boot = vet_emu_compare_boot(&a, msg, sizeof(msg));
	if (boot >= 0)
		seq_buf_printf(&k->sb, "# %s: since boot: %d mismatches%s%s\n",
			       name, boot, boot ? ": " : "", msg);
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		if (work_on_cpu(cpu, vet_run_all_here, &oc))
			continue;
		cpus++;
	}
	cpus_read_unlock();
	if (vet_emu_snapshot(&b))
		goto out;
	n = vet_emu_compare(&a, &b, msg, sizeof(msg));
	seq_buf_printf(&k->sb, "# %s: %u runs on %u CPUs (%u failed), %d mismatches%s%s\n",
		       name, oc.runs, cpus, oc.errors, n, n ? ": " : "", msg);
out:
	vet_emu_snap_free(&a);
	vet_emu_snap_free(&b);
	vet_ktap(k, n == 0 && boot <= 0 && oc.runs, name, NULL);
}

/* the report ------------------------------------------------------------ */

static DEFINE_MUTEX(vet_selftest_lock);		/* one selftest at a time */
static DEFINE_MUTEX(vet_report_lock);		/* the published report */
static char *vet_report;

static void vet_selftest_body(struct vet_ktap *k, struct vet_report *rep,
			      struct vet_counts *s0, struct vet_counts *s1)
{
	bool have = !vet_counters_read_all(s0);
	size_t i;

	seq_buf_printf(&k->sb, "KTAP version 1\n");
	seq_buf_printf(&k->sb, "# tdx_ve_test selftest: tdx_guest=%d counters=%s\n",
		       vet_is_tdx_guest(), vet_counters_describe());
	/* counters, parse_*, hist_*, classify_*, emu_*, triggers, the last 3 */
	seq_buf_printf(&k->sb, "1..%zu\n", 1 + ARRAY_SIZE(vet_parse_cases) + 2 +
		       3 + ARRAY_SIZE(vet_classify_cases) + 8 + 1 +
		       vet_nr_triggers() + 3);
	vet_ktap(k, true, "counters", have ? NULL : vet_counters_why_none());
	vet_selftest_parser(k);
	vet_selftest_hist(k);
	vet_selftest_classify(k);
	vet_selftest_compare(k);
	vet_selftest_emu_fake(k);
	for (i = 0; i < vet_nr_triggers(); i++)
		vet_selftest_trigger(k, vet_trigger_at(i), rep);
	if (have)
		vet_ktap(k, vet_selftest_monotonic(k, s0, s1), "stats_monotonic", NULL);
	else
		vet_ktap(k, true, "stats_monotonic", vet_counters_why_none());
	vet_selftest_emulator(k, rep);
	vet_ktap(k, vet_counters_missed() == 0, "probe_missed_none", NULL);
}

/**
 * vet_selftest_run - run the selftest and publish its KTAP report
 *
 * Return: 0 if no case failed, -EIO if one did, -EINTR, -ENOMEM, or
 * -EOVERFLOW when the report did not fit.
 */
int vet_selftest_run(void)
{
	struct vet_report *rep = kzalloc(sizeof(*rep), GFP_KERNEL);
	struct vet_counts *s = kcalloc(2, sizeof(*s), GFP_KERNEL);
	char *buf = kvzalloc(VET_SELFTEST_BUF, GFP_KERNEL);
	struct vet_ktap k = { };
	int ret = -ENOMEM;

	if (!rep || !s || !buf)
		goto out;
	ret = mutex_lock_killable(&vet_selftest_lock);
	if (ret)
		goto out;
	seq_buf_init(&k.sb, buf, VET_SELFTEST_BUF);
	vet_selftest_body(&k, rep, &s[0], &s[1]);
	if (seq_buf_has_overflowed(&k.sb)) {
		ret = -EOVERFLOW;
	} else {
		ret = k.failed ? -EIO : 0;
		mutex_lock(&vet_report_lock);
		swap(buf, vet_report);
		mutex_unlock(&vet_report_lock);
	}
	mutex_unlock(&vet_selftest_lock);
out:
	kvfree(buf);
	kfree(s);
	kfree(rep);
	return ret;
}

int vet_selftest_show(struct seq_file *m)
{
	if (mutex_lock_killable(&vet_report_lock))
		return -EINTR;
	if (vet_report)
		seq_puts(m, vet_report);
	else
		seq_puts(m, "# selftest not run: write 1 to the selftest file\n");
	mutex_unlock(&vet_report_lock);
	return 0;
}

void vet_selftest_exit(void)
{
	kvfree(vet_report);
	vet_report = NULL;
}
