// SPDX-License-Identifier: GPL-2.0
/*
 * prod_ctx: what the producer's threads share (first fatal error, start
 * and end of the run, pushing a batch) and the generator threads.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>

#include "prod_ctx.h"

unsigned long long prod_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL +
	       (unsigned long long)ts.tv_nsec;
}

/* Remember the first fatal error; make everyone stop. */
void prod_set_fatal(struct prod_ctx *ctx, int err, const char *file,
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
void prod_gen_start(struct prod_ctx *ctx)
{
	unsigned long long zero = 0;

	atomic_compare_exchange_strong(&ctx->t_start, &zero, prod_now_ns());
}

void prod_gen_done(struct prod_ctx *ctx)
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
		unsigned long long now = prod_now_ns(), d;
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
int prod_flush(struct prod_ctx *ctx, struct pq_batch *b)
{
	size_t taken;
	int ret = 0;

	if (b->n)
		ret = pq_push_batch(&ctx->q, b, &taken);
	pq_batch_reset(b);
	if (ret == -EMSGSIZE) {
		/* Never: batches hold records of at most max_rec bytes. */
		prod_set_fatal(ctx, EMSGSIZE, "queue", "push");
		return -EPIPE;
	}
	return ret == -EPIPE ? ret : 0;
}

/* A batch of --batch records of @ctx's size; 0 or -ENOMEM. */
int prod_batch_init(struct prod_ctx *ctx, struct pq_batch *b)
{
	unsigned int max = ctx->o->batch;

	return pq_batch_init(b, max, pq_batch_bytes(max, ctx->max_rec));
}

void *prod_gen_main(void *arg)
{
	struct gen_arg *g = arg;
	struct prod_ctx *ctx = g->ctx;
	const struct prod_opts *o = ctx->o;
	unsigned long long rng = 0x9e3779b97f4a7c15ULL * (g->index + 1);
	unsigned long long n, start = prod_now_ns();
	struct prod_gen gen;

	prod_gen_start(ctx);
	if (prod_gen_init(&gen, ctx->lp.tag, o->size, o->facility, g->index,
			  o->batch, pq_batch_bytes(o->batch, ctx->max_rec))) {
		prod_set_fatal(ctx, ENOMEM, "memory", "allocate");
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
			if (prod_now_ns() < deadline &&
			    (prod_flush(ctx, &gen.batch) || !pace(ctx, deadline)))
				goto out_free_gen;
		}
		level = prod_mix_pick(&o->mix, (unsigned long)rng_next(&rng));
		if (!prod_gen_add(&gen, level, n))
			continue;
		/* Full batch: push it; an empty one has room. */
		if (prod_flush(ctx, &gen.batch))
			goto out_free_gen;
		if (prod_gen_add(&gen, level, n)) {
			prod_set_fatal(ctx, EMSGSIZE, "batch", "make a record");
			goto out_free_gen;
		}
	}
	prod_flush(ctx, &gen.batch);
out_free_gen:
	prod_gen_free(&gen);
out:
	prod_gen_done(ctx);
	return NULL;
}

