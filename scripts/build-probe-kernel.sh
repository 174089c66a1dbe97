#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the early-window probe kernel: the test kernel with
# tests/kernel/early-probe.patch (test only, never part of the series).
#
# Usage: scripts/build-probe-kernel.sh        (BASE= selects the series)
#   The patch goes onto a clone of the base at the work branch's HEAD of
#   $SRC (out/$BASE/probe/linux; the work tree itself is not touched) and
#   the kernel is built in out/$BASE/probe/build with the test kernel's
#   configuration: the same relative layout as out/$BASE/{linux,build}, so
#   ccache serves every object but the probe's.  Cached by the series HEAD,
#   the patch and the fragments: a warm run builds nothing.  The last line
#   printed is the bzImage.  PROBE_PATCH= builds another probe patch instead.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

patch=${PROBE_PATCH:-$TOP/tests/kernel/early-probe.patch}
psrc=$PROBE_SRC
pbuild=$PROBE_BUILD
frags=("$TOP/configs/tdx-ve-test.config" "$TOP/configs/tdx-ve-series.config")
image=$pbuild/arch/x86/boot/bzImage

head=$(git -C "$SRC" rev-parse -q --verify "$WORK_BRANCH^{commit}") ||
	die "no branch $WORK_BRANCH in $SRC: run scripts/apply-series.sh"
key=$( (echo "$head"; cat "$patch" "${frags[@]}") | sha1sum | cut -d' ' -f1)
stamp=$pbuild/.tdx-ve-probe
if [ "$(cat "$stamp" 2>/dev/null)" = "$key" ] && [ -f "$image" ]; then
	msg "probe kernel up to date (series $(git -C "$SRC" rev-parse --short "$head"))"
	echo "$image"
	exit 0
fi
rm -f "$stamp"

# The series HEAD, then the probe on top (in the index, so that the next
# reset takes its new files away again)
series_checkout "$psrc"
git -C "$psrc" reset -q --hard FETCH_HEAD
git -C "$psrc" apply --index "$patch" ||
	die "$(basename "$patch") does not apply to the series HEAD ($head)"

SRC=$psrc BUILD=$pbuild LOGDIR=$pbuild/log "$TOP/scripts/build-kernel.sh" "${frags[@]}"
echo "$key" > "$stamp"
echo "$image"
