#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest script (busybox sh) for Debian's stock cloud kernel booted as an
# emulated TD with tdx_ve_test.ko built against that kernel's headers
# (scripts/check-emu.sh): the module loads, counts #VEs with its own probe
# (the stock kernel has no series), and its selftest passes, whose
# ve_counts_match_emulator compares its counts with the emulator's per CPU,
# path and context over a run of every trigger that runs here.  KTAP.
. "$(dirname "$0")/ktap.sh"
D=/sys/kernel/debug/tdx

echo "KTAP version 1"
echo "1..4"
console_quiet
expect "module_loads" "insmod /lib/modules/tdx_ve_test.ko"
expect "counters_from_probe" "grep -q '^# source: probe' $D/stats"
echo 1 > $D/selftest 2>/dev/null
console_restore
diag "selftest: $(grep -cE '^(not )?ok [0-9]+ ' $D/result/selftest) cases, $(grep -c '^not ok' $D/result/selftest) not ok:"
grep -E "^not ok|^# [a-z_0-9]+: FAIL|^# ve_counts|^# probe" $D/result/selftest | sed "s/^/# /"
expect "selftest_compared_with_emulator" "grep -q '^# ve_counts_match_emulator: [0-9]* runs' $D/result/selftest"
expect "selftest_passes" "[ \$(grep -c '^not ok' $D/result/selftest) -eq 0 ]"
ktap_done 4
