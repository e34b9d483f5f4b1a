#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The README's "first five minutes", run for real in the VM
# (tests/vm/run.sh KVER five): load, write, read, watch.
set -u
run() { echo "\$ $*"; "$@"; echo "[exit $?]"; }
export TZ=UTC
insmod /logger.ko capacity=65536 event_interval_ms=200
echo "\$ ls -l /dev/logger"; ls -l /dev/logger | awk '{ print $1, $NF }'
run logger-producer -t backup -p local0.err "disk full on /srv"
run logger-producer "plain records get user.notice"
echo '$ printf "one\ntwo\n" | logger-producer -t script'
printf "one\ntwo\n" | logger-producer -t script; echo "[exit $?]"
run logger-consumer -o short
run logger-consumer -l err+ -o json
run logger-consumer -n 2 -o raw
run logger-consumer -o short-iso --show-cursor -n 1
echo '$ loggerctl watch --type overflow,threshold --count 2 &'
loggerctl watch --type overflow,threshold --count 2 >/tmp/w.txt 2>&1 &
w=$!
sleep 1
run logger-producer -n 3000 -S 100 -l debug -b 64
wait $w
cat /tmp/w.txt
run loggerctl stats
run logger-producer -p kern.err "not the kernel"
run logger-consumer --tag x
rmmod logger
run logger-consumer
