#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# What the emulated-TD stages of make check fetch and build that does not
# depend on the kernel trees: Debian's QEMU source, the emulator built
# from it with qemu-patches/, and Debian's stock 6.12 cloud kernel.
#
# Usage: nice -n 19 scripts/prefetch.sh   (check.sh starts it after deps)
#   Meant to run in the background at the lowest CPU priority: it takes
#   the CPU the kernel builds leave idle (downloads, imports, the
#   single-threaded checks, the boots), so that on a cold machine the
#   emulator is ready when the stage `emu` needs it.  Each step takes its
#   cache lock (lib.sh, cache_lock): a stage that needs one of them
#   waits for it, or does it itself if this failed.  On a warm machine
#   every step finds its result in the cache and returns at once.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

t0=$(date +%s)
"$TOP/scripts/build-qemu.sh" | tail -n 1
echo "prefetch: emulator ready after $(( $(date +%s) - t0 ))s"
"$TOP/scripts/fetch-debian-kernel.sh" 6.12 | tail -n 1
echo "prefetch: done after $(( $(date +%s) - t0 ))s"
