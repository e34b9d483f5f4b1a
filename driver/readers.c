// SPDX-License-Identifier: GPL-2.0
/*
 * readers: walks over every open reader, a bounded step per reader:
 * catching up with a clear, the netlink readers dump, the event worker,
 * the expiry of stalled holds.
 */
#include <linux/jiffies.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "cursor.h"

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
		lg_cur_sync(s, lg_view_cur(v));
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
	struct lg_cursor *cu;
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
		if (v->group) {
			memcpy(ri->group, v->group->name, sizeof(ri->group));
			ri->members = v->group->members;
		}
		spin_lock(&s->lock);
		cu = lg_view_cur(v);
		ri->filter = cu->filter;
		ri->order = cu->order;
		ri->holding = cu->hold && s->policy == LOGGER_POLICY_BLOCK;
		ri->ntags = cu->ntags;
		memcpy(ri->tags, cu->tags, sizeof(ri->tags));
		lg_cur_stats(s, cu, &ri->stats);
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
	struct lg_cursor *cu;
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
		cu = lg_view_cur(v);
		lg_cur_sync(s, cu);
		if (cu->lost > v->lost_mark)
			ov->lost_readers++;
		v->lost_mark = cu->lost;
		spin_unlock(&s->lock);
		cond_resched();
	}
	mutex_unlock(&s->views_lock);
	return any;
}

/**
 * lg_holds_expire() - drop the holds that stall writers for too long
 * @s: the store; a writer waited lg_store.hold_timeout_ms for room.
 *
 * The trust bound of the block policy (flow.c): every holding cursor of
 * a reader without CAP_SYSLOG that read nothing for hold_timeout_ms stops
 * holding until it reads again.  One view per lock hold.
 */
void lg_holds_expire(struct lg_store *s)
{
	unsigned long idx, tmo = msecs_to_jiffies(s->hold_timeout_ms);
	struct lg_cursor *cu;
	struct lg_view *v;
	bool kick = false;

	mutex_lock(&s->views_lock);
	xa_for_each(&s->views, idx, v) {
		spin_lock(&s->lock);
		cu = lg_view_cur(v);
		if (cu->hold && !cu->privileged &&
		    time_after(jiffies, cu->progress + tmo)) {
			cu->expired = true;
			lg_cur_hold_update(s, cu);
			s->hold_expired++;
		}
		kick |= lg_space_take(s);
		spin_unlock(&s->lock);
		cond_resched();
	}
	mutex_unlock(&s->views_lock);
	lg_space_wake(s, kick);
}
