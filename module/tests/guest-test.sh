#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# guest-test.sh [module.ko] - test tdx_ve_test.ko inside a (QEMU) guest.
#
# Runs as root in busybox sh with debugfs mounted at /sys/kernel/debug and
# QEMU's "-device edu -device pci-testdev".  Prints exactly one KTAP
# version 1 document on stdout; the module's own selftest report is
# embedded as a subtest, indented by four spaces as KUnit does.
# Exit status: 0 if every case passed or was skipped, 1 otherwise.

KO=${1:-/lib/modules/tdx_ve_test.ko}
D=/sys/kernel/debug/tdx
T=$D/trigger
MOD=tdx_ve_test
TMP=${TMPDIR:-/tmp}/tdx-ve-test.$$
PLAN=0
. "$(dirname "$0")/ktap.sh"

mkdir -p "$TMP" || exit 1
# stdout (often the same serial line) carries only the KTAP document
console_quiet
trap 'console_restore; rm -rf "$TMP"' EXIT

# wr FILE TEXT: write TEXT (echo -e escapes) in one write(2).  busybox's
# echo reports a failed write ("sh: write error: <strerror>"), its printf
# does not; the text lands in $WERR, the exit status says if it failed.
wr() {
	WERR=$( { echo -ne "$2" > "$1"; } 2>&1 )
	[ -z "$WERR" ]
}

# Keep everything the kernel logs for the final dmesg_clean check.
kclear() { dmesg -c >> "$TMP/klog"; }
loaded() { grep -q "^$MOD " /proc/modules; }
unload() { loaded && rmmod "$MOD"; }

# Triggers that run without opt-in and their count for the data checks.
SAFE_COUNT=1000

# ---------------------------------------------------------------------------
echo "KTAP version 1"
# Fixed cases + one per safe trigger + one per bad input + gated ones.
# The plan is printed once the trigger list is known (after insmod).

unload 2>/dev/null
kclear

if ! insmod "$KO" 2> "$TMP/err"; then
	echo "1..1"
	diag "insmod $KO: $(cat "$TMP/err")"
	not_ok insmod
	exit 1
fi

SAFE=$(awk 'NR > 1 && $7 == 1 { print $1 }' "$D/list")
NSAFE=$(echo "$SAFE" | wc -w)
GATED=$(awk 'NR > 1 && $7 == 0 { print $1 }' "$D/list")
NGATED=$(echo "$GATED" | wc -w)
# 10 fixed cases, the trigger cases, 20 bad inputs, gated runs.
PLAN=$((10 + NSAFE + 20 + NGATED))
echo "1..$PLAN"
ok insmod

# --- info ------------------------------------------------------------------
TDX_GUEST=$(awk '$1 == "tdx_guest" { print $2 }' "$D/info")
STATS_API=$(awk '$1 == "stats_api" { print $2 }' "$D/info")
diag "info - $(tr '\n' ' ' < "$D/info")"
case "$TDX_GUEST$STATS_API" in
[01][01]) ok info ;;
*) not_ok info ;;
esac

# --- stats format ----------------------------------------------------------
# Either the one "not available" line, or the header and one row per path
# with nine unsigned integers each.
stats_ok() {
	awk -v want="$1" '
	NR == 1 && /^stats: not available / { na = 1; next }
	NR == 1 {
		if ($1 != "path" || NF != 10) bad = 1
		next
	}
	{
		rows++
		if (NF != 10 || $1 !~ /^[a-z_]+$/) bad = 1
		for (i = 2; i <= NF; i++)
			if ($i !~ /^[0-9]+$/) bad = 1
	}
	END {
		if (na) exit (NR == 1 && want == 0) ? 0 : 1
		exit (!bad && rows == 11 && want == 1) ? 0 : 1
	}' "$2"
}
cat "$D/stats" > "$TMP/stats0"
stats_ok "$STATS_API" "$TMP/stats0"
check stats_format $?
[ "$STATS_API" = 1 ] || diag "stats file - $(cat "$TMP/stats0")"

# --- selftest (nested KTAP) ------------------------------------------------
cat "$D/selftest" > "$TMP/selftest" 2> "$TMP/err"
# KUnit layout: the nested version line, then "# Subtest:", then the rest.
sed -n '1s/^/    /p' "$TMP/selftest"
echo "    # Subtest: selftest"
sed '1d; s/^/    /' "$TMP/selftest"
ST_CASES=$(grep -cE '^(not )?ok [0-9]+ ' "$TMP/selftest")
ST_FAIL=$(grep -cE '^not ok ' "$TMP/selftest")
if head -n 1 "$TMP/selftest" | grep -q '^KTAP version 1$' &&
   [ "$ST_CASES" -ge 20 ] && [ "$ST_FAIL" -eq 0 ]; then
	ok selftest
else
	diag "selftest - $ST_CASES cases, $ST_FAIL failed $(cat "$TMP/err")"
	not_ok selftest
fi

# --- every safe trigger verifies its data ----------------------------------
field() { awk -v k="$1:" '$1 == k { sub(/^[^:]*: /, ""); print; exit }' "$2"; }

for t in $SAFE; do
	if wr "$T/$t" "$SAFE_COUNT\n"; then rc=0; else rc=1; fi
	cat "$T/$t" > "$TMP/res"
	st=$(field status "$TMP/res")
	ve=$(field ve_check "$TMP/res")
	if [ $rc = 0 ] && [ "$st" = ok ] &&
	   [ "$(field done "$TMP/res")" = "$SAFE_COUNT" ] &&
	   [ "$(field data_check "$TMP/res")" = ok ] &&
	   { [ "$TDX_GUEST" = 1 ] || [ "$STATS_API" = 0 ] ||
	     [ "$ve" = "native (not a TDX guest)" ]; }; then
		ok "trigger_$t"
		diag "$t - $(field cycles "$TMP/res"); ve $ve"
	else
		diag "$t - write '$WERR' status '$st' data" \
		     "'$(field data_check "$TMP/res")' ve '$ve'"
		not_ok "trigger_$t"
	fi
done

# --- counters never go backwards -------------------------------------------
cat "$D/stats" > "$TMP/stats1"
if [ "$STATS_API" = 1 ]; then
	awk 'NR == FNR { for (i = 2; i <= NF; i++) a[FNR, i] = $i; next }
	     FNR > 1 { for (i = 2; i <= NF; i++) if ($i < a[FNR, i]) bad = 1 }
	     END { exit bad }' "$TMP/stats0" "$TMP/stats1"
	check stats_monotonic $?
else
	skip stats_monotonic "stats: not available (kernel lacks the tdx-ve series)"
fi

# --- bad input: errno and the one-line reason in dmesg ---------------------
# bad NAME FILE INPUT ERRNO_TEXT DMESG_TEXT
bad() {
	kclear
	if wr "$2" "$3"; then
		diag "$1 - accepted"
		not_ok "bad_input_$1"
		return
	fi
	if ! echo "$WERR" | grep -qF "$4"; then
		diag "$1 - '$WERR', want '$4'"
		not_ok "bad_input_$1"
		return
	fi
	if ! dmesg | grep -qF "$MOD: $5"; then
		diag "$1 - no '$5' in dmesg"
		not_ok "bad_input_$1"
		return
	fi
	ok "bad_input_$1"
}
EINVAL="Invalid argument"
ERANGE="Numerical result out of range"
E2BIG="Argument list too long"
LONG=$(printf '%070d' 1)
F=$T/cpuid_leaf0
bad empty "$F" '\n' "$EINVAL" "cpuid_leaf0: empty input"
bad blank "$F" '   \t \n' "$EINVAL" "cpuid_leaf0: empty input"
bad garbage "$F" 'abc\n' "$EINVAL" "cpuid_leaf0: count 'abc' is not a decimal number"
bad overlong "$F" "$LONG" "$E2BIG" "cpuid_leaf0: input of 70 bytes exceeds 64"
bad negative "$F" '-5\n' "$ERANGE" "cpuid_leaf0: negative count '-5'"
bad zero "$F" '0\n' "$ERANGE" "cpuid_leaf0: count must be at least 1"
bad huge "$F" '10000001\n' "$ERANGE" "cpuid_leaf0: count 10000001 above maximum 10000000"
bad overflow "$F" '99999999999999999999999\n' "$ERANGE" "cpuid_leaf0: count '99999999999999999999999' overflows"
bad hex "$F" '0x10\n' "$EINVAL" "cpuid_leaf0: count '0x10' is not a decimal number"
bad plus "$F" '+5\n' "$EINVAL" "cpuid_leaf0: count '+5' is not a decimal number"
bad decimal_point "$F" '1.5\n' "$EINVAL" "cpuid_leaf0: count '1.5' is not a decimal number"
bad trailing_junk "$F" '10abc\n' "$EINVAL" "cpuid_leaf0: count '10abc' is not a decimal number"
bad two_counts "$F" '10 20\n' "$EINVAL" "cpuid_leaf0: trailing junk after count '10'"
bad control_char "$F" '\0001 5\n' "$EINVAL" "cpuid_leaf0: non-printable byte 0x01 at 0"
bad high_byte "$F" '5\0377\n' "$EINVAL" "cpuid_leaf0: non-printable byte 0xff at 1"
bad name_on_trigger "$F" 'cpuid_leaf0 5\n' "$EINVAL" "cpuid_leaf0: trailing junk after count 'cpuid_leaf0'"
bad run_unknown "$D/run" 'nosuch 5\n' "$EINVAL" "run: unknown trigger 'nosuch'"
bad run_missing_count "$D/run" 'cpuid_leaf0\n' "$EINVAL" "run: missing count after 'cpuid_leaf0'"
bad run_long_name "$D/run" "$(printf '%040d' 0) 5\n" "$EINVAL" "run: trigger name too long"
bad gated "$D/run" 'hlt_sti 1\n' "Operation not permitted" "run: hlt_sti needs module parameter hlt=1"

# --- no device: unbind pci-testdev, expect ENODEV and "skipped" -------------
DEV=$(awk '$1 == "pci_testdev" { print $2 }' "$D/info")
DRV=/sys/bus/pci/drivers/$MOD
if [ -e "$DRV/$DEV" ]; then
	echo "$DEV" > "$DRV/unbind"
	kclear
	wr "$T/io_in8" '10\n'
	st=$(field status "$T/io_in8")
	echo "$DEV" > "$DRV/bind"
	if echo "$WERR" | grep -qF "No such device" &&
	   [ "$st" = "skipped: no test device" ] &&
	   dmesg | grep -qF "$MOD: io_in8: no test device for io_in8" &&
	   wr "$T/io_in8" '10\n'; then
		ok no_device
	else
		diag "no_device - '$WERR' status '$st'"
		not_ok no_device
	fi
else
	skip no_device "pci-testdev not bound"
fi

# --- concurrent writers and readers ----------------------------------------
PIDS=
for w in 1 2 3 4; do
	(
		i=0
		while [ $i -lt 15 ]; do
			for t in io_in8 mmio_write32 cpuid_hv_base mmio_movsx8; do
				wr "$D/run" "$t 50\n" || exit 1
			done
			i=$((i + 1))
		done
	) &
	PIDS="$PIDS $!"
done
for r in 1 2; do
	(
		i=0
		while [ $i -lt 60 ]; do
			cat "$D/stats" "$D/run" "$T/io_in8" > /dev/null || exit 1
			i=$((i + 1))
		done
	) &
	PIDS="$PIDS $!"
done
rc=0
for p in $PIDS; do wait "$p" || rc=1; done
cat "$D/stats" > "$TMP/stats2"
if [ "$STATS_API" = 1 ]; then
	awk 'NR == FNR { for (i = 2; i <= NF; i++) a[FNR, i] = $i; next }
	     FNR > 1 { for (i = 2; i <= NF; i++) if ($i < a[FNR, i]) bad = 1 }
	     END { exit bad }' "$TMP/stats1" "$TMP/stats2" || rc=1
fi
check concurrent $rc

# --- hlt=1 allow_failing=1: the gated triggers -----------------------------
unload
if insmod "$KO" hlt=1 allow_failing=1; then
	for t in $GATED; do
		if wr "$T/$t" '5\n' &&
		   [ "$(field status "$T/$t")" = ok ]; then
			ok "trigger_$t"
			diag "$t - $(field data_check "$T/$t"); $(field ve_check "$T/$t")"
		else
			diag "$t - '$WERR' $(field status "$T/$t") $(field data_check "$T/$t")"
			not_ok "trigger_$t"
		fi
	done
else
	for t in $GATED; do not_ok "trigger_$t"; done
fi

# --- rmmod while a file is open --------------------------------------------
# The open file pins the module (debugfs proxy fops, .owner), so rmmod must
# fail cleanly; if it ever succeeds, reading the stale fd must fail.
exec 3< "$D/stats"
if rmmod "$MOD" 2> /dev/null; then
	if cat <&3 > /dev/null 2>&1; then rc=1; else rc=0; fi
	diag "rmmod succeeded with the file open; read failed as it should"
else
	cat <&3 > /dev/null 2>&1
	rc=$?
	diag "rmmod refused while the file is open (module in use)"
fi
exec 3<&-
unload || rc=1
check rmmod_while_open $rc

# --- insmod/rmmod x100 ------------------------------------------------------
load_cycles 100 "$KO" "$MOD"
check insmod_rmmod_x100 $?

# --- kernel log stays clean ------------------------------------------------
kclear
splat_free dmesg_clean "$TMP/klog"

ktap_done "$PLAN"
