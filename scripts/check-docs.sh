#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Documentation gates: reStructuredText well-formed (docutils) and the
# kernel-doc of what the series exports.
#
# Usage: scripts/check-docs.sh   (after scripts/apply-series.sh)
set -uo pipefail
. "$(dirname "$0")/lib.sh"

rst() {
	local f=$1 name=$2 out
	out=$(/usr/bin/python3 - "$f" <<'PY' 2>&1
import io, sys
import docutils.core
err = io.StringIO()
docutils.core.publish_doctree(open(sys.argv[1]).read(), source_path=sys.argv[1],
    settings_overrides={'warning_stream': err, 'report_level': 2,
                        'halt_level': 5})
sys.stdout.write(err.getvalue())
PY
)
	# Sphinx-only roles and directives are not errors of the file.
	out=$(grep -v -e 'Unknown interpreted text role' -e 'Unknown directive type' \
		-e 'No role entry for' -e 'No directive entry for' \
		-e '^\.\. ' -e '^    ' -e '^$' <<< "$out")
	if [ -z "$out" ]; then
		echo "ok   rst: $name"
	else
		echo "$out" | sed 's/^/    /'
		echo "FAIL rst: $name"
	fi
}

for f in "$TOP"/Documentation/*.rst; do
	rst "$f" "Documentation/$(basename "$f")"
done
rst "$SRC/Documentation/arch/x86/tdx.rst" "kernel Documentation/arch/x86/tdx.rst"

# kdoc NAME PATTERN ARGS: kernel-doc -Wall on ARGS; only the complaints
# that match PATTERN count (tdx.c has upstream functions that -Wall flags).
kdoc() {
	local name=$1 pat=$2 out
	shift 2
	out=$(cd "$SRC" && scripts/kernel-doc -none -Wall "$@" 2>&1 | grep -E -- "$pat")
	if [ -z "$out" ]; then
		echo "ok   kernel-doc: $name"
	else
		echo "$out" | sed 's/^/    /'
		echo "FAIL kernel-doc: $name"
	fi
}
kdoc "asm/tdx_ve.h" . arch/x86/include/asm/tdx_ve.h
kdoc "tdx_ve_stats_read()" tdx_ve arch/x86/coco/tdx/tdx.c
kdoc "insn_get_mmio_reg_ptr(), insn_assign_mmio_reg()" 'insn_get_mmio_reg_ptr|insn_assign_mmio_reg' \
	arch/x86/lib/insn-eval.c
