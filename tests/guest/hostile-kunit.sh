#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest script (busybox sh): print the KTAP results of tdx_emu_hostile.ko's
# KUnit suite, which hostile.sh ran, as one document.
cat /tmp/hostile.ktap
