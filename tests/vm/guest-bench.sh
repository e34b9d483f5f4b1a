#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make bench`: every figure is a ratio against a peer
# measured in this same boot (alternating rounds, median of the ratios;
# tests/bench/main.c).  The CSVs go back to the host as console blobs,
# also when a set failed (the run then fails).
set -u
status=0
echo "== bench (ratios against peers in the same boot)"
# /dev/kmsg is a peer: no rate limit on its writers (printk.devkmsg=on
# on the command line, which also locks the setting).
[ "$(cat /proc/sys/kernel/printk_devkmsg)" = on ] ||
	echo on >/proc/sys/kernel/printk_devkmsg || status=1
insmod /bin/lgfloor.ko || status=1
export LOGGER_BENCH_CSV=/tmp/bench.csv LOGGER_BENCH_JOBS=/tmp/bench-jobs.csv
rm -f "$LOGGER_BENCH_CSV" "$LOGGER_BENCH_JOBS"
# Records per job and round: fewer for 1 KiB (the emulated copies are slow).
for sz in 128:5000 1024:3000; do
	size=${sz%:*}
	n=${sz#*:}
	# 64 MiB holds every record of a round: readers that keep up lose none.
	insmod /logger.ko capacity=67108864 || status=1
	for set in write writers pair readers block growth idle producer drain; do
		logger-bench "$set" "$size" "$n" ||
			{ echo "bench: $set $size failed"; status=1; }
	done
	rmmod logger || status=1
done
# A 64 KiB store overflows at once: every write evicts.
insmod /logger.ko capacity=65536 event_interval_ms=100 || status=1
logger-bench watch 128 5000 || { echo "bench: watch failed"; status=1; }
rmmod logger || status=1
rmmod lgfloor || status=1
for f in bench.csv bench-jobs.csv; do
	echo "LOGGER-BLOB: BEGIN $f"
	base64 "/tmp/$f"
	echo "LOGGER-BLOB: END $f"
done
exit "$status"
