#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The emulated TD (Documentation/emulator.rst): build the emulator, boot
# the test kernel and Debian's stock 6.12 cloud kernel as TDs with 4 and
# with 1 vCPU, and judge what real #VEs did there; then
# tdx_ve_test.ko, built against Debian's headers by the matrix stage, on
# the stock kernels it was built for.
#
# Usage: scripts/check-emu.sh   (after build-kernel.sh and build-module.sh)
#   Test kernel: tdxve.mode=emu, only the emulator's KUnit suite runs
#   (kunit.filter_glob=tdx_emu; the series' fake-VMM suites ran on the plain
#   boot, and their stubs must not meet real #VEs).  Stock kernel:
#   tdxve.mode=stock.  The guest scripts learn the vCPU count from
#   tdxve.cpus=.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

kunit=$SRC/tools/testing/kunit
t0=$(date +%s)
qemu=$("$TOP/scripts/build-qemu.sh" | tail -n 1) || die "emulator build failed"
echo "ok   emu: emulator built ($qemu, $(( $(date +%s) - t0 ))s)"

# judge NAME VCPUS KERNEL INITRD ARGS...: boot as a TD, parse the KTAP
judge() {
	local name=$1 smp=$2 kernel=$3 initrd=$4
	shift 4
	local log=$BUILD/log/console-$name.log t
	t=$(date +%s)
	TD=1 SMP=$smp "$TOP/scripts/boot-qemu.sh" "$kernel" "$initrd" "$log" \
		tdxve.cpus="$smp" "$@"
	echo "# $name: boot $(( $(date +%s) - t ))s, console log: $log"
	python3 "$TOP/scripts/parse-results.py" --no-kunit --kunit-dir "$kunit" \
		--parser-log "$BUILD/log/kunit-parser-$name.log" "$log" |
		sed "s/^\(ok  \|FAIL\) /\1 $name: /"
}

initrd=$BUILD/initramfs-emu.cpio.gz
"$TOP/scripts/mkinitramfs.sh" "$initrd" "$BUILD/module/tdx_ve_test.ko" \
	"$BUILD"/test-modules/*.ko || die "initramfs failed"
judge emu 4 "$BUILD/arch/x86/boot/bzImage" "$initrd" \
	tdxve.mode=emu kunit.filter_glob=tdx_emu
judge emu-smp1 1 "$BUILD/arch/x86/boot/bzImage" "$initrd" \
	tdxve.mode=emu kunit.filter_glob=tdx_emu

stock=$("$TOP/scripts/fetch-debian-kernel.sh" 6.12 | tail -n 1) ||
	die "cannot fetch Debian's 6.12 cloud kernel"
judge stock-6.12 4 "$stock" "$initrd" tdxve.mode=stock
judge stock-6.12-smp1 1 "$stock" "$initrd" tdxve.mode=stock

# tdx_ve_test.ko on each stock kernel the matrix stage built it for (6.1
# has no TDX guest support): it loads, counts with its probe, and its
# counts equal the emulator's (tests/guest/stockmod.sh)
for ko in "$OUT"/matrix/*/tdx_ve_test.ko; do
	[ -f "$ko" ] || { echo "FAIL emu: no module from the matrix stage"; break; }
	rel=$(basename "$(dirname "$ko")")
	case $rel in 6.1.*) continue ;; esac
	kernel=$("$TOP/scripts/fetch-debian-kernel.sh" "${rel%-cloud-amd64}" | tail -n 1) || {
		echo "FAIL emu: cannot fetch Debian's $rel"; continue; }
	initrd=$BUILD/initramfs-stockmod-$rel.cpio.gz
	"$TOP/scripts/mkinitramfs.sh" "$initrd" "$ko" || die "initramfs failed"
	judge "stockmod-$rel" 4 "$kernel" "$initrd" tdxve.mode=stockmod
done
