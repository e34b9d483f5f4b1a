/* SPDX-License-Identifier: GPL-2.0 */
/*
 * logger-bench: what the parts share.  A "job" is one thing whose rate is
 * measured (/dev/logger with W writers and R readers, a pipe pair, ...);
 * a set of jobs is measured round by round, the jobs of a round one after
 * the other (the order reversed every other round), so that every ratio
 * between two jobs of a set is a ratio of neighbours in time, in one boot.
 */
#ifndef LOGGER_BENCH_H
#define LOGGER_BENCH_H

#include <stddef.h>

/* Rounds of every set; ratios are the median of the per-round ratios. */
#define ROUNDS 11

/* What a job measures. */
enum job_kind {
	JOB_WRITE,	/* W writers, one fd each, to job.path; no reader */
	JOB_LOGGER,	/* W writers + R readers of /dev/logger */
	JOB_PIPE,	/* pipe: one writer, one reader */
	JOB_UNIX,	/* AF_UNIX datagram socketpair: one writer, one reader */
	JOB_MQ,		/* POSIX message queue: one writer, one reader */
	JOB_KMSG,	/* /dev/kmsg: one writer, one reader */
	JOB_PRODUCER,	/* logger-producer -t 4 -w 2 -b 64 */
	JOB_CAPACITY,	/* single writes into a full store of job.capacity */
	JOB_IDLE,	/* single writes with job.readers fds never reading */
	JOB_DRAIN,	/* job.readers readers draining a full store */
	JOB_FORWARD,	/* logger-consumer draining a full store to job.path
			 * (a --forward URL; NULL: its text output to /dev/null) */
};

/*
 * struct job - one measured thing
 * @id: short name, the CSV's key.
 * @what: what it is, for the table.
 * @kind: &enum job_kind.
 * @path: JOB_WRITE: the device written.
 * @writers: writer threads.
 * @readers: reader threads (JOB_LOGGER), idle fds (JOB_IDLE).
 * @per: records per write().
 * @map: JOB_LOGGER, JOB_DRAIN: readers read the mapping (lgmap) instead of read().
 * @nap: JOB_LOGGER: readers that caught up sleep 10 ms (flow.c) instead of
 *	waiting to be woken by the next record.
 * @block: JOB_LOGGER: policy block (readers hold) instead of overwrite.
 * @writer_rate: JOB_LOGGER: the rate is the writers' (records written per
 *	second of writing) instead of records delivered to every reader per
 *	second until the last reader had them all.
 * @capacity: JOB_CAPACITY: store capacity, bytes.
 * @r: records per second, per round.
 * @lost: JOB_LOGGER, JOB_KMSG: records some reader did not get (all
 *	rounds).
 */
struct job {
	const char *id;
	const char *what;
	enum job_kind kind;
	const char *path;
	int writers;
	int readers;
	int per;
	int map;
	int nap;
	int block;
	int writer_rate;
	unsigned long capacity;
	double r[ROUNDS];
	long lost;
};

/* A row of the table: job @a against job @b, with a target on a/b. */
struct row {
	const char *a;
	const char *b;
	double target;	/* 0: none */
	const char *note;
};

/* util.c */
extern size_t bench_size;	/* bytes of one record, "<6>" and '\n' included */
void pin(int cpu);
double now(void);
void die(const char *what);
char *records(size_t size, int per, size_t *len);
double write_rate(int fd, const char *buf, size_t len, long n, int per);
void dev_clear(void);
void dev_policy(int block);
void dev_capacity(unsigned long capacity);
unsigned long dev_capacity_get(void);
void run_set(struct job *jobs, int nj, long n);
void report(const char *set, struct job *jobs, int nj, const struct row *rows,
	    int nr);

/* peers.c: the kernel's own transports, one writer and one reader. */
double peer_pair(const struct job *j, long n);

/* flow.c: /dev/logger with writers and readers. */
double writers_rate(const struct job *j, long n);
double logger_rate(struct job *j, long n);
double idle_rate(const struct job *j, long n);
double capacity_rate(const struct job *j, long n);

/* tools.c: logger-producer, the events subscriber, draining. */
double producer_rate(long n, size_t size);
int watch(long n, size_t size);
double drain_rate(const struct job *j, long n);
double forward_rate(const struct job *j, long n);
/* The consumer that can forward (packed with rsyslogd, tests/vm/pack-forward.sh). */
#define FWD_CONSUMER "/usr/bin/logger-consumer"

long drain_fill(long n);

#endif /* LOGGER_BENCH_H */
