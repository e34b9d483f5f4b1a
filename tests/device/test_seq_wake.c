// SPDX-License-Identifier: GPL-2.0
/*
 * Sequences, part two: a cursor move by another thread that makes a view
 * readable must wake a reader blocked in read(), poll() or an EPOLLET
 * epoll_wait() on it; and a writev() carrying millions of records must
 * not hold off SIGKILL, as root or as uid 65534.
 *
 * No sleep is used to synchronise: the waiting thread is known to be
 * blocked when /proc/self/task/TID/syscall names the call it sleeps in;
 * the bounded waits (10-20 s) only detect a failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "devtest.h"

static struct dt_rec recs[64];

enum waiter_kind { W_READ, W_EPOLL_ET, W_POLL };
enum mover { M_SEEK_SET, M_IOC_SEEK, M_FILTER_REWIND, M_FILTER_WRITE };

static const char *const waiter_name[] = { "read()", "EPOLLET epoll_wait()",
					   "poll()" };
static const char *const mover_name[] = {
	"lseek(SEEK_SET)", "LOGGER_IOC_SEEK",
	"a filter change (level added) then lseek(SEEK_SET)",
	"a filter change then a record of the new level",
};

struct waiter {
	int fd, ep, done[2];
	enum waiter_kind kind;
	pid_t tid;
	ssize_t ret;
	int err;
	unsigned int events;
	char buf[4096];
};

static void *waiter_main(void *p)
{
	struct waiter *w = p;
	struct epoll_event ev = { 0 };
	struct pollfd pfd = { .fd = w->fd, .events = POLLIN };

	__atomic_store_n(&w->tid, (pid_t)syscall(SYS_gettid), __ATOMIC_SEQ_CST);
	switch (w->kind) {
	case W_READ:
		w->ret = read(w->fd, w->buf, sizeof(w->buf));
		break;
	case W_EPOLL_ET:
		w->ret = epoll_wait(w->ep, &ev, 1, 20000);
		w->events = ev.events;
		break;
	case W_POLL:
		w->ret = poll(&pfd, 1, 20000);
		w->events = pfd.revents;
		break;
	}
	w->err = errno;
	ck_assert_int_eq(write(w->done[1], "x", 1), 1);
	return NULL;
}

/* Does /proc/PID/task/TID/syscall show the task asleep in one of @nrs? */
static int in_syscall(pid_t pid, pid_t tid, const long *nrs, int n)
{
	char path[64], buf[128];
	long nr;
	int fd, i;
	ssize_t len;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/syscall", pid, tid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return 0;
	buf[len] = '\0';
	if (sscanf(buf, "%ld", &nr) != 1)
		return 0;	/* "running" */
	for (i = 0; i < n; i++)
		if (nr == nrs[i])
			return 1;
	return 0;
}

/* Wait (at most 10 s: a failure detector) until the task sleeps in @nrs. */
static int wait_in_syscall(pid_t pid, pid_t tid, const long *nrs, int n)
{
	struct timespec ms = { 0, 1000000 };
	int i;

	for (i = 0; i < 10000; i++) {
		if (in_syscall(pid, tid, nrs, n))
			return 1;
		nanosleep(&ms, NULL);
	}
	return 0;
}

static void set_filter(int fd, unsigned int filter)
{
	dt_set_view(fd, filter, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
}

static void wake_on_move(enum waiter_kind kind, enum mover mv)
{
	static const long read_nrs[] = { SYS_read };
	static const long epoll_nrs[] = { SYS_epoll_wait, SYS_epoll_pwait, 441 };
	static const long poll_nrs[] = { SYS_poll, SYS_ppoll };
	const long *nrs = kind == W_READ ? read_nrs :
			  kind == W_EPOLL_ET ? epoll_nrs : poll_nrs;
	int nnrs = kind == W_READ ? 1 : kind == W_EPOLL_ET ? 3 : 2;
	struct waiter w = { .kind = kind, .ep = -1 };
	struct pollfd done;
	struct logger_pos pos;
	pthread_t th;
	const char *want = mv == M_FILTER_WRITE ? "new" : "old";
	int wfd = dt_open(O_WRONLY), n;
	struct pollfd p;
	__u64 old_seq;

	/* Several calls share one module load: start from an empty store. */
	ck_assert_int_eq(ioctl(wfd, LOGGER_IOC_CLEAR), 0);
	old_seq = dt_stats(wfd).next_seq;
	w.fd = dt_open(kind == W_READ ? O_RDONLY : O_RDONLY | O_NONBLOCK);
	ck_assert_int_eq(pipe(w.done), 0);
	/* Filter movers: the view reads err only; the old record is info. */
	set_filter(w.fd, mv >= M_FILTER_REWIND ? LOGGER_LEVEL_BIT(3) : 0xff);
	dt_write_str(wfd, "<6>old\n");
	n = dt_read_bin(w.fd, recs, 64);
	ck_assert_int_eq(n, mv >= M_FILTER_REWIND ? 0 : 1);
	p = (struct pollfd){ .fd = w.fd, .events = POLLIN };
	ck_assert_int_eq(poll(&p, 1, 0), 0);
	if (kind == W_EPOLL_ET) {
		struct epoll_event ev = { .events = EPOLLIN | EPOLLET };

		w.ep = epoll_create1(EPOLL_CLOEXEC);
		ck_assert_int_eq(epoll_ctl(w.ep, EPOLL_CTL_ADD, w.fd, &ev), 0);
		ck_assert_int_eq(epoll_wait(w.ep, &ev, 1, 0), 0);
	}

	ck_assert_int_eq(pthread_create(&th, NULL, waiter_main, &w), 0);
	while (!__atomic_load_n(&w.tid, __ATOMIC_SEQ_CST))
		sched_yield();
	ck_assert_msg(wait_in_syscall(getpid(), w.tid, nrs, nnrs),
		      "the %s thread never blocked", waiter_name[kind]);

	switch (mv) {
	case M_SEEK_SET:
		ck_assert_int_eq(lseek(w.fd, 0, SEEK_SET), 0);
		break;
	case M_IOC_SEEK:
		ck_assert_int_eq(ioctl(w.fd, LOGGER_IOC_GET_POS, &pos), 0);
		pos.seq = old_seq;
		ck_assert_int_eq(ioctl(w.fd, LOGGER_IOC_SEEK, &pos), 0);
		break;
	case M_FILTER_REWIND:
		set_filter(w.fd, LOGGER_LEVEL_BIT(3) | LOGGER_LEVEL_BIT(6));
		ck_assert_int_eq(lseek(w.fd, 0, SEEK_SET), 0);
		break;
	case M_FILTER_WRITE:
		set_filter(w.fd, LOGGER_LEVEL_BIT(6));
		dt_write_str(wfd, "<6>new\n");
		break;
	}

	done = (struct pollfd){ .fd = w.done[0], .events = POLLIN };
	if (poll(&done, 1, 10000) != 1) {
		/* Not woken: unblock the thread (a write wakes it), then fail. */
		dt_write_str(wfd, "<3>unblock\n<6>unblock\n");
		poll(&done, 1, 25000);
		pthread_join(th, NULL);
		ck_abort_msg("%s blocked in another thread was not woken by %s "
			     "that made the view readable (10 s)",
			     waiter_name[kind], mover_name[mv]);
	}
	pthread_join(th, NULL);
	if (kind == W_READ) {
		const struct logger_record *h = (const void *)w.buf;

		ck_assert_msg(w.ret > 0, "read: %zd (%s)", w.ret, strerror(w.err));
		ck_assert_int_ge(w.ret, (ssize_t)sizeof(*h));
		ck_assert_msg(h->msg_len == strlen(want) &&
			      memcmp(w.buf + h->hdr_len, want, h->msg_len) == 0,
			      "woken read returned '%.*s', want '%s'",
			      (int)h->msg_len, w.buf + h->hdr_len, want);
	} else {
		ck_assert_msg(w.ret == 1 && (w.events & POLLIN),
			      "%s returned %zd, events 0x%x (%s)",
			      waiter_name[kind], w.ret, w.events,
			      strerror(w.err));
		n = dt_read_bin(w.fd, recs, 64);
		ck_assert_int_ge(n, 1);
		ck_assert_str_eq(recs[0].msg, want);
	}
	if (w.ep >= 0)
		close(w.ep);
	close(w.done[0]);
	close(w.done[1]);
	close(w.fd);
	close(wfd);
}

START_TEST(test_wake_read_on_seek_set)
{
	wake_on_move(W_READ, M_SEEK_SET);
}
END_TEST

START_TEST(test_wake_read_on_ioc_seek)
{
	wake_on_move(W_READ, M_IOC_SEEK);
}
END_TEST

START_TEST(test_wake_read_on_filter_change)
{
	wake_on_move(W_READ, M_FILTER_WRITE);
	wake_on_move(W_READ, M_FILTER_REWIND);
}
END_TEST

START_TEST(test_wake_epollet_on_seek_set)
{
	wake_on_move(W_EPOLL_ET, M_SEEK_SET);
}
END_TEST

START_TEST(test_wake_epollet_on_ioc_seek)
{
	wake_on_move(W_EPOLL_ET, M_IOC_SEEK);
}
END_TEST

START_TEST(test_wake_epollet_on_filter_change)
{
	wake_on_move(W_EPOLL_ET, M_FILTER_WRITE);
	wake_on_move(W_EPOLL_ET, M_FILTER_REWIND);
}
END_TEST

START_TEST(test_wake_poll_on_moves)
{
	wake_on_move(W_POLL, M_SEEK_SET);
	wake_on_move(W_POLL, M_IOC_SEEK);
	wake_on_move(W_POLL, M_FILTER_WRITE);
	wake_on_move(W_POLL, M_FILTER_REWIND);
}
END_TEST

/*
 * The same in one thread: after the view was drained, an EPOLLET
 * interest must report a new edge once a seek made it readable again.
 */
START_TEST(test_epollet_edge_after_seek)
{
	int wfd = dt_open(O_WRONLY), r = dt_open(O_RDONLY | O_NONBLOCK);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct logger_pos pos;

	set_filter(r, 0xff);
	ck_assert_int_eq(epoll_ctl(ep, EPOLL_CTL_ADD, r, &ev), 0);
	dt_write_str(wfd, "<6>one\n<6>two\n");
	ck_assert_int_eq(epoll_wait(ep, &ev, 1, 0), 1);
	ck_assert_int_eq(dt_read_bin(r, recs, 64), 2);
	ck_assert_int_eq(epoll_wait(ep, &ev, 1, 0), 0);
	ck_assert_int_eq(lseek(r, 0, SEEK_SET), 0);
	ck_assert_msg(epoll_wait(ep, &ev, 1, 0) == 1,
		      "no EPOLLET edge after lseek(SEEK_SET) made the view readable");
	ck_assert_int_eq(dt_read_bin(r, recs, 64), 2);
	ck_assert_int_eq(epoll_wait(ep, &ev, 1, 0), 0);
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_GET_POS, &pos), 0);
	pos.seq = 2;
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_SEEK, &pos), 0);
	ck_assert_msg(epoll_wait(ep, &ev, 1, 0) == 1,
		      "no EPOLLET edge after LOGGER_IOC_SEEK made the view readable");
	ck_assert_int_eq(dt_read_bin(r, recs, 64), 1);
	ck_assert_str_eq(recs[0].msg, "two");
	close(ep);
	close(r);
	close(wfd);
}
END_TEST

/* ---- one writev() of 1024 x 64 KiB of "a\n": 32 Mi records ------------- */

static void huge_writev_child(int ready, int unpriv)
{
	static struct iovec iov[1024];
	char *buf = malloc(65536);
	int fd, i;

	if (!buf)
		_exit(2);
	if (unpriv && (setresgid(DT_NOBODY, DT_NOBODY, DT_NOBODY) ||
		       setresuid(DT_NOBODY, DT_NOBODY, DT_NOBODY)))
		_exit(3);
	fd = open(DEV_PATH, O_WRONLY);
	if (fd < 0)
		_exit(4);
	for (i = 0; i < 65536; i += 2) {
		buf[i] = 'a';
		buf[i + 1] = '\n';
	}
	for (i = 0; i < 1024; i++)
		iov[i] = (struct iovec){ buf, 65536 };
	if (write(ready, "r", 1) != 1)
		_exit(5);
	writev(fd, iov, 1024);
	_exit(0);
}

/* Kernel time of @pid so far, in clock ticks; -1 when it is gone. */
static long proc_stime(pid_t pid)
{
	char path[64], buf[1024], *q;
	unsigned long utime, stime;
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return -1;
	buf[len] = '\0';
	q = strrchr(buf, ')');
	if (!q || sscanf(q + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
			 &utime, &stime) != 2)
		return -1;
	return (long)stime;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void writev_huge_sigkill(int unpriv)
{
	static const long writev_nr[] = { SYS_writev };
	int p[2], st, pidfd, r = dt_open(O_RDONLY), n, i;
	struct logger_stats s;
	struct pollfd pp;
	const struct logger_record *h;
	static char buf[4096];
	double t0, dt;
	long stime0, proc_stime_last = 0;
	ssize_t off;
	pid_t pid;
	char c;

	dt_set_view(r, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(p[0]);
		huge_writev_child(p[1], unpriv);
	}
	close(p[1]);
	ck_assert_int_eq(read(p[0], &c, 1), 1);
	close(p[0]);
	pidfd = syscall(SYS_pidfd_open, pid, 0);
	ck_assert_int_ge(pidfd, 0);
	/*
	 * Inside the syscall: seen asleep or preempted in writev, or 20 ms
	 * of kernel time spent since it said it was about to call it (or
	 * done already).  At most 10 s: a failure detector.
	 */
	stime0 = proc_stime(pid);
	for (i = 0; i < 10000; i++) {
		long t = proc_stime(pid);

		proc_stime_last = t - stime0;
		if (in_syscall(pid, pid, writev_nr, 1) || t < 0 ||
		    t >= stime0 + 2)
			break;
		pp = (struct pollfd){ .fd = pidfd, .events = POLLIN };
		if (poll(&pp, 1, 1) == 1)
			break;
	}
	ck_assert_msg(i < 10000, "the child never got into writev");
	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	t0 = now_s();
	pp = (struct pollfd){ .fd = pidfd, .events = POLLIN };
	n = poll(&pp, 1, 20000);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	dt = now_s() - t0;
	ck_assert_msg(n == 1, "writev of 1024 x 64 KiB%s ignored SIGKILL for "
		      "20 s (the child died %.1f s after the kill)",
		      unpriv ? " as uid 65534" : "", dt);
	ck_assert_msg((WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL) ||
		      (WIFEXITED(st) && WEXITSTATUS(st) == 0),
		      "child status 0x%x", st);
	close(pidfd);

	/* Whatever it stored is whole, stamped and accounted for. */
	s = dt_stats(r);
	ck_assert_uint_eq(s.level_written[6], s.level_records[6] +
			  s.level_evicted[6] + s.level_cleared[6]);
	ck_assert_uint_eq(s.written, s.level_written[6]);
	ck_assert_uint_le(s.bytes_used, s.capacity);
	fprintf(stderr, "writev 1024 x 64 KiB%s: SIGKILL after %ld ticks in "
		"the kernel; dead %.2f s later; %llu records written\n",
		unpriv ? " (uid 65534)" : "", proc_stime_last, dt,
		(unsigned long long)s.written);
	/*
	 * The kill came after a few ms in the kernel; the whole writev takes
	 * seconds even on fast hardware (about 17 s under TCG): a killed
	 * writer must have stopped taking records.
	 */
	ck_assert_msg(s.written < 1024ULL * 32768,
		      "SIGKILL did not stop the writev%s: all %llu records "
		      "were written (%.1f s after the kill)",
		      unpriv ? " as uid 65534" : "",
		      (unsigned long long)s.written, dt);
	n = read(r, buf, sizeof(buf));
	ck_assert_int_gt(n, 0);
	for (off = 0; off < n; off += h->hdr_len + LOGGER_ALIGN(h->msg_len)) {
		h = (const void *)(buf + off);
		ck_assert_uint_eq(h->msg_len, 1);
		ck_assert_int_eq(buf[off + h->hdr_len], 'a');
		ck_assert_uint_eq(h->level, 6);
		ck_assert_uint_eq(h->pid, pid);
		ck_assert_uint_eq(h->uid, unpriv ? DT_NOBODY : 0);
	}
	close(r);
}

START_TEST(test_writev_huge_sigkill)
{
	writev_huge_sigkill(0);
}
END_TEST

START_TEST(test_writev_huge_sigkill_unprivileged)
{
	writev_huge_sigkill(1);
}
END_TEST

void seq_add_wake_tests(TCase *tc)
{
	tcase_add_test(tc, test_wake_read_on_seek_set);
	tcase_add_test(tc, test_wake_read_on_ioc_seek);
	tcase_add_test(tc, test_wake_read_on_filter_change);
	tcase_add_test(tc, test_wake_epollet_on_seek_set);
	tcase_add_test(tc, test_wake_epollet_on_ioc_seek);
	tcase_add_test(tc, test_wake_epollet_on_filter_change);
	tcase_add_test(tc, test_wake_poll_on_moves);
	tcase_add_test(tc, test_epollet_edge_after_seek);
}

void seq_add_writev_tests(TCase *tc)
{
	tcase_add_test(tc, test_writev_huge_sigkill);
	tcase_add_test(tc, test_writev_huge_sigkill_unprivileged);
}
