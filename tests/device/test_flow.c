// SPDX-License-Identifier: GPL-2.0
/*
 * Lossless delivery (the block policy and holding readers), group
 * readers, tags and the sysfs statistics: every sentence of SPEC §6.
 * The group readers' tests are in test_flow_groups.c (same suite).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "devtest.h"

static struct dt_rec recs[4096];

/* Wait (bounded: a failure detector) until @n writers wait. */
static void wait_waiting(int fd, unsigned int n)
{
	int i;

	for (i = 0; i < 6000 && dt_flow(fd).waiting_writers != n; i++)
		dt_tick();
	ck_assert_uint_eq(dt_flow(fd).waiting_writers, n);
}

/* Write one "<7>flow N" record; returns write()'s result. */
static ssize_t put_one(int fd, int l, int n)
{
	char line[64];
	int len = snprintf(line, sizeof(line), "<%d>flow %06d padding padding\n",
			   l, n);

	return write(fd, line, len);
}

/* ---- tags ----------------------------------------------------------------- */

START_TEST(test_tag_default_and_parsed)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY | O_NONBLOCK);
	struct logger_tag t = { "disk" }, got;
	char buf[4096];

	ck_assert_int_eq(ioctl(w, LOGGER_IOC_SET_TAG, &t), 0);
	memset(&got, 0x55, sizeof(got));
	ck_assert_int_eq(ioctl(w, LOGGER_IOC_GET_TAG, &got), 0);
	ck_assert_mem_eq(&got, &t, sizeof(t));
	dt_write_str(w, "<3>full\n");
	/* Not parsed unless asked: "net: x" is a message. */
	dt_write_str(w, "<3>net: up\n");
	dt_set_flags(w, LOGGER_FD_PARSE_TAGS);
	dt_write_str(w, "<3>net: down\n<3>no tag here\n<3>bad tag: x\n");
	dt_set_view(r, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_TEXT);
	dt_read_text(r, buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf, ";disk: full\n"));
	ck_assert_ptr_nonnull(strstr(buf, ";disk: net: up\n"));
	ck_assert_ptr_nonnull(strstr(buf, ";net: down\n"));
	ck_assert_ptr_nonnull(strstr(buf, ";disk: no tag here\n"));
	/* "bad tag" has a space: no tag, the fd's default applies. */
	ck_assert_ptr_nonnull(strstr(buf, ";disk: bad tag: x\n"));
	close(r);
	close(w);
}
END_TEST

START_TEST(test_tag_binary2_and_v1_unchanged)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY | O_NONBLOCK);
	struct logger_tag t = { "job" };
	struct logger_record2 *h;
	char buf[4096];
	ssize_t n;

	ck_assert_int_eq(ioctl(w, LOGGER_IOC_SET_TAG, &t), 0);
	dt_write_str(w, "<6>work\n");
	/* Format 1 readers get what they always got. */
	dt_set_view(r, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	ck_assert_int_eq(dt_read_bin(r, recs, 4), 1);
	ck_assert_uint_eq(recs[0].h.hdr_len, sizeof(struct logger_record));
	ck_assert_uint_eq(recs[0].h.version, 1);
	ck_assert_str_eq(recs[0].msg, "work");
	lseek(r, 0, SEEK_SET);
	dt_set_flags(r, LOGGER_FD_RECORD2);
	n = read(r, buf, sizeof(buf));
	ck_assert_int_eq(n, sizeof(*h) + 8);
	h = (void *)buf;
	ck_assert_uint_eq(h->rec.hdr_len, sizeof(*h));
	ck_assert_uint_eq(h->rec.version, LOGGER_RECORD2_VERSION);
	ck_assert_uint_eq(h->tag_len, 3);
	ck_assert_str_eq(h->tag, "job");
	ck_assert_mem_eq(buf + sizeof(*h), "work", 4);
	close(r);
	close(w);
}
END_TEST

START_TEST(test_tag_filter_skips_not_loses)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY | O_NONBLOCK), n;
	struct logger_tag_filter tf = { .count = 2, .tags = { "job", "" } };
	struct logger_view_stats vs;

	dt_set_flags(w, LOGGER_FD_PARSE_TAGS);
	dt_write_str(w, "job: 1\nlog: a\nplain\njob: 2\nlog: b\n");
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_SET_TAG_FILTER, &tf), 0);
	dt_set_view(r, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	n = dt_read_bin(r, recs, 16);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(recs[0].msg, "1");
	ck_assert_str_eq(recs[1].msg, "plain");
	ck_assert_str_eq(recs[2].msg, "2");
	vs = dt_view_stats(r);
	ck_assert_uint_eq(vs.skipped, 2);
	ck_assert_uint_eq(vs.lost, 0);
	memset(&tf, 0, sizeof(tf));
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_GET_TAG_FILTER, &tf), 0);
	ck_assert_uint_eq(tf.count, 2);
	ck_assert_str_eq(tf.tags[0], "job");
	close(r);
	close(w);
}
END_TEST

/* Write @n "<6>job: J i" / "<6>log: L i" records in turn; the jobs. */
static unsigned int put_job_log(int w, unsigned int n)
{
	char buf[8192];
	unsigned int i = 0, jobs = 0;

	while (i < n) {
		size_t len = 0;
		int k;

		for (k = 0; k < 32 && i < n; k++, i++) {
			len += snprintf(buf + len, sizeof(buf) - len,
					i % 2 ? "<6>log: L %06u padding\n" :
						"<6>job: J %06u padding\n", i);
			jobs += !(i % 2);
		}
		ck_assert_int_eq(write(w, buf, len), len);
	}
	return jobs;
}

/*
 * Read everything @r has (binary): only jobs, in order; their in-band
 * lost counts add up to what the stats say was lost since @before.
 */
static struct logger_view_stats read_jobs(int r,
					  const struct logger_view_stats *before)
{
	struct logger_view_stats vs;
	unsigned long long inband = 0;
	int n = dt_read_bin(r, recs, 4096), i;

	for (i = 0; i < n; i++) {
		ck_assert_msg(recs[i].msg[0] == 'J', "record %d: %s", i,
			      recs[i].msg);
		ck_assert(i == 0 || recs[i].h.seq > recs[i - 1].h.seq);
		inband += recs[i].h.lost;
	}
	vs = dt_view_stats(r);
	ck_assert_uint_eq(vs.read - before->read, n);
	ck_assert_uint_eq(inband, vs.lost - before->lost);
	return vs;
}

/*
 * SPEC 6: records outside the tag filter are skipped, not lost, also when
 * they are evicted before the reader reaches them; after each cursor
 * move (a read, a seek to the end, a filter change) the counts stay
 * exact across eviction and reuse of every chunk.
 */
START_TEST(test_tag_filter_evicted_records_skipped)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY | O_NONBLOCK);
	struct logger_tag_filter tf = { .count = 1, .tags = { "job" } };
	struct logger_view_stats z, a, b;
	unsigned int jobs, n;

	dt_set_flags(w, LOGGER_FD_PARSE_TAGS);
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_SET_TAG_FILTER, &tf), 0);
	dt_set_view(r, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	jobs = put_job_log(w, 10);
	/* One record fits: it stops inside the first chunk. */
	ck_assert_int_gt(read(r, recs, 100), 0);
	z = dt_view_stats(r);
	ck_assert_uint_eq(z.read, 1);
	n = 4000;
	jobs += put_job_log(w, n);
	a = read_jobs(r, &z);
	ck_assert_uint_gt(dt_stats(w).level_evicted[6], 0);
	ck_assert_uint_gt(a.lost, 0);
	ck_assert_uint_eq(a.read + a.lost, jobs);
	ck_assert_uint_eq(a.skipped, 4010 - jobs);

	/* Seek to the end, then evict and reuse every chunk. */
	put_job_log(w, 100);
	ck_assert_int_eq(lseek(r, 0, SEEK_END), 0);
	a = dt_view_stats(r);
	jobs = put_job_log(w, n);
	b = read_jobs(r, &a);
	ck_assert_uint_eq(b.read + b.lost - a.read - a.lost, jobs);
	ck_assert_uint_eq(b.skipped - a.skipped, n - jobs);

	/* Drop the level, write, add it back, evict: exact again. */
	dt_set_view(r, 0x3f, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	put_job_log(w, 1000);
	dt_set_view(r, 0xff, LOGGER_ORDER_PRIORITY, LOGGER_FORMAT_BINARY);
	jobs = put_job_log(w, n);
	a = read_jobs(r, &b);
	ck_assert_uint_eq(a.read + a.lost - b.read - b.lost, jobs);
	ck_assert_uint_eq(a.skipped - b.skipped, 1000 + n - jobs);
	close(r);
	close(w);
}
END_TEST

/* put_job_log() from another process, with its own fd; the jobs. */
static unsigned int put_job_log_child(unsigned int n)
{
	int st, pfd[2];
	unsigned int jobs = 0;
	pid_t pid;

	ck_assert_int_eq(pipe(pfd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int w = open("/dev/logger", O_WRONLY | O_CLOEXEC);
		__u32 flags = LOGGER_FD_PARSE_TAGS;

		if (w < 0 || ioctl(w, LOGGER_IOC_SET_FLAGS, &flags))
			_exit(1);
		jobs = put_job_log(w, n);
		_exit(write(pfd[1], &jobs, sizeof(jobs)) == sizeof(jobs) ? 0 : 1);
	}
	close(pfd[1]);
	ck_assert_int_eq(read(pfd[0], &jobs, sizeof(jobs)), sizeof(jobs));
	close(pfd[0]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return jobs;
}

/*
 * The other moves: a clear, a resize, then eviction by another process's
 * writes, with the tag-filtered reader stopped inside a chunk each time.
 */
START_TEST(test_tag_filter_clear_resize_then_evict)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY | O_NONBLOCK);
	struct logger_tag_filter tf = { .count = 1, .tags = { "job" } };
	struct logger_view_stats a, b;
	struct logger_config c;
	unsigned int jobs, n = 4000, round;

	dt_set_flags(w, LOGGER_FD_PARSE_TAGS);
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_SET_TAG_FILTER, &tf), 0);
	dt_set_view(r, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	for (round = 0; round < 2; round++) {
		put_job_log(w, 50);
		ck_assert_int_gt(read(r, recs, 100), 0);
		if (round == 0) {
			/* Cleared records count as nothing. */
			ck_assert_int_eq(ioctl(w, LOGGER_IOC_CLEAR), 0);
		} else {
			ck_assert_int_eq(ioctl(w, LOGGER_IOC_GET_CONFIG, &c), 0);
			c.capacity = 131072;
			ck_assert_int_eq(ioctl(w, LOGGER_IOC_SET_CONFIG, &c), 0);
		}
		/* What the resize kept: read, so the reader is at the end. */
		dt_read_bin(r, recs, 4096);
		/*
		 * 5 jobs, 5 logs; it reads the first job and stops inside the
		 * first chunk again (the read passed the first log, and the
		 * second job did not fit: fetched, not consumed); then
		 * another process evicts it all.
		 */
		put_job_log(w, 10);
		ck_assert_int_gt(read(r, recs, 100), 0);
		a = dt_view_stats(r);
		jobs = put_job_log_child(n);
		b = read_jobs(r, &a);
		ck_assert_uint_gt(b.lost, a.lost);
		ck_assert_uint_eq(b.read + b.lost - a.read - a.lost, 4 + jobs);
		ck_assert_uint_eq(b.skipped - a.skipped, 4 + n - jobs);
	}
	close(r);
	close(w);
}
END_TEST

/* The same for the trust model's read_own: others' records are skipped. */
START_TEST(test_read_own_evicted_foreign_records_skipped)
{
	unsigned int i, own = 0, foreign = 0;
	struct logger_view_stats vs;
	int wr, w, r, n;

	dt_unload();
	dt_load("read_own=1 capacity=65536");
	wr = dt_open(O_WRONLY);
	dt_drop_privs();
	w = dt_open(O_WRONLY);
	r = dt_open(O_RDONLY | O_NONBLOCK);
	dt_set_view(r, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	for (i = 0; i < 100; i++) {
		dt_write_str(w, "<6>J mine\n");
		own++;
		/* root's records, stamped root: written with root's ids. */
		dt_regain_privs();
		dt_flood(wr, 6, 40);
		dt_drop_privs();
		foreign += 40;
		if (i == 10)
			ck_assert_int_gt(read(r, recs, 4096), 0);
	}
	n = dt_read_bin(r, recs, 4096);
	ck_assert_int_gt(n, 0);
	ck_assert_str_eq(recs[n - 1].msg, "J mine");
	vs = dt_view_stats(r);
	ck_assert_uint_gt(vs.lost, 0);
	ck_assert_uint_eq(vs.read + vs.lost, own);
	ck_assert_uint_eq(vs.skipped, foreign);
	close(r);
	close(w);
	dt_regain_privs();
	close(wr);
}
END_TEST

START_TEST(test_tag_bad_values)
{
	int fd = dt_open(O_RDWR);
	struct logger_tag t;
	struct logger_tag_filter tf;
	__u32 flags = 0x80;

	memset(&t, 0, sizeof(t));
	strcpy(t.name, "two words");
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_TAG, &t), -1);
	ck_assert_int_eq(errno, EINVAL);
	strcpy(t.name, "a:b");
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_TAG, &t), -1);
	ck_assert_int_eq(errno, EINVAL);
	memset(t.name, 'x', sizeof(t.name));	/* no NUL */
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_TAG, &t), -1);
	ck_assert_int_eq(errno, EINVAL);
	memset(&t, 0, sizeof(t));
	t.name[0] = 'a';
	t.name[5] = 'b';	/* not NUL-padded */
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_TAG, &t), -1);
	ck_assert_int_eq(errno, EINVAL);
	memset(&tf, 0, sizeof(tf));
	tf.count = 9;
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_TAG_FILTER, &tf), -1);
	ck_assert_int_eq(errno, EINVAL);
	tf.count = 1;
	strcpy(tf.tags[3], "extra");	/* beyond count */
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_TAG_FILTER, &tf), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_FLAGS, &flags), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_TAG, NULL), -1);
	ck_assert_int_eq(errno, EFAULT);
	close(fd);
}
END_TEST

/* ---- the block policy ------------------------------------------------------ */

START_TEST(test_policy_needs_cap_syslog_and_param)
{
	int fd = dt_open(O_RDWR);
	struct logger_config c;

	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_CONFIG, &c), 0);
	ck_assert_uint_eq(c.policy, LOGGER_POLICY_OVERWRITE);
	c.policy = 2;
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_CONFIG, &c), -1);
	ck_assert_int_eq(errno, EINVAL);
	c.policy = LOGGER_POLICY_BLOCK;
	dt_drop_privs();
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_CONFIG, &c), -1);
	ck_assert_int_eq(errno, EPERM);
	dt_regain_privs();
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_CONFIG, &c), 0);
	ck_assert_uint_eq(dt_flow(fd).policy, LOGGER_POLICY_BLOCK);
	close(fd);
	dt_unload();
	dt_load("policy=block capacity=65536");
	fd = dt_open(O_RDONLY);
	ck_assert_uint_eq(dt_flow(fd).policy, LOGGER_POLICY_BLOCK);
	close(fd);
	dt_unload();
	fd = open("/logger.ko", O_RDONLY | O_CLOEXEC);
	ck_assert_int_eq(syscall(SYS_finit_module, fd, "policy=lossy", 0), -1);
	ck_assert_int_eq(errno, EINVAL);
	close(fd);
	dt_load("");
}
END_TEST

START_TEST(test_no_holding_reader_is_overwrite)
{
	int w = dt_open(O_WRONLY | O_NONBLOCK), r = dt_open(O_RDONLY), i;
	struct logger_stats st;

	dt_set_policy(w, LOGGER_POLICY_BLOCK);
	dt_set_flags(r, LOGGER_FD_NO_HOLD);
	ck_assert_uint_eq(dt_flow(w).holding_readers, 0);
	for (i = 0; i < 3000; i++)
		ck_assert_int_gt(put_one(w, 7, i), 0);
	st = dt_stats(w);
	ck_assert_uint_gt(st.evicted, 0);
	ck_assert_uint_eq(dt_flow(w).waits, 0);
	close(r);
	close(w);
}
END_TEST

/* Write until the store refuses; returns how many were taken. */
static int fill(int w, int l, int from)
{
	int i = from;

	while (put_one(w, l, i) > 0)
		i++;
	ck_assert_int_eq(errno, EAGAIN);
	return i - from;
}

START_TEST(test_holding_reader_keeps_everything)
{
	int w = dt_open(O_WRONLY | O_NONBLOCK), r = dt_open(O_RDONLY | O_NONBLOCK);
	struct logger_stats st;
	int n, i;

	dt_set_policy(w, LOGGER_POLICY_BLOCK);
	ck_assert_uint_eq(dt_flow(w).holding_readers, 1);
	n = fill(w, 7, 0);
	st = dt_stats(w);
	ck_assert_uint_eq(st.evicted, 0);
	ck_assert_uint_eq(st.records, n);
	/* The reader reads: room comes back; nothing was lost. */
	dt_set_view(r, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	ck_assert_int_eq(dt_read_bin(r, recs, 4096), n);
	for (i = 0; i < n; i++)
		ck_assert_uint_eq(recs[i].h.lost, 0);
	ck_assert_int_gt(fill(w, 7, n), 0);
	ck_assert_uint_eq(dt_view_stats(r).lost, 0);
	close(r);
	close(w);
}
END_TEST

/*
 * A reader that lost records under overwrite (its position is behind the
 * level's first) still holds what it has not read once the policy is
 * block, before it reads again: found by logger-stress's mapped reader.
 */
START_TEST(test_block_after_loss_holds_from_head)
{
	int w = dt_open(O_WRONLY | O_NONBLOCK), r = dt_open(O_RDONLY | O_NONBLOCK);
	__u64 evicted;
	int i, n;

	for (i = 0; i < 3000; i++)
		ck_assert_int_gt(put_one(w, 7, i), 0);
	evicted = dt_stats(w).evicted;
	ck_assert_uint_gt(evicted, 0);
	dt_set_policy(w, LOGGER_POLICY_BLOCK);
	/* The store is full of records r has not read: a write must wait. */
	for (n = 0; n < 2000 && put_one(w, 7, i + n) > 0; n++)
		;
	ck_assert_int_lt(n, 2000);
	ck_assert_int_eq(errno, EAGAIN);
	ck_assert_uint_eq(dt_stats(w).evicted, evicted);
	ck_assert_uint_eq(dt_view_stats(r).lost, evicted);
	close(r);
	close(w);
}
END_TEST

/* A child that writes @count records, blocking, then exits 0. */
static pid_t writer_child(int count, int level)
{
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int w = open(DEV_PATH, O_WRONLY), i;

		for (i = 0; i < count; i++)
			if (put_one(w, level, i) <= 0)
				_exit(1);
		_exit(0);
	}
	return pid;
}

static int exit_code(pid_t pid)
{
	int st;

	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	return WEXITSTATUS(st);
}

START_TEST(test_stopped_reader_blocks_close_frees)
{
	int ctl = dt_open(O_WRONLY), p[2];
	pid_t reader, writer;
	char c;

	dt_set_policy(ctl, LOGGER_POLICY_BLOCK);
	ck_assert_int_eq(pipe(p), 0);
	reader = fork();
	if (reader == 0) {
		int r = open(DEV_PATH, O_RDONLY);

		(void)!write(p[1], "x", 1);
		if (r < 0)
			_exit(1);
		raise(SIGSTOP);
		_exit(0);
	}
	ck_assert_int_eq(read(p[0], &c, 1), 1);
	ck_assert_int_eq(dt_flow(ctl).holding_readers, 1);
	writer = writer_child(5000, 7);
	wait_waiting(ctl, 1);
	/* The stopped reader held everything: nothing evicted. */
	ck_assert_uint_eq(dt_stats(ctl).evicted, 0);
	/* Killed, its fd closes: the hold goes, the writer finishes. */
	kill(reader, SIGKILL);
	waitpid(reader, NULL, 0);
	ck_assert_int_eq(exit_code(writer), 0);
	ck_assert_uint_eq(dt_flow(ctl).holding_readers, 0);
	ck_assert_uint_ge(dt_flow(ctl).waits, 1);
	close(p[0]);
	close(p[1]);
	close(ctl);
}
END_TEST

START_TEST(test_opt_out_and_overwrite_wake_writers)
{
	int ctl = dt_open(O_WRONLY), r = dt_open(O_RDONLY);
	pid_t writer;

	dt_set_policy(ctl, LOGGER_POLICY_BLOCK);
	writer = writer_child(5000, 7);
	wait_waiting(ctl, 1);
	/* The reader lowers its own guarantee: the writer goes on. */
	dt_set_flags(r, LOGGER_FD_NO_HOLD);
	ck_assert_int_eq(exit_code(writer), 0);
	dt_set_flags(r, 0);
	ck_assert_uint_eq(dt_flow(ctl).holding_readers, 1);
	writer = writer_child(5000, 7);
	wait_waiting(ctl, 1);
	/* Back to overwrite: every waiting writer wakes; nobody holds. */
	dt_set_policy(ctl, LOGGER_POLICY_OVERWRITE);
	ck_assert_int_eq(exit_code(writer), 0);
	ck_assert_uint_eq(dt_flow(ctl).holding_readers, 0);
	close(r);
	close(ctl);
}
END_TEST

static void on_usr1(int sig)
{
	(void)sig;
}

START_TEST(test_signal_interrupts_waiting_writer)
{
	int ctl = dt_open(O_WRONLY | O_NONBLOCK), r = dt_open(O_RDONLY), p[2];
	struct logger_stats before, after;
	pid_t pid;

	dt_set_policy(ctl, LOGGER_POLICY_BLOCK);
	fill(ctl, 7, 0);
	before = dt_stats(ctl);
	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = on_usr1 };
		int w = open(DEV_PATH, O_WRONLY);
		ssize_t n;
		int res[2];

		/* Two records as big as fill()'s: the first one waits. */
		static const char two[] =
			"<7>flow 900000 padding padding\n"
			"<7>flow 900001 padding padding\n";

		sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART */
		n = write(w, two, sizeof(two) - 1);
		res[0] = (int)n;
		res[1] = errno;
		(void)!write(p[1], res, sizeof(res));
		_exit(0);
	}
	wait_waiting(ctl, 1);
	kill(pid, SIGUSR1);
	{
		int res[2];

		ck_assert_int_eq(read(p[0], res, sizeof(res)), sizeof(res));
		/* Nothing stored: -1 EINTR, and nothing of the record kept. */
		ck_assert_int_eq(res[0], -1);
		ck_assert_int_eq(res[1], EINTR);
	}
	ck_assert_int_eq(exit_code(pid), 0);
	after = dt_stats(ctl);
	ck_assert_uint_eq(after.written, before.written);
	close(p[0]);
	close(p[1]);
	close(r);
	close(ctl);
}
END_TEST

START_TEST(test_short_write_before_waiting)
{
	int w = dt_open(O_WRONLY | O_NONBLOCK), r = dt_open(O_RDONLY);
	char buf[4096];
	size_t len = 0;
	ssize_t n;
	int i;

	dt_set_policy(w, LOGGER_POLICY_BLOCK);
	fill(w, 7, 0);
	/* Room for a few more records of err (its reserve), then none. */
	for (i = 0; i < 60; i++)
		len += snprintf(buf + len, sizeof(buf) - len,
				"<3>err %02d padding padding padding\n", i);
	n = write(w, buf, len);
	ck_assert_int_gt(n, 0);
	ck_assert_int_lt(n, (ssize_t)len);
	/* Whole records only: the next one starts where it stopped. */
	ck_assert_int_eq(buf[n - 1], '\n');
	ck_assert_int_eq(write(w, buf + n, len - n), -1);
	ck_assert_int_eq(errno, EAGAIN);
	close(r);
	close(w);
}
END_TEST

/*
 * Priorities under block: with the store full of debug records a reader
 * holds, an err writer gets the err reserve (a chunk here) and then waits
 * like any writer: a held debug record is never evicted for it.
 */
START_TEST(test_err_writer_against_debug_backlog)
{
	int w = dt_open(O_WRONLY | O_NONBLOCK), r = dt_open(O_RDONLY), n;
	struct logger_stats st;

	dt_set_policy(w, LOGGER_POLICY_BLOCK);
	fill(w, 7, 0);
	n = fill(w, 3, 0);
	st = dt_stats(w);
	ck_assert_int_gt(n, 0);
	ck_assert_uint_eq(st.level_records[3], n);
	ck_assert_uint_eq(st.level_evicted[7], 0);
	/* 64 KiB: the err reserve is a chunk: 38 of these 104-byte records. */
	ck_assert_int_eq(n, 38);
	close(r);
	close(w);
}
END_TEST

/* ---- hold expiry (the trust bound) ------------------------------------------- */

START_TEST(test_unprivileged_hold_expires)
{
	int ctl, r;
	pid_t writer;

	dt_unload();
	dt_load("capacity=65536 hold_timeout_ms=300");
	ctl = dt_open(O_WRONLY);
	dt_set_policy(ctl, LOGGER_POLICY_BLOCK);
	dt_drop_privs();
	r = dt_open(O_RDONLY);	/* holds, never reads */
	dt_regain_privs();
	writer = writer_child(5000, 7);
	/* It waits, then the stalled unprivileged hold goes. */
	ck_assert_int_eq(exit_code(writer), 0);
	ck_assert_uint_ge(dt_flow(ctl).hold_expired, 1);
	ck_assert_uint_eq(dt_flow(ctl).holding_readers, 0);
	ck_assert_uint_gt(dt_view_stats(r).lost, 0);
	/* Reading again, it holds again. */
	ck_assert_int_gt(read(r, recs, sizeof(recs)), 0);
	ck_assert_uint_eq(dt_flow(ctl).holding_readers, 1);
	close(r);
	close(ctl);
}
END_TEST

/* ---- sysfs ------------------------------------------------------------------- */

START_TEST(test_sysfs_agrees_with_ioctl)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY);
	struct logger_stats st;

	dt_write_str(w, "<3>a\n<3>b\n<7>c\n");
	st = dt_stats(w);
	ck_assert_uint_eq(dt_sys_u64("records"), st.records);
	ck_assert_uint_eq(dt_sys_u64("written"), st.written);
	ck_assert_uint_eq(dt_sys_u64("capacity"), st.capacity);
	ck_assert_uint_eq(dt_sys_u64("bytes_used"), st.bytes_used);
	ck_assert_uint_eq(dt_sys_u64("readers"), 1);
	ck_assert_uint_eq(dt_sys_u64("writers"), 1);
	ck_assert_uint_eq(dt_sys_u64("instance"), st.instance);
	ck_assert_uint_eq(dt_sys_u64("err/records"), 2);
	ck_assert_uint_eq(dt_sys_u64("debug/records"), 1);
	ck_assert_uint_eq(dt_sys_u64("debug/bytes"), st.level_bytes[7]);
	/* Nobody holds under overwrite; the reader does under block. */
	ck_assert_uint_eq(dt_sys_u64("holding_readers"), 0);
	ck_assert_uint_eq(dt_sys_u64("waiting_writers"), 0);
	ck_assert_str_eq(dt_sys("policy"), "overwrite");
	close(r);
	close(w);
}
END_TEST

Suite *make_flow_suite(void)
{
	Suite *s = suite_create("flow");
	TCase *tc = tcase_create("flow");

	tcase_add_checked_fixture(tc, dt_fixture_load_small, dt_fixture_unload);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_tag_default_and_parsed);
	tcase_add_test(tc, test_tag_binary2_and_v1_unchanged);
	tcase_add_test(tc, test_tag_filter_skips_not_loses);
	tcase_add_test(tc, test_tag_bad_values);
	tcase_add_test(tc, test_tag_filter_evicted_records_skipped);
	tcase_add_test(tc, test_read_own_evicted_foreign_records_skipped);
	tcase_add_test(tc, test_tag_filter_clear_resize_then_evict);
	tcase_add_test(tc, test_policy_needs_cap_syslog_and_param);
	tcase_add_test(tc, test_no_holding_reader_is_overwrite);
	tcase_add_test(tc, test_holding_reader_keeps_everything);
	tcase_add_test(tc, test_block_after_loss_holds_from_head);
	tcase_add_test(tc, test_stopped_reader_blocks_close_frees);
	tcase_add_test(tc, test_opt_out_and_overwrite_wake_writers);
	tcase_add_test(tc, test_signal_interrupts_waiting_writer);
	tcase_add_test(tc, test_short_write_before_waiting);
	tcase_add_test(tc, test_err_writer_against_debug_backlog);
	tcase_add_test(tc, test_unprivileged_hold_expires);
	flow_add_group_tests(tc);
	tcase_add_test(tc, test_sysfs_agrees_with_ioctl);
	suite_add_tcase(s, tc);
	return s;
}
