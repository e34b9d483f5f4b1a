// SPDX-License-Identifier: GPL-2.0
/*
 * Reading: whole records only, small buffers, bad pointers, blocking and
 * non-blocking reads, signals, poll/epoll, seeking.
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
#include <sys/wait.h>
#include <unistd.h>

#include "devtest.h"

static struct dt_rec recs[64];

START_TEST(test_whole_records_as_many_as_fit)
{
	int fd = dt_open(O_RDWR | O_NONBLOCK);
	char buf[4096];
	ssize_t n, one;
	__u64 size;

	dt_write_str(fd, "<6>aaaa\n<6>bbbb\n<6>cccc\n");
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_NEXT_SIZE, &size), 0);
	one = size;
	/* Room for two and a half records: two come back, nothing cut. */
	n = read(fd, buf, 2 * one + one / 2);
	ck_assert_int_eq(n, 2 * one);
	ck_assert_int_eq(buf[n - 1], '\n');
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_NEXT_SIZE, &size), 0);
	ck_assert_int_eq(size, one);
	n = read(fd, buf, sizeof(buf));
	ck_assert_int_eq(n, one);
	ck_assert_ptr_nonnull(strstr(buf, ";cccc\n"));
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_NEXT_SIZE, &size), 0);
	ck_assert_int_eq(size, 0);
	close(fd);
}
END_TEST

START_TEST(test_small_buffer_einval_cursor_unmoved)
{
	int fd = dt_open(O_RDWR | O_NONBLOCK);
	char buf[4096];
	__u64 size;
	ssize_t n;

	dt_write_str(fd, "<3>a record that needs some room\n");
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_NEXT_SIZE, &size), 0);
	ck_assert_int_gt(size, 30);
	ck_assert_int_eq(read(fd, buf, size - 1), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(read(fd, buf, 0), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(dt_view_stats(fd).read, 0);
	n = read(fd, buf, size);
	ck_assert_int_eq(n, size);
	ck_assert_int_eq(dt_view_stats(fd).read, 1);
	/* Binary: header + payload padded to 8. */
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	dt_set_view(fd, 0xff, LOGGER_ORDER_PRIORITY, LOGGER_FORMAT_BINARY);
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_NEXT_SIZE, &size), 0);
	ck_assert_int_eq(size, sizeof(struct logger_record) + 32);
	ck_assert_int_eq(read(fd, buf, size - 1), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(read(fd, buf, size), size);
	close(fd);
}
END_TEST

START_TEST(test_read_bad_pointer_efault_nothing_consumed)
{
	int fd = dt_open(O_RDWR | O_NONBLOCK);
	char buf[256];

	dt_write_str(fd, "<3>keep me\n");
	ck_assert_int_eq(syscall(SYS_read, fd, NULL, 256), -1);
	ck_assert_int_eq(errno, EFAULT);
	ck_assert_int_eq(syscall(SYS_read, fd, (void *)8, 256), -1);
	ck_assert_int_eq(errno, EFAULT);
	ck_assert_int_eq(dt_view_stats(fd).read, 0);
	ck_assert_int_gt(read(fd, buf, sizeof(buf)), 0);
	ck_assert_int_eq(dt_view_stats(fd).read, 1);
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_STATS, NULL), -1);
	ck_assert_int_eq(errno, EFAULT);
	close(fd);
}
END_TEST

START_TEST(test_nonblock_eagain)
{
	int fd = dt_open(O_RDONLY | O_NONBLOCK);
	char buf[256];

	ck_assert_int_eq(read(fd, buf, sizeof(buf)), -1);
	ck_assert_int_eq(errno, EAGAIN);
	close(fd);
}
END_TEST

static void *late_writer(void *arg)
{
	int wfd = dt_open(O_WRONLY);

	(void)arg;
	/* The reader is blocked (or about to be): either way it must wake. */
	dt_write_str(wfd, "<4>wake up\n");
	close(wfd);
	return NULL;
}

START_TEST(test_blocked_reader_wakes_on_write)
{
	int fd = dt_open(O_RDONLY);
	char buf[256];
	pthread_t th;
	ssize_t n;

	pthread_create(&th, NULL, late_writer, NULL);
	n = read(fd, buf, sizeof(buf) - 1);
	ck_assert_int_gt(n, 0);
	buf[n] = 0;
	ck_assert_ptr_nonnull(strstr(buf, ";wake up\n"));
	pthread_join(th, NULL);
	close(fd);
}
END_TEST

static void on_alarm(int sig)
{
	(void)sig;
}

START_TEST(test_signal_interrupts_blocked_read)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int fd = dt_open(O_RDONLY), wfd = dt_open(O_WRONLY);
	char buf[256];

	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART */
	/* A record of a level the view does not read: still nothing to read. */
	dt_set_view(fd, LOGGER_LEVEL_BIT(3), LOGGER_ORDER_PRIORITY,
		    LOGGER_FORMAT_TEXT);
	dt_write_str(wfd, "<6>not for this view\n");
	alarm(1);
	ck_assert_int_eq(read(fd, buf, sizeof(buf)), -1);
	ck_assert_int_eq(errno, EINTR);
	ck_assert_int_eq(dt_view_stats(fd).read, 0);
	ck_assert_int_eq(dt_view_stats(fd).skipped, 1);
	close(wfd);
	close(fd);
}
END_TEST

START_TEST(test_poll_readable_exactly_when_data)
{
	int fd = dt_open(O_RDWR | O_NONBLOCK);
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT };
	char buf[512];

	dt_set_view(fd, LOGGER_LEVEL_BIT(3), LOGGER_ORDER_PRIORITY,
		    LOGGER_FORMAT_TEXT);
	ck_assert_int_eq(poll(&p, 1, 0), 1);
	ck_assert_int_eq(p.revents, POLLOUT);
	dt_write_str(fd, "<6>not for this view\n");
	ck_assert_int_eq(poll(&p, 1, 0), 1);
	ck_assert_int_eq(p.revents, POLLOUT);
	dt_write_str(fd, "<3>for this view\n");
	ck_assert_int_eq(poll(&p, 1, 0), 1);
	ck_assert_int_eq(p.revents, POLLIN | POLLOUT);
	ck_assert_int_gt(read(fd, buf, sizeof(buf)), 0);
	ck_assert_int_eq(poll(&p, 1, 0), 1);
	ck_assert_int_eq(p.revents, POLLOUT);
	close(fd);
}
END_TEST

static int epoll_wait_in(int ep, int timeout)
{
	struct epoll_event ev;

	return epoll_wait(ep, &ev, 1, timeout);
}

START_TEST(test_epoll_level_triggered)
{
	int rfd = dt_open(O_RDONLY | O_NONBLOCK), wfd = dt_open(O_WRONLY);
	struct epoll_event ev = { .events = EPOLLIN };
	int ep = epoll_create1(0);
	char buf[512];

	dt_set_view(rfd, LOGGER_LEVEL_BIT(2), LOGGER_ORDER_PRIORITY,
		    LOGGER_FORMAT_TEXT);
	ck_assert_int_eq(epoll_ctl(ep, EPOLL_CTL_ADD, rfd, &ev), 0);
	ck_assert_int_eq(epoll_wait_in(ep, 0), 0);
	dt_write_str(wfd, "<7>filtered out\n");
	ck_assert_int_eq(epoll_wait_in(ep, 0), 0);
	dt_write_str(wfd, "<2>wanted\n");
	ck_assert_int_eq(epoll_wait_in(ep, 0), 1);
	ck_assert_int_eq(epoll_wait_in(ep, 0), 1);	/* level: still there */
	ck_assert_int_gt(read(rfd, buf, sizeof(buf)), 0);
	ck_assert_int_eq(epoll_wait_in(ep, 0), 0);
	close(ep);
	close(rfd);
	close(wfd);
}
END_TEST

START_TEST(test_epoll_edge_triggered)
{
	int rfd = dt_open(O_RDONLY | O_NONBLOCK), wfd = dt_open(O_WRONLY);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
	int ep = epoll_create1(0);
	char buf[512];

	dt_set_view(rfd, LOGGER_LEVEL_BIT(2), LOGGER_ORDER_PRIORITY,
		    LOGGER_FORMAT_TEXT);
	ck_assert_int_eq(epoll_ctl(ep, EPOLL_CTL_ADD, rfd, &ev), 0);
	dt_write_str(wfd, "<7>filtered out\n");
	ck_assert_int_eq(epoll_wait_in(ep, 0), 0);
	dt_write_str(wfd, "<2>one\n");
	ck_assert_int_eq(epoll_wait_in(ep, 0), 1);
	ck_assert_int_eq(epoll_wait_in(ep, 0), 0);	/* edge consumed */
	dt_write_str(wfd, "<2>two\n");
	ck_assert_int_eq(epoll_wait_in(ep, 0), 1);	/* a new edge */
	ck_assert_int_gt(read(rfd, buf, sizeof(buf)), 0);
	ck_assert_int_eq(read(rfd, buf, sizeof(buf)), -1);
	ck_assert_int_eq(errno, EAGAIN);
	ck_assert_int_eq(epoll_wait_in(ep, 0), 0);
	/* A filter change after EPOLL_CTL_ADD is followed. */
	dt_set_view(rfd, LOGGER_LEVEL_BIT(7), LOGGER_ORDER_PRIORITY,
		    LOGGER_FORMAT_TEXT);
	dt_write_str(wfd, "<7>now wanted\n");
	ck_assert_int_eq(epoll_wait_in(ep, 0), 1);
	close(ep);
	close(rfd);
	close(wfd);
}
END_TEST

START_TEST(test_seek_set_end_and_others)
{
	int fd = dt_open(O_RDWR | O_NONBLOCK);
	char buf[4096];

	dt_write_str(fd, "<6>old1\n<6>old2\n");
	ck_assert_int_eq(lseek(fd, 0, SEEK_END), 0);
	ck_assert_int_eq(read(fd, buf, sizeof(buf)), -1);
	ck_assert_int_eq(errno, EAGAIN);
	dt_write_str(fd, "<6>new\n");
	dt_read_text(fd, buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf, ";new\n"));
	ck_assert_ptr_null(strstr(buf, "old"));
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	dt_read_text(fd, buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf, ";old1\n"));
	ck_assert_ptr_nonnull(strstr(buf, ";new\n"));
	ck_assert_int_eq(lseek(fd, 0, SEEK_CUR), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(lseek(fd, 5, SEEK_SET), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(lseek(fd, 0, SEEK_DATA), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(lseek(fd, -1, SEEK_END), -1);
	ck_assert_int_eq(errno, EINVAL);
	close(fd);
}
END_TEST

START_TEST(test_seek_to_sequence_and_saved_position)
{
	int fd = dt_open(O_RDWR | O_NONBLOCK), n;
	struct logger_pos pos, stale;

	dt_write_str(fd, "<6>s1\n<3>s2\n<6>s3\n<3>s4\n");
	dt_set_view(fd, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_POS, &pos), 0);
	ck_assert_int_ne(pos.instance, 0);
	ck_assert_int_eq(pos.seq, 1);
	pos.seq = 3;
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SEEK, &pos), 0);
	n = dt_read_bin(fd, recs, 8);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(recs[0].h.seq, 3);
	ck_assert_int_eq(recs[1].h.seq, 4);
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_POS, &pos), 0);
	ck_assert_int_eq(pos.seq, 5);
	/* The future is refused; the very next sequence number is "now". */
	pos.seq = 6;
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SEEK, &pos), -1);
	ck_assert_int_eq(errno, EINVAL);
	pos.seq = 5;
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SEEK, &pos), 0);
	ck_assert_int_eq(dt_read_bin(fd, recs, 8), 0);
	/* A position of another load of the module is refused. */
	stale = pos;
	close(fd);
	dt_unload();
	dt_load("");
	fd = dt_open(O_RDWR | O_NONBLOCK);
	dt_set_view(fd, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	dt_write_str(fd, "<6>t1\n");
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SEEK, &stale), -1);
	ck_assert_int_eq(errno, ESTALE);
	/* The refused seek moved nothing. */
	ck_assert_int_eq(dt_read_bin(fd, recs, 8), 1);
	ck_assert_str_eq(recs[0].msg, "t1");
	close(fd);
}
END_TEST

Suite *make_read_suite(void)
{
	Suite *s = suite_create("read");
	TCase *tc = tcase_create("read");

	tcase_add_checked_fixture(tc, dt_fixture_load, dt_fixture_unload);
	tcase_add_test(tc, test_whole_records_as_many_as_fit);
	tcase_add_test(tc, test_small_buffer_einval_cursor_unmoved);
	tcase_add_test(tc, test_read_bad_pointer_efault_nothing_consumed);
	tcase_add_test(tc, test_nonblock_eagain);
	tcase_add_test(tc, test_blocked_reader_wakes_on_write);
	tcase_add_test(tc, test_signal_interrupts_blocked_read);
	tcase_add_test(tc, test_poll_readable_exactly_when_data);
	tcase_add_test(tc, test_epoll_level_triggered);
	tcase_add_test(tc, test_epoll_edge_triggered);
	tcase_add_test(tc, test_seek_set_end_and_others);
	tcase_add_test(tc, test_seek_to_sequence_and_saved_position);
	suite_add_tcase(s, tc);
	return s;
}
