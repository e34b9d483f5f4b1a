// SPDX-License-Identifier: GPL-2.0
/*
 * lgmap: the lock-free reader of a mapped /dev/logger store.
 *
 * DESIGN.  The kernel appends records to per-level chunks under its lock
 * and publishes them with release stores; this reader takes no lock and
 * makes no system call per record.  It follows each level's chunks, copies
 * a record out, then checks that the chunk was not reused meanwhile (its
 * generation) and that the header is the record it expected (level,
 * per-level sequence number, size): printk's "read, copy, re-check".  What
 * fails the check was overwritten: it is counted lost, like a record
 * read() finds evicted.  Clears are told apart from evictions by the
 * control page's clear history.  See uapi/logger.h, DOC: Mapping.
 *
 * Memory ordering, each paired with a labelled barrier of the kernel:
 *  (A) acquire-load of a chunk's gen on arrival:  chunk_assign:B,
 *      lg_pool_clean_one:B (the header is complete when gen is even);
 *  (B) acquire-load of a chunk's used:            lg_store_write:A (the
 *      record bytes before the offset that covers them);
 *  (C) acquire fence, then gen re-loaded, after every copy:
 *      chunk_assign:A, lg_pool_clean_one:A (reuse starts by making gen
 *      odd before any byte changes, so a copy that overlapped a reuse
 *      sees a different gen);
 *  (D) acquire-load of a chunk's next:            level_room:A (the next
 *      chunk's header before the link to it);
 *  (E) acquire-load of a level's first:           ctl_level:A (its head
 *      before its first);
 *  (F) acquire-load of the clear count:           lg_store_clear:A (the
 *      clear's history entry before its number);
 *  (G) acquire-load of next_seq before a scan:    lg_store_write:B (every
 *      record below it published before it), so sequence order holds
 *      across levels looked at one after another.
 * The kernel never writes a mapped byte it has not first made invisible
 * by (C)'s rule, so a copy that passes (C) is the record as written.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lgmap.h"

#define LD(p)		__atomic_load_n((p), __ATOMIC_RELAXED)
#define LD_ACQ(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
/*
 * RMB() orders the loads before it against the loads after it, pairing
 * with the kernel's barriers listed above.  ThreadSanitizer cannot model a
 * stand-alone fence (gcc refuses it under -Werror=tsan); the writer it
 * pairs with is the kernel, which TSan never sees, so an instrumented
 * build needs only to keep the compiler from moving loads across it.  On
 * x86 that is all the acquire fence does anyway.
 */
#ifdef __SANITIZE_THREAD__
#define RMB()		__atomic_signal_fence(__ATOMIC_SEQ_CST)
#else
#define RMB()		__atomic_thread_fence(__ATOMIC_ACQUIRE)
#endif

#define REC_HDR		sizeof(struct logger_map_rec)

/* peek() results besides "a record": nothing yet; the position is gone. */
enum { PEEK_NONE = 0, PEEK_REC = 1, PEEK_GONE = -1 };

/* Chunk @id, or NULL when the id is outside the mapping. */
static const struct logger_map_chunk *chunk(const struct lgmap *m,
					    uint32_t id)
{
	size_t off;

	if (id >= LD(&m->ctl->nchunks))
		return NULL;
	off = m->ctl->page_size + (size_t)id * m->ctl->chunk_size;
	if (off + m->ctl->chunk_size > m->len)
		return NULL;
	return (const void *)(m->base + off);
}

static const struct logger_map_rec *rec_at(const struct lgmap *m,
					   const struct logger_map_chunk *c,
					   uint32_t off)
{
	return (const void *)((const unsigned char *)c + m->ctl->chunk_hdr +
			      off);
}

static int in_filter(const struct lgmap *m, unsigned int l)
{
	return m->filter & LOGGER_LEVEL_BIT(l);
}

/* Forget where @p's record is; it will be found again by its lseq. */
static void pos_forget(struct lgmap_pos *p, uint64_t lseq)
{
	p->lseq = lseq;
	p->id = LOGGER_MAP_NIL;
	p->gen = 0;
	p->off = 0;
}

/*
 * Account the clears since we last looked (F): what they removed is
 * neither lost nor skipped; what was evicted before them is.  When more
 * than LOGGER_MAP_CLEARS came, the older ones are unknown: records before
 * the oldest known clear are then counted cleared (and @inexact is set).
 */
static void sync_clears(struct lgmap *m)
{
	uint64_t g = LD_ACQ(&m->ctl->clear_gen), k;
	unsigned int l;

	if (g == m->clear_gen)
		return;
	k = m->clear_gen + 1;
	if (g - m->clear_gen > LOGGER_MAP_CLEARS) {
		k = g - LOGGER_MAP_CLEARS + 1;
		m->inexact = 1;
	}
	for (; k <= g; k++) {
		const struct logger_map_clear *e =
			&m->ctl->clears[(k - 1) % LOGGER_MAP_CLEARS];
		uint64_t first[LOGGER_NR_LEVELS], next[LOGGER_NR_LEVELS];
		int known = k > m->clear_gen + 1 || !m->inexact;

		for (l = 0; l < LOGGER_NR_LEVELS; l++) {
			first[l] = LD(&e->first[l]);
			next[l] = LD(&e->next[l]);
		}
		RMB();
		if (LD(&e->gen) != k) {
			/* Overwritten by a later clear while we read it. */
			m->inexact = 1;
			continue;
		}
		for (l = 0; l < LOGGER_NR_LEVELS; l++) {
			struct lgmap_pos *p = &m->pos[l];

			if (p->lseq >= next[l])
				continue;
			if (!in_filter(m, l)) {
				m->skipped += next[l] - p->lseq;
			} else if (p->lseq < first[l] && known) {
				m->lost += first[l] - p->lseq;
				m->lost_pending += first[l] - p->lseq;
			}
			pos_forget(p, next[l]);
			m->cand_ok[l] = 0;
		}
	}
	m->clear_gen = g;
}

/*
 * Level @l's oldest record is @first (E); records below it went.  Count
 * them lost (in the filter) or skipped (outside, up to the level's end).
 * Return: 0, or -1 when a clear came meanwhile (then call again).
 */
static int settle(struct lgmap *m, unsigned int l)
{
	const struct logger_map_level *lv = &m->ctl->level[l];
	struct lgmap_pos *p = &m->pos[l];
	uint64_t first = LD_ACQ(&lv->first), next = LD(&lv->next), n;

	RMB();
	if (LD(&m->ctl->clear_gen) != m->clear_gen)
		return -1;
	if (in_filter(m, l)) {
		if (p->lseq < first) {
			n = first - p->lseq;
			m->lost += n;
			m->lost_pending += n;
			pos_forget(p, first);
			m->cand_ok[l] = 0;
		}
	} else if (p->lseq < next) {
		m->skipped += next - p->lseq;
		pos_forget(p, next);
		m->cand_ok[l] = 0;
	}
	return 0;
}

static void settle_all(struct lgmap *m)
{
	unsigned int l;

	for (;;) {
		sync_clears(m);
		for (l = 0; l < LOGGER_NR_LEVELS; l++)
			if (settle(m, l))
				break;
		if (l == LOGGER_NR_LEVELS)
			return;
	}
}

/*
 * Find lseq @p->lseq of level @l in chunk @c (generation @gen): set @p
 * there (or at the chunk's end when it is the chunk's next record).
 * Return: 1 when found, 0 when not in this chunk or the chunk changed.
 */
static int scan_chunk(const struct lgmap *m, unsigned int l,
		      const struct logger_map_chunk *c, uint32_t id,
		      uint32_t gen, struct lgmap_pos *p)
{
	uint32_t used = LD_ACQ(&c->used), off = 0;	/* (B) */
	uint64_t lseq = LD(&c->first_lseq);

	while (off < used && used - off >= REC_HDR && lseq < p->lseq) {
		uint32_t size = LD(&rec_at(m, c, off)->size);

		if (size < REC_HDR || size > used - off)
			return 0;
		off += size;
		lseq++;
	}
	RMB();	/* (C) */
	if (LD(&c->gen) != gen || lseq != p->lseq || LD(&c->level) != l)
		return 0;
	p->id = id;
	p->gen = gen;
	p->off = off;
	return 1;
}

/*
 * Where is lseq @p->lseq of level @l (settled: not below the level's
 * first)?  Try the tail (where an end position is), then walk from the
 * head.  Return: 1 located, 0 the level has no chunk yet, -1 raced with
 * the writer (try again).
 */
static int locate(const struct lgmap *m, unsigned int l, struct lgmap_pos *p)
{
	const struct logger_map_level *lv = &m->ctl->level[l];
	uint64_t first = LD_ACQ(&lv->first);	/* (E) */
	uint32_t ids[2] = { LD(&lv->tail), LD(&lv->head) }, id;
	int i;

	if (ids[1] == LOGGER_MAP_NIL)
		return p->lseq == first ? 0 : -1;
	for (i = 0; i < 2; i++) {
		for (id = ids[i]; id != LOGGER_MAP_NIL;) {
			const struct logger_map_chunk *c = chunk(m, id);
			uint32_t gen, next;

			if (!c)
				return -1;
			gen = LD_ACQ(&c->gen);	/* (A) */
			if ((gen & 1) || LD(&c->level) != l)
				return -1;
			if (LD(&c->first_lseq) <= p->lseq &&
			    scan_chunk(m, l, c, id, gen, p))
				return 1;
			next = LD_ACQ(&c->next);	/* (D) */
			RMB();
			if (LD(&c->gen) != gen || i == 0)
				break;
			id = next;
		}
	}
	return -1;
}

/*
 * The header of the record at level @l's position, in *@h (checked: the
 * chunk did not change while it was copied), stepping to the next chunk
 * at a chunk's end.
 */
static int peek(struct lgmap *m, unsigned int l, struct logger_map_rec *h)
{
	struct lgmap_pos *p = &m->pos[l];
	const struct logger_map_chunk *c;
	uint32_t used, next;
	int tries, r;

	for (tries = 0; tries < 64; tries++) {
		if (p->id == LOGGER_MAP_NIL) {
			r = locate(m, l, p);
			if (r == 0)
				return PEEK_NONE;
			if (r < 0)
				return PEEK_GONE;
		}
		c = chunk(m, p->id);
		if (!c || LD_ACQ(&c->gen) != p->gen)	/* (A) */
			return PEEK_GONE;
		used = LD_ACQ(&c->used);		/* (B) */
		if (p->off < used) {
			if (used - p->off < REC_HDR)
				return PEEK_GONE;
			memcpy(h, rec_at(m, c, p->off), REC_HDR);
			if (h->size < REC_HDR || h->size > used - p->off ||
			    h->lseq != p->lseq || h->level != l ||
			    h->tag_len > LOGGER_TAG_MAX ||
			    REC_HDR + h->tag_len + h->msg_len > h->size)
				return PEEK_GONE;
			RMB();					/* (C) */
			return LD(&c->gen) == p->gen ? PEEK_REC : PEEK_GONE;
		}
		/* At the chunk's end: is the level's next chunk there? */
		next = LD_ACQ(&c->next);			/* (D) */
		RMB();
		if (LD(&c->gen) != p->gen || p->off > used)
			return PEEK_GONE;
		if (next == LOGGER_MAP_NIL)
			return PEEK_NONE;
		c = chunk(m, next);
		if (!c)
			return PEEK_GONE;
		p->gen = LD_ACQ(&c->gen);			/* (A) */
		if ((p->gen & 1) || LD(&c->level) != l ||
		    LD(&c->first_lseq) != p->lseq) {
			pos_forget(p, p->lseq);
			continue;
		}
		p->id = next;
		p->off = 0;
	}
	return PEEK_NONE;
}

/*
 * Copy the tag of the record whose header peek() gave (@h, still at level
 * @l's position) to @tag (NUL-terminated), then check the chunk did not
 * change meanwhile: a tag filter decides only on a tag as written.
 */
static int copy_tag(struct lgmap *m, unsigned int l,
		    const struct logger_map_rec *h, char *tag)
{
	const struct lgmap_pos *p = &m->pos[l];
	const struct logger_map_chunk *c = chunk(m, p->id);

	if (!c)
		return PEEK_GONE;
	memcpy(tag, (const char *)rec_at(m, c, p->off) + REC_HDR, h->tag_len);
	tag[h->tag_len] = '\0';
	RMB();							/* (C) */
	return LD(&c->gen) == p->gen ? PEEK_REC : PEEK_GONE;
}

/* Does a record tagged @tag (@len bytes) pass the tag filter? */
static int tag_pass(const struct lgmap *m, const char *tag, unsigned int len)
{
	unsigned int i;

	if (!m->ntags)
		return 1;
	for (i = 0; i < m->ntags; i++)
		if (m->tag_len[i] == len && !memcmp(m->tags[i], tag, len))
			return 1;
	return 0;
}

/*
 * Copy the message of the record whose header peek() gave (@h, still at
 * level @l's position), then check the chunk did not change meanwhile.
 */
static int copy_msg(struct lgmap *m, unsigned int l,
		    const struct logger_map_rec *h, char *msg, size_t size)
{
	const struct lgmap_pos *p = &m->pos[l];
	const struct logger_map_chunk *c = chunk(m, p->id);

	if (!c)
		return PEEK_GONE;
	if (h->msg_len > size)
		return -EMSGSIZE;
	if (m->stall)
		m->stall(m->stall_arg);
	memcpy(msg, (const char *)rec_at(m, c, p->off) + REC_HDR + h->tag_len,
	       h->msg_len);
	RMB();							/* (C) */
	return LD(&c->gen) == p->gen ? PEEK_REC : PEEK_GONE;
}

/* Forget every level's candidate (positions moved). */
static void cands_forget(struct lgmap *m)
{
	memset(m->cand_ok, 0, sizeof(m->cand_ok));
}

/* Level @l's position went (GONE): count what is lost, find it again. */
static void level_gone(struct lgmap *m, unsigned int l)
{
	m->cand_ok[l] = 0;
	pos_forget(&m->pos[l], m->pos[l].lseq);
	settle_all(m);
	cands_forget(m);
}

/* Past level @l's record at its position (its header is @m->cand[l]). */
static void step(struct lgmap *m, unsigned int l)
{
	m->pos[l].lseq++;
	m->pos[l].off += m->cand[l].size;
	m->cand_ok[l] = 0;
}

/*
 * The next record that passes both filters: its header in *@h, its tag in
 * @tag (NUL-terminated), its message at @msg.  Records of the level
 * filter's levels whose tag does not pass are skipped, as read() skips
 * them.  Return as lgmap_next().
 */
static int next_rec(struct lgmap *m, struct logger_map_rec *h, char *tag,
		    char *msg, size_t size)
{
	uint64_t best_seq, below;
	unsigned int l;
	int best, r, races, gone;

	for (races = 0; races < 1000;) {
		/* (G): a level seen empty has no record below @below. */
		below = LD_ACQ(&m->ctl->next_seq);
		if (LD_ACQ(&m->ctl->clear_gen) != m->clear_gen) {
			settle_all(m);
			cands_forget(m);
		}
		best = -1;
		best_seq = 0;
		gone = -1;
		for (l = 0; l < LOGGER_NR_LEVELS; l++) {
			if (!in_filter(m, l))
				continue;
			if (!m->cand_ok[l]) {
				r = peek(m, l, &m->cand[l]);
				if (r == PEEK_GONE) {
					gone = l;
					break;
				}
				if (r == PEEK_NONE)
					continue;
				m->cand_ok[l] = 1;
			}
			if (best < 0 || m->cand[l].seq < best_seq) {
				best = l;
				best_seq = m->cand[l].seq;
			}
			if (m->order == LOGGER_ORDER_PRIORITY)
				break;
		}
		if (gone >= 0) {
			level_gone(m, gone);
			races++;
			continue;
		}
		if (best < 0) {
			/* Caught up: bring the counts up to date. */
			settle_all(m);
			return 0;
		}
		/*
		 * Sequence order: a record written after @below may have a
		 * rival in a level looked at before it was there.  Look again
		 * (the levels seen empty; the others keep their candidate).
		 */
		if (m->order != LOGGER_ORDER_PRIORITY && best_seq >= below) {
			races++;
			continue;
		}
		r = copy_tag(m, best, &m->cand[best], tag);
		if (r == PEEK_REC && !tag_pass(m, tag, m->cand[best].tag_len)) {
			step(m, best);
			m->skipped++;
			continue;
		}
		if (r == PEEK_REC)
			r = copy_msg(m, best, &m->cand[best], msg, size);
		if (r == -EMSGSIZE)
			return r;
		if (r != PEEK_REC) {
			level_gone(m, best);
			races++;
			continue;
		}
		*h = m->cand[best];
		step(m, best);
		m->read++;
		return 1;
	}
	return 0;
}

static void fill(struct logger_record *out, const struct logger_map_rec *h,
		 uint64_t lost)
{
	memset(out, 0, sizeof(*out));
	out->hdr_len = sizeof(*out);
	out->version = LOGGER_RECORD_VERSION;
	out->level = h->level;
	out->facility = h->facility;
	out->msg_len = h->msg_len;
	out->pid = h->pid;
	out->seq = h->seq;
	out->lost = lost;
	out->ts_real_ns = h->ts_real;
	out->ts_mono_ns = h->ts_mono;
	out->tid = h->tid;
	out->uid = h->uid;
	memcpy(out->comm, h->comm, sizeof(out->comm));
	out->comm[sizeof(out->comm) - 1] = '\0';
}

/*
 * A record was returned (its lost count taken): every @sync_every records
 * publish the position.  After, not before: what the publish finds lost
 * goes with the next record, as read() reports it.
 */
static void after_rec(struct lgmap *m)
{
	if (m->sync_every && ++m->unsynced >= m->sync_every)
		lgmap_sync(m);
}

/**
 * lgmap_next() - the next record, as read() in binary format returns it
 * @m: the reader.
 * @hdr: filled with the record's header; @hdr->lost counts the records
 *	of this reader evicted just before it.
 * @msg: receives the message.
 * @size: bytes at @msg (the store's max_record is enough).
 *
 * Priority order takes the most urgent level with a record, sequence
 * order the lowest sequence number.  Each level's next header is kept
 * while the level's position does not move, so a record costs one
 * header peek of its own level, a glance at the others, and the copy.
 *
 * Return: 1 with a record, 0 when there is none now, -EMSGSIZE when
 * @size is too small (nothing consumed).
 */
int lgmap_next(struct lgmap *m, struct logger_record *hdr, char *msg,
	       size_t size)
{
	struct logger_map_rec h;
	char tag[LOGGER_TAG_MAX + 1];
	int r = next_rec(m, &h, tag, msg, size);

	if (r == 1) {
		fill(hdr, &h, m->lost_pending);
		m->lost_pending = 0;
		after_rec(m);
	}
	return r;
}

/**
 * lgmap_next2() - the next record, as read() with %LOGGER_FD_RECORD2
 *	returns it (its tag too)
 * @m: the reader.
 * @hdr: filled with the record's header and tag.
 * @msg: receives the message.
 * @size: bytes at @msg.
 *
 * Return: as lgmap_next().
 */
int lgmap_next2(struct lgmap *m, struct logger_record2 *hdr, char *msg,
		size_t size)
{
	struct logger_map_rec h;
	char tag[LOGGER_TAG_MAX + 1];
	int r = next_rec(m, &h, tag, msg, size);

	if (r != 1)
		return r;
	memset(hdr, 0, sizeof(*hdr));
	fill(&hdr->rec, &h, m->lost_pending);
	m->lost_pending = 0;
	hdr->rec.hdr_len = sizeof(*hdr);
	hdr->rec.version = LOGGER_RECORD2_VERSION;
	hdr->tag_len = h.tag_len;
	memcpy(hdr->tag, tag, h.tag_len);
	after_rec(m);
	return 1;
}

/**
 * lgmap_rewind() - back to the oldest stored record of every level
 * @m: the reader.
 */
void lgmap_rewind(struct lgmap *m)
{
	unsigned int l;

	settle_all(m);
	cands_forget(m);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if (in_filter(m, l))
			pos_forget(&m->pos[l], LD_ACQ(&m->ctl->level[l].first));
}

/**
 * lgmap_skip_to_end() - only records written from now on
 * @m: the reader.
 */
void lgmap_skip_to_end(struct lgmap *m)
{
	unsigned int l;

	settle_all(m);
	cands_forget(m);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		pos_forget(&m->pos[l], LD(&m->ctl->level[l].next));
}

/**
 * lgmap_set_view() - change the filter and order, here and on the fd
 * @m: the reader.
 * @filter: level set, 1..0xff.
 * @order: &enum logger_order.
 *
 * As LOGGER_IOC_SET_VIEW: levels the filter adds are read from now on.
 *
 * Return: 0 or -errno.
 */
int lgmap_set_view(struct lgmap *m, uint32_t filter, int order)
{
	struct logger_view v;

	if (ioctl(m->fd, LOGGER_IOC_GET_VIEW, &v))
		return -errno;
	v.filter = filter;
	v.order = order;
	if (ioctl(m->fd, LOGGER_IOC_SET_VIEW, &v))
		return -errno;
	settle_all(m);
	m->filter = filter;
	m->order = order;
	settle_all(m);
	cands_forget(m);
	return 0;
}

/*
 * Tell the kernel where the reader is (LOGGER_IOC_MAP_SYNC): the fd's
 * cursor moves there, so poll() answers for it and, under the block
 * policy, the records before it are no longer held.  Positions not yet
 * located are located first.  With @stop, return 1 instead as soon as a
 * record is found to be there (a waiter then need not sleep).
 * Return: 0 published, 1 (with @stop) a record is there, -errno.
 */
static int publish(struct lgmap *m, int stop)
{
	struct logger_map_pos mp;
	unsigned int l;
	int tries, r;

	for (tries = 0;; tries++) {
		settle_all(m);
		memset(&mp, 0, sizeof(mp));
		for (l = 0; l < LOGGER_NR_LEVELS; l++) {
			if (in_filter(m, l) && !m->cand_ok[l]) {
				r = peek(m, l, &m->cand[l]);
				m->cand_ok[l] = r == PEEK_REC;
			}
			if (stop && m->cand_ok[l])
				return 1;
			mp.lseq[l] = m->pos[l].lseq;
			mp.id[l] = m->pos[l].id;
			mp.gen[l] = m->pos[l].gen;
			mp.off[l] = m->pos[l].off;
		}
		mp.clear_gen = m->clear_gen;
		mp.wake_min = m->wake_min;
		if (!ioctl(m->fd, LOGGER_IOC_MAP_SYNC, &mp)) {
			m->unsynced = 0;
			return 0;
		}
		/* A clear or the writer raced with us: look again. */
		if ((errno != ESTALE && errno != EINVAL) || tries == 100)
			return -errno;
		cands_forget(m);
		for (l = 0; l < LOGGER_NR_LEVELS; l++)
			pos_forget(&m->pos[l], m->pos[l].lseq);
	}
}

/**
 * lgmap_sync() - publish the reader's position to the kernel
 * @m: the reader.
 *
 * What lgmap_next() does every @m->sync_every records: the fd's cursor
 * moves to the mapped reader's position, so under the block policy the
 * records it has read are no longer held for it.
 *
 * Return: 0 or -errno.
 */
int lgmap_sync(struct lgmap *m)
{
	return publish(m, 0);
}

/**
 * lgmap_wait() - sleep until a record past this reader's position may be
 *	there
 * @m: the reader.
 * @timeout_ms: as for poll(); -1 waits for ever.
 *
 * Tells the kernel where the reader is (LOGGER_IOC_MAP_SYNC), so the
 * fd's poll() answers for it, then polls.  With @m->wake_min above 1 a
 * write wakes the reader only once that many records wait (perf's
 * watermark): fewer, larger batches; the timeout bounds the delay.
 *
 * Return: 1 when readable, 0 on timeout, -errno (-EINTR on a signal).
 */
int lgmap_wait(struct lgmap *m, int timeout_ms)
{
	struct pollfd pfd = { .fd = m->fd, .events = POLLIN };
	int r = publish(m, 1);

	if (r)
		return r;
	r = poll(&pfd, 1, timeout_ms);
	if (r < 0)
		return -errno;
	return r > 0;
}

/**
 * lgmap_set_tag_filter() - change the tag filter, here and on the fd
 * @m: the reader.
 * @tf: as for LOGGER_IOC_SET_TAG_FILTER.
 *
 * Return: 0 or -errno (the kernel's answer: EINVAL for a bad tag or
 * count).
 */
int lgmap_set_tag_filter(struct lgmap *m, const struct logger_tag_filter *tf)
{
	unsigned int i;

	if (ioctl(m->fd, LOGGER_IOC_SET_TAG_FILTER, tf))
		return -errno;
	m->ntags = tf->count;
	for (i = 0; i < tf->count; i++) {
		m->tag_len[i] = strnlen(tf->tags[i], sizeof(tf->tags[i]));
		memcpy(m->tags[i], tf->tags[i], sizeof(m->tags[i]));
	}
	return 0;
}

/**
 * lgmap_open() - map the store behind @fd and go on from the fd's cursor
 * @m: the reader, filled in.
 * @fd: /dev/logger opened for reading; its view's filter and order, its
 *	tag filter, its cursor (LOGGER_IOC_MAP_CURSOR: where its seeks and
 *	reads left it) and the lost count it has not yet reported are taken
 *	over.  Records the store dropped since the fd's open() are counted
 *	lost, as read() would count them.
 *
 * Return: 0, or -errno (EPERM: this reader may not see every record;
 * EPROTO: a layout this library does not know; EBUSY: the fd is in a
 * group, whose cursor is shared).
 */
int lgmap_open(struct lgmap *m, int fd)
{
	long page = sysconf(_SC_PAGESIZE);
	const struct logger_map_ctl *ctl;
	struct logger_map_cursor mc;
	struct logger_tag_filter tf;
	struct logger_view v;
	size_t len;
	unsigned int l;

	memset(m, 0, sizeof(*m));
	m->fd = fd;
	if (ioctl(fd, LOGGER_IOC_GET_VIEW, &v))
		return -errno;
	ctl = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, 0);
	if (ctl == MAP_FAILED)
		return -errno;
	if (ctl->magic != LOGGER_MAP_MAGIC ||
	    ctl->version != LOGGER_MAP_VERSION ||
	    ctl->hdr_len < sizeof(*ctl) || ctl->page_size != (uint32_t)page ||
	    ctl->chunk_hdr < sizeof(struct logger_map_chunk)) {
		munmap((void *)ctl, page);
		return -EPROTO;
	}
	len = ctl->page_size + (size_t)ctl->nchunks * ctl->chunk_size;
	munmap((void *)ctl, page);
	m->base = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	if (m->base == MAP_FAILED) {
		m->base = NULL;
		return -errno;
	}
	m->len = len;
	m->ctl = (const void *)m->base;
	m->filter = v.filter;
	m->order = v.order;
	m->sync_every = LGMAP_SYNC_EVERY;
	if (!ioctl(fd, LOGGER_IOC_GET_TAG_FILTER, &tf) &&
	    tf.count <= LOGGER_TAG_FILTER_MAX) {
		m->ntags = tf.count;
		for (l = 0; l < tf.count; l++) {
			m->tag_len[l] = strnlen(tf.tags[l], sizeof(tf.tags[l]));
			memcpy(m->tags[l], tf.tags[l], sizeof(m->tags[l]));
		}
	}
	/* Go on from where the fd is (its seeks, what it already read). */
	if (!ioctl(fd, LOGGER_IOC_MAP_CURSOR, &mc)) {
		m->clear_gen = mc.pos.clear_gen;
		m->wake_min = mc.pos.wake_min;
		for (l = 0; l < LOGGER_NR_LEVELS; l++)
			pos_forget(&m->pos[l], mc.pos.lseq[l]);
		m->lost = mc.lost;
		m->lost_pending = mc.lost;
		/* Count what went since, and clears since (F). */
		settle_all(m);
		return 0;
	}
	if (errno != ENOTTY) {
		int err = -errno;

		lgmap_close(m);
		return err;
	}
	/* A module before LOGGER_IOC_MAP_CURSOR: the oldest record. */
	m->clear_gen = LD_ACQ(&m->ctl->clear_gen);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		pos_forget(&m->pos[l], LD_ACQ(&m->ctl->level[l].first));
	return 0;
}

void lgmap_close(struct lgmap *m)
{
	if (m->base)
		munmap((void *)m->base, m->len);
	m->base = NULL;
}
