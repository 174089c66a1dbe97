#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch --strict on every patch of the series, the module and the
# guest tests' helper modules.
#
# Usage: scripts/checkpatch.sh [--patches-only]     (BASE= selects the series)
#   One check per patch and one per module source file: 0 errors,
#   0 warnings and 0 checks.  The few exceptions are listed, each with its
#   reason, in Documentation/checkpatch-exceptions.rst.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

cp=$SRC/scripts/checkpatch.pl
# spdxcheck.py (run by checkpatch) needs python3-ply and python3-git from
# Debian: use its python3, not one that a version manager put first.
export PATH=/usr/bin:$PATH
[ -x "$cp" ] || die "$cp not found: run scripts/apply-series.sh"
opts=(--strict --no-summary --terse --show-types)
exceptions=$TOP/Documentation/checkpatch-exceptions.rst

check() {
	local name=$1
	shift
	local out key
	# The same file, checkpatch and exceptions (and, for a patch, the same
	# tree it is checked in): the same verdict
	key=$(verdict_key "${@: -1}" "$*" "${opts[*]}" "$cp" "$exceptions" \
		"$TOP/scripts/checkpatch-forgive.py" \
		"$([ "$1" = --no-tree ] || git -C "$SRC" rev-parse HEAD^{tree})")
	if verdict_get checkpatch "$key" >/dev/null; then
		echo "ok   checkpatch: $name [cached]"
		return
	fi
	out=$("$cp" "${opts[@]}" "$@" 2>&1 |
		python3 "$TOP/scripts/checkpatch-forgive.py" "$exceptions" "${@: -1}")
	if [ -z "$out" ]; then
		echo "ok   checkpatch: $name"
		echo "$name" | verdict_put checkpatch "$key"
	else
		echo "$out" | sed 's/^/    /'
		echo "FAIL checkpatch: $name"
	fi
}

while read -r p; do
	case $p in ''|'#'*) continue ;; esac
	(cd "$SRC" && check "${PATCHES#"$TOP"/}/$p" "$PATCHES/$p")
done < "$PATCHES/series"

# The module's files do not depend on the base: once, with the first one.
[ "${1:-}" = "--patches-only" ] && exit 0
for f in $(cd "$TOP" && git ls-files --cached --others --exclude-standard -- module tests/modules | grep -E '\.[ch]$'); do
	f=$TOP/$f
	[ -e "$f" ] || continue
	(cd "$SRC" && check "${f#"$TOP"/}" --no-tree -f "$f")
done
