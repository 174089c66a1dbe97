#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build tdx_ve_test.ko against Debian's cloud kernels: 6.1 (bookworm),
# 6.12 (bookworm-backports) and 7.3 (trixie-backports).
#
# Usage: scripts/check-module-matrix.sh [FAMILY...]
#   The headers come from scripts/fetch-headers.sh (cached per version).
#   Each build runs DKMS's own build command (dkms.conf MAKE[0]) in a copy
#   of module/ under $OUT/matrix/<release>/, with W=1; a warning in the
#   module's sources, a missing .ko or a vermagic other than the kernel's
#   fails it.  What dkms.conf's BUILD_EXCLUSIVE_* would decide for that
#   kernel is printed.
#
# Where the machine cannot follow the headers exactly it says so: 7.3's
# headers name gcc-14 (bookworm has gcc 12), so gcc 12 builds, without the
# one flag it lacks (-fmin-function-alignment, CONFIG_CC_HAS_MIN_FUNCTION_
# ALIGNMENT); BTF for modules is off everywhere (no pahole needed).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

families=("$@")
[ ${#families[@]} -gt 0 ] || families=(6.1 6.12 7.3)
failed=0

# dkms_decides KDIR: what BUILD_EXCLUSIVE_ARCH/_CONFIG of dkms.conf say.
dkms_decides() {
	local BUILD_EXCLUSIVE_ARCH= BUILD_EXCLUSIVE_CONFIG= kernel_source_dir=$1 c
	# shellcheck disable=SC1091
	. "$TOP/module/dkms.conf"
	[ -n "$BUILD_EXCLUSIVE_ARCH" ] && [ -n "$BUILD_EXCLUSIVE_CONFIG" ] || {
		echo "BUILD_EXCLUSIVE_ARCH/_CONFIG missing from dkms.conf"; return 1; }
	echo x86_64 | grep -Eq "$BUILD_EXCLUSIVE_ARCH" || { echo "skips: arch"; return 0; }
	for c in $BUILD_EXCLUSIVE_CONFIG; do
		grep -Eq "^$c=(y|m)$" "$1/.config" || { echo "skips: $c is not set"; return 0; }
	done
	echo "builds"
}

for f in "${families[@]}"; do
	kdir=$("$TOP/scripts/fetch-headers.sh" "$f" | tail -n 1)
	if [ ! -f "$kdir/.config" ]; then
		echo "FAIL matrix $f: no headers (see above)"
		failed=1
		continue
	fi
	# Debian's headers set the release in .kernelvariables (6.1 does).
	rel=$(sed -n 's/^override KERNELRELEASE = //p' "$kdir/.kernelvariables" 2>/dev/null)
	[ -n "$rel" ] || rel=$(cat "$kdir/include/config/kernel.release")
	pkgver=$(basename "$(dirname "$(dirname "$(dirname "$(dirname "$kdir")")")")")
	dst=$OUT/matrix/$rel
	mkdir -p "$dst"
	# Built before from the same sources against the same headers: the
	# module is there and passed (lib.sh, verdict_key)
	key=$(verdict_key "$TOP/module" "$kdir/.config" "$rel" "$pkgver" \
		"$TOP/scripts/check-module-matrix.sh" "$(gcc --version | head -n 1)")
	if [ "$(cat "$dst/.tdx-ve-key" 2>/dev/null)" = "$key" ] && [ -f "$dst/tdx_ve_test.ko" ] &&
	   verdict_get "matrix" "$key"; then
		continue
	fi
	rm -f "$dst/.tdx-ve-key"
	rsync -a --delete --exclude tests "$TOP/module/" "$dst/"

	extra=(CONFIG_DEBUG_INFO_BTF_MODULES=)
	want=$(sed -n 's/^CC = .*\(gcc-[0-9][0-9]*\)$/\1/p' "$kdir/.kernelvariables" 2>/dev/null)
	note="$want"
	if [ -n "$want" ] && ! command -v "x86_64-linux-gnu-$want" >/dev/null; then
		extra+=(CC=gcc CONFIG_CC_HAS_MIN_FUNCTION_ALIGNMENT=)
		note="gcc $(gcc -dumpversion) for $want (no -fmin-function-alignment)"
	fi
	log=$dst/build.log
	# DKMS: MAKE[0]="make KDIR=${kernel_source_dir}", run in the module dir.
	(cd "$dst" && make KDIR="$kdir" W=1 "${extra[@]}") > "$log" 2>&1
	rc=$?
	warn=$(grep -E '^[^ :]+\.[ch]:[0-9]+:[0-9]+: (warning|error)' "$log")
	vm=$(modinfo -F vermagic "$dst/tdx_ve_test.ko" 2>/dev/null | cut -d' ' -f1)
	tools=$(cat "$kdir"/../../lib/linux-kbuild-*/.tdx-ve-tools 2>/dev/null)
	echo "matrix $f: $pkgver, $note${tools:+, tools from $tools}; dkms $(dkms_decides "$kdir")"
	if [ $rc -eq 0 ] && [ -z "$warn" ] && [ "$vm" = "$rel" ]; then
		echo "ok   matrix: builds against $rel (${pkgver#*_})"
		echo "ok   matrix: builds against $rel (${pkgver#*_})" | verdict_put matrix "$key"
		echo "$key" > "$dst/.tdx-ve-key"
	else
		[ -n "$warn" ] && echo "$warn" | head -n 10 | sed 's/^/    /'
		[ $rc -ne 0 ] && tail -n 10 "$log" | sed 's/^/    /'
		echo "FAIL matrix: $rel (rc $rc, vermagic '$vm'; log $log)"
		failed=1
	fi
done
exit $failed
