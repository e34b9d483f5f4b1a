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
#include <stdlib.h>

#include "../../userland/producer/prod_queue.h"
#include "unit.h"

static struct pq_item item(size_t id)
{
	struct pq_item it = { NULL, id };

	return it;
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

	p->ret = pq_push(p->q, item(p->id));
	atomic_store(&p->done, true);
	return NULL;
}

struct popper {
	struct prod_queue *q;
	size_t n;
	struct pq_item got[4];
	pthread_t t;
};

static void *pop_thread(void *arg)
{
	struct popper *p = arg;

	p->n = pq_pop(p->q, p->got, 4);
	return NULL;
}

START_TEST(test_fifo_and_batch)
{
	struct prod_queue q;
	struct pq_item out[8];
	size_t i;

	ck_assert_int_eq(pq_init(&q, 4, PQ_BLOCK), 0);
	for (i = 1; i <= 4; i++)
		ck_assert_int_eq(pq_push(&q, item(i)), 0);
	ck_assert_uint_eq(pq_pop(&q, out, 3), 3);
	ck_assert_uint_eq(out[0].len, 1);
	ck_assert_uint_eq(out[2].len, 3);
	ck_assert_int_eq(pq_push(&q, item(5)), 0);
	ck_assert_uint_eq(pq_pop(&q, out, 8), 2);
	ck_assert_uint_eq(out[0].len, 4);
	ck_assert_uint_eq(out[1].len, 5);
	pq_destroy(&q);
	ck_assert_int_eq(pq_init(&q, 0, PQ_BLOCK), -EINVAL);
}
END_TEST

START_TEST(test_full_blocks_until_pop)
{
	struct prod_queue q;
	struct pusher p = { .q = &q, .id = 99 };
	struct pq_item out[4];
	struct pq_stats st;

	ck_assert_int_eq(pq_init(&q, 2, PQ_BLOCK), 0);
	pq_push(&q, item(1));
	pq_push(&q, item(2));
	atomic_init(&p.done, false);
	pthread_create(&p.t, NULL, push_thread, &p);
	wait_waiters(&q, 1, 0);
	ck_assert_msg(!atomic_load(&p.done), "push on a full queue returned");
	ck_assert_uint_eq(pq_pop(&q, out, 1), 1);
	ck_assert_uint_eq(out[0].len, 1);
	pthread_join(p.t, NULL);
	ck_assert_int_eq(p.ret, 0);
	ck_assert_uint_eq(pq_pop(&q, out, 4), 2);
	ck_assert_uint_eq(out[0].len, 2);
	ck_assert_uint_eq(out[1].len, 99);
	pq_get_stats(&q, &st);
	ck_assert_uint_eq(st.accepted, 3);
	ck_assert_uint_eq(st.popped, 3);
	ck_assert_uint_eq(st.max_depth, 2);
	pq_destroy(&q);
}
END_TEST

START_TEST(test_empty_blocks_until_push)
{
	struct prod_queue q;
	struct popper p = { .q = &q };

	ck_assert_int_eq(pq_init(&q, 2, PQ_BLOCK), 0);
	pthread_create(&p.t, NULL, pop_thread, &p);
	wait_waiters(&q, 0, 1);
	ck_assert_int_eq(pq_push(&q, item(7)), 0);
	pthread_join(p.t, NULL);
	ck_assert_uint_eq(p.n, 1);
	ck_assert_uint_eq(p.got[0].len, 7);
	pq_destroy(&q);
}
END_TEST

START_TEST(test_close_wakes_every_pusher)
{
	struct prod_queue q;
	struct pusher p[3];
	struct pq_item out[4];
	struct pq_stats st;
	int i;

	ck_assert_int_eq(pq_init(&q, 1, PQ_BLOCK), 0);
	pq_push(&q, item(1));
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
	ck_assert_uint_eq(pq_pop(&q, out, 4), 1);
	ck_assert_uint_eq(out[0].len, 1);
	ck_assert_uint_eq(pq_pop(&q, out, 4), 0);
	ck_assert_int_eq(pq_push(&q, item(5)), -EPIPE);
	pq_get_stats(&q, &st);
	ck_assert_uint_eq(st.accepted, 1);
	ck_assert_uint_eq(st.refused, 4);
	ck_assert(st.closed);
	pq_destroy(&q);
}
END_TEST

START_TEST(test_close_wakes_every_popper)
{
	struct prod_queue q;
	struct popper p[3];
	int i;

	ck_assert_int_eq(pq_init(&q, 4, PQ_BLOCK), 0);
	for (i = 0; i < 3; i++) {
		p[i].q = &q;
		p[i].n = 99;
		pthread_create(&p[i].t, NULL, pop_thread, &p[i]);
	}
	wait_waiters(&q, 0, 3);
	pq_close(&q);
	for (i = 0; i < 3; i++) {
		pthread_join(p[i].t, NULL);
		ck_assert_uint_eq(p[i].n, 0);
	}
	pq_destroy(&q);
}
END_TEST

START_TEST(test_drop_policy_counts_exactly)
{
	struct prod_queue q;
	struct pq_item out[16];
	struct pq_stats st;
	size_t i;
	int dropped = 0;

	ck_assert_int_eq(pq_init(&q, 10, PQ_DROP), 0);
	for (i = 0; i < 25; i++)
		if (pq_push(&q, item(i)) == -ENOSPC)
			dropped++;
	ck_assert_int_eq(dropped, 15);
	pq_get_stats(&q, &st);
	ck_assert_uint_eq(st.accepted, 10);
	ck_assert_uint_eq(st.dropped, 15);
	ck_assert_uint_eq(pq_pop(&q, out, 16), 10);
	/* The first ten were kept, in order. */
	for (i = 0; i < 10; i++)
		ck_assert_uint_eq(out[i].len, i);
	pq_destroy(&q);
}
END_TEST

#define GENS		8
#define WRITERS		4
#define PER_GEN		100000

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
	size_t i;

	for (i = 0; i < PER_GEN; i++) {
		int ret = pq_push(&a->d->q, item(a->idx * PER_GEN + i));

		if (ret == -ENOSPC)
			atomic_fetch_add(&a->d->dropped_seen, 1);
		else if (ret)
			atomic_fetch_add(&a->d->bad_push, 1);
	}
	return NULL;
}

static void *drain_writer(void *arg)
{
	struct drain_arg *a = arg;
	struct drain *d = a->d;
	size_t last[GENS], i, n, g;
	struct pq_item out[64];

	for (g = 0; g < GENS; g++)
		last[g] = (size_t)-1;
	while ((n = pq_pop(&d->q, out, 64)) > 0) {
		for (i = 0; i < n; i++) {
			size_t id = out[i].len;

			g = id / PER_GEN;
			/* FIFO: one generator's items arrive in order. */
			if (last[g] != (size_t)-1 && id <= last[g])
				d->order_errors[a->idx]++;
			last[g] = id;
			d->seen[a->idx][id]++;
		}
		d->popped[a->idx] += n;
	}
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

	ck_assert_int_eq(pq_init(&d.q, cap, policy), 0);
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
	tcase_add_test(tc, test_full_blocks_until_pop);
	tcase_add_test(tc, test_empty_blocks_until_push);
	tcase_add_test(tc, test_close_wakes_every_pusher);
	tcase_add_test(tc, test_close_wakes_every_popper);
	tcase_add_test(tc, test_drop_policy_counts_exactly);
	suite_add_tcase(s, tc);
	tc = tcase_create("threads");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_drain_loses_nothing);
	tcase_add_test(tc, test_drain_drop_policy_exact);
	suite_add_tcase(s, tc);
	return s;
}
