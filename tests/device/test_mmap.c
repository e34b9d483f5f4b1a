// SPDX-License-Identifier: GPL-2.0
/*
 * The mapping (uapi/logger.h, DOC: Mapping) and its reader library
 * (userland/common/lgmap.c): permissions, layout, the same records as
 * read() under concurrent writers and eviction for 1, 8 and 64 mapped
 * readers, a reader stalled mid-record while its record is overwritten,
 * clear, resize, fork and unload while mapped, poll.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "devtest.h"
#include "lgmap.h"

/* Message of writer record @i: its number, then bytes derived from it. */
static size_t msg_for(unsigned int i, char *buf)
{
	size_t n = (size_t)sprintf(buf, "mm:%u:", i), len = 20 + (i * 7) % 300;

	while (n < len) {
		buf[n] = 'a' + (i + n) % 26;
		n++;
	}
	buf[n] = '\0';
	return n;
}

/* A record's message is the one written under its number. */
static int msg_ok(const char *msg, size_t len)
{
	char want[400];
	unsigned int i;

	if (sscanf(msg, "mm:%u:", &i) != 1)
		return 0;
	return msg_for(i, want) == len && !memcmp(want, msg, len);
}

/* Write records [from, to) of level @l, @per per write(). */
static void put(int fd, int l, unsigned int from, unsigned int to, int per)
{
	static char buf[64 * 400];
	unsigned int i = from;

	while (i < to) {
		size_t len = 0;
		int k;

		for (k = 0; k < per && i < to; k++, i++) {
			len += sprintf(buf + len, "<%d>", l);
			len += msg_for(i, buf + len);
			buf[len++] = '\n';
		}
		ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
	}
}

static void map_open(struct lgmap *m, int fd)
{
	int ret = lgmap_open(m, fd);

	ck_assert_msg(ret == 0, "lgmap_open: %s", strerror(-ret));
}

START_TEST(test_map_refused_writable_private_exec)
{
	int rw = dt_open(O_RDWR), ro = dt_open(O_RDONLY);
	int wo = dt_open(O_WRONLY);
	long pg = sysconf(_SC_PAGESIZE);
	void *p;

	ck_assert_ptr_eq(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED,
			      rw, 0), MAP_FAILED);
	ck_assert_int_eq(errno, EPERM);
	ck_assert_ptr_eq(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED,
			      ro, 0), MAP_FAILED);
	ck_assert_int_eq(errno, EACCES);
	ck_assert_ptr_eq(mmap(NULL, pg, PROT_READ, MAP_PRIVATE, ro, 0),
			 MAP_FAILED);
	ck_assert_int_eq(errno, EPERM);
	ck_assert_ptr_eq(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE,
			      ro, 0), MAP_FAILED);
	ck_assert_int_eq(errno, EPERM);
	ck_assert_ptr_eq(mmap(NULL, pg, PROT_READ | PROT_EXEC, MAP_SHARED,
			      ro, 0), MAP_FAILED);
	ck_assert_int_eq(errno, EPERM);
	ck_assert_ptr_eq(mmap(NULL, pg, PROT_READ, MAP_SHARED, wo, 0),
			 MAP_FAILED);
	ck_assert_int_eq(errno, EACCES);
	ck_assert_ptr_eq(mmap(NULL, pg, PROT_READ, MAP_SHARED, ro, pg),
			 MAP_FAILED);
	ck_assert_int_eq(errno, EINVAL);
	/* A read-only mapping cannot be made writable. */
	p = mmap(NULL, pg, PROT_READ, MAP_SHARED, ro, 0);
	ck_assert_ptr_ne(p, MAP_FAILED);
	ck_assert_int_eq(mprotect(p, pg, PROT_READ | PROT_WRITE), -1);
	ck_assert_int_eq(errno, EACCES);
	ck_assert_int_eq(munmap(p, pg), 0);
	close(rw);
	close(ro);
	close(wo);
}
END_TEST

START_TEST(test_map_layout_and_bounds)
{
	int fd = dt_open(O_RDONLY);
	long pg = sysconf(_SC_PAGESIZE);
	const struct logger_map_ctl *ctl;
	struct logger_stats st = dt_stats(fd);
	size_t len;
	void *p;

	ctl = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
	ck_assert_ptr_ne(ctl, MAP_FAILED);
	ck_assert_uint_eq(ctl->magic, LOGGER_MAP_MAGIC);
	ck_assert_uint_eq(ctl->version, LOGGER_MAP_VERSION);
	ck_assert_uint_eq(ctl->hdr_len, sizeof(*ctl));
	ck_assert_uint_eq(ctl->instance, st.instance);
	ck_assert_uint_eq(ctl->page_size, pg);
	ck_assert_uint_eq(ctl->chunk_size, 4096);
	ck_assert_uint_eq(ctl->chunk_hdr, sizeof(struct logger_map_chunk));
	ck_assert_uint_eq((__u64)ctl->nchunks * ctl->chunk_size, st.capacity);
	ck_assert_uint_eq(ctl->max_record, 1024);
	ck_assert_uint_eq(ctl->next_seq, 1);
	len = ctl->page_size + (size_t)ctl->nchunks * ctl->chunk_size;
	/* Nothing past the store; the mapping does not grow. */
	ck_assert_ptr_eq(mmap(NULL, len + pg, PROT_READ, MAP_SHARED, fd, 0),
			 MAP_FAILED);
	ck_assert_int_eq(errno, EINVAL);
	p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	ck_assert_ptr_ne(p, MAP_FAILED);
	ck_assert_ptr_eq(mremap(p, len, len + pg, MREMAP_MAYMOVE), MAP_FAILED);
	/* Nothing but zeros where no record was ever written. */
	for (size_t i = sizeof(*ctl); i < (size_t)pg; i++)
		ck_assert_int_eq(((unsigned char *)p)[i], 0);
	ck_assert_int_eq(munmap(p, len), 0);
	ck_assert_int_eq(munmap((void *)ctl, pg), 0);
	close(fd);
}
END_TEST

START_TEST(test_map_same_records_as_read)
{
	int w = dt_open(O_WRONLY), r, mfd, n, i, order;
	static struct dt_rec recs[4096];
	struct logger_record h;
	static char msg[8192];
	struct lgmap m;

	put(w, 3, 0, 50, 7);
	put(w, 7, 50, 3000, 32);	/* evicts */
	put(w, 5, 3000, 3100, 1);
	for (order = 0; order < 2; order++) {
		/* Both start at the oldest record stored now. */
		r = dt_open(O_RDONLY | O_NONBLOCK);
		mfd = dt_open(O_RDONLY | O_NONBLOCK);
		dt_set_view(r, 0xa8, order, LOGGER_FORMAT_BINARY);
		dt_set_view(mfd, 0xa8, order, LOGGER_FORMAT_BINARY);
		map_open(&m, mfd);
		n = dt_read_bin(r, recs, 4096);
		ck_assert_int_gt(n, 100);
		for (i = 0; i < n; i++) {
			ck_assert_int_eq(lgmap_next(&m, &h, msg, sizeof(msg)), 1);
			ck_assert_uint_eq(h.seq, recs[i].h.seq);
			ck_assert_mem_eq(&h, &recs[i].h, sizeof(h));
			ck_assert_mem_eq(msg, recs[i].msg, h.msg_len);
			ck_assert(msg_ok(msg, h.msg_len));
		}
		ck_assert_int_eq(lgmap_next(&m, &h, msg, sizeof(msg)), 0);
		ck_assert_uint_eq(m.lost, dt_view_stats(r).lost);
		ck_assert_uint_eq(m.skipped, dt_view_stats(r).skipped);
		ck_assert_uint_eq(m.read, (__u64)n);
		lgmap_close(&m);
		close(mfd);
		close(r);
	}
	close(w);
}
END_TEST

/* ---- many mapped readers under a flood ---------------------------------- */

struct mreader {
	int fd;
	unsigned long read, lost;
	char err[160];
};

static int flood_done;		/* __atomic: the writer has finished */
static unsigned int flood_total;

static void *mapped_reader(void *arg)
{
	struct mreader *mr = arg;
	struct logger_record h;
	static __thread char msg[8192];
	__u64 last = 0;
	struct lgmap m;
	int done;

	if (lgmap_open(&m, mr->fd)) {
		snprintf(mr->err, sizeof(mr->err), "lgmap_open failed");
		return NULL;
	}
	for (;;) {
		/* Read after the flag: then every record is stored or gone. */
		done = __atomic_load_n(&flood_done, __ATOMIC_ACQUIRE);
		if (lgmap_next(&m, &h, msg, sizeof(msg)) == 1) {
			if (h.seq <= last || !msg_ok(msg, h.msg_len)) {
				snprintf(mr->err, sizeof(mr->err),
					 "bad record: seq %llu after %llu",
					 (unsigned long long)h.seq,
					 (unsigned long long)last);
				break;
			}
			last = h.seq;
			mr->lost += h.lost;
			mr->read++;
			continue;
		}
		if (done)
			break;
		lgmap_wait(&m, 20);
	}
	if (!mr->err[0] && m.lost != mr->lost)
		snprintf(mr->err, sizeof(mr->err), "in-band lost %lu != %llu",
			 mr->lost, (unsigned long long)m.lost);
	lgmap_close(&m);
	return NULL;
}

static void many_readers(int n)
{
	struct mreader *mr = calloc(n, sizeof(*mr));
	pthread_t *th = calloc(n, sizeof(*th));
	int w = dt_open(O_WRONLY), i;

	__atomic_store_n(&flood_done, 0, __ATOMIC_RELEASE);
	flood_total = 20000;
	for (i = 0; i < n; i++) {
		mr[i].fd = dt_open(O_RDONLY | O_NONBLOCK);
		dt_set_view(mr[i].fd, 0xff, LOGGER_ORDER_SEQ,
			    LOGGER_FORMAT_BINARY);
		ck_assert_int_eq(pthread_create(&th[i], NULL, mapped_reader,
						&mr[i]), 0);
	}
	put(w, 6, 0, flood_total, 16);
	__atomic_store_n(&flood_done, 1, __ATOMIC_RELEASE);
	for (i = 0; i < n; i++) {
		pthread_join(th[i], NULL);
		ck_assert_msg(!mr[i].err[0], "reader %d: %s", i, mr[i].err);
		ck_assert_msg(mr[i].read + mr[i].lost == flood_total,
			      "reader %d: read %lu + lost %lu != %u", i,
			      mr[i].read, mr[i].lost, flood_total);
		close(mr[i].fd);
	}
	close(w);
	free(mr);
	free(th);
}

START_TEST(test_map_1_reader_flood)
{
	many_readers(1);
}
END_TEST

START_TEST(test_map_8_readers_flood)
{
	many_readers(8);
}
END_TEST

START_TEST(test_map_64_readers_flood)
{
	many_readers(64);
}
END_TEST

/* ---- a reader stalled in the middle of a record --------------------------- */

static int stall_w;
static int stalls;

static void overwrite_now(void *arg)
{
	/* Once: evict and reuse every chunk while a record is half copied. */
	if (stalls++ == 0)
		put(stall_w, 7, 100000, 110000, 32);
}

START_TEST(test_map_stall_mid_record_counted_lost)
{
	int r = dt_open(O_RDONLY | O_NONBLOCK), got = 0;
	struct logger_record h;
	static char msg[8192];
	struct lgmap m;

	stall_w = dt_open(O_WRONLY);
	stalls = 0;
	put(stall_w, 7, 0, 100, 10);
	map_open(&m, r);
	m.stall = overwrite_now;
	while (lgmap_next(&m, &h, msg, sizeof(msg)) == 1) {
		ck_assert(msg_ok(msg, h.msg_len));
		if (!got++) {
			/* The record it was copying went: lost, not returned. */
			ck_assert_uint_ge(h.lost, 100);
			ck_assert_uint_ge(h.seq, 101);
		}
	}
	ck_assert_int_gt(got, 0);
	ck_assert_uint_eq(m.read + m.lost, 100 + 10000);
	lgmap_close(&m);
	close(stall_w);
	close(r);
}
END_TEST

/* ---- where a mapping starts: the fd's cursor --------------------------------- */

/* Read exactly one binary record with read(); its header. */
static struct logger_record read_one(int fd)
{
	static char buf[1 << 14];
	struct logger_record h;
	__u64 size;

	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_NEXT_SIZE, &size), 0);
	ck_assert_uint_le(size, sizeof(buf));
	ck_assert_int_eq(read(fd, buf, size), (ssize_t)size);
	memcpy(&h, buf, sizeof(h));
	return h;
}

START_TEST(test_map_open_goes_on_after_read)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY | O_NONBLOCK), i;
	struct logger_record h;
	static char msg[8192];
	__u64 seq = 0;
	struct lgmap m;

	dt_set_view(r, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	put(w, 6, 0, 20, 4);
	for (i = 0; i < 5; i++)
		seq = read_one(r).seq;
	map_open(&m, r);
	for (i = 5; i < 20; i++) {
		ck_assert_int_eq(lgmap_next(&m, &h, msg, sizeof(msg)), 1);
		ck_assert_uint_eq(h.seq, seq + 1 + (i - 5));
		ck_assert_uint_eq(h.lost, 0);
	}
	ck_assert_int_eq(lgmap_next(&m, &h, msg, sizeof(msg)), 0);
	ck_assert_uint_eq(m.read, 15);
	lgmap_close(&m);
	close(r);
	close(w);
}
END_TEST

START_TEST(test_map_open_after_seek_end)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY | O_NONBLOCK);
	struct logger_record h;
	static char msg[8192];
	struct lgmap m;

	put(w, 3, 0, 10, 5);
	ck_assert_int_ge(lseek(r, 0, SEEK_END), 0);
	map_open(&m, r);
	put(w, 3, 10, 13, 1);
	ck_assert_int_eq(lgmap_next(&m, &h, msg, sizeof(msg)), 1);
	ck_assert_mem_eq(msg, "mm:10:", 6);
	ck_assert_int_eq(lgmap_next(&m, &h, msg, sizeof(msg)), 1);
	ck_assert_int_eq(lgmap_next(&m, &h, msg, sizeof(msg)), 1);
	ck_assert_mem_eq(msg, "mm:12:", 6);
	ck_assert_int_eq(lgmap_next(&m, &h, msg, sizeof(msg)), 0);
	ck_assert_uint_eq(m.lost, 0);
	lgmap_close(&m);
	close(r);
	close(w);
}
END_TEST

/*
 * Opened before a flood, mapped after it: what went in between is lost,
 * counted, as read() would count it; the fd's own unreported loss is
 * handed over, and read() does not report it again.
 */
START_TEST(test_map_open_counts_loss_since_open)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY | O_NONBLOCK);
	int r2 = dt_open(O_RDONLY | O_NONBLOCK), first = 1;
	struct logger_map_cursor mc;
	struct logger_record h;
	static char msg[8192];
	struct lgmap m;
	unsigned int n = 20000;

	dt_set_view(r2, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	put(w, 6, 0, n, 16);
	ck_assert_uint_gt(dt_stats(w).evicted, 0);
	map_open(&m, r);
	while (lgmap_next(&m, &h, msg, sizeof(msg)) == 1) {
		ck_assert(msg_ok(msg, h.msg_len));
		if (first) {
			ck_assert_uint_eq(h.lost, dt_stats(w).evicted);
			first = 0;
		}
	}
	ck_assert_uint_eq(m.read + m.lost, n);
	lgmap_close(&m);

	/* The handover: r2's loss goes to its cursor's taker, once. */
	ck_assert_int_eq(ioctl(r2, LOGGER_IOC_MAP_CURSOR, &mc), 0);
	ck_assert_uint_eq(mc.lost, dt_stats(w).evicted);
	ck_assert_uint_eq(dt_view_stats(r2).lost, mc.lost);
	ck_assert_uint_eq(read_one(r2).lost, 0);
	ck_assert_int_eq(ioctl(r2, LOGGER_IOC_MAP_CURSOR, &mc), 0);
	ck_assert_uint_eq(mc.lost, 0);
	close(r2);
	close(r);
	close(w);
}
END_TEST

START_TEST(test_map_cursor_errors)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY | O_NONBLOCK);
	struct logger_group g = { .name = "mapped" };
	struct logger_map_cursor mc;
	struct lgmap m;

	errno = 0;
	ck_assert_int_eq(ioctl(w, LOGGER_IOC_MAP_CURSOR, &mc), -1);
	ck_assert_int_eq(errno, EBADF);
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_MAP_CURSOR, (void *)16), -1);
	ck_assert_int_eq(errno, EFAULT);
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_JOIN_GROUP, &g), 0);
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_MAP_CURSOR, &mc), -1);
	ck_assert_int_eq(errno, EBUSY);
	ck_assert_int_eq(lgmap_open(&m, r), -EBUSY);
	close(r);
	close(w);
}
END_TEST

/* ---- clear, resize, fork, unload ------------------------------------------- */

START_TEST(test_map_clear_unreadable)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY | O_NONBLOCK), c;
	static const char secret[] = "cleared-secret-8d0f3a";
	struct logger_record h;
	static char msg[8192];
	struct lgmap m;
	char line[64];

	map_open(&m, r);
	snprintf(line, sizeof(line), "<3>%s\n", secret);
	for (c = 0; c < 20; c++)
		dt_write_str(w, line);
	ck_assert(memmem(m.base, m.len, secret, strlen(secret)) != NULL);
	ck_assert_int_eq(ioctl(w, LOGGER_IOC_CLEAR), 0);
	ck_assert(memmem(m.base, m.len, secret, strlen(secret)) == NULL);
	ck_assert_int_eq(lgmap_next(&m, &h, msg, sizeof(msg)), 0);
	ck_assert_uint_eq(m.lost, 0);
	dt_write_str(w, "<3>after\n");
	ck_assert_int_eq(lgmap_next(&m, &h, msg, sizeof(msg)), 1);
	ck_assert_mem_eq(msg, "after", 5);
	ck_assert_uint_eq(h.lost, 0);
	lgmap_close(&m);
	close(r);
	close(w);
}
END_TEST

START_TEST(test_map_resize_refused_while_mapped)
{
	int fd = dt_open(O_RDWR), status;
	struct logger_config cfg;
	struct lgmap m;
	pid_t pid;

	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_CONFIG, &cfg), 0);
	map_open(&m, fd);
	cfg.capacity *= 2;
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_CONFIG, &cfg), -1);
	ck_assert_int_eq(errno, EBUSY);
	/* A child inherits the mapping: it reads, and still holds the store. */
	dt_write_str(fd, "<6>for the child\n");
	pid = fork();
	if (pid == 0) {
		struct logger_record h;
		static char msg[8192];

		_exit(lgmap_next(&m, &h, msg, sizeof(msg)) == 1 &&
		      !memcmp(msg, "for the child", 13) ? 0 : 1);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	lgmap_close(&m);
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_CONFIG, &cfg), 0);
	ck_assert_uint_eq(dt_stats(fd).capacity, cfg.capacity);
	close(fd);
}
END_TEST

START_TEST(test_map_unload_refused_while_mapped)
{
	int fd = dt_open(O_RDONLY);
	struct lgmap m;

	map_open(&m, fd);
	close(fd);
	ck_assert_int_eq(syscall(SYS_delete_module, "logger", O_NONBLOCK), -1);
	ck_assert_int_eq(errno, EWOULDBLOCK);
	lgmap_close(&m);
	/* The fixture unloads it now. */
}
END_TEST

START_TEST(test_map_read_restriction)
{
	int fd;
	struct lgmap m;

	dt_unload();
	dt_load("read_own=1");
	dt_drop_privs();
	fd = dt_open(O_RDONLY);
	ck_assert_int_eq(lgmap_open(&m, fd), -EPERM);
	close(fd);
	dt_regain_privs();
	fd = dt_open(O_RDONLY);
	map_open(&m, fd);
	lgmap_close(&m);
	close(fd);
}
END_TEST

START_TEST(test_map_unprivileged_reader)
{
	int w = dt_open(O_WRONLY), r;
	struct logger_record h;
	static char msg[8192];
	struct lgmap m;

	dt_write_str(w, "<4>for nobody\n");
	dt_drop_privs();
	r = dt_open(O_RDONLY);
	map_open(&m, r);
	ck_assert_int_eq(lgmap_next(&m, &h, msg, sizeof(msg)), 1);
	ck_assert_mem_eq(msg, "for nobody", 10);
	lgmap_close(&m);
	close(r);
	dt_regain_privs();
	close(w);
}
END_TEST

/* ---- sleeping in poll() ------------------------------------------------------ */

static void *wait_for_record(void *arg)
{
	struct lgmap *m = arg;

	return (void *)(long)lgmap_wait(m, 20000);
}

START_TEST(test_map_wait_wakes)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY | O_NONBLOCK);
	struct logger_record h;
	static char msg[8192];
	struct lgmap m;
	pthread_t th;
	void *ret;

	dt_write_str(w, "<6>old\n");
	map_open(&m, r);
	ck_assert_int_eq(lgmap_next(&m, &h, msg, sizeof(msg)), 1);
	/* Caught up: poll says nothing until a record past it comes. */
	ck_assert_int_eq(lgmap_wait(&m, 0), 0);
	ck_assert_int_eq(pthread_create(&th, NULL, wait_for_record, &m), 0);
	dt_write_str(w, "<6>new\n");
	pthread_join(th, &ret);
	ck_assert_int_eq((long)ret, 1);
	ck_assert_int_eq(lgmap_next(&m, &h, msg, sizeof(msg)), 1);
	ck_assert_mem_eq(msg, "new", 3);
	/* A filtered-out level does not wake it. */
	ck_assert_int_eq(lgmap_set_view(&m, LOGGER_LEVEL_BIT(6), 0), 0);
	dt_write_str(w, "<7>filtered\n");
	ck_assert_int_eq(lgmap_wait(&m, 0), 0);
	lgmap_close(&m);
	close(r);
	close(w);
}
END_TEST

START_TEST(test_map_sync_rejects_lies)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY);
	struct logger_map_pos mp;
	struct lgmap m;
	int l;

	put(w, 6, 0, 200, 10);
	map_open(&m, r);
	memset(&mp, 0, sizeof(mp));
	for (l = 0; l < 8; l++)
		mp.id[l] = LOGGER_MAP_NIL;
	/* A stored lseq named without the chunk that holds it. */
	mp.lseq[6] = 100;
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_MAP_SYNC, &mp), -1);
	ck_assert_int_eq(errno, EINVAL);
	mp.id[6] = 3;
	mp.off[6] = 8;
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_MAP_SYNC, &mp), -1);
	ck_assert_int_eq(errno, EINVAL);
	/* Past the end. */
	mp.lseq[6] = 1000;
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_MAP_SYNC, &mp), -1);
	ck_assert_int_eq(errno, EINVAL);
	/* Another clear generation. */
	mp.lseq[6] = 0;
	mp.clear_gen = 5;
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_MAP_SYNC, &mp), -1);
	ck_assert_int_eq(errno, ESTALE);
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_MAP_SYNC, NULL), -1);
	ck_assert_int_eq(errno, EFAULT);
	lgmap_close(&m);
	close(r);
	close(w);
}
END_TEST

Suite *make_mmap_suite(void)
{
	Suite *s = suite_create("mmap");
	TCase *tc = tcase_create("mmap");

	tcase_add_checked_fixture(tc, dt_fixture_load, dt_fixture_unload);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_map_refused_writable_private_exec);
	tcase_add_test(tc, test_map_layout_and_bounds);
	tcase_add_test(tc, test_map_same_records_as_read);
	tcase_add_test(tc, test_map_1_reader_flood);
	tcase_add_test(tc, test_map_8_readers_flood);
	tcase_add_test(tc, test_map_64_readers_flood);
	tcase_add_test(tc, test_map_stall_mid_record_counted_lost);
	tcase_add_test(tc, test_map_open_goes_on_after_read);
	tcase_add_test(tc, test_map_open_after_seek_end);
	tcase_add_test(tc, test_map_open_counts_loss_since_open);
	tcase_add_test(tc, test_map_cursor_errors);
	tcase_add_test(tc, test_map_clear_unreadable);
	tcase_add_test(tc, test_map_resize_refused_while_mapped);
	tcase_add_test(tc, test_map_unload_refused_while_mapped);
	tcase_add_test(tc, test_map_read_restriction);
	tcase_add_test(tc, test_map_unprivileged_reader);
	tcase_add_test(tc, test_map_wait_wakes);
	tcase_add_test(tc, test_map_sync_rejects_lies);
	suite_add_tcase(s, tc);
	return s;
}
