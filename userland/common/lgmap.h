/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lgmap: read /dev/logger through a shared, read-only mapping of its
 * store, without a system call per record.
 *
 * The same records, in the same order, with the same level and tag
 * filters and loss semantics as read() in binary format: lgmap_next()
 * fills a struct logger_record (lost = records of this reader evicted
 * just before it) and the message, lgmap_next2() a struct logger_record2
 * (the tag too).  Every record is copied out and then validated (its
 * chunk's generation before and after the copy, its header's level and
 * sequence numbers): a record overwritten while it was copied is counted
 * lost, never returned damaged.  lgmap_wait() sleeps in poll() on the fd.
 *
 * One struct lgmap is one reader: not for concurrent use by threads.
 */
#ifndef LOGGER_LGMAP_H
#define LOGGER_LGMAP_H

#include <stddef.h>
#include <stdint.h>

#include "logger.h"

/* lgmap_open()'s @sync_every: one ioctl per this many records read. */
#define LGMAP_SYNC_EVERY	256

/* Where a mapped reader is in one level (as struct logger_map_pos). */
struct lgmap_pos {
	uint64_t lseq;
	uint32_t id;
	uint32_t gen;
	uint32_t off;
};

/**
 * struct lgmap - one mapped reader
 * @fd: the device, open for reading (not owned).
 * @base: the mapping.
 * @len: its length.
 * @ctl: the control page (= @base).
 * @pos: per level, the next record to consider.
 * @clear_gen: the clears accounted for.
 * @filter: levels read (bit L = level L).
 * @order: &enum logger_order.
 * @read: records returned.
 * @lost: records of the filter evicted before they were read.
 * @skipped: records passed over: levels outside the filter.
 * @lost_pending: lost and not yet reported with a record.
 * @inexact: more than LOGGER_MAP_CLEARS clears came between two looks, so
 *	some records were counted cleared that may have been lost.
 * @cand_ok: per level, @cand holds the (checked) header of the record at
 *	@pos; valid while @pos does not move.
 * @cand: see @cand_ok.
 * @wake_min: lgmap_wait() asks to be woken only when this many records
 *	wait (0 or 1: any).
 * @ntags: tags in @tags; 0 lets every record through.
 * @tag_len: their lengths.
 * @tags: the fd's tag filter (LOGGER_IOC_GET_TAG_FILTER), taken at
 *	lgmap_open() and by lgmap_set_tag_filter(): records with another
 *	tag are skipped, as read() skips them.
 * @sync_every: lgmap_next() publishes the position (LOGGER_IOC_MAP_SYNC)
 *	after this many records (0: only lgmap_wait() and lgmap_sync() do).
 *	Under the block policy the kernel holds records from the last
 *	published position on, so a reader that never waits still frees
 *	space as it goes.
 * @unsynced: records returned since the position was last published.
 * @stall: test hook: called between copying a record's header and its
 *	message, with @stall_arg.
 * @stall_arg: its argument.
 */
struct lgmap {
	int fd;
	const unsigned char *base;
	size_t len;
	const struct logger_map_ctl *ctl;
	struct lgmap_pos pos[LOGGER_NR_LEVELS];
	uint64_t clear_gen;
	uint32_t filter;
	int order;
	uint64_t read;
	uint64_t lost;
	uint64_t skipped;
	uint64_t lost_pending;
	int inexact;
	uint8_t cand_ok[LOGGER_NR_LEVELS];
	struct logger_map_rec cand[LOGGER_NR_LEVELS];
	uint32_t wake_min;
	uint32_t ntags;
	uint8_t tag_len[LOGGER_TAG_FILTER_MAX];
	char tags[LOGGER_TAG_FILTER_MAX][32];
	uint32_t sync_every;
	uint32_t unsynced;
	void (*stall)(void *arg);
	void *stall_arg;
};

int lgmap_open(struct lgmap *m, int fd);
void lgmap_close(struct lgmap *m);
int lgmap_set_view(struct lgmap *m, uint32_t filter, int order);
void lgmap_rewind(struct lgmap *m);
void lgmap_skip_to_end(struct lgmap *m);
int lgmap_set_tag_filter(struct lgmap *m,
			 const struct logger_tag_filter *tf);
int lgmap_next(struct lgmap *m, struct logger_record *hdr, char *msg,
	       size_t size);
int lgmap_next2(struct lgmap *m, struct logger_record2 *hdr, char *msg,
		size_t size);
int lgmap_sync(struct lgmap *m);
int lgmap_wait(struct lgmap *m, int timeout_ms);

#endif /* LOGGER_LGMAP_H */
