#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest script (busybox sh) on the unpatched base kernel: the module loads,
# its triggers work and stats says the kernel lacks the series.  KTAP.
ko=${1:-/lib/modules/tdx_ve_test.ko}
d=/sys/kernel/debug/tdx
. "$(dirname "$0")/ktap.sh"

echo "KTAP version 1"
echo "1..6"
expect "no_stats_api_in_kernel" "! grep -q tdx_ve_stats_read /proc/kallsyms"
expect "insmod" "insmod $ko"
expect "stats_not_available" "grep -qx 'stats: not available (kernel lacks the tdx-ve series)' $d/stats"
expect "info_says_no_api" "grep -Eq '^stats_api +(no|0|absent|unavailable)' $d/info"
expect "trigger_runs" "echo 100 > $d/trigger/mmio_read32 && grep -q 'data_check: ok' $d/trigger/mmio_read32"
expect "rmmod" "rmmod tdx_ve_test"
[ "$FAILED" -eq 0 ]
