#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every fix of the series (a patch with a Fixes: tag) applies to the base on
# its own, without the patches before it: what stable needs.  And a patch
# whose message says it can be dropped without touching the rest can be
# (no patch of either series says so today).
#
# Usage: scripts/test-fixes-alone.sh   (BASE= selects the series)
#   git apply --check of each such patch against the base's tree, in a
#   scratch index (no checkout).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

base=$(base_ref)
idx=$(mktemp)
trap 'rm -f "$idx"' EXIT
n=0
while read -r p; do
	case $p in ''|'#'*) continue ;; esac
	grep -q '^Fixes: ' "$PATCHES/$p" || continue
	n=$((n + 1))
	rm -f "$idx"
	GIT_INDEX_FILE=$idx git -C "$KSRC" read-tree "$base^{tree}" || die "no tree for $base"
	if out=$(GIT_INDEX_FILE=$idx git -C "$KSRC" apply --cached --check "$PATCHES/$p" 2>&1); then
		echo "ok   fixes-alone: $p applies to $base on its own"
	else
		echo "$out" | sed 's/^/    /'
		echo "FAIL fixes-alone: $p does not apply to $base on its own"
	fi
done < "$PATCHES/series"
[ $n -gt 0 ] || echo "FAIL fixes-alone: no patch with a Fixes: tag in ${PATCHES#"$TOP"/}/series"

# A patch whose message says it can be dropped: the series without it
# still applies.
for d in "$PATCHES"/0*.patch; do
	tr '\n' ' ' < "$d" | grep -q 'can be dropped without touching the rest' || continue
	rm -f "$idx"
	GIT_INDEX_FILE=$idx git -C "$KSRC" read-tree "$base^{tree}"
	bad=
	while read -r p; do
		case $p in ''|'#'*|"${d##*/}") continue ;; esac
		GIT_INDEX_FILE=$idx git -C "$KSRC" apply --cached "$PATCHES/$p" 2>/dev/null ||
			{ bad=$p; break; }
	done < "$PATCHES/series"
	if [ -z "$bad" ]; then
		echo "ok   droppable: the series applies without ${d##*/}"
	else
		echo "FAIL droppable: without ${d##*/}, $bad does not apply"
	fi
done
