// SPDX-License-Identifier: GPL-2.0
/*
 * cons_reader: a reader thread's loop -- read binary records from its
 * source, decode, filter, verify, format, then write to its output.
 *
 * DESIGN
 *   Each reader thread owns one fd, opened O_NONBLOCK.  Under the
 *   router's read lock it does one read() and formats what it got into
 *   its staging buffer (so a read and the routing of what it returned
 *   see one configuration, and a reload, which takes the write lock,
 *   falls between two batches); it takes a reference on its output, drops
 *   the lock, and only then writes (cons_sink_write()), so a stuck output
 *   stalls nobody else.  On EAGAIN it ends (dump mode) or sleeps in
 *   epoll_wait() on its fd and its wake eventfd (follow mode), never with
 *   the lock held.  On EINVAL (the next record does not fit) it asks
 *   LOGGER_IOC_NEXT_SIZE and grows its buffer; the cursor did not move.
 *   EINTR retries; a read of 0 (end of a pipe) ends.
 *
 *   Filters the kernel does not have are applied here: --since/--until
 *   (sequence or time) and --facility; the records they drop are counted
 *   as filtered.  --until ends a reader at the first record past it in
 *   chronological order, at the next EAGAIN in priority order.
 *   -n N and --reverse hold the backlog back (struct cons_coll): the last
 *   N (or all) formatted records, written once the backlog is read (the
 *   first EAGAIN), oldest or newest first; follow mode then goes on as
 *   usual.  --count stops after exactly that many records.
 *
 *   Delivery: a record counts as delivered, and moves the cursor
 *   (@delivered_seq, saved to a cursor file at exit), only once its line
 *   was written.  A write given up because the consumer is stopping
 *   counts the batch's records as undelivered; EPIPE on standard output
 *   stops the consumer quietly (like dmesg in a pipe to head).
 *   Forwarding readers (an output that is a tcp://, udp:// or relp://
 *   URL) stage framed syslog messages instead of lines (cons_fwd_add())
 *   and hand each batch to cons_fwd_deliver(), which keeps retrying until
 *   the collector confirms it or the consumer stops.  Their cursor moves
 *   over confirmed records only, and with a state file (spec.state) the
 *   position is saved after every confirmed batch, atomically.  A gap
 *   (records evicted before the reader read them) is said on stderr.
 *   Non-goals: no retry after an output error; a reader stops and the
 *   consumer exits 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cons_cursor.h"
#include "cons_record.h"
#include "cons_router.h"
#include "logger.h"

/* Default read buffer; grown on EINVAL. */
#define CONS_READ_BUF	65536
/*
 * A forwarder's: its batch, the records it holds in memory until the
 * collector confirms them (larger batches, fewer RELP sessions).
 */
#define CONS_FWD_READ_BUF	262144

/* Hold a formatted record; drops the oldest beyond @c->max. */
static int coll_add(struct cons_coll *c, const char *s, size_t n)
{
	struct lg_sbuf *slot;

	if (c->max && c->n == c->max) {
		slot = &c->lines[c->head];
		c->head = (c->head + 1) % c->max;
		lg_sbuf_reset(slot);
		return lg_sbuf_put(slot, s, n);
	}
	if (c->n == c->cap) {
		size_t cap = c->max ? c->max : (c->cap ? c->cap * 2 : 256);
		struct lg_sbuf *l = realloc(c->lines, cap * sizeof(*l));

		if (!l)
			return -ENOMEM;
		c->lines = l;
		c->cap = cap;
	}
	slot = &c->lines[(c->head + c->n) % (c->max ? c->max : c->cap)];
	lg_sbuf_init(slot);
	c->n++;
	return lg_sbuf_put(slot, s, n);
}

/* Move the held records into @out, oldest (or newest) first. */
static int coll_emit(struct cons_coll *c, struct lg_sbuf *out, bool reverse)
{
	size_t i, ring = c->max ? c->max : c->cap;

	for (i = 0; i < c->n; i++) {
		size_t k = reverse ? c->n - 1 - i : i;
		struct lg_sbuf *l = &c->lines[(c->head + k) % ring];

		lg_sbuf_put(out, l->buf, l->len);
	}
	cons_coll_free(c);
	return out->oom ? -ENOMEM : 0;
}

void cons_coll_free(struct cons_coll *c)
{
	size_t i, ring = c->max ? c->max : c->cap;

	for (i = 0; i < c->n; i++)
		lg_sbuf_free(&c->lines[(c->head + i) % ring]);
	free(c->lines);
	c->lines = NULL;
	c->n = 0;
	c->cap = 0;
	c->head = 0;
}

/*
 * Outside --since/--until/--facility?  Returns 0 to show @rec, 1 to skip
 * it, 2 when it is past --until.
 */
static int bounded(const struct cons_bounds *b, const struct cons_rec *rec)
{
	long long us = (long long)(rec->h.ts_real_ns / 1000);

	if ((b->until_seq && rec->h.seq > b->until_seq) || us > b->until_us)
		return 2;
	if (rec->h.seq < b->since_seq || us < b->since_us)
		return 1;
	if (b->facilities && !(b->facilities & (1u << rec->h.facility)))
		return 1;
	return 0;
}

/**
 * cons_reader_consume() - route one read()'s worth of records
 * @rt: the router (its read lock held by the caller).
 * @r: the reader.
 * @buf: the bytes read.
 * @len: their number.
 *
 * Formats into @r->line (or holds back into @r->coll); the caller writes
 * @r->line out after dropping the lock.
 *
 * Return: 0 to go on, 1 when the reader is done (--count reached, or past
 * --until in chronological order), -errno on a malformed buffer
 * (-EBADMSG) or no memory.
 */
int cons_reader_consume(struct cons_router *rt, struct cons_reader *r,
			const char *buf, size_t len)
{
	struct cons_fmt_ctx fc = {
		.format = r->spec.format,
		.time = r->spec.time,
		.color = r->out->color,
		.decode = rt->decode,
	};
	struct cons_fwd *fwd = r->out->fwd;
	unsigned long long total = 0;
	struct lg_sbuf *dst = &r->line;
	struct cons_rec rec;
	size_t off = 0, mark;
	char msg[160];
	int ret = 0, l, b;

	for (l = 0; l < 8; l++)
		total += r->counts.read[l];
	while (!(rt->limit && total >= rt->limit)) {
		ret = cons_decode_next(buf, len, &off, &rec);
		if (ret <= 0)
			break;
		ret = 0;
		mark = dst->len;
		if (rec.h.lost) {
			r->counts.lost += rec.h.lost;
			if (fwd)
				lg_warnx("reader %s: gap: %llu record%s lost before seq %llu (evicted before this reader read them)",
					 r->spec.name,
					 (unsigned long long)rec.h.lost,
					 rec.h.lost == 1 ? "" : "s",
					 (unsigned long long)rec.h.seq);
			else
				cons_fmt_lost(dst, rec.h.lost,
					      rec.h.ts_real_ns / 1000, &fc);
		}
		if (rt->verify &&
		    cons_verify_rec(&r->verify, &rec, msg, sizeof(msg))) {
			r->counts.violations++;
			fprintf(stderr, "logger-consumer: verify: reader %s: %s\n",
				r->spec.name, msg);
		}
		b = bounded(&rt->bounds, &rec);
		if (b) {
			r->counts.filtered++;
			if (b == 2) {
				r->past_until = true;
				if (r->spec.order == LOGGER_ORDER_SEQ)
					break;
			}
			continue;
		}
		r->counts.read[rec.h.level]++;
		total++;
		if (fwd) {
			ret = cons_fwd_add(dst, &rec, fwd, r->instance);
			if (ret)
				return ret;
		} else {
			cons_fmt_record(dst, &rec, &fc, &r->fmt);
		}
		if (r->collecting) {
			if (coll_add(&r->coll, dst->buf + mark,
				     dst->len - mark))
				return -ENOMEM;
			dst->len = mark;
		} else {
			r->line_records++;
		}
		r->line_last_seq = rec.h.seq;
	}
	if (ret < 0)
		return ret;
	if (dst->oom)
		return -ENOMEM;
	if (rt->limit && total >= rt->limit)
		return 1;
	if (r->past_until && r->spec.order == LOGGER_ORDER_SEQ)
		return 1;
	return 0;
}

/* EINVAL from read(): make the buffer big enough for the next record. */
static int grow(struct cons_reader *r, char **buf, size_t *cap)
{
	__u64 need = 0;
	char *nb;

	if (ioctl(r->fd, LOGGER_IOC_NEXT_SIZE, &need))
		return -errno;
	if (need <= *cap)
		return need ? -EINVAL : 0;
	if (need > (1u << 30))
		return -EMSGSIZE;
	nb = realloc(*buf, (size_t)need);
	if (!nb)
		return -ENOMEM;
	*buf = nb;
	*cap = (size_t)need;
	return 0;
}

/* Follow mode: sleep until the fd or the wake eventfd is readable. */
static int wait_readable(struct cons_reader *r, int epfd)
{
	struct epoll_event ev[2];
	unsigned long long v;
	int i, n;

	n = epoll_wait(epfd, ev, 2, -1);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n; i++)
		if (ev[i].data.fd == r->wake_fd &&
		    read(r->wake_fd, &v, sizeof(v)) < 0 && errno != EAGAIN)
			return -errno;
	return 0;
}

static int setup_epoll(struct cons_reader *r)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int epfd = epoll_create1(EPOLL_CLOEXEC);

	if (epfd < 0)
		return -errno;
	ev.data.fd = r->fd;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, r->fd, &ev))
		goto err_close;
	ev.data.fd = r->wake_fd;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, r->wake_fd, &ev))
		goto err_close;
	return epfd;

err_close:
	ev.data.fd = -errno;
	close(epfd);
	return ev.data.fd;
}

/*
 * The collector confirmed @r's records up to @seq: remember it and save
 * the state file (--state); 0 or -errno (said on stderr).
 */
static int fwd_confirmed(struct cons_reader *r, unsigned long long seq)
{
	struct cons_cursor c = { r->instance, seq };
	int ret;

	r->delivered_seq = seq;
	if (!r->spec.state || !r->instance)
		return 0;
	ret = cons_cursor_save(r->spec.cursor, &c);
	if (ret)
		lg_warn_errno(-ret, "%s", r->spec.cursor);
	return ret;
}

/* What deliver_fwd() hands cons_fwd_deliver() for its progress. */
struct fwd_progress {
	struct cons_reader *r;
	int err;
};

/* Part of a batch is confirmed (RELP: a window): save it now. */
static void fwd_progress(const struct cons_fwd_result *res)
{
	struct fwd_progress *p = res->arg;
	int ret = fwd_confirmed(p->r, res->last_seq);

	if (ret && !p->err)
		p->err = ret;
}

/*
 * A forwarder's batch: deliver it, move the cursor over what the
 * collector confirmed, save the state file (also while the batch goes,
 * as parts of it are confirmed); 0 or -errno.
 */
static int deliver_fwd(struct cons_reader *r, struct cons_sink *out)
{
	struct cons_router *rt = r->rt;
	struct fwd_progress prog = { .r = r };
	struct cons_fwd_result res = { .progress = fwd_progress, .arg = &prog };
	int ret, sret;

	pthread_mutex_lock(&out->lock);
	ret = cons_fwd_deliver(out->fwd, r->line.buf, r->line.len,
			       r->wake_fd, &rt->stop, &res);
	pthread_mutex_unlock(&out->lock);
	sret = prog.err;
	if (res.records && res.last_seq != r->delivered_seq) {
		int e = fwd_confirmed(r, res.last_seq);

		if (!sret)
			sret = e;
	}
	pthread_rwlock_rdlock(&rt->lock);
	r->counts.forwarded += res.records;
	r->counts.undelivered += r->line_records - res.records;
	pthread_rwlock_unlock(&rt->lock);
	return ret ? ret : sret;
}

/*
 * Write what @r->line holds to @out (a reference the caller holds);
 * outside every lock.  0 or -errno.
 */
static int deliver(struct cons_reader *r, struct cons_sink *out)
{
	struct cons_router *rt = r->rt;
	int ret = 0;

	if (out->fwd && r->line.len) {
		ret = deliver_fwd(r, out);
	} else if (r->line.len) {
		ret = cons_sink_write(out, r->line.buf, r->line.len,
				      r->wake_fd, &rt->stop);
	}
	if (out->fwd) {
		/* Counted by deliver_fwd(). */
	} else if (!ret) {
		if (r->line_records)
			r->delivered_seq = r->line_last_seq;
	} else if (ret != -EPIPE) {
		/* EPIPE: the reader of our pipe is gone, by its choice. */
		pthread_rwlock_rdlock(&rt->lock);
		r->counts.undelivered += r->line_records;
		pthread_rwlock_unlock(&rt->lock);
	}
	lg_sbuf_reset(&r->line);
	r->line_records = 0;
	return ret;
}

/* One read under the lock; formats it; 0/1/-errno as consume, or -e. */
static int read_once(struct cons_reader *r, char *buf, size_t cap,
		     struct cons_sink **out, int *e)
{
	struct cons_router *rt = r->rt;
	ssize_t n;
	int ret = 0;

	*out = NULL;
	*e = 0;
	pthread_rwlock_rdlock(&rt->lock);
	if (r->removed || atomic_load(&rt->stop)) {
		pthread_rwlock_unlock(&rt->lock);
		return 1;
	}
	n = rt->ops->read ? rt->ops->read(rt->ops->arg, r->fd, buf, cap) :
			    read(r->fd, buf, cap);
	if (n > 0)
		ret = cons_reader_consume(rt, r, buf, (size_t)n);
	else
		*e = n < 0 ? errno : -1;
	if (r->line.len) {
		*out = r->out;
		atomic_fetch_add(&(*out)->refs, 1);
	}
	pthread_rwlock_unlock(&rt->lock);
	return ret;
}

/* The backlog is read: write out what -n / --reverse held back. */
static int end_collecting(struct cons_reader *r)
{
	struct cons_router *rt = r->rt;
	struct cons_sink *out;
	size_t n = r->coll.n;
	int ret;

	r->collecting = false;
	pthread_rwlock_rdlock(&rt->lock);
	ret = coll_emit(&r->coll, &r->line, rt->reverse);
	r->line_records = n;
	out = r->out;
	atomic_fetch_add(&out->refs, 1);
	pthread_rwlock_unlock(&rt->lock);
	if (!ret)
		ret = deliver(r, out);
	atomic_fetch_sub(&out->refs, 1);
	return ret;
}

/* The loop of cons_reader_main(); returns 0 or -errno. */
static int reader_loop(struct cons_reader *r, char **buf, size_t *cap,
		       int epfd, bool *out_err)
{
	struct cons_router *rt = r->rt;

	for (;;) {
		struct cons_sink *out;
		int e, ret, wret = 0;

		ret = read_once(r, *buf, *cap, &out, &e);
		if (out) {
			wret = deliver(r, out);
			atomic_fetch_sub(&out->refs, 1);
		}
		if (wret) {
			*out_err = true;
			return wret;
		}
		if (ret < 0)
			return ret;
		if (ret)
			break;
		if (!e)
			continue;
		if (e == -1)
			break;			/* end of a pipe */
		if (e == EINTR)
			continue;
		if (e == EINVAL) {
			ret = grow(r, buf, cap);
			if (ret)
				return ret;
			continue;
		}
		if (e != EAGAIN)
			return -e;
		/* The backlog is read. */
		if (r->collecting) {
			ret = end_collecting(r);
			if (ret) {
				*out_err = true;
				return ret;
			}
		}
		if (!rt->follow || r->past_until)
			break;
		ret = wait_readable(r, epfd);
		if (ret)
			return ret;
	}
	if (r->collecting) {
		*out_err = true;
		return end_collecting(r);
	}
	return 0;
}

/* The thread of reader @arg (a struct cons_reader). */
void *cons_reader_main(void *arg)
{
	struct cons_reader *r = arg;
	struct cons_router *rt = r->rt;
	size_t cap = CONS_READ_BUF;
	int epfd = -1, err = 0;
	bool out_err = false;
	char *buf;

	pthread_rwlock_rdlock(&rt->lock);
	if (r->out->fwd)
		cap = CONS_FWD_READ_BUF;
	pthread_rwlock_unlock(&rt->lock);
	buf = malloc(cap);

	r->collecting = rt->lines || rt->reverse;
	r->coll.max = rt->lines;
	{
		struct logger_pos p;

		/* The instance names the records (and the state file). */
		if (!ioctl(r->fd, LOGGER_IOC_GET_POS, &p))
			r->instance = p.instance;
	}
	if (!buf) {
		err = -ENOMEM;
		goto out;
	}
	if (rt->follow) {
		epfd = setup_epoll(r);
		if (epfd < 0) {
			err = epfd;
			goto out;
		}
	}
	err = reader_loop(r, &buf, &cap, epfd, &out_err);
out:
	if (err == -EPIPE && out_err && !strcmp(r->spec.out, "-")) {
		/* Our reader went away: stop everyone, quietly. */
		atomic_store(&rt->epipe, true);
		atomic_store(&rt->stop, true);
	} else if (err && err != -ECANCELED) {
		pthread_rwlock_rdlock(&rt->lock);
		r->counts.error = -err;
		fprintf(stderr, "logger-consumer: reader %s: %s: %s\n",
			r->spec.name, out_err ? r->spec.out : rt->ops->name,
			strerror(-err));
		pthread_rwlock_unlock(&rt->lock);
	}
	if (epfd >= 0)
		close(epfd);
	free(buf);
	atomic_store(&r->done, true);
	if (rt->notify)
		rt->notify(rt->notify_arg);
	return NULL;
}
