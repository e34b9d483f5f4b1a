// SPDX-License-Identifier: GPL-2.0
/*
 * cons_record: decode the binary read() format and format records.
 *
 * DESIGN
 *   A read() in binary format returns whole records: a struct
 *   logger_record header (hdr_len bytes, its own length first), then
 *   msg_len payload bytes, then zero padding to LOGGER_ALIGN(msg_len).
 *   The decoder trusts nothing: it checks that hdr_len covers the version
 *   1 header, that level, version and lengths are sane and that the record
 *   lies inside the buffer; a longer header (a later version) is accepted
 *   and its extra fields ignored.  Fields are copied with memcpy, so the
 *   buffer needs no alignment.  Padding after the last record may be
 *   missing (tolerated); anything else malformed is -EBADMSG.
 *
 *   Formatting appends one line to a struct lg_sbuf: the device's own text
 *   line (lg_format_text(), so `cat /dev/logger` and the consumer agree
 *   byte for byte) or a JSON object with every header field.  The lost
 *   marker is the driver's: "4,0,US,0,0,0;logger: N records lost", or
 *   {"lost":N} in JSON.
 *   Non-goals: no text-format parser (the consumer always reads binary).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cons_record.h"
#include "cons_spec.h"
#include "levels.h"
#include "logfmt.h"

/**
 * cons_decode_next() - decode the record at @buf + *@off
 * @buf: what read() returned.
 * @len: its length.
 * @off: offset of the next record; advanced past it on success.
 * @r: the record (its @msg points into @buf).
 *
 * Return: 1 for a record, 0 at the end of the buffer, -EBADMSG when the
 * bytes are not a valid record.
 */
int cons_decode_next(const char *buf, size_t len, size_t *off,
		     struct cons_rec *r)
{
	size_t rest, hdr, msg, span;
	__u16 hdr_len;

	if (*off >= len)
		return 0;
	rest = len - *off;
	if (rest < sizeof(struct logger_record))
		return -EBADMSG;
	memcpy(&hdr_len, buf + *off, sizeof(hdr_len));
	hdr = hdr_len;
	if (hdr < sizeof(struct logger_record) || hdr > rest)
		return -EBADMSG;
	memcpy(&r->h, buf + *off, sizeof(r->h));
	if (r->h.version < 1 || r->h.level > 7)
		return -EBADMSG;
	msg = r->h.msg_len;
	if (msg > rest - hdr)
		return -EBADMSG;
	r->msg = buf + *off + hdr;
	r->msg_len = msg;
	span = hdr + LOGGER_ALIGN(msg);
	*off += span < rest ? span : rest;
	return 1;
}

/* Append the device's text line for @r. */
static int fmt_text(struct lg_sbuf *b, const struct cons_rec *r)
{
	struct lg_text_meta m = {
		.level = r->h.level,
		.seq = r->h.seq,
		.real_us = r->h.ts_real_ns / 1000,
		.pid = r->h.pid,
		.tid = r->h.tid,
		.uid = r->h.uid,
	};
	size_t need = lg_format_text(NULL, 0, &m, r->msg, r->msg_len);

	if (lg_sbuf_reserve(b, need))
		return -ENOMEM;
	b->len += lg_format_text(b->buf + b->len, need, &m, r->msg,
				 r->msg_len);
	b->buf[b->len] = '\0';
	return 0;
}

static int fmt_json(struct lg_sbuf *b, const struct cons_rec *r)
{
	const struct logger_record *h = &r->h;

	lg_sbuf_printf(b,
		       "{\"seq\":%llu,\"level\":%u,\"level_name\":\"%s\","
		       "\"facility\":%u,\"ts_real_ns\":%llu,\"ts_mono_ns\":%llu,"
		       "\"pid\":%u,\"tid\":%u,\"uid\":%u,\"comm\":",
		       (unsigned long long)h->seq, h->level,
		       lg_level_name(h->level), h->facility,
		       (unsigned long long)h->ts_real_ns,
		       (unsigned long long)h->ts_mono_ns, h->pid, h->tid,
		       h->uid);
	lg_json_str(b, h->comm, strnlen(h->comm, sizeof(h->comm)));
	lg_sbuf_puts(b, ",\"msg\":");
	lg_json_str(b, r->msg, r->msg_len);
	lg_sbuf_puts(b, "}\n");
	return b->oom ? -ENOMEM : 0;
}

/* Append @r as one line in @format (enum cons_format). */
int cons_fmt_record(struct lg_sbuf *b, const struct cons_rec *r,
		    unsigned int format)
{
	return format == CONS_FMT_JSON ? fmt_json(b, r) : fmt_text(b, r);
}

/* Append the lost-records marker; @real_us stamps the text line. */
int cons_fmt_lost(struct lg_sbuf *b, unsigned long long lost,
		  unsigned long long real_us, unsigned int format)
{
	char msg[64];
	struct lg_text_meta m = { .level = 4, .seq = 0, .real_us = real_us };
	int n;

	if (format == CONS_FMT_JSON)
		return lg_sbuf_printf(b, "{\"lost\":%llu}\n", lost);
	n = snprintf(msg, sizeof(msg), LOGGER_LOST_MARKER_FMT, lost);
	if (lg_sbuf_reserve(b, LG_TEXT_MAX(n)))
		return -ENOMEM;
	b->len += lg_format_text(b->buf + b->len, LG_TEXT_MAX(n), &m, msg,
				 (size_t)n);
	b->buf[b->len] = '\0';
	return 0;
}
