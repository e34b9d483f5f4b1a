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
#include <linux/jiffies.h>
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
	u32 filter = READ_ONCE(v->own.filter);
	unsigned int l;
	u64 n = 0;

	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if (filter & BIT(l))
			n += READ_ONCE(s->lv[l].next) -
			     READ_ONCE(v->own.pos[l].lseq);
	return n;
}

static int lg_fwd_wake(struct wait_queue_entry *wq, unsigned int mode,
		       int sync, void *key)
{
	struct lg_view *v = wq->private;
	u32 wake_min = READ_ONCE(v->wake_min);

	/*
	 * Below the mapped reader's watermark: stay armed, do not wake.  (A
	 * group's cursor is not looked at here, without the store lock.)
	 */
	if (wake_min > 1 && !READ_ONCE(v->group) &&
	    (s64)view_waiting(v) < wake_min)
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
		lg_cur_sync(s, lg_view_cur(v));
		ret = lg_cur_pick(s, lg_view_cur(v), &r);
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
	u32 filter;

	spin_lock(&s->lock);
	filter = lg_view_cur(v)->filter;
	spin_unlock(&s->lock);
	view_arm(s, v, filter);
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
 * @privileged: the opener has CAP_SYSLOG: its hold never expires.
 *
 * The view reads every level, in priority order, until told otherwise,
 * and holds (under the block policy).
 *
 * Return: 0 or -ENOMEM.
 */
int lg_view_open(struct lg_store *s, struct lg_view *v, bool all,
		 bool privileged)
{
	struct lg_cursor *cu = &v->own;
	unsigned int l;
	int ret;

	init_waitqueue_head(&v->wait);
	spin_lock_init(&v->arm_lock);
	v->store = s;
	v->privileged = privileged;
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
	lg_cur_init(cu);
	cu->filter = LOGGER_LEVELS_ALL;
	cu->order = LOGGER_ORDER_PRIORITY;
	cu->only_uid = all ? LG_ANY_UID : v->uid;
	cu->clear_gen = s->clear_gen;
	cu->want_hold = true;
	cu->privileged = privileged;
	cu->progress = jiffies;
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		lg_pos_head(s, l, &cu->pos[l]);
	lg_cur_hold_update(s, cu);
	lg_cur_watch_update(s, cu);
	spin_unlock(&s->lock);
	WRITE_ONCE(s->nviews, s->nviews + 1);
	mutex_unlock(&s->views_lock);
	return 0;
}

/**
 * lg_view_close() - the reader is gone
 * @s: the store.
 * @v: the view.
 *
 * Leaves its group; its hold goes at once (waiting writers wake).
 */
void lg_view_close(struct lg_store *s, struct lg_view *v)
{
	bool kick;

	lg_view_leave(s, v);
	mutex_lock(&s->views_lock);
	xa_erase(&s->views, v->slot);
	WRITE_ONCE(s->nviews, s->nviews - 1);
	spin_lock(&s->lock);
	lg_cur_hold(s, &v->own, false);
	lg_cur_watch(s, &v->own, false);
	kick = lg_space_take(s);
	spin_unlock(&s->lock);
	mutex_unlock(&s->views_lock);
	lg_space_wake(s, kick);
	view_disarm(s, v, LOGGER_LEVELS_ALL);
}

/* Consume @r (the record @cu picked): move past it, count it read. */
static void cur_consume(struct lg_store *s, struct lg_cursor *cu,
			const struct lg_rrec *r)
{
	struct lg_pos np = { r->pos.lseq + 1, r->pos.id, r->pos.gen,
			     r->pos.off + r->size };

	/* Unless a clear or an eviction moved it since the record was picked. */
	if (cu->pos[r->level].lseq == r->pos.lseq)
		lg_cur_move(s, cu, r->level, &np);
	cu->fetched = 0;
	cu->fetched_gone = false;
	cu->read++;
	cu->lost_pending -= min(cu->lost_pending, r->lost);
	cu->last_seq = max(cu->last_seq, r->meta.seq);
	lg_cur_progress(s, cu);
}

/*
 * Copy out the record @v reads next; with @fits, consume it in the same
 * lock hold if @fits says it fits the caller's buffer (a group's reads:
 * each record to one member).
 */
static int view_take(struct lg_store *s, struct lg_view *v,
		     struct lg_rrec *r, char *buf, size_t size,
		     bool (*fits)(void *arg, const struct lg_rrec *r),
		     void *arg)
{
	struct logger_record *m = &r->meta;
	struct logger_map_rec *rec;
	struct lg_cursor *cu;
	bool kick = false;
	int l, ret = 0;

	memset(r, 0, sizeof(*r));
	r->msg = buf;
	spin_lock(&s->lock);
	cu = lg_view_cur(v);
	/* The last record fetched was evicted and never committed: lost. */
	if (cu->fetched_gone) {
		cu->lost++;
		cu->lost_pending++;
		cu->fetched_gone = false;
	}
	cu->fetched = 0;
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
	r->tag_len = min_t(u8, rec->tag_len, LOGGER_TAG_MAX);
	memcpy(r->tag, rec + 1, r->tag_len);
	memcpy(buf, (u8 *)(rec + 1) + rec->tag_len, m->msg_len);
	r->lost = cu->lost_pending;
	r->level = l;
	r->pos = cu->pos[l];
	r->size = rec->size;
	if (!fits) {
		/* In flight until committed (see "Filtered cursors"). */
		cu->fetched = r->pos.lseq + 1;
		cu->fetched_level = l;
	} else {
		if (fits(arg, r)) {
			cur_consume(s, cu, r);
			kick = lg_space_take(s);
		} else {
			ret = -EMSGSIZE;
		}
	}
	spin_unlock(&s->lock);
	lg_space_wake(s, kick);
	return ret;
}

/**
 * lg_view_fetch() - copy out the record @v reads next, without consuming it
 * @s: the store.
 * @v: the view; its owner serialises fetch/commit on it.
 * @r: filled with the record's header and tag; @r->msg = @buf.
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
	return view_take(s, v, r, buf, size, NULL, NULL);
}

/**
 * lg_view_claim() - fetch and consume at once, when it fits
 * @s: the store.
 * @v: the view (a group member: another member may read concurrently).
 * @r: as lg_view_fetch().
 * @buf: as lg_view_fetch().
 * @size: as lg_view_fetch().
 * @fits: told the record (under the store lock, so it must not sleep):
 *	true when it fits what the caller can take.
 * @arg: for @fits.
 *
 * Return: as lg_view_fetch(), and -EMSGSIZE when it does not fit (then
 * nothing is consumed).
 */
int lg_view_claim(struct lg_store *s, struct lg_view *v, struct lg_rrec *r,
		  char *buf, size_t size,
		  bool (*fits)(void *arg, const struct lg_rrec *r), void *arg)
{
	return view_take(s, v, r, buf, size, fits, arg);
}

/**
 * lg_view_lost() - a claimed record could not be delivered (EFAULT)
 * @s: the store.
 * @v: the view.
 *
 * It was consumed for the whole group: it counts as lost, reported
 * in-band with the next record.
 */
void lg_view_lost(struct lg_store *s, struct lg_view *v)
{
	struct lg_cursor *cu;

	spin_lock(&s->lock);
	cu = lg_view_cur(v);
	cu->lost++;
	cu->lost_pending++;
	cu->read--;
	spin_unlock(&s->lock);
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
	bool kick;

	if (WARN_ON_ONCE(r->level >= LOGGER_NR_LEVELS))
		return;
	spin_lock(&s->lock);
	cur_consume(s, lg_view_cur(v), r);
	kick = lg_space_take(s);
	spin_unlock(&s->lock);
	lg_space_wake(s, kick);
}

/* ---- settings and moves -------------------------------------------------------- */

/**
 * lg_view_set() - change a view's filter and order
 * @s: the store.
 * @v: the view; its owner serialises changes to it.  In a group, the
 *	group's filter and order change.
 * @filter: new level set, 1..0xff.
 * @order: &enum logger_order.
 *
 * Records of levels outside the old filter are skipped up to now; levels
 * the new filter adds are read from now on.
 */
void lg_view_set(struct lg_store *s, struct lg_view *v, u32 filter, u8 order)
{
	struct lg_cursor *cu;
	bool kick;
	u32 old;

	mutex_lock(&s->views_lock);
	spin_lock(&s->lock);
	cu = lg_view_cur(v);
	old = cu->filter;
	lg_cur_sync(s, cu);
	/* Holds and watches are per level of the filter: recount. */
	lg_cur_hold(s, cu, false);
	lg_cur_watch(s, cu, false);
	WRITE_ONCE(cu->filter, filter);
	cu->order = order;
	lg_cur_sync(s, cu);
	lg_cur_hold_update(s, cu);
	lg_cur_watch_update(s, cu);
	kick = lg_space_take(s);
	spin_unlock(&s->lock);
	mutex_unlock(&s->views_lock);
	lg_space_wake(s, kick);

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
	*filter = lg_view_cur(v)->filter;
	*order = lg_view_cur(v)->order;
	spin_unlock(&s->lock);
}

/**
 * lg_view_set_hold() - opt in or out of holding (LOGGER_FD_NO_HOLD)
 * @s: the store.
 * @v: the view; its owner serialises changes to it.
 * @no_hold: do not hold under the block policy.
 *
 * A hold given up goes at once: waiting writers wake.  In a group, the
 * group holds while a member wants to.
 */
void lg_view_set_hold(struct lg_store *s, struct lg_view *v, bool no_hold)
{
	struct lg_cursor *cu;
	bool kick;

	mutex_lock(&s->views_lock);
	spin_lock(&s->lock);
	cu = lg_view_cur(v);
	if (v->no_hold != no_hold) {
		v->no_hold = no_hold;
		if (v->group)
			v->group->want_hold += no_hold ? -1 : 1;
	}
	cu->want_hold = v->group ? v->group->want_hold > 0 : !no_hold;
	lg_cur_sync(s, cu);
	lg_cur_hold_update(s, cu);
	kick = lg_space_take(s);
	spin_unlock(&s->lock);
	mutex_unlock(&s->views_lock);
	lg_space_wake(s, kick);
}

/**
 * lg_view_set_tags() - a view's tag filter
 * @s: the store.
 * @v: the view (in a group: the group's filter).
 * @tf: up to LOGGER_TAG_FILTER_MAX tags, checked by the caller.
 *
 * Records whose tag is not in the filter are skipped, not lost.
 */
void lg_view_set_tags(struct lg_store *s, struct lg_view *v,
		      const struct logger_tag_filter *tf)
{
	struct lg_cursor *cu;
	unsigned int i;

	spin_lock(&s->lock);
	cu = lg_view_cur(v);
	lg_cur_sync(s, cu);
	memset(cu->tags, 0, sizeof(cu->tags));
	cu->ntags = tf->count;
	for (i = 0; i < tf->count; i++) {
		cu->tag_len[i] = strnlen(tf->tags[i], LOGGER_TAG_MAX);
		memcpy(cu->tags[i], tf->tags[i], cu->tag_len[i]);
	}
	lg_cur_watch_update(s, cu);
	spin_unlock(&s->lock);
	lg_view_moved(s, v);
}

void lg_view_get_tags(struct lg_store *s, struct lg_view *v,
		      struct logger_tag_filter *tf)
{
	struct lg_cursor *cu;
	unsigned int i;

	memset(tf, 0, sizeof(*tf));
	spin_lock(&s->lock);
	cu = lg_view_cur(v);
	tf->count = cu->ntags;
	for (i = 0; i < cu->ntags; i++)
		memcpy(tf->tags[i], cu->tags[i], cu->tag_len[i]);
	spin_unlock(&s->lock);
}

void lg_view_stats(struct lg_store *s, struct lg_view *v,
		   struct logger_view_stats *vs)
{
	spin_lock(&s->lock);
	lg_cur_stats(s, lg_view_cur(v), vs);
	spin_unlock(&s->lock);
}

void lg_view_get_pos(struct lg_store *s, struct lg_view *v,
		     struct logger_pos *pos)
{
	spin_lock(&s->lock);
	pos->instance = s->instance;
	pos->seq = lg_view_cur(v)->last_seq + 1;
	spin_unlock(&s->lock);
}

/* Back to the oldest stored record of each level in the filter. */
void lg_view_rewind(struct lg_store *s, struct lg_view *v)
{
	struct lg_cursor *cu;
	unsigned int l;

	spin_lock(&s->lock);
	cu = lg_view_cur(v);
	lg_cur_sync(s, cu);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if (cu->filter & BIT(l))
			lg_cur_head(s, cu, l);
	spin_unlock(&s->lock);
	lg_view_moved(s, v);
}

/* Past everything stored: only records written from now on. */
void lg_view_skip_to_end(struct lg_store *s, struct lg_view *v)
{
	struct lg_cursor *cu;
	unsigned int l;
	bool kick;

	spin_lock(&s->lock);
	cu = lg_view_cur(v);
	lg_cur_sync(s, cu);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		lg_cur_end(s, cu, l);
	kick = lg_space_take(s);
	spin_unlock(&s->lock);
	lg_space_wake(s, kick);
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
	struct lg_cursor *cu;
	unsigned int l;
	u32 filter;
	bool kick;
	int ret;

	memset(to, 0, sizeof(to));
	spin_lock(&s->lock);
	if (!seq || seq > s->seq) {
		spin_unlock(&s->lock);
		return -EINVAL;
	}
	filter = lg_view_cur(v)->filter;
	spin_unlock(&s->lock);

	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		if (!(filter & BIT(l)))
			continue;
		ret = level_seek(s, l, seq, &to[l]);
		if (ret)
			return ret;
	}

	spin_lock(&s->lock);
	cu = lg_view_cur(v);
	lg_cur_sync(s, cu);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if (filter & cu->filter & BIT(l))
			lg_cur_move(s, cu, l, &to[l]);
	lg_cur_sync(s, cu);
	kick = lg_space_take(s);
	spin_unlock(&s->lock);
	lg_space_wake(s, kick);
	lg_view_moved(s, v);
	return 0;
}
