#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The module under load on 4 vCPUs: concurrent triggers and readers with a
# stats sampler, rmmod while open and during a run, insmod/rmmod loops and
# random writes to every writable debugfs file (tests/guest/stress.sh).
#
# Usage: scripts/check-stress.sh
#   Boots the already-built patched kernel ($BUILD/arch/x86/boot/bzImage)
#   with the module ($BUILD/module/tdx_ve_test.ko), SMP=4 (override with
#   SMP=), kunit.enable=0 and tdxve.mode=stress.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

kernel=$BUILD/arch/x86/boot/bzImage
ko=$BUILD/module/tdx_ve_test.ko
[ -f "$kernel" ] || die "no kernel at $kernel (scripts/build-kernel.sh)"
[ -f "$ko" ] || die "no module at $ko (scripts/build-module.sh)"
initrd=$BUILD/initramfs-stress.cpio.gz
"$TOP/scripts/mkinitramfs.sh" "$initrd" "$ko" || die "initramfs failed"
log=$BUILD/log/console-stress.log
t0=$(date +%s)
SMP=${SMP:-4} "$TOP/scripts/boot-qemu.sh" "$kernel" "$initrd" "$log" \
	tdxve.mode=stress kunit.enable=0 ${BOOT_ARGS:-}
rc=$?
echo "# stress boot: $(( $(date +%s) - t0 ))s (boot-qemu.sh exit $rc)"
echo "console log: $log"
# -smp beyond CONFIG_NR_CPUS gives fewer CPUs without an error.
fail=0
cpus=$(sed -n 's/.*smp: Brought up .* node[s]*, \([0-9]*\) CPU.*/\1/p' "$log" | head -n 1)
if [ "${cpus:-0}" -ge "${SMP:-4}" ]; then
	echo "ok   stress: the guest runs on ${SMP:-4} CPUs"
else
	echo "FAIL stress: the guest runs on ${cpus:-?} CPUs, not ${SMP:-4}" \
		"(CONFIG_NR_CPUS=$(sed -n 's/^CONFIG_NR_CPUS=//p' "$BUILD/.config"))"
	fail=1
fi
python3 "$TOP/scripts/parse-results.py" --no-kunit \
	--kunit-dir "$SRC/tools/testing/kunit" \
	--parser-log "$BUILD/log/kunit-parser-stress.log" "$log" || fail=1
exit $fail
