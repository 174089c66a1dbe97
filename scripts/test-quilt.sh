#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The series file is quilt's: quilt push -a must apply the whole series.
#
# Usage: scripts/test-quilt.sh
#   Runs quilt on a scratch tree holding the base versions of the files the
#   series touches (enough for quilt, which works file by file), and checks
#   the result against the work branch.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

command -v quilt >/dev/null || die "quilt not installed"
base=$(base_ref)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=$(git -C "$SRC" diff --name-only "$base" HEAD)
for f in $files; do
	if git -C "$SRC" cat-file -e "$base:$f" 2>/dev/null; then
		mkdir -p "$tmp/$(dirname "$f")"
		git -C "$SRC" show "$base:$f" > "$tmp/$f"
	fi
done
ln -s "$PATCHES" "$tmp/patches"
if out=$(cd "$tmp" && QUILTRC=/dev/null quilt push -a -q 2>&1); then
	echo "ok   quilt: push -a applies $(grep -c . "$PATCHES/series") patches"
else
	echo "$out" | tail -n 5 | sed 's/^/    /'
	echo "FAIL quilt: push -a"
	exit 0
fi
bad=0
for f in $files; do
	cmp -s "$tmp/$f" <(git -C "$SRC" show "HEAD:$f") || { echo "    differs: $f"; bad=1; }
done
if [ $bad -eq 0 ]; then
	echo "ok   quilt: result matches the git am result"
else
	echo "FAIL quilt: result differs from git am"
fi
