#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The cost of a #VE in guest instructions, with and without the series
# (issue 10 item 6): boots the test kernel and the unpatched base kernel
# as emulated TDs with one vCPU and QEMU's -icount shift=0, where the
# guest's TSC counts instructions, loads tests/modules/tdx_emu_cost.ko in
# each and prints one table.  Figures only, never a verdict.
#
# Usage: scripts/bench-ve-cost.sh   (after build-kernel.sh and, for the
#   unpatched column, check-unpatched.sh; BASE=6.12 for the LTS base)
#   The module is built against each kernel's build tree (M= into
#   $COST_OUT, default $BUILD/cost: nothing else is written); the console
#   logs stay there.  Figures per path: the instructions from the one that
#   raises the #VE to the return from the handler (via_ve), the same
#   request to the VMM through a direct TDG.VP.VMCALL (vmcall, the
#   floor), and what the series adds to via_ve (test kernel - base).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

work=${COST_OUT:-$BUILD/cost}
mkdir -p "$work"

# measure NAME SRC BUILD: build the module against BUILD, boot its kernel,
# leave the module's lines in $work/NAME.cost
measure() {
	local name=$1 src=$2 build=$3
	local log=$work/console-$name.log kernel=$build/arch/x86/boot/bzImage
	[ -f "$kernel" ] || { echo "# $name: no kernel at $kernel"; return 1; }
	mkdir -p "$work/$name"
	rsync -a --delete "$TOP/tests/modules/" "$work/$name/"
	make -s -C "$src" O="$build" M="$work/$name" tdx_emu_cost.ko \
		> "$work/build-$name.log" 2>&1 || {
		cat "$work/build-$name.log"
		echo "# $name: module build failed"
		return 1
	}
	"$TOP/scripts/mkinitramfs.sh" "$work/initramfs-$name.cpio.gz" \
		"$work/$name/tdx_emu_cost.ko" || return 1
	TD=1 SMP=1 QEMU_EXTRA="-icount shift=0 ${QEMU_EXTRA:-}" \
		"$TOP/scripts/boot-qemu.sh" "$kernel" "$work/initramfs-$name.cpio.gz" \
		"$log" tdxve.mode=cost
	sed -n 's/^TDXVE-COST //p' "$log" > "$work/$name.cost"
	grep -q '^calibration' "$work/$name.cost" || {
		echo "# $name: no figures, console log: $log"
		return 1
	}
	echo "# $name kernel: $kernel"
	head -n 3 "$work/$name.cost" | sed 's/^/#   /'
}

echo "# The cost of a #VE in guest instructions"
echo "# measured on the emulated TD (QEMU TCG, -icount shift=0), 1 vCPU, interrupts off"
measure test "$SRC" "$BUILD" || die "no figures for the test kernel"
base=$work/base.cost
measure base "$BASE_SRC" "$BASE_BUILD" || base=/dev/null

# path via_ve vmcall ratio ve_range vm_range ves: the module's table
awk 'FNR == 1 { f++ }
     f == 1 && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ { tve[$1] = $2; vm[$1] = $3; order[++n] = $1
				  rng[$1] = $5 + $6 }
     f == 2 && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ { bve[$1] = $2; rng[$1] += $5 + $6 }
     END {
	printf "%-11s %7s %8s %8s %7s %7s %8s %6s\n", "path", "vmcall",
	       "ve_base", "ve_test", "series", "series%", "ve/vmcall", "spread"
	for (i = 1; i <= n; i++) {
		p = order[i]
		if (p in bve)
			printf "%-11s %7d %8d %8d %+7d %6.1f%% %9.2f %6d\n", p,
			       vm[p], bve[p], tve[p], tve[p] - bve[p],
			       100 * (tve[p] - bve[p]) / bve[p], tve[p] / vm[p], rng[p]
		else
			printf "%-11s %7d %8s %8d %7s %7s %9.2f %6d\n", p, vm[p],
			       "-", tve[p], "-", "-", tve[p] / vm[p], rng[p]
	}
     }' "$work/test.cost" "$base"
cat <<'EOF'
# vmcall: the same request by a direct TDG.VP.VMCALL (the floor);
# ve_base, ve_test: from the instruction that raises the #VE to the return,
# on the unpatched base and on the test kernel (series applied);
# series = ve_test - ve_base, series% of ve_base; ve/vmcall on the test
# kernel; spread: max - min over all runs (0: every run counted the same).
# Instructions under TCG, not time on TDX hardware (Documentation/emulator.rst).
EOF
