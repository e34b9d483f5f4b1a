/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cursor: positions and cursors on the store (cursor.c), for the files
 * that read through them: view.c, readers.c, mmap.c.  All under
 * lg_store.lock.
 */
#ifndef LOGGER_CURSOR_H
#define LOGGER_CURSOR_H

#include "store.h"

/* The one place a position moves: the lseq and what is cached with it. */
static inline void lg_pos_move(struct lg_pos *p, u64 lseq, u32 id, u32 gen,
			       u32 off)
{
	/* Read without the lock by a watermark check (lg_fwd_wake()). */
	WRITE_ONCE(p->lseq, lseq);
	p->id = id;
	p->gen = gen;
	p->off = off;
}

void lg_cur_init(struct lg_cursor *cu);
void lg_cur_watch(struct lg_store *s, struct lg_cursor *cu, bool on);
void lg_cur_watch_update(struct lg_store *s, struct lg_cursor *cu);

/* lg_cur_pick(): nothing to read; or the skip budget ran out (call again). */
#define LG_PICK_NONE	(-1)
#define LG_PICK_MORE	(-2)

void lg_pos_head(const struct lg_store *s, unsigned int l, struct lg_pos *p);
void lg_pos_end(const struct lg_store *s, unsigned int l, struct lg_pos *p);
struct logger_map_chunk *lg_pos_chunk(const struct lg_store *s,
				      unsigned int l, const struct lg_pos *p);
struct logger_map_rec *lg_pos_check(const struct lg_store *s,
				    const struct logger_map_chunk *c,
				    unsigned int l, const struct lg_pos *p);
struct logger_map_rec *lg_pos_resolve(const struct lg_store *s,
				      unsigned int l, struct lg_pos *p);
void lg_cur_move(struct lg_store *s, struct lg_cursor *cu, unsigned int l,
		 const struct lg_pos *np);
void lg_cur_head(struct lg_store *s, struct lg_cursor *cu, unsigned int l);
void lg_cur_end(struct lg_store *s, struct lg_cursor *cu, unsigned int l);
void lg_cur_sync(struct lg_store *s, struct lg_cursor *cu);
int lg_cur_pick(struct lg_store *s, struct lg_cursor *cu,
		struct logger_map_rec **rp);
u64 lg_cur_backlog(const struct lg_store *s, const struct lg_cursor *cu);
void lg_view_moved(struct lg_store *s, struct lg_view *v);
void lg_cur_stats(struct lg_store *s, struct lg_cursor *cu,
		  struct logger_view_stats *vs);

/* flow.c: holds of holding cursors, the block policy. */
#define LG_SLOT_BEHIND	(LG_NIL - 1)
#define LG_SLOT_END	(LG_NIL - 2)
u32 lg_hold_slot(const struct lg_store *s, unsigned int l,
		 const struct lg_pos *p);
void lg_hold_add(struct lg_store *s, unsigned int l, u32 slot, int delta);
void lg_cur_hold(struct lg_store *s, struct lg_cursor *cu, bool on);
void lg_cur_hold_update(struct lg_store *s, struct lg_cursor *cu);
void lg_cur_progress(struct lg_store *s, struct lg_cursor *cu);

/* The cursor a view reads through: its own, or its group's. */
static inline struct lg_cursor *lg_view_cur(struct lg_view *v)
{
	return v->group ? &v->group->cur : &v->own;
}

#endif /* LOGGER_CURSOR_H */
