// SPDX-License-Identifier: GPL-2.0
/*
 * cons_map: the mmap source (--mmap), on /dev/logger's shared mapping.
 *
 * DESIGN
 *   The same fds as the read() source, set up by it (cons_dev.c: binary
 *   format 2, the spec's levels, order, tag filter, --no-hold, and where
 *   to start: cursor file, --cursor, --new-only, --since seq:N), then
 *   mapped with lgmap_open(), which takes the fd's view and position over.
 *   From there the reader thread's read() is lgmap_next2(): it fills the
 *   buffer with the very bytes read() would return -- struct
 *   logger_record2, the message, zero padding to 8 bytes, the same
 *   @lost counts -- so decoding, filters, formats and outputs are
 *   the read() path's, and the output is byte for byte the same.
 *   Nothing there: lgmap_wait(m, 0) publishes the reader's position to
 *   the kernel (LOGGER_IOC_MAP_SYNC; under the block policy the records
 *   before it are no longer held) and asks whether one came meanwhile;
 *   if not, "EAGAIN": a dump ends there, and a follower sleeps in
 *   epoll_wait() on the same fd, whose poll() now answers for the mapped
 *   position, and on its wake eventfd, so SIGINT, SIGTERM and reloads
 *   wake it at once, as on the read() path.
 *   A reload (SIGHUP) re-views the fd as the read() source does, then the
 *   mapped reader (lgmap_set_view(), lgmap_set_tag_filter() with what the
 *   fd now has); its position is kept.
 *   Refused: reader groups (--group, group=): the members share one
 *   cursor in the kernel, and a mapped reader reads from its own
 *   position (the kernel refuses LOGGER_IOC_MAP_SYNC in a group, EBUSY).
 *   A reader who may not see every record (read_own, without CAP_SYSLOG
 *   or read_gid) cannot map the store (EPERM): said, with the way out
 *   (read without --mmap); the consumer exits 1.
 *   Non-goals: no fallback to read() behind the user's back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cons_map.h"
#include "prog.h"

void cons_map_init(struct cons_map *cm, struct cons_dev *dev)
{
	unsigned int i;

	memset(cm, 0, sizeof(*cm));
	cm->dev = dev;
	pthread_mutex_init(&cm->lock, NULL);
	for (i = 0; i < CONS_MAP_SLOTS; i++)
		cm->fd[i] = -1;
}

void cons_map_destroy(struct cons_map *cm)
{
	pthread_mutex_destroy(&cm->lock);
}

/* Why @sp cannot be read through a mapping, or NULL when it can. */
const char *cons_map_refuses(const struct cons_spec *sp)
{
	if (sp->group[0])
		return "a reader group shares one cursor in the kernel, and a mapped reader reads from its own position";
	return NULL;
}

/* The mapped reader of @fd (NULL: none). */
static struct lgmap *map_of(struct cons_map *cm, int fd)
{
	struct lgmap *m = NULL;
	unsigned int i;

	pthread_mutex_lock(&cm->lock);
	for (i = 0; i < CONS_MAP_SLOTS; i++)
		if (cm->fd[i] == fd) {
			m = cm->m[i];
			break;
		}
	pthread_mutex_unlock(&cm->lock);
	return m;
}

static int map_add(struct cons_map *cm, int fd, struct lgmap *m)
{
	unsigned int i;
	int ret = -EMFILE;

	pthread_mutex_lock(&cm->lock);
	for (i = 0; i < CONS_MAP_SLOTS; i++)
		if (cm->fd[i] < 0) {
			cm->fd[i] = fd;
			cm->m[i] = m;
			ret = 0;
			break;
		}
	pthread_mutex_unlock(&cm->lock);
	return ret;
}

/* Take @fd's mapped reader out of the table; NULL if it had none. */
static struct lgmap *map_del(struct cons_map *cm, int fd)
{
	struct lgmap *m = NULL;
	unsigned int i;

	pthread_mutex_lock(&cm->lock);
	for (i = 0; i < CONS_MAP_SLOTS; i++)
		if (cm->fd[i] == fd) {
			m = cm->m[i];
			cm->fd[i] = -1;
			cm->m[i] = NULL;
			break;
		}
	pthread_mutex_unlock(&cm->lock);
	return m;
}

static int map_open_view(void *arg, const struct cons_spec *sp, int *fdp)
{
	struct cons_map *cm = arg;
	const char *why = cons_map_refuses(sp);
	struct lgmap *m;
	int fd, ret;

	if (why) {
		lg_warnx("reader %s: --mmap and group=%s exclude each other: %s",
			 sp->name, sp->group, why);
		return -EINVAL;
	}
	ret = cons_dev_ops_tmpl.open_view(cm->dev, sp, &fd);
	if (ret)
		return ret;
	m = calloc(1, sizeof(*m));
	if (!m) {
		ret = -ENOMEM;
		goto err_close;
	}
	ret = lgmap_open(m, fd);
	if (ret) {
		if (ret == -EPERM)
			lg_warnx("%s: cannot map the store: %s (a mapping shows every record, and this user may read only its own under read_own; read without --mmap)",
				 cm->dev->path, strerror(EPERM));
		else if (ret == -EPROTO)
			lg_warnx("%s: the store's mapping has a layout this consumer does not know (module and tools of different versions?)",
				 cm->dev->path);
		else
			lg_warnx("%s: cannot map the store: %s",
				 cm->dev->path, strerror(-ret));
		goto err_free;
	}
	ret = map_add(cm, fd, m);
	if (ret)
		goto err_unmap;
	*fdp = fd;
	return 0;

err_unmap:
	lgmap_close(m);
err_free:
	free(m);
err_close:
	cons_dev_ops_tmpl.close_view(cm->dev, fd);
	return ret;
}

/* A reload: the fd as the read() source re-views it, then the mapping. */
static int map_set_view(void *arg, int fd, const struct cons_spec *sp)
{
	struct cons_map *cm = arg;
	struct lgmap *m = map_of(cm, fd);
	const char *why = cons_map_refuses(sp);
	struct logger_tag_filter tf;
	int ret;

	if (why) {
		lg_warnx("reader %s: --mmap and group=%s exclude each other: %s",
			 sp->name, sp->group, why);
		return -EINVAL;
	}
	if (!m)
		return -EBADF;
	ret = cons_dev_ops_tmpl.set_view(cm->dev, fd, sp);
	if (!ret)
		ret = lgmap_set_view(m, sp->levels, sp->order);
	if (!ret && ioctl(fd, LOGGER_IOC_GET_TAG_FILTER, &tf))
		ret = -errno;
	if (!ret)
		ret = lgmap_set_tag_filter(m, &tf);
	return ret;
}

static void map_close_view(void *arg, int fd)
{
	struct cons_map *cm = arg;
	struct lgmap *m = map_del(cm, fd);

	if (m) {
		lgmap_close(m);
		free(m);
	}
	cons_dev_ops_tmpl.close_view(cm->dev, fd);
}

/* Records into @buf as read() in binary format 2; bytes, 0 if none. */
static size_t map_fill(struct lgmap *m, char *buf, size_t len, int *err)
{
	struct logger_record2 h;
	size_t off = 0, room;
	int r;

	*err = 0;
	while (len - off > sizeof(h)) {
		/* Whole 8-byte units, so the padding fits too. */
		room = (len - off - sizeof(h)) & ~(size_t)7;
		r = lgmap_next2(m, &h, buf + off + sizeof(h), room);
		if (r <= 0) {
			*err = r;
			break;
		}
		memcpy(buf + off, &h, sizeof(h));
		memset(buf + off + sizeof(h) + h.rec.msg_len, 0,
		       LOGGER_ALIGN(h.rec.msg_len) - h.rec.msg_len);
		off += sizeof(h) + LOGGER_ALIGN(h.rec.msg_len);
	}
	return off;
}

/*
 * The source's read(): whole records, as many as fit; -1 with EAGAIN
 * when none is there (the position then published, see DESIGN).
 */
static ssize_t map_read(void *arg, int fd, void *buf, size_t len)
{
	struct lgmap *m = map_of(arg, fd);
	size_t n;
	int err, tries, r;

	if (!m) {
		errno = EBADF;
		return -1;
	}
	for (tries = 0; tries < 2; tries++) {
		n = map_fill(m, buf, len, &err);
		if (n)
			return (ssize_t)n;
		if (err == -EMSGSIZE) {
			/* Not even one record fits (read()'s EINVAL). */
			errno = EMSGSIZE;
			return -1;
		}
		r = lgmap_wait(m, 0);
		if (r < 0) {
			errno = -r;
			return -1;
		}
		if (!r)
			break;
	}
	errno = EAGAIN;
	return -1;
}

/*
 * This reader's counts: what the mapped reader read, lost and skipped;
 * the backlog as the kernel sees it from the position it publishes now.
 */
static int map_view_stats(void *arg, int fd, struct logger_view_stats *vs)
{
	struct lgmap *m = map_of(arg, fd);
	int ret;

	if (!m)
		return -EBADF;
	lgmap_sync(m);
	ret = cons_dev_view_stats(fd, vs);
	if (ret)
		return ret;
	vs->read = m->read;
	vs->lost = m->lost;
	vs->skipped = m->skipped;
	return 0;
}

/* Copy this and set .arg to a struct cons_map. */
const struct cons_ops cons_map_ops_tmpl = {
	.open_view = map_open_view,
	.set_view = map_set_view,
	.close_view = map_close_view,
	.read = map_read,
	.view_stats = map_view_stats,
};
