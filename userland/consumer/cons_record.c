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
 *   and its extra fields ignored.  A version 2 header (format 2, struct
 *   logger_record2) brings the tag: tag_len above LOGGER_TAG_MAX is
 *   -EBADMSG.  Fields are copied with memcpy, so the
 *   buffer needs no alignment.  Padding after the last record may be
 *   missing (tolerated); anything else malformed is -EBADMSG.
 *
 *   Formatting is cons_fmt.c's.
 *   Non-goals: no text-format parser (the consumer always reads binary).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cons_record.h"

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
	r->tag_len = 0;
	if (r->h.version >= LOGGER_RECORD2_VERSION &&
	    hdr >= sizeof(struct logger_record2)) {
		__u8 tl;

		memcpy(&tl, buf + *off + offsetof(struct logger_record2,
						  tag_len), sizeof(tl));
		if (tl > LOGGER_TAG_MAX)
			return -EBADMSG;
		memcpy(r->tag, buf + *off + offsetof(struct logger_record2, tag),
		       tl);
		r->tag_len = tl;
	}
	r->tag[r->tag_len] = '\0';
	msg = r->h.msg_len;
	if (msg > rest - hdr)
		return -EBADMSG;
	r->msg = buf + *off + hdr;
	r->msg_len = msg;
	span = hdr + LOGGER_ALIGN(msg);
	*off += span < rest ? span : rest;
	return 1;
}

