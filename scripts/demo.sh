#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make demo: base tree -> series -> test kernel -> module -> emulated TD,
# then show /sys/kernel/debug/tdx/stats and every trigger's result.
#
# Usage: scripts/demo.sh
#   The guest is an emulated TD (Documentation/emulator.rst): QEMU TCG
#   with the tdx-emu model of qemu-patches/, 2 vCPUs, so every #VE in the
#   output is real there, from the boot's counts to each trigger's delta.
#   It is a model of a TD, not TDX hardware: no figure here is a TDX
#   figure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT"
: > "$OUT/times"
n=0
step() { n=$((n + 1)); printf '[%d/8] %s\n' "$n" "$1"; }

step "installing what is missing (Debian packages)"
"$TOP/scripts/deps.sh"
step "importing the base tree (once per version, about a minute)"
"$TOP/scripts/import-base.sh"
step "applying patches/series"
"$TOP/scripts/apply-series.sh"
step "building the test kernel: 3-6 minutes cold, seconds when warm"
"$TOP/scripts/build-kernel.sh" &
pid=$!
while kill -0 $pid 2>/dev/null; do
	sleep 15
	kill -0 $pid 2>/dev/null &&
		printf '      ... %s files compiled so far\n' \
			"$(grep -c '^  CC' "$LOGDIR/build-kernel.log" 2>/dev/null || echo 0)"
done
wait $pid
step "building tdx_ve_test.ko"
"$TOP/scripts/build-module.sh" > /dev/null
step "making the initramfs"
"$TOP/scripts/mkinitramfs.sh" "$BUILD/initramfs.cpio.gz" "$BUILD/module/tdx_ve_test.ko"
step "building the emulated TD (Debian's QEMU + qemu-patches/; about 3 minutes cold, cached)"
"$TOP/scripts/build-qemu.sh" | tail -n 1
step "booting it as an emulated TD (2 vCPUs, -device edu -device pci-testdev)"
log=$BUILD/log/console-demo.log
TD=1 "$TOP/scripts/boot-qemu.sh" "$BUILD/arch/x86/boot/bzImage" \
	"$BUILD/initramfs.cpio.gz" "$log" tdxve.mode=demo kunit.enable=0
echo
base_version
echo "guest: an emulated TD (QEMU TCG with the tdx-emu model): every #VE is real there; not TDX hardware"
echo "console log: $log"
echo
sed -n '/^TDXVE-BEGIN demo.sh/,/^TDXVE-END demo.sh/p' "$log" | sed '1d;$d'
grep -q '^TDXVE-END demo.sh rc=0' "$log" || die "the demo did not finish (see $log)"
