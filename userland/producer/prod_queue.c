// SPDX-License-Identifier: GPL-2.0
/*
 * prod_queue: bounded FIFO between the producer's generator threads and
 * its writer threads.
 *
 * DESIGN
 *   One pthread_mutex_t guards the ring and every counter; two condition
 *   variables say "not full" (generators wait on it) and "not empty"
 *   (writers wait on it).  Every wait re-checks its predicate in a loop,
 *   so spurious wake-ups and stolen room are harmless.  Shutdown is a
 *   closed flag plus a broadcast on both conditions, never thread
 *   cancellation.
 *
 *   Storage: the records themselves live in the queue, in a byte ring,
 *   each followed by its '\n', so the queued bytes are already the
 *   text a write() sends.  A second ring holds each record's length.
 *   The queue is full when it holds @cap records or the next record does
 *   not fit in the byte ring.  The byte ring holds @cap records of
 *   @max_rec bytes, up to PQ_RING_MAX bytes (at least one record):
 *   only records of more than PQ_RING_MAX / @cap bytes can fill it
 *   before @cap records.  No allocation after pq_init().
 *
 *   Batches: records move in struct pq_batch, a buffer of joined records
 *   ("r1\nr2\n"), a whole batch per lock acquisition.  The copies are
 *   made with the lock dropped:
 *   - a push reserves room for as many records as fit (slots and bytes
 *     at the tail), drops the lock, copies the batch's bytes in, retakes
 *     the lock and marks the slots filled;
 *   - a pop claims the oldest ready records (as many as its batch holds),
 *     drops the lock, copies them out into the writer's batch (written
 *     as it is afterwards), retakes the lock and marks them done.
 *   So from @head the ring holds: records claimed by poppers, records
 *   ready to pop, records being filled.  Pushers and poppers finish out
 *   of order: a record becomes ready only once it and every record
 *   before it are filled, and its room is freed only once it and every
 *   record before it are done (the @done flags); FIFO order and the
 *   byte ring's contiguity follow.  A pop waits while nothing is ready;
 *   after pq_close() it returns 0 once nothing is ready or being filled.
 *
 *   Wake-ups: a push signals "not empty" only when a popper waits; a pop
 *   signals "not full" only when a pusher waits and the queue is at most
 *   half full (hysteresis: a generator woken then has room for several
 *   batches, instead of being woken for every batch a writer takes).
 *   One thread is signalled each time; a woken thread that leaves work
 *   behind passes the signal on to the next waiter (records left for
 *   poppers, a half-free queue for pushers).  Every predicate change
 *   happens under the lock, so no wake-up is lost; a woken waiter whose
 *   predicate still fails waits again, and the ring has room for any
 *   record once it is empty, so the pop that empties it always wakes a
 *   pusher that can proceed.
 *
 *   Guarantees:
 *   - A record pq_push_batch() accepted is handed out by exactly one
 *     pq_pop_batch(), also after pq_close(): pops drain the ring and only
 *     then return 0.  So "drain on shutdown" is: close, then pop until 0.
 *   - Records come out in the order they were accepted (FIFO); a batch's
 *     records are accepted in order, and always a prefix of the batch.
 *   - With PQ_DROP a push on a full queue never waits; the records that
 *     do not fit are refused and counted in @dropped.  accepted + dropped
 *     + refused is exactly the number of records offered.
 *   - pq_close() wakes every waiter: blocked pushers return -EPIPE (the
 *     rest of their batch counted as refused), blocked poppers drain or
 *     return 0.
 *   Non-goals: no priorities, no per-record timeouts, no lock-free path.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "prod_queue.h"

/* Largest byte ring pq_init() allocates (unless one record needs more). */
#define PQ_RING_MAX	(16u << 20)
/* Largest piece copy() hands to memcpy(). */
#define PQ_COPY_MAX	4096
/* Largest batch buffer pq_batch_bytes() suggests (unless one record). */
#define PQ_BATCH_MAX	(256u << 10)

int pq_init(struct prod_queue *q, size_t cap, size_t max_rec,
	    enum pq_policy policy)
{
	int ret = ENOMEM;

	if (!cap || max_rec < 2)
		return -EINVAL;
	q->bytes = cap > PQ_RING_MAX / max_rec ? PQ_RING_MAX : cap * max_rec;
	if (q->bytes < max_rec)
		q->bytes = max_rec;
	q->data = malloc(q->bytes);
	if (!q->data)
		return -ENOMEM;
	q->lens = calloc(cap, sizeof(*q->lens));
	if (!q->lens)
		goto err_free_data;
	q->done = calloc(cap, sizeof(*q->done));
	if (!q->done)
		goto err_free_lens;
	ret = pthread_mutex_init(&q->lock, NULL);
	if (ret)
		goto err_free_lens;
	ret = pthread_cond_init(&q->not_full, NULL);
	if (ret)
		goto err_destroy_lock;
	ret = pthread_cond_init(&q->not_empty, NULL);
	if (ret)
		goto err_destroy_not_full;
	q->dhead = 0;
	q->dused = 0;
	q->dclaimed = 0;
	q->max_rec = max_rec;
	q->cap = cap;
	q->head = 0;
	q->count = 0;
	q->nclaimed = 0;
	q->nready = 0;
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
err_free_lens:
	free(q->done);
	q->done = NULL;
	free(q->lens);
	q->lens = NULL;
err_free_data:
	free(q->data);
	q->data = NULL;
	return -ret;
}

/* No thread may use the queue any more.  Records still queued are lost. */
void pq_destroy(struct prod_queue *q)
{
	pthread_cond_destroy(&q->not_empty);
	pthread_cond_destroy(&q->not_full);
	pthread_mutex_destroy(&q->lock);
	free(q->done);
	q->done = NULL;
	free(q->lens);
	q->lens = NULL;
	free(q->data);
	q->data = NULL;
}

/* @i (< 2 * @n) wrapped into [0, @n). */
static size_t wrap(size_t i, size_t n)
{
	return i >= n ? i - n : i;
}

/*
 * At most half full, in records and in bytes?  Blocked pushers are woken
 * only then, so that each wake-up is worth several batches.  Under lock.
 */
static bool pq_half_free(const struct prod_queue *q)
{
	return q->count <= q->cap / 2 && q->dused <= q->bytes / 2;
}

/* Room for one more record of @len bytes ('\n' included)?  Under lock. */
static bool pq_room(const struct prod_queue *q, size_t len)
{
	return q->count < q->cap && len <= q->bytes - q->dused;
}

/*
 * Wake a popper if one may go on: records ready, or the end of the
 * stream (closed, nothing ready or being filled: every waiter returns).
 * Under lock.
 */
static void wake_poppers(struct prod_queue *q)
{
	if (!q->pop_waiting)
		return;
	if (q->nready)
		pthread_cond_signal(&q->not_empty);
	else if (q->closed && q->count == q->nclaimed)
		pthread_cond_broadcast(&q->not_empty);
}

/*
 * memcpy() in pieces of at most PQ_COPY_MAX bytes.  Past a few KiB glibc
 * copies with "rep movsb", which an emulated CPU (qemu TCG, the test VM)
 * runs a byte at a time: one 8 KiB memcpy() costs there several times
 * two 4 KiB ones.  On hardware the pieces cost nothing measurable.
 */
static void copy(char *dst, const char *src, size_t n)
{
	while (n > PQ_COPY_MAX) {
		memcpy(dst, src, PQ_COPY_MAX);
		dst += PQ_COPY_MAX;
		src += PQ_COPY_MAX;
		n -= PQ_COPY_MAX;
	}
	memcpy(dst, src, n);
}

/* Copy @n bytes to ring offset @off, wrapping.  No lock: reserved. */
static void ring_put(struct prod_queue *q, size_t off, const char *src,
		     size_t n)
{
	size_t first = q->bytes - off < n ? q->bytes - off : n;

	copy(q->data + off, src, first);
	copy(q->data, src + first, n - first);
}

/* Copy @n bytes from ring offset @off, wrapping.  No lock: claimed. */
static void ring_get(const struct prod_queue *q, size_t off, char *dst,
		     size_t n)
{
	size_t first = q->bytes - off < n ? q->bytes - off : n;

	copy(dst, q->data + off, first);
	copy(dst + first, q->data, n - first);
}

/*
 * Reserve room for the records of @b from @i on that fit now: their
 * slots from *@slot, their bytes (*@nb of them) from ring offset *@off.
 * Returns the index of the first record left.  Under lock; record @i
 * fits.
 */
static size_t reserve_run(struct prod_queue *q, const struct pq_batch *b,
			  size_t i, size_t *slot, size_t *off, size_t *nb)
{
	size_t start = i ? b->ends[i - 1] + 1 : 0, end = start;
	size_t tail = wrap(q->head + q->count, q->cap);
	size_t room = q->bytes - q->dused;

	*slot = tail;
	*off = wrap(q->dhead + q->dused, q->bytes);
	while (i < b->n && q->count < q->cap) {
		size_t len = b->ends[i] + 1 - end;

		if (len > room)
			break;
		room -= len;
		end += len;
		q->lens[tail] = len;
		tail = wrap(tail + 1, q->cap);
		q->count++;
		i++;
	}
	*nb = end - start;
	q->dused += *nb;
	return i;
}

/*
 * The @n slots from @slot are filled: records become ready, in order, up
 * to the first slot still being filled.  Under lock.
 */
static void commit_run(struct prod_queue *q, size_t slot, size_t n)
{
	size_t idx = wrap(q->head + q->nclaimed + q->nready, q->cap);

	while (n--) {
		q->done[slot] = 1;
		slot = wrap(slot + 1, q->cap);
	}
	while (q->nclaimed + q->nready < q->count && q->done[idx]) {
		q->done[idx] = 0;
		q->nready++;
		idx = wrap(idx + 1, q->cap);
	}
	wake_poppers(q);
}

/**
 * pq_push_batch() - queue the records of a batch, in order
 * @q: the queue.
 * @b: the records; copied, @b is not changed.
 * @taken: set to the number of records accepted (always a prefix of @b).
 *
 * With PQ_BLOCK, waits for room as long as the queue is open (records
 * that fit are accepted, and may be popped, while it waits for more).
 *
 * Return: 0 when every record was accepted; -ENOSPC when the queue was
 * full under PQ_DROP (the rest counted as dropped); -EPIPE when the queue
 * is closed (the rest counted as refused); -EMSGSIZE, nothing accepted
 * nor counted, when a record is longer than the queue's @max_rec.
 */
int pq_push_batch(struct prod_queue *q, const struct pq_batch *b,
		  size_t *taken)
{
	size_t i, start = 0;
	int ret = 0;

	for (i = 0; i < b->n; i++) {
		if (b->ends[i] + 1 - start > q->max_rec) {
			*taken = 0;
			return -EMSGSIZE;
		}
		start = b->ends[i] + 1;
	}
	i = 0;
	pthread_mutex_lock(&q->lock);
	while (i < b->n) {
		size_t len = b->ends[i] + 1 - (i ? b->ends[i - 1] + 1 : 0);
		size_t first = i, slot, off, nb;

		while (!q->closed && !pq_room(q, len)) {
			if (q->policy == PQ_DROP) {
				q->dropped += b->n - i;
				ret = -ENOSPC;
				goto out;
			}
			q->push_waiting++;
			pthread_cond_wait(&q->not_full, &q->lock);
			q->push_waiting--;
		}
		if (q->closed) {
			q->refused += b->n - i;
			ret = -EPIPE;
			goto out;
		}
		i = reserve_run(q, b, i, &slot, &off, &nb);
		q->accepted += i - first;
		if (q->count > q->max_depth)
			q->max_depth = q->count;
		/* The room is ours: fill it without the lock. */
		pthread_mutex_unlock(&q->lock);
		ring_put(q, off, b->buf + (first ? b->ends[first - 1] + 1 : 0),
			 nb);
		pthread_mutex_lock(&q->lock);
		commit_run(q, slot, i - first);
	}
	/* Still half free: the next waiting pusher may go on. */
	if (q->push_waiting && pq_half_free(q))
		pthread_cond_signal(&q->not_full);
out:
	pthread_mutex_unlock(&q->lock);
	*taken = i;
	return ret;
}

/**
 * pq_pop_batch() - take the oldest records into a batch
 * @q: the queue.
 * @b: emptied, then filled with up to @b->max records, as many as fit
 *	in @b->size bytes; @b->size must be at least the queue's @max_rec.
 *
 * Waits while no record is ready and the stream has not ended (closed,
 * and no record left that another thread is still filling).
 *
 * Return: the number of records in @b; 0 only when the queue is closed
 * and empty (the end of the stream); -EINVAL when @b is too small.
 */
int pq_pop_batch(struct prod_queue *q, struct pq_batch *b)
{
	size_t n = 0, len = 0, i, idx, slot, off;

	pq_batch_reset(b);
	if (!b->max || b->size < q->max_rec)
		return -EINVAL;
	pthread_mutex_lock(&q->lock);
	while (!q->nready) {
		if (q->closed && q->count == q->nclaimed) {
			pthread_mutex_unlock(&q->lock);
			return 0;
		}
		q->pop_waiting++;
		pthread_cond_wait(&q->not_empty, &q->lock);
		q->pop_waiting--;
	}
	/* Claim the oldest ready records that fit. */
	slot = wrap(q->head + q->nclaimed, q->cap);
	off = wrap(q->dhead + q->dclaimed, q->bytes);
	idx = slot;
	while (n < q->nready && n < b->max && q->lens[idx] <= b->size - len) {
		len += q->lens[idx];
		b->ends[n++] = len - 1;
		idx = wrap(idx + 1, q->cap);
	}
	q->nclaimed += n;
	q->nready -= n;
	q->dclaimed += len;
	q->popped += n;
	wake_poppers(q);
	/* The records are ours: copy them without the lock. */
	pthread_mutex_unlock(&q->lock);
	ring_get(q, off, b->buf, len);
	pthread_mutex_lock(&q->lock);
	/* Free them, and the ones before that other poppers are done with. */
	for (idx = slot, i = 0; i < n; i++, idx = wrap(idx + 1, q->cap))
		q->done[idx] = 1;
	while (q->nclaimed && q->done[q->head]) {
		size_t l = q->lens[q->head];

		q->done[q->head] = 0;
		q->nclaimed--;
		q->count--;
		q->dclaimed -= l;
		q->dused -= l;
		q->dhead = wrap(q->dhead + l, q->bytes);
		q->head = wrap(q->head + 1, q->cap);
	}
	if (q->push_waiting && pq_half_free(q))
		pthread_cond_signal(&q->not_full);
	pthread_mutex_unlock(&q->lock);
	b->n = n;
	b->len = len;
	return (int)n;
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

/*
 * The buffer size for a batch of up to @max records of up to @max_rec
 * bytes each ('\n' included): all of them, up to PQ_BATCH_MAX, and never
 * less than one record.
 */
size_t pq_batch_bytes(size_t max, size_t max_rec)
{
	size_t size = max > PQ_BATCH_MAX / max_rec ? PQ_BATCH_MAX :
						       max * max_rec;

	return size < max_rec ? max_rec : size;
}

/* A batch of up to @max records in @size bytes; 0 or -ENOMEM. */
int pq_batch_init(struct pq_batch *b, size_t max, size_t size)
{
	b->buf = malloc(size);
	b->ends = calloc(max, sizeof(*b->ends));
	if (!b->buf || !b->ends) {
		pq_batch_free(b);
		return -ENOMEM;
	}
	b->size = size;
	b->max = max;
	pq_batch_reset(b);
	return 0;
}

void pq_batch_free(struct pq_batch *b)
{
	free(b->buf);
	free(b->ends);
	b->buf = NULL;
	b->ends = NULL;
	b->size = 0;
	b->max = 0;
	pq_batch_reset(b);
}

/* Append @len bytes (no '\n' in them) as one record: 0 or -ENOSPC. */
int pq_batch_add(struct pq_batch *b, const char *rec, size_t len)
{
	char *p = pq_batch_room(b, len);

	if (!p)
		return -ENOSPC;
	memcpy(p, rec, len);
	pq_batch_commit(b, len);
	return 0;
}
