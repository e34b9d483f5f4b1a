// SPDX-License-Identifier: GPL-2.0
/*
 * store: the priority-sorted record store behind /dev/logger.
 */

/**
 * DOC: The store
 *
 * What is stored.  Records, each a struct logger_map_rec header (sequence numbers,
 * both timestamps, the writer's pid/tid/uid/comm, level, facility,
 * lengths) followed by its tag and message, padded to 8 bytes.  Records
 * live in chunks: lg_store.csize bytes (a power of two, at least a page,
 * big enough for one largest record) allocated when the store is created
 * or grows, never per record (pool.c).  A chunk starts with a struct
 * lg_chunk header and holds records of one level, back to back.  The
 * memory in use is the configured capacity (rounded down to whole chunks)
 * plus a pointer and an id per chunk.
 *
 * Sorted by priority.  Each level is a FIFO of chunks, oldest first,
 * linked through the chunk headers; records are appended to the level's
 * newest (tail) chunk, and a new chunk is started when the record does
 * not fit.  Records of a level get consecutive per-level sequence numbers
 * (lseq): the level holds [first, next).  The global sequence number,
 * stamped under the lock, orders records across levels.
 *
 * A record says what it is.  Chunk and record headers carry the level,
 * the lseq and a chunk generation, so a reference a reader cached (a
 * chunk id, its generation, an offset) is checked against them before it
 * is used; see view.c.  Nothing is indexed by a value read from store
 * memory without a bounds check.
 *
 * Retention.  Memory is given and taken back in whole chunks.  Each level
 * L has a reserve R(L) of chunks (reserve_pct of the capacity, at least
 * one); the rest is shared.  The store keeps
 *
 *	sum over levels of max(chunks(L), R(L)) <= limit           (I)
 *
 * (limit is the number of chunks, see "Resizing").  A record of level L
 * that needs a new chunk when (I) would break evicts the oldest chunk of
 * the least urgent level M > L that holds more than its reserve, and when
 * there is none, the oldest chunk of L itself.  A more urgent level is
 * never touched: a debug flood cannot evict an error record, while errors
 * take the shared space back from debug.  Evicting a chunk evicts all its
 * records at once (its records are counted, per level, exactly).
 *
 * Writing.  A write stamps and copies a batch of records into their tail
 * chunks under the lock: O(1) per record in the number of readers and the
 * store's size (at most two chunk evictions per new chunk).  The writer's
 * bytes were copied from user space into its own buffer before.
 *
 * Clearing.  Clear gives every level's chunks back in O(levels) (lists
 * are spliced) and records per level the range it removed; readers are
 * then brought past it one at a time (view.c), so cleared records are
 * neither lost nor skipped for them.
 *
 * Resizing and new reserves.  Growing allocates every new chunk first
 * (nothing changes if that fails), then adds them one per lock hold.
 * Shrinking lowers the limit one chunk at a time, evicts by the retention
 * rule until (I) holds again, and frees one free chunk: one chunk's work
 * per lock hold.  No record moves, so no cursor is invalidated by a
 * resize.  Writers that meet the store between two such steps evict at
 * most two chunks each and go on.
 *
 * Mapping.  The store is also read without any lock, by mapped readers
 * (uapi/logger.h, DOC: Mapping; userland/common/lgmap.c): the control
 * page, then every chunk at page_size + id * csize, read-only.  Chunk and
 * record headers are the uapi structs.  The kernel side of the protocol,
 * each store paired with the reader's load named in lgmap.c:
 *
 *  LMM(chunk_assign:A)  gen made odd, smp_wmb(), then the header changes:
 *	a reader re-loading gen after a copy (acquire fence, lgmap (C))
 *	sees the reuse.
 *  LMM(chunk_assign:B)  header written, smp_wmb(), gen even again: a
 *	reader that loads an even gen with acquire (lgmap (A)) sees the
 *	whole header.
 *  LMM(lg_store_write:A)  a record's bytes, then used with release:
 *	lgmap (B) loads used with acquire and reads only below it.
 *  LMM(level_room:A)  the new chunk's header, then the previous tail's
 *	next with release: lgmap (D).
 *  LMM(ctl_level:A)  a level's head, tail, next, then its first with
 *	release: lgmap (E) checks the head chunk against first.
 *  LMM(lg_store_clear:A)  the clear's history entry, then clear_gen with
 *	release: lgmap (F).
 *  LMM(lg_pool_clean_one:A/B)  zeroing a cleared chunk is bracketed by
 *	odd and even generations, as a reuse is.
 *
 * Records are never changed in place; a chunk changes only when it is
 * reused or zeroed, and both start by making its gen odd.  The store
 * cannot be resized while mapped (lg_store.nmaps), so ids and offsets
 * stay valid for a mapping's life.  Clear zeroes every chunk it freed
 * before it returns.
 *
 * Locking.  lg_store.lock, a spinlock taken in process context only,
 * protects the levels, the chunks and the records, and every reader's
 * cursor.  Nothing under it sleeps, allocates or touches user memory, and
 * no operation holds it for more than O(levels) plus one record (or one
 * chunk's records).  lg_store.config_lock serialises clear and
 * configuration changes, whose stepwise work takes the spinlock per step;
 * lg_store.views_lock guards the set of views.  Order: config_lock,
 * views_lock, lock.
 */

#include <linux/cred.h>
#include <linux/minmax.h>
#include <linux/pid.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uidgid.h>

#include "store.h"

static_assert(sizeof(struct logger_map_chunk) == LG_CHUNK_HDR);
static_assert(sizeof(struct logger_map_rec) % 8 == 0);

/* ---- levels and retention ------------------------------------------------ */

static inline u32 level_claim(const struct lg_level *lv)
{
	return max(lv->nchunks, lv->reserve);
}

/* Change level @l's chunk count, keeping lg_store.claimed right. */
static void level_chunks_add(struct lg_store *s, unsigned int l, int delta)
{
	struct lg_level *lv = &s->lv[l];

	s->claimed -= level_claim(lv);
	lv->nchunks += delta;
	s->claimed += level_claim(lv);
}

/*
 * Publish level @l's ends in the mapping's control page: one store per
 * field; a mapped reader checks what it reads against the chunks.
 */
static void ctl_level(struct lg_store *s, unsigned int l)
{
	struct logger_map_level *m = &s->ctl->level[l];
	const struct lg_level *lv = &s->lv[l];

	WRITE_ONCE(m->head, lv->head);
	WRITE_ONCE(m->tail, lv->tail);
	WRITE_ONCE(m->cleared, lv->cleared);
	WRITE_ONCE(m->next, lv->next);
	/* LMM(ctl_level:A) the head before the first it belongs to */
	smp_store_release(&m->first, lv->first);
}

/*
 * Give free chunk @c to level @l, whose next record (lseq @lseq, seq
 * @seq, by @uid) it will hold first.
 */
static void chunk_assign(struct lg_store *s, u32 id, unsigned int l,
			 u64 lseq, u64 seq, u32 uid)
{
	struct logger_map_chunk *c = lg_chunk_get(s, id);

	/* A freed chunk's count may be stale (see lg_store_clear()). */
	*lg_chunk_holders(s, id) = 0;
	/* So may its watch list: those cursors are behind, sync settles them. */
	lg_watch_detach(lg_chunk_watch(s, id));
	/* Odd: a reader that checks @gen after copying sees the change. */
	WRITE_ONCE(c->gen, c->gen + 1);
	smp_wmb();	/* LMM(chunk_assign:A) odd gen before the new header */
	c->next = LG_NIL;
	WRITE_ONCE(c->used, 0);
	c->nrec = 0;
	c->level = l;
	c->flags = 0;
	c->owner = uid;
	c->first_lseq = lseq;
	c->first_seq = seq;
	c->last_seq = seq;
	smp_wmb();	/* LMM(chunk_assign:B) the header before the even gen */
	WRITE_ONCE(c->gen, c->gen + 1);
}

/* Evict the oldest chunk of level @l (which has one): all its records. */
static void level_evict_head(struct lg_store *s, unsigned int l)
{
	struct lg_level *lv = &s->lv[l];
	u32 id = lv->head;
	struct logger_map_chunk *c = lg_chunk_get(s, id);

	u32 *h = lg_chunk_holders(s, id);

	WARN_ON_ONCE(c->first_lseq != lv->first || c->level != l);
	/* Filtered cursors that were to read in it pass it now, exactly. */
	if (!list_empty(lg_chunk_watch(s, id)))
		lg_watch_evict(s, l, id);
	/* Cursors that were to read in it are behind the level now. */
	lv->behind_holders += *h;
	lv->chunk_holders -= *h;
	*h = 0;
	lv->head = c->next;
	if (lv->head == LG_NIL)
		lv->tail = LG_NIL;
	lv->first = c->first_lseq + c->nrec;
	lv->bytes -= c->used;
	lv->evicted += c->nrec;
	lv->evicted_event += c->nrec;
	lg_quota_release(s, c);
	level_chunks_add(s, l, -1);
	lg_pool_put(s, id);
	ctl_level(s, l);
}

/* Victim choice: "must be only @uid's records" and "holds count". */
#define LG_VICTIM_OWN	BIT(0)
#define LG_VICTIM_HOLDS	BIT(1)

/*
 * The level whose oldest chunk goes when level @l needs room: the least
 * urgent level below @l (numerically above) holding more than its
 * reserve, else @l itself if it has a chunk.  With LG_VICTIM_OWN (a
 * writer past its share, quota.c) only a chunk of @uid's records alone
 * may go; with LG_VICTIM_HOLDS (the block policy, flow.c) only one no
 * holding reader still has to read.
 *
 * Return: the level, -EAGAIN when only held chunks could go (wait), or
 * -ENOSPC.
 */
static int victim(const struct lg_store *s, unsigned int l, unsigned int how,
		  u32 uid)
{
	bool held = false;
	int j;

	for (j = LOGGER_NR_LEVELS - 1; j >= (int)l; j--) {
		const struct lg_level *lv = &s->lv[j];
		const struct logger_map_chunk *c;

		if (!lv->nchunks || (j > (int)l && lv->nchunks <= lv->reserve))
			continue;
		c = lg_chunk_get(s, lv->head);
		if ((how & LG_VICTIM_OWN) &&
		    ((c->flags & LG_CHUNK_MIXED) || c->owner != uid))
			continue;
		/* A holder behind the level's first reads its head next. */
		if ((how & LG_VICTIM_HOLDS) &&
		    (*lg_chunk_holders(s, lv->head) || lv->behind_holders)) {
			held = true;
			continue;
		}
		return j;
	}
	return held ? -EAGAIN : -ENOSPC;
}

/*
 * Make room for one more chunk of level @l: a free chunk, with (I) kept.
 * In a steady store that takes at most one eviction.  Between the steps
 * of a configuration change (I) may not hold yet: then stop after two
 * evictions once a chunk is free, and let the change finish the job.
 *
 * A writer @w past its share evicts only chunks of its own records; under
 * the block policy nobody evicts a chunk a holding reader has yet to read.
 *
 * Return: 0, -EAGAIN when only held chunks could make room (the writer
 * waits), or -ENOSPC when no level may give up a chunk (a writer past its
 * share, or a configuration change under way).
 */
static int make_room(struct lg_store *s, unsigned int l,
		     const struct lg_writer *w)
{
	const struct lg_level *lv = &s->lv[l];
	unsigned int how = 0;
	int evicted = 0;

	if (w->bounded && lg_quota_over(s, w->uid))
		how |= LG_VICTIM_OWN;
	if (s->policy == LOGGER_POLICY_BLOCK)
		how |= LG_VICTIM_HOLDS;
	for (;;) {
		u32 more = max(lv->nchunks + 1, lv->reserve) - level_claim(lv);
		int j;

		if (s->nfree && (s->claimed + more <= s->limit || evicted >= 2))
			return 0;
		j = victim(s, l, how, w->uid);
		if (j < 0)
			return j;
		level_evict_head(s, j);
		evicted++;
	}
}

/*
 * The chunk of level @l where a record of @size bytes by @w goes: the
 * tail if it has room, else a new tail.  NULL when there is no room.
 */
static struct logger_map_chunk *level_room(struct lg_store *s,
					   unsigned int l, u32 size,
					   struct lg_writer *w)
{
	struct lg_level *lv = &s->lv[l];
	struct logger_map_chunk *c, *prev;
	u32 id;
	int ret;

	if (lv->tail != LG_NIL) {
		c = lg_chunk_get(s, lv->tail);
		if (c->used + size <= s->csize - LG_CHUNK_HDR)
			return c;
	}
	ret = make_room(s, l, w);
	if (ret) {
		w->stop = ret;
		w->space_gen = s->space_gen;
		return NULL;
	}
	/* make_room() may have evicted this level's only chunk. */
	prev = lv->tail != LG_NIL ? lg_chunk_get(s, lv->tail) : NULL;
	id = lg_pool_take(s);
	chunk_assign(s, id, l, lv->next, s->seq, w->uid);
	c = lg_chunk_get(s, id);
	if (prev)
		smp_store_release(&prev->next, id); /* LMM(level_room:A) */
	else
		lv->head = id;
	lv->tail = id;
	level_chunks_add(s, l, 1);
	ctl_level(s, l);
	return c;
}

/* ---- writing --------------------------------------------------------------- */

/**
 * lg_store_write() - store records
 * @s: the store.
 * @recs: the records, in order.
 * @n: their number.
 * @wr: the writer: its uid is stamped on the records, and it may be
 *	bounded by its share of the store; @wr->stop says why a write
 *	stopped short.
 *
 * Stamps each record with the next sequence number, both clocks and the
 * calling task's identity, and stores it, evicting per the retention rule
 * (and, under the block policy, sparing what holding readers have yet to
 * read).  Wakes the readers waiting for a level written.
 *
 * Return: records stored, from the first: @n, or fewer when the store had
 * no room: @wr->stop is -EAGAIN when holding readers must read first,
 * -ENOSPC otherwise (a writer past its share, or between the steps of a
 * configuration change).
 */
unsigned int lg_store_write(struct lg_store *s, const struct lg_wrec *recs,
			    unsigned int n, struct lg_writer *wr)
{
	u32 pid = task_tgid_nr(current), tid = task_pid_nr(current);
	u32 uid = wr->uid, charged = 0;
	unsigned int i, l, woken = 0;
	char comm[TASK_COMM_LEN];
	ktime_t mono;
	u64 real;

	/* Our own comm: a rename racing with this gives a torn, terminated name. */
	memcpy(comm, current->comm, sizeof(comm));
	comm[sizeof(comm) - 1] = '\0';

	spin_lock(&s->lock);
	/*
	 * The records of one write are accepted together: one clock read,
	 * under the lock, so timestamps follow sequence numbers.
	 */
	mono = ktime_get();
	real = ktime_to_ns(ktime_mono_to_real(mono));
	for (i = 0; i < n; i++) {
		const struct lg_wrec *w = &recs[i];
		u32 size = lg_rec_size(w->len, w->tag_len);
		struct lg_level *lv = &s->lv[w->level];
		struct logger_map_chunk *c = level_room(s, w->level, size, wr);
		struct logger_map_rec *r;

		if (!c)
			break;
		r = lg_rec_at(s, c, c->used);
		r->size = size;
		r->msg_len = w->len;
		r->level = w->level;
		r->facility = w->facility;
		r->seq = s->seq++;
		r->lseq = lv->next;
		r->ts_real = real;
		r->ts_mono = ktime_to_ns(mono);
		r->pid = pid;
		r->tid = tid;
		r->uid = uid;
		r->tag_len = w->tag_len;
		r->flags = 0;
		r->reserved = 0;
		memcpy(r->comm, comm, sizeof(r->comm));
		memcpy(r + 1, w->tag, w->tag_len);
		memcpy((u8 *)(r + 1) + w->tag_len, w->msg, w->len);
		memset((u8 *)(r + 1) + w->tag_len + w->len, 0,
		       size - sizeof(*r) - w->tag_len - w->len);
		c->nrec++;
		c->last_seq = r->seq;
		if (uid != c->owner)
			c->flags |= LG_CHUNK_MIXED;
		/* LMM(lg_store_write:A) the record before the bytes that cover it */
		smp_store_release(&c->used, c->used + size);
		/* Holders that waited at the level's end now hold this one. */
		if (lv->end_holders) {
			*lg_chunk_holders(s, lv->tail) += lv->end_holders;
			lv->chunk_holders += lv->end_holders;
			lv->end_holders = 0;
		}
		/* So do the filtered cursors there: their next record is here. */
		if (!list_empty(&lv->end_watch))
			list_splice_tail_init(&lv->end_watch,
					      lg_chunk_watch(s, lv->tail));
		WRITE_ONCE(lv->next, lv->next + 1);
		WRITE_ONCE(s->ctl->level[w->level].next, lv->next);
		lv->bytes += size;
		lv->written++;
		charged += size;
		/* A new chunk may check the share: the charge must be current. */
		if (c->nrec == 1) {
			lg_quota_charge(s, uid, charged);
			charged = 0;
		}
		woken |= BIT(w->level);
	}
	if (charged)
		lg_quota_charge(s, uid, charged);
	/*
	 * LMM(lg_store_write:B) every record below next_seq before it: a
	 * mapped reader that loads it with acquire knows that a level it then
	 * finds empty has no record below it (lgmap (G)).
	 */
	smp_store_release(&s->ctl->next_seq, s->seq);
	spin_unlock(&s->lock);

	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if ((woken & BIT(l)) && wq_has_sleeper(&s->level_wq[l]))
			wake_up(&s->level_wq[l]);
	return i;
}

/* ---- control ---------------------------------------------------------------- */

/**
 * lg_store_clear() - remove every record
 * @s: the store.
 *
 * O(levels) under the lock: each level's chunks go to the dirty list and
 * what was removed is recorded (for views, and for mappings in the
 * control page).  Then, one step per lock hold, every view is brought
 * past the cleared records and every dirty chunk is zeroed, all before
 * another clear can start and before this one returns: cleared records
 * are then unreadable through any mapping.  Views skip the cleared
 * records without counting them lost.
 *
 * Return: records removed.
 */
u64 lg_store_clear(struct lg_store *s)
{
	struct logger_map_clear *mc;
	bool more, kick;
	unsigned int l;
	u64 total = 0;

	mutex_lock(&s->config_lock);
	spin_lock(&s->lock);
	mc = &s->ctl->clears[s->clear_gen % LOGGER_MAP_CLEARS];
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		struct lg_level *lv = &s->lv[l];
		u64 n = lv->next - lv->first;

		lv->cleared += n;
		total += n;
		lv->clr_first = lv->first;
		lv->clr_next = lv->next;
		WRITE_ONCE(mc->first[l], lv->first);
		WRITE_ONCE(mc->next[l], lv->next);
		lv->first = lv->next;
		lv->bytes = 0;
		/* Cursors that were to read cleared records are behind. */
		lv->behind_holders += lv->chunk_holders;
		lv->chunk_holders = 0;
		if (lv->head != LG_NIL) {
			/* Splice the level's chunks onto the dirty list. */
			lg_chunk_get(s, lv->tail)->next = s->dirty_head;
			s->dirty_head = lv->head;
			s->ndirty += lv->nchunks;
			s->nfree += lv->nchunks;
		}
		lv->head = LG_NIL;
		lv->tail = LG_NIL;
		level_chunks_add(s, l, -(int)lv->nchunks);
		ctl_level(s, l);
	}
	lg_quota_reset(s);
	s->space_gen++;
	kick = true;
	WRITE_ONCE(s->clear_gen, s->clear_gen + 1);
	WRITE_ONCE(mc->gen, s->clear_gen);
	/* LMM(lg_store_clear:A) the clear's entry before its number */
	smp_store_release(&s->ctl->clear_gen, s->clear_gen);
	spin_unlock(&s->lock);
	lg_space_wake(s, kick);
	lg_views_sync_all(s);
	do {
		spin_lock(&s->lock);
		if (s->ndirty)
			lg_pool_clean_one(s);
		more = s->ndirty;
		spin_unlock(&s->lock);
		cond_resched();
	} while (more);
	mutex_unlock(&s->config_lock);
	return total;
}

void lg_store_stats(struct lg_store *s, struct logger_stats *st)
{
	unsigned int l;

	memset(st, 0, sizeof(*st));
	st->readers = READ_ONCE(s->nviews);
	spin_lock(&s->lock);
	st->instance = s->instance;
	st->capacity = (u64)s->limit * s->csize;
	st->next_seq = s->seq;
	st->writers = s->nwriters;
	st->max_record = s->max_record;
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		const struct lg_level *lv = &s->lv[l];

		st->level_records[l] = lv->next - lv->first;
		st->level_bytes[l] = lv->bytes;
		st->level_written[l] = lv->written;
		st->level_evicted[l] = lv->evicted;
		st->level_cleared[l] = lv->cleared;
		st->records += st->level_records[l];
		st->bytes_used += lv->bytes;
		st->written += lv->written;
		st->evicted += lv->evicted;
		st->cleared += lv->cleared;
	}
	spin_unlock(&s->lock);
}

u64 lg_store_next_seq(struct lg_store *s)
{
	u64 seq;

	spin_lock(&s->lock);
	seq = s->seq;
	spin_unlock(&s->lock);
	return seq;
}

void lg_store_get_config(struct lg_store *s, struct logger_config *c)
{
	memset(c, 0, sizeof(*c));
	spin_lock(&s->lock);
	c->capacity = (u64)s->limit * s->csize;
	memcpy(c->reserve_pct, s->reserve_pct, sizeof(c->reserve_pct));
	c->event_interval_ms = READ_ONCE(s->event_interval_ms);
	c->max_record = s->max_record;
	c->policy = s->policy;
	spin_unlock(&s->lock);
}

void lg_store_writers_add(struct lg_store *s, int delta)
{
	spin_lock(&s->lock);
	s->nwriters += delta;
	spin_unlock(&s->lock);
}

/* Reserves for a store of @nchunks chunks.  Under the lock. */
static void set_reserves(struct lg_store *s, u32 nchunks, const u8 *pct)
{
	unsigned int l;

	lockdep_assert_held(&s->lock);
	s->claimed = 0;
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		s->reserve_pct[l] = pct[l];
		s->lv[l].reserve = lg_reserve_chunks(nchunks, pct[l]);
		s->claimed += level_claim(&s->lv[l]);
	}
}

/*
 * One step towards (I): evict up to two chunks, least urgent level over
 * its reserve first.  Under the lock.  Return: true while (I) is broken.
 */
static bool enforce_step(struct lg_store *s)
{
	int k, j;

	lockdep_assert_held(&s->lock);
	for (k = 0; k < 2 && s->claimed > s->limit; k++) {
		/* The admin's change: holds do not count (lost is counted). */
		j = victim(s, 0, 0, 0);
		if (j < 0 || s->lv[j].nchunks <= s->lv[j].reserve) {
			/* sum of reserves <= limit: impossible. */
			WARN_ON_ONCE(1);
			return false;
		}
		level_evict_head(s, j);
	}
	return s->claimed > s->limit;
}

/* Evict, one step per lock hold, until (I) holds. */
static void enforce(struct lg_store *s)
{
	bool again;

	do {
		spin_lock(&s->lock);
		again = enforce_step(s);
		spin_unlock(&s->lock);
		cond_resched();
	} while (again);
}

/* Shrink to @target chunks, one chunk per lock hold. */
static void shrink(struct lg_store *s, u32 target)
{
	for (;;) {
		void *mem = NULL;
		u32 id = 0;

		spin_lock(&s->lock);
		if (s->nchunks <= target) {
			spin_unlock(&s->lock);
			return;
		}
		if (s->limit == s->nchunks)
			s->limit--;
		if (!enforce_step(s)) {
			if (WARN_ON_ONCE(!s->nfree)) {
				/* (I) holds, so a chunk is free: cannot be. */
				s->limit = s->nchunks;
				spin_unlock(&s->lock);
				return;
			}
			mem = lg_pool_detach(s, &id);
		}
		spin_unlock(&s->lock);
		if (mem)
			lg_pool_release(s, id, mem);
		cond_resched();
	}
}

/**
 * lg_store_set_config() - apply new global settings
 * @s: the store.
 * @c: the settings; only the fields named in @mask are used.
 * @mask: LG_CFG_* bits.
 * @why: set to what is wrong when the result is invalid.
 *
 * Reads the current settings, applies @c's masked fields and checks the
 * result as a whole, all under lg_store.config_lock (so concurrent
 * changes through the ioctl and netlink do not lose each other).  A new
 * capacity resizes the store stepwise (see "Resizing"); new reserves may
 * evict records over them.
 *
 * Return: 0, -EINVAL (with *@why set) for an invalid result, -EBUSY
 * for a new capacity while the store is mapped, -ENOMEM.
 */
int lg_store_set_config(struct lg_store *s, const struct logger_config *c,
			u32 mask, const char **why)
{
	struct logger_config n;
	u32 target, old;
	unsigned int l;
	int ret = 0;

	mutex_lock(&s->config_lock);
	lg_store_get_config(s, &n);
	/* Fields that must be zero or unchanged: checked as given. */
	n.reserved = c->reserved;
	if (c->max_record)
		n.max_record = c->max_record;
	if (mask & LG_CFG_POLICY)
		n.policy = c->policy;
	if (mask & LG_CFG_CAPACITY)
		n.capacity = c->capacity;
	if (mask & LG_CFG_INTERVAL)
		n.event_interval_ms = c->event_interval_ms;
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if (mask & LG_CFG_RESERVE(l))
			n.reserve_pct[l] = c->reserve_pct[l];
	*why = lg_config_check(&n, s->max_record);
	if (*why) {
		ret = -EINVAL;
		goto out;
	}
	target = (u32)div_u64(n.capacity, s->csize);
	old = s->nchunks;
	if (target != old && atomic_read(&s->nmaps)) {
		*why = "the store is mapped: it cannot be resized";
		ret = -EBUSY;
		goto out;
	}
	if (target > old) {
		ret = lg_pool_grow(s, target - old);
		if (ret)
			goto out;
	}
	spin_lock(&s->lock);
	set_reserves(s, target, n.reserve_pct);
	WRITE_ONCE(s->policy, n.policy);
	/* Room may have changed: waiting writers look again. */
	s->space_gen++;
	spin_unlock(&s->lock);
	lg_space_wake(s, true);
	WRITE_ONCE(s->event_interval_ms, n.event_interval_ms);
	if (target < old)
		shrink(s, target);
	enforce(s);
out:
	mutex_unlock(&s->config_lock);
	return ret;
}

/**
 * lg_store_init() - set up an empty store
 * @s: the store, zeroed by the caller.
 * @c: settings checked with lg_config_check().
 * @t: the trust model.
 *
 * Return: 0 or -ENOMEM.
 */
int lg_store_init(struct lg_store *s, const struct logger_config *c,
		  const struct lg_trust *t)
{
	unsigned int l;
	int ret;

	spin_lock_init(&s->lock);
	mutex_init(&s->config_lock);
	mutex_init(&s->views_lock);
	xa_init_flags(&s->views, XA_FLAGS_ALLOC);
	s->max_record = c->max_record;
	s->event_interval_ms = c->event_interval_ms;
	s->trust = *t;
	s->share_pct = t->share_pct;
	s->policy = c->policy;
	s->hold_timeout_ms = t->hold_timeout_ms;
	init_waitqueue_head(&s->space_wq);
	INIT_LIST_HEAD(&s->groups);
	s->csize = lg_chunk_size(c->max_record);
	s->corder = get_order(s->csize);
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		s->lv[l].head = LG_NIL;
		s->lv[l].tail = LG_NIL;
		INIT_LIST_HEAD(&s->lv[l].end_watch);
		init_waitqueue_head(&s->level_wq[l]);
	}
	s->seq = 1;
	do {
		s->instance = get_random_u64();
	} while (!s->instance);

	ret = lg_pool_init(s, (u32)div_u64(c->capacity, s->csize));
	if (ret)
		return ret;
	s->ctl->magic = LOGGER_MAP_MAGIC;
	s->ctl->version = LOGGER_MAP_VERSION;
	s->ctl->hdr_len = sizeof(*s->ctl);
	s->ctl->instance = s->instance;
	s->ctl->page_size = PAGE_SIZE;
	s->ctl->chunk_size = s->csize;
	s->ctl->chunk_hdr = LG_CHUNK_HDR;
	s->ctl->max_record = s->max_record;
	s->ctl->next_seq = s->seq;
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		ctl_level(s, l);
	spin_lock(&s->lock);
	set_reserves(s, s->nchunks, c->reserve_pct);
	spin_unlock(&s->lock);
	return 0;
}

/**
 * lg_may_read_all() - may the caller see every record?
 * @s: the store.
 * @syslog_cap: the caller has CAP_SYSLOG (as the context knows it: the
 *	task's or the netlink socket's).
 *
 * The read side of the trust model: CAP_SYSLOG always; with
 * read_restrict nobody else; with read_own only members of read_gid;
 * otherwise everyone who could open the device.
 *
 * Return: true if so.
 */
bool lg_may_read_all(const struct lg_store *s, bool syslog_cap)
{
	if (syslog_cap)
		return true;
	if (s->trust.read_restrict)
		return false;
	if (!s->trust.read_own)
		return true;
	return gid_valid(s->trust.read_gid) && in_group_p(s->trust.read_gid);
}

void lg_store_destroy(struct lg_store *s)
{
	WARN_ON(!list_empty(&s->groups));
	WARN_ON(!xa_empty(&s->views));
	xa_destroy(&s->views);
	lg_pool_destroy(s);
}
