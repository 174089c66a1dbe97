#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest script (busybox sh) on the unpatched base kernel: the module loads,
# counts #VEs with its own kretprobe (none here: not a TDX guest), runs its
# triggers, and says where its counts come from.  KTAP.
ko=${1:-/lib/modules/tdx_ve_test.ko}
d=/sys/kernel/debug/tdx
. "$(dirname "$0")/ktap.sh"

# Every number after the path name of every row is zero.
counters_zero() {
	awk '/^#/ || $1 == "path" { next }
	     { rows++; for (i = 2; i <= NF; i++) if ($i != 0) bad = 1 }
	     END { exit (rows == 11 && !bad) ? 0 : 1 }' $d/stats
}

echo "KTAP version 1"
echo "1..9"
expect "no_stats_api_in_kernel" "! grep -q tdx_ve_stats_read /proc/kallsyms"
expect "insmod" "insmod $ko"
expect "stats_from_probe" "head -n 1 $d/stats | grep -q '^# source: probe (kretprobe on tdx_handle_virt_exception()'"
expect "info_says_probe" "grep -qx 'counters probe' $d/info"
expect "trigger_runs" "echo pci_cfg_read 100 > $d/run && grep -qx 'data_check: ok' $d/result/pci_cfg_read &&
	grep -qx 've_source: probe' $d/result/pci_cfg_read"
expect "probe_counts_nothing_natively" "counters_zero"
expect "rmmod" "rmmod tdx_ve_test"
expect "counters_none" "insmod $ko counters=none &&
	grep -qx 'stats: not available (counters=none)' $d/stats &&
	echo cpuid_hv_base 10 > $d/run && grep -q '^ve_check: unknown: no #VE counters' $d/result/cpuid_hv_base"
expect "rmmod_again" "rmmod tdx_ve_test"
[ "$FAILED" -eq 0 ]
