#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make stress`: logger-stress for lgdur= seconds (default
# 60) with seed lgseed= (default: a random one, printed), on a 256 KiB
# store that the stress resizes as it goes; lgstrict=1 adds --strict.
set -u
arg() { sed -n "s/.*[ ]$1=\([0-9]*\).*/\1/p" /proc/cmdline; }
dur=$(arg lgdur)
seed=$(arg lgseed)
strict=$(arg lgstrict)
echo "== stress (${dur:-60} s)"
# A short hold timeout, so the flow part can expire a stopped holder.
insmod /logger.ko capacity=262144 hold_timeout_ms=300 || exit 1
logger-stress --duration "${dur:-60}" ${seed:+--seed "$seed"} \
	${strict:+--strict}
st=$?
# A process it forked may still be closing its fds.
for i in 1 2 3 4 5; do
	rmmod logger 2>/dev/null && break
	[ "$i" -lt 5 ] || { rmmod logger; st=1; }
	sleep 1
done
exit $st
