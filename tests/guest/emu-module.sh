#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest script (busybox sh) for the test kernel booted as an emulated TD
# (scripts/check-emu.sh): tdx_ve_test.ko, with the kernel's counters,
# against the emulator's ground truth.  KTAP.
#  - the selftest passes, and its ve_counts_match_emulator compares the
#    kernel's counts since boot and over a run of every trigger on every
#    CPU with the #VEs the emulator injected, per CPU, path and context;
#  - every trigger that runs here, N=1000 (HLT and the refused ones
#    included): every operation raised exactly the #VEs expected of it on
#    its CPU (ve_check "exact"), the refused ones as failures;
#  - the tracepoint tdx:tdx_virtualization_exception, one trigger per
#    path: the events of the trigger's task grow by exactly one per
#    operation from a run of 100 to one of N, with the path's exit reason,
#    path and success, a RIP in module space and, for MMIO, a shared GPA
#    in the device's BAR; with the event off the counters still move and
#    nothing is written.
. "$(dirname "$0")/ktap.sh"
D=/sys/kernel/debug/tdx
T=/sys/kernel/tracing
EV=$T/events/tdx/tdx_virtualization_exception
COUNT=1000
# The shared bit of a 52-bit GPA width (TDG.VP.INFO's GPAW)
SHARED=$((1 << 51))

field() { awk -v k="$1:" '$1 == k { sub(/^[^:]*: /, ""); print; exit }' "$2"; }

# trace_run TRIGGER COUNT: run it with a fresh trace of this task's events
trace_run() {
	echo 0 > $T/tracing_on
	echo > $T/trace
	echo 1 > $T/tracing_on
	echo "$1 $2" > $D/run
	echo 0 > $T/tracing_on
}

# events: the #VE events in the trace
events() { grep -c 'tdx_virtualization_exception:' $T/trace; }

# matching PATH REASON [gpa]: the events with a RIP in module space
# (0xffffffffc0000000 up; the trigger's own, not an interrupt's) that
# are PATH's with its exit reason and success (the handler returns the
# instruction length); "all PATH" counts all module-RIP events, "gpa"
# prints the distinct GPAs of the matching ones
matching() {
	awk -v p="$1" -v r="$2" -v what="$3" '/tdx_virtualization_exception:/ {
		for (i = 1; i < NF; i++)
			v[$i] = $(i + 1)
		if (length(v["rip"]) != 18 || (v["rip"] "") < "0xffffffffc0000000")
			next
		if (p != "all" && (v["path"] != p || v["exit_reason"] != r ||
				   v["ret"] + 0 < 1))
			next
		n++
		if (what == "gpa" && !(v["gpa"] in seen)) {
			seen[v["gpa"]] = 1
			print v["gpa"]
		}
	} END { if (what != "gpa") print n + 0 }' $T/trace
}

# in_bar GPA: the GPA is shared and inside BAR 0 of the edu device
in_bar() {
	local res start end g
	res=$(grep -l 0x11e8 /sys/bus/pci/devices/*/device | head -n 1)
	res=$(head -n 1 "$(dirname "$res")/resource")
	start=$(($(echo "$res" | cut -d' ' -f1)))
	end=$(($(echo "$res" | cut -d' ' -f2)))
	g=$(($1))
	[ $((g & SHARED)) -ne 0 ] && g=$((g & ~SHARED)) &&
		[ "$g" -ge "$start" ] && [ "$g" -le "$end" ]
}

# trace_path TRIGGER PATH REASON: the tracepoint case of one path.  A
# run of 100 and one of COUNT operations (the same warm-up and set-up):
# the trigger's events, and the path's among them, grow by exactly
# COUNT - 100.  Interrupts between operations (and in HLT) can add #VEs
# of their own on this task: shown, not counted.
trace_path() {
	local n1 n2 m1 m2 g ok=1
	trace_run "$1" 100
	n1=$(matching all)
	m1=$(matching "$2" "$3")
	trace_run "$1" "$COUNT"
	n2=$(matching all)
	m2=$(matching "$2" "$3")
	diag "tracepoint $1: $n1 events ($m1 $2, exit_reason $3, ok) for 100 ops, $n2 ($m2) for $COUNT, $(($(events) - n2)) from interrupts"
	[ $((n2 - n1)) -eq $((COUNT - 100)) ] && [ $((m2 - m1)) -eq $((COUNT - 100)) ] || ok=
	for g in $(matching "$2" "$3" gpa); do
		case $2 in
		mmio_*) in_bar "$g" || { diag "$1: gpa $g is not edu's BAR 0 | shared"; ok=; } ;;
		*) [ "$g" = 0x0 ] || { diag "$1: gpa $g"; ok=; } ;;
		esac
	done
	[ -n "$ok" ]
}

# path_trigger PATH: the first trigger that runs here and raises one #VE
# on PATH alone
path_trigger() {
	awk -v p="$1" 'NR > 1 && $3 == p && $5 == "yes" { print $1; exit }' $D/list
}

echo "KTAP version 1"
console_quiet
if ! insmod /lib/modules/tdx_ve_test.ko hlt=1 allow_failing=1; then
	echo "1..1"
	not_ok module_loads
	exit 1
fi
TRIGGERS=$(awk 'NR > 1 && $3 != "-" && $5 == "yes" { print $1 }' $D/list)
PATHS="io_in:30 io_out:30 mmio_read:48 mmio_write:48 cpuid:10 rdmsr:31 wrmsr:32 hlt:12"
echo "1..$((4 + $(echo $TRIGGERS | wc -w) + 8 + 1))"
ok module_loads
expect "counters_from_kernel" "grep -q '^# source: kernel' $D/stats"

# The selftest (a write runs it)
echo 1 > $D/selftest 2>/dev/null
S=$D/result/selftest
diag "selftest: $(grep -cE '^(not )?ok [0-9]+ ' $S) cases, $(grep -c '^not ok' $S) not ok"
grep -E "^not ok|^# [a-z_0-9]+: FAIL|^# ve_counts" $S | sed "s/^/# /"
expect "selftest_passes" "[ \$(grep -c '^not ok' $S) -eq 0 ]"
expect "ve_counts_match_emulator" \
	"grep -qE '^ok [0-9]+ ve_counts_match_emulator\$' $S &&
	 grep -q '^# ve_counts_match_emulator: since boot: 0 mismatches' $S"

# Every trigger with a #VE, N times: exact
for t in $TRIGGERS; do
	echo "$t $COUNT" > $D/run 2>/dev/null
	c=$(field ve_check $D/result/$t)
	case $c in exact:*) ok "exact_$t" ;; *) diag "$t: $c"; not_ok "exact_$t" ;; esac
done

# The tracepoint, on: one trigger per path
echo 1 > $EV/enable
echo "common_pid == $$" > $EV/filter
for pr in $PATHS; do
	p=${pr%:*}
	t=$(path_trigger "$p")
	if [ -z "$t" ]; then
		not_ok "tracepoint_$p"
		diag "no trigger raises $p alone here"
		continue
	fi
	if trace_path "$t" "$p" "${pr#*:}"; then ok "tracepoint_$p"; else not_ok "tracepoint_$p"; fi
done
# ... and off: the counters move, nothing is written
echo 0 > $EV/enable
echo 0 > $EV/filter
trace_run cpuid_hv_base 100
expect "tracepoint_off_counts" \
	"[ \$(events) -eq 0 ] && field ve_check $D/result/cpuid_hv_base | grep -q '^exact: 1 cpuid'"
rmmod tdx_ve_test
console_restore
ktap_done $((4 + $(echo $TRIGGERS | wc -w) + 8 + 1))
