// SPDX-License-Identifier: GPL-2.0
/*
 * Overflow: priority-aware retention and exact lost counts, in band and in
 * the stats.  A 64 KiB store (1024 blocks) overflows quickly.
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

static void check_level_sums(const struct logger_stats *st)
{
	int l;

	for (l = 0; l < 8; l++)
		ck_assert_uint_eq(st->level_written[l],
				  st->level_records[l] + st->level_evicted[l] +
				  st->level_cleared[l]);
	ck_assert_uint_eq(st->written, st->records + st->evicted + st->cleared);
	ck_assert_uint_le(st->bytes_used, st->capacity);
}

START_TEST(test_debug_flood_keeps_errors)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY), n, i;
	struct logger_stats st;
	char line[32];

	dt_set_view(r, LOGGER_LEVEL_BIT(3), LOGGER_ORDER_SEQ,
		    LOGGER_FORMAT_BINARY);
	for (i = 0; i < 10; i++) {
		snprintf(line, sizeof(line), "<3>error %d\n", i);
		dt_write_str(w, line);
	}
	dt_flood(w, 7, 20000);
	st = dt_stats(w);
	ck_assert_uint_eq(st.level_evicted[3], 0);
	ck_assert_uint_eq(st.level_records[3], 10);
	ck_assert_uint_gt(st.level_evicted[7], 15000);
	check_level_sums(&st);
	n = dt_read_bin(r, recs, 4096);
	ck_assert_int_eq(n, 10);
	for (i = 0; i < 10; i++) {
		snprintf(line, sizeof(line), "error %d", i);
		ck_assert_str_eq(recs[i].msg, line);
		ck_assert_uint_eq(recs[i].h.lost, 0);
	}
	ck_assert_uint_eq(dt_view_stats(r).lost, 0);
	close(r);
	close(w);
}
END_TEST

START_TEST(test_errors_take_space_back_from_debug)
{
	int w = dt_open(O_WRONLY);
	struct logger_stats st;

	/*
	 * 16 chunks of 4 KiB, 29 flood records each; the seven other levels
	 * keep a chunk each, so errors can take up to 9 chunks from debug.
	 */
	dt_flood(w, 7, 5000);
	dt_flood(w, 3, 200);
	st = dt_stats(w);
	ck_assert_uint_eq(st.level_records[3], 200);
	ck_assert_uint_eq(st.level_evicted[3], 0);
	check_level_sums(&st);
	/* And debug keeps at least its reserve. */
	ck_assert_uint_gt(st.level_records[7], 0);
	close(w);
}
END_TEST

START_TEST(test_lost_marker_text_exact)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY);
	struct logger_stats st;
	char *buf = malloc(1 << 20), want[64];
	unsigned long long lost;
	ssize_t n;

	dt_write_str(w, "<3>before\n");
	dt_flood(w, 7, 3000);
	st = dt_stats(w);
	lost = st.level_evicted[7];
	ck_assert_uint_gt(lost, 0);
	/* A plain blocking read, as cat does: data, not an error. */
	n = read(r, buf, 1 << 20);
	ck_assert_int_gt(n, 0);
	buf[n] = 0;
	snprintf(want, sizeof(want), ";logger: %llu records lost\n", lost);
	ck_assert_msg(strncmp(buf, "4,0,", 4) == 0, "first line: %.80s", buf);
	ck_assert_ptr_nonnull(strstr(buf, want));
	ck_assert_ptr_eq(strstr(buf, want), strchr(buf, ';'));
	ck_assert_ptr_nonnull(strstr(buf, ";before\n"));
	/* Reported once. */
	ck_assert_ptr_null(strstr(strstr(buf, want) + strlen(want),
				  "records lost"));
	ck_assert_uint_eq(dt_view_stats(r).lost, lost);
	free(buf);
	close(r);
	close(w);
}
END_TEST

START_TEST(test_lost_binary_header_exact)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY), n, i;
	struct logger_stats st;
	unsigned long long sum = 0;

	dt_set_view(r, LOGGER_LEVEL_BIT(7), LOGGER_ORDER_SEQ,
		    LOGGER_FORMAT_BINARY);
	dt_flood(w, 7, 3000);
	st = dt_stats(w);
	n = dt_read_bin(r, recs, 4096);
	ck_assert_int_eq(n, st.level_records[7]);
	ck_assert_uint_eq(recs[0].h.lost, st.level_evicted[7]);
	for (i = 0; i < n; i++)
		sum += recs[i].h.lost;
	ck_assert_uint_eq(sum + n, 3000);
	ck_assert_uint_eq(recs[0].h.seq, st.level_evicted[7] + 1);
	close(r);
	close(w);
}
END_TEST

struct flood_arg {
	int fd;
	int count;
};

static void *flood_thread(void *p)
{
	struct flood_arg *a = p;
	char line[128];
	int i;

	for (i = 0; i < a->count; i++) {
		int len = snprintf(line, sizeof(line),
				   "<%d>concurrent %d padding padding padding\n",
				   i % 3 == 0 ? 6 : 7, i);

		ck_assert_int_eq(write(a->fd, line, len), len);
	}
	return NULL;
}

/* Reading while a flood evicts: received + lost == written, exactly. */
START_TEST(test_concurrent_received_plus_lost_exact)
{
	struct flood_arg a = { dt_open(O_WRONLY), 20000 };
	int r = dt_open(O_RDONLY);
	unsigned long long got = 0, lost = 0, last_seq = 0;
	static char buf[4096];
	pthread_t th;

	dt_set_view(r, LOGGER_LEVEL_BIT(6) | LOGGER_LEVEL_BIT(7),
		    LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	pthread_create(&th, NULL, flood_thread, &a);
	for (;;) {
		struct logger_view_stats vs;
		ssize_t n = read(r, buf, sizeof(buf)), off = 0;

		ck_assert_int_gt(n, 0);
		while (off < n) {
			struct logger_record *h = (void *)(buf + off);

			ck_assert_uint_gt(h->seq, last_seq);
			last_seq = h->seq;
			got++;
			lost += h->lost;
			off += h->hdr_len + LOGGER_ALIGN(h->msg_len);
		}
		if (last_seq == 20000)
			break;
		vs = dt_view_stats(r);
		ck_assert_uint_ge(vs.lost, lost);
	}
	pthread_join(th, NULL);
	ck_assert_uint_eq(got + lost, 20000);
	ck_assert_uint_eq(dt_view_stats(r).lost, lost);
	ck_assert_uint_eq(dt_view_stats(r).read, got);
	check_level_sums(&(struct logger_stats){ 0 });
	close(r);
	close(a.fd);
}
END_TEST

Suite *make_overflow_suite(void)
{
	Suite *s = suite_create("overflow");
	TCase *tc = tcase_create("overflow");

	tcase_add_checked_fixture(tc, dt_fixture_load_small, dt_fixture_unload);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_debug_flood_keeps_errors);
	tcase_add_test(tc, test_errors_take_space_back_from_debug);
	tcase_add_test(tc, test_lost_marker_text_exact);
	tcase_add_test(tc, test_lost_binary_header_exact);
	tcase_add_test(tc, test_concurrent_received_plus_lost_exact);
	suite_add_tcase(s, tc);
	return s;
}
