// SPDX-License-Identifier: GPL-2.0
/*
 * cons_sink: file and standard-output sinks.
 *
 * DESIGN
 *   Readers format under the router's read lock and write here after
 *   releasing it, so one stuck output (a pipe nobody drains, a stopped
 *   terminal) never stalls the other readers, a reload, or shutdown.
 *   Plain write(2), no stdio: a regular file is written straight; anything
 *   else (pipe, terminal, socket) is written at most PIPE_BUF bytes at a
 *   time after poll() said POLLOUT, with the reader's wake eventfd in the
 *   same poll, so a stop request (flag + eventfd) ends the wait at once
 *   (-ECANCELED); the bytes not written are the caller's to count.
 *   EPIPE is returned as it is: the consumer then ends quietly.
 *   A path that is a tcp://, udp:// or relp:// URL makes a forwarding
 *   sink instead (cons_fwd.c); its records are not lines but framed
 *   syslog messages, delivered by cons_fwd_deliver().
 *   Non-goals: no buffering across calls, no reopen on SIGHUP.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cons_sink.h"

static int file_write(struct cons_sink *s, const char *buf, size_t len,
		      int wake_fd, const atomic_bool *stop)
{
	size_t done = 0;

	while (done < len) {
		size_t n = len - done;
		ssize_t w;

		if (!s->regular) {
			struct pollfd pfd[2] = {
				{ .fd = s->fd, .events = POLLOUT },
				{ .fd = wake_fd, .events = POLLIN },
			};

			if (poll(pfd, wake_fd >= 0 ? 2 : 1, -1) < 0) {
				if (errno == EINTR)
					continue;
				return -errno;
			}
			if (wake_fd >= 0 && pfd[1].revents) {
				unsigned long long v;

				if (stop && atomic_load(stop))
					return -ECANCELED;
				/* Another wake-up (a reload): clear it. */
				if (read(wake_fd, &v, sizeof(v)) < 0 &&
				    errno != EAGAIN)
					return -errno;
				if (!pfd[0].revents)
					continue;
			}
			if (n > PIPE_BUF)
				n = PIPE_BUF;
		}
		w = write(s->fd, buf + done, n);
		if (w < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		done += (size_t)w;
	}
	return 0;
}

static void file_close(struct cons_sink *s)
{
	if (s->fd > STDERR_FILENO)
		close(s->fd);
}

static const struct cons_sink_ops file_ops = {
	.write = file_write,
	.close = file_close,
};

static int fwd_write(struct cons_sink *s, const char *buf, size_t len,
		     int wake_fd, const atomic_bool *stop)
{
	return -EINVAL;		/* forwarders take batches, not lines */
}

static void fwd_close(struct cons_sink *s)
{
	cons_fwd_free(s->fwd);
	s->fwd = NULL;
}

static const struct cons_sink_ops fwd_ops = {
	.write = fwd_write,
	.close = fwd_close,
};

/**
 * cons_sink_open() - open the sink @path
 * @path: a file, appended to, created 0640 if missing; "-": standard
 *	output; a tcp://, udp:// or relp:// URL: a forwarder.
 * @color: the --color setting (auto: only on a terminal).
 * @fo: the forwarders' options.
 * @out: the new sink, with no reference yet.
 *
 * Return: 0 or -errno (-EINVAL: a bad URL; -EPROTONOSUPPORT: relp://
 * without librelp).
 */
int cons_sink_open(const char *path, enum lg_color_when color,
		   const struct cons_fwd_opts *fo, struct cons_sink **out)
{
	struct cons_sink *s = calloc(1, sizeof(*s));
	struct stat st;

	if (!s)
		return -ENOMEM;
	if (strlen(path) >= sizeof(s->path)) {
		free(s);
		return -ENAMETOOLONG;
	}
	strcpy(s->path, path);
	if (cons_fwd_is_url(path)) {
		int ret = cons_fwd_open(path, fo, &s->fwd);

		if (ret) {
			free(s);
			return ret;
		}
		s->ops = &fwd_ops;
		s->fd = -1;
		pthread_mutex_init(&s->lock, NULL);
		atomic_init(&s->refs, 0);
		*out = s;
		return 0;
	}
	s->ops = &file_ops;
	s->fd = strcmp(path, "-") ? open(path, O_WRONLY | O_CREAT | O_APPEND |
					 O_CLOEXEC, 0640) : STDOUT_FILENO;
	if (s->fd < 0) {
		int e = errno;

		free(s);
		return -e;
	}
	s->regular = !fstat(s->fd, &st) && S_ISREG(st.st_mode);
	s->color = lg_color_enabled(color, s->fd);
	pthread_mutex_init(&s->lock, NULL);
	atomic_init(&s->refs, 0);
	*out = s;
	return 0;
}

void cons_sink_free(struct cons_sink *s)
{
	s->ops->close(s);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/* Write whole lines to @s, one writer at a time; 0 or -errno. */
int cons_sink_write(struct cons_sink *s, const char *buf, size_t len,
		    int wake_fd, const atomic_bool *stop)
{
	int ret;

	pthread_mutex_lock(&s->lock);
	ret = s->ops->write(s, buf, len, wake_fd, stop);
	pthread_mutex_unlock(&s->lock);
	return ret;
}
