// SPDX-License-Identifier: GPL-2.0
/*
 * logger-bench: the peers, what the kernel already offers for passing
 * records from one process to another: a pipe, an AF_UNIX datagram
 * socketpair, a POSIX message queue and /dev/kmsg.  One writer (vCPU 0)
 * sends @n records of bench_size bytes, one per system call; one reader
 * (vCPU 1) takes them; the rate is records per second until the reader
 * had the last one (for /dev/kmsg, whose ring may overwrite what the
 * reader did not take yet: until it had all it could get).
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench.h"

/* As in flow.c: the longest record /dev/kmsg takes. */
#define KMSG_MAX 976

struct pair {
	const struct job *j;
	int rfd;		/* pipe, socket, kmsg: read end */
	mqd_t mq;
	long n;
	size_t size;
	long got;
	double end;
	pthread_barrier_t start;
	atomic_int stop;	/* kmsg: the writer is done */
};

static void *pair_reader(void *arg)
{
	struct pair *p = arg;
	size_t bufsize = 1 << 16, bytes = 0;
	char *buf = malloc(bufsize);
	ssize_t r;

	pin(1);
	pthread_barrier_wait(&p->start);
	while (p->got < p->n) {
		/* Taken before looking (kmsg): see flow.c's reader(). */
		int last = atomic_load(&p->stop);

		switch (p->j->kind) {
		case JOB_PIPE:
			/* A stream: take what is there, count whole records. */
			r = read(p->rfd, buf, bufsize);
			if (r <= 0)
				die("read pipe");
			bytes += r;
			p->got = bytes / p->size;
			break;
		case JOB_MQ:
			if (mq_receive(p->mq, buf, bufsize, NULL) < 0)
				die("mq_receive");
			p->got++;
			break;
		case JOB_KMSG:
			r = read(p->rfd, buf, bufsize);
			if (r > 0) {
				p->got++;
				break;
			}
			if (r < 0 && errno == EPIPE)
				continue;	/* overwritten: a loss */
			if (r < 0 && errno != EAGAIN)
				die("read /dev/kmsg");
			if (last)
				goto out;
			poll(&(struct pollfd){ .fd = p->rfd, .events = POLLIN },
			     1, 2);
			break;
		default:
			if (recv(p->rfd, buf, bufsize, 0) < 0)
				die("recv");
			p->got++;
		}
	}
out:
	p->end = now();
	free(buf);
	return NULL;
}

double peer_pair(const struct job *j, long n)
{
	struct pair p = { .j = j, .n = n, .size = bench_size };
	struct mq_attr attr = { .mq_maxmsg = 10 };
	int fds[2] = { -1, -1 }, wfd = -1;
	pthread_t th;
	size_t len;
	char *buf;
	double t0;
	long i;

	if (j->kind == JOB_KMSG && p.size > KMSG_MAX)
		p.size = KMSG_MAX;
	buf = records(p.size, 1, &len);
	switch (j->kind) {
	case JOB_PIPE:
		if (pipe(fds))
			die("pipe");
		break;
	case JOB_UNIX:
		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, fds))
			die("socketpair");
		break;
	case JOB_MQ:
		attr.mq_msgsize = len;
		mq_unlink("/logger-bench");
		p.mq = mq_open("/logger-bench", O_RDWR | O_CREAT | O_EXCL,
			       0600, &attr);
		if (p.mq == (mqd_t)-1)
			die("mq_open");
		break;
	default:
		/* Below the console's loglevel: stays off the console. */
		buf[1] = '7';
		fds[1] = open("/dev/kmsg", O_WRONLY);
		fds[0] = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
		if (fds[0] < 0 || fds[1] < 0 ||
		    lseek(fds[0], 0, SEEK_END) < 0)
			die("/dev/kmsg");
	}
	p.rfd = fds[0];
	wfd = fds[1];
	pthread_barrier_init(&p.start, NULL, 2);
	pthread_create(&th, NULL, pair_reader, &p);
	pin(0);
	pthread_barrier_wait(&p.start);
	t0 = now();
	for (i = 0; i < n; i++) {
		if (j->kind == JOB_MQ ? mq_send(p.mq, buf, len, 0) :
		    j->kind == JOB_UNIX ? send(wfd, buf, len, 0) != (ssize_t)len :
		    write(wfd, buf, len) != (ssize_t)len)
			die("send");
	}
	atomic_store(&p.stop, 1);
	pthread_join(th, NULL);
	pthread_barrier_destroy(&p.start);
	if (j->kind == JOB_MQ) {
		mq_close(p.mq);
		mq_unlink("/logger-bench");
	} else {
		close(fds[0]);
		close(fds[1]);
	}
	free(buf);
	/* /dev/kmsg: what the reader got, including other kernel lines. */
	return (j->kind == JOB_KMSG ? p.got : n) / (p.end - t0);
}
