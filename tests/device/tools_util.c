// SPDX-License-Identifier: GPL-2.0
/*
 * The "tools" suite's helpers: run a tool to its end, wait (bounded) for
 * readers, a line in a file or a consumer's drained readers (over
 * netlink), and check a consumer's JSON output and a producer's report.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "devtest.h"
#include "genl.h"
#include "levels.h"
#include "tools.h"

/* Run a tool to completion with no input; it must exit with @code. */
void tt_run(char *const argv[], const char *out, const char *err,
	    int code)
{
	int rc = dt_wait_exit(dt_spawn(argv, -1, out, err), TT_WAIT_MS);
	char *text;

	if (rc == code)
		return;
	text = dt_slurp(err);
	ck_abort_msg("%s %s: exit %d, want %d; stderr: %.300s", argv[0],
		     argv[1] ? argv[1] : "", rc, code, text);
}

/* Poll until the device has @n open readers. */
void tt_wait_readers(int fd, unsigned int n)
{
	unsigned long long end = dt_now_ms() + TT_WAIT_MS;

	while (dt_stats(fd).readers != n) {
		ck_assert_msg(dt_now_ms() < end, "readers: %u, want %u",
			      dt_stats(fd).readers, n);
		dt_tick();
	}
}

/* Poll until @path contains @what. */
void tt_wait_text(const char *path, const char *what)
{
	unsigned long long end = dt_now_ms() + TT_WAIT_MS;

	for (;;) {
		char *s = dt_slurp(path);
		bool found = strstr(s, what);

		if (found) {
			free(s);
			return;
		}
		ck_assert_msg(dt_now_ms() < end, "%s: no '%s' in: %.300s",
			      path, what, s);
		free(s);
		dt_tick();
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
void tt_wait_drained(pid_t pid, int nreaders)
{
	unsigned long long end = dt_now_ms() + TT_WAIT_MS, backlog;
	int nl = gn_open(), fam = gn_family(nl, NULL), n;

	ck_assert_int_gt(fam, 0);
	for (;;) {
		n = tt_reader_backlog(nl, fam, pid, &backlog);
		if (n == nreaders && backlog == 0)
			break;
		ck_assert_msg(dt_now_ms() < end,
			      "pid %d: %d readers (want %d), backlog %llu",
			      pid, n, nreaders, backlog);
		dt_tick();
	}
	close(nl);
}

/*
 * Parse @path, one JSON record per line, and check what every view
 * promises: no sequence number twice, FIFO inside a level, and with
 * @seq_order strictly increasing sequence numbers overall.
 */
void tt_scan_out(const char *path, bool seq_order, struct tt_scan *sc)
{
	static unsigned char seen[TT_MAX_SEQ];
	unsigned long long last[LOGGER_NR_LEVELS] = { 0 };
	char *buf = dt_slurp(path), *line = buf, *nl;

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
void tt_check_reader(const char *counts, const char *name,
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
	ck_assert_uint_eq(dt_json_u64(r, "read"), total);
	ck_assert_uint_eq(dt_json_u64(r, "lost"), 0);
	ck_assert_uint_eq(dt_json_u64(r, "violations"), 0);
	lr = strstr(r, "\"level_read\":{");
	ck_assert_ptr_nonnull(lr);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		ck_assert_msg(dt_json_u64(lr, lg_level_name(l)) == want[l],
			      "reader %s: %s: %llu, want %llu", name,
			      lg_level_name(l),
			      dt_json_u64(lr, lg_level_name(l)), want[l]);

	tt_scan_out(out, seq_order, &sc);
	ck_assert_uint_eq(sc.total, total);
	ck_assert_uint_eq(sc.lost, 0);
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		ck_assert_uint_eq(sc.level[l], want[l]);
}

/* @src's counts of the levels in @mask, zero elsewhere. */
void tt_want(unsigned long long *want, const unsigned long long *src,
	     unsigned int mask)
{
	int l;

	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		want[l] = mask & LOGGER_LEVEL_BIT(l) ? src[l] : 0;
}

struct tt_report tt_producer_report(const char *path)
{
	char *s = dt_slurp(path);
	struct tt_report r;

	ck_assert_msg(s[0] == '{' && strchr(s, '\n') == s + strlen(s) - 1,
		      "%s: not one JSON line: %.300s", path, s);
	r.produced = dt_json_u64(s, "produced");
	r.written = dt_json_u64(s, "written");
	r.dropped = dt_json_u64(s, "dropped");
	r.oversized = dt_json_u64(s, "oversized");
	r.failed = dt_json_u64(s, "failed");
	free(s);
	ck_assert_uint_eq(r.produced,
			  r.written + r.dropped + r.oversized + r.failed);
	return r;
}

void tt_assert_file_eq(const char *path, const char *want)
{
	char *s = dt_slurp(path);

	ck_assert_msg(!strcmp(s, want), "%s:\n%s\nwant:\n%s", path, s, want);
	free(s);
}
