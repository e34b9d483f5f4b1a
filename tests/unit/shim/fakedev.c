// SPDX-License-Identifier: GPL-2.0
/*
 * fakedev.so: a stand-in /dev/logger for the host tests, made of FIFOs
 * and this LD_PRELOAD shim, so the tools run unchanged on a machine
 * without the module.
 *
 * DESIGN
 *   $LOGGER_FAKEDEV names a FIFO.  open() of exactly that path is
 *   intercepted: for writing, the FIFO itself (the test reads what the
 *   "device" stored from its other end); for reading, the k-th open gets
 *   "$LOGGER_FAKEDEV.r<k>" when that FIFO exists (one per reader, as each
 *   open() of the device is its own view), else the FIFO itself.
 *   On those fds:
 *   - write() parses records as the device does (SPEC section 2, with the
 *     project's own lg_* parser) and refuses a message longer than
 *     $LOGGER_FAKEDEV_MAX (default 1024): EMSGSIZE when it is the first
 *     record of the buffer, else a short write of the records before it.
 *     What is taken is forwarded to the FIFO under one lock, so records
 *     of concurrent writers never interleave.  A full FIFO blocks, as a
 *     full device under the block policy does.
 *   - read() returns whole binary records only (the test writes struct
 *     logger_record + payload into the reader FIFO), EINVAL when the next
 *     does not fit; records outside the fd's filter or below a SEEK are
 *     skipped.  The FIFO's own readiness drives poll/epoll.
 *   - ioctl(): GET_CONFIG, GET_STATS, GET_VIEW/SET_VIEW (reserved bytes
 *     checked), VIEW_STATS, NEXT_SIZE, GET_POS/SEEK (instance
 *     $LOGGER_FAKEDEV_INSTANCE, default 0x1234; another is ESTALE);
 *     anything else ENOTTY.  lseek(SEEK_END) drops what is buffered.
 *   Every other fd goes straight to libc.
 *   Non-goals: no priority order (records come in the order written), no
 *   eviction, no netlink.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logfmt.h"
#include "logger.h"

#define FD_MAX		1024
#define BUF_SIZE	(1u << 20)

/* One intercepted fd. */
struct fake {
	int used;
	int reader;
	struct logger_view view;
	unsigned long long min_seq;
	unsigned long long last_seq;
	unsigned long long read, skipped, written;
	char *buf;		/* reader: bytes from the FIFO not yet returned */
	size_t len;
};

/* Intercepted fds by number; changed under fk_lock. */
static struct fake fk[FD_MAX];
/* Guards fk[] bookkeeping and serialises forwarded writes. */
static pthread_mutex_t fk_lock = PTHREAD_MUTEX_INITIALIZER;
/* Readers opened so far: picks the k-th reader FIFO. */
static int fk_nreaders;

static int (*real_open)(const char *, int, ...);
static int (*real_close)(int);
static ssize_t (*real_read)(int, void *, size_t);
static ssize_t (*real_write)(int, const void *, size_t);
static int (*real_ioctl)(int, unsigned long, ...);
static off_t (*real_lseek)(int, off_t, int);

static void resolve(void)
{
	if (real_open)
		return;
	real_close = dlsym(RTLD_NEXT, "close");
	real_read = dlsym(RTLD_NEXT, "read");
	real_write = dlsym(RTLD_NEXT, "write");
	real_ioctl = dlsym(RTLD_NEXT, "ioctl");
	real_lseek = dlsym(RTLD_NEXT, "lseek");
	real_open = dlsym(RTLD_NEXT, "open");
}

static struct fake *get(int fd)
{
	return fd >= 0 && fd < FD_MAX && fk[fd].used ? &fk[fd] : NULL;
}

static unsigned long long env_u64(const char *name, unsigned long long def)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : def;
}

int open(const char *path, int flags, ...)
{
	const char *dev = getenv("LOGGER_FAKEDEV");
	mode_t mode = 0;
	char rpath[4096];
	int fd;

	resolve();
	if (flags & O_CREAT) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (!dev || strcmp(path, dev))
		return real_open(path, flags, mode);
	pthread_mutex_lock(&fk_lock);
	if ((flags & O_ACCMODE) == O_RDONLY) {
		snprintf(rpath, sizeof(rpath), "%s.r%d", dev, fk_nreaders++);
		if (access(rpath, F_OK))
			snprintf(rpath, sizeof(rpath), "%s", dev);
	} else {
		snprintf(rpath, sizeof(rpath), "%s", dev);
	}
	pthread_mutex_unlock(&fk_lock);
	fd = real_open(rpath, flags, mode);
	if (fd < 0 || fd >= FD_MAX)
		return fd;
	pthread_mutex_lock(&fk_lock);
	memset(&fk[fd], 0, sizeof(fk[fd]));
	fk[fd].used = 1;
	fk[fd].reader = (flags & O_ACCMODE) == O_RDONLY;
	fk[fd].view.filter = LOGGER_LEVELS_ALL;
	fk[fd].view.default_level = 6;
	if (fk[fd].reader)
		fk[fd].buf = malloc(BUF_SIZE);
	pthread_mutex_unlock(&fk_lock);
	return fd;
}

int open64(const char *path, int flags, ...)
	__attribute__((alias("open")));

int close(int fd)
{
	struct fake *f;

	resolve();
	pthread_mutex_lock(&fk_lock);
	f = get(fd);
	if (f) {
		free(f->buf);
		memset(f, 0, sizeof(*f));
	}
	pthread_mutex_unlock(&fk_lock);
	return real_close(fd);
}

/* The device's write rule: whole records of at most max bytes. */
static ssize_t fake_write(int fd, struct fake *f, const char *p, size_t n)
{
	size_t max = (size_t)env_u64("LOGGER_FAKEDEV_MAX", 1024);
	size_t off = 0, take = 0, done = 0;
	unsigned long long recs = 0;

	while (off < n) {
		size_t nl = lg_find_newline(p + off, n - off);
		unsigned int level, fac;
		size_t pl = lg_parse_prefix(p + off, nl, &level, &fac);

		if (nl && nl - pl > max) {
			if (!take) {
				errno = EMSGSIZE;
				return -1;
			}
			break;
		}
		recs += nl != 0;
		off += nl + (off + nl < n);
		take = off;
	}
	pthread_mutex_lock(&fk_lock);
	while (done < take) {
		ssize_t w = real_write(fd, p + done, take - done);

		if (w < 0) {
			pthread_mutex_unlock(&fk_lock);
			if (done)
				return (ssize_t)done;
			return -1;
		}
		done += (size_t)w;
	}
	f->written += recs;
	pthread_mutex_unlock(&fk_lock);
	return (ssize_t)take;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	struct fake *f;

	resolve();
	f = get(fd);
	if (!f || f->reader)
		return real_write(fd, buf, n);
	return fake_write(fd, f, buf, n);
}

/* Length of the whole record at @p (@n bytes buffered), or 0. */
static size_t rec_len(const char *p, size_t n)
{
	struct logger_record h;
	size_t len;

	if (n < sizeof(h))
		return 0;
	memcpy(&h, p, sizeof(h));
	len = h.hdr_len + LOGGER_ALIGN(h.msg_len);
	return len <= n ? len : 0;
}

/* Drop skipped records at the front; the first wanted one's length. */
static size_t next_wanted(struct fake *f)
{
	for (;;) {
		size_t l = rec_len(f->buf, f->len);
		struct logger_record h;

		if (!l)
			return 0;
		memcpy(&h, f->buf, sizeof(h));
		if (h.seq >= f->min_seq && (f->view.filter & (1u << h.level)))
			return l;
		f->skipped++;
		f->len -= l;
		memmove(f->buf, f->buf + l, f->len);
	}
}

ssize_t read(int fd, void *buf, size_t n)
{
	struct fake *f;
	size_t out = 0, l;
	ssize_t r;
	int e;

	resolve();
	f = get(fd);
	if (!f || !f->reader)
		return real_read(fd, buf, n);
	r = f->len < BUF_SIZE ? real_read(fd, f->buf + f->len,
					  BUF_SIZE - f->len) : -1;
	e = errno;
	if (r > 0)
		f->len += (size_t)r;
	while ((l = next_wanted(f)) && out + l <= n) {
		struct logger_record h;

		memcpy(&h, f->buf, sizeof(h));
		memcpy((char *)buf + out, f->buf, l);
		out += l;
		f->last_seq = h.seq;
		f->read++;
		f->len -= l;
		memmove(f->buf, f->buf + l, f->len);
	}
	if (out)
		return (ssize_t)out;
	if (l) {
		errno = EINVAL;
		return -1;
	}
	if (r == 0)
		return 0;
	errno = r < 0 ? e : EAGAIN;
	return -1;
}

off_t lseek(int fd, off_t off, int whence)
{
	struct fake *f;

	resolve();
	f = get(fd);
	if (!f)
		return real_lseek(fd, off, whence);
	if (off || (whence != SEEK_SET && whence != SEEK_END)) {
		errno = EINVAL;
		return -1;
	}
	if (whence == SEEK_END) {
		char tmp[4096];

		while (real_read(fd, tmp, sizeof(tmp)) > 0)
			;
		f->len = 0;
	}
	return 0;
}

static int fake_ioctl(struct fake *f, unsigned long req, void *arg)
{
	unsigned long long inst = env_u64("LOGGER_FAKEDEV_INSTANCE", 0x1234);
	size_t i;

	switch (req) {
	case LOGGER_IOC_GET_CONFIG: {
		struct logger_config c = { 0 };

		c.capacity = 1 << 20;
		c.max_record = (__u32)env_u64("LOGGER_FAKEDEV_MAX", 1024);
		c.event_interval_ms = 1000;
		memcpy(arg, &c, sizeof(c));
		return 0;
	}
	case LOGGER_IOC_GET_STATS: {
		struct logger_stats s = { 0 };

		s.instance = inst;
		s.capacity = 1 << 20;
		s.max_record = (__u32)env_u64("LOGGER_FAKEDEV_MAX", 1024);
		memcpy(arg, &s, sizeof(s));
		return 0;
	}
	case LOGGER_IOC_GET_VIEW:
		memcpy(arg, &f->view, sizeof(f->view));
		return 0;
	case LOGGER_IOC_SET_VIEW: {
		struct logger_view v;

		memcpy(&v, arg, sizeof(v));
		for (i = 0; i < sizeof(v.reserved); i++)
			if (v.reserved[i])
				goto inval;
		if (!v.filter || v.filter > 0xff || v.order > 1 ||
		    v.format > 1 || v.default_level > 7)
			goto inval;
		f->view = v;
		return 0;
	}
	case LOGGER_IOC_VIEW_STATS: {
		struct logger_view_stats vs = { 0 };

		vs.read = f->read;
		vs.skipped = f->skipped;
		vs.written = f->written;
		memcpy(arg, &vs, sizeof(vs));
		return 0;
	}
	case LOGGER_IOC_NEXT_SIZE: {
		__u64 need = f->reader ? next_wanted(f) : 0;

		memcpy(arg, &need, sizeof(need));
		return 0;
	}
	case LOGGER_IOC_GET_POS: {
		struct logger_pos p = { inst, f->last_seq + 1 };

		if (f->min_seq > p.seq)
			p.seq = f->min_seq;
		memcpy(arg, &p, sizeof(p));
		return 0;
	}
	case LOGGER_IOC_SEEK: {
		struct logger_pos p;

		memcpy(&p, arg, sizeof(p));
		if (p.instance != inst) {
			errno = ESTALE;
			return -1;
		}
		f->min_seq = p.seq;
		return 0;
	}
	}
	errno = ENOTTY;
	return -1;
inval:
	errno = EINVAL;
	return -1;
}

int ioctl(int fd, unsigned long req, ...)
{
	struct fake *f;
	va_list ap;
	void *arg;

	resolve();
	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	f = get(fd);
	if (!f)
		return real_ioctl(fd, req, arg);
	return fake_ioctl(f, req, arg);
}
