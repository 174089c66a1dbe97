#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Fetch the headers of one of Debian's cloud kernels into the cache, ready
# to build out-of-tree modules against, without installing anything.
#
# Usage: scripts/fetch-headers.sh FAMILY
#   FAMILY: 6.1 (bookworm), 6.12 (bookworm-backports), 7.3 (trixie-backports).
#   Prints the headers directory (KDIR) on the last line of stdout.
#
# The newest linux-headers-<version>-cloud-amd64 of the family, its
# -common package and its linux-kbuild are downloaded through a private apt
# configuration under $CACHE/headers/apt (the machine's apt sources are
# never touched) and unpacked with dpkg -x into
# $CACHE/headers/<package>_<version>/, once per version.  Offline, the
# newest version already unpacked is used.
#
# The kbuild tools of a newer suite may need a newer C library than the
# machine has (7.3's modpost and objtool need glibc 2.38, bookworm has
# 2.36).  Such tools are rebuilt from the kernel source of the same
# Debian version: a clone of the tdx-ve base tree ($CACHE/linux-7.3, made by
# import-base.sh) when it has that version, else Debian's linux-source
# package fetched the same way; the source is deleted once the tools are in.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

family=${1:?usage: fetch-headers.sh 6.1|6.12|7.3}
case $family in
6.1)	suite=bookworm
	pattern='^linux-headers-6\.1\.0-[0-9]+-cloud-amd64$' ;;
6.12)	suite=bookworm-backports
	pattern='^linux-headers-6\.12\.[0-9]+\+deb12-cloud-amd64$' ;;
7.3)	suite=trixie-backports
	pattern='^linux-headers-7\.3\.[0-9]+\+deb13-cloud-amd64$' ;;
*)	die "unknown family $family (6.1, 6.12, 7.3)" ;;
esac

H=$CACHE/headers
D=$H/apt
mkdir -p "$D/lists/partial" "$D/cache/archives/partial" "$D/etc" "$H/debs"
printf 'deb http://deb.debian.org/debian %s main\n' \
	bookworm bookworm-backports trixie-backports > "$D/etc/sources.list"
A=(-o "Dir::Etc::sourcelist=$D/etc/sources.list" -o Dir::Etc::sourceparts=/dev/null
   -o "Dir::State::Lists=$D/lists" -o "Dir::Cache=$D/cache")

# Debian moves: look again when the lists are older than six hours.
# (apt gives the lists the archive's dates: a stamp of our own says when.)
if [ -z "$(find "$D/updated" -mmin -360 2>/dev/null)" ]; then
	apt-get "${A[@]}" -qq update 2>&1 | grep -v unsandboxed >&2 || true
	touch "$D/updated"
fi

# The newest headers package of the family: the highest version among the
# names that match (the ABI number is in the name).
# The answer is kept until the lists change (an apt-cache per name is slow).
pkg= ver=
lists=$(stat -c '%n %Y' "$D"/lists/*_Packages* 2>/dev/null | sha1sum | cut -d' ' -f1)
memo=$D/newest-$family
if [ "$(sed -n 1p "$memo" 2>/dev/null)" = "$lists" ]; then
	read -r pkg ver < <(sed -n 2p "$memo")
else
	for p in $(apt-cache "${A[@]}" pkgnames linux-headers- 2>/dev/null | grep -E "$pattern"); do
		v=$(apt-cache "${A[@]}" show --no-all-versions "$p" 2>/dev/null |
			sed -n 's/^Version: //p' | head -n 1)
		[ -n "$v" ] || continue
		if [ -z "$ver" ] || dpkg --compare-versions "$v" gt "$ver"; then
			pkg=$p ver=$v
		fi
	done
	[ -n "$pkg" ] && printf '%s\n%s %s\n' "$lists" "$pkg" "$ver" > "$memo"
fi

if [ -z "$pkg" ]; then
	# Offline: the newest unpacked version of the family.
	dir=$(ls -d "$H"/linux-headers-*_*/ 2>/dev/null | sed 's|/$||' |
		while read -r d; do
			n=$(basename "$d"); n=${n%%_*}
			echo "$n" | grep -qE "$pattern" && [ -f "$d/.ready" ] && echo "$d"
		done | sort -V | tail -n 1 || true)
	[ -n "$dir" ] || die "$family: no headers in $suite (network?) and none in $H"
	echo "fetch-headers: $suite unreachable, using $(basename "$dir")" >&2
	cat "$dir/.ready"
	exit 0
fi

dir=$H/${pkg}_${ver//[~:]/_}
if [ -f "$dir/.ready" ]; then
	cat "$dir/.ready"
	exit 0
fi

# The packages: flavour, its -common and the kbuild tools it depends on.
deps=$(apt-cache "${A[@]}" show --no-all-versions "$pkg" | sed -n 's/^Depends: //p' | head -n 1)
common=$(echo "$deps" | tr ',' '\n' | sed -n 's/^ *\(linux-headers-[^ ]*-common\) .*/\1/p' | head -n 1)
kbuild=$(echo "$deps" | tr ',' '\n' | sed -n 's/^ *\(linux-kbuild-[^ ]*\).*/\1/p' | head -n 1)
[ -n "$common" ] && [ -n "$kbuild" ] || die "$pkg $ver: cannot find -common and kbuild in '$deps'"
msg "fetching $pkg $ver ($common, $kbuild) from $suite"
rm -rf "$dir" "$dir.tmp"
mkdir -p "$dir.tmp/root" "$H/debs/$ver"
(cd "$H/debs/$ver" && apt-get "${A[@]}" -qq download "$pkg=$ver" "$common=$ver" \
	"$kbuild=$ver" 2>&1 | grep -v unsandboxed >&2 || true)
for p in "$pkg" "$common" "$kbuild"; do
	deb=$(ls "$H/debs/$ver/${p}_"*.deb 2>/dev/null | head -n 1)
	[ -n "$deb" ] || die "download of $p=$ver failed"
	dpkg -x "$deb" "$dir.tmp/root"
done

# The headers' Makefile names /usr/src: point it into the cache.
[ -f "$dir.tmp/root/usr/src/$pkg/Makefile" ] || die "$pkg: no /usr/src/$pkg/Makefile"
sed -i "s|/usr/src/|$dir/root/usr/src/|g" "$dir.tmp/root/usr/src/$pkg/Makefile"
mv "$dir.tmp" "$dir"
kdir=$dir/root/usr/src/$pkg

# Tools that do not run here are rebuilt from the same source version.
kb=$dir/root/usr/lib/$kbuild
broken=
for t in "$kb"/scripts/mod/modpost* "$kb"/tools/objtool/objtool*; do
	[ -f "$t" ] || continue
	if ldd "$t" 2>&1 | grep -q 'not found'; then
		broken="$broken ${t#"$kb"/}"
	fi
done
if [ -n "$broken" ]; then
	echo "fetch-headers: needs a newer C library:$broken; rebuilding them" >&2
	"$TOP/scripts/rebuild-kbuild-tools.sh" "$kdir" "$kb" "$ver"
fi
echo "$kdir" > "$dir/.ready"
cat "$dir/.ready"
