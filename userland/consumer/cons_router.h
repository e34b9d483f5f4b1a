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

#include "cons_spec.h"
#include "cons_verify.h"
#include "jsonw.h"

/**
 * struct cons_out - an output file shared by the readers that name it
 * @path: as given in the spec ("-" = stdout).
 * @f: the stream (stdio locks it per call, so lines never interleave).
 * @refs: readers using it; changed only by the main thread under the
 *	write lock.
 * @next: list link (the list is changed only by the main thread).
 */
struct cons_out {
	char path[PATH_MAX];
	FILE *f;
	unsigned int refs;
	struct cons_out *next;
};

/**
 * struct cons_counts - one reader's counters
 * @read: records read, per level.
 * @lost: records lost, reported in-band.
 * @violations: --verify failures.
 * @error: first fatal errno of the reader thread (0 = none).
 */
struct cons_counts {
	unsigned long long read[8];
	unsigned long long lost;
	unsigned long long violations;
	int error;
};

/**
 * struct cons_reader - one reader: an fd with its own view
 * @rt: the router it belongs to (fixed).
 * @spec: current spec.
 * @out: current output.
 * @fd: the device fd; fixed for the reader's life (a reload keeps it).
 * @wake_fd: eventfd; written to make the thread re-check its flags.
 * @removed: a reload dropped this reader: its thread must exit.
 * @counts: counters.
 * @verify: --verify state.
 * @line: output staging buffer (owner thread only).
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
	struct cons_out *out;
	int fd;
	int wake_fd;
	bool removed;
	struct cons_counts counts;
	struct cons_verify verify;
	struct lg_sbuf line;
	atomic_bool done;
	pthread_t thread;
	bool started;
};

/**
 * struct cons_ops - how readers get their fds (the device, or a fake)
 * @open_view: open an fd with @sp's view and the start position.
 * @set_view: apply @sp's view to an open fd (cursor kept).
 * @close_view: close it.
 * @arg: passed to each.
 * @name: what the fds are opened on (the device path), for messages.
 * All return 0 or -errno.
 */
struct cons_ops {
	int (*open_view)(void *arg, const struct cons_spec *sp, int *fd);
	int (*set_view)(void *arg, int fd, const struct cons_spec *sp);
	void (*close_view)(void *arg, int fd);
	void *arg;
	const char *name;
};

/**
 * struct cons_router - the routing table
 * @lock: readers hold it shared while they read and route records;
 *	a reload holds it exclusive.  Prefers writers.
 * @readers: the table, @nr entries.
 * @nr: readers in the table.
 * @outs: open outputs.
 * @ops: fd operations.
 * @stop: every reader thread must exit.
 * @follow: readers wait for new records instead of ending at EAGAIN.
 * @verify: check sequence numbers.
 * @limit: records per reader, 0 = no limit.
 * @notify: called by a reader thread when it finishes (may be NULL).
 * @notify_arg: its argument.
 * (@ops to @notify_arg are set before the first thread starts.)
 */
struct cons_router {
	pthread_rwlock_t lock;
	struct cons_reader *readers[CONS_MAX_READERS];
	size_t nr;
	struct cons_out *outs;
	const struct cons_ops *ops;
	atomic_bool stop;
	bool follow;
	bool verify;
	unsigned long long limit;
	void (*notify)(void *arg);
	void *notify_arg;
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

int cons_reader_consume(struct cons_router *rt, struct cons_reader *r,
			const char *buf, size_t len);
void *cons_reader_main(void *arg);

#endif /* LOGGER_CONS_ROUTER_H */
