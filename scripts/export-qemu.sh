#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Export the emulator's work branch back to qemu-patches/: the QEMU twin of
# export-series.sh (same format, same stable output).
#
# Usage: scripts/export-qemu.sh
#   The branch is tdx-emu in $QEMU_SRC (out/qemu), made by build-qemu.sh or
#   scripts/apply-qemu.sh; its description is the cover letter's text.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/import-qemu.sh" >/dev/null
SRC=$QEMU_SRC WORK_BRANCH=tdx-emu PATCHES=$QEMU_PATCHES \
	BASE_REF=$(qemu_base_ref) exec "$TOP/scripts/export-series.sh"
