// SPDX-License-Identifier: GPL-2.0
/*
 * recfmt: self-checking record messages and read-buffer parsing (see
 * recfmt.h).  Pure functions; thread-safe.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "recfmt.h"

static const char hexd[] = "0123456789abcdef";

/* Bytes a payload is made of: printable ones and some that need escaping. */
static const char payload_bytes[] =
	" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
	"abcdefghijklmnopqrstuvwxyz{|}~\x01\x09\x1b\x7f\x80\xc3\xff";

__u64 rf_mix(__u64 x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

void rf_seed(struct rf_rng *r, __u64 seed, __u64 stream, __u64 phase)
{
	r->s = rf_mix(rf_mix(seed) ^ rf_mix(stream * 0x100000001b3ULL) ^
		      rf_mix(phase + 0x5851f42d4c957f2dULL));
	if (!r->s)
		r->s = 1;
}

__u64 rf_next(struct rf_rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

static __u32 fnv1a(const char *p, size_t n, __u32 h)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 16777619u;
	}
	return h;
}

static void put_hex(char *out, __u64 v, unsigned int digits)
{
	while (digits--) {
		out[digits] = hexd[v & 15];
		v >>= 4;
	}
}

static int get_hex(const char *in, unsigned int digits, __u64 *v)
{
	unsigned int i;

	*v = 0;
	for (i = 0; i < digits; i++) {
		const char *d = memchr(hexd, in[i], 16);

		if (!d || !in[i])
			return -1;
		*v = *v << 4 | (__u64)(d - hexd);
	}
	return 0;
}

/* Offsets of the long form's fields. */
#define LF_WRITER	1
#define LF_WSEQ		3
#define LF_LEVEL	13
#define LF_FAC		14
#define LF_SUM		16
#define LF_BAR		24
#define LF_PAYLOAD	25

static void payload(char *out, unsigned int n, char tag, unsigned int writer,
		    __u64 wseq, unsigned int len)
{
	struct rf_rng r;
	unsigned int i;

	rf_seed(&r, (__u64)(unsigned char)tag << 56 | (__u64)writer << 48 | len,
		wseq, 0);
	for (i = 0; i < n; i++)
		out[i] = payload_bytes[rf_below(&r, sizeof(payload_bytes) - 1)];
}

static char short_fill(unsigned int writer, unsigned int level, unsigned int k)
{
	return "0123456789abcdefghijklmnopqrstuv"[(writer * 7 + level * 5 + k * 3) % 32];
}

/* Write the @len-byte message of a record (no prefix, no newline). */
void rf_encode(char *out, unsigned int len, char tag, unsigned int writer,
	       __u64 wseq, unsigned int level, unsigned int facility)
{
	unsigned int k;
	__u32 sum;

	if (len < RF_LONG_MIN) {
		for (k = 0; k < len; k++)
			out[k] = k == 0 ? (char)('0' + level) :
				 k == 1 ? (char)('a' + writer) :
				 short_fill(writer, level, k);
		return;
	}
	out[0] = tag;
	put_hex(out + LF_WRITER, writer, 2);
	put_hex(out + LF_WSEQ, wseq, 10);
	put_hex(out + LF_LEVEL, level, 1);
	put_hex(out + LF_FAC, facility, 2);
	memset(out + LF_SUM, '0', 8);
	out[LF_BAR] = '|';
	payload(out + LF_PAYLOAD, len - LF_PAYLOAD, tag, writer, wseq, len);
	sum = fnv1a(out, len, 2166136261u);
	put_hex(out + LF_SUM, sum, 8);
}

static int fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Check a message against its own claims.  Returns 0 and fills @id, or -1
 * with the reason in @why.
 */
int rf_decode(const char *msg, size_t len, char tag, struct rf_id *id,
	      char *why, size_t whylen)
{
	static __thread char want[8200];
	__u64 w, s, l, f, sum;
	unsigned int k;

	memset(id, 0, sizeof(*id));
	id->writer = RF_MAX_WRITERS;
	id->level = 8;
	if (len == 0)
		return 0;
	if (len < RF_LONG_MIN) {
		if (msg[0] < '0' || msg[0] > '7')
			return fail(why, whylen, "short message %.*s: bad level byte",
				    (int)len, msg);
		id->level = msg[0] - '0';
		if (len < 2)
			return 0;
		if (msg[1] < 'a' || msg[1] > 'z')
			return fail(why, whylen, "short message %.*s: bad writer byte",
				    (int)len, msg);
		id->writer = msg[1] - 'a';
		id->facility = rf_short_facility(id->writer, id->level);
		for (k = 2; k < len; k++)
			if (msg[k] != short_fill(id->writer, id->level, k))
				return fail(why, whylen,
					    "short message %.*s: byte %u differs",
					    (int)len, msg, k);
		return 0;
	}
	if (msg[0] != tag || get_hex(msg + LF_WRITER, 2, &w) ||
	    get_hex(msg + LF_WSEQ, 10, &s) || get_hex(msg + LF_LEVEL, 1, &l) ||
	    get_hex(msg + LF_FAC, 2, &f) || get_hex(msg + LF_SUM, 8, &sum) ||
	    msg[LF_BAR] != '|' || w >= RF_MAX_WRITERS || l > 7 || f > 23)
		return fail(why, whylen, "not a message of this test: %.*s",
			    (int)(len < 40 ? len : 40), msg);
	if (len > sizeof(want))
		return fail(why, whylen, "message of %zu bytes", len);
	rf_encode(want, len, tag, w, s, l, f);
	if (memcmp(want, msg, len)) {
		for (k = 0; k < len && want[k] == msg[k]; k++)
			;
		return fail(why, whylen,
			    "message of writer %llu #%llu (%zu bytes) damaged at byte %u%s",
			    (unsigned long long)w, (unsigned long long)s, len, k,
			    k >= LF_SUM && k < LF_BAR ? " (checksum)" : "");
	}
	id->tag = tag;
	id->writer = w;
	id->wseq = s;
	id->level = l;
	id->facility = f;
	return 0;
}

/* Strict decimal: digits only, no sign or space, then @end. */
static const char *get_dec(const char *p, const char *lim, __u64 *v, char end)
{
	const char *start = p;

	*v = 0;
	while (p < lim && *p >= '0' && *p <= '9')
		*v = *v * 10 + (__u64)(*p++ - '0');
	if (p == start || p >= lim || *p != end)
		return NULL;
	return p + 1;
}

static int parse_text_line(const char *p, const char *nl, struct rf_rec *r,
			   char *why, size_t whylen)
{
	__u64 v[6];
	unsigned int i, o = 0;
	const char *q = p;

	for (i = 0; i < 6 && q; i++)
		q = get_dec(q, nl, &v[i], i < 5 ? ',' : ';');
	if (!q || v[0] > 7)
		return fail(why, whylen, "bad text line: %.*s",
			    (int)(nl - p > 80 ? 80 : nl - p), p);
	r->h.level = v[0];
	r->h.seq = v[1];
	r->h.ts_real_ns = v[2] * 1000;
	r->h.pid = v[3];
	r->h.tid = v[4];
	r->h.uid = v[5];
	r->h.facility = 0xff;	/* not in the text format */
	for (; q < nl; q++) {
		unsigned char c = *q;
		__u64 x;

		if (c == '\\') {
			if (nl - q < 4 || q[1] != 'x' || get_hex(q + 2, 2, &x))
				return fail(why, whylen, "bad escape at seq %llu",
					    (unsigned long long)v[1]);
			c = x;
			if (c >= 0x20 && c <= 0x7e && c != '\\')
				return fail(why, whylen,
					    "seq %llu: printable byte 0x%02x escaped",
					    (unsigned long long)v[1], c);
			q += 3;
		} else if (c < 0x20 || c > 0x7e) {
			return fail(why, whylen, "seq %llu: raw byte 0x%02x in text",
				    (unsigned long long)v[1], c);
		}
		if (o >= sizeof(r->msg))
			return fail(why, whylen, "text message too long");
		r->msg[o++] = c;
	}
	r->h.msg_len = o;
	return 0;
}

/*
 * Parse the record at *@off of a read() result of @len bytes; advance
 * *@off past it (and past the lost markers in front of it, text format).
 */
int rf_parse(const char *buf, size_t len, size_t *off, int binary,
	     __u32 max_record, struct rf_rec *r, char *why, size_t whylen)
{
	const char *p = buf + *off, *end = buf + len;
	size_t i;

	memset(&r->h, 0, sizeof(r->h));
	r->lost = 0;
	r->markers = 0;
	if (binary) {
		const struct logger_record *h = (const void *)p;
		size_t total;

		if ((size_t)(end - p) < sizeof(*h))
			return fail(why, whylen, "%zu bytes left, no header",
				    (size_t)(end - p));
		memcpy(&r->h, h, sizeof(r->h));
		if (h->hdr_len != sizeof(*h) || h->version != LOGGER_RECORD_VERSION ||
		    h->flags || h->reserved || h->level > 7 || h->facility > 23)
			return fail(why, whylen,
				    "bad header: hdr_len %u version %u flags %u reserved %u level %u facility %u",
				    h->hdr_len, h->version, h->flags, h->reserved,
				    h->level, h->facility);
		if (h->msg_len > max_record)
			return fail(why, whylen, "msg_len %u > max_record %u",
				    h->msg_len, max_record);
		total = h->hdr_len + LOGGER_ALIGN(h->msg_len);
		if (total > (size_t)(end - p))
			return fail(why, whylen, "record of %zu bytes, %zu left",
				    total, (size_t)(end - p));
		for (i = h->hdr_len + h->msg_len; i < total; i++)
			if (p[i])
				return fail(why, whylen, "padding byte not zero");
		for (i = strnlen(h->comm, sizeof(h->comm)); i < sizeof(h->comm); i++)
			if (h->comm[i])
				return fail(why, whylen, "comm not NUL-padded");
		memcpy(r->msg, p + h->hdr_len, h->msg_len);
		r->lost = h->lost;
		*off += total;
		return 0;
	}
	for (;;) {
		const char *nl = memchr(p, '\n', end - p);
		unsigned long long us, n;
		char line[128], tail;

		if (!nl)
			return fail(why, whylen, "%s without a newline",
				    r->markers ? "lost marker followed by a line" :
				    "text line");
		if (nl - p < 4 || memcmp(p, "4,0,", 4)) {
			if (parse_text_line(p, nl, r, why, whylen))
				return -1;
			*off = nl + 1 - buf;
			return 0;
		}
		/* The buffer has no terminating NUL: scan a copy of the line. */
		if ((size_t)(nl - p) >= sizeof(line) - 1)
			return fail(why, whylen, "lost marker line too long");
		memcpy(line, p, nl - p + 1);
		line[nl - p + 1] = '\0';
		if (sscanf(line, "4,0,%llu,0,0,0;logger: %llu records lost%c", &us,
			   &n, &tail) != 3 || tail != '\n' || n == 0)
			return fail(why, whylen, "bad lost marker: %s", line);
		r->lost += n;
		r->markers++;
		p = nl + 1;
		if (p >= end)
			return fail(why, whylen,
				    "lost marker is the last line of the read");
	}
}
