#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The module's shape, checked on what was built:
#  - layers: the table in module/tdx_ve_test.h ranks the source files; in
#    the built objects (nm) a file may only use symbols of files on lower
#    lines, or of its own line without a cycle;
#  - one enum source: the stats header line and row names that
#    Documentation/module.rst shows are the ones module/ve_abi.h lists;
#  - dkms.conf: parses, and restricts the build (BUILD_EXCLUSIVE_ARCH and
#    BUILD_EXCLUSIVE_CONFIG).
#
# Usage: scripts/check-module-shape.sh [OBJDIR]   (default $BUILD/module)
set -uo pipefail
. "$(dirname "$0")/lib.sh"

objdir=${1:-$BUILD/module}

python3 - "$TOP/module/tdx_ve_test.h" "$objdir" <<'EOF'
import re, subprocess, sys, os

hdr, objdir = sys.argv[1], sys.argv[2]
text = open(hdr).read()
table = text[text.index('Layers'):text.index('*/', text.index('Layers'))]
ranks, rank = {}, 0
for line in table.splitlines():
    # " *\tpci.c acpi.c ...\tthe triggers": the files lead the line
    m = re.match(r'^\s*\*\s+((?:[a-z_]+\.c[ \t]+)+)', line + ' ')
    if not m:
        continue
    files = [f[:-2] for f in m.group(1).split()]
    rank += 1
    for f in files:
        ranks.setdefault(f, rank)
objs = sorted(f[:-2] for f in os.listdir(objdir)
              if f.endswith('.o') and not f.startswith(('tdx_ve_test', '.')) and
              not f.endswith('.mod.o'))
bad = 0
missing = [o for o in objs if o not in ranks]
if missing:
    print('FAIL shape: objects missing from the layer table: ' + ' '.join(missing))
    bad = 1
defs, uses = {}, {}
for o in objs:
    out = subprocess.run(['nm', os.path.join(objdir, o + '.o')],
                         capture_output=True, text=True, check=True).stdout
    uses[o] = set()
    for l in out.splitlines():
        parts = l.split()
        if len(parts) == 2 and parts[0] == 'U':
            uses[o].add(parts[1])
        elif len(parts) == 3 and parts[1] in 'TDRB':
            defs[parts[2]] = o
edges = {o: sorted({defs[s] for s in uses[o] if s in defs and defs[s] != o})
         for o in objs}
for o in objs:
    for t in edges[o]:
        # line numbers grow downwards: a call must go to a larger number
        if ranks.get(t, 0) < ranks.get(o, 0):
            print(f'FAIL shape: {o}.c (line {ranks[o]}) calls up into {t}.c (line {ranks[t]})')
            bad = 1
state = {}
def visit(o, path):
    state[o] = 1
    for t in edges[o]:
        if state.get(t) == 1:
            print('FAIL shape: circular calls: ' + ' -> '.join(path + [o, t]))
            return True
        if not state.get(t) and visit(t, path + [o]):
            return True
    state[o] = 2
    return False
for o in objs:
    if not state.get(o) and visit(o, []):
        bad = 1
        break
n = sum(len(e) for e in edges.values())
if not bad:
    print(f'ok   shape: {len(objs)} files on {rank} lines, {n} file-to-file uses, all downwards, no cycle')
sys.exit(bad)
EOF
rc=$?

# One enum source: module.rst shows what ve_abi.h lists.
abi=$TOP/module/ve_abi.h
names() { sed -n "/^#define $1(X)/,/^\$/p" "$abi" | sed -n 's/.*X([A-Z_]*, \([a-z_]*\)).*/\1/p'; }
header="path"
for c in $(names VET_CONTEXTS); do
	for r in $(names VET_RESULTS); do header="$header ${c}_$r"; done
done
rows=$(names VET_PATHS | paste -sd, | sed 's/,/, /g')
doc=$TOP/Documentation/module.rst
if grep -qF -- "$header" "$doc" && grep -qF -- "rows: $rows" "$doc"; then
	echo "ok   shape: module.rst names the stats columns and rows of ve_abi.h, in order"
else
	echo "FAIL shape: module.rst does not show '$header' and 'rows: $rows'"
	rc=1
fi

# dkms.conf: a shell fragment DKMS sources.
if (set -e; kernel_source_dir=/lib/modules/x/build; . "$TOP/module/dkms.conf"; [ -n "$BUILD_EXCLUSIVE_ARCH" ] &&
    [ -n "$BUILD_EXCLUSIVE_CONFIG" ] && [ -n "${MAKE[0]}" ]) 2>/dev/null; then
	echo "ok   shape: dkms.conf sets MAKE, BUILD_EXCLUSIVE_ARCH and BUILD_EXCLUSIVE_CONFIG"
else
	echo "FAIL shape: dkms.conf does not parse or lacks BUILD_EXCLUSIVE_*"
	rc=1
fi
exit $rc
