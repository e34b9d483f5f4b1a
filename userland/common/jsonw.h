/* SPDX-License-Identifier: GPL-2.0 */
/*
 * jsonw: a growable string buffer and JSON string escaping, for the tools'
 * --json output.
 *
 * DESIGN
 *   Guarantees: lg_json_str() always produces a valid JSON string literal
 *   (RFC 8259) whatever the input bytes: '"', '\\' and control characters
 *   are escaped, valid UTF-8 sequences pass through.  Bytes that are not
 *   valid UTF-8 are not text: such a value is written as an array of its
 *   byte values instead ([104,105,255]), journalctl's convention, so no
 *   byte is passed off as a code point it is not and nothing is lost.
 *   Non-goals: no JSON parser, no pretty printing.
 *   A failed allocation makes the buffer sticky-failed (lg_sbuf.oom) so a
 *   caller can build a whole line and check once.
 */
#ifndef LOGGER_JSONW_H
#define LOGGER_JSONW_H

#include <stdbool.h>
#include <stddef.h>

/**
 * struct lg_sbuf - a growable byte buffer
 * @buf: the bytes, NUL-terminated when @len > 0 or after any append.
 * @len: bytes used, not counting the terminator.
 * @cap: bytes allocated.
 * @oom: an allocation failed; the contents are incomplete.
 */
struct lg_sbuf {
	char *buf;
	size_t len;
	size_t cap;
	bool oom;
};

void lg_sbuf_init(struct lg_sbuf *b);
void lg_sbuf_free(struct lg_sbuf *b);
void lg_sbuf_reset(struct lg_sbuf *b);
int lg_sbuf_reserve(struct lg_sbuf *b, size_t extra);
int lg_sbuf_put(struct lg_sbuf *b, const void *p, size_t n);
int lg_sbuf_puts(struct lg_sbuf *b, const char *s);
int lg_sbuf_printf(struct lg_sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Append @s[0..@n) as a JSON value: a string when it is valid UTF-8, else
 * an array of byte values.  Returns 0 or -ENOMEM.
 */
int lg_json_str(struct lg_sbuf *b, const char *s, size_t n);

/* Length of the valid UTF-8 sequence at @s (1..4), or 0 if invalid. */
size_t lg_utf8_len(const unsigned char *s, size_t n);

#endif /* LOGGER_JSONW_H */
