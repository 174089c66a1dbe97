#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# stress.sh [module.ko] - concurrency, load/unload and input fuzzing of
# tdx_ve_test.ko (tdxve.mode=stress; scripts/check-stress.sh boots it with
# -smp 4 and kunit.enable=0).  Busybox sh, as root, debugfs mounted.
# Prints one KTAP version 1 document; exit status 0 if every case passed.
#
#   1. For STRESS_SECONDS (default 20) one writer and one reader per CPU
#      (pinned with taskset when there is one): writers fire small runs
#      through run, readers read stats, info, list, result files and
#      run the selftest (a write); a sampler reads stats over and
#      over and checks that no counter ever decreases.
#   2. rmmod while a file is open, and while a run is in flight.
#   3. insmod/rmmod x100, then x20 with readers racing the removal.
#   4. FUZZ_WRITES (default 1200) random writes (bytes from /dev/urandom,
#      0..8192 long) over every writable file: each is accepted or
#      rejected with a documented errno.
#   5. The module still works and the kernel log has no splat.
#
# On a guest that is not a TDX guest the #VE counters stay 0; the
# monotonic check matters on TDX and must simply hold here.
#
# Internal: stress.sh --worker KIND CPU END DIR (KIND: writer, reader,
# sampler, fuzz, racer) runs one background job.

D=/sys/kernel/debug/tdx
RES=$D/result
MOD=tdx_ve_test

now() { read -r up _ < /proc/uptime; echo "${up%%.*}"; }
# Seconds since boot without a fork, into $NOW.
tick() { read -r up _ < /proc/uptime; NOW=${up%%.*}; }
# rnd N: a number 0..N-1 into $R (ash's $RANDOM when it has one).
if [ -n "$RANDOM" ]; then
	rnd() { R=$((RANDOM % $1)); }
else
	rnd() { R=$(($(od -An -N2 -tu2 /dev/urandom) % $1)); }
fi
# pick WORDS...: one of the words into $P.
pick() { rnd $#; shift $R; P=$1; }

# --- workers ---------------------------------------------------------------
if [ "$1" = --worker ]; then
	kind=$2 cpu=$3 end=$4 W=$5
	res=$W/$kind.$cpu
	ops=0
	bad=0
	SAFE=$(cat "$W/safe")
	tick
	case $kind in
	writer)
		# "name N" with a small N to run.
		while [ "$NOW" -lt "$end" ]; do
			pick $SAFE
			rnd 16
			n=$((R + 1))
			echo "$P $n" > "$D/run" 2>> "$res.err" || bad=$((bad + 1))
			ops=$((ops + 1))
			tick
		done
		;;
	reader)
		# Whole-file reads (cat) and byte-by-byte reads (read builtin).
		while [ "$NOW" -lt "$end" ]; do
			pick $SAFE
			cat "$D/stats" "$D/info" "$D/list" "$RES/last" "$RES/$P" \
				> /dev/null 2>> "$res.err" || bad=$((bad + 1))
			while read -r l; do :; done < "$D/stats" ||
				bad=$((bad + 1))
			while read -r l; do :; done < "$RES/$P" ||
				bad=$((bad + 1))
			if [ $((ops % 8)) = 0 ]; then
				{ echo 1 > "$D/selftest" &&
				  cat "$RES/selftest" > "$W/selftest.$cpu"; } 2>> "$res.err" ||
					bad=$((bad + 1))
				if [ "$(cat "$W/tdx_guest")" = 0 ] &&
				   grep -q '^not ok' "$W/selftest.$cpu"; then
					grep '^not ok' "$W/selftest.$cpu" >> "$res.err"
					bad=$((bad + 1))
				fi
			fi
			ops=$((ops + 1))
			tick
		done
		;;
	sampler)
		# Every sample well-formed, no counter below the previous sample.
		cat "$D/stats" > "$W/s.prev"
		while [ "$NOW" -lt "$end" ]; do
			cat "$D/stats" > "$W/s.cur"
			if ! awk '/^#/ { next }
			     NR == FNR { for (i = 2; i <= NF; i++) a[FNR, i] = $i; next }
			     $1 == "path" { if (NF != 10) bad = 1; next }
			     { rows++
			       if (NF != 10) bad = 1
			       for (i = 2; i <= NF; i++)
				       if ($i !~ /^[0-9]+$/ || $i + 0 < a[FNR, i] + 0) bad = 1 }
			     END { exit (bad || rows != 11) }' "$W/s.prev" "$W/s.cur"; then
				bad=$((bad + 1))
				[ $bad -le 3 ] && cp "$W/s.prev" "$W/bad.$bad.prev" &&
					cp "$W/s.cur" "$W/bad.$bad.cur"
			fi
			mv "$W/s.cur" "$W/s.prev"
			ops=$((ops + 1))
			tick
		done
		;;
	fuzz)
		# $end is the number of writes here.  One write(2) each (dd
		# bs=len) from /dev/urandom bytes: raw, 0..72 long (around the
		# 64-byte limit), 62..67 or 0..8192; printable ones (digits,
		# letters, blanks, "+-._"), 0..72 long, to get into the parser;
		# digits, 1..3 long, which mostly run a trigger.
		FILES=$(cat "$W/writable")
		: > "$W/errno.$cpu"
		while [ "$ops" -lt "$end" ]; do
			pick $FILES
			pool=$W/pool
			rnd 5
			case $R in
			0) rnd 73; len=$R ;;
			1) rnd 6; len=$((R + 62)) ;;
			2) rnd 8193; len=$R ;;
			3) rnd 73; len=$R; pool=$W/ppool ;;
			*) rnd 3; len=$((R + 1)); pool=$W/dpool ;;
			esac
			rnd 57000
			off=$R
			if [ "$len" = 0 ]; then
				# busybox cannot write(2) 0 bytes: open, close.
				: > "$P"
				e=0
			elif dd if="$pool" of="$P" bs="$len" count=1 skip="$off" \
				iflag=skip_bytes conv=notrunc 2> "$W/dd.$cpu"; then
				e=0
			else
				e=$(sed -n 's/^dd: error writing .*: //p' "$W/dd.$cpu")
				[ -n "$e" ] || e="other: $(cat "$W/dd.$cpu")"
			fi
			echo "$e" >> "$W/errno.$cpu"
			ops=$((ops + 1))
		done
		;;
	racer)
		# Open and read the module's files while it is loaded and
		# removed; failures are expected, crashes are not.
		while [ ! -e "$W/stop" ]; do
			cat "$D/stats" "$D/list" "$RES/cpuid_leaf0" > /dev/null 2>&1
			ops=$((ops + 1))
		done
		;;
	esac
	echo "$ops $bad" > "$res"
	exit 0
fi

# --- main ------------------------------------------------------------------
KO=${1:-/lib/modules/tdx_ve_test.ko}
STRESS_SECONDS=${STRESS_SECONDS:-20}
FUZZ_WRITES=${FUZZ_WRITES:-1200}
W=${TMPDIR:-/tmp}/stress.$$
PLAN=17
. "$(dirname "$0")/ktap.sh"
rm -rf "$W"
mkdir -p "$W" || exit 1
console_quiet
trap 'console_restore; rm -rf "$W"' EXIT

loaded() { grep -q "^$MOD " /proc/modules; }
# sum FILES...: add up "ops bad" result files into $OPS and $BAD.
sum() {
	OPS=0 BAD=0
	for f in "$@"; do
		[ -f "$f" ] || { BAD=$((BAD + 1)); continue; }
		read -r o b < "$f"
		OPS=$((OPS + o)) BAD=$((BAD + b))
	done
}
# spawn CPU ARGS...: run "$0 --worker ARGS" in the background on CPU.
spawn() {
	c=$1
	shift
	if [ -n "$TASKSET" ]; then
		taskset -c "$c" sh "$0" --worker "$@" &
	else
		sh "$0" --worker "$@" &
	fi
	PIDS="$PIDS $!"
}
waitall() {
	for p in $PIDS; do wait "$p"; done
	PIDS=
}
field() { awk -v k="$1:" '$1 == k { sub(/^[^:]*: /, ""); print; exit }' "$2"; }

echo "KTAP version 1"
echo "1..$PLAN"

# --- 1: setup --------------------------------------------------------------
loaded && rmmod "$MOD"
if ! insmod "$KO" 2> "$W/err"; then
	diag "insmod $KO: $(cat "$W/err")"
	not_ok insmod
	exit 1
fi
ok insmod
NCPU=$(grep -c '^processor' /proc/cpuinfo)
TASKSET=
command -v taskset > /dev/null && taskset -c 0 true 2> /dev/null && TASKSET=1
diag "cpus $NCPU, pinned ${TASKSET:-no (no taskset)}, ${STRESS_SECONDS}s"
check smp "$([ "$NCPU" -ge 2 ]; echo $?)"
TDX_GUEST=$(awk '$1 == "tdx_guest" { print $2 }' "$D/info")
COUNTERS=$(awk '$1 == "counters" { print $2 }' "$D/info")
echo "$TDX_GUEST" > "$W/tdx_guest"
awk 'NR > 1 && $5 == "yes" { print $1 }' "$D/list" > "$W/safe"
diag "tdx_guest $TDX_GUEST counters $COUNTERS, $(wc -w < "$W/safe") triggers run here"

# --- 2: writers, readers and the sampler on every CPU ----------------------
cat "$D/stats" > "$W/stats.before"
end=$(($(now) + STRESS_SECONDS))
PIDS=
c=0
while [ $c -lt "$NCPU" ]; do
	spawn $c writer $c $end "$W"
	spawn $c reader $c $end "$W"
	c=$((c + 1))
done
spawn 0 sampler 0 $end "$W"
waitall
sum "$W"/writer.[0-9]*
diag "writers: $OPS writes, $BAD failed"
# On TDX a concurrent #VE on the same path makes a run's delta too large
# (-EIO, see Documentation/module.rst); elsewhere every write must pass.
if [ "$TDX_GUEST" = 1 ]; then
	cat "$W"/writer.*.err 2>/dev/null | grep -v 'Input/output error' > "$W/werr"
else
	cat "$W"/writer.*.err > "$W/werr" 2>/dev/null
fi
[ -s "$W/werr" ] && diag "writer: $(sort "$W/werr" | uniq -c | head -n 3 | tr '\n' ';')"
check stress_writers "$([ "$OPS" -ge "$NCPU" ] && [ ! -s "$W/werr" ]; echo $?)"
sum "$W"/reader.[0-9]*
diag "readers: $OPS rounds, $BAD failed"
[ "$BAD" = 0 ] || diag "reader: $(cat "$W"/reader.*.err | head -n 3 | tr '\n' ';')"
check stress_readers "$([ "$OPS" -ge "$NCPU" ] && [ "$BAD" = 0 ]; echo $?)"
sum "$W"/sampler.0
diag "sampler: $OPS samples, $BAD decreased or malformed"
if [ "$COUNTERS" != none ]; then
	for f in "$W"/bad.*.prev; do
		[ -f "$f" ] || continue
		diag "before: $(tr '\n' ' ' < "$f")"
		diag "after:  $(tr '\n' ' ' < "${f%.prev}.cur")"
	done
	check stats_monotonic_sampled "$([ "$OPS" -ge 5 ] && [ "$BAD" = 0 ]; echo $?)"
else
	skip stats_monotonic_sampled "no #VE counters"
fi
cat "$D/stats" > "$W/stats.after"

# --- 3: rmmod while a file is open -----------------------------------------
# The open file pins the module: rmmod must fail cleanly; if it ever
# succeeds, reading the stale fd must fail, not crash.
exec 3< "$D/stats"
if rmmod "$MOD" 2> "$W/err"; then
	if cat <&3 > /dev/null 2>&1; then rc=1; else rc=0; fi
	diag "rmmod with stats open: succeeded, stale read rc $rc"
else
	cat <&3 > /dev/null 2>&1
	rc=$?
	diag "rmmod with stats open: $(cat "$W/err")"
fi
exec 3<&-
loaded && { rmmod "$MOD" || rc=1; }
check rmmod_while_open $rc

# --- 4: rmmod while a run is in flight, then a fatal signal ----------------
# pci_cfg_read 10000000 runs for seconds (up to the budget); SIGKILL stops it
# (checked every 64 operations) with "interrupted after K".
rc=0
if insmod "$KO"; then
	sh -c "echo pci_cfg_read 10000000 > $D/run" 2> /dev/null &
	wpid=$!
	usleep 500000
	if rmmod "$MOD" 2> "$W/err"; then
		diag "rmmod during a run: succeeded"
	else
		diag "rmmod during a run: $(cat "$W/err")"
	fi
	kill -9 "$wpid" 2> /dev/null
	wait "$wpid" 2> /dev/null
	if loaded; then
		st=$(field status "$RES/pci_cfg_read")
		diag "pci_cfg_read after SIGKILL: status '$st'"
		case $st in "interrupted after "*|ok) ;; *) rc=1 ;; esac
		rmmod "$MOD" || rc=1
	fi
else
	rc=1
fi
check rmmod_during_run $rc

# --- 5: insmod/rmmod x100, then x20 racing readers -------------------------
t0=$(now)
load_cycles 100 "$KO" "$MOD"
rc=$?
diag "insmod/rmmod: $i cycles in $(($(now) - t0))s"
check insmod_rmmod_x100 $rc

rc=0
retries=0
rm -f "$W/stop"
PIDS=
c=1
while [ $c -lt "$NCPU" ] || [ $c = 1 ]; do
	spawn $((c % NCPU)) racer $c 0 "$W"
	c=$((c + 1))
done
i=0
while [ $i -lt 20 ]; do
	insmod "$KO" || { rc=1; break; }
	# A racer that holds a file open pins the module for a moment.
	k=0
	while ! rmmod "$MOD" 2> /dev/null; do
		k=$((k + 1))
		[ $k -ge 100 ] && { rc=1; break 2; }
		usleep 10000
	done
	retries=$((retries + k))
	i=$((i + 1))
done
touch "$W/stop"
waitall
loaded && rmmod "$MOD"
[ -e "$D" ] && rc=1
sum "$W"/racer.[0-9]*
diag "insmod/rmmod racing readers: $i cycles, $retries busy retries, $OPS reader rounds"
check insmod_rmmod_racing_readers $rc

# --- 6: fuzz every writable file -------------------------------------------
rc=0
# allow_failing=1 lets the string I/O and MOVS triggers run; hlt_sti stays
# gated (EPERM): a run of a few hundred HLTs would cost seconds.
insmod "$KO" allow_failing=1 || rc=1
cat "$D/stats" > "$W/stats.fuzz0" 2> /dev/null
# Writable: exactly run and selftest; every trigger in list has a
# read-only result file.
for f in "$D"/* "$RES"/*; do
	[ -f "$f" ] || continue
	case $(stat -c %A "$f") in
	??w*) echo "$f" ;;
	esac
done > "$W/writable"
awk 'NR > 1 { print $1 }' "$D/list" > "$W/names"
miss=0
for t in $(cat "$W/names"); do
	[ -f "$RES/$t" ] || miss=$((miss + 1))
done
nw=$(wc -l < "$W/writable")
diag "writable files: $(tr '\n' ' ' < "$W/writable"); $miss of $(wc -l < "$W/names") result files missing"
check writable_files "$([ "$rc" = 0 ] && [ "$miss" = 0 ] &&
	[ "$(sort "$W/writable" | tr '\n' ' ')" = "$D/run $D/selftest " ]; echo $?)"

# The read-only files have no write method: every write fails.
rc=0
for f in "$D/stats" "$D/info" "$D/list" "$D/emu_stats" "$RES/last" "$RES/null"; do
	echo 1 > "$f" 2> /dev/null && { diag "write to $f accepted"; rc=1; }
done
check readonly_files_reject_writes $rc

head -c 65536 /dev/urandom > "$W/pool"
tr -dc '0-9a-z_ .+\t\n-' < /dev/urandom | head -c 65536 > "$W/ppool"
tr -dc '0-9' < /dev/urandom | head -c 65536 > "$W/dpool"
per=$(((FUZZ_WRITES + NCPU - 1) / NCPU))
t0=$(now)
PIDS=
c=0
while [ $c -lt "$NCPU" ]; do
	spawn $c fuzz $c $per "$W"
	c=$((c + 1))
done
waitall
cat "$W"/errno.[0-9]* > "$W/errno"
total=$(wc -l < "$W/errno")
diag "fuzz: $total writes in $(($(now) - t0))s:" \
	"$(sort "$W/errno" | uniq -c | sed 's/^ *//' | tr '\n' ';')"
# Documented errnos (Documentation/module.rst, "Bad input"); -EIO only on
# TDX, where a concurrent #VE can fail a run's #VE check.
grep -vxE '0|Invalid argument|Argument list too long|Numerical result out of range|Operation not permitted|No such device|Operation not supported' \
	"$W/errno" > "$W/odd"
[ "$TDX_GUEST" = 1 ] && grep -vx 'Input/output error' "$W/odd" > "$W/odd2" &&
	mv "$W/odd2" "$W/odd"
[ -s "$W/odd" ] && diag "unexpected: $(sort "$W/odd" | uniq -c | head -n 3 | tr '\n' ';')"
check fuzz_writes "$([ "$total" -ge 1000 ] && [ ! -s "$W/odd" ]; echo $?)"

# --- 7: still alive --------------------------------------------------------
rc=1
alive() {
	echo "$1 100" > "$D/run" && [ "$(field data_check "$RES/$1")" = ok ] &&
		[ "$(field status "$RES/$1")" = ok ]
}
if loaded && alive mmio_read32; then
	rc=0
elif loaded && alive cpuid_leaf0; then
	diag "mmio_read32: $(field status "$RES/mmio_read32") (no edu?); cpuid_leaf0 ok"
	rc=0
fi
check alive_trigger $rc

# Against the counts of this load (the probe starts at 0 with each load).
cat "$D/stats" > "$W/stats.end" 2> /dev/null
if [ "$COUNTERS" != none ]; then
	awk '/^#/ { next }
	     NR == FNR { for (i = 2; i <= NF; i++) a[FNR, i] = $i; next }
	     $1 == "path" { if (NF != 10) bad = 1; next }
	     { rows++
	       if (NF != 10) bad = 1
	       for (i = 2; i <= NF; i++)
		       if ($i !~ /^[0-9]+$/ || $i + 0 < a[FNR, i] + 0) bad = 1 }
	     END { exit (bad || rows != 11) }' "$W/stats.fuzz0" "$W/stats.end"
	check alive_stats $?
else
	grep -q '^stats: not available' "$W/stats.end"
	check alive_stats $?
fi

echo 1 > "$D/selftest"
cat "$RES/selftest" > "$W/selftest" 2>&1
st_cases=$(grep -cE '^(not )?ok [0-9]+ ' "$W/selftest")
st_fail=$(grep -cE '^not ok ' "$W/selftest")
diag "selftest: $st_cases cases, $st_fail failed"
grep -E '^not ok|^# ' "$W/selftest" | grep -B1 '^not ok' | head -n 6 | sed 's/^/# /'
check alive_selftest "$([ "$st_cases" -ge 60 ] && [ "$st_fail" = 0 ]; echo $?)"
rmmod "$MOD"
check alive_rmmod $?

dmesg > "$W/klog"
splat_free dmesg_clean "$W/klog"

ktap_done "$PLAN"
