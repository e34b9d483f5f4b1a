// SPDX-License-Identifier: GPL-2.0
/*
 * view: the readers' cursors on the store.
 */

/**
 * DOC: Views
 *
 * A reader is a struct lg_view holding a struct lg_cursor: per level, a
 * struct lg_pos (the lseq of the next record to consider, and a cache of
 * where that record is: chunk id, chunk generation, offset), a level
 * filter and a read order.  Writers never touch cursors: a write costs
 * O(1) in the number of readers.  A read looks at the candidate of each
 * level in the filter, O(levels): priority order takes the most urgent,
 * sequence order the lowest sequence number.
 *
 * One function moves a position.  pos_move() sets the lseq and the cache
 * together; pos_head() and pos_end() are the level's ends, read under the
 * lock.  A cached position is trusted only after checking it against the
 * store: the chunk id must name an allocated chunk of the same generation
 * and level, and the record header at the offset must carry the expected
 * level and lseq, with a size inside the chunk.  A check that fails on a
 * record that must exist is a bug: WARN_ON_ONCE, then the slow path finds
 * the record by its lseq (or, when even that fails, skips the level to
 * its end), never a dereference of an unchecked value.  The level index
 * a read commits to is the one the cursor chose, never a byte read from
 * store memory.
 *
 * Lost and skipped records, counted lazily and exactly.  When a cursor
 * looks at level L and finds its lseq below the level's first, the
 * records in between were evicted before it read them: lost if L is in
 * its filter (reported in-band with the next record returned), else
 * skipped.  Records of levels outside the filter are passed over
 * (skipped) whenever the cursor settles, so a level the filter adds back
 * is read from then on.  Clear records the range it removed per level and
 * bumps lg_store.clear_gen; a cursor that sees a new clear_gen counts the
 * records evicted before the clear as lost and jumps over the cleared
 * ones without counting them.  Every clear is followed by
 * lg_views_sync_all() before the next can start, so no cursor misses one.
 *
 * Wake-ups.  Each level has a wait queue.  A view that is about to wait
 * (a blocking read, poll, or a non-blocking read that found nothing) arms
 * one-shot forwarding entries on the queues of the levels in its filter;
 * a write wakes the queues of the levels it wrote, each armed entry
 * removes itself and wakes the view's own queue (where read() sleeps and
 * poll() registers).  So a write costs nothing for readers that are not
 * waiting, and each arming costs a write at most one wake-up per level.
 * Readers arm before they check for data under lg_store.lock, and writers
 * wake after releasing it (wq_has_sleeper() has the barrier), so no
 * wake-up is lost.  Moving a cursor (rewind, seek, filter change) wakes
 * the view when it became readable.
 */

#include <linux/cred.h>
#include <linux/err.h>
#include <linux/pid.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/string.h>

#include "store.h"

/* ---- positions ------------------------------------------------------------ */

/* The one place a position moves: the lseq and what is cached with it. */
static inline void pos_move(struct lg_pos *p, u64 lseq, u32 id, u32 gen,
			    u32 off)
{
	/* Read without the lock by a watermark check (lg_fwd_wake()). */
	WRITE_ONCE(p->lseq, lseq);
	p->id = id;
	p->gen = gen;
	p->off = off;
}

/* At the oldest record of level @l. */
static void pos_head(const struct lg_store *s, unsigned int l,
		     struct lg_pos *p)
{
	const struct lg_level *lv = &s->lv[l];

	if (lv->head == LG_NIL)
		pos_move(p, lv->first, LG_NIL, 0, 0);
	else
		pos_move(p, lv->first, lv->head,
			 lg_chunk_get(s, lv->head)->gen, 0);
}

/* Past the newest record of level @l. */
static void pos_end(const struct lg_store *s, unsigned int l,
		    struct lg_pos *p)
{
	const struct lg_level *lv = &s->lv[l];
	const struct logger_map_chunk *c;

	if (lv->tail == LG_NIL) {
		pos_move(p, lv->next, LG_NIL, 0, 0);
		return;
	}
	c = lg_chunk_get(s, lv->tail);
	pos_move(p, lv->next, lv->tail, c->gen, c->used);
}

/* The chunk @p caches, if it is still what @p took it for. */
static struct logger_map_chunk *pos_chunk(const struct lg_store *s,
					  unsigned int l,
					  const struct lg_pos *p)
{
	struct logger_map_chunk *c = lg_chunk_get(s, p->id);

	if (!c || c->gen != p->gen || c->level != l || p->off > c->used)
		return NULL;
	return c;
}

/* The record at @p in @c, if its header says it is the one @p expects. */
static struct logger_map_rec *pos_check(const struct lg_store *s,
					const struct logger_map_chunk *c,
					unsigned int l, const struct lg_pos *p)
{
	struct logger_map_rec *r;

	if (c->used - p->off < sizeof(*r))
		return NULL;
	r = lg_rec_at(s, c, p->off);
	if (r->lseq != p->lseq || r->level != l || r->size < sizeof(*r) ||
	    r->size > c->used - p->off ||
	    sizeof(*r) + r->tag_len + r->msg_len > r->size)
		return NULL;
	return r;
}

/*
 * Slow path: a cached position that should have been right was not.
 * Find the record by its lseq, walking the level; if the store does not
 * have it either, skip the level to its end.
 */
static struct logger_map_rec *pos_find(const struct lg_store *s,
				       unsigned int l, struct lg_pos *p)
{
	u32 id = s->lv[l].head, off;

	WARN_ON_ONCE(1);
	while (id != LG_NIL) {
		const struct logger_map_chunk *c = lg_chunk_get(s, id);

		if (!c || c->level != l)
			break;
		if (p->lseq < c->first_lseq + c->nrec) {
			for (off = 0; c->used - off >= sizeof(struct logger_map_rec);) {
				struct logger_map_rec *r = lg_rec_at(s, c, off);

				if (r->lseq == p->lseq) {
					pos_move(p, p->lseq, id, c->gen, off);
					return pos_check(s, c, l, p);
				}
				if (r->size < sizeof(*r) ||
				    r->size > c->used - off)
					break;
				off += r->size;
			}
			break;
		}
		id = c->next;
	}
	pos_end(s, l, p);
	return NULL;
}

/*
 * The record at @p (settled: @p->lseq >= the level's first), or NULL when
 * the level has nothing at or after @p.  Refreshes @p's cache.
 */
static struct logger_map_rec *pos_resolve(const struct lg_store *s,
					  unsigned int l, struct lg_pos *p)
{
	const struct lg_level *lv = &s->lv[l];
	struct logger_map_chunk *c;
	struct logger_map_rec *r;

	lockdep_assert_held(&s->lock);
	if (p->lseq >= lv->next)
		return NULL;
	if (WARN_ON_ONCE(p->lseq < lv->first))
		return NULL;
	if (p->lseq == lv->first)
		pos_head(s, l, p);
	c = pos_chunk(s, l, p);
	/* Past the last record of a full chunk: step to the next one. */
	if (c && p->off == c->used && p->lseq == c->first_lseq + c->nrec) {
		struct logger_map_chunk *n = lg_chunk_get(s, c->next);

		if (n && n->level == l && n->first_lseq == p->lseq) {
			pos_move(p, p->lseq, c->next, n->gen, 0);
			c = n;
		} else {
			c = NULL;
		}
	}
	r = c ? pos_check(s, c, l, p) : NULL;
	return r ? r : pos_find(s, l, p);
}

/* ---- cursors ---------------------------------------------------------------- */

/* Account what cursor @cu can no longer read at level @l. */
static void cur_settle(const struct lg_store *s, struct lg_cursor *cu,
		       unsigned int l)
{
	const struct lg_level *lv = &s->lv[l];
	struct lg_pos *p = &cu->pos[l];

	if (cu->filter & BIT(l)) {
		if (p->lseq < lv->first) {
			u64 n = lv->first - p->lseq;

			cu->lost += n;
			cu->lost_pending += n;
			pos_head(s, l, p);
		}
	} else if (p->lseq < lv->next) {
		cu->skipped += lv->next - p->lseq;
		pos_end(s, l, p);
	}
}

/* Catch up with a clear, then settle every level.  Under the lock. */
static void cur_sync(const struct lg_store *s, struct lg_cursor *cu)
{
	unsigned int l;

	lockdep_assert_held(&s->lock);
	if (cu->clear_gen != s->clear_gen) {
		/* lg_views_sync_all() runs after every clear. */
		WARN_ON_ONCE(cu->clear_gen + 1 != s->clear_gen);
		for (l = 0; l < LOGGER_NR_LEVELS; l++) {
			const struct lg_level *lv = &s->lv[l];
			struct lg_pos *p = &cu->pos[l];

			if (p->lseq >= lv->clr_next)
				continue;
			if (!(cu->filter & BIT(l))) {
				cu->skipped += lv->clr_next - p->lseq;
			} else if (p->lseq < lv->clr_first) {
				cu->lost += lv->clr_first - p->lseq;
				cu->lost_pending += lv->clr_first - p->lseq;
			}
			pos_move(p, lv->clr_next, LG_NIL, 0, 0);
		}
		cu->clear_gen = s->clear_gen;
	}
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		cur_settle(s, cu, l);
}

/* Records a cursor passes over per lock hold for a record filter. */
#define LG_SKIP_BUDGET	64

/* cur_pick(): nothing to read; or the skip budget ran out (call again). */
#define LG_PICK_NONE	(-1)
#define LG_PICK_MORE	(-2)

/* Does record @r pass @cu's record filter (the trust model's read_own)? */
static bool cur_match(const struct lg_cursor *cu, const struct logger_map_rec *r)
{
	return cu->only_uid == LG_ANY_UID || r->uid == cu->only_uid;
}

/*
 * The next record of level @l that passes @cu's record filter, passing
 * over (skipping) the others, at most *@budget of them.  NULL when the
 * level has none; ERR_PTR(-EAGAIN) when the budget ran out.
 */
static struct logger_map_rec *pos_match(const struct lg_store *s,
					struct lg_cursor *cu, unsigned int l,
					unsigned int *budget)
{
	struct lg_pos *p = &cu->pos[l];
	struct logger_map_rec *r;

	while ((r = pos_resolve(s, l, p)) && !cur_match(cu, r)) {
		if (!*budget)
			return ERR_PTR(-EAGAIN);
		(*budget)--;
		cu->skipped++;
		pos_move(p, p->lseq + 1, p->id, p->gen, p->off + r->size);
	}
	return r;
}

/*
 * The level @cu reads next, its record in *@rp; LG_PICK_NONE, or
 * LG_PICK_MORE when records were skipped and the lock should be dropped
 * before looking further.  Synced.
 */
static int cur_pick(const struct lg_store *s, struct lg_cursor *cu,
		    struct logger_map_rec **rp)
{
	unsigned int budget = LG_SKIP_BUDGET;
	int best = LG_PICK_NONE;
	u64 best_seq = U64_MAX;
	unsigned int l;

	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		struct logger_map_rec *r;

		if (!(cu->filter & BIT(l)))
			continue;
		r = pos_match(s, cu, l, &budget);
		if (IS_ERR(r))
			return LG_PICK_MORE;
		if (!r)
			continue;
		if (cu->order == LOGGER_ORDER_PRIORITY) {
			*rp = r;
			return l;
		}
		if (r->seq < best_seq) {
			best_seq = r->seq;
			best = l;
			*rp = r;
		}
	}
	return best;
}

/* Records @cu would still return.  Synced. */
static u64 cur_backlog(const struct lg_store *s, const struct lg_cursor *cu)
{
	u64 n = 0;
	unsigned int l;

	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if (cu->filter & BIT(l))
			n += s->lv[l].next - cu->pos[l].lseq;
	return n;
}

static void cur_stats(const struct lg_store *s, struct lg_cursor *cu,
		      struct logger_view_stats *vs)
{
	cur_sync(s, cu);
	vs->read = cu->read;
	vs->lost = cu->lost;
	vs->skipped = cu->skipped;
	vs->backlog = cur_backlog(s, cu);
	vs->next_seq = s->seq;
}

/* ---- wake-ups ------------------------------------------------------------- */

/*
 * Records that wait for @v, roughly: read without the store lock (a
 * watermark needs no more), its filter's levels' ends minus its positions.
 */
static u64 view_waiting(const struct lg_view *v)
{
	const struct lg_store *s = v->store;
	u32 filter = READ_ONCE(v->cur.filter);
	unsigned int l;
	u64 n = 0;

	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if (filter & BIT(l))
			n += READ_ONCE(s->lv[l].next) -
			     READ_ONCE(v->cur.pos[l].lseq);
	return n;
}

static int lg_fwd_wake(struct wait_queue_entry *wq, unsigned int mode,
		       int sync, void *key)
{
	struct lg_view *v = wq->private;
	u32 wake_min = READ_ONCE(v->wake_min);

	/* Below the mapped reader's watermark: stay armed, do not wake. */
	if (wake_min > 1 && (s64)view_waiting(v) < wake_min)
		return 0;
	/* One-shot: off the level's queue until the view waits again. */
	list_del_init_careful(&wq->entry);
	wake_up_interruptible_poll(&v->wait, EPOLLIN | EPOLLRDNORM);
	return 0;
}

/* Put @v's forwarding entries on the queues of @levels (if not there). */
static void view_arm(struct lg_store *s, struct lg_view *v, u32 levels)
{
	unsigned int l;

	spin_lock(&v->arm_lock);
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		wait_queue_head_t *wq = &s->level_wq[l];
		unsigned long flags;

		if (!(levels & BIT(l)))
			continue;
		spin_lock_irqsave(&wq->lock, flags);
		if (list_empty(&v->fwd[l].entry))
			__add_wait_queue_entry_tail(wq, &v->fwd[l]);
		spin_unlock_irqrestore(&wq->lock, flags);
	}
	spin_unlock(&v->arm_lock);
}

/* Take @v's forwarding entries off the queues of @levels. */
static void view_disarm(struct lg_store *s, struct lg_view *v, u32 levels)
{
	unsigned int l;

	spin_lock(&v->arm_lock);
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		wait_queue_head_t *wq = &s->level_wq[l];
		unsigned long flags;

		if (!(levels & BIT(l)))
			continue;
		spin_lock_irqsave(&wq->lock, flags);
		if (!list_empty(&v->fwd[l].entry))
			list_del_init(&v->fwd[l].entry);
		spin_unlock_irqrestore(&wq->lock, flags);
	}
	spin_unlock(&v->arm_lock);
}

/* Would a read return a record now?  Skips filtered records as it goes. */
static bool view_readable(struct lg_store *s, struct lg_view *v)
{
	struct logger_map_rec *r;
	int ret;

	for (;;) {
		spin_lock(&s->lock);
		cur_sync(s, &v->cur);
		ret = cur_pick(s, &v->cur, &r);
		spin_unlock(&s->lock);
		if (ret != LG_PICK_MORE)
			return ret >= 0;
		cond_resched();
	}
}

/* After a cursor move: wake whoever waits on @v if it can read now. */
static void view_moved(struct lg_store *s, struct lg_view *v)
{
	if (view_readable(s, v))
		wake_up_interruptible_poll(&v->wait, EPOLLIN | EPOLLRDNORM);
}

/**
 * lg_view_wait_ready() - arm @v's wake-ups, then tell whether it can read
 * @s: the store.
 * @v: the view.
 *
 * The condition of a read() that waits, and what a non-blocking read()
 * checks before it answers EAGAIN (so an edge-triggered poller is woken
 * by the next matching write).
 *
 * Return: true when a read would return a record now.
 */
bool lg_view_wait_ready(struct lg_store *s, struct lg_view *v)
{
	view_arm(s, v, READ_ONCE(v->cur.filter));
	return view_readable(s, v);
}

/**
 * lg_view_poll() - poll on a view
 * @s: the store.
 * @v: the view; the caller did poll_wait() on lg_view.wait.
 *
 * Return: true when a read would return a record now.
 */
bool lg_view_poll(struct lg_store *s, struct lg_view *v)
{
	return lg_view_wait_ready(s, v);
}

/* ---- open, close, read -------------------------------------------------------- */

/**
 * lg_view_open() - start a view at the oldest stored record
 * @s: the store.
 * @v: the view, zeroed by the caller.
 * @all: the opener may see every record (lg_may_read_all()); else it sees
 *	only its own uid's.
 *
 * The view reads every level, in priority order, until told otherwise.
 *
 * Return: 0 or -ENOMEM.
 */
int lg_view_open(struct lg_store *s, struct lg_view *v, bool all)
{
	unsigned int l;
	int ret;

	init_waitqueue_head(&v->wait);
	spin_lock_init(&v->arm_lock);
	v->store = s;
	v->format = LOGGER_FORMAT_TEXT;
	v->pid = task_tgid_nr(current);
	v->uid = from_kuid_munged(&init_user_ns, current_uid());
	get_task_comm(v->comm, current);
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		init_waitqueue_func_entry(&v->fwd[l], lg_fwd_wake);
		INIT_LIST_HEAD(&v->fwd[l].entry);
		v->fwd[l].private = v;
	}

	mutex_lock(&s->views_lock);
	ret = xa_alloc(&s->views, &v->slot, v, xa_limit_32b,
		       GFP_KERNEL_ACCOUNT);
	if (ret) {
		mutex_unlock(&s->views_lock);
		return ret == -EBUSY ? -EMFILE : ret;
	}
	spin_lock(&s->lock);
	v->id = ++s->last_view_id;
	v->cur.filter = LOGGER_LEVELS_ALL;
	v->cur.order = LOGGER_ORDER_PRIORITY;
	v->cur.only_uid = all ? LG_ANY_UID : v->uid;
	v->cur.clear_gen = s->clear_gen;
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		pos_head(s, l, &v->cur.pos[l]);
	spin_unlock(&s->lock);
	WRITE_ONCE(s->nviews, s->nviews + 1);
	mutex_unlock(&s->views_lock);
	return 0;
}

void lg_view_close(struct lg_store *s, struct lg_view *v)
{
	mutex_lock(&s->views_lock);
	xa_erase(&s->views, v->slot);
	WRITE_ONCE(s->nviews, s->nviews - 1);
	mutex_unlock(&s->views_lock);
	view_disarm(s, v, LOGGER_LEVELS_ALL);
}

/**
 * lg_view_fetch() - copy out the record @v reads next, without consuming it
 * @s: the store.
 * @v: the view; its owner serialises fetch/commit on it.
 * @r: filled with the record's header; @r->msg = @buf.
 * @buf: receives the message.
 * @size: bytes at @buf (lg_store.max_record).
 *
 * Return: 0; -EAGAIN when the view has nothing to read; LG_FETCH_MORE
 * when it passed over records its record filter excludes and the caller
 * should call again (after cond_resched() and a signal check).
 */
int lg_view_fetch(struct lg_store *s, struct lg_view *v, struct lg_rrec *r,
		  char *buf, size_t size)
{
	struct logger_record *m = &r->meta;
	struct lg_cursor *cu = &v->cur;
	struct logger_map_rec *rec;
	int l;

	memset(r, 0, sizeof(*r));
	spin_lock(&s->lock);
	cur_sync(s, cu);
	l = cur_pick(s, cu, &rec);
	if (l < 0) {
		spin_unlock(&s->lock);
		return l == LG_PICK_MORE ? LG_FETCH_MORE : -EAGAIN;
	}
	m->hdr_len = sizeof(*m);
	m->version = LOGGER_RECORD_VERSION;
	m->level = l;
	m->facility = rec->facility;
	m->msg_len = min_t(u32, rec->msg_len, size);
	m->pid = rec->pid;
	m->seq = rec->seq;
	m->lost = cu->lost_pending;
	m->ts_real_ns = rec->ts_real;
	m->ts_mono_ns = rec->ts_mono;
	m->tid = rec->tid;
	m->uid = rec->uid;
	memcpy(m->comm, rec->comm, sizeof(m->comm));
	m->comm[sizeof(m->comm) - 1] = '\0';
	memcpy(buf, (u8 *)(rec + 1) + rec->tag_len, m->msg_len);
	r->lost = cu->lost_pending;
	r->level = l;
	r->pos = cu->pos[l];
	r->size = rec->size;
	spin_unlock(&s->lock);
	r->msg = buf;
	return 0;
}

/**
 * lg_view_commit() - consume the record lg_view_fetch() returned
 * @s: the store.
 * @v: the view.
 * @r: what lg_view_fetch() filled in.
 *
 * Moves the cursor past the record, unless something moved it meanwhile
 * (a clear), and marks the lost records reported with it as reported.
 */
void lg_view_commit(struct lg_store *s, struct lg_view *v,
		    const struct lg_rrec *r)
{
	struct lg_cursor *cu = &v->cur;
	struct lg_pos *p;

	if (WARN_ON_ONCE(r->level >= LOGGER_NR_LEVELS))
		return;
	p = &cu->pos[r->level];
	spin_lock(&s->lock);
	if (p->lseq == r->pos.lseq)
		pos_move(p, r->pos.lseq + 1, r->pos.id, r->pos.gen,
			 r->pos.off + r->size);
	cu->read++;
	cu->lost_pending -= min(cu->lost_pending, r->lost);
	cu->last_seq = max(cu->last_seq, r->meta.seq);
	spin_unlock(&s->lock);
}

/* ---- settings and moves -------------------------------------------------------- */

/**
 * lg_view_set() - change a view's filter and order
 * @s: the store.
 * @v: the view; its owner serialises changes to it.
 * @filter: new level set, 1..0xff.
 * @order: &enum logger_order.
 *
 * Records of levels outside the old filter are skipped up to now; levels
 * the new filter adds are read from now on.
 */
void lg_view_set(struct lg_store *s, struct lg_view *v, u32 filter, u8 order)
{
	struct lg_cursor *cu = &v->cur;
	u32 old;

	spin_lock(&s->lock);
	old = cu->filter;
	cur_sync(s, cu);
	WRITE_ONCE(cu->filter, filter);
	cu->order = order;
	cur_sync(s, cu);
	spin_unlock(&s->lock);

	/*
	 * A waiter armed for the old levels (an edge-triggered poller will
	 * not poll again by itself) now waits for the new ones.
	 */
	view_disarm(s, v, old & ~filter);
	view_arm(s, v, filter & ~old);
	view_moved(s, v);
}

void lg_view_get(struct lg_store *s, struct lg_view *v, u32 *filter,
		 u8 *order)
{
	spin_lock(&s->lock);
	*filter = v->cur.filter;
	*order = v->cur.order;
	spin_unlock(&s->lock);
}

void lg_view_stats(struct lg_store *s, struct lg_view *v,
		   struct logger_view_stats *vs)
{
	spin_lock(&s->lock);
	cur_stats(s, &v->cur, vs);
	spin_unlock(&s->lock);
}

void lg_view_get_pos(struct lg_store *s, struct lg_view *v,
		     struct logger_pos *pos)
{
	spin_lock(&s->lock);
	pos->instance = s->instance;
	pos->seq = v->cur.last_seq + 1;
	spin_unlock(&s->lock);
}

/* Back to the oldest stored record of each level in the filter. */
void lg_view_rewind(struct lg_store *s, struct lg_view *v)
{
	struct lg_cursor *cu = &v->cur;
	unsigned int l;

	spin_lock(&s->lock);
	cur_sync(s, cu);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if (cu->filter & BIT(l))
			pos_head(s, l, &cu->pos[l]);
	spin_unlock(&s->lock);
	view_moved(s, v);
}

/* Past everything stored: only records written from now on. */
void lg_view_skip_to_end(struct lg_store *s, struct lg_view *v)
{
	struct lg_cursor *cu = &v->cur;
	unsigned int l;

	spin_lock(&s->lock);
	cur_sync(s, cu);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		pos_end(s, l, &cu->pos[l]);
	spin_unlock(&s->lock);
}

/* Chunks a seek walks per lock hold. */
#define LG_SEEK_STEP	64

/*
 * Where the first record of level @l with a sequence number >= @seq is
 * (or the level's end), in *@p.  Walks the level's chunks a few per lock
 * hold, then scans one chunk's records.
 *
 * Return: 0, or -ERESTARTSYS on a signal.
 */
static int level_seek(struct lg_store *s, unsigned int l, u64 seq,
		      struct lg_pos *p)
{
	const struct lg_level *lv = &s->lv[l];
	const struct logger_map_chunk *c = NULL;
	u32 id = LG_NIL, gen = 0, off, steps;

	spin_lock(&s->lock);
	for (;;) {
		/* (Re)start from the head when the chunk we stood on went. */
		if (!c || c->gen != gen || c->level != l) {
			id = lv->head;
			if (id == LG_NIL) {
				pos_end(s, l, p);
				break;
			}
			c = lg_chunk_get(s, id);
			gen = c->gen;
		}
		for (steps = 0; steps < LG_SEEK_STEP; steps++) {
			const struct logger_map_chunk *n = lg_chunk_get(s, c->next);

			if (!n || n->level != l || n->first_seq > seq)
				break;
			id = c->next;
			c = n;
			gen = c->gen;
		}
		if (steps < LG_SEEK_STEP) {
			/* The first record >= @seq is in @c, or after it. */
			for (off = 0; off < c->used;) {
				const struct logger_map_rec *r = lg_rec_at(s, c, off);

				if (r->seq >= seq)
					break;
				off += r->size;
			}
			if (off < c->used)
				pos_move(p, lg_rec_at(s, c, off)->lseq, id, gen,
					 off);
			else
				pos_move(p, c->first_lseq + c->nrec, id, gen,
					 c->used);
			break;
		}
		spin_unlock(&s->lock);
		if (signal_pending(current))
			return -ERESTARTSYS;
		cond_resched();
		spin_lock(&s->lock);
		/* The chunk may have been freed meanwhile: look it up again. */
		c = lg_chunk_get(s, id);
	}
	spin_unlock(&s->lock);
	return 0;
}

/**
 * lg_view_seek_seq() - read records with sequence number >= @seq next
 * @s: the store.
 * @v: the view; its owner serialises moves.
 * @seq: 1 .. the next sequence number to be given.
 *
 * Levels outside the filter do not move.  The search takes a few chunks
 * per lock hold; the cursor moves at the end, all levels at once.
 *
 * Return: 0, -EINVAL when @seq is 0 or in the future, -ERESTARTSYS.
 */
int lg_view_seek_seq(struct lg_store *s, struct lg_view *v, u64 seq)
{
	struct lg_pos to[LOGGER_NR_LEVELS];
	struct lg_cursor *cu = &v->cur;
	unsigned int l;
	u32 filter;
	int ret;

	memset(to, 0, sizeof(to));
	spin_lock(&s->lock);
	if (!seq || seq > s->seq) {
		spin_unlock(&s->lock);
		return -EINVAL;
	}
	filter = cu->filter;
	spin_unlock(&s->lock);

	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		if (!(filter & BIT(l)))
			continue;
		ret = level_seek(s, l, seq, &to[l]);
		if (ret)
			return ret;
	}

	spin_lock(&s->lock);
	cur_sync(s, cu);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if (filter & cu->filter & BIT(l))
			pos_move(&cu->pos[l], to[l].lseq, to[l].id, to[l].gen,
				 to[l].off);
	cur_sync(s, cu);
	spin_unlock(&s->lock);
	view_moved(s, v);
	return 0;
}

/*
 * Is @p, as a mapped reader gave it, where lseq @p->lseq of level @l is?
 * (@p->lseq is stored, above the level's first.)
 */
static bool pos_valid(const struct lg_store *s, unsigned int l,
		      const struct lg_pos *p)
{
	const struct logger_map_chunk *c = pos_chunk(s, l, p);

	if (!c)
		return false;
	if (p->off < c->used)
		return pos_check(s, c, l, p);
	/* At the end of a full chunk: the record starts the next one. */
	return p->lseq == c->first_lseq + c->nrec;
}

/**
 * lg_view_map_sync() - move a view to where its mapped reader is
 * @s: the store.
 * @v: the view; its owner serialises moves.
 * @mp: the reader's position, from user space.
 *
 * So that poll() on the fd tells when the mapped reader has something
 * new.  Every level's position is checked before any moves: a stored
 * lseq must come with the chunk, generation and offset that hold it; one
 * the store no longer holds is settled as read() would (lost); one past
 * the level's end is refused.  Nothing the user gives is trusted later:
 * a position at or past the level's end is taken from the store.
 *
 * Return: 0; -ESTALE when a clear came after the position was taken;
 * -EINVAL for a position the store contradicts.
 */
int lg_view_map_sync(struct lg_store *s, struct lg_view *v,
		     const struct logger_map_pos *mp)
{
	struct lg_pos to[LOGGER_NR_LEVELS];
	struct lg_cursor *cu = &v->cur;
	unsigned int l;
	int ret = 0;

	spin_lock(&s->lock);
	cur_sync(s, cu);
	if (mp->reserved) {
		ret = -EINVAL;
		goto out;
	}
	if (mp->clear_gen != s->clear_gen) {
		ret = -ESTALE;
		goto out;
	}
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		const struct lg_level *lv = &s->lv[l];
		struct lg_pos *p = &to[l];

		pos_move(p, mp->lseq[l], mp->id[l], mp->gen[l], mp->off[l]);
		if (p->lseq > lv->next) {
			ret = -EINVAL;
			goto out;
		}
		/* Outside the filter: settled to the end below. */
		if (!(cu->filter & BIT(l)))
			pos_move(p, p->lseq, LG_NIL, 0, 0);
		else if (p->lseq >= lv->next)
			pos_end(s, l, p);
		else if (p->lseq <= lv->first)
			pos_move(p, p->lseq, LG_NIL, 0, 0);
		else if (!pos_valid(s, l, p))
			ret = -EINVAL;
	}
	if (ret)
		goto out;
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		pos_move(&cu->pos[l], to[l].lseq, to[l].id, to[l].gen,
			 to[l].off);
	WRITE_ONCE(v->wake_min, mp->wake_min);
	cur_sync(s, cu);
out:
	spin_unlock(&s->lock);
	if (!ret)
		view_moved(s, v);
	return ret;
}

/* ---- all views -------------------------------------------------------------- */

/**
 * lg_views_sync_all() - bring every view past a clear
 * @s: the store; the caller holds lg_store.config_lock.
 *
 * One view per lock hold.
 */
void lg_views_sync_all(struct lg_store *s)
{
	struct lg_view *v;
	unsigned long idx;

	lockdep_assert_held(&s->config_lock);
	mutex_lock(&s->views_lock);
	xa_for_each(&s->views, idx, v) {
		spin_lock(&s->lock);
		cur_sync(s, &v->cur);
		spin_unlock(&s->lock);
		cond_resched();
	}
	mutex_unlock(&s->views_lock);
}

/**
 * lg_store_readers() - snapshot open readers for a netlink dump
 * @s: the store.
 * @slot: copy readers from this slot on; set to the slot to resume at,
 *	or LG_NIL when every reader has been looked at.
 * @only_uid: copy only readers opened by this uid (LG_ANY_UID: all).
 * @out: where to copy.
 * @max: room at @out.
 *
 * A dump resumes at the slot after the last one it looked at: O(log
 * readers) to find it, one reader per lock hold.
 *
 * Return: readers copied.
 */
unsigned int lg_store_readers(struct lg_store *s, u32 *slot, u32 only_uid,
			      struct lg_reader_info *out, unsigned int max)
{
	unsigned long idx = *slot;
	unsigned int n = 0;
	struct lg_view *v;

	*slot = LG_NIL;
	mutex_lock(&s->views_lock);
	xa_for_each_start(&s->views, idx, v, idx) {
		struct lg_reader_info *ri = &out[n];

		if (n == max) {
			*slot = idx;
			break;
		}
		if (only_uid != LG_ANY_UID && v->uid != only_uid)
			continue;
		memset(ri, 0, sizeof(*ri));
		ri->id = v->id;
		ri->slot = v->slot;
		ri->pid = v->pid;
		ri->uid = v->uid;
		memcpy(ri->comm, v->comm, sizeof(ri->comm));
		ri->format = READ_ONCE(v->format);
		spin_lock(&s->lock);
		ri->filter = v->cur.filter;
		ri->order = v->cur.order;
		cur_stats(s, &v->cur, &ri->stats);
		spin_unlock(&s->lock);
		n++;
	}
	mutex_unlock(&s->views_lock);
	return n;
}

/**
 * lg_store_take_overflow() - evictions since the previous call
 * @s: the store.
 * @ov: per-level evictions, and readers whose lost count grew.
 *
 * Resets the counters it reports.  Walks the views one per lock hold: for
 * the event worker only.
 *
 * Return: true if anything was evicted since the previous call.
 */
bool lg_store_take_overflow(struct lg_store *s, struct lg_overflow *ov)
{
	struct lg_view *v;
	unsigned long idx;
	unsigned int l;
	bool any = false;

	memset(ov, 0, sizeof(*ov));
	spin_lock(&s->lock);
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		ov->evicted[l] = s->lv[l].evicted_event;
		ov->evicted_total[l] = s->lv[l].evicted;
		s->lv[l].evicted_event = 0;
		if (ov->evicted[l])
			any = true;
	}
	spin_unlock(&s->lock);

	mutex_lock(&s->views_lock);
	xa_for_each(&s->views, idx, v) {
		spin_lock(&s->lock);
		cur_sync(s, &v->cur);
		if (v->cur.lost > v->lost_mark)
			ov->lost_readers++;
		v->lost_mark = v->cur.lost;
		spin_unlock(&s->lock);
		cond_resched();
	}
	mutex_unlock(&s->views_lock);
	return any;
}
