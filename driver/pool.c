// SPDX-License-Identifier: GPL-2.0
/*
 * pool: the store's chunk memory.
 *
 * A chunk is lg_store.csize bytes of zeroed pages, allocated one by one
 * (never per record) when the store is created or grows, and found by id
 * through a two-level table, so growing and shrinking move no record and
 * never hold the store lock for more than one chunk.  Ids come from an
 * IDA, lowest first, so they stay dense.  Free chunks sit on a list linked
 * through their headers.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "store.h"

/**
 * lg_chunk_get() - a chunk's header by id
 * @s: the store.
 * @id: any value.
 *
 * Under lg_store.lock (or with no other user, at init and exit).
 *
 * Return: the chunk, or NULL when @id names no allocated chunk.
 */
struct logger_map_chunk *lg_chunk_get(const struct lg_store *s, u32 id)
{
	struct lg_leaf *leaf;

	if (id >= LG_MAX_IDS)
		return NULL;
	leaf = s->dir[id >> LG_LEAF_SHIFT];
	return leaf ? leaf->mem[id & (LG_LEAF - 1)] : NULL;
}

/**
 * lg_chunk_holders() - the holding cursors' count of an allocated chunk
 * @s: the store, locked.
 * @id: an allocated chunk.
 *
 * Return: the counter (see flow.c).
 */
u32 *lg_chunk_holders(const struct lg_store *s, u32 id)
{
	return &s->dir[id >> LG_LEAF_SHIFT]->holders[id & (LG_LEAF - 1)];
}

/**
 * lg_chunk_watch() - the filtered cursors' list of an allocated chunk
 * @s: the store, locked.
 * @id: an allocated chunk.
 *
 * Return: the list (see cursor.c, "Filtered cursors and eviction").
 */
struct list_head *lg_chunk_watch(const struct lg_store *s, u32 id)
{
	return &s->dir[id >> LG_LEAF_SHIFT]->watch[id & (LG_LEAF - 1)];
}

/**
 * lg_pool_clean_one() - zero one chunk of the dirty list, free it
 * @s: the store, locked; lg_store.dirty_head is not LG_NIL.
 *
 * A dirty chunk held cleared records: they must not stay readable in a
 * mapping.  Its generation is odd while it is zeroed and moves on after,
 * so a reader copying from it sees the change.  One chunk's work.
 */
void lg_pool_clean_one(struct lg_store *s)
{
	u32 id = s->dirty_head;
	struct logger_map_chunk *c = lg_chunk_get(s, id);
	u32 gen = c->gen;

	lockdep_assert_held(&s->lock);
	s->dirty_head = c->next;
	s->ndirty--;
	WRITE_ONCE(c->gen, gen + 1);
	smp_wmb();	/* LMM(lg_pool_clean_one:A) odd gen before the zeros */
	memset((u8 *)c + sizeof(c->gen), 0, s->csize - sizeof(c->gen));
	smp_wmb();	/* LMM(lg_pool_clean_one:B) zeros before the even gen */
	WRITE_ONCE(c->gen, gen + 2);
	c->next = s->free_head;
	s->free_head = id;
}

/**
 * lg_pool_take() - take a free chunk
 * @s: the store, locked; the caller made sure lg_store.nfree > 0.
 *
 * Takes a clean chunk, or zeroes a dirty one first.
 *
 * Return: its id.
 */
u32 lg_pool_take(struct lg_store *s)
{
	struct logger_map_chunk *c;
	u32 id;

	lockdep_assert_held(&s->lock);
	if (s->free_head == LG_NIL)
		lg_pool_clean_one(s);
	id = s->free_head;
	c = lg_chunk_get(s, id);
	s->free_head = c->next;
	s->nfree--;
	return id;
}

/**
 * lg_pool_put() - return a chunk to the free list
 * @s: the store, locked.
 * @id: the chunk, no longer on any level.
 *
 * Bumps its generation by two, so every cached reference to it fails its
 * check (and the generation stays even: the chunk is stable, just free).
 */
void lg_pool_put(struct lg_store *s, u32 id)
{
	struct logger_map_chunk *c = lg_chunk_get(s, id);

	lockdep_assert_held(&s->lock);
	WRITE_ONCE(c->gen, c->gen + 2);
	c->next = s->free_head;
	s->free_head = id;
	s->nfree++;
}

static void *chunk_mem_alloc(const struct lg_store *s)
{
	struct page *p = alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN,
				     s->corder);

	if (!p)
		return NULL;
	/* Order-0 pages that can each be mapped into user space later. */
	if (s->corder)
		split_page(p, s->corder);
	return page_address(p);
}

static void chunk_mem_free(const struct lg_store *s, void *mem)
{
	struct page *p = virt_to_page(mem);
	unsigned int i;

	for (i = 0; i < (1U << s->corder); i++)
		__free_page(p + i);
}

/* A chunk made but not yet in the pool. */
struct lg_fresh {
	void *mem;
	struct lg_leaf *leaf;	/* allocated for it, not yet in the table */
	u32 id;
};

static void fresh_free(struct lg_store *s, struct lg_fresh *f)
{
	kfree(f->leaf);
	if (f->mem)
		chunk_mem_free(s, f->mem);
	ida_free(&s->ids, f->id);
}

/* Under lg_store.config_lock: an id, its leaf if missing, zeroed memory. */
static int fresh_alloc(struct lg_store *s, struct lg_fresh *f)
{
	struct logger_map_chunk *c;
	int id;

	memset(f, 0, sizeof(*f));
	id = ida_alloc_max(&s->ids, LG_MAX_IDS - 1, GFP_KERNEL);
	if (id < 0)
		return id;
	f->id = id;
	if (!s->dir[f->id >> LG_LEAF_SHIFT]) {
		unsigned int i;

		f->leaf = kzalloc(sizeof(*f->leaf), GFP_KERNEL);
		if (!f->leaf)
			goto err_free;
		for (i = 0; i < LG_LEAF; i++)
			INIT_LIST_HEAD(&f->leaf->watch[i]);
	}
	f->mem = chunk_mem_alloc(s);
	if (!f->mem)
		goto err_free;
	c = f->mem;
	c->next = LG_NIL;
	return 0;

err_free:
	fresh_free(s, f);
	return -ENOMEM;
}

/* Under lg_store.lock: the chunk joins the table and the free list. */
static void fresh_publish(struct lg_store *s, struct lg_fresh *f)
{
	struct lg_leaf **slot = &s->dir[f->id >> LG_LEAF_SHIFT];

	lockdep_assert_held(&s->lock);
	if (!*slot) {
		*slot = f->leaf;
		f->leaf = NULL;
	}
	(*slot)->mem[f->id & (LG_LEAF - 1)] = f->mem;
	(*slot)->holders[f->id & (LG_LEAF - 1)] = 0;
	s->id_end = max(s->id_end, f->id + 1);
	WRITE_ONCE(s->ctl->nchunks, s->id_end);
	s->nchunks++;
	s->limit++;
	lg_pool_put(s, f->id);
	kfree(f->leaf);	/* another fresh chunk brought the leaf first */
}

/**
 * lg_pool_grow() - add chunks to the store
 * @s: the store; the caller holds lg_store.config_lock.
 * @add: how many.
 *
 * Allocates every chunk first, then adds them one per lock hold: all or
 * nothing.
 *
 * Return: 0 or -ENOMEM (and the store unchanged).
 */
int lg_pool_grow(struct lg_store *s, u32 add)
{
	struct lg_fresh *f;
	u32 i, n;
	int ret = 0;

	f = kvcalloc(add, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	for (n = 0; n < add; n++) {
		ret = fresh_alloc(s, &f[n]);
		if (ret)
			goto err_free;
		cond_resched();
	}
	for (i = 0; i < add; i++) {
		spin_lock(&s->lock);
		fresh_publish(s, &f[i]);
		spin_unlock(&s->lock);
		cond_resched();
	}
	kvfree(f);
	return 0;

err_free:
	while (n--)
		fresh_free(s, &f[n]);
	kvfree(f);
	return ret;
}

/**
 * lg_pool_detach() - take a free chunk out of the store for good
 * @s: the store, locked; lg_store.nfree > 0.
 * @id: set to its id.
 *
 * Return: its memory, for lg_pool_release() once unlocked.
 */
void *lg_pool_detach(struct lg_store *s, u32 *id)
{
	void *mem;

	lockdep_assert_held(&s->lock);
	*id = lg_pool_take(s);
	mem = s->dir[*id >> LG_LEAF_SHIFT]->mem[*id & (LG_LEAF - 1)];
	s->dir[*id >> LG_LEAF_SHIFT]->mem[*id & (LG_LEAF - 1)] = NULL;
	s->nchunks--;
	/* No mapping exists while the store shrinks: the end may move. */
	while (s->id_end && !lg_chunk_get(s, s->id_end - 1))
		s->id_end--;
	WRITE_ONCE(s->ctl->nchunks, s->id_end);
	return mem;
}

/**
 * lg_pool_release() - free a detached chunk
 * @s: the store, not locked.
 * @id: what lg_pool_detach() said.
 * @mem: what it returned.
 */
void lg_pool_release(struct lg_store *s, u32 id, void *mem)
{
	chunk_mem_free(s, mem);
	ida_free(&s->ids, id);
}

/**
 * lg_pool_init() - an empty table and @nchunks free chunks
 * @s: the store; csize and corder set.
 * @nchunks: how many.
 *
 * Return: 0 or -ENOMEM.
 */
int lg_pool_init(struct lg_store *s, u32 nchunks)
{
	int ret;

	ida_init(&s->ids);
	s->free_head = LG_NIL;
	s->dirty_head = LG_NIL;
	s->ctl = (void *)get_zeroed_page(GFP_KERNEL);
	if (!s->ctl)
		return -ENOMEM;
	ret = lg_pool_grow(s, nchunks);
	if (ret) {
		free_page((unsigned long)s->ctl);
		s->ctl = NULL;
	}
	return ret;
}

/**
 * lg_pool_destroy() - free every chunk and the table
 * @s: the store, no longer used by anyone.
 */
void lg_pool_destroy(struct lg_store *s)
{
	u32 d, i;

	for (d = 0; d < LG_DIR_SIZE; d++) {
		if (!s->dir[d])
			continue;
		for (i = 0; i < LG_LEAF; i++)
			if (s->dir[d]->mem[i])
				chunk_mem_free(s, s->dir[d]->mem[i]);
		kfree(s->dir[d]);
		s->dir[d] = NULL;
	}
	ida_destroy(&s->ids);
	free_page((unsigned long)s->ctl);
	s->ctl = NULL;
}
