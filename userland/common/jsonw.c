// SPDX-License-Identifier: GPL-2.0
/*
 * jsonw: growable string buffer and JSON string escaping.
 *
 * DESIGN
 *   See jsonw.h.  Pure functions over a caller-owned buffer: no globals,
 *   no locking; one buffer must not be shared between threads.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"

void lg_sbuf_init(struct lg_sbuf *b)
{
	b->buf = NULL;
	b->len = 0;
	b->cap = 0;
	b->oom = false;
}

void lg_sbuf_free(struct lg_sbuf *b)
{
	free(b->buf);
	lg_sbuf_init(b);
}

void lg_sbuf_reset(struct lg_sbuf *b)
{
	b->len = 0;
	b->oom = false;
	if (b->buf)
		b->buf[0] = '\0';
}

/* Make room for @extra more bytes plus a terminator. */
int lg_sbuf_reserve(struct lg_sbuf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->oom)
		return -ENOMEM;
	need = b->len + extra + 1;
	if (need < b->len)
		goto err_oom;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need) {
		if (cap > (size_t)-1 / 2)
			goto err_oom;
		cap *= 2;
	}
	p = realloc(b->buf, cap);
	if (!p)
		goto err_oom;
	b->buf = p;
	b->cap = cap;
	return 0;
err_oom:
	b->oom = true;
	return -ENOMEM;
}

int lg_sbuf_put(struct lg_sbuf *b, const void *p, size_t n)
{
	if (lg_sbuf_reserve(b, n))
		return -ENOMEM;
	if (n)
		memcpy(b->buf + b->len, p, n);
	b->len += n;
	b->buf[b->len] = '\0';
	return 0;
}

int lg_sbuf_puts(struct lg_sbuf *b, const char *s)
{
	return lg_sbuf_put(b, s, strlen(s));
}

int lg_sbuf_printf(struct lg_sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (lg_sbuf_reserve(b, 64))
		return -ENOMEM;
	va_start(ap, fmt);
	n = vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	if ((size_t)n >= b->cap - b->len) {
		if (lg_sbuf_reserve(b, (size_t)n))
			return -ENOMEM;
		va_start(ap, fmt);
		vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
	return 0;
}

size_t lg_utf8_len(const unsigned char *s, size_t n)
{
	unsigned int cp;
	size_t len, i;

	if (!n)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, UTF-16 surrogates, beyond U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/* Is all of @s[0..@n) valid UTF-8? */
static bool utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, l;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		l = lg_utf8_len(s + i, n - i);
		if (!l)
			return false;
		i += l;
	}
	return true;
}

/* @s as an array of byte values: [104,105,255]. */
static int json_byte_array(struct lg_sbuf *b, const unsigned char *s,
			   size_t n)
{
	size_t i;

	if (lg_sbuf_reserve(b, 4 * n + 2))
		return -ENOMEM;
	b->buf[b->len++] = '[';
	for (i = 0; i < n; i++)
		b->len += (size_t)sprintf(b->buf + b->len, i ? ",%u" : "%u",
					  s[i]);
	b->buf[b->len++] = ']';
	b->buf[b->len] = '\0';
	return 0;
}

int lg_json_str(struct lg_sbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, l;

	if (!utf8_valid(u, n))
		return json_byte_array(b, u, n);
	/* Worst case: every byte becomes "\u00NN". */
	if (lg_sbuf_reserve(b, 6 * n + 2))
		return -ENOMEM;
	b->buf[b->len++] = '"';
	while (i < n) {
		unsigned char c = u[i];
		char *o = b->buf + b->len;

		if (c == '"' || c == '\\') {
			o[0] = '\\';
			o[1] = (char)c;
			b->len += 2;
			i++;
			continue;
		}
		if (c >= 0x20 && c < 0x7f) {
			o[0] = (char)c;
			b->len++;
			i++;
			continue;
		}
		l = c >= 0x80 ? lg_utf8_len(u + i, n - i) : 0;
		if (l) {
			memcpy(o, u + i, l);
			b->len += l;
			i += l;
			continue;
		}
		switch (c) {
		case '\n':
			memcpy(o, "\\n", 2);
			b->len += 2;
			break;
		case '\t':
			memcpy(o, "\\t", 2);
			b->len += 2;
			break;
		case '\r':
			memcpy(o, "\\r", 2);
			b->len += 2;
			break;
		default:
			/* A control character: its own code point. */
			memcpy(o, "\\u00", 4);
			o[4] = hex[c >> 4];
			o[5] = hex[c & 15];
			b->len += 6;
		}
		i++;
	}
	b->buf[b->len++] = '"';
	b->buf[b->len] = '\0';
	return 0;
}
