#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot a kernel and initramfs under QEMU (TCG) with the test devices.
#
# Usage: scripts/boot-qemu.sh BZIMAGE INITRD LOG [kernel args...]
#   Console goes to LOG.  QEMU runs with -accel tcg -cpu max, -smp $SMP
#   (default 2), -M $MACHINE (default pc; q35 has PCIe ECAM),
#   -device edu -device pci-testdev; with TD=1 as an emulated TD (the
#   tdx-emu QEMU of build-qemu.sh, its own q35 machine; TD_CPU_EXTRA=,prop=val
#   adds CPU properties such as tdx-emu-hostile), and is killed (that
#   process only, by PID) after $BOOT_TIMEOUT seconds (default 300).
#   QEMU_EXTRA="..." adds QEMU options (word-split), as for tdx-emu-boot.
#   The exit status is QEMU's, or 124 if it was killed (both also written
#   at the end of LOG); the verdict comes from the log
#   (scripts/parse-results.py).  acpi=noirq:
#   otherwise every pci_enable_device() runs QEMU's ACPI _PRT method, slow
#   under TCG (seconds per insmod on a debug kernel); the test devices need
#   no IRQ.  Not on a TD: without ACPI's interrupt model Linux keeps the
#   xAPIC driver, and a TD's APIC is x2APIC only.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kernel=$1 initrd=$2 log=$3
shift 3
timeout=${BOOT_TIMEOUT:-300}
mkdir -p "$(dirname "$log")"
: > "$log"

if [ -n "${TD:-}" ]; then
	# An emulated TD (scripts/tdx-emu-boot has the same machine)
	qemu=$("$TOP/scripts/build-qemu.sh" | tail -n 1)
	machine=("${TD_QEMU_ARGS[@]}")
	noirq=
else
	qemu=qemu-system-x86_64
	machine=(-M "${MACHINE:-pc}" -accel tcg -cpu max -display none -monitor none -no-reboot
		-device edu -device pci-testdev)
	noirq=acpi=noirq
fi
# shellcheck disable=SC2086
"$qemu" "${machine[@]}" -m "${MEM:-1024}" -smp "${SMP:-2}" ${QEMU_EXTRA:-} \
	-serial "file:$log" -kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 oops=panic $noirq $*" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT INT TERM

waited=0
while kill -0 "$pid" 2>/dev/null; do
	if [ "$waited" -ge "$timeout" ]; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		echo "boot: QEMU (pid $pid) killed after ${timeout}s" | tee -a "$log" >&2
		exit 124
	fi
	sleep 1
	waited=$((waited + 1))
done
trap - EXIT INT TERM
# A crash of QEMU itself leaves no trace in the console: say it there
rc=0
wait "$pid" || rc=$?
[ $rc -eq 0 ] || echo "boot: QEMU exited with status $rc" | tee -a "$log" >&2
exit $rc
