#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest script (busybox sh) for the early-window probe kernel booted as an
# emulated TD (scripts/check-early-probe.sh): the early #VE counters, the
# "early" columns of ve_stats, hold exactly the #VEs the probe raised
# (tests/kernel/early-probe.patch), or none without tdxve.early_probe on
# the command line; and the kernel's counts since boot equal the #VEs the
# emulator injected (tdx_ve_test.ko's selftest).  KTAP.
#
# The expectation is the series' early handler without "Handle MMIO and
# the other exit reasons in the early #VE handler": port I/O is emulated,
# anything else is refused (failed_guest) and the probe's exception table
# entry takes the fault.  A refused MMIO #VE is not decoded, so it counts
# as mmio_unsupported.  Hard-coded, not read from the kernel: a handler
# that handles or refuses the wrong thing must fail here.
. "$(dirname "$0")/ktap.sh"
stats=/sys/kernel/debug/x86/tdx/ve_stats
# X86_TRAP_VE
VE=20

probe=
case " $(cat /proc/cmdline) " in *" tdxve.early_probe "*) probe=1 ;; esac

# The expected early counts, "path handled failed_vmm failed_guest"; every
# path not listed: 0 0 0
if [ -n "$probe" ]; then
	EXPECT="io_in 1 0 0
cpuid 0 0 1
mmio_unsupported 0 0 1"
else
	EXPECT=
fi

# early PATH: the early_handled, early_failed_vmm, early_failed_guest
# counts of PATH, by the header's column names
early() {
	awk -v p="$1" 'NR == 1 { for (i = 2; i <= NF; i++) col[$i] = i; next }
		$1 == p { print $col["early_handled"], $col["early_failed_vmm"],
			  $col["early_failed_guest"] }' $stats
}

# The emulator's side: tdx_ve_test.ko's selftest compares the kernel's
# counts since boot (early ones as kernel-mode) with the #VEs the emulator
# injected, per CPU, path and context
D=/sys/kernel/debug/tdx
emulator_agrees() {
	console_quiet
	insmod /lib/modules/tdx_ve_test.ko || { console_restore; return 1; }
	echo 1 > $D/selftest 2>/dev/null
	grep '^# ve_counts_match_emulator: since boot' $D/result/selftest
	grep -q '^# ve_counts_match_emulator: since boot: 0 mismatches' $D/result/selftest
	set -- $?
	rmmod tdx_ve_test
	console_restore
	return "$1"
}

# probe_line OP RESULT: the probe's own report of OP, at boot
probe_line() { dmesg | grep -qF "tdx_early_probe: $1: $2"; }

echo "KTAP version 1"
paths=$(awk 'NR > 1 { print $1 }' $stats 2>/dev/null)
npaths=$(awk 'NR > 1' $stats 2>/dev/null | wc -l)
echo "1..$((5 + npaths))"
expect "tdx_guest_detected" "dmesg | grep -q 'tdx: Guest detected'"
expect "ve_stats_paths" "[ $npaths -gt 0 ]"
diag "early #VE counts (path handled failed_vmm failed_guest):"
for p in $paths; do
	diag "  $p $(early "$p")"
done
if [ -n "$probe" ]; then
	dmesg | grep 'tdx_early_probe: ' | sed 's/^/# /'
	expect "probe_io_emulated" "dmesg | grep -q 'tdx_early_probe: in port 0x80: completed, value '"
	expect "probe_cpuid_mmio_fixed_up" \
		"probe_line 'cpuid 0x40000000' 'trap $VE, fixed up' &&
		 probe_line 'mmio read 0xfed00000 (shared)' 'trap $VE, fixed up'"
else
	expect "probe_not_enabled" "dmesg | grep -qF 'tdx_early_probe: not enabled (tdxve.early_probe)'"
	expect "probe_raised_nothing" "! dmesg | grep -qE 'tdx_early_probe: .*(completed|fixed up)'"
fi
# One case per path: its three early counts, exactly
for p in $paths; do
	want=$(echo "$EXPECT" | awk -v p="$p" '$1 == p { print $2, $3, $4 }')
	want=${want:-0 0 0}
	got=$(early "$p")
	[ "$got" = "$want" ] || diag "early $p: $got, expected $want"
	expect "early_$p" "[ \"$got\" = \"$want\" ]"
done
expect "emulator_agrees_since_boot" emulator_agrees
ktap_done $((5 + npaths))
