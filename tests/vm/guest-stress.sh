#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make stress`: logger-stress for lgdur= seconds (default
# 60) with seed lgseed= (default: a random one, printed), on a 256 KiB
# store that the stress resizes as it goes.
set -u
arg() { sed -n "s/.*[ ]$1=\([0-9]*\).*/\1/p" /proc/cmdline; }
dur=$(arg lgdur)
seed=$(arg lgseed)
echo "== stress (${dur:-60} s)"
insmod /logger.ko capacity=262144 || exit 1
logger-stress --duration "${dur:-60}" ${seed:+--seed "$seed"}
st=$?
rmmod logger || st=1
exit $st
