/* SPDX-License-Identifier: GPL-2.0 */
/*
 * seqmodel: an exact model of one reader's view, for the sequence tests.
 *
 * The test is the only writer, so it knows every record (its sequence
 * number, level and message) and, from LOGGER_IOC_GET_STATS, how many
 * records of each level are still stored: with oldest-first eviction
 * inside a level (docs/design.md, "Retention") those are the newest ones of that
 * level.  From that the model predicts, for a view, exactly which record
 * the next read() returns, how many lost records it reports in band, and
 * the view's read/lost/skipped/backlog totals.  The cursor moves (seeks,
 * filter changes, clear) are applied to the model as the README defines
 * them.
 */
#ifndef LOGGER_SEQMODEL_H
#define LOGGER_SEQMODEL_H

#include <linux/types.h>

#define SM_MAX_RECS	16384

struct sm_rec {
	__u64 seq;
	__u32 idx;
	__u16 len;
	__u8 level;
};

/* The store as the test wrote it. */
struct sm_store {
	int wfd;			/* the test's writer fd */
	__u32 max_record;
	__u64 next_seq;			/* of the next record written */
	__u64 cleared_below;		/* records with seq < this were cleared */
	unsigned int n;
	struct sm_rec rec[SM_MAX_RECS];
	__u64 stored[8];		/* level_records of the last stats */
	__u64 written[8];
	__u64 cleared[8];
	__u32 rng;			/* deterministic sizes and levels */
};

/* One reader's view as the model expects it. */
struct sm_view {
	int fd;
	unsigned int filter;
	unsigned int order;
	unsigned int format;
	__u64 cursor[8];	/* next sequence number to consider, per level */
	__u64 pending;		/* lost, not yet reported in band */
	__u64 read, lost, skipped;
	__u64 max_seq;		/* highest seq returned (for GET_POS) */
	const char *ctx;	/* for messages */
};

extern int sm_check_each_write;

void sm_init(struct sm_store *s, int wfd, __u32 seed);
void sm_msg(__u32 idx, unsigned int len, char *out);
void sm_write(struct sm_store *s, const __u8 *levels, const __u16 *lens,
	      unsigned int n);
void sm_write_one(struct sm_store *s, unsigned int level, unsigned int len);
void sm_flood(struct sm_store *s, unsigned int nrec, const __u8 *levels,
	      unsigned int nlevels, struct sm_view *v, unsigned int read_every);
void sm_refresh(struct sm_store *s);

void sm_view_open(struct sm_store *s, struct sm_view *v, int flags,
		  unsigned int filter, unsigned int order,
		  unsigned int format, const char *ctx);
void sm_set_view(struct sm_store *s, struct sm_view *v, unsigned int filter,
		 unsigned int order, unsigned int format);
void sm_seek_set(struct sm_store *s, struct sm_view *v);
void sm_seek_end(struct sm_store *s, struct sm_view *v);
void sm_ioc_seek(struct sm_store *s, struct sm_view *v, __u64 seq);
void sm_clear(struct sm_store *s, struct sm_view **views, unsigned int nviews);
void sm_resize(struct sm_store *s, __u64 capacity);
__u64 sm_oldest_stored(struct sm_store *s, unsigned int level);

void sm_check_readiness(struct sm_store *s, struct sm_view *v);
int sm_read_one(struct sm_store *s, struct sm_view *v);
unsigned int sm_drain(struct sm_store *s, struct sm_view *v);
void sm_check_totals(struct sm_store *s, struct sm_view *v);

#endif
