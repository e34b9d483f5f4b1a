// SPDX-License-Identifier: GPL-2.0
/*
 * logger-bench: timing, the device's settings, measuring a set of jobs
 * round by round, and the report (text on stdout, CSV lines appended to
 * $LOGGER_BENCH_CSV, default /tmp/bench.csv, and the jobs' rates to
 * $LOGGER_BENCH_JOBS, default /tmp/bench-jobs.csv).
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "logger.h"

size_t bench_size = 128;

/* Run the calling thread on @cpu only. */
void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void die(const char *what)
{
	fprintf(stderr, "logger-bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* @per records of @size bytes ("<6>", text, '\n'), back to back. */
char *records(size_t size, int per, size_t *len)
{
	char *buf = malloc(size * per);
	int i;

	if (!buf)
		die("malloc");
	for (i = 0; i < per; i++) {
		char *r = buf + i * size;

		memcpy(r, "<6>", 3);
		memset(r + 3, 'a' + i % 26, size - 4);
		r[size - 1] = '\n';
	}
	*len = size * per;
	return buf;
}

/* Records per second writing @n buffers of @len bytes holding @per records. */
double write_rate(int fd, const char *buf, size_t len, long n, int per)
{
	double t0 = now();
	long i;

	for (i = 0; i < n; i++)
		if (write(fd, buf, len) != (ssize_t)len)
			die("write");
	return (double)n * per / (now() - t0);
}

static int ctl_fd(void)
{
	static int fd = -1;

	/* Write-only: not a reader, so it holds nothing under block. */
	if (fd < 0)
		fd = open("/dev/logger", O_WRONLY);
	if (fd < 0)
		die("open /dev/logger");
	return fd;
}

void dev_clear(void)
{
	if (ioctl(ctl_fd(), LOGGER_IOC_CLEAR))
		die("LOGGER_IOC_CLEAR");
}

static void set_config(int policy, unsigned long capacity)
{
	struct logger_config c;

	if (ioctl(ctl_fd(), LOGGER_IOC_GET_CONFIG, &c))
		die("LOGGER_IOC_GET_CONFIG");
	if (policy >= 0)
		c.policy = policy;
	if (capacity)
		c.capacity = capacity;
	if (ioctl(ctl_fd(), LOGGER_IOC_SET_CONFIG, &c))
		die("LOGGER_IOC_SET_CONFIG");
}

void dev_policy(int block)
{
	set_config(block ? LOGGER_POLICY_BLOCK : LOGGER_POLICY_OVERWRITE, 0);
}

unsigned long dev_capacity_get(void)
{
	struct logger_config c;

	if (ioctl(ctl_fd(), LOGGER_IOC_GET_CONFIG, &c))
		die("LOGGER_IOC_GET_CONFIG");
	return c.capacity;
}

void dev_capacity(unsigned long capacity)
{
	set_config(-1, capacity);
}

static double measure(struct job *j, long n)
{
	switch (j->kind) {
	case JOB_WRITE:
		return writers_rate(j, n);
	case JOB_LOGGER:
		return logger_rate(j, n);
	case JOB_PRODUCER:
		return producer_rate(n, bench_size);
	case JOB_CAPACITY:
		return capacity_rate(j, n);
	case JOB_IDLE:
		return idle_rate(j, n);
	case JOB_DRAIN:
		return drain_rate(j, n);
	case JOB_FORWARD:
		return forward_rate(j, n);
	default:
		return peer_pair(j, n);
	}
}

void run_set(struct job *jobs, int nj, long n)
{
	int i, k;

	for (i = 0; i < ROUNDS; i++)
		for (k = 0; k < nj; k++) {
			struct job *j = &jobs[i % 2 ? nj - 1 - k : k];

			j->r[i] = measure(j, n);
		}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Sorts @v; returns its median, and its quartiles in *@q1, *@q3. */
static double quartiles(double *v, double *q1, double *q3)
{
	qsort(v, ROUNDS, sizeof(*v), cmp_double);
	if (q1)
		*q1 = v[ROUNDS / 4];
	if (q3)
		*q3 = v[ROUNDS - 1 - ROUNDS / 4];
	return v[ROUNDS / 2];
}

static double median_rate(const struct job *j)
{
	double v[ROUNDS];

	memcpy(v, j->r, sizeof(v));
	return quartiles(v, NULL, NULL);
}

static struct job *find(struct job *jobs, int nj, const char *id)
{
	int k;

	for (k = 0; k < nj; k++)
		if (!strcmp(jobs[k].id, id))
			return &jobs[k];
	fprintf(stderr, "logger-bench: no job %s\n", id);
	exit(2);
}

static FILE *csv(const char *env, const char *def, const char *header)
{
	const char *path = getenv(env) ? getenv(env) : def;
	struct stat st;
	int fresh = stat(path, &st) || !st.st_size;
	FILE *f = fopen(path, "a");

	if (!f)
		die(path);
	if (fresh)
		fprintf(f, "%s\n", header);
	return f;
}

void report(const char *set, struct job *jobs, int nj, const struct row *rows,
	    int nr)
{
	FILE *rc = csv("LOGGER_BENCH_CSV", "/tmp/bench.csv",
		       "set,size,id,what,peer_id,peer,rate,peer_rate,ratio,q1,q3,target,met,lost");
	FILE *jc = csv("LOGGER_BENCH_JOBS", "/tmp/bench-jobs.csv",
		       "set,size,id,writers,readers,map,block,rate,lost");
	int i, k;

	for (k = 0; k < nj; k++)
		fprintf(jc, "%s,%zu,%s,%d,%d,%d,%d,%.0f,%ld\n", set, bench_size,
			jobs[k].id, jobs[k].writers, jobs[k].readers,
			jobs[k].map, jobs[k].block, median_rate(&jobs[k]),
			jobs[k].lost);
	for (i = 0; i < nr; i++) {
		struct job *a = find(jobs, nj, rows[i].a);
		struct job *b = find(jobs, nj, rows[i].b);
		double q[ROUNDS], q1, q3, m;
		const char *met = "";
		int r;

		for (r = 0; r < ROUNDS; r++)
			q[r] = a->r[r] / b->r[r];
		m = quartiles(q, &q1, &q3);
		if (rows[i].target > 0)
			met = m >= rows[i].target ? "yes" : "no";
		printf("bench %s %zuB: %s %.0f rec/s | %s %.0f rec/s | ratio %.3f [%.3f..%.3f]",
		       set, bench_size, a->what, median_rate(a), b->what,
		       median_rate(b), m, q1, q3);
		if (rows[i].target > 0)
			printf(" target >= %.2f: %s", rows[i].target, met);
		if (a->lost || b->lost)
			printf(" (lost %ld / %ld)", a->lost, b->lost);
		if (rows[i].note)
			printf(" (%s)", rows[i].note);
		printf("\n");
		fprintf(rc, "%s,%zu,%s,\"%s\",%s,\"%s\",%.0f,%.0f,%.4f,%.4f,%.4f,%.2f,%s,%ld\n",
			set, bench_size, a->id, a->what, b->id, b->what,
			median_rate(a), median_rate(b), m, q1, q3,
			rows[i].target, met, a->lost + b->lost);
	}
	fclose(rc);
	fclose(jc);
	fflush(stdout);
}
