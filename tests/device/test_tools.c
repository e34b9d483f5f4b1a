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
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "devtest.h"
#include "genl.h"
#include "levels.h"

#define TT_PRODUCER	"/bin/logger-producer"
#define TT_CONSUMER	"/bin/logger-consumer"
#define TT_CTL		"/bin/loggerctl"
/* Every bounded wait gives up after this long (TCG is slow). */
#define TT_WAIT_MS	90000
/* Highest sequence number the output scans track. */
#define TT_MAX_SEQ	65536

#define TT_ARGV(...)	((char *[]){ __VA_ARGS__, NULL })

/* A 16 MiB store: nothing a test writes is evicted. */
static void tt_fixture_load_big(void)
{
	dt_load("capacity=16777216");
}

static unsigned long long tt_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The pause between two looks of a polling loop. */
static void tt_tick(void)
{
	struct timespec ts = { 0, 5000000L };

	nanosleep(&ts, NULL);
}

static void tt_rm(const char *path)
{
	ck_assert_msg(unlink(path) == 0 || errno == ENOENT, "unlink %s: %s",
		      path, strerror(errno));
}

/*
 * Start @argv[0] with stdin from @in_fd (-1: /dev/null) and stdout and
 * stderr truncated into @out and @err.
 */
static pid_t tt_spawn(char *const argv[], int in_fd, const char *out,
		      const char *err)
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
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGINT, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/* tt_spawn() with fd @closed closed in the child (a closed stdout). */
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

/* Reap @pid within @ms (SIGKILL and fail after that); its exit code. */
static int tt_wait_exit(pid_t pid, unsigned int ms)
{
	unsigned long long end = tt_now_ms() + ms;
	int st;

	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		ck_assert_msg(r >= 0, "waitpid: %s", strerror(errno));
		if (r == pid)
			break;
		if (tt_now_ms() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			ck_abort_msg("child %d still running after %u ms", pid,
				     ms);
		}
		tt_tick();
	}
	ck_assert_msg(WIFEXITED(st), "child %d killed by signal %d", pid,
		      WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	return WEXITSTATUS(st);
}

/* The whole file, NUL-terminated ("" when missing); free() it. */
static char *tt_slurp(const char *path)
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
	return buf;
}

/* Run a tool to completion with no input; it must exit with @code. */
static void tt_run(char *const argv[], const char *out, const char *err,
		   int code)
{
	int rc = tt_wait_exit(tt_spawn(argv, -1, out, err), TT_WAIT_MS);
	char *text;

	if (rc == code)
		return;
	text = tt_slurp(err);
	ck_abort_msg("%s %s: exit %d, want %d; stderr: %.300s", argv[0],
		     argv[1] ? argv[1] : "", rc, code, text);
}

/* The number after "KEY": in @s (a JSON object). */
static unsigned long long tt_json_u64(const char *s, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(s, pat);
	ck_assert_msg(p, "no %s in: %.300s", pat, s);
	p += strlen(pat);
	ck_assert_msg(*p >= '0' && *p <= '9', "%s not a number: %.40s", pat,
		      p);
	return strtoull(p, NULL, 10);
}

/* Poll until the device has @n open readers. */
static void tt_wait_readers(int fd, unsigned int n)
{
	unsigned long long end = tt_now_ms() + TT_WAIT_MS;

	while (dt_stats(fd).readers != n) {
		ck_assert_msg(tt_now_ms() < end, "readers: %u, want %u",
			      dt_stats(fd).readers, n);
		tt_tick();
	}
}

/* Poll until @path contains @what. */
static void tt_wait_text(const char *path, const char *what)
{
	unsigned long long end = tt_now_ms() + TT_WAIT_MS;

	for (;;) {
		char *s = tt_slurp(path);
		bool found = strstr(s, what);

		if (found) {
			free(s);
			return;
		}
		ck_assert_msg(tt_now_ms() < end, "%s: no '%s' in: %.300s",
			      path, what, s);
		free(s);
		tt_tick();
	}
}

static struct gn_msg tt_req;

/*
 * Over netlink: how many readers @pid has open, and the sum of their
 * backlogs into @backlog.
 */
static int tt_reader_backlog(int nl, int fam, pid_t pid,
			     unsigned long long *backlog)
{
	static char buf[65536];
	struct nlmsghdr *h;
	int n = 0;

	*backlog = 0;
	gn_init(&tt_req, fam, NLM_F_DUMP, LOGGER_CMD_GET_READERS);
	gn_send(nl, &tt_req);
	for (;;) {
		ssize_t len = gn_recv(nl, buf, sizeof(buf), 10000);

		ck_assert_int_gt(len, 0);
		for (h = (void *)buf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			struct nlattr *a, *rd;
			size_t alen;

			if (h->nlmsg_type == NLMSG_DONE)
				return n;
			ck_assert_int_eq(h->nlmsg_type, fam);
			a = gn_attrs((struct gn_msg *)h, &alen);
			rd = gn_find(a, alen, LOGGER_A_READER);
			ck_assert_ptr_nonnull(rd);
			a = (void *)((char *)rd + NLA_HDRLEN);
			alen = rd->nla_len - NLA_HDRLEN;
			if (gn_get_u32(gn_find(a, alen, LOGGER_READER_A_PID)) !=
			    (__u32)pid)
				continue;
			n++;
			*backlog += gn_get_u64(gn_find(a, alen,
						       LOGGER_READER_A_BACKLOG));
		}
	}
}

/*
 * Poll until @pid has @nreaders readers open and none of them has an
 * unread record: everything they will ever see is read (and, the consumer
 * routing a read() before its next look at the stop flag, accounted).
 */
static void tt_wait_drained(pid_t pid, int nreaders)
{
	unsigned long long end = tt_now_ms() + TT_WAIT_MS, backlog;
	int nl = gn_open(), fam = gn_family(nl, NULL), n;

	ck_assert_int_gt(fam, 0);
	for (;;) {
		n = tt_reader_backlog(nl, fam, pid, &backlog);
		if (n == nreaders && backlog == 0)
			break;
		ck_assert_msg(tt_now_ms() < end,
			      "pid %d: %d readers (want %d), backlog %llu",
			      pid, n, nreaders, backlog);
		tt_tick();
	}
	close(nl);
}

/* What a consumer's output file holds (JSON lines). */
struct tt_scan {
	unsigned long long level[LOGGER_NR_LEVELS];
	unsigned long long total;
	unsigned long long lost;
	unsigned long long first_seq;
	unsigned long long last_seq;
	bool seq_dense;		/* seqs were first_seq, first_seq + 1, ... */
};

/*
 * Parse @path, one JSON record per line, and check what every view
 * promises: no sequence number twice, FIFO inside a level, and with
 * @seq_order strictly increasing sequence numbers overall.
 */
static void tt_scan_out(const char *path, bool seq_order, struct tt_scan *sc)
{
	static unsigned char seen[TT_MAX_SEQ];
	unsigned long long last[LOGGER_NR_LEVELS] = { 0 };
	char *buf = tt_slurp(path), *line = buf, *nl;

	memset(seen, 0, sizeof(seen));
	memset(sc, 0, sizeof(*sc));
	sc->seq_dense = true;
	for (; *line; line = nl + 1) {
		unsigned long long seq, lost;
		unsigned int level;

		nl = strchr(line, '\n');
		ck_assert_msg(nl, "%s: unterminated line: %.100s", path, line);
		*nl = '\0';
		if (sscanf(line, "{\"lost\":%llu}", &lost) == 1) {
			sc->lost += lost;
			continue;
		}
		ck_assert_msg(sscanf(line, "{\"seq\":%llu,\"level\":%u,", &seq,
				     &level) == 2 && level < 8 && seq &&
			      seq < TT_MAX_SEQ, "%s: bad line: %.100s", path,
			      line);
		ck_assert_msg(!seen[seq], "%s: seq %llu twice", path, seq);
		seen[seq] = 1;
		ck_assert_msg(seq > last[level],
			      "%s: level %u: seq %llu after %llu", path, level,
			      seq, last[level]);
		last[level] = seq;
		if (seq_order)
			ck_assert_msg(seq > sc->last_seq,
				      "%s: seq %llu after %llu", path, seq,
				      sc->last_seq);
		if (!sc->total)
			sc->first_seq = seq;
		else if (seq != sc->last_seq + 1)
			sc->seq_dense = false;
		sc->last_seq = seq;
		sc->level[level]++;
		sc->total++;
	}
	free(buf);
}

/*
 * Check one reader of a consumer's JSON counts (its stderr) and its
 * output file against @want (per level): read and per-level counts
 * equal, nothing lost, no --verify violation.
 */
static void tt_check_reader(const char *counts, const char *name,
			    const char *out, bool seq_order,
			    const unsigned long long *want)
{
	unsigned long long total = 0;
	struct tt_scan sc;
	char pat[96];
	const char *r, *lr;
	int l;

	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		total += want[l];
	snprintf(pat, sizeof(pat), "{\"name\":\"%s\",", name);
	r = strstr(counts, pat);
	ck_assert_msg(r, "reader %s not in: %.400s", name, counts);
	ck_assert_uint_eq(tt_json_u64(r, "read"), total);
	ck_assert_uint_eq(tt_json_u64(r, "lost"), 0);
	ck_assert_uint_eq(tt_json_u64(r, "violations"), 0);
	lr = strstr(r, "\"level_read\":{");
	ck_assert_ptr_nonnull(lr);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		ck_assert_msg(tt_json_u64(lr, lg_level_name(l)) == want[l],
			      "reader %s: %s: %llu, want %llu", name,
			      lg_level_name(l),
			      tt_json_u64(lr, lg_level_name(l)), want[l]);

	tt_scan_out(out, seq_order, &sc);
	ck_assert_uint_eq(sc.total, total);
	ck_assert_uint_eq(sc.lost, 0);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		ck_assert_uint_eq(sc.level[l], want[l]);
}

/* @src's counts of the levels in @mask, zero elsewhere. */
static void tt_want(unsigned long long *want, const unsigned long long *src,
		    unsigned int mask)
{
	int l;

	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		want[l] = mask & LOGGER_LEVEL_BIT(l) ? src[l] : 0;
}

/* The producer's JSON report; checks produced = the sum of the parts. */
struct tt_report {
	unsigned long long produced, written, dropped, oversized, failed;
};

static struct tt_report tt_producer_report(const char *path)
{
	char *s = tt_slurp(path);
	struct tt_report r;

	ck_assert_msg(s[0] == '{' && strchr(s, '\n') == s + strlen(s) - 1,
		      "%s: not one JSON line: %.300s", path, s);
	r.produced = tt_json_u64(s, "produced");
	r.written = tt_json_u64(s, "written");
	r.dropped = tt_json_u64(s, "dropped");
	r.oversized = tt_json_u64(s, "oversized");
	r.failed = tt_json_u64(s, "failed");
	free(s);
	ck_assert_uint_eq(r.produced,
			  r.written + r.dropped + r.oversized + r.failed);
	return r;
}

static void tt_assert_file_eq(const char *path, const char *want)
{
	char *s = tt_slurp(path);

	ck_assert_msg(!strcmp(s, want), "%s:\n%s\nwant:\n%s", path, s, want);
	free(s);
}

#define TT_OUT(x)	"/tmp/tt-" x ".out"
#define TT_ERR(x)	"/tmp/tt-" x ".err"

/*
 * 8 generator threads, 2 writer threads, a level mix, while three
 * consumers follow the device with different filters and orders: each
 * gets exactly the records of its levels that the producer wrote.
 */
START_TEST(test_tools_producer_three_consumers_exact)
{
	static const char *const names[3] = { "all", "urgent", "info" };
	const unsigned int masks[3] = {
		LOGGER_LEVELS_ALL,
		LOGGER_LEVEL_BIT(3) | LOGGER_LEVEL_BIT(4),
		LOGGER_LEVEL_BIT(6),
	};
	const bool seq_order[3] = { true, false, true };
	int fd = dt_open(O_WRONLY), i, l;
	unsigned long long want[LOGGER_NR_LEVELS], sum = 0;
	struct logger_stats st;
	struct tt_report rep;
	struct tt_scan sc;
	pid_t cons[3], prod;
	char *counts;

	tt_rm(TT_OUT("all"));
	tt_rm(TT_OUT("urgent"));
	tt_rm(TT_OUT("info"));
	/* Follows until it has all 16000, then exits by itself. */
	cons[0] = tt_spawn(TT_ARGV(TT_CONSUMER, "--follow", "--json",
				   "--verify", "--stats", "--count", "16000",
				   "--reader",
				   "name=all,order=seq,out=" TT_OUT("all")),
			   -1, TT_ERR("all-stdout"), TT_ERR("all"));
	/* Follow until SIGINT. */
	cons[1] = tt_spawn(TT_ARGV(TT_CONSUMER, "-f", "-j", "--verify",
				   "--reader",
				   "name=urgent,levels=err..warning,order=priority,out="
				   TT_OUT("urgent")),
			   -1, TT_ERR("urgent-stdout"), TT_ERR("urgent"));
	cons[2] = tt_spawn(TT_ARGV(TT_CONSUMER, "--follow", "--json",
				   "--verify", "--levels", "info", "--order",
				   "seq", "--reader",
				   "name=info,out=" TT_OUT("info")),
			   -1, TT_ERR("info-stdout"), TT_ERR("info"));
	/* Each has its fd and its signal mask: they see every record. */
	tt_wait_readers(fd, 3);

	prod = tt_spawn(TT_ARGV(TT_PRODUCER, "--threads", "8", "-w", "2", "-n",
				"2000", "-b", "64", "-S", "48", "--levels",
				"err:1,warning:2,info:5,debug:2", "--json"),
			-1, TT_OUT("producer"), TT_ERR("producer"));
	ck_assert_int_eq(tt_wait_exit(prod, TT_WAIT_MS), 0);
	tt_assert_file_eq(TT_ERR("producer"), "");
	rep = tt_producer_report(TT_OUT("producer"));
	ck_assert_uint_eq(rep.produced, 16000);
	ck_assert_uint_eq(rep.written, 16000);
	ck_assert_uint_eq(rep.dropped + rep.oversized + rep.failed, 0);

	st = dt_stats(fd);
	ck_assert_uint_eq(st.written, 16000);
	ck_assert_uint_eq(st.evicted, 0);
	ck_assert_uint_eq(st.writers, 1);
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		if (l == 3 || l == 4 || l == 6 || l == 7)
			ck_assert_uint_gt(st.level_written[l], 0);
		else
			ck_assert_uint_eq(st.level_written[l], 0);
		sum += st.level_written[l];
	}
	ck_assert_uint_eq(sum, 16000);

	ck_assert_int_eq(tt_wait_exit(cons[0], TT_WAIT_MS), 0);
	for (i = 1; i < 3; i++) {
		tt_wait_drained(cons[i], 1);
		ck_assert_int_eq(kill(cons[i], SIGINT), 0);
		ck_assert_int_eq(tt_wait_exit(cons[i], TT_WAIT_MS), 0);
	}
	for (i = 0; i < 3; i++) {
		char out[64], err[64];

		snprintf(out, sizeof(out), "/tmp/tt-%s.out", names[i]);
		snprintf(err, sizeof(err), "/tmp/tt-%s-stdout.err", names[i]);
		tt_assert_file_eq(err, "");
		snprintf(err, sizeof(err), "/tmp/tt-%s.err", names[i]);
		counts = tt_slurp(err);
		ck_assert_msg(!strncmp(counts, "{\"readers\":[", 12) &&
			      !strstr(counts, "verify"),
			      "%s: %.300s", err, counts);
		tt_want(want, st.level_written, masks[i]);
		tt_check_reader(counts, names[i], out, seq_order[i], want);
		free(counts);
	}
	/* The chronological all-levels view: exactly seq 1..16000. */
	tt_scan_out(TT_OUT("all"), true, &sc);
	ck_assert_uint_eq(sc.first_seq, 1);
	ck_assert_uint_eq(sc.last_seq, 16000);
	ck_assert(sc.seq_dense);
	ck_assert_uint_eq(dt_stats(fd).readers, 0);
	close(fd);
}
END_TEST

/*
 * SIGINT while generating: everything accepted into the queue is
 * written, and the report adds up against the device's own count.
 */
static void tt_producer_sigint(char *const argv[], bool may_drop, int sig)
{
	int fd = dt_open(O_RDONLY), rc;
	unsigned long long end = tt_now_ms() + TT_WAIT_MS, seen;
	struct logger_stats st;
	struct tt_report rep;
	pid_t prod;

	prod = tt_spawn(argv, -1, TT_OUT("sigint"), TT_ERR("sigint"));
	while (!(seen = dt_stats(fd).written)) {
		ck_assert_msg(tt_now_ms() < end, "producer wrote nothing");
		tt_tick();
	}
	ck_assert_int_eq(kill(prod, sig), 0);
	rc = tt_wait_exit(prod, TT_WAIT_MS);
	rep = tt_producer_report(TT_OUT("sigint"));
	/* Exit 0 only when every record produced was written. */
	ck_assert_int_eq(rc, rep.dropped ? 1 : 0);
	if (!rep.dropped)
		tt_assert_file_eq(TT_ERR("sigint"), "");
	st = dt_stats(fd);
	ck_assert_uint_eq(st.writers, 0);
	ck_assert_uint_eq(rep.written, st.written);
	ck_assert_uint_ge(rep.written, seen);
	ck_assert_uint_eq(rep.oversized, 0);
	ck_assert_uint_eq(rep.failed, 0);
	if (!may_drop)
		ck_assert_uint_eq(rep.dropped, 0);
	/* The device's own books agree (nothing cleared). */
	ck_assert_uint_eq(st.written, st.records + st.evicted);
	close(fd);
}

START_TEST(test_tools_producer_sigint_drains_queue)
{
	tt_producer_sigint(TT_ARGV(TT_PRODUCER, "--threads", "4", "-w", "2",
				   "-n", "0", "-q", "4096", "-b", "32", "--json"),
			   false, SIGINT);
}
END_TEST

/* SIGHUP killed the producer with accepted records queued: now it drains. */
START_TEST(test_tools_producer_sighup_drains_queue)
{
	tt_producer_sigint(TT_ARGV(TT_PRODUCER, "--threads", "2", "-n", "0",
				   "-q", "4096", "-b", "16", "--json"),
			   false, SIGHUP);
}
END_TEST

START_TEST(test_tools_producer_sigint_drop_policy_counts)
{
	tt_producer_sigint(TT_ARGV(TT_PRODUCER, "--threads", "8", "-w", "1",
				   "-n", "0", "-q", "8", "-b", "4", "--policy",
				   "drop", "--json"),
			   true, SIGINT);
}
END_TEST

/* One expected record of the stdin test. */
struct tt_line {
	unsigned int level;
	unsigned int facility;
	char msg[64];
};

#define TT_STDIN_LINES	210

/*
 * --stdin --prio-prefix --level warning: lines with a valid <N> keep
 * their level and their facility unless it is 0 (kern: user instead, as
 * logger and /dev/kmsg do), others get warning (facility user), empty
 * lines are skipped,
 * a CR before the newline is dropped, an unterminated last line counts.
 */
START_TEST(test_tools_producer_stdin_exact)
{
	static struct tt_line want[TT_STDIN_LINES + 1];
	static struct dt_rec recs[TT_STDIN_LINES + 8];
	static char input[32768];
	size_t len = 0;
	int r = dt_open(O_RDONLY), p[2], n = 0, i, got;
	struct tt_report rep;
	pid_t prod;

	for (i = 0; i < TT_STDIN_LINES; i++) {
		struct tt_line *w = &want[n];
		unsigned int pri = (unsigned int)(i % 24) * 8 + i % 8;

		w->level = 4;
		w->facility = LOGGER_DEFAULT_FACILITY;
		switch (i % 7) {
		case 0:	/* a prefix: level kept, facility unless 0 (none) */
			len += sprintf(input + len, "<%u>prefixed %d\n", pri, i);
			w->level = pri & 7;
			w->facility = pri >> 3 ? pri >> 3 : 1;
			sprintf(w->msg, "prefixed %d", i);
			break;
		case 1:
			len += sprintf(input + len, "plain %d\n", i);
			sprintf(w->msg, "plain %d", i);
			break;
		case 2:	/* empty: nothing */
			len += sprintf(input + len, "\n");
			continue;
		case 3:	/* not a prefix: part of the message */
			len += sprintf(input + len, "<192>no prefix %d\n", i);
			sprintf(w->msg, "<192>no prefix %d", i);
			break;
		case 4:
			len += sprintf(input + len, "crlf %d\r\n", i);
			sprintf(w->msg, "crlf %d", i);
			break;
		case 5:
			len += sprintf(input + len, " tab\there %d\n", i);
			sprintf(w->msg, " tab\there %d", i);
			break;
		default:
			len += sprintf(input + len, "<3>err %d\n", i);
			w->level = 3;
			w->facility = 1;
			sprintf(w->msg, "err %d", i);
			break;
		}
		n++;
	}
	len += sprintf(input + len, "<15>last, no newline");
	want[n].level = 7;
	want[n].facility = 1;
	strcpy(want[n].msg, "last, no newline");
	n++;

	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	prod = tt_spawn(TT_ARGV(TT_PRODUCER, "--stdin", "--prio-prefix",
				"--level", "warning", "-b", "16", "--json"),
			p[0], TT_OUT("stdin"), TT_ERR("stdin"));
	close(p[0]);
	ck_assert_int_eq(write(p[1], input, len), len);
	close(p[1]);
	ck_assert_int_eq(tt_wait_exit(prod, TT_WAIT_MS), 0);
	tt_assert_file_eq(TT_ERR("stdin"), "");
	rep = tt_producer_report(TT_OUT("stdin"));
	ck_assert_uint_eq(rep.produced, n);
	ck_assert_uint_eq(rep.written, n);

	dt_set_view(r, LOGGER_LEVELS_ALL, LOGGER_ORDER_SEQ,
		    LOGGER_FORMAT_BINARY);
	got = dt_read_bin(r, recs, TT_STDIN_LINES + 8);
	ck_assert_int_eq(got, n);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(recs[i].h.seq, i + 1);
		ck_assert_uint_eq(recs[i].h.lost, 0);
		ck_assert_uint_eq(recs[i].h.pid, prod);
		ck_assert_msg(recs[i].h.level == want[i].level &&
			      recs[i].h.facility == want[i].facility &&
			      !strcmp(recs[i].msg, want[i].msg),
			      "record %d: <%u/%u>'%s', want <%u/%u>'%s'", i,
			      recs[i].h.level, recs[i].h.facility,
			      recs[i].msg, want[i].level, want[i].facility,
			      want[i].msg);
	}
	close(r);
}
END_TEST

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

	tt_bad_usage(TT_ARGV(TT_PRODUCER, "--threads", "0"),
		     "invalid --threads '0' (want 1..1024)");
	tt_bad_usage(TT_ARGV(TT_PRODUCER, "--levels", "bogus:1"),
		     "invalid --levels 'bogus:1' (want e.g. err:1,info:9)");
	tt_bad_usage(TT_ARGV(TT_PRODUCER, "--policy", "maybe"),
		     "invalid --policy 'maybe' (block or drop)");
	tt_bad_usage(TT_ARGV(TT_PRODUCER, "--frobnicate"),
		     "unrecognized option '--frobnicate'");
	/* The option named is the one at fault, not its neighbour. */
	tt_bad_usage(TT_ARGV(TT_PRODUCER, "-b", "4", "-Z"),
		     "invalid option -- 'Z'");
	tt_bad_usage(TT_ARGV(TT_PRODUCER, "-t"),
		     "option requires an argument -- 't'");
	tt_bad_usage(TT_ARGV(TT_PRODUCER, "-n", "5", "extra"),
		     "a message and --count exclude each other");
	tt_bad_usage(TT_ARGV(TT_PRODUCER, "--stdin", "-l", "err"),
		     "--levels and --stdin exclude each other");
	tt_bad_usage(TT_ARGV(TT_PRODUCER, "-p", "kern.err", "hi"),
		     "--priority 'kern.err': facility kern is the kernel's (use user or local0..local7)");

	tt_bad_usage(TT_ARGV(TT_CONSUMER, "--count", "0"),
		     "invalid --max-count '0'");
	tt_bad_usage(TT_ARGV(TT_CONSUMER, "--levels", "nope"),
		     "invalid --level 'nope' (e.g. err,warning or err+)");
	tt_bad_usage(TT_ARGV(TT_CONSUMER, "--order", "sideways"),
		     "invalid --order 'sideways' (seq or priority)");
	tt_bad_usage(TT_ARGV(TT_CONSUMER, "--bogus"),
		     "unrecognized option '--bogus'");
	tt_bad_usage(TT_ARGV(TT_CONSUMER, "--reader", "levels=err",
			     "--config", "/tmp/none.conf"),
		     "--reader and --config exclude each other");
	tt_bad_usage(TT_ARGV(TT_CONSUMER, "--reader", "order=up"),
		     "bad order 'up' (priority or seq)");
	tt_bad_usage(TT_ARGV(TT_CONSUMER, "-f", "-r"),
		     "--follow and --reverse exclude each other");
	tt_bad_usage(TT_ARGV(TT_CONSUMER, "-o", "xml"),
		     "invalid --output 'xml' (short, short-iso, short-precise, short-monotonic, short-unix, cat, raw, json, json-pretty)");
	tt_bad_usage(TT_ARGV(TT_CONSUMER, "--mmap", "--group", "x"),
		     "--mmap and --group exclude each other: a reader group shares one cursor in the kernel, and a mapped reader reads from its own position");

	/* Nothing of that touched the device. */
	fd = dt_open(O_RDONLY);
	ck_assert_uint_eq(dt_stats(fd).written, 0);
	close(fd);

	/* --help: usage on stdout, exit 0. */
	tt_run(TT_ARGV(TT_PRODUCER, "--help"), TT_OUT("usage"),
	       TT_ERR("usage"), 0);
	help = tt_slurp(TT_OUT("usage"));
	ck_assert_msg(!strncmp(help, "Usage:\n logger-producer ", 24), "%.80s",
		      help);
	free(help);
	tt_assert_file_eq(TT_ERR("usage"), "");
	tt_run(TT_ARGV(TT_CONSUMER, "-h"), TT_OUT("usage"), TT_ERR("usage"),
	       0);
	help = tt_slurp(TT_OUT("usage"));
	ck_assert_msg(!strncmp(help, "Usage:\n logger-consumer ", 24), "%.80s",
		      help);
	free(help);
	tt_assert_file_eq(TT_ERR("usage"), "");
	/* A config file that cannot be read is an error (1), not usage. */
	tt_run(TT_ARGV(TT_CONSUMER, "--config", "/nonexistent.conf"),
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

	tt_run(TT_ARGV(TT_PRODUCER, "-n", "1"), TT_OUT("nodev"),
	       TT_ERR("nodev"), 1);
	tt_assert_file_eq(TT_OUT("nodev"), "");
	tt_assert_file_eq(TT_ERR("nodev"),
			  "logger-producer: /dev/logger: No such file or directory (is the logger module loaded? try 'modprobe logger')\n");

	tt_run(TT_ARGV(TT_CONSUMER, "-f"), TT_OUT("nodev"), TT_ERR("nodev"),
	       1);
	tt_assert_file_eq(TT_OUT("nodev"), "");
	err = tt_slurp(TT_ERR("nodev"));
	ck_assert_str_eq(err, "logger-consumer: /dev/logger: No such file or directory (is the logger module loaded? try 'modprobe logger')\n");
	free(err);

	tt_run(TT_ARGV(TT_CTL, "stats"), TT_OUT("nodev"), TT_ERR("nodev"), 1);
	tt_assert_file_eq(TT_OUT("nodev"), "");
	tt_assert_file_eq(TT_ERR("nodev"),
			  "loggerctl: logger module not loaded\n");
}
END_TEST

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

	tt_rm(TT_OUT("a"));
	tt_rm(TT_OUT("b"));
	tt_rm(TT_OUT("c"));
	tt_rm(TT_OUT("every"));
	tt_write_file(TT_CONF,
		      "# before the reload\n"
		      "name=a levels=err..warning order=seq out=" TT_OUT("a") "\n"
		      "name=b levels=info out=" TT_OUT("b") "\n"
		      "name=every order=seq out=" TT_OUT("every") "\n");
	cons = tt_spawn(TT_ARGV(TT_CONSUMER, "--follow", "--json", "--verify",
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
	ck_assert_int_eq(tt_wait_exit(cons, TT_WAIT_MS), 0);
	tt_assert_file_eq(TT_OUT("reload"), "");

	text = tt_slurp(TT_ERR("reload"));
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

/*
 * loggerctl watch prints the events of the multicast group: with nothing
 * written, the periodic stats event (every event interval while someone
 * listens), here twice, then --count ends it.
 */
#define TT_STATS_EVENT	"{\"event\":\"stats\",\"time\":\""

START_TEST(test_tools_ctl_watch_prints_events)
{
	char *out, *line;
	int n = 0;

	tt_run(TT_ARGV(TT_CTL, "watch", "--json", "--count", "2", "--timeout",
		       "60"),
	       TT_OUT("watch"), TT_ERR("watch"), 0);
	tt_assert_file_eq(TT_ERR("watch"), "");
	out = tt_slurp(TT_OUT("watch"));
	for (line = out; *line; line = strchr(line, '\n') + 1) {
		ck_assert_msg(!strncmp(line, TT_STATS_EVENT,
				       strlen(TT_STATS_EVENT)) &&
			      strchr(line, '\n'), "%s", out);
		ck_assert_uint_eq(tt_json_u64(line, "written"), 0);
		ck_assert_uint_eq(tt_json_u64(line, "capacity"), 16777216);
		n++;
	}
	ck_assert_msg(n == 2, "%s", out);
	free(out);
}
END_TEST

/* Sum of the per-level "evicted" deltas of every overflow event in @s. */
static unsigned long long tt_overflow_sum(const char *s, int *events)
{
	unsigned long long sum = 0;
	const char *line;

	*events = 0;
	for (line = s; (line = strstr(line, "{\"event\":\"overflow\""));
	     line++) {
		const char *end = strchr(line, '\n');
		const char *lv = strstr(line, "\"levels\":[");

		if (!end)
			break;
		(*events)++;
		while (lv && (lv = strstr(lv, "{\"level\":\"")) && lv < end) {
			sum += tt_json_u64(lv, "evicted");
			lv++;
		}
	}
	return sum;
}

START_TEST(test_tools_ctl_watch_overflow_exact)
{
	int w = dt_open(O_WRONLY), events = 0;
	unsigned long long end = tt_now_ms() + TT_WAIT_MS, sum = 0;
	struct logger_stats st;
	pid_t pid;
	char *out;

	pid = tt_spawn(TT_ARGV(TT_CTL, "watch", "--json"), -1,
		       TT_OUT("watch-ov"), TT_ERR("watch-ov"));
	/* Subscribed once the first periodic stats event is out. */
	tt_wait_text(TT_OUT("watch-ov"), TT_STATS_EVENT);
	dt_flood(w, 7, 20000);
	st = dt_stats(w);
	ck_assert_uint_gt(st.evicted, 15000);
	for (;;) {
		out = tt_slurp(TT_OUT("watch-ov"));
		sum = tt_overflow_sum(out, &events);
		free(out);
		if (sum == st.evicted)
			break;
		ck_assert_msg(sum < st.evicted && tt_now_ms() < end,
			      "overflow events sum to %llu, evicted %llu",
			      sum, (unsigned long long)st.evicted);
		tt_tick();
	}
	ck_assert_int_ge(events, 1);
	ck_assert_int_eq(kill(pid, SIGINT), 0);
	ck_assert_int_eq(tt_wait_exit(pid, TT_WAIT_MS), 0);
	tt_assert_file_eq(TT_ERR("watch-ov"), "");
	close(w);
}
END_TEST

START_TEST(test_tools_ctl_commands)
{
	int fd = dt_open(O_RDWR), r2 = dt_open(O_RDONLY);
	char want[64], *out;

	dt_set_view(r2, LOGGER_LEVEL_BIT(3) | LOGGER_LEVEL_BIT(4),
		    LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	dt_write_str(fd, "<3>one\n<6>two\n<7>three\n");
	tt_run(TT_ARGV(TT_CTL, "stats", "--json"), TT_OUT("ctl"),
	       TT_ERR("ctl"), 0);
	out = tt_slurp(TT_OUT("ctl"));
	ck_assert_uint_eq(tt_json_u64(out, "written"), 3);
	ck_assert_uint_eq(tt_json_u64(out, "records"), 3);
	ck_assert_uint_eq(tt_json_u64(out, "readers"), 2);
	free(out);
	/* readers: exactly our two, with their filters and backlogs. */
	tt_run(TT_ARGV(TT_CTL, "readers", "--json"), TT_OUT("ctl"),
	       TT_ERR("ctl"), 0);
	out = tt_slurp(TT_OUT("ctl"));
	snprintf(want, sizeof(want), "\"pid\":%d,", getpid());
	ck_assert_ptr_nonnull(strstr(out, want));
	ck_assert_ptr_nonnull(strstr(strstr(out, want) + 1, want));
	ck_assert_ptr_null(strstr(strstr(strstr(out, want) + 1, want) + 1,
				  "\"pid\":"));
	ck_assert_ptr_nonnull(strstr(out, "\"filter\":\"all\""));
	ck_assert_ptr_nonnull(strstr(out, "\"filter\":\"err..warning\""));
	ck_assert_ptr_nonnull(strstr(out, "\"backlog\":3"));
	ck_assert_ptr_nonnull(strstr(out, "\"backlog\":1"));
	free(out);
	/* Unprivileged: clear and set refused with a clear message. */
	tt_rm(TT_OUT("ctl"));
	tt_rm(TT_ERR("ctl"));
	dt_drop_privs();
	tt_run(TT_ARGV(TT_CTL, "clear"), TT_OUT("ctl"), TT_ERR("ctl"), 1);
	tt_assert_file_eq(TT_ERR("ctl"),
			  "loggerctl: permission denied: needs CAP_SYSLOG\n");
	tt_run(TT_ARGV(TT_CTL, "set", "interval=500"), TT_OUT("ctl"),
	       TT_ERR("ctl"), 1);
	tt_assert_file_eq(TT_ERR("ctl"),
			  "loggerctl: permission denied: needs CAP_SYSLOG\n");
	dt_regain_privs();
	tt_rm(TT_OUT("ctl"));
	tt_rm(TT_ERR("ctl"));
	ck_assert_uint_eq(dt_stats(fd).records, 3);
	/* Root: set, then clear. */
	tt_run(TT_ARGV(TT_CTL, "set", "interval=500", "capacity=8M"),
	       TT_OUT("ctl"), TT_ERR("ctl"), 0);
	{
		struct logger_config c;

		ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_CONFIG, &c), 0);
		ck_assert_uint_eq(c.event_interval_ms, 500);
		ck_assert_uint_eq(c.capacity, 8 << 20);
	}
	tt_run(TT_ARGV(TT_CTL, "clear"), TT_OUT("ctl"), TT_ERR("ctl"), 0);
	ck_assert_uint_eq(dt_stats(fd).records, 0);
	ck_assert_uint_eq(dt_stats(fd).cleared, 3);
	/* Bad usage. */
	tt_run(TT_ARGV(TT_CTL, "set", "capacity=lots"), TT_OUT("ctl"),
	       TT_ERR("ctl"), 2);
	tt_run(TT_ARGV(TT_CTL, "frobnicate"), TT_OUT("ctl"), TT_ERR("ctl"),
	       2);
	close(r2);
	close(fd);
}
END_TEST

/*
 * The device's limits and logger's options: a batch of one record is
 * written (it was refused by the producer's own size check); a size the
 * device cannot take is an error before anything is written; a message
 * too long is not written and the exit is 1; -p and -t reach the record.
 */
START_TEST(test_tools_producer_device_limits)
{
	static struct dt_rec recs[8];
	static char big[2100];
	int r = dt_open(O_RDONLY), n;
	struct tt_report rep;
	char *err;

	tt_run(TT_ARGV(TT_PRODUCER, "-n", "3", "-b", "1", "--json"),
	       TT_OUT("lim"), TT_ERR("lim"), 0);
	rep = tt_producer_report(TT_OUT("lim"));
	ck_assert_uint_eq(rep.written, 3);
	ck_assert_uint_eq(dt_stats(r).written, 3);

	tt_run(TT_ARGV(TT_PRODUCER, "-n", "3", "-S", "2000"), TT_OUT("lim"),
	       TT_ERR("lim"), 1);
	tt_assert_file_eq(TT_ERR("lim"),
			  "logger-producer: --size 2000: messages of 2000 bytes are longer than /dev/logger's largest record, 1024 bytes\n");
	ck_assert_uint_eq(dt_stats(r).written, 3);

	memset(big, 'x', 2000);
	tt_run(TT_ARGV(TT_PRODUCER, big), TT_OUT("lim"), TT_ERR("lim"), 1);
	err = tt_slurp(TT_ERR("lim"));
	ck_assert_msg(strstr(err, "a message of 2000 bytes is longer than the largest record (1024): not written") &&
		      strstr(err, "1 of 1 records not written"), "%s", err);
	free(err);
	ck_assert_uint_eq(dt_stats(r).written, 3);

	tt_run(TT_ARGV(TT_PRODUCER, "-p", "local0.err", "-t", "app", "disk",
		       "full"), TT_OUT("lim"), TT_ERR("lim"), 0);
	tt_assert_file_eq(TT_ERR("lim"), "");
	dt_set_view(r, LOGGER_LEVELS_ALL, LOGGER_ORDER_SEQ,
		    LOGGER_FORMAT_BINARY);
	n = dt_read_bin(r, recs, 8);
	ck_assert_int_eq(n, 4);
	ck_assert_uint_eq(recs[3].h.level, 3);
	ck_assert_uint_eq(recs[3].h.facility, 16);
	/* -t is the kernel tag now, not in the message (test_ctl_flow.c). */
	ck_assert_str_eq(recs[3].msg, "disk full");
	close(r);
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

	pid = tt_spawn_closed(TT_ARGV(TT_PRODUCER, "--json", "only", "this"),
			      1, TT_ERR("closed"));
	ck_assert_int_eq(tt_wait_exit(pid, TT_WAIT_MS), 1);
	err = tt_slurp(TT_ERR("closed"));
	ck_assert_str_eq(err, "logger-producer: write error: Bad file descriptor\n");
	free(err);
	dt_set_view(r, LOGGER_LEVELS_ALL, LOGGER_ORDER_SEQ,
		    LOGGER_FORMAT_BINARY);
	ck_assert_int_eq(dt_read_bin(r, recs, 4), 1);
	ck_assert_str_eq(recs[0].msg, "only this");

	tt_rm(TT_OUT("closed"));
	pid = tt_spawn_closed(TT_ARGV(TT_CONSUMER, "--reader",
				      "format=raw,out=" TT_OUT("closed")),
			      1, TT_ERR("closed"));
	ck_assert_int_eq(tt_wait_exit(pid, TT_WAIT_MS), 0);
	tt_assert_file_eq(TT_ERR("closed"), "");
	out = tt_slurp(TT_OUT("closed"));
	ck_assert_msg(strstr(out, ";only this\n") && !strchr(out, '\n')[1],
		      "%s", out);
	free(out);
	ck_assert_uint_eq(dt_stats(r).written, 1);
	close(r);
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
		execv(TT_CONSUMER, TT_ARGV(TT_CONSUMER, "-o", "raw"));
		_exit(127);
	}
	close(p[1]);
	n = read(p[0], line, sizeof(line));
	ck_assert_int_gt(n, 0);
	close(p[0]);
	st = tt_wait_exit(pid, TT_WAIT_MS);
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

	tt_rm(TT_CURSOR);
	tt_write_batch(w, "one", 5, per);
	tt_run(TT_ARGV(TT_CONSUMER, "--cursor-file", TT_CURSOR, "-o", "cat"),
	       TT_OUT("cur"), TT_ERR("cur"), 0);
	tt_assert_file_eq(TT_OUT("cur"),
			  "one 0\none 1\none 2\none 3\none 4\n");
	c = tt_slurp(TT_CURSOR);
	ck_assert_msg(!strncmp(c, "i=", 2) && strstr(c, ";s=5\n"), "%s", c);
	free(c);
	tt_write_batch(w, "two", 3, per);
	tt_run(TT_ARGV(TT_CONSUMER, "--cursor-file", TT_CURSOR, "-o", "cat"),
	       TT_OUT("cur"), TT_ERR("cur"), 0);
	tt_assert_file_eq(TT_OUT("cur"), "two 0\ntwo 1\ntwo 2\n");
	tt_run(TT_ARGV(TT_CONSUMER, "-n", "2", "-o", "cat"), TT_OUT("cur"),
	       TT_ERR("cur"), 0);
	tt_assert_file_eq(TT_OUT("cur"), "two 1\ntwo 2\n");
	tt_run(TT_ARGV(TT_CONSUMER, "--since", "seq:7", "-o", "cat"),
	       TT_OUT("cur"), TT_ERR("cur"), 0);
	tt_assert_file_eq(TT_OUT("cur"), "two 1\ntwo 2\n");
	tt_run(TT_ARGV(TT_CONSUMER, "--until", "seq:2", "-r", "-o", "cat"),
	       TT_OUT("cur"), TT_ERR("cur"), 0);
	tt_assert_file_eq(TT_OUT("cur"), "one 1\none 0\n");
	/* Levels cycle err, warning, info, debug. */
	tt_run(TT_ARGV(TT_CONSUMER, "-l", "warning+", "-o", "cat"),
	       TT_OUT("cur"), TT_ERR("cur"), 0);
	tt_assert_file_eq(TT_OUT("cur"),
			  "one 0\none 1\none 4\ntwo 0\ntwo 1\n");
	out = tt_slurp(TT_ERR("cur"));
	ck_assert_str_eq(out, "");
	free(out);
	close(w);
}
END_TEST

static void tt_fixture_load_small_fast(void)
{
	dt_load("capacity=65536 event_interval_ms=100");
}

Suite *make_tools_suite(void)
{
	Suite *s = suite_create("tools");
	TCase *tc = tcase_create("tools");

	tcase_add_checked_fixture(tc, tt_fixture_load_big, dt_fixture_unload);
	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, test_tools_producer_three_consumers_exact);
	tcase_add_test(tc, test_tools_producer_sigint_drains_queue);
	tcase_add_test(tc, test_tools_producer_sigint_drop_policy_counts);
	tcase_add_test(tc, test_tools_producer_sighup_drains_queue);
	tcase_add_test(tc, test_tools_producer_stdin_exact);
	tcase_add_test(tc, test_tools_bad_options_exit_2);
	tcase_add_test(tc, test_tools_consumer_sighup_reload_exact);
	tcase_add_test(tc, test_tools_ctl_watch_prints_events);
	tcase_add_test(tc, test_tools_ctl_commands);
	tcase_add_test(tc, test_tools_producer_device_limits);
	tcase_add_test(tc, test_tools_closed_stdout_not_into_device);
	tcase_add_test(tc, test_tools_consumer_closed_pipe_quiet);
	tcase_add_test(tc, test_tools_consumer_cursor_lines_since);
	suite_add_tcase(s, tc);
	tc = tcase_create("ctl-events");
	tcase_add_checked_fixture(tc, tt_fixture_load_small_fast,
				  dt_fixture_unload);
	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, test_tools_ctl_watch_overflow_exact);
	suite_add_tcase(s, tc);
	tc = tcase_create("no-module");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_tools_missing_device_exit_1);
	suite_add_tcase(s, tc);
	return s;
}
