# SPDX-License-Identifier: GPL-2.0
# Common settings for the tdx-ve scripts; sourced, never run.
#
# Every path a script uses is derived here so that the scripts agree on
# where the base tree, the build directory and the logs live.

TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
CACHE=${TDXVE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tdx-ve}
OUT=${OUT:-$TOP/out}
JOBS=${JOBS:-$(nproc)}
export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
# Paths below the clone are hashed relative to it: a fresh clone hits too.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$TOP}

msg() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# cache_lock NAME: hold $CACHE/locks/NAME.lock until the calling script
# exits.  What fetches into the cache or builds there takes one, so that
# the background prefetch of make check (scripts/prefetch.sh) and a stage
# never do the same work at once: the later one waits, then finds it done.
cache_lock() {
	local fd
	mkdir -p "$CACHE/locks"
	exec {fd}>"$CACHE/locks/$1.lock"
	flock "$fd"
}

# The base tree, selected by BASE (make apply BASE=6.12):
#   7.3   mainline: the series to post, patches/, on Debian's
#         linux-source-7.3 (trixie-backports, fetched by import-base.sh);
#   6.12  the LTS backport, patches/stable-6.12/, on Debian's
#         linux-source-6.12 (bookworm, installed by deps.sh).
# Each base has its own imported tree under the cache and its own output
# directory, out/$BASE: work tree, builds and logs never mix.
BASE=${BASE:-7.3}
case $BASE in
7.3)	BASE_PKG=linux-source-7.3
	BASE_SUITE=trixie-backports
	BASE_PATCHES=$TOP/patches
	BASE_CACHE=$CACHE/linux-7.3 ;;
6.12)	BASE_PKG=linux-source-6.12
	BASE_SUITE=
	BASE_PATCHES=$TOP/patches/stable-6.12
	# The path it had when 6.12 was the only base: no second import.
	BASE_CACHE=$CACHE/linux ;;
*)	die "BASE=$BASE: the series has a base 7.3 (mainline) and 6.12 (LTS)" ;;
esac
PATCHES=${PATCHES:-$BASE_PATCHES}
BOUT=${BOUT:-$OUT/$BASE}

# The kernel tree the series is applied to: by default Debian's source
# package, imported by import-base.sh; KSRC=/path/to/linux uses a git tree
# of yours at v$BASE.y.
if [ -n "${KSRC:-}" ]; then
	KSRC_USER=1
else
	KSRC=$BASE_CACHE
	KSRC_USER=
fi
WORK_BRANCH=${WORK_BRANCH:-tdx-ve}
# The patched tree: a clone of $KSRC on $WORK_BRANCH (apply-series.sh).
SRC=${SRC:-$BOUT/linux}
BUILD=${BUILD:-$BOUT/build}
LOGDIR=${LOGDIR:-$BUILD/log}

# base_reset: forget the paths derived from BASE, so that sourcing this
# file again derives them for another base (check.sh runs both).
base_reset() {
	unset KSRC KSRC_USER SRC BUILD LOGDIR PATCHES BOUT BASE_SRC BASE_BUILD
	unset PROBE_SRC PROBE_BUILD
}

# The tag import-base.sh gives an import of package version $1.
base_tag() {
	local v=${1//\~/_}
	echo "debian-${v//:/_}"
}

# The base the series applies to: the import of the package version
# import-base.sh last recorded, or, for a user's tree, the release tag it
# descends from.
base_ref() {
	if [ -z "$KSRC_USER" ]; then
		cat "$KSRC/.git/tdx-ve-base" 2>/dev/null && return
		git -C "$KSRC" describe --tags --abbrev=0 --match 'debian-*' 2>/dev/null && return
	fi
	git -C "$KSRC" describe --tags --abbrev=0 --match "v$BASE*" 2>/dev/null && return
	cat "$KSRC/.tdx-ve-base" 2>/dev/null
}

# One line that names the base in every log.
base_version() {
	printf 'base: %s (%s)\n' "$(base_ref)" \
		"$(make -s -C "$KSRC" kernelversion 2>/dev/null)"
}

# Run a stage, time it and append the timing to $OUT/times.
stage() {
	local name=$1 t0 rc
	shift
	t0=$(date +%s)
	msg "$name"
	"$@"
	rc=$?
	printf '%-28s %4ds%s\n' "$name" $(( $(date +%s) - t0 )) \
		"$([ $rc -eq 0 ] || echo "  (failed: $rc)")" >> "$OUT/times"
	return $rc
}

# The unpatched base, checked out next to the patched tree
# (out/$BASE/base/linux, built in out/$BASE/base/build): the same relative
# layout as out/$BASE/linux and out/$BASE/build, so ccache (CCACHE_BASEDIR) serves both builds.
BASE_SRC=${BASE_SRC:-$BOUT/base/linux}
BASE_BUILD=${BASE_BUILD:-$BOUT/base/build}

# The early-window probe kernel (build-probe-kernel.sh): the series HEAD
# with tests/kernel/early-probe.patch, in the same layout again.
PROBE_SRC=${PROBE_SRC:-$BOUT/probe/linux}
PROBE_BUILD=${PROBE_BUILD:-$BOUT/probe/build}

# base_clone DIR: make DIR a clone of the base tree that shares its objects
# (cheap: only the checkout is written), unless it is one already.  Its
# branches are its own, so several checkouts can use one cached base.
base_clone() {
	[ -d "$1/.git" ] && return 0
	rm -rf "$1"
	mkdir -p "$(dirname "$1")"
	git clone -q --shared --no-checkout "$KSRC" "$1"
}

# base_checkout REF: put the base clone at REF, creating it if needed.
base_checkout() {
	base_clone "$BASE_SRC" || return 1
	git -C "$BASE_SRC" checkout -q -f --detach "$1"
}

# series_checkout DIR: a base clone at the work branch's HEAD, fetched from
# $SRC: it keeps its own copy of the series' commits, so re-creating $SRC
# does not break it.  Checks out only when HEAD moves, which keeps file
# times and so rebuilds incremental.
series_checkout() {
	local dir=$1
	base_clone "$dir" || return 1
	git -C "$dir" fetch -q "$SRC" "$WORK_BRANCH" || return 1
	[ "$(git -C "$dir" rev-parse -q --verify HEAD)" = "$(git -C "$dir" rev-parse FETCH_HEAD)" ] ||
		git -C "$dir" checkout -q -f --detach FETCH_HEAD
}

# import_tree DIR TAG MESSAGE: make the unpacked source in DIR a git base,
# one commit tagged TAG.  A fixed identity and date: the same package gives
# the same base commit on every machine, so base-commit: in a cover letter
# is stable.
import_tree() {
	(
		cd "$1" || exit 1
		git init -q -b base
		git config gc.auto 0
		# Sources' .gitignore files would leave files out (the kernel
		# tarball's ignores everything at its top level): add them all.
		git add -A -f
		GIT_AUTHOR_NAME="tdx-ve import" GIT_AUTHOR_EMAIL="tdx-ve@localhost" \
		GIT_COMMITTER_NAME="tdx-ve import" GIT_COMMITTER_EMAIL="tdx-ve@localhost" \
		GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
		GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" \
			git commit -q -m "$3"
		git tag "$2"
	)
}

# Debian's other suites (trixie, the backports, their sources) through a
# private apt configuration under the cache: the machine's own apt
# sources are never read or changed.  debian_apt apt-get|apt-cache ARGS...
# runs the tool with it; the lists are refreshed once a day.
DEBIAN_APT=$CACHE/apt
debian_apt() {
	local tool=$1 d=$DEBIAN_APT s
	shift
	local opts=(-o "Dir::Etc::sourcelist=$d/etc/sources.list"
		-o Dir::Etc::sourceparts=/dev/null -o "Dir::State::Lists=$d/lists"
		-o "Dir::Cache=$d/cache" -o APT::Sandbox::User=root)
	mkdir -p "$d/etc" "$d/lists/partial" "$d/cache/archives/partial"
	if [ ! -f "$d/etc/sources.list" ]; then
		for s in bookworm bookworm-backports trixie trixie-backports; do
			echo "deb http://deb.debian.org/debian $s main"
			echo "deb-src http://deb.debian.org/debian $s main"
		done > "$d/etc/sources.list"
	fi
	# One update at a time (apt refuses a second one on the same lists)
	if [ -z "$(find "$d/lists" -maxdepth 1 -name '*_InRelease' -mtime -1 2>/dev/null)" ]; then
		(flock 9
		 [ -n "$(find "$d/lists" -maxdepth 1 -name '*_InRelease' -mtime -1 2>/dev/null)" ] ||
			apt-get -qq "${opts[@]}" update >/dev/null) 9>"$d/update.lock" || return 1
	fi
	"$tool" "${opts[@]}" "$@"
}

# The emulated TD: QEMU from Debian's source package with qemu-patches/.
# The base is imported by import-qemu.sh into $QEMU_BASE (tag
# debian-qemu-<version>); the series goes onto a clone in $QEMU_SRC; the
# binary is kept under the cache, keyed by the QEMU version and the
# series, so that a warm machine never rebuilds it.
QEMU_MAJOR=10.0
QEMU_BASE=$CACHE/qemu/src
QEMU_SRC=${QEMU_SRC:-$OUT/qemu}
QEMU_BUILD=${QEMU_BUILD:-$OUT/qemu-build}
QEMU_PATCHES=$TOP/qemu-patches

qemu_base_ref() {
	git -C "$QEMU_BASE" describe --tags --abbrev=0 --match 'debian-qemu-*' 2>/dev/null
}

# The emulator binary for this QEMU base and this series.
qemu_emu_bin() {
	local key
	key=$( (qemu_base_ref; cat "$QEMU_PATCHES/series"; while read -r p; do
		case $p in ''|'#'*) continue ;; esac
		cat "$QEMU_PATCHES/$p"; done < "$QEMU_PATCHES/series") | sha1sum | cut -c1-12)
	echo "$CACHE/qemu/bin/$(qemu_base_ref)-$key/qemu-system-x86_64"
}

# The emulated TD's machine, shared by tdx-emu-boot and the test boots:
# q35 (ECAM for PCI), no HPET and no VGA (a TD has neither), the TD model
# on a CPU with 52 physical address bits (the shared bit is bit 51), and
# the test devices.  TD_CPU_EXTRA is appended to the -cpu option, for
# example TD_CPU_EXTRA=,tdx-emu-hostile=42 (a hostile VMM, see
# Documentation/emulator.rst).
TD_QEMU_ARGS=(-L /usr/share/qemu -L /usr/share/seabios -accel tcg -machine q35,hpet=off -nodefaults -vga none
	-display none -no-reboot -cpu "max,vendor=GenuineIntel,phys-bits=52,tdx-emu=on${TD_CPU_EXTRA:-}"
	-device edu -device pci-testdev)

# Verdicts of deterministic checks, kept so that a warm make check does
# not redo them: a check that passed once on exactly the same inputs (a
# git tree, the scripts and configurations that drive it, the compiler)
# passes again.  Only passes are kept, under $CACHE/verdicts; NOCACHE=1
# ignores them.
#
# verdict_key WORD|FILE|DIR...: a key over the words and the contents of
# the files and directories among them.
verdict_key() {
	local a
	for a in "$@"; do
		if [ -d "$a" ]; then
			(cd "$a" && find . -type f -print0 | sort -z | xargs -0 sha1sum)
		elif [ -f "$a" ]; then
			sha1sum < "$a"
		else
			printf '%s\n' "$a"
		fi
	done | sha1sum | cut -c1-20
}

# verdict_get NAME KEY: print the kept output of a pass; false if none.
verdict_get() {
	[ -z "${NOCACHE:-}" ] && [ -f "$CACHE/verdicts/$1/$2" ] &&
		sed 's/^\(ok  \) \(.*\)$/\1 \2 [cached]/' "$CACHE/verdicts/$1/$2"
}

# verdict_put NAME KEY: keep stdin, a passing output, as NAME's verdict.
verdict_put() {
	mkdir -p "$CACHE/verdicts/$1"
	cat > "$CACHE/verdicts/$1/$2.tmp" && mv "$CACHE/verdicts/$1/$2.tmp" "$CACHE/verdicts/$1/$2"
}
