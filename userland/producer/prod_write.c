// SPDX-License-Identifier: GPL-2.0
/*
 * prod_write: records in, write() calls out.
 *
 * DESIGN
 *   A batch of n records is joined as "r1\nr2\n...rn\n" and written with
 *   as few write() calls as the fd allows.  /dev/logger's contract
 *   (SPEC §2) is handled exactly:
 *   - write() returns the bytes consumed; a short write means "the records
 *     before this point were taken": the rest is written again from the
 *     first byte not consumed (whether the device counted the separator
 *     or not: a leading '\n' is an empty line, which it ignores).  A short
 *     write inside a record (a pipe could do that) resumes at that byte.
 *   - EMSGSIZE means the record at the current offset is longer than the
 *     device's largest record.  It is counted as oversized and skipped,
 *     never retried; the records after it are still written.
 *   - EINTR is retried; EAGAIN waits for POLLOUT and is retried.
 *   - Anything else is fatal for this batch: the records not yet taken
 *     count as failed and the error is returned.
 *   A record counts as written once every byte of it was consumed, so
 *   written + oversized + failed == n for every batch.
 *   Non-goals: no locking (one buffer per writer thread), no reordering.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logfmt.h"
#include "prod_write.h"

void prod_wbuf_init(struct prod_wbuf *wb)
{
	lg_sbuf_init(&wb->buf);
	wb->ends = NULL;
	wb->ends_cap = 0;
}

void prod_wbuf_free(struct prod_wbuf *wb)
{
	lg_sbuf_free(&wb->buf);
	free(wb->ends);
	wb->ends = NULL;
	wb->ends_cap = 0;
}

/* Join @items into @wb; returns 0 or -ENOMEM. */
static int join_batch(struct prod_wbuf *wb, const struct pq_item *items,
		      size_t n)
{
	size_t i;

	if (n > wb->ends_cap) {
		size_t *e = realloc(wb->ends, n * sizeof(*e));

		if (!e)
			return -ENOMEM;
		wb->ends = e;
		wb->ends_cap = n;
	}
	lg_sbuf_reset(&wb->buf);
	for (i = 0; i < n; i++) {
		if (lg_sbuf_put(&wb->buf, items[i].data, items[i].len) ||
		    lg_sbuf_put(&wb->buf, "\n", 1))
			return -ENOMEM;
		wb->ends[i] = wb->buf.len - 1;
	}
	return 0;
}

/**
 * prod_write_batch() - write @n records to @fd
 * @fd: the device (or any fd).
 * @items: the records; not freed here.
 * @n: their number.
 * @wb: the writer's buffer.
 * @st: counters to add to.
 * @wr: write(2), or a stand-in with its semantics (unit tests).
 *
 * Return: 0, or -errno of a fatal write error (the records not taken are
 * counted in @st->failed).
 */
int prod_write_batch_fn(int fd, const struct pq_item *items, size_t n,
			struct prod_wbuf *wb, struct prod_wstats *st,
			ssize_t (*wr)(int fd, const void *buf, size_t len))
{
	size_t off = 0, i = 0, total;
	ssize_t ret;
	int err;

	if (!n)
		return 0;
	err = join_batch(wb, items, n);
	if (err) {
		st->failed += n;
		return err;
	}
	total = wb->buf.len;
	while (off < total) {
		ret = wr(fd, wb->buf.buf + off, total - off);
		if (ret > 0) {
			st->writes++;
			st->bytes += (unsigned long long)ret;
			off += (size_t)ret;
			/* Every byte of record i consumed: it is in. */
			while (i < n && wb->ends[i] <= off) {
				st->written++;
				i++;
			}
			continue;
		}
		if (ret == 0) {
			err = -EIO;
			break;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };

			poll(&pfd, 1, 1000);
			continue;
		}
		if (errno == EMSGSIZE && i < n) {
			/* The record at off (after an empty line) is too big. */
			st->oversized++;
			off = wb->ends[i] + 1;
			i++;
			continue;
		}
		err = -errno;
		break;
	}
	if (i < n)
		st->failed += n - i;
	return i < n ? err : 0;
}

/* prod_write_batch_fn() with write(2). */
int prod_write_batch(int fd, const struct pq_item *items, size_t n,
		     struct prod_wbuf *wb, struct prod_wstats *st)
{
	return prod_write_batch_fn(fd, items, n, wb, st, write);
}

/* Build "<N>TAG: body" in a fresh item (facility 1). */
int prod_make_record(struct pq_item *it, unsigned int level, const char *tag,
		     const char *body, size_t len)
{
	size_t tlen = tag ? strlen(tag) + 2 : 0;
	char *p = malloc(LG_PREFIX_MAX + tlen + len + 1);
	int h;

	if (!p)
		return -ENOMEM;
	h = sprintf(p, "<%u>", 8 + (level & 7));
	if (tag)
		h += sprintf(p + h, "%s: ", tag);
	memcpy(p + h, body, len);
	p[h + len] = '\0';
	it->data = p;
	it->len = (size_t)h + len;
	return 0;
}

/**
 * prod_line_record() - turn one input line into a record
 * @it: the new item.
 * @line: the line, without its '\n'.
 * @len: its length.
 * @default_level: level when the line has no "<N>" prefix.
 * @tag: NULL or the tag, inserted after the prefix.
 *
 * A line that starts with a valid "<N>" keeps its facility and level.
 *
 * Return: 0, -ENODATA for an empty line (nothing to send), -ENOMEM.
 */
int prod_line_record(struct pq_item *it, const char *line, size_t len,
		     unsigned int default_level, const char *tag)
{
	unsigned int level, facility;
	size_t plen, tlen;
	char *p;
	int h;

	if (len && line[len - 1] == '\r')
		len--;
	if (!len)
		return -ENODATA;
	plen = lg_parse_prefix(line, len, &level, &facility);
	if (!plen)
		return prod_make_record(it, default_level, tag, line, len);
	tlen = tag ? strlen(tag) + 2 : 0;
	p = malloc(plen + tlen + len - plen + 1);
	if (!p)
		return -ENOMEM;
	memcpy(p, line, plen);
	h = (int)plen;
	if (tag)
		h += sprintf(p + h, "%s: ", tag);
	memcpy(p + h, line + plen, len - plen);
	p[(size_t)h + len - plen] = '\0';
	it->data = p;
	it->len = (size_t)h + len - plen;
	return 0;
}

/*
 * The body of generated record @n of thread @thread: "T<thread> N<n> "
 * then a-z repeated, exactly @size bytes (cut short if @size is small).
 * Returns @size.  @buf must hold @size + 1 bytes.
 */
size_t prod_fill_body(char *buf, size_t size, unsigned int thread,
		      unsigned long long n)
{
	char head[48];
	int h = snprintf(head, sizeof(head), "T%u N%llu ", thread, n);
	size_t i, hl = (size_t)h < size ? (size_t)h : size;

	memcpy(buf, head, hl);
	for (i = hl; i < size; i++)
		buf[i] = (char)('a' + (i - hl) % 26);
	buf[size] = '\0';
	return size;
}
