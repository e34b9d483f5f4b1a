// SPDX-License-Identifier: GPL-2.0
/*
 * logger-stress, flow part: the writers and readers (see stress_flow.c for
 * who they are and what they check).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "lgmap.h"
#include "stress_flow.h"

static const char *const class_tag[NCLASS] = { "", "job", "log" };

static void msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static void set_flags(int fd, __u32 f, const char *who)
{
	if (ioctl(fd, LOGGER_IOC_SET_FLAGS, &f))
		flow_die("%s: SET_FLAGS 0x%x: %s", who, f, strerror(errno));
}

/* ---- writers ------------------------------------------------------------- */

/*
 * Would the kernel take the start of @m as a "TAG: " (PARSE_TAGS)?  A bare
 * record must not look like one.
 */
static bool looks_tagged(const char *m, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len && i < 33; i++) {
		unsigned char c = (unsigned char)m[i];

		if (c == ':')
			return i >= 1 && i <= LOGGER_TAG_MAX && i + 1 < len &&
			       m[i + 1] == ' ';
		if (c < 0x21 || c > 0x7e)
			return false;
	}
	return false;
}

/*
 * Writer w: 0 parses tags (none, job, log); 1 parses tags and has the
 * default tag "job" (job bare, log with "log: ") and is interrupted by
 * signals; 2 writes bare records, no tag, O_NONBLOCK.  Counts exactly the
 * records stored; the class of each (writer, number) is published before
 * the write so a reader can check the tag it gets.
 */
void *fw_main(void *arg)
{
	int w = (int)(long)arg, fd;
	static __thread char buf[16 * 400];
	size_t ends[16];
	unsigned int cls[16];
	__u64 wseq = 0, first[16];
	struct rf_rng rng;
	char who[16];

	snprintf(who, sizeof(who), "lgf-w%d", w);
	prctl(PR_SET_NAME, who);
	F->writer_tid[w] = syscall(SYS_gettid);
	rf_seed(&rng, F->seed, 300 + w, 0);
	fd = open("/dev/logger", O_WRONLY | O_CLOEXEC | (w == 2 ? O_NONBLOCK : 0));
	if (fd < 0)
		flow_die("%s: open: %s", who, strerror(errno));
	if (w < 2)
		set_flags(fd, LOGGER_FD_PARSE_TAGS, who);
	if (w == 1) {
		struct logger_tag t = { "job" };

		if (ioctl(fd, LOGGER_IOC_SET_TAG, &t))
			flow_die("%s: SET_TAG: %s", who, strerror(errno));
	}
	while (!__atomic_load_n(&F->stop_writers, __ATOMIC_ACQUIRE)) {
		unsigned int n = 1 + rf_below(&rng, 16), i, k;
		size_t len = 0;
		ssize_t got;

		if (wseq + n >= FMAXW) {
			/* Out of numbers: this writer is done (a long run). */
			__atomic_add_fetch(&F->capped, 1, __ATOMIC_SEQ_CST);
			break;
		}
		for (i = 0; i < n; i++) {
			unsigned int level = rf_below(&rng, 8), c;
			unsigned int mlen = RF_LONG_MIN + rf_below(&rng, 300);
			const char *pfx = "";

			c = w == 2 ? C_NONE : w == 1 ? 1 + rf_below(&rng, 2) :
			    rf_below(&rng, NCLASS);
			if (c != C_NONE && !(w == 1 && c == C_JOB))
				pfx = c == C_JOB ? "job: " : "log: ";
			len += sprintf(buf + len, "<%u>%s", 8 + level, pfx);
			for (;;) {
				rf_encode(buf + len, mlen, 'S', FW_ID0 + w, wseq,
					  level, LOGGER_DEFAULT_FACILITY);
				if (w == 2 || *pfx || !looks_tagged(buf + len, mlen))
					break;
				mlen++;
			}
			len += mlen;
			buf[len++] = '\n';
			ends[i] = len;
			cls[i] = c;
			first[i] = wseq;
			__atomic_store_n(&F->cls[w][wseq++], (__u8)(c + 1),
					 __ATOMIC_RELEASE);
		}
		got = write(fd, buf, len);
		if (got != (ssize_t)len) {
			bool may = (w == 1 && (got > 0 || errno == EINTR)) ||
				   (w == 2 && (got > 0 || errno == EAGAIN));

			for (i = 0; got > 0 && i < n && ends[i] != (size_t)got; i++)
				;
			if (!may || (got > 0 && i == n) || got == 0)
				flow_die("%s: write of %u records, %zu bytes, returned %zd (%s)",
					 who, n, len, got,
					 got < 0 ? strerror(errno) : "short, not at a line end");
		}
		for (k = 0; k < n; k++) {
			if (got < 0 || ends[k] > (size_t)got) {
				/* Never stored: no reader may see it. */
				__atomic_store_n(&F->cls[w][first[k]], 0, __ATOMIC_RELEASE);
				__atomic_add_fetch(w == 1 ? &F->intr : &F->refused, 1,
						   __ATOMIC_RELAXED);
				continue;
			}
			__atomic_add_fetch(&F->stored[w][cls[k]], 1, __ATOMIC_RELAXED);
			__atomic_add_fetch(&F->wrote, 1, __ATOMIC_RELEASE);
		}
		if (w == 2 && got < 0)
			msleep(1);
	}
	close(fd);
	__atomic_add_fetch(&F->writers_done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* ---- record checks --------------------------------------------------------- */

/*
 * What one reader checks on every record.  @gaps: it reads every level
 * and tag in sequence order, so a jump in seq must be covered by lost
 * counts.  @noloss: it holds (CAP_SYSLOG: never expires), so in a window
 * where the policy was block throughout, nothing may be lost.
 */
struct rchk {
	const char *who;
	struct frep *rep;
	unsigned int classes;	/* bit C: class C accepted */
	bool gaps, noloss, seqorder, group;
	bool map;		/* lgmap: count sequence inversions, no gaps */
	bool have_prev;
	__u64 prev_seq, prev_s0, cum_gap, cum_lost;
};

static void check_rec(struct rchk *c, const struct logger_record *h,
		      const char *tag, unsigned int tag_len, const char *msg,
		      __u64 win_from, __u64 win_to)
{
	struct rf_id id;
	char why[128];
	unsigned int w, cl;
	__u64 gap = 0;

	if (rf_decode(msg, h->msg_len, 'S', &id, why, sizeof(why)))
		flow_die("%s: seq %llu: not a record that was written: %s", c->who,
			 (unsigned long long)h->seq, why);
	w = id.writer - FW_ID0;
	if (id.writer < FW_ID0 || w >= FW || id.wseq >= FMAXW ||
	    id.level != h->level || id.facility != h->facility)
		flow_die("%s: seq %llu: writer %u number %llu level %u/%u facility %u/%u",
			 c->who, (unsigned long long)h->seq, id.writer,
			 (unsigned long long)id.wseq, id.level, h->level,
			 id.facility, h->facility);
	cl = __atomic_load_n(&F->cls[w][id.wseq], __ATOMIC_ACQUIRE);
	if (!cl--)
		flow_die("%s: seq %llu: writer %u's record %llu was refused, yet read",
			 c->who, (unsigned long long)h->seq, w,
			 (unsigned long long)id.wseq);
	if (tag && (tag_len != strlen(class_tag[cl]) ||
		    memcmp(tag, class_tag[cl], tag_len)))
		flow_die("%s: seq %llu: tag \"%.*s\", written with \"%s\"", c->who,
			 (unsigned long long)h->seq, (int)tag_len, tag,
			 class_tag[cl]);
	if (!(c->classes & 1u << cl))
		flow_die("%s: seq %llu: tag \"%s\" is outside its tag filter",
			 c->who, (unsigned long long)h->seq, class_tag[cl]);
	if (c->group && __atomic_fetch_add(&F->got[w][id.wseq], 1, __ATOMIC_ACQ_REL))
		flow_die("%s: seq %llu (writer %u, record %llu) delivered to the group twice",
			 c->who, (unsigned long long)h->seq, w,
			 (unsigned long long)id.wseq);
	/* lgmap's order race (stress_flow.c, F9): counted, not fatal. */
	if (c->map && c->have_prev && h->seq <= c->prev_seq)
		__atomic_add_fetch(&F->map_inversions, 1, __ATOMIC_RELAXED);
	if (c->seqorder && c->have_prev && h->seq <= c->prev_seq)
		flow_die("%s: seq %llu after %llu in sequence order", c->who,
			 (unsigned long long)h->seq, (unsigned long long)c->prev_seq);
	if (c->gaps && c->have_prev)
		gap = h->seq - c->prev_seq - 1;
	c->cum_gap += gap;
	c->cum_lost += h->lost;
	if (c->gaps && c->cum_lost < c->cum_gap)
		flow_die("%s: seq %llu: %llu records skipped in seq since the start, only %llu reported lost",
			 c->who, (unsigned long long)h->seq,
			 (unsigned long long)c->cum_gap,
			 (unsigned long long)c->cum_lost);
	/*
	 * A gap alone is no loss here: in sequence order a newer record
	 * evicted earlier (an older window) was counted then.
	 */
	if (c->noloss && pol_clean(win_from, win_to)) {
		if (h->lost)
			flow_die("%s: seq %llu: %llu lost since seq %llu, though it held and the policy was block throughout",
				 c->who, (unsigned long long)h->seq,
				 (unsigned long long)h->lost,
				 (unsigned long long)c->prev_seq);
		if (c->group)
			__atomic_add_fetch(&F->g_clean, 1, __ATOMIC_RELAXED);
		else
			c->rep->clean++;
	}
	c->have_prev = true;
	if (h->seq > c->prev_seq)
		c->prev_seq = h->seq;
	if (c->group) {
		__atomic_add_fetch(&F->g_inband, h->lost, __ATOMIC_RELAXED);
		return;
	}
	c->rep->read++;
	c->rep->inband += h->lost;
	c->rep->gaps = c->cum_gap;
	c->rep->last_seq = c->prev_seq;
}

/*
 * Parse a read() of format 2 records; check each.  Return: records.
 * @s0: pol_seq before the read; @s1: after.
 */
static unsigned int check_buf(struct rchk *c, const char *buf, size_t len,
			      __u64 s0, __u64 s1)
{
	size_t off = 0;
	unsigned int n = 0;
	char msg[8200];

	while (off < len) {
		const struct logger_record2 *h = (const void *)(buf + off);
		size_t sz;

		if (len - off < sizeof(*h) || h->rec.hdr_len != sizeof(*h) ||
		    h->rec.version != LOGGER_RECORD2_VERSION ||
		    h->rec.msg_len > F->max_record || h->tag_len > LOGGER_TAG_MAX ||
		    h->rec.flags || h->rec.reserved)
			flow_die("%s: bad record 2 header at offset %zu of %zu (hdr_len %u version %u msg_len %u tag_len %u)",
				 c->who, off, len, h->rec.hdr_len, h->rec.version,
				 h->rec.msg_len, h->tag_len);
		sz = sizeof(*h) + LOGGER_ALIGN(h->rec.msg_len);
		if (sz > len - off)
			flow_die("%s: a record cut at the end of a read()", c->who);
		memcpy(msg, buf + off + sizeof(*h), h->rec.msg_len);
		check_rec(c, &h->rec, h->tag, h->tag_len, msg,
			  n ? s0 : (c->prev_s0 < s0 ? c->prev_s0 : s0), s1);
		off += sz;
		n++;
	}
	if (n)
		c->prev_s0 = s0;
	return n;
}

static void view_stats_rep(int fd, struct frep *rep, const char *who)
{
	struct logger_view_stats vs;

	if (ioctl(fd, LOGGER_IOC_VIEW_STATS, &vs))
		flow_die("%s: VIEW_STATS: %s", who, strerror(errno));
	rep->vs_read = vs.read;
	rep->vs_lost = vs.lost;
	rep->vs_skipped = vs.skipped;
	rep->vs_backlog = vs.backlog;
}

static int open_reader(const char *who, __u32 flags, unsigned int order)
{
	struct logger_view v = { .filter = LOGGER_LEVELS_ALL, .order = order,
				 .format = LOGGER_FORMAT_BINARY, .default_level = 6 };
	int fd = open("/dev/logger", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0 || ioctl(fd, LOGGER_IOC_SET_VIEW, &v))
		flow_die("%s: open / SET_VIEW: %s", who, strerror(errno));
	set_flags(fd, LOGGER_FD_RECORD2 | flags, who);
	return fd;
}

/*
 * One read() into a buffer of a random size; 1 with records, 0 on EAGAIN
 * (then, with @wait, a poll), -1 when drained after the end.
 */
static int read_some(struct rchk *c, int fd, char *buf, struct rf_rng *rng,
		     bool wait)
{
	bool done = __atomic_load_n(&F->done, __ATOMIC_ACQUIRE);
	size_t size = sizeof(struct logger_record2) + LOGGER_ALIGN(F->max_record);
	__u64 s0, s1;
	ssize_t n;

	size += rf_below(rng, 4) ? rf_below(rng, 16384) : 0;
	s0 = pol_snap();
	n = read(fd, buf, size);
	s1 = pol_snap();
	if (n > 0) {
		check_buf(c, buf, (size_t)n, s0, s1);
		return 1;
	}
	if (n == 0 || errno != EAGAIN)
		flow_die("%s: read(%zu) = %zd: %s", c->who, size, n,
			 n ? strerror(errno) : "end of file");
	if (done)
		return -1;
	if (wait) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, 50) < 0 && errno != EINTR)
			flow_die("%s: poll: %s", c->who, strerror(errno));
	}
	return 0;
}

/* ---- reader processes: holders, the unprivileged one, the victim --------- */

static char rbuf[NREP + FG][20000 + 8200];

/*
 * A child process reading every level and tag in sequence order (format
 * 2), holding.  R_HOLD (root) and R_VICTIM (root; killed and respawned)
 * must lose nothing in a block-clean window; R_UNPRIV (uid 65534) may have
 * its hold expired while stopped, and must count every loss exactly.
 */
void fr_child(int who)
{
	static const char *const names[NREP] = {
		"holder", "unprivileged holder", "victim", "", "", "",
	};
	/*
	 * The victim opens mid-stream: records of other levels older than
	 * its first one went before it opened, so its gaps mean nothing.
	 */
	struct rchk c = { .who = names[who], .rep = &F->rep[who],
			  .classes = 7, .gaps = who != R_VICTIM, .seqorder = true,
			  .noloss = who != R_UNPRIV };
	struct rf_rng rng;
	int fd, r;

	/*
	 * A fork of the flow process: it has every fd of the threads (a
	 * group member's, the tag and mapped readers').  Kept open here, a
	 * fd a thread closes would live on, holding, read by nobody, and
	 * writers would wait for it under block.
	 */
	syscall(SYS_close_range, 3, ~0U, 0);
	prctl(PR_SET_NAME, who == R_HOLD ? "lgf-hold" : who == R_UNPRIV ?
		"lgf-unpriv" : "lgf-victim");
	if (who == R_UNPRIV && (syscall(SYS_setresgid, 65534, 65534, 65534) ||
				syscall(SYS_setresuid, 65534, 65534, 65534)))
		flow_die("%s: setresuid: %s", c.who, strerror(errno));
	/* After the uid change, which clears it. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != F->main_pid)
		_exit(1);
	rf_seed(&rng, F->seed, 400 + who, (__u64)getpid());
	/* Its first window starts before the open: losses count from there. */
	c.prev_s0 = pol_snap();
	fd = open_reader(c.who, 0, LOGGER_ORDER_SEQ);
	if (who == R_VICTIM) {
		/* A new victim: its end check is about its own fd. */
		c.rep->read = c.rep->inband = c.rep->gaps = c.rep->last_seq = 0;
	} else {
		/* Opened before any write: it must see every record. */
		c.have_prev = true;
		c.prev_seq = F->seq0 - 1;
		__atomic_add_fetch(&F->ready, 1, __ATOMIC_SEQ_CST);
	}
	while ((r = read_some(&c, fd, rbuf[who], &rng, true)) >= 0)
		if (r && who == R_VICTIM && rf_below(&rng, 8) == 0)
			msleep(rf_below(&rng, 5));
	view_stats_rep(fd, c.rep, c.who);
	__atomic_store_n(&c.rep->reported, 1, __ATOMIC_RELEASE);
	_exit(0);
}

/* ---- threads of the flow process: tag reader, mapped reader, group ------- */

/*
 * The tag reader: filter {"log", ""} (untagged records match the empty
 * tag), no hold, slow at times: it loses records, and records of other
 * tags must count as skipped, never lost.
 */
void *ft_main(void *arg)
{
	struct logger_tag_filter tf = { .count = 2, .tags = { "log", "" } };
	struct rchk c = { .who = "tag reader", .rep = &F->rep[R_TAGS],
			  .classes = 1u << C_NONE | 1u << C_LOG,
			  .seqorder = true };
	struct rf_rng rng;
	int fd;

	prctl(PR_SET_NAME, "lgf-tags");
	rf_seed(&rng, F->seed, 500, 0);
	fd = open_reader(c.who, LOGGER_FD_NO_HOLD, LOGGER_ORDER_SEQ);
	if (ioctl(fd, LOGGER_IOC_SET_TAG_FILTER, &tf))
		flow_die("%s: SET_TAG_FILTER: %s", c.who, strerror(errno));
	__atomic_add_fetch(&F->ready, 1, __ATOMIC_SEQ_CST);
	while (read_some(&c, fd, rbuf[R_TAGS], &rng, true) >= 0)
		if (rf_below(&rng, 16) == 0)
			msleep(rf_below(&rng, 40));
	view_stats_rep(fd, c.rep, c.who);
	close(fd);
	return NULL;
}

/*
 * The mapped reader (lgmap): every level, sequence order; it holds at the
 * position lgmap_wait() publishes (LOGGER_IOC_MAP_SYNC), so it must lose
 * nothing in a block-clean window either.  lgmap finds a level's loss
 * only when it looks at that level, unlike read(), which settles every
 * level each time: a loss may be found well after it happened, but not
 * before the start of the call that returned the previous record of its
 * level (eviction goes oldest first, and that record was still there),
 * so the window starts at the oldest of those starts.
 */
void *fm_main(void *arg)
{
	struct rchk c = { .who = "mapped reader", .rep = &F->rep[R_MAP],
			  .classes = 7, .map = true, .noloss = true,
			  .have_prev = true };
	static char msg[8200];
	struct logger_record h;
	struct lgmap m;
	__u64 s0, s1, lvl_s0[LOGGER_NR_LEVELS];
	unsigned int l;
	int fd, r;

	prctl(PR_SET_NAME, "lgf-map");
	c.prev_seq = F->seq0 - 1;
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		lvl_s0[l] = pol_snap();
	fd = open("/dev/logger", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || lgmap_open(&m, fd) ||
	    lgmap_set_view(&m, LOGGER_LEVELS_ALL, LOGGER_ORDER_SEQ))
		flow_die("%s: open / lgmap_open / set_view: %s", c.who,
			 strerror(errno));
	__atomic_add_fetch(&F->ready, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		bool done = __atomic_load_n(&F->done, __ATOMIC_ACQUIRE);

		s0 = pol_snap();
		r = lgmap_next(&m, &h, msg, sizeof(msg));
		s1 = pol_snap();
		if (r < 0)
			flow_die("%s: lgmap_next: %s", c.who, strerror(-r));
		if (r > 0) {
			__u64 from = s0;

			for (l = 0; l < LOGGER_NR_LEVELS; l++)
				if (lvl_s0[l] < from)
					from = lvl_s0[l];
			check_rec(&c, &h, NULL, 0, msg, from, s1);
			lvl_s0[h.level & 7] = s0;
			continue;
		}
		if (done)
			break;
		r = lgmap_wait(&m, 50);
		if (r < 0 && r != -EINTR)
			flow_die("%s: lgmap_wait: %s", c.who, strerror(-r));
	}
	if (m.inexact)
		flow_die("%s: lgmap says its counts are inexact, with no clear", c.who);
	c.rep->vs_read = m.read;
	c.rep->vs_lost = m.lost;
	c.rep->vs_skipped = m.skipped;
	lgmap_close(&m);
	close(fd);
	return NULL;
}

static int group_open(int i, struct rf_rng *rng)
{
	struct logger_group g = { .name = F_GROUP };
	char who[32];
	int fd;

	snprintf(who, sizeof(who), "group member %d", i);
	fd = open_reader(who, 0, LOGGER_ORDER_SEQ);
	if (i == 0) {
		struct logger_tag_filter tf = { .count = 1, .tags = { "job" } };
		struct logger_view v = { .filter = LOGGER_LEVELS_ALL,
					 .order = rf_below(rng, 2),
					 .format = LOGGER_FORMAT_BINARY,
					 .default_level = 6 };

		if (ioctl(fd, LOGGER_IOC_SET_TAG_FILTER, &tf) ||
		    ioctl(fd, LOGGER_IOC_SET_VIEW, &v))
			flow_die("%s: SET_TAG_FILTER / SET_VIEW: %s", who,
				 strerror(errno));
	}
	if (ioctl(fd, LOGGER_IOC_JOIN_GROUP, &g))
		flow_die("%s: JOIN_GROUP: %s", who, strerror(errno));
	__atomic_add_fetch(&F->g_members, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&F->joins, 1, __ATOMIC_RELAXED);
	return fd;
}

/*
 * Group member @i.  Member 0 founds the group (tag filter {"job"}, every
 * level) and stays; members 1..3 leave and rejoin, or close and reopen,
 * at random.  Every record goes to one member: F->got counts deliveries.
 */
void *fg_main(void *arg)
{
	int i = (int)(long)arg, fd, r;
	bool in = true;
	struct rchk c = { .rep = &F->rep[R_GROUP], .classes = 1u << C_JOB,
			  .group = true, .noloss = true };
	struct logger_group g;
	struct rf_rng rng;
	char who[32];

	snprintf(who, sizeof(who), "group member %d", i);
	c.who = who;
	prctl(PR_SET_NAME, "lgf-group");
	rf_seed(&rng, F->seed, 600 + i, 0);
	if (i)
		while (!__atomic_load_n(&F->g_joined, __ATOMIC_ACQUIRE))
			msleep(1);
	fd = group_open(i, &rng);
	if (!i)
		__atomic_store_n(&F->g_joined, 1, __ATOMIC_RELEASE);
	for (;;) {
		bool done = __atomic_load_n(&F->done, __ATOMIC_ACQUIRE);
		size_t size = sizeof(struct logger_record2) +
			      LOGGER_ALIGN(F->max_record) + rf_below(&rng, 4096);
		__u64 s0, s1, p0;
		ssize_t n;

		if (done && i)
			break;
		if (i && rf_below(&rng, 64) == 0) {
			/* Leave (and maybe reopen), then come back. */
			if (ioctl(fd, LOGGER_IOC_LEAVE_GROUP))
				flow_die("%s: LEAVE_GROUP: %s", who, strerror(errno));
			__atomic_sub_fetch(&F->g_members, 1, __ATOMIC_SEQ_CST);
			in = false;
			__atomic_add_fetch(&F->leaves, 1, __ATOMIC_RELAXED);
			if (ioctl(fd, LOGGER_IOC_GET_GROUP, &g) || g.name[0])
				flow_die("%s: GET_GROUP after leaving: %s \"%s\"", who,
					 strerror(errno), g.name);
			msleep(rf_below(&rng, 3));
			if (rf_below(&rng, 2)) {
				close(fd);
				__atomic_add_fetch(&F->reopens, 1, __ATOMIC_RELAXED);
			} else {
				struct logger_group gg = { .name = F_GROUP };

				if (ioctl(fd, LOGGER_IOC_JOIN_GROUP, &gg))
					flow_die("%s: JOIN_GROUP again: %s", who,
						 strerror(errno));
				__atomic_add_fetch(&F->g_members, 1, __ATOMIC_SEQ_CST);
				__atomic_add_fetch(&F->joins, 1, __ATOMIC_RELAXED);
				in = true;
				continue;
			}
			fd = group_open(i, &rng);
			in = true;
			continue;
		}
		/* The group's last delivery started at p0 (pol_seq). */
		p0 = __atomic_load_n(&F->g_prev_s0, __ATOMIC_ACQUIRE);
		s0 = pol_snap();
		n = read(fd, rbuf[NREP + i], size);
		s1 = pol_snap();
		if (n > 0) {
			c.prev_s0 = p0;
			c.have_prev = false;
			r = check_buf(&c, rbuf[NREP + i], (size_t)n, s0, s1);
			__atomic_store_n(&F->g_prev_s0, s0, __ATOMIC_RELEASE);
			__atomic_add_fetch(&F->g_read, r, __ATOMIC_RELAXED);
			continue;
		}
		if (n == 0 || errno != EAGAIN)
			flow_die("%s: read(%zu) = %zd: %s", who, size, n,
				 n ? strerror(errno) : "end of file");
		if (done) {
			/* Member 0, the last: the group is drained. */
			if (__atomic_load_n(&F->g_members, __ATOMIC_SEQ_CST) != 1)
				continue;
			view_stats_rep(fd, c.rep, who);
			break;
		}
		{
			struct pollfd p = { .fd = fd, .events = POLLIN };

			poll(&p, 1, 20);
		}
	}
	close(fd);
	if (in)
		__atomic_sub_fetch(&F->g_members, 1, __ATOMIC_SEQ_CST);
	return NULL;
}
