// SPDX-License-Identifier: GPL-2.0
/*
 * logger-stress readers: each thread reads its own fd (readers 0 and 1
 * share theirs with the controller process, which changes their filter)
 * and checks every record it gets, then at each checkpoint drains the
 * fd and checks its accounting.  The invariants are listed in stress.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "stress.h"

enum { M_BLOCK, M_POLL, M_EPOLL_LT, M_EPOLL_ET, NMODES };

#define RBUF	(1 << 16)

static const char *const mode_name[] = { "blocking read", "poll",
					 "epoll", "epoll EPOLLET" };

static __u64 gen_of(struct reader *r)
{
	return r->meddled ?
		__atomic_load_n(&G.shm->filt_gen[r->id], __ATOMIC_SEQ_CST) : 0;
}

/*
 * Levels a record read between filter generations @from and @to may have.
 * The controller publishes generation g + 1 before its SET_VIEW takes
 * effect, so a read that saw generation @from may still have run under
 * the filter of @from - 1: that one counts too.
 */
unsigned int meddled_mask(struct reader *r, __u64 from, __u64 to)
{
	unsigned int m = 0;
	__u64 g;

	if (!r->meddled)
		return r->filter;
	if (from)
		from--;
	if (to - from >= HIST - 1)
		return LOGGER_LEVELS_ALL;
	for (g = from; g <= to; g++)
		m |= __atomic_load_n(&G.shm->filt_hist[r->id][g % HIST],
				     __ATOMIC_SEQ_CST);
	return m;
}

static void reset_moves(struct reader *r)
{
	memset(r->fifo_last, 0, sizeof(r->fifo_last));
	memset(r->cross_last, 0, sizeof(r->cross_last));
	memset(r->wseq_last, 0, sizeof(r->wseq_last));
}

static void set_view(struct reader *r)
{
	struct logger_view v = {
		.filter = r->filter, .order = r->order, .format = r->format,
		.default_level = LOGGER_LEVEL_INFO,
	};

	if (ioctl(r->fd, LOGGER_IOC_SET_VIEW, &v))
		die(&r->log, "reader %d: SET_VIEW filter 0x%x order %u format %u: %s",
		    r->id, r->filter, r->order, r->format, strerror(errno));
}

static unsigned int random_filter(struct rf_rng *rng)
{
	unsigned int f;

	do
		f = rf_below(rng, 256);
	while (!f);
	return f;
}

/* (Re)open the reader's fd with a random wait mode, filter, order, format. */
static void reader_open(struct reader *r)
{
	struct epoll_event ev;

	r->mode = rf_below(&r->rng, NMODES);
	r->filter = random_filter(&r->rng);
	r->order = rf_below(&r->rng, 2);
	r->format = rf_below(&r->rng, 2);
	r->fd = open("/dev/logger", O_RDONLY | O_CLOEXEC |
		     (r->mode == M_BLOCK ? 0 : O_NONBLOCK));
	if (r->fd < 0)
		die(&r->log, "reader %d: open: %s", r->id, strerror(errno));
	set_view(r);
	r->ep = -1;
	if (r->mode >= M_EPOLL_LT) {
		r->ep = epoll_create1(EPOLL_CLOEXEC);
		ev = (struct epoll_event){
			.events = EPOLLIN | (r->mode == M_EPOLL_ET ? EPOLLET : 0),
			.data.u32 = 1,
		};
		if (r->ep < 0 || epoll_ctl(r->ep, EPOLL_CTL_ADD, r->fd, &ev))
			die(&r->log, "reader %d: epoll: %s", r->id, strerror(errno));
		ev = (struct epoll_event){ .events = EPOLLIN, .data.u32 = 2 };
		if (epoll_ctl(r->ep, EPOLL_CTL_ADD, G.stop_efd, &ev))
			die(&r->log, "reader %d: epoll: %s", r->id, strerror(errno));
	}
	r->fd_read = r->fd_inband = r->fd_max_seq = 0;
	r->floor = 0;
	r->nsaved = 0;
	r->win_exact = false;
	reset_moves(r);
	if (r->meddled) {
		__u64 g = gen_of(r);

		G.shm->filt_hist[r->id][g % HIST] = r->filter;
		G.shm->meddle_fd[r->id] = r->fd;
	}
}

void reader_setup(struct reader *r)
{
	r->buf = malloc(RBUF);
	if (!r->buf)
		die(&r->log, "out of memory");
	rf_seed(&r->rng, G.seed, 200 + r->id, ~0ULL);
	reader_open(r);
}

static __u32 max_render(struct reader *r)
{
	if (r->format == LOGGER_FORMAT_BINARY)
		return sizeof(struct logger_record) + LOGGER_ALIGN(G.max_record);
	return 256 + 4 * G.max_record;
}

static int writer_of_tid(__u32 tid)
{
	int w;

	for (w = 0; w < NW; w++)
		if ((__u32)G.tid[w] == tid)
			return w;
	return -1;
}

/* Every check on one record; @mask: the levels the filter may have had. */
static void check_record(struct reader *r, struct rf_rec *rec,
			 unsigned int mask, bool drain)
{
	const struct logger_record *h = &rec->h;
	bool bin = r->format == LOGGER_FORMAT_BINARY;
	char why[200];
	struct rf_id id;
	unsigned int l = h->level, b;
	int w;
	__u64 key;

	if (rf_decode(rec->msg, h->msg_len, 'S', &id, why, sizeof(why)))
		die(&r->log, "reader %d: seq %llu level %u: %s", r->id,
		    (unsigned long long)h->seq, l, why);
	w = id.writer < NWID ? (int)id.writer : writer_of_tid(h->tid);
	if (w < 0 || (id.tag == 0 && id.writer < NWID && w >= NW))
		die(&r->log, "reader %d: seq %llu: unknown writer (tid %u)",
		    r->id, (unsigned long long)h->seq, h->tid);
	if (h->tid != (__u32)G.tid[w] || h->pid != (__u32)G.pid ||
	    h->uid != G.uid[w] || (bin && strncmp(h->comm, G.comm[w], 16)))
		die(&r->log, "reader %d: seq %llu of writer %d: stamped pid %u tid %u uid %u comm '%.16s', "
		    "want %d %d %u '%s'", r->id, (unsigned long long)h->seq, w,
		    h->pid, h->tid, h->uid, bin ? h->comm : "", G.pid, G.tid[w],
		    G.uid[w], G.comm[w]);
	if ((id.level < 8 && id.level != l) ||
	    (bin && id.writer < NWID && id.facility != h->facility))
		die(&r->log, "reader %d: seq %llu: header level %u facility %u, message says %u/%u",
		    r->id, (unsigned long long)h->seq, l, h->facility, id.level,
		    id.facility);
	if (!(mask & (1u << l)))
		die(&r->log, "reader %d: seq %llu has level %u, outside the filter 0x%x",
		    r->id, (unsigned long long)h->seq, l, mask);
	if (!h->seq || h->seq < r->floor)
		die(&r->log, "reader %d: seq %llu after a seek to %llu",
		    r->id, (unsigned long long)h->seq,
		    (unsigned long long)r->floor);
	if (h->seq <= r->fifo_last[l])
		die(&r->log, "reader %d: level %u: seq %llu after seq %llu (duplicate or out of order, no cursor move between)",
		    r->id, l, (unsigned long long)h->seq,
		    (unsigned long long)r->fifo_last[l]);
	for (b = r->order == LOGGER_ORDER_SEQ ? 0 : l + 1; b < 8; b++)
		if (h->seq < r->cross_last[b])
			die(&r->log, "reader %d (%s order): seq %llu level %u read after seq %llu level %u",
			    r->id, r->order ? "seq" : "priority",
			    (unsigned long long)h->seq, l,
			    (unsigned long long)r->cross_last[b], b);
	if (id.tag) {
		if (id.wseq + 1 <= r->wseq_last[w][l])
			die(&r->log, "reader %d: writer %d level %u: record #%llu after #%llu",
			    r->id, w, l, (unsigned long long)id.wseq,
			    (unsigned long long)r->wseq_last[w][l] - 1);
		r->wseq_last[w][l] = id.wseq + 1;
		key = rf_mix((__u64)w << 48 ^ id.wseq << 8 ^ l);
	} else {
		key = rf_mix(0xdeadULL << 48 ^ (__u64)w << 40 ^
			     (__u64)h->msg_len << 8 ^ l);
	}
	if (bin && (h->ts_mono_ns < G.ts_mono_start || h->ts_mono_ns > mono_ns() ||
		    !h->ts_real_ns))
		die(&r->log, "reader %d: seq %llu: timestamps mono %llu real %llu",
		    r->id, (unsigned long long)h->seq,
		    (unsigned long long)h->ts_mono_ns,
		    (unsigned long long)h->ts_real_ns);
	seq_ring_check(&r->log, h->seq, key);
	r->fifo_last[l] = h->seq;
	r->cross_last[l] = h->seq;
	r->fd_read++;
	r->total_read++;
	r->fd_inband += rec->lost;
	r->total_lost += rec->lost;
	if (h->seq > r->fd_max_seq)
		r->fd_max_seq = h->seq;
	if (drain && w == W_SENT && id.wseq / 8 == (__u64)G.phase) {
		if (r->sent_seen & (1u << l))
			die(&r->log, "reader %d: checkpoint sentinel of level %u read twice",
			    r->id, l);
		r->sent_seen |= 1u << l;
	}
}

/* Parse and check the @n bytes one read() returned. */
static void check_buffer(struct reader *r, ssize_t n, __u64 g0, bool drain)
{
	static __thread struct rf_rec rec;
	unsigned int mask = meddled_mask(r, g0, gen_of(r));
	size_t off = 0;
	char why[200];

	if (n <= 0)
		die(&r->log, "reader %d: read returned %zd", r->id, n);
	while (off < (size_t)n) {
		if (rf_parse(r->buf, n, &off, r->format == LOGGER_FORMAT_BINARY,
			     G.max_record, &rec, why, sizeof(why)))
			die(&r->log, "reader %d (%s format): %s", r->id,
			    r->format ? "binary" : "text", why);
		check_record(r, &rec, mask, drain);
	}
}

static void check_fd_stats(struct reader *r)
{
	struct logger_view_stats vs;

	if (ioctl(r->fd, LOGGER_IOC_VIEW_STATS, &vs))
		die(&r->log, "reader %d: VIEW_STATS: %s", r->id, strerror(errno));
	oplog(&r->log, OP_R_STATS, vs.read, vs.lost);
	if (vs.read != r->fd_read || vs.lost < r->fd_inband || vs.written)
		die(&r->log, "reader %d: VIEW_STATS read %llu lost %llu written %llu; "
		    "it read %llu records, %llu lost in band, wrote none",
		    r->id, (unsigned long long)vs.read,
		    (unsigned long long)vs.lost, (unsigned long long)vs.written,
		    (unsigned long long)r->fd_read,
		    (unsigned long long)r->fd_inband);
}

/* Wait as the mode says; false when told to stop instead. */
static bool wait_readable(struct reader *r)
{
	struct pollfd p[2] = {
		{ .fd = r->fd, .events = POLLIN },
		{ .fd = G.stop_efd, .events = POLLIN },
	};
	struct epoll_event ev[2];
	int n, i;
	bool data = false;

	if (r->mode == M_BLOCK)
		return true;
	if (r->mode == M_POLL) {
		n = poll(p, 2, -1);
		if (n < 0)
			die(&r->log, "reader %d: poll: %s", r->id, strerror(errno));
		return p[0].revents & POLLIN;
	}
	n = epoll_wait(r->ep, ev, 2, -1);
	if (n < 0)
		die(&r->log, "reader %d: epoll_wait: %s", r->id, strerror(errno));
	for (i = 0; i < n; i++)
		if (ev[i].data.u32 == 1)
			data = true;
	return data;
}

static size_t pick_bufsize(struct reader *r)
{
	__u32 x = rf_below(&r->rng, 100);
	__u64 next = 0;

	if (x < 25) {
		if (ioctl(r->fd, LOGGER_IOC_NEXT_SIZE, &next))
			die(&r->log, "reader %d: NEXT_SIZE: %s", r->id,
			    strerror(errno));
		if (next > RBUF)
			die(&r->log, "reader %d: NEXT_SIZE %llu", r->id,
			    (unsigned long long)next);
		if (next)
			return next;
	}
	if (x < 30)
		return 64;
	if (x < 60)
		return 4096;
	return RBUF;
}

static void op_read(struct reader *r)
{
	__u64 g0 = gen_of(r);
	size_t bsz;
	ssize_t n;

	if (!wait_readable(r))
		return;
	do {
		bsz = pick_bufsize(r);
		n = read(r->fd, r->buf, bsz);
		oplog(&r->log, OP_R_READ, bsz, n);
		if (n < 0 && errno == EAGAIN && r->mode != M_BLOCK)
			return;
		if (n < 0 && errno == EINVAL && bsz < max_render(r)) {
			check_fd_stats(r);	/* nothing consumed */
			continue;
		}
		if (n < 0)
			die(&r->log, "reader %d (%s): read(%zu): %s", r->id,
			    mode_name[r->mode], bsz, strerror(errno));
		if ((size_t)n > bsz)
			die(&r->log, "reader %d: read(%zu) returned %zd", r->id,
			    bsz, n);
		check_buffer(r, n, g0, false);
	} while (r->mode == M_EPOLL_ET);
}

static void moved(struct reader *r, __u64 floor)
{
	reset_moves(r);
	r->floor = floor;
	r->win_exact = false;
	r->moves++;
}

static void op_other(struct reader *r, __u32 x)
{
	struct logger_view_stats vs;
	struct logger_pos pos;

	if (x < 20) {
		if (lseek(r->fd, 0, SEEK_SET))
			die(&r->log, "reader %d: SEEK_SET: %s", r->id, strerror(errno));
		oplog(&r->log, OP_R_SEEK_SET, 0, 0);
		moved(r, 0);
	} else if (x < 40) {
		if (ioctl(r->fd, LOGGER_IOC_VIEW_STATS, &vs) ||
		    lseek(r->fd, 0, SEEK_END))
			die(&r->log, "reader %d: SEEK_END: %s", r->id, strerror(errno));
		oplog(&r->log, OP_R_SEEK_END, vs.next_seq, 0);
		moved(r, vs.next_seq);
	} else if (x < 55) {
		if (ioctl(r->fd, LOGGER_IOC_GET_POS, &pos))
			die(&r->log, "reader %d: GET_POS: %s", r->id, strerror(errno));
		oplog(&r->log, OP_R_GET_POS, pos.seq, 0);
		if (pos.instance != G.instance || pos.seq != r->fd_max_seq + 1)
			die(&r->log, "reader %d: GET_POS {%llx, %llu}, want {%llx, %llu}",
			    r->id, (unsigned long long)pos.instance,
			    (unsigned long long)pos.seq,
			    (unsigned long long)G.instance,
			    (unsigned long long)r->fd_max_seq + 1);
		r->saved_seq[r->nsaved++ % 4] = pos.seq;
	} else if (x < 70 && r->nsaved) {
		pos.instance = G.instance;
		pos.seq = r->saved_seq[rf_below(&r->rng, r->nsaved < 4 ? r->nsaved : 4)];
		if (ioctl(r->fd, LOGGER_IOC_SEEK, &pos))
			die(&r->log, "reader %d: LOGGER_IOC_SEEK %llu: %s", r->id,
			    (unsigned long long)pos.seq, strerror(errno));
		oplog(&r->log, OP_R_IOC_SEEK, pos.seq, 0);
		moved(r, pos.seq);
	} else if (x < 88 && !r->meddled) {
		__u32 what = rf_below(&r->rng, 3);

		if (what == 0) {
			r->filter = random_filter(&r->rng);
			r->win_filter_const = false;
		} else if (what == 1) {
			r->order = !r->order;
			memset(r->cross_last, 0, sizeof(r->cross_last));
		} else {
			r->format = !r->format;
		}
		set_view(r);
		oplog(&r->log, OP_R_SET_VIEW, r->filter, r->order << 1 | r->format);
	} else if (x < 94 && !r->meddled) {
		if (r->ep >= 0)
			close(r->ep);
		close(r->fd);
		reader_open(r);
		oplog(&r->log, OP_R_REOPEN, r->filter, r->mode);
		r->reopens++;
	} else {
		check_fd_stats(r);
	}
}

/*
 * Checkpoint: the writers and the controller stopped, the sentinels were
 * written; read everything left and check the fd's accounting.
 */
static void checkpoint(struct reader *r)
{
	const struct logger_stats *st = &G.at_drain;
	struct pollfd p = { .fd = r->fd, .events = POLLIN };
	/* The controller is quiet at a checkpoint: the last filter holds. */
	unsigned int f = r->meddled ?
		__atomic_load_n(&G.shm->filt_hist[r->id][gen_of(r) % HIST],
				__ATOMIC_SEQ_CST) : r->filter, l;
	struct logger_view_stats vs;
	struct logger_pos pos;
	__u64 next = 1, dr, dl, ds, dw = 0, dwf = 0, rec_f = 0;
	int fl = fcntl(r->fd, F_GETFL);
	ssize_t n;

	r->sent_seen = 0;
	fcntl(r->fd, F_SETFL, fl | O_NONBLOCK);
	while ((n = read(r->fd, r->buf, RBUF)) > 0) {
		oplog(&r->log, OP_R_DRAIN, RBUF, n);
		check_buffer(r, n, gen_of(r), true);
	}
	if (n < 0 && errno != EAGAIN)
		die(&r->log, "reader %d: draining: %s", r->id, strerror(errno));
	fcntl(r->fd, F_SETFL, fl);
	if (r->sent_seen != f)
		die(&r->log, "reader %d: read checkpoint sentinels of levels 0x%x, filter 0x%x",
		    r->id, r->sent_seen, f);
	if (ioctl(r->fd, LOGGER_IOC_VIEW_STATS, &vs) ||
	    ioctl(r->fd, LOGGER_IOC_NEXT_SIZE, &next) ||
	    ioctl(r->fd, LOGGER_IOC_GET_POS, &pos) || poll(&p, 1, 0) < 0)
		die(&r->log, "reader %d: checkpoint ioctls: %s", r->id,
		    strerror(errno));
	oplog(&r->log, OP_R_CHECKPOINT, vs.read, vs.lost);
	if (vs.read != r->fd_read || vs.lost != r->fd_inband || vs.backlog ||
	    next || (p.revents & POLLIN) || pos.seq != r->fd_max_seq + 1 ||
	    vs.next_seq != st->next_seq)
		die(&r->log, "reader %d at checkpoint %d: VIEW_STATS read %llu lost %llu backlog %llu next_seq %llu, "
		    "NEXT_SIZE %llu, poll 0x%x, GET_POS %llu; want read %llu, lost %llu (in band), "
		    "nothing readable, GET_POS %llu, next_seq %llu", r->id, G.phase,
		    (unsigned long long)vs.read, (unsigned long long)vs.lost,
		    (unsigned long long)vs.backlog, (unsigned long long)vs.next_seq,
		    (unsigned long long)next, p.revents,
		    (unsigned long long)pos.seq, (unsigned long long)r->fd_read,
		    (unsigned long long)r->fd_inband,
		    (unsigned long long)r->fd_max_seq + 1,
		    (unsigned long long)st->next_seq);
	if (r->meddled && gen_of(r) != r->meddle_gen)
		r->win_filter_const = false;
	if (!r->win_exact)
		return;
	dr = vs.read - r->win_read;
	dl = vs.lost - r->win_lost;
	ds = vs.skipped - r->win_skipped;
	for (l = 0; l < 8; l++) {
		__u64 d = st->level_written[l] - r->win_written[l];

		dw += d;
		if (f & (1u << l)) {
			dwf += d;
			rec_f += r->win_records[l];
		}
	}
	if (!r->win_rewound && dr + dl + ds != dw)
		die(&r->log, "reader %d, window of phase %d: read %llu + lost %llu + skipped %llu != %llu written",
		    r->id, G.phase, (unsigned long long)dr,
		    (unsigned long long)dl, (unsigned long long)ds,
		    (unsigned long long)dw);
	if (!r->win_rewound && r->win_filter_const &&
	    (dr + dl != dwf || ds != dw - dwf))
		die(&r->log, "reader %d, window of phase %d, filter 0x%x: read %llu + lost %llu, skipped %llu; "
		    "written %llu in the filter, %llu outside", r->id, G.phase, f,
		    (unsigned long long)dr, (unsigned long long)dl,
		    (unsigned long long)ds, (unsigned long long)dwf,
		    (unsigned long long)(dw - dwf));
	if (r->win_rewound && r->win_filter_const && dr + dl != rec_f + dwf)
		die(&r->log, "reader %d, window of phase %d after a rewind, filter 0x%x: read %llu + lost %llu != "
		    "%llu stored at the rewind + %llu written", r->id, G.phase, f,
		    (unsigned long long)dr, (unsigned long long)dl,
		    (unsigned long long)rec_f, (unsigned long long)dwf);
	r->exact_windows++;
}

/* After the checkpoint: maybe rewind, then start the next window. */
static void start_window(struct reader *r, bool exact)
{
	struct logger_view_stats vs;

	r->win_rewound = false;
	if (!r->meddled && rf_below(&r->rng, 4) == 0) {
		if (lseek(r->fd, 0, SEEK_SET))
			die(&r->log, "reader %d: SEEK_SET: %s", r->id, strerror(errno));
		oplog(&r->log, OP_R_REWIND, 0, 0);
		reset_moves(r);
		r->floor = 0;
		r->win_rewound = true;
	}
	if (ioctl(r->fd, LOGGER_IOC_VIEW_STATS, &vs))
		die(&r->log, "reader %d: VIEW_STATS: %s", r->id, strerror(errno));
	r->win_read = vs.read;
	r->win_lost = vs.lost;
	r->win_skipped = vs.skipped;
	memcpy(r->win_written, G.cp.level_written, sizeof(r->win_written));
	memcpy(r->win_records, G.cp.level_records, sizeof(r->win_records));
	r->win_filter = r->filter;
	r->win_filter_const = true;
	r->meddle_gen = gen_of(r);
	r->win_exact = exact;
}

void *reader_main(void *arg)
{
	struct reader *r = arg;
	char name[16];
	int phase;

	snprintf(name, sizeof(name), "lgs-r%d", r->id);
	prctl(PR_SET_NAME, name);
	if (r->unpriv && set_thread_creds(NOBODY))
		die(&r->log, "reader %d: setresuid: %s", r->id, strerror(errno));
	reader_setup(r);
	ack_step();
	for (phase = 0;; phase++) {
		int base = phase * STEPS;

		if (!wait_step(base + S_MOVE))
			break;
		rf_seed(&r->rng, G.seed, 200 + r->id, phase);
		start_window(r, !G.clear_phase);
		ack_step();
		if (!wait_step(base + S_RUN))
			break;
		while (current_step() < base + S_STOP) {
			__u32 x = rf_below(&r->rng, 100);

			if (x < 90)
				op_read(r);
			else
				op_other(r, rf_below(&r->rng, 100));
		}
		__atomic_store_n(&r->stopped, phase, __ATOMIC_SEQ_CST);
		ack_step();
		if (!wait_step(base + S_DRAIN))
			break;
		checkpoint(r);
		ack_step();
	}
	return NULL;
}
