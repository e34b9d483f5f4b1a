/* SPDX-License-Identifier: GPL-2.0 */
/*
 * recfmt: self-checking record messages and read-buffer parsing, shared
 * by logger-stress and logger-fuzz.
 *
 * A message names its writer and carries a checksum, so a reader can tell
 * exactly whether a record it got is one that was written, whole, with the
 * level and facility it was written with:
 *
 *  long form (RF_LONG_MIN bytes or more):
 *	T WW SSSSSSSSSS L FF CCCCCCCC | payload...
 *	T tag ('S' stress, 'F' fuzz), WW writer (hex), S.. the writer's
 *	record number (hex), L level, FF facility (hex), C.. FNV-1a of the
 *	whole message with the checksum field taken as "00000000"; the
 *	payload is a function of (tag, writer, number, length) and includes
 *	bytes the text format must escape (never '\n').
 *  short form (1 .. RF_LONG_MIN - 1 bytes):
 *	'0' + level, then 'a' + writer, then filler that is a function of
 *	(writer, level, position).  Facility (writer + level) % 24.
 *
 * Also a small PRNG (splitmix64 seeding xorshift64*), so every thread's
 * choices follow from one printed seed.
 */
#ifndef LOGGER_RECFMT_H
#define LOGGER_RECFMT_H

#include <stddef.h>
#include <linux/types.h>

#include "logger.h"

#define RF_LONG_MIN	26
#define RF_MAX_WRITERS	26

struct rf_rng {
	__u64 s;
};

__u64 rf_mix(__u64 x);
void rf_seed(struct rf_rng *r, __u64 seed, __u64 stream, __u64 phase);
__u64 rf_next(struct rf_rng *r);
/* Uniform in [0, n); n > 0. */
static inline __u32 rf_below(struct rf_rng *r, __u32 n)
{
	return (__u32)((rf_next(r) >> 32) * n >> 32);
}

/* What a message says about its record. */
struct rf_id {
	char tag;		/* 0 for the short form */
	unsigned int writer;	/* RF_MAX_WRITERS when unknown (1-byte short) */
	__u64 wseq;		/* long form only */
	unsigned int level;
	unsigned int facility;
};

/* Facility of a short-form record. */
static inline unsigned int rf_short_facility(unsigned int writer,
					     unsigned int level)
{
	return (writer + level) % 24;
}

void rf_encode(char *out, unsigned int len, char tag, unsigned int writer,
	       __u64 wseq, unsigned int level, unsigned int facility);
int rf_decode(const char *msg, size_t len, char tag, struct rf_id *id,
	      char *why, size_t whylen);

/* One record as a read() returned it, in either format. */
struct rf_rec {
	struct logger_record h;	/* text: the fields the line has */
	char msg[8200];		/* unescaped */
	__u64 lost;		/* binary h.lost, or the text marker's count */
	unsigned int markers;	/* text: marker lines in front of it */
};

int rf_parse(const char *buf, size_t len, size_t *off, int binary,
	     __u32 max_record, struct rf_rec *r, char *why, size_t whylen);

#endif
