#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every patch of the series must build on its own.
#
# Usage: scripts/check-bisect.sh   (after scripts/apply-series.sh)
#   Walks the series one commit at a time in the base clone (out/base),
#   building each incrementally with W=1 on arch/x86/coco/tdx/ and failing
#   on any warning or modpost section mismatch there; then puts the clone
#   back at the base.  The series options (configs/tdx-ve-series.config)
#   are merged from the commit that adds their Kconfig symbols on.
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
	base_checkout "$c"
	frags=("$TOP/configs/tdx-ve-test.config")
	grep -q '^config TDX_GUEST_KUNIT_TEST$' "$BASE_SRC/arch/x86/Kconfig" &&
		frags+=("$TOP/configs/tdx-ve-series.config")
	t0=$(date +%s)
	if ! out=$(SRC=$BASE_SRC BUILD=$BASE_BUILD "$TOP/scripts/build-kernel.sh" "${frags[@]}" 2>&1); then
		echo "$out" | tail -n 20 | sed 's/^/    /'
		echo "FAIL bisect: patch $i builds: $subj"
		continue
	fi
	w=$(make -s -C "$BASE_SRC" O="$BASE_BUILD" ARCH=x86_64 W=1 arch/x86/coco/tdx/ 2>&1 |
		grep -E 'warning|error')
	if [ -n "$w" ]; then
		echo "$w" | sed 's/^/    /'
		echo "FAIL bisect: patch $i W=1 clean: $subj"
		continue
	fi
	echo "ok   bisect: patch $i builds ($(( $(date +%s) - t0 ))s): $subj"
done
[ $i -gt 0 ] || echo "FAIL bisect: no patches found"
