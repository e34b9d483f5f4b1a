/* SPDX-License-Identifier: GPL-2.0 */
/*
 * prog: what every tool does the same way -- its name in messages, the
 * usage error, --version, exit codes, closing stdout (util-linux's
 * close_stdout()), closed standard fds, colours (dmesg's --color[=when])
 * and mutually exclusive options (dmesg's ul_excl_t).
 */
#ifndef LOGGER_PROG_H
#define LOGGER_PROG_H

#include <stdbool.h>
#include <stddef.h>

#ifndef LOGGER_VERSION
#define LOGGER_VERSION "0.2"
#endif

/* Exit codes of every tool: documented in each man page. */
enum {
	LG_EXIT_OK = 0,		/* everything done, every record delivered */
	LG_EXIT_FAIL = 1,	/* an error, or something not delivered */
	LG_EXIT_USAGE = 2,	/* bad command line; nothing was done */
	/* logger-consumer's forwarders (see logger-consumer(1)): */
	LG_EXIT_UNCONFIRMED = 3, /* records not confirmed by a collector */
	LG_EXIT_GAPS = 4,	/* records lost before they were forwarded */
};

extern const char *lg_prog;

void lg_prog_init(const char *name);
int lg_usage_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void lg_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void lg_warn_errno(int err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void lg_print_version(void);
int lg_close_stdout(void);

/* --color[=WHEN] */
enum lg_color_when {
	LG_COLOR_AUTO,
	LG_COLOR_ALWAYS,
	LG_COLOR_NEVER,
};

int lg_color_parse(const char *s);
bool lg_color_enabled(enum lg_color_when when, int fd);
const char *lg_level_color(unsigned int level);
#define LG_COLOR_TIME	"\033[32m"
#define LG_COLOR_RESET	"\033[0m"

/*
 * Mutually exclusive options, util-linux style: each row lists option
 * ids (short letters or long-only codes) of which at most one may be
 * given, sorted ascending and ended by 0.  lg_excl_check() is called for
 * every option parsed, with one status slot per row.
 */
#define LG_EXCL_MAX	8
struct lg_excl {
	int opts[LG_EXCL_MAX];
};

int lg_excl_check(const struct lg_excl *rows, size_t nrows, int *status,
		  int opt, char *err, size_t errlen,
		  const char *(*name)(int opt));

#endif /* LOGGER_PROG_H */
