/* SPDX-License-Identifier: GPL-2.0 */
/*
 * chardev: /dev/logger; its open files (shared with ioctl.c).
 */
#ifndef LOGGER_CHARDEV_H
#define LOGGER_CHARDEV_H

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "store.h"

/**
 * struct lg_file - one open file of /dev/logger
 * @view: the reader's view (when opened for reading).
 * @rlock: serialises read(), llseek() and view ioctls on this file; owns
 *	@rbuf.  Not held while sleeping for data.
 * @wlock: serialises large write()s on this file; owns @wbuf.
 * @rbuf: a record's message, then its formatted output.
 * @rsize: bytes at @rbuf.
 * @wbuf: user bytes being parsed.
 * @wsize: bytes at @wbuf.
 * @written: records written through this file.
 * @default_level: level of records without a prefix (READ_ONCE/WRITE_ONCE).
 * @privileged: the opener had CAP_SYSLOG (fixed at open).
 * @tag_lock: guards @wtag, @wtag_len and writes to @flags.
 * @wtag: the tag of records written through this fd without their own.
 * @wtag_len: its bytes.
 * @flags: LOGGER_FD_* (READ_ONCE).
 */
struct lg_file {
	struct lg_view view;
	struct mutex rlock;	/* read(), llseek(), view ioctls; @rbuf */
	struct mutex wlock;	/* large write()s; @wbuf */
	char *rbuf;
	size_t rsize;
	char *wbuf;
	size_t wsize;
	atomic64_t written;
	u8 default_level;
	bool privileged;
	spinlock_t tag_lock;	/* @wtag, @wtag_len, writing @flags */
	char wtag[32];
	u8 wtag_len;
	u32 flags;
};

/* The store behind the device (chardev.c); set before it is registered. */
extern struct lg_store *lg_cd_store;

static inline bool lg_readable(const struct file *file)
{
	return file->f_mode & FMODE_READ;
}

static inline bool lg_writable(const struct file *file)
{
	return file->f_mode & FMODE_WRITE;
}

size_t lg_render(struct lg_file *f, const struct lg_rrec *r, char *out,
		 size_t size);
long lg_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

/* sysfs.c: the statistics as files of the device's directory. */
extern const struct attribute_group *lg_sysfs_groups[];
void lg_sysfs_init(void);

int lg_chardev_init(struct lg_store *s, umode_t mode);
void lg_chardev_exit(void);

#endif /* LOGGER_CHARDEV_H */
