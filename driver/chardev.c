// SPDX-License-Identifier: GPL-2.0
/*
 * chardev: /dev/logger, the misc device in front of the store.
 *
 * Each open() gets a struct lg_file: a view on the store when opened for
 * reading, a parse buffer when opened for writing.  write() copies user
 * bytes into that buffer, splits them into records and hands them to the
 * store in batches; read() copies one record at a time out of the store
 * into the file's own buffer, formats it (text or binary) and copies it to
 * user space with no store lock held.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "chardev.h"
#include "logfmt.h"
#include "netlink.h"
#include "store.h"

/* Records handed to the store per lock acquisition. */
#define LG_BATCH	16
/* Writes up to this size are parsed from the stack, without wlock. */
#define LG_SMALL_WRITE	256
/* Room for the lost-marker line in front of a text record. */
#define LG_MARKER_MAX	(LG_TEXT_HDR_MAX + 48)

/* The store behind the device; set before the device is registered. */
struct lg_store *lg_cd_store;
/* Per-open state: a private cache, so a leak shows at unload. */
static struct kmem_cache *lg_file_cache;

static int lg_open(struct inode *inode, struct file *file)
{
	struct lg_store *s = lg_cd_store;
	struct lg_file *f;
	int ret = -ENOMEM;

	if (lg_readable(file) && s->trust.read_restrict && !capable(CAP_SYSLOG))
		return -EPERM;

	f = kmem_cache_zalloc(lg_file_cache, GFP_KERNEL_ACCOUNT);
	if (!f)
		return -ENOMEM;
	mutex_init(&f->rlock);
	mutex_init(&f->wlock);
	spin_lock_init(&f->tag_lock);
	f->default_level = LOGGER_LEVEL_INFO;

	if (lg_readable(file)) {
		/* The message, then its line: marker, tag and all escaped. */
		f->rsize = s->max_record + LG_MARKER_MAX +
			   LG_TEXT_MAX(s->max_record) + 4 * LOGGER_TAG_MAX + 2;
		f->rbuf = kvmalloc(f->rsize, GFP_KERNEL_ACCOUNT);
		if (!f->rbuf)
			goto err_free_file;
	}
	if (lg_writable(file)) {
		f->wsize = max_t(size_t, 16384,
				 2 * (s->max_record + LG_PREFIX_MAX + 1));
		f->wbuf = kvmalloc(f->wsize, GFP_KERNEL_ACCOUNT);
		if (!f->wbuf)
			goto err_free_rbuf;
	}

	/* Trust model: who sees what, whose writes are bounded (store.c). */
	f->privileged = has_capability_noaudit(current, CAP_SYSLOG);
	if (lg_readable(file)) {
		ret = lg_view_open(s, &f->view,
				   lg_may_read_all(s, f->privileged),
				   f->privileged);
		if (ret)
			goto err_free_wbuf;
	}
	if (lg_writable(file))
		lg_store_writers_add(s, 1);
	file->private_data = f;
	return 0;

err_free_wbuf:
	kvfree(f->wbuf);
err_free_rbuf:
	kvfree(f->rbuf);
err_free_file:
	kmem_cache_free(lg_file_cache, f);
	return ret;
}

static int lg_release(struct inode *inode, struct file *file)
{
	struct lg_file *f = file->private_data;

	if (lg_writable(file))
		lg_store_writers_add(lg_cd_store, -1);
	if (lg_readable(file))
		lg_view_close(lg_cd_store, &f->view);
	kvfree(f->wbuf);
	kvfree(f->rbuf);
	kmem_cache_free(lg_file_cache, f);
	return 0;
}

/* ---- write ---------------------------------------------------------- */

/* Why lg_parse_store() stopped before the end of its buffer. */
enum lg_stop {
	LG_STOP_NONE,
	LG_STOP_OVERSIZE,	/* a record longer than the limit */
	LG_STOP_NOSPC,		/* the store took fewer records than given */
	LG_STOP_WAIT,		/* block policy: wait for holding readers */
};

/*
 * Hand @n parsed records to the store.  @ends[i] is the offset just past
 * record i; @start where record 0 began.  Return: the offset up to which
 * everything was consumed; sets *@stop when the store took fewer.
 */
static size_t lg_flush(struct lg_file *f, struct lg_writer *wr,
		       const struct lg_wrec *recs, const size_t *ends,
		       unsigned int n, size_t start, enum lg_stop *stop)
{
	unsigned int got = lg_store_write(lg_cd_store, recs, n, wr);

	atomic64_add(got, &f->written);
	if (got == n)
		return ends[n - 1];
	*stop = wr->stop == -EAGAIN ? LG_STOP_WAIT : LG_STOP_NOSPC;
	return got ? ends[got - 1] : start;
}

/*
 * What the records of one write get as a tag: the fd's default tag, and
 * whether a leading "TAG: " is parsed.  Taken once per write().
 */
struct lg_wtag {
	char tag[32];
	u8 len;
	bool parse;
};

static void lg_wtag_get(struct lg_file *f, struct lg_wtag *t)
{
	spin_lock(&f->tag_lock);
	memcpy(t->tag, f->wtag, sizeof(t->tag));
	t->len = f->wtag_len;
	t->parse = f->flags & LOGGER_FD_PARSE_TAGS;
	spin_unlock(&f->tag_lock);
}

/*
 * Parse the records in @buf[0..@len) and store them.  @last: no bytes
 * follow, so a final line without '\n' is a record.  Stops at a record
 * longer than the limit, or when the store takes fewer records than it
 * was given, and says why in *@stop.
 *
 * Return: bytes consumed: whole records stored, and empty lines.
 */
static size_t lg_parse_store(struct lg_file *f, struct lg_writer *wr,
			     const struct lg_wtag *wt, const char *buf,
			     size_t len, bool last, enum lg_stop *stop)
{
	struct lg_store *s = lg_cd_store;
	/* Only [0..n) is read: no need for the compiler's zero fill. */
	struct lg_wrec recs[LG_BATCH] __uninitialized;
	size_t ends[LG_BATCH] __uninitialized;
	unsigned int n = 0, level, facility;
	u8 def = READ_ONCE(f->default_level);
	size_t p = 0, start = 0, done;

	while (p < len) {
		size_t end = p + lg_find_newline(buf + p, len - p);
		bool nl = end < len;
		size_t next = nl ? end + 1 : len;
		size_t plen, tlen = 0, tl;
		const char *msg;

		if (!nl && !last)
			break;
		if (end == p) {
			p = next;
			continue;
		}
		level = def;
		facility = LOGGER_DEFAULT_FACILITY;
		plen = lg_parse_prefix(buf + p, end - p, &level, &facility);
		msg = buf + p + plen;
		if (wt->parse)
			tlen = lg_parse_tag(msg, end - p - plen, &tl);
		if (end - p - plen - tlen > s->max_record) {
			*stop = LG_STOP_OVERSIZE;
			break;
		}
		if (!n)
			start = p;
		recs[n].msg = msg + tlen;
		recs[n].len = end - p - plen - tlen;
		recs[n].level = level;
		recs[n].facility = facility;
		recs[n].tag = tlen ? msg : wt->tag;
		recs[n].tag_len = tlen ? tl : wt->len;
		ends[n] = next;
		p = next;
		if (++n == LG_BATCH) {
			done = lg_flush(f, wr, recs, ends, n, start, stop);
			n = 0;
			if (*stop)
				return done;
			/* A long buffer of short records: let others run. */
			cond_resched();
		}
	}
	if (n) {
		done = lg_flush(f, wr, recs, ends, n, start, stop);
		if (*stop)
			return done;
	}
	return p;
}

/* The errno of a write that stored nothing. */
static ssize_t lg_write_err(enum lg_stop stop, int wait, bool fault,
			    bool killed)
{
	if (stop == LG_STOP_OVERSIZE)
		return -EMSGSIZE;
	if (stop == LG_STOP_NOSPC)
		return -ENOSPC;
	if (wait)
		return wait;
	if (fault)
		return -EFAULT;
	return killed ? -EINTR : 0;
}

static ssize_t lg_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct lg_file *f = iocb->ki_filp->private_data;
	bool nonblock = iocb->ki_filp->f_flags & O_NONBLOCK;
	size_t total = iov_iter_count(from), done = 0;
	enum lg_stop stop = LG_STOP_NONE;
	bool fault = false, killed = false;
	struct lg_writer wr = {
		.uid = from_kuid_munged(&init_user_ns, current_uid()),
		.bounded = !f->privileged,
	};
	struct lg_wtag wt;
	int wait = 0;

	lg_wtag_get(f, &wt);
	/* The common case, one or a few short records: no lock, no revert. */
	if (total <= LG_SMALL_WRITE) {
		/* Only buf[0..got) is read: skip the zero fill (init_stack). */
		char buf[LG_SMALL_WRITE] __uninitialized;
		size_t got = copy_from_iter(buf, total, from);

		for (;;) {
			done += lg_parse_store(f, &wr, &wt, buf + done,
					       got - done, got == total, &stop);
			if (stop != LG_STOP_WAIT)
				break;
			/* Block policy: wait for room, then go on. */
			wait = lg_store_wait_room(lg_cd_store, &wr, nonblock);
			if (wait)
				break;
			stop = LG_STOP_NONE;
		}
		if (done)
			return done;
		return lg_write_err(stop, wait, got < total, false);
	}

	if (mutex_lock_killable(&f->wlock))
		return -EINTR;
	while (done < total && stop == LG_STOP_NONE && !fault) {
		size_t want = min(total - done, f->wsize);
		size_t got, used;
		bool last;

		/* A huge writev is many buffers: stop when killed. */
		if (fatal_signal_pending(current)) {
			killed = true;
			break;
		}
		got = copy_from_iter(f->wbuf, want, from);
		last = done + got == total;
		if (got < want)
			fault = true;
		used = lg_parse_store(f, &wr, &wt, f->wbuf, got, last, &stop);
		/* A line filling the whole buffer is longer than any record. */
		if (!used && !last && !fault && got == f->wsize &&
		    stop == LG_STOP_NONE)
			stop = LG_STOP_OVERSIZE;
		iov_iter_revert(from, got - used);
		done += used;
		if (stop == LG_STOP_WAIT) {
			/* Block policy: the rest is copied again after. */
			fault = false;
			wait = lg_store_wait_room(lg_cd_store, &wr, nonblock);
			if (wait)
				break;
			stop = LG_STOP_NONE;
		}
		cond_resched();
	}
	mutex_unlock(&f->wlock);

	if (done)
		return done;
	return lg_write_err(stop, wait, fault, killed);
}

/* ---- read ----------------------------------------------------------- */

/* Format @r into @out (at least lg_file.rsize - max_record bytes). */
size_t lg_render(struct lg_file *f, const struct lg_rrec *r, char *out,
		 size_t size)
{
	const struct logger_record *m = &r->meta;
	struct lg_text_meta tm;
	size_t n = 0;

	u8 format = READ_ONCE(f->view.format);
	bool rec2 = READ_ONCE(f->flags) & LOGGER_FD_RECORD2;

	if (format == LOGGER_FORMAT_BINARY && !rec2) {
		size_t len = m->hdr_len + LOGGER_ALIGN(m->msg_len);

		memcpy(out, m, sizeof(*m));
		memcpy(out + sizeof(*m), r->msg, m->msg_len);
		memset(out + sizeof(*m) + m->msg_len, 0,
		       len - sizeof(*m) - m->msg_len);
		return len;
	}
	if (format == LOGGER_FORMAT_BINARY) {
		struct logger_record2 *h = (struct logger_record2 *)out;
		size_t len = sizeof(*h) + LOGGER_ALIGN(m->msg_len);

		memset(h, 0, sizeof(*h));
		h->rec = *m;
		h->rec.hdr_len = sizeof(*h);
		h->rec.version = LOGGER_RECORD2_VERSION;
		h->tag_len = r->tag_len;
		memcpy(h->tag, r->tag, r->tag_len);
		memcpy(out + sizeof(*h), r->msg, m->msg_len);
		memset(out + sizeof(*h) + m->msg_len, 0,
		       len - sizeof(*h) - m->msg_len);
		return len;
	}
	if (r->lost) {
		char msg[48];
		int ml = scnprintf(msg, sizeof(msg), LOGGER_LOST_MARKER_FMT,
				   (unsigned long long)r->lost);

		tm = (struct lg_text_meta){
			.level = LOGGER_LEVEL_WARNING,
			.real_us = div_u64(ktime_get_real_ns(), NSEC_PER_USEC),
		};
		n = lg_format_text(out, size, &tm, msg, ml);
	}
	tm = (struct lg_text_meta){
		.level = m->level,
		.seq = m->seq,
		.real_us = div_u64(m->ts_real_ns, NSEC_PER_USEC),
		.pid = m->pid,
		.tid = m->tid,
		.uid = m->uid,
		.tag = r->tag,
		.tag_len = r->tag_len,
	};
	return n + lg_format_text(out + n, size - n, &tm, r->msg, m->msg_len);
}

/* A group member's claim: render under the store lock; does it fit? */
struct lg_fit {
	struct lg_file *f;
	size_t room;
	size_t len;
};

static bool lg_fits(void *arg, const struct lg_rrec *r)
{
	struct lg_fit *fit = arg;
	struct lg_store *s = lg_cd_store;

	fit->len = lg_render(fit->f, r, fit->f->rbuf + s->max_record,
			     fit->f->rsize - s->max_record);
	return fit->len <= fit->room;
}

static ssize_t lg_read(struct file *file, char __user *buf, size_t count,
		       loff_t *ppos)
{
	struct lg_fit fit = { .f = file->private_data };
	struct lg_file *f = file->private_data;
	struct lg_store *s = lg_cd_store;
	char *out = f->rbuf + s->max_record;
	size_t osize = f->rsize - s->max_record, done = 0;
	struct lg_rrec r;
	ssize_t ret;

	ret = mutex_lock_interruptible(&f->rlock);
	if (ret)
		return ret;
	for (;;) {
		size_t len;

		/* Never loop in the kernel past a signal. */
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		/*
		 * In a group, a record is taken and consumed at once (another
		 * member reads the same cursor); else fetch, copy, commit.
		 */
		if (f->view.group) {
			fit.room = count - done;
			ret = lg_view_claim(s, &f->view, &r, f->rbuf,
					    s->max_record, lg_fits, &fit);
			if (ret == -EMSGSIZE) {
				ret = -EINVAL;
				break;
			}
			if (!ret) {
				if (copy_to_user(buf + done, out, fit.len)) {
					lg_view_lost(s, &f->view);
					ret = -EFAULT;
					break;
				}
				done += fit.len;
				continue;
			}
		} else {
			ret = lg_view_fetch(s, &f->view, &r, f->rbuf,
					    s->max_record);
		}
		if (ret == LG_FETCH_MORE) {
			cond_resched();
			continue;
		}
		if (ret == -EAGAIN) {
			if (done)
				break;
			if (file->f_flags & O_NONBLOCK) {
				/* Arm wake-ups (edge-triggered pollers), recheck. */
				if (!lg_view_wait_ready(s, &f->view))
					break;
				cond_resched();
				continue;
			}
			mutex_unlock(&f->rlock);
			ret = wait_event_interruptible(f->view.wait,
						       lg_view_wait_ready(s, &f->view));
			if (ret)
				return ret;
			ret = mutex_lock_interruptible(&f->rlock);
			if (ret)
				return ret;
			continue;
		}
		len = lg_render(f, &r, out, osize);
		if (len > count - done) {
			ret = -EINVAL;
			break;
		}
		if (copy_to_user(buf + done, out, len)) {
			ret = -EFAULT;
			break;
		}
		lg_view_commit(s, &f->view, &r);
		done += len;
	}
	mutex_unlock(&f->rlock);
	return done ? done : ret;
}

static __poll_t lg_poll(struct file *file, poll_table *wait)
{
	struct lg_file *f = file->private_data;
	__poll_t mask = 0;

	if (lg_readable(file)) {
		poll_wait(file, &f->view.wait, wait);
		if (lg_view_poll(lg_cd_store, &f->view))
			mask |= EPOLLIN | EPOLLRDNORM;
	}
	if (lg_writable(file))
		mask |= EPOLLOUT | EPOLLWRNORM;
	return mask;
}

/*
 * lseek(fd, 0, SEEK_SET): back to the oldest record; lseek(fd, 0,
 * SEEK_END): only records written from now on.  Anything else: EINVAL
 * (LOGGER_IOC_SEEK seeks to a sequence number).
 */
static loff_t lg_llseek(struct file *file, loff_t offset, int whence)
{
	struct lg_file *f = file->private_data;
	int ret;

	if (!lg_readable(file) || offset != 0 ||
	    (whence != SEEK_SET && whence != SEEK_END))
		return -EINVAL;
	ret = mutex_lock_interruptible(&f->rlock);
	if (ret)
		return ret;
	if (whence == SEEK_SET)
		lg_view_rewind(lg_cd_store, &f->view);
	else
		lg_view_skip_to_end(lg_cd_store, &f->view);
	mutex_unlock(&f->rlock);
	return 0;
}

/* mmap(): the whole store, read-only (mmap.c). */
static int lg_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct lg_file *f = file->private_data;

	if (!lg_readable(file))
		return -EACCES;
	return lg_store_mmap(lg_cd_store, &f->view, vma);
}

static const struct file_operations lg_fops = {
	.owner		= THIS_MODULE,
	.open		= lg_open,
	.release	= lg_release,
	.read		= lg_read,
	.write_iter	= lg_write_iter,
	.poll		= lg_poll,
	.llseek		= lg_llseek,
	.mmap		= lg_mmap,
	.unlocked_ioctl	= lg_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice lg_miscdev = {
	.minor		= MISC_DYNAMIC_MINOR,
	.name		= "logger",
	.fops		= &lg_fops,
};

/**
 * lg_chardev_init() - create /dev/logger
 * @s: the store it serves.
 * @mode: permissions of the node.
 *
 * Return: 0 or a negative errno.
 */
int lg_chardev_init(struct lg_store *s, umode_t mode)
{
	int ret;

	lg_cd_store = s;
	lg_file_cache = KMEM_CACHE(lg_file, SLAB_ACCOUNT);
	if (!lg_file_cache)
		return -ENOMEM;
	lg_miscdev.mode = mode;
	lg_sysfs_init();
	lg_miscdev.groups = lg_sysfs_groups;
	ret = misc_register(&lg_miscdev);
	if (ret)
		goto err_destroy_cache;
	return 0;

err_destroy_cache:
	kmem_cache_destroy(lg_file_cache);
	return ret;
}

void lg_chardev_exit(void)
{
	misc_deregister(&lg_miscdev);
	kmem_cache_destroy(lg_file_cache);
}
