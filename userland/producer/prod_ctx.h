/* SPDX-License-Identifier: GPL-2.0 */
/*
 * prod_ctx: the state every thread of logger-producer shares, and the
 * thread bodies that make records (generators in prod_ctx.c, the line
 * and message readers in prod_input.c); main.c owns the writers, the
 * signals and the report.  See main.c for the design.
 */
#ifndef LOGGER_PROD_CTX_H
#define LOGGER_PROD_CTX_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "prod_opts.h"
#include "prod_queue.h"
#include "prod_write.h"

/* Longest input line read whole; longer ones are oversized anyway. */
#define PROD_MAX_LINE	(PROD_MAX_SIZE + 256)

/**
 * struct prod_ctx - state shared by every thread of one run
 * @o: the options (read-only).
 * @lp: how lines become records (read-only).
 * @max_rec: the longest record a thread can make, '\n' included.
 * @q: the queue.
 * @fd0: the first writer's fd (opened and checked by main).
 * @in_fd: PROD_LINES: the fd lines are read from.
 * @main_thread: receives SIGUSR1 when the last generator or writer ends.
 * @wake: pipe; a byte on wake[1] tells the line reader to stop.
 * @stop: set by main on a signal: generators stop making records.
 * @abort: set by main on a second signal: writers give up.
 * @gens_running: generator threads not yet finished.
 * @writers_running: writer threads not yet finished.
 * @fatal: first fatal errno (0 = none); writers then discard.
 * @fatal_file: the file the fatal error is about, set with @fatal.
 * @fatal_what: what failed ("write", "read"), set with @fatal.
 * @written: records the device accepted.
 * @oversized: records the device refused as too long.
 * @long_lines: input lines too long for the device, never queued (they
 *	count as produced and oversized).
 * @failed: records not written because of a fatal error or an abort.
 * @writes: successful write() calls.
 * @t_start: when the first generator started (monotonic ns; 0 = none).
 * @t_end: when the last writer finished (monotonic ns; 0 = none).
 */
struct prod_ctx {
	const struct prod_opts *o;
	struct prod_line_opts lp;
	size_t max_rec;
	struct prod_queue q;
	int fd0;
	int in_fd;
	pthread_t main_thread;
	int wake[2];
	atomic_bool stop;
	atomic_bool abort;
	atomic_uint gens_running;
	atomic_uint writers_running;
	atomic_int fatal;
	const char *_Atomic fatal_file;
	const char *_Atomic fatal_what;
	atomic_ullong written;
	atomic_ullong oversized;
	atomic_ullong long_lines;
	atomic_ullong failed;
	atomic_ullong writes;
	atomic_ullong t_start;
	atomic_ullong t_end;
};

/* A generator thread's argument. */
struct gen_arg {
	struct prod_ctx *ctx;
	unsigned int index;
	pthread_t thread;
};

unsigned long long prod_now_ns(void);
void prod_set_fatal(struct prod_ctx *ctx, int err, const char *file,
		    const char *what);
void prod_gen_start(struct prod_ctx *ctx);
void prod_gen_done(struct prod_ctx *ctx);
int prod_flush(struct prod_ctx *ctx, struct pq_batch *b);
int prod_batch_init(struct prod_ctx *ctx, struct pq_batch *b);
void *prod_gen_main(void *arg);
void *prod_lines_main(void *arg);
void *prod_message_main(void *arg);

#endif /* LOGGER_PROD_CTX_H */
