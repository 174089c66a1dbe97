/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tdx_ve_test: fire instructions that raise #VE in a TDX guest and check
 * the per-CPU #VE accounting of the tdx-ve series.
 */
#ifndef _TDX_VE_TEST_H
#define _TDX_VE_TEST_H

#include <linux/types.h>
#include <linux/mutex.h>

/* Kbuild defines TDX_VE_TEST_HAVE_HEADER when the kernel has <asm/tdx_ve.h> */
#ifdef TDX_VE_TEST_HAVE_HEADER
#include <asm/tdx_ve.h>
#else
/*
 * The kernel lacks the tdx-ve series.  Mirror the layout of <asm/tdx_ve.h>
 * so that the trigger tables and the stats file build; the stats API
 * itself is then reported as unavailable.
 */
enum tdx_ve_path {
	TDX_VE_IO_IN,
	TDX_VE_IO_OUT,
	TDX_VE_MMIO_READ,
	TDX_VE_MMIO_WRITE,
	TDX_VE_CPUID,
	TDX_VE_RDMSR,
	TDX_VE_WRMSR,
	TDX_VE_HLT,
	TDX_VE_IO_STRING,
	TDX_VE_MMIO_UNSUPPORTED,
	TDX_VE_OTHER,
	TDX_VE_NR_PATHS
};

enum tdx_ve_context {
	TDX_VE_EARLY,
	TDX_VE_KERNEL,
	TDX_VE_USER,
	TDX_VE_NR_CONTEXTS
};

enum tdx_ve_result {
	TDX_VE_HANDLED,
	TDX_VE_FAILED_VMM,
	TDX_VE_FAILED_GUEST,
	TDX_VE_NR_RESULTS
};

struct tdx_ve_stats {
	u64 count[TDX_VE_NR_PATHS][TDX_VE_NR_CONTEXTS][TDX_VE_NR_RESULTS];
};

static inline const char *tdx_ve_path_name(enum tdx_ve_path path)
{
	static const char * const names[TDX_VE_NR_PATHS] = {
		"io_in", "io_out", "mmio_read", "mmio_write", "cpuid", "rdmsr",
		"wrmsr", "hlt", "io_string", "mmio_unsupported", "other",
	};

	return (unsigned int)path < TDX_VE_NR_PATHS ? names[path] : "?";
}

static inline const char *tdx_ve_context_name(enum tdx_ve_context ctx)
{
	static const char * const names[TDX_VE_NR_CONTEXTS] = {
		"early", "kernel", "user",
	};

	return (unsigned int)ctx < TDX_VE_NR_CONTEXTS ? names[ctx] : "?";
}

static inline const char *tdx_ve_result_name(enum tdx_ve_result result)
{
	static const char * const names[TDX_VE_NR_RESULTS] = {
		"handled", "failed_vmm", "failed_guest",
	};

	return (unsigned int)result < TDX_VE_NR_RESULTS ? names[result] : "?";
}
#endif /* asm/tdx_ve.h */

#if defined(TDX_VE_TEST_HAVE_HEADER) && IS_ENABLED(CONFIG_INTEL_TDX_GUEST)
#define TDX_VE_TEST_HAVE_API	1
#else
#define TDX_VE_TEST_HAVE_API	0
#endif

/* Largest count accepted by a trigger file, and the input size limit. */
#define TDX_VE_MAX_COUNT	10000000U
#define TDX_VE_MAX_INPUT	64
#define TDX_VE_NAME_LEN		32
/* Samples kept per run for the percentiles (min/max cover every op). */
#define TDX_VE_MAX_SAMPLES	4096

/* What a trigger touches; the PCI devices are found by targets.c. */
enum tdx_ve_target {
	TDX_VE_TGT_NONE,	/* CPU only: CPUID, MSR, HLT */
	TDX_VE_TGT_EDU,		/* edu BAR0, MMIO, 4/8-byte registers */
	TDX_VE_TGT_TDEV_MMIO,	/* pci-testdev BAR0, MMIO, byte-granular */
	TDX_VE_TGT_TDEV_IO,	/* pci-testdev BAR1, port I/O */
	TDX_VE_NR_TARGETS
};

/* struct tdx_ve_trigger.flags */
#define TDX_VE_F_HLT		BIT(0)	/* needs hlt=1 */
#define TDX_VE_F_FAILING	BIT(1)	/* needs allow_failing=1 */
#define TDX_VE_F_UNVERIFIED	BIT(2)	/* TDX #VE expectation not confirmed */

/*
 * pci-testdev header at offset 0 of each BAR (hw/misc/pci-testdev.c).  The
 * device handles 1-byte accesses only; QEMU splits wider ones.
 */
#define TDEV_TEST		0	/* u8, write selects a test */
#define TDEV_OFFSET		4	/* u32, test register offset */
#define TDEV_DATA		8	/* u8, value that counts (0xfa) */
#define TDEV_COUNT		12	/* u32, hits on the test register */
#define TDEV_NAME		16	/* NUL-terminated test name */
#define TDEV_NO_EVENTFD		0	/* test "<type>-no-eventfd" */
#define TDEV_DATAMATCH		0xfa
#define TDEV_IO_SIZE		256
#define TDEV_MMIO_SIZE		4096

struct dentry;
struct tdx_ve_run;

/**
 * struct tdx_ve_trigger - one instruction that raises #VE in a TDX guest
 * @name:	file name under trigger/, also accepted by the run file
 * @target:	device the instruction touches
 * @path:	#VE path (struct tdx_ve_stats row) the instruction lands in
 * @ve_result:	expected #VE result on a TDX guest (handled or refused)
 * @ve_per_op:	expected #VEs per operation on a TDX guest
 * @flags:	TDX_VE_F_*
 * @width:	access size in bytes (0 if not an access)
 * @arg:	trigger specific: CPUID leaf, MSR index
 * @max_count:	largest N, 0 for TDX_VE_MAX_COUNT
 * @what:	human-readable description of the access
 * @prepare:	optional, runs before the measured loop
 * @op:		one access; returns 0, or -EIO after tdx_ve_mismatch()
 * @verify:	optional, runs after the measured loop
 */
struct tdx_ve_trigger {
	const char *name;
	enum tdx_ve_target target;
	enum tdx_ve_path path;
	enum tdx_ve_result ve_result;
	unsigned int ve_per_op;
	unsigned int flags;
	unsigned int width;
	u32 arg;
	u32 max_count;
	const char *what;
	int (*prepare)(struct tdx_ve_run *run);
	int (*op)(struct tdx_ve_run *run);
	int (*verify)(struct tdx_ve_run *run);
};

struct tdx_ve_category {
	const char *name;
	const struct tdx_ve_trigger *triggers;
	size_t len;
};

/* Mapped devices, owned by targets.c, valid while tdx_ve_lock is held. */
struct tdx_ve_targets {
	void __iomem *edu;		/* edu BAR0 */
	void __iomem *tdev_mmio;	/* pci-testdev BAR0 */
	unsigned long tdev_port;	/* pci-testdev BAR1 base port */
	char edu_name[16];		/* PCI name or "absent" */
	char tdev_name[16];
};

/* Per-run state handed to the trigger callbacks. */
struct tdx_ve_run {
	const struct tdx_ve_trigger *trig;
	const struct tdx_ve_targets *tgt;
	u64 i;			/* index of the current op */
	u64 count;		/* N */
	u64 cookie;		/* trigger private: value written/expected */
	u64 cookie2;
	u64 faults;		/* ops fixed up by the exception table */
	u64 mismatches;
	u64 expected;		/* first mismatch */
	u64 got;
};

/* Summary of one run, kept per trigger for the read-back. */
struct tdx_ve_pct {
	u64 min, p50, p99, max;
};

struct tdx_ve_report {
	bool valid;
	int err;		/* return value of the write */
	char status[64];	/* "ok", "FAIL", "skipped: ...", ... */
	u64 count;
	u64 done;
	u64 faults;
	bool ve_known;		/* stats API usable */
	u64 ve_handled;
	u64 ve_failed_vmm;
	u64 ve_failed_guest;
	char ve_check[96];
	char data_check[96];
	u32 samples;
	struct tdx_ve_pct cycles;
	struct tdx_ve_pct overhead;
	struct tdx_ve_pct net_ns;
};

/* core.c */
extern struct mutex tdx_ve_lock;
extern bool tdx_ve_param_hlt;
extern bool tdx_ve_param_allow_failing;
extern const struct tdx_ve_category *const tdx_ve_categories[];
extern const size_t tdx_ve_nr_categories;
bool tdx_ve_is_tdx_guest(void);
int tdx_ve_trigger_allowed(const struct tdx_ve_trigger *t);
const struct tdx_ve_trigger *tdx_ve_find(const char *name);

/* input.c */
int tdx_ve_parse(const char *file, const char __user *ubuf, size_t len,
		 char *name, size_t name_len, u32 *count);
int tdx_ve_parse_buf(const char *file, char *buf, char *name,
		     size_t name_len, u32 *count);
int tdx_ve_check_count(const char *file, const struct tdx_ve_trigger *t,
		       u32 count);

/* targets.c */
extern struct tdx_ve_targets tdx_ve_targets;
int tdx_ve_targets_init(void);
void tdx_ve_targets_exit(void);
bool tdx_ve_target_present(enum tdx_ve_target target);

/* stats.c */
int tdx_ve_stats_snapshot(struct tdx_ve_stats *s);
void tdx_ve_stats_create(struct dentry *dir);

/* bench.c */
int tdx_ve_run_trigger(const struct tdx_ve_trigger *t, u32 count,
		       struct tdx_ve_report *res);

/* selftest.c */
void tdx_ve_selftest_create(struct dentry *dir);

/* Trigger tables, one per category file. */
int tdx_ve_mismatch(struct tdx_ve_run *run, u64 expected, u64 got);
/*
 * pci-testdev through the port / MMIO BAR: select the no-eventfd test and
 * set run->cookie to the test register (port number / BAR offset); check
 * the hit count == N.
 */
int tdx_ve_io_prepare(struct tdx_ve_run *run);
int tdx_ve_tdev_prepare(struct tdx_ve_run *run);
int tdx_ve_io_count_check(struct tdx_ve_run *run);
int tdx_ve_mmio_count_check(struct tdx_ve_run *run);
extern const struct tdx_ve_category tdx_ve_io_category;
extern const struct tdx_ve_category tdx_ve_mmio_category;
extern const struct tdx_ve_category tdx_ve_cpuid_category;
extern const struct tdx_ve_category tdx_ve_msr_category;
extern const struct tdx_ve_category tdx_ve_hlt_category;
extern const struct tdx_ve_category tdx_ve_fail_category;

#endif /* _TDX_VE_TEST_H */
