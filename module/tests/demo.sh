#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh [module.ko] - human-readable tour of tdx_ve_test.ko for
# "make demo": load it, show the #VE counters, fire every enabled trigger
# 1000 times (HLT 10 times), show each result, show the counters again.

KO=${1:-/lib/modules/tdx_ve_test.ko}
D=/sys/kernel/debug/tdx

grep -q '^tdx_ve_test ' /proc/modules && rmmod tdx_ve_test
insmod "$KO" hlt=1 || exit 1

echo "== $D/info"
cat "$D/info"
echo
echo "== $D/stats (before)"
cat "$D/stats"
echo

awk 'NR > 1 && $7 == 1 { print $1 }' "$D/list" | while read -r t; do
	n=1000
	[ "$t" = hlt_sti ] && n=10
	echo "== echo $n > $D/trigger/$t"
	echo "$n" > "$D/trigger/$t"
	cat "$D/trigger/$t"
	echo
done

echo "== $D/stats (after)"
cat "$D/stats"
if [ -x /bin/tdx-ve-stat ]; then
	echo
	echo "== tdx-ve-stat"
	tdx-ve-stat
fi
rmmod tdx_ve_test
