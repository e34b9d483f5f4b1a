/* SPDX-License-Identifier: GPL-2.0 */
/*
 * prod_queue: the producer's bounded FIFO between generator threads and
 * writer threads, and the record batches that go in and out of it.  See
 * prod_queue.c for the design.
 */
#ifndef LOGGER_PROD_QUEUE_H
#define LOGGER_PROD_QUEUE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

/**
 * struct pq_batch - records joined as "r1\nr2\n...rn\n"
 * @buf: the bytes: exactly what one write() of the batch sends.
 * @size: room at @buf.
 * @len: bytes used.
 * @ends: offset in @buf of record i's '\n'.
 * @max: room in @ends, records.
 * @n: records in the batch.
 *
 * Generators fill one and push it (pq_push_batch()); writers pop into
 * one (pq_pop_batch()) and write @buf as it is.  Owned by one thread.
 */
struct pq_batch {
	char *buf;
	size_t size;
	size_t len;
	size_t *ends;
	size_t max;
	size_t n;
};

/* What pq_push_batch() does when the queue is full. */
enum pq_policy {
	PQ_BLOCK,	/* wait for room (default) */
	PQ_DROP,	/* refuse the records and count them as dropped */
};

/**
 * struct prod_queue - bounded FIFO of records, stored in a byte ring
 * @lock: protects every field below it.
 * @not_full: signalled when room frees up and a pusher waits.
 * @not_empty: signalled when records arrive and a popper waits.
 * @data: the byte ring: queued records, each with its '\n', in order;
 *	the oldest starts at @dhead, @dused bytes in all (mod @bytes).
 * @bytes: size of @data.
 * @dhead: offset of the oldest record's first byte.
 * @dused: bytes queued (claimed, ready or being filled).
 * @dclaimed: bytes of the claimed records (the first ones).
 * @max_rec: the longest record accepted, '\n' included.
 * @lens: @cap slots: the length ('\n' included) of each queued record,
 *	the oldest at @head, @count of them (mod @cap).
 * @done: @cap flags: the pusher filling the slot, or the popper copying
 *	it, is done with it (see prod_queue.c).
 * @cap: capacity in records.
 * @head: slot of the oldest record.
 * @count: records queued now: from @head, @nclaimed claimed by poppers,
 *	then @nready ready to pop, then the rest being filled by pushers.
 * @nclaimed: records poppers are copying out.
 * @nready: records ready to pop.
 * @policy: full-queue behaviour.
 * @closed: no more pushes; pops drain what is left, then return 0.
 * @accepted: records ever accepted.
 * @dropped: records refused because the queue was full (PQ_DROP).
 * @refused: records refused because the queue was closed.
 * @popped: records ever handed out by pq_pop_batch().
 * @max_depth: the largest @count seen.
 * @push_waiting: threads waiting in pq_push_batch() now.
 * @pop_waiting: threads waiting in pq_pop_batch() now.
 */
struct prod_queue {
	pthread_mutex_t lock;
	pthread_cond_t not_full;
	pthread_cond_t not_empty;
	char *data;
	size_t bytes;
	size_t dhead;
	size_t dused;
	size_t dclaimed;
	size_t max_rec;
	size_t *lens;
	unsigned char *done;
	size_t cap;
	size_t head;
	size_t count;
	size_t nclaimed;
	size_t nready;
	enum pq_policy policy;
	bool closed;
	unsigned long long accepted;
	unsigned long long dropped;
	unsigned long long refused;
	unsigned long long popped;
	size_t max_depth;
	unsigned int push_waiting;
	unsigned int pop_waiting;
};

/* A consistent snapshot of the counters, taken under the lock. */
struct pq_stats {
	size_t depth;
	size_t cap;
	size_t max_depth;
	unsigned long long accepted;
	unsigned long long dropped;
	unsigned long long refused;
	unsigned long long popped;
	unsigned int push_waiting;
	unsigned int pop_waiting;
	bool closed;
};

int pq_init(struct prod_queue *q, size_t cap, size_t max_rec,
	    enum pq_policy policy);
void pq_destroy(struct prod_queue *q);
int pq_push_batch(struct prod_queue *q, const struct pq_batch *b,
		  size_t *taken);
int pq_pop_batch(struct prod_queue *q, struct pq_batch *b);
void pq_close(struct prod_queue *q);
void pq_get_stats(struct prod_queue *q, struct pq_stats *st);

size_t pq_batch_bytes(size_t max, size_t max_rec);
int pq_batch_init(struct pq_batch *b, size_t max, size_t size);
void pq_batch_free(struct pq_batch *b);
int pq_batch_add(struct pq_batch *b, const char *rec, size_t len);

/* Empty @b (its memory is kept). */
static inline void pq_batch_reset(struct pq_batch *b)
{
	b->len = 0;
	b->n = 0;
}

/*
 * Room for one more record of up to @len bytes ('\n' excluded): where to
 * write it, or NULL when @b is full.  pq_batch_commit() then adds it.
 */
static inline char *pq_batch_room(struct pq_batch *b, size_t len)
{
	if (b->n == b->max || len >= b->size - b->len)
		return NULL;
	return b->buf + b->len;
}

/* Add the @len bytes written at pq_batch_room() as one record. */
static inline void pq_batch_commit(struct pq_batch *b, size_t len)
{
	b->buf[b->len + len] = '\n';
	b->len += len;
	b->ends[b->n++] = b->len++;
}

#endif /* LOGGER_PROD_QUEUE_H */
