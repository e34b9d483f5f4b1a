// SPDX-License-Identifier: GPL-2.0
/*
 * logger-stress controller: a separate process that, spread over each
 * phase (paced by the store's written count, not by time), resizes the
 * store and changes the reserves (LOGGER_IOC_SET_CONFIG), changes the
 * filter of readers 0 and 1 through duplicates of their fds taken with
 * pidfd_getfd(), and in clear phases clears.  It checks the store's stats
 * add up whenever it looks, and that the config reads back as set.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "stress.h"

static struct shm *S;
static int cur_phase;

__attribute__((noreturn, format(printf, 1, 2)))
static void ctl_die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "logger-stress: FAIL (controller, seed %llu, phase %d): ",
		(unsigned long long)S->seed, cur_phase);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nlogger-stress: replay with --seed %llu\n",
		(unsigned long long)S->seed);
	S->failed = 1;
	kill(getppid(), SIGKILL);
	_exit(1);
}

static void check_stats(int fd, struct logger_stats *st)
{
	unsigned int l;

	if (ioctl(fd, LOGGER_IOC_GET_STATS, st))
		ctl_die("GET_STATS: %s", strerror(errno));
	for (l = 0; l < 8; l++)
		if (st->level_written[l] != st->level_records[l] +
		    st->level_evicted[l] + st->level_cleared[l])
			ctl_die("stats, level %u: written %llu != records %llu + evicted %llu + cleared %llu",
				l, (unsigned long long)st->level_written[l],
				(unsigned long long)st->level_records[l],
				(unsigned long long)st->level_evicted[l],
				(unsigned long long)st->level_cleared[l]);
	if (st->bytes_used > st->capacity)
		ctl_die("stats: bytes_used %llu > capacity %llu",
			(unsigned long long)st->bytes_used,
			(unsigned long long)st->capacity);
}

static bool stop_requested(int phase)
{
	return __atomic_load_n(&S->stop_phase, __ATOMIC_ACQUIRE) >= phase;
}

/*
 * The smallest store: 16 chunks of a power-of-two number of pages that
 * hold a largest record (docs/design.md, "The store"); 64 KiB for max_record 1024.
 */
static __u64 min_capacity(__u32 max_record)
{
	__u64 chunk = 4096;

	while (chunk < max_record + 256)
		chunk *= 2;
	return 16 * chunk;
}

static void resize(int fd, struct rf_rng *rng)
{
	/* In sixteenths of the smallest store. */
	static const unsigned int caps[] = { 16, 24, 32, 48, 64, 128, 256 };
	struct logger_config c, back;
	unsigned int l;
	int r;

	if (ioctl(fd, LOGGER_IOC_GET_CONFIG, &c))
		ctl_die("GET_CONFIG: %s", strerror(errno));
	c.capacity = min_capacity(c.max_record) / 16 *
		     caps[rf_below(rng, sizeof(caps) / sizeof(caps[0]))];
	for (l = 0; l < 8; l++)
		c.reserve_pct[l] = rf_below(rng, 7);
	if (rf_below(rng, 4) == 0)
		c.reserve_pct[rf_below(rng, 8)] = 30;
	c.max_record = 0;
	/* Writers may get ENOSPC while this is under way (odd cfg_seq). */
	__atomic_add_fetch(&S->cfg_seq, 1, __ATOMIC_SEQ_CST);
	r = ioctl(fd, LOGGER_IOC_SET_CONFIG, &c);
	__atomic_add_fetch(&S->cfg_seq, 1, __ATOMIC_SEQ_CST);
	if (r)
		ctl_die("SET_CONFIG capacity %llu: %s",
			(unsigned long long)c.capacity, strerror(errno));
	__atomic_store_n(&S->capacity, c.capacity, __ATOMIC_SEQ_CST);
	if (ioctl(fd, LOGGER_IOC_GET_CONFIG, &back))
		ctl_die("GET_CONFIG: %s", strerror(errno));
	if (back.capacity != c.capacity ||
	    memcmp(back.reserve_pct, c.reserve_pct, 8))
		ctl_die("GET_CONFIG after SET_CONFIG: capacity %llu, want %llu",
			(unsigned long long)back.capacity,
			(unsigned long long)c.capacity);
	S->n_resize++;
}

/* Change reader @m's filter through our duplicate of its fd. */
static void meddle(int pidfd, int *mfd, unsigned int m, struct rf_rng *rng)
{
	struct logger_view v;
	unsigned int f;
	__u64 g;

	if (mfd[m] < 0) {
		mfd[m] = syscall(SYS_pidfd_getfd, pidfd, S->meddle_fd[m], 0);
		if (mfd[m] < 0)
			ctl_die("pidfd_getfd of reader %u's fd: %s", m,
				strerror(errno));
	}
	do
		f = rf_below(rng, 256);
	while (!f);
	if (ioctl(mfd[m], LOGGER_IOC_GET_VIEW, &v))
		ctl_die("GET_VIEW of reader %u: %s", m, strerror(errno));
	/* Publish the new filter before it can take effect (see reader). */
	g = __atomic_load_n(&S->filt_gen[m], __ATOMIC_SEQ_CST);
	__atomic_store_n(&S->filt_hist[m][(g + 1) % HIST], f, __ATOMIC_SEQ_CST);
	__atomic_store_n(&S->filt_gen[m], g + 1, __ATOMIC_SEQ_CST);
	v.filter = f;
	if (ioctl(mfd[m], LOGGER_IOC_SET_VIEW, &v))
		ctl_die("SET_VIEW filter 0x%x of reader %u: %s", f, m,
			strerror(errno));
	S->n_meddle++;
}

void ctl_main(struct shm *shm, const char *dev)
{
	struct timespec pace = { 0, 500000 };
	int fd, pidfd, mfd[NMEDDLED] = { -1, -1 }, phase;
	struct logger_stats st;
	struct rf_rng rng;

	S = shm;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_NAME, "lgs-ctl");
	fd = open(dev, O_WRONLY | O_CLOEXEC);
	pidfd = syscall(SYS_pidfd_open, getppid(), 0);
	if (fd < 0 || pidfd < 0)
		ctl_die("open %s / pidfd_open: %s", dev, strerror(errno));
	for (phase = 0;; phase++) {
		int n, i;
		__u64 start;

		pthread_mutex_lock(&S->mu);
		while (S->go_phase < phase && !S->quit)
			pthread_cond_wait(&S->cv, &S->mu);
		pthread_mutex_unlock(&S->mu);
		if (S->quit)
			break;
		cur_phase = phase;
		rf_seed(&rng, S->seed, 2, phase);
		check_stats(fd, &st);
		start = st.written;
		n = S->actions;
		for (i = 0; i < n; i++) {
			__u64 at = start + (i + 1) * S->phase_records / (n + 1);
			__u32 x;

			while (!stop_requested(phase)) {
				check_stats(fd, &st);
				if (st.written >= at)
					break;
				nanosleep(&pace, NULL);
			}
			if (stop_requested(phase))
				break;
			x = rf_below(&rng, 100);
			if (x < 40) {
				resize(fd, &rng);
			} else if (x < 55 && S->clear_phase) {
				if (ioctl(fd, LOGGER_IOC_CLEAR))
					ctl_die("CLEAR: %s", strerror(errno));
				S->n_clear++;
			} else if (x < 90) {
				meddle(pidfd, mfd, rf_below(&rng, NMEDDLED), &rng);
			} else {
				check_stats(fd, &st);
			}
		}
		pthread_mutex_lock(&S->mu);
		while (S->stop_phase < phase)
			pthread_cond_wait(&S->cv, &S->mu);
		S->acked_phase = phase;
		pthread_cond_broadcast(&S->cv);
		pthread_mutex_unlock(&S->mu);
	}
	_exit(0);
}
