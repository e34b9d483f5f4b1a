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
#include "logfmt.h"
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

/* A NUL-terminated, NUL-padded name of 0..31 bytes in a 32-byte field. */
static int lg_name_len(const char *name)
{
	size_t len = strnlen(name, 32);

	if (len == 32 || !lg_zero(name + len, 32 - len))
		return -EINVAL;
	return len;
}

static long lg_ioctl_tag_filter(struct file *file, struct lg_file *f,
				struct logger_tag_filter *tf)
{
	unsigned int i;
	int len, ret;

	if (!lg_readable(file))
		return -EBADF;
	if (tf->reserved || tf->count > LOGGER_TAG_FILTER_MAX)
		return -EINVAL;
	for (i = 0; i < LOGGER_TAG_FILTER_MAX; i++) {
		len = lg_name_len(tf->tags[i]);
		if (len < 0 || (i >= tf->count && len) ||
		    !lg_tag_valid(tf->tags[i], len))
			return -EINVAL;
	}
	ret = mutex_lock_interruptible(&f->rlock);
	if (ret)
		return ret;
	lg_view_set_tags(lg_cd_store, &f->view, tf);
	mutex_unlock(&f->rlock);
	return 0;
}

static long lg_ioctl_join(struct file *file, struct lg_file *f,
			  const struct logger_group *g)
{
	int len = lg_name_len(g->name), i, ret;

	if (!lg_readable(file))
		return -EBADF;
	if (len <= 0 || g->members || g->reserved)
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (g->name[i] < 0x20 || g->name[i] > 0x7e)
			return -EINVAL;
	ret = mutex_lock_interruptible(&f->rlock);
	if (ret)
		return ret;
	ret = lg_view_join(lg_cd_store, &f->view, g->name);
	mutex_unlock(&f->rlock);
	return ret;
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
		struct logger_map_cursor mc;
		struct logger_tag tag;
		struct logger_tag_filter tf;
		struct logger_group grp;
		struct logger_flow_stats fs;
		u64 size;
	} u;
	u32 flags;
	int len;
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
	case LOGGER_IOC_MAP_CURSOR:
		if (!lg_readable(file))
			return -EBADF;
		ret = mutex_lock_interruptible(&f->rlock);
		if (ret)
			return ret;
		ret = lg_view_map_cursor(s, &f->view, &u.mc);
		mutex_unlock(&f->rlock);
		if (ret)
			return ret;
		return copy_to_user(argp, &u.mc, sizeof(u.mc)) ? -EFAULT : 0;
	case LOGGER_IOC_SET_TAG:
		if (copy_from_user(&u.tag, argp, sizeof(u.tag)))
			return -EFAULT;
		len = lg_name_len(u.tag.name);
		if (len < 0 || !lg_tag_valid(u.tag.name, len))
			return -EINVAL;
		spin_lock(&f->tag_lock);
		memcpy(f->wtag, u.tag.name, sizeof(f->wtag));
		f->wtag_len = len;
		spin_unlock(&f->tag_lock);
		return 0;
	case LOGGER_IOC_GET_TAG:
		spin_lock(&f->tag_lock);
		memcpy(u.tag.name, f->wtag, f->wtag_len);
		spin_unlock(&f->tag_lock);
		return copy_to_user(argp, &u.tag, sizeof(u.tag)) ? -EFAULT : 0;
	case LOGGER_IOC_SET_TAG_FILTER:
		if (copy_from_user(&u.tf, argp, sizeof(u.tf)))
			return -EFAULT;
		return lg_ioctl_tag_filter(file, f, &u.tf);
	case LOGGER_IOC_GET_TAG_FILTER:
		if (!lg_readable(file))
			return -EBADF;
		lg_view_get_tags(s, &f->view, &u.tf);
		return copy_to_user(argp, &u.tf, sizeof(u.tf)) ? -EFAULT : 0;
	case LOGGER_IOC_JOIN_GROUP:
		if (copy_from_user(&u.grp, argp, sizeof(u.grp)))
			return -EFAULT;
		return lg_ioctl_join(file, f, &u.grp);
	case LOGGER_IOC_LEAVE_GROUP:
		if (!lg_readable(file))
			return -EBADF;
		ret = mutex_lock_interruptible(&f->rlock);
		if (ret)
			return ret;
		lg_view_leave(s, &f->view);
		mutex_unlock(&f->rlock);
		return 0;
	case LOGGER_IOC_GET_GROUP:
		if (!lg_readable(file))
			return -EBADF;
		lg_view_group(s, &f->view, &u.grp);
		return copy_to_user(argp, &u.grp, sizeof(u.grp)) ? -EFAULT : 0;
	case LOGGER_IOC_SET_FLAGS:
		if (get_user(flags, (u32 __user *)argp))
			return -EFAULT;
		if (flags & ~LOGGER_FD_FLAGS)
			return -EINVAL;
		/* Only a reader holds: NO_HOLD means nothing to a writer. */
		ret = mutex_lock_interruptible(&f->rlock);
		if (ret)
			return ret;
		spin_lock(&f->tag_lock);
		WRITE_ONCE(f->flags, flags);
		spin_unlock(&f->tag_lock);
		if (lg_readable(file))
			lg_view_set_hold(s, &f->view, flags & LOGGER_FD_NO_HOLD);
		mutex_unlock(&f->rlock);
		return 0;
	case LOGGER_IOC_GET_FLAGS:
		return put_user(READ_ONCE(f->flags), (u32 __user *)argp);
	case LOGGER_IOC_FLOW_STATS:
		lg_flow_stats(s, &u.fs);
		return copy_to_user(argp, &u.fs, sizeof(u.fs)) ? -EFAULT : 0;
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

