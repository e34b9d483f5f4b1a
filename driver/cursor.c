// SPDX-License-Identifier: GPL-2.0
/*
 * cursor: reading positions on the store, their checks, loss accounting.
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
 */

/**
 * DOC: Filtered cursors and eviction
 *
 * A cursor with a record filter (a tag filter, or the trust model's
 * read_own) skips the records of its levels that do not pass it, and
 * loses only those that do.  Counting lazily is not enough for records
 * evicted before the cursor reached them: once evicted, their tags are
 * gone.  So such a cursor is watched: per level of its filter, its
 * lg_cursor.wnode is on the list of where its next record is, like a
 * hold (flow.c): the chunk holding it (lg_leaf.watch), or the level's end
 * (lg_level.end_watch, spliced onto the tail chunk's list when a record
 * is appended, O(1)).  When a chunk is evicted, the cursors on its list,
 * and only those, are walked over the records they had not reached
 * (lg_watch_evict()): each one that passes the filter is lost, each other
 * one skipped, exactly as if the cursor had read past them; then the
 * cursor moves to the first record after the chunk.
 *
 * Cost.  A write that evicts pays only for the filtered cursors that were
 * about to lose records in the chunk it evicts: one walk over that chunk
 * per such cursor, the work each would have done reading past those
 * records.  Cursors without a filter, caught-up ones, and ones in other
 * chunks cost nothing; moves are O(1) (one list move).  A walk is bounded
 * by a chunk's records; the cursors per eviction by LG_WATCH_BUDGET, past
 * which the rest go behind the level and count what went as lost, as an
 * unfiltered cursor does (the trust model's bound on one lock hold).
 *
 * A record lg_view_fetch() copied out is not counted by the walk
 * (lg_cursor.fetched): the reader may still deliver it.  Its commit counts
 * it read; if it never comes, the next fetch counts it lost.
 *
 * A cursor that is behind (after a clear, or past the budget) is on no
 * list; lg_cur_settle() counts what it missed, and its next move lists it
 * again.
 */

#include <linux/err.h>
#include <linux/string.h>

#include "cursor.h"

/* ---- positions ------------------------------------------------------------ */

/* At the oldest record of level @l. */
void lg_pos_head(const struct lg_store *s, unsigned int l,
		 struct lg_pos *p)
{
	const struct lg_level *lv = &s->lv[l];

	if (lv->head == LG_NIL)
		lg_pos_move(p, lv->first, LG_NIL, 0, 0);
	else
		lg_pos_move(p, lv->first, lv->head,
			    lg_chunk_get(s, lv->head)->gen, 0);
}

/* Past the newest record of level @l. */
void lg_pos_end(const struct lg_store *s, unsigned int l,
		struct lg_pos *p)
{
	const struct lg_level *lv = &s->lv[l];
	const struct logger_map_chunk *c;

	if (lv->tail == LG_NIL) {
		lg_pos_move(p, lv->next, LG_NIL, 0, 0);
		return;
	}
	c = lg_chunk_get(s, lv->tail);
	lg_pos_move(p, lv->next, lv->tail, c->gen, c->used);
}

/* The chunk @p caches, if it is still what @p took it for. */
struct logger_map_chunk *lg_pos_chunk(const struct lg_store *s,
				      unsigned int l,
					  const struct lg_pos *p)
{
	struct logger_map_chunk *c = lg_chunk_get(s, p->id);

	if (!c || c->gen != p->gen || c->level != l || p->off > c->used)
		return NULL;
	return c;
}

/* The record at @p in @c, if its header says it is the one @p expects. */
struct logger_map_rec *lg_pos_check(const struct lg_store *s,
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
static struct logger_map_rec *lg_pos_find(const struct lg_store *s,
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
					lg_pos_move(p, p->lseq, id, c->gen, off);
					return lg_pos_check(s, c, l, p);
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
	lg_pos_end(s, l, p);
	return NULL;
}

/*
 * The record at @p (settled: @p->lseq >= the level's first), or NULL when
 * the level has nothing at or after @p.  Refreshes @p's cache.
 */
struct logger_map_rec *lg_pos_resolve(const struct lg_store *s,
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
		lg_pos_head(s, l, p);
	c = lg_pos_chunk(s, l, p);
	/* Past the last record of a full chunk: step to the next one. */
	if (c && p->off == c->used && p->lseq == c->first_lseq + c->nrec) {
		struct logger_map_chunk *n = lg_chunk_get(s, c->next);

		if (n && n->level == l && n->first_lseq == p->lseq) {
			lg_pos_move(p, p->lseq, c->next, n->gen, 0);
			c = n;
		} else {
			c = NULL;
		}
	}
	r = c ? lg_pos_check(s, c, l, p) : NULL;
	return r ? r : lg_pos_find(s, l, p);
}

/* ---- cursors ---------------------------------------------------------------- */

/* A cursor's lists are empty (self-linked) until it is watched. */
void lg_cur_init(struct lg_cursor *cu)
{
	unsigned int l;

	cu->watch = false;
	cu->fetched = 0;
	cu->fetched_gone = false;
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		INIT_LIST_HEAD(&cu->wnode[l]);
}

/*
 * Put watched cursor @cu's level @l on the list of @slot, where its next
 * record is (lg_hold_slot()).
 */
static void watch_place(struct lg_store *s, struct lg_cursor *cu,
			unsigned int l, u32 slot)
{
	if (slot == LG_SLOT_BEHIND)
		list_del_init(&cu->wnode[l]);
	else if (slot == LG_SLOT_END)
		list_move_tail(&cu->wnode[l], &s->lv[l].end_watch);
	else
		list_move_tail(&cu->wnode[l], lg_chunk_watch(s, slot));
}

/**
 * lg_cur_watch() - start or stop watching @cu (see "Filtered cursors")
 * @s: the store, locked.
 * @cu: the cursor, synced.
 * @on: watch or not.
 */
void lg_cur_watch(struct lg_store *s, struct lg_cursor *cu, bool on)
{
	unsigned int l;

	lockdep_assert_held(&s->lock);
	cu->watch = on;
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		if (on && (cu->filter & BIT(l)))
			watch_place(s, cu, l, lg_hold_slot(s, l, &cu->pos[l]));
		else
			list_del_init(&cu->wnode[l]);
	}
}

/* @cu is watched when it has a record filter. */
void lg_cur_watch_update(struct lg_store *s, struct lg_cursor *cu)
{
	lg_cur_watch(s, cu, cu->ntags || cu->only_uid != LG_ANY_UID);
}

/* Every cursor on @list is behind now: off the list (lg_cur_settle()). */
void lg_watch_detach(struct list_head *list)
{
	while (!list_empty(list))
		list_del_init(list->next);
}

static bool lg_cur_match(const struct lg_cursor *cu,
			 const struct logger_map_rec *r);

/* Cursors lg_watch_evict() walks over one chunk, at most. */
#define LG_WATCH_BUDGET	64

/*
 * Watched cursor @cu, whose next record of level @l is in chunk @c (the
 * level's oldest, about to go): count what it has not reached there as
 * lost or skipped, and move it past the chunk.
 */
static void watch_pass(struct lg_store *s, struct lg_cursor *cu,
		       unsigned int l, u32 id, struct logger_map_chunk *c)
{
	u64 end = c->first_lseq + c->nrec;
	struct logger_map_chunk *n;
	struct logger_map_rec *r;
	struct lg_pos p = cu->pos[l];

	r = lg_pos_resolve(s, l, &p);
	while (r && p.id == id && p.lseq < end) {
		if (cu->fetched == p.lseq + 1 && cu->fetched_level == l) {
			cu->fetched_gone = true;
		} else if (lg_cur_match(cu, r)) {
			cu->lost++;
			cu->lost_pending++;
		} else {
			cu->skipped++;
		}
		lg_pos_move(&p, p.lseq + 1, id, p.gen, p.off + r->size);
		r = p.lseq < end ? lg_pos_check(s, c, l, &p) : NULL;
	}
	if (WARN_ON_ONCE(p.lseq < end)) {
		/* A record that did not check: the rest count as lost. */
		cu->lost += end - p.lseq;
		cu->lost_pending += end - p.lseq;
	}
	n = lg_chunk_get(s, c->next);
	if (n && n->level == l && n->first_lseq == end)
		lg_pos_move(&p, end, c->next, n->gen, 0);
	else
		lg_pos_move(&p, end, LG_NIL, 0, 0);
	lg_cur_move(s, cu, l, &p);
}

/**
 * lg_watch_evict() - the filtered cursors of a chunk that goes pass it
 * @s: the store, locked.
 * @l: the level.
 * @id: its oldest chunk, about to be evicted.
 *
 * See "Filtered cursors and eviction".
 */
void lg_watch_evict(struct lg_store *s, unsigned int l, u32 id)
{
	struct list_head *list = lg_chunk_watch(s, id);
	struct logger_map_chunk *c = lg_chunk_get(s, id);
	unsigned int n = 0;

	lockdep_assert_held(&s->lock);
	while (!list_empty(list)) {
		/* wnode[l] of the cursor: back to wnode[0], then to it. */
		struct lg_cursor *cu = container_of(list->next - l,
						    struct lg_cursor, wnode[0]);

		if (++n > LG_WATCH_BUDGET) {
			lg_watch_detach(list);
			break;
		}
		watch_pass(s, cu, l, id, c);
		/* It moved past the chunk, so off its list. */
		if (WARN_ON_ONCE(list->next == &cu->wnode[l]))
			list_del_init(&cu->wnode[l]);
	}
}

/**
 * lg_cur_move() - the one function that moves a cursor in a level
 * @s: the store, locked.
 * @cu: the cursor.
 * @l: the level.
 * @np: where to: lseq and the cache that goes with it.
 *
 * Moves what the position caches with it, and, for a holding cursor, its
 * hold from the chunk (or level end) it leaves to the one it reaches.
 */
void lg_cur_move(struct lg_store *s, struct lg_cursor *cu, unsigned int l,
		 const struct lg_pos *np)
{
	bool held = cu->hold && (cu->filter & BIT(l));
	bool watched = cu->watch && (cu->filter & BIT(l));
	u32 slot;

	lockdep_assert_held(&s->lock);
	if (held)
		lg_hold_add(s, l, lg_hold_slot(s, l, &cu->pos[l]), -1);
	lg_pos_move(&cu->pos[l], np->lseq, np->id, np->gen, np->off);
	if (!held && !watched)
		return;
	/* Where the new position counts: once, for the hold and the watch. */
	slot = lg_hold_slot(s, l, &cu->pos[l]);
	if (held)
		lg_hold_add(s, l, slot, 1);
	if (watched)
		watch_place(s, cu, l, slot);
}

/* Move @cu to level @l's oldest record. */
void lg_cur_head(struct lg_store *s, struct lg_cursor *cu, unsigned int l)
{
	struct lg_pos p;

	lg_pos_head(s, l, &p);
	lg_cur_move(s, cu, l, &p);
}

/* Move @cu past level @l's newest record. */
void lg_cur_end(struct lg_store *s, struct lg_cursor *cu, unsigned int l)
{
	struct lg_pos p;

	lg_pos_end(s, l, &p);
	lg_cur_move(s, cu, l, &p);
}

/* Account what cursor @cu can no longer read at level @l. */
static void lg_cur_settle(struct lg_store *s, struct lg_cursor *cu,
			  unsigned int l)
{
	const struct lg_level *lv = &s->lv[l];
	struct lg_pos *p = &cu->pos[l];

	if (cu->filter & BIT(l)) {
		if (p->lseq < lv->first) {
			u64 n = lv->first - p->lseq;

			cu->lost += n;
			cu->lost_pending += n;
			lg_cur_head(s, cu, l);
		}
	} else if (p->lseq < lv->next) {
		cu->skipped += lv->next - p->lseq;
		lg_cur_end(s, cu, l);
	}
}

/* Catch up with a clear, then settle every level.  Under the lock. */
void lg_cur_sync(struct lg_store *s, struct lg_cursor *cu)
{
	unsigned int l;

	lockdep_assert_held(&s->lock);
	if (cu->clear_gen != s->clear_gen) {
		/* lg_views_sync_all() runs after every clear. */
		WARN_ON_ONCE(cu->clear_gen + 1 != s->clear_gen);
		for (l = 0; l < LOGGER_NR_LEVELS; l++) {
			const struct lg_level *lv = &s->lv[l];
			struct lg_pos *p = &cu->pos[l];
			struct lg_pos np = { .lseq = lv->clr_next, .id = LG_NIL };

			if (p->lseq >= lv->clr_next)
				continue;
			if (!(cu->filter & BIT(l))) {
				cu->skipped += lv->clr_next - p->lseq;
			} else if (p->lseq < lv->clr_first) {
				cu->lost += lv->clr_first - p->lseq;
				cu->lost_pending += lv->clr_first - p->lseq;
			}
			lg_cur_move(s, cu, l, &np);
		}
		cu->clear_gen = s->clear_gen;
	}
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		lg_cur_settle(s, cu, l);
}

/* Records a cursor passes over per lock hold for a record filter. */
#define LG_SKIP_BUDGET	64

/*
 * Does record @r pass @cu's record filters: its uid (the trust model's
 * read_own) and its tag?
 */
static bool lg_cur_match(const struct lg_cursor *cu,
			 const struct logger_map_rec *r)
{
	const char *tag = (const char *)(r + 1);
	unsigned int i;

	if (cu->only_uid != LG_ANY_UID && r->uid != cu->only_uid)
		return false;
	if (!cu->ntags)
		return true;
	for (i = 0; i < cu->ntags; i++)
		if (cu->tag_len[i] == r->tag_len &&
		    !memcmp(cu->tags[i], tag, r->tag_len))
			return true;
	return false;
}

/*
 * The next record of level @l that passes @cu's record filter, passing
 * over (skipping) the others, at most *@budget of them.  NULL when the
 * level has none; ERR_PTR(-EAGAIN) when the budget ran out.
 */
static struct logger_map_rec *lg_pos_match(struct lg_store *s,
					   struct lg_cursor *cu, unsigned int l,
					   unsigned int *budget)
{
	struct lg_pos *p = &cu->pos[l];
	struct logger_map_rec *r;

	while ((r = lg_pos_resolve(s, l, p)) && !lg_cur_match(cu, r)) {
		struct lg_pos np = { p->lseq + 1, p->id, p->gen,
				     p->off + r->size };

		if (!*budget)
			return ERR_PTR(-EAGAIN);
		(*budget)--;
		cu->skipped++;
		lg_cur_move(s, cu, l, &np);
	}
	return r;
}

/*
 * The level @cu reads next, its record in *@rp; LG_PICK_NONE, or
 * LG_PICK_MORE when records were skipped and the lock should be dropped
 * before looking further.  Synced.
 */
int lg_cur_pick(struct lg_store *s, struct lg_cursor *cu,
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
		r = lg_pos_match(s, cu, l, &budget);
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
u64 lg_cur_backlog(const struct lg_store *s, const struct lg_cursor *cu)
{
	u64 n = 0;
	unsigned int l;

	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if (cu->filter & BIT(l))
			n += s->lv[l].next - cu->pos[l].lseq;
	return n;
}

void lg_cur_stats(struct lg_store *s, struct lg_cursor *cu,
		  struct logger_view_stats *vs)
{
	lg_cur_sync(s, cu);
	vs->read = cu->read;
	vs->lost = cu->lost;
	vs->skipped = cu->skipped;
	vs->backlog = lg_cur_backlog(s, cu);
	vs->next_seq = s->seq;
}
