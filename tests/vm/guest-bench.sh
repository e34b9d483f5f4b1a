#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make bench`: every figure is a ratio against a peer
# measured in this same boot (alternating rounds, median of the ratios;
# tests/bench/main.c).  The CSVs go back to the host as console blobs,
# also when a set failed (the run then fails).
set -u
status=0
# lgsets=a,b on the command line (VM_APPEND) runs only those sets.
sets=$(sed -n 's/.*[ ]lgsets=\([a-z,]*\).*/\1/p' /proc/cmdline | tr , ' ')
sets=${sets:-write writers pair readers block growth idle producer drain forward watch}
echo "== bench (ratios against peers in the same boot)"
# /dev/kmsg is a peer: no rate limit on its writers (printk.devkmsg=on
# on the command line, which also locks the setting).
[ "$(cat /proc/sys/kernel/printk_devkmsg)" = on ] ||
	echo on >/proc/sys/kernel/printk_devkmsg || status=1
insmod /bin/lgfloor.ko || status=1
# The forwarder rows: rsyslogd (packed by pack-forward.sh) on the VM's own
# loopback, taking TCP and RELP and writing nothing anywhere that lasts.
export LD_LIBRARY_PATH=/lib/x86_64-linux-gnu
ip link set lo up
mkdir -p /tmp/rs
cat >/tmp/rs.conf <<'CONF'
global(workDirectory="/tmp/rs" maxMessageSize="64k" net.enableDNS="off")
module(load="imtcp")
module(load="imrelp")
ruleset(name="null" queue.type="Direct") {
	action(type="omfile" file="/dev/null")
}
input(type="imtcp" port="10514" address="127.0.0.1" ruleset="null")
input(type="imrelp" port="10515" address="127.0.0.1" ruleset="null")
CONF
/usr/sbin/rsyslogd -n -f /tmp/rs.conf -i /tmp/rs.pid >/tmp/rs.out 2>&1 &
rs_pid=$!
i=0	# listening on 10514 and 10515 (0x2912, 0x2913)?
until grep -q ' 0100007F:2912 00000000:0000 0A' /proc/net/tcp &&
	grep -q ' 0100007F:2913 00000000:0000 0A' /proc/net/tcp; do
	i=$((i + 1))
	if [ $i -gt 3000 ] || ! kill -0 $rs_pid 2>/dev/null; then
		echo "bench: rsyslogd did not start"; cat /tmp/rs.out; status=1
		break
	fi
	usleep 100000
done
export LOGGER_BENCH_CSV=/tmp/bench.csv LOGGER_BENCH_JOBS=/tmp/bench-jobs.csv
rm -f "$LOGGER_BENCH_CSV" "$LOGGER_BENCH_JOBS"
# Records per job and round: fewer for 1 KiB (the emulated copies are slow).
for sz in 128:5000 1024:3000; do
	size=${sz%:*}
	n=${sz#*:}
	# 64 MiB holds every record of a round: readers that keep up lose none.
	insmod /logger.ko capacity=67108864 || status=1
	for set in $sets; do
		[ "$set" != watch ] || continue	# its own store, below
		logger-bench "$set" "$size" "$n" ||
			{ echo "bench: $set $size failed"; status=1; }
	done
	rmmod logger || status=1
done
# A 64 KiB store overflows at once: every write evicts.
case " $sets " in *" watch "*)
	insmod /logger.ko capacity=65536 event_interval_ms=100 || status=1
	logger-bench watch 128 5000 || { echo "bench: watch failed"; status=1; }
	rmmod logger || status=1
esac
rmmod lgfloor || status=1
# It wrote nothing to keep: no need for its orderly shutdown.
kill -KILL $rs_pid 2>/dev/null && wait $rs_pid 2>/dev/null
for f in bench.csv bench-jobs.csv; do
	echo "LOGGER-BLOB: BEGIN $f"
	base64 "/tmp/$f"
	echo "LOGGER-BLOB: END $f"
done
exit "$status"
