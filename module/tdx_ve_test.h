/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tdx_ve_test: fire instructions that raise #VE in a TDX guest, count the
 * #VEs they cause and check the data the emulation returned.
 *
 * Layers, as LKDTM has them.  One line per rank, highest first: a file
 * calls only into files of lower lines, or of its own line without a
 * cycle (scripts/check-module-shape.sh reads this table and checks it on
 * the built objects):
 *
 *	core.c		face: debugfs files, module parameters, init/exit
 *	selftest.c	the KTAP selftest
 *	engine.c	engine: run a trigger N times, check #VEs and data, time it
 *	emu.c		the emulated TD's ground truth
 *	counters.c	#VE counter sources: the kernel's export, or probe.c
 *	probe.c		fprobe (or kretprobe) on tdx_handle_virt_exception()
 *	tables.c	floor: the trigger categories, name tables
 *	pci.c acpi.c cpuid.c msr.c io.c mmio.c hlt.c fail.c	the triggers
 *	targets.c	the devices triggers touch
 *	input.c hist.c	parsing of what users write; latency histograms
 */
#ifndef _TDX_VE_TEST_H
#define _TDX_VE_TEST_H

#include <linux/bits.h>
#include <linux/types.h>

#include "ve_abi.h"

struct dentry;
struct pci_dev;
struct pt_regs;
struct seq_file;

/* Largest N a run takes; the input size limit; trigger names. */
#define VET_MAX_COUNT		10000000U
#define VET_MAX_INPUT		64
#define VET_NAME_LEN		32
/* Operations run before the measured ones (at most N), not measured. */
#define VET_WARMUP		64
/* Null operations measured after each run, the harness overhead. */
#define VET_NULL_OPS		1024

/* ------------------------------------------------------------------ */
/* floor: targets.c */

/* What a trigger touches. */
enum vet_target {
	VET_TGT_CPU,		/* the CPU alone: CPUID, MSR, HLT */
	VET_TGT_PCI_CFG,	/* an enumerated PCI device, config below 0x100 */
	VET_TGT_PCI_ECAM,	/* a PCI device with extended config space */
	VET_TGT_PM_TIMER,	/* the ACPI PM timer of the FADT */
	VET_TGT_EDU,		/* QEMU edu BAR0 */
	VET_TGT_TDEV_MMIO,	/* QEMU pci-testdev BAR0 */
	VET_TGT_TDEV_IO,	/* QEMU pci-testdev BAR1 */
	VET_NR_TARGETS
};

/* Handles of the target of a run, valid between get and put. */
struct vet_dev {
	void __iomem *mmio;		/* edu or pci-testdev BAR0 */
	unsigned long port;		/* pci-testdev BAR1, ACPI PM timer */
	u32 mask;			/* ACPI PM timer: 24 or 32 bits */
	struct pci_dev *pdev;		/* PCI config targets */
};

extern const char *const vet_target_names[VET_NR_TARGETS];
int vet_targets_init(void);
void vet_targets_exit(void);
const char *vet_target_missing(enum vet_target tgt);
int vet_target_get(enum vet_target tgt, struct vet_dev *dev);
void vet_target_put(enum vet_target tgt);
bool vet_target_dying(enum vet_target tgt);
void vet_target_describe(enum vet_target tgt, char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* floor: the trigger tables (tables.c and one file per category) */

/* struct vet_trigger.flags */
#define VET_F_HLT	 BIT(0)	/* needs hlt=1; the op enables interrupts */
#define VET_F_FAILING	 BIT(1)	/* needs allow_failing=1; refused on TDX */
#define VET_F_TDX_MODULE BIT(2)	/* the TDX module decides: may differ */

struct vet_run;

/**
 * struct vet_trigger - one operation that raises #VE in a TDX guest
 * @name:	name written to the run file, file name under result/
 * @what:	the access and its data check, for people
 * @target:	what the operation touches
 * @ve:		#VEs per operation on a TDX guest, per path
 * @ve_result:	how the guest ends those #VEs
 * @flags:	VET_F_*
 * @width:	access size in bytes, 0 if not an access
 * @arg:	trigger specific: CPUID leaf, MSR index, config offset
 * @max_count:	largest N, 0 for VET_MAX_COUNT
 * @unavailable: optional: why the kernel or machine cannot run it, or NULL
 * @prepare:	optional, before the first operation
 * @op:		one operation; 0, -EFAULT when the exception table fixed it
 *		up, or vet_mismatch()'s -EIO when the data was wrong
 * @verify:	optional, after the last operation (not after a fault)
 */
struct vet_trigger {
	const char *name;
	const char *what;
	enum vet_target target;
	u8 ve[VET_NR_PATHS];
	enum vet_result ve_result;
	unsigned int flags;
	unsigned int width;
	u32 arg;
	u32 max_count;
	const char *(*unavailable)(const struct vet_trigger *t);
	int (*prepare)(struct vet_run *run);
	int (*op)(struct vet_run *run);
	int (*verify)(struct vet_run *run);
};

struct vet_category {
	const char *name;
	const struct vet_trigger *triggers;
	size_t len;
};

/**
 * struct vet_run - state of one run, handed to the trigger callbacks
 * @trig:	the trigger
 * @dev:	handles of its target
 * @i:		index of the current operation (warm-up included)
 * @count:	operations to run; the operations done before ->verify()
 * @cookie:	trigger private, set by ->prepare()
 * @cookie2:	trigger private
 * @stamp:	trigger private
 * @stamp2:	trigger private
 * @faults:	operations fixed up by the exception table
 * @mismatches:	operations whose data was wrong
 * @expected:	first mismatch: what the data should have been
 * @got:	first mismatch: what it was
 */
struct vet_run {
	const struct vet_trigger *trig;
	struct vet_dev dev;
	u64 i;
	u64 count;
	u64 cookie;
	u64 cookie2;
	u64 stamp;
	u64 stamp2;
	u64 faults;
	u64 mismatches;
	u64 expected;
	u64 got;
};

/* Record a data mismatch; the op returns what this returns. */
static inline int vet_mismatch(struct vet_run *run, u64 expected, u64 got)
{
	if (!run->mismatches++) {
		run->expected = expected;
		run->got = got;
	}
	return -EIO;
}

extern const struct vet_category vet_harness_category;
extern const struct vet_category vet_pci_category;
extern const struct vet_category vet_acpi_category;
extern const struct vet_category vet_cpuid_category;
extern const struct vet_category vet_msr_category;
extern const struct vet_category vet_io_category;
extern const struct vet_category vet_mmio_category;
extern const struct vet_category vet_hlt_category;
extern const struct vet_category vet_fail_category;

/*
 * pci-testdev, shared by io.c, mmio.c and fail.c.  Header at offset 0 of
 * each BAR (hw/misc/pci-testdev.c): u8 test (a write selects it and zeroes
 * the hit count), u32 offset of the test register at +4, the data byte
 * 0xfa at +8, u32 hit count at +12, the test's name from +16.  The device
 * decodes single bytes; QEMU splits wider accesses.
 */
#define TDEV_TEST		0
#define TDEV_OFFSET		4
#define TDEV_DATA		8
#define TDEV_COUNT		12
#define TDEV_NAME		16
#define TDEV_NO_EVENTFD		0
#define TDEV_DATAMATCH		0xfa
#define TDEV_IO_SIZE		256
#define TDEV_MMIO_SIZE		4096

int vet_tdev_io_prepare(struct vet_run *run);
int vet_tdev_io_count_check(struct vet_run *run);
int vet_tdev_mmio_prepare(struct vet_run *run);
int vet_tdev_mmio_count_check(struct vet_run *run);

int vet_tables_init(void);
void vet_tables_exit(void);
size_t vet_nr_triggers(void);
const struct vet_trigger *vet_trigger_at(size_t i);
const char *vet_category_of(size_t i);
int vet_trigger_index(const struct vet_trigger *t);
const struct vet_trigger *vet_trigger_find(const char *name);
/* "io_out+io_in": the paths a trigger's #VEs land in, "-" for none */
void vet_trigger_paths(const struct vet_trigger *t, char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* floor: input.c */

int vet_copy_input(const char *file, const char __user *ubuf, size_t len,
		   char *buf);
int vet_parse_count(const char *file, const char *tok, u32 *count);
int vet_parse_run(const char *file, char *buf, char *name, size_t name_len,
		  u32 *count);
int vet_parse_go(const char *file, char *buf);

/*
 * One log line per rejected input, naming the file and the errno, at
 * pr_info: a typo is not an error of the kernel.  Quiet when @file is NULL
 * (the selftest's own parser cases).
 */
#define vet_reject(file, err, fmt, ...)					\
	do {								\
		const char *__file = (file);				\
									\
		if (__file)						\
			pr_info_ratelimited("%s: " fmt " (%pe)\n",	\
					    __file, ##__VA_ARGS__,	\
					    ERR_PTR(err));		\
	} while (0)

/* ------------------------------------------------------------------ */
/* floor: hist.c */

#define VET_HIST_EXACT		64	/* values below are their own bucket */
#define VET_HIST_SUB_BITS	4	/* then 16 buckets per power of two */
#define VET_HIST_BUCKETS	(VET_HIST_EXACT + (64 - 6) * BIT(VET_HIST_SUB_BITS))

struct vet_hist {
	u64 n;
	u64 min;
	u64 max;
	u32 bucket[VET_HIST_BUCKETS];
};

/* Nearest-rank percentiles, see hist.c for the rule. */
struct vet_pct {
	u64 min, p50, p90, p99, p999, max;
};

void vet_hist_init(struct vet_hist *h);
void vet_hist_add(struct vet_hist *h, u64 v);
u64 vet_hist_pct(const struct vet_hist *h, unsigned int permille);
void vet_hist_summary(const struct vet_hist *h, struct vet_pct *p);

/* ------------------------------------------------------------------ */
/* engine: probe.c */

/* What tdx_handle_virt_exception() was asked to do, as the probe sees it. */
struct vet_ve_event {
	u64 exit_reason;
	u64 exit_qual;
	bool user;		/* user_mode(regs) */
	bool irqs_on;		/* X86_EFLAGS_IF in regs->flags */
	const u8 *insn;		/* kernel MMIO: the instruction bytes */
	unsigned int insn_len;
};

struct vet_ve_class {
	enum vet_path path;
	enum vet_context ctx;
	bool guest_refuses;	/* a false return is the guest's refusal */
};

void vet_probe_classify(const struct vet_ve_event *ev, struct vet_ve_class *c);
int vet_probe_init(void);
void vet_probe_exit(void);
void vet_probe_read_cpu(unsigned int cpu, struct vet_counts *c);
void vet_probe_read_all(struct vet_counts *sum);
u64 vet_probe_missed(void);

/* ------------------------------------------------------------------ */
/* engine: counters.c */

enum vet_source {
	VET_SRC_NONE,
	VET_SRC_KERNEL,		/* tdx_ve_stats_read{,_cpu}() of the series */
	VET_SRC_PROBE,		/* probe.c */
};

/* One CPU's kernel-context counts, what a per-op check compares. */
struct vet_local {
	u64 n[VET_NR_PATHS][VET_NR_RESULTS];
};

int vet_counters_init(void);
void vet_counters_exit(void);
enum vet_source vet_counters_source(void);
const char *vet_counters_describe(void);
const char *vet_counters_why_none(void);
void vet_counters_local(struct vet_counts *scratch, struct vet_local *l);
int vet_counters_read_all(struct vet_counts *sum);
int vet_counters_read_cpu(unsigned int cpu, struct vet_counts *c);
u64 vet_counters_missed(void);

/* ------------------------------------------------------------------ */
/* engine: emu.c */

/* Per CPU, summed over results; the emulator's per vCPU. */
struct vet_emu_cpu {
	bool mapped;			/* the emulator knows this CPU */
	u64 ve[VET_NR_PATHS][VET_NR_CONTEXTS];
	u64 emu[VET_EMU_NR_CLASSES][VET_EMU_NR_CONTEXTS];
};

struct vet_emu_snap {
	unsigned int nr_cpus;
	struct vet_emu_cpu *cpu;	/* [nr_cpus] */
	u64 missed;			/* the probe's missed #VEs */
	bool since_boot;		/* the kernel's counters, with... */
	u64 boot[VET_NR_PATHS][VET_NR_CONTEXTS];	/* ...its boot counts */
	struct vet_counts *scratch;
};

/* The emulator's vendor TDG.VP.VMCALL, replaceable for the selftest. */
typedef int (*vet_emu_call_t)(u64 fn, u64 a12, u64 a13, u64 a14, u64 out[5]);

int vet_emu_detect(const char **why);
unsigned int vet_emu_nr_vcpus(void);
int vet_emu_read_all(u64 *vals, unsigned int nr_vcpus);
int vet_emu_snap_alloc(struct vet_emu_snap *s);
void vet_emu_snap_free(struct vet_emu_snap *s);
int vet_emu_snapshot(struct vet_emu_snap *s);
int vet_emu_compare(const struct vet_emu_snap *a, const struct vet_emu_snap *b,
		    char *msg, size_t len);
int vet_emu_compare_boot(const struct vet_emu_snap *s, char *msg, size_t len);
vet_emu_call_t vet_emu_set_call(vet_emu_call_t call);
void vet_emu_forget(void);

/* ------------------------------------------------------------------ */
/* engine: engine.c */

/**
 * struct vet_report - result of one run, kept per trigger
 * @valid:	the trigger ran at least once
 * @err:	what the run returned
 * @status:	"ok", "FAIL", "skipped: ...", "interrupted after K", ...
 * @count:	N asked for
 * @done:	measured operations done
 * @warmup:	warm-up operations done (not measured)
 * @faults:	operations fixed up by the exception table (all)
 * @cpu:	the CPU the run was pinned to
 * @elapsed_ns:	wall time of the run
 * @source:	where the #VE counts came from
 * @want:	#VEs expected per operation, per path (result @want_result)
 * @want_result: result column of @want
 * @delta:	#VEs of the measured operations, kernel context, this CPU
 * @clean:	measured operations whose #VEs were exactly as expected
 * @null_dirty:	null operations that saw a #VE (harness not clean)
 * @ve_check:	verdict on the #VEs
 * @data_check:	verdict on the data
 * @cycles:	per-operation cycles
 * @null_cycles: the same for the null operation: the harness overhead
 */
struct vet_report {
	bool valid;
	int err;
	char status[64];
	u64 count;
	u64 done;
	u64 warmup;
	u64 faults;
	int cpu;
	u64 elapsed_ns;
	enum vet_source source;
	u8 want[VET_NR_PATHS];
	enum vet_result want_result;
	u64 delta[VET_NR_PATHS][VET_NR_RESULTS];
	u64 clean;
	u64 null_dirty;
	char ve_check[160];
	char data_check[112];
	struct vet_pct cycles;
	struct vet_pct null_cycles;
};

int vet_engine_init(void);
void vet_engine_exit(void);
bool vet_is_tdx_guest(void);
int vet_runnable(const struct vet_trigger *t, const char **why);
int vet_run(const struct vet_trigger *t, u32 count, struct vet_report *out);
int vet_result_get(const struct vet_trigger *t, struct vet_report *out);
const struct vet_trigger *vet_result_last(struct vet_report *out);
u64 vet_cycles_to_ns(u64 cycles);
unsigned int vet_budget_ms(void);
bool vet_param_hlt(void);
bool vet_param_allow_failing(void);

/* ------------------------------------------------------------------ */
/* selftest.c */

int vet_selftest_run(void);
int vet_selftest_show(struct seq_file *m);
void vet_selftest_exit(void);

#endif /* _TDX_VE_TEST_H */
