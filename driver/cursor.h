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
void lg_cur_sync(const struct lg_store *s, struct lg_cursor *cu);
int lg_cur_pick(const struct lg_store *s, struct lg_cursor *cu,
		struct logger_map_rec **rp);
u64 lg_cur_backlog(const struct lg_store *s, const struct lg_cursor *cu);
void lg_view_moved(struct lg_store *s, struct lg_view *v);
void lg_cur_stats(const struct lg_store *s, struct lg_cursor *cu,
		  struct logger_view_stats *vs);

#endif /* LOGGER_CURSOR_H */
