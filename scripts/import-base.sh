#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Import Debian's linux-source-$BASE into a git repository under the cache:
# one root commit per package version, tagged debian-<version>, made with a
# fixed identity and date so that the same package gives the same commit
# (and base-commit: line) on every machine.  Done once per version.
#
# Usage: scripts/import-base.sh          (BASE=7.3 or BASE=6.12)
#   6.12: the tarball of the installed linux-source-6.12 (scripts/deps.sh).
#   7.3:  linux-source-7.3 from trixie-backports, through a private apt
#         configuration under $CACHE/apt-base (the machine's apt sources
#         are never touched); the .deb is kept in $CACHE/debs, one per
#         version.  Offline, the newest .deb already there is used.
#   A new version is added to the existing repository (old imports stay,
#   so clones that share its objects keep working) and becomes the base.
# With KSRC=/path/to/linux (a git tree at v$BASE.y) there is nothing to
# import and the script only checks the tree.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [ -n "$KSRC_USER" ]; then
	git -C "$KSRC" rev-parse --git-dir >/dev/null 2>&1 ||
		die "KSRC=$KSRC is not a git tree"
	[ -n "$(base_ref)" ] ||
		die "KSRC=$KSRC: no v$BASE* tag to apply the series to"
	base_version
	exit 0
fi

debs=$CACHE/debs
tarball=
if [ -z "$BASE_SUITE" ]; then
	ver=$(dpkg-query -W -f='${Version}' "$BASE_PKG" 2>/dev/null) ||
		die "$BASE_PKG is not installed (scripts/deps.sh installs it)"
	tarball=/usr/src/$BASE_PKG.tar.xz
else
	# A private apt configuration that knows $BASE_SUITE only.
	D=$CACHE/apt-base
	mkdir -p "$D/lists/partial" "$D/cache/archives/partial" "$D/etc" "$debs"
	echo "deb http://deb.debian.org/debian $BASE_SUITE main" > "$D/etc/sources.list"
	A=(-o "Dir::Etc::sourcelist=$D/etc/sources.list" -o Dir::Etc::sourceparts=/dev/null
	   -o "Dir::State::Lists=$D/lists" -o "Dir::Cache=$D/cache")
	# Debian moves: look again when the lists are older than six hours
	# (apt gives them the archive's dates: a stamp of our own says when).
	if [ -z "$(find "$D/updated" -mmin -360 2>/dev/null)" ]; then
		apt-get "${A[@]}" -qq update 2>&1 | grep -v unsandboxed >&2 ||
			true
		touch "$D/updated"
	fi
	ver=$(apt-cache "${A[@]}" policy "$BASE_PKG" 2>/dev/null |
		sed -n 's/^ *Candidate: //p')
	if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
		# Offline: the newest version already downloaded.
		ver=$(ls "$debs" 2>/dev/null | sed -n "s/^${BASE_PKG}_\(.*\)_all\.deb$/\1/p" |
			sort -V | tail -n 1)
		[ -n "$ver" ] || die "$BASE_PKG: not in $BASE_SUITE (network?) and none cached in $debs"
		echo "import: $BASE_SUITE unreachable, using the cached $BASE_PKG $ver" >&2
	fi
fi
tag=$(base_tag "$ver")

if git -C "$KSRC" rev-parse -q --verify "refs/tags/$tag" >/dev/null 2>&1; then
	if [ "$(cat "$KSRC/.git/tdx-ve-base" 2>/dev/null)" != "$tag" ]; then
		git -C "$KSRC" checkout -q -f "$tag"
		echo "$tag" > "$KSRC/.git/tdx-ve-base"
	fi
	base_version
	exit 0
fi

if [ -z "$tarball" ]; then
	deb=$debs/${BASE_PKG}_${ver}_all.deb
	if [ ! -s "$deb" ]; then
		msg "downloading $BASE_PKG $ver from $BASE_SUITE (about 170 MB)"
		rm -rf "$debs/tmp"
		mkdir -p "$debs/tmp"
		(cd "$debs/tmp" && apt-get "${A[@]}" -qq download "$BASE_PKG=$ver" 2>&1 |
			grep -v unsandboxed >&2 || true)
		mv "$debs/tmp/$(basename "$deb")" "$deb" ||
			die "download of $BASE_PKG $ver failed"
		rm -rf "$debs/tmp"
	fi
fi

msg "importing $BASE_PKG $ver into $KSRC (once per version, about a minute)"
tmp=$KSRC.tmp
rm -rf "$tmp"
mkdir -p "$tmp"
if [ -n "$tarball" ]; then
	tar -xJf "$tarball" -C "$tmp" --strip-components=1
else
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$BASE_PKG.tar.xz" |
		tar -xJ -C "$tmp" --strip-components=1
fi
[ -f "$tmp/Makefile" ] || die "$BASE_PKG $ver: no kernel tree in the package"

# A fixed identity and date: the same package gives the same base commit
# on every machine, so base-commit: in the cover letter is stable.
export GIT_AUTHOR_NAME="tdx-ve import" GIT_AUTHOR_EMAIL="tdx-ve@localhost" \
	GIT_COMMITTER_NAME="tdx-ve import" GIT_COMMITTER_EMAIL="tdx-ve@localhost" \
	GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" GIT_AUTHOR_DATE="2000-01-01T00:00:00Z"
if [ -d "$KSRC/.git" ]; then
	# Another version: a new root commit in the same repository.  The
	# tarball's .gitignore ignores everything at the top level (/*).
	GIT_DIR=$KSRC/.git GIT_WORK_TREE=$tmp GIT_INDEX_FILE=$KSRC/.git/index.import \
		git add -A -f
	tree=$(GIT_DIR=$KSRC/.git GIT_INDEX_FILE=$KSRC/.git/index.import git write-tree)
	rm -f "$KSRC/.git/index.import"
	commit=$(echo "Debian $BASE_PKG $ver" | git -C "$KSRC" commit-tree "$tree")
	git -C "$KSRC" tag "$tag" "$commit"
	rm -rf "$tmp"
	git -C "$KSRC" checkout -q -f "$tag"
else
	(cd "$tmp" && git init -q -b base && git config gc.auto 0 &&
		git add -A -f && git commit -q -m "Debian $BASE_PKG $ver" &&
		git tag "$tag")
	mkdir -p "$(dirname "$KSRC")"
	mv "$tmp" "$KSRC"
fi
echo "$tag" > "$KSRC/.git/tdx-ve-base"
base_version
