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
