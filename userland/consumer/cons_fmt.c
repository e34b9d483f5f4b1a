// SPDX-License-Identifier: GPL-2.0
/*
 * cons_fmt: formatting records.
 *
 * DESIGN
 *   Every function appends whole lines to a struct lg_sbuf (the reader's
 *   staging buffer, written out after the router's lock is released).
 *   - raw: the device's own text line (lg_format_text(), so `cat
 *     /dev/logger` and the consumer agree byte for byte); the lost
 *     marker is the driver's "4,0,US,0,0,0;logger: N records lost".
 *     A tagged record's line is "...;TAG: MESSAGE", as the driver's.
 *   - json / json-pretty: every header field, "tag" when the record has
 *     one; strings that are not UTF-8
 *     become byte arrays (jsonw.h); the lost marker is {"lost":N}.
 *   - short: "TIME LEVEL TAG[PID]: MESSAGE" (COMM for an untagged
 *     record), journalctl's line with the
 *     level named (like logcat) and dmesg's time formats; cat: MESSAGE.
 *     Human text shows printable ASCII and valid UTF-8 as they are and
 *     every other byte as \xNN, so a message cannot drive the terminal.
 *     Colours are dmesg's: green time, the level (and the message of
 *     warning and more urgent records) in the level's colour.  The lost
 *     marker is "-- N records lost --".
 *   Local time comes from localtime_r() (TZ applies).
 *   Non-goals: no pager, no line wrapping.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cons_fmt.h"
#include "cons_spec.h"
#include "levels.h"
#include "logfmt.h"
#include "prog.h"

/* Append the device's text line for @r. */
static int fmt_raw(struct lg_sbuf *b, const struct cons_rec *r)
{
	struct lg_text_meta m = {
		.level = r->h.level,
		.seq = r->h.seq,
		.real_us = r->h.ts_real_ns / 1000,
		.pid = r->h.pid,
		.tid = r->h.tid,
		.uid = r->h.uid,
		.tag = r->tag,
		.tag_len = (unsigned int)r->tag_len,
	};
	size_t need = lg_format_text(NULL, 0, &m, r->msg, r->msg_len);

	if (lg_sbuf_reserve(b, need))
		return -ENOMEM;
	b->len += lg_format_text(b->buf + b->len, need, &m, r->msg,
				 r->msg_len);
	b->buf[b->len] = '\0';
	return 0;
}

static int fmt_json(struct lg_sbuf *b, const struct cons_rec *r, bool pretty)
{
	const struct logger_record *h = &r->h;
	const char *nl = pretty ? "\n\t" : "";
	const char *sp = pretty ? " " : "";

	lg_sbuf_printf(b,
		       "{%s\"seq\":%s%llu,%s\"level\":%s%u,%s\"level_name\":%s\"%s\","
		       "%s\"facility\":%s%u,%s\"facility_name\":%s\"%s\","
		       "%s\"ts_real_ns\":%s%llu,%s\"ts_mono_ns\":%s%llu,"
		       "%s\"pid\":%s%u,%s\"tid\":%s%u,%s\"uid\":%s%u,%s\"comm\":%s",
		       nl, sp, (unsigned long long)h->seq, nl, sp, h->level, nl,
		       sp, lg_level_name(h->level), nl, sp, h->facility, nl, sp,
		       lg_facility_name(h->facility), nl, sp,
		       (unsigned long long)h->ts_real_ns, nl, sp,
		       (unsigned long long)h->ts_mono_ns, nl, sp, h->pid, nl,
		       sp, h->tid, nl, sp, h->uid, nl, sp);
	lg_json_str(b, h->comm, strnlen(h->comm, sizeof(h->comm)));
	if (r->tag_len) {
		lg_sbuf_printf(b, ",%s\"tag\":%s", nl, sp);
		lg_json_str(b, r->tag, r->tag_len);
	}
	lg_sbuf_printf(b, ",%s\"msg\":%s", nl, sp);
	lg_json_str(b, r->msg, r->msg_len);
	lg_sbuf_puts(b, pretty ? "\n}\n" : "}\n");
	return b->oom ? -ENOMEM : 0;
}

/*
 * @s as a person should see it: printable ASCII and valid UTF-8 as they
 * are, anything else (control bytes, invalid UTF-8) as \xNN.
 */
void cons_fmt_human_str(struct lg_sbuf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, l;

	if (lg_sbuf_reserve(b, 4 * n))
		return;
	while (i < n) {
		if (u[i] >= 0x20 && u[i] < 0x7f) {
			b->buf[b->len++] = (char)u[i++];
			continue;
		}
		l = u[i] >= 0x80 ? lg_utf8_len(u + i, n - i) : 0;
		if (l) {
			memcpy(b->buf + b->len, u + i, l);
			b->len += l;
			i += l;
			continue;
		}
		b->len += (size_t)sprintf(b->buf + b->len, "\\x%02x", u[i++]);
	}
	b->buf[b->len] = '\0';
}

/* "[  12.345678]"-style seconds.microseconds of @ns. */
static void put_secs(struct lg_sbuf *b, unsigned long long ns, int width)
{
	lg_sbuf_printf(b, "%*llu.%06llu", width, ns / 1000000000ULL,
		       ns / 1000 % 1000000ULL);
}

/* The time column (with its trailing blank) for @r. */
static void fmt_time(struct lg_sbuf *b, const struct cons_rec *r,
		     unsigned int mode, struct cons_fmt_state *st)
{
	unsigned long long real = r->h.ts_real_ns, mono = r->h.ts_mono_ns;
	unsigned long long delta;
	time_t t = (time_t)(real / 1000000000ULL);
	char buf[64], z[8];
	struct tm tm;

	localtime_r(&t, &tm);
	switch (mode) {
	case CONS_TIME_SYSLOG:
	case CONS_TIME_PRECISE:
		strftime(buf, sizeof(buf), "%b %d %H:%M:%S", &tm);
		lg_sbuf_puts(b, buf);
		if (mode == CONS_TIME_PRECISE)
			lg_sbuf_printf(b, ".%06llu", real / 1000 % 1000000ULL);
		break;
	case CONS_TIME_ISO:
		strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
		strftime(z, sizeof(z), "%z", &tm);
		lg_sbuf_printf(b, "%s,%06llu%.3s:%s", buf,
			       real / 1000 % 1000000ULL, z, z + 3);
		break;
	case CONS_TIME_CTIME:
		strftime(buf, sizeof(buf), "%a %b %e %H:%M:%S %Y", &tm);
		lg_sbuf_puts(b, buf);
		break;
	case CONS_TIME_RELTIME:
		if ((long long)t / 60 != st->last_minute) {
			st->last_minute = (long long)t / 60;
			strftime(buf, sizeof(buf), "[%b%d %H:%M]", &tm);
			lg_sbuf_puts(b, buf);
		} else {
			delta = st->last_mono_ns && mono > st->last_mono_ns ?
				mono - st->last_mono_ns : 0;
			lg_sbuf_puts(b, "[ +");
			put_secs(b, delta, 4);
			lg_sbuf_puts(b, "]");
		}
		break;
	case CONS_TIME_DELTA:
		delta = st->last_mono_ns && mono > st->last_mono_ns ?
			mono - st->last_mono_ns : 0;
		lg_sbuf_puts(b, "[");
		put_secs(b, mono, 5);
		lg_sbuf_puts(b, " <");
		put_secs(b, delta, 5);
		lg_sbuf_puts(b, ">]");
		break;
	case CONS_TIME_RAW:
		lg_sbuf_puts(b, "[");
		put_secs(b, mono, 5);
		lg_sbuf_puts(b, "]");
		break;
	case CONS_TIME_UNIX:
		lg_sbuf_printf(b, "%llu.%06llu", real / 1000000000ULL,
			       real / 1000 % 1000000ULL);
		break;
	case CONS_TIME_NOTIME:
		return;
	}
	st->last_mono_ns = mono;
	lg_sbuf_puts(b, " ");
}

/* Colour on: @code then the text; off: the text. */
static void color_on(struct lg_sbuf *b, bool on, const char *code)
{
	if (on && code)
		lg_sbuf_puts(b, code);
}

static void color_off(struct lg_sbuf *b, bool on, const char *code)
{
	if (on && code)
		lg_sbuf_puts(b, LG_COLOR_RESET);
}

static int fmt_short(struct lg_sbuf *b, const struct cons_rec *r,
		     const struct cons_fmt_ctx *c, struct cons_fmt_state *st)
{
	const char *lc = lg_level_color(r->h.level);
	char lv[32];

	if (c->time != CONS_TIME_NOTIME) {
		color_on(b, c->color, LG_COLOR_TIME);
		fmt_time(b, r, c->time, st);
		color_off(b, c->color, LG_COLOR_TIME);
	}
	if (c->decode)
		snprintf(lv, sizeof(lv), "%s.%s",
			 lg_facility_name(r->h.facility),
			 lg_level_name(r->h.level));
	else
		snprintf(lv, sizeof(lv), "%s", lg_level_name(r->h.level));
	color_on(b, c->color, lc);
	lg_sbuf_printf(b, "%-*s", c->decode ? 14 : 7, lv);
	color_off(b, c->color, lc);
	lg_sbuf_puts(b, " ");
	/* journalctl's identifier: the tag, else the command name. */
	if (r->tag_len)
		cons_fmt_human_str(b, r->tag, r->tag_len);
	else
		cons_fmt_human_str(b, r->h.comm, strnlen(r->h.comm,
							 sizeof(r->h.comm)));
	lg_sbuf_printf(b, "[%u]: ", r->h.pid);
	color_on(b, c->color, lc);
	cons_fmt_human_str(b, r->msg, r->msg_len);
	color_off(b, c->color, lc);
	lg_sbuf_puts(b, "\n");
	return b->oom ? -ENOMEM : 0;
}

static int fmt_cat(struct lg_sbuf *b, const struct cons_rec *r,
		   const struct cons_fmt_ctx *c)
{
	const char *lc = lg_level_color(r->h.level);

	color_on(b, c->color, lc);
	cons_fmt_human_str(b, r->msg, r->msg_len);
	color_off(b, c->color, lc);
	lg_sbuf_puts(b, "\n");
	return b->oom ? -ENOMEM : 0;
}

/* Append @r as one line (or object) in @c's format. */
int cons_fmt_record(struct lg_sbuf *b, const struct cons_rec *r,
		    const struct cons_fmt_ctx *c, struct cons_fmt_state *st)
{
	switch (c->format) {
	case CONS_FMT_JSON:
		return fmt_json(b, r, false);
	case CONS_FMT_JSON_PRETTY:
		return fmt_json(b, r, true);
	case CONS_FMT_SHORT:
		return fmt_short(b, r, c, st);
	case CONS_FMT_CAT:
		return fmt_cat(b, r, c);
	default:
		return fmt_raw(b, r);
	}
}

/* Append the lost-records marker; @real_us stamps the raw line. */
int cons_fmt_lost(struct lg_sbuf *b, unsigned long long lost,
		  unsigned long long real_us, const struct cons_fmt_ctx *c)
{
	char msg[64];
	struct lg_text_meta m = { .level = 4, .seq = 0, .real_us = real_us };
	int n;

	switch (c->format) {
	case CONS_FMT_JSON:
	case CONS_FMT_JSON_PRETTY:
		return lg_sbuf_printf(b, "{\"lost\":%llu}\n", lost);
	case CONS_FMT_SHORT:
	case CONS_FMT_CAT:
		color_on(b, c->color, "\033[1m");
		lg_sbuf_printf(b, "-- %llu record%s lost --", lost,
			       lost == 1 ? "" : "s");
		color_off(b, c->color, "\033[1m");
		return lg_sbuf_puts(b, "\n");
	}
	n = snprintf(msg, sizeof(msg), LOGGER_LOST_MARKER_FMT, lost);
	if (lg_sbuf_reserve(b, LG_TEXT_MAX(n)))
		return -ENOMEM;
	b->len += lg_format_text(b->buf + b->len, LG_TEXT_MAX(n), &m, msg,
				 (size_t)n);
	b->buf[b->len] = '\0';
	return 0;
}
