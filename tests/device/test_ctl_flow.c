// SPDX-License-Identifier: GPL-2.0
/*
 * The tools' side of SPEC section 6, run as the user runs them: the
 * static loggerctl and logger-producer binaries (fork + execv, output in
 * files under /tmp) against the real device, every answer checked
 * against the kernel's own view of the same state (ioctls and sysfs).
 *
 *   - loggerctl set policy=block, then policy=overwrite: the ioctl, the
 *     sysfs file and "loggerctl stats" agree after each; refused without
 *     CAP_SYSLOG (exact message, nothing changed); an unknown policy is
 *     bad usage (exit 2, nothing changed).
 *   - loggerctl readers (JSON and table): a holding reader with a tag
 *     filter, a reader that opted out, two members of group "workers",
 *     with the group's member count following a member's close; stats
 *     and sysfs count the holding readers, groups and members alike.
 *   - loggerctl stats while a writer waits on a holding reader that
 *     does not read: one waiting writer; its close frees the writer.
 *   - logger-producer --tag: the tag a record2 reader sees, on every
 *     writer fd, that a kernel tag filter selects, and that text readers
 *     see as "TAG: "; bad tags are bad usage with nothing written.
 *
 * Nothing waits a fixed time: every wait polls a condition in a bounded
 * loop; a child gets SIGKILL when the test process dies.
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

#define CF_CTL		"/bin/loggerctl"
#define CF_PRODUCER	"/bin/logger-producer"
#define CF_OUT		"/tmp/cf.out"
#define CF_ERR		"/tmp/cf.err"
/* Every bounded wait gives up after this long (TCG is slow). */
#define CF_WAIT_MS	90000
/*
 * Remove CF_OUT and CF_ERR: before dropping privileges, so that an
 * unprivileged child can create them (/tmp is sticky).
 */
static void cf_rm(void)
{
	dt_rm(CF_OUT);
	dt_rm(CF_ERR);
}

/*
 * Run @argv to its end, stdout and stderr into CF_OUT and CF_ERR; it must
 * exit with @code.  Returns its stdout, valid until the next call.
 */
static char *cf_expect(char *const argv[], int code)
{
	static char *out;
	int rc = dt_wait_exit(dt_spawn(argv, -1, CF_OUT, CF_ERR), CF_WAIT_MS);

	if (rc != code) {
		char *err = dt_slurp(CF_ERR);

		ck_abort_msg("%s %s: exit %d, want %d; stderr: %.400s",
			     argv[0], argv[1] ? argv[1] : "", rc, code, err);
	}
	free(out);
	out = dt_slurp(CF_OUT);
	return out;
}

static void cf_assert_err(const char *want)
{
	char *s = dt_slurp(CF_ERR);

	ck_assert_msg(!strcmp(s, want), "stderr:\n%s\nwant:\n%s", s, want);
	free(s);
}

static __u32 cf_policy(int fd)
{
	struct logger_config c;

	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_CONFIG, &c), 0);
	return c.policy;
}

/* The policy as the kernel, sysfs and "loggerctl stats --json" see it. */
static void cf_assert_policy(int fd, __u32 policy, const char *name)
{
	char want[64];
	char *out;

	ck_assert_uint_eq(cf_policy(fd), policy);
	ck_assert_uint_eq(dt_flow(fd).policy, policy);
	ck_assert_str_eq(dt_sys("policy"), name);
	out = cf_expect(DT_ARGV(CF_CTL, "stats", "--json"), 0);
	snprintf(want, sizeof(want), "\"policy\":\"%s\",", name);
	ck_assert_msg(strstr(out, want), "no %s in %.400s", want, out);
}

START_TEST(test_ctl_set_policy_round_trip)
{
	int fd = dt_open(O_WRONLY);
	char *out;

	cf_assert_policy(fd, LOGGER_POLICY_OVERWRITE, "overwrite");
	out = cf_expect(DT_ARGV(CF_CTL, "set", "policy=block"), 0);
	ck_assert_msg(strstr(out, "\npolicy          block\n"), "%s", out);
	cf_assert_err("");
	cf_assert_policy(fd, LOGGER_POLICY_BLOCK, "block");

	out = cf_expect(DT_ARGV(CF_CTL, "set", "--json", "policy=overwrite"),
			0);
	ck_assert_msg(strstr(out, "\"policy\":\"overwrite\","), "%s", out);
	cf_assert_policy(fd, LOGGER_POLICY_OVERWRITE, "overwrite");

	/* Without CAP_SYSLOG: refused, said so, nothing changed. */
	cf_rm();
	dt_drop_privs();
	cf_expect(DT_ARGV(CF_CTL, "set", "policy=block"), 1);
	cf_assert_err("loggerctl: permission denied: needs CAP_SYSLOG\n");
	dt_regain_privs();
	cf_rm();
	cf_assert_policy(fd, LOGGER_POLICY_OVERWRITE, "overwrite");

	/* Unknown values are bad usage; nothing is asked of the kernel. */
	cf_expect(DT_ARGV(CF_CTL, "set", "policy=blocking"), 2);
	cf_assert_err("loggerctl: set: unknown policy 'blocking' (overwrite or block)\n"
		      "Try 'loggerctl --help' for more information.\n");
	cf_expect(DT_ARGV(CF_CTL, "set", "policy=1"), 2);
	cf_assert_policy(fd, LOGGER_POLICY_OVERWRITE, "overwrite");

	/* Back and forth again: a second round trip lands the same way. */
	cf_expect(DT_ARGV(CF_CTL, "set", "policy=block"), 0);
	cf_assert_policy(fd, LOGGER_POLICY_BLOCK, "block");
	cf_expect(DT_ARGV(CF_CTL, "set", "policy=overwrite"), 0);
	cf_assert_policy(fd, LOGGER_POLICY_OVERWRITE, "overwrite");
	close(fd);
}
END_TEST

/* ---- readers ---- */

/* The @i-th reader object of "readers --json" (0-based), into @buf. */
static void cf_reader_obj(const char *out, int i, char *buf, size_t size)
{
	const char *p = out, *end;
	int k;

	for (k = 0; k <= i; k++) {
		p = strstr(p, "{\"id\":");
		ck_assert_msg(p, "reader %d missing in %.600s", i, out);
		if (k < i)
			p++;
	}
	end = strstr(p + 1, "{\"id\":");
	if (!end)
		end = p + strlen(p);
	ck_assert_uint_lt((size_t)(end - p), size);
	memcpy(buf, p, (size_t)(end - p));
	buf[end - p] = '\0';
}

static void cf_assert_has(const char *obj, const char *want)
{
	ck_assert_msg(strstr(obj, want), "no %s in %s", want, obj);
}

/*
 * Line @i (0 = the header) of the readers table: its last four cells,
 * HOLD GROUP MEMBERS TAGS (none of them holds a blank here).
 */
static void cf_table_tail(const char *out, int i, char *buf, size_t size)
{
	const char *line = out, *end;
	char copy[512], *tok[16], *save = NULL, *t;
	int k, n = 0;

	for (k = 0; k < i; k++) {
		line = strchr(line, '\n');
		ck_assert_msg(line, "line %d missing in %s", i, out);
		line++;
	}
	end = strchr(line, '\n');
	ck_assert_ptr_nonnull(end);
	ck_assert_uint_lt((size_t)(end - line), sizeof(copy));
	memcpy(copy, line, (size_t)(end - line));
	copy[end - line] = '\0';
	for (t = strtok_r(copy, " ", &save); t && n < 16;
	     t = strtok_r(NULL, " ", &save))
		tok[n++] = t;
	ck_assert_int_ge(n, 4);
	snprintf(buf, size, "%s %s %s %s", tok[n - 4], tok[n - 3],
		 tok[n - 2], tok[n - 1]);
}

static void cf_tag_filter(int fd, const char *a, const char *b)
{
	struct logger_tag_filter tf;

	memset(&tf, 0, sizeof(tf));
	snprintf(tf.tags[tf.count++], sizeof(tf.tags[0]), "%s", a);
	if (b)
		snprintf(tf.tags[tf.count++], sizeof(tf.tags[0]), "%s", b);
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_TAG_FILTER, &tf), 0);
}

START_TEST(test_ctl_readers_hold_group_tags)
{
	int w = dt_open(O_WRONLY), tagged, nohold, g1, g2;
	struct logger_flow_stats fs;
	char obj[1024], row[128];
	char *out, *p;
	unsigned int i;

	/* In open order, which is the list's order (one pid, by id). */
	tagged = dt_open(O_RDONLY);
	nohold = dt_open(O_RDONLY);
	g1 = dt_open(O_RDONLY);
	g2 = dt_open(O_RDONLY);
	cf_tag_filter(tagged, "job", "log");
	dt_set_flags(nohold, LOGGER_FD_NO_HOLD);
	dt_join_group(g1, "workers");
	dt_join_group(g2, "workers");
	cf_expect(DT_ARGV(CF_CTL, "set", "policy=block"), 0);

	fs = dt_flow(w);
	ck_assert_uint_eq(fs.holding_readers, 2);	/* tagged + the group */
	ck_assert_uint_eq(fs.groups, 1);
	ck_assert_uint_eq(fs.group_members, 2);

	out = cf_expect(DT_ARGV(CF_CTL, "readers", "--json"), 0);
	cf_reader_obj(out, 0, obj, sizeof(obj));
	cf_assert_has(obj, "\"holding\":true,\"group\":null,\"group_members\":0,\"tags\":[\"job\",\"log\"]}");
	cf_reader_obj(out, 1, obj, sizeof(obj));
	cf_assert_has(obj, "\"holding\":false,\"group\":null,\"group_members\":0,\"tags\":[]}");
	for (i = 2; i < 4; i++) {
		cf_reader_obj(out, i, obj, sizeof(obj));
		cf_assert_has(obj, "\"holding\":true,\"group\":\"workers\",\"group_members\":2,\"tags\":[]}");
	}
	ck_assert_ptr_null(strstr(strstr(out, obj) + 1, "{\"id\":"));

	out = cf_expect(DT_ARGV(CF_CTL, "readers"), 0);
	cf_table_tail(out, 0, row, sizeof(row));
	ck_assert_str_eq(row, "HOLD GROUP MEMBERS TAGS");
	cf_table_tail(out, 1, row, sizeof(row));
	ck_assert_str_eq(row, "yes - - job,log");
	cf_table_tail(out, 2, row, sizeof(row));
	ck_assert_str_eq(row, "no - - -");
	cf_table_tail(out, 3, row, sizeof(row));
	ck_assert_str_eq(row, "yes workers 2 -");
	cf_table_tail(out, 4, row, sizeof(row));
	ck_assert_str_eq(row, "yes workers 2 -");

	/* stats: the same counts as the ioctl and sysfs. */
	out = cf_expect(DT_ARGV(CF_CTL, "stats", "--json"), 0);
	ck_assert_uint_eq(dt_json_u64(out, "holding_readers"), 2);
	ck_assert_uint_eq(dt_json_u64(out, "groups"), 1);
	ck_assert_uint_eq(dt_json_u64(out, "group_members"), 2);
	ck_assert_uint_eq(dt_sys_u64("holding_readers"), 2);
	ck_assert_uint_eq(dt_sys_u64("groups"), 1);
	ck_assert_uint_eq(dt_sys_u64("group_members"), 2);

	/* A member leaves by closing: the group has one member left. */
	close(g2);
	out = cf_expect(DT_ARGV(CF_CTL, "readers", "--json"), 0);
	cf_reader_obj(out, 2, obj, sizeof(obj));
	cf_assert_has(obj, "\"group\":\"workers\",\"group_members\":1,");
	ck_assert_ptr_null(strstr(strstr(out, obj) + 1, "{\"id\":"));
	out = cf_expect(DT_ARGV(CF_CTL, "stats", "--json"), 0);
	ck_assert_uint_eq(dt_json_u64(out, "group_members"), 1);
	ck_assert_uint_eq(dt_flow(w).group_members, 1);

	/*
	 * Under overwrite nothing is held whatever a reader wants: the
	 * module says 0 holding and the list agrees.  Groups and tags stay.
	 */
	cf_expect(DT_ARGV(CF_CTL, "set", "policy=overwrite"), 0);
	fs = dt_flow(w);
	ck_assert_uint_eq(fs.holding_readers, 0);
	out = cf_expect(DT_ARGV(CF_CTL, "readers", "--json"), 0);
	for (i = 0, p = out; (p = strstr(p, "\"holding\":true")); i++)
		p++;
	ck_assert_uint_eq(i, 0);
	cf_reader_obj(out, 0, obj, sizeof(obj));
	cf_assert_has(obj, "\"group\":null,\"group_members\":0,\"tags\":[\"job\",\"log\"]}");
	cf_reader_obj(out, 2, obj, sizeof(obj));
	cf_assert_has(obj, "\"group\":\"workers\",\"group_members\":1,");
	close(g1);
	close(nohold);
	close(tagged);
	close(w);
}
END_TEST

/* ---- a waiting writer ---- */

/* A child that writes @count records of ~100 bytes, blocking; exits 0. */
static pid_t cf_writer_child(int count)
{
	pid_t parent = getpid(), pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char buf[160];
		int w, i, n;

		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
			_exit(126);
		/* Not the parent's reader: its close must be the last. */
		for (i = 3; i < 1024; i++)
			close(i);
		w = open(DEV_PATH, O_WRONLY);
		if (w < 0)
			_exit(125);
		for (i = 0; i < count; i++) {
			n = snprintf(buf, sizeof(buf),
				     "<7>waiting writer record %06d ..........................................................\n",
				     i);
			if (write(w, buf, (size_t)n) != n)
				_exit(1);
		}
		_exit(0);
	}
	return pid;
}

START_TEST(test_ctl_stats_waiting_writer)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY), st;
	unsigned long long end = dt_now_ms() + CF_WAIT_MS, waits;
	char row[128];
	pid_t child;
	char *out, *p;

	cf_expect(DT_ARGV(CF_CTL, "set", "policy=block"), 0);
	ck_assert_uint_eq(dt_flow(w).holding_readers, 1);
	/* 64 KiB store, 2000 records of ~100 bytes: the writer must wait. */
	child = cf_writer_child(2000);
	while (dt_flow(w).waiting_writers != 1) {
		ck_assert_msg(dt_now_ms() < end, "no writer waits");
		ck_assert_int_eq(waitpid(child, &st, WNOHANG), 0);
		dt_tick();
	}
	waits = dt_flow(w).waits;
	ck_assert_uint_ge(waits, 1);

	out = cf_expect(DT_ARGV(CF_CTL, "stats", "--json"), 0);
	ck_assert_uint_eq(dt_json_u64(out, "waiting_writers"), 1);
	ck_assert_uint_ge(dt_json_u64(out, "waits"), waits);
	ck_assert_uint_le(dt_json_u64(out, "waits"), dt_flow(w).waits);
	ck_assert_uint_eq(dt_json_u64(out, "holding_readers"), 1);
	ck_assert_uint_eq(dt_json_u64(out, "evicted"), 0);
	ck_assert_uint_eq(dt_sys_u64("waiting_writers"), 1);

	out = cf_expect(DT_ARGV(CF_CTL, "stats"), 0);
	p = strstr(out, "\nwaiting writers ");
	ck_assert_msg(p, "%s", out);
	ck_assert_int_eq(sscanf(p, "\nwaiting writers %127s", row), 1);
	ck_assert_str_eq(row, "1");
	p = strstr(out, "\npolicy ");
	ck_assert_msg(p, "%s", out);
	ck_assert_int_eq(sscanf(p, "\npolicy %127s", row), 1);
	ck_assert_str_eq(row, "block");

	/* The holding reader closes: the writer is free and finishes. */
	close(r);
	ck_assert_int_eq(waitpid(child, &st, 0), child);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	out = cf_expect(DT_ARGV(CF_CTL, "stats", "--json"), 0);
	ck_assert_uint_eq(dt_json_u64(out, "waiting_writers"), 0);
	ck_assert_uint_eq(dt_json_u64(out, "holding_readers"), 0);
	ck_assert_uint_eq(dt_json_u64(out, "written"), 2000);
	close(w);
}
END_TEST

/* ---- logger-producer --tag ---- */

struct cf_rec2 {
	struct logger_record2 h;
	char msg[1100];
};

/* Read binary version 2 records until EAGAIN; returns how many. */
static int cf_read_rec2(int fd, struct cf_rec2 *recs, int max)
{
	static char buf[1 << 16];
	int n = 0;

	for (;;) {
		ssize_t got = read(fd, buf, sizeof(buf)), off = 0;

		if (got < 0) {
			ck_assert_msg(errno == EAGAIN, "read: %s",
				      strerror(errno));
			return n;
		}
		while (off < got) {
			struct logger_record2 *h = (void *)(buf + off);

			ck_assert_uint_eq(h->rec.version,
					  LOGGER_RECORD2_VERSION);
			ck_assert_uint_eq(h->rec.hdr_len, sizeof(*h));
			ck_assert_uint_lt(h->rec.msg_len,
					  sizeof(recs[0].msg));
			ck_assert_uint_le(h->tag_len, LOGGER_TAG_MAX);
			ck_assert_int_lt(n, max);
			recs[n].h = *h;
			memcpy(recs[n].msg, buf + off + h->rec.hdr_len,
			       h->rec.msg_len);
			recs[n].msg[h->rec.msg_len] = '\0';
			n++;
			off += h->rec.hdr_len + LOGGER_ALIGN(h->rec.msg_len);
		}
	}
}

/* A non-blocking chronological reader of binary version 2. */
static int cf_rec2_reader(void)
{
	int fd = dt_open(O_RDONLY | O_NONBLOCK);

	dt_set_view(fd, LOGGER_LEVELS_ALL, LOGGER_ORDER_SEQ,
		    LOGGER_FORMAT_BINARY);
	dt_set_flags(fd, LOGGER_FD_RECORD2);
	return fd;
}

static void cf_assert_rec(const struct cf_rec2 *r, const char *tag,
			  const char *msg)
{
	ck_assert_uint_eq(r->h.tag_len, strlen(tag));
	ck_assert_int_eq(memcmp(r->h.tag, tag, strlen(tag)), 0);
	ck_assert_str_eq(r->msg, msg);
}

START_TEST(test_producer_tag_reaches_readers)
{
	static struct cf_rec2 recs[64];
	int all = cf_rec2_reader(), job = cf_rec2_reader();
	int text = dt_open(O_RDONLY | O_NONBLOCK), n, i;
	char tag31[32], tag32[33], txt[4096], want[256];
	char *err;
	struct logger_view_stats vs;

	cf_tag_filter(job, "job", NULL);
	dt_set_view(text, LOGGER_LEVELS_ALL, LOGGER_ORDER_SEQ,
		    LOGGER_FORMAT_TEXT);
	memset(tag31, 'T', 31);
	tag31[31] = '\0';
	memset(tag32, 'T', 32);
	tag32[32] = '\0';

	cf_expect(DT_ARGV(CF_PRODUCER, "-t", "job", "-p", "user.err", "do",
			  "work"), 0);
	cf_assert_err("");
	cf_expect(DT_ARGV(CF_PRODUCER, "plain"), 0);
	/* Generated records through two writer fds: the tag on both. */
	cf_expect(DT_ARGV(CF_PRODUCER, "--tag", "gen", "-n", "6", "-w", "2",
			  "-S", "16"), 0);
	cf_expect(DT_ARGV(CF_PRODUCER, "--tag", tag31, "longest"), 0);

	n = cf_read_rec2(all, recs, 64);
	ck_assert_int_eq(n, 9);
	cf_assert_rec(&recs[0], "job", "do work");
	ck_assert_uint_eq(recs[0].h.rec.level, LOGGER_LEVEL_ERR);
	cf_assert_rec(&recs[1], "", "plain");
	for (i = 2; i < 8; i++) {
		ck_assert_uint_eq(recs[i].h.tag_len, 3);
		ck_assert_int_eq(memcmp(recs[i].h.tag, "gen", 3), 0);
		ck_assert_uint_eq(recs[i].h.rec.msg_len, 16);
	}
	cf_assert_rec(&recs[8], tag31, "longest");

	/* The kernel filter: only the job record, the others skipped. */
	n = cf_read_rec2(job, recs, 64);
	ck_assert_int_eq(n, 1);
	cf_assert_rec(&recs[0], "job", "do work");
	vs = dt_view_stats(job);
	ck_assert_uint_eq(vs.lost, 0);
	ck_assert_uint_eq(vs.skipped, 8);

	/* Text readers see "TAG: message". */
	n = (int)dt_read_text(text, txt, sizeof(txt));
	ck_assert_int_gt(n, 0);
	ck_assert_msg(strstr(txt, ";job: do work\n") && strstr(txt, ";plain\n"),
		      "%s", txt);
	snprintf(want, sizeof(want), ";%s: longest\n", tag31);
	ck_assert_msg(strstr(txt, want), "%s", txt);

	/* Bad tags: bad usage, nothing written. */
	cf_expect(DT_ARGV(CF_PRODUCER, "--tag", tag32, "x"), 2);
	snprintf(want, sizeof(want),
		 "logger-producer: invalid --tag '%s' (1..31 printable bytes, no blank or ':')\n",
		 tag32);
	err = dt_slurp(CF_ERR);
	ck_assert_msg(!strncmp(err, want, strlen(want)), "%s", err);
	free(err);
	cf_expect(DT_ARGV(CF_PRODUCER, "-t", "a:b", "x"), 2);
	cf_expect(DT_ARGV(CF_PRODUCER, "-t", "a b", "x"), 2);
	cf_expect(DT_ARGV(CF_PRODUCER, "-t", "", "x"), 2);
	ck_assert_int_eq(cf_read_rec2(all, recs, 64), 0);
	ck_assert_uint_eq(dt_stats(all).written, 9);
	close(text);
	close(job);
	close(all);
}
END_TEST

Suite *make_ctl_flow_suite(void)
{
	Suite *s = suite_create("ctl_flow");
	TCase *tc = tcase_create("big");
	TCase *small = tcase_create("small");

	/* The default store: nothing these tests write is evicted. */
	tcase_add_checked_fixture(tc, dt_fixture_load, dt_fixture_unload);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_ctl_set_policy_round_trip);
	tcase_add_test(tc, test_ctl_readers_hold_group_tags);
	tcase_add_test(tc, test_producer_tag_reaches_readers);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(small, dt_fixture_load_small,
				  dt_fixture_unload);
	tcase_set_timeout(small, 300);
	tcase_add_test(small, test_ctl_stats_waiting_writer);
	suite_add_tcase(s, small);
	return s;
}
