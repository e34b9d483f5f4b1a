// SPDX-License-Identifier: GPL-2.0
/*
 * Device suite helpers: load and unload logger.ko (path in $LOGGER_KO) with
 * the parameters a test needs, open the device, write strings.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "devtest.h"

static const char *ko_path(void)
{
	const char *p = getenv("LOGGER_KO");

	return p ? p : "/logger.ko";
}

void dt_load(const char *params)
{
	int fd = open(ko_path(), O_RDONLY | O_CLOEXEC);

	ck_assert_msg(fd >= 0, "open %s: %s", ko_path(), strerror(errno));
	ck_assert_msg(syscall(SYS_finit_module, fd, params ? params : "", 0) == 0,
		      "finit_module(%s): %s", params ? params : "",
		      strerror(errno));
	close(fd);
}

void dt_unload(void)
{
	ck_assert_msg(syscall(SYS_delete_module, "logger", O_NONBLOCK) == 0,
		      "delete_module(logger): %s", strerror(errno));
}

void dt_fixture_load(void)
{
	dt_load("");
}

void dt_fixture_unload(void)
{
	dt_unload();
}

int dt_open(int flags)
{
	int fd = open(DEV_PATH, flags | O_CLOEXEC);

	ck_assert_msg(fd >= 0, "open %s: %s", DEV_PATH, strerror(errno));
	return fd;
}

void dt_write_str(int fd, const char *s)
{
	ssize_t n = write(fd, s, strlen(s));

	ck_assert_msg(n == (ssize_t)strlen(s), "write(%s): %zd (%s)", s, n,
		      strerror(errno));
}
