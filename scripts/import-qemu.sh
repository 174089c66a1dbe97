#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Import Debian's QEMU source (the newest 10.0.x of bookworm-backports and
# trixie) into a git repository under the cache: one commit tagged
# debian-qemu-<package version>, Debian's own patches applied by
# dpkg-source (they drop the firmware blobs and pycotap that the +ds
# tarball lacks).  Done once per version.
#
# Usage: scripts/import-qemu.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ver=$(debian_apt apt-cache showsrc qemu |
	sed -n "s/^Version: \(1:${QEMU_MAJOR//./\\.}\.[0-9][^ ]*\)$/\1/p" |
	sort -V | tail -n 1)
[ -n "$ver" ] || die "no qemu $QEMU_MAJOR.x source package in Debian's suites"
tag=debian-qemu-$(echo "${ver#*:}" | tr '~' '_')

have() {
	git -C "$QEMU_BASE" rev-parse -q --verify "refs/tags/$tag" >/dev/null 2>&1 &&
		echo "qemu base: $tag"
}
have && exit 0
cache_lock qemu-import
have && exit 0

msg "importing Debian's qemu $ver into $QEMU_BASE (once per version)"
dl=$CACHE/qemu/dl/$ver
mkdir -p "$dl"
(cd "$dl" && debian_apt apt-get -qq source --download-only "qemu=$ver" >/dev/null) ||
	die "cannot download the qemu $ver source package"
tmp=$QEMU_BASE.tmp
rm -rf "$tmp"
dpkg-source -x "$dl"/qemu_*.dsc "$tmp" >/dev/null
import_tree "$tmp" "$tag" "Debian qemu $ver"
rm -rf "$QEMU_BASE"
mv "$tmp" "$QEMU_BASE"
rm -rf "$dl"
echo "qemu base: $tag"
