/* SPDX-License-Identifier: GPL-2.0 */
/*
 * logger-fuzz: shared state of the driver (fuzz.c), the device operations
 * (fuzz_dev.c, fuzz_io.c) and the generic netlink requests (fuzz_nl.c).
 * The invariants are listed at the top of fuzz.c.
 */
#ifndef LOGGER_FUZZ_H
#define LOGGER_FUZZ_H

#include <pthread.h>
#include <stdbool.h>
#include <time.h>
#include <linux/types.h>

#include "logger.h"
#include "recfmt.h"

#define FZ_MAXT		8	/* threads at most */
#define FZ_FDS		6	/* device fds a thread owns at most */
#define FZ_SHARED	2	/* fds every thread uses */
#define FZ_LOG		32	/* calls remembered per thread */
#define FZ_CHILD_W	8	/* writer id of thread t's fork children: 8 + t */
#define NOBODY		65534

/* Errno sets: bit e = errno e allowed (0 = success); errnos are < 128. */
typedef unsigned __int128 fz_mask;
#define E(e)		((fz_mask)1 << (e))

/* A device fd as the fuzzer expects it to behave. */
struct ffd {
	int fd;			/* -1: free slot */
	int flags;
	bool rd, wr, shared;
	unsigned int filter, order, format, deflevel;
	__u64 read, inband, written, max_seq;
	__u64 fifo_last[8], cross_last[8];
	__u64 floor;
	unsigned int ep_events;	/* registered in the thread's epoll, 0 if not */
	__u32 fdflags;		/* LOGGER_IOC_SET_FLAGS: NO_HOLD or 0 */
};

struct fz_log {
	__u32 op, fdi;
	__u64 a, b;
	long ret;
	int err;
};

struct fthread {
	int id;
	pthread_t th;
	pid_t tid;
	bool unpriv;
	__u32 uid;
	struct rf_rng rng;
	struct ffd fd[FZ_FDS];
	int ep, nl;
	__u64 wseq, child_wseq;
	char *big;		/* 1 MiB + slack, read and write buffers */
	char *guard;		/* two RW pages then a PROT_NONE page */
	char *ro;		/* one PROT_READ page */
	timer_t timer;
	struct fz_log log[FZ_LOG];
	unsigned int nlog;
	__u64 ops, target;
	int blocking;		/* 1: in a call a signal may interrupt; 2: claimed */
	unsigned int sig2_got, sig2_before;
};

struct fuzz {
	__u64 seed, ops;
	int nthreads;
	__u32 max_record;
	__u64 instance;
	__u16 family;
	pid_t pid;
	struct fthread t[FZ_MAXT];
	struct ffd shared[FZ_SHARED];
	pthread_mutex_t shared_mu;	/* shared fds' counters */
	pthread_barrier_t bar;
	__u64 checkpoints;
	__u64 cfg_seq;		/* bumped as each SET_CONFIG starts and ends */
	__u64 cfg_busy;		/* SET_CONFIGs under way */
	__u64 n_read, n_written, n_errors, n_nl;
	__u64 pol_seq;		/* bumped as each block window starts and ends */
	__u64 pol_busy;		/* block windows under way */
	__u64 n_windows;
};

extern struct fuzz F;

__attribute__((noreturn, format(printf, 2, 3)))
void fz_die(struct fthread *t, const char *fmt, ...);
void fz_log(struct fthread *t, __u32 op, int fdi, __u64 a, __u64 b, long ret);
void fz_expect(struct fthread *t, const char *what, long ret, fz_mask allowed);
const char *fz_errname(int e);
void fz_checkpoint(void);

/* fuzz_dev.c */
void fz_cfg(bool begin);
__u64 fz_min_capacity(void);
void fz_thread_init(struct fthread *t);
void fz_block(struct fthread *t, bool on);
void fz_op(struct fthread *t);
void fz_check_stats(struct fthread *t, const struct logger_stats *st);
struct ffd *fz_pick_fd(struct fthread *t, int *fdi, bool allow_shared);
void fz_check_buffer(struct fthread *t, struct ffd *f, const char *buf,
		     size_t n, bool drain);

/* fuzz_io.c: read, write, writev and their expectations */
void fz_read(struct fthread *t);
void fz_write(struct fthread *t, bool vec);
void fz_write_on(struct fthread *t, bool vec, struct ffd *f, int fdi);
void fz_fork(struct fthread *t);
void fz_moved(struct ffd *f, __u64 floor);
__u32 fz_max_render(const struct ffd *f);

/* fuzz_flow.c: tags, groups, flags, flow stats, MAP_SYNC, block windows */
void fz_flow_op(struct fthread *t);
void fz_policy_op(struct fthread *t);
void fz_fork_gate(bool begin);
bool fz_pol_maybe(__u64 seq0, bool busy0);

/* fuzz_nl.c */
int fz_nl_open(void);
__u16 fz_nl_family(int sock);
void fz_nl_op(struct fthread *t);
void fz_nl_check_stats(int sock, const struct logger_stats *st);

#endif
