// SPDX-License-Identifier: GPL-2.0
/*
 * view: one open reader: its wake-ups, reads and settings.
 */

/**
 * DOC: Wake-ups
 *
 * Each level has a wait queue.  A view that is about to wait
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
#include <linux/pid.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/string.h>

#include "cursor.h"

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
		lg_cur_sync(s, &v->cur);
		ret = lg_cur_pick(s, &v->cur, &r);
		spin_unlock(&s->lock);
		if (ret != LG_PICK_MORE)
			return ret >= 0;
		cond_resched();
	}
}

/* After a cursor move: wake whoever waits on @v if it can read now. */
void lg_view_moved(struct lg_store *s, struct lg_view *v)
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
		lg_pos_head(s, l, &v->cur.pos[l]);
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
	lg_cur_sync(s, cu);
	l = lg_cur_pick(s, cu, &rec);
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
		lg_pos_move(p, r->pos.lseq + 1, r->pos.id, r->pos.gen,
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
	lg_cur_sync(s, cu);
	WRITE_ONCE(cu->filter, filter);
	cu->order = order;
	lg_cur_sync(s, cu);
	spin_unlock(&s->lock);

	/*
	 * A waiter armed for the old levels (an edge-triggered poller will
	 * not poll again by itself) now waits for the new ones.
	 */
	view_disarm(s, v, old & ~filter);
	view_arm(s, v, filter & ~old);
	lg_view_moved(s, v);
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
	lg_cur_stats(s, &v->cur, vs);
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
	lg_cur_sync(s, cu);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if (cu->filter & BIT(l))
			lg_pos_head(s, l, &cu->pos[l]);
	spin_unlock(&s->lock);
	lg_view_moved(s, v);
}

/* Past everything stored: only records written from now on. */
void lg_view_skip_to_end(struct lg_store *s, struct lg_view *v)
{
	struct lg_cursor *cu = &v->cur;
	unsigned int l;

	spin_lock(&s->lock);
	lg_cur_sync(s, cu);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		lg_pos_end(s, l, &cu->pos[l]);
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
				lg_pos_end(s, l, p);
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
				lg_pos_move(p, lg_rec_at(s, c, off)->lseq, id, gen,
					    off);
			else
				lg_pos_move(p, c->first_lseq + c->nrec, id, gen,
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
	lg_cur_sync(s, cu);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if (filter & cu->filter & BIT(l))
			lg_pos_move(&cu->pos[l], to[l].lseq, to[l].id, to[l].gen,
				    to[l].off);
	lg_cur_sync(s, cu);
	spin_unlock(&s->lock);
	lg_view_moved(s, v);
	return 0;
}
