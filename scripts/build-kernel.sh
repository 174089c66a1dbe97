#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Configure and build the test kernel out of tree.
#
# Usage: scripts/build-kernel.sh [fragment...]
#   tinyconfig + the fragments, built in $BUILD (O=) from $SRC with ccache
#   when present.  The default fragments are configs/tdx-ve-test.config and
#   configs/tdx-ve-series.config (the options the series adds); give
#   configs/tdx-ve-test.config alone for the unpatched base.  Fails if any
#   fragment line did not survive olddefconfig.  CONFIG_ONLY=1 stops after
#   the configuration.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [ $# -gt 0 ]; then
	frags=("$@")
else
	frags=("$TOP/configs/tdx-ve-test.config" "$TOP/configs/tdx-ve-series.config")
fi
mkdir -p "$BUILD" "$LOGDIR"
log=$LOGDIR/build-kernel.log
base_version | tee "$log"
echo "source: $SRC ($(git -C "$SRC" describe --always --tags 2>/dev/null))" | tee -a "$log"

cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"

# Reconfigure only when a fragment changed, so rebuilds stay incremental.
want=$(cat "${frags[@]}" | sha1sum)
if [ "$(cat "$BUILD/.tdx-ve-frags" 2>/dev/null)" != "$want" ]; then
	make -s -C "$SRC" O="$BUILD" ARCH=x86_64 tinyconfig >>"$log" 2>&1
	# merge_config.sh writes temporary files into the current directory.
	(cd "$BUILD" && "$SRC/scripts/kconfig/merge_config.sh" -m -O "$BUILD" \
		"$BUILD/.config" "${frags[@]}") >>"$log" 2>&1
	make -s -C "$SRC" O="$BUILD" ARCH=x86_64 olddefconfig >>"$log" 2>&1
	echo "$want" > "$BUILD/.tdx-ve-frags"
fi

lost=0
for f in "${frags[@]}"; do
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*) ;;
		'# CONFIG_'*' is not set') ;;
		*) continue ;;
		esac
		if ! grep -qxF -- "$line" "$BUILD/.config"; then
			echo "config: '$line' from $(basename "$f") did not survive olddefconfig" >&2
			lost=1
		fi
	done < "$f"
done
if [ $lost -ne 0 ]; then
	rm -f "$BUILD/.tdx-ve-frags"
	die "config fragment not honoured (see $log)"
fi
[ -z "${CONFIG_ONLY:-}" ] || exit 0

msg "building kernel in $BUILD (-j$JOBS; a cold build takes 3-6 minutes)"
if ! make -C "$SRC" O="$BUILD" ARCH=x86_64 CC="$cc" -j"$JOBS" \
	bzImage modules >>"$log" 2>&1; then
	grep -E 'error|Error' "$log" | tail -20 >&2
	die "kernel build failed (see $log)"
fi
if grep -q 'Section mismatch' "$log"; then
	grep 'Section mismatch' "$log" >&2
	die "modpost reported a section mismatch"
fi
msg "kernel: $BUILD/arch/x86/boot/bzImage ($(make -s -C "$SRC" O="$BUILD" kernelrelease))"
