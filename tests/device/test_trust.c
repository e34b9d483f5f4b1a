// SPDX-License-Identifier: GPL-2.0
/*
 * The trust model: who reads whose records (read_restrict, read_own,
 * read_gid), netlink following the same rule, and the share bound that
 * keeps one unprivileged uid from evicting everybody else's records.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "devtest.h"
#include "genl.h"

static struct dt_rec recs[64];
static struct gn_msg req;

/*
 * Dump the readers: how many reader messages came and their pids in
 * @pids; or -errno when the dump was refused.
 */
static int dump(int nl, int fam, __u32 *pids, int max)
{
	static char buf[65536];
	struct nlmsghdr *h;
	int n = 0;

	gn_init(&req, fam, NLM_F_DUMP, LOGGER_CMD_GET_READERS);
	gn_send(nl, &req);
	for (;;) {
		ssize_t len = gn_recv(nl, buf, sizeof(buf), 10000);

		ck_assert_int_gt(len, 0);
		for (h = (void *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			struct gn_msg *m = (void *)h;
			struct nlattr *a, *rd, *p;
			size_t alen;

			/* A dump that fails late says so in NLMSG_DONE. */
			if (h->nlmsg_type == NLMSG_DONE)
				return *(int *)NLMSG_DATA(h) ?: n;
			if (h->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
			ck_assert_int_eq(h->nlmsg_type, fam);
			ck_assert_int_lt(n, max);
			a = gn_attrs(m, &alen);
			rd = gn_find(a, alen, LOGGER_A_READER);
			ck_assert_ptr_nonnull(rd);
			p = gn_find((void *)((char *)rd + NLA_HDRLEN),
				    rd->nla_len - NLA_HDRLEN,
				    LOGGER_READER_A_PID);
			ck_assert_ptr_nonnull(p);
			pids[n++] = gn_get_u32(p);
		}
	}
}

START_TEST(test_read_own_sees_only_own_records)
{
	int w, r, n;
	struct logger_view_stats vs;

	dt_load("read_own=1");
	w = dt_open(O_WRONLY);
	dt_write_str(w, "<6>root secret\n<3>root error\n");
	close(w);
	dt_drop_privs();
	w = dt_open(O_WRONLY);
	dt_write_str(w, "<6>mine\n");
	r = dt_open(O_RDONLY | O_NONBLOCK);
	dt_set_view(r, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	n = dt_read_bin(r, recs, 64);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(recs[0].msg, "mine");
	ck_assert_uint_eq(recs[0].h.uid, DT_NOBODY);
	vs = dt_view_stats(r);
	ck_assert_uint_eq(vs.read, 1);
	ck_assert_uint_eq(vs.skipped, 2);
	ck_assert_uint_eq(vs.lost, 0);
	/* Nothing more: poll and read agree. */
	ck_assert_int_eq(read(r, recs, sizeof(recs)), -1);
	ck_assert_int_eq(errno, EAGAIN);
	close(r);
	close(w);
	dt_regain_privs();
	/* CAP_SYSLOG sees everything. */
	r = dt_open(O_RDONLY | O_NONBLOCK);
	dt_set_view(r, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	ck_assert_int_eq(dt_read_bin(r, recs, 64), 3);
	close(r);
}
END_TEST

START_TEST(test_read_own_skips_many_others)
{
	int w, r, i;
	char line[32];

	/* More foreign records than one lock hold passes over. */
	dt_load("read_own=1");
	w = dt_open(O_WRONLY);
	dt_flood(w, 6, 1000);
	close(w);
	dt_drop_privs();
	w = dt_open(O_WRONLY);
	for (i = 0; i < 3; i++) {
		snprintf(line, sizeof(line), "<6>own %d\n", i);
		dt_write_str(w, line);
	}
	r = dt_open(O_RDONLY | O_NONBLOCK);
	dt_set_view(r, 0xff, LOGGER_ORDER_PRIORITY, LOGGER_FORMAT_BINARY);
	ck_assert_int_eq(dt_read_bin(r, recs, 64), 3);
	ck_assert_str_eq(recs[2].msg, "own 2");
	ck_assert_uint_eq(dt_view_stats(r).skipped, 1000);
	close(r);
	close(w);
}
END_TEST

START_TEST(test_read_gid_sees_all)
{
	int w, r;

	dt_load("read_own=1 read_gid=65534");
	w = dt_open(O_WRONLY);
	dt_write_str(w, "<6>root\n");
	close(w);
	dt_drop_privs();	/* gid 65534: in read_gid */
	r = dt_open(O_RDONLY | O_NONBLOCK);
	dt_set_view(r, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	ck_assert_int_eq(dt_read_bin(r, recs, 64), 1);
	ck_assert_str_eq(recs[0].msg, "root");
	close(r);
}
END_TEST

START_TEST(test_bad_trust_parameters_refused)
{
	int fd = open("/logger.ko", O_RDONLY | O_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(syscall(SYS_finit_module, fd, "share_pct=0", 0), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(syscall(SYS_finit_module, fd, "share_pct=101", 0), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(syscall(SYS_finit_module, fd, "read_gid=-2", 0), -1);
	ck_assert_int_eq(errno, EINVAL);
	close(fd);
	dt_load("");
}
END_TEST

START_TEST(test_netlink_readers_follow_read_own)
{
	int root_r, mine, nl, fam, n;
	__u32 pids[8];

	dt_load("read_own=1");
	root_r = dt_open(O_RDONLY);
	dt_drop_privs();
	mine = dt_open(O_RDONLY);
	nl = gn_open();
	fam = gn_family(nl, NULL);
	ck_assert_int_gt(fam, 0);
	/* Both readers are this process's, but only one was opened as nobody. */
	n = dump(nl, fam, pids, 8);
	ck_assert_int_eq(n, 1);
	close(nl);
	dt_regain_privs();
	nl = gn_open();
	ck_assert_int_eq(dump(nl, fam, pids, 8), 2);
	close(nl);
	close(mine);
	close(root_r);
}
END_TEST

START_TEST(test_netlink_restricted_for_unprivileged)
{
	int r, nl, fam, n;
	__u32 pids[8], grp;

	dt_load("read_restrict=1");
	r = dt_open(O_RDONLY);
	dt_drop_privs();
	ck_assert_int_eq(open(DEV_PATH, O_RDONLY), -1);
	ck_assert_int_eq(errno, EPERM);
	nl = gn_open();
	fam = gn_family(nl, &grp);
	ck_assert_int_gt(fam, 0);
	n = dump(nl, fam, pids, 8);
	ck_assert_int_eq(n, -EPERM);
	ck_assert_int_eq(setsockopt(nl, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
				    &grp, sizeof(grp)), -1);
	ck_assert_int_eq(errno, EPERM);
	close(nl);
	dt_regain_privs();
	nl = gn_open();
	ck_assert_int_eq(dump(nl, fam, pids, 8), 1);
	ck_assert_uint_eq(pids[0], getpid());
	ck_assert_int_eq(setsockopt(nl, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
				    &grp, sizeof(grp)), 0);
	close(nl);
	close(r);
}
END_TEST

START_TEST(test_netlink_dump_many_readers)
{
	enum { N = 300 };
	static int fds[N];
	static __u32 pids[N + 1];
	int nl, fam, i;

	dt_load("");
	for (i = 0; i < N; i++)
		fds[i] = dt_open(O_RDONLY);
	/* Close some in the middle: the dump resumes over the holes. */
	for (i = 10; i < N; i += 7) {
		close(fds[i]);
		fds[i] = -1;
	}
	nl = gn_open();
	fam = gn_family(nl, NULL);
	ck_assert_int_eq(dump(nl, fam, pids, N + 1),
			 N - (N - 10 + 6) / 7);
	close(nl);
	for (i = 0; i < N; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}
END_TEST

/*
 * Root keeps 3000 errors (about 104 chunks of a 256-chunk store); nobody
 * then floods emergencies.  Without a bound the flood takes every chunk
 * above the other levels' reserves, errors included; with share_pct=50
 * nobody stops evicting root's records once it holds half the store, and
 * recycles its own oldest records instead: every write still succeeds.
 */
static struct logger_stats share_flood(const char *params)
{
	struct logger_stats st;
	int w;

	dt_load(params);
	w = dt_open(O_WRONLY);
	dt_flood(w, 3, 3000);
	close(w);
	dt_drop_privs();
	w = dt_open(O_WRONLY);
	dt_flood(w, 0, 30000);	/* asserts every write took everything */
	st = dt_stats(w);
	close(w);
	dt_regain_privs();
	return st;
}

START_TEST(test_share_bound_protects_others)
{
	struct logger_stats st = share_flood("");
	__u64 half = st.capacity / 2;

	ck_assert_uint_eq(st.level_written[0], 30000);
	/* Nobody holds at most its half, plus the chunk it was filling. */
	ck_assert_uint_le(st.level_bytes[0], half + 4096);
	ck_assert_uint_ge(st.level_bytes[0], half - 4096);
	/* Root lost only what nobody took before reaching its share. */
	ck_assert_uint_ge(st.level_records[3], 2000);
	ck_assert_uint_eq(st.written,
			  st.records + st.evicted + st.cleared);
}
END_TEST

START_TEST(test_share_bound_off)
{
	struct logger_stats st = share_flood("share_pct=100");

	ck_assert_uint_eq(st.level_written[0], 30000);
	/* 2% of 256 chunks: errors keep their reserve, 5 chunks. */
	ck_assert_uint_le(st.level_records[3], 5 * 29);
	ck_assert_uint_gt(st.level_records[3], 0);
}
END_TEST

START_TEST(test_share_bound_single_user_unaffected)
{
	struct logger_stats st;
	int w;

	/* One unprivileged user alone: the plain retention rule. */
	dt_load("capacity=65536");
	dt_drop_privs();
	w = dt_open(O_WRONLY);
	dt_flood(w, 7, 3000);
	dt_flood(w, 3, 200);
	st = dt_stats(w);
	ck_assert_uint_eq(st.level_records[3], 200);
	ck_assert_uint_eq(st.level_evicted[3], 0);
	close(w);
	dt_regain_privs();
}
END_TEST

Suite *make_trust_suite(void)
{
	Suite *s = suite_create("trust");
	TCase *tc = tcase_create("trust");

	tcase_add_checked_fixture(tc, NULL, dt_fixture_unload);
	tcase_add_test(tc, test_read_own_sees_only_own_records);
	tcase_add_test(tc, test_read_own_skips_many_others);
	tcase_add_test(tc, test_read_gid_sees_all);
	tcase_add_test(tc, test_bad_trust_parameters_refused);
	tcase_add_test(tc, test_netlink_readers_follow_read_own);
	tcase_add_test(tc, test_netlink_restricted_for_unprivileged);
	tcase_add_test(tc, test_netlink_dump_many_readers);
	tcase_add_test(tc, test_share_bound_protects_others);
	tcase_add_test(tc, test_share_bound_off);
	tcase_add_test(tc, test_share_bound_single_user_unaffected);
	suite_add_tcase(s, tc);
	return s;
}
