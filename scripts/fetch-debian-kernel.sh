#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Fetch one of Debian's stock cloud kernels into the cache.
#
# Usage: scripts/fetch-debian-kernel.sh SERIES|RELEASE
#   SERIES is 6.1, 6.12 or 7.3: the newest linux-image-SERIES.*-cloud-amd64
#   image in bookworm, bookworm-backports, trixie or trixie-backports
#   (the -unsigned one where Debian has it); a RELEASE such as
#   6.12.95+deb12 names one exactly.  The package is unpacked once
#   per version into $CACHE/debian-kernels/<package version>/; the last line
#   printed is the path of its vmlinuz.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

series=${1:?usage: fetch-debian-kernel.sh SERIES|RELEASE}
case $series in
*[-+]*)	# a release, e.g. 6.12.95+deb12: exactly that one
	re="^linux-image-${series//./\\.}-cloud-amd64(-unsigned)?$" ;;
*)	re="^linux-image-${series//./\\.}\.[0-9.]*[-+][^ ]*-cloud-amd64(-unsigned)?$" ;;
esac
pkg=$(debian_apt apt-cache search --names-only "${re//+/\\+}" |
	cut -d' ' -f1 | sort -V | tail -n 1)
[ -n "$pkg" ] || die "no linux-image-$series.*-cloud-amd64 in Debian's suites"
ver=$(debian_apt apt-cache policy "$pkg" | sed -n 's/^  Candidate: //p')
dir=$CACHE/debian-kernels/$pkg-$ver
# The image itself: in vmlinuz-* of the image package up to 6.x; since
# Debian's 7.x packaging, in the linux-binary-* package it depends on
# (as /usr/lib/modules/<release>/vmlinuz).
image() {
	local f
	for f in "$dir"/boot/vmlinuz-* "$dir"/usr/lib/modules/*/vmlinuz; do
		[ -f "$f" ] && echo "$f" && return
	done
	return 0
}
[ -n "$(image)" ] || cache_lock debian-kernels
if [ -z "$(image)" ]; then
	tmp=$(mktemp -d)
	bin=${pkg/linux-image-/linux-binary-}
	bin=${bin%-unsigned}
	(cd "$tmp" && debian_apt apt-get -qq download "$pkg=$ver" >/dev/null) ||
		die "cannot download $pkg $ver"
	(cd "$tmp" && { dpkg -c ./*.deb | grep '/vmlinuz' >/dev/null ||
		debian_apt apt-get -qq download "$bin=$ver" >/dev/null; }) ||
		die "cannot download $bin $ver"
	rm -rf "$dir.tmp"
	mkdir -p "$dir.tmp"
	for deb in "$tmp"/*.deb; do
		dpkg -x "$deb" "$dir.tmp"
	done
	rm -rf "$tmp" "$dir"
	mv "$dir.tmp" "$dir"
fi
[ -n "$(image)" ] || die "$pkg $ver: no kernel image in the packages"
image
