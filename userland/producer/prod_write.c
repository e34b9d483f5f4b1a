// SPDX-License-Identifier: GPL-2.0
/*
 * prod_write: records in, write() calls out.
 *
 * DESIGN
 *   Records are built straight into a struct pq_batch, joined as
 *   "r1\nr2\n...rn\n"; a writer pops such a batch from the queue and
 *   writes its buffer with as few write() calls as the fd allows.
 *   /dev/logger's contract (SPEC §2) is handled exactly:
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
 *
 *   Generated records ("<N>TAG: T<t> N<n> abc...") are hot: struct
 *   prod_gen owns its thread's batch and remembers the shape of the
 *   record it made at each index; as the buffer is reused batch after
 *   batch, a record of the same shape as the one already there only gets
 *   its level and digits written (no snprintf(), no allocation, no copy
 *   of the body).
 *   The tag (--tag) is not part of the message: prod_set_tag() makes it
 *   the kernel's default tag of each writer fd (LOGGER_IOC_SET_TAG, SPEC
 *   section 6), so readers see it in the record (text "TAG: message",
 *   binary version 2 header) and can filter on it in the kernel.
 *   Non-goals: no locking (one batch per thread), no reordering.
 */
#include <errno.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "logfmt.h"
#include "logger.h"
#include "prod_write.h"

/**
 * prod_write_batch_fn() - write the records of @b to @fd
 * @fd: the device (or any fd).
 * @b: the records.
 * @st: counters to add to.
 * @wr: write(2), or a stand-in with its semantics (unit tests).
 * @abort: NULL, or a flag that makes an interrupted (EINTR) or waiting
 *	write give up: the producer's second signal.
 *
 * Return: 0, or -errno of a fatal write error (the records not taken are
 * counted in @st->failed); -EINTR when @abort stopped it.
 */
int prod_write_batch_fn(int fd, const struct pq_batch *b,
			struct prod_wstats *st,
			ssize_t (*wr)(int fd, const void *buf, size_t len),
			const atomic_bool *abort)
{
	size_t off = 0, i = 0, n = b->n, total = b->len;
	ssize_t ret;
	int err = 0;

	while (off < total) {
		ret = wr(fd, b->buf + off, total - off);
		if (ret > 0) {
			st->writes++;
			st->bytes += (unsigned long long)ret;
			off += (size_t)ret;
			/* Every byte of record i consumed: it is in. */
			while (i < n && b->ends[i] <= off) {
				st->written++;
				i++;
			}
			continue;
		}
		if (ret == 0) {
			err = -EIO;
			break;
		}
		if ((errno == EINTR || errno == EAGAIN) && abort &&
		    atomic_load(abort)) {
			err = -EINTR;
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
			off = b->ends[i] + 1;
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
int prod_write_batch(int fd, const struct pq_batch *b,
		     struct prod_wstats *st, const atomic_bool *abort)
{
	return prod_write_batch_fn(fd, b, st, write, abort);
}

/* The message length ("TAG: " included) of a body of @body bytes. */
size_t prod_msg_len(const char *tag, size_t body)
{
	return (tag ? strlen(tag) + 2 : 0) + body;
}

/* The longest record ('\n' included) a body of @body bytes can make. */
size_t prod_record_max(const char *tag, size_t body)
{
	return LG_PREFIX_MAX + prod_msg_len(tag, body) + 1;
}

/* "<N>" for @facility and @level at @p (room for 5); returns its length. */
static size_t put_prefix(char *p, unsigned int facility, unsigned int level)
{
	unsigned int v = (facility % 24) * 8 + (level & 7);
	size_t n = 0;

	p[n++] = '<';
	if (v >= 100)
		p[n++] = (char)('0' + v / 100);
	if (v >= 10)
		p[n++] = (char)('0' + v / 10 % 10);
	p[n++] = (char)('0' + v % 10);
	p[n++] = '>';
	return n;
}

/* @v in decimal at @p (room for 20 digits); returns its length. */
static size_t put_u64(char *p, unsigned long long v)
{
	char tmp[20];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		p[i] = tmp[n - 1 - i];
	return n;
}

/* Add "<N>TAG: body" to @b: 0 or -ENOSPC. */
int prod_add_record(struct pq_batch *b, unsigned int facility,
		    unsigned int level, const char *tag, const char *body,
		    size_t len)
{
	size_t tlen = tag ? strlen(tag) : 0;
	char *p = pq_batch_room(b, LG_PREFIX_MAX + prod_msg_len(tag, len));
	size_t h;

	if (!p)
		return -ENOSPC;
	h = put_prefix(p, facility, level);
	if (tag) {
		memcpy(p + h, tag, tlen);
		memcpy(p + h + tlen, ": ", 2);
		h += tlen + 2;
	}
	memcpy(p + h, body, len);
	pq_batch_commit(b, h + len);
	return 0;
}

/**
 * prod_add_line() - turn one input line into a record in @b
 * @b: the batch.
 * @line: the line, without its '\n'.
 * @len: its length.
 * @lp: facility, level, tag, prefix rule and size limit.
 *
 * Every record gets an explicit "<N>" built from @lp, so a line that only
 * looks like a prefix stays text.  With @lp->prio_prefix, a line that
 * starts with a valid "<N>" keeps that level, and its facility unless
 * it is 0 (no facility: @lp's, as logger --prio-prefix does).
 *
 * Return: 0, -ENODATA for an empty line (nothing to send), -EMSGSIZE when
 * the message is longer than @lp->max_msg, -ENOSPC when @b has no room.
 */
int prod_add_line(struct pq_batch *b, const char *line, size_t len,
		  const struct prod_line_opts *lp)
{
	unsigned int level = lp->level, facility = lp->facility, l, f;
	size_t plen = 0;

	if (len && line[len - 1] == '\r')
		len--;
	if (!len)
		return -ENODATA;
	if (lp->prio_prefix) {
		plen = lg_parse_prefix(line, len, &l, &f);
		if (plen) {
			level = l;
			if (f)
				facility = f;
		}
	}
	if (prod_msg_len(lp->tag, len - plen) > lp->max_msg)
		return -EMSGSIZE;
	return prod_add_record(b, facility, level, lp->tag, line + plen,
			       len - plen);
}

/* "T<thread> N<n> " at @p (room for 48); returns its length. */
static size_t put_head(char *p, unsigned int thread, unsigned long long n)
{
	size_t h = 0;

	p[h++] = 'T';
	h += put_u64(p + h, thread);
	p[h++] = ' ';
	p[h++] = 'N';
	h += put_u64(p + h, n);
	p[h++] = ' ';
	return h;
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
	size_t h = put_head(head, thread, n), i;
	size_t hl = h < size ? h : size;

	memcpy(buf, head, hl);
	for (i = hl; i < size; i++)
		buf[i] = (char)('a' + (i - hl) % 26);
	buf[size] = '\0';
	return size;
}

/**
 * prod_gen_init() - thread @thread's record maker
 * @g: the maker.
 * @tag: NULL or the tag (referenced, not copied).
 * @size: body bytes.
 * @facility: the facility of every record.
 * @thread: the thread's index, in every body.
 * @max: records per batch.
 * @bytes: bytes per batch: at least prod_record_max(@tag, @size).
 *
 * Return: 0 or -ENOMEM.
 */
int prod_gen_init(struct prod_gen *g, const char *tag, size_t size,
		  unsigned int facility, unsigned int thread, size_t max,
		  size_t bytes)
{
	size_t i;

	g->pattern = malloc(size ? size : 1);
	g->shape = calloc(max, sizeof(*g->shape));
	if (!g->pattern || !g->shape || pq_batch_init(&g->batch, max, bytes)) {
		free(g->pattern);
		free(g->shape);
		return -ENOMEM;
	}
	for (i = 0; i < size; i++)
		g->pattern[i] = (char)('a' + i % 26);
	g->valid = 0;
	g->tag = tag;
	g->tlen = tag ? strlen(tag) : 0;
	g->size = size;
	g->mlen = prod_msg_len(tag, size);
	g->facility = facility;
	g->hlen = put_head(g->head, thread, 0) - 2;
	return 0;
}

void prod_gen_free(struct prod_gen *g)
{
	pq_batch_free(&g->batch);
	free(g->pattern);
	free(g->shape);
	g->pattern = NULL;
	g->shape = NULL;
}

/* Digits of @v in decimal. */
static size_t u64_digits(unsigned long long v)
{
	size_t d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

/**
 * prod_gen_add() - add generated record @n at @level to @g's batch
 * @g: the maker.
 * @level: the record's level.
 * @n: the record's number in its thread.
 *
 * Makes the same bytes as prod_add_record(facility, @level, tag,
 * prod_fill_body(thread, @n)).  The batch buffer is reused from batch to
 * batch: when the record last made at this index had the same shape
 * (offset, prefix length, digits of @n) and is intact, only the prefix
 * and the digits are written, the rest is already there.
 *
 * Return: 0, or -ENOSPC when the batch is full.
 */
int prod_gen_add(struct prod_gen *g, unsigned int level,
		 unsigned long long n)
{
	struct pq_batch *b = &g->batch;
	char *p = pq_batch_room(b, LG_PREFIX_MAX + g->mlen);
	size_t i = b->n, nd = u64_digits(n), hl = g->hlen + nd + 1;
	size_t h, body, shape;

	if (!p)
		return -ENOSPC;
	h = put_prefix(p, g->facility, level);
	body = h + (g->tag ? g->tlen + 2 : 0);
	/* Offset, prefix length (3, 4), digits (1..20): one number. */
	shape = b->len << 8 | h << 5 | nd;
	/* Prefixes of 3..5 bytes: the 3 bits above the digits' 5. */
	if (i < g->valid && g->shape[i] == shape && hl <= g->size) {
		/* The digits, right to left; the rest is in place. */
		char *d = p + body + g->hlen + nd;

		do {
			*--d = (char)('0' + n % 10);
			n /= 10;
		} while (n);
	} else {
		char head[48];

		if (g->tag) {
			memcpy(p + h, g->tag, g->tlen);
			memcpy(p + h + g->tlen, ": ", 2);
		}
		memcpy(head, g->head, g->hlen);
		put_u64(head + g->hlen, n);
		head[hl - 1] = ' ';
		if (hl > g->size)
			hl = g->size;
		memcpy(p + body, head, hl);
		memcpy(p + body + hl, g->pattern, g->size - hl);
		/*
		 * Records after this one are intact only if it covers the
		 * same bytes as the one it replaces (offset, prefix length:
		 * the body has a fixed size).
		 */
		if (i >= g->valid || g->shape[i] >> 5 != shape >> 5)
			g->valid = i + 1;
		g->shape[i] = shape;
	}
	pq_batch_commit(b, body + g->size);
	return 0;
}

/**
 * prod_set_tag() - make @tag the default tag of records written via @fd
 * @fd: an fd of the device.
 * @tag: 1..LOGGER_TAG_MAX bytes (checked by the option parser).
 *
 * Return: 0, or a negative errno: -ENOTTY from a module without tags,
 * -EINVAL when the module refuses the tag, -ENAMETOOLONG (nothing asked)
 * when it cannot fit struct logger_tag.
 */
int prod_set_tag(int fd, const char *tag)
{
	struct logger_tag t;
	size_t n = strlen(tag);

	if (n > LOGGER_TAG_MAX)
		return -ENAMETOOLONG;
	memset(&t, 0, sizeof(t));
	memcpy(t.name, tag, n);
	return ioctl(fd, LOGGER_IOC_SET_TAG, &t) ? -errno : 0;
}

/**
 * prod_tag_error() - what to tell the user when prod_set_tag() failed
 * @buf: the message, without the program name or a newline.
 * @size: size of @buf.
 * @err: prod_set_tag()'s return value.
 * @device: the device path.
 * @tag: the tag.
 */
void prod_tag_error(char *buf, size_t size, int err, const char *device,
		    const char *tag)
{
	switch (-err) {
	case ENOTTY:
		snprintf(buf, size,
			 "%s: --tag: this logger module has no record tags (LOGGER_IOC_SET_TAG: %s); load a newer module or leave out --tag",
			 device, strerror(ENOTTY));
		break;
	case EINVAL:
	case ENAMETOOLONG:
		snprintf(buf, size,
			 "%s: --tag '%s': refused by the module (LOGGER_IOC_SET_TAG: %s); a tag is 1..%u bytes of 0x21..0x7e but ':'",
			 device, tag, strerror(-err), LOGGER_TAG_MAX);
		break;
	default:
		snprintf(buf, size, "%s: --tag: LOGGER_IOC_SET_TAG: %s",
			 device, strerror(-err));
	}
}
