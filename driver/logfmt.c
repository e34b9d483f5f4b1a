// SPDX-License-Identifier: GPL-2.0
/*
 * logfmt: prefix parsing and text formatting, for the module and for user
 * space alike.  Pure functions: no locking, no allocation.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/string.h>
#else
#include <stdio.h>
#include <string.h>
#endif

#include "logfmt.h"

/**
 * lg_find_newline() - offset of the first '\n'
 * @buf: bytes to scan.
 * @len: their number.
 *
 * The write path runs this over every byte written, so it looks at eight
 * bytes per step: a word has a '\n' byte iff (w ^ 0x0a..0a) has a zero
 * byte, and x has a zero byte iff (x - 0x01..01) & ~x & 0x80..80 != 0.
 *
 * Return: the offset, or @len when there is none.
 */
size_t lg_find_newline(const char *buf, size_t len)
{
	const __u64 ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	const __u64 nls = 0x0a0a0a0a0a0a0a0aULL;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		__u64 w, x;

		memcpy(&w, buf + i, 8);
		x = w ^ nls;
		if ((x - ones) & ~x & highs)
			break;
	}
	for (; i < len; i++)
		if (buf[i] == '\n')
			return i;
	return len;
}

/**
 * lg_parse_prefix() - recognise a syslog "<N>" prefix
 * @buf: start of the record.
 * @len: bytes in @buf.
 * @level: set to N & 7 when a prefix is found.
 * @facility: set to N >> 3 when a prefix is found.
 *
 * N is one to three decimal digits with a value of 0..191.  Anything else
 * ("<", "<x>", "<999>", "<>") is not a prefix and stays part of the text.
 *
 * Return: length of the prefix, or 0 when there is none.
 */
size_t lg_parse_prefix(const char *buf, size_t len, unsigned int *level,
		       unsigned int *facility)
{
	unsigned int n = 0;
	size_t i;

	if (len < 3 || buf[0] != '<')
		return 0;
	for (i = 1; i < len && i <= 4; i++) {
		char c = buf[i];

		if (c == '>') {
			if (i == 1 || n > 191)
				return 0;
			*level = n & 7;
			*facility = n >> 3;
			return i + 1;
		}
		if (c < '0' || c > '9' || i == 4)
			return 0;
		n = n * 10 + (unsigned int)(c - '0');
	}
	return 0;
}

/**
 * lg_must_escape() - does this message byte print as "\xNN"?
 * @c: the byte.
 *
 * Return: true for bytes outside 0x20..0x7e and for the backslash.
 */
bool lg_must_escape(unsigned char c)
{
	return c < 0x20 || c > 0x7e || c == '\\';
}

/**
 * lg_escaped_len() - length of a message once escaped
 * @msg: message bytes.
 * @len: their number.
 *
 * Return: bytes the escaped message takes (no terminator).
 */
size_t lg_escaped_len(const char *msg, size_t len)
{
	size_t i, n = len;

	for (i = 0; i < len; i++)
		if (lg_must_escape((unsigned char)msg[i]))
			n += 3;
	return n;
}

/**
 * lg_format_text() - format one record as a text line
 * @out: destination; may be NULL when @size is 0.
 * @size: bytes available at @out.
 * @m: the line's fields.
 * @msg: message bytes (not NUL-terminated).
 * @len: their number.
 *
 * Writes "LEVEL,SEQ,REALTIME_US,PID,TID,UID;MESSAGE\n" without a NUL;
 * "...;TAG: MESSAGE\n" when @m has a tag.
 *
 * Return: the line's length.  When it is larger than @size nothing useful
 * was written and the caller must not use @out.
 */
size_t lg_format_text(char *out, size_t size, const struct lg_text_meta *m,
		      const char *msg, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char hdr[LG_TEXT_HDR_MAX + 1] __uninitialized;	/* snprintf fills it */
	size_t need, i, o;
	int h;

	h = snprintf(hdr, sizeof(hdr), "%u,%llu,%llu,%u,%u,%u;", m->level,
		     (unsigned long long)m->seq,
		     (unsigned long long)m->real_us, m->pid, m->tid, m->uid);
	need = (size_t)h + lg_escaped_len(msg, len) + 1;
	if (m->tag_len)
		need += lg_escaped_len(m->tag, m->tag_len) + 2;
	if (need > size)
		return need;

	memcpy(out, hdr, (size_t)h);
	o = (size_t)h;
	for (i = 0; i < m->tag_len + len; i++) {
		unsigned char c = (unsigned char)(i < m->tag_len ? m->tag[i] :
						  msg[i - m->tag_len]);

		if (lg_must_escape(c)) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			out[o++] = (char)c;
		}
		if (i + 1 == m->tag_len) {
			out[o++] = ':';
			out[o++] = ' ';
		}
	}
	out[o++] = '\n';
	return o;
}

/**
 * lg_tag_valid() - can these bytes be a tag?
 * @tag: the bytes.
 * @len: their number.
 *
 * A tag is 0..31 bytes of 0x21..0x7e, colon excepted (empty: no tag).
 *
 * Return: true if so.
 */
bool lg_tag_valid(const char *tag, size_t len)
{
	size_t i;

	if (len > 31)
		return false;
	for (i = 0; i < len; i++)
		if (tag[i] < 0x21 || tag[i] > 0x7e || tag[i] == ':')
			return false;
	return true;
}

/**
 * lg_parse_tag() - recognise a "TAG: " at the start of a message
 * @buf: the message (after any <N> prefix).
 * @len: its bytes.
 * @tag_len: set to the tag's length when one is found.
 *
 * TAG is 1..31 bytes that lg_tag_valid() accepts, then ": ".  Anything
 * else is no tag and stays part of the message.
 *
 * Return: bytes of "TAG: " (the message starts after them), or 0.
 */
size_t lg_parse_tag(const char *buf, size_t len, size_t *tag_len)
{
	size_t i;

	for (i = 0; i < len && i <= 31; i++) {
		if (buf[i] == ':') {
			if (!i || i + 1 >= len || buf[i + 1] != ' ')
				return 0;
			*tag_len = i;
			return i + 2;
		}
		if (buf[i] < 0x21 || buf[i] > 0x7e)
			return 0;
	}
	return 0;
}
