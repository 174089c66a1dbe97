#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# sparse (C=1) and W=1 on the code the series touches.
#
# Usage: scripts/check-static.sh   (after scripts/build-kernel.sh)
#   Rebuilds the objects the series touches with W=1 C=1 and fails on any
#   warning: the base trees (7.3.4, 6.12.118) have none there.  The module
#   gets the same treatment in build-module.sh.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
objs="arch/x86/coco/tdx/tdx.o arch/x86/coco/tdx/tdx-shared.o arch/x86/lib/insn-eval.o"
# SEV-ES's #VC MMIO emulation: vc-handle.c on 7.3, core.c on 6.12
for f in arch/x86/coco/sev/vc-handle.c arch/x86/coco/sev/core.c; do
	[ -f "$SRC/$f" ] && grep -q vc_handle_mmio "$SRC/$f" && objs="$objs ${f%.c}.o" && break
done
for obj in $objs; do
	out=$(make -s -C "$SRC" O="$BUILD" ARCH=x86_64 CC="$cc" W=1 C=1 "$obj" 2>&1 |
		grep -E 'warning|error' )
	if [ -z "$out" ]; then
		echo "ok   sparse+W=1: $obj"
	else
		echo "$out" | sed 's/^/    /'
		echo "FAIL sparse+W=1: $obj"
	fi
done
