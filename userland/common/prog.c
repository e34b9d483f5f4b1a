// SPDX-License-Identifier: GPL-2.0
/*
 * prog: one help/version/error style for the three tools.
 *
 * DESIGN
 *   lg_prog_init() runs first in every main(): it names the program for
 *   every message, makes sure fds 0, 1 and 2 are open (a tool started with
 *   stdout closed must not have its report written into the device that
 *   open() would hand fd 1 to: a closed fd is replaced by /dev/null
 *   opened in the *other* direction, so writing to a closed stdout still
 *   fails with EBADF, as it would have), and registers the stdout check.
 *   lg_close_stdout() is util-linux's close_stdout(): a write error on
 *   stdout is reported ("write error: ...") and turns the exit status into
 *   1, except EPIPE (the reader of a pipe went away: quiet, like dmesg).
 *   Non-goals: no localisation, no pager.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prog.h"

/* The program name every message starts with. */
const char *lg_prog = "logger";

/* Give closed fds 0..2 a /dev/null that fails the way a closed fd does. */
static void sanitize_fds(void)
{
	int fd;

	for (fd = 0; fd < 3; fd++) {
		int nfd;

		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		/* stdin: write-only, so reads fail; stdout/stderr: read-only. */
		nfd = open("/dev/null", (fd ? O_RDONLY : O_WRONLY));
		if (nfd < 0)
			_exit(LG_EXIT_FAIL);
		if (nfd != fd) {
			/* A lower fd was free too; it is fixed in its turn. */
			if (dup2(nfd, fd) < 0)
				_exit(LG_EXIT_FAIL);
			close(nfd);
		}
	}
}

void lg_prog_init(const char *name)
{
	lg_prog = name;
	sanitize_fds();
}

static void vwarn(int err, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", lg_prog);
	vfprintf(stderr, fmt, ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
}

/* "PROG: MESSAGE\nTry 'PROG --help' for more information."; returns 2. */
int lg_usage_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(0, fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", lg_prog);
	return LG_EXIT_USAGE;
}

void lg_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(0, fmt, ap);
	va_end(ap);
}

void lg_warn_errno(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(err, fmt, ap);
	va_end(ap);
}

void lg_print_version(void)
{
	printf("%s from logger %s\n", lg_prog, LOGGER_VERSION);
}

/*
 * Flush stdout and stderr at the end of main(): 0, or 1 after reporting
 * a write error on stdout (not EPIPE, which is quiet).
 */
int lg_close_stdout(void)
{
	int ret = 0;

	errno = 0;
	if (fflush(stdout) || ferror(stdout)) {
		if (errno != EPIPE) {
			lg_warn_errno(errno ? errno : EIO, "write error");
			ret = LG_EXIT_FAIL;
		}
	}
	if (fflush(stderr) || ferror(stderr))
		ret = LG_EXIT_FAIL;
	return ret;
}

/* "auto", "always", "never" (also the empty string: always). */
int lg_color_parse(const char *s)
{
	if (!s || !*s || !strcmp(s, "always"))
		return LG_COLOR_ALWAYS;
	if (!strcmp(s, "auto"))
		return LG_COLOR_AUTO;
	if (!strcmp(s, "never"))
		return LG_COLOR_NEVER;
	return -1;
}

/* Colours on @fd: always, never, or auto (a terminal, TERM not dumb). */
bool lg_color_enabled(enum lg_color_when when, int fd)
{
	const char *term = getenv("TERM");

	if (when != LG_COLOR_AUTO)
		return when == LG_COLOR_ALWAYS;
	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		return false;
	return isatty(fd) && term && strcmp(term, "dumb");
}

/*
 * dmesg's colours for a record's text, by level: emerg and alert
 * reverse red, crit bold red, err red, warning bold; the rest plain
 * (NULL).
 */
const char *lg_level_color(unsigned int level)
{
	switch (level) {
	case 0:
	case 1:
		return "\033[7;31m";
	case 2:
		return "\033[1;31m";
	case 3:
		return "\033[31m";
	case 4:
		return "\033[1m";
	default:
		return NULL;
	}
}

/**
 * lg_excl_check() - refuse an option excluded by one given before
 * @rows: the exclusive groups.
 * @nrows: their number.
 * @status: one slot per row, zeroed before parsing.
 * @opt: the option just parsed.
 * @err: message on conflict.
 * @errlen: its size.
 * @name: spells an option id for the message ("--follow").
 *
 * Return: 0, or -1 when @opt conflicts with an option seen earlier.
 */
int lg_excl_check(const struct lg_excl *rows, size_t nrows, int *status,
		  int opt, char *err, size_t errlen,
		  const char *(*name)(int opt))
{
	size_t r, i;

	for (r = 0; r < nrows; r++) {
		for (i = 0; i < LG_EXCL_MAX && rows[r].opts[i]; i++) {
			if (rows[r].opts[i] != opt)
				continue;
			if (status[r] && status[r] != opt) {
				char a[48];

				snprintf(a, sizeof(a), "%s", name(status[r]));
				snprintf(err, errlen,
					 "%s and %s exclude each other", a,
					 name(opt));
				return -1;
			}
			status[r] = opt;
		}
	}
	return 0;
}
