/* SPDX-License-Identifier: GPL-2.0 */
/*
 * store: the priority-sorted record store and the reader views on it.
 * See the DOC blocks at the top of store.c (records, levels, retention,
 * locking) and view.c (cursors, loss, wake-ups).
 */
#ifndef LOGGER_STORE_H
#define LOGGER_STORE_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/idr.h>
#include <linux/list.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <linux/wait.h>
#include <linux/xarray.h>

#include "logger.h"

#define LG_NIL		U32_MAX
#define LG_ANY_UID	U32_MAX

#define LG_MIN_RECORD	16
#define LG_MAX_RECORD	8192
#define LG_MAX_CAPACITY	BIT_ULL(30)
#define LG_MIN_INTERVAL_MS	10
#define LG_MAX_INTERVAL_MS	60000

/* A store has at least this many chunks: a reserve for each level, and room. */
#define LG_MIN_CHUNKS	16
/* Bytes at the start of a chunk taken by its header (struct logger_map_chunk). */
#define LG_CHUNK_HDR	64
/* Longest tag a record may carry (reserved in the geometry already). */
#define LG_TAG_MAX	31

/* Chunk ids index a two-level table: LG_LEAF ids per leaf. */
#define LG_LEAF_SHIFT	9
#define LG_LEAF		BIT(LG_LEAF_SHIFT)
/**
 * struct lg_leaf - a leaf of the chunk table
 * @mem: chunk memory by id (low bits), NULL where none is allocated.
 * @holders: per chunk, holding cursors whose next record it holds (see
 *	flow.c); under lg_store.lock.
 * @watch: per chunk, the filtered cursors whose next record of the
 *	chunk's level it holds (lg_cursor.wnode; see cursor.c, "Filtered
 *	cursors and eviction"); under lg_store.lock.
 */
struct lg_leaf {
	void *mem[LG_LEAF];
	u32 holders[LG_LEAF];
	struct list_head watch[LG_LEAF];
};

/* Chunks are at least a page, so no store has more ids than this. */
#define LG_MAX_IDS	((u32)(LG_MAX_CAPACITY >> PAGE_SHIFT))
#define LG_DIR_SIZE	(LG_MAX_IDS >> LG_LEAF_SHIFT)

/* Chunk and record headers are the mapping's ABI: uapi/logger.h. */
#define LG_CHUNK_MIXED	LOGGER_CHUNK_MIXED

static inline u32 lg_rec_size(u32 msg_len, u32 tag_len)
{
	return ALIGN(sizeof(struct logger_map_rec) + tag_len + msg_len, 8);
}

/* Chunks reserved for a level: @pct percent of @nchunks, at least one. */
static inline u32 lg_reserve_chunks(u64 nchunks, u8 pct)
{
	return max_t(u32, 1, div_u64(nchunks * pct, 100));
}

/**
 * struct lg_level - one priority level's FIFO of chunks
 * @head: id of the oldest chunk, LG_NIL when empty.
 * @tail: id of the newest chunk (where records are appended).
 * @nchunks: chunks the level holds.
 * @reserve: chunks the level is guaranteed (see "Retention").
 * @first: lseq of the oldest stored record.
 * @next: lseq the next record of this level gets; [@first, @next) stored.
 * @bytes: bytes of its records, headers included.
 * @written: records accepted.
 * @evicted: records evicted to make room.
 * @cleared: records removed by clear.
 * @evicted_event: evicted since the event worker last looked.
 * @clr_first: @first when the store was last cleared.
 * @clr_next: @next when the store was last cleared.
 * @end_holders: holding cursors at the level's end (lseq == @next).
 * @behind_holders: holding cursors below @first (their records went).
 * @chunk_holders: holding cursors in this level's chunks (the sum of
 *	their lg_leaf.holders).
 * @end_watch: filtered cursors at the level's end (lg_cursor.wnode).
 */
struct lg_level {
	u32 head;
	u32 tail;
	u32 nchunks;
	u32 reserve;
	u64 first;
	u64 next;
	u64 bytes;
	u64 written;
	u64 evicted;
	u64 cleared;
	u64 evicted_event;
	u64 clr_first;
	u64 clr_next;
	u32 end_holders;
	u32 behind_holders;
	u32 chunk_holders;
	struct list_head end_watch;
};

/* Uids whose bytes the store counts one by one (see quota.c). */
#define LG_UID_SLOTS	64

/**
 * struct lg_uid_slot - bytes of records one uid has stored
 * @uid: the uid; meaningful while @bytes is not zero.
 * @spare: zero.
 * @bytes: bytes of its records (headers included) in the store.
 */
struct lg_uid_slot {
	u32 uid;
	u32 spare;
	u64 bytes;
};

/**
 * struct lg_trust - the trust model's settings, fixed at load
 * @read_restrict: opening for read needs CAP_SYSLOG.
 * @read_own: readers without CAP_SYSLOG (and outside @read_gid) see only
 *	records written by their own uid.
 * @read_gid: members of this group see every record under @read_own
 *	(INVALID_GID: none).
 * @share_pct: share of the capacity one unprivileged uid may hold before
 *	it may evict only its own records (100: no bound).
 * @hold_timeout_ms: see lg_store.hold_timeout_ms.
 */
struct lg_trust {
	bool read_restrict;
	bool read_own;
	kgid_t read_gid;
	u32 share_pct;
	u32 hold_timeout_ms;
};

/**
 * struct lg_writer - who is writing, and why a write stopped
 * @uid: the uid its records are stamped with.
 * @bounded: its fd was opened without CAP_SYSLOG.
 * @stop: set by lg_store_write() when it stored fewer records than given:
 *	-ENOSPC (no level may give up a chunk), or -EAGAIN (policy block:
 *	the room is held by readers; wait for @space_gen to change).
 * @space_gen: lg_store.space_gen when -EAGAIN was decided.
 */
struct lg_writer {
	u32 uid;
	bool bounded;
	int stop;
	u32 space_gen;
};

/**
 * struct lg_store - the store
 * @lock: protects every field below not marked otherwise, every chunk
 *	header and record, and every &struct lg_cursor.  Taken in process
 *	context only; never held around a user copy, an allocation that may
 *	sleep, or more than O(levels + one record) (or one chunk) of work.
 * @config_lock: serialises clear, resize and other configuration changes
 *	(their stepwise work runs under it, the spinlock taken per step).
 *	Taken before @views_lock and @lock.
 * @views_lock: protects @views membership and @last_view_id; taken before
 *	@lock.  Walks over all views hold it and take @lock per view.
 * @dir: the chunk table: dir[id >> LG_LEAF_SHIFT] is the leaf of @id;
 *	its chunk is NULL where none is allocated.  Leaves are allocated under
 *	@config_lock, entries set and cleared under @lock.
 * @ids: chunk id allocator (own lock; used under @config_lock).
 * @csize: bytes per chunk, a power of two >= PAGE_SIZE (fixed at load).
 * @corder: page order of a chunk.
 * @nchunks: chunks allocated.
 * @limit: chunks the levels may claim; < @nchunks only while shrinking.
 * @free_head: first free (zeroed or evicted) chunk, LG_NIL when none.
 * @nfree: chunks on the free and the dirty lists.
 * @dirty_head: first chunk that held cleared records and is not zeroed
 *	yet, LG_NIL when none (see lg_pool_clean_one()).
 * @ndirty: chunks on the dirty list.
 * @id_end: one past the highest chunk id allocated.
 * @ctl: the mapping's control page (a zeroed page; fields written under
 *	@lock, one store each).
 * @nmaps: mappings of the store alive (vm_area_structs); a resize is
 *	refused while there are any.
 * @claimed: sum over levels of max(nchunks, reserve); (I) is
 *	@claimed <= @limit.
 * @seq: sequence number of the next record (the first gets 1).
 * @clear_gen: bumped by every clear.
 * @lv: the eight levels.
 * @views: every open reader's view, by slot (xarray, own lock for its
 *	internals; membership under @views_lock).
 * @nviews: entries in @views (WRITE_ONCE under @views_lock).
 * @nwriters: open fds that may write.
 * @reserve_pct: configured reserve of each level, percent of capacity.
 * @max_record: largest message, bytes (fixed at load).
 * @instance: random id of this load, never 0.
 * @event_interval_ms: netlink event interval (WRITE_ONCE/READ_ONCE).
 * @last_view_id: id of the most recently opened view.
 * @level_wq: per-level wait queues: a waiting view arms one-shot entries
 *	on the queues of the levels in its filter (see view.c).  Own locks.
 * @uids: bytes stored per uid (quota.c).
 * @uid_other: bytes of uids that found no slot in @uids.
 * @uid_hint: slot of @uids found last.
 * @share_pct: lg_trust.share_pct.
 * @trust: the trust model (fixed at load; read without the lock).
 * @policy: &enum logger_policy (WRITE_ONCE under @lock).
 * @space_gen: bumped whenever room may have been freed for a waiting
 *	writer (a held chunk released, a hold dropped, the policy back to
 *	overwrite, a clear); writers wait for it to change.
 * @space_freed: set under @lock by what bumped @space_gen; the caller
 *	wakes @space_wq after unlocking.
 * @space_wq: writers waiting for room (policy block).  Own lock.
 * @nwaiting: writers waiting now (atomic).
 * @waits: times a writer waited (atomic64).
 * @nholding: cursors holding now (groups count once).
 * @hold_expired: holds dropped after @hold_timeout_ms.
 * @hold_timeout_ms: a writer waiting this long drops the holds of
 *	readers without CAP_SYSLOG that made no progress as long (0: never).
 * @groups: groups alive (&struct lg_group.node), under @views_lock.
 * @ngroups: entries on @groups (WRITE_ONCE under @views_lock and @lock).
 * @group_members: views in them (WRITE_ONCE under @views_lock and @lock;
 *	@ngroups and it change in one hold of @lock).
 */
struct lg_store {
	spinlock_t lock;	/* the store, chunks, records, cursors */
	struct mutex config_lock;	/* clear/resize/config: stepwise work */
	struct mutex views_lock;	/* @views membership */
	struct lg_leaf *dir[LG_DIR_SIZE];
	struct ida ids;
	u32 csize;
	u32 corder;
	u32 nchunks;
	u32 limit;
	u32 free_head;
	u32 nfree;
	u32 dirty_head;
	u32 ndirty;
	u32 id_end;
	struct logger_map_ctl *ctl;
	atomic_t nmaps;
	u64 claimed;
	u64 seq;
	u32 clear_gen;
	struct lg_level lv[LOGGER_NR_LEVELS];
	struct xarray views;
	u32 nviews;
	u32 nwriters;
	u8 reserve_pct[LOGGER_NR_LEVELS];
	u32 max_record;
	u64 instance;
	u32 event_interval_ms;
	u64 last_view_id;
	wait_queue_head_t level_wq[LOGGER_NR_LEVELS];
	struct lg_uid_slot uids[LG_UID_SLOTS];
	u64 uid_other;
	u32 uid_hint;
	u32 share_pct;
	struct lg_trust trust;
	u8 policy;
	u32 space_gen;
	bool space_freed;
	wait_queue_head_t space_wq;
	atomic_t nwaiting;
	atomic64_t waits;
	u32 nholding;
	u64 hold_expired;
	u32 hold_timeout_ms;
	struct list_head groups;
	u32 ngroups;
	u32 group_members;
};

/**
 * struct lg_pos - a cursor's position in one level
 * @lseq: per-level sequence number of the next record to consider.
 * @id: chunk holding it (or, at the end of the level, the tail chunk);
 *	LG_NIL when not known.
 * @gen: that chunk's generation when @id was taken.
 * @off: offset of the record in the chunk's record area.
 *
 * @id, @gen and @off are a cache of where @lseq is; they are set together
 * with @lseq by one function (pos_move() in view.c) and checked against
 * the chunk and the record header before use.
 */
struct lg_pos {
	u64 lseq;
	u32 id;
	u32 gen;
	u32 off;
};

/**
 * struct lg_cursor - a reading position on the store, with its filter
 * @pos: per level.
 * @clear_gen: lg_store.clear_gen when the cursor last looked.
 * @filter: levels it reads (bit L = level L).
 * @order: &enum logger_order.
 * @lost_pending: records lost and not yet reported in-band.
 * @lost: records lost in total.
 * @read: records returned.
 * @skipped: records passed over by the filter.
 * @last_seq: highest sequence number returned.
 * @only_uid: when not LG_ANY_UID, records of other uids are skipped (the
 *	trust model's read_own).
 * @ntags: tags in @tags; 0: every tag passes.
 * @tag_len: bytes of each tag of @tags.
 * @tags: the tag filter.
 * @want_hold: it holds under the block policy unless its hold expired
 *	(a view: not LOGGER_FD_NO_HOLD; a group: a member wants to).
 * @privileged: its hold never expires (a reader with CAP_SYSLOG).
 * @expired: its hold was dropped (hold_timeout_ms); back on progress.
 * @hold: registered as holding (flow.c): @want_hold && !@expired.
 * @watch: registered as filtered (@ntags or @only_uid): @wnode[L] of each
 *	level L of @filter is on the watch list of where its next record is
 *	(cursor.c, "Filtered cursors and eviction").
 * @fetched: 1 + the lseq of the record lg_view_fetch() copied out and
 *	lg_view_commit() has not consumed yet (0: none), at @fetched_level.
 * @fetched_level: see @fetched.
 * @fetched_gone: that record was evicted meanwhile and the cursor moved
 *	past it: lost unless it is committed.
 * @wnode: per level, on a watch list (self-linked when on none).
 * @progress: jiffies of its last read.
 *
 * Under lg_store.lock.
 */
struct lg_cursor {
	struct lg_pos pos[LOGGER_NR_LEVELS];
	u32 clear_gen;
	u32 filter;
	u32 only_uid;
	u8 order;
	u8 ntags;
	u8 tag_len[LOGGER_TAG_FILTER_MAX];
	char tags[LOGGER_TAG_FILTER_MAX][32];
	bool want_hold;
	bool privileged;
	bool expired;
	bool hold;
	bool watch;
	bool fetched_gone;
	u8 fetched_level;
	u64 fetched;
	struct list_head wnode[LOGGER_NR_LEVELS];
	unsigned long progress;
	u64 lost_pending;
	u64 lost;
	u64 read;
	u64 skipped;
	u64 last_seq;
};

/**
 * struct lg_group - readers sharing one cursor (group.c)
 * @node: on lg_store.groups.
 * @name: 1..31 bytes, NUL-terminated.
 * @members: views in it (under lg_store.views_lock).
 * @want_hold: members that want to hold (under lg_store.views_lock).
 * @privileged: members with CAP_SYSLOG (under lg_store.views_lock).
 * @cur: the shared cursor (under lg_store.lock).
 */
struct lg_group {
	struct list_head node;
	char name[32];
	u32 members;
	u32 want_hold;
	u32 privileged;
	struct lg_cursor cur;
};

/**
 * struct lg_view - one open reader
 * @own: its own cursor (under lg_store.lock); unused while in a group.
 * @group: the group it reads through, or NULL (set under both
 *	lg_store.views_lock and lg_store.lock; read under either).
 * @no_hold: it opted out of holding (LOGGER_FD_NO_HOLD).
 * @privileged: the opener had CAP_SYSLOG.
 * @id: unique per open() since load, from 1.
 * @slot: index in lg_store.views.
 * @format: &enum logger_format (used by the chardev; READ_ONCE/WRITE_ONCE).
 * @lost_mark: lost total when the event worker last looked (under
 *	lg_store.lock).
 * @pid: tgid of the opener.
 * @uid: uid of the opener (initial namespace).
 * @comm: command name of the opener.
 * @store: the store it reads (for the wake-up callback).
 * @wake_min: a mapped reader's watermark (LOGGER_IOC_MAP_SYNC): a write
 *	wakes it only once this many records wait (WRITE_ONCE/READ_ONCE).
 * @wait: the view's own wait queue: blocked reads and poll wait here.
 * @arm_lock: serialises arming and disarming of @fwd.
 * @fwd: one-shot forwarding entries on lg_store.level_wq, one per level:
 *	on a queue only while armed (see view.c).
 */
struct lg_view {
	struct lg_cursor own;
	struct lg_group *group;
	bool no_hold;
	bool privileged;
	u64 id;
	u32 slot;
	u8 format;
	u64 lost_mark;
	pid_t pid;
	u32 uid;
	char comm[16];
	struct lg_store *store;
	u32 wake_min;
	wait_queue_head_t wait;
	spinlock_t arm_lock;	/* arming/disarming @fwd */
	struct wait_queue_entry fwd[LOGGER_NR_LEVELS];
};

/**
 * struct lg_wrec - a record to store, as parsed from a write
 * @msg: message bytes (kernel memory).
 * @len: their number, at most lg_store.max_record.
 * @level: 0..7.
 * @facility: 0..23.
 * @tag_len: bytes at @tag, 0..LOGGER_TAG_MAX.
 * @tag: the record's tag (kernel memory).
 */
struct lg_wrec {
	const char *msg;
	u32 len;
	u8 level;
	u8 facility;
	u8 tag_len;
	const char *tag;
};

/**
 * struct lg_rrec - a record copied out of the store for one read
 * @meta: everything but the message, in binary-format layout.
 * @lost: records lost before it (lg_cursor.lost_pending at fetch time).
 * @msg: the message; points into the caller's buffer.
 * @level: the level the cursor took it from (not read from store memory).
 * @pos: where it is; the cursor moves past it on commit.
 * @size: its size in the store.
 * @tag_len: bytes of @tag.
 * @tag: its tag, NUL-padded.
 */
struct lg_rrec {
	struct logger_record meta;
	u64 lost;
	char *msg;
	u8 level;
	struct lg_pos pos;
	u32 size;
	u8 tag_len;
	char tag[32];
};

/**
 * struct lg_reader_info - a snapshot of one open reader, for netlink
 * @id: lg_view.id.
 * @slot: lg_view.slot (where a dump resumes).
 * @pid: lg_view.pid.
 * @uid: lg_view.uid.
 * @comm: lg_view.comm.
 * @filter: its filter.
 * @order: its order.
 * @format: lg_view.format.
 * @stats: read, lost, skipped, backlog as LOGGER_IOC_VIEW_STATS gives them.
 * @group: its group's name, empty when none.
 * @members: its group's members.
 * @holding: it holds (or its group does) now.
 * @ntags: tags in @tags.
 * @tags: its tag filter.
 */
struct lg_reader_info {
	u64 id;
	u32 slot;
	pid_t pid;
	u32 uid;
	char comm[16];
	u32 filter;
	u8 order;
	u8 format;
	struct logger_view_stats stats;
	char group[32];
	u32 members;
	bool holding;
	u8 ntags;
	char tags[LOGGER_TAG_FILTER_MAX][32];
};

/**
 * struct lg_overflow - evictions since the event worker last looked
 * @evicted: per level, records evicted since then.
 * @evicted_total: per level, records evicted since load.
 * @lost_readers: readers whose lost count grew since then.
 */
struct lg_overflow {
	u64 evicted[LOGGER_NR_LEVELS];
	u64 evicted_total[LOGGER_NR_LEVELS];
	u32 lost_readers;
};

/* config.c: the one validator. */
u32 lg_chunk_size(u32 max_record);
const char *lg_config_check(const struct logger_config *c, u32 max_record);

/* pool.c: chunk memory. */
int lg_pool_init(struct lg_store *s, u32 nchunks);
void lg_pool_destroy(struct lg_store *s);
int lg_pool_grow(struct lg_store *s, u32 add);
void *lg_pool_detach(struct lg_store *s, u32 *id);
void lg_pool_release(struct lg_store *s, u32 id, void *mem);

/* store.c: levels, retention, writing, control. */
int lg_store_init(struct lg_store *s, const struct logger_config *c,
		  const struct lg_trust *t);
bool lg_may_read_all(const struct lg_store *s, bool syslog_cap);
void lg_store_destroy(struct lg_store *s);
void lg_store_writers_add(struct lg_store *s, int delta);
u64 lg_store_next_seq(struct lg_store *s);
unsigned int lg_store_write(struct lg_store *s, const struct lg_wrec *recs,
			    unsigned int n, struct lg_writer *wr);
u64 lg_store_clear(struct lg_store *s);
void lg_store_stats(struct lg_store *s, struct logger_stats *st);
void lg_store_get_config(struct lg_store *s, struct logger_config *c);
int lg_store_set_config(struct lg_store *s, const struct logger_config *c,
			u32 mask, const char **why);

/* Fields of struct logger_config that lg_store_set_config() applies. */
#define LG_CFG_CAPACITY		BIT(0)
#define LG_CFG_INTERVAL		BIT(1)
#define LG_CFG_POLICY		BIT(2)
#define LG_CFG_RESERVE(l)	BIT(8 + (l))
#define LG_CFG_ALL		(LG_CFG_CAPACITY | LG_CFG_INTERVAL | \
				 LG_CFG_POLICY | GENMASK(15, 8))

/* pool.c internals that store.c and view.c use. */
struct logger_map_chunk *lg_chunk_get(const struct lg_store *s, u32 id);
u32 *lg_chunk_holders(const struct lg_store *s, u32 id);
struct list_head *lg_chunk_watch(const struct lg_store *s, u32 id);
/* cursor.c: filtered cursors in a chunk that goes. */
void lg_watch_evict(struct lg_store *s, unsigned int l, u32 id);
void lg_watch_detach(struct list_head *list);
u32 lg_pool_take(struct lg_store *s);
void lg_pool_put(struct lg_store *s, u32 id);
void lg_pool_clean_one(struct lg_store *s);

/* mmap.c: the mapping. */
struct vm_area_struct;
int lg_store_mmap(struct lg_store *s, struct lg_view *v,
		  struct vm_area_struct *vma);

static inline struct logger_map_rec *
lg_rec_at(const struct lg_store *s, const struct logger_map_chunk *c, u32 off)
{
	return (struct logger_map_rec *)((u8 *)c + LG_CHUNK_HDR + off);
}

/* flow.c: lossless delivery. */
int lg_store_wait_room(struct lg_store *s, struct lg_writer *wr,
		       bool nonblock);
void lg_flow_stats(struct lg_store *s, struct logger_flow_stats *fs);
void lg_holds_expire(struct lg_store *s);
bool lg_space_take(struct lg_store *s);
void lg_space_wake(struct lg_store *s, bool kick);

/* quota.c: bytes per uid. */
void lg_quota_charge(struct lg_store *s, u32 uid, u32 bytes);
void lg_quota_release(struct lg_store *s, const struct logger_map_chunk *c);
void lg_quota_reset(struct lg_store *s);
bool lg_quota_over(struct lg_store *s, u32 uid);

/* view.c: readers. */
int lg_view_open(struct lg_store *s, struct lg_view *v, bool all,
		 bool privileged);
/* lg_view_fetch(): records were passed over; call again. */
#define LG_FETCH_MORE	1
void lg_view_close(struct lg_store *s, struct lg_view *v);
bool lg_view_wait_ready(struct lg_store *s, struct lg_view *v);
bool lg_view_poll(struct lg_store *s, struct lg_view *v);
int lg_view_fetch(struct lg_store *s, struct lg_view *v, struct lg_rrec *r,
		  char *buf, size_t size);
void lg_view_commit(struct lg_store *s, struct lg_view *v,
		    const struct lg_rrec *r);
int lg_view_claim(struct lg_store *s, struct lg_view *v, struct lg_rrec *r,
		  char *buf, size_t size,
		  bool (*fits)(void *arg, const struct lg_rrec *r), void *arg);
void lg_view_lost(struct lg_store *s, struct lg_view *v);
void lg_view_set(struct lg_store *s, struct lg_view *v, u32 filter, u8 order);
void lg_view_get(struct lg_store *s, struct lg_view *v, u32 *filter,
		 u8 *order);
void lg_view_set_hold(struct lg_store *s, struct lg_view *v, bool no_hold);
void lg_view_set_tags(struct lg_store *s, struct lg_view *v,
		      const struct logger_tag_filter *tf);
void lg_view_get_tags(struct lg_store *s, struct lg_view *v,
		      struct logger_tag_filter *tf);

/* group.c: readers sharing a cursor. */
int lg_view_join(struct lg_store *s, struct lg_view *v, const char *name);
void lg_view_leave(struct lg_store *s, struct lg_view *v);
void lg_view_group(struct lg_store *s, struct lg_view *v,
		   struct logger_group *g);
void lg_view_stats(struct lg_store *s, struct lg_view *v,
		   struct logger_view_stats *vs);
void lg_view_rewind(struct lg_store *s, struct lg_view *v);
void lg_view_skip_to_end(struct lg_store *s, struct lg_view *v);
int lg_view_seek_seq(struct lg_store *s, struct lg_view *v, u64 seq);
void lg_view_get_pos(struct lg_store *s, struct lg_view *v,
		     struct logger_pos *pos);
int lg_view_map_cursor(struct lg_store *s, struct lg_view *v,
		       struct logger_map_cursor *mc);
int lg_view_map_sync(struct lg_store *s, struct lg_view *v,
		     const struct logger_map_pos *mp);
void lg_views_sync_all(struct lg_store *s);
unsigned int lg_store_readers(struct lg_store *s, u32 *slot, u32 only_uid,
			      struct lg_reader_info *out, unsigned int max);
bool lg_store_take_overflow(struct lg_store *s, struct lg_overflow *ov);

#endif /* LOGGER_STORE_H */
