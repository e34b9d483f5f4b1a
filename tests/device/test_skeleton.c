// SPDX-License-Identifier: GPL-2.0
/*
 * Load, write, read, unload.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "devtest.h"

START_TEST(test_node_is_misc_char_device)
{
	struct stat st;

	ck_assert_msg(stat(DEV_PATH, &st) == 0, "stat: %s", strerror(errno));
	ck_assert_msg(S_ISCHR(st.st_mode), "not a character device");
	ck_assert_int_eq(major(st.st_rdev), 10);
}
END_TEST

START_TEST(test_write_then_read)
{
	char buf[256];
	int fd = dt_open(O_RDWR);
	ssize_t n;

	dt_write_str(fd, "hello\n");
	n = read(fd, buf, sizeof(buf) - 1);
	ck_assert_msg(n > 0, "read: %zd (%s)", n, strerror(errno));
	buf[n] = 0;
	ck_assert_msg(strstr(buf, "hello") != NULL, "got '%s'", buf);
	close(fd);
}
END_TEST

/*
 * An open fd holds a module reference: kmod's rmmod sees refcnt > 0 and
 * says EBUSY ("in use"); the delete_module() syscall itself answers
 * EWOULDBLOCK.  Either way the module stays.
 */
START_TEST(test_rmmod_busy_while_open)
{
	int fd = dt_open(O_RDONLY);
	char buf[16] = "";
	int rfd = open("/sys/module/logger/refcnt", O_RDONLY);

	ck_assert_msg(rfd >= 0, "refcnt: %s", strerror(errno));
	ck_assert(read(rfd, buf, sizeof(buf) - 1) > 0);
	close(rfd);
	ck_assert_msg(atoi(buf) > 0, "refcnt '%s' with an open fd", buf);
	ck_assert_int_eq(syscall(SYS_delete_module, "logger", O_NONBLOCK), -1);
	ck_assert_int_eq(errno, EWOULDBLOCK);
	ck_assert_int_eq(access(DEV_PATH, F_OK), 0);
	close(fd);
}
END_TEST

Suite *make_skeleton_suite(void)
{
	Suite *s = suite_create("skeleton");
	TCase *tc = tcase_create("basic");

	tcase_add_checked_fixture(tc, dt_fixture_load, dt_fixture_unload);
	tcase_add_test(tc, test_node_is_misc_char_device);
	tcase_add_test(tc, test_write_then_read);
	tcase_add_test(tc, test_rmmod_busy_while_open);
	suite_add_tcase(s, tc);
	return s;
}
