#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Apply qemu-patches/ onto Debian's QEMU source as commits on branch
# tdx-emu in $QEMU_SRC (out/qemu): the QEMU twin of apply-series.sh, which
# does the work.
#
# Usage: scripts/apply-qemu.sh   (FORCE=1 discards unexported work there)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/import-qemu.sh" >/dev/null
KSRC=$QEMU_BASE SRC=$QEMU_SRC WORK_BRANCH=tdx-emu PATCHES=$QEMU_PATCHES \
	BASE_REF=$(qemu_base_ref) exec "$TOP/scripts/apply-series.sh"
