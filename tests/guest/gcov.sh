#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest script: after the KUnit suites ran at boot, print the gcov data of
# the profiled objects, base64-encoded between markers, for
# scripts/check-coverage.sh; then one KTAP case saying whether any was found.
n=0
for f in $(find /sys/kernel/debug/gcov -name '*.gcda' 2>/dev/null); do
	echo "TDXVE-GCDA-BEGIN ${f#/sys/kernel/debug/gcov}"
	base64 "$f"
	echo "TDXVE-GCDA-END"
	n=$((n + 1))
done
echo "KTAP version 1"
echo "1..1"
if [ $n -gt 0 ]; then echo "ok 1 gcov_data_found"; else echo "not ok 1 gcov_data_found"; fi
