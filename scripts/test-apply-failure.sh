#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# A patch whose context no longer matches must stop the apply, name the
# patch and leave the work branch at the base with a clean tree.
#
# Usage: scripts/test-apply-failure.sh   (re-applies the real series after)
set -uo pipefail
. "$(dirname "$0")/lib.sh"

bad=$(mktemp -d)
trap 'rm -rf "$bad"' EXIT
cp -a "$PATCHES/." "$bad/"
victim=$(grep -v '^#' "$bad/series" | sed -n 2p)
[ -n "$victim" ] || victim=$(grep -v '^#' "$bad/series" | sed -n 1p)
# Change the first context line of the first hunk of the victim.
awk 'f == 1 && /^ / { print " tdx-ve: broken context"; f = 2; next }
     /^@@ / && !f { f = 1 } { print }' "$PATCHES/$victim" > "$bad/$victim"

out=$(PATCHES=$bad "$TOP/scripts/apply-series.sh" 2>&1)
rc=$?
base=$(base_ref)
if [ $rc -ne 0 ] && grep -qF "patch $victim does not apply" <<< "$out"; then
	echo "ok   apply-failure: stops and names $victim"
else
	echo "$out" | sed 's/^/    /'
	echo "FAIL apply-failure: rc=$rc, patch not named"
fi
if [ "$(git -C "$SRC" rev-parse HEAD)" = "$(git -C "$SRC" rev-parse "$base^{commit}")" ] &&
   [ -z "$(git -C "$SRC" status --porcelain)" ] &&
   [ ! -d "$(git -C "$SRC" rev-parse --git-path rebase-apply)" ]; then
	echo "ok   apply-failure: nothing half-applied is left behind"
else
	echo "FAIL apply-failure: work tree not back at the base"
fi
FORCE=1 "$TOP/scripts/apply-series.sh" >/dev/null
