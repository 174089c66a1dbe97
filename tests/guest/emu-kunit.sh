#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest script (busybox sh): load the emulator's KUnit suite
# (tests/modules/tdx_emu_test.c) and print its KTAP results as one
# document (KUnit's own, from debugfs).  The kernel must run KUnit
# (kunit.filter_glob=tdx_emu).
ko=/lib/modules/tdx_emu_test.ko
r=/sys/kernel/debug/kunit/tdx_emu/results
insmod $ko || exit 1
cat $r
rmmod tdx_emu_test
