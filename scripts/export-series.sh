#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Export the work branch back to the series folder: the reverse of
# apply-series.sh.
#
# Usage: scripts/export-series.sh       (BASE=7.3: patches/;
#                                        BASE=6.12: patches/stable-6.12/)
#   Every commit of $WORK_BRANCH after the base becomes a format-patch file
#   (zero commit hashes, no signature, numbered), the cover letter is
#   generated from the branch description (subject, blank line, body) with
#   the shortlog, diffstat and base-commit, and the series file is
#   rewritten.  Blob names on index lines have a fixed length (12, as the
#   kernel's own core.abbrev): git's automatic length follows the object
#   count of the repository at hand, which the export must not depend on.
#   Exporting an unchanged branch reproduces patches/ byte for byte.
#   PATCHES=DIR BASE_REF=REF: another series (the emulator's, see
#   scripts/export-qemu.sh), based on REF of $SRC.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${BASE_REF:-$(base_ref)}
PATCHES=${PATCHES:-$TOP/patches}
cd "$SRC"
[ -z "$(git status --porcelain --untracked-files=no)" ] ||
	die "$SRC has uncommitted changes: commit them first"
n=$(git rev-list --count "$base"..HEAD)
[ "$n" -gt 0 ] || die "no commits on $WORK_BRANCH after $base"
git config "branch.$WORK_BRANCH.description" >/dev/null ||
	die "branch $WORK_BRANCH has no description (the cover letter text)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -c diff.noprefix=false -c format.signOff=false format-patch -q \
	--zero-commit --no-signature --numbered --cover-letter --abbrev=12 \
	--cover-from-description=subject --base="$base" \
	-o "$tmp" "$base"..HEAD

# The cover letter's date is "now": give it the last patch's date instead.
last=$(ls "$tmp" | grep -v '^0000-' | sort | tail -n 1)
date=$(grep -m1 '^Date: ' "$tmp/$last")
sed -i "0,/^Date: .*/s//$date/" "$tmp/0000-cover-letter.patch"

mkdir -p "$PATCHES"
rm -f "$PATCHES"/*.patch
cp "$tmp"/*.patch "$PATCHES/"
(cd "$tmp" && ls | grep -v '^0000-' | sort) > "$PATCHES/series"
msg "exported $n patches and the cover letter to ${PATCHES#"$TOP"/}/"
