// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl: the ioctls of /dev/logger (uapi/logger.h, DOC: ioctls).
 *
 * Every argument is copied in whole, checked (reserved fields zero,
 * values in range), and handed to the store; nothing uninitialised is
 * copied out.  Unknown numbers are ENOTTY.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "chardev.h"
#include "netlink.h"

static bool lg_zero(const void *p, size_t n)
{
	return !memchr_inv(p, 0, n);
}

static long lg_ioctl_set_view(struct file *file, struct lg_file *f,
			      const struct logger_view *vw)
{
	int ret;

	if (!lg_zero(vw->reserved, sizeof(vw->reserved)) || !vw->filter ||
	    vw->filter > LOGGER_LEVELS_ALL ||
	    vw->order > LOGGER_ORDER_SEQ || vw->format > LOGGER_FORMAT_BINARY ||
	    vw->default_level >= LOGGER_NR_LEVELS)
		return -EINVAL;
	WRITE_ONCE(f->default_level, vw->default_level);
	if (!lg_readable(file))
		return 0;
	ret = mutex_lock_interruptible(&f->rlock);
	if (ret)
		return ret;
	lg_view_set(lg_cd_store, &f->view, vw->filter, vw->order);
	WRITE_ONCE(f->view.format, vw->format);
	mutex_unlock(&f->rlock);
	return 0;
}

/* Bytes the next read() needs, or 0 when there is nothing to read. */
static long lg_ioctl_next_size(struct lg_file *f, u64 *size)
{
	struct lg_store *s = lg_cd_store;
	struct lg_rrec r;
	int ret;

	ret = mutex_lock_interruptible(&f->rlock);
	if (ret)
		return ret;
	*size = 0;
	while ((ret = lg_view_fetch(s, &f->view, &r, f->rbuf,
				    s->max_record)) == LG_FETCH_MORE) {
		if (signal_pending(current)) {
			mutex_unlock(&f->rlock);
			return -ERESTARTSYS;
		}
		cond_resched();
	}
	if (!ret)
		*size = lg_render(f, &r, f->rbuf + s->max_record,
				  f->rsize - s->max_record);
	mutex_unlock(&f->rlock);
	return 0;
}

long lg_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct lg_file *f = file->private_data;
	struct lg_store *s = lg_cd_store;
	void __user *argp = (void __user *)arg;
	union {
		struct logger_stats st;
		struct logger_config cfg;
		struct logger_view vw;
		struct logger_view_stats vs;
		struct logger_pos pos;
		struct logger_map_pos mp;
		u64 size;
	} u;
	const char *why;
	long ret = 0;

	if (_IOC_TYPE(cmd) != LOGGER_IOC_MAGIC)
		return -ENOTTY;
	memset(&u, 0, sizeof(u));

	switch (cmd) {
	case LOGGER_IOC_CLEAR:
		if (!capable(CAP_SYSLOG))
			return -EPERM;
		lg_genl_note_cleared(lg_store_clear(s));
		return 0;
	case LOGGER_IOC_GET_STATS:
		lg_store_stats(s, &u.st);
		return copy_to_user(argp, &u.st, sizeof(u.st)) ? -EFAULT : 0;
	case LOGGER_IOC_GET_CONFIG:
		lg_store_get_config(s, &u.cfg);
		return copy_to_user(argp, &u.cfg, sizeof(u.cfg)) ? -EFAULT : 0;
	case LOGGER_IOC_SET_CONFIG:
		if (!capable(CAP_SYSLOG))
			return -EPERM;
		if (copy_from_user(&u.cfg, argp, sizeof(u.cfg)))
			return -EFAULT;
		ret = lg_store_set_config(s, &u.cfg, LG_CFG_ALL, &why);
		if (!ret)
			lg_genl_set_interval(READ_ONCE(s->event_interval_ms));
		return ret;
	case LOGGER_IOC_GET_VIEW:
		/* A write-only fd reports the defaults, so SET takes them back. */
		u.vw.filter = LOGGER_LEVELS_ALL;
		u.vw.order = LOGGER_ORDER_PRIORITY;
		u.vw.format = LOGGER_FORMAT_TEXT;
		u.vw.default_level = READ_ONCE(f->default_level);
		if (lg_readable(file)) {
			lg_view_get(s, &f->view, &u.vw.filter, &u.vw.order);
			u.vw.format = READ_ONCE(f->view.format);
		}
		return copy_to_user(argp, &u.vw, sizeof(u.vw)) ? -EFAULT : 0;
	case LOGGER_IOC_SET_VIEW:
		if (copy_from_user(&u.vw, argp, sizeof(u.vw)))
			return -EFAULT;
		return lg_ioctl_set_view(file, f, &u.vw);
	case LOGGER_IOC_VIEW_STATS:
		if (lg_readable(file))
			lg_view_stats(s, &f->view, &u.vs);
		else
			u.vs.next_seq = lg_store_next_seq(s);
		u.vs.written = atomic64_read(&f->written);
		return copy_to_user(argp, &u.vs, sizeof(u.vs)) ? -EFAULT : 0;
	case LOGGER_IOC_NEXT_SIZE:
		if (!lg_readable(file))
			return -EBADF;
		ret = lg_ioctl_next_size(f, &u.size);
		if (ret)
			return ret;
		return put_user(u.size, (u64 __user *)argp);
	case LOGGER_IOC_GET_POS:
		if (!lg_readable(file))
			return -EBADF;
		lg_view_get_pos(s, &f->view, &u.pos);
		return copy_to_user(argp, &u.pos, sizeof(u.pos)) ? -EFAULT : 0;
	case LOGGER_IOC_MAP_SYNC:
		if (!lg_readable(file))
			return -EBADF;
		if (copy_from_user(&u.mp, argp, sizeof(u.mp)))
			return -EFAULT;
		ret = mutex_lock_interruptible(&f->rlock);
		if (ret)
			return ret;
		ret = lg_view_map_sync(s, &f->view, &u.mp);
		mutex_unlock(&f->rlock);
		return ret;
	case LOGGER_IOC_SEEK:
		if (!lg_readable(file))
			return -EBADF;
		if (copy_from_user(&u.pos, argp, sizeof(u.pos)))
			return -EFAULT;
		if (u.pos.instance != s->instance)
			return -ESTALE;
		ret = mutex_lock_interruptible(&f->rlock);
		if (ret)
			return ret;
		ret = lg_view_seek_seq(s, &f->view, u.pos.seq);
		mutex_unlock(&f->rlock);
		return ret;
	default:
		return -ENOTTY;
	}
}

