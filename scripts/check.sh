#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check: every gate, from a fresh machine to one verdict line.
#
# Usage: scripts/check.sh
#   Each stage writes its log to out/results/<stage>.log; a line there that
#   starts with "ok " or "FAIL " is one check.  The last line printed is
#   "N passed, N failed"; the exit status is non-zero if anything failed.
#   FULL=1 (make check-full) adds the slow gates: every patch linked on its
#   own, and the debug kernel (KASAN, UBSAN, lockdep, kmemleak).
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
	local name=$1 rc t0
	shift
	t0=$(date +%s)
	printf '==> %-14s ' "$name"
	stage "$name" "$@" > "$RES/$name.log" 2>&1
	rc=$?
	# A stage that only builds or prepares counts as one check.
	[ -n "${AS_STEP:-}" ] && [ $rc -eq 0 ] && echo "ok   $name" >> "$RES/$name.log"
	printf '%3d ok, %d failed  (%ds)\n' "$(grep -c '^ok ' "$RES/$name.log")" \
		"$(grep -c '^FAIL ' "$RES/$name.log")" $(( $(date +%s) - t0 ))
	grep -E '^(ok |FAIL )' "$RES/$name.log" | sed "s/^/  /" | grep '^  FAIL' || true
	if [ $rc -ne 0 ]; then
		echo "FAIL $name: exit status $rc (log: $RES/$name.log)" >> "$RES/$name.log"
		echo "  FAIL $name: exit status $rc"
		tail -n 15 "$RES/$name.log" | sed 's/^/    | /'
	fi
	return $rc
}

# step STAGE CMD...: a stage the later ones need; a failure stops them.
step() {
	AS_STEP=1 run "$@" || broken=$1
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
	run quilt "$TOP/scripts/test-quilt.sh"
	run checkpatch "$TOP/scripts/checkpatch.sh"
	run docs "$TOP/scripts/check-docs.sh"
	run parser "$TOP/scripts/test-parser.sh"
	step kernel "$TOP/scripts/build-kernel.sh"
fi
if [ -z "$broken" ]; then
	run static "$TOP/scripts/check-static.sh"
	step module "$TOP/scripts/build-module.sh"
	[ -z "$broken" ] && run shape "$TOP/scripts/check-module-shape.sh"
fi
if [ -z "$broken" ]; then
	step initramfs "$TOP/scripts/mkinitramfs.sh" "$BUILD/initramfs.cpio.gz" \
		"$BUILD/module/tdx_ve_test.ko" "$BUILD"/test-modules/*.ko
fi
if [ -z "$broken" ]; then
	run boot "boot_and_parse" check "$BUILD/arch/x86/boot/bzImage" \
		"$BUILD/initramfs.cpio.gz" check --expect kunit:60 --expect guest-test.sh:20
	BOOT_ARGS=kunit.enable=0 run inert "boot_and_parse" inert \
		"$BUILD/arch/x86/boot/bzImage" "$BUILD/initramfs.cpio.gz" inert --no-kunit
	run unpatched "$TOP/scripts/check-unpatched.sh"
	run modsig "$TOP/scripts/check-module-sig.sh"
	run matrix "$TOP/scripts/check-module-matrix.sh"
	run bisect "$TOP/scripts/check-bisect.sh"
	run coverage "$TOP/scripts/check-coverage.sh"
	run stress "$TOP/scripts/check-stress.sh"
	run qemu-series "$TOP/scripts/check-qemu-series.sh"
	run emu "$TOP/scripts/check-emu.sh"
	[ -n "${FULL:-}" ] && run debug "$TOP/scripts/check-debug.sh"
fi

echo
[ -f "$BUILD/log/console-check.log" ] && "$TOP/scripts/figures.sh" "$BUILD/log/console-check.log"
grep -h '^coverage: ' "$RES/coverage.log" 2>/dev/null
grep -h '^bisect: ' "$RES/bisect.log" 2>/dev/null
echo
cat "$OUT/base-version" 2>/dev/null
echo "stage times:"
sed 's/^/  /' "$OUT/times"
printf '  %-28s %4ds\n' total $(( $(date +%s) - T0 ))
pass=$(cat "$RES"/*.log | grep -c '^ok ')
fail=$(cat "$RES"/*.log | grep -c '^FAIL ')
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ -z "$broken" ]
