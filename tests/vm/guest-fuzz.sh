#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make fuzz`: logger-fuzz for lgops= calls (default
# 1000000) with seed lgseed= (default: a random one, printed).
set -u
arg() { sed -n "s/.*[ ]$1=\([0-9]*\).*/\1/p" /proc/cmdline; }
ops=$(arg lgops)
seed=$(arg lgseed)
echo "== fuzz (${ops:-1000000} calls)"
insmod /logger.ko capacity=262144 || exit 1
logger-fuzz --ops "${ops:-1000000}" ${seed:+--seed "$seed"}
st=$?
# A process it forked may still be closing its fds.
for i in 1 2 3 4 5; do
	rmmod logger 2>/dev/null && break
	[ "$i" -lt 5 ] || { rmmod logger; st=1; }
	sleep 1
done
exit $st
