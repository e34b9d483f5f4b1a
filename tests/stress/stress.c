// SPDX-License-Identifier: GPL-2.0
/*
 * logger-stress: writers, readers and a controller process hammer
 * /dev/logger for --duration seconds; every reader checks every record it
 * gets and, at each checkpoint, its exact accounting.  Seeded: the seed is
 * printed and --seed replays the same choices (each thread draws from its
 * own PRNG, reseeded from (seed, thread, phase) at every phase; only the
 * interleaving of the threads differs between two runs).
 *
 * Actors
 *  - 8 writer threads (6 and 7 as uid 65534): per phase a quota of
 *    write()/writev() calls of 1..64 records, each level from the
 *    writer's mix, messages of 1..max_record bytes (recfmt.h: writer id,
 *    number, level, facility, checksum).
 *  - 8 reader threads, each with its own fd: random filter, order, format
 *    and wait mode (blocking read, poll, epoll LT, epoll ET), buffers from
 *    NEXT_SIZE bytes to 64 KiB; mid-phase SEEK_SET, SEEK_END, GET_POS and
 *    LOGGER_IOC_SEEK back to saved positions, view changes, close and
 *    reopen.  Readers 6 and 7 run as uid 65534.  Readers 0 and 1 never
 *    change their own view: the controller process changes their filter
 *    through a duplicate of their fd (pidfd_getfd).
 *  - a controller process (stress_ctl.c): resizes and reserve changes
 *    (LOGGER_IOC_SET_CONFIG), filter changes of readers 0 and 1, and in
 *    one phase of four, clears; spread over the phase.
 *  - the orchestrator (main thread): phases and checkpoints; two views it
 *    never reads (and writer 0's fd, opened O_RDWR, is a third).
 *
 * Phase k: MOVE (readers start their accounting window, some rewind) ->
 * RUN (writers write their quota; readers and the controller act) -> STOP
 * (the controller stops; readers stop, woken by an eventfd or by "poke"
 * records, one per level, written until all have stopped) -> sentinels
 * (one write of one record per level, level 0 first) -> DRAIN (each
 * reader reads all that is left, then checks) -> store checks -> maybe a
 * clear while everyone is quiet.
 *
 * Invariants, each checked exactly; the first violation ends the run with
 * a message naming it, the seed, the phase and the thread's last calls.
 *  Every record read:
 *   R1 is one that was written: its message decodes and its checksum and
 *      payload match (long form) or its bytes are its writer's pattern
 *      (short form); header level (and facility, binary) == those
 *      written; pid, tid, uid (and comm, binary) == its writer's; binary
 *      header: hdr_len, version, zero flags/reserved/padding, NUL-padded
 *      comm, timestamps within the run; text: strict syntax, canonical
 *      escapes, a lost marker never the last line of a read().
 *   R2 has a level in the filter (readers 0 and 1: in one of the filters
 *      the controller set while the read() ran).
 *   R3 per level, has a larger seq than the previous record of that
 *      level since the last cursor move (FIFO, no duplicates); per
 *      writer and level, a larger writer number.
 *   R4 seq order: a larger seq than every record read since the last move
 *      or order change.  Priority order: no record of a less urgent level
 *      read since then has a larger seq (else this more urgent one was
 *      stored and unread when that one was picked).
 *   R5 after SEEK_END, seq >= the next_seq seen before the seek; after
 *      LOGGER_IOC_SEEK to s, seq >= s.
 *   R6 two readers that get the same seq get the same record.
 *  Every call: write/writev takes every byte (except ENOSPC or a short
 *   write at a line end, when the writer is past its uid's share or a
 *   SET_CONFIG overlapped the call: docs/design.md, "Choices"); read() returns whole
 *   records, EINVAL only with a buffer smaller than a largest record (and
 *   then consumes nothing: VIEW_STATS.read unchanged), EAGAIN only when
 *   not blocking; GET_POS == {instance, highest seq returned + 1};
 *   VIEW_STATS: read == records returned on the fd, lost >= lost reported
 *   in band, written == records written through the fd.
 *  At each checkpoint (all quiet, sentinels written, readers drained):
 *   C1 the store: per level written == records + evicted + cleared, and
 *      == what the writers and the orchestrator wrote; bytes_used <=
 *      capacity == what the controller set; readers and writers == the
 *      fds open.
 *   C2 each reader read every sentinel of its filter exactly once; has
 *      nothing readable (poll, NEXT_SIZE, backlog); VIEW_STATS.read ==
 *      records returned; VIEW_STATS.lost == lost reported in band (the
 *      sentinels flush what is pending: the sentinel of level L follows
 *      every eviction of level L and only writes of level > L come after
 *      it, which never evict it).
 *   C3 a reader whose window (checkpoint to checkpoint) had no cursor
 *      move, reopen or concurrent clear: read + lost + skipped in the
 *      window == records written in it; if its filter F did not change,
 *      read + lost == written in F and skipped == written outside F.  If
 *      it rewound at the window's start (F fixed): read + lost == records
 *      of F stored at the rewind + written in F.  A clear in the window
 *      removes unread records without counting them (current ABI), so
 *      such windows check R*, C2 only; clears between windows (all
 *      drained) are exact.
 *   C4 the views nobody reads: read 0; lost == records of their filter
 *      evicted since they opened; backlog == records of their filter
 *      stored; skipped == records written outside their filter (exact
 *      until the first clear, bounded after).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "stress.h"
#include "stress_flow.h"

struct stress G;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int step, nack;
static pthread_mutex_t die_mu = PTHREAD_MUTEX_INITIALIZER;
static struct thread_log main_log;

#define RING_BITS 20
static __u64 *ring;

__u64 mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Change the calling thread's ids only (raw syscalls, not glibc's). */
int set_thread_creds(__u32 uid)
{
	if (syscall(SYS_setresgid, uid, uid, uid))
		return -1;
	return syscall(SYS_setresuid, uid, uid, uid) ? -1 : 0;
}

void oplog(struct thread_log *log, __u64 op, __u64 arg, __u64 ret)
{
	struct oplog *e = &log->e[log->n % OPLOG];

	__atomic_store_n(&e->phase, (__u64)__atomic_load_n(&G.phase, __ATOMIC_RELAXED),
			 __ATOMIC_RELAXED);
	__atomic_store_n(&e->op, op, __ATOMIC_RELAXED);
	__atomic_store_n(&e->arg, arg, __ATOMIC_RELAXED);
	__atomic_store_n(&e->ret, ret, __ATOMIC_RELAXED);
	__atomic_store_n(&log->n, log->n + 1, __ATOMIC_RELEASE);
}

static const char *const op_name[OP_NAMES] = {
	"?", "write(records)=", "writev(records)=", "VIEW_STATS(written)=",
	"read(size)=", "SEEK_SET", "SEEK_END(next_seq)", "GET_POS(seq)",
	"IOC_SEEK(seq)", "SET_VIEW(filter)", "reopen(filter)",
	"VIEW_STATS(read)", "drain-read(size)=", "checkpoint(read)",
	"rewind",
};

static void dump_log(const char *who, struct thread_log *log)
{
	unsigned int n = __atomic_load_n(&log->n, __ATOMIC_ACQUIRE), i;

	fprintf(stderr, "  %s, last calls [phase call arg result]:", who);
	for (i = n > OPLOG ? n - OPLOG : 0; i < n; i++) {
		struct oplog *e = &log->e[i % OPLOG];
		__u64 op = __atomic_load_n(&e->op, __ATOMIC_RELAXED);

		fprintf(stderr, " [%llu %s %llu %lld]",
			(unsigned long long)__atomic_load_n(&e->phase, __ATOMIC_RELAXED),
			op_name[op < OP_NAMES ? op : 0],
			(unsigned long long)__atomic_load_n(&e->arg, __ATOMIC_RELAXED),
			(long long)__atomic_load_n(&e->ret, __ATOMIC_RELAXED));
	}
	fputc('\n', stderr);
}

void die(struct thread_log *log, const char *fmt, ...)
{
	char who[32];
	va_list ap;
	int i;

	pthread_mutex_lock(&die_mu);
	fprintf(stderr, "logger-stress: FAIL (seed %llu, phase %d): ",
		(unsigned long long)G.seed, G.phase);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (log)
		dump_log("this thread", log);
	for (i = 0; i < NW; i++) {
		snprintf(who, sizeof(who), "writer %d", i);
		dump_log(who, &G.w[i].log);
	}
	for (i = 0; i < NR; i++) {
		snprintf(who, sizeof(who), "reader %d", i);
		dump_log(who, &G.r[i].log);
	}
	fprintf(stderr, "logger-stress: replay with --seed %llu\n",
		(unsigned long long)G.seed);
	if (G.ctl_pid > 0)
		kill(G.ctl_pid, SIGKILL);
	_exit(1);
}

/* ---- steps: the orchestrator moves everyone from one to the next ---- */

int current_step(void)
{
	return __atomic_load_n(&step, __ATOMIC_ACQUIRE);
}

/* Wait until step @s; false when the run is over. */
bool wait_step(int s)
{
	bool go;

	pthread_mutex_lock(&mu);
	while (step < s && !G.quit)
		pthread_cond_wait(&cv, &mu);
	go = !G.quit;
	pthread_mutex_unlock(&mu);
	return go;
}

void ack_step(void)
{
	pthread_mutex_lock(&mu);
	nack++;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

static void set_step(int s)
{
	pthread_mutex_lock(&mu);
	nack = 0;
	__atomic_store_n(&step, s, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

/* Wait for @n acks, at most @ms milliseconds; true when they came. */
static bool wait_acks(int n, long ms)
{
	struct timespec ts;
	bool ok;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&mu);
	while (nack < n)
		if (pthread_cond_timedwait(&cv, &mu, &ts))
			break;
	ok = nack >= n;
	pthread_mutex_unlock(&mu);
	return ok;
}

/* R6: one record per sequence number, whoever reads it. */
void seq_ring_check(struct thread_log *log, __u64 seq, __u64 key)
{
	__u64 want = seq << 24 | (key & 0xffffff);
	__u64 *slot = &ring[seq & ((1u << RING_BITS) - 1)];
	__u64 cur = __atomic_load_n(slot, __ATOMIC_ACQUIRE);

	for (;;) {
		if (cur >> 24 == seq) {
			if (cur != want)
				die(log, "seq %llu was returned as two different records",
				    (unsigned long long)seq);
			return;
		}
		if (cur >> 24 > seq)
			return;
		if (__atomic_compare_exchange_n(slot, &cur, want, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return;
	}
}

/* ---- the orchestrator ---------------------------------------------------- */

static int main_fd;
static __u64 main_level_count[8], poke_wseq;
static struct logger_stats st_open;	/* when the idle views opened */
static bool cleared_since_open;

/* Views nobody reads (C4): two of the orchestrator's and writer 0's. */
static struct idle {
	int fd;
	unsigned int filter;
	const char *name;
} idle[3];

static void get_stats(struct logger_stats *st)
{
	if (ioctl(main_fd, LOGGER_IOC_GET_STATS, st))
		die(&main_log, "GET_STATS: %s", strerror(errno));
}

static void shm_broadcast(void)
{
	pthread_mutex_lock(&G.shm->mu);
	pthread_cond_broadcast(&G.shm->cv);
	pthread_mutex_unlock(&G.shm->mu);
}

static void check_idle(const struct logger_stats *st, struct idle *v)
{
	struct logger_view_stats vs;
	__u64 lost = 0, backlog = 0, skipped = 0, cleared = 0;
	unsigned int l;

	if (ioctl(v->fd, LOGGER_IOC_VIEW_STATS, &vs))
		die(&main_log, "VIEW_STATS: %s", strerror(errno));
	for (l = 0; l < 8; l++) {
		if (v->filter & (1u << l)) {
			lost += st->level_evicted[l] - st_open.level_evicted[l];
			backlog += st->level_records[l];
		} else {
			skipped += st_open.level_records[l] + st->level_written[l] -
				   st_open.level_written[l];
			cleared += st->level_cleared[l] - st_open.level_cleared[l];
		}
	}
	if (vs.read || vs.lost != lost || vs.backlog != backlog ||
	    vs.skipped > skipped || vs.skipped < skipped - cleared ||
	    (!cleared_since_open && vs.skipped != skipped))
		die(&main_log, "%s (filter 0x%x, never read): VIEW_STATS read %llu lost %llu backlog %llu skipped %llu; "
		    "want 0, %llu evicted, %llu stored, %llu written outside the filter%s",
		    v->name, v->filter, (unsigned long long)vs.read,
		    (unsigned long long)vs.lost, (unsigned long long)vs.backlog,
		    (unsigned long long)vs.skipped, (unsigned long long)lost,
		    (unsigned long long)backlog, (unsigned long long)skipped,
		    cleared_since_open ? " (less what was cleared)" : "");
}

/* C1 and C4, on the stats taken after the sentinels. */
static void check_store(void)
{
	const struct logger_stats *st = &G.at_drain;
	__u64 bytes = 0;
	unsigned int l, i;

	for (l = 0; l < 8; l++) {
		__u64 want = st_open.level_written[l] + main_level_count[l];

		for (i = 0; i < NW; i++)
			want += G.w[i].level_count[l];
		if (st->level_written[l] != want ||
		    st->level_written[l] != st->level_records[l] +
		    st->level_evicted[l] + st->level_cleared[l])
			die(&main_log, "stats, level %u: written %llu (want %llu) != records %llu + evicted %llu + cleared %llu",
			    l, (unsigned long long)st->level_written[l],
			    (unsigned long long)want,
			    (unsigned long long)st->level_records[l],
			    (unsigned long long)st->level_evicted[l],
			    (unsigned long long)st->level_cleared[l]);
		bytes += st->level_bytes[l];
	}
	if (st->bytes_used > st->capacity || bytes > st->bytes_used ||
	    st->capacity != G.shm->capacity)
		die(&main_log, "stats: bytes_used %llu (levels %llu), capacity %llu, set %llu",
		    (unsigned long long)st->bytes_used, (unsigned long long)bytes,
		    (unsigned long long)st->capacity,
		    (unsigned long long)G.shm->capacity);
	if (st->readers != NR + 3 || st->writers != NW + 2)
		die(&main_log, "stats: %u readers, %u writers; %d and %d are open",
		    st->readers, st->writers, NR + 3, NW + 2);
	for (i = 0; i < 3; i++)
		check_idle(st, &idle[i]);
}

static void stop_controller(int phase)
{
	struct timespec ts;
	int r = 0;

	pthread_mutex_lock(&G.shm->mu);
	G.shm->stop_phase = phase;
	pthread_cond_broadcast(&G.shm->cv);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 300;
	while (G.shm->acked_phase < phase && !r)
		r = pthread_cond_timedwait(&G.shm->cv, &G.shm->mu, &ts);
	pthread_mutex_unlock(&G.shm->mu);
	if (r)
		die(&main_log, "the controller did not stop within 300 s");
}

/* STOP: wake every reader (eventfd, then pokes) until all stopped. */
static void stop_readers(int phase)
{
	static const __u8 all[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	__u64 one = 1;
	int round, i;

	if (write(G.stop_efd, &one, sizeof(one)) != sizeof(one))
		die(&main_log, "eventfd: %s", strerror(errno));
	for (round = 0; round < 600; round++) {
		if (wait_acks(NR, round ? 200 : 20))
			return;
		write_records(main_fd, &main_log, NULL, W_MAIN, &poke_wseq,
			      main_level_count, all, 8, false);
	}
	for (i = 0; i < NR; i++)
		if (__atomic_load_n(&G.r[i].stopped, __ATOMIC_SEQ_CST) != phase)
			fprintf(stderr, "logger-stress: reader %d (mode %d, filter 0x%x) did not stop\n",
				i, G.r[i].mode, G.r[i].filter);
	die(&main_log, "readers still busy 120 s after the stop, though poked: a read() or wait that is never woken?");
}

static void run_phase(int k, struct rf_rng *rng)
{
	static const __u8 all[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	int base = k * STEPS;
	__u64 wseq = (__u64)k * 8, drop;

	__atomic_store_n(&G.phase, k, __ATOMIC_RELEASE);
	G.clear_phase = k > 0 && rf_below(rng, 4) == 0;
	pthread_mutex_lock(&G.shm->mu);
	G.shm->clear_phase = G.clear_phase;
	G.shm->actions = 2 + rf_below(rng, 7);
	G.shm->phase_records = NW * 30 * 20;
	pthread_mutex_unlock(&G.shm->mu);

	set_step(base + S_MOVE);
	if (!wait_acks(NR, 600000))
		die(&main_log, "readers did not start their windows");
	if (read(G.stop_efd, &drop, sizeof(drop)) < 0 && errno != EAGAIN)
		die(&main_log, "eventfd: %s", strerror(errno));
	pthread_mutex_lock(&G.shm->mu);
	G.shm->go_phase = k;
	pthread_cond_broadcast(&G.shm->cv);
	pthread_mutex_unlock(&G.shm->mu);
	set_step(base + S_RUN);
	if (!wait_acks(NW, 600000))
		die(&main_log, "writers did not finish their quota in 600 s");
	stop_controller(k);
	set_step(base + S_STOP);
	stop_readers(k);
	/* Sentinels: levels 0..7, in that order, one write; all stored. */
	if (write_records(main_fd, &main_log, NULL, W_SENT, &wseq,
			  main_level_count, all, 8, false) != 8)
		die(&main_log, "the checkpoint sentinels were not all stored");
	get_stats(&G.at_drain);
	set_step(base + S_DRAIN);
	if (!wait_acks(NR, 600000))
		die(&main_log, "readers did not finish draining in 600 s");
	check_store();
	if (rf_below(rng, 5) == 0) {
		struct logger_stats st;

		if (ioctl(main_fd, LOGGER_IOC_CLEAR))
			die(&main_log, "CLEAR: %s", strerror(errno));
		get_stats(&st);
		if (st.records || st.bytes_used ||
		    st.cleared != G.at_drain.cleared + G.at_drain.records)
			die(&main_log, "after a clear: %llu records, %llu bytes, cleared %llu (was %llu + %llu)",
			    (unsigned long long)st.records,
			    (unsigned long long)st.bytes_used,
			    (unsigned long long)st.cleared,
			    (unsigned long long)G.at_drain.cleared,
			    (unsigned long long)G.at_drain.records);
		cleared_since_open = true;
	}
	if (G.shm->n_clear)
		cleared_since_open = true;
	get_stats(&G.cp);
}

static int load_module(const char *ko, const char *params)
{
	int fd = open(ko, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || syscall(SYS_finit_module, fd, params, 0)) {
		fprintf(stderr, "logger-stress: loading %s: %s\n", ko,
			strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: logger-stress [--seed N] [--duration S] [--phases N] [--load KO]\n"
		"                     [--flow PCT] [--strict] [-v]\n"
		"  --seed N      replay the choices of seed N (default: random, printed)\n"
		"  --duration S  run for S seconds in all (default 10)\n"
		"  --phases N    stop after N phases at most\n"
		"  --flow PCT    spend PCT%% of the duration (default 40) on the flow part:\n"
		"                policy block, groups, tags, holding mapped readers\n"
		"                (stress_flow.c); 0: none\n"
		"  --strict      fail on the known defect too: lgmap out of order (F9)\n"
		"  --load KO     if /dev/logger is missing, load KO (default $LOGGER_KO\n"
		"                or /logger.ko) with capacity=262144; unload at the end\n"
		"  -v            a line per phase\n"
		"Exit status 0 when every invariant held (see the top of stress.c),\n"
		"1 on the first violation, 2 on bad usage.\n");
}

static void open_idle(struct idle *v, unsigned int filter, const char *name)
{
	struct logger_view vw = { .filter = filter, .default_level = 6 };

	v->fd = open("/dev/logger", O_RDONLY | O_CLOEXEC);
	if (v->fd < 0 || ioctl(v->fd, LOGGER_IOC_SET_VIEW, &vw))
		die(&main_log, "idle view: %s", strerror(errno));
	v->filter = filter;
	v->name = name;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "duration", required_argument, NULL, 'd' },
		{ "phases", required_argument, NULL, 'p' },
		{ "load", required_argument, NULL, 'l' },
		{ "flow", required_argument, NULL, 'f' },
		{ "strict", no_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *ko = getenv("LOGGER_KO") ? getenv("LOGGER_KO") : "/logger.ko";
	struct logger_config cfg;
	struct rf_rng rng;
	bool loaded = false;
	int flow_pct = 40;
	bool strict = false;
	double flow_s;
	__u64 t0, total_read = 0, total_lost = 0, exact = 0;
	int c, i, k;

	G.seed = rf_mix(mono_ns() ^ (__u64)getpid() << 32);
	G.duration = 10;
	G.max_phases = 1 << 30;
	while ((c = getopt_long(argc, argv, "v", opts, NULL)) != -1) {
		switch (c) {
		case 's': G.seed = strtoull(optarg, NULL, 0); break;
		case 'd': G.duration = atof(optarg); break;
		case 'p': G.max_phases = atoi(optarg); break;
		case 'l': ko = optarg; break;
		case 'f': flow_pct = atoi(optarg); break;
		case 't': strict = true; break;
		case 'v': G.verbose = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || flow_pct < 0 || flow_pct > 100) {
		usage(stderr);
		return 2;
	}
	/* The flow part takes its share of the duration after the phases. */
	flow_s = G.duration * flow_pct / 100;
	G.duration -= flow_s;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("logger-stress: seed %llu, %.0f s\n", (unsigned long long)G.seed,
	       G.duration);
	if (geteuid()) {
		fprintf(stderr, "logger-stress: must run as root (clears, resizes, uid changes)\n");
		return 1;
	}
	if (access("/dev/logger", F_OK)) {
		if (load_module(ko, "capacity=262144"))
			return 1;
		loaded = true;
	}
	ring = calloc(1u << RING_BITS, sizeof(*ring));
	G.shm = mmap(NULL, sizeof(*G.shm), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!ring || G.shm == MAP_FAILED)
		die(NULL, "out of memory");
	{
		pthread_mutexattr_t ma;
		pthread_condattr_t ca;

		pthread_mutexattr_init(&ma);
		pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
		pthread_mutex_init(&G.shm->mu, &ma);
		pthread_condattr_init(&ca);
		pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
		pthread_condattr_setclock(&ca, CLOCK_REALTIME);
		pthread_cond_init(&G.shm->cv, &ca);
	}
	G.shm->go_phase = G.shm->stop_phase = G.shm->acked_phase = -1;
	G.shm->seed = G.seed;

	main_fd = open("/dev/logger", O_WRONLY | O_CLOEXEC);
	if (main_fd < 0)
		die(NULL, "open /dev/logger: %s", strerror(errno));
	/* Start from an empty store: nothing read is older than this run. */
	if (ioctl(main_fd, LOGGER_IOC_CLEAR) ||
	    ioctl(main_fd, LOGGER_IOC_GET_CONFIG, &cfg))
		die(NULL, "CLEAR / GET_CONFIG: %s", strerror(errno));
	get_stats(&st_open);
	G.max_record = st_open.max_record;
	G.instance = st_open.instance;
	G.shm->capacity = cfg.capacity;
	G.pid = getpid();
	G.ts_mono_start = mono_ns();
	G.stop_efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	G.tid[W_MAIN] = G.tid[W_SENT] = syscall(SYS_gettid);
	prctl(PR_GET_NAME, G.comm[W_MAIN]);
	memcpy(G.comm[W_SENT], G.comm[W_MAIN], 16);

	G.ctl_pid = fork();
	if (G.ctl_pid < 0)
		die(NULL, "fork: %s", strerror(errno));
	if (G.ctl_pid == 0)
		ctl_main(G.shm, "/dev/logger");

	open_idle(&idle[0], LOGGER_LEVELS_ALL, "idle view (all levels)");
	rf_seed(&rng, G.seed, 0, ~0ULL);
	open_idle(&idle[1], 1 + rf_below(&rng, 254), "idle view (some levels)");
	idle[2] = (struct idle){ -1, LOGGER_LEVELS_ALL, "writer 0's view" };
	for (i = 0; i < NW; i++) {
		G.w[i].id = i;
		G.w[i].default_level = (i * 3) % 8;
		pthread_create(&G.w[i].th, NULL, writer_main, &G.w[i]);
	}
	for (i = 0; i < NR; i++) {
		G.r[i].id = i;
		G.r[i].meddled = i < NMEDDLED;
		G.r[i].unpriv = i >= 6;
		G.r[i].stopped = -1;
		pthread_create(&G.r[i].th, NULL, reader_main, &G.r[i]);
	}
	if (!wait_acks(NW + NR, 60000))
		die(&main_log, "threads did not start");
	idle[2].fd = G.w[0].fd;
	get_stats(&G.cp);

	t0 = mono_ns();
	for (k = 0; k < G.max_phases &&
	     (k == 0 || mono_ns() - t0 < G.duration * 1e9); k++) {
		rf_seed(&rng, G.seed, 1, k);
		run_phase(k, &rng);
		if (G.verbose || k % 10 == 9)
			printf("logger-stress: phase %d: %llu written, %llu evicted, %llu cleared, capacity %llu\n",
			       k, (unsigned long long)G.at_drain.written,
			       (unsigned long long)G.at_drain.evicted,
			       (unsigned long long)G.at_drain.cleared,
			       (unsigned long long)G.at_drain.capacity);
	}

	pthread_mutex_lock(&mu);
	G.quit = 1;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	for (i = 0; i < NW; i++)
		pthread_join(G.w[i].th, NULL);
	for (i = 0; i < NR; i++) {
		pthread_join(G.r[i].th, NULL);
		total_read += G.r[i].total_read;
		total_lost += G.r[i].total_lost;
		exact += G.r[i].exact_windows;
	}
	G.shm->quit = 1;
	shm_broadcast();
	waitpid(G.ctl_pid, &c, 0);
	if (!WIFEXITED(c) || WEXITSTATUS(c))
		die(NULL, "the controller failed (status 0x%x)", c);
	printf("logger-stress: seed %llu: %d phases in %.1f s: %llu records written, "
	       "%llu evicted, %llu cleared, %llu refused (ENOSPC); readers read %llu, lost %llu; "
	       "%llu exact reader windows; controller: %llu resizes, %llu clears, "
	       "%llu filter changes: every invariant held\n",
	       (unsigned long long)G.seed, k, (mono_ns() - t0) / 1e9,
	       (unsigned long long)G.at_drain.written,
	       (unsigned long long)G.at_drain.evicted,
	       (unsigned long long)G.at_drain.cleared,
	       (unsigned long long)__atomic_load_n(&G.refused, __ATOMIC_RELAXED),
	       (unsigned long long)total_read, (unsigned long long)total_lost,
	       (unsigned long long)exact, (unsigned long long)G.shm->n_resize,
	       (unsigned long long)G.shm->n_clear,
	       (unsigned long long)G.shm->n_meddle);
	for (i = 0; i < NR; i++)
		close(G.r[i].fd);
	for (i = 0; i < NW; i++)
		close(G.w[i].fd);
	close(idle[0].fd);
	close(idle[1].fd);
	close(main_fd);
	/* Every fd of the phases is closed: none of them holds. */
	if (flow_pct && flow_run(G.seed, flow_s, G.max_record, strict))
		return 1;
	if (loaded && syscall(SYS_delete_module, "logger", O_NONBLOCK)) {
		fprintf(stderr, "logger-stress: unloading: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
