// SPDX-License-Identifier: GPL-2.0
/*
 * logger-consumer --mmap against the real device: the same bytes as the
 * read() path on the same store (raw text and JSON, sequence and priority
 * order, tags, sizes, non-printable bytes, lost markers); a mapped
 * follower gets every record of a concurrent writer, and under the block
 * policy frees room as it reads; SIGTERM ends a sleeping mapped follower;
 * --mmap with a reader group is bad usage (exit 2); a reader who may not
 * map the store (read_own, uid 65534) is told so and exits 1.
 *
 * The consumers run as child processes (the static /bin/logger-consumer),
 * their output in files under /tmp.  Nothing waits a fixed time: every
 * wait polls a condition with a generous limit that only detects failure.
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

#define CM_CONSUMER	"/bin/logger-consumer"
#define CM_WAIT_MS	120000
#define CM_MAX_SEQ	8192
/* Consumers of the comparison: {format, order} x {read(), --mmap}. */
#define CM_PAIRS	4

/*
 * Start the consumer with @argv, stdout into @out, stderr into @err; as
 * uid/gid 65534 without capabilities when @nobody.
 */
static pid_t cm_spawn(char *const argv[], const char *out, const char *err,
		      bool nobody)
{
	return dt_spawn_as(argv, -1, out, err, nobody);
}

static bool cm_has(const char *path, const char *what)
{
	char *s = dt_slurp_len(path, NULL);
	bool found = strstr(s, what);

	free(s);
	return found;
}

/* Poll until @path holds @what. */
static void cm_wait_text(const char *path, const char *what)
{
	unsigned long long end = dt_now_ms() + CM_WAIT_MS;

	while (!cm_has(path, what)) {
		char *s;

		if (dt_now_ms() < end) {
			dt_tick();
			continue;
		}
		s = dt_slurp_len(path, NULL);
		ck_abort_msg("%s: no '%s' in %zu bytes", path, what,
			     strlen(s));
	}
}

/* @a and @b hold the same bytes (and some, unless @empty_ok). */
static void cm_assert_same(const char *a, const char *b, bool empty_ok)
{
	size_t la, lb, i;
	char *sa = dt_slurp_len(a, &la), *sb = dt_slurp_len(b, &lb);

	for (i = 0; i < la && i < lb && sa[i] == sb[i]; i++)
		;
	ck_assert_msg((la || empty_ok) && la == lb && i == la,
		      "%s (%zu bytes) and %s (%zu bytes) differ at byte %zu: '%.120s' vs '%.120s'",
		      a, la, b, lb, i, sa + (i > 40 ? i - 40 : 0),
		      sb + (i > 40 ? i - 40 : 0));
	free(sa);
	free(sb);
}

/*
 * Write @n mixed records, @first onwards: every level, tags "disk",
 * "net" or none, 1..~900 bytes, non-printable and non-UTF-8 bytes,
 * several per write().
 */
static void cm_write_mixed(int fd, unsigned int first, unsigned int n)
{
	static const char *const tags[] = { "disk: ", "net: ", "" };
	static char buf[8192];
	unsigned int i, k, x = first * 2654435761u + 1;
	size_t len = 0;

	for (i = first; i < first + n; i++) {
		unsigned int size;

		x = x * 1103515245u + 12345u;
		size = (x >> 8) % 900;
		if (len + size + 64 > sizeof(buf)) {
			ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
			len = 0;
		}
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
					"<%u>%sm-%u ", (x >> 4) % 8 + 8,
					tags[(x >> 12) % 3], i);
		for (k = 0; k < size; k++)
			buf[len++] = (char)(k % 97 == 5 ? 0x01 :
					    k % 89 == 7 ? 0xff :
					    k % 83 == 3 ? '\\' : 'a' + k % 26);
		buf[len++] = '\n';
	}
	if (len)
		ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
}

/* A write-only fd that parses "TAG: " (a writer holds nothing). */
static int cm_writer(void)
{
	int fd = dt_open(O_WRONLY);
	__u32 flags = LOGGER_FD_PARSE_TAGS;

	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_FLAGS, &flags), 0);
	return fd;
}

/*
 * Followers of both sources, raw text and JSON, sequence and priority
 * order, read a mixed store (what was evicted before they opened is no
 * loss of theirs); stopped once they have it all, they miss a flood of
 * several stores' worth (lost markers), resumed they read the rest: each
 * --mmap output is byte for byte its read() twin's.  Then dumps of what
 * is stored, both sources, compare the same way.
 */
START_TEST(test_cons_mmap_same_bytes)
{
	static const char *const fmt[CM_PAIRS] = { "raw", "json", "raw",
						   "json" };
	static const char *const order[CM_PAIRS] = { "seq", "seq", "priority",
						     "priority" };
	char out[2][CM_PAIRS][64], err[2][CM_PAIRS][64];
	pid_t pid[2][CM_PAIRS];
	int fd = cm_writer(), k, src;
	char *s;

	cm_write_mixed(fd, 0, 400);
	ck_assert_uint_gt(dt_stats(fd).evicted, 0);
	/* Last written, least urgent: shown last in either order. */
	dt_write_str(fd, "<7>end-one");
	for (src = 0; src < 2; src++)
		for (k = 0; k < CM_PAIRS; k++) {
			snprintf(out[src][k], sizeof(out[0][0]),
				 "/tmp/cm-%d-%d.out", src, k);
			snprintf(err[src][k], sizeof(err[0][0]),
				 "/tmp/cm-%d-%d.err", src, k);
			pid[src][k] = cm_spawn((char *[]){
				CM_CONSUMER, "-f", "-o", (char *)fmt[k],
				"--order", (char *)order[k],
				src ? "--mmap" : NULL, NULL },
				out[src][k], err[src][k], false);
		}
	for (src = 0; src < 2; src++)
		for (k = 0; k < CM_PAIRS; k++)
			cm_wait_text(out[src][k], "end-one");
	for (src = 0; src < 2; src++)
		for (k = 0; k < CM_PAIRS; k++)
			dt_stop(pid[src][k]);
	cm_write_mixed(fd, 1000, 600);
	dt_write_str(fd, "<7>end-two");
	for (src = 0; src < 2; src++)
		for (k = 0; k < CM_PAIRS; k++)
			ck_assert_int_eq(kill(pid[src][k], SIGCONT), 0);
	for (src = 0; src < 2; src++)
		for (k = 0; k < CM_PAIRS; k++)
			cm_wait_text(out[src][k], "end-two");
	for (src = 0; src < 2; src++)
		for (k = 0; k < CM_PAIRS; k++) {
			ck_assert_int_eq(kill(pid[src][k], SIGINT), 0);
			ck_assert_int_eq(dt_wait_exit(pid[src][k], CM_WAIT_MS), 0);
		}
	for (k = 0; k < CM_PAIRS; k++) {
		printf("cons_mmap: -o %s --order %s: comparing\n", fmt[k],
		       order[k]);
		cm_assert_same(out[0][k], out[1][k], false);
		ck_assert_msg(cm_has(out[1][k], k % 2 ? "{\"lost\":" :
					 " lost\n"),
			      "%s: no lost marker", out[1][k]);
		ck_assert_msg(cm_has(out[1][k], k % 2 ? "\"tag\":\"disk\"" :
					 ";disk: m-"), "%s: no tag", out[1][k]);
	}
	s = dt_slurp_len(err[1][0], NULL);
	ck_assert_msg(!strstr(s, "logger-consumer:"), "stderr: %.300s", s);
	free(s);

	/* Dumps of the store as it is now. */
	for (k = 0; k < CM_PAIRS; k++) {
		for (src = 0; src < 2; src++) {
			pid[src][k] = cm_spawn((char *[]){
				CM_CONSUMER, "-o", (char *)fmt[k], "--order",
				(char *)order[k], src ? "--mmap" : NULL,
				NULL }, out[src][k], err[src][k], false);
			ck_assert_int_eq(dt_wait_exit(pid[src][k], CM_WAIT_MS), 0);
		}
		cm_assert_same(out[0][k], out[1][k], false);
		ck_assert(cm_has(out[1][k], "end-two"));
	}
	close(fd);
}
END_TEST

/* The first JSON record of @path has seq @min or above (the start). */
static void cm_assert_first_seq(const char *path, unsigned long min)
{
	char *o = dt_slurp_len(path, NULL);

	ck_assert_msg(!strncmp(o, "{\"seq\":", 7) &&
		      strtoul(o + 7, NULL, 10) >= min &&
		      strtoul(o + 7, NULL, 10) < min + 40,
		      "%s: want seq %lu or a little above: %.60s", path, min,
		      o);
	free(o);
}

/*
 * Run a dump with @args, then with @args and --mmap: the same bytes, and
 * some (but for --new-only).
 */
static void cm_dump_twins(char *args[], int nargs)
{
	char *argv[16] = { CM_CONSUMER };
	const char *out[2] = { "/tmp/cm-d0.out", "/tmp/cm-d1.out" };
	const char *err[2] = { "/tmp/cm-d0.err", "/tmp/cm-d1.err" };
	int src, i;

	ck_assert_int_lt(nargs, 13);
	for (i = 0; i < nargs; i++)
		argv[1 + i] = args[i];
	for (src = 0; src < 2; src++) {
		argv[1 + nargs] = src ? "--mmap" : NULL;
		argv[2 + nargs] = NULL;
		ck_assert_int_eq(dt_wait_exit(cm_spawn(argv, out[src], err[src],
					       false), CM_WAIT_MS), 0);
	}
	printf("cons_mmap: dump %s %s %s: comparing\n", args[0],
	       nargs > 1 ? args[1] : "", nargs > 2 ? args[2] : "");
	cm_assert_same(out[0], out[1],
		       !strcmp(args[nargs - 1], "--new-only"));
}

/*
 * Where a reader starts is the fd's (cursor, --since seq:N, a cursor of
 * an evicted record: the loss said first), and the mapping takes it
 * over: dumps from each start, both sources, the same bytes.
 */
START_TEST(test_cons_mmap_same_start)
{
	char cur[3][64], *o;
	struct logger_pos p;
	int fd = cm_writer(), r = dt_open(O_RDONLY);

	cm_write_mixed(fd, 0, 400);
	ck_assert_uint_gt(dt_stats(fd).evicted, 0);
	ck_assert_int_eq(ioctl(r, LOGGER_IOC_GET_POS, &p), 0);
	close(r);
	/* Seq 1 was evicted; 300 and 390 are stored. */
	snprintf(cur[0], sizeof(cur[0]), "i=%016llx;s=1",
		 (unsigned long long)p.instance);
	snprintf(cur[1], sizeof(cur[1]), "i=%016llx;s=300",
		 (unsigned long long)p.instance);
	snprintf(cur[2], sizeof(cur[2]), "i=%016llx;s=390",
		 (unsigned long long)p.instance);
	cm_dump_twins((char *[]){ "-o", "json", "--cursor", cur[0] }, 4);
	cm_dump_twins((char *[]){ "-o", "raw", "--order", "priority",
				  "--cursor", cur[0] }, 6);
	cm_dump_twins((char *[]){ "-o", "json", "--cursor", cur[1] }, 4);
	cm_assert_first_seq("/tmp/cm-d1.out", 300);
	cm_dump_twins((char *[]){ "-o", "json", "--after-cursor", cur[2] },
		      4);
	cm_assert_first_seq("/tmp/cm-d1.out", 391);
	cm_dump_twins((char *[]){ "-o", "json", "--since", "seq:350" }, 4);
	cm_assert_first_seq("/tmp/cm-d1.out", 350);
	cm_dump_twins((char *[]){ "-o", "json", "--order", "priority",
				  "--since", "seq:350", "--tag", "disk" }, 8);
	cm_dump_twins((char *[]){ "-o", "json", "--new-only" }, 3);
	o = dt_slurp_len("/tmp/cm-d1.out", NULL);
	ck_assert_str_eq(o, "");
	free(o);
	close(fd);
}
END_TEST

/* Write @text to @path (a config file). */
static void cm_put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/*
 * A reload (SIGHUP with --config) that changes a mapped reader's levels,
 * order and tags re-views the fd and the mapping, position kept: the
 * --mmap follower shows what its read() twin shows, byte for byte.
 */
START_TEST(test_cons_mmap_reload_same)
{
	const char *conf[2] = { "/tmp/cm-r0.conf", "/tmp/cm-r1.conf" };
	const char *out[2] = { "/tmp/cm-r0.out", "/tmp/cm-r1.out" };
	const char *err[2] = { "/tmp/cm-r0.err", "/tmp/cm-r1.err" };
	pid_t pid[2];
	int fd = cm_writer(), src;

	for (src = 0; src < 2; src++) {
		cm_put(conf[src],
		       "name=a levels=err+ tags=disk format=json out=-\n");
		pid[src] = cm_spawn((char *[]){ CM_CONSUMER, "-f", "--config",
						(char *)conf[src],
						src ? "--mmap" : NULL, NULL },
				    out[src], err[src], false);
	}
	cm_write_mixed(fd, 0, 60);
	dt_write_str(fd, "<3>disk: end-one");
	for (src = 0; src < 2; src++)
		cm_wait_text(out[src], "end-one");
	for (src = 0; src < 2; src++) {
		cm_put(conf[src],
		       "name=a levels=warning+ order=priority tags=net,disk format=json out=-\n");
		ck_assert_int_eq(kill(pid[src], SIGHUP), 0);
	}
	for (src = 0; src < 2; src++) {
		cm_wait_text(err[src], "1 changed");
		dt_stop(pid[src]);
	}
	/* Stopped: in priority order, what a read returns depends on when. */
	cm_write_mixed(fd, 100, 60);
	dt_write_str(fd, "<3>net: end-two");
	for (src = 0; src < 2; src++)
		ck_assert_int_eq(kill(pid[src], SIGCONT), 0);
	for (src = 0; src < 2; src++)
		cm_wait_text(out[src], "end-two");
	for (src = 0; src < 2; src++) {
		ck_assert_int_eq(kill(pid[src], SIGINT), 0);
		ck_assert_int_eq(dt_wait_exit(pid[src], CM_WAIT_MS), 0);
	}
	cm_assert_same(out[0], out[1], false);
	ck_assert(cm_has(out[1], "\"tag\":\"net\""));
	ck_assert(cm_has(out[1], "\"level_name\":\"warning\""));
	close(fd);
}
END_TEST

/* Sequence numbers @from..@to in the JSON lines of @path, each once. */
static void cm_check_seqs(const char *path, unsigned int from,
			  unsigned int to)
{
	static unsigned char seen[CM_MAX_SEQ + 1];
	char *s = dt_slurp_len(path, NULL), *p = s;
	unsigned int lines = 0, i;

	memset(seen, 0, sizeof(seen));
	ck_assert_msg(!strstr(s, "\"lost\""), "%s: a loss", path);
	while ((p = strstr(p, "{\"seq\":"))) {
		unsigned long q = strtoul(p + 7, &p, 10);

		ck_assert_msg(q >= from && q <= to, "seq %lu", q);
		ck_assert_msg(!seen[q]++, "seq %lu twice", q);
		lines++;
	}
	for (i = from; i <= to; i++)
		ck_assert_msg(seen[i], "seq %u missing", i);
	ck_assert_uint_eq(lines, to - from + 1);
	free(s);
}

/* Count "{\"seq\":" in @path. */
static unsigned int cm_records(const char *path)
{
	char *s = dt_slurp_len(path, NULL), *p = s;
	unsigned int n = 0;

	while ((p = strstr(p, "{\"seq\":"))) {
		n++;
		p++;
	}
	free(s);
	return n;
}

/* Write @n records of about 1 KiB ("r-I ...") from a child; its pid. */
static pid_t cm_write_child(unsigned int n)
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
			int len = snprintf(buf, sizeof(buf), "<%u>r-%u ",
					   i % 8, i);

			memset(buf + len, 'x', 1000 - i % 7);
			len += 1000 - i % 7;
			if (write(fd, buf, (size_t)len) != (ssize_t)len)
				_exit(1);
		}
		_exit(0);
	}
	return pid;
}

/*
 * A mapped follower while a writer writes: every record, once, none
 * lost.  Then, asleep, SIGTERM ends it at once with its counts (read
 * through the mapping, as the mapped reader counted them).
 */
START_TEST(test_cons_mmap_follow_gets_all)
{
	const unsigned int n = 3000;	/* 3 MiB: fits the 16 MiB store */
	unsigned long long end;
	pid_t tail, wr;
	int fd = dt_open(O_WRONLY);
	char want[96];

	dt_write_str(fd, "<6>first");
	tail = cm_spawn((char *[]){ CM_CONSUMER, "-f", "-o", "json",
				    "--mmap", NULL },
			"/tmp/cm-f.out", "/tmp/cm-f.err", false);
	cm_wait_text("/tmp/cm-f.out", "first");
	wr = cm_write_child(n);
	ck_assert_int_eq(dt_wait_exit(wr, CM_WAIT_MS), 0);
	end = dt_now_ms() + CM_WAIT_MS;
	while (cm_records("/tmp/cm-f.out") < n + 1) {
		ck_assert_msg(dt_now_ms() < end, "%u records",
			      cm_records("/tmp/cm-f.out"));
		dt_tick();
	}
	ck_assert_int_eq(kill(tail, SIGTERM), 0);
	ck_assert_int_eq(dt_wait_exit(tail, CM_WAIT_MS), 0);
	cm_check_seqs("/tmp/cm-f.out", 1, n + 1);
	/* -o json: the counts as one JSON object on stderr. */
	snprintf(want, sizeof(want),
		 "\"device\":{\"read\":%u,\"lost\":0,\"skipped\":0,", n + 1);
	ck_assert_msg(cm_has("/tmp/cm-f.err", want), "no %s", want);
	close(fd);
}
END_TEST

/*
 * Under the block policy a holding mapped follower, stopped, makes a
 * writer of four stores' worth wait; resumed, it frees room as it reads
 * (it publishes its position) and gets every record, none lost.
 */
START_TEST(test_cons_mmap_hold_frees_room)
{
	const unsigned int n = 256;	/* 256 KiB into a 64 KiB store */
	unsigned long long end;
	pid_t tail, wr;
	int fd = dt_open(O_WRONLY);

	dt_set_policy(fd, LOGGER_POLICY_BLOCK);
	tail = cm_spawn((char *[]){ CM_CONSUMER, "-f", "-o", "json",
				    "--mmap", NULL },
			"/tmp/cm-h.out", "/tmp/cm-h.err", false);
	dt_write_str(fd, "<6>first");
	/* Shown: its reader is open, mapped and holding. */
	cm_wait_text("/tmp/cm-h.out", "first");
	ck_assert_uint_eq(dt_flow(fd).holding_readers, 1);
	dt_stop(tail);
	wr = cm_write_child(n);
	end = dt_now_ms() + CM_WAIT_MS;
	while (dt_flow(fd).waiting_writers != 1) {
		ck_assert_msg(dt_now_ms() < end, "the writer never waited");
		dt_tick();
	}
	ck_assert_int_eq(kill(tail, SIGCONT), 0);
	ck_assert_int_eq(dt_wait_exit(wr, CM_WAIT_MS), 0);
	while (cm_records("/tmp/cm-h.out") < n + 1) {
		ck_assert_msg(dt_now_ms() < end, "%u records",
			      cm_records("/tmp/cm-h.out"));
		dt_tick();
	}
	ck_assert_int_eq(kill(tail, SIGINT), 0);
	ck_assert_int_eq(dt_wait_exit(tail, CM_WAIT_MS), 0);
	cm_check_seqs("/tmp/cm-h.out", 1, n + 1);
	ck_assert_uint_gt(dt_stats(fd).evicted, 0);	/* read, then evicted */
	close(fd);
}
END_TEST

/* @argv must exit 2 with exactly @msg (and the usage hint). */
static void cm_bad_usage(char *const argv[], const char *msg)
{
	char want[512], *s;

	snprintf(want, sizeof(want),
		 "logger-consumer: %s\nTry 'logger-consumer --help' for more information.\n",
		 msg);
	ck_assert_int_eq(dt_wait_exit(cm_spawn(argv, "/tmp/cm-u.out",
					       "/tmp/cm-u.err", false),
				      CM_WAIT_MS), 2);
	s = dt_slurp_len("/tmp/cm-u.err", NULL);
	ck_assert_str_eq(s, want);
	free(s);
	s = dt_slurp_len("/tmp/cm-u.out", NULL);
	ck_assert_str_eq(s, "");
	free(s);
}

/* A reader group shares one kernel cursor: not with a mapping. */
START_TEST(test_cons_mmap_group_refused)
{
	int fd = dt_open(O_WRONLY);

	cm_bad_usage((char *[]){ CM_CONSUMER, "--mmap", "--group", "x",
				 NULL },
		     "--mmap and --group exclude each other: a reader group shares one cursor in the kernel, and a mapped reader reads from its own position");
	cm_bad_usage((char *[]){ CM_CONSUMER, "--reader", "name=w,group=x",
				 "--mmap", NULL },
		     "--mmap and group=x (reader w) exclude each other: a reader group shares one cursor in the kernel, and a mapped reader reads from its own position");
	/* Nobody opened a reader or joined a group. */
	ck_assert_uint_eq(dt_flow(fd).groups, 0);
	ck_assert_uint_eq(dt_stats(fd).readers, 0);
	close(fd);
}
END_TEST

/*
 * Under read_own, uid 65534 may read (its own records) but not map the
 * store, which would show everyone's: --mmap says so and exits 1; the
 * same user without --mmap reads its own.
 */
START_TEST(test_cons_mmap_unprivileged_refused)
{
	int fd;
	char *s;

	dt_load("read_own=1");
	fd = dt_open(O_WRONLY);
	dt_write_str(fd, "<3>root's secret");
	ck_assert_int_eq(dt_wait_exit(cm_spawn((char *[]){
				CM_CONSUMER, "--mmap", NULL },
				"/tmp/cm-p.out", "/tmp/cm-p.err", true),
				CM_WAIT_MS), 1);
	s = dt_slurp_len("/tmp/cm-p.err", NULL);
	ck_assert_msg(strstr(s, "logger-consumer: /dev/logger: cannot map the store: Operation not permitted (a mapping shows every record"),
		      "stderr: %.300s", s);
	free(s);
	s = dt_slurp_len("/tmp/cm-p.out", NULL);
	ck_assert_str_eq(s, "");
	free(s);
	ck_assert_int_eq(dt_wait_exit(cm_spawn((char *[]){
				CM_CONSUMER, NULL },
				"/tmp/cm-p.out", "/tmp/cm-p.err", true),
				CM_WAIT_MS), 0);
	ck_assert(!cm_has("/tmp/cm-p.out", "secret"));
	/* Root maps it. */
	ck_assert_int_eq(dt_wait_exit(cm_spawn((char *[]){
				CM_CONSUMER, "--mmap", NULL },
				"/tmp/cm-p.out", "/tmp/cm-p.err", false),
				CM_WAIT_MS), 0);
	ck_assert(cm_has("/tmp/cm-p.out", "root's secret"));
	close(fd);
}
END_TEST

static void cm_load_big(void)
{
	dt_load("capacity=16777216");
}

Suite *make_consumer_mmap_suite(void)
{
	Suite *s = suite_create("cons_mmap");
	TCase *tc = tcase_create("same");

	tcase_add_checked_fixture(tc, dt_fixture_load_small,
				  dt_fixture_unload);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_cons_mmap_same_bytes);
	tcase_add_test(tc, test_cons_mmap_same_start);
	tcase_add_test(tc, test_cons_mmap_hold_frees_room);
	tcase_add_test(tc, test_cons_mmap_group_refused);
	suite_add_tcase(s, tc);
	/*
	 * Apart, so that CK_RUN_CASE=reload repeats it: 1 run of 3 hit a
	 * WARNING in lg_pos_find() through LOGGER_IOC_MAP_SYNC after the
	 * reload added a level (a kernel bug, said to the lead).
	 */
	tc = tcase_create("reload");
	tcase_add_checked_fixture(tc, dt_fixture_load_small,
				  dt_fixture_unload);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_cons_mmap_reload_same);
	suite_add_tcase(s, tc);
	tc = tcase_create("follow");
	tcase_add_checked_fixture(tc, cm_load_big, dt_fixture_unload);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_cons_mmap_follow_gets_all);
	suite_add_tcase(s, tc);
	tc = tcase_create("trust");
	tcase_add_checked_fixture(tc, NULL, dt_fixture_unload);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_cons_mmap_unprivileged_refused);
	suite_add_tcase(s, tc);
	return s;
}
