// SPDX-License-Identifier: GPL-2.0
/*
 * userland/producer/prod_queue.c: blocking when full/empty, close wakes
 * every waiter, lossless drain under many threads, exact drop counts.
 * No sleeps: a thread is known to be blocked when the queue's waiter
 * counters say so (they change under the queue lock, around the wait).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../userland/producer/prod_queue.h"
#include "unit.h"

/* Longest record the tests queue: a decimal id and its '\n'. */
#define TEST_REC	16

/* A batch over caller storage (no allocation). */
static void batch_on(struct pq_batch *b, char *buf, size_t size,
		     size_t *ends, size_t max)
{
	b->buf = buf;
	b->size = size;
	b->ends = ends;
	b->max = max;
	pq_batch_reset(b);
}

static void add_id(struct pq_batch *b, size_t id)
{
	char s[32];
	int n = snprintf(s, sizeof(s), "%zu", id);

	ck_assert_int_eq(pq_batch_add(b, s, (size_t)n), 0);
}

/* Record @i of @b as a number (records are decimal ids). */
static size_t id_at(const struct pq_batch *b, size_t i)
{
	size_t start = i ? b->ends[i - 1] + 1 : 0, id = 0;

	for (; start < b->ends[i]; start++)
		id = id * 10 + (size_t)(b->buf[start] - '0');
	return id;
}

/* Push the one record @id. */
static int push1(struct prod_queue *q, size_t id)
{
	struct pq_batch b;
	char buf[32];
	size_t ends[1], taken;

	batch_on(&b, buf, sizeof(buf), ends, 1);
	add_id(&b, id);
	return pq_push_batch(q, &b, &taken);
}

/* Pop up to @max records (at most 8) into @ids. */
static int pop_ids(struct prod_queue *q, size_t *ids, size_t max)
{
	struct pq_batch b;
	char buf[8 * TEST_REC];
	size_t ends[8], i;
	int n;

	batch_on(&b, buf, sizeof(buf), ends, max);
	n = pq_pop_batch(q, &b);
	for (i = 0; i < (size_t)(n > 0 ? n : 0); i++)
		ids[i] = id_at(&b, i);
	return n;
}

/* Spin (yielding) until @push pushers and @pop poppers wait. */
static void wait_waiters(struct prod_queue *q, unsigned int push,
			 unsigned int pop)
{
	struct pq_stats st;

	for (;;) {
		pq_get_stats(q, &st);
		if (st.push_waiting == push && st.pop_waiting == pop)
			return;
		sched_yield();
	}
}

struct pusher {
	struct prod_queue *q;
	size_t id;
	int ret;
	atomic_bool done;
	pthread_t t;
};

static void *push_thread(void *arg)
{
	struct pusher *p = arg;

	p->ret = push1(p->q, p->id);
	atomic_store(&p->done, true);
	return NULL;
}

struct popper {
	struct prod_queue *q;
	size_t max;
	int n;
	size_t got[8];
	pthread_t t;
};

static void *pop_thread(void *arg)
{
	struct popper *p = arg;

	p->n = pop_ids(p->q, p->got, p->max ? p->max : 4);
	return NULL;
}

START_TEST(test_fifo_and_batch)
{
	struct prod_queue q;
	size_t out[8], i;

	ck_assert_int_eq(pq_init(&q, 4, TEST_REC, PQ_BLOCK), 0);
	for (i = 1; i <= 4; i++)
		ck_assert_int_eq(push1(&q, i), 0);
	ck_assert_int_eq(pop_ids(&q, out, 3), 3);
	ck_assert_uint_eq(out[0], 1);
	ck_assert_uint_eq(out[2], 3);
	ck_assert_int_eq(push1(&q, 5), 0);
	ck_assert_int_eq(pop_ids(&q, out, 8), 2);
	ck_assert_uint_eq(out[0], 4);
	ck_assert_uint_eq(out[1], 5);
	pq_destroy(&q);
	ck_assert_int_eq(pq_init(&q, 0, TEST_REC, PQ_BLOCK), -EINVAL);
}
END_TEST

/* The popped bytes are the joined records, ready for write(). */
START_TEST(test_batch_bytes_and_wrap)
{
	struct prod_queue q;
	struct pq_batch in, out;
	char ibuf[64], obuf[64];
	size_t iends[8], oends[8], taken, round;

	/* 4 records of up to 8 bytes: a 32-byte ring. */
	ck_assert_int_eq(pq_init(&q, 4, 8, PQ_BLOCK), 0);
	batch_on(&in, ibuf, sizeof(ibuf), iends, 8);
	batch_on(&out, obuf, sizeof(obuf), oends, 8);
	/* Odd lengths walk the records across the ring's end. */
	for (round = 0; round < 50; round++) {
		char rec[8];
		size_t len = 1 + round % 7;

		memset(rec, (int)('a' + round % 26), len);
		pq_batch_reset(&in);
		ck_assert_int_eq(pq_batch_add(&in, rec, len), 0);
		ck_assert_int_eq(pq_batch_add(&in, "xyz", 3), 0);
		ck_assert_int_eq(pq_push_batch(&q, &in, &taken), 0);
		ck_assert_uint_eq(taken, 2);
		ck_assert_int_eq(pq_pop_batch(&q, &out), 2);
		ck_assert_uint_eq(out.len, in.len);
		ck_assert_uint_eq(out.ends[0], len);
		ck_assert_uint_eq(out.ends[1], len + 4);
		ck_assert(memcmp(out.buf, in.buf, in.len) == 0);
		ck_assert_int_eq(out.buf[out.len - 1], '\n');
	}
	/* Longer than the queue's largest record: refused, not counted. */
	pq_batch_reset(&in);
	ck_assert_int_eq(pq_batch_add(&in, "12345678", 8), 0);
	ck_assert_int_eq(pq_push_batch(&q, &in, &taken), -EMSGSIZE);
	ck_assert_uint_eq(taken, 0);
	/* A pop batch that cannot hold the largest record. */
	batch_on(&out, obuf, 7, oends, 8);
	ck_assert_int_eq(pq_pop_batch(&q, &out), -EINVAL);
	pq_destroy(&q);
}
END_TEST

/* A pop takes no more records than fit in the batch's bytes. */
START_TEST(test_pop_byte_limit)
{
	struct prod_queue q;
	struct pq_batch out;
	char obuf[20];
	size_t oends[8], i;

	ck_assert_int_eq(pq_init(&q, 8, TEST_REC, PQ_BLOCK), 0);
	for (i = 100; i < 106; i++)
		ck_assert_int_eq(push1(&q, i), 0);
	/* "100\n" is 4 bytes: 5 fit in 20. */
	batch_on(&out, obuf, sizeof(obuf), oends, 8);
	ck_assert_int_eq(pq_pop_batch(&q, &out), 5);
	ck_assert_uint_eq(id_at(&out, 4), 104);
	ck_assert_int_eq(pq_pop_batch(&q, &out), 1);
	ck_assert_uint_eq(id_at(&out, 0), 105);
	pq_destroy(&q);
}
END_TEST

START_TEST(test_full_blocks_until_pop)
{
	struct prod_queue q;
	struct pusher p = { .q = &q, .id = 99 };
	struct pq_stats st;
	size_t out[4];

	ck_assert_int_eq(pq_init(&q, 2, TEST_REC, PQ_BLOCK), 0);
	push1(&q, 1);
	push1(&q, 2);
	atomic_init(&p.done, false);
	pthread_create(&p.t, NULL, push_thread, &p);
	wait_waiters(&q, 1, 0);
	ck_assert_msg(!atomic_load(&p.done), "push on a full queue returned");
	ck_assert_int_eq(pop_ids(&q, out, 1), 1);
	ck_assert_uint_eq(out[0], 1);
	pthread_join(p.t, NULL);
	ck_assert_int_eq(p.ret, 0);
	ck_assert_int_eq(pop_ids(&q, out, 4), 2);
	ck_assert_uint_eq(out[0], 2);
	ck_assert_uint_eq(out[1], 99);
	pq_get_stats(&q, &st);
	ck_assert_uint_eq(st.accepted, 3);
	ck_assert_uint_eq(st.popped, 3);
	ck_assert_uint_eq(st.max_depth, 2);
	pq_destroy(&q);
}
END_TEST

struct big_pusher {
	struct prod_queue *q;
	const struct pq_batch *b;
	int ret;
	pthread_t t;
};

static void *big_push_thread(void *arg)
{
	struct big_pusher *p = arg;
	size_t taken;

	p->ret = pq_push_batch(p->q, p->b, &taken);
	return NULL;
}

/* A full byte ring blocks too, with record slots free. */
START_TEST(test_full_bytes_block)
{
	struct prod_queue q;
	struct pq_batch in, out;
	struct big_pusher p = { .q = &q, .b = &in };
	struct pq_stats st;
	size_t mib = 1 << 20, i, taken;
	char *rec = malloc(mib);

	ck_assert_ptr_nonnull(rec);
	memset(rec, 'x', mib);
	/* 64 records of 1 MiB would be 64 MiB: the ring holds 16 MiB. */
	ck_assert_int_eq(pq_init(&q, 64, mib, PQ_BLOCK), 0);
	ck_assert_int_eq(pq_batch_init(&in, 1, mib), 0);
	ck_assert_int_eq(pq_batch_init(&out, 8, 8 * mib), 0);
	ck_assert_int_eq(pq_batch_add(&in, rec, mib - 1), 0);
	for (i = 0; i < 16; i++) {
		ck_assert_int_eq(pq_push_batch(&q, &in, &taken), 0);
		ck_assert_uint_eq(taken, 1);
	}
	pthread_create(&p.t, NULL, big_push_thread, &p);
	wait_waiters(&q, 1, 0);
	pq_get_stats(&q, &st);
	ck_assert_uint_eq(st.depth, 16);
	/* Half the ring freed: the pusher is woken. */
	ck_assert_int_eq(pq_pop_batch(&q, &out), 8);
	ck_assert_uint_eq(out.len, 8 * mib);
	ck_assert(memcmp(out.buf + 7 * mib, rec, mib - 1) == 0);
	pthread_join(p.t, NULL);
	ck_assert_int_eq(p.ret, 0);
	pq_get_stats(&q, &st);
	ck_assert_uint_eq(st.depth, 9);
	ck_assert_uint_eq(st.accepted, 17);
	pq_batch_free(&out);
	pq_batch_free(&in);
	pq_destroy(&q);
	free(rec);
}
END_TEST

START_TEST(test_empty_blocks_until_push)
{
	struct prod_queue q;
	struct popper p = { .q = &q };

	ck_assert_int_eq(pq_init(&q, 2, TEST_REC, PQ_BLOCK), 0);
	pthread_create(&p.t, NULL, pop_thread, &p);
	wait_waiters(&q, 0, 1);
	ck_assert_int_eq(push1(&q, 7), 0);
	pthread_join(p.t, NULL);
	ck_assert_int_eq(p.n, 1);
	ck_assert_uint_eq(p.got[0], 7);
	pq_destroy(&q);
}
END_TEST

/*
 * Wake-ups go to one waiter at a time and are passed on: a pop that
 * empties a full queue lets three blocked pushers in (up to half full,
 * the signal is passed on), a push of three records feeds three blocked
 * one-record poppers.
 */
START_TEST(test_wakeups_passed_on)
{
	struct prod_queue q;
	struct pusher pu[3];
	struct popper po[3];
	struct pq_batch b;
	char buf[64];
	size_t ends[3], out[8], taken, seen = 0;
	int i;

	ck_assert_int_eq(pq_init(&q, 4, TEST_REC, PQ_BLOCK), 0);
	for (i = 0; i < 4; i++)
		push1(&q, (size_t)i);
	for (i = 0; i < 3; i++) {
		pu[i].q = &q;
		pu[i].id = 10 + (size_t)i;
		atomic_init(&pu[i].done, false);
		pthread_create(&pu[i].t, NULL, push_thread, &pu[i]);
	}
	wait_waiters(&q, 3, 0);
	ck_assert_int_eq(pop_ids(&q, out, 8), 4);
	for (i = 0; i < 3; i++) {
		pthread_join(pu[i].t, NULL);
		ck_assert_int_eq(pu[i].ret, 0);
	}
	ck_assert_int_eq(pop_ids(&q, out, 8), 3);

	for (i = 0; i < 3; i++) {
		po[i].q = &q;
		po[i].max = 1;
		pthread_create(&po[i].t, NULL, pop_thread, &po[i]);
	}
	wait_waiters(&q, 0, 3);
	batch_on(&b, buf, sizeof(buf), ends, 3);
	for (i = 0; i < 3; i++)
		add_id(&b, 20 + (size_t)i);
	ck_assert_int_eq(pq_push_batch(&q, &b, &taken), 0);
	ck_assert_uint_eq(taken, 3);
	for (i = 0; i < 3; i++) {
		pthread_join(po[i].t, NULL);
		ck_assert_int_eq(po[i].n, 1);
		seen |= 1u << (po[i].got[0] - 20);
	}
	ck_assert_uint_eq(seen, 7);
	pq_destroy(&q);
}
END_TEST

START_TEST(test_close_wakes_every_pusher)
{
	struct prod_queue q;
	struct pusher p[3];
	struct pq_stats st;
	size_t out[4];
	int i;

	ck_assert_int_eq(pq_init(&q, 1, TEST_REC, PQ_BLOCK), 0);
	push1(&q, 1);
	for (i = 0; i < 3; i++) {
		p[i].q = &q;
		p[i].id = 10 + (size_t)i;
		atomic_init(&p[i].done, false);
		pthread_create(&p[i].t, NULL, push_thread, &p[i]);
	}
	wait_waiters(&q, 3, 0);
	pq_close(&q);
	for (i = 0; i < 3; i++) {
		pthread_join(p[i].t, NULL);
		ck_assert_int_eq(p[i].ret, -EPIPE);
	}
	/* What was accepted is still drained after close. */
	ck_assert_int_eq(pop_ids(&q, out, 4), 1);
	ck_assert_uint_eq(out[0], 1);
	ck_assert_int_eq(pop_ids(&q, out, 4), 0);
	ck_assert_int_eq(push1(&q, 5), -EPIPE);
	pq_get_stats(&q, &st);
	ck_assert_uint_eq(st.accepted, 1);
	ck_assert_uint_eq(st.refused, 4);
	ck_assert(st.closed);
	pq_destroy(&q);
}
END_TEST

/* A batch blocked half way in: its first part stays, the rest refused. */
START_TEST(test_close_mid_batch)
{
	struct prod_queue q;
	struct pq_batch b;
	struct pq_stats st;
	char buf[64];
	size_t ends[5], out[8], taken, i;

	ck_assert_int_eq(pq_init(&q, 2, TEST_REC, PQ_BLOCK), 0);
	batch_on(&b, buf, sizeof(buf), ends, 5);
	for (i = 0; i < 5; i++)
		add_id(&b, i);
	pq_close(&q);
	ck_assert_int_eq(pq_push_batch(&q, &b, &taken), -EPIPE);
	ck_assert_uint_eq(taken, 0);
	pq_destroy(&q);

	ck_assert_int_eq(pq_init(&q, 2, TEST_REC, PQ_DROP), 0);
	ck_assert_int_eq(pq_push_batch(&q, &b, &taken), -ENOSPC);
	ck_assert_uint_eq(taken, 2);
	ck_assert_int_eq(pop_ids(&q, out, 8), 2);
	ck_assert_uint_eq(out[0], 0);
	ck_assert_uint_eq(out[1], 1);
	pq_get_stats(&q, &st);
	ck_assert_uint_eq(st.accepted, 2);
	ck_assert_uint_eq(st.dropped, 3);
	pq_destroy(&q);
}
END_TEST

START_TEST(test_close_wakes_every_popper)
{
	struct prod_queue q;
	struct popper p[3];
	int i;

	ck_assert_int_eq(pq_init(&q, 4, TEST_REC, PQ_BLOCK), 0);
	for (i = 0; i < 3; i++) {
		p[i].q = &q;
		p[i].max = 4;
		p[i].n = 99;
		pthread_create(&p[i].t, NULL, pop_thread, &p[i]);
	}
	wait_waiters(&q, 0, 3);
	pq_close(&q);
	for (i = 0; i < 3; i++) {
		pthread_join(p[i].t, NULL);
		ck_assert_int_eq(p[i].n, 0);
	}
	pq_destroy(&q);
}
END_TEST

START_TEST(test_drop_policy_counts_exactly)
{
	struct prod_queue q;
	struct pq_batch b;
	struct pq_stats st;
	char buf[16 * TEST_REC];
	size_t ends[16], i;
	int dropped = 0;

	ck_assert_int_eq(pq_init(&q, 10, TEST_REC, PQ_DROP), 0);
	for (i = 0; i < 25; i++)
		if (push1(&q, i) == -ENOSPC)
			dropped++;
	ck_assert_int_eq(dropped, 15);
	pq_get_stats(&q, &st);
	ck_assert_uint_eq(st.accepted, 10);
	ck_assert_uint_eq(st.dropped, 15);
	batch_on(&b, buf, sizeof(buf), ends, 16);
	ck_assert_int_eq(pq_pop_batch(&q, &b), 10);
	/* The first ten were kept, in order. */
	for (i = 0; i < 10; i++)
		ck_assert_uint_eq(id_at(&b, i), i);
	pq_destroy(&q);
}
END_TEST

#define GENS		8
#define WRITERS		4
#define PER_GEN		100000

/* Records per push of each generator, per pop of each writer. */
static const size_t gen_batch[GENS] = { 1, 64, 7, 64, 3, 16, 64, 33 };
static const size_t writer_batch[WRITERS] = { 64, 1, 5, 64 };

/* Shared by the drain test's threads. */
struct drain {
	struct prod_queue q;
	enum pq_policy policy;
	atomic_ullong dropped_seen;
	atomic_uint bad_push;
	unsigned char *seen[WRITERS];	/* per writer: id -> count */
	unsigned long long popped[WRITERS];
	int order_errors[WRITERS];
};

struct drain_arg {
	struct drain *d;
	unsigned int idx;
};

static void *drain_gen(void *arg)
{
	struct drain_arg *a = arg;
	size_t max = gen_batch[a->idx], i = 0, taken;
	struct pq_batch b;

	if (pq_batch_init(&b, max, max * TEST_REC)) {
		atomic_fetch_add(&a->d->bad_push, 1);
		return NULL;
	}
	while (i < PER_GEN) {
		int ret;

		pq_batch_reset(&b);
		for (; i < PER_GEN && b.n < max; i++)
			add_id(&b, a->idx * PER_GEN + i);
		ret = pq_push_batch(&a->d->q, &b, &taken);
		if (ret == -ENOSPC)
			atomic_fetch_add(&a->d->dropped_seen, b.n - taken);
		else if (ret || taken != b.n)
			atomic_fetch_add(&a->d->bad_push, 1);
	}
	pq_batch_free(&b);
	return NULL;
}

static void *drain_writer(void *arg)
{
	struct drain_arg *a = arg;
	struct drain *d = a->d;
	size_t last[GENS], i, g, max = writer_batch[a->idx];
	struct pq_batch b;
	int n;

	if (pq_batch_init(&b, max, max * TEST_REC))
		return NULL;
	for (g = 0; g < GENS; g++)
		last[g] = (size_t)-1;
	while ((n = pq_pop_batch(&d->q, &b)) > 0) {
		for (i = 0; i < (size_t)n; i++) {
			size_t id = id_at(&b, i);

			g = id / PER_GEN;
			/* FIFO: one generator's records arrive in order. */
			if (last[g] != (size_t)-1 && id <= last[g])
				d->order_errors[a->idx]++;
			last[g] = id;
			d->seen[a->idx][id]++;
		}
		d->popped[a->idx] += (size_t)n;
	}
	pq_batch_free(&b);
	return NULL;
}

static void run_drain(enum pq_policy policy, size_t cap)
{
	static struct drain d;
	struct drain_arg ga[GENS], wa[WRITERS];
	pthread_t gt[GENS], wt[WRITERS];
	unsigned long long total = 0;
	struct pq_stats st;
	size_t id;
	int i;

	ck_assert_int_eq(pq_init(&d.q, cap, TEST_REC, policy), 0);
	atomic_init(&d.dropped_seen, 0);
	atomic_init(&d.bad_push, 0);
	for (i = 0; i < WRITERS; i++) {
		d.seen[i] = calloc(GENS * PER_GEN, 1);
		d.popped[i] = 0;
		d.order_errors[i] = 0;
		wa[i].d = &d;
		wa[i].idx = (unsigned int)i;
		pthread_create(&wt[i], NULL, drain_writer, &wa[i]);
	}
	for (i = 0; i < GENS; i++) {
		ga[i].d = &d;
		ga[i].idx = (unsigned int)i;
		pthread_create(&gt[i], NULL, drain_gen, &ga[i]);
	}
	for (i = 0; i < GENS; i++)
		pthread_join(gt[i], NULL);
	/* Shutdown as the producer does it: close, writers drain. */
	pq_close(&d.q);
	for (i = 0; i < WRITERS; i++)
		pthread_join(wt[i], NULL);

	pq_get_stats(&d.q, &st);
	ck_assert_uint_eq(atomic_load(&d.bad_push), 0);
	for (i = 0; i < WRITERS; i++) {
		total += d.popped[i];
		ck_assert_int_eq(d.order_errors[i], 0);
	}
	ck_assert_uint_eq(st.accepted + st.dropped, GENS * PER_GEN);
	ck_assert_uint_eq(st.dropped, atomic_load(&d.dropped_seen));
	ck_assert_uint_eq(total, st.accepted);
	ck_assert_uint_eq(st.refused, 0);
	ck_assert_uint_eq(st.popped, st.accepted);
	ck_assert_uint_eq(st.depth, 0);
	if (policy == PQ_BLOCK)
		ck_assert_uint_eq(st.dropped, 0);
	/* Every accepted id exactly once, over all writers. */
	for (id = 0; id < GENS * PER_GEN; id++) {
		int n = 0;

		for (i = 0; i < WRITERS; i++)
			n += d.seen[i][id];
		ck_assert_msg(n <= 1, "id %zu popped %d times", id, n);
		if (policy == PQ_BLOCK)
			ck_assert_msg(n == 1, "id %zu lost", id);
	}
	for (i = 0; i < WRITERS; i++)
		free(d.seen[i]);
	pq_destroy(&d.q);
}

/* Generators that push until the queue is closed under them. */
struct racer {
	struct prod_queue *q;
	unsigned int idx;
	size_t accepted;
	pthread_t t;
};

static void *race_gen(void *arg)
{
	struct racer *r = arg;
	size_t max = gen_batch[r->idx], taken, id = 0;
	struct pq_batch b;
	int ret = 0;

	if (pq_batch_init(&b, max, max * TEST_REC))
		return NULL;
	while (!ret && id < PER_GEN) {
		size_t i;

		pq_batch_reset(&b);
		for (i = 0; i < max && id + i < PER_GEN; i++)
			add_id(&b, r->idx * PER_GEN + id + i);
		ret = pq_push_batch(r->q, &b, &taken);
		r->accepted += taken;
		id += b.n;
	}
	pq_batch_free(&b);
	return NULL;
}

/*
 * Close while generators are pushing (some copying their records in):
 * what was accepted is drained exactly once, each generator's accepted
 * records are a prefix of what it offered, and nothing else comes out.
 */
START_TEST(test_close_while_pushing)
{
	static struct drain d;
	struct racer rg[GENS];
	struct drain_arg wa[WRITERS];
	pthread_t wt[WRITERS];
	unsigned long long total = 0, accepted = 0;
	struct pq_stats st;
	size_t g, id;
	int i;

	ck_assert_int_eq(pq_init(&d.q, 64, TEST_REC, PQ_BLOCK), 0);
	for (i = 0; i < WRITERS; i++) {
		d.seen[i] = calloc(GENS * PER_GEN, 1);
		d.popped[i] = 0;
		d.order_errors[i] = 0;
		wa[i].d = &d;
		wa[i].idx = (unsigned int)i;
		pthread_create(&wt[i], NULL, drain_writer, &wa[i]);
	}
	for (g = 0; g < GENS; g++) {
		rg[g].q = &d.q;
		rg[g].idx = (unsigned int)g;
		rg[g].accepted = 0;
		pthread_create(&rg[g].t, NULL, race_gen, &rg[g]);
	}
	do {
		sched_yield();
		pq_get_stats(&d.q, &st);
	} while (st.accepted < GENS * PER_GEN / 4);
	pq_close(&d.q);
	for (g = 0; g < GENS; g++) {
		pthread_join(rg[g].t, NULL);
		accepted += rg[g].accepted;
	}
	for (i = 0; i < WRITERS; i++)
		pthread_join(wt[i], NULL);
	pq_get_stats(&d.q, &st);
	for (i = 0; i < WRITERS; i++) {
		total += d.popped[i];
		ck_assert_int_eq(d.order_errors[i], 0);
	}
	ck_assert_uint_eq(st.accepted, accepted);
	ck_assert_uint_eq(total, accepted);
	ck_assert_uint_eq(st.popped, accepted);
	ck_assert_uint_eq(st.depth, 0);
	for (g = 0; g < GENS; g++)
		for (id = g * PER_GEN; id < (g + 1) * PER_GEN; id++) {
			int n = 0;

			for (i = 0; i < WRITERS; i++)
				n += d.seen[i][id];
			ck_assert_msg(n == (id - g * PER_GEN < rg[g].accepted),
				      "id %zu popped %d times", id, n);
		}
	for (i = 0; i < WRITERS; i++)
		free(d.seen[i]);
	pq_destroy(&d.q);
}
END_TEST

START_TEST(test_drain_loses_nothing)
{
	run_drain(PQ_BLOCK, 256);
}
END_TEST

START_TEST(test_drain_drop_policy_exact)
{
	run_drain(PQ_DROP, 16);
}
END_TEST

Suite *make_prod_queue_suite(void)
{
	Suite *s = suite_create("prod_queue");
	TCase *tc = tcase_create("basic");

	tcase_add_test(tc, test_fifo_and_batch);
	tcase_add_test(tc, test_batch_bytes_and_wrap);
	tcase_add_test(tc, test_pop_byte_limit);
	tcase_add_test(tc, test_full_blocks_until_pop);
	tcase_add_test(tc, test_full_bytes_block);
	tcase_add_test(tc, test_empty_blocks_until_push);
	tcase_add_test(tc, test_wakeups_passed_on);
	tcase_add_test(tc, test_close_wakes_every_pusher);
	tcase_add_test(tc, test_close_mid_batch);
	tcase_add_test(tc, test_close_wakes_every_popper);
	tcase_add_test(tc, test_drop_policy_counts_exactly);
	suite_add_tcase(s, tc);
	tc = tcase_create("threads");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_drain_loses_nothing);
	tcase_add_test(tc, test_drain_drop_policy_exact);
	tcase_add_test(tc, test_close_while_pushing);
	suite_add_tcase(s, tc);
	return s;
}
