#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The emulator's series, qemu-patches/: it applies onto Debian's QEMU
# source as commits, exports back byte for byte, and every patch passes
# QEMU's own scripts/checkpatch.pl.
#
# Usage: scripts/check-qemu-series.sh
#   One warning is accepted, and written down in
#   Documentation/checkpatch-exceptions.rst: "added, moved or deleted
#   file(s), does MAINTAINERS need updating?", which QEMU's checkpatch
#   prints for every new file even when the patch updates MAINTAINERS.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

if ! "$TOP/scripts/apply-qemu.sh"; then
	echo "FAIL qemu-series: qemu-patches/ does not apply to $(qemu_base_ref)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if SRC=$QEMU_SRC WORK_BRANCH=tdx-emu PATCHES=$tmp BASE_REF=$(qemu_base_ref) \
	"$TOP/scripts/export-series.sh" >/dev/null &&
   diff -r "$QEMU_PATCHES" "$tmp"; then
	echo "ok   qemu-series: apply + export reproduces qemu-patches/"
else
	echo "FAIL qemu-series: export changed qemu-patches/ (diff above)"
fi

while read -r p; do
	case $p in ''|'#'*) continue ;; esac
	out=$(cd "$QEMU_SRC" && ./scripts/checkpatch.pl "$QEMU_PATCHES/$p" 2>&1)
	left=$(echo "$out" | grep -E '^(ERROR|WARNING): ' |
		grep -v 'does MAINTAINERS need updating')
	if [ -z "$left" ]; then
		echo "ok   qemu-checkpatch: $p"
	else
		echo "$out"
		echo "FAIL qemu-checkpatch: $p"
	fi
done < "$QEMU_PATCHES/series"
