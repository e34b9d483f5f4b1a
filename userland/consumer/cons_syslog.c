// SPDX-License-Identifier: GPL-2.0
/*
 * cons_syslog: building syslog messages from records.
 *
 * DESIGN
 *   One builder per format, framing in one place (util-linux logger's
 *   shape).  RFC 5424 (section 6):
 *
 *     <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG
 *
 *   - PRI = facility * 8 + level.  A record of facility 0 (kern) whose
 *     writer is not root goes out as facility 1 (user), as /dev/kmsg does
 *     for user space: a collector must never take it for the kernel's.
 *   - TIMESTAMP: the record's wall clock, UTC, microseconds
 *     ("2026-12-03T08:48:37.156219Z").
 *   - HOSTNAME: this machine's name (printable ASCII, else "-").
 *   - APP-NAME: the record's tag, else the writer's command name; bytes
 *     outside 33..126 become '_', at most 48; "-" when empty.
 *   - PROCID: the writer's pid.  MSGID: "-".
 *   - SD: [logger@32473 seq="SEQ" tid="TID" uid="UID" inst="INSTANCE"]:
 *     the sequence number lets a collector (or a test) prove order and
 *     exactly-once delivery; with inst it names the record uniquely.
 *   - MSG: the record's bytes as they are (RFC 5424 MSG-ANY: no BOM is
 *     added, since the device does not promise UTF-8).
 *   RFC 3164 (for old collectors): "<PRI>Mmm dd hh:mm:ss HOST TAG[PID]:
 *   MSG", local time to the second, TAG as APP-NAME but also without
 *   ':', '[' and ']' and at most 32 characters.
 *   RFC 6587 octet counting frames a message as "LEN SP MSG".
 *   Non-goals: no TLS, no RFC 5425 framing other than octet counting.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cons_syslog.h"

/* Keep printable ASCII but blanks; "-" for nothing. */
void cons_syslog_set_host(struct cons_syslog_ctx *c, const char *host)
{
	size_t i, n = host ? strlen(host) : 0;

	if (!n || n > CONS_SYSLOG_HOST_MAX) {
		strcpy(c->hostname, "-");
		return;
	}
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)host[i];

		c->hostname[i] = ch > 32 && ch < 127 ? (char)ch : '_';
	}
	c->hostname[n] = '\0';
}

/* PRI of @r, with kern from user space taken as user. */
unsigned int cons_syslog_pri(const struct cons_rec *r)
{
	unsigned int fac = r->h.facility;

	if (fac == 0 && r->h.uid != 0)
		fac = 1;
	return fac * 8 + r->h.level;
}

/* APP-NAME (tag, else comm) sanitised into @out; its length. */
static size_t app_name(char *out, size_t size, const struct cons_rec *r,
		       bool bsd)
{
	const char *src = r->tag_len ? r->tag : r->h.comm;
	size_t max = r->tag_len ? r->tag_len : strnlen(r->h.comm,
						       sizeof(r->h.comm));
	size_t i;

	if (max > size - 1)
		max = size - 1;
	for (i = 0; i < max; i++) {
		unsigned char ch = (unsigned char)src[i];

		if (ch <= 32 || ch >= 127 ||
		    (bsd && (ch == ':' || ch == '[' || ch == ']')))
			ch = '_';
		out[i] = (char)ch;
	}
	if (!i)
		out[i++] = '-';
	out[i] = '\0';
	return i;
}

size_t cons_syslog_app(char *out, size_t size, const struct cons_rec *r)
{
	return app_name(out, size, r, false);
}

static int build_5424(struct lg_sbuf *b, const struct cons_rec *r,
		      const struct cons_syslog_ctx *c)
{
	unsigned long long ns = r->h.ts_real_ns;
	time_t sec = (time_t)(ns / 1000000000ULL);
	char app[CONS_SYSLOG_APP_MAX + 1], ts[96];
	struct tm tm;

	app_name(app, sizeof(app), r, false);
	if (!gmtime_r(&sec, &tm))
		return -EINVAL;
	snprintf(ts, sizeof(ts), "%04d-%02d-%02dT%02d:%02d:%02d.%06lluZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, (ns % 1000000000ULL) / 1000);
	lg_sbuf_printf(b, "<%u>1 %s %s %s %u - [" CONS_SYSLOG_SDID
		       " seq=\"%llu\" tid=\"%u\" uid=\"%u\"",
		       cons_syslog_pri(r), ts, c->hostname, app,
		       (unsigned int)r->h.pid, (unsigned long long)r->h.seq,
		       (unsigned int)r->h.tid, (unsigned int)r->h.uid);
	if (c->instance)
		lg_sbuf_printf(b, " inst=\"%016llx\"", c->instance);
	lg_sbuf_puts(b, "]");
	if (r->msg_len) {
		lg_sbuf_puts(b, " ");
		lg_sbuf_put(b, r->msg, r->msg_len);
	}
	return b->oom ? -ENOMEM : 0;
}

static int build_3164(struct lg_sbuf *b, const struct cons_rec *r,
		      const struct cons_syslog_ctx *c)
{
	static const char mon[12][4] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
	};
	time_t sec = (time_t)(r->h.ts_real_ns / 1000000000ULL);
	char tag[CONS_SYSLOG_TAG3164_MAX + 1];
	struct tm tm;

	app_name(tag, sizeof(tag), r, true);
	if (!localtime_r(&sec, &tm))
		return -EINVAL;
	lg_sbuf_printf(b, "<%u>%s %2d %02d:%02d:%02d %s %s[%u]:",
		       cons_syslog_pri(r), mon[tm.tm_mon], tm.tm_mday,
		       tm.tm_hour, tm.tm_min, tm.tm_sec, c->hostname, tag,
		       (unsigned int)r->h.pid);
	if (r->msg_len) {
		lg_sbuf_puts(b, " ");
		lg_sbuf_put(b, r->msg, r->msg_len);
	}
	return b->oom ? -ENOMEM : 0;
}

/**
 * cons_syslog_build() - append @r as one syslog message (no framing)
 * @b: the buffer.
 * @r: the record.
 * @c: format, hostname, instance.
 *
 * Return: 0, -ENOMEM, or -EINVAL for a time the C library cannot break
 * down.
 */
int cons_syslog_build(struct lg_sbuf *b, const struct cons_rec *r,
		      const struct cons_syslog_ctx *c)
{
	return c->rfc3164 ? build_3164(b, r, c) : build_5424(b, r, c);
}

/* Append "LEN SP MSG" (RFC 6587 octet counting); 0 or -ENOMEM. */
int cons_syslog_octet_frame(struct lg_sbuf *b, const char *msg, size_t len)
{
	lg_sbuf_printf(b, "%zu ", len);
	lg_sbuf_put(b, msg, len);
	return b->oom ? -ENOMEM : 0;
}
