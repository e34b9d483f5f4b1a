// SPDX-License-Identifier: GPL-2.0
/*
 * store_kunit: KUnit tests of the store's internals, built as
 * logger_kunit.ko on kernels with CONFIG_KUNIT (the debug kernel).
 *
 * The store's files are compiled into this test module (they keep no
 * global state), so the tests reach their static functions: positions,
 * cursors, eviction, reserves, header checks.  Every test ends by
 * checking the store's invariants (store_check()).
 */
#include <kunit/test.h>

#include "config.c"
#include "pool.c"
#include "quota.c"
#include "store.c"
#include "flow.c"
#include "group.c"
#include "cursor.c"
#include "view.c"
#include "readers.c"
#include "mmap.c"

#define T_MSG	"kunit record: one two three four six"	/* 36 bytes */

/* Records of 112 bytes: 36 per 4 KiB chunk. */
#define PER_CHUNK	36

/* A 16-chunk store (64 KiB, 1 KiB records): the smallest there is. */
static struct lg_store *store_new_policy(struct kunit *test, u64 capacity,
					 u32 share_pct, u32 policy)
{
	struct logger_config c = {
		.capacity = capacity,
		.policy = policy,
		.max_record = 1024,
		.event_interval_ms = 1000,
		.reserve_pct = { 2, 2, 2, 2, 2, 2, 2, 2 },
	};
	struct lg_trust t = { .read_gid = INVALID_GID, .share_pct = share_pct };
	struct lg_store *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_NULL(test, lg_config_check(&c, 0));
	KUNIT_ASSERT_EQ(test, lg_store_init(s, &c, &t), 0);
	return s;
}

static struct lg_store *store_new(struct kunit *test, u64 capacity,
				  u32 share_pct)
{
	return store_new_policy(test, capacity, share_pct,
				LOGGER_POLICY_OVERWRITE);
}

/*
 * The store's invariants: every level's chunks are its own, contiguous in
 * lseq and seq order, with records that say what they are; counts add up;
 * (I) holds; free chunks and level chunks make up the pool.
 */
static void store_check(struct kunit *test, struct lg_store *s)
{
	u64 claimed = 0, chunks = 0;
	unsigned int l;
	u32 id, nfree = 0;

	spin_lock(&s->lock);
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		const struct lg_level *lv = &s->lv[l];
		u64 lseq = lv->first, bytes = 0, seq = 0;
		u32 n = 0;

		for (id = lv->head; id != LG_NIL;) {
			const struct logger_map_chunk *c = lg_chunk_get(s, id);
			u32 off;

			KUNIT_ASSERT_NOT_NULL(test, c);
			KUNIT_EXPECT_EQ(test, c->level, l);
			KUNIT_EXPECT_EQ(test, c->gen % 2, 0U);
			KUNIT_EXPECT_EQ(test, c->first_lseq, lseq);
			for (off = 0; off < c->used; off += lg_rec_at(s, c, off)->size) {
				const struct logger_map_rec *r = lg_rec_at(s, c, off);

				KUNIT_ASSERT_GE(test, r->size, (u32)sizeof(*r));
				KUNIT_EXPECT_EQ(test, r->lseq, lseq);
				KUNIT_EXPECT_EQ(test, r->level, l);
				KUNIT_EXPECT_GT(test, r->seq, seq);
				seq = r->seq;
				lseq++;
			}
			KUNIT_EXPECT_EQ(test, c->first_lseq + c->nrec, lseq);
			bytes += c->used;
			n++;
			if (c->next == LG_NIL)
				KUNIT_EXPECT_EQ(test, lv->tail, id);
			id = c->next;
		}
		KUNIT_EXPECT_EQ(test, lseq, lv->next);
		KUNIT_EXPECT_EQ(test, bytes, lv->bytes);
		KUNIT_EXPECT_EQ(test, n, lv->nchunks);
		KUNIT_EXPECT_EQ(test, lv->written,
				lv->next - lv->first + lv->evicted +
				lv->cleared);
		claimed += max(lv->nchunks, lv->reserve);
		chunks += lv->nchunks;
	}
	for (id = s->free_head; id != LG_NIL; id = lg_chunk_get(s, id)->next)
		nfree++;
	for (id = s->dirty_head; id != LG_NIL; id = lg_chunk_get(s, id)->next)
		nfree++;
	KUNIT_EXPECT_EQ(test, nfree, s->nfree);
	KUNIT_EXPECT_EQ(test, chunks + nfree, (u64)s->nchunks);
	KUNIT_EXPECT_EQ(test, claimed, s->claimed);
	KUNIT_EXPECT_LE(test, s->claimed, (u64)s->limit);
	spin_unlock(&s->lock);
}

static void store_free(struct kunit *test, struct lg_store *s)
{
	store_check(test, s);
	lg_store_destroy(s);
}

/*
 * The hold counts (flow.c) recomputed from the cursors of @v[0..@n) (no
 * groups): each holding cursor counts once per level of its filter, in
 * the chunk of its next record, at the level's end, or behind.  (A free
 * chunk's count is stale by design: chunk_assign() zeroes it.)  Taken
 * under the lock, compared after it: a failed expectation allocates.
 */
static void holds_check(struct kunit *test, struct lg_store *s,
			struct lg_view **v, unsigned int n)
{
	u32 behind[LOGGER_NR_LEVELS] = {}, end[LOGGER_NR_LEVELS] = {};
	u32 lv_behind[LOGGER_NR_LEVELS], lv_end[LOGGER_NR_LEVELS];
	u32 lv_chunk[LOGGER_NR_LEVELS], sum[LOGGER_NR_LEVELS] = {};
	u32 *want, *got, nhold = 0, nholding, bad_hold = 0, bad_slot = 0;
	u32 slot, id, nchunks = s->nchunks;
	unsigned int i, l;

	want = kunit_kcalloc(test, nchunks, sizeof(*want), GFP_KERNEL);
	got = kunit_kcalloc(test, nchunks, sizeof(*got), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want);
	KUNIT_ASSERT_NOT_NULL(test, got);
	spin_lock(&s->lock);
	for (i = 0; i < n; i++) {
		const struct lg_cursor *cu = &v[i]->own;

		bad_hold += cu->hold != (cu->want_hold && !cu->expired);
		if (!cu->hold)
			continue;
		nhold++;
		for (l = 0; l < LOGGER_NR_LEVELS; l++) {
			if (!(cu->filter & BIT(l)))
				continue;
			slot = lg_hold_slot(s, l, &cu->pos[l]);
			if (slot == LG_SLOT_BEHIND)
				behind[l]++;
			else if (slot == LG_SLOT_END)
				end[l]++;
			else if (slot < nchunks)
				want[slot]++;
			else
				bad_slot++;
		}
	}
	nholding = s->nholding;
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		const struct lg_level *lv = &s->lv[l];

		lv_behind[l] = lv->behind_holders;
		lv_end[l] = lv->end_holders;
		lv_chunk[l] = lv->chunk_holders;
		for (id = lv->head; id != LG_NIL; id = lg_chunk_get(s, id)->next) {
			got[id] = *lg_chunk_holders(s, id);
			sum[l] += got[id];
		}
	}
	spin_unlock(&s->lock);

	KUNIT_EXPECT_EQ(test, bad_hold, 0U);
	KUNIT_EXPECT_EQ(test, bad_slot, 0U);
	KUNIT_EXPECT_EQ(test, nhold, nholding);
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		KUNIT_EXPECT_EQ(test, behind[l], lv_behind[l]);
		KUNIT_EXPECT_EQ(test, end[l], lv_end[l]);
		KUNIT_EXPECT_EQ(test, sum[l], lv_chunk[l]);
	}
	/* Chunks outside the levels: got 0, and no cursor may want them. */
	for (id = 0; id < nchunks; id++)
		KUNIT_EXPECT_EQ(test, got[id], want[id]);
}

/* Is @node on @list? */
static bool on_list(const struct list_head *list, const struct list_head *node)
{
	const struct list_head *p;

	list_for_each(p, list)
		if (p == node)
			return true;
	return false;
}

/*
 * The watch lists (cursor.c, "Filtered cursors and eviction") from the
 * cursors of @v[0..@n): a cursor with a record filter is watched, and per
 * level of its filter it is on the list of where its next record is (on
 * none when behind); other levels, and unwatched cursors, on none.
 */
static void watch_check(struct kunit *test, struct lg_store *s,
			struct lg_view **v, unsigned int n)
{
	u32 bad_watch = 0, bad_list = 0, slot;
	unsigned int i, l;

	spin_lock(&s->lock);
	for (i = 0; i < n; i++) {
		const struct lg_cursor *cu = &v[i]->own;
		const struct list_head *want;

		bad_watch += cu->watch !=
			     (cu->ntags || cu->only_uid != LG_ANY_UID);
		for (l = 0; l < LOGGER_NR_LEVELS; l++) {
			want = NULL;
			if (cu->watch && (cu->filter & BIT(l))) {
				slot = lg_hold_slot(s, l, &cu->pos[l]);
				if (slot == LG_SLOT_END)
					want = &s->lv[l].end_watch;
				else if (slot != LG_SLOT_BEHIND)
					want = lg_chunk_watch(s, slot);
			}
			if (want ? !on_list(want, &cu->wnode[l]) :
				   !list_empty(&cu->wnode[l]))
				bad_list++;
		}
	}
	spin_unlock(&s->lock);
	KUNIT_EXPECT_EQ(test, bad_watch, 0U);
	KUNIT_EXPECT_EQ(test, bad_list, 0U);
}

/* Write level-@l records until the store refuses one: how many it took. */
static unsigned int put_until_full(struct kunit *test, struct lg_store *s,
				   unsigned int l)
{
	struct lg_writer w = { .uid = 0 };
	struct lg_wrec r = { .msg = T_MSG, .len = sizeof(T_MSG) - 1,
			     .level = l, .facility = 1 };
	unsigned int n = 0;

	while (lg_store_write(s, &r, 1, &w) == 1) {
		n++;
		if (n > 100 * 16 * PER_CHUNK) {
			KUNIT_FAIL(test, "a held store took %u records", n);
			break;
		}
	}
	return n;
}

/* Write @n records of level @l as @uid (bounded when @uid is not root). */
static void put(struct kunit *test, struct lg_store *s, unsigned int l,
		unsigned int n, u32 uid)
{
	struct lg_writer w = { .uid = uid, .bounded = uid != 0 };
	struct lg_wrec r = { .msg = T_MSG, .len = sizeof(T_MSG) - 1,
			     .level = l, .facility = 1 };

	while (n--)
		KUNIT_ASSERT_EQ(test, lg_store_write(s, &r, 1, &w), 1U);
}

/* Read one record: its seq, or 0 when there is none.  *@lost: in-band. */
static u64 get(struct kunit *test, struct lg_store *s, struct lg_view *v,
	       u64 *lost)
{
	static char buf[LG_MAX_RECORD];
	struct lg_rrec r;
	int ret;

	while ((ret = lg_view_fetch(s, v, &r, buf, sizeof(buf))) ==
	       LG_FETCH_MORE)
		;
	if (ret)
		return 0;
	KUNIT_EXPECT_EQ(test, r.meta.level, r.level);
	KUNIT_EXPECT_EQ(test, r.meta.msg_len, (u32)sizeof(T_MSG) - 1);
	KUNIT_EXPECT_EQ(test, memcmp(buf, T_MSG, sizeof(T_MSG) - 1), 0);
	if (lost)
		*lost += r.lost;
	lg_view_commit(s, v, &r);
	return r.meta.seq;
}

/* Write @n level-@l records tagged "a" and "b" in turn: the "a" ones. */
static unsigned int put_ab(struct kunit *test, struct lg_store *s,
			   unsigned int l, unsigned int n)
{
	struct lg_writer w = { .uid = 0 };
	struct lg_wrec r = { .msg = T_MSG, .len = sizeof(T_MSG) - 1,
			     .level = l, .facility = 1, .tag_len = 1 };
	unsigned int i, a = 0;

	for (i = 0; i < n; i++) {
		r.tag = i % 2 ? "b" : "a";
		a += !(i % 2);
		KUNIT_ASSERT_EQ(test, lg_store_write(s, &r, 1, &w), 1U);
	}
	return a;
}

static struct lg_view *view_new(struct kunit *test, struct lg_store *s)
{
	struct lg_view *v = kunit_kzalloc(test, sizeof(*v), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_ASSERT_EQ(test, lg_view_open(s, v, true, true), 0);
	return v;
}

static void test_geometry(struct kunit *test)
{
	struct lg_store *s = store_new(test, 65536, 100);

	KUNIT_EXPECT_EQ(test, s->csize, 4096U);
	KUNIT_EXPECT_EQ(test, s->nchunks, 16U);
	KUNIT_EXPECT_EQ(test, lg_rec_size(sizeof(T_MSG) - 1, 0), 112U);
	KUNIT_EXPECT_EQ(test, (s->csize - LG_CHUNK_HDR) / 112, PER_CHUNK);
	KUNIT_EXPECT_EQ(test, lg_chunk_size(8192), 16384U);
	store_free(test, s);
}

static void test_retention_never_evicts_more_urgent(struct kunit *test)
{
	struct lg_store *s = store_new(test, 65536, 100);

	put(test, s, 3, 10, 0);
	put(test, s, 7, 5000, 0);
	KUNIT_EXPECT_EQ(test, s->lv[3].evicted, 0ULL);
	KUNIT_EXPECT_EQ(test, s->lv[3].next - s->lv[3].first, 10ULL);
	/* Debug has every chunk but the seven other reserves. */
	KUNIT_EXPECT_EQ(test, s->lv[7].nchunks, 16U - 7);
	store_check(test, s);
	/* Errors take the shared space back, down to debug's reserve. */
	put(test, s, 3, 2000, 0);
	KUNIT_EXPECT_EQ(test, s->lv[7].nchunks, 1U);
	KUNIT_EXPECT_EQ(test, s->lv[3].nchunks, 16U - 7);
	store_free(test, s);
}

/* The finding: seek to the end, then evict and reuse every chunk. */
static void test_skip_to_end_then_reuse(struct kunit *test)
{
	struct lg_store *s = store_new(test, 65536, 100);
	struct lg_view *v = view_new(test, s);
	u64 seq, lost = 0, prev;

	put(test, s, 6, 50, 0);
	KUNIT_EXPECT_NE(test, get(test, s, v, NULL), 0ULL);
	lg_view_skip_to_end(s, v);
	put(test, s, 6, 1, 0);
	seq = lg_store_next_seq(s) - 1;
	KUNIT_EXPECT_EQ(test, get(test, s, v, &lost), seq);
	KUNIT_EXPECT_EQ(test, lost, 0ULL);
	/* Move again, then reuse every chunk many times over. */
	lg_view_skip_to_end(s, v);
	put(test, s, 6, 40 * 16 * PER_CHUNK, 0);
	prev = 0;
	while ((seq = get(test, s, v, &lost))) {
		KUNIT_EXPECT_GT(test, seq, prev);
		prev = seq;
	}
	KUNIT_EXPECT_EQ(test, v->own.read + lost, 2ULL + 40 * 16 * PER_CHUNK);
	KUNIT_EXPECT_EQ(test, lost, v->own.lost);
	lg_view_close(s, v);
	store_free(test, s);
}

/* The finding: drop a level from the filter, write, add it back. */
static void test_filter_drop_readd(struct kunit *test)
{
	struct lg_store *s = store_new(test, 65536, 100);
	struct lg_view *v = view_new(test, s);
	u64 p, q, lost = 0;

	put(test, s, 5, 1, 0);
	p = get(test, s, v, NULL);
	KUNIT_EXPECT_NE(test, p, 0ULL);
	lg_view_set(s, v, BIT(3), LOGGER_ORDER_PRIORITY);
	put(test, s, 5, 2, 0);
	lg_view_set(s, v, BIT(3) | BIT(5), LOGGER_ORDER_PRIORITY);
	KUNIT_EXPECT_EQ(test, get(test, s, v, NULL), 0ULL);
	put(test, s, 5, 1, 0);
	q = lg_store_next_seq(s) - 1;
	KUNIT_EXPECT_EQ(test, get(test, s, v, &lost), q);
	KUNIT_EXPECT_EQ(test, v->own.skipped, 2ULL);
	/* And after reuse of every chunk, only new records, counted. */
	lg_view_set(s, v, BIT(3), LOGGER_ORDER_SEQ);
	put(test, s, 5, 20 * 16 * PER_CHUNK, 0);
	lg_view_set(s, v, BIT(5), LOGGER_ORDER_SEQ);
	put(test, s, 5, 3, 0);
	KUNIT_EXPECT_EQ(test, get(test, s, v, &lost), q + 20 * 16 * PER_CHUNK + 1);
	KUNIT_EXPECT_EQ(test, lost, 0ULL);
	lg_view_close(s, v);
	store_free(test, s);
}

/* A cached position is checked against the chunk and the record. */
static void test_header_checks(struct kunit *test)
{
	struct lg_store *s = store_new(test, 65536, 100);
	struct lg_view *v = view_new(test, s);
	struct lg_pos p;
	struct logger_map_chunk *c;

	put(test, s, 4, 3, 0);
	spin_lock(&s->lock);
	p = v->own.pos[4];
	KUNIT_ASSERT_NOT_NULL(test, lg_pos_resolve(s, 4, &p));
	c = lg_pos_chunk(s, 4, &p);
	KUNIT_ASSERT_NOT_NULL(test, c);
	/* Another level, another generation, an id out of range: refused. */
	KUNIT_EXPECT_NULL(test, lg_pos_chunk(s, 3, &p));
	p.gen += 2;
	KUNIT_EXPECT_NULL(test, lg_pos_chunk(s, 4, &p));
	p.gen -= 2;
	p.id = LG_MAX_IDS + 5;
	KUNIT_EXPECT_NULL(test, lg_pos_chunk(s, 4, &p));
	p.id = v->own.pos[4].id;
	/* An offset inside a record, or the right offset for another lseq. */
	p.off = 8;
	KUNIT_EXPECT_NULL(test, lg_pos_check(s, c, 4, &p));
	p.off = 0;
	p.lseq++;
	KUNIT_EXPECT_NULL(test, lg_pos_check(s, c, 4, &p));
	p.lseq--;
	KUNIT_EXPECT_NOT_NULL(test, lg_pos_check(s, c, 4, &p));
	spin_unlock(&s->lock);
	lg_view_close(s, v);
	store_free(test, s);
}

/* Clear: evicted-before-clear records are lost, cleared ones are not. */
static void test_clear_accounting(struct kunit *test)
{
	struct lg_store *s = store_new(test, 65536, 100);
	struct lg_view *v = view_new(test, s);
	u64 evicted, lost = 0;

	lg_view_set(s, v, BIT(7), LOGGER_ORDER_PRIORITY);
	put(test, s, 7, 3000, 0);
	evicted = s->lv[7].evicted;
	KUNIT_EXPECT_GT(test, evicted, 0ULL);
	KUNIT_EXPECT_EQ(test, lg_store_clear(s), 3000 - evicted);
	put(test, s, 7, 2, 0);
	KUNIT_EXPECT_NE(test, get(test, s, v, &lost), 0ULL);
	KUNIT_EXPECT_EQ(test, lost, evicted);
	KUNIT_EXPECT_NE(test, get(test, s, v, NULL), 0ULL);
	KUNIT_EXPECT_EQ(test, get(test, s, v, NULL), 0ULL);
	KUNIT_EXPECT_EQ(test, v->own.skipped, 0ULL);
	/* Two clears in a row: each is synced before the next. */
	lg_store_clear(s);
	lg_store_clear(s);
	put(test, s, 7, 1, 0);
	KUNIT_EXPECT_NE(test, get(test, s, v, &lost), 0ULL);
	KUNIT_EXPECT_EQ(test, lost, evicted);
	lg_view_close(s, v);
	store_free(test, s);
}

/* Resize both ways with a reader standing in the middle. */
static void test_resize_keeps_cursor(struct kunit *test)
{
	struct lg_store *s = store_new(test, 1 << 20, 100);
	struct lg_view *v = view_new(test, s);
	struct logger_config c = { .capacity = 65536,
				   .reserve_pct = { 2, 2, 2, 2, 2, 2, 2, 2 } };
	const char *why;
	u64 seq, prev, lost = 0;

	/* 200 errors: 6 chunks, which the 16-chunk store keeps. */
	lg_view_set(s, v, 0xff, LOGGER_ORDER_SEQ);
	put(test, s, 3, 200, 0);
	put(test, s, 7, 700, 0);
	prev = get(test, s, v, NULL);
	KUNIT_EXPECT_EQ(test, lg_store_set_config(s, &c, LG_CFG_CAPACITY,
						  &why), 0);
	KUNIT_EXPECT_EQ(test, s->nchunks, 16U);
	KUNIT_EXPECT_EQ(test, s->lv[3].evicted, 0ULL);
	store_check(test, s);
	c.capacity = 1 << 21;
	KUNIT_EXPECT_EQ(test, lg_store_set_config(s, &c, LG_CFG_CAPACITY,
						  &why), 0);
	KUNIT_EXPECT_EQ(test, s->nchunks, 512U);
	while ((seq = get(test, s, v, &lost))) {
		KUNIT_EXPECT_GT(test, seq, prev);
		prev = seq;
	}
	KUNIT_EXPECT_EQ(test, v->own.read + lost, 900ULL);
	c.capacity = 100;
	KUNIT_EXPECT_EQ(test, lg_store_set_config(s, &c, LG_CFG_CAPACITY,
						  &why), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, why);
	lg_view_close(s, v);
	store_free(test, s);
}

/* Seek to a sequence number, across many chunks. */
static void test_seek_seq(struct kunit *test)
{
	struct lg_store *s = store_new(test, 1 << 20, 100);
	struct lg_view *v = view_new(test, s);
	u64 target;

	put(test, s, 6, 100 * PER_CHUNK, 0);
	put(test, s, 2, 10, 0);
	target = 77 * PER_CHUNK + 5;
	KUNIT_EXPECT_EQ(test, lg_view_seek_seq(s, v, target), 0);
	/* Priority order: the level-2 records come first, all of them. */
	KUNIT_EXPECT_EQ(test, get(test, s, v, NULL), 100ULL * PER_CHUNK + 1);
	lg_view_set(s, v, BIT(6), LOGGER_ORDER_SEQ);
	KUNIT_EXPECT_EQ(test, lg_view_seek_seq(s, v, target), 0);
	KUNIT_EXPECT_EQ(test, get(test, s, v, NULL), target);
	KUNIT_EXPECT_EQ(test, lg_view_seek_seq(s, v, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_view_seek_seq(s, v, lg_store_next_seq(s) + 1),
			-EINVAL);
	lg_view_close(s, v);
	store_free(test, s);
}

/* The share bound: past its share, a uid evicts only its own chunks. */
static void test_share_bound(struct kunit *test)
{
	struct lg_store *s = store_new(test, 1 << 20, 50);
	u64 half = (u64)s->limit * s->csize / 2;

	put(test, s, 3, 100 * PER_CHUNK, 0);
	put(test, s, 0, 300 * PER_CHUNK, 65534);
	spin_lock(&s->lock);
	KUNIT_EXPECT_TRUE(test, lg_quota_over(s, 65534));
	KUNIT_EXPECT_FALSE(test, lg_quota_over(s, 0));
	spin_unlock(&s->lock);
	KUNIT_EXPECT_LE(test, s->lv[0].bytes, half + s->csize);
	KUNIT_EXPECT_GT(test, s->lv[3].next - s->lv[3].first, 80ULL * PER_CHUNK);
	store_free(test, s);
}

/*
 * Holds follow their cursors through every move and store change: reads,
 * filter changes, skip to end, rewind, eviction, clear, opt-out, close;
 * a held store refuses writes and never evicts a held record.
 */
static void test_holds_follow_cursors(struct kunit *test)
{
	struct lg_store *s = store_new_policy(test, 65536, 100,
					      LOGGER_POLICY_BLOCK);
	struct lg_view *v[3] = { view_new(test, s), view_new(test, s),
				 view_new(test, s) };
	unsigned int n, i;
	u64 lost = 0;

	lg_view_set_hold(s, v[2], true);
	holds_check(test, s, v, 3);
	put(test, s, 6, 100, 0);
	put(test, s, 3, 10, 0);
	holds_check(test, s, v, 3);
	for (i = 0; i < 50; i++)
		KUNIT_EXPECT_NE(test, get(test, s, v[0], NULL), 0ULL);
	holds_check(test, s, v, 3);
	lg_view_set(s, v[1], BIT(6) | BIT(3), LOGGER_ORDER_SEQ);
	lg_view_skip_to_end(s, v[0]);
	holds_check(test, s, v, 3);
	/* v[1] holds everything from the start: the store fills, no loss. */
	n = put_until_full(test, s, 6);
	KUNIT_EXPECT_GT(test, n, 0U);
	KUNIT_EXPECT_EQ(test, s->lv[6].evicted + s->lv[3].evicted, 0ULL);
	holds_check(test, s, v, 3);
	while (get(test, s, v[1], &lost))
		;
	KUNIT_EXPECT_EQ(test, lost, 0ULL);
	holds_check(test, s, v, 3);
	/* v[0] holds from its end position: read it, and room comes back. */
	while (get(test, s, v[0], &lost))
		;
	KUNIT_EXPECT_EQ(test, lost, 0ULL);
	KUNIT_EXPECT_GT(test, put_until_full(test, s, 6), 0U);
	holds_check(test, s, v, 3);
	/* Moves while holding. */
	lg_view_set(s, v[1], BIT(3), LOGGER_ORDER_PRIORITY);
	lg_view_rewind(s, v[0]);
	holds_check(test, s, v, 3);
	lg_view_set_hold(s, v[2], false);
	holds_check(test, s, v, 3);
	lg_store_clear(s);
	holds_check(test, s, v, 3);
	put(test, s, 5, 3, 0);
	lg_view_set_hold(s, v[0], true);
	holds_check(test, s, v, 3);
	lg_view_close(s, v[2]);
	holds_check(test, s, v, 2);
	lg_view_close(s, v[1]);
	lg_view_close(s, v[0]);
	KUNIT_EXPECT_EQ(test, s->nholding, 0U);
	/* Nobody holds: block behaves as overwrite. */
	put(test, s, 6, 20 * 16 * PER_CHUNK, 0);
	KUNIT_EXPECT_GT(test, s->lv[6].evicted, 0ULL);
	store_free(test, s);
}

/*
 * SPEC 6: records outside a tag filter are skipped, not lost, also when
 * they are evicted before the reader reaches them; with moves between.
 */
static void test_tag_filter_eviction_exact(struct kunit *test)
{
	static char buf[LG_MAX_RECORD];
	struct lg_store *s = store_new(test, 65536, 100);
	struct lg_view *v[4] = { view_new(test, s), view_new(test, s),
				 view_new(test, s), view_new(test, s) };
	struct logger_tag_filter tf = { .count = 1, .tags = { "a" } };
	unsigned int i, a = 0, n = 0, before;
	struct lg_rrec r;
	u64 lost = 0;

	for (i = 0; i < 3; i++)
		lg_view_set_tags(s, v[i], &tf);
	watch_check(test, s, v, 4);
	a += put_ab(test, s, 6, 10);
	n += 10;
	/* v[1] reads a little, then the store is reused many times over. */
	KUNIT_EXPECT_NE(test, get(test, s, v[1], NULL), 0ULL);
	/* v[2] has a record in flight (fetched, not committed). */
	KUNIT_EXPECT_EQ(test, lg_view_fetch(s, v[2], &r, buf, sizeof(buf)), 0);
	watch_check(test, s, v, 4);
	for (i = 0; i < 20; i++) {
		a += put_ab(test, s, 6, 16 * PER_CHUNK);
		n += 16 * PER_CHUNK;
		watch_check(test, s, v, 4);
		/* The walk moved held cursors too: their hold counts follow. */
		holds_check(test, s, v, 4);
		if (i == 5)
			lg_view_skip_to_end(s, v[1]);
		if (i == 7) {
			lg_view_set(s, v[0], BIT(6) | BIT(5), LOGGER_ORDER_SEQ);
			watch_check(test, s, v, 4);
		}
	}
	/* v[2]'s record was evicted in flight: committed, it counts read. */
	lg_view_commit(s, v[2], &r);
	KUNIT_EXPECT_GT(test, s->lv[6].evicted, 0ULL);
	for (i = 0; i < 3; i++) {
		while (get(test, s, v[i], &lost))
			;
		watch_check(test, s, v, 4);
	}
	while (get(test, s, v[3], NULL))
		;
	KUNIT_EXPECT_EQ(test, v[0]->own.read + v[0]->own.lost, (u64)a);
	KUNIT_EXPECT_EQ(test, v[0]->own.skipped, (u64)(n - a));
	KUNIT_EXPECT_EQ(test, v[2]->own.read + v[2]->own.lost, (u64)a);
	KUNIT_EXPECT_EQ(test, v[2]->own.skipped, (u64)(n - a));
	/* v[1] moved to the end: what it passed over is not counted. */
	KUNIT_EXPECT_LE(test, v[1]->own.read + v[1]->own.lost, (u64)a);
	KUNIT_EXPECT_EQ(test, v[3]->own.read + v[3]->own.lost, (u64)n);
	KUNIT_EXPECT_EQ(test, v[3]->own.skipped, 0ULL);

	/* A fetch never committed whose record went: the next fetch loses it. */
	before = v[2]->own.read + v[2]->own.lost;
	a = put_ab(test, s, 6, 2);
	KUNIT_EXPECT_EQ(test, lg_view_fetch(s, v[2], &r, buf, sizeof(buf)), 0);
	a += put_ab(test, s, 6, 4 * 16 * PER_CHUNK);
	while (get(test, s, v[2], NULL))
		;
	KUNIT_EXPECT_EQ(test, v[2]->own.read + v[2]->own.lost, before + a);
	lg_store_clear(s);
	watch_check(test, s, v, 4);
	put_ab(test, s, 6, 3);
	watch_check(test, s, v, 4);
	for (i = 0; i < 4; i++)
		lg_view_close(s, v[i]);
	store_free(test, s);
}

static struct kunit_case lg_store_cases[] = {
	KUNIT_CASE(test_geometry),
	KUNIT_CASE(test_retention_never_evicts_more_urgent),
	KUNIT_CASE(test_skip_to_end_then_reuse),
	KUNIT_CASE(test_filter_drop_readd),
	KUNIT_CASE(test_header_checks),
	KUNIT_CASE(test_clear_accounting),
	KUNIT_CASE(test_resize_keeps_cursor),
	KUNIT_CASE(test_seek_seq),
	KUNIT_CASE(test_share_bound),
	KUNIT_CASE(test_holds_follow_cursors),
	KUNIT_CASE(test_tag_filter_eviction_exact),
	{}
};

static struct kunit_suite lg_store_suite = {
	.name = "logger-store",
	.test_cases = lg_store_cases,
};

kunit_test_suite(lg_store_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the logger store");
