#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# apply -> export with no edits must reproduce patches/ byte for byte.
#
# Usage: scripts/test-roundtrip.sh   (after scripts/apply-series.sh)
set -uo pipefail
. "$(dirname "$0")/lib.sh"

saved=$(mktemp -d)
trap 'rm -rf "$saved"' EXIT
cp -a "$TOP/patches/." "$saved/"
if ! "$TOP/scripts/export-series.sh"; then
	echo "FAIL roundtrip: export-series.sh failed"
elif diff -r "$saved" "$TOP/patches"; then
	echo "ok   roundtrip: apply + export reproduces patches/"
else
	echo "FAIL roundtrip: export changed patches/ (diff above)"
fi
rm -f "$TOP"/patches/*
cp -a "$saved/." "$TOP/patches/"
