#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The early #VE window on purpose: the probe kernel
# (scripts/build-probe-kernel.sh: the test kernel with
# tests/kernel/early-probe.patch) boots as an emulated TD twice, and the
# series' early counters must show exactly what the probe raised.
#
# Usage: scripts/check-early-probe.sh     (BASE= selects the series)
#   early-probe:      tdxve.early_probe: one port I/O, one CPUID and one
#                     MMIO #VE between idt_setup_early_handler() and
#                     idt_setup_early_traps(); the "early" columns of
#                     ve_stats hold exactly those (tests/guest/early-probe.sh)
#   early-probe-off:  the same kernel without it: every early count is 0
#   Both: tdx_ve_test.ko's selftest finds the kernel's counts since boot
#   equal to the #VEs the emulator injected.
#   2 vCPUs: a #VE counted before the per-CPU areas exist must be counted
#   once, not once per possible CPU.  KUnit is off (its fake-VMM suites
#   skip on a TD anyway).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

t0=$(date +%s)
kernel=$("$TOP/scripts/build-probe-kernel.sh" | tail -n 1) || die "probe kernel build failed"
echo "ok   early-probe: probe kernel built ($kernel, $(( $(date +%s) - t0 ))s)"
pbuild=$PROBE_BUILD
# tdx_ve_test.ko against the probe kernel: its selftest compares the
# kernel's counts since boot with the emulator's
# (W=1 and sparse: half a minute), rebuilt when the kernel or a module
# source changed
mkey=$( (cat "$pbuild/.tdx-ve-probe"; find "$TOP/module" "$TOP/tests/modules" -type f |
	LC_ALL=C sort | xargs cat) | sha1sum | cut -d' ' -f1)
if [ "$(cat "$pbuild/.tdx-ve-probe-module" 2>/dev/null)" != "$mkey" ]; then
	SRC=$PROBE_SRC BUILD=$pbuild "$TOP/scripts/build-module.sh" >/dev/null ||
		die "tdx_ve_test.ko does not build against the probe kernel (see $pbuild/log/build-module.log)"
	echo "$mkey" > "$pbuild/.tdx-ve-probe-module"
fi
initrd=$pbuild/initramfs-early-probe.cpio.gz
"$TOP/scripts/mkinitramfs.sh" "$initrd" "$pbuild/module/tdx_ve_test.ko" || die "initramfs failed"

# judge NAME ARGS...: boot as a TD, parse the KTAP
judge() {
	local name=$1 log=$pbuild/log/console-$1.log t
	shift
	t=$(date +%s)
	TD=1 SMP=2 "$TOP/scripts/boot-qemu.sh" "$kernel" "$initrd" "$log" \
		tdxve.mode=early-probe kunit.enable=0 "$@"
	echo "# $name: boot $(( $(date +%s) - t ))s, console log: $log"
	python3 "$TOP/scripts/parse-results.py" --no-kunit \
		--kunit-dir "$SRC/tools/testing/kunit" \
		--parser-log "$pbuild/log/kunit-parser-$name.log" "$log" |
		sed "s/^\(ok  \|FAIL\) /\1 $name: /"
}

judge early-probe tdxve.early_probe
judge early-probe-off
