#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build tdx_ve_test.ko (and the guest tests' helper modules) against the
# test kernel's build tree.
#
# Usage: scripts/build-module.sh
#   module/ is copied to $BUILD/module and tests/modules/ to
#   $BUILD/test-modules, and each is built there with
#   make -C $SRC O=$BUILD M=<copy>, so that the clone stays clean and two
#   kernels can each have their own build.  W=1 and C=1 (sparse) are
#   applied; a warning from either fails the build.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

log=$BUILD/log/build-module.log
mkdir -p "$(dirname "$log")"
: > "$log"
build() {
	local from=$1 dst=$2
	mkdir -p "$dst"
	rsync -a --delete --exclude tests "$from/" "$dst/"
	make -C "$SRC" O="$BUILD" M="$dst" W=1 C=1 modules >> "$log" 2>&1 || {
		cat "$log"
		die "module build in $from failed"
	}
}
build "$TOP/module" "$BUILD/module"
build "$TOP/tests/modules" "$BUILD/test-modules"
cat "$log"
if grep -E 'warning:|error:' "$log"; then
	die "module build printed warnings"
fi
ls -l "$BUILD/module/tdx_ve_test.ko" "$BUILD"/test-modules/*.ko
