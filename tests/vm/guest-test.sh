#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make check`: the device suite.  Each test loads a fresh
# logger.ko with the parameters it needs and unloads it afterwards.
#
# lgtrust= on the kernel command line (make check CHECK_TRUST=..., default
# 1 when absent) is passed to the suite as CHECK_TRUST; with 1 the suite
# includes "sequences", and a 10 s logger-stress and a 20000-operation
# logger-fuzz run after it.
set -u
trust=$(sed -n 's/.*[ ]lgtrust=\([0-9]*\).*/\1/p' /proc/cmdline)
CHECK_TRUST=${trust:-1}
export CHECK_TRUST
# lgsuite=NAME (VM_APPEND, while iterating): only that Check suite.
suite=$(sed -n 's/.*[ ]lgsuite=\([a-z_-]*\).*/\1/p' /proc/cmdline)
if [ -n "$suite" ]; then
	CK_RUN_SUITE=$suite
	export CK_RUN_SUITE
fi
echo "== device suite (CHECK_TRUST=$CHECK_TRUST)"
cd /tmp || exit 1
LOGGER_KO=/logger.ko CK_DEFAULT_TIMEOUT=60 /bin/logger-devtests
st=$?
[ "$CHECK_TRUST" != 0 ] || exit $st

# A fresh module for each (a failed device test may have left one loaded).
# A process the last run forked may still be closing its fds: the module
# is busy for a moment, so try for up to 20 s and say when it took long.
fresh() {
	i=0
	while grep -q '^logger ' /proc/modules; do
		rmmod logger 2>/dev/null && break
		i=$((i + 1))
		if [ "$i" -ge 200 ]; then
			rmmod logger
			return 1
		fi
		sleep 0.1
	done
	[ "$i" -eq 0 ] || echo "fresh: the module was busy for ${i}00 ms"
	insmod /logger.ko capacity=262144
}

echo "== stress (10 s)"
if fresh; then
	logger-stress --duration 10 || st=1
else
	st=1
fi
echo "== fuzz (20000 calls)"
if fresh; then
	logger-fuzz --ops 20000 || st=1
else
	st=1
fi
exit $st
