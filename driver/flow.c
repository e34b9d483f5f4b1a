// SPDX-License-Identifier: GPL-2.0
/*
 * flow: lossless delivery.  Holding readers and the writers that wait
 * for them under the block policy.
 */

/**
 * DOC: Holds
 *
 * Under the block policy a record that a holding reader has not read yet
 * (and that passes its filter) is never evicted; a writer that needs its
 * room waits, or gets EAGAIN.  Every reader holds unless it opted out
 * (LOGGER_FD_NO_HOLD); a group holds like one reader; records nobody
 * holds are evicted as under overwrite.
 *
 * Cost.  A write stays O(1) in the number of readers: it never looks at
 * cursors.  Instead each holding cursor is counted, per level, where its
 * next record is: in the chunk that holds it (lg_leaf.holders), at the
 * level's end (lg_level.end_holders: lseq == next, no record yet), or
 * behind the level's first (lg_level.behind_holders: its records went).
 * A chunk can be evicted exactly when its count is zero (every holder of
 * an earlier record counts in an earlier chunk) and, for a level's oldest
 * chunk, no holder is behind (it reads that chunk next: its own records
 * went, under overwrite or by a resize, but it still holds what is left),
 * so an eviction decision is one lookup per level, O(levels).  The counts move with the cursor
 * (lg_cur_move(): O(1) per move) and with the store: a record appended to
 * a level takes over its end holders; an evicted chunk's holders go
 * behind; a clear sends every chunk holder behind.  A cursor's count is
 * kept whatever the policy, so switching policies costs nothing.
 *
 * Waking writers.  Writers wait for lg_store.space_gen to change; it is
 * bumped, under the lock, only when room may have been freed: the holders
 * of a level's oldest chunk dropped to zero, the policy went back to
 * overwrite, the store was cleared or reconfigured.  The wake-up itself
 * comes after the lock is dropped.
 *
 * The trust bound.  A reader that stops reading stops writers under the
 * block policy, so hold_timeout_ms bounds what a reader without
 * CAP_SYSLOG can do: a writer that waited that long drops the holds of
 * such readers that made no progress as long (hold_expired counts them).
 * A dropped hold comes back when its reader reads again; what it lost
 * meanwhile is counted, as under overwrite.  Readers with CAP_SYSLOG (a
 * collector) hold for ever.  Only CAP_SYSLOG may set the block policy.
 */

#include <linux/jiffies.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/wait.h>

#include "cursor.h"

/**
 * lg_hold_slot() - where a holding cursor at @p counts in level @l
 * @s: the store, locked.
 * @l: the level.
 * @p: the position (its lseq and the cache checked against the store).
 *
 * Return: LG_SLOT_BEHIND, LG_SLOT_END, or the id of the chunk that holds
 * the record at @p.
 */
u32 lg_hold_slot(const struct lg_store *s, unsigned int l,
		 const struct lg_pos *p)
{
	const struct lg_level *lv = &s->lv[l];
	const struct logger_map_chunk *c;
	struct lg_pos tmp;

	if (p->lseq < lv->first)
		return LG_SLOT_BEHIND;
	if (p->lseq >= lv->next)
		return LG_SLOT_END;
	if (p->lseq == lv->first)
		return lv->head;
	c = lg_pos_chunk(s, l, p);
	if (c && p->off < c->used)
		return p->id;
	if (c && p->lseq == c->first_lseq + c->nrec)
		return c->next;
	/* A stale cache for a stored record: lg_pos_resolve() warns. */
	tmp = *p;
	return lg_pos_resolve(s, l, &tmp) ? tmp.id : LG_SLOT_END;
}

/* Room may have been freed: writers waiting must look again. */
static void space_freed(struct lg_store *s)
{
	s->space_gen++;
	s->space_freed = true;
}

/**
 * lg_hold_add() - count a holding cursor in (or out of) a slot
 * @s: the store, locked.
 * @l: the level.
 * @slot: what lg_hold_slot() said.
 * @delta: +1 or -1.
 */
void lg_hold_add(struct lg_store *s, unsigned int l, u32 slot, int delta)
{
	struct lg_level *lv = &s->lv[l];
	u32 *h;

	lockdep_assert_held(&s->lock);
	if (slot == LG_SLOT_BEHIND) {
		lv->behind_holders += delta;
		/* The last holder behind moved on: the oldest chunk may go. */
		if (!lv->behind_holders && delta < 0)
			space_freed(s);
	} else if (slot == LG_SLOT_END) {
		lv->end_holders += delta;
	} else {
		h = lg_chunk_holders(s, slot);
		*h += delta;
		lv->chunk_holders += delta;
		/* The oldest chunk is free to go: a waiting writer may. */
		if (!*h && slot == lv->head)
			space_freed(s);
	}
}

/**
 * lg_cur_hold() - start or stop counting @cu as holding
 * @s: the store, locked.
 * @cu: the cursor, synced.
 * @on: hold or not.
 */
void lg_cur_hold(struct lg_store *s, struct lg_cursor *cu, bool on)
{
	unsigned int l;

	lockdep_assert_held(&s->lock);
	if (cu->hold == on)
		return;
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if (cu->filter & BIT(l))
			lg_hold_add(s, l, lg_hold_slot(s, l, &cu->pos[l]),
				    on ? 1 : -1);
	cu->hold = on;
	if (on) {
		s->nholding++;
	} else {
		s->nholding--;
		space_freed(s);
	}
}

/* @cu holds when it wants to and its hold has not expired. */
void lg_cur_hold_update(struct lg_store *s, struct lg_cursor *cu)
{
	lg_cur_hold(s, cu, cu->want_hold && !cu->expired);
}

/* @cu read a record: it is alive; an expired hold comes back. */
void lg_cur_progress(struct lg_store *s, struct lg_cursor *cu)
{
	cu->progress = jiffies;
	if (cu->expired) {
		cu->expired = false;
		lg_cur_hold_update(s, cu);
	}
}

/**
 * lg_space_take() - did the lock holder free room? (and forget it)
 * @s: the store, locked.
 *
 * Return: whether lg_space_wake() must wake writers once unlocked.
 */
bool lg_space_take(struct lg_store *s)
{
	bool kick = s->space_freed;

	lockdep_assert_held(&s->lock);
	s->space_freed = false;
	return kick;
}

/**
 * lg_space_wake() - wake the writers waiting for room
 * @s: the store, not locked.
 * @kick: what lg_space_take() said.
 */
void lg_space_wake(struct lg_store *s, bool kick)
{
	if (kick && wq_has_sleeper(&s->space_wq))
		wake_up_all(&s->space_wq);
}

/**
 * lg_store_wait_room() - wait for room a write was refused (-EAGAIN)
 * @s: the store.
 * @wr: the writer; lg_store_write() set @wr->space_gen.
 * @nonblock: O_NONBLOCK: do not wait.
 *
 * Waits until room may have been freed (lg_store.space_gen changes).
 * Every hold_timeout_ms of waiting, drops the holds of readers without
 * CAP_SYSLOG that read nothing for as long (the trust bound).
 *
 * Return: 0 (try again), -EAGAIN (@nonblock), -ERESTARTSYS (a signal).
 */
int lg_store_wait_room(struct lg_store *s, struct lg_writer *wr,
		       bool nonblock)
{
	long t, tmo;
	int ret;

	if (nonblock)
		return -EAGAIN;
	atomic_inc(&s->nwaiting);
	atomic64_inc(&s->waits);
	for (;;) {
		tmo = s->hold_timeout_ms ? msecs_to_jiffies(s->hold_timeout_ms) :
					   MAX_SCHEDULE_TIMEOUT;
		t = wait_event_interruptible_timeout(s->space_wq,
						     READ_ONCE(s->space_gen) !=
						     wr->space_gen, tmo);
		if (t < 0) {
			ret = -ERESTARTSYS;
			break;
		}
		if (t > 0) {
			ret = 0;
			break;
		}
		lg_holds_expire(s);
	}
	atomic_dec(&s->nwaiting);
	return ret;
}

/**
 * lg_flow_stats() - lossless delivery and groups, for the ioctl
 * @s: the store.
 * @fs: filled in.
 */
void lg_flow_stats(struct lg_store *s, struct logger_flow_stats *fs)
{
	memset(fs, 0, sizeof(*fs));
	fs->waiting_writers = atomic_read(&s->nwaiting);
	fs->waits = atomic64_read(&s->waits);
	spin_lock(&s->lock);
	/* Changed together under the lock (group.c): read them so. */
	fs->groups = s->ngroups;
	fs->group_members = s->group_members;
	fs->policy = s->policy;
	/* Only the block policy holds; the counts are kept under both. */
	fs->holding_readers = s->policy == LOGGER_POLICY_BLOCK ? s->nholding : 0;
	fs->hold_expired = s->hold_expired;
	spin_unlock(&s->lock);
}
