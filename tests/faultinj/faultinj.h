/* SPDX-License-Identifier: GPL-2.0 */
/*
 * logger-faultinj: fail every allocation and user copy on the path of each
 * /dev/logger operation in turn (fail-nth), and check what the caller gets.
 * faultinj.c is the engine, fi_ops.c the operations.
 */
#ifndef LOGGER_FAULTINJ_H
#define LOGGER_FAULTINJ_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "logger.h"

#define FI_DEV		"/dev/logger"
#define FI_MAX_SITES	16

/* Which fault-injection facility fired at a step. */
enum fi_kind {
	FI_NONE,
	FI_SLAB,	/* failslab */
	FI_PAGE,	/* fail_page_alloc */
	FI_COPY,	/* fail_usercopy */
	FI_NR_KINDS,
};

/* State an operation keeps between its setup, call, check and teardown. */
struct fi_ctx {
	int ctl;		/* O_WRONLY fd for stats and clear */
	int w, r, fd, ep, nl;	/* fds an operation opened (-1 if none) */
	int family;		/* logger genl family id */
	struct logger_stats before;
	struct logger_config cfg_before;
	const char *buf;	/* bytes a write op writes */
	size_t len;
	long ret;		/* what the call returned */
	int err;		/* its errno (0 on success) */
	bool netlink;		/* ENOBUFS also means out of memory */
	bool changed;		/* state-changing op: it took effect */
	unsigned int step;
};

struct fi_op {
	const char *name;
	void (*setup)(struct fi_ctx *c);
	/* The call under test: sets c->ret and c->err.  No other syscall. */
	void (*call)(struct fi_ctx *c);
	/* Checks after the call; returns false (and says why) on a defect. */
	bool (*check)(struct fi_ctx *c, enum fi_kind kind);
	void (*teardown)(struct fi_ctx *c);
};

extern const struct fi_op fi_ops[];
extern const unsigned int fi_nr_ops;

/* Helpers for the operations (faultinj.c). */
void fi_die(const char *fmt, ...) __attribute__((format(printf, 1, 2),
						  noreturn));
bool fi_fail(struct fi_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int fi_open(int flags);
void fi_close(int *fd);
struct logger_stats fi_stats(int fd);
bool fi_stats_add_up(struct fi_ctx *c, const struct logger_stats *st);
void fi_clear(int fd);
void fi_set_view(int fd, unsigned int format, unsigned int order);
void fi_write_all(int fd, const char *s);
size_t fi_count_records(const char *buf, size_t len);
bool fi_read_back(struct fi_ctx *c, int fd, const char *buf, size_t len);
int fi_genl_family(int nl);
int fi_nl_socket(void);
bool fi_errno_ok(struct fi_ctx *c, enum fi_kind kind);

#endif
