// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_ve_test: the emulated TD's ground truth.
 *
 * The tdx-ve QEMU model of the TDX module counts every #VE it injects, per
 * vCPU, class and context, and answers a vendor TDG.VP.VMCALL (TDCALL leaf
 * 0, R10 = "TDXE") with them (Documentation/emulator.rst):
 *	R11 = 0, probe:	R10 = 0, R11 = version 1, R12 = vCPUs,
 *			R13 = the calling vCPU, R14 = classes (11)
 *	R11 = 1, read:	R12 = vCPU, R13 = class, R14 = context (0 CPL 0-2,
 *			1 CPL 3) -> R10 = 0, R11 = the count; a bad index
 *			gives R10 = TDVMCALL_STATUS_INVALID_OPERAND
 * Only a TD is asked, and only when someone reads emu_stats or runs the
 * selftest: outside a TD TDCALL is #UD, and on a real TD the call goes to
 * the real VMM (KVM answers an unknown vendor call with an error).
 *
 * vet_emu_snapshot() takes one instant of both the module's counters and
 * the emulator's inside stop_machine(): every other CPU spins with
 * interrupts off, so no #VE is in flight.  vet_emu_compare() compares two
 * snapshots per CPU, path and context.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/stop_machine.h>
#include <asm/cpufeature.h>

#include "tdx_ve_test.h"

#define VET_EMU_VENDOR		0x54445845ULL	/* "TDXE" */
#define VET_EMU_FN_PROBE	0
#define VET_EMU_FN_READ		1
#define VET_EMU_VERSION		1
#define VET_TDG_VP_VMCALL	0
/* RDX, RBX, RSI, RDI, R8-R15: the kernel's TDVMCALL_EXPOSE_REGS_MASK */
#define VET_TDVMCALL_EXPOSE	0xffccULL

/*
 * TDG.VP.VMCALL with R10 = the vendor leaf.  Every exposed register is
 * loaded (with 0 where unused, nothing of the kernel's leaks) and may come
 * back changed.  out[] = R10..R14.
 */
static int vet_emu_tdcall(u64 fn, u64 a12, u64 a13, u64 a14, u64 out[5])
{
	register u64 r8 asm("r8") = 0;
	register u64 r9 asm("r9") = 0;
	register u64 r10 asm("r10") = VET_EMU_VENDOR;
	register u64 r11 asm("r11") = fn;
	register u64 r12 asm("r12") = a12;
	register u64 r13 asm("r13") = a13;
	register u64 r14 asm("r14") = a14;
	register u64 r15 asm("r15") = 0;
	u64 rax = VET_TDG_VP_VMCALL, rcx = VET_TDVMCALL_EXPOSE;
	u64 rdx = 0, rbx = 0, rsi = 0, rdi = 0;

	asm volatile(".byte 0x66,0x0f,0x01,0xcc"	/* TDCALL */
		     : "+a" (rax), "+c" (rcx), "+d" (rdx), "+b" (rbx),
		       "+S" (rsi), "+D" (rdi), "+r" (r8), "+r" (r9),
		       "+r" (r10), "+r" (r11), "+r" (r12), "+r" (r13),
		       "+r" (r14), "+r" (r15)
		     : : "memory");
	if (rax)
		return -EIO;
	out[0] = r10;
	out[1] = r11;
	out[2] = r12;
	out[3] = r13;
	out[4] = r14;
	return 0;
}

enum vet_emu_state {
	VET_EMU_UNKNOWN,
	VET_EMU_ABSENT,
	VET_EMU_PRESENT,
};

/* Detection state, under vet_emu_lock; stable once PRESENT or ABSENT. */
static DEFINE_MUTEX(vet_emu_lock);
static enum vet_emu_state vet_emu_state;
static const char *vet_emu_why = "not probed";
static unsigned int vet_emu_vcpus;
static int *vet_emu_map;		/* [nr_cpu_ids]: vCPU index, -1 unknown */
static vet_emu_call_t vet_emu_call = vet_emu_tdcall;

struct vet_emu_whoami {
	int err;
	u64 out[5];
};

static void vet_emu_probe_here(void *arg)
{
	struct vet_emu_whoami *w = arg;

	w->err = vet_emu_call(VET_EMU_FN_PROBE, 0, 0, 0, w->out);
}

static int vet_emu_probe_all(void)
{
	struct vet_emu_whoami w = { };
	unsigned int cpu;

	if (vet_emu_call == vet_emu_tdcall &&
	    !cpu_feature_enabled(X86_FEATURE_TDX_GUEST)) {
		vet_emu_why = "not a TDX guest";
		return -ENODEV;
	}
	vet_emu_probe_here(&w);
	if (w.err || w.out[0] || w.out[1] != VET_EMU_VERSION) {
		vet_emu_why = "the VMM does not answer the emulator's vendor TDVMCALL";
		return -ENODEV;
	}
	if (w.out[4] != VET_EMU_NR_CLASSES || !w.out[2]) {
		vet_emu_why = "the emulator's classes or vCPUs are not what this module knows";
		return -EPROTO;
	}
	vet_emu_vcpus = w.out[2];
	vet_emu_map = kcalloc(nr_cpu_ids, sizeof(*vet_emu_map), GFP_KERNEL);
	if (!vet_emu_map)
		return -ENOMEM;
	cpus_read_lock();
	for_each_possible_cpu(cpu) {
		vet_emu_map[cpu] = -1;
		if (!cpu_online(cpu))
			continue;
		memset(&w, 0, sizeof(w));
		if (smp_call_function_single(cpu, vet_emu_probe_here, &w, 1) ||
		    w.err || w.out[0] || w.out[3] >= vet_emu_vcpus)
			continue;
		vet_emu_map[cpu] = w.out[3];
	}
	cpus_read_unlock();
	vet_emu_why = NULL;
	return 0;
}

/**
 * vet_emu_detect - is this an emulated TD?
 * @why: set to the reason when it is not
 *
 * Asks at most once per module load (or after vet_emu_forget()).
 *
 * Return: 0 on an emulated TD, else a negative errno.
 */
int vet_emu_detect(const char **why)
{
	int ret = 0;

	mutex_lock(&vet_emu_lock);
	if (vet_emu_state == VET_EMU_UNKNOWN) {
		ret = vet_emu_probe_all();
		vet_emu_state = ret ? VET_EMU_ABSENT : VET_EMU_PRESENT;
	}
	ret = vet_emu_state == VET_EMU_PRESENT ? 0 : -ENODEV;
	if (why)
		*why = vet_emu_why;
	mutex_unlock(&vet_emu_lock);
	return ret;
}

/* Forget what detection found; the next vet_emu_detect() asks again. */
void vet_emu_forget(void)
{
	mutex_lock(&vet_emu_lock);
	kfree(vet_emu_map);
	vet_emu_map = NULL;
	vet_emu_vcpus = 0;
	vet_emu_state = VET_EMU_UNKNOWN;
	vet_emu_why = "not probed";
	mutex_unlock(&vet_emu_lock);
}

/**
 * vet_emu_set_call - replace the vendor TDVMCALL (the selftest's fake)
 * @call:	the new call, NULL for the real one
 *
 * Return: the call in place before.
 */
vet_emu_call_t vet_emu_set_call(vet_emu_call_t call)
{
	vet_emu_call_t old;

	vet_emu_forget();
	mutex_lock(&vet_emu_lock);
	old = vet_emu_call;
	vet_emu_call = call ?: vet_emu_tdcall;
	mutex_unlock(&vet_emu_lock);
	return old;
}

unsigned int vet_emu_nr_vcpus(void)
{
	unsigned int n;

	mutex_lock(&vet_emu_lock);
	n = vet_emu_state == VET_EMU_PRESENT ? vet_emu_vcpus : 0;
	mutex_unlock(&vet_emu_lock);
	return n;
}

/* vet_emu_lock held (or stop_machine() under it), emulator present. */
static int vet_emu_vcpu_of(unsigned int cpu)
{
	return cpu < nr_cpu_ids ? vet_emu_map[cpu] : -1;
}

/* One ground-truth counter; vet_emu_lock held, emulator present. */
static int vet_emu_read(unsigned int vcpu, unsigned int cls, unsigned int ctx,
			u64 *val)
{
	u64 out[5];

	if (vet_emu_call(VET_EMU_FN_READ, vcpu, cls, ctx, out) || out[0])
		return -EIO;
	*val = out[1];
	return 0;
}

/**
 * vet_emu_read_all - every ground-truth counter
 * @vals:	[@nr_vcpus][VET_EMU_NR_CLASSES][VET_EMU_NR_CONTEXTS]
 * @nr_vcpus:	vCPUs @vals has room for
 *
 * Return: the vCPUs read, or a negative errno (-ENODEV off the emulator).
 */
int vet_emu_read_all(u64 *vals, unsigned int nr_vcpus)
{
	unsigned int v, c, x;
	int ret = -ENODEV;

	mutex_lock(&vet_emu_lock);
	if (vet_emu_state != VET_EMU_PRESENT)
		goto out;
	nr_vcpus = min(nr_vcpus, vet_emu_vcpus);
	for (v = 0; v < nr_vcpus; v++)
		for (c = 0; c < VET_EMU_NR_CLASSES; c++)
			for (x = 0; x < VET_EMU_NR_CONTEXTS; x++) {
				ret = vet_emu_read(v, c, x, vals++);
				if (ret)
					goto out;
			}
	ret = nr_vcpus;
out:
	mutex_unlock(&vet_emu_lock);
	return ret;
}

int vet_emu_snap_alloc(struct vet_emu_snap *s)
{
	s->nr_cpus = nr_cpu_ids;
	s->missed = 0;
	s->cpu = kvcalloc(s->nr_cpus, sizeof(*s->cpu), GFP_KERNEL);
	s->scratch = kmalloc(sizeof(*s->scratch), GFP_KERNEL);
	if (!s->cpu || !s->scratch) {
		vet_emu_snap_free(s);
		return -ENOMEM;
	}
	return 0;
}

void vet_emu_snap_free(struct vet_emu_snap *s)
{
	kvfree(s->cpu);
	kfree(s->scratch);
	s->cpu = NULL;
	s->scratch = NULL;
}

/*
 * The kernel's boot counts: its sum over all CPUs minus the per-CPU
 * counters, read at the same instant.  Other sources count since the
 * module loaded; they have none.
 */
static int vet_emu_snap_boot(struct vet_emu_snap *s)
{
	unsigned int cpu, p, x, r;
	int err;

	memset(s->boot, 0, sizeof(s->boot));
	s->since_boot = vet_counters_source() == VET_SRC_KERNEL;
	if (!s->since_boot)
		return 0;
	err = vet_counters_read_all(s->scratch);
	if (err)
		return err;
	for (p = 0; p < VET_NR_PATHS; p++)
		for (x = 0; x < VET_NR_CONTEXTS; x++) {
			for (r = 0; r < VET_NR_RESULTS; r++)
				s->boot[p][x] += s->scratch->n[p][x][r];
			for (cpu = 0; cpu < s->nr_cpus; cpu++)
				s->boot[p][x] -= s->cpu[cpu].ve[p][x];
		}
	return 0;
}

/* Inside stop_machine(): both sides of every CPU, one instant. */
static int vet_emu_snap_fn(void *arg)
{
	struct vet_emu_snap *s = arg;
	unsigned int cpu, p, x, r;
	int vcpu, err;

	for (cpu = 0; cpu < s->nr_cpus; cpu++) {
		struct vet_emu_cpu *c = &s->cpu[cpu];

		memset(c, 0, sizeof(*c));
		if (!cpu_possible(cpu))
			continue;
		err = vet_counters_read_cpu(cpu, s->scratch);
		if (err)
			return err;
		for (p = 0; p < VET_NR_PATHS; p++)
			for (x = 0; x < VET_NR_CONTEXTS; x++)
				for (r = 0; r < VET_NR_RESULTS; r++)
					c->ve[p][x] += s->scratch->n[p][x][r];
		vcpu = vet_emu_vcpu_of(cpu);
		if (vcpu < 0)
			continue;
		for (p = 0; p < VET_EMU_NR_CLASSES; p++) {
			for (x = 0; x < VET_EMU_NR_CONTEXTS; x++) {
				err = vet_emu_read(vcpu, p, x, &c->emu[p][x]);
				if (err)
					return err;
			}
		}
		c->mapped = true;
	}
	s->missed = vet_counters_missed();
	return vet_emu_snap_boot(s);
}

/**
 * vet_emu_snapshot - the module's and the emulator's counts, one instant
 * @s: from vet_emu_snap_alloc()
 *
 * Return: 0, -ENODEV off the emulator, or another negative errno.
 */
int vet_emu_snapshot(struct vet_emu_snap *s)
{
	int ret = -ENODEV;

	mutex_lock(&vet_emu_lock);
	if (vet_emu_state == VET_EMU_PRESENT)
		ret = stop_machine(vet_emu_snap_fn, s, NULL);
	mutex_unlock(&vet_emu_lock);
	return ret;
}

/* Context of the module's counts for the emulator's context @x. */
static const enum vet_context vet_emu_ctx[VET_EMU_NR_CONTEXTS] = {
	VET_KERNEL, VET_USER,
};

static bool vet_emu_mmio(unsigned int p)
{
	return p == VET_MMIO_READ || p == VET_MMIO_WRITE ||
	       p == VET_MMIO_UNSUPPORTED;
}

/* Report one mismatch; the first goes into @msg. */
static int vet_emu_miss(char *msg, size_t len, int n, unsigned int cpu,
			const char *what, unsigned int x, u64 ours, u64 emu)
{
	if (!n)
		snprintf(msg, len, "cpu %u %s %s: counted %llu, emulator injected %llu",
			 cpu, what, x ? "user" : "kernel", ours, emu);
	return n + 1;
}

/*
 * One CPU's counts against its vCPU's: @ve are the #VEs the module counted
 * (all results) per path and context, @emu the #VEs the emulator injected
 * per class and context; @early_ok lets early #VEs count as kernel ones.
 * Returns @n plus the mismatches found.
 */
static int vet_emu_compare_cpu(unsigned int cpu,
			       const u64 ve[VET_NR_PATHS][VET_NR_CONTEXTS],
			       const u64 emu[VET_EMU_NR_CLASSES][VET_EMU_NR_CONTEXTS],
			       bool early_ok, char *msg, size_t len, int n)
{
	u64 early = 0;
	unsigned int p, x;

	for (p = 0; p < VET_NR_PATHS; p++)
		early += ve[p][VET_EARLY];
	if (early && !early_ok)
		n = vet_emu_miss(msg, len, n, cpu, "early", 0, early, 0);
	for (x = 0; x < VET_EMU_NR_CONTEXTS; x++) {
		enum vet_context k = vet_emu_ctx[x];
		u64 ours[VET_NR_PATHS], mmio_ours = 0, mmio_emu = 0;

		for (p = 0; p < VET_NR_PATHS; p++) {
			ours[p] = ve[p][k];
			if (k == VET_KERNEL && early_ok)
				ours[p] += ve[p][VET_EARLY];
			if (vet_emu_mmio(p)) {
				mmio_ours += ours[p];
				mmio_emu += emu[p][x];
			} else if (ours[p] != emu[p][x]) {
				n = vet_emu_miss(msg, len, n, cpu, vet_path_names[p],
						 x, ours[p], emu[p][x]);
			}
		}
		if (mmio_ours != mmio_emu) {
			n = vet_emu_miss(msg, len, n, cpu, "mmio (all)", x,
					 mmio_ours, mmio_emu);
			continue;
		}
		if (ours[VET_MMIO_UNSUPPORTED])
			continue;
		for (p = VET_MMIO_READ; p <= VET_MMIO_WRITE; p++)
			if (ours[p] != emu[p][x])
				n = vet_emu_miss(msg, len, n, cpu, vet_path_names[p],
						 x, ours[p], emu[p][x]);
	}
	return n;
}

/**
 * vet_emu_compare - do the counts of two snapshots grow alike?
 * @a:		earlier snapshot
 * @b:		later snapshot
 * @msg:	the first mismatch, for people
 * @len:	size of @msg
 *
 * Per CPU that has a vCPU index and per context, the #VEs counted on each
 * path (all results) must have grown by the number of #VEs the emulator
 * injected in the class of the same index.  MMIO is compared as a whole
 * (reads, writes and refused MMIO against reads, writes and private-GPA
 * accesses), and class by class when nothing was refused: the kernel
 * counts a MOVS it refuses as mmio_unsupported, the emulator by access.
 * No early #VE may appear, and a probe that missed #VEs is a mismatch.
 *
 * Return: the number of mismatches.
 */
int vet_emu_compare(const struct vet_emu_snap *a, const struct vet_emu_snap *b,
		    char *msg, size_t len)
{
	u64 ve[VET_NR_PATHS][VET_NR_CONTEXTS];
	u64 emu[VET_EMU_NR_CLASSES][VET_EMU_NR_CONTEXTS];
	unsigned int cpu, p, x;
	int n = 0;

	msg[0] = '\0';
	if (b->missed != a->missed)
		n = vet_emu_miss(msg, len, n, 0, "probe missed", 0,
				 b->missed - a->missed, 0);
	for (cpu = 0; cpu < min(a->nr_cpus, b->nr_cpus); cpu++) {
		const struct vet_emu_cpu *ca = &a->cpu[cpu], *cb = &b->cpu[cpu];

		if (!ca->mapped || !cb->mapped)
			continue;
		for (p = 0; p < VET_NR_PATHS; p++)
			for (x = 0; x < VET_NR_CONTEXTS; x++)
				ve[p][x] = cb->ve[p][x] - ca->ve[p][x];
		for (p = 0; p < VET_EMU_NR_CLASSES; p++)
			for (x = 0; x < VET_EMU_NR_CONTEXTS; x++)
				emu[p][x] = cb->emu[p][x] - ca->emu[p][x];
		n = vet_emu_compare_cpu(cpu, ve, emu, false, msg, len, n);
	}
	return n;
}

/**
 * vet_emu_compare_boot - do the counts since boot equal the emulator's?
 * @s:		a snapshot with @s->since_boot
 * @msg:	the first mismatch, for people
 * @len:	size of @msg
 *
 * The kernel's counters (the tdx-ve series) count from the first #VE of
 * the boot: per CPU and context they must equal what the emulator
 * injected into that CPU's vCPU since it started, with the boot counts
 * (#VEs taken before the per-CPU counters existed, all on the boot CPU)
 * added to CPU 0 and early #VEs counted as the kernel-mode ones they are.
 * A #VE counted on CPUs that never took it shows up here as a mismatch
 * on every one of them.  The rules are vet_emu_compare()'s otherwise.
 *
 * Return: the number of mismatches, -ENODATA without since-boot counts.
 */
int vet_emu_compare_boot(const struct vet_emu_snap *s, char *msg, size_t len)
{
	u64 ve[VET_NR_PATHS][VET_NR_CONTEXTS];
	unsigned int cpu, p, x;
	int n = 0;

	msg[0] = '\0';
	if (!s->since_boot)
		return -ENODATA;
	for (cpu = 0; cpu < s->nr_cpus; cpu++) {
		const struct vet_emu_cpu *c = &s->cpu[cpu];

		if (!c->mapped)
			continue;
		for (p = 0; p < VET_NR_PATHS; p++)
			for (x = 0; x < VET_NR_CONTEXTS; x++)
				ve[p][x] = c->ve[p][x] + (cpu ? 0 : s->boot[p][x]);
		n = vet_emu_compare_cpu(cpu, ve, c->emu, true, msg, len, n);
	}
	return n;
}
