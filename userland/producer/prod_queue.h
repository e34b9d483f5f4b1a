/* SPDX-License-Identifier: GPL-2.0 */
/*
 * prod_queue: the producer's bounded FIFO between generator threads and
 * writer threads.  See prod_queue.c for the design.
 */
#ifndef LOGGER_PROD_QUEUE_H
#define LOGGER_PROD_QUEUE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

/**
 * struct pq_item - one queued record
 * @data: the record bytes ("<N>message", no newline), malloc'ed by the
 *	generator, freed by whoever pops it.  Opaque to the queue.
 * @len: bytes at @data.
 */
struct pq_item {
	char *data;
	size_t len;
};

/* What pq_push() does when the queue is full. */
enum pq_policy {
	PQ_BLOCK,	/* wait for room (default) */
	PQ_DROP,	/* refuse the item and count it as dropped */
};

/**
 * struct prod_queue - bounded ring of pq_items
 * @lock: protects every field below it.
 * @not_full: signalled when a slot frees up, broadcast on close.
 * @not_empty: signalled when an item is added, broadcast on close.
 * @ring: @cap slots; items at @head .. @head + @count (mod @cap).
 * @cap: capacity in items.
 * @head: index of the oldest item.
 * @count: items queued now.
 * @policy: full-queue behaviour.
 * @closed: no more pushes; pops drain what is left, then return 0.
 * @accepted: items ever accepted by pq_push().
 * @dropped: items refused because the queue was full (PQ_DROP).
 * @refused: items refused because the queue was closed.
 * @popped: items ever handed out by pq_pop().
 * @max_depth: the largest @count seen.
 * @push_waiting: threads waiting in pq_push() now.
 * @pop_waiting: threads waiting in pq_pop() now.
 */
struct prod_queue {
	pthread_mutex_t lock;
	pthread_cond_t not_full;
	pthread_cond_t not_empty;
	struct pq_item *ring;
	size_t cap;
	size_t head;
	size_t count;
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

int pq_init(struct prod_queue *q, size_t cap, enum pq_policy policy);
void pq_destroy(struct prod_queue *q);
int pq_push(struct prod_queue *q, struct pq_item item);
size_t pq_pop(struct prod_queue *q, struct pq_item *out, size_t max);
void pq_close(struct prod_queue *q);
void pq_get_stats(struct prod_queue *q, struct pq_stats *st);

#endif /* LOGGER_PROD_QUEUE_H */
