// SPDX-License-Identifier: GPL-2.0
/*
 * Writing: record splitting, "<N>" prefixes, the default level, writev,
 * oversized records, bad pointers, and what the kernel stamps.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "devtest.h"

static struct dt_rec recs[512];

START_TEST(test_text_line_exact)
{
	int fd = dt_open(O_RDWR);
	char buf[4096], want[256];
	struct dt_rec r;

	dt_write_str(fd, "<3>disk full\n");
	/* The same record in binary gives the fields the text must show. */
	dt_set_view(fd, 0xff, LOGGER_ORDER_PRIORITY, LOGGER_FORMAT_BINARY);
	ck_assert_int_eq(dt_read_bin(fd, &r, 1), 1);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	dt_set_view(fd, 0xff, LOGGER_ORDER_PRIORITY, LOGGER_FORMAT_TEXT);
	dt_read_text(fd, buf, sizeof(buf));
	snprintf(want, sizeof(want), "3,1,%llu,%d,%ld,0;disk full\n",
		 (unsigned long long)(r.h.ts_real_ns / 1000), getpid(),
		 (long)syscall(SYS_gettid));
	ck_assert_str_eq(buf, want);
	close(fd);
}
END_TEST

START_TEST(test_text_escaping)
{
	int fd = dt_open(O_RDWR);
	const char msg[] = "<4>a\\b\tc\x01\x7f\xff~";
	char buf[4096];
	const char *semi;

	ck_assert_int_eq(write(fd, msg, sizeof(msg) - 1), sizeof(msg) - 1);
	dt_read_text(fd, buf, sizeof(buf));
	semi = strchr(buf, ';');
	ck_assert_ptr_nonnull(semi);
	ck_assert_str_eq(semi, ";a\\x5cb\\x09c\\x01\\x7f\\xff~\n");
	ck_assert_int_eq(buf[0], '4');
	close(fd);
}
END_TEST

START_TEST(test_every_prefix)
{
	int fd = dt_open(O_RDWR), n, i;
	char line[32];

	for (i = 0; i <= 191; i++) {
		snprintf(line, sizeof(line), "<%d>p%d\n", i, i);
		dt_write_str(fd, line);
	}
	dt_set_view(fd, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	n = dt_read_bin(fd, recs, 512);
	ck_assert_int_eq(n, 192);
	for (i = 0; i <= 191; i++) {
		snprintf(line, sizeof(line), "p%d", i);
		ck_assert_str_eq(recs[i].msg, line);
		ck_assert_int_eq(recs[i].h.level, i & 7);
		ck_assert_int_eq(recs[i].h.facility, i >> 3);
		ck_assert_int_eq(recs[i].h.seq, i + 1);
	}
	close(fd);
}
END_TEST

START_TEST(test_default_level_and_malformed_prefixes)
{
	static const char *const text[] = { "<", "<x>y", "<999>z", "<>", "<12" };
	int fd = dt_open(O_RDWR), n, i;

	dt_write_str(fd, "plain\n");
	for (i = 0; i < 5; i++) {
		dt_write_str(fd, text[i]);
		dt_write_str(fd, "\n");
	}
	dt_set_default_level(fd, LOGGER_LEVEL_ERR);
	dt_write_str(fd, "now err\n");
	dt_set_view(fd, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	n = dt_read_bin(fd, recs, 16);
	ck_assert_int_eq(n, 7);
	ck_assert_str_eq(recs[0].msg, "plain");
	ck_assert_int_eq(recs[0].h.level, LOGGER_LEVEL_INFO);
	ck_assert_int_eq(recs[0].h.facility, LOGGER_DEFAULT_FACILITY);
	for (i = 0; i < 5; i++) {
		ck_assert_str_eq(recs[1 + i].msg, text[i]);
		ck_assert_int_eq(recs[1 + i].h.level, LOGGER_LEVEL_INFO);
	}
	ck_assert_str_eq(recs[6].msg, "now err");
	ck_assert_int_eq(recs[6].h.level, LOGGER_LEVEL_ERR);
	close(fd);
}
END_TEST

START_TEST(test_many_records_one_write_empty_lines)
{
	const char *in = "\n<1>a\n\n\nb\n<7>c";
	int fd = dt_open(O_RDWR), n;

	ck_assert_int_eq(write(fd, in, strlen(in)), strlen(in));
	dt_set_view(fd, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	n = dt_read_bin(fd, recs, 16);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(recs[0].msg, "a");
	ck_assert_int_eq(recs[0].h.level, 1);
	ck_assert_str_eq(recs[1].msg, "b");
	ck_assert_int_eq(recs[1].h.level, 6);
	ck_assert_str_eq(recs[2].msg, "c");
	ck_assert_int_eq(recs[2].h.level, 7);
	ck_assert_int_eq(dt_stats(fd).written, 3);
	close(fd);
}
END_TEST

START_TEST(test_writev_is_one_buffer)
{
	char a[] = "<2>fir", b[] = "st\n<5", c[] = ">second\nthird";
	struct iovec iov[3] = {
		{ a, strlen(a) }, { b, strlen(b) }, { c, strlen(c) },
	};
	int fd = dt_open(O_RDWR), n;

	ck_assert_int_eq(writev(fd, iov, 3), strlen(a) + strlen(b) + strlen(c));
	dt_set_view(fd, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	n = dt_read_bin(fd, recs, 16);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(recs[0].msg, "first");
	ck_assert_int_eq(recs[0].h.level, 2);
	ck_assert_str_eq(recs[1].msg, "second");
	ck_assert_int_eq(recs[1].h.level, 5);
	ck_assert_str_eq(recs[2].msg, "third");
	close(fd);
}
END_TEST

START_TEST(test_oversized_first_record_emsgsize)
{
	int fd = dt_open(O_RDWR);
	char *big = malloc(2000);

	memset(big, 'x', 2000);
	memcpy(big + 1025, "\nok\n", 4);
	/* 1025 bytes > max_record (1024): nothing taken. */
	ck_assert_int_eq(write(fd, big, 1029), -1);
	ck_assert_int_eq(errno, EMSGSIZE);
	ck_assert_int_eq(dt_stats(fd).written, 0);
	/* Exactly 1024 bytes (plus a prefix) is fine. */
	memset(big, 'x', 2000);
	memcpy(big, "<3>", 3);
	ck_assert_int_eq(write(fd, big, 3 + 1024), 3 + 1024);
	ck_assert_int_eq(dt_stats(fd).written, 1);
	/* Without any newline, in a buffer larger than the parse buffer. */
	free(big);
	big = malloc(100000);
	memset(big, 'y', 100000);
	ck_assert_int_eq(write(fd, big, 100000), -1);
	ck_assert_int_eq(errno, EMSGSIZE);
	ck_assert_int_eq(dt_stats(fd).written, 1);
	free(big);
	close(fd);
}
END_TEST

START_TEST(test_oversized_later_record_short_write)
{
	int fd = dt_open(O_RDWR), n;
	char *buf = malloc(4000);
	size_t off;

	strcpy(buf, "one\n<3>two\n");
	off = strlen(buf);
	memset(buf + off, 'z', 1500);
	strcpy(buf + off + 1500, "\nthree\n");
	ck_assert_int_eq(write(fd, buf, strlen(buf)), off);
	dt_set_view(fd, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	n = dt_read_bin(fd, recs, 16);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(recs[0].msg, "one");
	ck_assert_str_eq(recs[1].msg, "two");
	/* Resending the rest gives EMSGSIZE: the caller sees exactly why. */
	ck_assert_int_eq(write(fd, buf + off, strlen(buf + off)), -1);
	ck_assert_int_eq(errno, EMSGSIZE);
	free(buf);
	close(fd);
}
END_TEST

START_TEST(test_write_bad_pointer_efault)
{
	int fd = dt_open(O_RDWR);
	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct iovec iov[2];

	ck_assert_int_eq(syscall(SYS_write, fd, NULL, 10), -1);
	ck_assert_int_eq(errno, EFAULT);
	ck_assert_int_eq(syscall(SYS_write, fd, (void *)1, 10), -1);
	ck_assert_int_eq(errno, EFAULT);
	/* A record running into an unmapped page is not stored in part. */
	munmap(page + 4096, 4096);
	memcpy(page + 4096 - 5, "<3>ab", 5);
	ck_assert_int_eq(write(fd, page + 4096 - 5, 10), -1);
	ck_assert_int_eq(errno, EFAULT);
	iov[0].iov_base = "<3>whole\n<3>par";
	iov[0].iov_len = 15;
	iov[1].iov_base = NULL;
	iov[1].iov_len = 5;
	/* Whole records before the fault are taken: a short write. */
	ck_assert_int_eq(writev(fd, iov, 2), 9);
	ck_assert_int_eq(dt_stats(fd).written, 1);
	munmap(page, 4096);
	close(fd);
}
END_TEST

static void *thread_writer(void *arg)
{
	int fd = *(int *)arg;

	prctl(PR_SET_NAME, "dt-writer-thr");
	dt_write_str(fd, "<5>from a thread\n");
	return (void *)(long)syscall(SYS_gettid);
}

START_TEST(test_stamps_match_writer)
{
	int fd = dt_open(O_RDWR), n;
	struct timespec r0, m0, r1, m1;
	pthread_t th;
	void *tid;

	clock_gettime(CLOCK_REALTIME, &r0);
	clock_gettime(CLOCK_MONOTONIC, &m0);
	pthread_create(&th, NULL, thread_writer, &fd);
	pthread_join(th, &tid);
	clock_gettime(CLOCK_REALTIME, &r1);
	clock_gettime(CLOCK_MONOTONIC, &m1);
	dt_set_view(fd, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	n = dt_read_bin(fd, recs, 4);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(recs[0].h.version, LOGGER_RECORD_VERSION);
	ck_assert_int_eq(recs[0].h.flags, 0);
	ck_assert_int_eq(recs[0].h.reserved, 0);
	ck_assert_int_eq(recs[0].h.lost, 0);
	ck_assert_int_eq(recs[0].h.pid, getpid());
	ck_assert_int_eq(recs[0].h.tid, (long)tid);
	ck_assert_int_ne(recs[0].h.tid, getpid());
	ck_assert_int_eq(recs[0].h.uid, 0);
	ck_assert_str_eq(recs[0].h.comm, "dt-writer-thr");
	ck_assert_uint_ge(recs[0].h.ts_real_ns,
			  r0.tv_sec * 1000000000ULL + r0.tv_nsec);
	ck_assert_uint_le(recs[0].h.ts_real_ns,
			  r1.tv_sec * 1000000000ULL + r1.tv_nsec);
	ck_assert_uint_ge(recs[0].h.ts_mono_ns,
			  m0.tv_sec * 1000000000ULL + m0.tv_nsec);
	ck_assert_uint_le(recs[0].h.ts_mono_ns,
			  m1.tv_sec * 1000000000ULL + m1.tv_nsec);
	close(fd);
}
END_TEST

START_TEST(test_unprivileged_write_stamped_uid)
{
	int fd, n;

	dt_drop_privs();
	fd = dt_open(O_WRONLY);
	dt_write_str(fd, "<6>from nobody\n");
	close(fd);
	dt_regain_privs();
	fd = dt_open(O_RDONLY);
	dt_set_view(fd, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	n = dt_read_bin(fd, recs, 4);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(recs[0].h.uid, DT_NOBODY);
	ck_assert_str_eq(recs[0].msg, "from nobody");
	close(fd);
}
END_TEST

Suite *make_write_suite(void)
{
	Suite *s = suite_create("write");
	TCase *tc = tcase_create("write");

	tcase_add_checked_fixture(tc, dt_fixture_load, dt_fixture_unload);
	tcase_add_test(tc, test_text_line_exact);
	tcase_add_test(tc, test_text_escaping);
	tcase_add_test(tc, test_every_prefix);
	tcase_add_test(tc, test_default_level_and_malformed_prefixes);
	tcase_add_test(tc, test_many_records_one_write_empty_lines);
	tcase_add_test(tc, test_writev_is_one_buffer);
	tcase_add_test(tc, test_oversized_first_record_emsgsize);
	tcase_add_test(tc, test_oversized_later_record_short_write);
	tcase_add_test(tc, test_write_bad_pointer_efault);
	tcase_add_test(tc, test_stamps_match_writer);
	tcase_add_test(tc, test_unprivileged_write_stamped_uid);
	suite_add_tcase(s, tc);
	return s;
}
