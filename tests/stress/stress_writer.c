// SPDX-License-Identifier: GPL-2.0
/*
 * logger-stress writers: each thread writes its quota of batches per
 * phase, 1..64 records per write() or writev(), levels from its own mix,
 * messages of 1..max_record bytes in the self-checking format of recfmt.h.
 * Writers 6 and 7 run as uid 65534.  Every call must take every byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "stress.h"

/* A level from writer @w's mix. */
static unsigned int pick_level(struct rf_rng *rng, int w)
{
	__u32 x = rf_below(rng, 100);

	switch (w) {
	case 1:		/* a debug flood */
		return x < 90 ? 7 : rf_below(rng, 8);
	case 2:		/* mostly info */
		return x < 70 ? 6 : x < 90 ? 5 : rf_below(rng, 8);
	case 3:		/* urgent only */
		return rf_below(rng, 4);
	case 4:
		return 6 + rf_below(rng, 2);
	case 6:
		return 4 + rf_below(rng, 4);
	default:
		return rf_below(rng, 8);
	}
}

static unsigned int pick_len(struct rf_rng *rng, __u32 max_record)
{
	__u32 x = rf_below(rng, 100);

	if (x < 55)
		return 1 + rf_below(rng, 64);
	if (x < 85)
		return 65 + rf_below(rng, 448);
	return 513 + rf_below(rng, max_record - 512);
}

/*
 * Write @n records of @levels as writer @writer.  @vary: random sizes,
 * prefix spellings, records without prefix at the fd's default level,
 * empty lines, no final newline, writev() split at random points; else
 * one fixed-size record per level, one write().
 *
 * Every byte must be taken, except (docs/design.md, "Choices") when the store
 * cannot make room: for a uid past its share (writers 6 and 7) or while
 * a configuration change is under way (the controller's SET_CONFIG
 * overlapped the call).  Then ENOSPC, or a short write that ends where a
 * line ends.  Counts in @level_count exactly the records stored.
 *
 * Return: records stored.
 */
unsigned int write_records(int fd, struct thread_log *log, struct rf_rng *rng,
		   unsigned int writer, __u64 *wseq, __u64 *level_count,
		   const __u8 *levels, unsigned int n, bool vary)
{
	static __thread char *buf;
	static __thread struct iovec iov[20];
	static __thread size_t ends[130];	/* after each line */
	static __thread int lvl[130];		/* its level, -1: empty */
	unsigned int i, k = 0, stored = 0;
	unsigned int deflevel = writer < NW ? G.w[writer].default_level : 8;
	__u64 cfg0, cfg1;
	size_t len = 0;
	ssize_t got;
	int niov = 1;

	if (!buf)
		buf = malloc(64 * (8192 + 16) + 64);
	if (!buf)
		die(log, "out of memory");
	for (i = 0; i < n; i++) {
		unsigned int level = levels[i], mlen, fac;
		bool prefix = true;

		mlen = vary ? pick_len(rng, G.max_record) : RF_LONG_MIN + 14;
		if (mlen < RF_LONG_MIN)
			fac = rf_short_facility(writer, level);
		else
			fac = vary ? rf_below(rng, 24) : LOGGER_DEFAULT_FACILITY;
		if (vary && level == deflevel && mlen >= RF_LONG_MIN &&
		    rf_below(rng, 4) == 0) {
			prefix = false;
			fac = LOGGER_DEFAULT_FACILITY;
		}
		if (prefix)
			len += sprintf(buf + len,
				       vary && rf_below(rng, 8) == 0 ? "<%03u>" : "<%u>",
				       fac * 8 + level);
		rf_encode(buf + len, mlen, 'S', writer, (*wseq)++, level, fac);
		len += mlen;
		if (i + 1 < n || !vary || rf_below(rng, 4))
			buf[len++] = '\n';
		ends[k] = len;
		lvl[k++] = level;
		if (vary && i + 1 < n && rf_below(rng, 16) == 0) {
			buf[len++] = '\n';	/* an empty line: ignored */
			ends[k] = len;
			lvl[k++] = -1;
		}
	}
	cfg0 = __atomic_load_n(&G.shm->cfg_seq, __ATOMIC_SEQ_CST);
	if (vary && rf_below(rng, 3) == 0) {
		/* writev: one buffer cut at random points, some empty iovecs. */
		size_t at = 0;
		unsigned int cuts = 1 + rf_below(rng, 16);

		niov = 0;
		for (i = 0; i < cuts && at < len; i++) {
			size_t piece = rf_below(rng, 4) == 0 ? 0 :
				       1 + rf_below(rng, (__u32)(len - at));

			if (i + 1 == cuts)
				piece = len - at;
			iov[niov++] = (struct iovec){ buf + at, piece };
			at += piece;
		}
		if (at < len)
			iov[niov++] = (struct iovec){ buf + at, len - at };
		got = writev(fd, iov, niov);
		oplog(log, OP_W_WRITEV, n, got);
	} else {
		got = write(fd, buf, len);
		oplog(log, OP_W_WRITE, n, got);
	}
	cfg1 = __atomic_load_n(&G.shm->cfg_seq, __ATOMIC_SEQ_CST);
	if (got != (ssize_t)len) {
		bool may = writer < NW && G.uid[writer] != 0;

		may |= cfg0 != cfg1 || (cfg0 & 1);
		for (i = 0; got > 0 && i < k && ends[i] != (size_t)got; i++)
			;
		if (!may || (got < 0 && errno != ENOSPC) || got == 0 ||
		    (got > 0 && i == k))
			die(log, "writer %u: %s of %u records, %zu bytes%s returned %zd (%s)%s",
			    writer, niov > 1 ? "writev" : "write", n, len,
			    niov > 1 ? " in iovecs" : "", got,
			    got < 0 ? strerror(errno) : "short",
			    may ? ", not at the end of a line" :
			    ", with no config change under way and not past a share");
	}
	for (i = 0; i < k; i++) {
		if (got >= 0 && ends[i] > (size_t)got)
			break;
		if (got < 0)
			break;
		if (lvl[i] >= 0) {
			level_count[lvl[i]]++;
			stored++;
		}
	}
	if (stored < n)
		__atomic_add_fetch(&G.refused, n - stored, __ATOMIC_RELAXED);
	return stored;
}

static unsigned int pick_batch(struct rf_rng *rng)
{
	__u32 x = rf_below(rng, 10);

	if (x < 4)
		return 1 + rf_below(rng, 4);
	if (x < 8)
		return 5 + rf_below(rng, 28);
	return 33 + rf_below(rng, 32);
}

void *writer_main(void *arg)
{
	struct writer *w = arg;
	struct logger_view v = { .filter = LOGGER_LEVELS_ALL };
	struct logger_view_stats vs;
	char name[16];
	__u64 wseq = 0;
	int phase;

	snprintf(name, sizeof(name), "lgs-w%d", w->id);
	prctl(PR_SET_NAME, name);
	if (w->id >= 6 && set_thread_creds(NOBODY))
		die(&w->log, "writer %d: setresuid: %s", w->id, strerror(errno));
	/* Writer 0 also reads (a view nobody reads: checked by stress.c). */
	w->fd = open("/dev/logger", (w->id == 0 ? O_RDWR : O_WRONLY) | O_CLOEXEC);
	if (w->fd < 0)
		die(&w->log, "writer %d: open: %s", w->id, strerror(errno));
	v.default_level = w->default_level;
	if (ioctl(w->fd, LOGGER_IOC_SET_VIEW, &v))
		die(&w->log, "writer %d: SET_VIEW: %s", w->id, strerror(errno));
	G.tid[w->id] = syscall(SYS_gettid);
	G.uid[w->id] = w->id >= 6 ? NOBODY : 0;
	memcpy(G.comm[w->id], name, sizeof(name));
	ack_step();

	for (phase = 0;; phase++) {
		int quota;

		if (!wait_step(phase * STEPS + S_RUN))
			break;
		rf_seed(&w->rng, G.seed, 100 + w->id, phase);
		quota = 10 + rf_below(&w->rng, 40);
		while (quota--) {
			__u8 levels[64];
			unsigned int n = pick_batch(&w->rng), i;

			for (i = 0; i < n; i++)
				levels[i] = pick_level(&w->rng, w->id);
			w->fd_written += write_records(w->fd, &w->log, &w->rng,
						       w->id, &wseq, w->level_count,
						       levels, n, true);
		}
		if (ioctl(w->fd, LOGGER_IOC_VIEW_STATS, &vs))
			die(&w->log, "writer %d: VIEW_STATS: %s", w->id,
			    strerror(errno));
		oplog(&w->log, OP_W_STATS, vs.written, w->fd_written);
		if (vs.written != w->fd_written)
			die(&w->log, "writer %d: VIEW_STATS.written %llu, wrote %llu",
			    w->id, (unsigned long long)vs.written,
			    (unsigned long long)w->fd_written);
		ack_step();
	}
	return NULL;
}
