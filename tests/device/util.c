// SPDX-License-Identifier: GPL-2.0
/*
 * Device suite helpers: load and unload logger.ko with the parameters a
 * test needs, open the device, set views, read everything back.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "devtest.h"

static const char *ko_path(void)
{
	const char *p = getenv("LOGGER_KO");

	return p ? p : "/logger.ko";
}

/*
 * Unload the module.  A process a test forked and reaped has closed its
 * fds, but one that exits on its own (a killed tool's child, a writer
 * thread's process) may still be closing them: the module is then busy
 * (EWOULDBLOCK) for a moment.  Wait for that, up to 20 s, and say so; a
 * reference that is never dropped still fails.
 * Return: 0, or -1 with errno set.
 */
static int unload_wait(void)
{
	int tries;

	for (tries = 0; tries < 2000; tries++) {
		if (syscall(SYS_delete_module, "logger", O_NONBLOCK) == 0) {
			if (tries)
				fprintf(stderr,
					"dt_unload: module busy for %d ms before it unloaded\n",
					tries * 10);
			return 0;
		}
		if (errno != EWOULDBLOCK && errno != EBUSY)
			return -1;
		usleep(10000);
	}
	return -1;
}

void dt_load(const char *params)
{
	int fd;

	/* A failed test skips its teardown: don't let it break the next. */
	if (access("/sys/module/logger", F_OK) == 0)
		unload_wait();
	fd = open(ko_path(), O_RDONLY | O_CLOEXEC);

	ck_assert_msg(fd >= 0, "open %s: %s", ko_path(), strerror(errno));
	ck_assert_msg(syscall(SYS_finit_module, fd, params ? params : "", 0) == 0,
		      "finit_module(%s): %s", params ? params : "",
		      strerror(errno));
	close(fd);
}

void dt_unload(void)
{
	ck_assert_msg(unload_wait() == 0, "delete_module(logger): %s",
		      strerror(errno));
}

void dt_fixture_load(void)
{
	dt_load("");
}

void dt_fixture_unload(void)
{
	dt_regain_privs();
	dt_unload();
}

/* 64 KiB store: easy to overflow. */
void dt_fixture_load_small(void)
{
	dt_load("capacity=65536");
}

int dt_open(int flags)
{
	int fd = open(DEV_PATH, flags | O_CLOEXEC);

	ck_assert_msg(fd >= 0, "open %s: %s", DEV_PATH, strerror(errno));
	return fd;
}

void dt_write_str(int fd, const char *s)
{
	ssize_t n = write(fd, s, strlen(s));

	ck_assert_msg(n == (ssize_t)strlen(s), "write(%s): %zd (%s)", s, n,
		      strerror(errno));
}

void dt_set_view(int fd, unsigned int filter, unsigned int order,
		 unsigned int format)
{
	struct logger_view v;

	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_VIEW, &v), 0);
	v.filter = filter;
	v.order = order;
	v.format = format;
	ck_assert_msg(ioctl(fd, LOGGER_IOC_SET_VIEW, &v) == 0,
		      "SET_VIEW: %s", strerror(errno));
}

void dt_set_default_level(int fd, unsigned int level)
{
	struct logger_view v;

	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_VIEW, &v), 0);
	v.default_level = level;
	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_SET_VIEW, &v), 0);
}

struct logger_stats dt_stats(int fd)
{
	struct logger_stats st;

	ck_assert_msg(ioctl(fd, LOGGER_IOC_GET_STATS, &st) == 0,
		      "GET_STATS: %s", strerror(errno));
	return st;
}

struct logger_view_stats dt_view_stats(int fd)
{
	struct logger_view_stats vs;

	ck_assert_msg(ioctl(fd, LOGGER_IOC_VIEW_STATS, &vs) == 0,
		      "VIEW_STATS: %s", strerror(errno));
	return vs;
}

void dt_set_flags(int fd, __u32 flags)
{
	ck_assert_msg(ioctl(fd, LOGGER_IOC_SET_FLAGS, &flags) == 0,
		      "SET_FLAGS %#x: %s", flags, strerror(errno));
}

/* Set the store's full-store policy (LOGGER_POLICY_*); needs CAP_SYSLOG. */
void dt_set_policy(int fd, __u32 policy)
{
	struct logger_config c;

	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_CONFIG, &c), 0);
	c.policy = policy;
	ck_assert_msg(ioctl(fd, LOGGER_IOC_SET_CONFIG, &c) == 0,
		      "SET_CONFIG policy %u: %s", policy, strerror(errno));
}

/* Join reader group @name (LOGGER_IOC_JOIN_GROUP); it must succeed. */
void dt_join_group(int fd, const char *name)
{
	struct logger_group g;

	memset(&g, 0, sizeof(g));
	ck_assert_uint_lt(strlen(name), sizeof(g.name));
	snprintf(g.name, sizeof(g.name), "%s", name);
	ck_assert_msg(ioctl(fd, LOGGER_IOC_JOIN_GROUP, &g) == 0,
		      "JOIN_GROUP %s: %s", name, strerror(errno));
}

struct logger_flow_stats dt_flow(int fd)
{
	struct logger_flow_stats fs;

	ck_assert_msg(ioctl(fd, LOGGER_IOC_FLOW_STATS, &fs) == 0,
		      "FLOW_STATS: %s", strerror(errno));
	return fs;
}

/* Read until EAGAIN (fd made non-blocking); NUL-terminates. */
size_t dt_read_text(int fd, char *buf, size_t size)
{
	size_t done = 0;
	int fl = fcntl(fd, F_GETFL);

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	for (;;) {
		ssize_t n = read(fd, buf + done, size - 1 - done);

		if (n < 0) {
			ck_assert_msg(errno == EAGAIN, "read: %s",
				      strerror(errno));
			break;
		}
		ck_assert_int_gt(n, 0);
		done += n;
	}
	buf[done] = '\0';
	fcntl(fd, F_SETFL, fl);
	return done;
}

/* Read binary records until EAGAIN; returns how many. */
int dt_read_bin(int fd, struct dt_rec *recs, int max)
{
	static char buf[1 << 16];
	int fl = fcntl(fd, F_GETFL), n = 0;

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	for (;;) {
		ssize_t got = read(fd, buf, sizeof(buf)), off = 0;

		if (got < 0) {
			ck_assert_msg(errno == EAGAIN, "read: %s",
				      strerror(errno));
			break;
		}
		while (off < got) {
			struct logger_record *h = (void *)(buf + off);

			ck_assert_int_eq(h->hdr_len, sizeof(*h));
			ck_assert_int_le(off + h->hdr_len +
					 LOGGER_ALIGN(h->msg_len), got);
			ck_assert_int_lt(n, max);
			recs[n].h = *h;
			memcpy(recs[n].msg, buf + off + h->hdr_len, h->msg_len);
			recs[n].msg[h->msg_len] = '\0';
			n++;
			off += h->hdr_len + LOGGER_ALIGN(h->msg_len);
		}
	}
	fcntl(fd, F_SETFL, fl);
	return n;
}

/* Write @count records of @level (2 blocks each), 32 per write(). */
void dt_flood(int fd, int level, int count)
{
	char buf[8192];
	int i = 0;

	while (i < count) {
		size_t len = 0;
		int k;

		for (k = 0; k < 32 && i < count; k++, i++)
			len += snprintf(buf + len, sizeof(buf) - len,
					"<%d>flood record %06d padding padding padding padding padding\n",
					level, i);
		ck_assert_int_eq(write(fd, buf, len), len);
	}
}

/* Become uid/gid 65534 without capabilities; root stays the saved id. */
void dt_drop_privs(void)
{
	ck_assert_int_eq(setresgid(DT_NOBODY, DT_NOBODY, 0), 0);
	ck_assert_int_eq(setresuid(DT_NOBODY, DT_NOBODY, 0), 0);
}

void dt_regain_privs(void)
{
	if (geteuid() != 0) {
		ck_assert_int_eq(setresuid(0, 0, 0), 0);
		ck_assert_int_eq(setresgid(0, 0, 0), 0);
	}
}

/* CLOCK_MONOTONIC in milliseconds: the deadlines of bounded waits. */
unsigned long long dt_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The pause (5 ms) between two looks of a polling loop. */
void dt_tick(void)
{
	struct timespec ts = { 0, 5000000L };

	nanosleep(&ts, NULL);
}

/* Remove @path; that it is missing already is fine. */
void dt_rm(const char *path)
{
	ck_assert_msg(unlink(path) == 0 || errno == ENOENT, "unlink %s: %s",
		      path, strerror(errno));
}

/*
 * Start the tool @argv[0] with stdin from @in_fd (-1: /dev/null), stdout
 * and stderr truncated into @out and @err, no signal blocked, SIGINT,
 * SIGTERM and SIGPIPE at their defaults; as uid/gid 65534 without
 * capabilities when @nobody; it gets SIGKILL when the test process dies.
 */
pid_t dt_spawn_as(char *const argv[], int in_fd, const char *out,
		  const char *err, bool nobody)
{
	pid_t parent = getpid(), pid = fork();

	ck_assert_msg(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		int fd0 = in_fd >= 0 ? in_fd : open("/dev/null", O_RDONLY);
		int fd1 = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int fd2 = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		sigset_t none;

		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
			_exit(126);
		if (fd0 < 0 || fd1 < 0 || fd2 < 0 || dup2(fd0, 0) < 0 ||
		    dup2(fd1, 1) < 0 || dup2(fd2, 2) < 0)
			_exit(126);
		if (nobody && (setresgid(DT_NOBODY, DT_NOBODY, DT_NOBODY) ||
			       setresuid(DT_NOBODY, DT_NOBODY, DT_NOBODY)))
			_exit(125);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

pid_t dt_spawn(char *const argv[], int in_fd, const char *out,
	       const char *err)
{
	return dt_spawn_as(argv, in_fd, out, err, false);
}

/*
 * Stop @pid and wait until it is stopped: kill() returns before every
 * thread has stopped, and one that has not may still read.
 */
void dt_stop(pid_t pid)
{
	int st;

	ck_assert_int_eq(kill(pid, SIGSTOP), 0);
	ck_assert_int_eq(waitpid(pid, &st, WUNTRACED), pid);
	ck_assert_msg(WIFSTOPPED(st), "child %d not stopped: %#x", pid, st);
}

/* Reap @pid within @ms (SIGKILL and fail after that); its exit code. */
int dt_wait_exit(pid_t pid, unsigned int ms)
{
	unsigned long long end = dt_now_ms() + ms;
	int st;

	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		ck_assert_msg(r >= 0, "waitpid: %s", strerror(errno));
		if (r == pid)
			break;
		if (dt_now_ms() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			ck_abort_msg("child %d still running after %u ms", pid,
				     ms);
		}
		dt_tick();
	}
	ck_assert_msg(WIFEXITED(st), "child %d killed by signal %d", pid,
		      WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	return WEXITSTATUS(st);
}

/* The whole file, NUL-terminated ("" when missing); free() it. */
/* The whole file, NUL-terminated ("" when missing); *@lenp its size. */
char *dt_slurp_len(const char *path, size_t *lenp)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	ck_assert_ptr_nonnull(buf);
	if (fd >= 0) {
		for (;;) {
			ssize_t n;

			if (cap - len < 4096) {
				cap *= 2;
				buf = realloc(buf, cap);
				ck_assert_ptr_nonnull(buf);
			}
			n = read(fd, buf + len, cap - len - 1);
			ck_assert_int_ge(n, 0);
			if (!n)
				break;
			len += (size_t)n;
		}
		close(fd);
	}
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	return buf;
}

char *dt_slurp(const char *path)
{
	return dt_slurp_len(path, NULL);
}

/* The number after "KEY": in @s. */
unsigned long long dt_json_u64(const char *s, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(s, pat);
	ck_assert_msg(p, "no %s in: %.400s", pat, s);
	p += strlen(pat);
	ck_assert_msg(*p >= '0' && *p <= '9', "%s not a number: %.40s", pat,
		      p);
	return strtoull(p, NULL, 10);
}

/* /sys/class/misc/logger/@name, without its newline. */
const char *dt_sys(const char *name)
{
	static char buf[64];
	char path[128];
	int fd, n;

	snprintf(path, sizeof(path), "/sys/class/misc/logger/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_msg(fd >= 0, "%s: %s", path, strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	ck_assert_int_gt(n, 1);
	ck_assert_int_eq(buf[n - 1], '\n');
	buf[n - 1] = '\0';
	return buf;
}

/* /sys/class/misc/logger/@name, which must be a decimal number. */
unsigned long long dt_sys_u64(const char *name)
{
	const char *s = dt_sys(name);
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	ck_assert_msg(!errno && end != s && !*end, "%s: not a number: '%s'",
		      name, s);
	return v;
}
