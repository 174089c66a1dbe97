# SPDX-License-Identifier: GPL-2.0
# KTAP helpers for the guest test scripts (busybox sh); sourced, never run.
#
#   ok NAME / not_ok NAME / skip NAME REASON / diag TEXT
#   check NAME STATUS   ok when STATUS is 0
#   expect NAME EXPR    ok when "eval EXPR" succeeds
#   console_quiet / console_restore: keep kernel messages (the module's
#   one-line rejections, at KERN_ERR) off the console while the script
#   prints KTAP to it, and put the log level back.
N=0
FAILED=0

ok() { N=$((N + 1)); echo "ok $N $1"; }
not_ok() { N=$((N + 1)); FAILED=$((FAILED + 1)); echo "not ok $N $1"; }
skip() { N=$((N + 1)); echo "ok $N $1 # SKIP $2"; }
diag() { echo "# $*"; }
check() { if [ "$2" = 0 ]; then ok "$1"; else not_ok "$1"; fi; }
expect() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

console_quiet() {
	KTAP_PRINTK=$(cut -f1 /proc/sys/kernel/printk)
	echo 1 > /proc/sys/kernel/printk
}
console_restore() {
	[ -n "${KTAP_PRINTK:-}" ] && echo "$KTAP_PRINTK" > /proc/sys/kernel/printk
}

# splat_free NAME LOG: ok when the kernel log in file LOG holds no splat.
splat_free() {
	if grep -E 'BUG:|WARNING:|Oops|general protection|Call Trace|KASAN:|UBSAN:|circular locking' \
		"$2" > "$2.splat"; then
		diag "$1: $(head -n 3 "$2.splat" | tr '\n' ';')"
		not_ok "$1"
	else
		ok "$1"
	fi
}

# ktap_done PLAN: the script's exit status: PLAN cases ran, none failed.
ktap_done() {
	[ "$N" = "$1" ] || diag "plan $1 but ran $N"
	[ "$FAILED" = 0 ] && [ "$N" = "$1" ]
}

# load_cycles COUNT KO MOD: insmod and rmmod KO COUNT times ($i counts the
# cycles done); the status says whether every cycle worked and the
# module's debugfs directory went away with it.
load_cycles() {
	i=0
	while [ "$i" -lt "$1" ]; do
		insmod "$2" || return 1
		rmmod "$3" || return 1
		i=$((i + 1))
	done
	[ ! -e /sys/kernel/debug/tdx ]
}
