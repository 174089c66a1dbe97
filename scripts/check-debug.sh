#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The patched kernel under the kernel's own checkers: KASAN, UBSAN, lockdep,
# kmemleak and debug objects (configs/tdx-ve-debug.config).  KUnit runs at
# boot, then the module's guest tests and a kmemleak scan; any report in
# the console fails the parse.
#
# Usage: scripts/check-debug.sh
#   Builds the work branch's HEAD (committed state only) checked out in
#   out/$BASE/debug/linux (series_checkout) in out/$BASE/debug/build: the same relative layout as out/$BASE/linux and
#   out/$BASE/build, so ccache (CCACHE_BASEDIR) serves both.  Boots with
#   MEM=2048 and tdxve.mode=debug (tests/guest/debug.list).  KASAN under
#   TCG is slow: BOOT_TIMEOUT defaults to 1200 s.  boot-qemu.sh passes
#   acpi=noirq: without it every pci_enable_device() runs QEMU's ACPI _PRT
#   method, ~35 s per insmod in this kernel (and an RCU stall report).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

DEBUG_SRC=${DEBUG_SRC:-$BOUT/debug/linux}
DEBUG_BUILD=${DEBUG_BUILD:-$BOUT/debug/build}

series_checkout "$DEBUG_SRC" || die "cannot check out the series in $DEBUG_SRC"
[ -z "$(git -C "$SRC" status --porcelain --untracked-files=no)" ] ||
	echo "# note: $SRC has uncommitted changes; the debug kernel is built without them"

t0=$(date +%s)
SRC=$DEBUG_SRC BUILD=$DEBUG_BUILD "$TOP/scripts/build-kernel.sh" \
	"$TOP/configs/tdx-ve-test.config" "$TOP/configs/tdx-ve-series.config" \
	"$TOP/configs/tdx-ve-debug.config" || die "debug kernel build failed"
echo "# debug kernel build: $(( $(date +%s) - t0 ))s"
SRC=$DEBUG_SRC BUILD=$DEBUG_BUILD "$TOP/scripts/build-module.sh" >/dev/null ||
	die "module build against the debug kernel failed"
echo "ok   debug: kernel and module build with KASAN, UBSAN, lockdep, kmemleak"

initrd=$DEBUG_BUILD/initramfs-debug.cpio.gz
"$TOP/scripts/mkinitramfs.sh" "$initrd" "$DEBUG_BUILD/module/tdx_ve_test.ko" ||
	die "initramfs failed"
log=$DEBUG_BUILD/log/console-debug.log
t0=$(date +%s)
MEM=${MEM:-2048} BOOT_TIMEOUT=${BOOT_TIMEOUT:-1200} \
	"$TOP/scripts/boot-qemu.sh" "$DEBUG_BUILD/arch/x86/boot/bzImage" \
	"$initrd" "$log" tdxve.mode=debug ${BOOT_ARGS:-}
rc=$?
echo "# debug boot: $(( $(date +%s) - t0 ))s (boot-qemu.sh exit $rc)"
echo "console log: $log"
python3 "$TOP/scripts/parse-results.py" \
	--kunit-dir "$DEBUG_SRC/tools/testing/kunit" \
	--parser-log "$DEBUG_BUILD/log/kunit-parser-debug.log" "$log"
