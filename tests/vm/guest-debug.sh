#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make check-debug`, on the debug kernel (KASAN, lockdep,
# kmemleak, UBSAN, KFENCE, fault injection, gcov, KUnit): the device suite,
# stress and fuzz when they are in the initramfs, the KUnit suites, the
# fault-injection campaign, a kmemleak scan after unloading, and the
# module's gcov data, passed back to the host on the console.  Kernel
# reports go to the console, where run.sh judges them; the ones printed
# while the console was quiet (fault injection) are copied there.
set -u
status=0
say() { echo "debug: $*"; }
fail() { echo "debug: FAILED: $*"; status=1; }

mount -t debugfs debugfs /sys/kernel/debug || fail "mount debugfs"
D=/sys/kernel/debug
cd /tmp || exit 1
export LOGGER_KO=/logger.ko
# While iterating (VM_APPEND): lgsuite=NAME runs one Check suite of the
# device suite; lgquick=1 skips stress, fuzz and fault injection.
suite=$(sed -n 's/.*[ ]lgsuite=\([a-z_-]*\).*/\1/p' /proc/cmdline)
quick=$(sed -n 's/.*[ ]lgquick=\([0-9]\).*/\1/p' /proc/cmdline)
if [ -n "$suite" ]; then
	CK_RUN_SUITE=$suite
	export CK_RUN_SUITE
fi

# Kernel log lines that are a report, whatever printed them (not a bare
# "lockdep": the injected failures' stack dumps name lockdep functions).
reports='BUG[: ]|WARNING:|Oops|Poison|Redzone|corruption|scheduling while atomic|turning off the locking correctness validator|DEBUG_LOCKS_WARN_ON|possible circular locking|possible recursive locking|blocked for more than|Objects remaining|Kernel panic|general protection|KASAN|UBSAN|KFENCE:|possible deadlock|inconsistent lock state|sleeping function called from invalid context|suspicious RCU usage|ODEBUG:'

# kmemleak: no periodic scan; forget what boot left.
echo scan=off >$D/kmemleak
echo scan >$D/kmemleak
echo clear >$D/kmemleak

unload() {
	if grep -q "^$1 " /proc/modules; then
		rmmod "$1" || fail "rmmod $1"
	fi
}

# ---- 1. the device suite ----------------------------------------------------
echo "== device suite (debug kernel)"
# Slow under KASAN and lockdep: every Check timeout is only a detector.
CK_DEFAULT_TIMEOUT=900 CK_TIMEOUT_MULTIPLIER=8 /bin/logger-devtests || \
	fail "device suite"
unload logger

# ---- 2. stress and fuzz, when another branch put them in --------------------
run_tool() {
	name=$1
	shift
	if [ ! -x "/bin/$name" ]; then
		say "skip $name (not in the initramfs)"
		return
	fi
	echo "== $name $*"
	insmod /logger.ko || { fail "insmod before $name"; return; }
	"/bin/$name" "$@" || fail "$name $*"
	unload logger
}
if [ "${quick:-0}" = 1 ]; then
	say "skip stress and fuzz (lgquick=1)"
else
	run_tool logger-stress --duration 20
	run_tool logger-fuzz --ops 20000 --seed 1
fi

# ---- 3. KUnit -----------------------------------------------------------------
if [ -e /logger_kunit.ko ]; then
	echo "== KUnit (logger_kunit.ko)"
	before=$(dmesg | wc -l)
	insmod /logger_kunit.ko || fail "insmod logger_kunit.ko"
	dmesg | tail -n +"$((before + 1))" |
		sed -n 's/^\[ *[0-9.]*\] //; /KTAP version\|# Subtest\|^ *[0-9]*\.\.[0-9]*$\|^ *\(not \)\{0,1\}ok [0-9]\|^ *# /p' \
		>/tmp/ktap.txt
	cat /tmp/ktap.txt
	if grep -q 'not ok [0-9]' /tmp/ktap.txt; then
		fail "KUnit: a test is not ok"
	elif ! grep -q '^ *ok [0-9]' /tmp/ktap.txt; then
		fail "KUnit: no KTAP result in the kernel log"
	else
		say "KUnit: $(grep -c '^ *ok [0-9]' /tmp/ktap.txt) ok lines, none not ok"
	fi
	unload logger_kunit
else
	say "skip KUnit (no logger_kunit.ko: driver/store_kunit.c absent)"
fi

# ---- 4. fault injection ---------------------------------------------------------
# Every injected failure dumps its stack: keep it off the console (level 1)
# and copy the real reports of that window to the console afterwards.
if [ "${quick:-0}" = 1 ]; then
	say "skip fault injection (lgquick=1)"
elif [ -x /bin/logger-faultinj ]; then
	echo "== fault injection"
	read -r conlevel rest </proc/sys/kernel/printk
	before=$(dmesg | wc -l)
	echo 1 >/proc/sys/kernel/printk
	/bin/logger-faultinj || fail "fault injection"
	echo "$conlevel" >/proc/sys/kernel/printk
	dmesg | tail -n +"$((before + 1))" >/tmp/fi-dmesg.txt
	n=$(grep -n -E "$reports" /tmp/fi-dmesg.txt | head -n 1 | cut -d: -f1)
	if [ -n "$n" ]; then
		fail "kernel reports during fault injection:"
		tail -n +"$n" /tmp/fi-dmesg.txt | head -n 80
	fi
	unload logger
else
	fail "no /bin/logger-faultinj"
fi

# ---- 5. kmemleak ------------------------------------------------------------------
# Objects younger than 5 s are never reported: let the last ones age.
echo "== kmemleak"
unload logger
sleep 6
echo scan >$D/kmemleak
cat $D/kmemleak >/tmp/leaks.txt
total=$(grep -c '^unreferenced object' /tmp/leaks.txt)
# A report is one "unreferenced object" block; it is ours when its
# backtrace names the module or an address in the module area (the module
# is gone, so its symbols no longer resolve).
awk '/^unreferenced object/ { if (blk != "" && ours) printf "%s", blk; blk = ""; ours = 0 }
	{ blk = blk $0 "\n" }
	/logger|lg_[a-z_]*\+|\[<ffffffffc/ { ours = 1 }
	END { if (blk != "" && ours) printf "%s", blk }' /tmp/leaks.txt >/tmp/our-leaks.txt
if [ -s /tmp/our-leaks.txt ]; then
	fail "kmemleak: leaks from the module:"
	cat /tmp/our-leaks.txt
else
	say "kmemleak: nothing from the module ($total unrelated reports)"
fi

# ---- 6. coverage ----------------------------------------------------------------------
# gcov keeps the counts of unloaded modules (gcov_persist=1) and adds up
# reloads.  The data files read as size 0: copy them with cat.
if [ -d $D/gcov ]; then
	echo "== gcov"
	find $D/gcov -name '*.gcda' | while read -r f; do
		mkdir -p "/tmp/gcov${f%/*}"
		cat "$f" >"/tmp/gcov$f"
	done
	say "gcov: $(find /tmp/gcov -name '*.gcda' | wc -l) data files"
	(cd /tmp/gcov$D/gcov && tar -czf /tmp/gcov.tgz .)
	read -r conlevel rest </proc/sys/kernel/printk
	echo 1 >/proc/sys/kernel/printk
	echo "LOGGER-BLOB: BEGIN gcov.tgz"
	base64 /tmp/gcov.tgz
	echo "LOGGER-BLOB: END gcov.tgz"
	echo "$conlevel" >/proc/sys/kernel/printk
else
	fail "no $D/gcov (kernel without CONFIG_GCOV_KERNEL?)"
fi

[ "$status" -eq 0 ] && say "all stages passed"
exit "$status"
