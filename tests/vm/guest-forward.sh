#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make forward-check`: logger-consumer --forward against a
# real rsyslogd (Debian's, packed by pack-forward.sh) on the VM's own
# loopback.  rsyslogd writes every message it takes with the "fields"
# template; fwdtest check compares each line, field by field, with the
# record read back from the device.  Nothing here waits a fixed time to
# pass: every wait polls a condition, with a generous limit that only
# detects failure.  Prints "forward: N passed, N failed".
set -u
export PATH=/bin:/usr/bin:/usr/sbin TZ=UTC
export LD_LIBRARY_PATH=/lib/x86_64-linux-gnu
W=600			# failure detector for the long waits, seconds
# A collector that stalls (TCG on a loaded host) must not break the
# connection by the 30 s default and double what it then takes; the
# hostile-collector tests give their own, short timeout (the last wins).
C="/usr/bin/logger-consumer --forward-timeout $W"
RELP=relp://127.0.0.1:10515
RELPQ=relp://127.0.0.1:10516
TCP=tcp://127.0.0.1:10514
UDP=udp://127.0.0.1:10514
pass=0
fail=0
ok() { echo "PASS: $*"; pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
check() { if [ "$1" -eq 0 ]; then ok "$2"; else bad "$2"; fi; }

echo "== forwarding to rsyslogd on the VM's loopback"
hostname fwdvm
ip link set lo up
mkdir -p /tmp/rs
cat >/tmp/rs.conf <<'CONF'
global(workDirectory="/tmp/rs" maxMessageSize="64k" net.enableDNS="off")
module(load="imtcp")
module(load="imudp")
module(load="imrelp")
template(name="fields" type="string"
	string="%pri%|%timereported:::date-rfc3339%|%hostname%|%app-name%|%procid%|%msgid%|%structured-data%|%msg%\n")
ruleset(name="tcp" queue.type="Direct") {
	action(type="omfile" file="/tmp/tcp.log" template="fields")
}
ruleset(name="udp" queue.type="Direct") {
	action(type="omfile" file="/tmp/udp.log" template="fields")
}
ruleset(name="relp" queue.type="Direct") {
	action(type="omfile" file="/tmp/relp.log" template="fields")
}
# imrelp answers 200 once the message is handed to the ruleset's queue
# (librelp answers even when that fails).  Direct (above): handed over
# means written to the file.  Disk (here): in the queue file before the
# answer, saved at shutdown, kept over SIGKILL; written out after a
# restart.  rsyslogd waits for its actions at shutdown 1.5 s by default,
# then cancels them: give them time (TCG on a busy host is slow).
ruleset(name="relpq" queue.type="Disk" queue.filename="relpq"
	queue.checkpointInterval="1" queue.maxFileSize="64m"
	queue.saveOnShutdown="on" queue.timeoutShutdown="120000"
	queue.timeoutActionCompletion="120000") {
	action(type="omfile" file="/tmp/relpq.log" template="fields")
}
input(type="imtcp" port="10514" address="127.0.0.1" ruleset="tcp")
input(type="imudp" port="10514" address="127.0.0.1" ruleset="udp" rcvbufSize="8m")
input(type="imrelp" port="10515" address="127.0.0.1" ruleset="relp")
input(type="imrelp" port="10516" address="127.0.0.1" ruleset="relpq")
CONF

rs_pid=
# Listening on TCP 10514..10516 (0x2912..0x2914), bound UDP 10514?
rs_ready() {
	grep -q ' 0100007F:2912 00000000:0000 0A' /proc/net/tcp &&
		grep -q ' 0100007F:2913 00000000:0000 0A' /proc/net/tcp &&
		grep -q ' 0100007F:2914 00000000:0000 0A' /proc/net/tcp &&
		grep -q ' 0100007F:2912 ' /proc/net/udp
}
rs_start() {
	rsyslogd -n -f /tmp/rs.conf -i /tmp/rs.pid >/tmp/rs.out 2>&1 &
	rs_pid=$!
	i=0
	until rs_ready; do
		i=$((i + 1))
		if [ $i -gt 3000 ] || ! kill -0 $rs_pid 2>/dev/null; then
			echo "rsyslogd did not start:"; cat /tmp/rs.out
			return 1
		fi
		usleep 100000
	done
}
rs_stop() {	# $1: signal
	[ -n "$rs_pid" ] || return 0
	kill "-${1:-TERM}" $rs_pid
	wait $rs_pid 2>/dev/null
	rs_pid=
}
# rs_flush: stop rsyslogd and wait for its exit (omfile has then written
# and closed its files: with a Direct ruleset, everything acknowledged),
# then a fresh rsyslogd for what follows.
rs_flush() {
	rs_stop TERM
	rs_start
}
rs_fresh() {	# empty output files and a fresh rsyslogd
	rs_stop TERM
	rm -f /tmp/tcp.log /tmp/udp.log /tmp/relp.log /tmp/relpq.log /tmp/rs/*
	rs_start
}
# wait_state FILE SEQ: the state file names SEQ (the consumer confirmed it).
wait_state() {
	i=0
	until grep -q ";s=$2\$" "$1" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt $((W * 10)) ]; then
			echo "state $1: $(cat "$1" 2>/dev/null), not s=$2"
			return 1
		fi
		usleep 100000
	done
}
nextseq() { fwdtest nextseq; }
# A new, empty store (and instance) for a test of its own.
fresh_store() {
	rmmod logger && insmod /logger.ko capacity=67108864 max_record=8192 "$@"
}
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

insmod /logger.ko capacity=67108864 max_record=8192 || exit 1
rs_start || exit 1

# ---- 1, 2: 100 000 records, RELP then TCP, exactly once, every field ----
fwdtest gen 100000 7
LAST=$(($(nextseq) - 1))
t0=$(fwdtest now)
$C --forward $RELP --state /tmp/relp.state --stats -o json 2>/tmp/c1.err
rc=$?
# Exit 0: all acknowledged, so written (the Direct ruleset).
relp_rate=$((100000 * 1000 / ($(fwdtest now) - t0)))
check $rc "relp: consumer exit 0 (all acknowledged)"
rs_flush
grep 'forward relp' /tmp/c1.err | head -5
fwdtest check /tmp/relp.log 1 $LAST
check $? "relp: 100000 records exactly once, in order, every field right"
grep -q '"confirmed":100000' /tmp/c1.err
check $? "relp: --stats says 100000 confirmed"
grep -q "^i=[0-9a-f]*;s=$LAST\$" /tmp/relp.state
check $? "relp: the state file names the last record ($LAST)"
t0=$(fwdtest now)
$C --forward $TCP --state /tmp/tcp.state 2>/tmp/c2.err
rc=$?
ms=$(fwdtest wait /tmp/tcp.log 100000 $W) || rc=1
tcp_rate=$((100000 * 1000 / ($(fwdtest now) - t0)))
check $rc "tcp: consumer exit 0, 100000 lines in rsyslog's file"
grep 'forward tcp' /tmp/c2.err | head -5
fwdtest check /tmp/tcp.log 1 $LAST
check $? "tcp: 100000 records exactly once, in order, every field right"
echo "rate: relp $relp_rate records/s, tcp $tcp_rate records/s (same boot)"
echo "sample line (rsyslog's fields template, the first under 200 bytes):"
awk 'length($0) < 200' /tmp/relp.log | head -1
awk -F'|' 'length($0) > 8000 { n++ } END { print "records over 8000 bytes that arrived whole: " n + 0 }' /tmp/relp.log

# ---- 3: rsyslogd stopped and restarted mid-stream, RELP (disk queue) ----
for sig in TERM KILL; do
	fresh_store
	rs_fresh
	S=$(nextseq)
	fwdtest gen 10000 3 >/dev/null
	$C -f --forward $RELPQ --since seq:$S --state /tmp/r3.state 2>/tmp/c3.err &
	cp=$!
	fwdtest wait /tmp/relpq.log 1000 $W >/dev/null
	rs_stop $sig
	fwdtest gen 2000 4 >/dev/null		# while it is down
	E=$(($(nextseq) - 1))
	fwdtest grep /tmp/c3.err "retrying in" 1 $W >/dev/null
	check $? "relp, rsyslogd SIG$sig mid-stream: the consumer says so and retries"
	
	rs_start
	wait_state /tmp/r3.state $E
	kill -TERM $cp
	wait $cp
	check $? "relp, rsyslogd SIG$sig: consumer exit 0 after all confirmed"
	# The disk queue writes in order: once the last record's line is
	# there, everything acknowledged before it is.
	fwdtest grep /tmp/relpq.log "seq=\"$E\"" 1 $W >/dev/null
	if [ $sig = TERM ]; then
		# rsyslog's disk queue keeps a message up to its first NUL.
		# Duplicates: answers rsyslogd sent as it stopped that librelp
		# did not read before the session broke, at most the window.
		out=$(fwdtest check /tmp/relpq.log $S $E --nul-cut --allow-dups)
		rc=$?
		echo "$out"
		check $rc "relp, rsyslogd SIGTERM + restart: no loss, in order"
		d=$(echo "$out" | sed -n 's/.*duplicates \([0-9]*\),.*/\1/p')
		[ "${d:-99999}" -le 128 ]
		check $? "relp, rsyslogd SIGTERM: duplicates ($d) within one RELP window (128)"
	else
		out=$(fwdtest check /tmp/relpq.log $S $E --allow-dups --nul-cut)
		rc=$?
		echo "$out"
		check $rc "relp, rsyslogd SIGKILL + restart: no loss, in order (duplicates counted: RELP's window)"
	fi
	grep 'forward relp' /tmp/c3.err | head -4
done

# ---- 4: rsyslogd stopped and restarted mid-stream, TCP: loss counted ----
fresh_store
rs_fresh
S=$(nextseq)
fwdtest gen 10000 5 >/dev/null
$C -f --forward $TCP --since seq:$S --state /tmp/t4.state --stats 2>/tmp/c4.err &
cp=$!
fwdtest wait /tmp/tcp.log 1000 $W >/dev/null
rs_stop TERM
fwdtest gen 2000 6 >/dev/null
E=$(($(nextseq) - 1))
fwdtest grep /tmp/c4.err "retrying in" 1 $W >/dev/null
mv /tmp/tcp.log /tmp/tcp.log.1
rs_start
wait_state /tmp/t4.state $E
kill -TERM $cp
wait $cp
check $? "tcp, rsyslogd restart: consumer exit 0"
# rsyslog processes a connection in order: once the last record is in
# the file, so is everything sent before it on the new connection.
fwdtest grep /tmp/tcp.log "seq=\"$E\"" 1 $W >/dev/null
cat /tmp/tcp.log.1 /tmp/tcp.log >/tmp/tcp.all
out=$(fwdtest check /tmp/tcp.all $S $E --allow-dups --allow-missing)
rc=$?
echo "$out"
check $rc "tcp, rsyslogd restart: every line right and in order"
echo "$out" | grep -q 'in [01] range'
check $? "tcp, rsyslogd restart: what is lost is one window at the break (counted above)"
grep 'forward tcp' /tmp/c4.err | tail -1

# ---- 5: the consumer killed (SIGKILL / SIGTERM) and restarted ----
for sig in KILL TERM; do
	fresh_store
	rs_fresh
	S=$(nextseq)
	fwdtest gen 10000 8 >/dev/null
	E=$(($(nextseq) - 1))
	rm -f /tmp/k.state
	$C -f --forward $RELP --since seq:$S --state /tmp/k.state 2>/tmp/c5.err &
	cp=$!
	fwdtest wait /tmp/relp.log 2000 $W >/dev/null
	kill -$sig $cp
	wait $cp
	echo "consumer SIG$sig: exit $?, state $(cat /tmp/k.state)"
	$C -f --forward $RELP --state /tmp/k.state 2>/tmp/c5b.err &
	cp=$!
	wait_state /tmp/k.state $E
	kill -TERM $cp
	wait $cp
	check $? "consumer SIG$sig + restart from the state file: exit 0"
	if [ $sig = TERM ]; then
		fwdtest check /tmp/relp.log $S $E
		check $? "consumer SIGTERM + restart, relp: exactly once"
	else
		out=$(fwdtest check /tmp/relp.log $S $E --allow-dups)
		rc=$?
		echo "$out"
		check $rc "consumer SIGKILL + restart, relp: no loss, in order"
		d=$(echo "$out" | sed -n 's/.*duplicates \([0-9]*\),.*/\1/p')
		# The state file is saved after every RELP window the
		# collector answered: what it may hold beyond it is one window.
		[ "${d:-99999}" -le 128 ]
		check $? "consumer SIGKILL: duplicates ($d) within the RELP window in flight (128)"
	fi
done

# ---- 6: a hostile collector: accepts, never reads ----
fresh_store
fwdtest gen 20000 16 >/dev/null
fwdtest hostile 20514 >/dev/null &
hp=$!
$C -f --forward tcp://127.0.0.1:20514 --forward-timeout 2 --backoff-max 1 \
	2>/tmp/h.err &
cp=$!
fwdtest grep /tmp/h.err "has not read for" 2 $W >/dev/null
r1=$(rss_kb $cp)
fwdtest grep /tmp/h.err "has not read for" 4 $W >/dev/null
r2=$(rss_kb $cp)
grep -m1 "has not read for" /tmp/h.err
echo "hostile: consumer RSS ${r1} kB, then ${r2} kB; 20000 records wait in the store"
[ "$r2" -lt 32768 ] && [ "$r2" -le $((r1 + 1024)) ]
check $? "hostile collector: clear error, memory bounded (${r2} kB)"
kill -TERM $cp
wait $cp
rc=$?
[ $rc -eq 3 ]
check $? "hostile collector: SIGTERM exits 3 (not confirmed: $rc)"
$C -f --forward relp://127.0.0.1:20514 --forward-timeout 1 --backoff-max 1 \
	2>/tmp/h2.err &
cp=$!
fwdtest grep /tmp/h2.err "collector unreachable" 2 $W >/dev/null
check $? "hostile collector, relp: the session never opens, said clearly"
grep -m1 "collector unreachable" /tmp/h2.err
kill -TERM $cp
wait $cp
kill $hp
wait $hp 2>/dev/null

# ---- 7: UDP, one message per datagram, truncation counted ----
fresh_store
rs_fresh
S=$(nextseq)
fwdtest gen 1000 9 >/dev/null
E=$(($(nextseq) - 1))
$C --forward $UDP --since seq:$S --datagram-size 2048 --stats 2>/tmp/u.err
check $? "udp: consumer exit 0"
fwdtest wait /tmp/udp.log 1000 $W >/dev/null
fwdtest check /tmp/udp.log $S $E --udp-max 2048
check $? "udp: 1000 datagrams, each message whole or cut at 2048 bytes"
cut=$(awk -F'|' -v s=$S -v e=$E '{ n++ } END { print n }' /tmp/udp.log)
t=$(sed -n 's/.*truncated \([0-9]*\),.*/\1/p' /tmp/u.err)
l=$(awk 'length($0) > 1900' /tmp/udp.log | wc -l)
echo "udp: $cut lines, $t truncated (counted by the consumer), $l long lines"
[ -n "$t" ] && [ "$t" -gt 0 ]
check $? "udp: truncation counted in --stats ($t)"

# ---- 8: RFC 3164 for old collectors ----
fresh_store
rs_fresh
S=$(nextseq)
fwdtest gen 500 10 >/dev/null
E=$(($(nextseq) - 1))
$C --forward $TCP --rfc3164 --since seq:$S 2>/dev/null
check $? "rfc3164: consumer exit 0"
fwdtest wait /tmp/tcp.log 500 $W >/dev/null
fwdtest check /tmp/tcp.log $S $E --rfc3164
check $? "rfc3164: 500 messages, PRI, time, host, tag, pid and message right"
head -1 /tmp/tcp.log | cut -c1-200

# ---- 9: collector down at start; capped exponential backoff ----
fresh_store
rs_stop TERM
rm -f /tmp/relp.log /tmp/d.state
S=$(nextseq)
fwdtest gen 2000 12 >/dev/null
E=$(($(nextseq) - 1))
$C -f --forward $RELP --since seq:$S --state /tmp/d.state --backoff-max 0.4 \
	2>/tmp/d.err &
cp=$!
fwdtest grep /tmp/d.err "retrying in" 6 $W >/dev/null
delays=$(grep -o 'retrying in [0-9.]* s' /tmp/d.err | head -6 | awk '{ printf "%s ", $3 }')
echo "backoff: $delays"
[ "$delays" = "0.1 0.2 0.4 0.4 0.4 0.4 " ]
check $? "collector down at start: retries after 0.1 0.2 0.4 s, capped at 0.4"
rs_start
wait_state /tmp/d.state $E
kill -TERM $cp
wait $cp
check $? "collector down at start: exit 0 once it came"
fwdtest check /tmp/relp.log $S $E
check $? "collector down at start: all 2000 exactly once"

# ---- 10: a state file of another load of the module ----
rmmod logger
insmod /logger.ko capacity=67108864 max_record=8192
rs_fresh
fwdtest gen 300 13 >/dev/null
E=$(($(nextseq) - 1))
$C --forward $RELP --state /tmp/relp.state -q 2>/tmp/i.err
check $? "state of another instance: exit 0"
grep -m1 "another load of the module" /tmp/i.err
check $? "state of another instance: reported (even with -q), starting at the oldest"
fwdtest check /tmp/relp.log 1 $E
check $? "state of another instance: the new store's 300 records, exactly once"

# ---- 11: gaps and exit codes ----
# The reader is open and waits for a down collector while writers fill
# a small store under overwrite: what it had not read yet is evicted.
rmmod logger
insmod /logger.ko capacity=65536
rs_fresh
rs_stop TERM
rm -f /tmp/g.state
$C -f --forward $RELP --state /tmp/g.state --stats 2>/tmp/g.err &
cp=$!
fwdtest gen 100 14 >/dev/null
fwdtest grep /tmp/g.err "retrying in" 1 $W >/dev/null
fwdtest gen 3000 17 >/dev/null
E=$(($(nextseq) - 1))
rs_start
fwdtest grep /tmp/g.err "gap:" 1 $W >/dev/null
check $? "records evicted before forwarding: the gap is said"
grep -m1 "gap:" /tmp/g.err
wait_state /tmp/g.state $E
kill -TERM $cp
wait $cp
rc=$?
[ $rc -eq 4 ]
check $? "records evicted before forwarding: exit 4 ($rc)"
grep "lost before they could be forwarded" /tmp/g.err
$C --state /tmp/x.state >/dev/null 2>&1
[ $? -eq 2 ]
check $? "--state without --forward: exit 2"
$C --forward ftp://127.0.0.1:1 >/dev/null 2>&1
[ $? -eq 2 ]
check $? "--forward with a bad URL: exit 2"

# ---- 12: lossless under the block policy (the kernel's holds) ----
rmmod logger
insmod /logger.ko capacity=65536
fwdtest policy block
check $? "block policy: set"
rs_stop TERM
rm -f /tmp/relp.log /tmp/b.state
$C -f --forward $RELP --state /tmp/b.state 2>/tmp/b.err &
cp=$!
# The consumer's holding reader is open once it has read a record and
# tries to deliver it; writers before that would meet no holder.
fwdtest gen 1 15 >/dev/null
fwdtest grep /tmp/b.err "retrying in" 1 $W >/dev/null
fwdtest gen 4999 15 >/dev/null &	# 5x the store: writers wait
gp=$!
fwdtest grep /tmp/b.err "retrying in" 3 $W >/dev/null
rs_start
wait $gp
check $? "block policy: the writers waited and finished"
E=$(($(nextseq) - 1))
wait_state /tmp/b.state $E
kill -TERM $cp
wait $cp
check $? "block policy: consumer exit 0, no gap"
grep 'forward relp' /tmp/b.err | head -4
rs_flush
fwdtest check /tmp/relp.log 1 $E --evicted
check $? "block policy, collector down then up: 5000 records, none lost"
fwdtest policy overwrite

rs_stop TERM
rmmod logger
echo "forward: $pass passed, $fail failed"
[ $fail -eq 0 ]
