/* SPDX-License-Identifier: GPL-2.0 */
/*
 * prod_write: building records into batches and writing batches to an fd
 * with the device's exact write() semantics.
 */
#ifndef LOGGER_PROD_WRITE_H
#define LOGGER_PROD_WRITE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "prod_queue.h"

/**
 * struct prod_wstats - what one writer did
 * @written: records the fd accepted.
 * @oversized: records refused with EMSGSIZE (longer than the device's
 *	largest record); never retried.
 * @failed: records not written because of a fatal write error.
 * @writes: write() calls that returned > 0.
 * @bytes: bytes accepted.
 */
struct prod_wstats {
	unsigned long long written;
	unsigned long long oversized;
	unsigned long long failed;
	unsigned long long writes;
	unsigned long long bytes;
};

int prod_write_batch(int fd, const struct pq_batch *b,
		     struct prod_wstats *st, const atomic_bool *abort);
int prod_write_batch_fn(int fd, const struct pq_batch *b,
			struct prod_wstats *st,
			ssize_t (*wr)(int fd, const void *buf, size_t len),
			const atomic_bool *abort);

/**
 * struct prod_line_opts - how lines become records
 * @facility: facility of every record (1..23).
 * @level: level of lines without their own prefix.
 * @tag: NULL or the tag ("TAG: " before the message).
 * @prio_prefix: a line may start with "<N>".
 * @max_msg: longest message (tag included) accepted.
 */
struct prod_line_opts {
	unsigned int facility;
	unsigned int level;
	const char *tag;
	bool prio_prefix;
	size_t max_msg;
};

int prod_set_tag(int fd, const char *tag);
void prod_tag_error(char *buf, size_t size, int err, const char *device,
		    const char *tag);
size_t prod_msg_len(const char *tag, size_t body);
size_t prod_record_max(const char *tag, size_t body);
int prod_add_record(struct pq_batch *b, unsigned int facility,
		    unsigned int level, const char *tag, const char *body,
		    size_t len);
int prod_add_line(struct pq_batch *b, const char *line, size_t len,
		  const struct prod_line_opts *lp);
size_t prod_fill_body(char *buf, size_t size, unsigned int thread,
		      unsigned long long n);

/**
 * struct prod_gen - one generator thread's record maker and its batch
 * @batch: the records made, for pq_push_batch(); only prod_gen_add()
 *	writes into it (reset it with pq_batch_reset()).
 * @tag: NULL or the tag.
 * @tlen: strlen(@tag).
 * @size: body bytes.
 * @mlen: message bytes: "TAG: " and the body.
 * @facility: facility of every record.
 * @pattern: @size bytes of "abc...zabc...", the body after its head.
 * @head: "T<thread> N", the fixed start of every body's head.
 * @hlen: bytes at @head.
 * @shape: for each record index of @batch, the shape of the record last
 *	made there: its offset, prefix length and digits of N.
 * @valid: records 0 .. @valid - 1 of @shape are intact in @batch's
 *	buffer: a record made at such an index with the same shape only
 *	needs its prefix and its digits written.
 */
struct prod_gen {
	struct pq_batch batch;
	const char *tag;
	size_t tlen;
	size_t size;
	size_t mlen;
	unsigned int facility;
	char *pattern;
	char head[16];
	size_t hlen;
	size_t *shape;
	size_t valid;
};

int prod_gen_init(struct prod_gen *g, const char *tag, size_t size,
		  unsigned int facility, unsigned int thread, size_t max,
		  size_t bytes);
void prod_gen_free(struct prod_gen *g);
int prod_gen_add(struct prod_gen *g, unsigned int level,
		 unsigned long long n);

#endif /* LOGGER_PROD_WRITE_H */
