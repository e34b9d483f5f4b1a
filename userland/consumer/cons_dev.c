// SPDX-License-Identifier: GPL-2.0
/*
 * cons_dev: the read() source, on /dev/logger.
 *
 * DESIGN
 *   Every reader fd is opened O_RDONLY | O_NONBLOCK and switched to the
 *   binary format (so the consumer gets seq, level and lost exactly),
 *   with the spec's filter and order, by LOGGER_IOC_GET_VIEW then
 *   LOGGER_IOC_SET_VIEW (reserved bytes stay as the kernel gave them:
 *   zero).  Then the fd's flags (LOGGER_IOC_SET_FLAGS): LOGGER_FD_RECORD2,
 *   so records come with their tag (struct logger_record2), and
 *   LOGGER_FD_NO_HOLD for --no-hold (the fd then does not hold records
 *   under the block policy); then the spec's tag filter
 *   (LOGGER_IOC_SET_TAG_FILTER, set even when empty, so a reload can
 *   clear it).  A kernel before flags (ENOTTY) gets format 1, records
 *   without tags and nothing to opt out of; a tag filter or a group there
 *   is an error (EOPNOTSUPP, said on stderr), never ignored.
 *   A group (--group) is joined last, after the start position below, so
 *   the first member brings it; later members take the group's cursor
 *   and filter: a filter that differs from the spec's is reported.  A
 *   reload that changes the group leaves the old one and joins the new.
 *   Where it starts, once, at open (a later view change on the same fd
 *   keeps the cursor), first that applies:
 *   1. the spec's cursor file: after the record it names;
 *   2. --cursor (at) / --after-cursor (after) the position given;
 *   3. --new-only / --follow-new: the end (lseek SEEK_END);
 *   4. the oldest record;
 *   then --since seq:N moves it forward to N (LOGGER_IOC_SEEK).  A cursor
 *   of another load of the module (ESTALE) is reported and ignored: the
 *   reader starts at the oldest record.  Errors are -errno.
 *   The mmap source (cons_map.c) opens its fds here too, then maps them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cons_dev.h"
#include "prog.h"

/* The spec's tag filter as the kernel takes it. */
static void tag_filter(const struct cons_spec *sp, struct logger_tag_filter *tf)
{
	unsigned int i;

	memset(tf, 0, sizeof(*tf));
	tf->count = sp->ntags;
	for (i = 0; i < sp->ntags && i < LOGGER_TAG_FILTER_MAX; i++)
		memcpy(tf->tags[i], sp->tags[i], strlen(sp->tags[i]));
}

/* Levels, order, format, flags and tag filter; not the group. */
static int view_no_group(const struct cons_dev *dev, int fd,
			 const struct cons_spec *sp)
{
	struct logger_tag_filter tf;
	struct logger_view v;
	__u32 flags = LOGGER_FD_RECORD2;

	if (ioctl(fd, LOGGER_IOC_GET_VIEW, &v))
		return -errno;
	v.filter = sp->levels;
	v.order = (__u8)sp->order;
	v.format = LOGGER_FORMAT_BINARY;
	if (ioctl(fd, LOGGER_IOC_SET_VIEW, &v))
		return -errno;
	if (dev && dev->no_hold)
		flags |= LOGGER_FD_NO_HOLD;
	if (ioctl(fd, LOGGER_IOC_SET_FLAGS, &flags)) {
		if (errno != ENOTTY)
			return -errno;
		/* A kernel before tags, groups and holds: format 1. */
		if (sp->ntags || sp->group[0]) {
			lg_warnx("%s: this logger module has no %s (it is older than the tools)",
				 dev ? dev->path : "/dev/logger",
				 sp->group[0] ? "reader groups" : "tag filters");
			return -EOPNOTSUPP;
		}
		return 0;
	}
	tag_filter(sp, &tf);
	return ioctl(fd, LOGGER_IOC_SET_TAG_FILTER, &tf) ? -errno : 0;
}

/* Say when a group reads with another filter than @sp's. */
static void group_check_filter(const struct cons_dev *dev, int fd,
			       const struct cons_spec *sp)
{
	struct logger_tag_filter tf, want;
	struct logger_view v;

	if (ioctl(fd, LOGGER_IOC_GET_VIEW, &v) ||
	    ioctl(fd, LOGGER_IOC_GET_TAG_FILTER, &tf))
		return;
	tag_filter(sp, &want);
	if (v.filter == sp->levels && v.order == sp->order &&
	    tf.count == want.count &&
	    !memcmp(tf.tags, want.tags, sizeof(tf.tags)))
		return;
	if (!dev || !dev->quiet)
		lg_warnx("group '%s' reads with the levels, order and tags of its first member; this reader's differ and do not apply",
			 sp->group);
}

/* Be in the spec's group (or in none); 0 or -errno. */
static int dev_group(const struct cons_dev *dev, int fd,
		     const struct cons_spec *sp)
{
	struct logger_group g;

	memset(&g, 0, sizeof(g));
	if (ioctl(fd, LOGGER_IOC_GET_GROUP, &g)) {
		if (errno == ENOTTY && !sp->group[0])
			return 0;
		return -errno;
	}
	if (!strncmp(g.name, sp->group, sizeof(g.name)))
		return 0;
	if (g.name[0] && ioctl(fd, LOGGER_IOC_LEAVE_GROUP))
		return -errno;
	if (!sp->group[0])
		return 0;
	memset(&g, 0, sizeof(g));
	memcpy(g.name, sp->group, strlen(sp->group));
	if (ioctl(fd, LOGGER_IOC_JOIN_GROUP, &g)) {
		int e = errno;

		lg_warnx("%s: join group '%s': %s",
			 dev ? dev->path : "/dev/logger", sp->group,
			 e == EPERM ? "the group reads what this user may not (read_own)" :
				      strerror(e));
		return -e;
	}
	group_check_filter(dev, fd, sp);
	return 0;
}

/* A reload: the whole view, group included (the cursor stays). */
static int dev_set_view(void *arg, int fd, const struct cons_spec *sp)
{
	const struct cons_dev *dev = arg;
	int ret = view_no_group(dev, fd, sp);

	return ret ? ret : dev_group(dev, fd, sp);
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
	ret = view_no_group(dev, fd, sp);
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
	ret = dev_group(dev, fd, sp);
	if (ret)
		goto err_close;
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
