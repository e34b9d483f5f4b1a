// SPDX-License-Identifier: GPL-2.0
/*
 * The tools against the real device: logger-producer and logger-consumer
 * run as child processes (fork + execv of the static binaries in /bin),
 * their stdout and stderr in files under /tmp, their exit status and
 * reports checked exactly against the device's own counters.
 *
 * Nothing here waits a fixed time: every wait polls a condition (device
 * stats, the readers' backlog over netlink, a line in a file, a child's
 * exit) in a bounded loop.  A child gets SIGKILL when the test process
 * dies (PR_SET_PDEATHSIG), so a failed test does not keep the module busy.
 *
 * This file: the suite, and what all the tools share (bad usage, no
 * module, a closed stdout).  The tools' own tests are in
 * test_tools_producer.c, test_tools_consumer.c and test_tools_ctl.c.
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

/* A 16 MiB store: nothing a test writes is evicted. */
static void tt_fixture_load_big(void)
{
	dt_load("capacity=16777216");
}

/* dt_spawn() with fd @closed closed in the child (a closed stdout). */
static pid_t tt_spawn_closed(char *const argv[], int closed, const char *err)
{
	pid_t parent = getpid(), pid = fork();

	ck_assert_msg(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		int fd0 = open("/dev/null", O_RDONLY);
		int fd2 = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
			_exit(126);
		if (fd0 < 0 || fd2 < 0 || dup2(fd0, 0) < 0 || dup2(fd2, 2) < 0)
			_exit(126);
		close(closed);
		if (fd0 > 2)
			close(fd0);
		if (fd2 > 2)
			close(fd2);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/* One bad command line: exit 2, nothing on stdout, exactly @msg. */
static void tt_bad_usage(char *const argv[], const char *msg)
{
	const char *prog = strrchr(argv[0], '/') + 1;
	char want[512];

	snprintf(want, sizeof(want),
		 "%s: %s\nTry '%s --help' for more information.\n", prog, msg,
		 prog);
	tt_run(argv, TT_OUT("usage"), TT_ERR("usage"), 2);
	tt_assert_file_eq(TT_OUT("usage"), "");
	tt_assert_file_eq(TT_ERR("usage"), want);
}

START_TEST(test_tools_bad_options_exit_2)
{
	char *help;
	int fd;

	tt_bad_usage(DT_ARGV(TT_PRODUCER, "--threads", "0"),
		     "invalid --threads '0' (want 1..1024)");
	tt_bad_usage(DT_ARGV(TT_PRODUCER, "--levels", "bogus:1"),
		     "invalid --levels 'bogus:1' (want e.g. err:1,info:9)");
	tt_bad_usage(DT_ARGV(TT_PRODUCER, "--policy", "maybe"),
		     "invalid --policy 'maybe' (block or drop)");
	tt_bad_usage(DT_ARGV(TT_PRODUCER, "--frobnicate"),
		     "unrecognized option '--frobnicate'");
	/* The option named is the one at fault, not its neighbour. */
	tt_bad_usage(DT_ARGV(TT_PRODUCER, "-b", "4", "-Z"),
		     "invalid option -- 'Z'");
	tt_bad_usage(DT_ARGV(TT_PRODUCER, "-t"),
		     "option requires an argument -- 't'");
	tt_bad_usage(DT_ARGV(TT_PRODUCER, "-n", "5", "extra"),
		     "a message and --count exclude each other");
	tt_bad_usage(DT_ARGV(TT_PRODUCER, "--stdin", "-l", "err"),
		     "--levels and --stdin exclude each other");
	tt_bad_usage(DT_ARGV(TT_PRODUCER, "-p", "kern.err", "hi"),
		     "--priority 'kern.err': facility kern is the kernel's (use user or local0..local7)");

	tt_bad_usage(DT_ARGV(TT_CONSUMER, "--count", "0"),
		     "invalid --max-count '0'");
	tt_bad_usage(DT_ARGV(TT_CONSUMER, "--levels", "nope"),
		     "invalid --level 'nope' (e.g. err,warning or err+)");
	tt_bad_usage(DT_ARGV(TT_CONSUMER, "--order", "sideways"),
		     "invalid --order 'sideways' (seq or priority)");
	tt_bad_usage(DT_ARGV(TT_CONSUMER, "--bogus"),
		     "unrecognized option '--bogus'");
	tt_bad_usage(DT_ARGV(TT_CONSUMER, "--reader", "levels=err",
			     "--config", "/tmp/none.conf"),
		     "--reader and --config exclude each other");
	tt_bad_usage(DT_ARGV(TT_CONSUMER, "--reader", "order=up"),
		     "bad order 'up' (priority or seq)");
	tt_bad_usage(DT_ARGV(TT_CONSUMER, "-f", "-r"),
		     "--follow and --reverse exclude each other");
	tt_bad_usage(DT_ARGV(TT_CONSUMER, "-o", "xml"),
		     "invalid --output 'xml' (short, short-iso, short-precise, short-monotonic, short-unix, cat, raw, json, json-pretty)");
	tt_bad_usage(DT_ARGV(TT_CONSUMER, "--mmap", "--group", "x"),
		     "--mmap and --group exclude each other: a reader group shares one cursor in the kernel, and a mapped reader reads from its own position");

	/* Nothing of that touched the device. */
	fd = dt_open(O_RDONLY);
	ck_assert_uint_eq(dt_stats(fd).written, 0);
	close(fd);

	/* --help: usage on stdout, exit 0. */
	tt_run(DT_ARGV(TT_PRODUCER, "--help"), TT_OUT("usage"),
	       TT_ERR("usage"), 0);
	help = dt_slurp(TT_OUT("usage"));
	ck_assert_msg(!strncmp(help, "Usage:\n logger-producer ", 24), "%.80s",
		      help);
	free(help);
	tt_assert_file_eq(TT_ERR("usage"), "");
	tt_run(DT_ARGV(TT_CONSUMER, "-h"), TT_OUT("usage"), TT_ERR("usage"),
	       0);
	help = dt_slurp(TT_OUT("usage"));
	ck_assert_msg(!strncmp(help, "Usage:\n logger-consumer ", 24), "%.80s",
		      help);
	free(help);
	tt_assert_file_eq(TT_ERR("usage"), "");
	/* A config file that cannot be read is an error (1), not usage. */
	tt_run(DT_ARGV(TT_CONSUMER, "--config", "/nonexistent.conf"),
	       TT_OUT("usage"), TT_ERR("usage"), 1);
	tt_assert_file_eq(TT_ERR("usage"),
			  "logger-consumer: /nonexistent.conf: No such file or directory\n");
}
END_TEST

/* No module: exit 1 and the device path with the errno text. */
START_TEST(test_tools_missing_device_exit_1)
{
	char *err;

	if (access("/sys/module/logger", F_OK) == 0)
		dt_unload();
	ck_assert_int_eq(access(DEV_PATH, F_OK), -1);
	ck_assert_int_eq(errno, ENOENT);

	tt_run(DT_ARGV(TT_PRODUCER, "-n", "1"), TT_OUT("nodev"),
	       TT_ERR("nodev"), 1);
	tt_assert_file_eq(TT_OUT("nodev"), "");
	tt_assert_file_eq(TT_ERR("nodev"),
			  "logger-producer: /dev/logger: No such file or directory (is the logger module loaded? try 'modprobe logger')\n");

	tt_run(DT_ARGV(TT_CONSUMER, "-f"), TT_OUT("nodev"), TT_ERR("nodev"),
	       1);
	tt_assert_file_eq(TT_OUT("nodev"), "");
	err = dt_slurp(TT_ERR("nodev"));
	ck_assert_str_eq(err, "logger-consumer: /dev/logger: No such file or directory (is the logger module loaded? try 'modprobe logger')\n");
	free(err);

	tt_run(DT_ARGV(TT_CTL, "stats"), TT_OUT("nodev"), TT_ERR("nodev"), 1);
	tt_assert_file_eq(TT_OUT("nodev"), "");
	tt_assert_file_eq(TT_ERR("nodev"),
			  "loggerctl: logger module not loaded\n");
}
END_TEST

/*
 * Started with stdout closed, the producer must not write its report
 * into the device (open() would have handed it fd 1): the report fails
 * with EBADF (exit 1), the device holds exactly the one record.  The
 * consumer writing to a file does not care about a closed stdout.
 */
START_TEST(test_tools_closed_stdout_not_into_device)
{
	static struct dt_rec recs[4];
	int r = dt_open(O_RDONLY);
	char *err, *out;
	pid_t pid;

	pid = tt_spawn_closed(DT_ARGV(TT_PRODUCER, "--json", "only", "this"),
			      1, TT_ERR("closed"));
	ck_assert_int_eq(dt_wait_exit(pid, TT_WAIT_MS), 1);
	err = dt_slurp(TT_ERR("closed"));
	ck_assert_str_eq(err, "logger-producer: write error: Bad file descriptor\n");
	free(err);
	dt_set_view(r, LOGGER_LEVELS_ALL, LOGGER_ORDER_SEQ,
		    LOGGER_FORMAT_BINARY);
	ck_assert_int_eq(dt_read_bin(r, recs, 4), 1);
	ck_assert_str_eq(recs[0].msg, "only this");

	dt_rm(TT_OUT("closed"));
	pid = tt_spawn_closed(DT_ARGV(TT_CONSUMER, "--reader",
				      "format=raw,out=" TT_OUT("closed")),
			      1, TT_ERR("closed"));
	ck_assert_int_eq(dt_wait_exit(pid, TT_WAIT_MS), 0);
	tt_assert_file_eq(TT_ERR("closed"), "");
	out = dt_slurp(TT_OUT("closed"));
	ck_assert_msg(strstr(out, ";only this\n") && !strchr(out, '\n')[1],
		      "%s", out);
	free(out);
	ck_assert_uint_eq(dt_stats(r).written, 1);
	close(r);
}
END_TEST

static void tt_fixture_load_small_fast(void)
{
	dt_load("capacity=65536 event_interval_ms=100");
}

/*
 * One suite, "tools", as before the split: its producer, consumer and
 * loggerctl tests live in test_tools_{producer,consumer,ctl}.c.
 */
Suite *make_tools_suite(void)
{
	Suite *s = suite_create("tools");
	TCase *tc = tcase_create("tools");
	TCase *events = tcase_create("ctl-events");

	tcase_add_checked_fixture(tc, tt_fixture_load_big, dt_fixture_unload);
	tcase_set_timeout(tc, 240);
	tools_add_producer_tests(tc);
	tcase_add_test(tc, test_tools_bad_options_exit_2);
	tools_add_consumer_tests(tc);
	tcase_add_test(tc, test_tools_closed_stdout_not_into_device);
	tcase_add_checked_fixture(events, tt_fixture_load_small_fast,
				  dt_fixture_unload);
	tcase_set_timeout(events, 240);
	tools_add_ctl_tests(tc, events);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, events);
	tc = tcase_create("no-module");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_tools_missing_device_exit_1);
	suite_add_tcase(s, tc);
	return s;
}
