/* SPDX-License-Identifier: GPL-2.0 */
/*
 * logger-stress, flow part: lossless delivery (policy block), group
 * readers, tags and mapped readers that hold (SPEC.md section 6).  The
 * actors and invariants are listed at the top of stress_flow.c; the
 * readers and writers are in stress_flow_rd.c.
 */
#ifndef LOGGER_STRESS_FLOW_H
#define LOGGER_STRESS_FLOW_H

#include <stdbool.h>
#include <linux/types.h>

#include "logger.h"
#include "recfmt.h"

#define FW		3	/* writer threads */
#define FG		4	/* group members (threads) */
#define FMAXW		(1u << 20)	/* records tracked per writer */
#define FW_ID0		16	/* recfmt writer id of flow writer 0 */
#define F_GROUP		"lgs-jobs"

/* Tag classes of a record (its writer's choice). */
enum { C_NONE, C_JOB, C_LOG, NCLASS };

/* Readers that report (index into flow_shm.rep). */
enum { R_HOLD, R_UNPRIV, R_VICTIM, R_TAGS, R_MAP, R_GROUP, NREP };

struct frep {
	__u64 read;		/* records returned */
	__u64 inband;		/* lost reported in band */
	__u64 gaps;		/* seq gaps (all-level sequence readers) */
	__u64 last_seq;		/* highest seq returned */
	__u64 clean;		/* records checked in a block-clean window */
	__u64 vs_read, vs_lost, vs_skipped, vs_backlog;	/* VIEW_STATS at the end */
	int reported;
};

/* Shared by the flow process's threads and its children (MAP_SHARED). */
struct flow_shm {
	__u64 seed;
	__u32 max_record;
	__u64 seq0;		/* next_seq after the flow's clear */
	__u64 seq_end;		/* next_seq after the writers stopped */
	__u64 pol_seq;		/* +1 before and after each policy change */
	int stop_writers;
	int done;		/* writers stopped: drain and report */
	int failed;
	pid_t main_pid;
	pid_t writer_tid[FW];
	__u64 wrote;		/* records stored, all writers */
	__u64 stored[FW][NCLASS];
	__u64 refused, intr;	/* records not stored: EAGAIN, signals */
	__u64 g_prev_s0;	/* group: pol_seq at the start of the last
				 * read that returned records */
	__u64 g_inband, g_read, g_clean;
	int g_members;		/* members in the group now (by our count) */
	int g_joined;		/* member 0 created the group */
	int ready;		/* holders, tag and mapped readers opened */
	int capped;		/* writers out of numbers (FMAXW) */
	int writers_done;	/* writer threads that returned */
	__u64 map_inversions;	/* lgmap records out of sequence order */
	__u64 flips, stops, kills, expiry_stops, joins, leaves, reopens;
	struct frep rep[NREP];
	__u8 cls[FW][FMAXW];	/* class + 1 of each record written */
	__u8 got[FW][FMAXW];	/* group deliveries of each record */
};

extern struct flow_shm *F;

/* stress_flow.c */
__attribute__((noreturn, format(printf, 1, 2)))
void flow_die(const char *fmt, ...);
__u64 pol_snap(void);
bool pol_clean(__u64 from, __u64 to);
int flow_run(__u64 seed, double duration, __u32 max_record, bool strict);

/* stress_flow_rd.c */
void *fw_main(void *arg);
void *fg_main(void *arg);
void *fm_main(void *arg);
void *ft_main(void *arg);
void fr_child(int who);

#endif
