#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the emulated TD: Debian's QEMU with qemu-patches/, x86_64 system
# emulation with TCG only.
#
# Usage: scripts/build-qemu.sh
#   Prints the binary's path last.  The binary is cached under
#   $CACHE/qemu/bin/<base>-<series hash>/: a warm machine only checks that
#   it is there.  Otherwise the base is imported (import-qemu.sh), the
#   series applied on a clone in $QEMU_SRC (apply-qemu.sh), and QEMU
#   configured and built in $QEMU_BUILD with ccache (about 3 minutes cold
#   on 2 cores).  meson >= 1.5 comes from bookworm-backports, unpacked
#   into the cache: the machine's own meson stays as it is.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/import-qemu.sh" >/dev/null
bin=$(qemu_emu_bin)
[ -x "$bin" ] && echo "$bin" && exit 0
cache_lock qemu-build
[ -x "$bin" ] && echo "$bin" && exit 0

"$TOP/scripts/apply-qemu.sh" >&2

# meson from bookworm-backports, once per version, on PYTHONPATH
mdir=$(ls -d "$CACHE"/meson/*/usr/lib/python3/dist-packages 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$mdir" ]; then
	tmp=$(mktemp -d)
	(cd "$tmp" && debian_apt apt-get -qq download meson/bookworm-backports) ||
		die "cannot download meson from bookworm-backports"
	deb=$(ls "$tmp"/meson_*.deb)
	mver=$(dpkg-deb -f "$deb" Version)
	mkdir -p "$CACHE/meson/$mver"
	dpkg -x "$deb" "$CACHE/meson/$mver"
	rm -rf "$tmp"
	mdir=$CACHE/meson/$mver/usr/lib/python3/dist-packages
fi
export PYTHONPATH=$mdir

log=$QEMU_BUILD.log
mkdir -p "$QEMU_BUILD"
if [ ! -f "$QEMU_BUILD/build.ninja" ]; then
	msg "configuring QEMU in $QEMU_BUILD" >&2
	(cd "$QEMU_BUILD" && "$QEMU_SRC/configure" --target-list=x86_64-softmmu \
		--python=/usr/bin/python3 --disable-docs --disable-werror \
		--without-default-features --disable-user --enable-tcg \
		--disable-download --disable-install-blobs \
		--firmwarepath=/usr/share/qemu:/usr/share/seabios:/usr/lib/ipxe/qemu) \
		> "$log" 2>&1 || { tail -n 20 "$log" >&2; die "QEMU configure failed (see $log)"; }
fi
msg "building QEMU (-j$JOBS; about 3 minutes cold)" >&2
ninja -C "$QEMU_BUILD" -j"$JOBS" qemu-system-x86_64 >> "$log" 2>&1 ||
	{ grep -E 'error|Error' "$log" | tail -n 20 >&2; die "QEMU build failed (see $log)"; }
mkdir -p "$(dirname "$bin")"
cp "$QEMU_BUILD/qemu-system-x86_64" "$bin.tmp"
mv "$bin.tmp" "$bin"
echo "$bin"
