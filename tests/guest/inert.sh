#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest script (busybox sh), booted with kunit.enable=0 on a CPU that is
# not a TDX guest: the series must be inert there.  No #VE counter moves
# and the #VE tracepoint never fires, while the module's triggers run.
# Prints KTAP version 1.
ko=${1:-/lib/modules/tdx_ve_test.ko}
dbg=/sys/kernel/debug/tdx
ev=/sys/kernel/tracing/events/tdx/tdx_virtualization_exception
. "$(dirname "$0")/ktap.sh"

# Every number after the path name of every row is zero.
counters_zero() {
	awk '!/^#/ && $1 != "path" && NF > 1 && $1 ~ /^[a-z_]+$/ {
		for (i = 2; i <= NF; i++) if ($i !~ /^[0-9]+$/ || $i != 0) bad = 1; rows++
	} END { exit (rows >= 11 && !bad) ? 0 : 1 }' "$dbg/stats"
}

echo "KTAP version 1"
echo "1..7"
expect "not_a_tdx_guest" "! grep -qw tdx_guest_cpu /proc/cpuinfo"
expect "tracepoint_exists" "[ -f $ev/format ]"
expect "tracepoint_fields" "grep -q 'field:u64 gpa' $ev/format && grep -q 'field:u32 exit_reason' $ev/format && grep -q 'field:int ret' $ev/format"
expect "insmod" "insmod $ko"
echo 1 > $ev/enable 2>/dev/null
echo > /sys/kernel/tracing/trace 2>/dev/null
expect "counters_zero_at_boot" "counters_zero"
echo 1 > $dbg/selftest
cat $dbg/result/selftest > /tmp/selftest.ktap 2>&1
expect "counters_zero_after_triggers" "counters_zero"
expect "tracepoint_silent" "! grep -q tdx_virtualization_exception /sys/kernel/tracing/trace"
echo 0 > $ev/enable 2>/dev/null
rmmod tdx_ve_test
[ "$FAILED" -eq 0 ]
