// SPDX-License-Identifier: GPL-2.0
/*
 * Mapped readers and SPEC §6: a mapped reader gets what read() gets under
 * a tag filter (format 2 included), and holds records under the block
 * policy from the position it last published (LOGGER_IOC_MAP_SYNC), which
 * lgmap publishes every sync_every records and whenever it waits.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "devtest.h"
#include "lgmap.h"

static char buf[1 << 16];
static char msg[8192];

static void map_open(struct lgmap *m, int fd)
{
	int ret = lgmap_open(m, fd);

	ck_assert_msg(ret == 0, "lgmap_open: %s", strerror(-ret));
}

/* Records tagged "job", "log" and none, at levels 3, 6 and 7. */
static void put_tagged(int w, int from, int to)
{
	static const char *const pre[] = {
		"<3>job: job", "<6>log: log", "<7>untagged", "<6>job: j",
		"<3>other:",
	};
	char line[96];
	int i, len;

	for (i = from; i < to; i++) {
		len = snprintf(line, sizeof(line), "%s %d and words\n",
			       pre[i % 5], i);
		ck_assert_int_eq(write(w, line, len), len);
	}
}

/*
 * Everything @r (format 2) returns now, record by record, must be what
 * lgmap_next2() returns, byte for byte; then both have nothing more and
 * the same lost and skipped counts.  Returns the records compared.
 *
 * With @evicted, records were evicted before either reached them: read()
 * counts those outside the tag filter as skipped, lgmap (which has no
 * kernel cursor where it is) as lost.  Then the in-band lost counts may
 * differ; the records, and lost + skipped, must not.
 */
/* Both readers' lost and skipped counts before the records compared. */
struct counts {
	struct logger_view_stats vs;
	__u64 lost, skipped;
};

static struct counts counts_now(int r, const struct lgmap *m)
{
	struct counts c = { dt_view_stats(r), m->lost, m->skipped };

	return c;
}

static int compare_all(int r, struct lgmap *m, bool evicted,
		       const struct counts *c0)
{
	__u64 ml0 = c0->lost, ms0 = c0->skipped, ml, ms;
	struct logger_view_stats vs0 = c0->vs, vs;
	struct logger_record2 mh;
	int count = 0;
	ssize_t n;

	while ((n = read(r, buf, sizeof(buf))) > 0) {
		size_t off = 0;

		while (off < (size_t)n) {
			const struct logger_record2 *h = (const void *)(buf + off);

			ck_assert_uint_eq(h->rec.hdr_len, sizeof(*h));
			ck_assert_int_eq(lgmap_next2(m, &mh, msg, sizeof(msg)), 1);
			if (evicted) {
				ck_assert_uint_ge(mh.rec.lost, h->rec.lost);
				mh.rec.lost = h->rec.lost;
			}
			ck_assert_mem_eq(&mh, h, sizeof(*h));
			ck_assert_mem_eq(msg, buf + off + sizeof(*h),
					 h->rec.msg_len);
			off += sizeof(*h) + ((h->rec.msg_len + 7u) & ~7u);
			count++;
		}
	}
	ck_assert_int_eq(n, -1);
	ck_assert_int_eq(errno, EAGAIN);
	ck_assert_int_eq(lgmap_next2(m, &mh, msg, sizeof(msg)), 0);
	/* Counted since the call: lgmap's, then read()'s. */
	ml = m->lost - ml0;
	ms = m->skipped - ms0;
	vs = dt_view_stats(r);
	vs.lost -= vs0.lost;
	vs.skipped -= vs0.skipped;
	ck_assert_uint_eq(ml + ms, vs.lost + vs.skipped);
	if (evicted) {
		ck_assert_uint_ge(ml, vs.lost);
	} else {
		ck_assert_uint_eq(ml, vs.lost);
		ck_assert_uint_eq(ms, vs.skipped);
	}
	return count;
}

START_TEST(test_map_tag_filter_same_as_read)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY | O_NONBLOCK);
	int mfd = dt_open(O_RDONLY | O_NONBLOCK), n;
	struct logger_tag_filter tf = { .count = 2, .tags = { "job", "" } };
	struct logger_tag_filter tf2 = { .count = 1, .tags = { "log" } };
	struct counts c0;
	struct lgmap m;

	dt_set_flags(w, LOGGER_FD_PARSE_TAGS);
	dt_set_flags(r, LOGGER_FD_RECORD2);
	dt_set_view(r, 0xff, LOGGER_ORDER_PRIORITY, LOGGER_FORMAT_BINARY);
	dt_set_view(mfd, 0xff, LOGGER_ORDER_PRIORITY, LOGGER_FORMAT_BINARY);
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_SET_TAG_FILTER, &tf), 0);
	/* lgmap_open() takes over the fd's tag filter. */
	ck_assert_int_eq(ioctl(mfd, LOGGER_IOC_SET_TAG_FILTER, &tf), 0);
	map_open(&m, mfd);
	ck_assert_uint_eq(m.ntags, 2);
	/* Enough to evict: the same records, the same lost + skipped. */
	c0 = counts_now(r, &m);
	put_tagged(w, 0, 3000);
	n = compare_all(r, &m, true, &c0);
	ck_assert_int_gt(n, 100);
	ck_assert_uint_gt(m.skipped, 0);
	ck_assert_uint_gt(m.lost, 0);
	/*
	 * A new filter from here on, set through lgmap on its fd; a clear
	 * first, so that the next 200 records all stay (a full store would
	 * evict some of them, as the first part counted).
	 */
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_SET_TAG_FILTER, &tf2), 0);
	ck_assert_int_eq(lgmap_set_tag_filter(&m, &tf2), 0);
	ck_assert_int_eq(ioctl(w, LOGGER_IOC_CLEAR), 0);
	c0 = counts_now(r, &m);
	put_tagged(w, 3000, 3200);
	ck_assert_int_eq(compare_all(r, &m, false, &c0), 40);
	/* The kernel's answer for a bad filter, and nothing changed. */
	tf2.count = LOGGER_TAG_FILTER_MAX + 1;
	ck_assert_int_eq(lgmap_set_tag_filter(&m, &tf2), -EINVAL);
	ck_assert_uint_eq(m.ntags, 1);
	lgmap_close(&m);
	close(mfd);
	close(r);
	close(w);
}
END_TEST

/* Write one level-7 record; returns write()'s result. */
static ssize_t put_one(int w, int i)
{
	char line[64];
	int len = snprintf(line, sizeof(line), "<7>held %06d padding\n", i);

	return write(w, line, len);
}

/* Write until the store refuses (EAGAIN); returns how many it took. */
static int fill(int w, int from)
{
	int i = from;

	while (put_one(w, i) > 0)
		i++;
	ck_assert_int_eq(errno, EAGAIN);
	return i - from;
}

/* Read @n records: none lost, in order from *@next. */
static void take(struct lgmap *m, int n, __u64 *next)
{
	struct logger_record h;
	int i;

	for (i = 0; i < n; i++) {
		ck_assert_int_eq(lgmap_next(m, &h, msg, sizeof(msg)), 1);
		ck_assert_uint_eq(h.lost, 0);
		if (*next)
			ck_assert_uint_eq(h.seq, *next);
		*next = h.seq + 1;
	}
}

START_TEST(test_map_reader_holds_from_published_position)
{
	int w = dt_open(O_WRONLY | O_NONBLOCK);
	int mfd = dt_open(O_RDONLY | O_NONBLOCK), n, round, total = 0;
	struct logger_record h;
	struct lgmap m;
	__u64 next = 0;

	dt_set_policy(w, LOGGER_POLICY_BLOCK);
	map_open(&m, mfd);
	ck_assert_uint_eq(dt_flow(w).holding_readers, 1);
	/* Read through the mapping without publishing: still held. */
	m.sync_every = 0;
	n = fill(w, 0);
	take(&m, n, &next);
	ck_assert_int_eq(lgmap_next(&m, &h, msg, sizeof(msg)), 0);
	ck_assert_int_eq(put_one(w, n), -1);
	ck_assert_int_eq(errno, EAGAIN);
	/* Published: the records read are released. */
	ck_assert_int_eq(lgmap_sync(&m), 0);
	total = n;
	n = fill(w, total);
	ck_assert_int_gt(n, 0);
	/* A reader that only reads publishes as it goes. */
	m.sync_every = 16;
	for (round = 0; round < 8; round++) {
		take(&m, n, &next);
		total += n;
		n = fill(w, total);
		ck_assert_int_ge(n, 16);
	}
	/* What it read went (evicted); nothing it had not read did. */
	ck_assert_uint_eq(m.lost, 0);
	ck_assert_uint_gt(dt_stats(w).evicted, 0);
	ck_assert_uint_eq(dt_view_stats(mfd).lost, 0);
	lgmap_close(&m);
	close(mfd);
	/* Its close released the rest. */
	ck_assert_uint_eq(dt_flow(w).holding_readers, 0);
	ck_assert_int_gt(put_one(w, total + n), 0);
	close(w);
}
END_TEST

START_TEST(test_map_reader_opted_out_or_grouped)
{
	int w = dt_open(O_WRONLY | O_NONBLOCK);
	int mfd = dt_open(O_RDONLY | O_NONBLOCK), i;
	struct logger_group g = { .name = "mapped" };
	struct lgmap m;

	dt_set_policy(w, LOGGER_POLICY_BLOCK);
	map_open(&m, mfd);
	dt_set_flags(mfd, LOGGER_FD_NO_HOLD);
	ck_assert_uint_eq(dt_flow(w).holding_readers, 0);
	for (i = 0; i < 3000; i++)
		ck_assert_int_gt(put_one(w, i), 0);
	ck_assert_uint_gt(dt_stats(w).evicted, 0);
	/* A group's cursor is shared: a mapped member cannot move it. */
	ck_assert_int_eq(ioctl(mfd, LOGGER_IOC_JOIN_GROUP, &g), 0);
	ck_assert_int_eq(lgmap_sync(&m), -EBUSY);
	lgmap_close(&m);
	close(mfd);
	close(w);
}
END_TEST

Suite *make_mmap_flow_suite(void)
{
	Suite *s = suite_create("mmap-flow");
	TCase *tc = tcase_create("mmap-flow");

	tcase_add_checked_fixture(tc, dt_fixture_load_small, dt_fixture_unload);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_map_tag_filter_same_as_read);
	tcase_add_test(tc, test_map_reader_holds_from_published_position);
	tcase_add_test(tc, test_map_reader_opted_out_or_grouped);
	suite_add_tcase(s, tc);
	return s;
}
