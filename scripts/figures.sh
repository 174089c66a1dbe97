#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Print the figures of a check boot: benchmarks, never pass/fail.
#
# Usage: scripts/figures.sh CONSOLE_LOG
#   - the KUnit benchmark: guest-side cost of each #VE path with a fake VMM
#     that answers at once, and of the accounting primitive;
#   - the module's trigger round trips in this QEMU guest (TCG: native
#     port I/O and MMIO emulated by QEMU, no #VE; not TDX figures).
log=$1
echo "figures (benchmarks, not pass/fail; QEMU TCG, not a TDX guest):"
echo "  guest-side #VE cost, KUnit fake VMM (tdx_ve_bench):"
tr -d '\r' < "$log" | sed -n 's/.*# tdx_test_bench: bench: /    /p' | sort -u
echo "  tdx_ve_test.ko trigger round trips in QEMU TCG (native, no #VE):"
tr -d '\r' < "$log" | sed -n '/^TDXVE-BEGIN demo.sh/,/^TDXVE-END demo.sh/p' |
	sed -n '/^trigger /,/^$/p' | sed 's/^/    /'
