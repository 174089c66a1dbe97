#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check: every gate, from a fresh machine to one verdict line.
#
# Usage: scripts/check.sh
#   Each stage writes its log to out/results/<stage>.log; a line there that
#   starts with "ok " or "FAIL " is one check.  The last line printed is
#   "N passed, N failed"; the exit status is non-zero if anything failed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

RES=$OUT/results
rm -rf "$RES"
mkdir -p "$RES" "$OUT"
: > "$OUT/times"
T0=$(date +%s)
broken=

# run STAGE CMD...: run a stage, keep its log, record a failure of the
# command itself as a check that failed.
run() {
	local name=$1 rc
	shift
	stage "$name" "$@" > "$RES/$name.log" 2>&1
	rc=$?
	grep -E '^(ok |FAIL )' "$RES/$name.log" | sed "s/^/  /" | grep '^  FAIL' || true
	if [ $rc -ne 0 ]; then
		echo "FAIL $name: exit status $rc (log: $RES/$name.log)" >> "$RES/$name.log"
		echo "  FAIL $name: exit status $rc"
		tail -n 15 "$RES/$name.log" | sed 's/^/    | /'
	fi
	return $rc
}

# A stage that only builds or prepares counts as one check.
step() {
	local name=$1
	shift
	if run "$name" "$@"; then
		echo "ok   $name" >> "$RES/$name.log"
	else
		broken=$name
	fi
}

boot_and_parse() {
	local name=$1 kernel=$2 initrd=$3 mode=$4
	shift 4
	local log=$BUILD/log/console-$name.log
	"$TOP/scripts/boot-qemu.sh" "$kernel" "$initrd" "$log" \
		"tdxve.mode=$mode" ${BOOT_ARGS:-}
	echo "console log: $log"
	python3 "$TOP/scripts/parse-results.py" --kunit-dir "$SRC/tools/testing/kunit" \
		--parser-log "$BUILD/log/kunit-parser-$name.log" "$@" "$log"
}

step deps "$TOP/scripts/deps.sh"
[ -z "$broken" ] && step import "$TOP/scripts/import-base.sh"
[ -z "$broken" ] && step apply "$TOP/scripts/apply-series.sh"
base_version 2>/dev/null | tee "$OUT/base-version"

if [ -z "$broken" ]; then
	run roundtrip "$TOP/scripts/test-roundtrip.sh"
	run apply-failure "$TOP/scripts/test-apply-failure.sh"
	run checkpatch "$TOP/scripts/checkpatch.sh"
	run docs "$TOP/scripts/check-docs.sh"
	run parser "$TOP/scripts/test-parser.sh"
	step kernel "$TOP/scripts/build-kernel.sh"
fi
if [ -z "$broken" ]; then
	run static "$TOP/scripts/check-static.sh"
	step module "$TOP/scripts/build-module.sh"
fi
if [ -z "$broken" ]; then
	step initramfs "$TOP/scripts/mkinitramfs.sh" "$BUILD/initramfs.cpio.gz" \
		"$BUILD/module/tdx_ve_test.ko"
fi
if [ -z "$broken" ]; then
	run boot "boot_and_parse" check "$BUILD/arch/x86/boot/bzImage" \
		"$BUILD/initramfs.cpio.gz" check
	BOOT_ARGS=kunit.enable=0 run inert "boot_and_parse" inert \
		"$BUILD/arch/x86/boot/bzImage" "$BUILD/initramfs.cpio.gz" inert --no-kunit
	run unpatched "$TOP/scripts/check-unpatched.sh"
	run bisect "$TOP/scripts/check-bisect.sh"
	run coverage "$TOP/scripts/check-coverage.sh"
fi

echo
echo "base: $(cat "$OUT/base-version" 2>/dev/null)"
echo "stage times:"
sed 's/^/  /' "$OUT/times"
printf '  %-28s %4ds\n' total $(( $(date +%s) - T0 ))
pass=$(cat "$RES"/*.log | grep -c '^ok ')
fail=$(cat "$RES"/*.log | grep -c '^FAIL ')
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ -z "$broken" ]
