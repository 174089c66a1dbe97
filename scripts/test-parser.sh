#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The result parser must catch what it exists to catch.
#
# Usage: scripts/test-parser.sh
#   tests/parser/pass-*.log must be accepted, every fail-*.log rejected.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT/parser"
for f in "$TOP"/tests/parser/*.log; do
	name=$(basename "$f" .log)
	python3 "$TOP/scripts/parse-results.py" \
		--kunit-dir "$SRC/tools/testing/kunit" "$f" > "$OUT/parser/$name.out" 2>&1
	rc=$?
	case $name in
	pass-*) want=0 ;;
	*) want=1 ;;
	esac
	if [ $rc -eq $want ]; then
		echo "ok   parser: $name (exit $rc)"
	else
		sed 's/^/    /' "$OUT/parser/$name.out"
		echo "FAIL parser: $name: exit $rc, want $want"
	fi
done
