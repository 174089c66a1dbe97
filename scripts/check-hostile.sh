#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# A hostile VMM (Documentation/emulator.rst, "A hostile VMM"): boot the
# test kernel as an emulated TD with 4 vCPUs whose VMM answers every
# TDG.VP.VMCALL of the #VE paths adversarially (QEMU's
# tdx-emu-hostile=<seed>), once per seed, and run tdx_emu_hostile.ko's
# KUnit suite there: real IN, OUT, MMIO, CPUID, RDMSR and WRMSR with
# canaries in every GPR, the VMM failing about a quarter of them.
#
# Usage: scripts/check-hostile.sh   (after build-kernel.sh and build-module.sh)
#   HOSTILE_SEEDS="1 42 20261205" the seeds, one boot each;
#   HOSTILE_RATE=64               the failures the suite arms, in 256ths;
#   HOSTILE_KERNEL, HOSTILE_MODULE another bzImage and the module built for
#                                 it (the 6.12 base without the series fails
#                                 6 cases, see Documentation/emulator.rst);
#   HOSTILE_DIR                   where the initramfs and console logs go
#                                 (default $BUILD/hostile).
#   Prints ok/FAIL lines, prefixed hostile-<seed>:, and per seed one
#   "hostile: seed" line with what the suite and the kernel counted.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

seeds=${HOSTILE_SEEDS:-1 42 20261205}
rate=${HOSTILE_RATE:-64}
kernel=${HOSTILE_KERNEL:-$BUILD/arch/x86/boot/bzImage}
ko=${HOSTILE_MODULE:-$BUILD/test-modules/tdx_emu_hostile.ko}
dir=${HOSTILE_DIR:-$BUILD/hostile}
kunit=$SRC/tools/testing/kunit
[ -d "$kunit" ] || kunit=$BASE_SRC/tools/testing/kunit

t0=$(date +%s)
qemu=$("$TOP/scripts/build-qemu.sh" | tail -n 1) || die "emulator build failed"
echo "ok   hostile: emulator built ($qemu, $(( $(date +%s) - t0 ))s)"
[ -f "$kernel" ] || die "no kernel at $kernel"
[ -f "$ko" ] || die "no module at $ko (scripts/build-module.sh)"
mkdir -p "$dir"
initrd=$dir/initramfs-hostile.cpio.gz
"$TOP/scripts/mkinitramfs.sh" "$initrd" "$ko" || die "initramfs failed"

for seed in $seeds; do
	log=$dir/console-hostile-$seed.log
	t=$(date +%s)
	TD=1 SMP=4 TD_CPU_EXTRA=",tdx-emu-hostile=$seed" \
		"$TOP/scripts/boot-qemu.sh" "$kernel" "$initrd" "$log" \
		tdxve.cpus=4 tdxve.mode=hostile kunit.filter_glob=tdx_emu_hostile \
		tdx_emu_hostile.fail_rate="$rate"
	echo "# hostile-$seed: boot $(( $(date +%s) - t ))s, console log: $log"
	python3 "$TOP/scripts/parse-results.py" --no-kunit --kunit-dir "$kunit" \
		--parser-log "$dir/kunit-parser-hostile-$seed.log" "$log" |
		sed "s/^\(ok  \|FAIL\) /\1 hostile-$seed: /"
	# What the suite counted; the kernel's #VE counters over the whole
	# boot (ve_stats: "# path" then early, kernel, user x handled,
	# failed_vmm, failed_guest), where the kernel has them
	sum=$(sed -n 's/.*TDXVE-HOSTILE tdx_emu_hostile: //p' "$log" | tr -d '\r' | head -n 1)
	ve=$(tr -d '\r' < "$log" | awk '
		/#VE counters after the suite/ { on = 1; next }
		on && $1 == "#" && $2 == "path" { next }
		on && $1 == "#" && NF == 11 && $3 ~ /^[0-9]+$/ {
			h += $3 + $6 + $9; v += $4 + $7 + $10; g += $5 + $8 + $11; next }
		on { exit }
		END { if (h + v + g) printf "; kernel #VEs: %d handled, %d failed_vmm, %d failed_guest", h, v, g }')
	echo "hostile: ${sum:-seed $seed: no summary (see $log)}${ve}"
done
