// SPDX-License-Identifier: GPL-2.0
/*
 * logger-bench: write-rate measurements for `make bench`, run inside the
 * test VM.  Every figure is a ratio against a peer measured in the same
 * boot (alternating rounds, median of them), never an absolute time, so
 * the numbers mean the same under emulation as on hardware.  Rounds
 * alternate between the peers; the ratio reported is the median of the
 * per-round ratios.
 *
 *   logger-bench single [N] [SIZE]   one SIZE-byte record per write():
 *                                    /dev/logger against /dev/null
 *   logger-bench batch [N] [SIZE] [BATCH]
 *                                    BATCH records per write()
 *   logger-bench watch [N] [SIZE]    one record per write() into a store
 *                                    that overflows: with an events
 *                                    subscriber against without one
 *   logger-bench producer [N] [SIZE] logger-producer (4 generators, 2
 *                                    writers, batch 64) against raw
 *                                    64-record writes from one thread
 *   logger-bench idle [N] [SIZE] [READERS]
 *                                    one record per write() with READERS
 *                                    readers open and never reading,
 *                                    against none
 *   logger-bench drain [N] [SIZE] [READERS]
 *                                    READERS readers (threads, own fds)
 *                                    each draining N stored records:
 *                                    through the mapping (lgmap) against
 *                                    read() of binary records
 *   logger-bench mapwriter [N] [SIZE] [READERS]
 *                                    one record per write() while READERS
 *                                    mapped readers follow, against none
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lgmap.h"
#include "logger.h"

/*
 * Rounds alternate between the two peers; each round's ratio is taken
 * against the peer's adjacent round and the median of those is reported,
 * so slow drifts of the host (this VM may itself run on a shared,
 * virtualised CPU) cancel out.
 */
#define ROUNDS 15

/* Run the calling thread on @cpu only (writers on 0, readers on 1). */
static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Records per second writing @n buffers of @len bytes holding @per records. */
static double rate(const char *path, const char *buf, size_t len, long n,
		   int per)
{
	int fd = open(path, O_WRONLY);
	double t0, t1;
	long i;

	if (fd < 0) {
		fprintf(stderr, "logger-bench: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	t0 = now();
	for (i = 0; i < n; i++) {
		if (write(fd, buf, len) != (ssize_t)len) {
			fprintf(stderr, "logger-bench: write %s: %s\n", path,
				strerror(errno));
			exit(1);
		}
	}
	t1 = now();
	close(fd);
	return (double)n * per / (t1 - t0);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v)
{
	qsort(v, ROUNDS, sizeof(*v), cmp_double);
	return v[ROUNDS / 2];
}

/* ---- an events subscriber, as `loggerctl watch` is ---------------- */

static atomic_int sub_stop;	/* tells the subscriber thread to end */
static atomic_long sub_events;	/* events it received */

/* The id of the "events" group of the logger family, by raw genetlink. */
static unsigned int events_group(int fd)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char buf[4096];
	} m = { 0 };
	struct nlattr *a;
	unsigned int len, grp = 0;
	ssize_t n;

	m.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	m.n.nlmsg_type = GENL_ID_CTRL;
	m.n.nlmsg_flags = NLM_F_REQUEST;
	m.g.cmd = CTRL_CMD_GETFAMILY;
	m.g.version = 1;
	a = (void *)((char *)&m + m.n.nlmsg_len);
	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = NLA_HDRLEN + sizeof(LOGGER_GENL_NAME);
	memcpy((char *)a + NLA_HDRLEN, LOGGER_GENL_NAME,
	       sizeof(LOGGER_GENL_NAME));
	m.n.nlmsg_len += NLA_ALIGN(a->nla_len);
	if (send(fd, &m, m.n.nlmsg_len, 0) < 0)
		return 0;
	n = recv(fd, &m, sizeof(m), 0);
	if (n <= 0 || m.n.nlmsg_type == NLMSG_ERROR)
		return 0;
	/* Walk to CTRL_ATTR_MCAST_GROUPS / first group / its id. */
	len = m.n.nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	for (a = (void *)m.buf; len >= NLA_HDRLEN && a->nla_len <= len;
	     len -= NLA_ALIGN(a->nla_len),
	     a = (void *)((char *)a + NLA_ALIGN(a->nla_len))) {
		struct nlattr *g, *f;
		unsigned int glen;

		if ((a->nla_type & NLA_TYPE_MASK) != CTRL_ATTR_MCAST_GROUPS)
			continue;
		g = (void *)((char *)a + NLA_HDRLEN);
		glen = g->nla_len - NLA_HDRLEN;
		for (f = (void *)((char *)g + NLA_HDRLEN); glen >= NLA_HDRLEN;
		     glen -= NLA_ALIGN(f->nla_len),
		     f = (void *)((char *)f + NLA_ALIGN(f->nla_len)))
			if ((f->nla_type & NLA_TYPE_MASK) ==
			    CTRL_ATTR_MCAST_GRP_ID)
				memcpy(&grp, (char *)f + NLA_HDRLEN, 4);
		break;
	}
	return grp;
}

static void *subscriber(void *arg)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	unsigned int grp;
	char buf[65536];

	(void)arg;
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    !(grp = events_group(fd)) ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp,
		       sizeof(grp))) {
		fprintf(stderr, "logger-bench: cannot subscribe to events\n");
		exit(1);
	}
	while (!atomic_load(&sub_stop)) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, 50) == 1 && recv(fd, buf, sizeof(buf), 0) > 0)
			atomic_fetch_add(&sub_events, 1);
	}
	close(fd);
	return NULL;
}

/* ---- logger-producer, end to end ------------------------------------ */

/* records_per_s of one logger-producer run. */
static double producer_rate(long n, size_t size)
{
	char count[32], sz[32], out[1024] = "";
	int pfd[2], status;
	ssize_t got = 0, r;
	const char *p;
	pid_t pid;

	snprintf(count, sizeof(count), "%ld", n / 4);
	snprintf(sz, sizeof(sz), "%zu", size - 5);
	if (pipe(pfd))
		exit(1);
	pid = fork();
	if (pid == 0) {
		/* No live progress line: stderr is the console, a TTY. */
		int null = open("/dev/null", O_WRONLY);

		if (null > 2) {
			dup2(null, 2);
			close(null);
		}
		dup2(pfd[1], 1);
		close(pfd[0]);
		execl("/bin/logger-producer", "logger-producer", "-t", "4",
		      "-w", "2", "-b", "64", "-n", count, "-s", sz,
		      "--levels", "info", "--json", (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	while ((r = read(pfd[0], out + got, sizeof(out) - 1 - got)) > 0)
		got += r;
	close(pfd[0]);
	waitpid(pid, &status, 0);
	p = strstr(out, "\"records_per_s\":");
	if (!WIFEXITED(status) || WEXITSTATUS(status) || !p) {
		fprintf(stderr, "logger-bench: logger-producer failed: %s\n",
			out);
		exit(1);
	}
	return atof(p + strlen("\"records_per_s\":"));
}

/* Median of dev[i] / ref[i]. */
static double median_ratio(const double *dev, const double *ref)
{
	double r[ROUNDS];
	int i;

	for (i = 0; i < ROUNDS; i++)
		r[i] = dev[i] / ref[i];
	return median(r);
}

/*
 * Single-record writes with @readers fds open for reading that never read
 * nor poll, against none: a write must not cost more per idle reader.
 */
static int idle_readers(long n, size_t size, int readers)
{
	double dev[ROUNDS], ref[ROUNDS], q;
	char buf[1024];
	int *fds, i, k;

	if (n <= 0 || size < 8 || size > 1000 || readers <= 0) {
		fprintf(stderr, "logger-bench: bad N, SIZE or READERS\n");
		return 2;
	}
	fds = calloc(readers, sizeof(*fds));
	memcpy(buf, "<6>", 3);
	memset(buf + 3, 'i', size - 4);
	buf[size - 1] = '\n';
	for (i = 0; i < ROUNDS; i++) {
		ref[i] = rate("/dev/logger", buf, size, n, 1);
		for (k = 0; k < readers; k++) {
			fds[k] = open("/dev/logger", O_RDONLY);
			if (fds[k] < 0) {
				fprintf(stderr, "logger-bench: open reader %d: %s\n",
					k, strerror(errno));
				return 1;
			}
		}
		dev[i] = rate("/dev/logger", buf, size, n, 1);
		for (k = 0; k < readers; k++)
			close(fds[k]);
	}
	/* Ratios first: median() sorts its array. */
	q = median_ratio(dev, ref);
	printf("bench idle: 1 x %zu-byte record per write() with %d idle readers %.0f rec/s, with none %.0f rec/s, ratio %.3f\n",
	       size, readers, median(dev), median(ref), q);
	free(fds);
	return 0;
}

/* ---- draining a full store: read() against the mapping ------------------ */

struct drainer {
	int use_map;
	long want;
	long got;
};

static pthread_barrier_t drain_start;

static void *drainer(void *arg)
{
	struct drainer *d = arg;
	int fd = open("/dev/logger", O_RDONLY | O_NONBLOCK);
	struct logger_view v = { .filter = 0xff, .order = LOGGER_ORDER_SEQ,
				 .format = LOGGER_FORMAT_BINARY,
				 .default_level = 6 };
	static __thread char buf[1 << 16];
	struct logger_record h;
	struct lgmap m;
	ssize_t n;

	if (fd < 0 || ioctl(fd, LOGGER_IOC_SET_VIEW, &v))
		exit(1);
	if (d->use_map && lgmap_open(&m, fd))
		exit(1);
	pthread_barrier_wait(&drain_start);
	d->got = 0;
	if (d->use_map) {
		while (lgmap_next(&m, &h, buf, sizeof(buf)) == 1)
			d->got++;
		lgmap_close(&m);
	} else {
		while ((n = read(fd, buf, sizeof(buf))) > 0) {
			char *p = buf;

			while (p < buf + n) {
				const struct logger_record *r = (void *)p;

				p += r->hdr_len + LOGGER_ALIGN(r->msg_len);
				d->got++;
			}
		}
	}
	close(fd);
	return NULL;
}

/* Records per second (all readers together) draining the store. */
static double drain_rate(int readers, int use_map, long n)
{
	struct drainer *d = calloc(readers, sizeof(*d));
	pthread_t *th = calloc(readers, sizeof(*th));
	double t0, t1;
	long total = 0;
	int i;

	pthread_barrier_init(&drain_start, NULL, readers + 1);
	for (i = 0; i < readers; i++) {
		d[i].use_map = use_map;
		d[i].want = n;
		pthread_create(&th[i], NULL, drainer, &d[i]);
	}
	pthread_barrier_wait(&drain_start);
	t0 = now();
	for (i = 0; i < readers; i++)
		pthread_join(th[i], NULL);
	t1 = now();
	for (i = 0; i < readers; i++) {
		if (d[i].got != n) {
			fprintf(stderr, "logger-bench: drain got %ld of %ld\n",
				d[i].got, n);
			exit(1);
		}
		total += d[i].got;
	}
	pthread_barrier_destroy(&drain_start);
	free(d);
	free(th);
	return total / (t1 - t0);
}

static int drain(long n, size_t size, int readers)
{
	double map[ROUNDS], rd[ROUNDS], q;
	char *buf = malloc(64 * size);
	size_t len = 0;
	long i;
	int k, fd = open("/dev/logger", O_WRONLY);

	if (fd < 0 || !buf)
		return 1;
	n = (n + 63) / 64 * 64;	/* whole 64-record writes */
	for (k = 0; k < 64; k++) {
		memcpy(buf + len, "<6>", 3);
		memset(buf + len + 3, 'd', size - 4);
		buf[len + size - 1] = '\n';
		len += size;
	}
	for (i = 0; i < n; i += 64)
		if (write(fd, buf, len) != (ssize_t)len)
			return 1;
	/* Whatever the store holds (earlier runs too) is what is drained. */
	{
		struct logger_stats st;

		if (ioctl(fd, LOGGER_IOC_GET_STATS, &st))
			return 1;
		n = st.records;
	}
	close(fd);
	for (k = 0; k < ROUNDS; k++) {
		rd[k] = drain_rate(readers, 0, n);
		map[k] = drain_rate(readers, 1, n);
	}
	q = median_ratio(map, rd);
	printf("bench drain: %d reader(s) draining %ld x %zu-byte records: mapping %.0f rec/s, read() %.0f rec/s, ratio %.2f\n",
	       readers, n, size, median(map), median(rd), q);
	free(buf);
	return 0;
}

/* ---- a writer with mapped readers following ------------------------------ */

static atomic_int follow_stop;

static void *follower(void *arg)
{
	int fd = open("/dev/logger", O_RDONLY | O_NONBLOCK);
	static __thread char buf[8192];
	struct logger_record h;
	struct lgmap m;

	pin(1);
	if (fd < 0 || lgmap_open(&m, fd))
		exit(1);
	m.wake_min = *(unsigned int *)arg;
	lgmap_skip_to_end(&m);
	while (!atomic_load(&follow_stop))
		if (lgmap_next(&m, &h, buf, sizeof(buf)) != 1)
			lgmap_wait(&m, 10);
	lgmap_close(&m);
	close(fd);
	return NULL;
}

/* Keeps vCPU 1 busy (no system calls) until follow_stop. */
static void *spinner(void *arg)
{
	volatile unsigned long x = 0;

	(void)arg;
	pin(1);
	while (!atomic_load(&follow_stop))
		x++;
	return NULL;
}

static int mapwriter(long n, size_t size, int readers)
{
	double with[ROUNDS], without[ROUNDS], busy[ROUNDS], q, qb;
	pthread_t spin;
	pthread_t *th = calloc(readers, sizeof(*th));
	static unsigned int marks[] = { 1, 64 };
	char buf[1024];
	int i, k, w;

	memcpy(buf, "<6>", 3);
	memset(buf + 3, 'w', size - 4);
	buf[size - 1] = '\n';
	pin(0);
	/* Followers woken for every record, then every 64 (a watermark). */
	for (w = 0; w < 2; w++) {
		for (i = 0; i < ROUNDS; i++) {
			without[i] = rate("/dev/logger", buf, size, n, 1);
			/* Peer with the readers' vCPU as busy as they make it. */
			atomic_store(&follow_stop, 0);
			pthread_create(&spin, NULL, spinner, NULL);
			busy[i] = rate("/dev/logger", buf, size, n, 1);
			atomic_store(&follow_stop, 1);
			pthread_join(spin, NULL);
			atomic_store(&follow_stop, 0);
			for (k = 0; k < readers; k++)
				pthread_create(&th[k], NULL, follower,
					       &marks[w]);
			with[i] = rate("/dev/logger", buf, size, n, 1);
			atomic_store(&follow_stop, 1);
			for (k = 0; k < readers; k++)
				pthread_join(th[k], NULL);
		}
		q = median_ratio(with, without);
		qb = median_ratio(with, busy);
		printf("bench mapwriter: 1 x %zu-byte record per write() with %d mapped readers following (woken every %u records) %.0f rec/s; with none %.0f rec/s, ratio %.3f; with none and their vCPU busy %.0f rec/s, ratio %.3f\n",
		       size, readers, marks[w], median(with), median(without),
		       q, median(busy), qb);
	}
	free(th);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "single";
	long n = argc > 2 ? atol(argv[2]) : 20000;
	size_t size = argc > 3 ? (size_t)atol(argv[3]) : 128;
	int batch = argc > 4 ? atoi(argv[4]) : 64, per, i;
	double dev[ROUNDS], null[ROUNDS], d, z, q;
	char *buf;
	size_t len = 0;

	if (strcmp(mode, "single") && strcmp(mode, "batch") &&
	    strcmp(mode, "watch") && strcmp(mode, "producer") &&
	    strcmp(mode, "idle") && strcmp(mode, "drain") &&
	    strcmp(mode, "mapwriter")) {
		fprintf(stderr, "usage: logger-bench single|batch|watch|producer|idle|drain|mapwriter [N] [SIZE] [BATCH|READERS]\n");
		return 2;
	}
	if (!strcmp(mode, "idle"))
		return idle_readers(n, size, batch);
	if (!strcmp(mode, "drain"))
		return drain(n, size, batch);
	if (!strcmp(mode, "mapwriter"))
		return mapwriter(n, size, batch);
	per = !strcmp(mode, "batch") || !strcmp(mode, "producer") ? batch : 1;
	if (n <= 0 || size < 8 || size > 1000 || per <= 0) {
		fprintf(stderr, "logger-bench: bad N, SIZE or BATCH\n");
		return 2;
	}
	buf = malloc((size + 1) * per);
	for (i = 0; i < per; i++) {
		memcpy(buf + len, "<6>", 3);
		memset(buf + len + 3, 'a' + i % 26, size - 4);
		buf[len + size - 1] = '\n';
		len += size;
	}
	if (!strcmp(mode, "watch")) {
		for (i = 0; i < ROUNDS; i++) {
			pthread_t th;

			null[i] = rate("/dev/logger", buf, len, n, 1);
			atomic_store(&sub_stop, 0);
			pthread_create(&th, NULL, subscriber, NULL);
			dev[i] = rate("/dev/logger", buf, len, n, 1);
			atomic_store(&sub_stop, 1);
			pthread_join(th, NULL);
		}
		q = median_ratio(dev, null);
		d = median(dev);
		z = median(null);
		printf("bench watch: 1 x %zu-byte record per write() into a full store: with an events subscriber %.0f rec/s (%ld events), without %.0f rec/s, ratio %.3f\n",
		       size, d, atomic_load(&sub_events), z, q);
	} else if (!strcmp(mode, "producer")) {
		for (i = 0; i < ROUNDS; i++) {
			null[i] = rate("/dev/logger", buf, len, n / per, per);
			dev[i] = producer_rate(n, size);
		}
		q = median_ratio(dev, null);
		d = median(dev);
		z = median(null);
		printf("bench producer: logger-producer -t 4 -w 2 -b 64, %zu-byte records: %.0f rec/s; raw 64-record writes %.0f rec/s; ratio %.2f\n",
		       size, d, z, q);
	} else {
		for (i = 0; i < ROUNDS; i++) {
			null[i] = rate("/dev/null", buf, len, n / per, per);
			dev[i] = rate("/dev/logger", buf, len, n / per, per);
		}
		q = median_ratio(dev, null);
		d = median(dev);
		z = median(null);
		printf("bench %s: %d x %zu-byte records per write(): /dev/logger %.0f rec/s, /dev/null %.0f rec/s, ratio %.2f\n",
		       mode, per, size, d, z, q);
	}
	free(buf);
	return 0;
}
