/* SPDX-License-Identifier: GPL-2.0 */
/*
 * logger-stress: shared state of the orchestrator (stress.c), the writer
 * and reader threads (stress_writer.c, stress_reader.c) and the
 * controller process (stress_ctl.c).  The invariants are listed at the
 * top of stress.c.
 */
#ifndef LOGGER_STRESS_H
#define LOGGER_STRESS_H

#include <pthread.h>
#include <stdbool.h>
#include <linux/types.h>

#include "logger.h"
#include "recfmt.h"

#define NW		8	/* writer threads */
#define NR		8	/* reader threads */
#define W_MAIN		NW	/* writer id of the orchestrator's pokes */
#define W_SENT		(NW + 1)	/* ... and of its checkpoint sentinels */
#define NWID		(NW + 2)
#define NMEDDLED	2	/* readers 0 and 1: filter set by the controller */
#define HIST		64	/* filter history kept per meddled reader */
#define OPLOG		16	/* operations remembered per thread */
#define NOBODY		65534

/* Steps of a phase (see stress.c); phase k uses k * STEPS + S_*. */
enum { S_MOVE = 1, S_RUN, S_STOP, S_DRAIN, STEPS = 8 };

/* Process-shared with the controller (MAP_SHARED). */
struct shm {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int go_phase;		/* the controller may act in this phase */
	int stop_phase;		/* ... must stop acting in this phase */
	int acked_phase;	/* it stopped */
	int quit;
	int clear_phase;	/* clears allowed in the current phase */
	int actions;		/* controller actions this phase */
	__u64 phase_records;	/* roughly what writers write per phase */
	__u64 capacity;		/* last capacity set */
	__u64 seed;
	int meddle_fd[NMEDDLED];	/* fd numbers in the main process */
	__u64 filt_gen[NMEDDLED];	/* bumped before each change */
	__u32 filt_hist[NMEDDLED][HIST];
	__u64 n_clear, n_resize, n_meddle;
	__u64 cfg_seq;		/* odd while a SET_CONFIG is under way */
	__u64 cleared_in_phase;	/* a clear happened in this phase */
	int failed;
};

/* Calls remembered in a thread's log (names in stress.c). */
enum {
	OP_W_WRITE = 1, OP_W_WRITEV, OP_W_STATS, OP_R_READ, OP_R_SEEK_SET,
	OP_R_SEEK_END, OP_R_GET_POS, OP_R_IOC_SEEK, OP_R_SET_VIEW, OP_R_REOPEN,
	OP_R_STATS, OP_R_DRAIN, OP_R_CHECKPOINT, OP_R_REWIND, OP_NAMES,
};

struct oplog {
	__u64 phase, op, arg, ret;
};

struct thread_log {
	struct oplog e[OPLOG];
	unsigned int n;
};

struct writer {
	int id;
	pthread_t th;
	int fd;
	unsigned int default_level;
	__u64 level_count[8];	/* records written, per level */
	__u64 fd_written;
	struct rf_rng rng;
	struct thread_log log;
};

struct reader {
	int id;
	pthread_t th;
	bool meddled, unpriv;
	int fd, ep, mode;
	unsigned int filter, order, format;
	struct rf_rng rng;
	char *buf;
	/* Totals of the open fd. */
	__u64 fd_read, fd_inband, fd_max_seq;
	/* Since the last cursor move: per level, last seq (FIFO). */
	__u64 fifo_last[8];
	/* ... and since the last move or order change (cross-level order). */
	__u64 cross_last[8];
	__u64 wseq_last[NWID][8];
	__u64 floor;		/* every record now has seq >= floor */
	/* The accounting window since the last checkpoint. */
	bool win_exact, win_rewound, win_filter_const;
	unsigned int win_filter;
	__u64 win_read, win_lost, win_skipped;
	__u64 win_written[8], win_records[8];
	__u64 meddle_gen;	/* filter generation the window started with */
	/* Checkpoint sentinels seen in the drain. */
	unsigned int sent_seen;
	__u64 saved_seq[4];
	unsigned int nsaved;
	/* For the summary. */
	__u64 total_read, total_lost, moves, reopens, exact_windows;
	int stopped;		/* last phase it acknowledged the stop of */
	struct thread_log log;
};

struct stress {
	__u64 seed;
	double duration;
	int max_phases;
	int verbose;
	__u32 max_record;
	__u64 instance;
	pid_t pid;
	pid_t tid[NWID];
	__u32 uid[NWID];
	char comm[NWID][16];
	struct shm *shm;
	pid_t ctl_pid;
	int stop_efd;
	int phase;		/* current phase */
	int clear_phase;	/* this phase allows concurrent clears */
	int quit;
	__u64 ts_mono_start;
	struct logger_stats cp;	/* at the last checkpoint, after its clear */
	struct logger_stats at_drain;	/* after the sentinels */
	__u64 refused;		/* records a full store refused (ENOSPC) */
	struct writer w[NW];
	struct reader r[NR];
};

extern struct stress G;

/* Orchestrator services. */
__attribute__((noreturn, format(printf, 2, 3)))
void die(struct thread_log *log, const char *fmt, ...);
void oplog(struct thread_log *log, __u64 op, __u64 arg, __u64 ret);
int current_step(void);
bool wait_step(int step);
void ack_step(void);
__u64 mono_ns(void);
int set_thread_creds(__u32 uid);

/* Threads and the controller. */
void *writer_main(void *arg);
void *reader_main(void *arg);
void ctl_main(struct shm *shm, const char *dev);
unsigned int write_records(int fd, struct thread_log *log,
			   struct rf_rng *rng, unsigned int writer, __u64 *wseq,
			   __u64 *level_count, const __u8 *levels, unsigned int n,
			   bool vary);

/* Reader helpers used by the orchestrator. */
void reader_setup(struct reader *r);
unsigned int meddled_mask(struct reader *r, __u64 gen_from, __u64 gen_to);

/* Cross-reader check: one record per sequence number. */
void seq_ring_check(struct thread_log *log, __u64 seq, __u64 key);

#endif
