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

# One line per trigger; the full read-back of the first one shows the format.
first=1
printf '%-18s %-10s %6s %-7s %-28s %9s %9s\n' trigger path count data "#VE check" \
	"p50 ns" "p99 ns"
awk 'NR > 1 && $7 == 1 { print $1 }' "$D/list" | while read -r t; do
	n=1000
	[ "$t" = hlt_sti ] && n=10
	echo "$n" > "$D/trigger/$t"
	cat "$D/trigger/$t" > /tmp/demo.result
	[ $first = 1 ] && cp /tmp/demo.result /tmp/demo.first
	first=0
	awk -v t="$t" -F': ' '
		{ v[$1] = $2 }
		END {
			split(v["net_ns"], ns, " ")
			printf "%-18s %-10s %6s %-7s %-28s %9s %9s\n", t, v["path"],
				v["done"], v["data_check"], v["ve_check"], ns[4], ns[6]
		}' /tmp/demo.result
done
echo
echo "== full read-back of the first trigger:"
cat /tmp/demo.first
echo

echo "== $D/stats (after)"
cat "$D/stats"
if [ -x /bin/tdx-ve-stat ]; then
	echo
	echo "== tdx-ve-stat"
	tdx-ve-stat
fi
rmmod tdx_ve_test
