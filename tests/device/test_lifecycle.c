// SPDX-License-Identifier: GPL-2.0
/*
 * Lifecycle: unloading while the device is busy.  100 times: load, then
 * with readers blocked in read(), a writer writing and a netlink client
 * dumping readers and asking for stats, try to unload: delete_module()
 * must be refused (EWOULDBLOCK with O_NONBLOCK) and the device must go on
 * working; once every fd is closed, the unload succeeds.
 *
 * No sleep synchronises anything: a reader is known to be blocked when its
 * thread's /proc wchan names lg_read (it sleeps in the driver's wait), the
 * writer and the netlink client are known to be running when their
 * counters move, and everyone stops on a flag and is joined.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "devtest.h"
#include "genl.h"

#define LC_ROUNDS	100
#define LC_READERS	2

struct lc_reader {
	pthread_t th;
	pid_t tid;
	int fd;
	ssize_t got;
	char buf[4096];
};

static int lc_stop;
static unsigned long lc_writes, lc_nl_rounds;

static bool lc_stopping(void)
{
	return __atomic_load_n(&lc_stop, __ATOMIC_ACQUIRE);
}

static void *lc_read_thread(void *arg)
{
	struct lc_reader *r = arg;

	__atomic_store_n(&r->tid, gettid(), __ATOMIC_RELEASE);
	r->got = read(r->fd, r->buf, sizeof(r->buf));
	return NULL;
}

/* Debug records only: the readers (emerg only) stay asleep. */
static void *lc_write_thread(void *arg)
{
	int fd = *(int *)arg;
	static const char rec[] = "<7>lifecycle: busy writer\n";

	while (!lc_stopping()) {
		ck_assert_int_eq(write(fd, rec, sizeof(rec) - 1),
				 sizeof(rec) - 1);
		__atomic_add_fetch(&lc_writes, 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

/* A whole GET_READERS dump: messages up to NLMSG_DONE.  Returns readers. */
static int lc_dump_readers(int nl, int family)
{
	static char buf[65536];
	struct gn_msg m;
	int readers = 0;

	gn_init(&m, family, NLM_F_DUMP, LOGGER_CMD_GET_READERS);
	gn_send(nl, &m);
	for (;;) {
		ssize_t n = gn_recv(nl, buf, sizeof(buf), 10000);
		struct nlmsghdr *h = (void *)buf;

		ck_assert_msg(n > 0, "GET_READERS: no answer");
		for (; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return readers;
			ck_assert_int_ne(h->nlmsg_type, NLMSG_ERROR);
			readers++;
		}
	}
}

static void *lc_netlink_thread(void *arg)
{
	int family = *(int *)arg, nl = gn_open();
	struct gn_msg m, reply;

	while (!lc_stopping()) {
		ck_assert_int_ge(lc_dump_readers(nl, family), LC_READERS);
		gn_init(&m, family, 0, LOGGER_CMD_GET_STATS);
		ck_assert_int_eq(gn_call(nl, &m, &reply), 0);
		__atomic_add_fetch(&lc_nl_rounds, 1, __ATOMIC_RELEASE);
	}
	close(nl);
	return NULL;
}

/* Is thread @tid asleep in the driver's read()? */
static bool lc_blocked_in_read(pid_t tid)
{
	char path[64], wchan[64] = "";
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/wchan", tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_msg(fd >= 0, "%s: %s", path, strerror(errno));
	n = read(fd, wchan, sizeof(wchan) - 1);
	close(fd);
	return n > 0 && !strncmp(wchan, "lg_read", 7);
}

static void lc_wait_moves(unsigned long *counter)
{
	unsigned long c0 = __atomic_load_n(counter, __ATOMIC_ACQUIRE);

	while (__atomic_load_n(counter, __ATOMIC_ACQUIRE) == c0)
		sched_yield();
}

static void lc_round(int round)
{
	struct lc_reader rd[LC_READERS];
	pthread_t wt, nt;
	int w, family, i, nl;

	dt_load("");
	nl = gn_open();
	family = gn_family(nl, NULL);
	ck_assert_int_gt(family, 0);
	close(nl);

	__atomic_store_n(&lc_stop, 0, __ATOMIC_RELEASE);
	for (i = 0; i < LC_READERS; i++) {
		rd[i].fd = dt_open(O_RDONLY);
		rd[i].tid = 0;
		dt_set_view(rd[i].fd, LOGGER_LEVEL_BIT(LOGGER_LEVEL_EMERG),
			    LOGGER_ORDER_PRIORITY, LOGGER_FORMAT_TEXT);
		ck_assert_int_eq(pthread_create(&rd[i].th, NULL, lc_read_thread,
						&rd[i]), 0);
	}
	w = dt_open(O_WRONLY);
	ck_assert_int_eq(pthread_create(&wt, NULL, lc_write_thread, &w), 0);
	ck_assert_int_eq(pthread_create(&nt, NULL, lc_netlink_thread, &family),
			 0);

	/* Everyone busy: readers asleep in read(), the others moving. */
	for (i = 0; i < LC_READERS; i++) {
		while (!__atomic_load_n(&rd[i].tid, __ATOMIC_ACQUIRE) ||
		       !lc_blocked_in_read(rd[i].tid))
			sched_yield();
	}
	lc_wait_moves(&lc_writes);
	lc_wait_moves(&lc_nl_rounds);

	errno = 0;
	ck_assert_msg(syscall(SYS_delete_module, "logger", O_NONBLOCK) == -1 &&
		      errno == EWOULDBLOCK,
		      "round %d: delete_module while busy: %s (want EWOULDBLOCK)",
		      round, strerror(errno));
	ck_assert_int_eq(access("/sys/module/logger", F_OK), 0);
	/* Still working, and still busy, after the refusal. */
	lc_wait_moves(&lc_writes);
	lc_wait_moves(&lc_nl_rounds);
	ck_assert_int_eq(dt_stats(w).readers, LC_READERS);

	/* Stop: the writer and netlink client on the flag, the readers with
	 * the one record they want. */
	__atomic_store_n(&lc_stop, 1, __ATOMIC_RELEASE);
	ck_assert_int_eq(pthread_join(wt, NULL), 0);
	ck_assert_int_eq(pthread_join(nt, NULL), 0);
	dt_write_str(w, "<0>lifecycle: wake up\n");
	for (i = 0; i < LC_READERS; i++) {
		ck_assert_int_eq(pthread_join(rd[i].th, NULL), 0);
		ck_assert_msg(rd[i].got > 0 &&
			      strstr(rd[i].buf, "lifecycle: wake up"),
			      "round %d: reader %d got %zd", round, i,
			      rd[i].got);
		close(rd[i].fd);
	}
	/* One fd left: still refused. */
	errno = 0;
	ck_assert_int_eq(syscall(SYS_delete_module, "logger", O_NONBLOCK), -1);
	ck_assert_int_eq(errno, EWOULDBLOCK);
	close(w);

	dt_unload();
	ck_assert_int_ne(access("/sys/module/logger", F_OK), 0);
	ck_assert_int_ne(access(DEV_PATH, F_OK), 0);
}

START_TEST(test_unload_refused_while_busy)
{
	int round;

	for (round = 0; round < LC_ROUNDS; round++)
		lc_round(round);
}
END_TEST

Suite *make_lifecycle_suite(void)
{
	Suite *s = suite_create("lifecycle");
	TCase *tc = tcase_create("lifecycle");

	/* 100 loads and unloads: slow under emulation (more so on the debug
	 * kernel); the timeout is a guard, not a measure. */
	tcase_set_timeout(tc, 1800);
	tcase_add_test(tc, test_unload_refused_while_busy);
	suite_add_tcase(s, tc);
	return s;
}
