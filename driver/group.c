// SPDX-License-Identifier: GPL-2.0
/*
 * group: readers that share one cursor, so that each record goes to one
 * of them: a work queue.
 */

/**
 * DOC: Groups
 *
 * A view joins a group by name (LOGGER_IOC_JOIN_GROUP).  The group is a
 * struct lg_group on lg_store.groups with one struct lg_cursor: the first
 * member brings its position and filter; later members take the group's.
 * A member reads through the group's cursor (lg_view_cur()), and a read
 * takes a record and moves the shared cursor past it in one hold of the
 * store lock (lg_view_claim()), so no two members get the same record.
 * The group's filter, order and tags are set by any member.  Loss is
 * counted on the group's cursor, so it is exact for the group, and it is
 * reported in-band to whichever member reads next.
 *
 * Under the block policy the group holds like one reader while a member
 * wants to hold; its hold never expires while a member has CAP_SYSLOG.
 * A member whose read scope differs (read_own) cannot join: it would see
 * records it may not.  Leaving (or closing) gives the view its own cursor
 * back where the group's is; the last member to leave frees the group.
 *
 * Locking.  lg_store.views_lock guards the list and the member counts;
 * the cursor is under lg_store.lock like every cursor; a view's group
 * pointer changes under both.  The fd's owner serialises join and leave
 * with its reads (the chardev's rlock).
 */

#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "cursor.h"

static struct lg_group *group_find(struct lg_store *s, const char *name)
{
	struct lg_group *g;

	lockdep_assert_held(&s->views_lock);
	list_for_each_entry(g, &s->groups, node)
		if (!strcmp(g->name, name))
			return g;
	return NULL;
}

/* The group's cursor holds as its members say.  Under both locks. */
static void group_hold_update(struct lg_store *s, struct lg_group *g)
{
	g->cur.want_hold = g->want_hold > 0;
	g->cur.privileged = g->privileged > 0;
	lg_cur_hold_update(s, &g->cur);
}

/**
 * lg_view_join() - make @v a member of group @name
 * @s: the store.
 * @v: the view, in no group.
 * @name: 1..31 bytes, checked by the caller.
 *
 * Return: 0; -EBUSY when @v is in a group; -EPERM when the group reads
 * with another scope (read_own); -ENOMEM.
 */
int lg_view_join(struct lg_store *s, struct lg_view *v, const char *name)
{
	struct lg_group *g, *fresh;
	bool kick;
	int ret = 0;

	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL_ACCOUNT);
	if (!fresh)
		return -ENOMEM;
	mutex_lock(&s->views_lock);
	if (v->group) {
		ret = -EBUSY;
		goto out;
	}
	g = group_find(s, name);
	spin_lock(&s->lock);
	if (g && g->cur.only_uid != v->own.only_uid) {
		spin_unlock(&s->lock);
		ret = -EPERM;
		goto out;
	}
	if (!g) {
		g = fresh;
		fresh = NULL;
		strscpy(g->name, name, sizeof(g->name));
		lg_cur_sync(s, &v->own);
		/* Its position, filter and tags; new counts, no hold yet. */
		g->cur = v->own;
		lg_cur_init(&g->cur);
		g->cur.hold = false;
		g->cur.expired = false;
		g->cur.lost_pending = 0;
		g->cur.lost = 0;
		g->cur.read = 0;
		g->cur.skipped = 0;
		g->cur.progress = jiffies;
		list_add_tail(&g->node, &s->groups);
		WRITE_ONCE(s->ngroups, s->ngroups + 1);
	}
	/* It reads through the group now: its own cursor stops holding. */
	lg_cur_hold(s, &v->own, false);
	lg_cur_watch(s, &v->own, false);
	v->group = g;
	g->members++;
	if (!v->no_hold)
		g->want_hold++;
	if (v->privileged)
		g->privileged++;
	group_hold_update(s, g);
	lg_cur_watch_update(s, &g->cur);
	/* With ngroups, in one hold: the stats never see a group unmanned. */
	WRITE_ONCE(s->group_members, s->group_members + 1);
	kick = lg_space_take(s);
	spin_unlock(&s->lock);
	mutex_unlock(&s->views_lock);
	kfree(fresh);
	lg_space_wake(s, kick);
	lg_view_moved(s, v);
	return 0;
out:
	mutex_unlock(&s->views_lock);
	kfree(fresh);
	return ret;
}

/**
 * lg_view_leave() - @v leaves its group (if it is in one)
 * @s: the store.
 * @v: the view.
 *
 * @v gets its own cursor back where the group's is, with its filter; the
 * last member frees the group.
 */
void lg_view_leave(struct lg_store *s, struct lg_view *v)
{
	struct lg_group *g, *dead = NULL;
	struct lg_cursor *own = &v->own;
	bool kick;

	mutex_lock(&s->views_lock);
	g = v->group;
	if (!g) {
		mutex_unlock(&s->views_lock);
		return;
	}
	spin_lock(&s->lock);
	lg_cur_sync(s, &g->cur);
	memcpy(own->pos, g->cur.pos, sizeof(own->pos));
	own->clear_gen = g->cur.clear_gen;
	own->filter = g->cur.filter;
	own->order = g->cur.order;
	own->ntags = g->cur.ntags;
	memcpy(own->tag_len, g->cur.tag_len, sizeof(own->tag_len));
	memcpy(own->tags, g->cur.tags, sizeof(own->tags));
	own->want_hold = !v->no_hold;
	own->expired = false;
	own->progress = jiffies;
	v->group = NULL;
	lg_cur_hold_update(s, own);
	lg_cur_watch_update(s, own);
	g->members--;
	if (!v->no_hold)
		g->want_hold--;
	if (v->privileged)
		g->privileged--;
	if (g->members) {
		group_hold_update(s, g);
	} else {
		lg_cur_hold(s, &g->cur, false);
		lg_cur_watch(s, &g->cur, false);
		list_del(&g->node);
		WRITE_ONCE(s->ngroups, s->ngroups - 1);
		dead = g;
	}
	WRITE_ONCE(s->group_members, s->group_members - 1);
	kick = lg_space_take(s);
	spin_unlock(&s->lock);
	mutex_unlock(&s->views_lock);
	kfree(dead);
	lg_space_wake(s, kick);
}

/**
 * lg_view_group() - the group @v is in
 * @s: the store.
 * @v: the view.
 * @out: its name and member count (zeroed when it is in none).
 */
void lg_view_group(struct lg_store *s, struct lg_view *v,
		   struct logger_group *out)
{
	memset(out, 0, sizeof(*out));
	mutex_lock(&s->views_lock);
	if (v->group) {
		memcpy(out->name, v->group->name, sizeof(out->name));
		out->members = v->group->members;
	}
	mutex_unlock(&s->views_lock);
}
