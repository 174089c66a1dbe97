#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# apply -> export with no edits must reproduce the series folder byte for
# byte.
#
# Usage: scripts/test-roundtrip.sh   (after scripts/apply-series.sh; BASE=)
#   Debian moves: when the base here is not the one the series was exported
#   on (its cover letter's base-commit: differs, e.g. linux-source-6.12
#   went from 6.12.117 to 6.12.118), the export cannot match byte for byte.
#   The check then ignores what depends on the base only (the base-commit:
#   line, blob hashes on index lines, hunk line numbers) and says so; the
#   patches themselves must still come back unchanged.  make export
#   refreshes them for the new base.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

name=${PATCHES#"$TOP"/}
saved=$(mktemp -d)
trap 'rm -rf "$saved"' EXIT
cp -a "$PATCHES/." "$saved/"
# The part of a patch that does not depend on the base's exact contents
base_free() {
	sed -E -e 's/^base-commit: .*/base-commit: -/' \
		-e 's/^index [0-9a-f]+\.\.[0-9a-f]+/index -/' \
		-e 's/^@@ -[0-9]+(,[0-9]+)? \+[0-9]+(,[0-9]+)? @@/@@ - @@/' "$1"
}

was=$(sed -n 's/^base-commit: //p' "$saved/0000-cover-letter.patch" 2>/dev/null)
now=$(git -C "$KSRC" rev-parse "$(base_ref)^{commit}" 2>/dev/null)
if ! "$TOP/scripts/export-series.sh"; then
	echo "FAIL roundtrip: export-series.sh failed"
elif diff -r "$saved" "$PATCHES"; then
	echo "ok   roundtrip: apply + export reproduces $name/"
elif [ -n "$was" ] && [ "$was" != "$now" ]; then
	bad=0
	for f in "$saved"/*.patch; do
		diff -u <(base_free "$f") <(base_free "$PATCHES/${f##*/}") || bad=1
	done
	cmp -s "$saved/series" "$PATCHES/series" || bad=1
	if [ $bad -eq 0 ]; then
		echo "# $name/ was exported on base ${was:0:12}, this base is ${now:0:12} ($(base_ref))"
		echo "ok   roundtrip: apply + export reproduces $name/ but for the base's hashes and line numbers (make export BASE=$BASE refreshes them)"
	else
		echo "FAIL roundtrip: export changed $name/ beyond the base's hashes (diff above)"
	fi
else
	echo "FAIL roundtrip: export changed $name/ (diff above)"
fi
rm -f "$PATCHES"/*.patch "$PATCHES/series"
cp -a "$saved/." "$PATCHES/"
