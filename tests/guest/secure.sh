#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest script (busybox sh) for scripts/check-module-sig.sh: booted with
# module.sig_enforce=1 lockdown=integrity.  The unsigned module is refused
# with the documented message; the module signed with sign-file loads; under
# lockdown the write files are refused, and run=, selftest=1 and the
# read-only files give the results.  Prints KTAP version 1.
d=/sys/kernel/debug/tdx
m=/lib/modules
. "$(dirname "$0")/ktap.sh"

echo "KTAP version 1"
echo "1..12"
console_quiet
mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
diag "lockdown: $(cat /sys/kernel/security/lockdown 2>&1)"
expect "lockdown_integrity" "grep -q '\[integrity\]' /sys/kernel/security/lockdown"
expect "sig_enforce" "grep -qx Y /sys/module/module/parameters/sig_enforce"

dmesg -c > /tmp/klog
if insmod $m/tdx_ve_test.ko 2> /tmp/err; then
	rmmod tdx_ve_test
	not_ok "unsigned_refused"
else
	diag "unsigned: $(cat /tmp/err)"
	expect "unsigned_refused" "grep -q 'Key was rejected by service' /tmp/err &&
		dmesg | grep -q 'Loading of unsigned module is rejected'"
fi

expect "signed_loads" "insmod $m/tdx_ve_test-signed.ko run=pci_cfg_read:100,pci_ecam_read:100,cpuid_hv_base:100 selftest=1"
expect "info_says_lockdown" "grep -qx 'lockdown_debugfs restricted' $d/info"
expect "module_says_how" "dmesg | grep -q 'tdx_ve_test: lockdown: debugfs files with a write bit cannot be opened'"
err=$( { echo cpuid_hv_base 10 > $d/run; } 2>&1 )
diag "run under lockdown: $err"
check "run_refused" "$(echo "$err" | grep -q 'Operation not permitted'; echo $?)"
expect "read_only_files" "cat $d/stats $d/info $d/list $d/emu_stats > /dev/null"
expect "load_time_run" "grep -qx 'status: ok' $d/result/pci_cfg_read &&
	grep -qx 'status: ok' $d/result/pci_ecam_read &&
	grep -qx 'status: ok' $d/result/cpuid_hv_base"
cat $d/result/selftest > /tmp/selftest
diag "selftest: $(grep -c '^ok' /tmp/selftest) ok, $(grep -c '^not ok' /tmp/selftest) not ok"
grep '^not ok\|^# ' /tmp/selftest | head -n 20 | sed 's/^/# /'
expect "load_time_selftest" "grep -q '^KTAP version 1' /tmp/selftest &&
	! grep -q '^not ok' /tmp/selftest && [ \$(grep -c '^ok' /tmp/selftest) -ge 40 ]"
expect "rmmod" "rmmod tdx_ve_test"
dmesg >> /tmp/klog
splat_free "dmesg_clean" /tmp/klog
console_restore
ktap_done 12
