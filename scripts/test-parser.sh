#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The result parser must catch what it exists to catch.
#
# Usage: scripts/test-parser.sh
#   tests/parser/pass-*.log must be accepted, every fail-*.log rejected;
#   where NAME.expect exists, each of its lines must be a line of the
#   parser's output for NAME.log.
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
	[ -f "${f%.log}.expect" ] || continue
	if missing=$(grep -vxF -f "$OUT/parser/$name.out" "${f%.log}.expect"); then
		echo "$missing" | sed 's/^/    missing: /'
		echo "FAIL parser: $name: output lacks the lines of $name.expect"
	else
		echo "ok   parser: $name says what $name.expect says"
	fi
done
