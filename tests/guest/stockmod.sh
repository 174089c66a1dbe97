#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest script (busybox sh) for Debian's stock cloud kernel booted as an
# emulated TD with tdx_ve_test.ko built against that kernel's headers
# (scripts/check-emu.sh): the module loads, counts #VEs with its own probe
# (the stock kernel has no series), and its selftest runs, whose
# ve_counts_match_emulator compares its counts with the emulator's per CPU,
# path and context over a run of every trigger that runs here.  KTAP.
# The selftest's cases are shown, not judged here: under a loaded host
# the probe (a kretprobe) can miss #VEs (probe_missed_none) and the 1.5
# model answers CPUID above the maximum leaf without a #VE, which
# cpuid_above_max does not expect (Documentation/emulator.rst).
. "$(dirname "$0")/ktap.sh"
D=/sys/kernel/debug/tdx

echo "KTAP version 1"
echo "1..3"
console_quiet
expect "module_loads" "insmod /lib/modules/tdx_ve_test.ko"
expect "counters_from_probe" "grep -q '^# source: probe' $D/stats"
echo 1 > $D/selftest 2>/dev/null
console_restore
diag "selftest: $(grep -cE '^(not )?ok [0-9]+ ' $D/result/selftest) cases, $(grep -c '^not ok' $D/result/selftest) not ok:"
grep -E "^not ok|^# [a-z_0-9]+: FAIL|^# ve_counts|^# probe" $D/result/selftest | sed "s/^/# /"
expect "selftest_compared_with_emulator" "grep -q '^# ve_counts_match_emulator: [0-9]* runs' $D/result/selftest"
ktap_done 3
