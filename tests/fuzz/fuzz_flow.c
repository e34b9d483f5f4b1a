// SPDX-License-Identifier: GPL-2.0
/*
 * logger-fuzz: the ioctls of lossless delivery, groups and tags (SPEC.md
 * section 6) with valid, boundary and invalid contents and bad pointers,
 * and short windows of the block policy (F7, F8 at the top of fuzz.c).
 *
 * A fd's tag, tag filter, flags other than NO_HOLD and group are set,
 * read back and undone within one call of fz_flow_op(), on a fd of the
 * calling thread only: the other invariants (records as written, each
 * fd's own cursor) keep holding.  A block window (fz_policy_op()) sets
 * the policy to block, lets the others run into it for a few
 * milliseconds, and sets it back: every writer waiting must wake.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"

#define PAGE	4096

enum { OP_FLOW = 18, OP_POLICY };

/* Forks (whose children write) and block windows exclude each other. */
static pthread_rwlock_t pol_lock = PTHREAD_RWLOCK_INITIALIZER;

void fz_fork_gate(bool begin)
{
	if (begin)
		pthread_rwlock_rdlock(&pol_lock);
	else
		pthread_rwlock_unlock(&pol_lock);
}

/* Was the policy possibly block at some point since @seq0 / @busy0? */
bool fz_pol_maybe(__u64 seq0, bool busy0)
{
	return busy0 || __atomic_load_n(&F.pol_seq, __ATOMIC_SEQ_CST) != seq0;
}

enum fk { K_NULL, K_ONE, K_NONE, K_PARTIAL, K_GOOD };

static void *fk_ptr(struct fthread *t, enum fk k, size_t size)
{
	switch (k) {
	case K_NULL: return NULL;
	case K_ONE: return (void *)1;
	case K_NONE: return t->guard + 2 * PAGE;
	case K_PARTIAL: return t->guard + 2 * PAGE - size / 2;
	default:
		return t->big + (rf_below(&t->rng, 2) ? 0 : 1 + rf_below(&t->rng, 7));
	}
}

static enum fk pick_kind(struct fthread *t)
{
	__u32 x = rf_below(&t->rng, 10);

	return x < 4 ? (enum fk)x : K_GOOD;
}

/* A valid tag of @len bytes (0x21..0x7e, no ':'), NUL-padded. */
static void good_tag(struct fthread *t, char *name, unsigned int len)
{
	unsigned int i;

	memset(name, 0, 32);
	for (i = 0; i < len; i++) {
		do
			name[i] = (char)(0x21 + rf_below(&t->rng, 0x5e));
		while (name[i] == ':');
	}
}

/* Spoil a valid 32-byte name field: return 0 (now invalid). */
static int bad_name(struct fthread *t, char *name, bool tag)
{
	unsigned int len = strnlen(name, 32);

	switch (rf_below(&t->rng, tag ? 5 : 4)) {
	case 0:	/* no NUL */
		memset(name, 'x', 32);
		break;
	case 1:	/* not NUL-padded */
		if (len < 30) {
			name[len + 1 + rf_below(&t->rng, 30 - len)] = 'y';
			break;
		}
		memset(name, 'x', 32);
		break;
	case 2:	/* a byte outside the printable range */
		name[len ? rf_below(&t->rng, len) : 0] =
			rf_below(&t->rng, 2) ? 0x7f : (char)(0x01 + rf_below(&t->rng, 0x1f));
		break;
	case 3:
		if (!tag) {	/* an empty group name */
			memset(name, 0, 32);
			break;
		}
		/* fall through */
	default:	/* a tag with a ':' or a space */
		name[len ? rf_below(&t->rng, len) : 0] = rf_below(&t->rng, 2) ? ':' : ' ';
	}
	return 0;
}

static void expect(struct fthread *t, const char *what, struct ffd *f,
		   int fdi, unsigned long cmd, enum fk k, long r, fz_mask allowed)
{
	char buf[96];

	fz_log(t, OP_FLOW, fdi, cmd, k, r);
	snprintf(buf, sizeof(buf), "%s (ioctl 0x%lx, arg kind %d, fd slot %d%s)",
		 what, cmd, k, fdi, f && !f->rd ? ", write-only" : "");
	fz_expect(t, buf, r, f ? allowed : E(EBADF));
}

static void op_flags(struct fthread *t, struct ffd *f, int fdi, enum fk k)
{
	__u32 *v = fk_ptr(t, k, 4), back = 0, want;
	int valid = 1;
	long r;

	if (k == K_GOOD) {
		*v = rf_below(&t->rng, LOGGER_FD_FLAGS + 1);
		if (rf_below(&t->rng, 4) == 0) {
			*v |= 8u << rf_below(&t->rng, 29);
			valid = 0;
		}
	}
	want = k == K_GOOD ? *v : 0;
	r = ioctl(f ? f->fd : -1, LOGGER_IOC_SET_FLAGS, v);
	expect(t, "SET_FLAGS", f, fdi, LOGGER_IOC_SET_FLAGS, k, r,
	       k != K_GOOD ? E(EFAULT) : valid ? E(0) : E(EINVAL));
	if (!f)
		return;
	if (r == 0) {
		r = ioctl(f->fd, LOGGER_IOC_GET_FLAGS, &back);
		if (r || back != want)
			fz_die(t, "GET_FLAGS after SET_FLAGS 0x%x: 0x%x (%ld)", want,
			       back, r);
		/* Keep NO_HOLD; the others would change what this fd reads
		 * and writes for the rest of the run. */
		f->fdflags = want & LOGGER_FD_NO_HOLD;
		if (ioctl(f->fd, LOGGER_IOC_SET_FLAGS, &f->fdflags))
			fz_die(t, "SET_FLAGS 0x%x: %s", f->fdflags, strerror(errno));
	}
	k = pick_kind(t);
	r = ioctl(f->fd, LOGGER_IOC_GET_FLAGS, fk_ptr(t, k, 4));
	expect(t, "GET_FLAGS", f, fdi, LOGGER_IOC_GET_FLAGS, k, r,
	       k == K_GOOD ? E(0) : E(EFAULT));
}

static void op_tag(struct fthread *t, struct ffd *f, int fdi, enum fk k)
{
	struct logger_tag *tag = fk_ptr(t, k, sizeof(*tag)), back, none;
	int valid = 1;
	long r;

	if (k == K_GOOD) {
		good_tag(t, tag->name, rf_below(&t->rng, 32));
		if (rf_below(&t->rng, 3) == 0)
			valid = bad_name(t, tag->name, true);
	}
	r = ioctl(f ? f->fd : -1, LOGGER_IOC_SET_TAG, tag);
	expect(t, "SET_TAG", f, fdi, LOGGER_IOC_SET_TAG, k, r,
	       k != K_GOOD ? E(EFAULT) : valid ? E(0) : E(EINVAL));
	if (!f)
		return;
	memset(&none, 0, sizeof(none));
	if (r == 0) {
		if (ioctl(f->fd, LOGGER_IOC_GET_TAG, &back) ||
		    memcmp(back.name, tag->name, 32))
			fz_die(t, "GET_TAG after SET_TAG \"%.31s\": \"%.31s\"",
			       tag->name, back.name);
		if (ioctl(f->fd, LOGGER_IOC_SET_TAG, &none))
			fz_die(t, "SET_TAG \"\": %s", strerror(errno));
	}
	k = pick_kind(t);
	tag = fk_ptr(t, k, sizeof(*tag));
	r = ioctl(f->fd, LOGGER_IOC_GET_TAG, tag);
	expect(t, "GET_TAG", f, fdi, LOGGER_IOC_GET_TAG, k, r,
	       k == K_GOOD ? E(0) : E(EFAULT));
	if (r == 0 && memcmp(tag, &none, sizeof(none)))
		fz_die(t, "GET_TAG: \"%.31s\", want none", tag->name);
}

static void op_tag_filter(struct fthread *t, struct ffd *f, int fdi, enum fk k)
{
	struct logger_tag_filter *tf = fk_ptr(t, k, sizeof(*tf)), back, none;
	int valid = 1;
	unsigned int i;
	long r;

	if (k == K_GOOD) {
		memset(tf, 0, sizeof(*tf));
		tf->count = rf_below(&t->rng, LOGGER_TAG_FILTER_MAX + 1);
		for (i = 0; i < tf->count; i++)
			good_tag(t, tf->tags[i], rf_below(&t->rng, 32));
		switch (rf_below(&t->rng, 10)) {
		case 0: tf->count = LOGGER_TAG_FILTER_MAX + 1 + rf_below(&t->rng, 1000); valid = 0; break;
		case 1: tf->reserved = 1 + rf_below(&t->rng, 100); valid = 0; break;
		case 2:
			if (tf->count < LOGGER_TAG_FILTER_MAX) {
				/* A tag beyond count. */
				good_tag(t, tf->tags[tf->count], 1 + rf_below(&t->rng, 31));
				valid = 0;
			}
			break;
		case 3:
			valid = bad_name(t, tf->tags[rf_below(&t->rng, LOGGER_TAG_FILTER_MAX)], true);
			break;
		}
	}
	r = ioctl(f ? f->fd : -1, LOGGER_IOC_SET_TAG_FILTER, tf);
	expect(t, "SET_TAG_FILTER", f, fdi, LOGGER_IOC_SET_TAG_FILTER, k, r,
	       k != K_GOOD ? E(EFAULT) : !(f && f->rd) ? E(EBADF) :
	       valid ? E(0) : E(EINVAL));
	if (!f)
		return;
	memset(&none, 0, sizeof(none));
	if (r == 0) {
		if (ioctl(f->fd, LOGGER_IOC_GET_TAG_FILTER, &back) ||
		    memcmp(&back, tf, sizeof(back)))
			fz_die(t, "GET_TAG_FILTER after SET_TAG_FILTER of %u tags: %u tags, or others",
			       tf->count, back.count);
		if (ioctl(f->fd, LOGGER_IOC_SET_TAG_FILTER, &none))
			fz_die(t, "SET_TAG_FILTER of none: %s", strerror(errno));
	}
	k = pick_kind(t);
	tf = fk_ptr(t, k, sizeof(*tf));
	r = ioctl(f->fd, LOGGER_IOC_GET_TAG_FILTER, tf);
	expect(t, "GET_TAG_FILTER", f, fdi, LOGGER_IOC_GET_TAG_FILTER, k, r,
	       !f->rd ? E(EBADF) : k == K_GOOD ? E(0) : E(EFAULT));
	if (r == 0 && memcmp(tf, &none, sizeof(none)))
		fz_die(t, "GET_TAG_FILTER: %u tags, want none", tf->count);
}

static void check_no_group(struct fthread *t, struct ffd *f)
{
	struct logger_group g;

	if (!f->rd)
		return;
	if (ioctl(f->fd, LOGGER_IOC_GET_GROUP, &g) || g.name[0] || g.members ||
	    g.reserved)
		fz_die(t, "GET_GROUP of a fd in no group: \"%.31s\", %u members (%s)",
		       g.name, g.members, strerror(errno));
}

static void op_group(struct fthread *t, struct ffd *f, int fdi, enum fk k)
{
	struct logger_group *g = fk_ptr(t, k, sizeof(*g)), back;
	int valid = 1;
	long r;

	if (k == K_GOOD) {
		memset(g, 0, sizeof(*g));
		/* Names of this thread only: nobody else moves the cursor. */
		snprintf(g->name, sizeof(g->name), "fz%d g%u", t->id,
			 rf_below(&t->rng, 3));
		switch (rf_below(&t->rng, 8)) {
		case 0: valid = bad_name(t, g->name, false); break;
		case 1: g->members = 1 + rf_below(&t->rng, 5); valid = 0; break;
		case 2: g->reserved = 1; valid = 0; break;
		}
	}
	r = ioctl(f ? f->fd : -1, LOGGER_IOC_JOIN_GROUP, g);
	expect(t, "JOIN_GROUP", f, fdi, LOGGER_IOC_JOIN_GROUP, k, r,
	       k != K_GOOD ? E(EFAULT) : !(f && f->rd) ? E(EBADF) :
	       valid ? E(0) | E(ENOMEM) : E(EINVAL));
	if (!f)
		return;
	if (r == 0) {
		if (ioctl(f->fd, LOGGER_IOC_GET_GROUP, &back) ||
		    strcmp(back.name, g->name) || back.members != 1 || back.reserved)
			fz_die(t, "GET_GROUP after joining \"%s\": \"%.31s\", %u members",
			       g->name, back.name, back.members);
		r = ioctl(f->fd, LOGGER_IOC_JOIN_GROUP, g);
		expect(t, "JOIN_GROUP again", f, fdi, LOGGER_IOC_JOIN_GROUP, k,
		       r, E(EBUSY));
		r = ioctl(f->fd, LOGGER_IOC_MAP_SYNC, t->big);
		expect(t, "MAP_SYNC in a group", f, fdi, LOGGER_IOC_MAP_SYNC, k,
		       r, E(EBUSY));
		r = ioctl(f->fd, LOGGER_IOC_MAP_CURSOR, t->big);
		expect(t, "MAP_CURSOR in a group", f, fdi,
		       LOGGER_IOC_MAP_CURSOR, k, r, E(EBUSY));
	}
	r = ioctl(f->fd, LOGGER_IOC_LEAVE_GROUP);
	expect(t, "LEAVE_GROUP", f, fdi, LOGGER_IOC_LEAVE_GROUP, k, r,
	       f->rd ? E(0) : E(EBADF));
	check_no_group(t, f);
	k = pick_kind(t);
	r = ioctl(f->fd, LOGGER_IOC_GET_GROUP, fk_ptr(t, k, sizeof(*g)));
	expect(t, "GET_GROUP", f, fdi, LOGGER_IOC_GET_GROUP, k, r,
	       !f->rd ? E(EBADF) : k == K_GOOD ? E(0) : E(EFAULT));
}

static void op_flow_stats(struct fthread *t, struct ffd *f, int fdi, enum fk k)
{
	struct logger_flow_stats *fs = fk_ptr(t, k, sizeof(*fs));
	__u64 seq0 = __atomic_load_n(&F.pol_seq, __ATOMIC_SEQ_CST);
	bool busy0 = __atomic_load_n(&F.pol_busy, __ATOMIC_SEQ_CST);
	long r;

	r = ioctl(f ? f->fd : -1, LOGGER_IOC_FLOW_STATS, fs);
	expect(t, "FLOW_STATS", f, fdi, LOGGER_IOC_FLOW_STATS, k, r,
	       k == K_GOOD ? E(0) : E(EFAULT));
	if (r)
		return;
	if (fs->reserved || fs->policy > LOGGER_POLICY_BLOCK ||
	    (fs->policy && !fz_pol_maybe(seq0, busy0)) ||
	    fs->groups > (__u32)F.nthreads || fs->group_members > (__u32)F.nthreads ||
	    fs->waiting_writers > 2u * FZ_MAXT || fs->group_members < fs->groups)
		fz_die(t, "FLOW_STATS: policy %u, %u waiting, %u groups of %u members, reserved %u",
		       fs->policy, fs->waiting_writers, fs->groups,
		       fs->group_members, fs->reserved);
}

static void op_map_sync(struct fthread *t, struct ffd *f, int fdi, enum fk k)
{
	struct logger_map_pos *mp = fk_ptr(t, k, sizeof(*mp));
	fz_mask want = E(EFAULT);
	unsigned int l;
	long r;

	if (k == K_GOOD) {
		memset(mp, 0, sizeof(*mp));
		for (l = 0; l < LOGGER_NR_LEVELS; l++) {
			mp->lseq[l] = rf_below(&t->rng, 4) ? 0 : rf_next(&t->rng) >>
				      rf_below(&t->rng, 64);
			mp->id[l] = rf_below(&t->rng, 2) ? LOGGER_MAP_NIL :
				    rf_below(&t->rng, 300);
			mp->gen[l] = rf_below(&t->rng, 8);
			mp->off[l] = rf_below(&t->rng, 2) ? 0 : rf_below(&t->rng, 70000);
		}
		mp->clear_gen = rf_below(&t->rng, 4);
		mp->wake_min = rf_below(&t->rng, 2);
		switch (rf_below(&t->rng, 4)) {
		case 0:
			mp->reserved = 1 + rf_below(&t->rng, 9);
			want = E(EINVAL);
			break;
		case 1:
			mp->clear_gen = (1ULL << 62) + rf_below(&t->rng, 1000);
			want = E(ESTALE);
			break;
		default:
			want = E(0) | E(EINVAL) | E(ESTALE);
		}
	}
	r = ioctl(f ? f->fd : -1, LOGGER_IOC_MAP_SYNC, mp);
	expect(t, "MAP_SYNC", f, fdi, LOGGER_IOC_MAP_SYNC, k, r,
	       !(f && f->rd) ? E(EBADF) : want);
	if (!r)
		fz_moved(f, 0);	/* the cursor went where the position says */
}

/* MAP_CURSOR: the fd's cursor for a mapping; it hands its loss over. */
static void op_map_cursor(struct fthread *t, struct ffd *f, int fdi, enum fk k)
{
	struct logger_map_cursor *mc = fk_ptr(t, k, sizeof(*mc));
	unsigned int l;
	long r;

	r = ioctl(f ? f->fd : -1, LOGGER_IOC_MAP_CURSOR, mc);
	expect(t, "MAP_CURSOR", f, fdi, LOGGER_IOC_MAP_CURSOR, k, r,
	       !(f && f->rd) ? E(EBADF) : k == K_GOOD ? E(0) : E(EFAULT));
	if (r)
		return;
	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if (mc->pos.id[l] != LOGGER_MAP_NIL || mc->pos.gen[l] ||
		    mc->pos.off[l])
			fz_die(t, "MAP_CURSOR: level %u at chunk %u gen %u off %u",
			       l, mc->pos.id[l], mc->pos.gen[l], mc->pos.off[l]);
	if (mc->pos.reserved)
		fz_die(t, "MAP_CURSOR: reserved %u", mc->pos.reserved);
}

/* A call of one of the flow ioctls on a fd of this thread (or none). */
void fz_flow_op(struct fthread *t)
{
	static const unsigned long nums[] = {
		LOGGER_IOC_MAP_SYNC, LOGGER_IOC_SET_TAG, LOGGER_IOC_GET_TAG,
		LOGGER_IOC_SET_TAG_FILTER, LOGGER_IOC_GET_TAG_FILTER,
		LOGGER_IOC_JOIN_GROUP, LOGGER_IOC_LEAVE_GROUP,
		LOGGER_IOC_GET_GROUP, LOGGER_IOC_FLOW_STATS,
		LOGGER_IOC_SET_FLAGS, LOGGER_IOC_GET_FLAGS,
		LOGGER_IOC_MAP_CURSOR,
	};
	int fdi;
	struct ffd *f = fz_pick_fd(t, &fdi, false);
	enum fk k = pick_kind(t);
	unsigned long cmd, real;
	long r;

	switch (rf_below(&t->rng, 9)) {
	case 0: op_flags(t, f, fdi, k); break;
	case 1: op_tag(t, f, fdi, k); break;
	case 2: op_tag_filter(t, f, fdi, k); break;
	case 3: op_group(t, f, fdi, k); break;
	case 4: op_flow_stats(t, f, fdi, k); break;
	case 5: op_map_sync(t, f, fdi, k); break;
	case 6: op_map_cursor(t, f, fdi, k); break;
	default:
		/* A known number with another size or direction, or a free one. */
		real = nums[rf_below(&t->rng, sizeof(nums) / sizeof(nums[0]))];
		do
			cmd = rf_below(&t->rng, 4) ?
			      _IOC(rf_below(&t->rng, 4), LOGGER_IOC_MAGIC,
				   _IOC_NR(real), rf_below(&t->rng, 3) * 8 +
				   (rf_below(&t->rng, 2) ? _IOC_SIZE(real) : 4)) :
			      _IOC(rf_below(&t->rng, 4), LOGGER_IOC_MAGIC,
				   0x16 + rf_below(&t->rng, 10), rf_below(&t->rng, 300));
		while (cmd == real);
		r = ioctl(f ? f->fd : -1, cmd, fk_ptr(t, k, 8));
		expect(t, "an ioctl of no known size", f, fdi, cmd, k, r, E(ENOTTY));
	}
}

/*
 * A block window: policy block for a few milliseconds while the other
 * threads run (their writes may wait, or get EAGAIN or a short write on
 * an O_NONBLOCK fd) and this one writes through the shared O_NONBLOCK
 * fd, then back to overwrite: every waiting writer must wake (F8).
 * Unprivileged: EPERM.
 */
void fz_policy_op(struct fthread *t)
{
	struct timespec ts = { 0, 100000L * rf_below(&t->rng, 30) };
	struct logger_flow_stats fs;
	struct logger_config c;
	long r;
	int i;

	if (ioctl(F.shared[0].fd, LOGGER_IOC_GET_CONFIG, &c))
		fz_die(t, "GET_CONFIG: %s", strerror(errno));
	c.max_record = 0;
	c.policy = LOGGER_POLICY_BLOCK;
	if (t->unpriv) {
		r = ioctl(F.shared[0].fd, LOGGER_IOC_SET_CONFIG, &c);
		fz_log(t, OP_POLICY, 0, 1, 0, r);
		fz_expect(t, "SET_CONFIG policy=block, unprivileged", r, E(EPERM));
		return;
	}
	pthread_rwlock_wrlock(&pol_lock);
	__atomic_add_fetch(&F.pol_busy, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&F.pol_seq, 1, __ATOMIC_SEQ_CST);
	fz_cfg(true);
	r = ioctl(F.shared[0].fd, LOGGER_IOC_SET_CONFIG, &c);
	fz_cfg(false);
	fz_log(t, OP_POLICY, 0, 1, 0, r);
	fz_expect(t, "SET_CONFIG policy=block", r, E(0) | E(ENOMEM));
	/*
	 * Fill the store through the shared O_NONBLOCK fd (never a blocking
	 * one: this thread ends the window), so that writers meet holders.
	 */
	for (i = rf_below(&t->rng, 40); i > 0; i--)
		fz_write_on(t, rf_below(&t->rng, 2), &F.shared[0], 100);
	nanosleep(&ts, NULL);
	if (ioctl(F.shared[0].fd, LOGGER_IOC_GET_CONFIG, &c))
		fz_die(t, "GET_CONFIG: %s", strerror(errno));
	c.max_record = 0;
	c.policy = LOGGER_POLICY_OVERWRITE;
	for (i = 0; i < 100; i++) {
		fz_cfg(true);
		r = ioctl(F.shared[0].fd, LOGGER_IOC_SET_CONFIG, &c);
		fz_cfg(false);
		fz_log(t, OP_POLICY, 0, 0, 0, r);
		if (!r || errno != ENOMEM)
			break;
	}
	/* The way back must not fail: writers would wait for ever. */
	fz_expect(t, "SET_CONFIG policy=overwrite", r, E(0));
	for (i = 0; i < 10000; i++) {
		if (ioctl(F.shared[0].fd, LOGGER_IOC_FLOW_STATS, &fs))
			fz_die(t, "FLOW_STATS: %s", strerror(errno));
		if (!fs.waiting_writers && fs.policy == LOGGER_POLICY_OVERWRITE)
			break;
		ts = (struct timespec){ 0, 1000000 };
		nanosleep(&ts, NULL);
	}
	if (i == 10000)
		fz_die(t, "F8: %u writers still wait 10 s after the policy went back to overwrite (policy %u)",
		       fs.waiting_writers, fs.policy);
	__atomic_add_fetch(&F.pol_seq, 1, __ATOMIC_SEQ_CST);
	__atomic_sub_fetch(&F.pol_busy, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&F.n_windows, 1, __ATOMIC_RELAXED);
	pthread_rwlock_unlock(&pol_lock);
}
