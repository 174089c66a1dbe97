#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build tdx_ve_test.ko against the test kernel's build tree.
#
# Usage: scripts/build-module.sh
#   The module sources are copied to $BUILD/module and built there with
#   make -C $SRC O=$BUILD M=$BUILD/module, so that the clone stays clean
#   and two kernels can each have their own build.  W=1 and C=1 (sparse)
#   are applied; a warning from either fails the build.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dst=$BUILD/module
mkdir -p "$dst"
rsync -a --delete --exclude tests "$TOP/module/" "$dst/"
log=$BUILD/log/build-module.log
mkdir -p "$(dirname "$log")"
make -C "$SRC" O="$BUILD" M="$dst" W=1 C=1 modules > "$log" 2>&1 || {
	cat "$log"
	die "module build failed"
}
cat "$log"
if grep -E 'warning:|error:' "$log"; then
	die "module build printed warnings"
fi
ls -l "$dst/tdx_ve_test.ko"
