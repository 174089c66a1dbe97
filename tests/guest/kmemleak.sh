#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest script (busybox sh) for the debug kernel (tdxve.mode=debug), run
# after guest-test.sh: the kernel's checkers are on, and once the module
# has been loaded, exercised and removed, kmemleak finds nothing of it.
# Prints KTAP version 1.  Every kmemleak report is printed as a '#'
# diagnostic, so parse-results.py also sees it ("unreferenced object").
ko=${1:-/lib/modules/tdx_ve_test.ko}
d=/sys/kernel/debug/tdx
kml=/sys/kernel/debug/kmemleak
. "$(dirname "$0")/ktap.sh"

echo "KTAP version 1"
echo "1..7"
# guest-test.sh empties the kernel log (dmesg -c): ask the kernel itself.
expect "kasan_on" "grep -qw kasan_report /proc/kallsyms"
expect "lockdep_on" "[ -e /proc/lockdep ]"
# kmemleak refuses every command but "clear" with EPERM once it is off.
expect "kmemleak_on" "[ -e $kml ] && echo scan=off > $kml"

# One more load, every trigger once (selftest) and unload, so that
# anything the module leaks on its paths is old enough to report.
grep -q '^tdx_ve_test ' /proc/modules && rmmod tdx_ve_test
expect "module_cycle" "insmod $ko && echo 1 > $d/selftest && cat $d/result/selftest > /tmp/kml-selftest && grep -q '^1\.\.' /tmp/kml-selftest && rmmod tdx_ve_test"

# kmemleak reports an object only if it was unreferenced for two scans and
# is older than 5 s.
sleep 6
t0=$(date +%s)
expect "kmemleak_scan" "echo scan > $kml && echo scan > $kml"
echo "# kmemleak: two scans took $(( $(date +%s) - t0 ))s"
cat $kml > /tmp/kml-report 2>/dev/null
leaks=$(grep -c '^unreferenced object' /tmp/kml-report)
echo "# kmemleak: $leaks suspected leak(s) in the whole kernel"
sed 's/^/# /' /tmp/kml-report
# A report names its backtrace; the module's symbols end in [tdx_ve_test].
expect "no_tdx_ve_test_leak" "! grep -q 'tdx_ve_test' /tmp/kml-report"
expect "no_tdx_leak" "! grep -qi 'tdx' /tmp/kml-report"
[ "$FAILED" -eq 0 ]
