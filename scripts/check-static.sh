#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# sparse (C=1) and W=1 on the code the series touches.
#
# Usage: scripts/check-static.sh   (after scripts/build-kernel.sh)
#   Rebuilds arch/x86/coco/tdx/ objects with W=1 C=1 and fails on any
#   warning: the base 6.12.117 tree has none there.  The module gets the
#   same treatment in build-module.sh.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
for obj in arch/x86/coco/tdx/tdx.o arch/x86/coco/tdx/tdx-shared.o; do
	out=$(make -s -C "$SRC" O="$BUILD" ARCH=x86_64 CC="$cc" W=1 C=1 "$obj" 2>&1 |
		grep -E 'warning|error' )
	if [ -z "$out" ]; then
		echo "ok   sparse+W=1: $obj"
	else
		echo "$out" | sed 's/^/    /'
		echo "FAIL sparse+W=1: $obj"
	fi
done
