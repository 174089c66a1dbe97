#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest script: intel/lkvs tdx-compliance also creates debugfs tdx/.  With
# a stand-in owner loaded, tdx_ve_test.ko must refuse to load (EEXIST, one
# log line) and leave the other owner's directory alone.  KTAP.
dir=/lib/modules
. "$(dirname "$0")/ktap.sh"

echo "KTAP version 1"
echo "1..5"
expect other_owner_loads "insmod $dir/tdx_debugfs_holder.ko"
out=$(insmod "$dir/tdx_ve_test.ko" 2>&1)
rc=$?
diag "insmod: $out"
check refuses_with_eexist "$([ $rc -ne 0 ] && echo "$out" | grep -q 'File exists'; echo $?)"
expect says_why "dmesg | grep -q 'debugfs directory tdx/ already exists'"
expect other_owner_intact "[ \"\$(cat /sys/kernel/debug/tdx/owner)\" = 42 ]"
expect other_owner_unloads "rmmod tdx_debugfs_holder && [ ! -e /sys/kernel/debug/tdx ]"
ktap_done 5
