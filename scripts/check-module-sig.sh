#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Secure Boot and lockdown, done the way Documentation/module.rst says:
# the module signed with scripts/sign-file loads into a kernel booted with
# module.sig_enforce=1, an unsigned one is refused with the message the
# documentation quotes, and under lockdown=integrity the read-only files,
# run= and selftest=1 still work while the write files are refused.
#
# Usage: scripts/check-module-sig.sh   (after build-kernel.sh, build-module.sh)
#   The test kernel has CONFIG_MODULE_SIG with the key its build made
#   (certs/signing_key.pem) and the lockdown LSM
#   (configs/tdx-ve-test.config).  Boots tdxve.mode=secure.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

for c in CONFIG_MODULE_SIG=y CONFIG_SECURITY_LOCKDOWN_LSM=y; do
	grep -qx "$c" "$BUILD/.config" || die "$BUILD: $c missing (configs/tdx-ve-test.config)"
done
dir=$BUILD/modsig
mkdir -p "$dir"
cp "$BUILD/module/tdx_ve_test.ko" "$dir/tdx_ve_test.ko"
cp "$BUILD/module/tdx_ve_test.ko" "$dir/tdx_ve_test-signed.ko"
# As documented: scripts/sign-file <hash> <private key> <certificate> <module>
"$BUILD/scripts/sign-file" sha256 "$BUILD/certs/signing_key.pem" \
	"$BUILD/certs/signing_key.x509" "$dir/tdx_ve_test-signed.ko" ||
	die "sign-file failed"
marker='~Module signature appended~'
if tail -c 28 "$dir/tdx_ve_test-signed.ko" | grep -qF "$marker" &&
   ! tail -c 28 "$dir/tdx_ve_test.ko" | grep -qF "$marker"; then
	echo "ok   modsig: sign-file appended a signature; the build's .ko has none"
else
	echo "FAIL modsig: signature marker not where expected"
fi
"$TOP/scripts/mkinitramfs.sh" "$dir/initramfs.cpio.gz" "$dir/tdx_ve_test.ko" \
	"$dir/tdx_ve_test-signed.ko"
log=$BUILD/log/console-secure.log
# q35: PCIe ECAM, so pci_ecam_read runs too.
MACHINE=q35 "$TOP/scripts/boot-qemu.sh" "$BUILD/arch/x86/boot/bzImage" "$dir/initramfs.cpio.gz" \
	"$log" tdxve.mode=secure kunit.enable=0 module.sig_enforce=1 lockdown=integrity
echo "console log: $log"
python3 "$TOP/scripts/parse-results.py" --no-kunit \
	--kunit-dir "$SRC/tools/testing/kunit" --expect secure.sh:12 "$log"
