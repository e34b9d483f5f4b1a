// SPDX-License-Identifier: GPL-2.0
/*
 * readers: walks over every open reader, a bounded step per reader:
 * catching up with a clear, the netlink readers dump, the event worker.
 */
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
		lg_cur_sync(s, &v->cur);
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
		lg_cur_stats(s, &v->cur, &ri->stats);
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
		lg_cur_sync(s, &v->cur);
		if (v->cur.lost > v->lost_mark)
			ov->lost_readers++;
		v->lost_mark = v->cur.lost;
		spin_unlock(&s->lock);
		cond_resched();
	}
	mutex_unlock(&s->views_lock);
	return any;
}
