// SPDX-License-Identifier: GPL-2.0
/*
 * logger-producer: generator threads -> bounded queue -> writer threads ->
 * /dev/logger, batching records per write().
 *
 * DESIGN
 *   Threads: N generators (or one stdin reader) push records into a
 *   struct prod_queue (one mutex, two condition variables); M writers pop
 *   batches and write them (prod_write_batch()).  The main thread owns the
 *   signals: SIGINT, SIGTERM and SIGUSR1 are blocked in every thread and
 *   main waits for them with sigtimedwait(), waking 4x/s to redraw the
 *   progress line.  The last generator to finish sends SIGUSR1 to main.
 *
 *   Shutdown (SIGINT/SIGTERM or end of input): set the stop flag, close
 *   the queue (blocked generators give up the record they hold: it was
 *   never accepted), wake the stdin reader through a pipe, join the
 *   generators, then join the writers, which drain the queue before they
 *   see the end.  Nothing accepted into the queue is lost; with
 *   --policy drop, refused records are counted exactly as dropped.
 *
 *   Accounting: produced = accepted into the queue + dropped + input lines
 *   too long to hold.  produced = written + dropped + oversized + failed
 *   at exit (failed: a fatal write error stopped the writers).
 *   Counters shared between threads are C11 atomics (relaxed: they are
 *   statistics, the joins order the final reads).
 *
 *   Non-goals: no retry of a fatal write error, no reopening the device,
 *   no exact rate under overload (--rate is a ceiling per thread).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "levels.h"
#include "prod_opts.h"
#include "prod_queue.h"
#include "prod_write.h"

/* Longest stdin line kept; longer lines are counted as oversized. */
#define PROD_MAX_LINE	(PROD_MAX_SIZE + 256)

/**
 * struct prod_ctx - state shared by every thread of one run
 * @o: the options (read-only).
 * @q: the queue.
 * @fd: the device, opened for writing.
 * @main_thread: receives SIGUSR1 when the last generator ends.
 * @wake: pipe; a byte on wake[1] tells the stdin reader to stop.
 * @stop: set by main on a signal: generators stop making records.
 * @gens_running: generator threads not yet finished.
 * @fatal: first fatal errno (0 = none); writers then discard.
 * @fatal_file: the file the fatal error is about, set with @fatal.
 * @fatal_what: what failed ("write", "read"), set with @fatal.
 * @written: records the device accepted.
 * @oversized: records the device refused as too long.
 * @long_lines: stdin lines longer than PROD_MAX_LINE, never queued (they
 *	count as produced and oversized).
 * @failed: records not written because of a fatal error.
 * @writes: successful write() calls.
 */
struct prod_ctx {
	const struct prod_opts *o;
	struct prod_queue q;
	int fd;
	pthread_t main_thread;
	int wake[2];
	atomic_bool stop;
	atomic_uint gens_running;
	atomic_int fatal;
	const char *_Atomic fatal_file;
	const char *_Atomic fatal_what;
	atomic_ullong written;
	atomic_ullong oversized;
	atomic_ullong long_lines;
	atomic_ullong failed;
	atomic_ullong writes;
};

/* A generator thread's argument. */
struct gen_arg {
	struct prod_ctx *ctx;
	unsigned int index;
	pthread_t thread;
};

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL +
	       (unsigned long long)ts.tv_nsec;
}

/* Remember the first fatal error; make everyone stop. */
static void set_fatal(struct prod_ctx *ctx, int err, const char *file,
		      const char *what)
{
	int zero = 0;

	if (atomic_compare_exchange_strong(&ctx->fatal, &zero, err)) {
		atomic_store(&ctx->fatal_file, file);
		atomic_store(&ctx->fatal_what, what);
	}
	atomic_store(&ctx->stop, true);
	pq_close(&ctx->q);
}

static void gen_done(struct prod_ctx *ctx)
{
	if (atomic_fetch_sub(&ctx->gens_running, 1) == 1)
		pthread_kill(ctx->main_thread, SIGUSR1);
}

/* xorshift64*: a per-thread pseudo-random stream, no shared state. */
static unsigned long long rng_next(unsigned long long *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* Sleep until @deadline (monotonic ns) in short slices; false on stop. */
static bool pace(struct prod_ctx *ctx, unsigned long long deadline)
{
	for (;;) {
		unsigned long long now = now_ns(), d;
		struct timespec ts;

		if (atomic_load_explicit(&ctx->stop, memory_order_relaxed))
			return false;
		if (now >= deadline)
			return true;
		d = deadline - now;
		if (d > 50000000ULL)
			d = 50000000ULL;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)d;
		nanosleep(&ts, NULL);
	}
}

static void *gen_main(void *arg)
{
	struct gen_arg *g = arg;
	struct prod_ctx *ctx = g->ctx;
	const struct prod_opts *o = ctx->o;
	unsigned long long rng = 0x9e3779b97f4a7c15ULL * (g->index + 1);
	unsigned long long n, start = now_ns();
	char *body = malloc(o->size + 1);

	if (!body) {
		set_fatal(ctx, ENOMEM, "memory", "allocate");
		goto out;
	}
	for (n = 0; !o->count || n < o->count; n++) {
		struct pq_item it;
		unsigned int level;
		int ret;

		if (atomic_load_explicit(&ctx->stop, memory_order_relaxed))
			break;
		if (o->rate &&
		    !pace(ctx, start + n / o->rate * 1000000000ULL +
				       n % o->rate * 1000000000ULL / o->rate))
			break;
		level = prod_mix_pick(&o->mix, (unsigned long)rng_next(&rng));
		prod_fill_body(body, o->size, g->index, n);
		if (prod_make_record(&it, level, o->tag, body, o->size)) {
			set_fatal(ctx, ENOMEM, "memory", "allocate");
			break;
		}
		ret = pq_push(&ctx->q, it);
		if (ret)
			free(it.data);
		if (ret == -EPIPE)
			break;
	}
	free(body);
out:
	gen_done(ctx);
	return NULL;
}

/* Queue one input line; -EPIPE when the queue is closed. */
static int push_line(struct prod_ctx *ctx, const char *line, size_t len)
{
	struct pq_item it;
	int ret;

	ret = prod_line_record(&it, line, len, ctx->o->stdin_level,
			       ctx->o->tag);
	if (ret == -ENODATA)
		return 0;
	if (ret) {
		set_fatal(ctx, ENOMEM, "memory", "allocate");
		return ret;
	}
	ret = pq_push(&ctx->q, it);
	if (ret)
		free(it.data);
	return ret == -EPIPE ? ret : 0;
}

/* The --stdin generator: lines until EOF or the wake pipe. */
static void *stdin_main(void *arg)
{
	struct gen_arg *g = arg;
	struct prod_ctx *ctx = g->ctx;
	struct lg_sbuf line;
	bool skipping = false;
	char chunk[65536];

	lg_sbuf_init(&line);
	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = ctx->wake[0], .events = POLLIN },
		};
		ssize_t n;
		char *p, *nl, *end;

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			set_fatal(ctx, errno, "stdin", "poll");
			break;
		}
		if (pfd[1].revents)
			break;
		n = read(STDIN_FILENO, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			set_fatal(ctx, errno, "stdin", "read");
			break;
		}
		if (n == 0) {
			if (!skipping && line.len)
				push_line(ctx, line.buf, line.len);
			break;
		}
		p = chunk;
		end = chunk + n;
		while (p < end) {
			nl = memchr(p, '\n', (size_t)(end - p));
			if (!skipping &&
			    lg_sbuf_put(&line, p, (nl ? nl : end) - p)) {
				set_fatal(ctx, ENOMEM, "memory", "allocate");
				goto out;
			}
			if (!skipping && line.len > PROD_MAX_LINE) {
				atomic_fetch_add(&ctx->long_lines, 1);
				skipping = true;
			}
			if (!nl)
				break;
			if (!skipping && push_line(ctx, line.buf, line.len))
				goto out;
			skipping = false;
			lg_sbuf_reset(&line);
			p = nl + 1;
		}
	}
out:
	lg_sbuf_free(&line);
	gen_done(ctx);
	return NULL;
}

static void *writer_main(void *arg)
{
	struct prod_ctx *ctx = arg;
	unsigned int batch = ctx->o->batch;
	struct pq_item *items = calloc(batch, sizeof(*items));
	struct prod_wbuf wb;
	size_t n, i;

	prod_wbuf_init(&wb);
	if (!items) {
		set_fatal(ctx, ENOMEM, "memory", "allocate");
		batch = 1;
	}
	for (;;) {
		struct prod_wstats st = { 0 };
		struct pq_item one;
		int ret;

		n = pq_pop(&ctx->q, items ? items : &one, batch);
		if (!n)
			break;
		if (atomic_load(&ctx->fatal) || !items) {
			st.failed = n;
			ret = 0;
		} else {
			ret = prod_write_batch(ctx->fd, items, n, &wb, &st);
		}
		for (i = 0; i < n; i++)
			free(items ? items[i].data : one.data);
		atomic_fetch_add(&ctx->written, st.written);
		atomic_fetch_add(&ctx->oversized, st.oversized);
		atomic_fetch_add(&ctx->failed, st.failed);
		atomic_fetch_add(&ctx->writes, st.writes);
		if (ret)
			set_fatal(ctx, -ret, ctx->o->device, "write");
	}
	prod_wbuf_free(&wb);
	free(items);
	return NULL;
}

/* The live line on stderr: rate since the last call, depth, drops. */
static void progress(struct prod_ctx *ctx, unsigned long long *last_written,
		     unsigned long long *last_ns)
{
	unsigned long long w = atomic_load(&ctx->written), t = now_ns();
	double dt = (double)(t - *last_ns) / 1e9;
	struct pq_stats st;

	pq_get_stats(&ctx->q, &st);
	fprintf(stderr,
		"\r\033[K%.0f records/s  written %llu  queue %zu/%zu  dropped %llu",
		dt > 0 ? (double)(w - *last_written) / dt : 0.0, w, st.depth,
		st.cap, st.dropped);
	*last_written = w;
	*last_ns = t;
}

static void report(struct prod_ctx *ctx, double elapsed)
{
	unsigned long long written = atomic_load(&ctx->written);
	unsigned long long oversized = atomic_load(&ctx->oversized) +
				       atomic_load(&ctx->long_lines);
	unsigned long long failed = atomic_load(&ctx->failed);
	unsigned long long produced;
	double rate = elapsed > 0 ? (double)written / elapsed : 0.0;
	struct pq_stats st;

	pq_get_stats(&ctx->q, &st);
	produced = st.accepted + st.dropped + atomic_load(&ctx->long_lines);
	if (ctx->o->json) {
		printf("{\"produced\":%llu,\"written\":%llu,\"dropped\":%llu,"
		       "\"oversized\":%llu,\"failed\":%llu,\"writes\":%llu,"
		       "\"max_queue_depth\":%zu,\"elapsed_s\":%.6f,"
		       "\"records_per_s\":%.1f}\n",
		       produced, written, st.dropped, oversized, failed,
		       atomic_load(&ctx->writes), st.max_depth, elapsed, rate);
		fflush(stdout);
		return;
	}
	fprintf(stderr,
		"produced %llu  written %llu  dropped %llu  oversized %llu  failed %llu\n"
		"elapsed %.3f s  %.0f records/s  (%llu writes, max queue depth %zu)\n",
		produced, written, st.dropped, oversized, failed, elapsed,
		rate, atomic_load(&ctx->writes), st.max_depth);
}

static int start_threads(struct prod_ctx *ctx, struct gen_arg *gens,
			 unsigned int ngens, pthread_t *writers)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ctx->o->writers; i++) {
		ret = pthread_create(&writers[i], NULL, writer_main, ctx);
		if (ret)
			return -ret;
	}
	atomic_store(&ctx->gens_running, ngens);
	for (i = 0; i < ngens; i++) {
		gens[i].ctx = ctx;
		gens[i].index = i;
		ret = pthread_create(&gens[i].thread, NULL,
				     ctx->o->use_stdin ? stdin_main : gen_main,
				     &gens[i]);
		if (ret)
			return -ret;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct prod_ctx ctx;
	struct prod_opts o;
	char err[256];
	unsigned long long t0, last_w = 0, last_ns;
	struct gen_arg *gens = NULL;
	pthread_t *writers = NULL;
	unsigned int ngens, i;
	bool tty;
	sigset_t set;
	int ret, status = 0;

	if (prod_parse_args(argc, argv, &o, err, sizeof(err))) {
		fprintf(stderr,
			"logger-producer: %s\nTry 'logger-producer --help' for more information.\n",
			err);
		return 2;
	}
	if (o.help) {
		fputs(prod_usage, stdout);
		return 0;
	}
	ctx.o = &o;
	ctx.fd = open(o.device, O_WRONLY | O_CLOEXEC);
	if (ctx.fd < 0) {
		fprintf(stderr, "logger-producer: %s: %s\n", o.device,
			strerror(errno));
		return 1;
	}
	ret = pq_init(&ctx.q, o.queue, o.policy);
	if (ret || pipe2(ctx.wake, O_CLOEXEC)) {
		fprintf(stderr, "logger-producer: setup: %s\n",
			strerror(ret ? -ret : errno));
		return 1;
	}
	ngens = o.use_stdin ? 1 : o.threads;
	gens = calloc(ngens, sizeof(*gens));
	writers = calloc(o.writers, sizeof(*writers));
	if (!gens || !writers) {
		fprintf(stderr, "logger-producer: %s\n", strerror(ENOMEM));
		return 1;
	}

	/* Signals go to main only; a closed pipe is an error, not death. */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	ctx.main_thread = pthread_self();
	tty = isatty(STDERR_FILENO);

	t0 = now_ns();
	last_ns = t0;
	ret = start_threads(&ctx, gens, ngens, writers);
	if (ret) {
		fprintf(stderr, "logger-producer: pthread_create: %s\n",
			strerror(-ret));
		return 1;
	}
	while (atomic_load(&ctx.gens_running)) {
		struct timespec ts = { 0, 250000000L };
		int sig = sigtimedwait(&set, NULL, &ts);

		if (sig == SIGINT || sig == SIGTERM)
			break;
		if (tty)
			progress(&ctx, &last_w, &last_ns);
	}

	/* Stop generating; then drain what was accepted. */
	atomic_store(&ctx.stop, true);
	pq_close(&ctx.q);
	if (write(ctx.wake[1], "x", 1) < 0)
		fprintf(stderr, "logger-producer: wake: %s\n",
			strerror(errno));
	for (i = 0; i < ngens; i++)
		pthread_join(gens[i].thread, NULL);
	for (i = 0; i < o.writers; i++)
		pthread_join(writers[i], NULL);
	if (tty)
		fputs("\r\033[K", stderr);
	report(&ctx, (double)(now_ns() - t0) / 1e9);

	if (atomic_load(&ctx.fatal)) {
		fprintf(stderr, "logger-producer: %s: %s: %s\n",
			atomic_load(&ctx.fatal_file),
			atomic_load(&ctx.fatal_what),
			strerror(atomic_load(&ctx.fatal)));
		status = 1;
	}
	if (close(ctx.fd) && !status) {
		fprintf(stderr, "logger-producer: %s: %s\n", o.device,
			strerror(errno));
		status = 1;
	}
	close(ctx.wake[0]);
	close(ctx.wake[1]);
	pq_destroy(&ctx.q);
	free(gens);
	free(writers);
	return status;
}
