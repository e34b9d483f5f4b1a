// SPDX-License-Identifier: GPL-2.0
/*
 * prod_queue: bounded FIFO between the producer's generator threads and
 * its writer threads.
 *
 * DESIGN
 *   One pthread_mutex_t guards the ring and every counter; two condition
 *   variables say "not full" (generators wait on it) and "not empty"
 *   (writers wait on it).  Every wait re-checks its predicate in a loop,
 *   so spurious wake-ups and stolen slots are harmless.  Shutdown is a
 *   closed flag plus a broadcast on both conditions, never thread
 *   cancellation.
 *
 *   Guarantees:
 *   - An item pq_push() accepted (returned 0) is handed out by exactly one
 *     pq_pop(), also after pq_close(): pops drain the ring and only then
 *     return 0.  So "drain on shutdown" is: close, then pop until 0.
 *   - Items come out in the order they were accepted (FIFO).
 *   - With PQ_DROP a push on a full queue never waits; the item is refused
 *     and counted in @dropped.  accepted + dropped + refused is exactly
 *     the number of pq_push() calls.
 *   - pq_close() wakes every waiter: blocked pushers return -EPIPE,
 *     blocked poppers drain or return 0.
 *   Non-goals: no priorities, no per-item timeouts, no lock-free path;
 *   the queue never frees or copies item data (pq_destroy() frees what
 *   is left, for the error paths).
 */
#include <errno.h>
#include <stdlib.h>

#include "prod_queue.h"

int pq_init(struct prod_queue *q, size_t cap, enum pq_policy policy)
{
	int ret;

	if (!cap)
		return -EINVAL;
	q->ring = calloc(cap, sizeof(*q->ring));
	if (!q->ring)
		return -ENOMEM;
	ret = pthread_mutex_init(&q->lock, NULL);
	if (ret)
		goto err_free_ring;
	ret = pthread_cond_init(&q->not_full, NULL);
	if (ret)
		goto err_destroy_lock;
	ret = pthread_cond_init(&q->not_empty, NULL);
	if (ret)
		goto err_destroy_not_full;
	q->cap = cap;
	q->head = 0;
	q->count = 0;
	q->policy = policy;
	q->closed = false;
	q->accepted = 0;
	q->dropped = 0;
	q->refused = 0;
	q->popped = 0;
	q->max_depth = 0;
	q->push_waiting = 0;
	q->pop_waiting = 0;
	return 0;

err_destroy_not_full:
	pthread_cond_destroy(&q->not_full);
err_destroy_lock:
	pthread_mutex_destroy(&q->lock);
err_free_ring:
	free(q->ring);
	q->ring = NULL;
	return -ret;
}

/* No thread may use the queue any more.  Frees items still queued. */
void pq_destroy(struct prod_queue *q)
{
	while (q->count) {
		free(q->ring[q->head].data);
		q->head = (q->head + 1) % q->cap;
		q->count--;
	}
	pthread_cond_destroy(&q->not_empty);
	pthread_cond_destroy(&q->not_full);
	pthread_mutex_destroy(&q->lock);
	free(q->ring);
	q->ring = NULL;
}

/**
 * pq_push() - queue one item
 * @q: the queue.
 * @item: the item; on success the queue owns it until it is popped.
 *
 * Return: 0 when accepted; -ENOSPC when the queue is full under PQ_DROP
 * (counted as dropped); -EPIPE when the queue is closed.  On error the
 * caller still owns @item.
 */
int pq_push(struct prod_queue *q, struct pq_item item)
{
	int ret = 0;

	pthread_mutex_lock(&q->lock);
	while (q->count == q->cap && !q->closed) {
		if (q->policy == PQ_DROP) {
			q->dropped++;
			ret = -ENOSPC;
			goto out;
		}
		q->push_waiting++;
		pthread_cond_wait(&q->not_full, &q->lock);
		q->push_waiting--;
	}
	if (q->closed) {
		q->refused++;
		ret = -EPIPE;
		goto out;
	}
	q->ring[(q->head + q->count) % q->cap] = item;
	q->count++;
	q->accepted++;
	if (q->count > q->max_depth)
		q->max_depth = q->count;
	pthread_cond_signal(&q->not_empty);
out:
	pthread_mutex_unlock(&q->lock);
	return ret;
}

/**
 * pq_pop() - take up to @max items, oldest first
 * @q: the queue.
 * @out: room for @max items.
 * @max: at least 1.
 *
 * Waits while the queue is empty and open.
 *
 * Return: the number of items stored in @out; 0 only when the queue is
 * closed and empty (the end of the stream).
 */
size_t pq_pop(struct prod_queue *q, struct pq_item *out, size_t max)
{
	size_t n = 0;

	pthread_mutex_lock(&q->lock);
	while (q->count == 0 && !q->closed) {
		q->pop_waiting++;
		pthread_cond_wait(&q->not_empty, &q->lock);
		q->pop_waiting--;
	}
	while (n < max && q->count) {
		out[n++] = q->ring[q->head];
		q->head = (q->head + 1) % q->cap;
		q->count--;
	}
	q->popped += n;
	/* n slots freed: one pusher each may proceed. */
	if (n == 1)
		pthread_cond_signal(&q->not_full);
	else if (n > 1)
		pthread_cond_broadcast(&q->not_full);
	pthread_mutex_unlock(&q->lock);
	return n;
}

/* Refuse further pushes and wake every waiter.  Idempotent. */
void pq_close(struct prod_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->closed = true;
	pthread_cond_broadcast(&q->not_full);
	pthread_cond_broadcast(&q->not_empty);
	pthread_mutex_unlock(&q->lock);
}

void pq_get_stats(struct prod_queue *q, struct pq_stats *st)
{
	pthread_mutex_lock(&q->lock);
	st->depth = q->count;
	st->cap = q->cap;
	st->max_depth = q->max_depth;
	st->accepted = q->accepted;
	st->dropped = q->dropped;
	st->refused = q->refused;
	st->popped = q->popped;
	st->push_waiting = q->push_waiting;
	st->pop_waiting = q->pop_waiting;
	st->closed = q->closed;
	pthread_mutex_unlock(&q->lock);
}
