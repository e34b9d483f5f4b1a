// SPDX-License-Identifier: GPL-2.0
/*
 * Views: independent cursors, filters, read orders; open/close rules.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "devtest.h"

static struct dt_rec recs[256];

/* 40 records, level i % 8, message "m<i>" (seq i + 1). */
static void write_mix(int fd)
{
	char line[32];
	int i;

	for (i = 0; i < 40; i++) {
		snprintf(line, sizeof(line), "<%d>m%d\n", i % 8, i);
		dt_write_str(fd, line);
	}
}

START_TEST(test_three_readers_independent)
{
	int w = dt_open(O_WRONLY);
	int a = dt_open(O_RDONLY), b = dt_open(O_RDONLY), c = dt_open(O_RDONLY);
	int n, i, half;

	/* a: err..warning by priority; b: everything by seq; c: debug only. */
	dt_set_view(a, LOGGER_LEVEL_BIT(3) | LOGGER_LEVEL_BIT(4),
		    LOGGER_ORDER_PRIORITY, LOGGER_FORMAT_BINARY);
	dt_set_view(b, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	dt_set_view(c, LOGGER_LEVEL_BIT(7), LOGGER_ORDER_SEQ,
		    LOGGER_FORMAT_BINARY);
	write_mix(w);

	/* b reads half first: a and c must not notice. */
	n = dt_read_bin(b, recs, 256);
	ck_assert_int_eq(n, 40);
	for (i = 0; i < 40; i++)
		ck_assert_int_eq(recs[i].h.seq, i + 1);

	n = dt_read_bin(a, recs, 256);
	ck_assert_int_eq(n, 10);
	half = 5;
	for (i = 0; i < half; i++) {	/* all err first, FIFO */
		ck_assert_int_eq(recs[i].h.level, 3);
		ck_assert_int_eq(recs[i].h.seq, 3 + 8 * i + 1);
	}
	for (i = half; i < 10; i++) {
		ck_assert_int_eq(recs[i].h.level, 4);
		ck_assert_int_eq(recs[i].h.seq, 4 + 8 * (i - half) + 1);
	}
	n = dt_read_bin(c, recs, 256);
	ck_assert_int_eq(n, 5);
	for (i = 0; i < 5; i++) {
		char want[16];

		snprintf(want, sizeof(want), "m%d", 7 + 8 * i);
		ck_assert_str_eq(recs[i].msg, want);
	}
	/* Filtered-out records are skipped, not lost. */
	ck_assert_int_eq(dt_view_stats(a).skipped, 30);
	ck_assert_int_eq(dt_view_stats(a).lost, 0);
	ck_assert_int_eq(dt_view_stats(a).read, 10);
	ck_assert_int_eq(dt_view_stats(c).skipped, 35);
	ck_assert_int_eq(dt_view_stats(b).skipped, 0);
	ck_assert_int_eq(dt_stats(w).readers, 3);
	ck_assert_int_eq(dt_stats(w).writers, 1);
	close(a);
	close(b);
	close(c);
	close(w);
}
END_TEST

START_TEST(test_priority_order_takes_urgent_first)
{
	int fd = dt_open(O_RDWR), n;

	dt_set_view(fd, 0xff, LOGGER_ORDER_PRIORITY, LOGGER_FORMAT_BINARY);
	dt_write_str(fd, "<7>d1\n<6>i1\n<0>e1\n<7>d2\n<3>r1\n<0>e2\n");
	n = dt_read_bin(fd, recs, 16);
	ck_assert_int_eq(n, 6);
	ck_assert_str_eq(recs[0].msg, "e1");
	ck_assert_str_eq(recs[1].msg, "e2");
	ck_assert_str_eq(recs[2].msg, "r1");
	ck_assert_str_eq(recs[3].msg, "i1");
	ck_assert_str_eq(recs[4].msg, "d1");
	ck_assert_str_eq(recs[5].msg, "d2");
	/* A new urgent record jumps the queue of unread debug records. */
	dt_write_str(fd, "<7>d3\n<7>d4\n");
	ck_assert_int_eq(read(fd, recs, sizeof(struct logger_record) + 8),
			 sizeof(struct logger_record) + 8);
	dt_write_str(fd, "<1>alert\n");
	n = dt_read_bin(fd, recs, 16);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(recs[0].msg, "alert");
	ck_assert_str_eq(recs[1].msg, "d4");
	close(fd);
}
END_TEST

START_TEST(test_chronological_order)
{
	int fd = dt_open(O_RDWR), n, i;

	dt_set_view(fd, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	write_mix(fd);
	n = dt_read_bin(fd, recs, 256);
	ck_assert_int_eq(n, 40);
	for (i = 0; i < 40; i++)
		ck_assert_int_eq(recs[i].h.seq, i + 1);
	close(fd);
}
END_TEST

START_TEST(test_bad_view_settings_einval)
{
	int fd = dt_open(O_RDWR);
	struct logger_view v, got;

	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_VIEW, &v), 0);
	ck_assert_int_eq(v.filter, 0xff);
	ck_assert_int_eq(v.order, LOGGER_ORDER_PRIORITY);
	ck_assert_int_eq(v.format, LOGGER_FORMAT_TEXT);
	ck_assert_int_eq(v.default_level, LOGGER_LEVEL_INFO);
	got = v;
	got.filter = 0;
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_VIEW, &got), -1);
	ck_assert_int_eq(errno, EINVAL);
	got.filter = 0x100;
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_VIEW, &got), -1);
	ck_assert_int_eq(errno, EINVAL);
	got = v;
	got.order = 2;
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_VIEW, &got), -1);
	ck_assert_int_eq(errno, EINVAL);
	got = v;
	got.format = 2;
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_VIEW, &got), -1);
	ck_assert_int_eq(errno, EINVAL);
	got = v;
	got.default_level = 8;
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_VIEW, &got), -1);
	ck_assert_int_eq(errno, EINVAL);
	got = v;
	got.reserved[sizeof(got.reserved) - 1] = 1;
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_VIEW, &got), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_VIEW, (void *)16), -1);
	ck_assert_int_eq(errno, EFAULT);
	/* Nothing changed. */
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_VIEW, &got), 0);
	ck_assert_mem_eq(&got, &v, sizeof(v));
	ck_assert_int_eq(ioctl(fd, _IO(LOGGER_IOC_MAGIC, 0x1f)), -1);
	ck_assert_int_eq(errno, ENOTTY);
	ck_assert_int_eq(ioctl(fd, _IOR('x', 1, int), &v), -1);
	ck_assert_int_eq(errno, ENOTTY);
	/* A known number with the wrong size is another command. */
	ck_assert_int_eq(ioctl(fd, _IOR(LOGGER_IOC_MAGIC, 0x01, int), &v), -1);
	ck_assert_int_eq(errno, ENOTTY);
	close(fd);
}
END_TEST

/*
 * An open fd holds a module reference: kmod's rmmod sees refcnt > 0 and
 * says EBUSY ("in use"); the delete_module() syscall itself answers
 * EWOULDBLOCK.  Either way the module stays, and goes after the close.
 */
START_TEST(test_rmmod_refused_while_open)
{
	int fd = dt_open(O_RDONLY);
	char buf[16] = "";
	int rfd = open("/sys/module/logger/refcnt", O_RDONLY);

	ck_assert_msg(rfd >= 0, "refcnt: %s", strerror(errno));
	ck_assert_int_gt(read(rfd, buf, sizeof(buf) - 1), 0);
	close(rfd);
	ck_assert_msg(atoi(buf) > 0, "refcnt '%s' with an open fd", buf);
	ck_assert_int_eq(syscall(SYS_delete_module, "logger", O_NONBLOCK), -1);
	ck_assert_int_eq(errno, EWOULDBLOCK);
	ck_assert_int_eq(access(DEV_PATH, F_OK), 0);
	close(fd);
	dt_unload();
	ck_assert_int_eq(access(DEV_PATH, F_OK), -1);
	dt_load("");
}
END_TEST

START_TEST(test_read_restrict)
{
	int fd;

	dt_unload();
	dt_load("read_restrict=1");
	dt_drop_privs();
	ck_assert_int_eq(open(DEV_PATH, O_RDONLY), -1);
	ck_assert_int_eq(errno, EPERM);
	ck_assert_int_eq(open(DEV_PATH, O_RDWR), -1);
	ck_assert_int_eq(errno, EPERM);
	fd = dt_open(O_WRONLY);
	dt_write_str(fd, "<6>may still write\n");
	close(fd);
	dt_regain_privs();
	fd = dt_open(O_RDONLY);
	ck_assert_int_eq(dt_stats(fd).written, 1);
	close(fd);
}
END_TEST

START_TEST(test_bad_module_parameters_refused)
{
	static const char *const bad[] = {
		"capacity=100", "capacity=4294967296000", "max_record=0",
		"max_record=100000", "event_interval_ms=1", "mode=01777",
		"reserve=50,50,10", "capacity=16384 max_record=8192",
	};
	unsigned int i;
	int fd;

	dt_unload();
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fd = open("/logger.ko", O_RDONLY);
		ck_assert_int_eq(syscall(SYS_finit_module, fd, bad[i], 0), -1);
		ck_assert_msg(errno == EINVAL, "%s: %s", bad[i],
			      strerror(errno));
		close(fd);
		ck_assert_int_eq(access(DEV_PATH, F_OK), -1);
	}
	dt_load("mode=0600 capacity=65536");
	fd = dt_open(O_RDONLY);
	ck_assert_int_eq(dt_stats(fd).capacity, 65536);
	close(fd);
}
END_TEST

Suite *make_view_suite(void)
{
	Suite *s = suite_create("view");
	TCase *tc = tcase_create("view");

	tcase_add_checked_fixture(tc, dt_fixture_load, dt_fixture_unload);
	tcase_add_test(tc, test_three_readers_independent);
	tcase_add_test(tc, test_priority_order_takes_urgent_first);
	tcase_add_test(tc, test_chronological_order);
	tcase_add_test(tc, test_bad_view_settings_einval);
	tcase_add_test(tc, test_rmmod_refused_while_open);
	tcase_add_test(tc, test_read_restrict);
	tcase_add_test(tc, test_bad_module_parameters_refused);
	suite_add_tcase(s, tc);
	return s;
}
