#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Line coverage of the #VE functions of tdx.c by the KUnit suites.
#
# Usage: scripts/check-coverage.sh   (after scripts/apply-series.sh)
#   Builds the patched tree in out/cov with the test kernel's configuration
#   (which has CONFIG_GCOV_KERNEL) plus one local Makefile line that
#   profiles arch/x86/coco/tdx/tdx.o; the same configuration and relative
#   layout as out/linux and out/build, so ccache serves all but tdx.o.
#   Boots it so KUnit runs, pulls
#   tdx.gcda out of the guest and runs gcov.  Prints the coverage of each
#   #VE function and in total; the check fails below $COV_MIN percent
#   (default 90).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

COV_SRC=$BOUT/cov/linux
COV_BUILD=$BOUT/cov/build
min=${COV_MIN:-90}
# The #VE functions: emulation, decoding, dispatch, early handler, accounting
# and its readers.  Not here: tdx_early_handle_ve() and tdx_ve_debugfs_init(),
# which only a TD runs (TDG.VP.VEINFO.GET, X86_FEATURE_TDX_GUEST); ve_count()
# is inlined into its callers and has no lines of its own.
funcs="ve_hypercall ve_halt handle_halt read_msr write_msr handle_cpuid
mmio_read mmio_write handle_mmio handle_in handle_out handle_io ve_path
ve_result ve_stats_sum ve_stats_print ve_stats_show tdx_ve_stats_read
tdx_ve_stats_read_cpu early_handle_ve virt_exception_user
virt_exception_kernel tdx_handle_virt_exception is_private_gpa ve_instr_len"

series_checkout "$COV_SRC" || die "cannot check out the series in $COV_SRC"
# The same tree, configuration, guest and scripts measured before: the
# same figures (lib.sh, verdict_key; NOCACHE=1 measures again)
key=$(verdict_key "$(git -C "$COV_SRC" rev-parse HEAD^{tree})" "$min" "$funcs" \
	"$TOP/configs" "$TOP/tests/guest" "$TOP/scripts/check-coverage.sh" \
	"$TOP/scripts/build-kernel.sh" "$TOP/scripts/mkinitramfs.sh" \
	"$TOP/scripts/boot-qemu.sh" "$TOP/scripts/parse-results.py" \
	"$(gcc --version | head -n 1)" "$(qemu-system-x86_64 --version | head -n 1)")
verdict_get "coverage-$BASE" "$key" && exit 0

measure() {
	mk=$COV_SRC/arch/x86/coco/tdx/Makefile
	# Profile tdx.o of this directory only (a local edit of this checkout; the
	# decompressor's own tdx.o must stay unprofiled).
	grep -q '^GCOV_PROFILE_tdx.o' "$mk" || echo 'GCOV_PROFILE_tdx.o := y' >> "$mk"

	SRC=$COV_SRC BUILD=$COV_BUILD \
		"$TOP/scripts/build-kernel.sh" "$TOP/configs/tdx-ve-test.config" \
		"$TOP/configs/tdx-ve-series.config" ||
		die "coverage kernel build failed"
	"$TOP/scripts/mkinitramfs.sh" "$COV_BUILD/initramfs.cpio.gz"
	log=$COV_BUILD/log/console-gcov.log
	"$TOP/scripts/boot-qemu.sh" "$COV_BUILD/arch/x86/boot/bzImage" \
		"$COV_BUILD/initramfs.cpio.gz" "$log" tdxve.mode=gcov
	echo "console log: $log"

	obj=$COV_BUILD/arch/x86/coco/tdx
	rm -f "$obj/tdx.gcda"
	tr -d '\r' < "$log" | awk '/^TDXVE-GCDA-BEGIN .*\/tdx\.gcda$/ { on = 1; next }
	     /^TDXVE-GCDA-END/ { on = 0 } on' | base64 -d > "$obj/tdx.gcda" 2>/dev/null
	if [ ! -s "$obj/tdx.gcda" ]; then
		echo "FAIL coverage: no tdx.gcda in the guest's output"
		return 0
	fi
	report=$(cd "$obj" && gcov -f -n -o "$obj" "$COV_SRC/arch/x86/coco/tdx/tdx.c" 2>&1)
	awk -v funcs="$funcs" -v min="$min" '
		BEGIN { n = split(funcs, f, /[ \n]+/); for (i = 1; i <= n; i++) want[f[i]] = 1 }
		/^Function / { gsub(/\047/, "", $2); fn = $2; next }
		/^Lines executed:/ && fn != "" {
			split($2, a, ":"); pct = a[2] + 0; total = $4 + 0
			if (fn in want) {
				hit = int(pct * total / 100 + 0.5)
				printf "  %-28s %6.1f%% of %3d lines\n", fn, pct, total
				H += hit; T += total; seen[fn] = 1
			}
			fn = ""
		}
		END {
			for (k in want) if (!(k in seen)) printf "  %-28s not found in gcov output\n", k
			if (T == 0) { print "FAIL coverage: no #VE function in the gcov report"; exit }
			printf "coverage: #VE functions of tdx.c: %d of %d lines, %.1f%%\n", H, T, 100 * H / T
			if (100 * H / T >= min)
				printf "ok   coverage: #VE functions %.1f%% >= %d%%\n", 100 * H / T, min
			else
				printf "FAIL coverage: #VE functions %.1f%% < %d%%\n", 100 * H / T, min
		}' <<< "$report"
	python3 "$TOP/scripts/parse-results.py" --kunit-dir "$COV_SRC/tools/testing/kunit" "$log" |
		grep -E '^(FAIL|[0-9]+ passed)' | sed 's/^FAIL/FAIL coverage boot:/; s/^\([0-9]\)/    boot: \1/'
}

out=$(mktemp)
trap 'rm -f "$out"' EXIT
measure | tee "$out"
rc=${PIPESTATUS[0]}
[ "$rc" -eq 0 ] && ! grep -q '^FAIL' "$out" && verdict_put "coverage-$BASE" "$key" < "$out"
exit "$rc"
