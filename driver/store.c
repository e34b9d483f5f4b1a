// SPDX-License-Identifier: GPL-2.0
/*
 * store: the priority-sorted record store behind /dev/logger.
 */

/**
 * DOC: The store
 *
 * What is stored.  Records, each a 64-byte header (sequence number, both
 * timestamps, writer's pid/tid/uid/comm, level, facility, length, link to
 * the next record of its level) followed by the message.  Memory is one
 * vmalloc'd area of 64-byte blocks allocated at load (and again on
 * resize), never per record; a record occupies 1 + ceil(len / 64) blocks
 * chained through a separate array of u32 links (4 bytes per block).  So
 * the memory in use is the configured capacity plus capacity / 16 of
 * links, whatever is written.  Free blocks sit on a free list: taking and
 * returning a record's blocks costs O(its blocks).
 *
 * Sorted by priority.  Each level keeps its records in a FIFO, oldest
 * first, linked through the headers.  Records of a level get consecutive
 * per-level sequence numbers (lseq): the level holds lseqs
 * [first, next).  The global sequence number, stamped under the lock,
 * orders records across levels.
 *
 * Retention.  Each level L has a reserve R(L) of blocks (reserve_pct of the
 * capacity, at least one largest record); the rest of the capacity is
 * shared.  The store keeps
 *
 *	sum over levels of max(used(L), R(L)) <= capacity        (I)
 *
 * so a level always has its reserve.  A record of level L that does not
 * fit (would break (I)) evicts, oldest first, records of the least urgent
 * level M > L that uses more than its reserve; when there is none, the
 * oldest records of L itself.  A more urgent level is never touched: a
 * debug flood cannot evict an error record, while errors may take the
 * shared space back from debug.  As R(L) holds a largest record, the loop
 * always ends with room.
 *
 * Views.  A reader is a struct lg_view: per level, the lseq of the next
 * record to consider (next[L]) and the block of the last one read (a hint
 * valid while that record is stored and the block numbering generation
 * has not changed).  Writers never touch views: a write costs O(1) in the
 * number of readers and in the store size.  A read looks at the candidate
 * of each level in the filter, O(levels): priority order takes the most
 * urgent, sequence order the lowest sequence number.
 *
 * Lost and skipped records, counted lazily and exactly.  When a view looks
 * at level L and finds next[L] < first(L), the records in between were
 * evicted before it read them: lost, if L is in its filter (reported
 * in-band with the next record returned), else skipped.  Records of levels
 * outside the filter are passed over (skipped) whenever the view settles.
 * Clear moves every view past the cleared records without counting them.
 *
 * Locking.  lg_store.lock, a spinlock taken in process context only,
 * protects the whole store and the cursors of all views.  Nothing under it
 * sleeps, allocates or touches user memory: writes copy from user space
 * into the writer's own buffer first, reads copy a record out into the
 * reader's own buffer and format it after unlocking.  Resize allocates the
 * new area before taking the lock and frees the old one after.
 *
 * Wake-ups.  Each level has a wait queue; every view has one forwarding
 * entry on the queue of each level in its filter, which wakes the view's
 * own wait queue (where read() sleeps and poll() registers).  A write
 * wakes only the queues of the levels it wrote, so only views whose filter
 * matches.  Readers check for data under lg_store.lock after queueing
 * themselves, and writers wake after releasing it, so no wake-up is lost.
 */

#include <linux/cred.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uidgid.h>
#include <linux/vmalloc.h>

#include "store.h"

/*
 * lg_config_lock: serialises lg_store_set_config() calls, so that the
 * decision to resize, the allocation and the switch happen as one.  Taken
 * before lg_store.lock, never inside it.
 */
static DEFINE_MUTEX(lg_config_lock);

/**
 * struct lg_rec - header of a stored record, first block of its chain
 * @seq: global sequence number.
 * @ts_real: CLOCK_REALTIME, ns.
 * @ts_mono: CLOCK_MONOTONIC, ns.
 * @next: first block of the next record of this level, LG_NIL at the end.
 * @pid: writer's tgid.
 * @tid: writer's pid.
 * @uid: writer's uid in the initial namespace.
 * @len: message bytes; they fill the following blocks of the chain.
 * @level: 0..7.
 * @facility: 0..23.
 * @spare: unused.
 * @comm: writer's command name.
 */
struct lg_rec {
	u64 seq;
	u64 ts_real;
	u64 ts_mono;
	u32 next;
	u32 pid;
	u32 tid;
	u32 uid;
	u16 len;
	u8 level;
	u8 facility;
	u32 spare;
	char comm[TASK_COMM_LEN];
};

static_assert(sizeof(struct lg_rec) == LG_BLK);

static inline struct lg_rec *lg_rec(const struct lg_store *s, u32 blk)
{
	return (struct lg_rec *)(s->mem + ((size_t)blk << LG_BLK_SHIFT));
}

static inline u8 *lg_blk(const struct lg_store *s, u32 blk)
{
	return s->mem + ((size_t)blk << LG_BLK_SHIFT);
}

static inline u32 lg_blocks_for(u32 len)
{
	return 1 + DIV_ROUND_UP(len, LG_BLK);
}

/*
 * Copy the @len message bytes of the record at @blk from @buf into the
 * store (@in) or out of it into @buf; they fill the chain after the header.
 */
static void msg_copy(struct lg_store *s, u32 blk, char *buf, u32 len, bool in)
{
	u32 b, off, chunk;

	for (b = s->link[blk], off = 0; off < len; b = s->link[b], off += chunk) {
		chunk = min_t(u32, len - off, LG_BLK);
		if (in)
			memcpy(lg_blk(s, b), buf + off, chunk);
		else
			memcpy(buf + off, lg_blk(s, b), chunk);
	}
}

/* ---- block pool ------------------------------------------------------ */

static void pool_reset(struct lg_store *s)
{
	u32 i;

	for (i = 0; i < s->nblk; i++)
		s->link[i] = i + 1 < s->nblk ? i + 1 : LG_NIL;
	s->free_head = s->nblk ? 0 : LG_NIL;
	s->nfree = s->nblk;
}

/* Take @n free blocks as one chain.  The caller made sure they exist. */
static u32 pool_alloc(struct lg_store *s, u32 n)
{
	u32 head = s->free_head, last = head, i;

	for (i = 1; i < n; i++)
		last = s->link[last];
	s->free_head = s->link[last];
	s->link[last] = LG_NIL;
	s->nfree -= n;
	return head;
}

static void pool_free(struct lg_store *s, u32 head, u32 n)
{
	u32 last = head, i;

	for (i = 1; i < n; i++)
		last = s->link[last];
	s->link[last] = s->free_head;
	s->free_head = head;
	s->nfree += n;
}

/* ---- retention ---------------------------------------------------------- */

static u32 lg_reserve_blocks(u32 nblk, u8 pct, u32 max_record)
{
	u32 r = (u32)div_u64((u64)nblk * pct, 100);

	return max(r, lg_blocks_for(max_record));
}

/**
 * lg_store_check_config() - validate a capacity and reserves
 * @capacity: bytes.
 * @max_record: largest message, bytes.
 * @reserve_pct: per-level reserves, percent.
 *
 * Return: NULL when valid, else what is wrong (for the error message).
 */
const char *lg_store_check_config(u64 capacity, u32 max_record,
				  const u8 *reserve_pct)
{
	u64 nblk = capacity >> LG_BLK_SHIFT, sum = 0, pct = 0;
	unsigned int l;

	if (max_record < LG_MIN_RECORD || max_record > LG_MAX_RECORD)
		return "max_record out of range";
	if (capacity < LG_MIN_CAPACITY || capacity > LG_MAX_CAPACITY)
		return "capacity out of range";
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		if (reserve_pct[l] > 100)
			return "a reserve is above 100 percent";
		pct += reserve_pct[l];
		sum += lg_reserve_blocks(nblk, reserve_pct[l], max_record);
	}
	if (pct > 100)
		return "reserves add up to more than 100 percent";
	if (sum > nblk)
		return "capacity too small to reserve a largest record per level";
	return NULL;
}

static inline u32 level_claim(const struct lg_level *lv)
{
	return max(lv->used, lv->reserve);
}

/* Change level @l's blocks in use, keeping lg_store.claimed right. */
static inline void level_use(struct lg_store *s, unsigned int l, s32 delta)
{
	struct lg_level *lv = &s->lv[l];

	s->claimed -= level_claim(lv);
	lv->used += delta;
	s->claimed += level_claim(lv);
}

static void level_drop_oldest(struct lg_store *s, unsigned int l)
{
	struct lg_level *lv = &s->lv[l];
	u32 blk = lv->head;
	struct lg_rec *r = lg_rec(s, blk);
	u32 n = lg_blocks_for(r->len);

	lv->head = r->next;
	if (lv->head == LG_NIL)
		lv->tail = LG_NIL;
	lv->first++;
	level_use(s, l, -(s32)n);
	pool_free(s, blk, n);
}

static void level_evict_oldest(struct lg_store *s, unsigned int l)
{
	level_drop_oldest(s, l);
	s->lv[l].evicted++;
	s->lv[l].evicted_event++;
}

/* Least urgent level above @l using more than its reserve, or -1. */
static int over_reserve_below(const struct lg_store *s, unsigned int l)
{
	int j;

	for (j = LOGGER_NR_LEVELS - 1; j > (int)l; j--)
		if (s->lv[j].used > s->lv[j].reserve)
			return j;
	return -1;
}

/*
 * Evict until @need more blocks of level @l keep invariant (I).  Returns
 * the number of records evicted, or -ENOSPC if that cannot be (it can't
 * while (I) holds and every reserve holds a largest record).  O(1) when
 * there is room.
 */
static int make_room(struct lg_store *s, unsigned int l, u32 need)
{
	struct lg_level *lv = &s->lv[l];
	int evicted = 0;

	for (;;) {
		u32 more = max(lv->used + need, lv->reserve) - level_claim(lv);
		int j;

		if (s->claimed + more <= s->nblk)
			return evicted;
		j = over_reserve_below(s, l);
		if (j < 0) {
			if (WARN_ON_ONCE(lv->head == LG_NIL))
				return -ENOSPC;
			j = l;
		}
		level_evict_oldest(s, j);
		evicted++;
	}
}

/* Evict until (I) holds for @nblk blocks (after a resize or new reserves). */
static int enforce_limit(struct lg_store *s, u32 nblk)
{
	int evicted = 0;

	for (;;) {
		int j;

		if (s->claimed <= nblk)
			return evicted;
		j = over_reserve_below(s, 0);
		if (j < 0 && s->lv[0].used > s->lv[0].reserve)
			j = 0;
		if (WARN_ON_ONCE(j < 0))
			return evicted;
		level_evict_oldest(s, j);
		evicted++;
	}
}

/* ---- writing -------------------------------------------------------- */

/**
 * lg_store_write() - store records
 * @s: the store.
 * @recs: the records, in order.
 * @n: their number.
 *
 * Stamps each record with the next sequence number, both clocks and the
 * calling task's identity, and stores it, evicting per the retention rule.
 * Wakes the views whose filter has a level written.
 *
 * Return: records stored (always @n).
 */
int lg_store_write(struct lg_store *s, const struct lg_wrec *recs,
		   unsigned int n)
{
	u32 pid = task_tgid_nr(current), tid = task_pid_nr(current);
	u32 uid = from_kuid_munged(&init_user_ns, current_uid());
	unsigned int i, l, woken = 0;
	ktime_t mono;
	u64 real;

	spin_lock(&s->lock);
	/*
	 * The records of one write are accepted together: one clock read
	 * (taken under the lock, so timestamps follow sequence numbers).
	 */
	mono = ktime_get();
	real = ktime_to_ns(ktime_mono_to_real(mono));
	for (i = 0; i < n; i++) {
		const struct lg_wrec *w = &recs[i];
		u32 nb = lg_blocks_for(w->len), blk;
		struct lg_level *lv = &s->lv[w->level];
		struct lg_rec *r;
		int ev = make_room(s, w->level, nb);

		if (ev < 0)
			break;
		blk = pool_alloc(s, nb);
		r = lg_rec(s, blk);
		r->seq = s->seq++;
		r->ts_real = real;
		r->ts_mono = ktime_to_ns(mono);
		r->next = LG_NIL;
		r->pid = pid;
		r->tid = tid;
		r->uid = uid;
		r->len = w->len;
		r->level = w->level;
		r->facility = w->facility;
		r->spare = 0;
		/*
		 * Our own comm: only a rename can race with this read, and a
		 * torn name is still NUL-terminated (as for printk's %s).
		 */
		memcpy(r->comm, current->comm, sizeof(r->comm));
		r->comm[sizeof(r->comm) - 1] = '\0';
		/* msg_copy() only reads @buf when copying in. */
		msg_copy(s, blk, (char *)w->msg, w->len, true);
		if (lv->tail != LG_NIL)
			lg_rec(s, lv->tail)->next = blk;
		else
			lv->head = blk;
		lv->tail = blk;
		lv->next++;
		level_use(s, w->level, nb);
		lv->written++;
		woken |= BIT(w->level);
	}
	spin_unlock(&s->lock);

	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if ((woken & BIT(l)) && wq_has_sleeper(&s->level_wq[l]))
			wake_up_all(&s->level_wq[l]);
	return i;
}

/* ---- views ---------------------------------------------------------- */

static int lg_fwd_wake(struct wait_queue_entry *wq, unsigned int mode,
		       int sync, void *key)
{
	struct lg_view *v = wq->private;

	wake_up_interruptible_poll(&v->wait, EPOLLIN | EPOLLRDNORM);
	return 0;
}

/* Account what view @v can no longer read at level @l.  Under the lock. */
static void view_settle(struct lg_store *s, struct lg_view *v, unsigned int l)
{
	struct lg_level *lv = &s->lv[l];

	if (v->filter & BIT(l)) {
		if (v->next[l] < lv->first) {
			u64 n = lv->first - v->next[l];

			v->lost += n;
			v->lost_pending += n;
			v->next[l] = lv->first;
		}
	} else if (v->next[l] < lv->next) {
		v->skipped += lv->next - v->next[l];
		v->next[l] = lv->next;
	}
}

static void view_settle_all(struct lg_store *s, struct lg_view *v)
{
	unsigned int l;

	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		view_settle(s, v, l);
}

/* Block of the next record of level @l for @v, LG_NIL if none.  Settled. */
static u32 view_candidate(struct lg_store *s, struct lg_view *v,
			  unsigned int l)
{
	struct lg_level *lv = &s->lv[l];
	u64 k;
	u32 blk;

	if (v->next[l] >= lv->next)
		return LG_NIL;
	if (v->next[l] <= lv->first)
		return lv->head;
	if (v->hint_gen[l] == s->gen)
		return lg_rec(s, v->hint[l])->next;
	/* Block numbers changed under the hint: walk from the oldest. */
	blk = lv->head;
	for (k = lv->first + 1; k < v->next[l]; k++)
		blk = lg_rec(s, blk)->next;
	v->hint[l] = blk;
	v->hint_gen[l] = s->gen;
	return lg_rec(s, blk)->next;
}

/* The level @v reads next, or -1; its record's block in *@blkp. */
static int view_pick(struct lg_store *s, struct lg_view *v, u32 *blkp)
{
	u64 best_seq = U64_MAX;
	int best = -1;
	unsigned int l;

	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		u32 blk;

		if (!(v->filter & BIT(l)))
			continue;
		blk = view_candidate(s, v, l);
		if (blk == LG_NIL)
			continue;
		if (v->order == LOGGER_ORDER_PRIORITY) {
			*blkp = blk;
			return l;
		}
		if (lg_rec(s, blk)->seq < best_seq) {
			best_seq = lg_rec(s, blk)->seq;
			best = l;
			*blkp = blk;
		}
	}
	return best;
}

static bool view_has_data(const struct lg_store *s, const struct lg_view *v)
{
	unsigned int l;

	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if ((v->filter & BIT(l)) &&
		    max(v->next[l], s->lv[l].first) < s->lv[l].next)
			return true;
	return false;
}

/* Lost and skipped totals of @v, counting what it has not settled yet. */
static void view_totals(const struct lg_store *s, const struct lg_view *v,
			u64 *lost, u64 *skipped)
{
	unsigned int l;

	*lost = v->lost;
	*skipped = v->skipped;
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		const struct lg_level *lv = &s->lv[l];

		if (v->filter & BIT(l))
			*lost += lv->first - min(v->next[l], lv->first);
		else
			*skipped += lv->next - v->next[l];
	}
}

static u64 view_backlog(const struct lg_store *s, const struct lg_view *v)
{
	u64 n = 0;
	unsigned int l;

	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if (v->filter & BIT(l))
			n += s->lv[l].next - max(v->next[l], s->lv[l].first);
	return n;
}

/**
 * lg_view_open() - start a view at the oldest stored record
 * @s: the store.
 * @v: the view, zeroed by the caller.
 *
 * The view reads every level, in priority order, until told otherwise.
 */
void lg_view_open(struct lg_store *s, struct lg_view *v)
{
	unsigned int l;

	init_waitqueue_head(&v->wait);
	v->filter = LOGGER_LEVELS_ALL;
	v->order = LOGGER_ORDER_PRIORITY;
	v->format = LOGGER_FORMAT_TEXT;
	v->pid = task_tgid_nr(current);
	get_task_comm(v->comm, current);
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		init_waitqueue_func_entry(&v->fwd[l], lg_fwd_wake);
		v->fwd[l].private = v;
		add_wait_queue(&s->level_wq[l], &v->fwd[l]);
	}

	spin_lock(&s->lock);
	v->id = ++s->last_view_id;
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		v->next[l] = s->lv[l].first;
	list_add_tail(&v->node, &s->views);
	s->nviews++;
	spin_unlock(&s->lock);
}

void lg_view_close(struct lg_store *s, struct lg_view *v)
{
	unsigned int l;

	spin_lock(&s->lock);
	list_del(&v->node);
	s->nviews--;
	spin_unlock(&s->lock);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if (v->filter & BIT(l))
			remove_wait_queue(&s->level_wq[l], &v->fwd[l]);
}

bool lg_view_readable(struct lg_store *s, struct lg_view *v)
{
	bool ret;

	spin_lock(&s->lock);
	ret = view_has_data(s, v);
	spin_unlock(&s->lock);
	return ret;
}

/**
 * lg_view_fetch() - copy out the record @v reads next, without consuming it
 * @s: the store.
 * @v: the view; its owner serialises fetch/commit on it.
 * @r: filled with the record's header; @r->msg = @buf.
 * @buf: receives the message; at least lg_store.max_record bytes.
 * @size: bytes at @buf.
 *
 * Return: 0, or -EAGAIN when the view has nothing to read.
 */
int lg_view_fetch(struct lg_store *s, struct lg_view *v, struct lg_rrec *r,
		  char *buf, size_t size)
{
	struct logger_record *m = &r->meta;
	struct lg_rec *rec;
	u32 blk;
	int l;

	memset(r, 0, sizeof(*r));
	spin_lock(&s->lock);
	view_settle_all(s, v);
	l = view_pick(s, v, &blk);
	if (l < 0) {
		spin_unlock(&s->lock);
		return -EAGAIN;
	}
	rec = lg_rec(s, blk);
	m->hdr_len = sizeof(*m);
	m->version = LOGGER_RECORD_VERSION;
	m->level = rec->level;
	m->facility = rec->facility;
	m->msg_len = min_t(u32, rec->len, size);
	m->pid = rec->pid;
	m->seq = rec->seq;
	m->lost = v->lost_pending;
	m->ts_real_ns = rec->ts_real;
	m->ts_mono_ns = rec->ts_mono;
	m->tid = rec->tid;
	m->uid = rec->uid;
	memcpy(m->comm, rec->comm, sizeof(m->comm));
	msg_copy(s, blk, buf, m->msg_len, false);
	r->lost = v->lost_pending;
	r->blk = blk;
	r->lseq = v->next[l];
	r->gen = s->gen;
	spin_unlock(&s->lock);
	r->msg = buf;
	return 0;
}

/**
 * lg_view_commit() - consume the record lg_view_fetch() returned
 * @s: the store.
 * @v: the view.
 * @r: what lg_view_fetch() filled in.
 *
 * Moves the cursor past the record, unless a clear moved it already, and
 * marks the lost records reported with it as reported.
 */
void lg_view_commit(struct lg_store *s, struct lg_view *v,
		    const struct lg_rrec *r)
{
	unsigned int l = r->meta.level;

	spin_lock(&s->lock);
	if (v->next[l] == r->lseq) {
		v->next[l] = r->lseq + 1;
		v->hint[l] = r->blk;
		v->hint_gen[l] = r->gen;
	}
	v->read++;
	v->lost_pending -= min(v->lost_pending, r->lost);
	v->last_seq = max(v->last_seq, r->meta.seq);
	spin_unlock(&s->lock);
}

/**
 * lg_view_set() - change a view's filter and order
 * @s: the store.
 * @v: the view; its owner serialises changes to it.
 * @filter: new level set, 1..0xff.
 * @order: &enum logger_order.
 *
 * Records of levels outside the old filter are skipped up to now; levels
 * the new filter adds are read from now on.
 */
void lg_view_set(struct lg_store *s, struct lg_view *v, u32 filter, u8 order)
{
	u32 old = READ_ONCE(v->filter);
	unsigned int l;

	/* Queue for new levels before the filter takes them (no lost wake). */
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if ((filter & ~old) & BIT(l))
			add_wait_queue(&s->level_wq[l], &v->fwd[l]);

	spin_lock(&s->lock);
	view_settle_all(s, v);
	v->filter = filter;
	v->order = order;
	view_settle_all(s, v);
	spin_unlock(&s->lock);

	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if ((old & ~filter) & BIT(l))
			remove_wait_queue(&s->level_wq[l], &v->fwd[l]);
}

void lg_view_stats(struct lg_store *s, struct lg_view *v,
		   struct logger_view_stats *vs)
{
	spin_lock(&s->lock);
	vs->read = v->read;
	view_totals(s, v, &vs->lost, &vs->skipped);
	vs->backlog = view_backlog(s, v);
	vs->next_seq = s->seq;
	spin_unlock(&s->lock);
}

void lg_view_get_pos(struct lg_store *s, struct lg_view *v,
		     struct logger_pos *pos)
{
	spin_lock(&s->lock);
	pos->instance = s->instance;
	pos->seq = v->last_seq + 1;
	spin_unlock(&s->lock);
}

/* Back to the oldest stored record of each level in the filter. */
void lg_view_rewind(struct lg_store *s, struct lg_view *v)
{
	unsigned int l;

	spin_lock(&s->lock);
	view_settle_all(s, v);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if (v->filter & BIT(l))
			v->next[l] = s->lv[l].first;
	spin_unlock(&s->lock);
}

/* Past everything stored: only records written from now on. */
void lg_view_skip_to_end(struct lg_store *s, struct lg_view *v)
{
	unsigned int l;

	spin_lock(&s->lock);
	view_settle_all(s, v);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		v->next[l] = s->lv[l].next;
	spin_unlock(&s->lock);
}

/**
 * lg_view_seek_seq() - read records with sequence number >= @seq next
 * @s: the store.
 * @v: the view.
 * @seq: 1 .. the next sequence number to be given.
 *
 * Costs O(records stored) under the lock: seeking is rare.
 *
 * Return: 0, or -EINVAL when @seq lies in the future.
 */
int lg_view_seek_seq(struct lg_store *s, struct lg_view *v, u64 seq)
{
	unsigned int l;

	spin_lock(&s->lock);
	if (seq > s->seq) {
		spin_unlock(&s->lock);
		return -EINVAL;
	}
	view_settle_all(s, v);
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		struct lg_level *lv = &s->lv[l];
		u32 blk = lv->head, prev = LG_NIL;
		u64 k = lv->first;

		if (!(v->filter & BIT(l)))
			continue;
		while (blk != LG_NIL && lg_rec(s, blk)->seq < seq) {
			prev = blk;
			blk = lg_rec(s, blk)->next;
			k++;
		}
		v->next[l] = k;
		if (prev != LG_NIL) {
			v->hint[l] = prev;
			v->hint_gen[l] = s->gen;
		}
	}
	spin_unlock(&s->lock);
	return 0;
}

/**
 * lg_store_readers() - snapshot open readers for a netlink dump
 * @s: the store.
 * @after: copy only readers with a larger id.
 * @out: where to copy.
 * @max: room at @out.
 *
 * Views sit on lg_store.views in id order, so a dump resumes after the
 * last id it sent.
 *
 * Return: readers copied.
 */
unsigned int lg_store_readers(struct lg_store *s, u64 after,
			      struct lg_reader_info *out, unsigned int max)
{
	struct lg_view *v;
	unsigned int n = 0;

	spin_lock(&s->lock);
	list_for_each_entry(v, &s->views, node) {
		struct lg_reader_info *ri = &out[n];

		if (v->id <= after)
			continue;
		if (n == max)
			break;
		memset(ri, 0, sizeof(*ri));
		ri->id = v->id;
		ri->pid = v->pid;
		memcpy(ri->comm, v->comm, sizeof(ri->comm));
		ri->filter = v->filter;
		ri->order = v->order;
		ri->format = READ_ONCE(v->format);
		ri->stats.read = v->read;
		view_totals(s, v, &ri->stats.lost, &ri->stats.skipped);
		ri->stats.backlog = view_backlog(s, v);
		ri->stats.next_seq = s->seq;
		n++;
	}
	spin_unlock(&s->lock);
	return n;
}

/**
 * lg_store_take_overflow() - evictions since the previous call
 * @s: the store.
 * @ov: per-level evictions, and readers whose lost count grew.
 *
 * Resets the counters it reports.  O(readers): for the event worker only.
 *
 * Return: true if anything was evicted since the previous call.
 */
bool lg_store_take_overflow(struct lg_store *s, struct lg_overflow *ov)
{
	struct lg_view *v;
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
	list_for_each_entry(v, &s->views, node) {
		u64 lost, skipped;

		view_totals(s, v, &lost, &skipped);
		if (lost > v->lost_mark)
			ov->lost_readers++;
		v->lost_mark = lost;
	}
	spin_unlock(&s->lock);
	return any;
}

/* ---- control ---------------------------------------------------------- */

/**
 * lg_store_clear() - remove every record
 * @s: the store.
 *
 * Views skip the cleared records without counting them lost.
 *
 * Return: records removed.
 */
u64 lg_store_clear(struct lg_store *s)
{
	struct lg_view *v;
	unsigned int l;
	u64 total = 0;

	spin_lock(&s->lock);
	list_for_each_entry(v, &s->views, node) {
		view_settle_all(s, v);
		for (l = 0; l < LOGGER_NR_LEVELS; l++)
			v->next[l] = s->lv[l].next;
	}
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		struct lg_level *lv = &s->lv[l];
		u64 n = lv->next - lv->first;

		lv->cleared += n;
		total += n;
		lv->first = lv->next;
		lv->head = LG_NIL;
		lv->tail = LG_NIL;
		level_use(s, l, -(s32)lv->used);
	}
	pool_reset(s);
	s->gen++;
	spin_unlock(&s->lock);
	return total;
}

void lg_store_stats(struct lg_store *s, struct logger_stats *st)
{
	unsigned int l;

	memset(st, 0, sizeof(*st));
	spin_lock(&s->lock);
	st->instance = s->instance;
	st->capacity = (u64)s->nblk << LG_BLK_SHIFT;
	st->bytes_used = (u64)(s->nblk - s->nfree) << LG_BLK_SHIFT;
	st->next_seq = s->seq;
	st->readers = s->nviews;
	st->writers = s->nwriters;
	st->max_record = s->max_record;
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		const struct lg_level *lv = &s->lv[l];

		st->level_records[l] = lv->next - lv->first;
		st->level_bytes[l] = (u64)lv->used << LG_BLK_SHIFT;
		st->level_written[l] = lv->written;
		st->level_evicted[l] = lv->evicted;
		st->level_cleared[l] = lv->cleared;
		st->records += st->level_records[l];
		st->written += lv->written;
		st->evicted += lv->evicted;
		st->cleared += lv->cleared;
	}
	spin_unlock(&s->lock);
}

u64 lg_store_next_seq(struct lg_store *s)
{
	u64 seq;

	spin_lock(&s->lock);
	seq = s->seq;
	spin_unlock(&s->lock);
	return seq;
}

void lg_store_get_config(struct lg_store *s, struct logger_config *c)
{
	memset(c, 0, sizeof(*c));
	spin_lock(&s->lock);
	c->capacity = (u64)s->nblk << LG_BLK_SHIFT;
	memcpy(c->reserve_pct, s->reserve_pct, sizeof(c->reserve_pct));
	c->event_interval_ms = s->event_interval_ms;
	c->max_record = s->max_record;
	c->policy = 0;
	spin_unlock(&s->lock);
}

void lg_store_writers_add(struct lg_store *s, int delta)
{
	spin_lock(&s->lock);
	s->nwriters += delta;
	spin_unlock(&s->lock);
}

static void set_reserves(struct lg_store *s, u32 nblk, const u8 *pct)
{
	unsigned int l;

	s->claimed = 0;
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		s->reserve_pct[l] = pct[l];
		s->lv[l].reserve = lg_reserve_blocks(nblk, pct[l], s->max_record);
		s->claimed += level_claim(&s->lv[l]);
	}
}

/*
 * Copy the records into a new area of @nblk blocks, after evicting what
 * does not fit there.  Called with the lock held; @mem/@link allocated.
 */
static int store_migrate(struct lg_store *s, u8 *mem, u32 *link, u32 nblk)
{
	u32 pos = 0, i;
	unsigned int l;
	int evicted;

	evicted = enforce_limit(s, nblk);
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		struct lg_level *lv = &s->lv[l];
		u32 blk = lv->head, prev = LG_NIL;

		lv->head = LG_NIL;
		while (blk != LG_NIL) {
			struct lg_rec *r = lg_rec(s, blk);
			u32 n = lg_blocks_for(r->len), b = blk, dst = pos;
			struct lg_rec *nr;

			for (i = 0; i < n; i++, b = s->link[b]) {
				memcpy(mem + ((size_t)(dst + i) << LG_BLK_SHIFT),
				       lg_blk(s, b), LG_BLK);
				link[dst + i] = i + 1 < n ? dst + i + 1 : LG_NIL;
			}
			pos += n;
			nr = (struct lg_rec *)(mem + ((size_t)dst << LG_BLK_SHIFT));
			if (prev == LG_NIL)
				lv->head = dst;
			else
				((struct lg_rec *)(mem + ((size_t)prev
					<< LG_BLK_SHIFT)))->next = dst;
			prev = dst;
			blk = r->next;
			nr->next = LG_NIL;
		}
		lv->tail = prev;
	}
	for (i = pos; i < nblk; i++)
		link[i] = i + 1 < nblk ? i + 1 : LG_NIL;
	s->mem = mem;
	s->link = link;
	s->nblk = nblk;
	s->free_head = pos < nblk ? pos : LG_NIL;
	s->nfree = nblk - pos;
	s->gen++;
	return evicted;
}

/**
 * lg_store_set_config() - apply new global settings
 * @s: the store.
 * @c: the settings, validated by the caller (reserved fields, policy).
 *
 * A new capacity resizes the store: the new area is allocated first and
 * the records copied over, the least urgent oldest ones evicted when
 * shrinking.  New reserves may evict records above them.
 *
 * Return: 0, -EINVAL for an invalid combination, -ENOMEM.
 */
int lg_store_set_config(struct lg_store *s, const struct logger_config *c)
{
	u32 nblk = (u32)(c->capacity >> LG_BLK_SHIFT);
	u8 *mem = NULL, *old_mem = NULL;
	u32 *link = NULL, *old_link = NULL;
	bool resize;

	if (lg_store_check_config(c->capacity, s->max_record, c->reserve_pct))
		return -EINVAL;

	mutex_lock(&lg_config_lock);
	resize = nblk != READ_ONCE(s->nblk);
	if (resize) {
		mem = vmalloc(array_size(nblk, LG_BLK));
		link = vmalloc(array_size(nblk, sizeof(u32)));
		if (!mem || !link) {
			mutex_unlock(&lg_config_lock);
			vfree(mem);
			vfree(link);
			return -ENOMEM;
		}
	}

	spin_lock(&s->lock);
	s->event_interval_ms = c->event_interval_ms;
	set_reserves(s, nblk, c->reserve_pct);
	if (resize) {
		old_mem = s->mem;
		old_link = s->link;
		store_migrate(s, mem, link, nblk);
	} else {
		enforce_limit(s, s->nblk);
	}
	spin_unlock(&s->lock);
	mutex_unlock(&lg_config_lock);

	vfree(old_mem);
	vfree(old_link);
	return 0;
}

/**
 * lg_store_init() - set up an empty store
 * @s: the store, zeroed by the caller.
 * @capacity: bytes of record memory.
 * @max_record: largest message, bytes.
 * @reserve_pct: per-level reserves, percent.
 * @event_interval_ms: netlink event interval.
 *
 * The caller validated the values with lg_store_check_config().
 *
 * Return: 0 or -ENOMEM.
 */
int lg_store_init(struct lg_store *s, u64 capacity, u32 max_record,
		  const u8 *reserve_pct, u32 event_interval_ms)
{
	unsigned int l;

	s->nblk = (u32)(capacity >> LG_BLK_SHIFT);
	s->mem = vmalloc(array_size(s->nblk, LG_BLK));
	if (!s->mem)
		return -ENOMEM;
	s->link = vmalloc(array_size(s->nblk, sizeof(u32)));
	if (!s->link)
		goto err_free_mem;

	spin_lock_init(&s->lock);
	INIT_LIST_HEAD(&s->views);
	s->max_record = max_record;
	s->event_interval_ms = event_interval_ms;
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		s->lv[l].head = LG_NIL;
		s->lv[l].tail = LG_NIL;
		init_waitqueue_head(&s->level_wq[l]);
	}
	set_reserves(s, s->nblk, reserve_pct);
	pool_reset(s);
	s->seq = 1;
	s->gen = 1;
	do {
		s->instance = get_random_u64();
	} while (!s->instance);
	return 0;

err_free_mem:
	vfree(s->mem);
	s->mem = NULL;
	return -ENOMEM;
}

void lg_store_destroy(struct lg_store *s)
{
	WARN_ON(!list_empty(&s->views));
	vfree(s->link);
	vfree(s->mem);
}
