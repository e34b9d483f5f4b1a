/* SPDX-License-Identifier: GPL-2.0 */
/*
 * store: the priority-sorted record store and the reader views on it.
 * See the DOC block at the top of store.c.
 */
#ifndef LOGGER_STORE_H
#define LOGGER_STORE_H

#include <linux/bits.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "logger.h"

#define LG_NIL		U32_MAX
#define LG_BLK_SHIFT	6
#define LG_BLK		BIT(LG_BLK_SHIFT)	/* bytes per block */

#define LG_MIN_RECORD	16
#define LG_MAX_RECORD	8192
#define LG_MIN_CAPACITY	(16ULL << 10)
#define LG_MAX_CAPACITY	BIT_ULL(30)
#define LG_MIN_INTERVAL_MS	10
#define LG_MAX_INTERVAL_MS	60000

/**
 * struct lg_level - one priority level's FIFO of records
 * @head: block of the oldest record, LG_NIL when empty.
 * @tail: block of the newest record, LG_NIL when empty.
 * @first: per-level sequence number (lseq) of the oldest record.
 * @next: lseq the next record of this level gets; @next - @first records.
 * @used: blocks in use by this level.
 * @reserve: blocks this level is guaranteed (see "Retention").
 * @written: records accepted.
 * @evicted: records evicted to make room.
 * @cleared: records removed by clear.
 * @evicted_event: records evicted since the netlink event worker last
 *	looked (lg_store_take_overflow()).
 */
struct lg_level {
	u32 head;
	u32 tail;
	u64 first;
	u64 next;
	u32 used;
	u32 reserve;
	u64 written;
	u64 evicted;
	u64 cleared;
	u64 evicted_event;
};

/**
 * struct lg_store - the store
 * @lock: protects every field below except those marked otherwise, and
 *	the cursor fields of every &struct lg_view on @views.  Taken in
 *	process context only, never around a copy to or from user space or
 *	an allocation that may sleep.
 * @mem: @nblk blocks of LG_BLK bytes; a record is a chain of blocks, its
 *	header in the first.
 * @link: next block of each block's chain (a record's or the free list).
 * @nblk: blocks in @mem.
 * @free_head: first free block, LG_NIL when none.
 * @nfree: free blocks.
 * @claimed: sum over levels of max(used, reserve); invariant (I) of
 *	store.c is @claimed <= @nblk.
 * @gen: bumped whenever block numbers of live records may change (clear,
 *	resize), so views drop their cached block numbers.
 * @seq: sequence number of the next record (first record gets 1).
 * @lv: the eight levels.
 * @views: every open reader's view.
 * @nviews: entries on @views.
 * @nwriters: open fds that may write.
 * @reserve_pct: configured reserve of each level, percent of capacity.
 * @max_record: largest message, bytes (fixed at load).
 * @instance: random id of this load, never 0.
 * @event_interval_ms: netlink event coalescing interval.
 * @last_view_id: id of the most recently opened view.
 * @level_wq: per-level wait queues; a view's forwarding entry sits on the
 *	queue of each level in its filter, so a write wakes only views that
 *	want its level.  Own locks.
 */
struct lg_store {
	spinlock_t lock;	/* the store and all view cursors */
	u8 *mem;
	u32 *link;
	u32 nblk;
	u32 free_head;
	u32 nfree;
	u64 claimed;
	u64 gen;
	u64 seq;
	struct lg_level lv[LOGGER_NR_LEVELS];
	struct list_head views;
	u32 nviews;
	u32 nwriters;
	u8 reserve_pct[LOGGER_NR_LEVELS];
	u32 max_record;
	u64 instance;
	u32 event_interval_ms;
	u64 last_view_id;
	wait_queue_head_t level_wq[LOGGER_NR_LEVELS];
};

/**
 * struct lg_view - one open reader's cursor on the store
 * @node: on lg_store.views, in @id order.
 * @id: unique per open() since load, from 1.
 * @next: per level, lseq of the next record to consider.
 * @hint: per level, block of the record with lseq @next - 1 (the last one
 *	read), valid while @hint_gen matches lg_store.gen and that record is
 *	still stored (@next > lg_level.first).
 * @hint_gen: lg_store.gen when @hint was taken.
 * @filter: levels this view reads (bit L = level L).
 * @order: &enum logger_order.
 * @format: &enum logger_format (used by the chardev only).
 * @lost_pending: records lost and not yet reported in-band.
 * @lost: records lost in total.
 * @read: records returned.
 * @skipped: records passed over by the filter.
 * @last_seq: highest sequence number returned.
 * @lost_mark: lost total when the event worker last looked.
 * @pid: tgid of the opener.
 * @comm: command name of the opener.
 * @wait: the view's own wait queue: blocked reads and poll wait here.
 * @fwd: forwarding entries on lg_store.level_wq, one per level.
 *
 * All fields but @pid, @comm, @wait and @fwd are under lg_store.lock;
 * @format is written under the owner's lock and read with READ_ONCE().
 */
struct lg_view {
	struct list_head node;
	u64 id;
	u64 next[LOGGER_NR_LEVELS];
	u32 hint[LOGGER_NR_LEVELS];
	u64 hint_gen[LOGGER_NR_LEVELS];
	u32 filter;
	u8 order;
	u8 format;
	u64 lost_pending;
	u64 lost;
	u64 read;
	u64 skipped;
	u64 last_seq;
	u64 lost_mark;
	pid_t pid;
	char comm[16];
	wait_queue_head_t wait;
	struct wait_queue_entry fwd[LOGGER_NR_LEVELS];
};

/**
 * struct lg_wrec - a record to store, as parsed from a write
 * @msg: message bytes (kernel memory).
 * @len: their number, at most lg_store.max_record.
 * @level: 0..7.
 * @facility: 0..23.
 */
struct lg_wrec {
	const char *msg;
	u32 len;
	u8 level;
	u8 facility;
};

/**
 * struct lg_rrec - a record copied out of the store for one read
 * @meta: everything but the message.
 * @lost: records lost before it (lg_view.lost_pending at fetch time).
 * @msg: the message; points into the caller's buffer.
 * @blk: block the record had (becomes the view's hint on commit).
 * @lseq: its per-level sequence number.
 * @gen: lg_store.gen at fetch time.
 */
struct lg_rrec {
	struct logger_record meta;
	u64 lost;
	char *msg;
	u32 blk;
	u64 lseq;
	u64 gen;
};

/**
 * struct lg_reader_info - a snapshot of one open reader, for netlink
 * @id: lg_view.id.
 * @pid: lg_view.pid.
 * @comm: lg_view.comm.
 * @filter: lg_view.filter.
 * @order: lg_view.order.
 * @format: lg_view.format.
 * @stats: read, lost, skipped, backlog as LOGGER_IOC_VIEW_STATS gives them.
 */
struct lg_reader_info {
	u64 id;
	pid_t pid;
	char comm[16];
	u32 filter;
	u8 order;
	u8 format;
	struct logger_view_stats stats;
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

int lg_store_init(struct lg_store *s, u64 capacity, u32 max_record,
		  const u8 *reserve_pct, u32 event_interval_ms);
void lg_store_destroy(struct lg_store *s);
const char *lg_store_check_config(u64 capacity, u32 max_record,
				  const u8 *reserve_pct);
void lg_store_writers_add(struct lg_store *s, int delta);
u64 lg_store_next_seq(struct lg_store *s);

int lg_store_write(struct lg_store *s, const struct lg_wrec *recs,
		   unsigned int n);
u64 lg_store_clear(struct lg_store *s);
void lg_store_stats(struct lg_store *s, struct logger_stats *st);
void lg_store_get_config(struct lg_store *s, struct logger_config *c);
int lg_store_set_config(struct lg_store *s, const struct logger_config *c);

void lg_view_open(struct lg_store *s, struct lg_view *v);
void lg_view_close(struct lg_store *s, struct lg_view *v);
bool lg_view_readable(struct lg_store *s, struct lg_view *v);
int lg_view_fetch(struct lg_store *s, struct lg_view *v, struct lg_rrec *r,
		  char *buf, size_t size);
void lg_view_commit(struct lg_store *s, struct lg_view *v,
		    const struct lg_rrec *r);
void lg_view_set(struct lg_store *s, struct lg_view *v, u32 filter, u8 order);
void lg_view_stats(struct lg_store *s, struct lg_view *v,
		   struct logger_view_stats *vs);
void lg_view_rewind(struct lg_store *s, struct lg_view *v);
void lg_view_skip_to_end(struct lg_store *s, struct lg_view *v);
int lg_view_seek_seq(struct lg_store *s, struct lg_view *v, u64 seq);
unsigned int lg_store_readers(struct lg_store *s, u64 after,
			      struct lg_reader_info *out, unsigned int max);
bool lg_store_take_overflow(struct lg_store *s, struct lg_overflow *ov);
void lg_view_get_pos(struct lg_store *s, struct lg_view *v,
		     struct logger_pos *pos);

#endif /* LOGGER_STORE_H */
