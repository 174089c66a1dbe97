#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every patch of the series must build on its own.
#
# Usage: scripts/check-bisect.sh   (after scripts/apply-series.sh)
#   Walks the series one commit at a time in the base clone (out/base) and
#   puts the clone back at the base afterwards.  The series options
#   (configs/tdx-ve-series.config) are merged from the commit that adds
#   their Kconfig symbols on.
#
#   FULL=1 (make check-full): every commit gets an incremental build of the
#   whole kernel (bzImage and modules, modpost section mismatches fail it)
#   and then W=1 on the directories the series touches: about 18 s a patch.
#   Otherwise (make check): every commit's touched directories are compiled
#   with W=1 (the objects, not the link): about 5 s a patch, in a build
#   directory that is only configured first.  The full series is linked by
#   the main build either way.  A commit that passed before with the same
#   tree, base, configuration and compiler is not built again ([cached];
#   NOCACHE=1 builds every one).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

base=$(base_ref)
base_checkout "$base" || die "cannot check out the base"
git -C "$BASE_SRC" fetch -q "$SRC" "$WORK_BRANCH" || die "cannot fetch the series"
trap 'base_checkout "$base"' EXIT

i=0
for c in $(git -C "$BASE_SRC" rev-list --reverse "$base"..FETCH_HEAD); do
	i=$((i + 1))
	subj=$(git -C "$BASE_SRC" log -1 --format=%s "$c")
	# A commit whose tree passed with the same base, configuration,
	# scripts and compiler passes again (lib.sh, verdict_key)
	key=$(verdict_key "$(git -C "$BASE_SRC" rev-parse "$base^{tree}" "$c^{tree}")" \
		"FULL=${FULL:-}" "$TOP/configs/tdx-ve-test.config" \
		"$TOP/configs/tdx-ve-series.config" "$TOP/scripts/check-bisect.sh" \
		"$TOP/scripts/build-kernel.sh" "$(gcc --version | head -n 1)")
	if verdict_get "bisect-$BASE" "$key" >/dev/null; then
		echo "ok   bisect: patch $i passed before, same tree and inputs [cached]: $subj"
		continue
	fi
	base_checkout "$c"
	# The options of configs/tdx-ve-series.config that this commit has
	frags=("$TOP/configs/tdx-ve-test.config")
	for l in $(grep '^CONFIG_.*=y$' "$TOP/configs/tdx-ve-series.config"); do
		sym=${l%%=*}
		grep -q "^config ${sym#CONFIG_}\$" "$BASE_SRC/arch/x86/Kconfig" && echo "$l"
	done > "$BOUT/bisect-series.config"
	[ -s "$BOUT/bisect-series.config" ] && frags+=("$BOUT/bisect-series.config")
	# ... and the configuration lacks
	want=$(grep -vxF -f "$BASE_BUILD/.config" "$BOUT/bisect-series.config" 2>/dev/null)
	t0=$(date +%s)
	# The directories of the C files the series has touched so far
	dirs=$(git -C "$BASE_SRC" diff --name-only "$base" "$c" -- '*.c' |
		xargs -r -n1 dirname | sort -u | sed 's|$|/|')
	if [ -n "${FULL:-}" ]; then
		what="builds"
		if ! out=$(SRC=$BASE_SRC BUILD=$BASE_BUILD "$TOP/scripts/build-kernel.sh" "${frags[@]}" 2>&1); then
			echo "$out" | tail -n 20 | sed 's/^/    /'
			echo "FAIL bisect: patch $i builds: $subj"
			continue
		fi
	elif [ ! -f "$BASE_BUILD/.config" ]; then
		what="compiles (W=1, ${dirs//$'\n'/ })"
		if ! out=$(CONFIG_ONLY=1 SRC=$BASE_SRC BUILD=$BASE_BUILD "$TOP/scripts/build-kernel.sh" "${frags[@]}" 2>&1); then
			echo "$out" | tail -n 20 | sed 's/^/    /'
			echo "FAIL bisect: patch $i configures: $subj"
			continue
		fi
	else
		what="compiles (W=1, ${dirs//$'\n'/ })"
		# Configure only (fast when the fragments did not change)
		out=$(make -s -C "$BASE_SRC" O="$BASE_BUILD" ARCH=x86_64 olddefconfig 2>&1) || {
			echo "$out" | sed 's/^/    /'; echo "FAIL bisect: patch $i configures: $subj"; continue; }
		if [ -n "$want" ]; then
			(cd "$BASE_BUILD" && "$BASE_SRC/scripts/kconfig/merge_config.sh" -m -O "$BASE_BUILD" \
				"$BASE_BUILD/.config" "${frags[@]}" >/dev/null 2>&1)
			make -s -C "$BASE_SRC" O="$BASE_BUILD" ARCH=x86_64 olddefconfig >/dev/null 2>&1
		fi
	fi
	# Warnings in the files the series touched, and any failure: W=1 finds
	# old kernel-doc warnings in their neighbours too (6.12's
	# arch/x86/lib/usercopy_64.c), which are not the series' to fix.
	touched=$(git -C "$BASE_SRC" diff --name-only "$base" "$c" | sed 's/\./\\./g' | paste -sd'|')
	# shellcheck disable=SC2086 # one make target per directory
	w=$(make -s -C "$BASE_SRC" O="$BASE_BUILD" ARCH=x86_64 W=1 $dirs 2>&1 |
		grep -E 'warning|error|Error' | grep -E "\*\*\*|(^|/)($touched):")
	if [ -n "$w" ]; then
		echo "$w" | sed 's/^/    /'
		echo "FAIL bisect: patch $i W=1 clean: $subj"
		continue
	fi
	echo "ok   bisect: patch $i $what in $(( $(date +%s) - t0 ))s: $subj"
	echo "$subj" | verdict_put "bisect-$BASE" "$key"
done
[ -n "${FULL:-}" ] || echo "bisect: compile-only per patch; FULL=1 (make check-full) links every patch"
[ $i -gt 0 ] || echo "FAIL bisect: no patches found"
