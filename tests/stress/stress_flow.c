// SPDX-License-Identifier: GPL-2.0
/*
 * logger-stress, flow part (SPEC.md section 6): after the phases of
 * stress.c, for --flow percent of the duration, lossless delivery, group
 * readers, tags and mapped readers that hold, with the policy switched
 * between overwrite and block at random moments.  Seeded like the rest.
 *
 * Actors (stress_flow_rd.c)
 *  - 3 writer threads: writer 0 parses tags ("job: ", "log: " or none),
 *    writer 1 parses tags and has the fd tag "job" (bare records are
 *    jobs) and is interrupted by SIGUSR1 (no SA_RESTART) while it waits,
 *    writer 2 writes untagged records with O_NONBLOCK (EAGAIN, short
 *    writes).  Every message is a recfmt record naming (writer, number);
 *    the class (tag) of each number is published before the write.
 *  - the holder: a child process (root), every level and tag, sequence
 *    order, format 2; stopped (SIGSTOP) and continued at random.
 *  - the unprivileged holder: the same as uid 65534; when hold_timeout_ms
 *    is short (guest-stress.sh sets it), stopped for longer than it, so
 *    that waiting writers expire its hold.
 *  - the victim: a holding child (root) that is stopped until writers
 *    wait on it, then SIGKILLed, and respawned.
 *  - the mapped reader (lgmap, thread): every level, sequence order; it
 *    holds at the position lgmap_wait() publishes with MAP_SYNC.
 *  - the tag reader (thread): tag filter {"log", ""}, no hold, slow at
 *    times, so it loses records under both policies.
 *  - the group: 4 member threads in group F_GROUP (tag filter {"job"},
 *    every level, random order); member 0 stays, members 1..3 leave and
 *    rejoin, or close, reopen and join, at random.
 *  - this process's main thread: the policy (LOGGER_IOC_SET_CONFIG) at
 *    random moments, the signals above, FLOW_STATS checks.
 *
 * Invariants
 *  F1 every record read is one that was written and stored (a refused or
 *     interrupted record is never read), whole, with its level, facility
 *     and the tag it was written with (format 2 header), in sequence
 *     order for the sequence readers, and passes the reader's tag filter.
 *  F2 no loss: a holding reader with CAP_SYSLOG (holder, victim, mapped
 *     reader, group) gets no lost count on a record read in a window
 *     where the policy was block throughout (pol_clean(): from the start
 *     of the read that returned its previous record to the end of this
 *     one).  A seq gap there may be a newer record lost in an earlier
 *     window and counted then: F3 accounts for it.
 *  F3 exact loss: for the all-level sequence readers, at every record
 *     the lost counts reported so far cover the seq gaps; at the end,
 *     lost == gaps + records evicted after the last one read, and read +
 *     lost == records written (the unprivileged holder too, whose hold
 *     expired while it was stopped).
 *  F4 group: no record delivered twice across members, joins, leaves and
 *     reopens; at the end delivered + group lost + skipped == records
 *     written, delivered + lost == jobs written (see F5).
 *  F5 tags: the tag reader's read + lost == records of its tags
 *     written and skipped == the jobs written: records outside the tag
 *     filter are skipped, never lost, also when they were evicted before
 *     the reader reached them (cursor.c, "Filtered cursors and
 *     eviction").
 *  F6 writers never hang: the written count moves within 60 s whenever
 *     no holder with CAP_SYSLOG is stopped; a blocking writer's write
 *     takes everything or (signal) stops at a line end or fails with
 *     EINTR; the O_NONBLOCK one: EAGAIN or a short write at a line end.
 *  F7 switching to overwrite wakes every waiting writer (waiting_writers
 *     drops to 0); FLOW_STATS reports the policy set, one group, 1..4
 *     members; GET_CONFIG and /sys/class/misc/logger/policy read the
 *     policy back.
 *  F8 the store: written == records written, next_seq advanced by
 *     exactly that (no sequence number for a refused record).
 *  F10 at the very end, every reader closed: no reader, hold or group is
 *     counted, and under block a store-cycling flood through an
 *     O_NONBLOCK fd never gets EAGAIN (no hold count was left behind).
 *  F9 the mapped reader gets its records in sequence order, like read().
 *     lgmap fails it now and then: lgmap_next() looks at the levels one
 *     after the other without a lock, so a level found empty may get a
 *     record older than the one it then returns from a later level; that
 *     record comes next, out of order, or goes and shows as a seq gap
 *     counted lost only later.  So the mapped reader is checked for F3's
 *     totals but not its gaps, and inversions are counted: fatal with
 *     --strict, printed otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "stress_flow.h"

struct flow_shm *F;
static int ctl_fd = -1;
static pid_t kids[NREP];
static int cur_policy;
static struct rf_rng rng;

void flow_die(const char *fmt, ...)
{
	va_list ap;
	int i;

	fprintf(stderr, "logger-stress: FAIL (seed %llu, flow): ",
		(unsigned long long)F->seed);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nlogger-stress: replay with --seed %llu\n",
		(unsigned long long)F->seed);
	if (getpid() != F->main_pid) {
		__atomic_store_n(&F->failed, 1, __ATOMIC_SEQ_CST);
		_exit(1);
	}
	for (i = 0; i < NREP; i++)
		if (kids[i] > 0)
			kill(kids[i], SIGKILL);
	_exit(1);
}

__u64 pol_snap(void)
{
	return __atomic_load_n(&F->pol_seq, __ATOMIC_SEQ_CST);
}

/*
 * Was the policy block from snapshot @from to snapshot @to?  pol_seq is 0
 * under the first policy (overwrite), odd while a change is under way, and
 * 2k after the k-th change: block when k is odd.
 */
bool pol_clean(__u64 from, __u64 to)
{
	return from == to && !(from & 1) && (from / 2) % 2 == 1;
}

static __u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000 + (__u64)ts.tv_nsec / 1000000;
}

static void msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static void flow_stats(struct logger_flow_stats *fs)
{
	if (ioctl(ctl_fd, LOGGER_IOC_FLOW_STATS, fs))
		flow_die("FLOW_STATS: %s", strerror(errno));
}

static void set_policy(int p)
{
	struct logger_config c, back;
	struct logger_flow_stats fs;
	int i;

	if (ioctl(ctl_fd, LOGGER_IOC_GET_CONFIG, &c))
		flow_die("GET_CONFIG: %s", strerror(errno));
	c.policy = p;
	c.max_record = 0;
	__atomic_add_fetch(&F->pol_seq, 1, __ATOMIC_SEQ_CST);
	if (ioctl(ctl_fd, LOGGER_IOC_SET_CONFIG, &c))
		flow_die("SET_CONFIG policy %d: %s", p, strerror(errno));
	__atomic_add_fetch(&F->pol_seq, 1, __ATOMIC_SEQ_CST);
	cur_policy = p;
	F->flips++;
	if (ioctl(ctl_fd, LOGGER_IOC_GET_CONFIG, &back) || back.policy != (__u32)p)
		flow_die("GET_CONFIG after setting policy %d: policy %u (%s)", p,
			 back.policy, strerror(errno));
	/* F7: the sysfs text stats agree. */
	{
		FILE *f = fopen("/sys/class/misc/logger/policy", "r");
		char word[16] = "";

		if (!f || !fgets(word, sizeof(word), f) ||
		    strcmp(word, p ? "block\n" : "overwrite\n"))
			flow_die("sysfs policy says \"%s\" after setting %d (%s)",
				 word, p, f ? "read" : strerror(errno));
		fclose(f);
	}
	if (p != LOGGER_POLICY_OVERWRITE)
		return;
	/* F7: every waiting writer wakes (within 30 s: nothing is stopped). */
	for (i = 0; i < 30000; i++) {
		flow_stats(&fs);
		if (!fs.waiting_writers)
			return;
		msleep(1);
	}
	flow_die("%u writers still wait 30 s after the switch to overwrite",
		 fs.waiting_writers);
}

/* F6 failed: say who reads and who waits. */
static void stuck(const char *when)
{
	struct logger_flow_stats fs;

	flow_stats(&fs);
	flow_die("F6: writers stored nothing for 60 s%s (%d of %d returned; policy %u, %u waiting, %u holding, %llu expired); records read so far: holder %llu, unprivileged %llu, victim %llu, mapped %llu, tags %llu, group %llu",
		 when, __atomic_load_n(&F->writers_done, __ATOMIC_SEQ_CST), FW,
		 fs.policy, fs.waiting_writers, fs.holding_readers,
		 (unsigned long long)fs.hold_expired,
		 (unsigned long long)F->rep[R_HOLD].read,
		 (unsigned long long)F->rep[R_UNPRIV].read,
		 (unsigned long long)F->rep[R_VICTIM].read,
		 (unsigned long long)F->rep[R_MAP].read,
		 (unsigned long long)F->rep[R_TAGS].read,
		 (unsigned long long)F->g_read);
}

static pid_t spawn(int who)
{
	pid_t pid = fork();

	if (pid < 0)
		flow_die("fork: %s", strerror(errno));
	if (!pid)
		fr_child(who);
	return pid;
}

/* A child must not have ended before the end (it reports, then exits). */
static void check_kids(void)
{
	int i, st;

	for (i = 0; i < NREP; i++) {
		if (kids[i] <= 0 || waitpid(kids[i], &st, WNOHANG) != kids[i])
			continue;
		flow_die("the %s (pid %d) ended early, status 0x%x",
			 i == R_HOLD ? "holder" : i == R_UNPRIV ?
			 "unprivileged holder" : "victim", kids[i], st);
	}
	if (__atomic_load_n(&F->failed, __ATOMIC_SEQ_CST))
		flow_die("a reader process failed (above)");
}

/* Stop the victim until writers wait on it (at most 300 ms), kill it. */
static void kill_victim(void)
{
	struct logger_flow_stats fs;
	int i, st;

	kill(kids[R_VICTIM], SIGSTOP);
	for (i = 0; i < 300; i++) {
		flow_stats(&fs);
		if (fs.waiting_writers)
			break;
		msleep(1);
	}
	kill(kids[R_VICTIM], SIGKILL);
	if (waitpid(kids[R_VICTIM], &st, 0) != kids[R_VICTIM] ||
	    !WIFSIGNALED(st))
		flow_die("the victim ended with status 0x%x before it was killed", st);
	F->kills++;
	kids[R_VICTIM] = spawn(R_VICTIM);
}

static void noop(int sig)
{
}

/* Where the flow part is, for a run that stops moving (on_alarm()). */
static const char *volatile stage = "starting";

static void on_alarm(int sig)
{
	static const char head[] = "logger-stress: FAIL (flow): no progress for too long; stage: ";
	int i;

	if (write(2, head, sizeof(head) - 1) < 0 ||
	    write(2, stage, strlen(stage)) < 0 || write(2, "\n", 1) < 0)
		_exit(1);
	for (i = 0; i < NREP; i++)
		if (kids[i] > 0)
			kill(kids[i], SIGKILL);
	_exit(1);
}

static void check_end(const struct logger_stats *st0,
		      const struct logger_stats *st1, bool strict)
{
	__u64 total = 0, jobs = 0, other, delivered = 0;
	struct frep *tr, *gr;
	unsigned int w, c, i;

	for (w = 0; w < FW; w++) {
		for (c = 0; c < NCLASS; c++)
			total += F->stored[w][c];
		jobs += F->stored[w][C_JOB];
		for (i = 0; i < FMAXW; i++)
			delivered += F->got[w][i];
	}
	other = total - jobs;
	/* F8 */
	if (st1->written - st0->written != total || st1->next_seq - st0->next_seq != total)
		flow_die("store: %llu written, next_seq moved by %llu; the writers stored %llu",
			 (unsigned long long)(st1->written - st0->written),
			 (unsigned long long)(st1->next_seq - st0->next_seq),
			 (unsigned long long)total);
	/* F3 */
	for (i = 0; i < NREP; i++) {
		struct frep *r = &F->rep[i];
		static const char *const nm[NREP] = {
			"holder", "unprivileged holder", "victim", "tag reader",
			"mapped reader", "group",
		};
		__u64 trail = F->seq_end - 1 - r->last_seq;

		if (i == R_GROUP || i == R_TAGS)
			continue;
		/* lgmap may return records out of order (F9): no gaps. */
		if (i == R_MAP)
			trail = r->vs_lost - r->gaps;
		if (r->vs_read != r->read || r->inband > r->vs_lost)
			flow_die("%s: read %llu, lost %llu in band; its stats say read %llu, lost %llu",
				 nm[i], (unsigned long long)r->read,
				 (unsigned long long)r->inband,
				 (unsigned long long)r->vs_read,
				 (unsigned long long)r->vs_lost);
		if (i == R_VICTIM)
			continue;
		if (r->read + r->vs_lost != total || r->vs_skipped ||
		    (r->read && r->vs_lost != r->gaps + trail))
			flow_die("%s: read %llu + lost %llu != %llu written, or skipped %llu, or lost != %llu gaps + %llu evicted after its last record",
				 nm[i], (unsigned long long)r->read,
				 (unsigned long long)r->vs_lost,
				 (unsigned long long)total,
				 (unsigned long long)r->vs_skipped,
				 (unsigned long long)r->gaps,
				 (unsigned long long)trail);
	}
	/* F5, F4: exact, evicted records outside the filter included. */
	tr = &F->rep[R_TAGS];
	gr = &F->rep[R_GROUP];
	if (tr->vs_read != tr->read || tr->read + tr->vs_lost < other ||
	    tr->read + tr->vs_lost + tr->vs_skipped != total ||
	    tr->read + tr->vs_lost != other)
		flow_die("F5: tag reader {log, \"\"}: read %llu (stats %llu) + lost %llu, want %llu written with its tags; skipped %llu, want the %llu jobs (records outside the tag filter are skipped, not lost)",
			 (unsigned long long)tr->read,
			 (unsigned long long)tr->vs_read,
			 (unsigned long long)tr->vs_lost,
			 (unsigned long long)other,
			 (unsigned long long)tr->vs_skipped,
			 (unsigned long long)jobs);
	if (delivered != F->g_read || delivered + gr->vs_lost < jobs ||
	    delivered + gr->vs_lost + gr->vs_skipped != total ||
	    F->g_inband > gr->vs_lost || delivered + gr->vs_lost != jobs)
		flow_die("F4: group {job}: delivered %llu (read %llu) + lost %llu (%llu in band), want the %llu jobs written; skipped %llu, want the %llu others",
			 (unsigned long long)delivered,
			 (unsigned long long)F->g_read,
			 (unsigned long long)gr->vs_lost,
			 (unsigned long long)F->g_inband,
			 (unsigned long long)jobs,
			 (unsigned long long)gr->vs_skipped,
			 (unsigned long long)other);
	if (F->map_inversions && strict)
		flow_die("F9: the mapped reader got %llu records out of sequence order",
			 (unsigned long long)F->map_inversions);
	if (F->map_inversions)
		printf("logger-stress: flow: known lgmap defect (sequence order as read()): the mapped reader got %llu records out of order (--strict fails on it)\n",
		       (unsigned long long)F->map_inversions);
	printf("logger-stress: flow: %llu records (%llu jobs), %llu refused, %llu interrupted; %llu policy changes, %llu stops, %llu victims killed, %llu long stops of the unprivileged holder; group: %llu delivered, %llu lost, %llu joins, %llu leaves, %llu reopens; lost: holder %llu, unprivileged %llu, mapped %llu, tags %llu; no-loss windows checked: holder %llu, victims %llu, mapped %llu, group %llu: every invariant held\n",
	       (unsigned long long)total, (unsigned long long)jobs,
	       (unsigned long long)F->refused, (unsigned long long)F->intr,
	       (unsigned long long)F->flips, (unsigned long long)F->stops,
	       (unsigned long long)F->kills,
	       (unsigned long long)F->expiry_stops,
	       (unsigned long long)delivered,
	       (unsigned long long)F->rep[R_GROUP].vs_lost,
	       (unsigned long long)F->joins, (unsigned long long)F->leaves,
	       (unsigned long long)F->reopens,
	       (unsigned long long)F->rep[R_HOLD].vs_lost,
	       (unsigned long long)F->rep[R_UNPRIV].vs_lost,
	       (unsigned long long)F->rep[R_MAP].vs_lost,
	       (unsigned long long)F->rep[R_TAGS].vs_lost,
	       (unsigned long long)F->rep[R_HOLD].clean,
	       (unsigned long long)F->rep[R_VICTIM].clean,
	       (unsigned long long)F->rep[R_MAP].clean,
	       (unsigned long long)F->g_clean);
}

/*
 * F10: with no reader open, block behaves exactly as overwrite: a hold
 * count left behind by anything of the whole run (phases and flow part:
 * every reader is closed now) would make a write wait.  Write more than
 * twice the capacity through an O_NONBLOCK fd under block: never EAGAIN.
 */
static void block_without_readers(__u32 max_record)
{
	struct logger_flow_stats fs;
	struct logger_stats st;
	char line[96];
	__u64 bytes = 0;
	int w, n, len;

	if (ioctl(ctl_fd, LOGGER_IOC_GET_STATS, &st))
		flow_die("GET_STATS: %s", strerror(errno));
	flow_stats(&fs);
	if (st.readers || fs.holding_readers || fs.groups || fs.group_members)
		flow_die("F10: every reader closed, yet %u readers, %u holding, %u groups of %u members",
			 st.readers, fs.holding_readers, fs.groups, fs.group_members);
	set_policy(LOGGER_POLICY_BLOCK);
	w = open("/dev/logger", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (w < 0)
		flow_die("open: %s", strerror(errno));
	for (n = 0; bytes < 2 * st.capacity + 8 * max_record; n++) {
		len = snprintf(line, sizeof(line), "<%d>F10 %d no reader holds this\n",
			       n % 8, n);
		if (write(w, line, len) != len)
			flow_die("F10: block with no reader open: write %d (%llu bytes of a %llu-byte store written) failed: %s; a hold count was left behind",
				 n, (unsigned long long)bytes,
				 (unsigned long long)st.capacity, strerror(errno));
		bytes += len + 64;
	}
	close(w);
	set_policy(LOGGER_POLICY_OVERWRITE);
	printf("logger-stress: flow: block with no reader open took %d records, %llu bytes\n",
	       n, (unsigned long long)bytes);
}

static unsigned int read_hold_timeout(void)
{
	FILE *f = fopen("/sys/module/logger/parameters/hold_timeout_ms", "r");
	unsigned int t = 10000;

	if (f) {
		if (fscanf(f, "%u", &t) != 1)
			t = 10000;
		fclose(f);
	}
	return t;
}

/* Run the flow part for @duration seconds.  Return: 0 (fails by exiting). */
int flow_run(__u64 seed, double duration, __u32 max_record, bool strict)
{
	struct sigaction sa = { .sa_handler = noop };
	pthread_t wt[FW], gt[FG], tt, mt;
	struct logger_stats st0, st1;
	struct logger_flow_stats fs;
	__u64 t_end, last_wrote = 0, last_move;
	unsigned int hold_ms = read_hold_timeout();
	bool expiry = hold_ms && hold_ms <= 2000;
	long i;
	int st;

	F = mmap(NULL, sizeof(*F), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (F == MAP_FAILED) {
		fprintf(stderr, "logger-stress: flow: out of memory\n");
		return 1;
	}
	F->seed = seed;
	F->max_record = max_record;
	F->main_pid = getpid();
	rf_seed(&rng, seed, 700, 0);
	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART: writes see it */
	/* Every wait below is bounded; this bounds them all (F6). */
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	alarm((unsigned int)duration + 180);
	ctl_fd = open("/dev/logger", O_WRONLY | O_CLOEXEC);
	if (ctl_fd < 0)
		flow_die("open: %s", strerror(errno));
	cur_policy = LOGGER_POLICY_OVERWRITE;
	{
		struct logger_config c;

		if (ioctl(ctl_fd, LOGGER_IOC_GET_CONFIG, &c) || c.policy)
			flow_die("GET_CONFIG: policy %u at the start (%s)", c.policy,
				 strerror(errno));
	}
	if (ioctl(ctl_fd, LOGGER_IOC_CLEAR) || ioctl(ctl_fd, LOGGER_IOC_GET_STATS, &st0))
		flow_die("CLEAR / GET_STATS: %s", strerror(errno));
	F->seq0 = st0.next_seq;
	printf("logger-stress: flow: %.0f s, hold_timeout_ms %u%s\n", duration,
	       hold_ms, expiry ? "" : " (too long: no expiry of a stopped holder)");

	/* Readers first: each must see every record. */
	kids[R_HOLD] = spawn(R_HOLD);
	kids[R_UNPRIV] = spawn(R_UNPRIV);
	kids[R_VICTIM] = spawn(R_VICTIM);
	pthread_create(&tt, NULL, ft_main, NULL);
	pthread_create(&mt, NULL, fm_main, NULL);
	for (i = 0; i < FG; i++)
		pthread_create(&gt[i], NULL, fg_main, (void *)i);
	for (i = 0; i < 10000; i++) {
		check_kids();
		/* The two holders, the tag and mapped readers, the group. */
		if (__atomic_load_n(&F->ready, __ATOMIC_SEQ_CST) == 4 &&
		    __atomic_load_n(&F->g_joined, __ATOMIC_SEQ_CST))
			break;
		msleep(1);
	}
	if (i == 10000)
		flow_die("readers did not open within 10 s");
	for (i = 0; i < FW; i++)
		pthread_create(&wt[i], NULL, fw_main, (void *)i);
	stage = "actors";

	last_move = now_ms();
	t_end = last_move + (__u64)(duration * 1000);
	while (now_ms() < t_end &&
	       __atomic_load_n(&F->capped, __ATOMIC_SEQ_CST) < FW) {
		__u32 x = rf_below(&rng, 100);
		__u64 w;

		check_kids();
		w = __atomic_load_n(&F->wrote, __ATOMIC_ACQUIRE);
		if (w != last_wrote) {
			last_wrote = w;
			last_move = now_ms();
		} else if (now_ms() - last_move > 60000) {
			stuck("");
		}
		if (x < 25) {
			set_policy(!cur_policy);
		} else if (x < 40) {
			kill(kids[R_HOLD], SIGSTOP);
			msleep(10 + rf_below(&rng, 200));
			kill(kids[R_HOLD], SIGCONT);
			F->stops++;
		} else if (x < 50) {
			kill_victim();
		} else if (x < 55 && expiry && cur_policy == LOGGER_POLICY_BLOCK) {
			kill(kids[R_UNPRIV], SIGSTOP);
			msleep(hold_ms * 2 + rf_below(&rng, hold_ms));
			kill(kids[R_UNPRIV], SIGCONT);
			F->expiry_stops++;
		} else if (x < 75) {
			syscall(SYS_tgkill, getpid(), F->writer_tid[1], SIGUSR1);
		} else {
			flow_stats(&fs);
			if (fs.policy != (__u32)cur_policy || fs.groups != 1 ||
			    fs.group_members < 1 || fs.group_members > FG ||
			    fs.holding_readers > 9 || fs.reserved)
				flow_die("F7: FLOW_STATS policy %u (set %d), %u groups, %u members, %u holding",
					 fs.policy, cur_policy, fs.groups,
					 fs.group_members, fs.holding_readers);
		}
		msleep(1 + rf_below(&rng, 30));
	}

	/* The end: writers stop (readers still read), then everyone drains. */
	__atomic_store_n(&F->stop_writers, 1, __ATOMIC_RELEASE);
	stage = "waiting for the writers to stop";
	last_move = now_ms();
	while (__atomic_load_n(&F->writers_done, __ATOMIC_SEQ_CST) < FW) {
		__u64 w = __atomic_load_n(&F->wrote, __ATOMIC_ACQUIRE);

		check_kids();
		if (w != last_wrote) {
			last_wrote = w;
			last_move = now_ms();
		} else if (now_ms() - last_move > 60000) {
			stuck(" at the end");
		}
		msleep(10);
	}
	for (i = 0; i < FW; i++)
		pthread_join(wt[i], NULL);
	if (ioctl(ctl_fd, LOGGER_IOC_GET_STATS, &st1))
		flow_die("GET_STATS: %s", strerror(errno));
	F->seq_end = st1.next_seq;
	__atomic_store_n(&F->done, 1, __ATOMIC_RELEASE);
	stage = "waiting for the reader processes to drain";
	for (i = 0; i < NREP; i++) {
		if (kids[i] <= 0)
			continue;
		if (waitpid(kids[i], &st, 0) != kids[i] || !WIFEXITED(st) ||
		    WEXITSTATUS(st))
			flow_die("reader process %ld ended with status 0x%x", i, st);
		kids[i] = 0;
	}
	stage = "waiting for the tag reader";
	pthread_join(tt, NULL);
	stage = "waiting for the mapped reader";
	pthread_join(mt, NULL);
	stage = "waiting for the group members";
	for (i = 0; i < FG; i++)
		pthread_join(gt[i], NULL);
	stage = "checks";
	if (cur_policy != LOGGER_POLICY_OVERWRITE)
		set_policy(LOGGER_POLICY_OVERWRITE);
	flow_stats(&fs);
	printf("logger-stress: flow: writers waited %llu times, %llu holds expired\n",
	       (unsigned long long)fs.waits, (unsigned long long)fs.hold_expired);
	check_end(&st0, &st1, strict);
	stage = "block with no reader open";
	block_without_readers(max_record);
	alarm(0);
	close(ctl_fd);
	munmap(F, sizeof(*F));
	return 0;
}
