#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install what the pipeline needs from Debian (as root), and say what.
#
# Usage: scripts/deps.sh
#   Installs only the packages that are missing; prints them first.
set -euo pipefail

pkgs=(linux-source-6.12 gcc make bc flex bison libelf-dev libssl-dev
      cpio gzip xz-utils ccache qemu-system-x86 busybox-static sparse
      quilt git python3 python3-docutils python3-ply python3-git perl
      kmod file rsync
      # the emulated TD: building Debian's QEMU source (build-qemu.sh)
      dpkg-dev ninja-build pkg-config python3-venv libglib2.0-dev
      libpixman-1-dev libfdt-dev zlib1g-dev)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#pkgs[@]} packages present"
	exit 0
fi
echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: not root; install them yourself: apt-get install ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: installed ${#missing[@]} packages"
