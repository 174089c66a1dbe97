#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The module on a kernel without the series: it must build, load, run its
# triggers and say that stats are not available.
#
# Usage: scripts/check-unpatched.sh
#   Builds the base tree (configs/tdx-ve-test.config only) in out/base,
#   the module against it, and boots it with tdxve.mode=unpatched.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

base_checkout "$(base_ref)" || die "cannot check out the base"
SRC=$BASE_SRC BUILD=$BASE_BUILD "$TOP/scripts/build-kernel.sh" \
	"$TOP/configs/tdx-ve-test.config" || die "base kernel build failed"
SRC=$BASE_SRC BUILD=$BASE_BUILD "$TOP/scripts/build-module.sh" >/dev/null ||
	die "module build against the base failed"
echo "ok   unpatched: module builds against the base kernel"
"$TOP/scripts/mkinitramfs.sh" "$BASE_BUILD/initramfs.cpio.gz" \
	"$BASE_BUILD/module/tdx_ve_test.ko"
log=$BASE_BUILD/log/console-unpatched.log
"$TOP/scripts/boot-qemu.sh" "$BASE_BUILD/arch/x86/boot/bzImage" \
	"$BASE_BUILD/initramfs.cpio.gz" "$log" tdxve.mode=unpatched
echo "console log: $log"
python3 "$TOP/scripts/parse-results.py" --no-kunit \
	--kunit-dir "$BASE_SRC/tools/testing/kunit" "$log"
