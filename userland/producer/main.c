// SPDX-License-Identifier: GPL-2.0
/*
 * logger-producer: generator threads -> bounded queue -> writer threads ->
 * /dev/logger, batching records per write().
 *
 * DESIGN
 *   Threads: N generators (or one stdin reader) build records into a
 *   thread-local batch (struct pq_batch: records joined by '\n') and push
 *   the whole batch into a struct prod_queue (one mutex, two condition
 *   variables) with one lock acquisition; writers pop a batch and write
 *   it as it is (prod_write_batch()).  No allocation per record: the
 *   queue stores the record bytes in its own ring.  A generator pushes
 *   when its batch is full (--batch records), at its end, and before it
 *   sleeps for --rate; the stdin reader pushes when its batch is full
 *   and before it waits for more input.
 *
 *   Writers: all M share the one fd, and the kernel serializes write()s
 *   on one file anyway (the device's per-file write mutex, a regular
 *   file's position lock, a pipe's mutex), spinning while the holder
 *   runs: two writers in write() at once only burn the CPU the
 *   generators need.  So the writers take turns on @wturn, and the
 *   writer holding it keeps it, popping and writing, until the end of the
 *   stream; the others wait for it without spinning, and then find the
 *   queue drained.  Records thus reach the fd in queue order.
 *
 *   Signals: the main thread owns them: SIGINT, SIGTERM and SIGUSR1 are
 *   blocked in every thread and main waits for them with sigtimedwait(),
 *   waking 4x/s to redraw the progress line when stderr is a TTY (one
 *   lock of the queue per redraw).  The last generator to finish sends
 *   SIGUSR1 to main.
 *
 *   Shutdown (SIGINT/SIGTERM or end of input): set the stop flag, close
 *   the queue (generators give up the records of their batch not yet
 *   accepted: like a record never made, they are not counted), wake the
 *   stdin reader through a pipe, join the generators, then join the
 *   writers, which drain the queue before they see the end.  Nothing
 *   accepted into the queue is lost; with --policy drop, refused records
 *   are counted exactly as dropped.
 *
 *   Accounting: produced = accepted into the queue + dropped + input lines
 *   too long to hold.  produced = written + dropped + oversized + failed
 *   at exit (failed: a fatal write error stopped the writers).
 *   Counters shared between threads are C11 atomics (relaxed: they are
 *   statistics, the joins order the final reads).  The elapsed time of
 *   the report runs from the first generator's start to the last write.
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

#include "jsonw.h"
#include "levels.h"
#include "prod_opts.h"
#include "prod_queue.h"
#include "prod_write.h"

/* Longest stdin line kept; longer lines are counted as oversized. */
#define PROD_MAX_LINE	(PROD_MAX_SIZE + 256)

/**
 * struct prod_ctx - state shared by every thread of one run
 * @o: the options (read-only).
 * @max_rec: the longest record a thread can make, '\n' included.
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
 * @wturn: the writers' turn on @fd: held by the one writer popping and
 *	writing (see DESIGN).
 * @t_start: when the first generator started (monotonic ns; 0 = none).
 * @t_end: when the last writer finished (monotonic ns; 0 = none).
 */
struct prod_ctx {
	const struct prod_opts *o;
	size_t max_rec;
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
	pthread_mutex_t wturn;
	atomic_ullong t_start;
	atomic_ullong t_end;
};

/* A generator thread's argument. */
struct gen_arg {
	struct prod_ctx *ctx;
	unsigned int index;
	pthread_t thread;
};

/* A writer thread's argument: its batch is allocated before it starts. */
struct writer_arg {
	struct prod_ctx *ctx;
	struct pq_batch batch;
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

/* A generator starts: the run's elapsed time starts with the first. */
static void gen_start(struct prod_ctx *ctx)
{
	unsigned long long zero = 0;

	atomic_compare_exchange_strong(&ctx->t_start, &zero, now_ns());
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

/*
 * Push the records of @b and empty it.  -EPIPE when the queue is closed
 * (the generator stops); records dropped under --policy drop are counted
 * by the queue.
 */
static int flush(struct prod_ctx *ctx, struct pq_batch *b)
{
	size_t taken;
	int ret = 0;

	if (b->n)
		ret = pq_push_batch(&ctx->q, b, &taken);
	pq_batch_reset(b);
	if (ret == -EMSGSIZE) {
		/* Never: batches hold records of at most max_rec bytes. */
		set_fatal(ctx, EMSGSIZE, "queue", "push");
		return -EPIPE;
	}
	return ret == -EPIPE ? ret : 0;
}

/* A batch of --batch records of @ctx's size; 0 or -ENOMEM. */
static int batch_init(struct prod_ctx *ctx, struct pq_batch *b)
{
	unsigned int max = ctx->o->batch;

	return pq_batch_init(b, max, pq_batch_bytes(max, ctx->max_rec));
}

static void *gen_main(void *arg)
{
	struct gen_arg *g = arg;
	struct prod_ctx *ctx = g->ctx;
	const struct prod_opts *o = ctx->o;
	unsigned long long rng = 0x9e3779b97f4a7c15ULL * (g->index + 1);
	unsigned long long n, start = now_ns();
	struct prod_gen gen;

	gen_start(ctx);
	if (prod_gen_init(&gen, o->tag, o->size, g->index, o->batch,
			  pq_batch_bytes(o->batch, ctx->max_rec))) {
		set_fatal(ctx, ENOMEM, "memory", "allocate");
		goto out;
	}
	for (n = 0; !o->count || n < o->count; n++) {
		unsigned int level;

		if (atomic_load_explicit(&ctx->stop, memory_order_relaxed))
			break;
		if (o->rate) {
			unsigned long long deadline =
				start + n / o->rate * 1000000000ULL +
				n % o->rate * 1000000000ULL / o->rate;

			/* Ahead of time: send what we have, then sleep. */
			if (now_ns() < deadline &&
			    (flush(ctx, &gen.batch) || !pace(ctx, deadline)))
				goto out_free_gen;
		}
		level = prod_mix_pick(&o->mix, (unsigned long)rng_next(&rng));
		if (prod_gen_add(&gen, level, n)) {
			/* Full batch: push it; an empty one has room. */
			if (flush(ctx, &gen.batch))
				goto out_free_gen;
			prod_gen_add(&gen, level, n);
		}
	}
	flush(ctx, &gen.batch);
out_free_gen:
	prod_gen_free(&gen);
out:
	gen_done(ctx);
	return NULL;
}

/* Add one input line to @b, pushing @b first when full; -EPIPE: stop. */
static int push_line(struct prod_ctx *ctx, struct pq_batch *b,
		     const char *line, size_t len)
{
	const struct prod_opts *o = ctx->o;
	int ret;

	ret = prod_add_line(b, line, len, o->stdin_level, o->tag);
	if (ret != -ENOSPC)
		return 0;
	/* Full batch: push it; an empty one has room. */
	ret = flush(ctx, b);
	if (!ret)
		prod_add_line(b, line, len, o->stdin_level, o->tag);
	return ret;
}

/* The --stdin generator: lines until EOF or the wake pipe. */
static void *stdin_main(void *arg)
{
	struct gen_arg *g = arg;
	struct prod_ctx *ctx = g->ctx;
	struct lg_sbuf line;
	struct pq_batch b;
	bool skipping = false;
	char chunk[65536];

	gen_start(ctx);
	if (batch_init(ctx, &b)) {
		set_fatal(ctx, ENOMEM, "memory", "allocate");
		gen_done(ctx);
		return NULL;
	}
	lg_sbuf_init(&line);
	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = ctx->wake[0], .events = POLLIN },
		};
		ssize_t n;
		char *p, *nl, *end;

		/* About to wait for input: send what we have. */
		if (flush(ctx, &b))
			break;
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
			if (!skipping && line.len &&
			    push_line(ctx, &b, line.buf, line.len))
				goto out;
			flush(ctx, &b);
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
			if (!skipping &&
			    push_line(ctx, &b, line.buf, line.len))
				goto out;
			skipping = false;
			lg_sbuf_reset(&line);
			p = nl + 1;
		}
	}
out:
	lg_sbuf_free(&line);
	pq_batch_free(&b);
	gen_done(ctx);
	return NULL;
}

static void *writer_main(void *arg)
{
	struct writer_arg *w = arg;
	struct prod_ctx *ctx = w->ctx;
	struct pq_batch *b = &w->batch;

	/* Held until the end of the stream: see DESIGN. */
	pthread_mutex_lock(&ctx->wturn);
	while (pq_pop_batch(&ctx->q, b) > 0) {
		struct prod_wstats st = { 0 };
		int ret = 0;

		if (atomic_load_explicit(&ctx->fatal, memory_order_relaxed))
			st.failed = b->n;
		else
			ret = prod_write_batch(ctx->fd, b, &st);
		atomic_fetch_add_explicit(&ctx->written, st.written,
					  memory_order_relaxed);
		atomic_fetch_add_explicit(&ctx->oversized, st.oversized,
					  memory_order_relaxed);
		atomic_fetch_add_explicit(&ctx->failed, st.failed,
					  memory_order_relaxed);
		atomic_fetch_add_explicit(&ctx->writes, st.writes,
					  memory_order_relaxed);
		if (ret)
			set_fatal(ctx, -ret, ctx->o->device, "write");
	}
	/* The last one here is the last to write. */
	atomic_store(&ctx->t_end, now_ns());
	pthread_mutex_unlock(&ctx->wturn);
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

/*
 * The run's elapsed time: from the first generator's start to the last
 * writer's last write, as a rate is measured (thread creation and exit,
 * which cost milliseconds in an emulated VM, are setup, not work);
 * from main's @t0 to now if a thread never got there.
 */
static double elapsed_s(struct prod_ctx *ctx, unsigned long long t0)
{
	unsigned long long start = atomic_load(&ctx->t_start);
	unsigned long long end = atomic_load(&ctx->t_end);

	if (!start || !end || end < start) {
		start = t0;
		end = now_ns();
	}
	return (double)(end - start) / 1e9;
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
			 unsigned int ngens, struct writer_arg *writers)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ctx->o->writers; i++) {
		ret = pthread_create(&writers[i].thread, NULL, writer_main,
				     &writers[i]);
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
	struct writer_arg *writers = NULL;
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
	ctx.max_rec = prod_record_max(o.tag, o.use_stdin ? PROD_MAX_LINE :
							    o.size);
	ctx.fd = open(o.device, O_WRONLY | O_CLOEXEC);
	if (ctx.fd < 0) {
		fprintf(stderr, "logger-producer: %s: %s\n", o.device,
			strerror(errno));
		return 1;
	}
	ret = pq_init(&ctx.q, o.queue, ctx.max_rec, o.policy);
	if (!ret)
		ret = -pthread_mutex_init(&ctx.wturn, NULL);
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
	for (i = 0; i < o.writers; i++) {
		writers[i].ctx = &ctx;
		if (batch_init(&ctx, &writers[i].batch)) {
			fprintf(stderr, "logger-producer: %s\n",
				strerror(ENOMEM));
			return 1;
		}
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
		pthread_join(writers[i].thread, NULL);
	if (tty)
		fputs("\r\033[K", stderr);
	report(&ctx, elapsed_s(&ctx, t0));

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
	pthread_mutex_destroy(&ctx.wturn);
	pq_destroy(&ctx.q);
	for (i = 0; i < o.writers; i++)
		pq_batch_free(&writers[i].batch);
	free(gens);
	free(writers);
	return status;
}
