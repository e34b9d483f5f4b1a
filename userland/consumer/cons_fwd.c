// SPDX-License-Identifier: GPL-2.0
/*
 * cons_fwd: the forwarding sink -- batches, confirmation, reconnection.
 *
 * DESIGN
 *   A forwarding reader reads in chronological order and turns each
 *   record into one syslog message (cons_syslog.c) framed in its staging
 *   buffer as struct cons_fwd_hdr + message (cons_fwd_add(), under the
 *   router's read lock).  After the lock is dropped, cons_fwd_deliver()
 *   sends the batch with the sink's lock held: one delivery at a time per
 *   collector, so the messages of readers sharing it never interleave.
 *
 *   Delivery of a batch, the bounded in-memory queue: the batch (what one
 *   read() returned, at most the reader's buffer) is all the consumer
 *   holds.  It is not given up while the collector is unreachable: the
 *   reader retries with capped exponential backoff (100 ms doubling up to
 *   --backoff-max) and reads nothing more meanwhile, so the rest stays in
 *   the kernel -- under the block policy a holding reader's records are
 *   never evicted and writers wait instead.  Only a stop request
 *   (SIGINT/SIGTERM: the stop flag and the reader's eventfd) ends the
 *   wait; what was not confirmed then is reported and left after the
 *   state file's position, to be sent at the next start.
 *
 *   What "confirmed" means, per transport (the state file moves only over
 *   confirmed records):
 *   - RELP: acknowledged by the collector, message by message, in order
 *     (cons_fwd_relp.c counts the answers librelp reads).  A batch is
 *     sent one window (128 messages, &cons_fwd.confirm_every) at a time,
 *     each ended by a graceful session close, which reads every answer;
 *     the reader saves its state file after each (@res->progress), so a
 *     consumer killed mid-batch sends again at most one window the
 *     collector may already have (RELP cannot ask it).  A session
 *     that breaks or closes before answering everything has its answered
 *     messages confirmed and the rest sent again on a new session
 *     (nothing lost; doubled only when an answer itself is lost: RELP's
 *     documented window of duplicates).
 *   - TCP: acknowledged by the peer's TCP (the bytes left our send queue,
 *     SIOCOUTQ), which says the bytes reached the collector's host, not
 *     that the collector processed them: at-least-once for what our TCP
 *     still held when the connection broke (sent again), and records the
 *     collector had received but not processed when it died are lost
 *     without a trace (plain TCP cannot tell; use relp://).
 *   - UDP: sent (at-most-once).  Messages longer than the datagram size
 *     are cut and counted; a datagram refused by the collector's host
 *     (ICMP port unreachable, reported on the next send) is counted lost.
 *   Non-goals: no disk queue (the kernel store is the queue), no TLS.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cons_fwd.h"
#include "prog.h"
#include "strutils.h"

const char *cons_fwd_proto_name(enum cons_fwd_proto p)
{
	return p == CONS_FWD_UDP ? "udp" : p == CONS_FWD_RELP ? "relp" : "tcp";
}

/* Does @s name a forwarding destination ("tcp://", "udp://", "relp://")? */
bool cons_fwd_is_url(const char *s)
{
	return !strncmp(s, "tcp://", 6) || !strncmp(s, "udp://", 6) ||
	       !strncmp(s, "relp://", 7);
}

/**
 * cons_fwd_parse_url() - split "PROTO://HOST:PORT"
 * @url: the text; HOST may be a name, an IPv4 address or "[IPv6]".
 * @proto: the protocol.
 * @host: the host, without brackets.
 * @hostlen: size of @host.
 * @port: the port, 1..65535, as given.
 * @portlen: size of @port.
 *
 * Return: 0 or -EINVAL.
 */
int cons_fwd_parse_url(const char *url, enum cons_fwd_proto *proto,
		       char *host, size_t hostlen, char *port, size_t portlen)
{
	const char *p, *colon;
	size_t hl;
	uint32_t v;

	if (!strncmp(url, "tcp://", 6)) {
		*proto = CONS_FWD_TCP;
		p = url + 6;
	} else if (!strncmp(url, "udp://", 6)) {
		*proto = CONS_FWD_UDP;
		p = url + 6;
	} else if (!strncmp(url, "relp://", 7)) {
		*proto = CONS_FWD_RELP;
		p = url + 7;
	} else {
		return -EINVAL;
	}
	if (*p == '[') {
		const char *end = strchr(p, ']');

		if (!end || end[1] != ':')
			return -EINVAL;
		hl = (size_t)(end - p - 1);
		p++;
		colon = end + 1;
	} else {
		colon = strrchr(p, ':');
		if (!colon || memchr(p, ':', (size_t)(colon - p)))
			return -EINVAL;
		hl = (size_t)(colon - p);
	}
	if (!hl || hl >= hostlen || strpbrk(colon + 1, "/?#"))
		return -EINVAL;
	if (memchr(p, '/', hl) || memchr(p, ' ', hl))
		return -EINVAL;
	if (lg_parse_u32(colon + 1, 1, 65535, &v) ||
	    strlen(colon + 1) >= portlen)
		return -EINVAL;
	memcpy(host, p, hl);
	host[hl] = '\0';
	strcpy(port, colon + 1);
	return 0;
}

/**
 * cons_fwd_open() - a forwarder for @url (not connected yet)
 * @url: "tcp://HOST:PORT", "udp://HOST:PORT" or "relp://HOST:PORT".
 * @o: the shared options.
 * @out: the new forwarder.
 *
 * Return: 0, -EINVAL for a bad URL, -ENOMEM, or -EPROTONOSUPPORT for
 * relp:// in a build without librelp.
 */
int cons_fwd_open(const char *url, const struct cons_fwd_opts *o,
		  struct cons_fwd **out)
{
	struct cons_fwd *f = calloc(1, sizeof(*f));
	char host[CONS_SYSLOG_HOST_MAX + 1];

	if (!f)
		return -ENOMEM;
	if (!strncmp(url, "relp://", 7) && !cons_fwd_have_relp) {
		free(f);
		return -EPROTONOSUPPORT;
	}
	if (strlen(url) >= sizeof(f->url) ||
	    cons_fwd_parse_url(url, &f->proto, f->host, sizeof(f->host),
			       f->port, sizeof(f->port))) {
		free(f);
		return -EINVAL;
	}
	strcpy(f->url, url);
	f->opts = *o;
	f->fd = -1;
	f->wake_fd = -1;
	f->backoff_ms = CONS_FWD_BACKOFF_MIN_MS;
	f->tp = f->proto == CONS_FWD_UDP ? &cons_fwd_udp :
		f->proto == CONS_FWD_RELP ? &cons_fwd_relp : &cons_fwd_tcp;
	if (f->proto == CONS_FWD_RELP)
		f->confirm_every = CONS_FWD_RELP_WINDOW;
	f->syslog.rfc3164 = o->rfc3164;
	if (gethostname(host, sizeof(host)))
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	cons_syslog_set_host(&f->syslog, host);
	lg_sbuf_init(&f->frame);
	*out = f;
	return 0;
}

void cons_fwd_free(struct cons_fwd *f)
{
	if (!f)
		return;
	if (f->connected || f->relp_clt || f->fd >= 0)
		f->tp->close(f, true);
	if (f->tp->release)
		f->tp->release(f);
	lg_sbuf_free(&f->frame);
	free(f);
}

/**
 * cons_fwd_add() - append @r to a batch as its syslog message
 * @b: the reader's staging buffer.
 * @r: the record.
 * @f: the forwarder (format and hostname; read only).
 * @instance: the store instance of the records.
 *
 * Return: 0 or -ENOMEM (-EINVAL for a time that cannot be shown).
 */
int cons_fwd_add(struct lg_sbuf *b, const struct cons_rec *r,
		 struct cons_fwd *f, unsigned long long instance)
{
	struct cons_syslog_ctx c = f->syslog;
	struct cons_fwd_hdr h = { .seq = r->h.seq };
	size_t at = b->len;
	int ret;

	c.instance = instance;
	if (lg_sbuf_put(b, &h, sizeof(h)))
		return -ENOMEM;
	ret = cons_syslog_build(b, r, &c);
	if (ret) {
		b->len = at;
		return ret;
	}
	h.len = (unsigned int)(b->len - at - sizeof(h));
	memcpy(b->buf + at, &h, sizeof(h));
	return 0;
}

/* The next backoff delay: doubled, capped. */
unsigned int cons_fwd_backoff_next(unsigned int cur, unsigned int max)
{
	if (cur >= max / 2)
		return max;
	return cur * 2;
}

/* A line on stderr about this forwarder. */
void cons_fwd_note(struct cons_fwd *f, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lg_warnx("forward %s: %s", f->url, msg);
}

/*
 * Wait up to @ms for @events on @fd (fd -1: just wait), giving up when
 * the consumer stops.  1: ready, 0: timed out, -ECANCELED, -errno.
 */
int cons_fwd_wait(struct cons_fwd *f, int fd, short events, unsigned int ms)
{
	struct pollfd p[2] = {
		{ .fd = fd, .events = events },
		{ .fd = f->wake_fd, .events = POLLIN },
	};
	struct timespec end, now;
	unsigned long long v;
	int n;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += ms / 1000;
	end.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	for (;;) {
		long long left;

		clock_gettime(CLOCK_MONOTONIC, &now);
		left = (long long)(end.tv_sec - now.tv_sec) * 1000 +
		       (end.tv_nsec - now.tv_nsec) / 1000000L;
		if (left < 0)
			left = 0;
		n = poll(p, 2, (int)left);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (p[1].revents) {
			if (f->stop && atomic_load(f->stop))
				return -ECANCELED;
			/* Another wake-up (a reload): clear it. */
			if (read(f->wake_fd, &v, sizeof(v)) < 0 &&
			    errno != EAGAIN)
				return -errno;
		}
		if (fd >= 0 && p[0].revents)
			return 1;
		if (!left)
			return 0;
	}
}

static bool stopping(const struct cons_fwd *f)
{
	return f->stop && atomic_load(f->stop);
}

/* Wait the backoff delay, then double it (capped); 0 or -ECANCELED. */
static int backoff(struct cons_fwd *f)
{
	int ret = cons_fwd_wait(f, -1, 0, f->backoff_ms);

	f->backoff_ms = cons_fwd_backoff_next(f->backoff_ms,
					      f->opts.backoff_max_ms);
	return ret < 0 ? ret : 0;
}

/*
 * Connect, retrying with capped exponential backoff; 0 or -ECANCELED.
 * The delay and the attempt count go back to the start only once a batch
 * is confirmed, so a collector that accepts and then fails is retried
 * ever more slowly too.
 */
static int connect_retry(struct cons_fwd *f)
{
	for (;;) {
		int ret;

		if (stopping(f))
			return -ECANCELED;
		f->why[0] = '\0';
		ret = f->tp->connect(f);
		if (!ret) {
			f->connected = true;
			f->counts.connects++;
			if (f->attempt)
				cons_fwd_note(f, "connected (after %u failure%s)",
					      f->attempt,
					      f->attempt == 1 ? "" : "s");
			else if (!f->ever_connected && !f->opts.quiet)
				cons_fwd_note(f, "connected");
			f->ever_connected = true;
			return 0;
		}
		f->counts.failures++;
		f->attempt++;
		cons_fwd_note(f, "%s%s%s; retrying in %u.%u s (attempt %u)",
			      f->ever_connected ? "cannot reconnect" :
						  "collector unreachable",
			      f->why[0] ? ": " : "", f->why,
			      f->backoff_ms / 1000, f->backoff_ms % 1000 / 100,
			      f->attempt);
		ret = backoff(f);
		if (ret)
			return ret;
	}
}

/* Index of the records of a batch. */
struct frame {
	const char *msg;
	unsigned int len;
	unsigned long long seq;
};

static int index_batch(const char *batch, size_t len, struct frame **out,
		       size_t *n)
{
	size_t off = 0, cap = 0, k = 0;
	struct frame *fr = NULL;

	while (off < len) {
		struct cons_fwd_hdr h;

		if (len - off < sizeof(h))
			goto bad;
		memcpy(&h, batch + off, sizeof(h));
		off += sizeof(h);
		if (h.len > len - off)
			goto bad;
		if (k == cap) {
			struct frame *t;

			cap = cap ? cap * 2 : 256;
			t = realloc(fr, cap * sizeof(*fr));
			if (!t) {
				free(fr);
				return -ENOMEM;
			}
			fr = t;
		}
		fr[k].msg = batch + off;
		fr[k].len = h.len;
		fr[k].seq = h.seq;
		k++;
		off += h.len;
	}
	*out = fr;
	*n = k;
	return 0;
bad:
	free(fr);
	return -EBADMSG;
}

/*
 * A batch (or part of one) is confirmed, up to @seq: the next failure
 * starts over; after failures, say that delivery goes on (progress).
 */
static void confirmed(struct cons_fwd *f, size_t n, unsigned long long seq)
{
	f->counts.confirmed += n;
	if (f->attempt)
		cons_fwd_note(f, "delivering again: %llu records confirmed so far, up to seq %llu",
			      f->counts.confirmed, seq);
	f->attempt = 0;
	f->backoff_ms = CONS_FWD_BACKOFF_MIN_MS;
}

/*
 * The connection is gone with messages *@conf .. *@sent - 1 of the batch
 * sent and not all confirmed: close it, confirm the first @f->acked of
 * them (what the collector acknowledged before it went: RELP), and rewind
 * over the rest.  Return: how many were confirmed.
 */
static size_t drop_unconfirmed(struct cons_fwd *f, size_t *sent, size_t *conf)
{
	size_t acked;

	f->tp->close(f, false);
	f->connected = false;
	acked = f->acked < *sent - *conf ? (size_t)f->acked : *sent - *conf;
	f->acked = 0;
	*conf += acked;
	f->counts.confirmed += acked;
	*sent = *conf;
	return acked;
}

/*
 * The connection broke: say so and what is sent again, then wait the
 * backoff delay (0 or -ECANCELED).
 */
static int broken(struct cons_fwd *f, size_t *sent, size_t *conf)
{
	size_t out = *sent - *conf, acked = drop_unconfirmed(f, sent, conf);

	out -= acked;
	f->counts.resent += out;
	f->counts.failures++;
	f->attempt++;
	cons_fwd_note(f, "connection lost%s%s; %zu record%s acknowledged before, %zu to be sent again; retrying in %u.%u s",
		      f->why[0] ? ": " : "", f->why, acked,
		      acked == 1 ? "" : "s", out,
		      f->backoff_ms / 1000, f->backoff_ms % 1000 / 100);
	return backoff(f);
}

/**
 * cons_fwd_deliver() - send a batch and have it confirmed
 * @f: the forwarder (the sink's lock held).
 * @batch: struct cons_fwd_hdr + message, back to back.
 * @len: its length.
 * @wake_fd: the reader's eventfd (stop requests).
 * @stop: the consumer's stop flag.
 * @res: in: &cons_fwd_result.progress and .arg (or NULL); out: how many
 *	of the batch's records are confirmed, in order.
 *
 * Retries until the whole batch is confirmed or the consumer stops.  A
 * forwarder with &cons_fwd.confirm_every (RELP) has at most that many
 * messages confirmed at a time, and @res->progress told after each step
 * but the last.
 *
 * Return: 0 (all confirmed), -ECANCELED (stopped: @res says how far it
 * got), -EBADMSG or -ENOMEM.
 */
int cons_fwd_deliver(struct cons_fwd *f, const char *batch, size_t len,
		     int wake_fd, const atomic_bool *stop,
		     struct cons_fwd_result *res)
{
	size_t n = 0, sent = 0, conf = 0;
	struct frame *fr = NULL;
	int ret;

	res->records = 0;
	res->last_seq = 0;
	ret = index_batch(batch, len, &fr, &n);
	if (ret)
		return ret;
	f->wake_fd = wake_fd;
	f->stop = stop;
	while (conf < n) {
		if (!f->connected) {
			ret = connect_retry(f);
			if (ret)
				break;
		}
		while (sent < n && !stopping(f) &&
		       (!f->confirm_every || sent - conf < f->confirm_every)) {
			ret = f->tp->send(f, fr[sent].msg, fr[sent].len);
			if (ret)
				break;
			f->counts.sent++;
			sent++;
			if (f->proto == CONS_FWD_UDP) {
				confirmed(f, sent - conf, fr[sent - 1].seq);
				conf = sent;
			}
		}
		if (ret) {
			ret = broken(f, &sent, &conf);
			if (ret)
				break;
			continue;
		}
		if (sent > conf) {
			/* Even when stopping: confirm what is out there. */
			f->stop = NULL;
			ret = f->tp->confirm(f);
			f->stop = stop;
			if (!ret) {
				confirmed(f, sent - conf, fr[sent - 1].seq);
				conf = sent;
				if (conf < n && res->progress) {
					res->records = conf;
					res->last_seq = fr[conf - 1].seq;
					res->progress(res);
				}
			} else if (stopping(f)) {
				drop_unconfirmed(f, &sent, &conf);
				ret = -ECANCELED;
				break;
			} else {
				ret = broken(f, &sent, &conf);
				if (ret)
					break;
				continue;
			}
		}
		if (stopping(f)) {
			ret = -ECANCELED;
			break;
		}
	}
	res->records = conf;
	res->last_seq = conf ? fr[conf - 1].seq : 0;
	f->wake_fd = -1;
	f->stop = NULL;
	free(fr);
	if (conf < n && !ret)
		ret = -ECANCELED;
	return conf == n ? 0 : ret;
}

/* The counters, for --stats. */
void cons_fwd_stats(struct lg_sbuf *b, const struct cons_fwd *f, bool json)
{
	const struct cons_fwd_counts *c = &f->counts;

	if (json) {
		lg_sbuf_printf(b,
			       ",\"forward\":{\"sent\":%llu,\"confirmed\":%llu,\"resent\":%llu,\"truncated\":%llu,\"refused\":%llu,\"connects\":%llu,\"failures\":%llu}",
			       c->sent, c->confirmed, c->resent, c->truncated,
			       c->refused, c->connects, c->failures);
		return;
	}
	lg_sbuf_printf(b,
		       "\n  forward %s: sent %llu, confirmed %llu, resent %llu, truncated %llu, refused %llu, connects %llu, failures %llu",
		       f->url, c->sent, c->confirmed, c->resent, c->truncated,
		       c->refused, c->connects, c->failures);
}
