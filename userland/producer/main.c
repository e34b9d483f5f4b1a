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
 *   Writers: each of the M writers has its own fd on the device, so they
 *   write in parallel (the device serialises write()s per open file, not
 *   across files).  With one writer, records reach the device in queue
 *   order; with several, each batch stays in order but batches of
 *   different writers may interleave.
 *
 *   The device is asked its largest record (LOGGER_IOC_GET_CONFIG) before
 *   anything is made: generated records that could never fit are a
 *   startup error, and input lines too long for it are counted as
 *   oversized, reported and never sent.
 *
 *   Signals: the main thread owns them: SIGINT, SIGTERM, SIGHUP and
 *   SIGUSR1 are blocked in every thread and main waits for them with
 *   sigtimedwait(), waking 4x/s to redraw the progress line when stderr
 *   is a TTY (one lock of the queue per redraw).  The last generator and
 *   the last writer to finish send SIGUSR1 to main.  SIGUSR2 (no-op
 *   handler, no SA_RESTART, unblocked only in writers) interrupts a
 *   writer blocked in write() when the drain is abandoned.
 *
 *   Shutdown (SIGINT/SIGTERM/SIGHUP or end of input): set the stop flag,
 *   close the queue (generators give up the records of their batch not
 *   yet accepted: like a record never made, they are not counted), wake
 *   the stdin reader through a pipe, join the generators, then wait for
 *   the writers, which drain the queue before they see the end.  Nothing
 *   accepted into the queue is lost; with --policy drop, refused records
 *   are counted exactly as dropped.  A second signal during the drain
 *   abandons it: writers stop (SIGUSR2 until they are out), what is left
 *   in the queue counts as failed, the report still comes, exit 1.
 *
 *   Accounting: produced = accepted into the queue + dropped + input lines
 *   too long for the device.  produced = written + dropped + oversized + failed
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
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "devio.h"
#include "jsonw.h"
#include "levels.h"
#include "logger.h"
#include "prod_ctx.h"
#include "prod_opts.h"
#include "prod_queue.h"
#include "prod_write.h"
#include "prog.h"

_Static_assert(PROD_MAX_TAG == LOGGER_TAG_MAX,
	       "--tag takes what the kernel's tag field holds");

/* A writer thread's argument: its batch is allocated before it starts. */
struct writer_arg {
	struct prod_ctx *ctx;
	struct pq_batch batch;
	int fd;
	pthread_t thread;
	bool started;
};

/* SIGUSR2: only interrupts a writer's write(). */
static void on_usr2(int sig)
{
}

static void *writer_main(void *arg)
{
	struct writer_arg *w = arg;
	struct prod_ctx *ctx = w->ctx;
	struct pq_batch *b = &w->batch;
	sigset_t usr2;

	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	pthread_sigmask(SIG_UNBLOCK, &usr2, NULL);
	while (pq_pop_batch(&ctx->q, b) > 0) {
		struct prod_wstats st = { 0 };
		int ret = 0;

		if (atomic_load_explicit(&ctx->fatal, memory_order_relaxed))
			st.failed = b->n;
		else
			ret = prod_write_batch(w->fd, b, &st, &ctx->abort);
		atomic_fetch_add_explicit(&ctx->written, st.written,
					  memory_order_relaxed);
		atomic_fetch_add_explicit(&ctx->oversized, st.oversized,
					  memory_order_relaxed);
		atomic_fetch_add_explicit(&ctx->failed, st.failed,
					  memory_order_relaxed);
		atomic_fetch_add_explicit(&ctx->writes, st.writes,
					  memory_order_relaxed);
		if (ret == -EINTR)
			prod_set_fatal(ctx, EINTR, "drain", "abandoned");
		else if (ret)
			prod_set_fatal(ctx, -ret, ctx->o->device, "write");
	}
	pthread_sigmask(SIG_BLOCK, &usr2, NULL);
	/* The last one here is the last to write. */
	atomic_store(&ctx->t_end, prod_now_ns());
	if (atomic_fetch_sub(&ctx->writers_running, 1) == 1)
		pthread_kill(ctx->main_thread, SIGUSR1);
	return NULL;
}

/* The live line on stderr: rate since the last call, depth, drops. */
static void progress(struct prod_ctx *ctx, unsigned long long *last_written,
		     unsigned long long *last_ns)
{
	unsigned long long w = atomic_load(&ctx->written), t = prod_now_ns();
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
		end = prod_now_ns();
	}
	return (double)(end - start) / 1e9;
}

/* The report; returns true when every record produced was written. */
static bool report(struct prod_ctx *ctx, double elapsed)
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
		       "\"writers\":%u,\"max_queue_depth\":%zu,"
		       "\"elapsed_s\":%.6f,\"records_per_s\":%.1f}\n",
		       produced, written, st.dropped, oversized, failed,
		       atomic_load(&ctx->writes), ctx->o->writers,
		       st.max_depth, elapsed, rate);
	} else if (ctx->o->mode == PROD_GEN || written != produced) {
		fprintf(stderr,
			"produced %llu  written %llu  dropped %llu  oversized %llu  failed %llu\n"
			"elapsed %.3f s  %.0f records/s  (%llu writes, max queue depth %zu)\n",
			produced, written, st.dropped, oversized, failed,
			elapsed, rate, atomic_load(&ctx->writes),
			st.max_depth);
	}
	if (written != produced)
		lg_warnx("%llu of %llu records not written",
			 produced - written, produced);
	return written == produced;
}

static int start_threads(struct prod_ctx *ctx, struct gen_arg *gens,
			 unsigned int ngens, struct writer_arg *writers)
{
	const struct prod_opts *o = ctx->o;
	void *(*fn)(void *) = o->mode == PROD_GEN ? prod_gen_main :
			      o->mode == PROD_LINES ? prod_lines_main :
						      prod_message_main;
	unsigned int i;
	int ret;

	atomic_store(&ctx->writers_running, o->writers);
	for (i = 0; i < o->writers; i++) {
		ret = pthread_create(&writers[i].thread, NULL, writer_main,
				     &writers[i]);
		if (ret) {
			atomic_fetch_sub(&ctx->writers_running,
					 o->writers - i);
			return -ret;
		}
		writers[i].started = true;
	}
	atomic_store(&ctx->gens_running, ngens);
	for (i = 0; i < ngens; i++) {
		gens[i].ctx = ctx;
		gens[i].index = i;
		ret = pthread_create(&gens[i].thread, NULL, fn, &gens[i]);
		if (ret)
			return -ret;
	}
	return 0;
}

/* --tag on writer fd @fd; true (after the message) when it failed. */
static bool apply_tag(int fd, const struct prod_opts *o)
{
	char msg[512];
	int ret = prod_set_tag(fd, o->tag);

	if (!ret)
		return false;
	prod_tag_error(msg, sizeof(msg), ret, o->device, o->tag);
	lg_warnx("%s", msg);
	return true;
}

/*
 * Open the device, ask its largest record, and size everything from it.
 * Returns 0, or an exit status after the message.
 */
static int setup_device(struct prod_ctx *ctx, struct prod_opts *o)
{
	struct logger_config cfg;
	char err[512];
	size_t limit;

	ctx->fd0 = lg_dev_open(o->device, O_WRONLY, err, sizeof(err));
	if (ctx->fd0 < 0) {
		lg_warnx("%s", err);
		return LG_EXIT_FAIL;
	}
	memset(&cfg, 0, sizeof(cfg));
	if (ioctl(ctx->fd0, LOGGER_IOC_GET_CONFIG, &cfg)) {
		lg_warn_errno(errno, "%s: not a logger device (LOGGER_IOC_GET_CONFIG)",
			      o->device);
		return LG_EXIT_FAIL;
	}
	limit = cfg.max_record;
	/* The tag is the kernel's (prod_set_tag()), not in the message. */
	if (o->tag && apply_tag(ctx->fd0, o))
		return LG_EXIT_FAIL;
	if (o->mode == PROD_GEN) {
		if (o->size > limit) {
			lg_warnx("--size %zu: messages of %zu bytes are longer than %s's largest record, %zu bytes",
				 o->size, o->size, o->device, limit);
			return LG_EXIT_FAIL;
		}
		ctx->max_rec = prod_record_max(NULL, o->size);
	} else {
		if (o->size && o->size < limit)
			limit = o->size;
		ctx->max_rec = prod_record_max(NULL, limit);
	}
	ctx->lp.facility = o->facility;
	ctx->lp.level = o->level;
	ctx->lp.tag = NULL;
	ctx->lp.prio_prefix = o->prio_prefix;
	ctx->lp.max_msg = limit;
	return 0;
}

/* Writer i's fd: the checked one for the first, a new open for others. */
static int setup_writers(struct prod_ctx *ctx, struct writer_arg *writers)
{
	char err[512];
	unsigned int i;

	for (i = 0; i < ctx->o->writers; i++) {
		writers[i].ctx = ctx;
		writers[i].fd = i ? lg_dev_open(ctx->o->device, O_WRONLY, err,
						sizeof(err)) : ctx->fd0;
		if (writers[i].fd < 0) {
			lg_warnx("%s", err);
			return LG_EXIT_FAIL;
		}
		if (i && ctx->o->tag && apply_tag(writers[i].fd, ctx->o))
			return LG_EXIT_FAIL;
		if (prod_batch_init(ctx, &writers[i].batch)) {
			lg_warn_errno(ENOMEM, "writer buffers");
			return LG_EXIT_FAIL;
		}
	}
	return 0;
}

/* The input of PROD_LINES; 0 or an exit status after the message. */
static int setup_input(struct prod_ctx *ctx)
{
	const char *f = ctx->o->file;

	ctx->in_fd = STDIN_FILENO;
	if (ctx->o->mode != PROD_LINES || !strcmp(f, "-"))
		return 0;
	ctx->in_fd = open(f, O_RDONLY | O_CLOEXEC);
	if (ctx->in_fd < 0) {
		lg_warn_errno(errno, "%s", f);
		return LG_EXIT_FAIL;
	}
	return 0;
}

/* Signals: the set main waits for; SIGUSR2's handler for the writers. */
static void setup_signals(sigset_t *set)
{
	struct sigaction sa;

	/* A closed pipe is an error (EPIPE), not death. */
	signal(SIGPIPE, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr2;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGUSR1);
	sigaddset(set, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, set, NULL);
	sigdelset(set, SIGUSR2);
}

static bool stop_signal(int sig)
{
	return sig == SIGINT || sig == SIGTERM || sig == SIGHUP;
}

/*
 * Wait for the writers to drain the queue; a stop signal abandons the
 * drain (writers are interrupted until they are all out).
 */
static void drain(struct prod_ctx *ctx, struct writer_arg *writers,
		  const sigset_t *set, bool tty, unsigned long long *last_w,
		  unsigned long long *last_ns)
{
	unsigned int i;

	while (atomic_load(&ctx->writers_running)) {
		struct timespec ts = { 0, 250000000L };
		int sig = sigtimedwait(set, NULL, &ts);

		if (stop_signal(sig) && !atomic_load(&ctx->abort)) {
			atomic_store(&ctx->abort, true);
			prod_set_fatal(ctx, EINTR, "drain", "abandoned");
		}
		if (!atomic_load(&ctx->abort)) {
			if (tty)
				progress(ctx, last_w, last_ns);
			continue;
		}
		for (i = 0; i < ctx->o->writers; i++)
			if (writers[i].started)
				pthread_kill(writers[i].thread, SIGUSR2);
	}
}

static int run(struct prod_ctx *ctx, struct gen_arg *gens, unsigned int ngens,
	       struct writer_arg *writers)
{
	unsigned long long t0 = prod_now_ns(), last_w = 0, last_ns = t0;
	bool tty = isatty(STDERR_FILENO) && ctx->o->mode == PROD_GEN;
	sigset_t set;
	unsigned int i;
	int ret, status = LG_EXIT_OK;

	setup_signals(&set);
	ctx->main_thread = pthread_self();
	ret = start_threads(ctx, gens, ngens, writers);
	if (ret) {
		lg_warn_errno(-ret, "pthread_create");
		prod_set_fatal(ctx, -ret, "thread", "create");
		ngens = atomic_load(&ctx->gens_running) ? 0 : ngens;
	}
	while (atomic_load(&ctx->gens_running)) {
		struct timespec ts = { 0, 250000000L };
		int sig = sigtimedwait(&set, NULL, &ts);

		if (stop_signal(sig))
			break;
		if (tty)
			progress(ctx, &last_w, &last_ns);
	}

	/* Stop generating; then drain what was accepted. */
	atomic_store(&ctx->stop, true);
	pq_close(&ctx->q);
	if (write(ctx->wake[1], "x", 1) < 0)
		lg_warn_errno(errno, "wake");
	for (i = 0; i < ngens; i++)
		pthread_join(gens[i].thread, NULL);
	drain(ctx, writers, &set, tty, &last_w, &last_ns);
	for (i = 0; i < ctx->o->writers; i++)
		if (writers[i].started)
			pthread_join(writers[i].thread, NULL);
	if (tty)
		fputs("\r\033[K", stderr);
	if (!report(ctx, elapsed_s(ctx, t0)))
		status = LG_EXIT_FAIL;
	if (atomic_load(&ctx->fatal) == EINTR) {
		lg_warnx("interrupted during the drain: records still queued were abandoned");
		status = LG_EXIT_FAIL;
	} else if (atomic_load(&ctx->fatal)) {
		lg_warn_errno(atomic_load(&ctx->fatal), "%s: %s",
			      atomic_load(&ctx->fatal_file),
			      atomic_load(&ctx->fatal_what));
		status = LG_EXIT_FAIL;
	}
	return status;
}

int main(int argc, char **argv)
{
	static struct prod_ctx ctx;
	struct gen_arg *gens = NULL;
	struct writer_arg *writers = NULL;
	struct prod_opts o;
	char err[256];
	unsigned int ngens, i;
	int status, st2;

	lg_prog_init("logger-producer");
	if (prod_parse_args(argc, argv, &o, err, sizeof(err)))
		return lg_usage_err("%s", err);
	if (o.help || o.version) {
		if (o.help)
			fputs(prod_usage, stdout);
		else
			lg_print_version();
		return lg_close_stdout();
	}
	ctx.o = &o;
	ngens = o.mode == PROD_GEN ? o.threads : 1;
	gens = calloc(ngens, sizeof(*gens));
	writers = calloc(o.writers, sizeof(*writers));
	if (!gens || !writers) {
		lg_warn_errno(ENOMEM, "setup");
		return LG_EXIT_FAIL;
	}
	status = setup_device(&ctx, &o);
	if (!status)
		status = setup_input(&ctx);
	if (!status) {
		int ret = pq_init(&ctx.q, o.queue, ctx.max_rec, o.policy);

		if (ret || pipe2(ctx.wake, O_CLOEXEC)) {
			lg_warn_errno(ret ? -ret : errno, "setup");
			return LG_EXIT_FAIL;
		}
		status = setup_writers(&ctx, writers);
	}
	if (!status)
		status = run(&ctx, gens, ngens, writers);
	for (i = 0; i < o.writers; i++) {
		if (writers[i].fd > 0 && close(writers[i].fd) && !status) {
			lg_warn_errno(errno, "%s", o.device);
			status = LG_EXIT_FAIL;
		}
		pq_batch_free(&writers[i].batch);
	}
	free(gens);
	free(writers);
	st2 = lg_close_stdout();
	return status ? status : st2;
}
