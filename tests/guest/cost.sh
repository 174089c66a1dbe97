#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest script (busybox sh) for scripts/bench-ve-cost.sh, on the emulated
# TD with -icount shift=0: tdx_emu_cost.ko measures on load; its lines go
# to the console as "TDXVE-COST ...".  Figures only, no verdict.
insmod /lib/modules/tdx_emu_cost.ko || echo "TDXVE-COST insmod failed"
dmesg | grep -v taint | sed -n "s/^.*tdx_emu_cost: /TDXVE-COST /p"
grep -q '^tdx_emu_cost ' /proc/modules && rmmod tdx_emu_cost
exit 0
