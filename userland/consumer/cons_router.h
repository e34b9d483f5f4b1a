/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cons_router: the consumer's shared state -- readers, their specs,
 * outputs and counters -- under one pthread_rwlock_t, and reloads.
 */
#ifndef LOGGER_CONS_ROUTER_H
#define LOGGER_CONS_ROUTER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "cons_fmt.h"
#include "cons_sink.h"
#include "cons_spec.h"
#include "cons_verify.h"
#include "jsonw.h"

/**
 * struct cons_bounds - what a reader shows besides its level filter
 * @since_seq: first sequence number shown (0: no bound).
 * @until_seq: last sequence number shown (0: no bound).
 * @since_us: first wall-clock time shown, microseconds (INT64_MIN: none).
 * @until_us: last wall-clock time shown (INT64_MAX: none).
 * @facilities: facility mask, bit F = facility F (0: every facility).
 */
struct cons_bounds {
	unsigned long long since_seq;
	unsigned long long until_seq;
	long long since_us;
	long long until_us;
	unsigned int facilities;
};

/**
 * struct cons_coll - records held back for -n (last N) and --reverse
 * @lines: formatted records, oldest first from @head (a ring of @max
 *	when @max is set, else growing).
 * @max: keep at most this many (0: all).
 * @cap: room in @lines.
 * @n: records held.
 * @head: index of the oldest.
 */
struct cons_coll {
	struct lg_sbuf *lines;
	size_t max;
	size_t cap;
	size_t n;
	size_t head;
};

/**
 * struct cons_counts - one reader's counters
 * @read: records read (and shown), per level.
 * @lost: records lost, reported in-band.
 * @violations: --verify failures.
 * @filtered: records outside --since/--until/--facility.
 * @undelivered: records read but never written out (the output failed
 *	or the consumer was stopped while it was blocked); for a forwarder,
 *	read but not confirmed by the collector.
 * @forwarded: records a forwarder had confirmed.
 * @error: first fatal errno of the reader thread (0 = none).
 */
struct cons_counts {
	unsigned long long read[8];
	unsigned long long lost;
	unsigned long long violations;
	unsigned long long filtered;
	unsigned long long undelivered;
	unsigned long long forwarded;
	int error;
};

/**
 * struct cons_reader - one reader: an fd with its own view
 * @rt: the router it belongs to (fixed).
 * @spec: current spec.
 * @out: current output (a reference is held).
 * @fd: the device fd; fixed for the reader's life (a reload keeps it).
 * @wake_fd: eventfd; written to make the thread re-check its flags.
 * @removed: a reload dropped this reader: its thread must exit.
 * @counts: counters.
 * @verify: --verify state.
 * @line: output staging buffer (owner thread only).
 * @fmt: the formats' state (delta, reltime; owner thread only).
 * @coll: records held back (owner thread only).
 * @collecting: -n / --reverse: the backlog is being held back.
 * @past_until: a record past --until was seen: end at the next EAGAIN.
 * @line_last_seq: sequence number of the last record in @line.
 * @line_records: records in @line.
 * @delivered_seq: the last record written out (0: none): the cursor.
 *	Written by the owner thread, read by main after the join.
 * @instance: the store instance of the fd (forwarders: structured data
 *	and the state file; owner thread, then main after the join).
 * @done: the thread has finished (atomic: polled by main).
 * @thread: the thread, valid while @started.
 * @started: @thread was created and not yet joined.
 *
 * Locking rule: @spec, @out, @removed, @counts and @verify are written
 * either by the main thread holding the router's write lock or by the
 * owner thread holding the read lock; the owner reads them under the read
 * lock, anyone else under the write lock.  Readers never touch each
 * other's struct, so the shared lock is enough for them.  @fd and
 * @wake_fd never change while the reader is in the table.
 */
struct cons_reader {
	struct cons_router *rt;
	struct cons_spec spec;
	struct cons_sink *out;
	int fd;
	int wake_fd;
	bool removed;
	struct cons_counts counts;
	struct cons_verify verify;
	struct lg_sbuf line;
	struct cons_fmt_state fmt;
	struct cons_coll coll;
	bool collecting;
	bool past_until;
	unsigned long long line_last_seq;
	unsigned long long line_records;
	unsigned long long delivered_seq;
	unsigned long long instance;
	atomic_bool done;
	pthread_t thread;
	bool started;
};

/**
 * struct cons_ops - how readers get their fds (the device, or a fake)
 * @open_view: open an fd with @sp's view and the start position.
 * @set_view: apply @sp's view to an open fd (cursor kept).
 * @close_view: close it.
 * @read: read whole binary records (NULL: read(2)); -1 and errno as
 *	read(2) on the device.
 * @view_stats: the fd's counts (NULL: LOGGER_IOC_VIEW_STATS); 0 or -errno.
 * @arg: passed to each.
 * @name: what the fds are opened on (the device path), for messages.
 * All return 0 or -errno.
 */
struct cons_ops {
	int (*open_view)(void *arg, const struct cons_spec *sp, int *fd);
	int (*set_view)(void *arg, int fd, const struct cons_spec *sp);
	void (*close_view)(void *arg, int fd);
	ssize_t (*read)(void *arg, int fd, void *buf, size_t len);
	int (*view_stats)(void *arg, int fd, struct logger_view_stats *vs);
	void *arg;
	const char *name;
};

/**
 * struct cons_router - the routing table
 * @lock: readers hold it shared while they read and route records;
 *	a reload holds it exclusive.  Prefers writers.
 * @readers: the table, @nr entries.
 * @nr: readers in the table.
 * @outs: open outputs (main thread only).
 * @ops: fd operations (the source).
 * @stop: every reader thread must exit.
 * @epipe: standard output was closed by its reader: end quietly.
 * @follow: readers wait for new records instead of ending at EAGAIN.
 * @verify: check sequence numbers.
 * @limit: records per reader, 0 = no limit.
 * @lines: -n: show only the last N of the backlog (0: all).
 * @reverse: newest first (the backlog only; not with @follow).
 * @bounds: --since, --until, --facility.
 * @color: --color.
 * @decode: -x.
 * @fwd: the forwarders' options.
 * @notify: called by a reader thread when it finishes (may be NULL).
 * @notify_arg: its argument.
 * @spawn: pthread_create(), or a stand-in (unit tests).
 * (@ops to @spawn are set before the first thread starts.)
 */
struct cons_router {
	pthread_rwlock_t lock;
	struct cons_reader *readers[CONS_MAX_READERS];
	size_t nr;
	struct cons_sink *outs;
	const struct cons_ops *ops;
	atomic_bool stop;
	atomic_bool epipe;
	bool follow;
	bool verify;
	unsigned long long limit;
	unsigned long long lines;
	bool reverse;
	struct cons_bounds bounds;
	enum lg_color_when color;
	bool decode;
	struct cons_fwd_opts fwd;
	void (*notify)(void *arg);
	void *notify_arg;
	int (*spawn)(pthread_t *t, const pthread_attr_t *attr,
		     void *(*fn)(void *), void *arg);
};

/**
 * struct cons_reload - what cons_router_apply() did
 * @added: new readers (threads to start).
 * @nadded: their number.
 * @removed: readers taken out of the table (threads to join, then
 *	cons_router_release()).
 * @nremoved: their number.
 * @changed: readers whose view was re-set on their fd.
 * @kept: readers left exactly as they were.
 * @renamed: readers paired by output on a new name (their fd kept).
 * @failed: errors (a reader that could not be opened or re-viewed keeps
 *	its old state or is not added); @err says the first.
 */
struct cons_reload {
	struct cons_reader *added[CONS_MAX_READERS];
	size_t nadded;
	struct cons_reader *removed[CONS_MAX_READERS];
	size_t nremoved;
	unsigned int changed;
	unsigned int kept;
	unsigned int renamed;
	unsigned int failed;
};

int cons_router_init(struct cons_router *rt, const struct cons_ops *ops);
void cons_router_destroy(struct cons_router *rt);
int cons_router_apply(struct cons_router *rt, const struct cons_spec *specs,
		      size_t n, struct cons_reload *res, char *err,
		      size_t errlen);
void cons_router_release(struct cons_router *rt, struct cons_reader *r);
void cons_router_wake(struct cons_reader *r);
void cons_router_stop(struct cons_router *rt);
bool cons_router_all_done(struct cons_router *rt);
int cons_router_start(struct cons_router *rt, struct cons_reload *res);

int cons_reader_consume(struct cons_router *rt, struct cons_reader *r,
			const char *buf, size_t len);
void cons_coll_free(struct cons_coll *c);
void *cons_reader_main(void *arg);

#endif /* LOGGER_CONS_ROUTER_H */
