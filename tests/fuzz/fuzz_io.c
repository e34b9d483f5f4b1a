// SPDX-License-Identifier: GPL-2.0
/*
 * logger-fuzz: read(), write(), writev() and fork(), with the exact
 * expectations the fuzzer can compute: which results are allowed, how
 * many records a write stored, and that every record read is one that
 * was written (F1-F4 of fuzz.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"

#define PAGE		4096
#define BIG		(1 << 20)	/* accessible bytes at fthread.big */

enum { OP_READ = 3, OP_WRITE, OP_WRITEV, OP_FORK = 14 };

/* Text that looks like a prefix but is not one (README: it stays text). */
static const char *const not_prefix[] = {
	"<0003>", "<1000>", "<192>", "< 3>", "<-1>", "<x>", "<>", "<3", "<",
};
#define N_NOT_PREFIX (sizeof(not_prefix) / sizeof(not_prefix[0]))

#define RING_BITS 18
static __u64 ring[1u << RING_BITS];

__u32 fz_max_render(const struct ffd *f)
{
	if (f->format == LOGGER_FORMAT_BINARY)
		return sizeof(struct logger_record) + LOGGER_ALIGN(F.max_record);
	return 256 + 4 * F.max_record;
}

void fz_moved(struct ffd *f, __u64 floor)
{
	memset(f->fifo_last, 0, sizeof(f->fifo_last));
	memset(f->cross_last, 0, sizeof(f->cross_last));
	f->floor = floor;
}

/* Any two fds that return seq s return the same record (F4). */
static void ring_check(struct fthread *t, __u64 seq, __u64 key)
{
	__u64 want = seq << 24 | (key & 0xffffff);
	__u64 *slot = &ring[seq & ((1u << RING_BITS) - 1)];
	__u64 cur = __atomic_load_n(slot, __ATOMIC_ACQUIRE);

	for (;;) {
		if (cur >> 24 == seq) {
			if (cur != want)
				fz_die(t, "seq %llu was returned as two different records",
				       (unsigned long long)seq);
			return;
		}
		if (cur >> 24 > seq ||
		    __atomic_compare_exchange_n(slot, &cur, want, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return;
	}
}

/* Decode a message, with any not-a-prefix text in front of it. */
static int decode(const char *msg, size_t len, struct rf_id *id, char *why)
{
	unsigned int i;

	if (!rf_decode(msg, len, 'F', id, why, 200))
		return 0;
	for (i = 0; i < N_NOT_PREFIX; i++) {
		size_t pl = strlen(not_prefix[i]);

		if (len >= pl && !memcmp(msg, not_prefix[i], pl) &&
		    !rf_decode(msg + pl, len - pl, 'F', id, why, 200))
			return 0;
	}
	return -1;
}

static void check_record(struct fthread *t, struct ffd *f, struct rf_rec *r)
{
	const struct logger_record *h = &r->h;
	bool bin = f->format == LOGGER_FORMAT_BINARY;
	unsigned int l = h->level, b;
	struct rf_id id;
	char why[200];
	int w;

	if (decode(r->msg, h->msg_len, &id, why))
		fz_die(t, "seq %llu: not a record that was written: %s",
		       (unsigned long long)h->seq, why);
	w = id.writer < RF_MAX_WRITERS ? (int)id.writer : -1;
	if (w >= 0 && w < F.nthreads) {
		if (h->pid != (__u32)F.pid || h->tid != (__u32)F.t[w].tid ||
		    h->uid != F.t[w].uid)
			fz_die(t, "seq %llu of thread %d: pid %u tid %u uid %u, want %d %d %u",
			       (unsigned long long)h->seq, w, h->pid, h->tid,
			       h->uid, F.pid, F.t[w].tid, F.t[w].uid);
	} else if (w >= FZ_CHILD_W && w < FZ_CHILD_W + F.nthreads) {
		if (h->uid != F.t[w - FZ_CHILD_W].uid)
			fz_die(t, "seq %llu of a child of thread %d: uid %u",
			       (unsigned long long)h->seq, w - FZ_CHILD_W, h->uid);
	} else if (w >= 0 || (h->uid != 0 && h->uid != NOBODY)) {
		fz_die(t, "seq %llu: writer %d uid %u unknown",
		       (unsigned long long)h->seq, w, h->uid);
	}
	if ((id.level < 8 && id.level != l) ||
	    (bin && w >= 0 && id.facility != h->facility))
		fz_die(t, "seq %llu: level %u facility %u, written as %u/%u",
		       (unsigned long long)h->seq, l, h->facility, id.level,
		       id.facility);
	if (!(f->filter & (1u << l)))
		fz_die(t, "seq %llu of level %u, outside the filter 0x%x",
		       (unsigned long long)h->seq, l, f->filter);
	if (!f->shared) {
		if (!h->seq || h->seq < f->floor || h->seq <= f->fifo_last[l])
			fz_die(t, "seq %llu level %u after seq %llu of that level (seek floor %llu): duplicate or out of order",
			       (unsigned long long)h->seq, l,
			       (unsigned long long)f->fifo_last[l],
			       (unsigned long long)f->floor);
		for (b = f->order == LOGGER_ORDER_SEQ ? 0 : l + 1; b < 8; b++)
			if (h->seq < f->cross_last[b])
				fz_die(t, "%s order: seq %llu level %u after seq %llu level %u",
				       f->order ? "seq" : "priority",
				       (unsigned long long)h->seq, l,
				       (unsigned long long)f->cross_last[b], b);
		f->fifo_last[l] = f->cross_last[l] = h->seq;
	}
	ring_check(t, h->seq, rf_mix((__u64)w << 48 ^ id.wseq << 8 ^ l ^
				     (__u64)h->msg_len << 32));
	if (!f->shared && h->seq > f->max_seq)
		f->max_seq = h->seq;
}

/* F3/F4 on the @n bytes a read() returned; counts them on @f. */
void fz_check_buffer(struct fthread *t, struct ffd *f, const char *buf,
		     size_t n, bool drain)
{
	static __thread struct rf_rec rec;
	__u64 got = 0, lost = 0;
	size_t off = 0;
	char why[200];

	(void)drain;
	while (off < n) {
		if (rf_parse(buf, n, &off, f->format == LOGGER_FORMAT_BINARY,
			     F.max_record, &rec, why, sizeof(why)))
			fz_die(t, "%s format: %s", f->format ? "binary" : "text", why);
		check_record(t, f, &rec);
		got++;
		lost += rec.lost;
	}
	if (f->shared) {
		pthread_mutex_lock(&F.shared_mu);
		f->read += got;
		f->inband += lost;
		pthread_mutex_unlock(&F.shared_mu);
	} else {
		f->read += got;
		f->inband += lost;
	}
	__atomic_add_fetch(&F.n_read, got, __ATOMIC_RELAXED);
}

static __u64 view_read(struct fthread *t, struct ffd *f)
{
	struct logger_view_stats vs;

	if (ioctl(f->fd, LOGGER_IOC_VIEW_STATS, &vs))
		fz_die(t, "VIEW_STATS: %s", strerror(errno));
	return vs.read;
}

/* read(): every buffer kind and size; blocking reads under a signal timer. */
void fz_read(struct fthread *t)
{
	struct ffd *f;
	int fdi;
	__u32 kind = rf_below(&t->rng, 10), x = rf_below(&t->rng, 12);
	__u64 next = 0, before = 0;
	size_t size, acc;
	char *p;
	bool block;
	ssize_t n;
	fz_mask allowed;
	char what[96];

	f = fz_pick_fd(t, &fdi, true);
	if (f && f->rd)
		ioctl(f->fd, LOGGER_IOC_NEXT_SIZE, &next);
	switch (x) {
	case 0: size = 0; break;
	case 1: size = 1; break;
	case 2: size = sizeof(struct logger_record); break;
	case 3: size = f ? fz_max_render(f) - 1 : 100; break;
	case 4: size = f ? fz_max_render(f) : 100; break;
	case 5: size = next ? next - 1 : 7; break;
	case 6: size = next ? next : 64; break;
	case 7: size = 65536; break;
	case 8: size = (size_t)1 << 40; break;
	default: size = 4096; break;
	}
	/* The buffer: where it is and how many bytes from it are usable. */
	/* Good memory, sometimes at an odd address. */
	acc = rf_below(&t->rng, 2) ? 0 : 1 + rf_below(&t->rng, 7);
	p = t->big + acc;
	acc = BIG - acc;
	if (kind == 0) {
		p = NULL;
		acc = 0;
	} else if (kind == 1) {
		p = (char *)1;
		acc = 0;
	} else if (kind == 2) {
		p = t->guard + 2 * PAGE;
		acc = 0;
	} else if (kind == 3) {
		p = t->ro;
		acc = 0;
	} else if (kind == 4) {
		acc = 1 + rf_below(&t->rng, 2 * PAGE);
		p = t->guard + 2 * PAGE - acc;
	}
	block = f && !(f->flags & O_NONBLOCK) && f->rd;
	if (f && f->rd && !f->shared)
		before = view_read(t, f);
	if (block)
		fz_block(t, true);
	n = read(f ? f->fd : -1, p, size);
	if (block)
		fz_block(t, false);
	fz_log(t, OP_READ, fdi, size, kind, n);
	snprintf(what, sizeof(what), "read(fd slot %d, %s buffer, %zu)", fdi,
		 kind < 5 ? (const char *[]){ "NULL", "(void *)1",
					       "inaccessible", "read-only",
					       "page-end" }[kind] : "good", size);
	if (!f || !f->rd) {
		fz_expect(t, what, n, E(EBADF));
		return;
	}
	allowed = E(0) | (block ? E(EINTR) : E(EAGAIN));
	if (size < fz_max_render(f))
		allowed |= E(EINVAL);
	if (size > acc)
		allowed |= E(EFAULT);
	fz_expect(t, what, n, allowed);
	if (n < 0) {
		__atomic_add_fetch(&F.n_errors, 1, __ATOMIC_RELAXED);
		if (!f->shared && view_read(t, f) != before)
			fz_die(t, "%s failed (%s) but consumed records", what,
			       fz_errname(errno));
		return;
	}
	if (n == 0 || (size_t)n > size || (size_t)n > acc)
		fz_die(t, "%s returned %zd", what, n);
	fz_check_buffer(t, f, p, n, false);
	if (!f->shared && view_read(t, f) != f->read)
		fz_die(t, "%s: VIEW_STATS.read %llu, %llu records returned",
		       what, (unsigned long long)view_read(t, f),
		       (unsigned long long)f->read);
}

/* ---- writing --------------------------------------------------------- */

struct wline {
	size_t start, end;	/* end: after its '\n' (or the buffer's end) */
	bool record, oversize;
};

struct lspec {
	unsigned int pk, mlen, level, fac;
	const char *bad;
};

/* A message length: the boundaries, or anything up to max_record. */
static unsigned int pick_mlen(struct fthread *t)
{
	switch (rf_below(&t->rng, 14)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return RF_LONG_MIN - 1;
	case 3: return RF_LONG_MIN;
	case 4: return F.max_record - 1;
	case 5: return F.max_record;
	case 6: return F.max_record + 1 + rf_below(&t->rng, 8);
	case 7: case 8: return 1 + rf_below(&t->rng, F.max_record);
	default: return 1 + rf_below(&t->rng, 120);
	}
}

/*
 * Build a buffer of 1..@maxlines lines for @f: a valid prefix ("<N>",
 * sometimes "<0NN>"), none, or text that only looks like one; messages of
 * boundary sizes in the self-checking format; empty lines (never right
 * before an oversized record, where README's "bytes of the whole records
 * before it" would be ambiguous); sometimes no final newline.
 */
static size_t build(struct fthread *t, struct ffd *f, char *buf,
		    unsigned int writer, __u64 *wseq, struct wline *lines,
		    unsigned int *nlines, unsigned int maxlines)
{
	struct lspec sp[40];
	unsigned int n = 1 + rf_below(&t->rng, maxlines), i, k = 0;
	size_t len = 0;

	for (i = 0; i < n; i++) {
		struct lspec *q = &sp[i];

		q->pk = rf_below(&t->rng, 10);
		q->mlen = pick_mlen(t);
		q->bad = NULL;
		if (q->pk < 5) {
			q->level = rf_below(&t->rng, 8);
			q->fac = q->mlen < RF_LONG_MIN ?
				 rf_short_facility(writer, q->level) :
				 rf_below(&t->rng, 24);
		} else {
			q->level = f ? f->deflevel : 6;
			q->fac = LOGGER_DEFAULT_FACILITY;
			/* The short form has its own facility: use the long. */
			if (q->mlen && q->mlen < RF_LONG_MIN)
				q->mlen = RF_LONG_MIN + rf_below(&t->rng, 40);
			if (q->pk < 7)
				q->bad = not_prefix[rf_below(&t->rng, N_NOT_PREFIX)];
		}
	}
	for (i = 0; i < n; i++) {
		struct lspec *q = &sp[i];
		struct wline *w = &lines[k++];
		size_t plen = q->bad ? strlen(q->bad) : 0;

		w->start = len;
		if (q->pk < 5)
			len += sprintf(buf + len, q->pk == 0 && q->fac * 8 + q->level < 100 ?
				       "<%03u>" : "<%u>", q->fac * 8 + q->level);
		else if (q->bad)
			len += sprintf(buf + len, "%s", q->bad);
		rf_encode(buf + len, q->mlen, 'F', writer, (*wseq)++, q->level,
			  q->fac);
		len += q->mlen;
		w->record = q->pk < 5 || q->mlen + plen > 0;
		w->oversize = w->record && q->mlen + plen > F.max_record;
		if (i + 1 < n || rf_below(&t->rng, 3))
			buf[len++] = '\n';
		w->end = len;
		if (i + 1 < n && rf_below(&t->rng, 8) == 0 &&
		    !(sp[i + 1].mlen + (sp[i + 1].bad ? strlen(sp[i + 1].bad) : 0) >
		      F.max_record)) {
			lines[k++] = (struct wline){ len, len + 1, false, false };
			buf[len++] = '\n';
		}
	}
	*nlines = k;
	return len;
}

/* What a write may return: its bytes, and the records in them. */
struct wres {
	size_t bytes;
	unsigned int records;
};

/*
 * The results a write of @len bytes of @lines may give when only its first
 * @acc bytes are readable: without a fault exactly one (all of it, or the
 * records before the first oversized one, or EMSGSIZE when that one is
 * first); with a fault, any line end before the fault (the kernel may
 * copy less than is readable), or EFAULT.
 */
static unsigned int expected(const struct wline *lines, unsigned int n,
			     size_t len, size_t acc, struct wres *res,
			     bool *emsgsize)
{
	bool fault = acc < len;
	unsigned int i, k = 0, recs = 0;
	size_t last_rec_end = 0;

	*emsgsize = false;
	for (i = 0; i < n; i++) {
		const struct wline *w = &lines[i];

		if (fault && w->end > acc)
			break;
		if (w->oversize) {
			/*
			 * Empty lines right before it: whether they count as
			 * taken is not said; both answers lose nothing.
			 */
			*emsgsize = recs == 0;
			if (!fault && recs)
				res[k++] = (struct wres){ last_rec_end, recs };
			if (!fault && w->start > last_rec_end)
				res[k++] = (struct wres){ w->start, recs };
			return k;
		}
		recs += w->record;
		if (w->record)
			last_rec_end = w->end;
		if (fault)
			res[k++] = (struct wres){ w->end, recs };
	}
	if (!fault)
		res[k++] = (struct wres){ len, recs };
	return k;
}

/*
 * A store that cannot make room (docs/design.md, "Choices": a uid past its share,
 * or while a configuration change is under way) refuses a record: ENOSPC,
 * or a short write that ends where a line ends.  Add every line end
 * before where the write would have stopped.
 */
static unsigned int add_short(const struct wline *lines, unsigned int n,
			      struct wres *res, unsigned int k)
{
	size_t stop = 0;
	unsigned int i, j, recs = 0;

	for (i = 0; i < k; i++)
		if (res[i].bytes > stop)
			stop = res[i].bytes;
	for (i = 0; i < n && lines[i].end < stop; i++) {
		recs += lines[i].record;
		for (j = 0; j < k && res[j].bytes != lines[i].end; j++)
			;
		if (j == k)
			res[k++] = (struct wres){ lines[i].end, recs };
	}
	return k;
}

static __u64 view_written(struct fthread *t, struct ffd *f)
{
	struct logger_view_stats vs;

	if (ioctl(f->fd, LOGGER_IOC_VIEW_STATS, &vs))
		fz_die(t, "VIEW_STATS: %s", strerror(errno));
	return vs.written;
}

/* write() or writev(): F1 exact result, F2 exact records stored. */
void fz_write(struct fthread *t, bool vec)
{
	int fdi;
	struct ffd *f = fz_pick_fd(t, &fdi, true);

	fz_write_on(t, vec, f, fdi);
}

/* The same on a given fd (slot @fdi, 100 + i for shared fd i). */
void fz_write_on(struct fthread *t, bool vec, struct ffd *f, int fdi)
{
	static __thread struct wline lines[80];
	static __thread struct wres res[160];
	struct iovec iov[32];
	unsigned int nl, k, i, kind = rf_below(&t->rng, 12);
	__u64 before = 0, cfg0, cfg1, pol0;
	bool nospc, polbusy, again;
	size_t len, acc;
	bool emsg;
	char *buf = t->big, *p;
	ssize_t n;

	len = build(t, f, buf, t->id, &t->wseq, lines, &nl,
		    rf_below(&t->rng, 4) ? 8 : 32);
	acc = len;
	p = buf;
	if (kind == 0) {
		p = NULL;
		acc = 0;
	} else if (kind == 1) {
		p = (char *)1;
		acc = 0;
	} else if (kind == 2 && len) {
		/* The buffer ends at an inaccessible page after acc bytes. */
		acc = rf_below(&t->rng, len);
		p = t->big + BIG - acc;
		memmove(p, buf, acc);
	}
	if (f && f->wr && !f->shared)
		before = view_written(t, f);
	cfg0 = __atomic_load_n(&F.cfg_seq, __ATOMIC_SEQ_CST);
	nospc = __atomic_load_n(&F.cfg_busy, __ATOMIC_SEQ_CST) != 0;
	pol0 = __atomic_load_n(&F.pol_seq, __ATOMIC_SEQ_CST);
	polbusy = __atomic_load_n(&F.pol_busy, __ATOMIC_SEQ_CST) != 0;
	if (!vec) {
		n = write(f ? f->fd : -1, p, len);
	} else {
		/* The same bytes cut into iovecs; a bad one cuts acc short. */
		size_t at = 0;
		int niov = 0;

		while (at < len && niov < 12) {
			size_t piece = 1 + rf_below(&t->rng, (__u32)(len - at));

			iov[niov++] = (struct iovec){ p ? p + at : NULL, piece };
			if (rf_below(&t->rng, 6) == 0)
				iov[niov++] = (struct iovec){ NULL, 0 };
			at += piece;
		}
		if (at < len)
			iov[niov++] = (struct iovec){ p ? p + at : NULL, len - at };
		n = writev(f ? f->fd : -1, iov, niov);
	}
	cfg1 = __atomic_load_n(&F.cfg_seq, __ATOMIC_SEQ_CST);
	nospc |= t->unpriv || cfg0 != cfg1;
	/*
	 * In a block window (fuzz_flow.c) a full store makes a blocking
	 * write wait (for the window's end) and an O_NONBLOCK one stop:
	 * EAGAIN, or a short write at a line end.
	 */
	again = f && (f->flags & O_NONBLOCK) && fz_pol_maybe(pol0, polbusy);
	fz_log(t, vec ? OP_WRITEV : OP_WRITE, fdi, len, kind, n);
	if (!f || !f->wr) {
		fz_expect(t, vec ? "writev on a fd not open for writing" :
			  "write on a fd not open for writing", n, E(EBADF));
		return;
	}
	k = expected(lines, nl, len, acc, res, &emsg);
	if (nospc || again)
		k = add_short(lines, nl, res, k);
	if (n < 0) {
		fz_mask allowed = (acc < len ? E(EFAULT) : 0) |
				(emsg ? E(EMSGSIZE) : 0) | (nospc ? E(ENOSPC) : 0) |
				(again ? E(EAGAIN) : 0);

		fz_expect(t, vec ? "writev" : "write", n, allowed);
		__atomic_add_fetch(&F.n_errors, 1, __ATOMIC_RELAXED);
		if (!f->shared && view_written(t, f) != before)
			fz_die(t, "%s failed (%s) but stored records",
			       vec ? "writev" : "write", fz_errname(errno));
		return;
	}
	for (i = 0; i < k; i++)
		if (res[i].bytes == (size_t)n)
			break;
	if (i == k)
		fz_die(t, "%s of %zu bytes (%u lines, %zu readable) returned %zd; "
		       "allowed: %s%zu%s", vec ? "writev" : "write", len, nl, acc,
		       n, k ? "" : "none (", k ? res[k - 1].bytes : 0,
		       k ? " or an earlier line end" : ")");
	if (i < k) {
		if (f->shared) {
			/* Other threads write through it too: checkpoints check. */
			pthread_mutex_lock(&F.shared_mu);
			f->written += res[i].records;
			pthread_mutex_unlock(&F.shared_mu);
		} else {
			if (view_written(t, f) - before != res[i].records)
				fz_die(t, "%s returned %zd: %llu records stored, want %u",
				       vec ? "writev" : "write", n,
				       (unsigned long long)(view_written(t, f) - before),
				       res[i].records);
			f->written += res[i].records;
		}
		__atomic_add_fetch(&F.n_written, res[i].records, __ATOMIC_RELAXED);
	}
}

/*
 * fork() with the fds open: the child writes through some of them and
 * looks at the stats, then exits; the parent counts what it wrote.
 */
void fz_fork(struct fthread *t)
{
	__u64 counts[FZ_FDS] = { 0 };
	struct pollfd p;
	int pfd[2], st, pidfd;
	pid_t pid;

	if (pipe(pfd))
		fz_die(t, "pipe: %s", strerror(errno));
	/* Its writes must not meet a block window (no room: it fails). */
	fz_fork_gate(true);
	pid = fork();
	if (pid < 0)
		fz_die(t, "fork: %s", strerror(errno));
	if (pid == 0) {
		__u64 wseq = t->child_wseq;
		struct logger_stats s;
		int i, l;

		for (i = 0; i < 6; i++) {
			int slot = rf_below(&t->rng, FZ_FDS);
			struct ffd *f = &t->fd[slot];
			char line[2 * RF_LONG_MIN + 8];
			unsigned int level = rf_below(&t->rng, 8);
			size_t len;

			if (f->fd < 0)
				continue;
			if (ioctl(f->fd, LOGGER_IOC_GET_STATS, &s))
				_exit(10);
			for (l = 0; l < 8; l++)
				if (s.level_written[l] != s.level_records[l] +
				    s.level_evicted[l] + s.level_cleared[l])
					_exit(11);
			if (!f->wr)
				continue;
			len = sprintf(line, "<%u>", 8 + level);
			rf_encode(line + len, RF_LONG_MIN + 4, 'F',
				  FZ_CHILD_W + t->id, wseq++, level, 1);
			len += RF_LONG_MIN + 4;
			line[len++] = '\n';
			if (write(f->fd, line, len) != (ssize_t)len)
				_exit(12);
			counts[slot]++;
		}
		if (write(pfd[1], counts, sizeof(counts)) != sizeof(counts))
			_exit(13);
		_exit(0);
	}
	close(pfd[1]);
	fz_log(t, OP_FORK, 0, pid, 0, 0);
	pidfd = syscall(SYS_pidfd_open, pid, 0);
	p = (struct pollfd){ .fd = pidfd, .events = POLLIN };
	if (pidfd < 0 || poll(&p, 1, 60000) != 1)
		fz_die(t, "a forked child did not exit within 60 s");
	close(pidfd);
	if (read(pfd[0], counts, sizeof(counts)) != sizeof(counts) ||
	    waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		fz_die(t, "forked child: status 0x%x (10: GET_STATS failed, "
		       "11: stats do not add up, 12: a write failed)", st);
	fz_fork_gate(false);
	close(pfd[0]);
	for (st = 0; st < FZ_FDS; st++)
		t->fd[st].written += counts[st];
	t->child_wseq += 6;	/* the next child's numbers follow */
}
