#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Apply the series with git am onto a work branch of the base tree.
#
# Usage: scripts/apply-series.sh        (BASE=7.3: patches/series;
#                                        BASE=6.12: patches/stable-6.12/series)
#   The work tree is a clone of $KSRC at $SRC (default out/linux), sharing
#   its objects, on branch $WORK_BRANCH, reset to the base and rebuilt patch
#   by patch.  If a
#   patch does not apply, the script names it, prints git's message, aborts
#   the am and leaves the branch at the base: nothing half-applied stays.
#   The cover letter's subject and body become the branch description, which
#   export-series.sh writes back.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# BASE_REF: apply onto that ref of $KSRC (the emulator's series does);
# otherwise onto the imported kernel base.
if [ -n "${BASE_REF:-}" ]; then
	base=$BASE_REF
else
	"$TOP/scripts/import-base.sh" >/dev/null
	base=$(base_ref)
	[ -n "$base" ] || die "cannot tell the base of $KSRC"
fi
series=$PATCHES/series

if [ ! -d "$SRC/.git" ]; then
	base_clone "$SRC"
	git -C "$SRC" checkout -q -B "$WORK_BRANCH" "$base"
fi
cd "$SRC"
# git am needs a committer; the authors come from the patches.
git config user.name >/dev/null || git config user.name "tdx-ve apply"
git config user.email >/dev/null || git config user.email "tdx-ve@localhost"

cover=$PATCHES/0000-cover-letter.patch
if [ -f "$cover" ]; then
	# Subject (without the [PATCH 0/N] tag), a blank line, then the body up
	# to the shortlog that format-patch generates.
	desc=$(awk '
		NR == 1 && /^From / { hdr = 1; next }
		hdr && /^Subject: / { sub(/^Subject: (\[[^]]*\] )?/, ""); subj = $0; insubj = 1; next }
		hdr && insubj && /^[ \t]/ { sub(/^[ \t]+/, " "); subj = subj $0; next }
		hdr && /^$/ { hdr = 0; body = 1; print subj; print ""; next }
		hdr { insubj = 0; next }
		body && /^[^ ].* \([0-9]+\):$/ { exit }
		body { print }
	' "$cover")
	git config "branch.$WORK_BRANCH.description" "$desc"
fi

# Skip the work when the branch already holds exactly this series: keeps
# file times, and so the kernel build, incremental.
stamp=$(git rev-parse --git-dir)/tdx-ve-series
want=$( (git rev-parse "$base"; cat "$series"; while read -r p; do
	case $p in ''|'#'*) continue ;; esac
	cat "$PATCHES/$p"; done < "$series") | sha1sum | cut -d" " -f1)
if [ "$(cat "$stamp" 2>/dev/null)" = "$want $(git rev-parse HEAD)" ] &&
   [ -z "$(git status --porcelain)" ]; then
	msg "series already applied on $WORK_BRANCH ($(git rev-list --count "$base"..HEAD) patches)"
	exit 0
fi
# Never throw away work: commits made on the branch since the last apply
# must be exported first.
if [ -f "$stamp" ] && [ "$(git rev-parse HEAD)" != "$(cut -d' ' -f2 "$stamp")" ] &&
   [ -z "${FORCE:-}" ]; then
	die "$WORK_BRANCH in $SRC moved since the last apply: run scripts/export-series.sh first (or FORCE=1 to discard)"
fi
if [ -n "$(git status --porcelain)" ] && [ -z "${FORCE:-}" ]; then
	die "$SRC has uncommitted changes: commit and export them (or FORCE=1 to discard)"
fi
rm -f "$stamp"

git am --abort >/dev/null 2>&1 || true
git checkout -q -f -B "$WORK_BRANCH" "$base"
git clean -q -fd

n=0
while read -r p; do
	case $p in ''|'#'*) continue ;; esac
	n=$((n + 1))
	if ! out=$(git am --keep-cr "$PATCHES/$p" 2>&1); then
		printf 'error: patch %s does not apply to %s:\n%s\n' "$p" "$base" "$out" >&2
		git am --abort >/dev/null 2>&1 || true
		git checkout -q -f "$base" -B "$WORK_BRANCH"
		exit 1
	fi
done < "$series"

echo "$want $(git rev-parse HEAD)" > "$stamp"
msg "applied $n patches onto $base on branch $WORK_BRANCH in $SRC"
