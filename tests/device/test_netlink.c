// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family: commands against the ioctl view of the same
 * store, permissions, malformed requests sent raw, and the events group.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "devtest.h"
#include "genl.h"

static struct gn_msg req, rep;

static void fixture_events(void)
{
	dt_load("capacity=65536 event_interval_ms=100");
}

static int family(int fd)
{
	int id = gn_family(fd, NULL);

	ck_assert_int_gt(id, 0);
	return id;
}

static __u64 lvl_u64(struct nlattr *nest, __u16 type)
{
	return gn_get_u64(gn_find((void *)((char *)nest + NLA_HDRLEN),
				  nest->nla_len - NLA_HDRLEN, type));
}

static __u32 lvl_u32(struct nlattr *nest, __u16 type)
{
	return gn_get_u32(gn_find((void *)((char *)nest + NLA_HDRLEN),
				  nest->nla_len - NLA_HDRLEN, type));
}

/* Next nest of @type after @prev (or the first), in the attrs of @m. */
static struct nlattr *next_nest(struct gn_msg *m, struct nlattr *prev,
				__u16 type)
{
	size_t len;
	struct nlattr *a = gn_attrs(m, &len);

	if (prev) {
		size_t skip = (char *)prev - (char *)a + NLA_ALIGN(prev->nla_len);

		a = (void *)((char *)a + skip);
		len -= skip;
	}
	return gn_find(a, len, type);
}

START_TEST(test_nl_stats_equal_ioctl)
{
	int fd = dt_open(O_RDWR), nl = gn_open(), fam = family(nl), l;
	struct logger_stats st;
	struct nlattr *a, *lv = NULL;
	size_t len;

	dt_write_str(fd, "<3>a\n<3>b\n<6>c\n<7>dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd\n");
	st = dt_stats(fd);
	gn_init(&req, fam, 0, LOGGER_CMD_GET_STATS);
	ck_assert_int_eq(gn_call(nl, &req, &rep), 0);
	ck_assert_int_eq(rep.genl.cmd, LOGGER_CMD_GET_STATS);
	a = gn_attrs(&rep, &len);
	ck_assert_uint_eq(gn_get_u64(gn_find(a, len, LOGGER_A_INSTANCE)), st.instance);
	ck_assert_uint_eq(gn_get_u64(gn_find(a, len, LOGGER_A_CAPACITY)), st.capacity);
	ck_assert_uint_eq(gn_get_u64(gn_find(a, len, LOGGER_A_BYTES_USED)), st.bytes_used);
	ck_assert_uint_eq(gn_get_u64(gn_find(a, len, LOGGER_A_RECORDS)), 4);
	ck_assert_uint_eq(gn_get_u64(gn_find(a, len, LOGGER_A_WRITTEN)), 4);
	ck_assert_uint_eq(gn_get_u64(gn_find(a, len, LOGGER_A_EVICTED)), 0);
	ck_assert_uint_eq(gn_get_u64(gn_find(a, len, LOGGER_A_NEXT_SEQ)), 5);
	ck_assert_uint_eq(gn_get_u32(gn_find(a, len, LOGGER_A_READERS)), 1);
	ck_assert_uint_eq(gn_get_u32(gn_find(a, len, LOGGER_A_WRITERS)), 1);
	ck_assert_uint_eq(gn_get_u32(gn_find(a, len, LOGGER_A_MAX_RECORD)), 1024);
	for (l = 0; l < 8; l++) {
		lv = next_nest(&rep, lv, LOGGER_A_LEVEL);
		ck_assert_ptr_nonnull(lv);
		ck_assert_uint_eq(lvl_u32(lv, LOGGER_LEVEL_A_INDEX), l);
		ck_assert_uint_eq(lvl_u64(lv, LOGGER_LEVEL_A_RECORDS), st.level_records[l]);
		ck_assert_uint_eq(lvl_u64(lv, LOGGER_LEVEL_A_BYTES), st.level_bytes[l]);
		ck_assert_uint_eq(lvl_u64(lv, LOGGER_LEVEL_A_WRITTEN), st.level_written[l]);
		ck_assert_uint_eq(lvl_u64(lv, LOGGER_LEVEL_A_EVICTED), 0);
	}
	ck_assert_ptr_null(next_nest(&rep, lv, LOGGER_A_LEVEL));
	close(nl);
	close(fd);
}
END_TEST

/* Dump the readers; returns how many, their nests copied to @out. */
static int dump_readers(int nl, int fam, struct gn_msg *out, int max)
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
			if (h->nlmsg_type == NLMSG_DONE)
				return n;
			ck_assert_int_eq(h->nlmsg_type, fam);
			ck_assert_int_lt(n, max);
			memcpy(&out[n++], h, h->nlmsg_len);
		}
	}
}

START_TEST(test_nl_readers_lists_open_readers)
{
	static struct gn_msg msgs[8];
	int w = dt_open(O_WRONLY), nl = gn_open(), fam = family(nl);
	int r[3], i, n;
	__u32 filters[3] = { 0x18, 0x80, 0xff };
	char comm[16] = "";

	prctl(PR_GET_NAME, comm);
	for (i = 0; i < 3; i++) {
		r[i] = dt_open(O_RDONLY);
		dt_set_view(r[i], filters[i], i == 1 ? LOGGER_ORDER_SEQ :
			    LOGGER_ORDER_PRIORITY, i == 2 ? LOGGER_FORMAT_BINARY :
			    LOGGER_FORMAT_TEXT);
	}
	dt_write_str(w, "<3>e1\n<4>w1\n<7>d1\n<7>d2\n<6>i1\n");
	n = dump_readers(nl, fam, msgs, 8);
	ck_assert_int_eq(n, 3);
	for (i = 0; i < 3; i++) {
		struct nlattr *rd = next_nest(&msgs[i], NULL, LOGGER_A_READER);
		struct nlattr *c;

		ck_assert_ptr_nonnull(rd);
		ck_assert_uint_eq(lvl_u32(rd, LOGGER_READER_A_PID), getpid());
		ck_assert_uint_eq(lvl_u32(rd, LOGGER_READER_A_FILTER), filters[i]);
		ck_assert_uint_eq(lvl_u32(rd, LOGGER_READER_A_ORDER),
				  i == 1 ? LOGGER_ORDER_SEQ : LOGGER_ORDER_PRIORITY);
		ck_assert_uint_eq(lvl_u32(rd, LOGGER_READER_A_FORMAT),
				  i == 2 ? LOGGER_FORMAT_BINARY : LOGGER_FORMAT_TEXT);
		ck_assert_uint_eq(lvl_u64(rd, LOGGER_READER_A_BACKLOG),
				  dt_view_stats(r[i]).backlog);
		ck_assert_uint_eq(lvl_u64(rd, LOGGER_READER_A_LOST), 0);
		c = gn_find((void *)((char *)rd + NLA_HDRLEN),
			    rd->nla_len - NLA_HDRLEN, LOGGER_READER_A_COMM);
		ck_assert_ptr_nonnull(c);
		ck_assert_str_eq((char *)c + NLA_HDRLEN, comm);
	}
	ck_assert_uint_eq(lvl_u64(next_nest(&msgs[0], NULL, LOGGER_A_READER),
				  LOGGER_READER_A_BACKLOG), 2);
	ck_assert_uint_eq(lvl_u64(next_nest(&msgs[1], NULL, LOGGER_A_READER),
				  LOGGER_READER_A_BACKLOG), 2);
	ck_assert_uint_eq(lvl_u64(next_nest(&msgs[2], NULL, LOGGER_A_READER),
				  LOGGER_READER_A_BACKLOG), 5);
	close(r[1]);
	ck_assert_int_eq(dump_readers(nl, fam, msgs, 8), 2);
	close(r[0]);
	close(r[2]);
	ck_assert_int_eq(dump_readers(nl, fam, msgs, 8), 0);
	close(nl);
	close(w);
}
END_TEST

START_TEST(test_nl_unprivileged_clear_and_set_refused)
{
	int fd = dt_open(O_RDWR), nl, fam;
	struct nlattr *cfg;

	dt_write_str(fd, "<3>keep\n");
	dt_drop_privs();
	nl = gn_open();
	fam = family(nl);
	gn_init(&req, fam, 0, LOGGER_CMD_CLEAR);
	ck_assert_int_eq(gn_call(nl, &req, NULL), -EPERM);
	gn_init(&req, fam, 0, LOGGER_CMD_SET_CONFIG);
	cfg = gn_nest_start(&req, LOGGER_A_CONFIG);
	gn_put_u32(&req, LOGGER_CONFIG_A_EVENT_INTERVAL_MS, 500);
	gn_nest_end(&req, cfg);
	ck_assert_int_eq(gn_call(nl, &req, NULL), -EPERM);
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_CLEAR), -1);
	ck_assert_int_eq(errno, EPERM);
	/* Reading is for everyone. */
	gn_init(&req, fam, 0, LOGGER_CMD_GET_STATS);
	ck_assert_int_eq(gn_call(nl, &req, &rep), 0);
	gn_init(&req, fam, 0, LOGGER_CMD_GET_CONFIG);
	ck_assert_int_eq(gn_call(nl, &req, &rep), 0);
	dt_regain_privs();
	ck_assert_uint_eq(dt_stats(fd).records, 1);
	close(nl);
	/* Root may, and gets the count back. */
	nl = gn_open();
	gn_init(&req, fam, 0, LOGGER_CMD_CLEAR);
	ck_assert_int_eq(gn_call(nl, &req, &rep), 0);
	ck_assert_int_eq(rep.genl.cmd, LOGGER_CMD_CLEAR);
	{
		size_t len;
		struct nlattr *a = gn_attrs(&rep, &len);

		ck_assert_uint_eq(gn_get_u64(gn_find(a, len,
					LOGGER_A_CLEAR_RECORDS)), 1);
	}
	ck_assert_uint_eq(dt_stats(fd).records, 0);
	close(nl);
	close(fd);
}
END_TEST

START_TEST(test_nl_malformed_requests_rejected)
{
	int nl = gn_open(), fam = family(nl), fd = dt_open(O_RDONLY);
	struct logger_config before, after;
	struct nlattr *cfg, *lv;
	char big[16] = "";

	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_CONFIG, &before), 0);
	/* Missing attribute. */
	gn_init(&req, fam, 0, LOGGER_CMD_SET_CONFIG);
	ck_assert_int_eq(gn_call(nl, &req, NULL), -EINVAL);
	/* Wrong type: a u32 where a nest goes. */
	gn_init(&req, fam, 0, LOGGER_CMD_SET_CONFIG);
	gn_put_u32(&req, LOGGER_A_CONFIG, 1);
	ck_assert_int_eq(gn_call(nl, &req, NULL), -EINVAL);
	/* Oversized attribute: 16 bytes for a u64. */
	gn_init(&req, fam, 0, LOGGER_CMD_SET_CONFIG);
	cfg = gn_nest_start(&req, LOGGER_A_CONFIG);
	gn_put(&req, LOGGER_CONFIG_A_CAPACITY, big, sizeof(big));
	gn_nest_end(&req, cfg);
	ck_assert_int_eq(gn_call(nl, &req, NULL), -EINVAL);
	/* Out of range, read-only, and a level twice. */
	gn_init(&req, fam, 0, LOGGER_CMD_SET_CONFIG);
	cfg = gn_nest_start(&req, LOGGER_A_CONFIG);
	gn_put_u64(&req, LOGGER_CONFIG_A_CAPACITY, 100);
	gn_nest_end(&req, cfg);
	ck_assert_int_eq(gn_call(nl, &req, NULL), -EINVAL);
	gn_init(&req, fam, 0, LOGGER_CMD_SET_CONFIG);
	cfg = gn_nest_start(&req, LOGGER_A_CONFIG);
	gn_put_u32(&req, LOGGER_CONFIG_A_MAX_RECORD, 2048);
	gn_nest_end(&req, cfg);
	ck_assert_int_eq(gn_call(nl, &req, NULL), -EINVAL);
	gn_init(&req, fam, 0, LOGGER_CMD_SET_CONFIG);
	cfg = gn_nest_start(&req, LOGGER_A_CONFIG);
	gn_put_u32(&req, LOGGER_CONFIG_A_EVENT_INTERVAL_MS, 5);
	gn_nest_end(&req, cfg);
	ck_assert_int_eq(gn_call(nl, &req, NULL), -EINVAL);
	gn_init(&req, fam, 0, LOGGER_CMD_SET_CONFIG);
	cfg = gn_nest_start(&req, LOGGER_A_CONFIG);
	lv = gn_nest_start(&req, LOGGER_CONFIG_A_LEVEL);
	gn_put_u32(&req, LOGGER_LEVEL_A_INDEX, 3);
	gn_put_u32(&req, LOGGER_LEVEL_A_RESERVE_PCT, 10);
	gn_nest_end(&req, lv);
	lv = gn_nest_start(&req, LOGGER_CONFIG_A_LEVEL);
	gn_put_u32(&req, LOGGER_LEVEL_A_INDEX, 3);
	gn_put_u32(&req, LOGGER_LEVEL_A_RESERVE_PCT, 20);
	gn_nest_end(&req, lv);
	gn_nest_end(&req, cfg);
	ck_assert_int_eq(gn_call(nl, &req, NULL), -EINVAL);
	/* An attribute a command does not take. */
	gn_init(&req, fam, 0, LOGGER_CMD_GET_STATS);
	gn_put_u64(&req, LOGGER_A_CAPACITY, 1);
	ck_assert_int_eq(gn_call(nl, &req, NULL), -EINVAL);
	/* Unknown command, an event sent as a request, a dump as a do. */
	gn_init(&req, fam, 0, 99);
	ck_assert_int_eq(gn_call(nl, &req, NULL), -EOPNOTSUPP);
	gn_init(&req, fam, 0, LOGGER_CMD_EVENT_OVERFLOW);
	ck_assert_int_eq(gn_call(nl, &req, NULL), -EOPNOTSUPP);
	gn_init(&req, fam, 0, LOGGER_CMD_GET_READERS);
	ck_assert_int_eq(gn_call(nl, &req, NULL), -EOPNOTSUPP);
	/* None of that changed anything. */
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_CONFIG, &after), 0);
	ck_assert_mem_eq(&before, &after, sizeof(before));
	/* A good one. */
	gn_init(&req, fam, 0, LOGGER_CMD_SET_CONFIG);
	cfg = gn_nest_start(&req, LOGGER_A_CONFIG);
	gn_put_u64(&req, LOGGER_CONFIG_A_CAPACITY, 2 << 20);
	lv = gn_nest_start(&req, LOGGER_CONFIG_A_LEVEL);
	gn_put_u32(&req, LOGGER_LEVEL_A_INDEX, 3);
	gn_put_u32(&req, LOGGER_LEVEL_A_RESERVE_PCT, 10);
	gn_nest_end(&req, lv);
	gn_nest_end(&req, cfg);
	ck_assert_int_eq(gn_call(nl, &req, NULL), 0);
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_CONFIG, &after), 0);
	ck_assert_uint_eq(after.capacity, 2 << 20);
	ck_assert_uint_eq(after.reserve_pct[3], 10);
	ck_assert_uint_eq(after.reserve_pct[4], before.reserve_pct[4]);
	ck_assert_uint_eq(after.event_interval_ms, before.event_interval_ms);
	close(fd);
	close(nl);
}
END_TEST

/* What the events seen so far added up to. */
struct seen {
	int overflow, stats, cleared, threshold;
	__u64 evicted_delta[8];
	__u64 evicted_total;
	__u64 clear_records;
	__u32 clear_pid, clear_uid;
	__u32 threshold_pct, threshold_dir;
};

static int subscribe(int *famp)
{
	int nl = gn_open();
	__u32 grp;

	*famp = gn_family(nl, &grp);
	ck_assert_int_gt(*famp, 0);
	ck_assert_int_eq(setsockopt(nl, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
				    &grp, sizeof(grp)), 0);
	return nl;
}

/* Take in events for up to @ms per wait, until @done(@s) or a quiet wait. */
static void collect(int nl, int fam, struct seen *s,
		    int (*done)(const struct seen *s, const void *arg),
		    const void *arg, int ms)
{
	static char buf[1 << 17];

	while (!done(s, arg)) {
		ssize_t len = gn_recv(nl, buf, sizeof(buf), ms);
		struct nlmsghdr *h;

		if (len <= 0)
			return;
		for (h = (void *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			struct gn_msg *m = (void *)h;
			struct nlattr *a, *lv = NULL;
			size_t alen;

			ck_assert_int_eq(h->nlmsg_type, fam);
			a = gn_attrs(m, &alen);
			switch (m->genl.cmd) {
			case LOGGER_CMD_EVENT_OVERFLOW:
				s->overflow++;
				s->evicted_total = gn_get_u64(gn_find(a, alen,
							LOGGER_A_EVICTED));
				while ((lv = next_nest(m, lv, LOGGER_A_LEVEL)))
					s->evicted_delta[lvl_u32(lv,
						LOGGER_LEVEL_A_INDEX)] +=
						lvl_u64(lv,
						LOGGER_LEVEL_A_EVICTED_DELTA);
				break;
			case LOGGER_CMD_EVENT_STATS:
				s->stats++;
				break;
			case LOGGER_CMD_EVENT_CLEARED:
				s->cleared++;
				s->clear_records = gn_get_u64(gn_find(a, alen,
						LOGGER_A_CLEAR_RECORDS));
				s->clear_pid = gn_get_u32(gn_find(a, alen,
						LOGGER_A_CLEAR_PID));
				s->clear_uid = gn_get_u32(gn_find(a, alen,
						LOGGER_A_CLEAR_UID));
				break;
			case LOGGER_CMD_EVENT_THRESHOLD:
				s->threshold++;
				s->threshold_pct = gn_get_u32(gn_find(a, alen,
						LOGGER_A_THRESHOLD));
				s->threshold_dir = gn_get_u32(gn_find(a, alen,
						LOGGER_A_DIRECTION));
				break;
			default:
				ck_abort_msg("unexpected event %d", m->genl.cmd);
			}
		}
	}
}

static int evictions_reported(const struct seen *s, const void *arg)
{
	const struct logger_stats *st = arg;
	__u64 sum = 0;
	int l;

	for (l = 0; l < 8; l++)
		sum += s->evicted_delta[l];
	return sum == st->evicted;
}

START_TEST(test_nl_overflow_events_coalesced_and_exact)
{
	int fam, nl = subscribe(&fam), w = dt_open(O_WRONLY);
	struct logger_stats st;
	struct seen s = { 0 };

	/* 110 000 debug records into a store that holds a few hundred. */
	dt_flood(w, 7, 110000);
	st = dt_stats(w);
	ck_assert_uint_ge(st.evicted, 100000);
	collect(nl, fam, &s, evictions_reported, &st, 5000);
	ck_assert_msg(evictions_reported(&s, &st),
		      "events reported %llu of %llu evictions",
		      (unsigned long long)s.evicted_delta[7],
		      (unsigned long long)st.evicted);
	ck_assert_uint_eq(s.evicted_delta[7], st.level_evicted[7]);
	ck_assert_uint_eq(s.evicted_total, st.evicted);
	/* One tick sends at most one overflow event, and one stats event. */
	ck_assert_int_ge(s.overflow, 1);
	ck_assert_int_le(s.overflow, s.stats + 1);
	ck_assert_int_lt(s.overflow, 1000);
	close(w);
	close(nl);
}
END_TEST

static int got_cleared(const struct seen *s, const void *arg)
{
	return s->cleared > 0;
}

START_TEST(test_nl_cleared_event)
{
	int fam, nl = subscribe(&fam), fd = dt_open(O_RDWR);
	struct seen s = { 0 };

	dt_write_str(fd, "<3>a\n<4>b\n<5>c\n<6>d\n<7>e\n");
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_CLEAR), 0);
	collect(nl, fam, &s, got_cleared, NULL, 5000);
	ck_assert_int_eq(s.cleared, 1);
	ck_assert_uint_eq(s.clear_records, 5);
	ck_assert_uint_eq(s.clear_pid, getpid());
	ck_assert_uint_eq(s.clear_uid, 0);
	close(fd);
	close(nl);
}
END_TEST

static int got_threshold(const struct seen *s, const void *arg)
{
	return s->threshold > 0;
}

START_TEST(test_nl_threshold_event_up)
{
	int fam, nl = subscribe(&fam), fd = dt_open(O_WRONLY), i;
	struct seen s = { 0 };
	struct logger_stats st;

	/* 64 KiB store: 200 records of 128 bytes is 39 %, 260 is 50.8 %. */
	for (i = 0; i < 260; i++)
		dt_write_str(fd, "<6>sixty-four bytes of message, more or less, to fill two blocks\n");
	st = dt_stats(fd);
	ck_assert_uint_eq(st.evicted, 0);
	ck_assert_uint_ge(st.bytes_used * 100 / st.capacity, 50);
	collect(nl, fam, &s, got_threshold, NULL, 5000);
	ck_assert_int_eq(s.threshold, 1);
	ck_assert_uint_eq(s.threshold_pct, LOGGER_THRESHOLD_HALF);
	ck_assert_uint_eq(s.threshold_dir, LOGGER_DIR_UP);
	close(fd);
	close(nl);
}
END_TEST

Suite *make_netlink_suite(void)
{
	Suite *s = suite_create("netlink");
	TCase *tc = tcase_create("commands");

	tcase_add_checked_fixture(tc, dt_fixture_load, dt_fixture_unload);
	tcase_add_test(tc, test_nl_stats_equal_ioctl);
	tcase_add_test(tc, test_nl_readers_lists_open_readers);
	tcase_add_test(tc, test_nl_unprivileged_clear_and_set_refused);
	tcase_add_test(tc, test_nl_malformed_requests_rejected);
	suite_add_tcase(s, tc);
	tc = tcase_create("events");
	tcase_add_checked_fixture(tc, fixture_events, dt_fixture_unload);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_nl_overflow_events_coalesced_and_exact);
	tcase_add_test(tc, test_nl_cleared_event);
	tcase_add_test(tc, test_nl_threshold_event_up);
	suite_add_tcase(s, tc);
	return s;
}
