#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest script (busybox sh) for a kernel booted as an emulated TD whose VMM
# answers adversarially (QEMU tdx-emu-hostile=<seed>, scripts/check-hostile.sh):
# the kernel booted through it, and tdx_emu_hostile.ko (its KUnit suite
# runs on load; hostile-kunit.sh prints the results) leaves no splat.  The
# kernel's #VE counters, where the series provides them, are printed before
# and after.  Prints KTAP version 1.
. "$(dirname "$0")/ktap.sh"
cpus=$(sed -n 's/.*tdxve\.cpus=\([0-9]*\).*/\1/p' /proc/cmdline)
cpus=${cpus:-1}
stats=/sys/kernel/debug/x86/tdx/ve_stats
ko=/lib/modules/tdx_emu_hostile.ko
res=/sys/kernel/debug/kunit/tdx_emu_hostile/results

echo "KTAP version 1"
echo "1..5"
expect "tdx_guest_detected" "dmesg | grep -q 'tdx: Guest detected'"
expect "cpus_up_$cpus" "[ \$(grep -c ^processor /proc/cpuinfo) -eq $cpus ]"
if [ -f $stats ]; then
	diag "#VE counters at boot ($stats):"
	sed 's/^/# /' $stats
else
	diag "no $stats: a kernel without the tdx-ve series"
fi
dmesg -c > /tmp/klog
expect "insmod_runs_suite" "insmod $ko && cp $res /tmp/hostile.ktap && rmmod tdx_emu_hostile"
dmesg > /tmp/klog-test
cat /tmp/klog-test >> /tmp/klog
if [ -f $stats ]; then
	diag "#VE counters after the suite ($stats):"
	sed 's/^/# /' $stats
fi
grep 'tdx_emu_hostile: seed' /tmp/klog-test | sed 's/^.*\(tdx_emu_hostile: \)/# TDXVE-HOSTILE \1/'
expect "summary_line" "grep -q 'tdx_emu_hostile: seed [1-9]' /tmp/klog-test"
splat_free "no_splat" /tmp/klog
ktap_done 5
