// SPDX-License-Identifier: GPL-2.0
/*
 * mmap: the store mapped read-only into readers' address spaces, and the
 * mapped readers' positions (uapi/logger.h, DOC: Mapping).
 */
#include <linux/mm.h>
#include <linux/sched.h>

#include "cursor.h"

/**
 * lg_pool_map() - map the control page and every chunk into @vma
 * @s: the store; the caller holds lg_store.config_lock (no resize).
 * @vma: a read-only shared mapping at offset 0, no longer than
 *	PAGE_SIZE + id_end * csize.
 *
 * Pages of ids without a chunk stay unmapped.  Every page is a refcounted
 * order-0 page, so a mapping never outlives what it shows.
 *
 * Return: 0 or a negative errno from vm_insert_page().
 */
static int lg_pool_map(struct lg_store *s, struct vm_area_struct *vma)
{
	unsigned long addr = vma->vm_start, end = vma->vm_end;
	u32 id, i, npages = s->csize >> PAGE_SHIFT;
	int ret;

	lockdep_assert_held(&s->config_lock);
	ret = vm_insert_page(vma, addr, virt_to_page(s->ctl));
	addr += PAGE_SIZE;
	for (id = 0; !ret && addr < end; id++, addr += s->csize) {
		void *mem;

		spin_lock(&s->lock);
		mem = lg_chunk_get(s, id);
		spin_unlock(&s->lock);
		for (i = 0; mem && !ret && i < npages &&
		     addr + ((unsigned long)i << PAGE_SHIFT) < end; i++)
			ret = vm_insert_page(vma, addr + ((unsigned long)i << PAGE_SHIFT),
					     virt_to_page(mem) + i);
		cond_resched();
	}
	return ret;
}

/* vm_flags became read-only, with helpers, in 6.3 (Kbuild tells which). */
static inline void lg_vm_flags_mod(struct vm_area_struct *vma,
				   unsigned long set, unsigned long clear)
{
#ifdef LG_HAVE_VM_FLAGS_MOD
	vm_flags_mod(vma, set, clear);
#else
	vma->vm_flags = (vma->vm_flags | set) & ~clear;
#endif
}

/* A copy of a mapping (fork, split) counts as one more. */
static void lg_vm_open(struct vm_area_struct *vma)
{
	struct lg_store *s = vma->vm_private_data;

	atomic_inc(&s->nmaps);
}

static void lg_vm_close(struct vm_area_struct *vma)
{
	struct lg_store *s = vma->vm_private_data;

	atomic_dec(&s->nmaps);
}

static const struct vm_operations_struct lg_vm_ops = {
	.open	= lg_vm_open,
	.close	= lg_vm_close,
};

/**
 * lg_store_mmap() - map the whole store read-only into @vma
 * @s: the store.
 * @v: the reader mapping it.
 * @vma: what mmap() asks for.
 *
 * Only for a reader who may see every record; only PROT_READ and
 * MAP_SHARED, at offset 0, no longer than the store; the mapping can
 * never become writable or grow.
 *
 * Return: 0, -EPERM, -EINVAL, or an error from inserting the pages.
 */
int lg_store_mmap(struct lg_store *s, struct lg_view *v,
		  struct vm_area_struct *vma)
{
	unsigned long len = vma->vm_end - vma->vm_start;
	int ret;

	if (READ_ONCE(v->own.only_uid) != LG_ANY_UID)
		return -EPERM;
	/* MAP_SHARED of a read-only fd keeps only VM_MAYSHARE. */
	if ((vma->vm_flags & (VM_WRITE | VM_EXEC)) ||
	    !(vma->vm_flags & VM_MAYSHARE))
		return -EPERM;
	if (vma->vm_pgoff)
		return -EINVAL;
	lg_vm_flags_mod(vma, VM_DONTEXPAND | VM_DONTDUMP,
			VM_MAYWRITE | VM_MAYEXEC);

	/* No resize while the pages go in: the layout is fixed from here. */
	mutex_lock(&s->config_lock);
	if (len > PAGE_SIZE + (unsigned long)s->id_end * s->csize) {
		ret = -EINVAL;
		goto out;
	}
	ret = lg_pool_map(s, vma);
	if (ret)
		goto out;
	vma->vm_private_data = s;
	vma->vm_ops = &lg_vm_ops;
	atomic_inc(&s->nmaps);
out:
	mutex_unlock(&s->config_lock);
	return ret;
}

/*
 * Is @p, as a mapped reader gave it, where lseq @p->lseq of level @l is?
 * (@p->lseq is stored, above the level's first.)
 */
static bool lg_pos_valid(const struct lg_store *s, unsigned int l,
			 const struct lg_pos *p)
{
	const struct logger_map_chunk *c = lg_pos_chunk(s, l, p);

	if (!c)
		return false;
	if (p->off < c->used)
		return lg_pos_check(s, c, l, p);
	/* At the end of a full chunk: the record starts the next one. */
	return p->lseq == c->first_lseq + c->nrec;
}

/**
 * lg_view_map_cursor() - where a mapped reader of this view starts
 * @s: the store.
 * @v: the view; its owner serialises moves.
 * @mc: filled in (struct logger_map_cursor).
 *
 * The view's cursor, settled (what the store no longer holds is counted
 * lost, as read() would), and the lost count it has not yet reported,
 * which is handed over to the mapped reader.  The cursor itself does not
 * move.
 *
 * Return: 0; -EBUSY in a group (its cursor is shared).
 */
int lg_view_map_cursor(struct lg_store *s, struct lg_view *v,
		       struct logger_map_cursor *mc)
{
	struct lg_cursor *cu = &v->own;
	unsigned int l;

	memset(mc, 0, sizeof(*mc));
	spin_lock(&s->lock);
	if (v->group) {
		spin_unlock(&s->lock);
		return -EBUSY;
	}
	lg_cur_sync(s, cu);
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		mc->pos.lseq[l] = cu->pos[l].lseq;
		mc->pos.id[l] = LOGGER_MAP_NIL;
	}
	mc->pos.clear_gen = s->clear_gen;
	mc->pos.wake_min = READ_ONCE(v->wake_min);
	mc->lost = cu->lost_pending;
	cu->lost_pending = 0;
	spin_unlock(&s->lock);
	return 0;
}

/**
 * lg_view_map_sync() - move a view to where its mapped reader is
 * @s: the store.
 * @v: the view; its owner serialises moves.
 * @mp: the reader's position, from user space.
 *
 * So that poll() on the fd tells when the mapped reader has something
 * new.  Every level's position is checked before any moves: a stored
 * lseq must come with the chunk, generation and offset that hold it; one
 * the store no longer holds is settled as read() would (lost); one past
 * the level's end is refused.  Nothing the user gives is trusted later:
 * a position at or past the level's end is taken from the store.
 *
 * A mapped reader holds (under the block policy) at the position it
 * last published here.
 *
 * Return: 0; -ESTALE when a clear came after the position was taken;
 * -EINVAL for a position the store contradicts; -EBUSY in a group.
 */
int lg_view_map_sync(struct lg_store *s, struct lg_view *v,
		     const struct logger_map_pos *mp)
{
	struct lg_pos to[LOGGER_NR_LEVELS];
	struct lg_cursor *cu = &v->own;
	unsigned int l;
	bool kick = false;
	int ret = 0;

	spin_lock(&s->lock);
	/* A group's cursor is shared: a mapped member cannot move it. */
	if (v->group) {
		ret = -EBUSY;
		goto out;
	}
	lg_cur_sync(s, cu);
	if (mp->reserved) {
		ret = -EINVAL;
		goto out;
	}
	if (mp->clear_gen != s->clear_gen) {
		ret = -ESTALE;
		goto out;
	}
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		const struct lg_level *lv = &s->lv[l];
		struct lg_pos *p = &to[l];

		lg_pos_move(p, mp->lseq[l], mp->id[l], mp->gen[l], mp->off[l]);
		if (p->lseq > lv->next) {
			ret = -EINVAL;
			goto out;
		}
		/* Outside the filter: settled to the end below. */
		if (!(cu->filter & BIT(l)))
			lg_pos_move(p, p->lseq, LG_NIL, 0, 0);
		else if (p->lseq >= lv->next)
			lg_pos_end(s, l, p);
		else if (p->lseq <= lv->first)
			lg_pos_move(p, p->lseq, LG_NIL, 0, 0);
		else if (!lg_pos_valid(s, l, p))
			ret = -EINVAL;
	}
	if (ret)
		goto out;
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		lg_cur_move(s, cu, l, &to[l]);
	WRITE_ONCE(v->wake_min, mp->wake_min);
	lg_cur_sync(s, cu);
	lg_cur_progress(s, cu);
	kick = lg_space_take(s);
out:
	spin_unlock(&s->lock);
	lg_space_wake(s, kick);
	if (!ret)
		lg_view_moved(s, v);
	return ret;
}
