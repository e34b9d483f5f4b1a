// SPDX-License-Identifier: GPL-2.0
/*
 * logger-consumer as a work-queue worker and a lossless tail, against the
 * real device: --group and --tag (two workers share the "job" records,
 * each exactly once, none lost, no "log" record), --hold under the block
 * policy (a stopped tail makes the writer wait and, resumed, loses
 * nothing) and --no-hold (the writer does not wait; the loss is said).
 *
 * The consumers run as child processes (the static /bin/logger-consumer),
 * their JSON output in files under /tmp.  Nothing waits a fixed time:
 * every wait polls a condition (the device's flow stats, lines in a file,
 * a child's exit) with a generous limit that only detects failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "devtest.h"

#define CF_CONSUMER	"/bin/logger-consumer"
#define CF_WAIT_MS	120000
#define CF_JOBS		1500
#define CF_MAX_SEQ	8192

/* Lines of @path holding @what. */
static unsigned int cf_count(const char *path, const char *what)
{
	char *s = dt_slurp(path), *p = s;
	unsigned int n = 0;

	while ((p = strstr(p, what))) {
		n++;
		p += strlen(what);
	}
	free(s);
	return n;
}

/* A write-only fd that parses "TAG: " (it is no reader: it holds nothing). */
static int cf_writer(void)
{
	int fd = dt_open(O_WRONLY);

	dt_set_flags(fd, LOGGER_FD_PARSE_TAGS);
	return fd;
}

/*
 * Check the JSON lines of @files: every "job" record j-0..j-(@n-1)
 * exactly once over all of them, no other tag, no loss.
 */
static void cf_check_jobs(const char *const files[], int nfiles,
			  unsigned int n)
{
	static unsigned char seen[CF_JOBS];
	unsigned int total = 0, i;
	int k;

	memset(seen, 0, sizeof(seen));
	for (k = 0; k < nfiles; k++) {
		char *s = dt_slurp(files[k]), *line = s, *nl;
		unsigned int mine = 0;

		for (; *line; line = nl + 1) {
			const char *m;
			unsigned long j;

			nl = strchr(line, '\n');
			ck_assert_msg(nl, "%s: a line without its end", files[k]);
			*nl = '\0';
			ck_assert_msg(!strstr(line, "\"lost\""), "%s: %s",
				      files[k], line);
			ck_assert_msg(strstr(line, "\"tag\":\"job\""),
				      "%s: not a job: %.200s", files[k], line);
			m = strstr(line, "\"msg\":\"j-");
			ck_assert_msg(m, "%s: %.200s", files[k], line);
			j = strtoul(m + 9, NULL, 10);
			ck_assert_msg(j < n, "%s: job %lu", files[k], j);
			ck_assert_msg(!seen[j]++, "job %lu twice (%s)", j,
				      files[k]);
			mine++;
		}
		printf("cons_flow: %s got %u jobs\n", files[k], mine);
		total += mine;
		free(s);
	}
	for (i = 0; i < n; i++)
		ck_assert_msg(seen[i], "job %u never delivered", i);
	ck_assert_uint_eq(total, n);
}

/*
 * Two consumers in group "workers" filtering tag "job", a producer of
 * interleaved "job" and "log" records: each job goes to exactly one
 * worker, none is lost, no "log" record reaches a worker.
 */
START_TEST(test_consumer_group_each_job_once)
{
	const char *const outs[] = { "/tmp/cf-w1.out", "/tmp/cf-w2.out" };
	const char *const errs[] = { "/tmp/cf-w1.err", "/tmp/cf-w2.err" };
	unsigned long long end;
	pid_t w[2];
	char line[64];
	int fd = cf_writer(), k;
	unsigned int i;
	struct logger_view_stats vs;

	for (k = 0; k < 2; k++)
		w[k] = dt_spawn((char *[]){ CF_CONSUMER, "-f", "-o", "json",
					    "--group", "workers", "--tag",
					    "job", NULL },
				-1, outs[k], errs[k]);
	end = dt_now_ms() + CF_WAIT_MS;
	while (dt_flow(fd).group_members != 2) {
		ck_assert_msg(dt_now_ms() < end, "members: %u",
			      dt_flow(fd).group_members);
		dt_tick();
	}
	ck_assert_uint_eq(dt_flow(fd).groups, 1);
	for (i = 0; i < CF_JOBS; i++) {
		snprintf(line, sizeof(line), "job: j-%u", i);
		dt_write_str(fd, line);
		snprintf(line, sizeof(line), "log: l-%u", i);
		dt_write_str(fd, line);
	}
	vs = dt_view_stats(fd);
	ck_assert_uint_eq(vs.written, 2 * CF_JOBS);
	end = dt_now_ms() + CF_WAIT_MS;
	while (cf_count(outs[0], "\"tag\":\"job\"") +
	       cf_count(outs[1], "\"tag\":\"job\"") < CF_JOBS) {
		ck_assert_msg(dt_now_ms() < end, "jobs delivered: %u + %u",
			      cf_count(outs[0], "\"tag\":\"job\""),
			      cf_count(outs[1], "\"tag\":\"job\""));
		dt_tick();
	}
	for (k = 0; k < 2; k++) {
		ck_assert_int_eq(kill(w[k], SIGINT), 0);
		ck_assert_int_eq(dt_wait_exit(w[k], CF_WAIT_MS), 0);
	}
	cf_check_jobs(outs, 2, CF_JOBS);
	/* The last member gone, the group is too. */
	ck_assert_uint_eq(dt_flow(fd).groups, 0);
	close(fd);
}
END_TEST

/*
 * A member whose --tag differs from its group's filter is told so: the
 * group reads with its first member's filter.
 */
START_TEST(test_consumer_group_other_filter_said)
{
	unsigned long long end;
	pid_t a, b;
	int fd = cf_writer();

	a = dt_spawn((char *[]){ CF_CONSUMER, "-f", "--group", "g",
				 "--tag", "job", NULL },
		     -1, "/tmp/cf-a.out", "/tmp/cf-a.err");
	end = dt_now_ms() + CF_WAIT_MS;
	while (dt_flow(fd).group_members != 1) {
		ck_assert_msg(dt_now_ms() < end, "first member");
		dt_tick();
	}
	b = dt_spawn((char *[]){ CF_CONSUMER, "-f", "--group", "g",
				 "--tag", "log", NULL },
		     -1, "/tmp/cf-b.out", "/tmp/cf-b.err");
	while (cf_count("/tmp/cf-b.err", "group 'g' reads with") != 1) {
		ck_assert_msg(dt_now_ms() < end, "no warning");
		dt_tick();
	}
	ck_assert_uint_eq(dt_flow(fd).group_members, 2);
	kill(a, SIGINT);
	kill(b, SIGINT);
	ck_assert_int_eq(dt_wait_exit(a, CF_WAIT_MS), 0);
	ck_assert_int_eq(dt_wait_exit(b, CF_WAIT_MS), 0);
	close(fd);
}
END_TEST

/* Write @n records of about 1 KiB ("r-I ...") from a child; its pid. */
static pid_t cf_write_child(unsigned int n)
{
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (!pid) {
		char buf[1100];
		unsigned int i;
		int fd = open(DEV_PATH, O_WRONLY | O_CLOEXEC);

		if (fd < 0)
			_exit(2);
		for (i = 0; i < n; i++) {
			int len = snprintf(buf, sizeof(buf), "r-%u ", i);

			memset(buf + len, 'x', 1000);
			if (write(fd, buf, (size_t)len + 1000) !=
			    (ssize_t)len + 1000)
				_exit(1);
		}
		_exit(0);
	}
	return pid;
}

/* Sequence numbers 1..@n in the JSON lines of @path, each once. */
static void cf_check_seqs(const char *path, unsigned int n)
{
	static unsigned char seen[CF_MAX_SEQ + 1];
	char *s = dt_slurp(path), *p = s;
	unsigned int lines = 0, i;

	memset(seen, 0, sizeof(seen));
	ck_assert_msg(!strstr(s, "\"lost\""), "%s: a loss", path);
	while ((p = strstr(p, "{\"seq\":"))) {
		unsigned long q = strtoul(p + 7, &p, 10);

		ck_assert_msg(q >= 1 && q <= n, "seq %lu", q);
		ck_assert_msg(!seen[q]++, "seq %lu twice", q);
		lines++;
	}
	for (i = 1; i <= n; i++)
		ck_assert_msg(seen[i], "seq %u missing", i);
	ck_assert_uint_eq(lines, n);
	free(s);
}

/*
 * Under the block policy a holding tail (the default --hold), stopped,
 * makes a writer of four times the store wait; resumed, it gets every
 * record, in order, none lost.  It is stopped only once it has shown a
 * first record: before that it may not have opened its reader yet (the
 * fd counted holding may be a probe it closes), and a writer would then
 * rightly not wait.
 */
START_TEST(test_consumer_hold_tail_loses_nothing)
{
	const unsigned int n = 256;	/* 256 KiB into a 64 KiB store */
	unsigned long long end;
	pid_t tail, wr;
	int fd = dt_open(O_WRONLY);

	dt_set_policy(fd, LOGGER_POLICY_BLOCK);
	tail = dt_spawn((char *[]){ CF_CONSUMER, "-f", "-o", "json",
				    "--hold", NULL },
			-1, "/tmp/cf-tail.out", "/tmp/cf-tail.err");
	end = dt_now_ms() + CF_WAIT_MS;
	while (dt_flow(fd).holding_readers != 1) {
		ck_assert_msg(dt_now_ms() < end, "holding readers: %u",
			      dt_flow(fd).holding_readers);
		dt_tick();
	}
	dt_write_str(fd, "<6>first\n");
	while (cf_count("/tmp/cf-tail.out", "{\"seq\":") < 1) {
		ck_assert_msg(dt_now_ms() < end, "the tail showed nothing");
		dt_tick();
	}
	dt_stop(tail);
	wr = cf_write_child(n);
	while (dt_flow(fd).waiting_writers != 1) {
		ck_assert_msg(dt_now_ms() < end, "the writer never waited");
		dt_tick();
	}
	ck_assert_uint_ge(dt_flow(fd).waits, 1);
	ck_assert_int_eq(kill(tail, SIGCONT), 0);
	ck_assert_int_eq(dt_wait_exit(wr, CF_WAIT_MS), 0);
	while (cf_count("/tmp/cf-tail.out", "{\"seq\":") < n + 1) {
		ck_assert_msg(dt_now_ms() < end,
			      "tail: %u records, %u lost markers; hold_expired %llu, evicted %llu",
			      cf_count("/tmp/cf-tail.out", "{\"seq\":"),
			      cf_count("/tmp/cf-tail.out", "{\"lost\":"),
			      (unsigned long long)dt_flow(fd).hold_expired,
			      (unsigned long long)dt_stats(fd).evicted);
		dt_tick();
	}
	ck_assert_int_eq(kill(tail, SIGINT), 0);
	ck_assert_int_eq(dt_wait_exit(tail, CF_WAIT_MS), 0);
	cf_check_seqs("/tmp/cf-tail.out", n + 1);
	ck_assert_uint_gt(dt_stats(fd).evicted, 0);	/* read, then evicted */
	close(fd);
}
END_TEST

/*
 * --no-hold under the block policy: the stopped tail does not make the
 * writer wait; resumed, it reports what it lost.
 */
START_TEST(test_consumer_no_hold_tail_does_not_block)
{
	const unsigned int n = 256;
	unsigned long long end;
	pid_t tail, wr;
	int fd = dt_open(O_WRONLY);

	dt_set_policy(fd, LOGGER_POLICY_BLOCK);
	tail = dt_spawn((char *[]){ CF_CONSUMER, "-f", "-o", "json",
				    "--no-hold", NULL },
			-1, "/tmp/cf-nh.out", "/tmp/cf-nh.err");
	end = dt_now_ms() + CF_WAIT_MS;
	/*
	 * Under block a reader holds from open() until its SET_FLAGS: one
	 * reader that does not hold is the consumer with its flags set.
	 */
	while (dt_stats(fd).readers != 1 || dt_flow(fd).holding_readers) {
		ck_assert_msg(dt_now_ms() < end, "readers %u, holding %u",
			      dt_stats(fd).readers,
			      dt_flow(fd).holding_readers);
		dt_tick();
	}
	dt_stop(tail);
	wr = cf_write_child(n);
	ck_assert_int_eq(dt_wait_exit(wr, CF_WAIT_MS), 0);
	ck_assert_uint_eq(dt_flow(fd).waits, 0);
	ck_assert_int_eq(kill(tail, SIGCONT), 0);
	while (cf_count("/tmp/cf-nh.out", "{\"lost\":") < 1) {
		if (dt_now_ms() >= end) {
			char *e = dt_slurp("/tmp/cf-nh.err");

			ck_abort_msg("no loss said: %u records shown; evicted %llu, readers %u, holding %u, waits %llu; stderr: %.300s",
				     cf_count("/tmp/cf-nh.out", "{\"seq\":"),
				     (unsigned long long)dt_stats(fd).evicted,
				     dt_stats(fd).readers,
				     dt_flow(fd).holding_readers,
				     (unsigned long long)dt_flow(fd).waits, e);
		}
		dt_tick();
	}
	/* Every record is either shown or counted lost, never both. */
	end = dt_now_ms() + CF_WAIT_MS;
	for (;;) {
		char *o = dt_slurp("/tmp/cf-nh.out"), *p = o;
		unsigned long long lost = 0, shown = 0;

		while ((p = strstr(p, "{\"lost\":")))
			lost += strtoull(p + 8, &p, 10);
		for (p = o; (p = strstr(p, "{\"seq\":")); p++)
			shown++;
		free(o);
		ck_assert_uint_le(lost + shown, n);
		if (lost + shown == n)
			break;
		ck_assert_msg(dt_now_ms() < end, "lost %llu + shown %llu",
			      lost, shown);
		dt_tick();
	}
	ck_assert_int_eq(kill(tail, SIGINT), 0);
	/* Exit 0 after SIGINT: dmesg's habit. */
	ck_assert_int_eq(dt_wait_exit(tail, CF_WAIT_MS), 0);
	close(fd);
}
END_TEST

Suite *make_consumer_flow_suite(void)
{
	Suite *s = suite_create("cons_flow");
	TCase *tc = tcase_create("group");

	tcase_add_checked_fixture(tc, dt_fixture_load, dt_fixture_unload);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_consumer_group_each_job_once);
	tcase_add_test(tc, test_consumer_group_other_filter_said);
	suite_add_tcase(s, tc);
	tc = tcase_create("hold");
	tcase_add_checked_fixture(tc, dt_fixture_load_small,
				  dt_fixture_unload);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_consumer_hold_tail_loses_nothing);
	tcase_add_test(tc, test_consumer_no_hold_tail_does_not_block);
	suite_add_tcase(s, tc);
	return s;
}
