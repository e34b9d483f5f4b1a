// SPDX-License-Identifier: GPL-2.0
/*
 * cons_reader: a reader thread's loop -- read binary records from its fd,
 * decode, verify, format, write to its output.
 *
 * DESIGN
 *   Each reader thread owns one fd, opened O_NONBLOCK.  Under the
 *   router's read lock it does one read() and routes what it got (so a
 *   reload, which takes the write lock, falls between two batches), then
 *   drops the lock.  On EAGAIN it ends (dump mode) or sleeps in
 *   epoll_wait() on its fd and its wake eventfd (follow mode) -- never
 *   with the lock held.  On EINVAL (the next record does not fit) it asks
 *   LOGGER_IOC_NEXT_SIZE and grows its buffer; the cursor did not move.
 *   EINTR retries; a read of 0 (end of a plain file or pipe) ends.
 *
 *   A batch is formatted into one buffer and written with one fwrite(), so
 *   lines of readers sharing an output never interleave.  --count stops
 *   after exactly that many records (extra records of the last read are
 *   not printed).  A lost count in a record header is printed as the
 *   driver's marker line before the record.
 *   Non-goals: no retry after an output error; a reader stops and the
 *   consumer exits 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cons_record.h"
#include "cons_router.h"
#include "logger.h"

/* Default read buffer; grown on EINVAL. */
#define CONS_READ_BUF	65536

/**
 * cons_reader_consume() - route one read()'s worth of records
 * @rt: the router (its read lock held by the caller).
 * @r: the reader.
 * @buf: the bytes read.
 * @len: their number.
 *
 * Return: 0 to go on, 1 when the --count limit is reached, -errno on a
 * malformed buffer (-EBADMSG) or an output error.
 */
int cons_reader_consume(struct cons_router *rt, struct cons_reader *r,
			const char *buf, size_t len)
{
	unsigned long long total = 0;
	struct cons_rec rec;
	size_t off = 0;
	char msg[160];
	int ret = 0, l;

	for (l = 0; l < 8; l++)
		total += r->counts.read[l];
	lg_sbuf_reset(&r->line);
	while (!(rt->limit && total >= rt->limit)) {
		ret = cons_decode_next(buf, len, &off, &rec);
		if (ret <= 0)
			break;
		ret = 0;
		if (rec.h.lost) {
			r->counts.lost += rec.h.lost;
			cons_fmt_lost(&r->line, rec.h.lost,
				      rec.h.ts_real_ns / 1000, r->spec.format);
		}
		if (rt->verify &&
		    cons_verify_rec(&r->verify, &rec, msg, sizeof(msg))) {
			r->counts.violations++;
			fprintf(stderr, "logger-consumer: verify: reader %s: %s\n",
				r->spec.name, msg);
		}
		r->counts.read[rec.h.level]++;
		total++;
		cons_fmt_record(&r->line, &rec, r->spec.format);
	}
	if (r->line.oom)
		ret = -ENOMEM;
	if (r->line.len &&
	    (fwrite(r->line.buf, 1, r->line.len, r->out->f) != r->line.len ||
	     fflush(r->out->f)))
		ret = -(errno ? errno : EIO);
	if (!ret && rt->limit && total >= rt->limit)
		ret = 1;
	return ret;
}

/* EINVAL from read(): make the buffer big enough for the next record. */
static int grow(struct cons_reader *r, char **buf, size_t *cap)
{
	__u64 need = 0;
	char *nb;

	if (ioctl(r->fd, LOGGER_IOC_NEXT_SIZE, &need))
		return -errno;
	if (need <= *cap)
		return need ? -EINVAL : 0;
	if (need > (1u << 30))
		return -EMSGSIZE;
	nb = realloc(*buf, (size_t)need);
	if (!nb)
		return -ENOMEM;
	*buf = nb;
	*cap = (size_t)need;
	return 0;
}

/* Follow mode: sleep until the fd or the wake eventfd is readable. */
static int wait_readable(struct cons_reader *r, int epfd)
{
	struct epoll_event ev[2];
	unsigned long long v;
	int i, n;

	n = epoll_wait(epfd, ev, 2, -1);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n; i++)
		if (ev[i].data.fd == r->wake_fd &&
		    read(r->wake_fd, &v, sizeof(v)) < 0 && errno != EAGAIN)
			return -errno;
	return 0;
}

static int setup_epoll(struct cons_reader *r)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int epfd = epoll_create1(EPOLL_CLOEXEC);

	if (epfd < 0)
		return -errno;
	ev.data.fd = r->fd;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, r->fd, &ev))
		goto err_close;
	ev.data.fd = r->wake_fd;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, r->wake_fd, &ev))
		goto err_close;
	return epfd;

err_close:
	ev.data.fd = -errno;
	close(epfd);
	return ev.data.fd;
}

/* The thread of reader @arg (a struct cons_reader). */
void *cons_reader_main(void *arg)
{
	struct cons_reader *r = arg;
	struct cons_router *rt = r->rt;
	size_t cap = CONS_READ_BUF;
	char *buf = malloc(cap);
	int epfd = -1, err = 0;

	if (!buf) {
		err = -ENOMEM;
		goto out;
	}
	if (rt->follow) {
		epfd = setup_epoll(r);
		if (epfd < 0) {
			err = epfd;
			goto out;
		}
	}
	for (;;) {
		ssize_t n;
		int e = 0, ret = 0;

		pthread_rwlock_rdlock(&rt->lock);
		if (r->removed || atomic_load(&rt->stop)) {
			pthread_rwlock_unlock(&rt->lock);
			break;
		}
		n = read(r->fd, buf, cap);
		if (n > 0)
			ret = cons_reader_consume(rt, r, buf, (size_t)n);
		else
			e = n < 0 ? errno : 0;
		pthread_rwlock_unlock(&rt->lock);

		if (n > 0) {
			if (ret < 0)
				err = ret;
			if (ret)
				break;
			continue;
		}
		if (n == 0)
			break;
		if (e == EINTR)
			continue;
		if (e == EAGAIN) {
			if (!rt->follow)
				break;
			err = wait_readable(r, epfd);
			if (err)
				break;
			continue;
		}
		if (e == EINVAL) {
			err = grow(r, &buf, &cap);
			if (err)
				break;
			continue;
		}
		err = -e;
		break;
	}
out:
	if (err) {
		pthread_rwlock_rdlock(&rt->lock);
		r->counts.error = -err;
		fprintf(stderr, "logger-consumer: reader %s: %s\n",
			r->spec.name, strerror(-err));
		pthread_rwlock_unlock(&rt->lock);
	}
	if (epfd >= 0)
		close(epfd);
	free(buf);
	atomic_store(&r->done, true);
	if (rt->notify)
		rt->notify(rt->notify_arg);
	return NULL;
}
