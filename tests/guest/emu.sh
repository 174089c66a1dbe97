#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest script (busybox sh) for the test kernel booted as an emulated TD
# (scripts/check-emu.sh): the kernel is a TDX guest there and every #VE is
# real.  Prints KTAP version 1; the emulator's own KUnit suite
# (tdx_emu_test.ko) follows in the next segment.
. "$(dirname "$0")/ktap.sh"
# tdxve.cpus=N on the kernel command line: the vCPUs the TD was given
cpus=$(sed -n 's/.*tdxve\.cpus=\([0-9]*\).*/\1/p' /proc/cmdline)
cpus=${cpus:-1}

# handled FILE PATH: the kernel_handled count of PATH in a #VE table
handled() {
	awk -v p="$2" '$1 == p { print $5 }' "$1"
}
stats=/sys/kernel/debug/x86/tdx/ve_stats
[ -f $stats ] || stats=/sys/kernel/debug/tdx/stats

echo "KTAP version 1"
echo "1..9"
expect "tdx_guest_detected" "dmesg | grep -q 'tdx: Guest detected'"
expect "memory_encryption_is_tdx" "dmesg | grep -q 'Memory Encryption Features active: Intel TDX'"
expect "cpuinfo_tdx_guest" "grep -qw tdx_guest_cpu /proc/cpuinfo || grep -qw tdx_guest /proc/cpuinfo"
expect "cpus_up_$cpus" "[ \$(grep -c ^processor /proc/cpuinfo) -eq $cpus ]"
expect "pci_through_ve" "grep -qx 0x1234 /sys/bus/pci/devices/*/vendor"
[ -f $stats ] || insmod /lib/modules/tdx_ve_test.ko
# Counting with its own probe the module sees #VEs from its load on only:
# run a CPUID, an RDMSR and a WRMSR trigger (on any kernel, harmless)
# (on a kernel with the series the boot's own #VEs are counted already)
run=/sys/kernel/debug/tdx/run
for t in cpuid_hv_base msr_rd_apicbase msr_wr_misc_features; do
	[ -w $run ] && echo "$t 10" > $run
done
diag "#VE counters ($stats):"
sed 's/^/# /' $stats
expect "io_counted" "[ \"\$(handled $stats io_out)\" -gt 0 ] && [ \"\$(handled $stats io_in)\" -gt 0 ]"
expect "cpuid_counted" "[ \"\$(handled $stats cpuid)\" -gt 0 ]"
expect "msr_counted" "[ \"\$(handled $stats rdmsr)\" -gt 0 ] && [ \"\$(handled $stats wrmsr)\" -gt 0 ]"
grep -q '^tdx_ve_test ' /proc/modules && rmmod tdx_ve_test
# The emulator's own counts (ground truth: the #VEs it injected) next to
# them.  tdx_emu_test.ko runs its KUnit suite on load (emu-kunit.sh reports
# it): keep its console lines out of this KTAP document.
console_quiet
insmod /lib/modules/tdx_emu_test.ko
emu=/sys/kernel/debug/tdx_emu/counts
diag "#VEs the emulator injected, all vCPUs ($emu):"
sed 's/^/# /' $emu
expect "emulator_counts_read" "[ \"\$(awk '\$1 == \"io_out\" { print \$2 }' $emu)\" -gt 0 ]"
rmmod tdx_emu_test
console_restore
ktap_done 9
