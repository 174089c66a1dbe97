#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Rebuild a Debian linux-kbuild package's modpost and objtool on this
# machine, from the kernel source of the same Debian version.
#
# Usage: scripts/rebuild-kbuild-tools.sh KDIR KBUILD_DIR DEBIAN_VERSION
#   KDIR: the unpacked headers (their .config configures the build);
#   KBUILD_DIR: the unpacked linux-kbuild (its tools are replaced).
#
# The tools come, in this order, from:
#   1. a test kernel already built here from that very version (the
#      work tree's base tag is debian-DEBIAN_VERSION): copied;
#   2. a base tree import-base.sh made ($CACHE/linux*, tag
#      debian-DEBIAN_VERSION), read with git archive (never written);
#   3. Debian's linux-source package of that version, through the private
#      apt configuration of fetch-headers.sh.
# For 2 and 3, "make prepare" with the headers' .config builds them in a
# temporary directory, which is deleted afterwards (about 2 minutes).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kdir=$1 kb=$2 ver=$3
tag=debian-${ver//[~:]/_}
done_from() {
	echo "rebuild-kbuild-tools: modpost and objtool of $ver from $1" >&2
	echo "$1" > "$kb/.tdx-ve-tools"
	exit 0
}
install_tools() {
	install -m 755 "$1/scripts/mod/modpost" "$kb/scripts/mod/modpost"
	install -m 755 "$1/tools/objtool/objtool" "$kb/tools/objtool/objtool"
}

# 1. A test kernel of this version, built here.
for pair in "${SRC:-}:${BUILD:-}" "${BASE_SRC:-}:${BASE_BUILD:-}"; do
	s=${pair%%:*} b=${pair#*:}
	[ -n "$s" ] && [ -f "$b/scripts/mod/modpost" ] && [ -f "$b/tools/objtool/objtool" ] || continue
	[ "$(git -C "$s" describe --tags --abbrev=0 --match 'debian-*' 2>/dev/null)" = "$tag" ] || continue
	install_tools "$b"
	done_from "the test kernel build $b"
done

tmp=$(mktemp -d "$CACHE/headers/tools.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src" "$tmp/build"

# 2. A base tree with this version; 3. the linux-source package.
from=
for repo in "$CACHE"/linux*/; do
	if git -C "$repo" rev-parse -q --verify "refs/tags/$tag" >/dev/null 2>&1; then
		git -C "$repo" archive --format=tar "$tag" | tar -x -C "$tmp/src"
		from="$tag of $repo"
		break
	fi
done
if [ -z "$from" ]; then
	D=$CACHE/headers/apt
	A=(-o "Dir::Etc::sourcelist=$D/etc/sources.list" -o Dir::Etc::sourceparts=/dev/null
	   -o "Dir::State::Lists=$D/lists" -o "Dir::Cache=$D/cache")
	up=${ver%%-*}
	src=linux-source-${up%.*}
	(cd "$tmp" && apt-get "${A[@]}" -qq download "$src=$ver" 2>&1 |
		grep -v unsandboxed >&2 || true)
	deb=$(ls "$tmp/${src}_"*.deb 2>/dev/null | head -n 1)
	[ -n "$deb" ] || die "cannot download $src=$ver for the tools"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$src.tar.xz" |
		tar -xJ -C "$tmp/src" --strip-components=1
	rm -f "$deb"
	from="$src $ver"
fi

cp "$kdir/.config" "$tmp/build/.config"
log=$tmp/build.log
if ! { make -s -C "$tmp/src" O="$tmp/build" ARCH=x86_64 olddefconfig &&
       make -s -C "$tmp/src" O="$tmp/build" ARCH=x86_64 HOSTCC="ccache gcc" \
		CC="ccache gcc" -j"$JOBS" prepare; } > "$log" 2>&1; then
	tail -n 20 "$log" >&2
	die "make prepare of $from failed"
fi
install_tools "$tmp/build"
done_from "$from (make prepare with the headers' .config)"
