#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Import Debian's linux-source-6.12 into a git repository under the cache,
# one commit tagged debian-<package version>.  Done once per version.
#
# Usage: scripts/import-base.sh
# With KSRC=/path/to/linux (a git tree at v6.12.y) there is nothing to
# import and the script only checks the tree.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [ -n "$KSRC_USER" ]; then
	git -C "$KSRC" rev-parse --git-dir >/dev/null 2>&1 ||
		die "KSRC=$KSRC is not a git tree"
	[ -n "$(base_ref)" ] ||
		die "KSRC=$KSRC: no v6.12* tag to apply the series to"
	base_version
	exit 0
fi

pkg=linux-source-6.12
ver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) ||
	die "$pkg is not installed (scripts/deps.sh installs it)"
tag=debian-${ver//\~/_}
tarball=/usr/src/$pkg.tar.xz

if git -C "$KSRC" rev-parse -q --verify "refs/tags/$tag" >/dev/null 2>&1; then
	base_version
	exit 0
fi

msg "importing $pkg $ver into $KSRC (once per version, about a minute)"
tmp=$KSRC.tmp
rm -rf "$tmp"
mkdir -p "$tmp"
tar -xJf "$tarball" -C "$tmp" --strip-components=1
import_tree "$tmp" "$tag" "Debian $pkg $ver"
rm -rf "$KSRC"
mv "$tmp" "$KSRC"
base_version
