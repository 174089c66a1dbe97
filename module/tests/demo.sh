#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh [module.ko] - human-readable tour of tdx_ve_test.ko for
# "make demo": load it, show the #VE counters, run every trigger that can
# run here 1000 times (HLT 10 times), show each result, show the counters
# again.

KO=${1:-/lib/modules/tdx_ve_test.ko}
D=/sys/kernel/debug/tdx

grep -q '^tdx_ve_test ' /proc/modules && rmmod tdx_ve_test
insmod "$KO" hlt=1 || exit 1

echo "== $D/info"
cat "$D/info"
echo
echo "== $D/list"
cat "$D/list"
echo
echo "== $D/stats (before)"
cat "$D/stats"
echo

# One line per trigger; the full read-back of the first one shows the format.
first=
printf '%-20s %-14s %6s %-5s %-40s %8s %8s %8s\n' trigger paths done data \
	"#VE check" "p50 ns" "p99 ns" "p99.9 ns"
awk 'NR > 1 && $5 == "yes" { print $1 }' "$D/list" | while read -r t; do
	n=1000
	[ "$t" = hlt_sti ] && n=10
	echo "$t $n" > "$D/run"
	[ -z "$first" ] && [ "$t" != null ] && first=$t && cp "$D/result/$t" /tmp/demo.first
	awk -v t="$t" '
		{ k = $0; sub(/: .*/, "", k); sub(/^[^:]*: /, ""); v[k] = $0 }
		END {
			split(v["net_ns"], ns, " ")
			printf "%-20s %-14s %6s %-5s %-40.40s %8s %8s %8s\n", t, v["paths"],
				v["done"], v["data_check"], v["ve_check"], ns[2], ns[6], ns[8]
		}' "$D/result/$t"
done
echo
echo "== full read-back of one trigger:"
cat /tmp/demo.first 2>/dev/null
echo

echo "== $D/stats (after)"
cat "$D/stats"
echo
echo "== $D/emu_stats"
cat "$D/emu_stats"
if [ -x /bin/tdx-ve-stat ]; then
	echo
	echo "== tdx-ve-stat"
	tdx-ve-stat
fi
rmmod tdx_ve_test
