// SPDX-License-Identifier: GPL-2.0
/*
 * The "tools" suite, logger-consumer: SIGHUP reloading its readers
 * exactly, quiet on a closed pipe, --cursor-file, -n and --since.
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
#include <unistd.h>

#include "devtest.h"
#include "tools.h"

/* Write @n records, level cycling err, warning, info, debug. */
static void tt_write_batch(int fd, const char *what, int n,
			   unsigned long long *per_level)
{
	static const unsigned int lv[4] = { 3, 4, 6, 7 };
	char line[64];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "<%u>%s %d\n", lv[i % 4], what, i);
		dt_write_str(fd, line);
		per_level[lv[i % 4]]++;
	}
}

static void tt_write_file(const char *path, const char *text)
{
	char tmp[64];
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.new", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), strlen(text));
	close(fd);
	ck_assert_int_eq(rename(tmp, path), 0);
}

#define TT_CONF "/tmp/tt-reload.conf"

/*
 * SIGHUP with --config: a reader whose spec changed keeps its fd (no
 * record lost or read twice), an unchanged one is untouched, a removed
 * one stops after what it read, a new one starts at the oldest record.
 */
START_TEST(test_tools_consumer_sighup_reload_exact)
{
	unsigned long long before[LOGGER_NR_LEVELS] = { 0 };
	unsigned long long all[LOGGER_NR_LEVELS] = { 0 };
	unsigned long long want[LOGGER_NR_LEVELS];
	int fd = dt_open(O_WRONLY), l;
	struct tt_scan sc;
	char *text, *counts;
	pid_t cons;

	dt_rm(TT_OUT("a"));
	dt_rm(TT_OUT("b"));
	dt_rm(TT_OUT("c"));
	dt_rm(TT_OUT("every"));
	tt_write_file(TT_CONF,
		      "# before the reload\n"
		      "name=a levels=err..warning order=seq out=" TT_OUT("a") "\n"
		      "name=b levels=info out=" TT_OUT("b") "\n"
		      "name=every order=seq out=" TT_OUT("every") "\n");
	cons = dt_spawn(DT_ARGV(TT_CONSUMER, "--follow", "--json", "--verify",
				"--config", TT_CONF),
			-1, TT_OUT("reload"), TT_ERR("reload"));
	tt_wait_readers(fd, 3);
	tt_write_batch(fd, "before", 120, before);
	tt_wait_drained(cons, 3);

	/* a: other order, same fd; b: gone; c: new; every: unchanged. */
	tt_write_file(TT_CONF,
		      "name=a levels=err..warning order=priority out=" TT_OUT("a") "\n"
		      "name=every order=seq out=" TT_OUT("every") "\n"
		      "name=c levels=debug out=" TT_OUT("c") "\n");
	ck_assert_int_eq(kill(cons, SIGHUP), 0);
	tt_wait_text(TT_ERR("reload"),
		     "logger-consumer: reloaded " TT_CONF
		     ": 1 added, 1 removed, 1 changed, 1 unchanged\n");
	tt_wait_readers(fd, 3);
	memcpy(all, before, sizeof(all));
	tt_write_batch(fd, "after", 80, all);
	tt_wait_drained(cons, 3);
	ck_assert_int_eq(kill(cons, SIGINT), 0);
	ck_assert_int_eq(dt_wait_exit(cons, TT_WAIT_MS), 0);
	tt_assert_file_eq(TT_OUT("reload"), "");

	text = dt_slurp(TT_ERR("reload"));
	ck_assert_msg(!strstr(text, "verify"), "%s", text);
	counts = strstr(text, "{\"readers\":[");
	ck_assert_ptr_nonnull(counts);
	ck_assert_ptr_null(strstr(counts, "\"name\":\"b\""));
	tt_want(want, all, LOGGER_LEVEL_BIT(3) | LOGGER_LEVEL_BIT(4));
	tt_check_reader(counts, "a", TT_OUT("a"), false, want);
	tt_check_reader(counts, "every", TT_OUT("every"), true, all);
	tt_want(want, all, LOGGER_LEVEL_BIT(7));
	tt_check_reader(counts, "c", TT_OUT("c"), false, want);
	free(text);

	/* b read the info records of the first batch, once each. */
	tt_scan_out(TT_OUT("b"), false, &sc);
	ck_assert_uint_eq(sc.total, before[6]);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		ck_assert_uint_eq(sc.level[l], l == 6 ? before[6] : 0);

	tt_scan_out(TT_OUT("every"), true, &sc);
	ck_assert_uint_eq(sc.first_seq, 1);
	ck_assert_uint_eq(sc.last_seq, 200);
	ck_assert(sc.seq_dense);
	close(fd);
}
END_TEST

/* `logger-consumer | head -1`: quiet, exit 0 (dmesg's habit). */
START_TEST(test_tools_consumer_closed_pipe_quiet)
{
	int w = dt_open(O_WRONLY), p[2], st;
	char line[256];
	ssize_t n;
	pid_t pid;

	/* More than a pipe holds, so the consumer meets the closed end. */
	dt_flood(w, 6, 4000);
	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int e = open(TT_ERR("pipe"), O_WRONLY | O_CREAT | O_TRUNC,
			     0644);

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (e < 0 || dup2(p[1], 1) < 0 || dup2(e, 2) < 0)
			_exit(126);
		signal(SIGPIPE, SIG_DFL);
		execv(TT_CONSUMER, DT_ARGV(TT_CONSUMER, "-o", "raw"));
		_exit(127);
	}
	close(p[1]);
	n = read(p[0], line, sizeof(line));
	ck_assert_int_gt(n, 0);
	close(p[0]);
	st = dt_wait_exit(pid, TT_WAIT_MS);
	ck_assert_int_eq(st, 0);
	tt_assert_file_eq(TT_ERR("pipe"), "");
	close(w);
}
END_TEST

#define TT_CURSOR "/tmp/tt-cursor"

/*
 * --cursor-file resumes after the last record shown; -n shows the last
 * N; --since seq:N starts at N; -l err+ is err and more urgent.
 */
START_TEST(test_tools_consumer_cursor_lines_since)
{
	unsigned long long per[LOGGER_NR_LEVELS] = { 0 };
	int w = dt_open(O_WRONLY);
	char *out, *c;

	dt_rm(TT_CURSOR);
	tt_write_batch(w, "one", 5, per);
	tt_run(DT_ARGV(TT_CONSUMER, "--cursor-file", TT_CURSOR, "-o", "cat"),
	       TT_OUT("cur"), TT_ERR("cur"), 0);
	tt_assert_file_eq(TT_OUT("cur"),
			  "one 0\none 1\none 2\none 3\none 4\n");
	c = dt_slurp(TT_CURSOR);
	ck_assert_msg(!strncmp(c, "i=", 2) && strstr(c, ";s=5\n"), "%s", c);
	free(c);
	tt_write_batch(w, "two", 3, per);
	tt_run(DT_ARGV(TT_CONSUMER, "--cursor-file", TT_CURSOR, "-o", "cat"),
	       TT_OUT("cur"), TT_ERR("cur"), 0);
	tt_assert_file_eq(TT_OUT("cur"), "two 0\ntwo 1\ntwo 2\n");
	tt_run(DT_ARGV(TT_CONSUMER, "-n", "2", "-o", "cat"), TT_OUT("cur"),
	       TT_ERR("cur"), 0);
	tt_assert_file_eq(TT_OUT("cur"), "two 1\ntwo 2\n");
	tt_run(DT_ARGV(TT_CONSUMER, "--since", "seq:7", "-o", "cat"),
	       TT_OUT("cur"), TT_ERR("cur"), 0);
	tt_assert_file_eq(TT_OUT("cur"), "two 1\ntwo 2\n");
	tt_run(DT_ARGV(TT_CONSUMER, "--until", "seq:2", "-r", "-o", "cat"),
	       TT_OUT("cur"), TT_ERR("cur"), 0);
	tt_assert_file_eq(TT_OUT("cur"), "one 1\none 0\n");
	/* Levels cycle err, warning, info, debug. */
	tt_run(DT_ARGV(TT_CONSUMER, "-l", "warning+", "-o", "cat"),
	       TT_OUT("cur"), TT_ERR("cur"), 0);
	tt_assert_file_eq(TT_OUT("cur"),
			  "one 0\none 1\none 4\ntwo 0\ntwo 1\n");
	out = dt_slurp(TT_ERR("cur"));
	ck_assert_str_eq(out, "");
	free(out);
	close(w);
}
END_TEST

void tools_add_consumer_tests(TCase *tc)
{
	tcase_add_test(tc, test_tools_consumer_sighup_reload_exact);
	tcase_add_test(tc, test_tools_consumer_closed_pipe_quiet);
	tcase_add_test(tc, test_tools_consumer_cursor_lines_since);
}
