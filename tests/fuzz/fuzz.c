// SPDX-License-Identifier: GPL-2.0
/*
 * logger-fuzz: seeded, multi-threaded random calls on /dev/logger and its
 * generic netlink family, checking invariants, not only survival.
 *
 * Each of --threads threads (default 4; the last one as uid 65534) draws
 * its calls from its own PRNG, seeded from (seed, thread): open (every
 * access mode including 3, O_NONBLOCK, O_APPEND, O_TRUNC, O_DIRECT, ...),
 * read, write, writev, every ioctl of uapi/logger.h with valid, boundary
 * and invalid contents and unknown numbers, poll, epoll (LT and ET),
 * lseek (every whence), close, clear, resize, netlink requests valid and
 * malformed, fork with the fds open, and blocking calls interrupted by a
 * signal.  Sizes 0, 1, max-1, max, max+1 and huge; buffers NULL, (void *)1,
 * an inaccessible page, a buffer that ends at one, read-only memory for
 * read().  Every thread keeps its last calls, printed on failure with the
 * seed; --seed N replays the same choices.
 *
 * Invariants:
 *  F1 every call's result is in the set SPEC.md and uapi/logger.h allow
 *     for it (e.g. EBADF for a read on a write-only fd, EFAULT only for a
 *     bad buffer, EINVAL for a read buffer smaller than the next record
 *     only, EAGAIN only when not blocking, EINTR only when a signal was
 *     sent, ENOTTY for unknown ioctls, ESTALE for another instance,
 *     EPERM for an unprivileged clear or set, EOPNOTSUPP for unknown
 *     netlink commands); where the result is determined it must be exact:
 *     a write's return is the bytes of the whole records before the first
 *     oversized one (EMSGSIZE if none) -- or, for a thread past its uid's
 *     share or while another thread's SET_CONFIG is under way, ENOSPC or a
 *     short write at a line end (docs/design.md, "Choices") --, an ioctl's
 *     validation, SET_VIEW then GET_VIEW, GET_POS.
 *  F2 a write that returns n stored exactly the records in its first n
 *     bytes (VIEW_STATS.written of the fd grows by that many); EFAULT and
 *     EMSGSIZE store nothing.
 *  F3 every record read is one that was written: self-checking message
 *     (recfmt.h) with its level and facility in the header, the writer's
 *     pid, tid and uid; whole records only; text format parses strictly.
 *  F4 per fd, between cursor moves: per level increasing seq (no
 *     duplicates, FIFO); seq order increasing; records of the filter
 *     only; VIEW_STATS.read == records returned on the fd, and not
 *     changed by a failed read.  Any two fds that return seq s return the
 *     same record.
 *  F5 stats add up whenever read: per level written == records + evicted
 *     + cleared; bytes_used <= capacity.
 *  F6 at checkpoints (all threads paused): the netlink stats equal the
 *     ioctl stats; the readers dump lists every open reader; the readers
 *     and writers counts equal the fds open; for every fd, poll says
 *     readable exactly when NEXT_SIZE and VIEW_STATS.backlog say a record
 *     is there, writable exactly when it was opened for writing;
 *     VIEW_STATS read and written equal what the fuzzer counted.
 *  F7 SPEC section 6 ioctls (fuzz_flow.c): SET/GET_FLAGS, SET/GET_TAG,
 *     SET/GET_TAG_FILTER, JOIN/LEAVE/GET_GROUP, FLOW_STATS, MAP_SYNC,
 *     MAP_CURSOR and their numbers with other sizes: EFAULT for a bad pointer, EBADF
 *     where a fd must read, EINVAL for bad contents (unknown flag bits,
 *     a tag with a space or ':' or no NUL padding, a tag beyond count,
 *     more than 8 tags, a group name empty or unprintable, non-zero
 *     members or reserved), EBUSY for a second join or MAP_SYNC or
 *     MAP_CURSOR in a group, ESTALE for another clear generation, ENOTTY for another
 *     size; what was set reads back the same; GET_GROUP names the group
 *     with 1 member, then none after LEAVE; FLOW_STATS is consistent.
 *  F8 block windows: policy block (EPERM unprivileged) for a few ms while
 *     the others run: an O_NONBLOCK write may then get EAGAIN or a short
 *     write at a line end, a blocking one waits; back to overwrite,
 *     every waiting writer wakes (waiting_writers drops to 0).
 */
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fuzz.h"

struct fuzz F;
static pthread_mutex_t die_mu = PTHREAD_MUTEX_INITIALIZER;

#define CHECKPOINT_EVERY 2000

static const char *const op_names[] = {
	"?", "open", "close", "read", "write", "writev", "ioctl", "poll",
	"epoll_ctl", "epoll_wait", "lseek", "clear", "resize", "netlink",
	"fork", "signal", "get/set view", "checkpoint", "flow ioctl",
	"policy",
};

const char *fz_errname(int e)
{
	const char *n = e ? strerrorname_np(e) : "success";

	return n ? n : "E?";
}

void fz_log(struct fthread *t, __u32 op, int fdi, __u64 a, __u64 b, long ret)
{
	struct fz_log *l = &t->log[t->nlog++ % FZ_LOG];

	l->op = op;
	l->fdi = fdi;
	l->a = a;
	l->b = b;
	l->ret = ret;
	l->err = ret < 0 ? errno : 0;
}

static void dump(struct fthread *t)
{
	unsigned int i, n = t->nlog;

	fprintf(stderr, "  thread %d (%s, %llu calls), last calls [call fd-slot arg arg = result]:\n",
		t->id, t->unpriv ? "uid 65534" : "root",
		(unsigned long long)t->ops);
	for (i = n > FZ_LOG ? n - FZ_LOG : 0; i < n; i++) {
		struct fz_log *l = &t->log[i % FZ_LOG];

		fprintf(stderr, "    %s %u 0x%llx 0x%llx = %ld%s%s\n",
			l->op < sizeof(op_names) / sizeof(op_names[0]) ?
			op_names[l->op] : "?", l->fdi, (unsigned long long)l->a,
			(unsigned long long)l->b, l->ret, l->ret < 0 ? " " : "",
			l->ret < 0 ? fz_errname(l->err) : "");
	}
}

void fz_die(struct fthread *t, const char *fmt, ...)
{
	va_list ap;
	int i;

	pthread_mutex_lock(&die_mu);
	fprintf(stderr, "logger-fuzz: FAIL (seed %llu, thread %d): ",
		(unsigned long long)F.seed, t ? t->id : -1);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (t)
		dump(t);
	for (i = 0; i < F.nthreads; i++)
		if (&F.t[i] != t && F.t[i].nlog)
			dump(&F.t[i]);
	fprintf(stderr, "logger-fuzz: replay with --seed %llu --threads %d --ops %llu\n",
		(unsigned long long)F.seed, F.nthreads,
		(unsigned long long)F.ops);
	_exit(1);
}

/* F1: the result of a call must be one of @allowed. */
void fz_expect(struct fthread *t, const char *what, long ret, fz_mask allowed)
{
	int e = ret < 0 ? errno : 0;
	char set[256] = "";
	size_t n = 0;
	int i;

	if (e < 128 && (allowed & E(e)))
		return;
	for (i = 0; i < 128; i++)
		if (allowed & E(i))
			n += snprintf(set + n, sizeof(set) - n, " %s", fz_errname(i));
	fz_die(t, "%s returned %ld (%s); allowed:%s", what, ret, fz_errname(e),
	       set);
}

/* ---- checkpoints: every other thread waits at the barrier (F6) -------- */

static void check_fd(struct ffd *f, const char *who)
{
	struct logger_view_stats vs;
	struct pollfd p = { .fd = f->fd, .events = POLLIN | POLLOUT };
	__u64 next = 0;

	if (ioctl(f->fd, LOGGER_IOC_VIEW_STATS, &vs) || poll(&p, 1, 0) < 0 ||
	    (f->rd && ioctl(f->fd, LOGGER_IOC_NEXT_SIZE, &next)))
		fz_die(NULL, "checkpoint, %s: %s", who, strerror(errno));
	if (vs.written != f->written ||
	    (f->rd && (vs.read != f->read || vs.lost < f->inband)) ||
	    (!f->rd && (vs.read || vs.backlog)))
		fz_die(NULL, "checkpoint, %s: VIEW_STATS read %llu lost %llu written %llu; counted %llu, %llu in band, %llu",
		       who, (unsigned long long)vs.read, (unsigned long long)vs.lost,
		       (unsigned long long)vs.written, (unsigned long long)f->read,
		       (unsigned long long)f->inband, (unsigned long long)f->written);
	if (!!(p.revents & POLLIN) != (next != 0) ||
	    (next != 0) != (vs.backlog != 0) ||
	    !!(p.revents & POLLOUT) != f->wr)
		fz_die(NULL, "checkpoint, %s (%s%s): poll 0x%x, NEXT_SIZE %llu, backlog %llu disagree",
		       who, f->rd ? "r" : "", f->wr ? "w" : "", p.revents,
		       (unsigned long long)next, (unsigned long long)vs.backlog);
}

void fz_checkpoint(void)
{
	struct logger_stats st;
	unsigned int readers = 0, writers = 0;
	char who[48];
	int i, k, sock;

	if (ioctl(F.shared[0].fd, LOGGER_IOC_GET_STATS, &st))
		fz_die(NULL, "checkpoint GET_STATS: %s", strerror(errno));
	fz_check_stats(NULL, &st);
	for (i = 0; i < FZ_SHARED; i++) {
		readers += F.shared[i].rd;
		writers += F.shared[i].wr;
		snprintf(who, sizeof(who), "shared fd %d", i);
		check_fd(&F.shared[i], who);
	}
	for (i = 0; i < F.nthreads; i++)
		for (k = 0; k < FZ_FDS; k++) {
			struct ffd *f = &F.t[i].fd[k];

			if (f->fd < 0)
				continue;
			readers += f->rd;
			writers += f->wr;
			snprintf(who, sizeof(who), "thread %d fd slot %d", i, k);
			check_fd(f, who);
		}
	if (st.readers != readers || st.writers != writers)
		fz_die(NULL, "checkpoint: stats say %u readers, %u writers; %u and %u are open",
		       st.readers, st.writers, readers, writers);
	sock = fz_nl_open();
	fz_nl_check_stats(sock, &st);
	close(sock);
	F.checkpoints++;
}
static void on_signal(int sig)

{
	(void)sig;
}

/* The fuzzer's own crash: say where (addr2line -e logger-fuzz ADDR...). */
static void on_crash(int sig, siginfo_t *si, void *uc)
{
	void *bt[32];
	int n = backtrace(bt, 32);

	(void)uc;
	fprintf(stderr, "logger-fuzz: crashed with signal %d at address %p (seed %llu); backtrace:\n",
		sig, si->si_addr, (unsigned long long)F.seed);
	backtrace_symbols_fd(bt, n, 2);
	_exit(1);
}

static void *thread_main(void *arg)
{
	struct fthread *t = arg;
	char name[16];

	snprintf(name, sizeof(name), "lgf-t%d", t->id);
	prctl(PR_SET_NAME, name);
	if (t->unpriv && (syscall(SYS_setresgid, NOBODY, NOBODY, NOBODY) ||
			  syscall(SYS_setresuid, NOBODY, NOBODY, NOBODY)))
		fz_die(t, "setresuid: %s", strerror(errno));
	t->uid = t->unpriv ? NOBODY : 0;
	__atomic_store_n(&t->tid, (pid_t)syscall(SYS_gettid), __ATOMIC_SEQ_CST);
	fz_thread_init(t);
	pthread_barrier_wait(&F.bar);
	for (;;) {
		__u64 ops = __atomic_load_n(&t->ops, __ATOMIC_RELAXED);

		if (ops % CHECKPOINT_EVERY == 0 || ops == t->target) {
			if (pthread_barrier_wait(&F.bar) == PTHREAD_BARRIER_SERIAL_THREAD)
				fz_checkpoint();
			pthread_barrier_wait(&F.bar);
		}
		if (ops == t->target)
			break;
		fz_op(t);
		__atomic_store_n(&t->ops, ops + 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: logger-fuzz [--seed N] [--ops N] [--threads N] [--load KO]\n"
		"  --seed N     replay the choices of seed N (default: random, printed)\n"
		"  --ops N      calls in all, split between the threads (default 20000)\n"
		"  --threads N  1..%d threads; the last runs as uid 65534 (default 4)\n"
		"  --load KO    if /dev/logger is missing, load KO (default $LOGGER_KO\n"
		"               or /logger.ko) with capacity=262144; unload at the end\n"
		"Exit status 0 when every invariant held (see the top of fuzz.c),\n"
		"1 on the first violation, 2 on bad usage.\n", FZ_MAXT);
}

static int load_module(const char *ko)
{
	int fd = open(ko, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || syscall(SYS_finit_module, fd, "capacity=262144", 0)) {
		fprintf(stderr, "logger-fuzz: loading %s: %s\n", ko, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "ops", required_argument, NULL, 'o' },
		{ "threads", required_argument, NULL, 't' },
		{ "load", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *ko = getenv("LOGGER_KO") ? getenv("LOGGER_KO") : "/logger.ko";
	struct sigaction sa = { .sa_handler = on_signal };
	struct timespec ts0, ts1;
	__u64 last = 0, still = 0;
	bool loaded = false;
	int c, i;

	clock_gettime(CLOCK_MONOTONIC, &ts0);
	F.seed = rf_mix((__u64)ts0.tv_nsec ^ (__u64)getpid() << 32 ^ ts0.tv_sec);
	F.ops = 20000;
	F.nthreads = 4;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's': F.seed = strtoull(optarg, NULL, 0); break;
		case 'o': F.ops = strtoull(optarg, NULL, 0); break;
		case 't': F.nthreads = atoi(optarg); break;
		case 'l': ko = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || F.nthreads < 1 || F.nthreads > FZ_MAXT) {
		usage(stderr);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("logger-fuzz: seed %llu, %llu calls, %d threads\n",
	       (unsigned long long)F.seed, (unsigned long long)F.ops, F.nthreads);
	if (geteuid()) {
		fprintf(stderr, "logger-fuzz: must run as root\n");
		return 1;
	}
	if (access("/dev/logger", F_OK)) {
		if (load_module(ko))
			return 1;
		loaded = true;
	}
	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART: calls get EINTR */
	{
		struct sigaction crash = { .sa_sigaction = on_crash,
					   .sa_flags = SA_SIGINFO | SA_ONSTACK };

		sigaction(SIGSEGV, &crash, NULL);
		sigaction(SIGBUS, &crash, NULL);
	}
	signal(SIGPIPE, SIG_IGN);
	F.pid = getpid();
	pthread_mutex_init(&F.shared_mu, NULL);
	pthread_barrier_init(&F.bar, NULL, F.nthreads);
	fz_thread_init(NULL);	/* shared fds, family, max_record */
	for (i = 0; i < F.nthreads; i++) {
		F.t[i].id = i;
		F.t[i].unpriv = F.nthreads > 1 && i == F.nthreads - 1;
		F.t[i].target = F.ops / F.nthreads;
		rf_seed(&F.t[i].rng, F.seed, 300 + i, 0);
		pthread_create(&F.t[i].th, NULL, thread_main, &F.t[i]);
	}
	/* Watchdog: no call finished anywhere for 120 s is a failure. */
	for (;;) {
		__u64 sum = 0, target = 0;

		for (i = 0; i < F.nthreads; i++) {
			sum += __atomic_load_n(&F.t[i].ops, __ATOMIC_RELAXED);
			target += F.t[i].target;
		}
		if (sum == target)
			break;
		still = sum == last ? still + 1 : 0;
		last = sum;
		if (still >= 120)
			fz_die(NULL, "no call returned for 120 s (a call that never returns?)");
		sleep(1);
	}
	for (i = 0; i < F.nthreads; i++)
		pthread_join(F.t[i].th, NULL);
	clock_gettime(CLOCK_MONOTONIC, &ts1);
	{
		struct logger_flow_stats fs;

		if (ioctl(F.shared[0].fd, LOGGER_IOC_FLOW_STATS, &fs))
			fz_die(NULL, "FLOW_STATS: %s", strerror(errno));
		printf("logger-fuzz: writers waited for room %llu times in the block windows\n",
		       (unsigned long long)fs.waits);
	}
	printf("logger-fuzz: seed %llu: %llu calls in %.1f s (%llu failed as allowed), "
	       "%llu records written, %llu read, %llu netlink requests, %llu checkpoints, "
	       "%llu block windows: every invariant held\n", (unsigned long long)F.seed,
	       (unsigned long long)F.ops, ts1.tv_sec - ts0.tv_sec +
	       (ts1.tv_nsec - ts0.tv_nsec) / 1e9,
	       (unsigned long long)F.n_errors, (unsigned long long)F.n_written,
	       (unsigned long long)F.n_read, (unsigned long long)F.n_nl,
	       (unsigned long long)F.checkpoints,
	       (unsigned long long)F.n_windows);
	for (i = 0; i < F.nthreads; i++) {
		int k;

		for (k = 0; k < FZ_FDS; k++)
			if (F.t[i].fd[k].fd >= 0)
				close(F.t[i].fd[k].fd);
	}
	for (i = 0; i < FZ_SHARED; i++)
		close(F.shared[i].fd);
	if (loaded && syscall(SYS_delete_module, "logger", O_NONBLOCK)) {
		fprintf(stderr, "logger-fuzz: unloading: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
