// SPDX-License-Identifier: GPL-2.0
/*
 * seqmodel: an exact model of a reader's view (see seqmodel.h).  Every
 * read() is compared with the model's prediction: the record (sequence
 * number, level, message, writer), the lost count it reports in band, and
 * after it the view's totals and readiness (poll, NEXT_SIZE, backlog).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "devtest.h"
#include "seqmodel.h"

/* Check poll/NEXT_SIZE/backlog after every write of sm_flood(), too. */
int sm_check_each_write;

/* Per level: indexes into sm_store.rec, in write order. */
static __u32 lv_idx[8][SM_MAX_RECS];
static unsigned int lv_n[8], lv_live[8];
static char rbuf[1 << 17];

static __u32 sm_rand(struct sm_store *s)
{
	s->rng ^= s->rng << 13;
	s->rng ^= s->rng >> 17;
	s->rng ^= s->rng << 5;
	return s->rng;
}

/*
 * The message of record @idx, @len bytes: its index in decimal, then
 * filler that depends on the index, with a few bytes the text format
 * must escape ('\\', tab, 0x7f, 0xc3).  Never '\n', never a leading '<'.
 */
void sm_msg(__u32 idx, unsigned int len, char *out)
{
	static const char fill[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	char num[16];
	unsigned int k, nl = snprintf(num, sizeof(num), "%u:", idx);

	for (k = 0; k < len; k++) {
		unsigned int h = idx * 31 + k * 7;

		if (k < nl)
			out[k] = num[k];
		else if (h % 97 == 3)
			out[k] = "\\\t\x7f\xc3"[(h / 97) % 4];
		else
			out[k] = fill[h % 36];
	}
}

void sm_init(struct sm_store *s, int wfd, __u32 seed)
{
	struct logger_stats st = dt_stats(wfd);

	memset(s, 0, sizeof(*s));
	memset(lv_n, 0, sizeof(lv_n));
	memset(lv_live, 0, sizeof(lv_live));
	ck_assert_msg(st.records == 0, "sequence tests need an empty store");
	s->wfd = wfd;
	s->max_record = st.max_record;
	s->next_seq = st.next_seq;
	s->cleared_below = st.next_seq;
	s->rng = seed | 1;
	memcpy(s->written, st.level_written, sizeof(s->written));
	memcpy(s->cleared, st.level_cleared, sizeof(s->cleared));
}

/* Stats must agree with what was written; learn what is still stored. */
void sm_refresh(struct sm_store *s)
{
	struct logger_stats st = dt_stats(s->wfd);
	unsigned int l;

	ck_assert_uint_eq(st.next_seq, s->next_seq);
	ck_assert_uint_le(st.bytes_used, st.capacity);
	for (l = 0; l < 8; l++) {
		ck_assert_uint_eq(st.level_written[l], s->written[l]);
		ck_assert_uint_eq(st.level_cleared[l], s->cleared[l]);
		ck_assert_uint_eq(st.level_written[l], st.level_records[l] +
				  st.level_evicted[l] + st.level_cleared[l]);
		ck_assert_uint_le(st.level_records[l], lv_n[l] - lv_live[l]);
		s->stored[l] = st.level_records[l];
	}
}

void sm_write(struct sm_store *s, const __u8 *levels, const __u16 *lens,
	      unsigned int n)
{
	static char buf[64 * 1100];
	size_t len = 0;
	unsigned int i;
	ssize_t got;

	for (i = 0; i < n; i++) {
		struct sm_rec *r = &s->rec[s->n + i];

		ck_assert_uint_lt(s->n + i, SM_MAX_RECS);
		ck_assert_uint_le(lens[i], s->max_record);
		/* Level 6 is the writer fd's default: sometimes no prefix. */
		if (levels[i] != 6 || (s->n + i) % 3)
			len += sprintf(buf + len, "<%u>", 8 + levels[i]);
		r->idx = s->n + i;
		r->len = lens[i];
		r->level = levels[i];
		sm_msg(r->idx, r->len, buf + len);
		len += r->len;
		buf[len++] = '\n';
	}
	got = write(s->wfd, buf, len);
	ck_assert_msg(got == (ssize_t)len, "write of %u records: %zd (%s)", n,
		      got, strerror(errno));
	for (i = 0; i < n; i++) {
		struct sm_rec *r = &s->rec[s->n];

		r->seq = s->next_seq++;
		lv_idx[r->level][lv_n[r->level]++] = s->n++;
		s->written[r->level]++;
	}
}

void sm_write_one(struct sm_store *s, unsigned int level, unsigned int len)
{
	__u8 l = level;
	__u16 n = len;

	sm_write(s, &l, &n, 1);
}

/* Position in level @l's list of the first record with seq >= @seq. */
static unsigned int lv_pos(const struct sm_store *s, unsigned int l,
			   __u64 seq)
{
	unsigned int lo = lv_live[l], hi = lv_n[l];

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (s->rec[lv_idx[l][mid]].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Oldest stored record of level @l: its position. */
static unsigned int lv_oldest(const struct sm_store *s, unsigned int l)
{
	return lv_n[l] - (unsigned int)s->stored[l];
}

__u64 sm_oldest_stored(struct sm_store *s, unsigned int level)
{
	unsigned int p = lv_oldest(s, level);

	return p < lv_n[level] ? s->rec[lv_idx[level][p]].seq : s->next_seq;
}

/* What the view would account now for records it can no longer read. */
static void settle(struct sm_store *s, struct sm_view *v)
{
	unsigned int l;

	for (l = 0; l < 8; l++) {
		unsigned int pc = lv_pos(s, l, v->cursor[l]);

		if (v->filter & (1u << l)) {
			unsigned int ps = lv_oldest(s, l);

			if (pc < ps) {
				v->lost += ps - pc;
				v->pending += ps - pc;
				v->cursor[l] = sm_oldest_stored(s, l);
			}
		} else {
			v->skipped += lv_n[l] - pc;
			v->cursor[l] = s->next_seq;
		}
	}
}

/* The record the view reads next, or NULL; settles first. */
static const struct sm_rec *pick(struct sm_store *s, struct sm_view *v,
				 __u64 *backlog)
{
	const struct sm_rec *best = NULL;
	unsigned int l;

	settle(s, v);
	*backlog = 0;
	for (l = 0; l < 8; l++) {
		unsigned int p;
		const struct sm_rec *r;

		if (!(v->filter & (1u << l)))
			continue;
		p = lv_pos(s, l, v->cursor[l]);
		if (p >= lv_n[l])
			continue;
		*backlog += lv_n[l] - p;
		r = &s->rec[lv_idx[l][p]];
		if (!best || (v->order == LOGGER_ORDER_SEQ && r->seq < best->seq))
			best = r;
	}
	return best;
}

void sm_view_open(struct sm_store *s, struct sm_view *v, int flags,
		  unsigned int filter, unsigned int order,
		  unsigned int format, const char *ctx)
{
	unsigned int l;

	memset(v, 0, sizeof(*v));
	sm_refresh(s);
	v->fd = dt_open(flags);
	v->filter = 0xff;
	v->ctx = ctx;
	/* A new view starts at the oldest stored record. */
	for (l = 0; l < 8; l++)
		v->cursor[l] = sm_oldest_stored(s, l);
	sm_set_view(s, v, filter, order, format);
}

void sm_set_view(struct sm_store *s, struct sm_view *v, unsigned int filter,
		 unsigned int order, unsigned int format)
{
	sm_refresh(s);
	settle(s, v);
	dt_set_view(v->fd, filter, order, format);
	v->filter = filter;
	v->order = order;
	v->format = format;
	/* Levels dropped are passed over; levels added read from now on. */
	settle(s, v);
}

void sm_seek_set(struct sm_store *s, struct sm_view *v)
{
	unsigned int l;

	sm_refresh(s);
	settle(s, v);
	ck_assert_int_eq(lseek(v->fd, 0, SEEK_SET), 0);
	for (l = 0; l < 8; l++)
		if (v->filter & (1u << l))
			v->cursor[l] = sm_oldest_stored(s, l);
}

void sm_seek_end(struct sm_store *s, struct sm_view *v)
{
	unsigned int l;

	sm_refresh(s);
	settle(s, v);
	ck_assert_int_eq(lseek(v->fd, 0, SEEK_END), 0);
	for (l = 0; l < 8; l++)
		v->cursor[l] = s->next_seq;
}

/*
 * LOGGER_IOC_SEEK to @seq.  The test only seeks where no record of the
 * filter with seq >= @seq was evicted yet: whether such a gap counts as
 * lost is not what these tests are about.
 */
void sm_ioc_seek(struct sm_store *s, struct sm_view *v, __u64 seq)
{
	struct logger_pos pos;
	unsigned int l;

	sm_refresh(s);
	settle(s, v);
	ck_assert_int_eq(ioctl(v->fd, LOGGER_IOC_GET_POS, &pos), 0);
	pos.seq = seq;
	ck_assert_msg(ioctl(v->fd, LOGGER_IOC_SEEK, &pos) == 0,
		      "LOGGER_IOC_SEEK %llu: %s", (unsigned long long)seq,
		      strerror(errno));
	for (l = 0; l < 8; l++) {
		if (!(v->filter & (1u << l)))
			continue;
		ck_assert_msg(lv_pos(s, l, seq) >= lv_oldest(s, l),
			      "test bug: seek target %llu below level %u's oldest",
			      (unsigned long long)seq, l);
		v->cursor[l] = seq;
	}
}

void sm_clear(struct sm_store *s, struct sm_view **views, unsigned int nviews)
{
	unsigned int i, l;

	sm_refresh(s);
	for (i = 0; i < nviews; i++)
		settle(s, views[i]);
	ck_assert_int_eq(ioctl(s->wfd, LOGGER_IOC_CLEAR), 0);
	for (l = 0; l < 8; l++) {
		s->cleared[l] += s->stored[l];
		s->stored[l] = 0;
		lv_live[l] = lv_n[l];
	}
	s->cleared_below = s->next_seq;
	for (i = 0; i < nviews; i++)
		for (l = 0; l < 8; l++)
			views[i]->cursor[l] = s->next_seq;
}

void sm_resize(struct sm_store *s, __u64 capacity)
{
	struct logger_config c;

	ck_assert_int_eq(ioctl(s->wfd, LOGGER_IOC_GET_CONFIG, &c), 0);
	c.capacity = capacity;
	ck_assert_msg(ioctl(s->wfd, LOGGER_IOC_SET_CONFIG, &c) == 0,
		      "SET_CONFIG capacity %llu: %s",
		      (unsigned long long)capacity, strerror(errno));
	ck_assert_uint_eq(dt_stats(s->wfd).capacity, capacity);
}

/* poll, NEXT_SIZE and backlog must all say what the model says. */
void sm_check_readiness(struct sm_store *s, struct sm_view *v)
{
	struct pollfd p = { .fd = v->fd, .events = POLLIN };
	__u64 backlog, size = 0;
	const struct sm_rec *r;
	int pr;

	sm_refresh(s);
	r = pick(s, v, &backlog);
	pr = poll(&p, 1, 0);
	ck_assert_int_ge(pr, 0);
	ck_assert_int_eq(ioctl(v->fd, LOGGER_IOC_NEXT_SIZE, &size), 0);
	ck_assert_msg(!!(p.revents & POLLIN) == (r != NULL),
		      "%s: poll says %sreadable, the view has %llu unread",
		      v->ctx, p.revents & POLLIN ? "" : "not ",
		      (unsigned long long)backlog);
	ck_assert_msg((size != 0) == (r != NULL),
		      "%s: NEXT_SIZE %llu, the view has %llu unread", v->ctx,
		      (unsigned long long)size, (unsigned long long)backlog);
	ck_assert_msg(dt_view_stats(v->fd).backlog == backlog,
		      "%s: VIEW_STATS.backlog %llu, model %llu", v->ctx,
		      (unsigned long long)dt_view_stats(v->fd).backlog,
		      (unsigned long long)backlog);
	if (r && v->format == LOGGER_FORMAT_BINARY)
		ck_assert_uint_eq(size, sizeof(struct logger_record) +
				  LOGGER_ALIGN(r->len));
}

/* "\xNN" back to bytes; returns the length. */
static size_t unescape(const char *in, size_t len, char *out)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		unsigned int c;

		if (in[i] == '\\' && i + 3 < len && in[i + 1] == 'x' &&
		    sscanf(in + i + 2, "%2x", &c) == 1) {
			out[o++] = (char)c;
			i += 3;
		} else {
			out[o++] = in[i];
		}
	}
	return o;
}

/*
 * Check one record of the buffer at *@off against the model's next pick;
 * advance the model and *@off.
 */
static void check_record(struct sm_store *s, struct sm_view *v,
			 const char *buf, size_t len, size_t *off)
{
	static char want[8200], got[8200];
	const struct sm_rec *r;
	__u64 backlog, lost = 0, seq;
	unsigned int level, pid, tid, uid;
	size_t mlen;

	r = pick(s, v, &backlog);
	ck_assert_msg(r != NULL, "%s: read returned a record, model has none",
		      v->ctx);
	if (v->format == LOGGER_FORMAT_BINARY) {
		const struct logger_record *h = (const void *)(buf + *off);
		size_t i;

		ck_assert_uint_le(*off + sizeof(*h), len);
		ck_assert_uint_eq(h->hdr_len, sizeof(*h));
		ck_assert_uint_eq(h->version, LOGGER_RECORD_VERSION);
		ck_assert_uint_eq(h->flags, 0);
		ck_assert_uint_eq(h->reserved, 0);
		ck_assert_uint_le(*off + h->hdr_len + LOGGER_ALIGN(h->msg_len),
				  len);
		level = h->level;
		seq = h->seq;
		lost = h->lost;
		pid = h->pid;
		tid = h->tid;
		uid = h->uid;
		mlen = h->msg_len;
		memcpy(got, buf + *off + h->hdr_len, mlen);
		for (i = mlen; i < LOGGER_ALIGN(mlen); i++)
			ck_assert_int_eq(buf[*off + h->hdr_len + i], 0);
		*off += h->hdr_len + LOGGER_ALIGN(mlen);
	} else {
		const char *line = buf + *off, *nl, *semi;
		unsigned long long us, n;

		nl = memchr(line, '\n', len - *off);
		ck_assert_ptr_nonnull(nl);
		if (strncmp(line, "4,0,", 4) == 0) {
			ck_assert_msg(sscanf(line, "4,0,%llu,0,0,0;logger: %llu records lost\n",
					     &us, &n) == 2,
				      "%s: bad marker %.80s", v->ctx, line);
			lost = n;
			*off = nl + 1 - buf;
			line = nl + 1;
			nl = memchr(line, '\n', len - *off);
			ck_assert_msg(nl != NULL, "%s: marker not followed by a record",
				      v->ctx);
		}
		ck_assert_msg(sscanf(line, "%u,%llu,%llu,%u,%u,%u;", &level, &n,
				     &us, &pid, &tid, &uid) == 6,
			      "%s: bad line %.80s", v->ctx, line);
		seq = n;
		semi = memchr(line, ';', nl - line);
		ck_assert_ptr_nonnull(semi);
		mlen = unescape(semi + 1, nl - semi - 1, got);
		*off = nl + 1 - buf;
	}
	ck_assert_msg(seq == r->seq && level == r->level,
		      "%s: read seq %llu level %u, want seq %llu level %u "
		      "(%s order, filter 0x%x)", v->ctx,
		      (unsigned long long)seq, level,
		      (unsigned long long)r->seq, r->level,
		      v->order == LOGGER_ORDER_SEQ ? "seq" : "priority",
		      v->filter);
	ck_assert_msg(lost == v->pending,
		      "%s: seq %llu reports %llu lost in band, want %llu",
		      v->ctx, (unsigned long long)seq,
		      (unsigned long long)lost,
		      (unsigned long long)v->pending);
	sm_msg(r->idx, r->len, want);
	ck_assert_msg(mlen == r->len && memcmp(got, want, mlen) == 0,
		      "%s: seq %llu: message differs (len %zu, want %u)",
		      v->ctx, (unsigned long long)seq, mlen, r->len);
	ck_assert_uint_eq(pid, getpid());
	ck_assert_uint_eq(tid, syscall(SYS_gettid));
	ck_assert_uint_eq(uid, geteuid());
	v->cursor[r->level] = r->seq + 1;
	v->pending = 0;
	v->read++;
	if (r->seq > v->max_seq)
		v->max_seq = r->seq;
}

/*
 * Read exactly one record (a buffer of NEXT_SIZE bytes, blocking fd), as
 * the model predicts; or check that there is none (EAGAIN).  Every fifth
 * call first tries one byte less: EINVAL, nothing consumed.
 */
int sm_read_one(struct sm_store *s, struct sm_view *v)
{
	static unsigned int calls;
	__u64 size = 0, before;
	size_t off = 0;
	ssize_t n;
	int fl;

	sm_check_readiness(s, v);
	ck_assert_int_eq(ioctl(v->fd, LOGGER_IOC_NEXT_SIZE, &size), 0);
	if (!size) {
		fl = fcntl(v->fd, F_GETFL);
		fcntl(v->fd, F_SETFL, fl | O_NONBLOCK);
		n = read(v->fd, rbuf, sizeof(rbuf));
		fcntl(v->fd, F_SETFL, fl);
		ck_assert_msg(n == -1 && errno == EAGAIN,
			      "%s: nothing to read, read gives %zd (%s)",
			      v->ctx, n, strerror(errno));
		return 0;
	}
	ck_assert_uint_le(size, sizeof(rbuf));
	if (++calls % 5 == 0) {
		before = dt_view_stats(v->fd).read;
		ck_assert_int_eq(read(v->fd, rbuf, size - 1), -1);
		ck_assert_int_eq(errno, EINVAL);
		ck_assert_uint_eq(dt_view_stats(v->fd).read, before);
	}
	n = read(v->fd, rbuf, size);
	ck_assert_msg(n == (ssize_t)size, "%s: read(%llu) = %zd (%s)", v->ctx,
		      (unsigned long long)size, n, strerror(errno));
	check_record(s, v, rbuf, n, &off);
	ck_assert_uint_eq(off, (size_t)n);
	return 1;
}

/* Read everything with large buffers (many records per read()). */
unsigned int sm_drain(struct sm_store *s, struct sm_view *v)
{
	unsigned int got = 0;
	int fl = fcntl(v->fd, F_GETFL);

	sm_refresh(s);
	fcntl(v->fd, F_SETFL, fl | O_NONBLOCK);
	for (;;) {
		ssize_t n = read(v->fd, rbuf, sizeof(rbuf));
		size_t off = 0;

		if (n < 0) {
			ck_assert_msg(errno == EAGAIN, "%s: read: %s", v->ctx,
				      strerror(errno));
			break;
		}
		ck_assert_int_gt(n, 0);
		while (off < (size_t)n) {
			check_record(s, v, rbuf, n, &off);
			got++;
		}
	}
	fcntl(v->fd, F_SETFL, fl);
	sm_check_readiness(s, v);
	return got;
}

/* VIEW_STATS and GET_POS against the model. */
void sm_check_totals(struct sm_store *s, struct sm_view *v)
{
	struct logger_view_stats vs;
	struct logger_pos pos;
	__u64 backlog;

	sm_refresh(s);
	pick(s, v, &backlog);
	vs = dt_view_stats(v->fd);
	ck_assert_msg(vs.read == v->read && vs.lost == v->lost &&
		      vs.skipped == v->skipped && vs.backlog == backlog,
		      "%s: VIEW_STATS read %llu lost %llu skipped %llu backlog %llu; "
		      "want %llu %llu %llu %llu", v->ctx,
		      (unsigned long long)vs.read, (unsigned long long)vs.lost,
		      (unsigned long long)vs.skipped,
		      (unsigned long long)vs.backlog,
		      (unsigned long long)v->read, (unsigned long long)v->lost,
		      (unsigned long long)v->skipped,
		      (unsigned long long)backlog);
	ck_assert_int_eq(ioctl(v->fd, LOGGER_IOC_GET_POS, &pos), 0);
	ck_assert_uint_eq(pos.seq, v->max_seq + 1);
}

/*
 * Write @nrec records of the given levels, sizes 1..max_record (mostly
 * small), 1..8 per write(); every @read_every writes the view reads 0..3
 * records, each checked against the model.
 */
void sm_flood(struct sm_store *s, unsigned int nrec, const __u8 *levels,
	      unsigned int nlevels, struct sm_view *v, unsigned int read_every)
{
	unsigned int done = 0, batch = 0;

	while (done < nrec) {
		__u8 lv[8];
		__u16 ln[8];
		unsigned int n = 1 + sm_rand(s) % 8, i;

		if (n > nrec - done)
			n = nrec - done;
		for (i = 0; i < n; i++) {
			__u32 x = sm_rand(s);

			lv[i] = levels[x % nlevels];
			ln[i] = (x >> 8) % 4 ? 1 + (x >> 12) % 128 :
				1 + (x >> 12) % s->max_record;
		}
		sm_write(s, lv, ln, n);
		done += n;
		if (v && sm_check_each_write)
			sm_check_readiness(s, v);
		if (v && read_every && ++batch % read_every == 0) {
			unsigned int k = sm_rand(s) % 4;

			while (k-- && sm_read_one(s, v))
				;
		}
	}
}
