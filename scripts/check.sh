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

# The gates of one base (BASE=7.3: patches/, the mainline series;
# BASE=6.12: patches/stable-6.12/, the LTS backport), run in a subshell
# with lib.sh's paths derived for that base.  Stage names get the suffix
# $1 ("" for mainline, "-6.12").  The module's boots run on $MODULE_BASE
# only; the other base boots its KUnit suites alone.
check_base() {
	local sfx=$1
	step import$sfx "$TOP/scripts/import-base.sh"
	[ -z "$broken" ] && step apply$sfx "$TOP/scripts/apply-series.sh"
	base_version 2>/dev/null | tee -a "$OUT/base-version"
	[ -z "$broken" ] || return 1

	run roundtrip$sfx "$TOP/scripts/test-roundtrip.sh"
	[ -z "$sfx" ] && run apply-failure "$TOP/scripts/test-apply-failure.sh"
	run quilt$sfx "$TOP/scripts/test-quilt.sh"
	run fixes-alone$sfx "$TOP/scripts/test-fixes-alone.sh"
	# The module's files with the checkpatch of the tree the module runs on
	run checkpatch$sfx "$TOP/scripts/checkpatch.sh" \
		$([ "$BASE" = "$MODULE_BASE" ] || echo --patches-only)
	run docs$sfx "$TOP/scripts/check-docs.sh"
	[ -z "$sfx" ] && run parser "$TOP/scripts/test-parser.sh"
	step kernel$sfx "$TOP/scripts/build-kernel.sh"
	[ -z "$broken" ] || return 1
	run static$sfx "$TOP/scripts/check-static.sh"

	local kernel=$BUILD/arch/x86/boot/bzImage initrd=$BUILD/initramfs.cpio.gz
	if [ "$BASE" = "$MODULE_BASE" ]; then
		step module$sfx "$TOP/scripts/build-module.sh"
		[ -z "$broken" ] && run shape "$TOP/scripts/check-module-shape.sh"
		[ -z "$broken" ] && step initramfs$sfx "$TOP/scripts/mkinitramfs.sh" "$initrd" \
			"$BUILD/module/tdx_ve_test.ko" "$BUILD"/test-modules/*.ko
		[ -z "$broken" ] || return 1
		run boot$sfx boot_and_parse check "$kernel" "$initrd" check \
			--expect "kunit:$KUNIT_MIN" --expect guest-test.sh:20
		BOOT_ARGS=kunit.enable=0 run inert$sfx boot_and_parse inert \
			"$kernel" "$initrd" inert --no-kunit
		run unpatched$sfx "$TOP/scripts/check-unpatched.sh"
		run modsig "$TOP/scripts/check-module-sig.sh"
		run matrix "$TOP/scripts/check-module-matrix.sh"
	else
		step initramfs$sfx "$TOP/scripts/mkinitramfs.sh" "$initrd"
		[ -z "$broken" ] || return 1
		run boot$sfx boot_and_parse check "$kernel" "$initrd" kunit \
			--expect "kunit:$KUNIT_MIN"
	fi
	run bisect$sfx "$TOP/scripts/check-bisect.sh"
	run coverage$sfx "$TOP/scripts/check-coverage.sh"
	if [ "$BASE" = "$MODULE_BASE" ]; then
		run stress$sfx "$TOP/scripts/check-stress.sh"
		# The emulated TD: the test kernel of this base, Debian's stock 6.12
		run emu "$TOP/scripts/check-emu.sh"
		run early-probe "$TOP/scripts/check-early-probe.sh"
		run hostile "$TOP/scripts/check-hostile.sh"
		# Figures, not verdicts: the stage fails only if none come out
		AS_STEP=1 run cost "$TOP/scripts/bench-ve-cost.sh"
		[ -n "${FULL:-}" ] && run debug$sfx "$TOP/scripts/check-debug.sh"
	fi
	[ -z "$broken" ]
}

# The bases to check, mainline first (BASES=6.12 make check: the backport
# alone)
BASES=${BASES:-7.3 6.12}
# The module's boots and the emulated TD's run on one base: the 6.12
# backport, until 7.3's checkpatch accepts the module (README.md, "Other
# targets"); the matrix stage builds the module against 7.3 all the same.
MODULE_BASE=${MODULE_BASE:-6.12}
# KUnit cases every boot must report at least: the eight suites of either
# series have 140 (tdx_ve_io 20, tdx_ve_mmio 62, tdx_ve_insn 24,
# tdx_ve_stats 4, tdx_ve_early 11, tdx_ve_stress 2, tdx_ve_bench 1,
# sev_vc_mmio 16); a suite that goes missing takes the count below it.
KUNIT_MIN=${KUNIT_MIN:-140}

step deps "$TOP/scripts/deps.sh"
# The emulator and the stock kernel, fetched and built in the background
# on what CPU the kernel builds leave idle (scripts/prefetch.sh); the
# stages that need them wait for it.  Its log: out/prefetch.log.
prefetch=
if [ -z "$broken" ]; then
	nice -n 19 "$TOP/scripts/prefetch.sh" > "$OUT/prefetch.log" 2>&1 &
	prefetch=$!
	trap 'kill "$prefetch" 2>/dev/null' EXIT
fi
: > "$OUT/base-version"
for b in $BASES; do
	[ -z "$broken" ] || break
	sfx=-$b
	[ "$b" = 7.3 ] && sfx=
	# BASE exported: every script a stage runs derives its paths from it
	(base_reset; export BASE=$b; . "$TOP/scripts/lib.sh"; check_base "$sfx") || broken=$b
done
# The emulator's QEMU series, whatever the kernel base
[ -z "$broken" ] && run qemu-series "$TOP/scripts/check-qemu-series.sh"

if [ -n "$prefetch" ]; then
	wait "$prefetch" || echo "prefetch failed (the stages did its work; see $OUT/prefetch.log)"
	grep -h '^prefetch: ' "$OUT/prefetch.log"
	trap - EXIT
fi

echo
figs=$OUT/$MODULE_BASE/build/log/console-check.log
[ -f "$figs" ] && echo "figures from the $MODULE_BASE test kernel:" &&
	"$TOP/scripts/figures.sh" "$figs"
for b in $BASES; do
	sfx=-$b
	[ "$b" = 7.3 ] && sfx=
	grep -h '^coverage: ' "$RES/coverage$sfx.log" 2>/dev/null | sed "s/^coverage:/coverage ($b):/"
	grep -h '^bisect: ' "$RES/bisect$sfx.log" 2>/dev/null | sed "s/^bisect:/bisect ($b):/"
	[ -f "$RES/boot$sfx.log" ] && printf 'kunit (%s): %d cases ok, %d failed (%s)\n' "$b" \
		"$(grep -cE '^ok   kunit: [^ ]+\.' "$RES/boot$sfx.log")" \
		"$(grep -cE '^FAIL kunit: [^ ]+\.' "$RES/boot$sfx.log")" \
		"$(grep -oE '^ok   kunit: [a-z_]+' "$RES/boot$sfx.log" | sort | uniq -c |
			awk '{ printf "%s%s %d", sep, $3, $1; sep = ", " }')"
done
echo "module boots (tdx_ve_test.ko) ran on $MODULE_BASE"
# The cost of a #VE, in instructions, as bench-ve-cost.sh printed it
sed -n '/^# The cost of a #VE/,$p' "$RES/cost.log" 2>/dev/null | grep -v '^ok '
echo
cat "$OUT/base-version" 2>/dev/null
echo "stage times:"
sed 's/^/  /' "$OUT/times"
printf '  %-28s %4ds\n' total $(( $(date +%s) - T0 ))
pass=$(cat "$RES"/*.log | grep -c '^ok ')
fail=$(cat "$RES"/*.log | grep -c '^FAIL ')
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ -z "$broken" ]
