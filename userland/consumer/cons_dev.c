// SPDX-License-Identifier: GPL-2.0
/*
 * cons_dev: the real struct cons_ops, on /dev/logger.
 *
 * DESIGN
 *   Every reader fd is opened O_RDONLY | O_NONBLOCK and switched to the
 *   binary format (so the consumer gets seq, level and lost exactly),
 *   with the spec's filter and order, by LOGGER_IOC_GET_VIEW then
 *   LOGGER_IOC_SET_VIEW (reserved bytes stay as the kernel gave them:
 *   zero).  --new-only seeks to the end once, at open; a later view change
 *   on the same fd keeps the cursor.  Errors are -errno; main() names the
 *   device and the failing step.
 *   Non-goals: no saved positions (LOGGER_IOC_SEEK) yet.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cons_dev.h"

static int dev_set_view(void *arg, int fd, const struct cons_spec *sp)
{
	struct logger_view v;

	if (ioctl(fd, LOGGER_IOC_GET_VIEW, &v))
		return -errno;
	v.filter = sp->levels;
	v.order = (__u8)sp->order;
	v.format = LOGGER_FORMAT_BINARY;
	if (ioctl(fd, LOGGER_IOC_SET_VIEW, &v))
		return -errno;
	return 0;
}

static int dev_open_view(void *arg, const struct cons_spec *sp, int *fdp)
{
	struct cons_dev *dev = arg;
	int fd, ret;

	fd = open(dev->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = dev_set_view(arg, fd, sp);
	if (ret)
		goto err_close;
	if (dev->new_only && lseek(fd, 0, SEEK_END) < 0) {
		ret = -errno;
		goto err_close;
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
