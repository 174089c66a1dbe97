# SPDX-License-Identifier: GPL-2.0
# tdx-ve: the two commands are `make demo` and `make check`.
#
# Out of tree, the module builds as usual:
#   make -C /lib/modules/$(uname -r)/build M=$PWD/module
# or `make -C module KDIR=...`; see README.md.

SHELL := /bin/bash
S := scripts

.PHONY: all demo check check-full deps base apply export kernel module \
	initramfs boot clean distclean help

all: help

help:
	@echo "make demo        base -> series -> kernel -> module -> QEMU: stats and triggers"
	@echo "make check       every gate; ends with 'N passed, N failed'"
	@echo "make check-full  make check plus the slow gates (see README.md)"
	@echo "make apply       apply patches/ onto the 7.3 base (out/7.3/linux)"
	@echo "make export      write the work branch back to patches/"
	@echo "make kernel      build the test kernel (out/7.3/build)"
	@echo "make module      build tdx_ve_test.ko against it"
	@echo "                 BASE=6.12: the same for patches/stable-6.12/ on 6.12"

demo:
	@$(S)/demo.sh

check:
	@$(S)/check.sh

check-full:
	@FULL=1 $(S)/check.sh

deps:
	@$(S)/deps.sh

base:
	@$(S)/import-base.sh

apply: base
	@$(S)/apply-series.sh

export:
	@$(S)/export-series.sh

kernel: apply
	@$(S)/build-kernel.sh

module: kernel
	@$(S)/build-module.sh

clean:
	rm -rf out

distclean: clean
	rm -rf "$${XDG_CACHE_HOME:-$$HOME/.cache}/tdx-ve"
