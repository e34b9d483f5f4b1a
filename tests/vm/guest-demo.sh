#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make demo`: load the module, flood it from a
# multi-threaded producer while three consumers with different filters
# tail it (follow mode, one file each in /tmp/demo) and loggerctl watches
# the events; then stop the consumers with SIGINT and compare, per level,
# what the device accepted with what each consumer got; then the job
# queue (groups, tags, the block policy).
# A loggerctl failure is shown, never fatal: the rest does not need it.
set -eu
D=/tmp/demo
LEVELS="emerg alert crit err warning notice info debug"
mkdir -p "$D"

say() { echo "demo: $*"; }

# loggerctl ARGS...: show its output; on failure its message and status.
ctl() {
	if ! loggerctl "$@" 2>"$D/ctl.err"; then
		say "loggerctl $* failed: $(cat "$D/ctl.err")"
		return 1
	fi
}

# Wait (at most ~30 s) until pid $1 has /dev/logger open.
wait_open() {
	i=0
	while [ "$i" -lt 300 ]; do
		for f in /proc/"$1"/fd/*; do
			[ "$(readlink "$f")" != /dev/logger ] || return 0
		done
		i=$((i + 1))
		sleep 0.1
	done
	say "pid $1 never opened /dev/logger"
	return 1
}

insmod /logger.ko capacity=4194304 event_interval_ms=250
say "$(ls -l /dev/logger | awk '{ print $1, $NF }') is there; a 4 MiB store"

# Three consumers, each its own fd, filter and order; counts on SIGINT.
logger-consumer -f --reader name=urgent,levels=emerg..warning,order=priority,out=$D/urgent.log \
	2>"$D/urgent.stats" &
c_urgent=$!
logger-consumer -f --reader name=routine,levels=notice..info,order=seq,out=$D/routine.log \
	2>"$D/routine.stats" &
c_routine=$!
logger-consumer -f --reader name=all,order=seq,format=json,out=$D/all.jsonl \
	2>"$D/all.stats" &
c_all=$!
for p in $c_urgent $c_routine $c_all; do
	wait_open "$p"
done
say "consumers: urgent (emerg..warning, priority order, text)," \
	"routine (notice..info, seq, text), all (every level, seq, JSON)"

loggerctl watch --json --count 3 --timeout 5 >"$D/watch.jsonl" \
	2>"$D/watch.err" &
c_watch=$!

say "producer: 4 generator threads x 3000 records, 2 writer threads," \
	"mix err:1,warning:3,notice:2,info:10,debug:4"
logger-producer --threads 4 -w 2 -n 3000 -b 64 -S 64 --tag demo \
	--levels err:1,warning:3,notice:2,info:10,debug:4 \
	2>"$D/producer.txt" || say "logger-producer failed (exit $?)"
sed 's/^/  /' "$D/producer.txt"
written=$(sed -n 's/.* written \([0-9]*\) .*/\1/p' "$D/producer.txt")
written=${written:-0}

# Until every reader has read everything (loggerctl), or the JSON
# consumer has every record (without loggerctl); at most ~30 s.
i=0
while :; do
	if loggerctl readers --json >"$D/readers.json" 2>"$D/ctl.err"; then
		grep -q '"backlog":[1-9]' "$D/readers.json" || break
	elif [ "$(wc -l <"$D/all.jsonl")" -ge "$written" ]; then
		break
	fi
	i=$((i + 1))
	[ "$i" -lt 300 ] || { say "consumers still behind after 30 s"; break; }
	sleep 0.1
done

echo "-- loggerctl stats"
ctl stats || true
echo "-- loggerctl readers"
ctl readers || true
echo "-- loggerctl watch --json --count 3 --timeout 5 (during the flood)"
wait "$c_watch" && st=0 || st=$?
cut -c1-120 "$D/watch.jsonl" | sed 's/^\(.\{119\}\).$/\1.../'
[ "$st" -eq 0 ] || say "loggerctl watch failed ($st): $(cat "$D/watch.err")"

kill -INT $c_urgent $c_routine $c_all
for p in $c_urgent $c_routine $c_all; do
	wait "$p" || say "consumer $p exited with status $?"
done

# Per level: accepted by the device (loggerctl stats), else counted by
# the all-levels consumer; then each consumer's own count (from its
# SIGINT report), "-" for levels outside its filter.
ref=device
if ! loggerctl stats --json >"$D/stats.json" 2>"$D/ctl.err"; then
	ref="all-levels consumer"
	: >"$D/stats.json"
fi
counts() { sed -n '/^  emerg /p' "$1" | tr -s ' ' '\n' | sed -n "/^$2\$/{n;p}"; }
echo "-- summary: records per level (reference: $ref)"
printf '  %-8s %8s %8s %8s %8s\n' level written urgent routine all
bad=0
tot=0
lvl=0
for l in $LEVELS; do
	if [ "$ref" = device ]; then
		w=$(tr '{' '\n' <"$D/stats.json" |
			sed -n "s/^\"level\":\"$l\".*\"written\":\([0-9]*\).*/\1/p")
	else
		w=$(counts "$D/all.stats" "$l")
	fi
	u=$(counts "$D/urgent.stats" "$l")
	r=$(counts "$D/routine.stats" "$l")
	a=$(counts "$D/all.stats" "$l")
	ok=ok
	# urgent: levels 0..4, routine: 5..6, all: every level.
	if [ "$lvl" -le 4 ]; then want_u=$w; else want_u=0; fi
	if [ "$lvl" -eq 5 ] || [ "$lvl" -eq 6 ]; then want_r=$w; else want_r=0; fi
	if [ "$u" != "$want_u" ] || [ "$r" != "$want_r" ] ||
	   [ "$a" != "$w" ]; then
		ok=MISMATCH
		bad=1
	fi
	[ "$lvl" -le 4 ] || u=-
	[ "$lvl" -eq 5 ] || [ "$lvl" -eq 6 ] || r=-
	tot=$((tot + ${w:-0}))
	lvl=$((lvl + 1))
	[ "${w:-0}" != 0 ] || [ "$ok" != ok ] || continue
	printf '  %-8s %8s %8s %8s %8s  %s\n' "$l" "$w" "$u" "$r" "$a" "$ok"
done
lost=$(cat "$D/urgent.stats" "$D/routine.stats" "$D/all.stats" |
	sed -n 's/.*): read [0-9]*, lost \([0-9]*\).*/\1/p' |
	awk '{ s += $1 } END { print s + 0 }')
printf '  %-8s %8s   (producer: written %s)\n' total "$tot" "$written"
[ "$tot" = "$written" ] || bad=1
if [ "$bad" -eq 0 ]; then
	say "every consumer got exactly the records of its levels ($lost lost)"
else
	say "MISMATCH: consumers and producer disagree ($lost lost)"
	head -n 3 "$D"/*.stats
fi
rmmod logger

# Overflow: a 64 KiB store, a debug flood, loggerctl watch beside it.
echo "-- overflow: 64 KiB store, 20000 debug + 50 err records, loggerctl watch"
insmod /logger.ko capacity=65536 event_interval_ms=200
loggerctl watch --timeout 3 >"$D/watch.txt" 2>&1 &
wpid=$!
i=0
while [ ! -s "$D/watch.txt" ] && [ "$i" -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
logger-producer --threads 2 -n 25 --levels err -S 40 >/dev/null 2>&1 || true
logger-producer --threads 4 -n 5000 --levels debug -S 100 2>/dev/null >/dev/null ||
	bad=1
wait "$wpid" || true
grep -E '^[0-9:.]+ (overflow|threshold)' "$D/watch.txt" | head -n 6 |
	cut -c1-110
echo "   ($(grep -c ' overflow ' "$D/watch.txt") overflow events in all)"
echo "-- loggerctl stats after the flood (errors kept, debug evicted)"
ctl stats | sed -n '1,8p;/^err /p;/^debug /p' || true
rmmod logger

# The log as a work queue: one producer of "job" and "log" records (kernel
# tags), two workers in group "workers" taking the "job" ones (each job to
# one of them), and a tail of everything that holds records under
# policy=block: stopped for a moment, it makes the writer wait instead of
# losing anything.
N=3000
S=/sys/class/misc/logger
echo "-- job queue: policy=block, a 64 KiB store, $N jobs + $N logs," \
	"2 workers (--group workers --tag job), a holding tail"
insmod /logger.ko capacity=65536 policy=block
logger-consumer -f --group workers --tag job -o json >"$D/w1.jsonl" \
	2>"$D/w1.err" &
w1=$!
logger-consumer -f --group workers --tag job -o json >"$D/w2.jsonl" \
	2>"$D/w2.err" &
w2=$!
logger-consumer -f --hold -o json >"$D/tail.jsonl" 2>"$D/tail.err" &
tl=$!
# Until the three readers are in place (at most ~30 s).
i=0
until [ "$(cat $S/group_members)" = 2 ] && [ "$(cat $S/readers)" = 3 ]; do
	i=$((i + 1))
	[ "$i" -lt 300 ] || { say "the workers and the tail never opened"; break; }
	sleep 0.1
done
kill -STOP $tl
demo-jobs $N >"$D/jobs.txt" 2>&1 &
jp=$!
i=0
until [ "$(cat $S/waiting_writers)" -ge 1 ]; do
	i=$((i + 1))
	[ "$i" -lt 300 ] || { say "the writer never waited"; bad=1; break; }
	sleep 0.1
done
say "tail stopped: $(cat $S/waiting_writers) writer waiting, $(cat $S/records)" \
	"records held, $(cat $S/evicted) evicted; resuming the tail"
kill -CONT $tl
wait $jp || { say "demo-jobs failed: $(cat "$D/jobs.txt")"; bad=1; }
sed 's/^/  /' "$D/jobs.txt"
# Until the tail has every record and the workers every job (~60 s).
i=0
while :; do
	t=$(grep -c '"seq":' "$D/tail.jsonl" || true)
	j=$(cat "$D/w1.jsonl" "$D/w2.jsonl" | grep -c '"seq":' || true)
	[ "$t" -lt $((2 * N)) ] || [ "$j" -lt "$N" ] || break
	i=$((i + 1))
	[ "$i" -lt 600 ] || { say "still behind after 60 s"; break; }
	sleep 0.1
done
echo "-- grep . $S/{policy,waits,holding_readers,groups,group_members,evicted}"
for f in policy waits holding_readers groups group_members evicted; do
	echo "  $f: $(cat $S/$f)"
done
echo "-- loggerctl readers"
ctl readers || true
kill -INT $w1 $w2 $tl
for p in $w1 $w2 $tl; do
	wait "$p" || { say "consumer $p exited with status $?"; bad=1; }
done
j1=$(grep -c '"tag":"job"' "$D/w1.jsonl" || true)
j2=$(grep -c '"tag":"job"' "$D/w2.jsonl" || true)
cat "$D/w1.jsonl" "$D/w2.jsonl" | grep -o '"msg":"job-[0-9]*' |
	sort >"$D/jobs.sorted" || true
uniq_jobs=$(sort -u "$D/jobs.sorted" | wc -l)
dup_jobs=$(uniq -d "$D/jobs.sorted" | wc -l)
not_job=$(cat "$D/w1.jsonl" "$D/w2.jsonl" | grep -vc '"tag":"job"' || true)
w_lost=$(cat "$D/w1.jsonl" "$D/w2.jsonl" | grep -c '"lost"' || true)
t_recs=$(grep -c '"seq":' "$D/tail.jsonl" || true)
t_lost=$(grep -c '"lost"' "$D/tail.jsonl" || true)
t_uniq=$(grep -o '^{"seq":[0-9]*' "$D/tail.jsonl" | sort -u | wc -l)
t_jobs=$(grep -c '"tag":"job"' "$D/tail.jsonl" || true)
t_logs=$(grep -c '"tag":"log"' "$D/tail.jsonl" || true)
echo "-- summary: the job queue"
printf '  %-34s %6s\n' "jobs written" "$N" \
	"worker 1 got" "$j1" "worker 2 got" "$j2" \
	"distinct jobs delivered" "$uniq_jobs" "jobs delivered twice" "$dup_jobs" \
	"other records at the workers" "$not_job" "lost at the workers" "$w_lost" \
	"tail: records (job + log)" "$t_recs ($t_jobs + $t_logs)" \
	"tail: distinct sequence numbers" "$t_uniq" "tail: lost" "$t_lost"
if [ $((j1 + j2)) -eq "$N" ] && [ "$uniq_jobs" -eq "$N" ] &&
   [ "$dup_jobs" -eq 0 ] && [ "$not_job" -eq 0 ] && [ "$w_lost" -eq 0 ] &&
   [ "$t_recs" -eq $((2 * N)) ] && [ "$t_uniq" -eq $((2 * N)) ] &&
   [ "$t_lost" -eq 0 ]; then
	say "each job went to exactly one worker, none lost; the tail has all" \
		"$((2 * N)) records while the writer waited $(cat $S/waits) times"
else
	say "MISMATCH in the job queue"
	bad=1
fi
rmmod logger
[ "$bad" -eq 0 ]
