// SPDX-License-Identifier: GPL-2.0
/*
 * cons_cursor: cursor strings and cursor files.
 *
 * DESIGN
 *   A cursor names the last record delivered: the module instance (a
 *   reload of the module makes a new one, and its positions mean nothing
 *   to the old) and the record's sequence number.  Resuming "after" it is
 *   LOGGER_IOC_SEEK to seq + 1, which the kernel refuses with ESTALE for
 *   another instance.  The file holds the string and a newline and is
 *   replaced atomically (write a temporary file beside it, fsync, rename),
 *   so a crash leaves the old cursor or the new one, never half of one.
 *   Non-goals: no locking between two consumers sharing a file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cons_cursor.h"
#include "strutils.h"

/* "i=HEX;s=DEC"; 0 or -EINVAL. */
int cons_cursor_parse(const char *s, struct cons_cursor *c)
{
	char hex[17], dec[21], tail;
	unsigned long long inst;
	uint64_t seq;

	if (sscanf(s, "i=%16[0-9a-f];s=%20[0-9]%c", hex, dec, &tail) != 2)
		return -EINVAL;
	if (sscanf(hex, "%llx", &inst) != 1 || !inst ||
	    lg_parse_u64(dec, 1, UINT64_MAX, &seq))
		return -EINVAL;
	c->instance = inst;
	c->seq = seq;
	return 0;
}

int cons_cursor_format(char *buf, size_t size, const struct cons_cursor *c)
{
	return snprintf(buf, size, "i=%016llx;s=%llu", c->instance, c->seq);
}

/* 0, -ENOENT (no file: start as if none), -EINVAL, -errno. */
int cons_cursor_load(const char *path, struct cons_cursor *c)
{
	char buf[128];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	e = errno;
	close(fd);
	if (n < 0)
		return -e;
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return cons_cursor_parse(buf, c);
}

/* Replace @path atomically with @c; 0 or -errno. */
int cons_cursor_save(const char *path, const struct cons_cursor *c)
{
	char tmp[4200], line[64];
	int fd, n, e;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	n = cons_cursor_format(line, sizeof(line) - 1, c);
	line[n++] = '\n';
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	if (write(fd, line, (size_t)n) != n || fsync(fd)) {
		e = errno ? errno : EIO;
		close(fd);
		unlink(tmp);
		return -e;
	}
	if (close(fd) || rename(tmp, path)) {
		e = errno;
		unlink(tmp);
		return -e;
	}
	return 0;
}
