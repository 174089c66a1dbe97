#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest script (busybox sh) for Debian's stock cloud kernel booted as an
# emulated TD (scripts/check-emu.sh): detection, SMP, and the devices that
# work only through #VE (serial, PCI configuration, ACPI, IOAPIC).  KTAP.
. "$(dirname "$0")/ktap.sh"
# tdxve.cpus=N on the kernel command line: the vCPUs the TD was given
cpus=$(sed -n 's/.*tdxve\.cpus=\([0-9]*\).*/\1/p' /proc/cmdline)
cpus=${cpus:-1}

echo "KTAP version 1"
echo "1..6"
expect "tdx_guest_detected" "dmesg | grep -q 'tdx: Guest detected'"
expect "memory_encryption_is_tdx" "dmesg | grep -q 'Memory Encryption Features active: Intel TDX'"
expect "cpus_up_$cpus" "[ \$(grep -c ^processor /proc/cpuinfo) -eq $cpus ]"
expect "pci_through_ve" "grep -qx 0x1234 /sys/bus/pci/devices/*/vendor"
expect "acpi_tables" "[ -e /sys/firmware/acpi/tables/DSDT ]"
expect "ioapic" "dmesg | grep -q 'IOAPIC\[0\]'"
ktap_done 6
