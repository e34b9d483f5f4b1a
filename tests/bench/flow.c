// SPDX-License-Identifier: GPL-2.0
/*
 * logger-bench: /dev/logger (and the plain devices it is compared with)
 * with several writers, with readers that follow the writers (read() or
 * the mapping, under overwrite or block), with idle readers, and full
 * stores of different capacities.
 *
 * Writers alone run on vCPU i % 2; with readers, writers run on vCPU 0 and
 * readers on vCPU 1: producers and consumers never share a vCPU, and a
 * writer's rate shows what the readers cost it in the kernel (locks,
 * wake-ups, cache lines), not the CPU time they take for themselves.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "bench.h"
#include "lgmap.h"
#include "logger.h"

/*
 * A reader that naps (job.nap) sleeps this long when it has caught up,
 * instead of being woken by the next record: a collector that drains in
 * batches, as most do.  One woken for every record costs the writer a
 * wake-up per reader and record (the "pair" set measures that one).
 */
#define NAP_US 10000

/* The longest record /dev/kmsg takes (LOG_LINE_MAX less a margin). */
#define KMSG_MAX 976

struct wthread {
	pthread_t th;
	const char *path;
	int cpu;
	int per;
	long writes;
	pthread_barrier_t *start;
	double begin;
	double end;
};

static void *writer(void *arg)
{
	struct wthread *w = arg;
	int kmsg = !strcmp(w->path, "/dev/kmsg");
	size_t size = kmsg && bench_size > KMSG_MAX ? KMSG_MAX : bench_size;
	size_t len;
	char *buf = records(size, w->per, &len);
	int fd = open(w->path, O_WRONLY), i;

	if (fd < 0)
		die(w->path);
	/* Below the console's loglevel: /dev/kmsg writes stay off the console. */
	if (kmsg)
		buf[1] = '7';
	pin(w->cpu);
	pthread_barrier_wait(w->start);
	w->begin = now();
	for (i = 0; i < w->writes; i++)
		if (write(fd, buf, len) != (ssize_t)len)
			die("write");
	w->end = now();
	close(fd);
	free(buf);
	return NULL;
}

/* Start @nw writers of @n records in all; returns when they are ready. */
static struct wthread *writers_start(const struct job *j, long n,
				     pthread_barrier_t *start, int spread)
{
	struct wthread *w = calloc(j->writers, sizeof(*w));
	int i;

	for (i = 0; i < j->writers; i++) {
		w[i].path = j->path ? j->path : "/dev/logger";
		w[i].cpu = spread ? i % 2 : 0;
		w[i].per = j->per;
		w[i].writes = n / j->writers / j->per;
		w[i].start = start;
		pthread_create(&w[i].th, NULL, writer, &w[i]);
	}
	return w;
}

/*
 * Joins the writers: *@t0 is when the first one started (each takes the
 * time itself, after the start barrier: the thread that created them may
 * run later), the return value when the last one finished.
 */
static double writers_join(struct wthread *w, int nw, double *t0)
{
	double end = 0;
	int i;

	*t0 = 0;
	for (i = 0; i < nw; i++) {
		pthread_join(w[i].th, NULL);
		if (w[i].end > end)
			end = w[i].end;
		if (!*t0 || w[i].begin < *t0)
			*t0 = w[i].begin;
	}
	free(w);
	return end;
}

double writers_rate(const struct job *j, long n)
{
	pthread_barrier_t start;
	struct wthread *w;
	double t0, end;

	pthread_barrier_init(&start, NULL, j->writers + 1);
	w = writers_start(j, n, &start, 1);
	pthread_barrier_wait(&start);
	n = n / j->writers / j->per * j->writers * j->per;
	end = writers_join(w, j->writers, &t0);
	pthread_barrier_destroy(&start);
	return n / (end - t0);
}

/* ---- readers that follow -------------------------------------------- */

struct rthread {
	pthread_t th;
	int cpu;
	int map;
	int nap;
	long want;
	long got;
	long lost;
	double end;
	pthread_barrier_t *start;
	atomic_int *stop;
};

static void *reader(void *arg)
{
	struct rthread *r = arg;
	int fd = open("/dev/logger", O_RDONLY | O_NONBLOCK);
	struct logger_view v = { .filter = 0xff, .order = LOGGER_ORDER_SEQ,
				 .format = LOGGER_FORMAT_BINARY,
				 .default_level = 6 };
	char *buf = malloc(1 << 16);
	struct logger_record h;
	struct lgmap m;
	ssize_t n;

	if (fd < 0 || !buf || ioctl(fd, LOGGER_IOC_SET_VIEW, &v))
		die("reader");
	if (r->map && lgmap_open(&m, fd))
		die("lgmap_open");
	pin(r->cpu);
	pthread_barrier_wait(r->start);
	while (r->got + r->lost < r->want) {
		/*
		 * Taken before looking: nothing found after the writers were
		 * done means nothing more will come.
		 */
		int last = atomic_load(r->stop);

		if (r->map) {
			if (lgmap_next(&m, &h, buf, 1 << 16) == 1) {
				r->got++;
				r->lost += h.lost;
				continue;
			}
			if (last)
				break;
			if (r->nap)
				usleep(NAP_US);
			else
				lgmap_wait(&m, 2);
			continue;
		}
		n = read(fd, buf, 1 << 16);
		if (n > 0) {
			char *p = buf;

			while (p < buf + n) {
				const struct logger_record *rec = (void *)p;

				p += rec->hdr_len + LOGGER_ALIGN(rec->msg_len);
				r->got++;
				r->lost += rec->lost;
			}
			continue;
		}
		if (n < 0 && errno != EAGAIN)
			die("read");
		if (last)
			break;
		if (r->nap)
			usleep(NAP_US);
		else
			poll(&(struct pollfd){ .fd = fd, .events = POLLIN }, 1, 2);
	}
	r->end = now();
	if (r->map)
		lgmap_close(&m);
	close(fd);
	free(buf);
	return NULL;
}

/*
 * @j->writers writers and @j->readers readers of /dev/logger, policy
 * block or overwrite; the readers start at an empty store.  Records per
 * second: the writers' (@j->writer_rate), or delivered to every reader.
 */
double logger_rate(struct job *j, long n)
{
	struct rthread *r = calloc(j->readers, sizeof(*r));
	pthread_barrier_t start;
	atomic_int stop = 0;
	struct wthread *w;
	double t0, tw, end;
	int i;

	dev_policy(j->block);
	dev_clear();
	n = n / j->writers / j->per * j->writers * j->per;
	pthread_barrier_init(&start, NULL, j->writers + j->readers + 1);
	for (i = 0; i < j->readers; i++) {
		r[i].cpu = 1;
		r[i].map = j->map;
		r[i].nap = j->nap;
		r[i].want = n;
		r[i].start = &start;
		r[i].stop = &stop;
		pthread_create(&r[i].th, NULL, reader, &r[i]);
	}
	w = writers_start(j, n, &start, 0);
	pthread_barrier_wait(&start);
	tw = writers_join(w, j->writers, &t0);
	atomic_store(&stop, 1);
	end = tw;
	for (i = 0; i < j->readers; i++) {
		pthread_join(r[i].th, NULL);
		if (r[i].end > end)
			end = r[i].end;
		j->lost += n - r[i].got;
		if (r[i].got != n)
			fprintf(stderr, "logger-bench: %s: reader %d got %ld of %ld, %ld reported lost\n",
				j->id, i, r[i].got, n, r[i].lost);
	}
	pthread_barrier_destroy(&start);
	free(r);
	dev_policy(0);
	return n / ((j->writer_rate ? tw : end) - t0);
}

/* ---- idle readers, capacity ------------------------------------------ */

/* Single-record writes with @j->readers fds open that never read. */
double idle_rate(const struct job *j, long n)
{
	int *fds = calloc(j->readers + 1, sizeof(*fds)), fd, k;
	size_t len;
	char *buf = records(bench_size, 1, &len);
	double rate;

	for (k = 0; k < j->readers; k++) {
		fds[k] = open("/dev/logger", O_RDONLY);
		if (fds[k] < 0)
			die("open idle reader");
	}
	fd = open("/dev/logger", O_WRONLY);
	if (fd < 0)
		die("open /dev/logger");
	rate = write_rate(fd, buf, len, n, 1);
	close(fd);
	for (k = 0; k < j->readers; k++)
		close(fds[k]);
	free(fds);
	free(buf);
	return rate;
}

/*
 * Single-record writes into a store of @j->capacity bytes, filled first
 * until it evicts: the steady state of a log.
 */
double capacity_rate(const struct job *j, long n)
{
	struct logger_stats st;
	size_t len, len64;
	char *buf = records(bench_size, 1, &len);
	char *fill = records(bench_size, 64, &len64);
	unsigned long long evicted;
	double rate;
	long i;
	int fd;

	dev_capacity(j->capacity);
	fd = open("/dev/logger", O_WRONLY);
	if (fd < 0 || ioctl(fd, LOGGER_IOC_GET_STATS, &st))
		die("capacity");
	evicted = st.evicted;
	do {
		for (i = 0; i < 64; i++)
			if (write(fd, fill, len64) != (ssize_t)len64)
				die("write");
		if (ioctl(fd, LOGGER_IOC_GET_STATS, &st))
			die("LOGGER_IOC_GET_STATS");
	} while (st.evicted == evicted);
	rate = write_rate(fd, buf, len, n, 1);
	close(fd);
	free(buf);
	free(fill);
	return rate;
}
