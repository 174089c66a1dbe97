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
R=$D/result
MOD=tdx_ve_test
DRV=/sys/bus/pci/drivers/$MOD
PARAMS=/sys/module/$MOD/parameters
TMP=${TMPDIR:-/tmp}/tdx-ve-test.$$
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
field() { awk -v k="$1:" '$1 == k { sub(/^[^:]*: /, ""); print; exit }' "$2"; }

# Triggers run with this count for the data and #VE checks.
COUNT=1000

# ---------------------------------------------------------------------------
echo "KTAP version 1"
unload 2>/dev/null
kclear

if ! insmod "$KO" 2> "$TMP/err"; then
	echo "1..1"
	diag "insmod $KO: $(cat "$TMP/err")"
	not_ok insmod
	exit 1
fi

# list: name category paths target runs_here why
SAFE=$(awk 'NR > 1 && $5 == "yes" { print $1 }' "$D/list")
NSAFE=$(echo "$SAFE" | wc -w)
GATED=$(awk 'NR > 1 && / needs module parameter / { print $1 }' "$D/list")
NGATED=$(echo "$GATED" | wc -w)
# 16 fixed cases, the trigger cases, 23 bad inputs, gated runs.
PLAN=$((16 + NSAFE + 23 + NGATED))
echo "1..$PLAN"
ok insmod

# --- info, list ----------------------------------------------------------
TDX_GUEST=$(awk '$1 == "tdx_guest" { print $2 }' "$D/info")
COUNTERS=$(awk '$1 == "counters" { print $2 }' "$D/info")
diag "info - $(tr '\n' ' ' < "$D/info")"
case "$TDX_GUEST:$COUNTERS" in
[01]:none|[01]:probe|[01]:kernel) ok info ;;
*) not_ok info ;;
esac
diag "list - $NSAFE of $(($(wc -l < "$D/list") - 1)) triggers run here"
awk 'NR > 1 && $5 != "yes" { $2 = $3 = $4 = ""; print "# not here: " $0 }' "$D/list"
check list_format "$(awk 'NR == 1 { bad = $0 != "name category paths target runs_here why"; next }
	NF < 6 || ($5 != "yes" && $5 != "no") { bad = 1 } END { exit bad }' "$D/list"; echo $?)"

# --- stats format ----------------------------------------------------------
# Either the one "not available" line, or "# source: ...", the header and
# one row per path with nine unsigned integers each.
stats_ok() {
	awk -v src="$1" '
	NR == 1 && /^stats: not available / { na = 1; next }
	NR == 1 { if ($0 !~ "^# source: " src " ") bad = 1; next }
	NR == 2 { if ($1 != "path" || NF != 10) bad = 1; next }
	{
		rows++
		if (NF != 10 || $1 !~ /^[a-z_]+$/) bad = 1
		for (i = 2; i <= NF; i++)
			if ($i !~ /^[0-9]+$/) bad = 1
	}
	END {
		if (na) exit (NR == 1 && src == "none") ? 0 : 1
		exit (!bad && rows == 11) ? 0 : 1
	}' "$2"
}
cat "$D/stats" > "$TMP/stats0"
stats_ok "$COUNTERS" "$TMP/stats0"
check stats_format $?
diag "stats - $(head -n 1 "$TMP/stats0")"

# --- nothing runs on open or read -------------------------------------------
grep -r . "$D" > /dev/null 2>&1
check nothing_runs_on_read "$(grep -q '^# selftest not run' "$R/selftest" &&
	grep -qx 'status: not run' "$R/last"; echo $?)"

# --- selftest (a write runs it; nested KTAP) --------------------------------
wr "$D/selftest" '1\n'
cat "$R/selftest" > "$TMP/selftest"
# KUnit layout: the nested version line, then "# Subtest:", then the rest.
sed -n '1s/^/    /p' "$TMP/selftest"
echo "    # Subtest: selftest"
sed '1d; s/^/    /' "$TMP/selftest"
ST_CASES=$(grep -cE '^(not )?ok [0-9]+ ' "$TMP/selftest")
ST_FAIL=$(grep -cE '^not ok ' "$TMP/selftest")
if [ -z "$WERR" ] && head -n 1 "$TMP/selftest" | grep -q '^KTAP version 1$' &&
   [ "$ST_CASES" -ge 60 ] && [ "$ST_FAIL" -eq 0 ]; then
	ok selftest
else
	diag "selftest - write '$WERR', $ST_CASES cases, $ST_FAIL failed"
	not_ok selftest
fi

# --- every trigger that runs here verifies its data and #VEs ---------------
for t in $SAFE; do
	if wr "$D/run" "$t $COUNT\n"; then rc=0; else rc=1; fi
	cat "$R/$t" > "$TMP/res"
	st=$(field status "$TMP/res")
	ve=$(field ve_check "$TMP/res")
	clean=$(field ve_clean "$TMP/res")
	if [ $rc = 0 ] && [ "$st" = ok ] &&
	   [ "$(field done "$TMP/res")" = "$COUNT" ] &&
	   [ "$(field data_check "$TMP/res")" = ok ] &&
	   { [ "$COUNTERS" = none ] || [ "$clean" = "$COUNT of $COUNT" ]; } &&
	   case "$ve" in exact:*|differs:*|unknown:*) true ;; *) false ;; esac; then
		ok "trigger_$t"
		diag "$t - $(field cycles "$TMP/res"); #VE $ve"
	else
		diag "$t - write '$WERR' status '$st' data" \
		     "'$(field data_check "$TMP/res")' #VE '$ve' clean '$clean'"
		not_ok "trigger_$t"
	fi
done

# --- counters never go backwards -------------------------------------------
cat "$D/stats" > "$TMP/stats1"
monotonic() {
	awk 'NR == FNR { for (i = 2; i <= NF; i++) a[FNR, i] = $i; next }
	     FNR > 2 { for (i = 2; i <= NF; i++) if ($i < a[FNR, i]) bad = 1 }
	     END { exit bad }' "$1" "$2"
}
if [ "$COUNTERS" != none ]; then
	monotonic "$TMP/stats0" "$TMP/stats1"
	check stats_monotonic $?
else
	skip stats_monotonic "no #VE counters"
fi

# --- bad input: errno and the one-line reason (with errno) in dmesg ---------
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
		diag "$1 - no '$5' in dmesg: $(dmesg | tail -n 1)"
		not_ok "bad_input_$1"
		return
	fi
	ok "bad_input_$1"
}
EINVAL="Invalid argument"
ERANGE="Numerical result out of range"
E2BIG="Argument list too long"
LONG=$(printf '%070d' 1)
F=$D/run
bad empty "$F" '\n' "$EINVAL" "run: empty input (-EINVAL)"
bad blank "$F" '   \t \n' "$EINVAL" "run: empty input (-EINVAL)"
bad garbage "$F" 'null abc\n' "$EINVAL" "run: count 'abc' is not a decimal number (-EINVAL)"
bad overlong "$F" "$LONG" "$E2BIG" "run: input of 70 bytes exceeds 64 (-E2BIG)"
bad negative "$F" 'null -5\n' "$ERANGE" "run: negative count '-5' (-ERANGE)"
bad zero "$F" 'null 0\n' "$ERANGE" "run: count must be at least 1 (-ERANGE)"
bad huge "$F" 'null 10000001\n' "$ERANGE" "run: count 10000001 above maximum 10000000 (-ERANGE)"
bad overflow "$F" 'null 99999999999999999999999\n' "$ERANGE" "run: count '99999999999999999999999' overflows (-ERANGE)"
bad hex "$F" 'null 0x10\n' "$EINVAL" "run: count '0x10' is not a decimal number (-EINVAL)"
bad plus "$F" 'null +5\n' "$EINVAL" "run: count '+5' is not a decimal number (-EINVAL)"
bad decimal_point "$F" 'null 1.5\n' "$EINVAL" "run: count '1.5' is not a decimal number (-EINVAL)"
bad trailing_junk "$F" 'null 10abc\n' "$EINVAL" "run: count '10abc' is not a decimal number (-EINVAL)"
bad two_counts "$F" 'null 10 20\n' "$EINVAL" "run: trailing junk after count '10' (-EINVAL)"
bad control_char "$F" '\0001 5\n' "$EINVAL" "run: non-printable byte 0x01 at 0 (-EINVAL)"
bad high_byte "$F" 'null 5\0377\n' "$EINVAL" "run: non-printable byte 0xff at 6 (-EINVAL)"
bad unknown "$F" 'nosuch 5\n' "$EINVAL" "run: unknown trigger 'nosuch' (-EINVAL)"
bad missing_count "$F" 'null\n' "$EINVAL" "run: missing count after 'null' (-EINVAL)"
bad long_name "$F" "$(printf '%040d' 0) 5\n" "$EINVAL" "run: trigger name too long (-EINVAL)"
bad over_trigger_max "$F" 'hlt_sti 1001\n' "$ERANGE" "run: count 1001 above hlt_sti maximum 1000 (-ERANGE)"
bad gated "$F" 'io_string_in 1\n' "Operation not permitted" "run: io_string_in: needs module parameter allow_failing=1 (-EPERM)"
bad selftest_other "$D/selftest" 'yes\n' "$EINVAL" "selftest: write 1 to run the selftest, not 'yes' (-EINVAL)"
bad selftest_empty "$D/selftest" '\n' "$EINVAL" "selftest: write 1 to run the selftest, not '' (-EINVAL)"
# Read-only files have no write method at all.
if wr "$D/stats" '1\n' || wr "$R/null" '1\n'; then
	not_ok bad_input_readonly
else
	ok bad_input_readonly
fi

# --- the probe binds to QEMU's devices only --------------------------------
BRIDGE=$(ls /sys/bus/pci/devices | head -n 1)
if [ -e "/sys/bus/pci/devices/$BRIDGE/driver" ]; then
	skip probe_rejects_foreign "$BRIDGE has a driver"
else
	kclear
	echo "$MOD" > "/sys/bus/pci/devices/$BRIDGE/driver_override"
	wr "$DRV/bind" "$BRIDGE"
	echo > "/sys/bus/pci/devices/$BRIDGE/driver_override"
	diag "bind $BRIDGE: '$WERR'"
	check probe_rejects_foreign "$([ ! -e "$DRV/$BRIDGE" ] &&
		dmesg | grep -q "$BRIDGE: not a QEMU edu or pci-testdev, not binding"; echo $?)"
fi

# --- no device: unbind pci-testdev, expect ENODEV and the reason ------------
DEV=$(awk '$1 == "pci-testdev-io" { print $2 }' "$D/info")
if [ -e "$DRV/$DEV" ]; then
	echo "$DEV" > "$DRV/unbind"
	kclear
	wr "$D/run" 'io_in8 10\n'
	st=$(field status "$R/io_in8")
	echo "$DEV" > "$DRV/bind"
	if echo "$WERR" | grep -qF "No such device" &&
	   [ "$st" = "skipped: no QEMU pci-testdev (-device pci-testdev)" ] &&
	   dmesg | grep -qF "$MOD: run: io_in8: no QEMU pci-testdev (-device pci-testdev) (-ENODEV)" &&
	   wr "$D/run" 'io_in8 10\n'; then
		ok no_device
	else
		diag "no_device - '$WERR' status '$st'"
		not_ok no_device
	fi
else
	skip no_device "pci-testdev not bound"
fi

# --- unbind during a long run: the run stops, unbind does not hang ----------
if [ -e "$DRV/$DEV" ]; then
	( echo io_in8 10000000 > "$D/run" ) 2> "$TMP/long.err" &
	wpid=$!
	usleep 500000
	t0=$(date +%s)
	echo "$DEV" > "$DRV/unbind"
	t1=$(date +%s)
	wait "$wpid"
	st=$(field status "$R/io_in8")
	diag "unbind during a run: $((t1 - t0))s, status '$st', write '$(cat "$TMP/long.err")'"
	echo "$DEV" > "$DRV/bind"
	check unbind_during_run "$([ $((t1 - t0)) -le 2 ] &&
		case $st in "device removed after "*) true ;; *) false ;; esac &&
		grep -q "No such device" "$TMP/long.err"; echo $?)"
else
	skip unbind_during_run "pci-testdev not bound"
fi

# --- the time budget stops a long run --------------------------------------
echo 200 > "$PARAMS/budget_ms"
wr "$D/run" 'null 10000000\n'
st=$(field status "$R/null")
echo 10000 > "$PARAMS/budget_ms"
diag "budget 200 ms: '$WERR', status '$st', $(field elapsed_ms "$R/null") ms"
check budget "$(echo "$WERR" | grep -q 'Timer expired' &&
	case $st in "budget: stopped after "*" of 10000000") true ;; *) false ;; esac; echo $?)"

# --- concurrent writers and readers ----------------------------------------
PIDS=
for w in 1 2 3 4; do
	(
		i=0
		while [ $i -lt 15 ]; do
			for t in pci_cfg_read mmio_write32 cpuid_hv_base mmio_movsx8; do
				grep -q "^$t .* yes " "$D/list" || continue
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
			cat "$D/stats" "$R/last" "$R/pci_cfg_read" > /dev/null || exit 1
			i=$((i + 1))
		done
	) &
	PIDS="$PIDS $!"
done
rc=0
for p in $PIDS; do wait "$p" || rc=1; done
cat "$D/stats" > "$TMP/stats2"
[ "$COUNTERS" = none ] || monotonic "$TMP/stats1" "$TMP/stats2" || rc=1
check concurrent $rc

# --- hlt=1 allow_failing=1 and run= at load: the gated triggers -------------
unload
kclear
if insmod "$KO" hlt=1 allow_failing=1 run=null:10,nosuch:1; then
	check load_time_run "$(dmesg | grep -q "$MOD: run=null:10: ok; #VE" &&
		dmesg | grep -q "$MOD: run=: unknown trigger 'nosuch' (-EINVAL)"; echo $?)"
	for t in $GATED; do
		if wr "$D/run" "$t 5\n" &&
		   [ "$(field status "$R/$t")" = ok ]; then
			ok "trigger_$t"
			diag "$t - $(field data_check "$R/$t"); #VE $(field ve_check "$R/$t")"
		else
			diag "$t - '$WERR' $(field status "$R/$t") $(field data_check "$R/$t")"
			not_ok "trigger_$t"
		fi
	done
else
	not_ok load_time_run
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
