// SPDX-License-Identifier: GPL-2.0
/*
 * logger-fuzz: the device calls other than read and write (open, close,
 * every ioctl and unknown ones, poll, epoll, lseek, fcntl, signals to
 * blocked threads) and the dispatcher.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fuzz.h"

#define PAGE	4096
#define BIG	(1 << 20)

enum {
	OP_OPEN = 1, OP_CLOSE, OP_IOCTL = 6, OP_POLL, OP_EPOLL_CTL,
	OP_EPOLL_WAIT, OP_LSEEK, OP_CLEAR, OP_RESIZE, OP_SIGNAL = 15,
	OP_VIEW_RT, OP_CHECKPOINT,
};

static __thread struct fthread *self;

/* SIGUSR2: another thread interrupting a blocked one (op_signal). */
static void on_sigusr2(int sig)
{
	(void)sig;
	if (self)
		__atomic_add_fetch(&self->sig2_got, 1, __ATOMIC_SEQ_CST);
}

/*
 * Around a call that may block: a 2 ms periodic SIGUSR1 timer makes sure
 * it returns (EINTR), and other threads may claim us (blocking 1 -> 2) to
 * send one SIGUSR2.  On the way out we wait for a claimed signal, so it
 * cannot interrupt a later call that is not allowed EINTR.
 */
void fz_block(struct fthread *t, bool on)
{
	struct itimerspec its = { { 0, 2000000 }, { 0, 2000000 } };

	if (on) {
		t->sig2_before = __atomic_load_n(&t->sig2_got, __ATOMIC_SEQ_CST);
		__atomic_store_n(&t->blocking, 1, __ATOMIC_SEQ_CST);
		timer_settime(t->timer, 0, &its, NULL);
		return;
	}
	memset(&its, 0, sizeof(its));
	timer_settime(t->timer, 0, &its, NULL);
	if (__atomic_exchange_n(&t->blocking, 0, __ATOMIC_SEQ_CST) == 2)
		while (__atomic_load_n(&t->sig2_got, __ATOMIC_SEQ_CST) ==
		       t->sig2_before)
			sched_yield();
}

static void blocking_begin(struct fthread *t)
{
	fz_block(t, true);
}

static void blocking_end(struct fthread *t)
{
	fz_block(t, false);
}

static void open_fd(struct fthread *t, struct ffd *f, int flags)
{
	memset(f, 0, sizeof(*f));
	f->fd = open("/dev/logger", flags | O_CLOEXEC);
	f->flags = flags;
	f->rd = (flags & O_ACCMODE) == O_RDONLY || (flags & O_ACCMODE) == O_RDWR;
	f->wr = (flags & O_ACCMODE) == O_WRONLY || (flags & O_ACCMODE) == O_RDWR;
	f->filter = LOGGER_LEVELS_ALL;
	f->deflevel = LOGGER_LEVEL_INFO;
}

static void set_view(struct fthread *t, struct ffd *f, unsigned int filter,
		     unsigned int order, unsigned int format,
		     unsigned int deflevel)
{
	struct logger_view v = { .filter = filter, .order = order,
				 .format = format, .default_level = deflevel };

	if (ioctl(f->fd, LOGGER_IOC_SET_VIEW, &v))
		fz_die(t, "SET_VIEW filter 0x%x order %u format %u level %u: %s",
		       filter, order, format, deflevel, strerror(errno));
	if (f->rd) {
		if (order != f->order)
			memset(f->cross_last, 0, sizeof(f->cross_last));
		f->filter = filter;
		f->order = order;
		f->format = format;
	}
	f->deflevel = deflevel;
}

void fz_thread_init(struct fthread *t)
{
	struct sigevent sev = { .sigev_notify = SIGEV_THREAD_ID,
				.sigev_signo = SIGUSR1 };
	struct logger_stats st;
	int i;

	if (!t) {
		/* The process: shared fds, the store's constants, the family. */
		open_fd(NULL, &F.shared[0], O_RDWR | O_NONBLOCK);
		open_fd(NULL, &F.shared[1], O_RDONLY | O_NONBLOCK);
		for (i = 0; i < FZ_SHARED; i++) {
			if (F.shared[i].fd < 0)
				fz_die(NULL, "open /dev/logger: %s", strerror(errno));
			F.shared[i].shared = true;
		}
		set_view(NULL, &F.shared[0], 0xff, LOGGER_ORDER_SEQ,
			 LOGGER_FORMAT_BINARY, 6);
		set_view(NULL, &F.shared[1], 0xff, LOGGER_ORDER_PRIORITY,
			 LOGGER_FORMAT_TEXT, 6);
		/* Start empty: every record read was written by this run. */
		if (ioctl(F.shared[0].fd, LOGGER_IOC_CLEAR) ||
		    ioctl(F.shared[0].fd, LOGGER_IOC_GET_STATS, &st))
			fz_die(NULL, "CLEAR / GET_STATS: %s", strerror(errno));
		F.max_record = st.max_record;
		F.instance = st.instance;
		i = fz_nl_open();
		F.family = fz_nl_family(i);
		close(i);
		{
			struct sigaction sa = { .sa_handler = on_sigusr2 };

			sigaction(SIGUSR2, &sa, NULL);	/* no SA_RESTART */
		}
		return;
	}
	self = t;
	t->big = mmap(NULL, BIG + PAGE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	t->guard = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	t->ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (t->big == MAP_FAILED || t->guard == MAP_FAILED || t->ro == MAP_FAILED ||
	    mprotect(t->big + BIG, PAGE, PROT_NONE) ||
	    mprotect(t->guard + 2 * PAGE, PAGE, PROT_NONE))
		fz_die(t, "mmap: %s", strerror(errno));
	sev._sigev_un._tid = t->tid;	/* sigev_notify_thread_id */
	if (timer_create(CLOCK_MONOTONIC, &sev, &t->timer))
		fz_die(t, "timer_create: %s", strerror(errno));
	t->ep = epoll_create1(EPOLL_CLOEXEC);
	t->nl = fz_nl_open();
	for (i = 0; i < FZ_FDS; i++)
		t->fd[i].fd = -1;
	open_fd(t, &t->fd[0], O_RDONLY);
	open_fd(t, &t->fd[1], O_WRONLY);
	if (t->fd[0].fd < 0 || t->fd[1].fd < 0 || t->ep < 0)
		fz_die(t, "open: %s", strerror(errno));
	set_view(t, &t->fd[0], 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY, 6);
}

/* An owned fd, sometimes a shared one, rarely none (NULL: a bad fd). */
struct ffd *fz_pick_fd(struct fthread *t, int *fdi, bool allow_shared)
{
	__u32 x = rf_below(&t->rng, 100);
	int i, start;

	if (x < 3) {
		*fdi = -1;
		return NULL;
	}
	if (allow_shared && x < 20) {
		*fdi = 100 + (int)rf_below(&t->rng, FZ_SHARED);
		return &F.shared[*fdi - 100];
	}
	start = rf_below(&t->rng, FZ_FDS);
	for (i = 0; i < FZ_FDS; i++) {
		int k = (start + i) % FZ_FDS;

		if (t->fd[k].fd >= 0) {
			*fdi = k;
			return &t->fd[k];
		}
	}
	*fdi = -1;
	return NULL;
}

static void op_close(struct fthread *t, int slot)
{
	struct ffd *f = &t->fd[slot];
	long r;

	/*
	 * A child forked by another thread may hold the file for a while,
	 * and epoll forgets a file only when its last reference goes.
	 */
	if (f->ep_events)
		fz_expect(t, "EPOLL_CTL_DEL before close",
			  epoll_ctl(t->ep, EPOLL_CTL_DEL, f->fd, NULL), E(0));
	f->ep_events = 0;
	r = close(f->fd);
	fz_log(t, OP_CLOSE, slot, f->fd, 0, r);
	fz_expect(t, "close", r, E(0));
	f->fd = -1;
}

static void op_open(struct fthread *t)
{
	static const int extras[] = { O_NONBLOCK, O_APPEND, O_TRUNC, O_NOCTTY,
				      O_SYNC, O_DIRECT, O_NOATIME };
	int slot, i, flags = rf_below(&t->rng, 4);
	struct ffd *f;
	fz_mask allowed = E(0) | E(EMFILE) | E(ENOMEM);

	for (slot = 0; slot < FZ_FDS && t->fd[slot].fd >= 0; slot++)
		;
	if (slot == FZ_FDS) {
		slot = rf_below(&t->rng, FZ_FDS);
		op_close(t, slot);
	}
	for (i = 0; i < 7; i++)
		if (rf_below(&t->rng, i < 5 ? 3 : 12) == 0)
			flags |= extras[i];
	if (flags & O_DIRECT)
		allowed |= E(EINVAL);
	if ((flags & O_NOATIME) && t->unpriv)
		allowed |= E(EPERM);
	f = &t->fd[slot];
	open_fd(t, f, flags);
	fz_log(t, OP_OPEN, slot, flags, 0, f->fd);
	fz_expect(t, "open", f->fd, allowed);
	if (f->fd < 0) {
		f->fd = -1;
		return;
	}
	if (f->rd && rf_below(&t->rng, 2))
		set_view(t, f, 1 + rf_below(&t->rng, 255), rf_below(&t->rng, 2),
			 rf_below(&t->rng, 2), rf_below(&t->rng, 8));
}

/* ---- ioctl --------------------------------------------------------------- */

enum argk { A_NULL, A_ONE, A_NONE, A_RO, A_PARTIAL, A_GOOD };

static void *arg_ptr(struct fthread *t, enum argk k, size_t size)
{
	switch (k) {
	case A_NULL: return NULL;
	case A_ONE: return (void *)1;
	case A_NONE: return t->guard + 2 * PAGE;
	case A_RO: return t->ro;
	case A_PARTIAL: return t->guard + 2 * PAGE - size / 2;
	default:
		/* Good memory, not always aligned. */
		return t->big + (rf_below(&t->rng, 2) ? 0 : 1 + rf_below(&t->rng, 7));
	}
}

/*
 * Around every SET_CONFIG (ioctl or netlink): while one is under way a
 * writer may get ENOSPC (docs/design.md, "Choices").
 */
void fz_cfg(bool begin)
{
	if (begin)
		__atomic_add_fetch(&F.cfg_busy, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&F.cfg_seq, 1, __ATOMIC_SEQ_CST);
	if (!begin)
		__atomic_sub_fetch(&F.cfg_busy, 1, __ATOMIC_SEQ_CST);
}

/*
 * The smallest store: 16 chunks of a power-of-two number of pages that
 * hold a largest record (docs/design.md, "The store").
 */
__u64 fz_min_capacity(void)
{
	__u64 chunk = 4096;

	while (chunk < F.max_record + 256)
		chunk *= 2;
	return 16 * chunk;
}

/* A config: valid (1), invalid (0) or either (2, e.g. unaligned size). */
static int make_config(struct fthread *t, struct logger_config *c)
{
	/* In sixteenths of the smallest store. */
	static const unsigned int caps[] = { 16, 24, 32, 64, 128, 256, 1024 };
	unsigned int l;

	memset(c, 0, sizeof(*c));
	c->capacity = fz_min_capacity() / 16 * caps[rf_below(&t->rng, 7)];
	for (l = 0; l < 8; l++)
		c->reserve_pct[l] = rf_below(&t->rng, 6);
	c->event_interval_ms = 10 + rf_below(&t->rng, 5000);
	if (rf_below(&t->rng, 2))
		c->max_record = F.max_record;
	switch (rf_below(&t->rng, 16)) {
	case 0: c->reserved = 1; return 0;
	case 1: c->policy = 2 + rf_below(&t->rng, 3); return 0;
	case 2: c->max_record = F.max_record + 1; return 0;
	case 3: c->event_interval_ms = rf_below(&t->rng, 2) ? 9 : 60001; return 0;
	case 4: c->capacity = (fz_min_capacity() - 4096) >> rf_below(&t->rng, 8); return 0;
	case 5: c->capacity = (1ULL << 30) + 64 + rf_below(&t->rng, 2) * ~0ULL / 2;
		return 0;
	case 6: c->reserve_pct[rf_below(&t->rng, 8)] = 101; return 0;
	case 7: memset(c->reserve_pct, 13, 8); return 0;
	case 8: c->capacity += 1 + rf_below(&t->rng, 63); return 2;
	default: return 1;
	}
}

void fz_check_stats(struct fthread *t, const struct logger_stats *st)
{
	unsigned int l;

	for (l = 0; l < 8; l++)
		if (st->level_written[l] != st->level_records[l] +
		    st->level_evicted[l] + st->level_cleared[l])
			fz_die(t, "GET_STATS level %u: written %llu != records %llu + evicted %llu + cleared %llu",
			       l, (unsigned long long)st->level_written[l],
			       (unsigned long long)st->level_records[l],
			       (unsigned long long)st->level_evicted[l],
			       (unsigned long long)st->level_cleared[l]);
	if (st->bytes_used > st->capacity || st->reserved ||
	    st->max_record != F.max_record || st->instance != F.instance)
		fz_die(t, "GET_STATS: bytes_used %llu capacity %llu reserved %u max_record %u",
		       (unsigned long long)st->bytes_used,
		       (unsigned long long)st->capacity, st->reserved,
		       st->max_record);
}

static void op_ioctl(struct fthread *t)
{
	static const unsigned long cmds[] = {
		LOGGER_IOC_CLEAR, LOGGER_IOC_GET_STATS, LOGGER_IOC_GET_CONFIG,
		LOGGER_IOC_SET_CONFIG, LOGGER_IOC_GET_VIEW, LOGGER_IOC_SET_VIEW,
		LOGGER_IOC_VIEW_STATS, LOGGER_IOC_NEXT_SIZE, LOGGER_IOC_GET_POS,
		LOGGER_IOC_SEEK,
	};
	__u32 ci = rf_below(&t->rng, 13), ak = rf_below(&t->rng, 12);
	enum argk k = ak < A_GOOD ? (enum argk)ak : A_GOOD;
	struct logger_view_stats vs = { 0 };
	int fdi, valid = 1;
	struct ffd *f = fz_pick_fd(t, &fdi, true);
	unsigned long cmd;
	fz_mask allowed = 0, seek = 0;
	bool bad = k != A_GOOD, rd = f && f->rd, polbusy;
	__u64 pol0;
	void *arg;
	long r;
	char what[80];

	if (f && rd)
		ioctl(f->fd, LOGGER_IOC_VIEW_STATS, &vs);
	if (ci < 10) {
		cmd = cmds[ci];
	} else if (ci == 10) {
		cmd = _IOC(rf_below(&t->rng, 4), LOGGER_IOC_MAGIC,
			   0x20 + rf_below(&t->rng, 0xe0), rf_below(&t->rng, 256));
	} else if (ci == 11) {
		/* A known number with another size or direction. */
		unsigned long real = cmds[rf_below(&t->rng, 10)];

		do
			cmd = _IOC(rf_below(&t->rng, 4), LOGGER_IOC_MAGIC,
				   _IOC_NR(real), rf_below(&t->rng, 3) * 8 +
				   (rf_below(&t->rng, 2) ? _IOC_SIZE(real) : 4));
		while (cmd == real);
	} else {
		cmd = _IOC(rf_below(&t->rng, 4), rf_below(&t->rng, 2) ? 0xBB : 0xBD,
			   rf_below(&t->rng, 256), rf_below(&t->rng, 64));
	}
	arg = arg_ptr(t, k, _IOC_SIZE(cmd) ? _IOC_SIZE(cmd) : 8);
	if (k == A_GOOD) {
		/* Contents: valid, or one field wrong. */
		if (cmd == LOGGER_IOC_SET_CONFIG) {
			valid = make_config(t, arg);
		} else if (cmd == LOGGER_IOC_SET_VIEW) {
			struct logger_view *v = arg;

			if (f && f->shared)
				cmd = LOGGER_IOC_GET_VIEW;
			memset(v, 0, sizeof(*v));
			v->filter = 1 + rf_below(&t->rng, 255);
			v->order = rf_below(&t->rng, 2);
			v->format = rf_below(&t->rng, 2);
			v->default_level = rf_below(&t->rng, 8);
			switch (rf_below(&t->rng, 12)) {
			case 0: v->filter = rf_below(&t->rng, 2) ? 0 : 0x100 << rf_below(&t->rng, 20); valid = 0; break;
			case 1: v->order = 2 + rf_below(&t->rng, 254); valid = 0; break;
			case 2: v->format = 2 + rf_below(&t->rng, 254); valid = 0; break;
			case 3: v->default_level = 8 + rf_below(&t->rng, 248); valid = 0; break;
			case 4: v->reserved[rf_below(&t->rng, 9)] = 1; valid = 0; break;
			}
			if (!valid && (!v->filter || v->filter > 0xff) && !rd &&
			    v->order < 2 &&
			    v->format < 2 && v->default_level < 8 &&
			    !memchr(v->reserved, 1, sizeof(v->reserved)))
				valid = 2;	/* filter of a fd that cannot read */
		} else if (cmd == LOGGER_IOC_SEEK) {
			struct logger_pos *p = arg;

			p->instance = F.instance;
			switch (rf_below(&t->rng, 6)) {
			case 0: p->instance ^= 1 + rf_below(&t->rng, 1000); valid = 0; break;
			case 1: p->seq = vs.next_seq + (1ULL << 40) + rf_below(&t->rng, 2) * ~0ULL / 4; valid = 0; break;
			case 2: p->seq = 0; valid = 2; break;
			default: p->seq = 1 + rf_below(&t->rng, vs.next_seq ? vs.next_seq : 1); break;
			}
			seek = p->seq;
		}
	}
	if (cmd == LOGGER_IOC_SET_CONFIG)
		fz_cfg(true);
	pol0 = __atomic_load_n(&F.pol_seq, __ATOMIC_SEQ_CST);
	polbusy = __atomic_load_n(&F.pol_busy, __ATOMIC_SEQ_CST) != 0;
	r = ioctl(f ? f->fd : -1, cmd, arg);
	if (cmd == LOGGER_IOC_SET_CONFIG)
		fz_cfg(false);
	fz_log(t, OP_IOCTL, fdi, cmd, k, r);
	snprintf(what, sizeof(what), "ioctl 0x%lx (arg kind %d) on fd slot %d",
		 cmd, k, fdi);
	if (!f) {
		fz_expect(t, what, r, E(EBADF));
		return;
	}
	switch (cmd) {
	case LOGGER_IOC_CLEAR:
		allowed = t->unpriv ? E(EPERM) : E(0);
		break;
	case LOGGER_IOC_GET_STATS:
	case LOGGER_IOC_GET_CONFIG:
	case LOGGER_IOC_GET_VIEW:
	case LOGGER_IOC_VIEW_STATS:
		allowed = bad ? E(EFAULT) : E(0);
		break;
	case LOGGER_IOC_SET_CONFIG:
		if (t->unpriv)
			allowed = E(EPERM) | (bad ? E(EFAULT) | E(EINVAL) : E(EINVAL));
		else if (k == A_RO)
			allowed = E(EINVAL);
		else if (bad)
			allowed = E(EFAULT);
		else
			allowed = valid == 1 ? E(0) | E(ENOMEM) : valid == 2 ?
				  E(0) | E(ENOMEM) | E(EINVAL) : E(EINVAL);
		break;
	case LOGGER_IOC_SET_VIEW:
		if (k == A_RO)
			allowed = rd ? E(EINVAL) : E(EINVAL) | E(0);
		else if (bad)
			allowed = E(EFAULT);
		else
			allowed = valid == 1 ? E(0) : valid == 2 ? E(0) | E(EINVAL) :
				  E(EINVAL);
		break;
	case LOGGER_IOC_NEXT_SIZE:
	case LOGGER_IOC_GET_POS:
		allowed = rd ? (bad ? E(EFAULT) : E(0)) : E(EBADF) | E(EFAULT) | E(0);
		break;
	case LOGGER_IOC_SEEK:
		if (!rd)
			allowed = E(EBADF) | E(EFAULT) | E(ESTALE) | E(EINVAL);
		else if (k == A_RO)
			allowed = E(ESTALE);
		else if (bad)
			allowed = E(EFAULT);
		else
			allowed = valid == 1 ? E(0) : valid == 2 ? E(0) | E(EINVAL) :
				  E(((struct logger_pos *)arg)->instance != F.instance ?
				    ESTALE : EINVAL);
		break;
	default:
		allowed = E(ENOTTY);
	}
	fz_expect(t, what, r, allowed);
	if (r < 0) {
		__atomic_add_fetch(&F.n_errors, 1, __ATOMIC_RELAXED);
		return;
	}
	/* Exact checks of what succeeded. */
	if (cmd == LOGGER_IOC_GET_STATS) {
		fz_check_stats(t, arg);
	} else if (cmd == LOGGER_IOC_GET_CONFIG) {
		struct logger_config *c = arg;

		/* Block only inside a block window (fuzz_flow.c). */
		if (c->reserved || c->max_record != F.max_record ||
		    c->policy > LOGGER_POLICY_BLOCK ||
		    (c->policy && !fz_pol_maybe(pol0, polbusy)))
			fz_die(t, "GET_CONFIG: reserved %u policy %u max_record %u",
			       c->reserved, c->policy, c->max_record);
	} else if (cmd == LOGGER_IOC_GET_VIEW) {
		struct logger_view *v = arg;

		if (v->default_level != f->deflevel ||
		    memchr(v->reserved, 1, 9) ||
		    (rd && (v->filter != f->filter || v->order != f->order ||
			    v->format != f->format)))
			fz_die(t, "GET_VIEW: filter 0x%x order %u format %u level %u; set 0x%x %u %u %u",
			       v->filter, v->order, v->format, v->default_level,
			       f->filter, f->order, f->format, f->deflevel);
	} else if (cmd == LOGGER_IOC_SET_VIEW) {
		struct logger_view *v = arg;

		if (f->rd && v->order != f->order)
			memset(f->cross_last, 0, sizeof(f->cross_last));
		if (f->rd) {
			f->filter = v->filter;
			f->order = v->order;
			f->format = v->format;
		}
		f->deflevel = v->default_level;
	} else if (cmd == LOGGER_IOC_VIEW_STATS) {
		struct logger_view_stats *s = arg;

		if ((!f->shared && (s->read != f->read || s->written != f->written)) ||
		    s->lost < (f->shared ? 0 : f->inband) ||
		    (!rd && (s->read || s->lost || s->skipped || s->backlog)))
			fz_die(t, "VIEW_STATS read %llu lost %llu written %llu; counted %llu, %llu in band, %llu",
			       (unsigned long long)s->read,
			       (unsigned long long)s->lost,
			       (unsigned long long)s->written,
			       (unsigned long long)f->read,
			       (unsigned long long)f->inband,
			       (unsigned long long)f->written);
	} else if (cmd == LOGGER_IOC_NEXT_SIZE) {
		__u64 n = *(__u64 *)arg;

		if (n > fz_max_render(f) || (!rd && n))
			fz_die(t, "NEXT_SIZE %llu (largest %u)",
			       (unsigned long long)n, fz_max_render(f));
	} else if (cmd == LOGGER_IOC_GET_POS && rd) {
		struct logger_pos *p = arg;

		if (p->instance != F.instance ||
		    (!f->shared && p->seq != f->max_seq + 1))
			fz_die(t, "GET_POS {%llx, %llu}; want {%llx, %llu}",
			       (unsigned long long)p->instance,
			       (unsigned long long)p->seq,
			       (unsigned long long)F.instance,
			       (unsigned long long)f->max_seq + 1);
	} else if (cmd == LOGGER_IOC_SEEK && rd && !f->shared) {
		fz_moved(f, seek);
	}
}

/* GET_VIEW then SET_VIEW of the same must work on every fd (a finding). */
static void op_view_roundtrip(struct fthread *t)
{
	struct logger_view v, again;
	int fdi;
	struct ffd *f = fz_pick_fd(t, &fdi, false);
	long r;

	if (!f)
		return;
	r = ioctl(f->fd, LOGGER_IOC_GET_VIEW, &v);
	fz_expect(t, "GET_VIEW", r, E(0));
	r = ioctl(f->fd, LOGGER_IOC_SET_VIEW, &v);
	fz_log(t, OP_VIEW_RT, fdi, v.filter, f->flags, r);
	fz_expect(t, "SET_VIEW(GET_VIEW())", r, E(0));
	r = ioctl(f->fd, LOGGER_IOC_GET_VIEW, &again);
	if (r || memcmp(&v, &again, sizeof(v)))
		fz_die(t, "GET_VIEW after SET_VIEW(GET_VIEW()) differs");
}

/* ---- poll, epoll, lseek, fcntl --------------------------------------- */

static void check_revents(struct fthread *t, struct ffd *f, short events,
			  short rev, const char *what)
{
	short ok = POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;

	if ((rev & ~ok) || ((rev & (POLLIN | POLLRDNORM)) && !f->rd) ||
	    (!!(rev & POLLOUT) != (f->wr && (events & POLLOUT))))
		fz_die(t, "%s: revents 0x%x for events 0x%x on a fd %s%s", what,
		       rev, events, f->rd ? "r" : "", f->wr ? "w" : "");
}

static void op_poll(struct fthread *t)
{
	struct pollfd p[4];
	struct ffd *fs[4];
	int n = 1 + rf_below(&t->rng, 4), i, fdi;
	bool block = rf_below(&t->rng, 4) == 0;
	long r;

	for (i = 0; i < n; i++) {
		fs[i] = fz_pick_fd(t, &fdi, true);
		p[i].fd = fs[i] ? fs[i]->fd : 4000 + i;	/* not open: POLLNVAL */
		p[i].events = POLLIN | (rf_below(&t->rng, 2) ? POLLOUT : 0) |
			      (rf_below(&t->rng, 3) ? 0 : POLLPRI | POLLRDNORM);
		p[i].revents = 0;
	}
	if (block)
		blocking_begin(t);
	r = poll(p, n, block ? -1 : (int)rf_below(&t->rng, 2));
	if (block)
		blocking_end(t);
	fz_log(t, OP_POLL, n, block, 0, r);
	fz_expect(t, "poll", r, E(0) | (block ? E(EINTR) : 0));
	for (i = 0; r >= 0 && i < n; i++) {
		if (!fs[i]) {
			if (p[i].revents != POLLNVAL)
				fz_die(t, "poll of a closed fd: revents 0x%x", p[i].revents);
			continue;
		}
		check_revents(t, fs[i], p[i].events, p[i].revents, "poll");
	}
}

static void op_epoll(struct fthread *t)
{
	__u32 x = rf_below(&t->rng, 4);
	struct epoll_event ev[8];
	int slot = rf_below(&t->rng, FZ_FDS), n, i;
	struct ffd *f = &t->fd[slot];
	long r;

	if (x < 3) {
		static const int ops[] = { EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CTL_MOD };
		unsigned int events = EPOLLIN | (rf_below(&t->rng, 2) ? EPOLLET : 0) |
				      (rf_below(&t->rng, 2) ? EPOLLOUT : 0);

		if (f->fd < 0)
			return;
		ev[0] = (struct epoll_event){ .events = events, .data.u32 = slot };
		r = epoll_ctl(t->ep, ops[x], f->fd, &ev[0]);
		fz_log(t, OP_EPOLL_CTL, slot, x, events, r);
		if (x == 0)
			fz_expect(t, "EPOLL_CTL_ADD", r, f->ep_events ? E(EEXIST) : E(0));
		else
			fz_expect(t, x == 1 ? "EPOLL_CTL_DEL" : "EPOLL_CTL_MOD", r,
				  f->ep_events ? E(0) : E(ENOENT));
		if (r == 0)
			f->ep_events = x == 1 ? 0 : events;
		return;
	}
	x = rf_below(&t->rng, 4);
	if (x == 0)
		blocking_begin(t);
	n = epoll_wait(t->ep, ev, 8, x == 0 ? -1 : (int)rf_below(&t->rng, 2));
	if (x == 0)
		blocking_end(t);
	fz_log(t, OP_EPOLL_WAIT, 0, x, 0, n);
	fz_expect(t, "epoll_wait", n, E(0) | (x == 0 ? E(EINTR) : 0));
	for (i = 0; i < n; i++) {
		struct ffd *g;

		if (ev[i].data.u32 >= FZ_FDS || !t->fd[ev[i].data.u32].ep_events)
			fz_die(t, "epoll_wait: an event for slot %u, not registered",
			       ev[i].data.u32);
		g = &t->fd[ev[i].data.u32];
		check_revents(t, g, g->ep_events, ev[i].events, "epoll_wait");
	}
}

static void op_lseek(struct fthread *t)
{
	static const struct { off_t off; int whence; } tab[] = {
		{ 0, SEEK_SET }, { 0, SEEK_END }, { 0, SEEK_SET }, { 0, SEEK_END },
		{ 0, SEEK_CUR }, { 1, SEEK_SET }, { -1, SEEK_END },
		{ 0, SEEK_DATA }, { 0, SEEK_HOLE }, { LLONG_MAX, SEEK_SET },
		{ 0, 5 }, { 4096, SEEK_CUR },
	};
	unsigned int i = rf_below(&t->rng, sizeof(tab) / sizeof(tab[0]));
	struct logger_view_stats vs = { 0 };
	int fdi;
	struct ffd *f = fz_pick_fd(t, &fdi, true);
	bool ok = tab[i].off == 0 &&
		  (tab[i].whence == SEEK_SET || tab[i].whence == SEEK_END);
	long r;

	if (f && f->rd)
		ioctl(f->fd, LOGGER_IOC_VIEW_STATS, &vs);
	r = lseek(f ? f->fd : -1, tab[i].off, tab[i].whence);
	fz_log(t, OP_LSEEK, fdi, tab[i].off, tab[i].whence, r);
	if (!f)
		fz_expect(t, "lseek", r, E(EBADF));
	else
		fz_expect(t, "lseek", r, ok && f->rd ? E(0) :
			  ok ? E(0) | E(EINVAL) : E(EINVAL));
	if (r > 0)
		fz_die(t, "lseek returned offset %ld", r);
	if (r == 0 && f->rd && !f->shared)
		fz_moved(f, tab[i].whence == SEEK_END ? vs.next_seq : 0);
}

static void op_fcntl(struct fthread *t)
{
	int fdi;
	struct ffd *f = fz_pick_fd(t, &fdi, false);
	int fl;

	if (!f)
		return;
	fl = f->flags ^ O_NONBLOCK;
	fz_expect(t, "fcntl F_SETFL", fcntl(f->fd, F_SETFL, fl & ~O_ACCMODE),
		  E(0));
	f->flags = fl;
}

/* Signal a thread that is blocked (it claimed nothing else): EINTR. */
static void op_signal(struct fthread *t)
{
	struct fthread *o = &F.t[rf_below(&t->rng, F.nthreads)];
	int one = 1;

	if (o == t || !__atomic_compare_exchange_n(&o->blocking, &one, 2, false,
						   __ATOMIC_SEQ_CST,
						   __ATOMIC_SEQ_CST))
		return;
	fz_log(t, OP_SIGNAL, o->id, 0, 0, 0);
	if (pthread_kill(o->th, SIGUSR2))
		fz_die(t, "pthread_kill: %s", strerror(errno));
}

/* ---- the dispatcher ---------------------------------------------------- */

void fz_op(struct fthread *t)
{
	__u32 x = rf_below(&t->rng, 100);

	/* SPEC section 6 (fuzz_flow.c). */
	if (x < 8) {
		if (rf_below(&t->rng, 16) == 0)
			fz_policy_op(t);
		else
			fz_flow_op(t);
		return;
	}
	x = rf_below(&t->rng, 100);

	if (x < 22)
		fz_read(t);
	else if (x < 38)
		fz_write(t, false);
	else if (x < 44)
		fz_write(t, true);
	else if (x < 62)
		op_ioctl(t);
	else if (x < 67)
		op_poll(t);
	else if (x < 72)
		op_epoll(t);
	else if (x < 77)
		op_lseek(t);
	else if (x < 82)
		op_open(t);
	else if (x < 84) {
		int slot = rf_below(&t->rng, FZ_FDS);

		if (t->fd[slot].fd >= 0)
			op_close(t, slot);
	} else if (x < 85) {
		long r = ioctl(t->fd[1].fd >= 0 ? t->fd[1].fd : F.shared[0].fd,
			       LOGGER_IOC_CLEAR);

		fz_log(t, OP_CLEAR, 1, 0, 0, r);
		fz_expect(t, "CLEAR", r, t->unpriv ? E(EPERM) : E(0));
	} else if (x < 87) {
		struct logger_config c;
		long r;

		while (make_config(t, &c) != 1)
			;
		fz_cfg(true);
		r = ioctl(F.shared[0].fd, LOGGER_IOC_SET_CONFIG, &c);
		fz_cfg(false);
		fz_log(t, OP_RESIZE, 0, c.capacity, 0, r);
		fz_expect(t, "SET_CONFIG (resize)", r,
			  t->unpriv ? E(EPERM) : E(0) | E(ENOMEM));
	} else if (x < 94) {
		fz_nl_op(t);
	} else if (x < 95) {
		fz_fork(t);
	} else if (x < 97) {
		op_signal(t);
	} else if (x < 99) {
		op_view_roundtrip(t);
	} else {
		op_fcntl(t);
	}
}
