// SPDX-License-Identifier: GPL-2.0
/*
 * cons_dev: the read() source, on /dev/logger.
 *
 * DESIGN
 *   Every reader fd is opened O_RDONLY | O_NONBLOCK and switched to the
 *   binary format (so the consumer gets seq, level and lost exactly),
 *   with the spec's filter and order, by LOGGER_IOC_GET_VIEW then
 *   LOGGER_IOC_SET_VIEW (reserved bytes stay as the kernel gave them:
 *   zero).  Format 2 (with the record's tag) is asked first; a kernel
 *   that refuses it (EINVAL) gets format 1 and the records no tag.  The
 *   fd holds records under the block policy unless --no-hold
 *   (LOGGER_VIEW_NO_HOLD); a kernel without holding at all refuses that
 *   flag, and then there is nothing to opt out of.  Where it starts, once, at open (a later view change on the
 *   same fd keeps the cursor), first that applies:
 *   1. the spec's cursor file: after the record it names;
 *   2. --cursor (at) / --after-cursor (after) the position given;
 *   3. --new-only / --follow-new: the end (lseek SEEK_END);
 *   4. the oldest record;
 *   then --since seq:N moves it forward to N (LOGGER_IOC_SEEK).  A cursor
 *   of another load of the module (ESTALE) is reported and ignored: the
 *   reader starts at the oldest record.  Errors are -errno.
 *   Non-goals: no mmap (a later source).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cons_dev.h"
#include "prog.h"

static int dev_set_view(void *arg, int fd, const struct cons_spec *sp)
{
	struct cons_dev *dev = arg;
	struct logger_view v;

	if (ioctl(fd, LOGGER_IOC_GET_VIEW, &v))
		return -errno;
	v.filter = sp->levels;
	v.order = (__u8)sp->order;
	v.format = LOGGER_FORMAT_BINARY2;
	if (dev && dev->no_hold)
		v.flags |= LOGGER_VIEW_NO_HOLD;
	if (!ioctl(fd, LOGGER_IOC_SET_VIEW, &v))
		return 0;
	if (errno != EINVAL)
		return -errno;
	/* A kernel before tags: format 1, and maybe no holding either. */
	v.format = LOGGER_FORMAT_BINARY;
	if (!ioctl(fd, LOGGER_IOC_SET_VIEW, &v))
		return 0;
	if (errno != EINVAL || !(v.flags & LOGGER_VIEW_NO_HOLD))
		return -errno;
	v.flags &= (__u8)~LOGGER_VIEW_NO_HOLD;
	return ioctl(fd, LOGGER_IOC_SET_VIEW, &v) ? -errno : 0;
}

/* The module instance the fd belongs to; 0 or -errno. */
int cons_dev_instance(int fd, unsigned long long *instance)
{
	struct logger_pos p;

	if (ioctl(fd, LOGGER_IOC_GET_POS, &p))
		return -errno;
	*instance = p.instance;
	return 0;
}

/* Seek to @seq of @instance: 0, or -errno (ESTALE: another load). */
static int seek_to(int fd, unsigned long long instance,
		   unsigned long long seq)
{
	struct logger_pos p = { .instance = instance, .seq = seq };

	return ioctl(fd, LOGGER_IOC_SEEK, &p) ? -errno : 0;
}

/*
 * Start position 1-3 of the DESIGN; 0 or -errno.  *@from: the first
 * sequence number it may return (0: from the oldest, ~0: only new ones).
 */
static int dev_start(struct cons_dev *dev, const struct cons_spec *sp, int fd,
		     unsigned long long *from)
{
	struct cons_cursor c = dev->start;
	bool after = dev->start_after;
	const char *what = "--cursor";
	int ret;

	if (sp->cursor[0]) {
		ret = cons_cursor_load(sp->cursor, &c);
		if (ret == -ENOENT) {
			c.instance = 0;
		} else if (ret) {
			lg_warnx("%s: %s", sp->cursor,
				 ret == -EINVAL ? "not a cursor file" :
						  strerror(-ret));
			return ret;
		} else {
			after = true;
			what = sp->cursor;
		}
	}
	*from = 0;
	if (c.instance) {
		*from = c.seq + (after ? 1 : 0);
		ret = seek_to(fd, c.instance, *from);
		if (ret == -ESTALE) {
			*from = 0;
			if (!dev->quiet || sp->state)
				lg_warnx("%s: a position of another load of the module (instance %016llx): starting at the oldest record",
					 what, c.instance);
			return 0;
		}
		return ret;
	}
	if (dev->new_only) {
		*from = ~0ULL;
		if (lseek(fd, 0, SEEK_END) < 0)
			return -errno;
	}
	return 0;
}

static int dev_open_view(void *arg, const struct cons_spec *sp, int *fdp)
{
	struct cons_dev *dev = arg;
	unsigned long long from = 0, inst = 0;
	int fd, ret;

	fd = open(dev->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = dev_set_view(arg, fd, sp);
	if (!ret)
		ret = dev_start(dev, sp, fd, &from);
	if (ret)
		goto err_close;
	if (dev->since_seq > from && from != ~0ULL) {
		ret = cons_dev_instance(fd, &inst);
		if (ret)
			goto err_close;
		/* A position not yet written: from the end, then. */
		if (seek_to(fd, inst, dev->since_seq) &&
		    lseek(fd, 0, SEEK_END) < 0) {
			ret = -errno;
			goto err_close;
		}
	}
	*fdp = fd;
	return 0;

err_close:
	close(fd);
	return ret;
}

static void dev_close_view(void *arg, int fd)
{
	close(fd);
}

/* Copy this and set .arg to a struct cons_dev. */
const struct cons_ops cons_dev_ops_tmpl = {
	.open_view = dev_open_view,
	.set_view = dev_set_view,
	.close_view = dev_close_view,
};

int cons_dev_view_stats(int fd, struct logger_view_stats *vs)
{
	return ioctl(fd, LOGGER_IOC_VIEW_STATS, vs) ? -errno : 0;
}
