#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Count the #VEs of a real boot on the emulated TD, and which handler took
# each: the early one (do_early_exception() -> tdx_early_handle_ve()) or
# the runtime one (exc_virtualization_exception()).
#
# Usage: scripts/measure-early-ve.sh [-o DIR] BZIMAGE SYSTEM.MAP [KERNEL ARGS...]
#   Boots BZIMAGE as an emulated TD with $SMP vCPUs (default 1) and
#   "console=ttyS0 panic=-1 nokaslr KERNEL ARGS..." (no initramfs unless
#   INITRD=file), with QEMU's -d int,exec: TCG logs every exception
#   (vector, RIP, registers, IDT base) and, through -dfilter, the first
#   translation block the CPU runs after it when that block is a #VE gate
#   target: early_idt_handler_array (the early IDT entries, loaded into
#   idt_table by idt_setup_early_handler()) or
#   asm_exc_virtualization_exception (installed by idt_setup_early_traps()
#   at the start of setup_arch()).  The gate target, not the IDT base,
#   tells the two apart: both run with IDTR = idt_table; bringup_idt_table
#   has no #VE gate at all.  QEMU is killed (by PID) once the console shows
#   "Memory:", printed by mm_core_init() right after setup_arch() and
#   trap_init() ($MARKER if set, e.g. "smp: Brought up" to take in the
#   secondary CPUs' bringup), or after $TIMEOUT seconds (default 180).  Prints a
#   table: #VEs by IDT base and gate, the first #VEs symbolised, and the
#   #VEs by exit reason and RIP symbol.  The exit reason is the one the
#   emulator gives the instruction at RIP, decoded from the vmlinux
#   extracted from BZIMAGE (CPUID 10, HLT 12, I/O 30, RDMSR 31, WRMSR 32,
#   any other instruction an EPT violation 48).
#   SYSTEM.MAP may be Debian's placeholder ("The real System.map is in the
#   -dbg package"): the map is then read from /proc/kallsyms of a plain
#   (non-TD) nokaslr boot of the same kernel, cached under $CACHE/early-ve.
#   -o DIR keeps the QEMU log, the console log and the table in DIR.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
	sed -n 's/^# Usage: //p' "$0" >&2
	exit 2
}
keep=
if [ "${1:-}" = -o ]; then
	keep=${2:?}
	shift 2
fi
[ $# -ge 2 ] || usage
kernel=$1 map=$2
shift 2
[ -f "$kernel" ] || die "no kernel at $kernel"
[ -f "$map" ] || die "no System.map at $map"
[ -z "${INITRD:-}" ] || [ -f "$INITRD" ] || die "no initramfs at $INITRD"
timeout=${TIMEOUT:-180}

qemu=$("$TOP/scripts/build-qemu.sh" | tail -n 1)
if [ -n "$keep" ]; then
	mkdir -p "$keep"
	work=$keep
else
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
fi

# run_qemu LOG ARGS...: run the emulator in the background, console to
# LOG; stop it (this PID only) once LOG shows the marker, or at the
# timeout.  Prints the seconds it ran and how it ended.
run_qemu() {
	local log=$1 pid t=0 how=timeout
	shift
	: > "$log"
	"$qemu" "$@" -serial "file:$log" &
	pid=$!
	while kill -0 "$pid" 2>/dev/null && [ "$t" -lt "$timeout" ]; do
		if grep -q "${MARKER:-Memory:}" "$log"; then
			how=marker
			break
		fi
		sleep 1
		t=$((t + 1))
	done
	kill -0 "$pid" 2>/dev/null || how="exit"
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	echo "$t $how"
}

# A System.map Debian did not ship: /proc/kallsyms of a plain nokaslr boot
if ! grep -q ' early_idt_handler_array$' "$map"; then
	grep -q 'The real System.map' "$map" ||
		die "$map has no early_idt_handler_array: not this kernel's System.map?"
	[ -x /bin/busybox ] || die "/bin/busybox not found (install busybox-static)"
	mkdir -p "$CACHE/early-ve"
	cmap=$CACHE/early-ve/kallsyms-$(sha1sum < "$kernel" | cut -c1-16).map
	if [ ! -s "$cmap" ]; then
		msg "no System.map: reading /proc/kallsyms of $kernel (plain boot)" >&2
		root=$work/kallsyms-root
		mkdir -p "$root/bin" "$root/proc"
		cp /bin/busybox "$root/bin/"
		printf '%s\n' '#!/bin/busybox sh' \
			'/bin/busybox mount -t proc proc /proc' \
			'echo KALLSYMS-BEGIN' \
			'/bin/busybox grep -v "\[" /proc/kallsyms' \
			'echo KALLSYMS-END' \
			'/bin/busybox poweroff -f' > "$root/init"
		chmod +x "$root/init"
		(cd "$root" && find . | cpio -o -H newc -R 0:0 --quiet) > "$work/kallsyms.cpio"
		MARKER=KALLSYMS-END run_qemu "$work/kallsyms.log" \
			"${TD_QEMU_ARGS[@]/tdx-emu=on/tdx-emu=off}" -m 1024 -smp 1 \
			-kernel "$kernel" -initrd "$work/kallsyms.cpio" \
			-append "console=ttyS0 panic=-1 nokaslr quiet" >/dev/null
		sed -n '/^KALLSYMS-BEGIN/,/^KALLSYMS-END/p' "$work/kallsyms.log" | tr -d '\r' |
			grep -E '^[0-9a-f]{16} [A-Za-z] ' > "$cmap.tmp" || true
		grep -q ' early_idt_handler_array$' "$cmap.tmp" ||
			die "no early_idt_handler_array in /proc/kallsyms (see $work/kallsyms.log)"
		mv "$cmap.tmp" "$cmap"
	fi
	map=$cmap
fi

# The kernel's code, to decode the instruction at each #VE's RIP
extract=$BASE_CACHE/scripts/extract-vmlinux
[ -x "$extract" ] || die "no $extract: run scripts/import-base.sh"
"$extract" "$kernel" > "$work/vmlinux" 2>/dev/null || die "cannot extract vmlinux from $kernel"

sym() { awk -v s="$1" '$3 == s { print "0x" $1; exit }' "$map"; }
array=$(sym early_idt_handler_array)
common=$(sym early_idt_handler_common)
runtime=$(sym asm_exc_virtualization_exception)
if [ -z "$array" ] || [ -z "$common" ] || [ -z "$runtime" ]; then
	die "$map lacks early_idt_handler_array, early_idt_handler_common or asm_exc_virtualization_exception"
fi

cmdline="console=ttyS0 panic=-1 nokaslr $*"
initrd=()
[ -z "${INITRD:-}" ] || initrd=(-initrd "$INITRD")
read -r secs how < <(run_qemu "$work/console.log" "${TD_QEMU_ARGS[@]}" -m "${MEM:-1024}" -smp "${SMP:-1}" \
	-kernel "$kernel" "${initrd[@]}" -append "$cmdline" \
	-d int,exec -dfilter "$array+$((common - array)),$runtime+1" -D "$work/int.log")
[ -s "$work/int.log" ] || die "QEMU wrote no log (console: $work/console.log)"

python3 - "$work/int.log" "$map" "$work/vmlinux" "$kernel" "$cmdline" "$secs" "$how" \
	"${MARKER:-Memory:}" <<'EOF' | tee "$work/table.txt"
import bisect, collections, re, subprocess, sys

log, mapf, vmlinux, kernel, cmdline, secs, how, marker = sys.argv[1:9]
syms, addr = [], {}
for line in open(mapf):
    f = line.split()
    if len(f) < 3:
        continue
    a = int(f[0], 16)
    addr.setdefault(f[2], a)
    if f[1] in 'tTwW':
        syms.append((a, f[2]))
syms.sort()
keys = [a for a, _ in syms]
array, common = addr['early_idt_handler_array'], addr['early_idt_handler_common']
entry = (common - array) // 32
runtime = addr['asm_exc_virtualization_exception']
bringup = addr.get('bringup_idt_table', addr.get('__pi_bringup_idt_table'))
idt_table = addr.get('idt_table')
text, end = addr['_text'], addr['_end']

def symbol(a):
    if not text <= a < end:
        return '-'
    i = bisect.bisect_right(keys, a) - 1
    return '%s+0x%x' % (syms[i][1], a - syms[i][0]) if i >= 0 else hex(a)

insn_cache = {}
def insn(a):
    if a not in insn_cache:
        out = subprocess.run(['objdump', '-d', '--no-show-raw-insn',
                              '--start-address=0x%x' % a, '--stop-address=0x%x' % (a + 16),
                              vmlinux], capture_output=True, text=True).stdout
        m = re.search(r'^\s*%x:\s+(.*)$' % a, out, re.M)
        insn_cache[a] = m.group(1).split('#')[0].strip() if m else '?'
    return insn_cache[a]

def exit_reason(e):
    """The emulator's exit reason for the instruction, and its operand."""
    if e['cpl'] == 3:
        return 'user', ''
    if not text <= e['rip'] < end:
        return '?', ''
    i = insn(e['rip'])
    op = i.split()[0] if i != '?' else '?'
    if op == 'cpuid':
        return '10 CPUID', 'leaf 0x%x.%x' % (e['rax'] & 0xffffffff, e['rcx'] & 0xffffffff)
    if op == 'hlt':
        return '12 HLT', ''
    if op.startswith(('ins', 'outs')):
        return '30 I/O string', 'port 0x%x' % (e['rdx'] & 0xffff)
    if op in ('in', 'out'):
        m = re.search(r'\$0x([0-9a-f]+)', i)
        port = int(m.group(1), 16) if m else e['rdx'] & 0xffff
        return '30 I/O ' + op, 'port 0x%x' % port
    if op == 'rdmsr':
        return '31 RDMSR', 'MSR 0x%x' % (e['rcx'] & 0xffffffff)
    if op == 'wrmsr':
        return '32 WRMSR', 'MSR 0x%x' % (e['rcx'] & 0xffffffff)
    return '48 EPT violation', i

exc, cur, last_paired = [], None, 0
head = re.compile(r'^\s*\d+: v=([0-9a-f]+) e=([0-9a-f]+) i=(\d) cpl=(\d) IP=[0-9a-f]+:([0-9a-f]+)')
trace = re.compile(r'^Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/')
regs = re.compile(r'\b(RAX|RCX|RDX)=([0-9a-f]+)')
with open(log, errors='replace') as f:
    for line in f:
        m = head.match(line)
        if m:
            cur = dict(v=int(m.group(1), 16), soft=m.group(3) == '1', cpl=int(m.group(4)),
                       rip=int(m.group(5), 16), gate=None, idt=None, rax=0, rcx=0, rdx=0)
            exc.append(cur)
            continue
        if cur is None:
            continue
        m = trace.match(line)
        if m:
            # The gate target names the vector; with several vCPUs another
            # CPU's exception can be logged in between: pair the target
            # with the latest exception of that vector still without one.
            pc = int(m.group(1), 16)
            v = 20 if pc == runtime else (pc - array) // entry
            for e in reversed(exc[-16:]):
                if e['v'] == v and e['gate'] is None:
                    e['gate'] = pc
                    last_paired = len(exc)
                    break
            continue
        if line.startswith('IDT='):
            cur['idt'] = int(line.split()[1], 16)
        elif line.startswith(('RAX=', 'RSI=')):
            for r, v in regs.findall(line):
                cur[r.lower()] = int(v, 16)

def gate_name(e):
    g = e['gate']
    if g is None:
        return 'none'
    if array <= g < common:
        return 'early' if (g - array) // entry == e['v'] else 'early[%d]' % ((g - array) // entry)
    return 'runtime' if g == runtime else hex(g)

def idt_name(b):
    names = {bringup: 'bringup_idt_table', idt_table: 'idt_table',
             # idt_map_in_cea(): idt_table's read-only alias, loaded in trap_init()
             0xfffffe0000000000: 'idt_table (read-only alias in the cpu_entry_area)'}
    return names.get(b, 'other (%s)' % (hex(b) if b is not None else '?'))

# Exceptions QEMU was stopped in have no gate target in the log yet
cut = [e for e in exc[last_paired:] if e['gate'] is None and e['v'] == 20]
exc = exc[:last_paired] + [e for e in exc[last_paired:] if e['gate'] is not None or e['v'] != 20]
ves = [e for e in exc if e['v'] == 20 and not e['soft']]
print('kernel:  %s' % kernel)
print('cmdline: %s' % cmdline)
print('stopped: %s after %ss%s' % ({'marker': 'at "%s"' % marker, 'exit': 'QEMU exited',
                                  'timeout': 'timeout'}[how], secs,
                                  '' if how == 'marker' else '  (NOT past the marker)'))
if 'earlyprintk' in cmdline and 'setup_early_printk' not in addr:
    print('note:    no setup_early_printk in the map: earlyprintk= is not built in (CONFIG_EARLY_PRINTK=n)')
for e in cut:
    print('note:    an exception (vector %d at %s) was in flight when QEMU was stopped: not counted'
          % (e['v'], symbol(e['rip'])))
print()
rows = [('#VE (vector 20), total', len(ves))]
for b, n in sorted(collections.Counter(idt_name(e['idt']) for e in ves).items()):
    rows.append(('  IDT base ' + b, n))
g = collections.Counter(gate_name(e) for e in ves)
rows.append(('  gate early_idt_handler_array[20] (tdx_early_handle_ve)', g.pop('early', 0)))
rows.append(('  gate asm_exc_virtualization_exception (runtime)', g.pop('runtime', 0)))
for k, n in sorted(g.items()):
    rows.append(('  gate ' + k + ' (no kernel #VE handler)', n))
rows.append(('  RIP outside the kernel image (decompressor, identity map)',
             sum(1 for e in ves if e['cpl'] < 3 and not text <= e['rip'] < end)))
rows.append(('  user mode (CPL 3)', sum(1 for e in ves if e['cpl'] == 3)))
rows.append(('#DF (vector 8)', sum(1 for e in exc if e['v'] == 8 and not e['soft'])))
early_other = collections.Counter(e['v'] for e in exc if e['v'] != 20 and gate_name(e).startswith('early'))
vname = {0: '#DE', 6: '#UD', 8: '#DF', 13: '#GP', 14: '#PF'}
rows.append(('other vectors through early_idt_handler_array (%s)' %
             (', '.join('%s %d' % (vname.get(v, 'vector %d' % v), n)
                        for v, n in sorted(early_other.items())) or 'none'),
             sum(early_other.values())))
w = max(len(r[0]) for r in rows)
for r, n in rows:
    print('%-*s %6d' % (w, r, n))

print('\n#VEs by exit reason and phase: early gate; runtime gate with IDTR = idt_table')
print('(from idt_setup_early_traps() to trap_init()); runtime gate after that')
print('%-18s %8s %8s %8s %8s' % ('exit reason', 'early', 'setup', 'later', 'other'))
phase = collections.defaultdict(collections.Counter)
for e in ves:
    r = exit_reason(e)[0]
    r = ' '.join(r.split()[:2 if not r.startswith('48') else 3])
    gn = gate_name(e)
    ph = ('early' if gn == 'early' else 'other' if gn != 'runtime' else
          'setup' if e['idt'] == idt_table else 'later')
    phase[r][ph] += 1
for r in sorted(phase, key=lambda r: (not r[0].isdigit(), int(r.split()[0]) if r[0].isdigit() else 0, r)):
    c = phase[r]
    print('%-18s %8d %8d %8d %8d' % (r, c['early'], c['setup'], c['later'], c['other']))

print('\nfirst #VEs')
print('%3s  %-7s %-16s %-36s %-18s %s' % ('#', 'gate', 'RIP', 'symbol', 'exit reason', 'operand'))
for i, e in enumerate(ves[:int(__import__('os').environ.get('FIRST', '8'))], 1):
    r, d = exit_reason(e)
    print('%3d  %-7s %016x %-36s %-18s %s' % (i, gate_name(e), e['rip'], symbol(e['rip']), r, d))

print('\n#VEs by gate, exit reason and RIP symbol')
groups = collections.OrderedDict()
for e in ves:
    r, d = exit_reason(e)
    k = (gate_name(e), r, symbol(e['rip']))
    groups.setdefault(k, collections.Counter())[d] += 1
print('%6s  %-7s %-18s %-36s %s' % ('count', 'gate', 'exit reason', 'symbol', 'operands'))
for (gn, r, s), ops in sorted(groups.items(), key=lambda kv: -sum(kv[1].values())):
    o = ', '.join(sorted(x for x in ops if x))
    if len(ops) > 3:
        o = '%d distinct, %s ... %s' % (len(ops), min(ops), max(ops))
    print('%6d  %-7s %-18s %-36s %s' % (sum(ops.values()), gn, r, s, o))
EOF
