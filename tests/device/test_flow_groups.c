// SPDX-License-Identifier: GPL-2.0
/*
 * The "flow" suite, group readers (SPEC §6): bad names and the group's
 * info, each record to exactly one member while members join and leave,
 * the group's loss counted exactly under overwrite, and (read_own=1) no
 * joining another user's group.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "devtest.h"

static struct dt_rec recs[4096];

START_TEST(test_group_bad_and_info)
{
	int r = dt_open(O_RDONLY), w = dt_open(O_WRONLY), r2 = dt_open(O_RDONLY);
	struct logger_group g;

	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_JOIN_GROUP, &g), -1);
	ck_assert_int_eq(errno, EINVAL);
	strcpy(g.name, "tab\there");
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_JOIN_GROUP, &g), -1);
	ck_assert_int_eq(errno, EINVAL);
	strcpy(g.name, "workers");
	ck_assert_int_eq(ioctl(w, LOGGER_IOC_JOIN_GROUP, &g), -1);
	ck_assert_int_eq(errno, EBADF);
	g.reserved = 1;
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_JOIN_GROUP, &g), -1);
	ck_assert_int_eq(errno, EINVAL);
	dt_join_group(r, "workers");
	g.reserved = 0;
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_JOIN_GROUP, &g), -1);
	ck_assert_int_eq(errno, EBUSY);
	dt_join_group(r2, "workers");
	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(ioctl(r2, LOGGER_IOC_GET_GROUP, &g), 0);
	ck_assert_str_eq(g.name, "workers");
	ck_assert_uint_eq(g.members, 2);
	ck_assert_uint_eq(dt_flow(w).groups, 1);
	ck_assert_uint_eq(dt_flow(w).group_members, 2);
	/* Under overwrite nobody holds; under block a group is one. */
	ck_assert_uint_eq(dt_flow(w).holding_readers, 0);
	dt_set_policy(w, LOGGER_POLICY_BLOCK);
	ck_assert_uint_eq(dt_flow(w).holding_readers, 1);
	ck_assert_int_eq(ioctl(r2, LOGGER_IOC_LEAVE_GROUP), 0);
	ck_assert_int_eq(ioctl(r2, LOGGER_IOC_GET_GROUP, &g), 0);
	ck_assert_str_eq(g.name, "");
	ck_assert_uint_eq(dt_flow(w).holding_readers, 2);
	close(r);
	ck_assert_uint_eq(dt_flow(w).groups, 0);
	close(r2);
	close(w);
}
END_TEST

/* Group members reading concurrently, joining and leaving mid-stream. */
struct member {
	int fd;
	int stop_after;		/* leave after this many records (0: never) */
	int got;
	unsigned char *seen;	/* shared: seen[writer number] */
	char err[128];
};

static int total_written;
static int writes_done;		/* __atomic */

static void *member(void *arg)
{
	struct member *m = arg;
	static __thread char buf[1 << 14];
	ssize_t got, off;
	int n, k;

	for (;;) {
		int done = __atomic_load_n(&writes_done, __ATOMIC_ACQUIRE);

		/* Its own buffer: dt_read_bin() is not for threads. */
		got = read(m->fd, buf, sizeof(buf));
		if (got < 0 && errno != EAGAIN) {
			snprintf(m->err, sizeof(m->err), "read: %s",
				 strerror(errno));
			return NULL;
		}
		n = 0;
		for (off = 0; off < got; n++) {
			const struct logger_record *h = (void *)(buf + off);
			char msg[64] = "";

			memcpy(msg, buf + off + h->hdr_len,
			       h->msg_len < 63 ? h->msg_len : 63);
			off += h->hdr_len + LOGGER_ALIGN(h->msg_len);
			if (sscanf(msg, "flow %d", &k) != 1 || k < 0 ||
			    k >= total_written) {
				snprintf(m->err, sizeof(m->err), "bad %s", msg);
				return NULL;
			}
			if (__atomic_fetch_add(&m->seen[k], 1,
					       __ATOMIC_RELAXED)) {
				snprintf(m->err, sizeof(m->err),
					 "record %d twice", k);
				return NULL;
			}
			m->got++;
		}
		if (m->stop_after && m->got >= m->stop_after) {
			__u32 nohold = LOGGER_FD_NO_HOLD;

			/* Left alone it would hold (block) and never read. */
			if (ioctl(m->fd, LOGGER_IOC_SET_FLAGS, &nohold) ||
			    ioctl(m->fd, LOGGER_IOC_LEAVE_GROUP))
				snprintf(m->err, sizeof(m->err), "leave: %s",
					 strerror(errno));
			return NULL;
		}
		if (!n && done)
			return NULL;
		if (!n)
			dt_tick();
	}
}

START_TEST(test_group_each_record_once)
{
	enum { N = 20000, M = 4 };
	static unsigned char seen[N];
	struct member mb[M + 1];
	pthread_t th[M + 1];
	int w = dt_open(O_WRONLY), i, sum = 0;
	char buf[64 * 48];

	memset(seen, 0, sizeof(seen));
	memset(mb, 0, sizeof(mb));
	total_written = N;
	__atomic_store_n(&writes_done, 0, __ATOMIC_RELEASE);
	dt_set_policy(w, LOGGER_POLICY_BLOCK);
	for (i = 0; i < M + 1; i++) {
		mb[i].seen = seen;
		/* Member 1 leaves mid-stream; member M joins later. */
		mb[i].stop_after = i == 1 ? 3000 : 0;
		if (i == M)
			break;
		mb[i].fd = dt_open(O_RDONLY | O_NONBLOCK);
		dt_set_view(mb[i].fd, 0xff, LOGGER_ORDER_SEQ,
			    LOGGER_FORMAT_BINARY);
		dt_join_group(mb[i].fd, "workers");
		pthread_create(&th[i], NULL, member, &mb[i]);
	}
	for (i = 0; i < N;) {
		size_t len = 0;
		int k;

		for (k = 0; k < 64 && i < N; k++, i++)
			len += snprintf(buf + len, sizeof(buf) - len,
					"<6>flow %06d\n", i);
		ck_assert_int_eq(write(w, buf, len), (ssize_t)len);
		if (i >= N / 2 && !mb[M].fd) {
			/* Opened now: a reader holds from where it opens. */
			mb[M].fd = dt_open(O_RDONLY | O_NONBLOCK);
			dt_join_group(mb[M].fd, "workers");
			dt_set_view(mb[M].fd, 0xff, LOGGER_ORDER_SEQ,
				    LOGGER_FORMAT_BINARY);
			pthread_create(&th[M], NULL, member, &mb[M]);
		}
	}
	__atomic_store_n(&writes_done, 1, __ATOMIC_RELEASE);
	for (i = 0; i < M + 1; i++) {
		pthread_join(th[i], NULL);
		ck_assert_msg(!mb[i].err[0], "member %d: %s", i, mb[i].err);
		sum += mb[i].got;
	}
	/* Held under block: the union is everything, nothing twice. */
	for (i = 0; i < N; i++)
		ck_assert_msg(seen[i] == 1, "record %d seen %d times", i,
			      seen[i]);
	ck_assert_int_eq(sum, N);
	for (i = 0; i < M + 1; i++)
		close(mb[i].fd);
	close(w);
}
END_TEST

START_TEST(test_group_loss_exact_under_overwrite)
{
	int w = dt_open(O_WRONLY), a = dt_open(O_RDONLY | O_NONBLOCK);
	int b = dt_open(O_RDONLY | O_NONBLOCK), n;
	struct logger_view_stats vs;
	struct logger_stats st;
	__u64 lost = 0;

	dt_join_group(a, "g");
	dt_join_group(b, "g");
	dt_set_view(a, LOGGER_LEVEL_BIT(7), LOGGER_ORDER_SEQ,
		    LOGGER_FORMAT_BINARY);
	dt_set_view(b, LOGGER_LEVEL_BIT(7), LOGGER_ORDER_SEQ,
		    LOGGER_FORMAT_BINARY);
	dt_flood(w, 7, 3000);
	st = dt_stats(w);
	{
		/* One record through a: room for one only. */
		struct logger_record h[3];

		ck_assert_int_gt(read(a, h, sizeof(h)), 0);
		lost += h[0].lost;
	}
	n = 1 + dt_read_bin(b, recs, 4096);
	ck_assert_uint_eq(lost, st.level_evicted[7]);
	ck_assert_uint_eq(n, st.level_records[7]);
	vs = dt_view_stats(b);
	ck_assert_uint_eq(vs.lost, st.level_evicted[7]);
	ck_assert_uint_eq(vs.read, (__u64)n);
	close(a);
	close(b);
	close(w);
}
END_TEST

START_TEST(test_group_scope_must_match)
{
	int r, mine;
	struct logger_group g;

	dt_unload();
	dt_load("read_own=1");
	r = dt_open(O_RDONLY);
	dt_join_group(r, "shared");
	dt_drop_privs();
	mine = dt_open(O_RDONLY);
	memset(&g, 0, sizeof(g));
	strcpy(g.name, "shared");
	ck_assert_int_eq(ioctl(mine, LOGGER_IOC_JOIN_GROUP, &g), -1);
	ck_assert_int_eq(errno, EPERM);
	close(mine);
	dt_regain_privs();
	close(r);
}
END_TEST

/* Added to the "flow" TCase by make_flow_suite(), after hold expiry. */
void flow_add_group_tests(TCase *tc)
{
	tcase_add_test(tc, test_group_bad_and_info);
	tcase_add_test(tc, test_group_each_record_once);
	tcase_add_test(tc, test_group_loss_exact_under_overwrite);
	tcase_add_test(tc, test_group_scope_must_match);
}
