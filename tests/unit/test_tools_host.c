// SPDX-License-Identifier: GPL-2.0
/*
 * The tools on the host, against the stand-in device (tests/unit/shim:
 * FIFOs + an LD_PRELOAD shim for the ioctls): the fixes that need a
 * stuck output or a device that stops taking records, which the VM
 * cannot stage as easily.  $LOGGER_TOOLS is the directory of the tools,
 * $LOGGER_SHIM the shim (the Makefile sets both).
 *
 * Nothing waits a fixed time: every wait polls a condition in a bounded
 * loop; the bound only catches a hang (the bugs these tests pin down).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "logger.h"
#include "unit.h"

#define TH_WAIT_MS	30000

static char th_dir[64];

static unsigned long long th_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void th_tick(void)
{
	struct timespec ts = { 0, 2000000L };

	nanosleep(&ts, NULL);
}

static const char *th_path(const char *name)
{
	static char buf[4][128];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", th_dir, name);
	return buf[k];
}

static void th_setup(void)
{
	snprintf(th_dir, sizeof(th_dir), "/tmp/logger-host-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(th_dir));
}

static void th_teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", th_dir);
	if (system(cmd))
		fprintf(stderr, "cleanup of %s failed\n", th_dir);
}

/* Run tool @argv[0] (a name in $LOGGER_TOOLS) under the shim. */
static pid_t th_spawn(char **argv, int out_fd, const char *err)
{
	const char *tools = getenv("LOGGER_TOOLS");
	const char *shim = getenv("LOGGER_SHIM");
	char path[512];
	pid_t pid;

	ck_assert_msg(tools && shim, "LOGGER_TOOLS and LOGGER_SHIM unset");
	snprintf(path, sizeof(path), "%s/%s", tools, argv[0]);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int n = open("/dev/null", O_RDONLY);

		if (e < 0 || n < 0 || dup2(n, 0) < 0 || dup2(out_fd, 1) < 0 ||
		    dup2(e, 2) < 0)
			_exit(126);
		setenv("LD_PRELOAD", shim, 1);
		setenv("LOGGER_FAKEDEV", th_path("dev"), 1);
		unsetenv("CK_FORK");
		execv(path, argv);
		_exit(127);
	}
	return pid;
}

/* Exit code of @pid; fails (after SIGKILL) if it hangs. */
static int th_wait(pid_t pid)
{
	unsigned long long end = th_now_ms() + TH_WAIT_MS;
	int st;

	while (waitpid(pid, &st, WNOHANG) != pid) {
		if (th_now_ms() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			ck_abort_msg("pid %d hangs", pid);
		}
		th_tick();
	}
	ck_assert_msg(WIFEXITED(st), "killed by signal %d", WTERMSIG(st));
	return WEXITSTATUS(st);
}

static char *th_slurp(const char *path)
{
	static char buf[1 << 16];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? 0 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static int th_lines(const char *path)
{
	const char *s = th_slurp(path);
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Poll until @cond(@arg) holds. */
#define TH_UNTIL(cond, what) do {					\
	unsigned long long end_ = th_now_ms() + TH_WAIT_MS;		\
	while (!(cond)) {						\
		ck_assert_msg(th_now_ms() < end_, "waiting for %s", what); \
		th_tick();						\
	}								\
} while (0)

static int th_unread(int fd)
{
	int n = 0;

	ck_assert_int_eq(ioctl(fd, FIONREAD, &n), 0);
	return n;
}

/*
 * @n binary records into @fd, seqs from @seq; on a non-blocking fd, stop
 * early when it is full (a whole record or nothing: each is < PIPE_BUF).
 */
static int th_records(int fd, unsigned long long seq, int n)
{
	char buf[128];
	int i;

	for (i = 0; i < n; i++) {
		struct logger_record h;
		char msg[24];
		size_t len = (size_t)snprintf(msg, sizeof(msg), "rec %llu",
					      seq + i);

		memset(&h, 0, sizeof(h));
		h.hdr_len = sizeof(h);
		h.version = 1;
		h.level = 6;
		h.facility = 1;
		h.msg_len = (__u32)len;
		h.pid = 42;
		h.seq = seq + i;
		h.ts_real_ns = 1700000000000000000ULL;
		memcpy(buf, &h, sizeof(h));
		memset(buf + sizeof(h), 0, LOGGER_ALIGN(len));
		memcpy(buf + sizeof(h), msg, len);
		{
			ssize_t w = write(fd, buf, sizeof(h) + LOGGER_ALIGN(len));

			if (w < 0 && errno == EAGAIN)
				return i;
			ck_assert_int_eq(w, (ssize_t)(sizeof(h) +
						      LOGGER_ALIGN(len)));
		}
	}
	return n;
}

/*
 * One stuck output stalled every reader: a reader blocked writing to an
 * undrained stdout held the router's read lock, so a SIGHUP reload (which
 * prefers writers) stopped the other readers too, and SIGTERM hung.
 * Now: the other reader goes on through a reload, and SIGTERM ends the
 * consumer, reporting what it read and could not write (exit 1).
 */
START_TEST(test_host_stuck_stdout_stalls_nobody)
{
	unsigned long long seq;
	int r[3], p[2], i, got;
	char conf[256], *err;
	pid_t pid;

	for (i = 0; i < 3; i++) {
		char name[8];

		snprintf(name, sizeof(name), "dev.r%d", i);
		ck_assert_int_eq(mkfifo(th_path(name), 0600), 0);
		r[i] = open(th_path(name), O_RDWR);
		ck_assert_int_ge(r[i], 0);
	}
	snprintf(conf, sizeof(conf),
		 "name=stuck format=raw out=-\nname=file format=raw out=%s\n",
		 th_path("file.out"));
	ck_assert_int_eq(pipe(p), 0);
	{
		FILE *f = fopen(th_path("c.conf"), "w");

		ck_assert_ptr_nonnull(f);
		fputs(conf, f);
		fclose(f);
	}
	/* Reader fifo 0 is the consumer's device check, 1 "stuck", 2 "file". */
	pid = th_spawn((char *[]){ "logger-consumer", "--device",
				   (char *)th_path("dev"), "--follow",
				   "--config", (char *)th_path("c.conf"),
				   NULL }, p[1], th_path("c.err"));
	close(p[1]);
	/*
	 * More than a pipe holds: "stuck" fills its stdout and waits with
	 * records read but not written.  The fifo may fill up behind it
	 * too, so these writes do not block.
	 */
	ck_assert_int_eq(fcntl(r[1], F_SETFL, O_RDWR | O_NONBLOCK), 0);
	seq = 1;
	TH_UNTIL((got = th_records(r[1], seq, 100), seq += got,
		  got < 100 && th_unread(p[0]) >= 40000),
		 "stdout and the fifo full");
	ck_assert_int_eq(kill(pid, SIGHUP), 0);
	TH_UNTIL(strstr(th_slurp(th_path("c.err")), "reloaded"),
		 "the reload");
	th_records(r[2], 1, 10);
	TH_UNTIL(th_lines(th_path("file.out")) == 10,
		 "the other reader's records");
	ck_assert_int_eq(kill(pid, SIGTERM), 0);
	ck_assert_int_eq(th_wait(pid), 1);
	err = th_slurp(th_path("c.err"));
	ck_assert_msg(strstr(err, "reader stuck: ") &&
		      strstr(err, " records read but not written to -"),
		      "%s", err);
	close(p[0]);
	for (i = 0; i < 3; i++)
		close(r[i]);
}
END_TEST

/*
 * After the first SIGINT the drain could not be aborted: INT and TERM
 * stayed masked while main joined writers blocked on a device that took
 * nothing.  Now a second signal abandons the drain: the report comes,
 * what was queued counts as failed, exit 1.
 */
START_TEST(test_host_second_signal_abandons_drain)
{
	int dev, p[2];
	const char *out;
	pid_t pid;

	ck_assert_int_eq(mkfifo(th_path("dev"), 0600), 0);
	/* The "device" is never read: writers end up blocked in write(). */
	dev = open(th_path("dev"), O_RDONLY | O_NONBLOCK);
	ck_assert_int_ge(dev, 0);
	ck_assert_int_eq(pipe(p), 0);
	pid = th_spawn((char *[]){ "logger-producer", "--device",
				   (char *)th_path("dev"), "-n", "0", "-b",
				   "64", "--json", NULL }, p[1],
		       th_path("p.err"));
	close(p[1]);
	TH_UNTIL(th_unread(dev) >= 40000, "the device full");
	/* Two different signals: two of one kind may merge into one. */
	ck_assert_int_eq(kill(pid, SIGINT), 0);
	ck_assert_int_eq(kill(pid, SIGTERM), 0);
	ck_assert_int_eq(th_wait(pid), 1);
	out = th_slurp(th_path("p.err"));
	ck_assert_msg(strstr(out, "interrupted during the drain"), "%s", out);
	{
		char buf[512];
		ssize_t n = read(p[0], buf, sizeof(buf) - 1);

		ck_assert_int_gt(n, 0);
		buf[n] = '\0';
		ck_assert_msg(strstr(buf, "\"failed\":") &&
			      !strstr(buf, "\"failed\":0,"), "%s", buf);
	}
	close(p[0]);
	close(dev);
}
END_TEST

/*
 * --tag on a module without tags (the stand-in answers LOGGER_IOC_SET_TAG
 * with ENOTTY, as a module before SPEC section 6 does): exit 1 with a
 * message saying so, and nothing reaches the device, with one writer fd
 * or several.
 */
START_TEST(test_host_producer_tag_old_module)
{
	char msg[512];
	int dev, out;

	ck_assert_int_eq(mkfifo(th_path("dev"), 0600), 0);
	dev = open(th_path("dev"), O_RDONLY | O_NONBLOCK);
	ck_assert_int_ge(dev, 0);
	out = open(th_path("p.out"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(out, 0);
	snprintf(msg, sizeof(msg),
		 "logger-producer: %s: --tag: this logger module has no record tags (LOGGER_IOC_SET_TAG: Inappropriate ioctl for device); load a newer module or leave out --tag\n",
		 th_path("dev"));
	ck_assert_int_eq(th_wait(th_spawn((char *[]){ "logger-producer",
			 "--device", (char *)th_path("dev"), "--tag", "job",
			 "hello", NULL }, out, th_path("p.err"))), 1);
	ck_assert_str_eq(th_slurp(th_path("p.err")), msg);
	ck_assert_int_eq(th_wait(th_spawn((char *[]){ "logger-producer",
			 "--device", (char *)th_path("dev"), "-t", "job", "-n",
			 "5", "-w", "3", NULL }, out, th_path("p.err"))), 1);
	ck_assert_str_eq(th_slurp(th_path("p.err")), msg);
	ck_assert_int_eq(th_unread(dev), 0);
	/* The same runs without --tag do write: the device was usable. */
	ck_assert_int_eq(th_wait(th_spawn((char *[]){ "logger-producer",
			 "--device", (char *)th_path("dev"), "hello", NULL },
			 out, th_path("p.err"))), 0);
	ck_assert_int_gt(th_unread(dev), 0);
	close(out);
	close(dev);
}
END_TEST

Suite *make_tools_host_suite(void)
{
	Suite *s = suite_create("tools_host");
	TCase *tc = tcase_create("stand-in device");

	tcase_add_checked_fixture(tc, th_setup, th_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_host_stuck_stdout_stalls_nobody);
	tcase_add_test(tc, test_host_second_signal_abandons_drain);
	tcase_add_test(tc, test_host_producer_tag_old_module);
	suite_add_tcase(s, tc);
	return s;
}
