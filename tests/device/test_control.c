// SPDX-License-Identifier: GPL-2.0
/*
 * Control ioctls: clear, stats, global settings and who may use them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "devtest.h"

static struct dt_rec recs[2048];

START_TEST(test_clear_needs_cap_syslog)
{
	int fd = dt_open(O_RDWR);
	struct logger_config cfg;

	dt_write_str(fd, "<3>one\n<6>two\n");
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_CONFIG, &cfg), 0);
	dt_drop_privs();
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_CLEAR), -1);
	ck_assert_int_eq(errno, EPERM);
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_CONFIG, &cfg), -1);
	ck_assert_int_eq(errno, EPERM);
	/* Reading stats and config needs nothing. */
	ck_assert_int_eq(dt_stats(fd).records, 2);
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_CONFIG, &cfg), 0);
	dt_regain_privs();
	ck_assert_int_eq(dt_stats(fd).records, 2);
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_CLEAR), 0);
	close(fd);
}
END_TEST

START_TEST(test_clear_counts_and_views_skip)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY);
	struct logger_stats st;
	int n;

	dt_set_view(r, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	dt_write_str(w, "<3>a\n<3>b\n<6>c\n");
	ck_assert_int_eq(ioctl(w, LOGGER_IOC_CLEAR), 0);
	st = dt_stats(w);
	ck_assert_uint_eq(st.records, 0);
	ck_assert_uint_eq(st.cleared, 3);
	ck_assert_uint_eq(st.level_cleared[3], 2);
	ck_assert_uint_eq(st.level_cleared[6], 1);
	ck_assert_uint_eq(st.bytes_used, 0);
	ck_assert_uint_eq(st.written, 3);
	dt_write_str(w, "<6>after\n");
	n = dt_read_bin(r, recs, 16);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(recs[0].msg, "after");
	ck_assert_uint_eq(recs[0].h.lost, 0);
	ck_assert_uint_eq(recs[0].h.seq, 4);
	ck_assert_uint_eq(dt_view_stats(r).lost, 0);
	close(r);
	close(w);
}
END_TEST

START_TEST(test_stats_add_up)
{
	int fd = dt_open(O_RDWR);
	struct logger_stats st;
	char line[64];
	int i, l;

	for (i = 0; i < 100; i++) {
		snprintf(line, sizeof(line), "<%d>stat %d\n", i % 8, i);
		dt_write_str(fd, line);
	}
	st = dt_stats(fd);
	ck_assert_uint_ne(st.instance, 0);
	ck_assert_uint_eq(st.capacity, 1 << 20);
	ck_assert_uint_eq(st.max_record, 1024);
	ck_assert_uint_eq(st.written, 100);
	ck_assert_uint_eq(st.records, 100);
	ck_assert_uint_eq(st.next_seq, 101);
	ck_assert_uint_eq(st.readers, 1);
	ck_assert_uint_eq(st.writers, 1);
	/* "stat NN": a 72-byte header + 7 bytes, padded to 80. */
	ck_assert_uint_eq(st.bytes_used, 100 * 80);
	for (l = 0; l < 8; l++) {
		ck_assert_uint_eq(st.level_written[l], l < 4 ? 13 : 12);
		ck_assert_uint_eq(st.level_records[l], st.level_written[l]);
		ck_assert_uint_eq(st.level_bytes[l], st.level_records[l] * 80);
	}
	ck_assert_uint_eq(st.reserved, 0);
	close(fd);
}
END_TEST

START_TEST(test_set_config_validation)
{
	int fd = dt_open(O_RDWR);
	struct logger_config cfg, bad, now;

	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_CONFIG, &cfg), 0);
	ck_assert_uint_eq(cfg.capacity, 1 << 20);
	ck_assert_uint_eq(cfg.max_record, 1024);
	ck_assert_uint_eq(cfg.reserve_pct[3], 2);
	ck_assert_uint_eq(cfg.event_interval_ms, 1000);
	ck_assert_uint_eq(cfg.policy, 0);
	bad = cfg;
	bad.reserved = 1;
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_CONFIG, &bad), -1);
	ck_assert_int_eq(errno, EINVAL);
	bad = cfg;
	bad.policy = 7;
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_CONFIG, &bad), -1);
	ck_assert_int_eq(errno, EINVAL);
	bad = cfg;
	bad.max_record = 2048;
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_CONFIG, &bad), -1);
	ck_assert_int_eq(errno, EINVAL);
	bad = cfg;
	bad.capacity = 100;
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_CONFIG, &bad), -1);
	ck_assert_int_eq(errno, EINVAL);
	bad = cfg;
	memset(bad.reserve_pct, 20, 8);
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_CONFIG, &bad), -1);
	ck_assert_int_eq(errno, EINVAL);
	bad = cfg;
	bad.event_interval_ms = 0;
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_CONFIG, &bad), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_CONFIG, (void *)8), -1);
	ck_assert_int_eq(errno, EFAULT);
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_CONFIG, &now), 0);
	ck_assert_mem_eq(&now, &cfg, sizeof(cfg));
	close(fd);
}
END_TEST

START_TEST(test_resize_keeps_records_and_views)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY), n, i;
	struct logger_config cfg;
	struct logger_stats st;
	char line[64];

	dt_set_view(r, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	for (i = 0; i < 1000; i++) {
		snprintf(line, sizeof(line), "<%d>resize %04d\n",
			 i % 10 < 3 ? 3 : 7, i);
		dt_write_str(w, line);
	}
	/* Read three (errors) so the view holds cached positions. */
	ck_assert_int_eq(read(r, recs, 3 * 88), 3 * 88);
	ck_assert_int_eq(ioctl(w, LOGGER_IOC_GET_CONFIG, &cfg), 0);
	/*
	 * Shrink to 16 chunks of 4 KiB (45 records of 88 bytes each): the
	 * 300 errors (7 chunks) stay, the six other levels keep a chunk
	 * each, debug keeps its newest 3 chunks: 45 + 45 + the 25 of its
	 * last (700 = 15 * 45 + 25).
	 */
	cfg.capacity = 65536;
	ck_assert_int_eq(ioctl(w, LOGGER_IOC_SET_CONFIG, &cfg), 0);
	st = dt_stats(w);
	ck_assert_uint_eq(st.capacity, 65536);
	ck_assert_uint_le(st.bytes_used, 65536);
	ck_assert_uint_eq(st.level_evicted[3], 0);
	ck_assert_uint_eq(st.level_records[3], 300);
	ck_assert_uint_eq(st.level_records[7], 45 + 45 + 25);
	ck_assert_uint_eq(st.written, st.records + st.evicted);
	n = dt_read_bin(r, recs, 2048);
	ck_assert_uint_eq(n, st.records - 3);
	for (i = 1; i < n; i++)
		ck_assert_uint_gt(recs[i].h.seq, recs[i - 1].h.seq);
	ck_assert_uint_eq(dt_view_stats(r).lost, st.level_evicted[7]);
	/* Grow again: everything still there, writes go on. */
	cfg.capacity = 1 << 21;
	ck_assert_int_eq(ioctl(w, LOGGER_IOC_SET_CONFIG, &cfg), 0);
	dt_write_str(w, "<6>after grow\n");
	ck_assert_int_eq(dt_read_bin(r, recs, 16), 1);
	ck_assert_str_eq(recs[0].msg, "after grow");
	ck_assert_uint_eq(dt_stats(w).records, st.records + 1);
	close(r);
	close(w);
}
END_TEST

Suite *make_control_suite(void)
{
	Suite *s = suite_create("control");
	TCase *tc = tcase_create("control");

	tcase_add_checked_fixture(tc, dt_fixture_load, dt_fixture_unload);
	tcase_add_test(tc, test_clear_needs_cap_syslog);
	tcase_add_test(tc, test_clear_counts_and_views_skip);
	tcase_add_test(tc, test_stats_add_up);
	tcase_add_test(tc, test_set_config_validation);
	tcase_add_test(tc, test_resize_keeps_records_and_views);
	suite_add_tcase(s, tc);
	return s;
}
