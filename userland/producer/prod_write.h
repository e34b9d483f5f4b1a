/* SPDX-License-Identifier: GPL-2.0 */
/*
 * prod_write: building records and writing batches of them to an fd with
 * the device's exact write() semantics.
 */
#ifndef LOGGER_PROD_WRITE_H
#define LOGGER_PROD_WRITE_H

#include <stddef.h>
#include <sys/types.h>

#include "jsonw.h"
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

/**
 * struct prod_wbuf - a writer's reusable batch buffer
 * @buf: the joined records.
 * @ends: end offset of each record (where its '\n' is).
 * @ends_cap: slots in @ends.
 */
struct prod_wbuf {
	struct lg_sbuf buf;
	size_t *ends;
	size_t ends_cap;
};

void prod_wbuf_init(struct prod_wbuf *wb);
void prod_wbuf_free(struct prod_wbuf *wb);
int prod_write_batch(int fd, const struct pq_item *items, size_t n,
		     struct prod_wbuf *wb, struct prod_wstats *st);
int prod_write_batch_fn(int fd, const struct pq_item *items, size_t n,
			struct prod_wbuf *wb, struct prod_wstats *st,
			ssize_t (*wr)(int fd, const void *buf, size_t len));

int prod_make_record(struct pq_item *it, unsigned int level, const char *tag,
		     const char *body, size_t len);
int prod_line_record(struct pq_item *it, const char *line, size_t len,
		     unsigned int default_level, const char *tag);
size_t prod_fill_body(char *buf, size_t size, unsigned int thread,
		      unsigned long long n);

#endif /* LOGGER_PROD_WRITE_H */
