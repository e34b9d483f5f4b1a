// SPDX-License-Identifier: GPL-2.0
/*
 * logger-bench: the tools and the other ways in and out: logger-producer
 * end to end, a store whose every write overflows with and without an
 * events subscriber (as `loggerctl watch` is), readers draining a full
 * store through read() or through the mapping, and logger-consumer
 * forwarding a full store into rsyslogd.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "lgmap.h"
#include "logger.h"

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
double producer_rate(long n, size_t size)
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
		/* Its errors with its report; no live progress line on a pipe. */
		dup2(pfd[1], 2);
		dup2(pfd[1], 1);
		close(pfd[0]);
		execl("/bin/logger-producer", "logger-producer", "--threads", "4",
		      "-w", "2", "-b", "64", "-n", count, "-S", sz,
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

/*
 * Single-record writes into a store that overflows at every write (load
 * the module with a 64 KiB capacity): with an events subscriber against
 * without one.
 */
int watch(long n, size_t size)
{
	struct job j[2] = {
		{ .id = "nosub", .what = "no subscriber" },
		{ .id = "sub", .what = "events subscriber" },
	};
	size_t len;
	char *buf = records(size, 1, &len);
	int fd = open("/dev/logger", O_WRONLY), i;
	struct row row = { "sub", "nosub", 0.95, NULL };

	if (fd < 0)
		die("open /dev/logger");
	for (i = 0; i < ROUNDS; i++) {
		pthread_t th;

		j[0].r[i] = write_rate(fd, buf, len, n, 1);
		atomic_store(&sub_stop, 0);
		pthread_create(&th, NULL, subscriber, NULL);
		j[1].r[i] = write_rate(fd, buf, len, n, 1);
		atomic_store(&sub_stop, 1);
		pthread_join(th, NULL);
	}
	report("watch", j, 2, &row, 1);
	printf("bench watch: %ld events received\n", atomic_load(&sub_events));
	close(fd);
	free(buf);
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

/*
 * Records per second (all readers together) draining the store, which
 * holds @n records (drain_fill()): @j->readers threads, each with its own
 * fd, through the mapping (@j->map) or read().
 */
double drain_rate(const struct job *j, long n)
{
	int readers = j->readers, use_map = j->map;
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

/* Fill the store with about @n records; returns how many it holds. */
long drain_fill(long n)
{
	struct logger_stats st;
	size_t len;
	char *buf = records(bench_size, 64, &len);
	int fd = open("/dev/logger", O_WRONLY);
	long i;

	if (fd < 0)
		die("open /dev/logger");
	dev_clear();
	for (i = 0; i < n; i += 64)
		if (write(fd, buf, len) != (ssize_t)len)
			die("write");
	/* Whatever the store holds is what is drained. */
	if (ioctl(fd, LOGGER_IOC_GET_STATS, &st))
		die("LOGGER_IOC_GET_STATS");
	close(fd);
	free(buf);
	return st.records;
}

/* ---- logger-consumer forwarding into rsyslogd ------------------------ */

/*
 * Records per second of one logger-consumer run that reads the whole
 * store (@n records, drain_fill()) and exits: forwarding to @j->path, or,
 * for the peer, writing its text output to /dev/null.  RELP exits once
 * rsyslogd acknowledged every record; TCP once every record was sent.
 */
double forward_rate(const struct job *j, long n)
{
	/* Its progress lines go to a file, shown if it fails. */
	const char *errf = "/tmp/bench-forward.err";
	int status, null = open("/dev/null", O_WRONLY);
	int err = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	double t0 = now(), t1;
	pid_t pid;

	if (null < 0 || err < 0)
		die("open /dev/null or the consumer's error file");
	pid = fork();
	if (pid == 0) {
		dup2(null, 1);
		dup2(err, 2);
		setenv("LD_LIBRARY_PATH", "/lib/x86_64-linux-gnu", 1);
		if (j->path)
			execl(FWD_CONSUMER, "logger-consumer", "--forward",
			      j->path, (char *)NULL);
		else
			execl(FWD_CONSUMER, "logger-consumer", (char *)NULL);
		_exit(127);
	}
	close(null);
	close(err);
	if (pid < 0)
		die("fork");
	waitpid(pid, &status, 0);
	t1 = now();
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "logger-bench: logger-consumer %s failed (%d), its errors in %s:\n",
			j->path ? j->path : "(dump)", status, errf);
		if (system("cat /tmp/bench-forward.err >&2"))
			fprintf(stderr, "logger-bench: (could not show them)\n");
		exit(1);
	}
	return n / (t1 - t0);
}
