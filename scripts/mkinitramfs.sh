#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the busybox initramfs the test kernel boots into.
#
# Usage: scripts/mkinitramfs.sh OUTPUT.cpio.gz [module.ko ...]
#   /init is tests/guest/init; /tests holds tests/guest/* and
#   module/tests/*; the modules go to /lib/modules; scripts/tdx-ve-stat
#   goes to /bin.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$1
shift
bb=/bin/busybox
[ -x "$bb" ] || die "$bb not found (install busybox-static)"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,tests,lib/modules}
cp "$bb" "$root/bin/busybox"
cp "$TOP/tests/guest/init" "$root/init"
cp "$TOP"/tests/guest/*.sh "$TOP"/tests/guest/*.list "$root/tests/" 2>/dev/null || true
cp "$TOP"/module/tests/*.sh "$root/tests/" 2>/dev/null || true
[ -f "$TOP/scripts/tdx-ve-stat" ] && cp "$TOP/scripts/tdx-ve-stat" "$root/bin/"
for m in "$@"; do
	cp "$m" "$root/lib/modules/"
done
chmod +x "$root/init" "$root"/tests/* "$root"/bin/*
(cd "$root" && find . | sort | cpio -o -R 0:0 -H newc --quiet) | gzip -1 > "$out"
