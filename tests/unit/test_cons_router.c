// SPDX-License-Identifier: GPL-2.0
/*
 * userland/consumer/cons_router.c and cons_reader.c: reloads while reader
 * threads route records, and a reader thread end to end over a pipe.
 * The device is replaced by fake cons_ops; no sleeps: the test waits for
 * predicates (per-reader iteration counters) before each step.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../userland/consumer/cons_router.h"
#include "unit.h"

/* Fake device: fds are numbers, views are remembered per fd. */
#define FAKE_FDS	4096
#define FAKE_BASE	100000

/* Per fake fd: the filter last set (written under the router wrlock). */
static unsigned int fake_view[FAKE_FDS];
/* Per fake fd: how many times set_view was called on it. */
static unsigned int fake_set_calls[FAKE_FDS];
/* Fake fds handed out and closed (main thread only). */
static int fake_opened, fake_closed;

static int fake_open(void *arg, const struct cons_spec *sp, int *fd)
{
	if (fake_opened == FAKE_FDS)
		return -EMFILE;
	fake_view[fake_opened] = sp->levels;
	fake_set_calls[fake_opened] = 0;
	*fd = FAKE_BASE + fake_opened++;
	return 0;
}

static int fake_set(void *arg, int fd, const struct cons_spec *sp)
{
	fake_view[fd - FAKE_BASE] = sp->levels;
	fake_set_calls[fd - FAKE_BASE]++;
	return 0;
}

static void fake_close(void *arg, int fd)
{
	fake_closed++;
}

static const struct cons_ops fake_ops = {
	.open_view = fake_open,
	.set_view = fake_set,
	.close_view = fake_close,
	.name = "fake",
};

/* A test reader thread: routes nothing, checks consistency. */
struct treader {
	struct cons_reader *r;
	atomic_ulong iters;
	atomic_uint bad;
};

/* Test reader threads, by reader (slot reused when a reader goes). */
static struct treader treaders[CONS_MAX_READERS];

static void *treader_main(void *arg)
{
	struct treader *t = arg;
	struct cons_reader *r = t->r;
	struct cons_router *rt = r->rt;

	for (;;) {
		pthread_rwlock_rdlock(&rt->lock);
		if (r->removed || atomic_load(&rt->stop)) {
			pthread_rwlock_unlock(&rt->lock);
			break;
		}
		/* The fd's view and the spec change together, or not. */
		if (fake_view[r->fd - FAKE_BASE] != r->spec.levels)
			atomic_fetch_add(&t->bad, 1);
		/* x: err+priority to /dev/null, or debug+seq to /dev/zero */
		if (!strcmp(r->spec.name, "x")) {
			bool in_a = r->spec.levels == 0x08;

			if ((r->spec.order == LOGGER_ORDER_PRIORITY) != in_a ||
			    !strcmp(r->out->path, "/dev/null") != in_a)
				atomic_fetch_add(&t->bad, 1);
		}
		r->counts.read[0]++;
		pthread_rwlock_unlock(&rt->lock);
		atomic_fetch_add(&t->iters, 1);
		sched_yield();
	}
	return NULL;
}

static struct treader *slot_of(struct cons_reader *r)
{
	int i;

	for (i = 0; i < CONS_MAX_READERS; i++)
		if (treaders[i].r == r)
			return &treaders[i];
	return NULL;
}

static void start(struct cons_reload *res)
{
	size_t i;

	for (i = 0; i < res->nadded; i++) {
		struct treader *t = slot_of(NULL);

		ck_assert_ptr_nonnull(t);
		t->r = res->added[i];
		atomic_init(&t->iters, 0);
		atomic_init(&t->bad, 0);
		pthread_create(&t->r->thread, NULL, treader_main, t);
		t->r->started = true;
	}
}

/* Join, check and forget a removed reader. */
static unsigned int reap(struct cons_router *rt, struct cons_reader *r)
{
	struct treader *t = slot_of(r);
	unsigned int bad;

	pthread_join(r->thread, NULL);
	bad = atomic_load(&t->bad);
	/* It ran at least once (let_readers_run() waited for that). */
	if (!r->counts.read[0])
		bad++;
	t->r = NULL;
	cons_router_release(rt, r);
	return bad;
}

/* Wait until every running test reader has done one more round. */
static void let_readers_run(void)
{
	unsigned long before[CONS_MAX_READERS];
	int i;

	for (i = 0; i < CONS_MAX_READERS; i++)
		before[i] = treaders[i].r ? atomic_load(&treaders[i].iters) : 0;
	for (i = 0; i < CONS_MAX_READERS; i++)
		while (treaders[i].r &&
		       atomic_load(&treaders[i].iters) == before[i])
			sched_yield();
}

static void parse_specs(const char *text, struct cons_spec *specs, size_t *n)
{
	struct cons_spec def;
	char err[256];

	cons_spec_default(&def, CONS_FMT_TEXT);
	ck_assert_int_eq(cons_config_parse(text, &def, specs, 8, n, err,
					   sizeof(err)), 0);
}

START_TEST(test_reload_under_readers)
{
	static struct cons_router rt;
	struct cons_spec a[8], b[8];
	struct cons_reload res;
	struct cons_reader *x = NULL, *y = NULL;
	size_t na, nb, i;
	unsigned int bad = 0;
	int x_fd, y_fd, round;
	char err[256];

	memset(treaders, 0, sizeof(treaders));
	fake_opened = 0;
	fake_closed = 0;
	parse_specs("name=x levels=err order=priority out=/dev/null\n"
		    "name=y levels=all out=/dev/null\n"
		    "name=z levels=debug out=/dev/null\n", a, &na);
	parse_specs("name=x levels=debug order=seq out=/dev/zero\n"
		    "name=y levels=all out=/dev/null\n", b, &nb);
	ck_assert_int_eq(cons_router_init(&rt, &fake_ops), 0);
	ck_assert_int_eq(cons_router_apply(&rt, a, na, &res, err, sizeof(err)),
			 0);
	ck_assert_uint_eq(res.nadded, 3);
	ck_assert_uint_eq(rt.nr, 3);
	for (i = 0; i < rt.nr; i++) {
		if (!strcmp(rt.readers[i]->spec.name, "x"))
			x = rt.readers[i];
		if (!strcmp(rt.readers[i]->spec.name, "y"))
			y = rt.readers[i];
	}
	x_fd = x->fd;
	y_fd = y->fd;
	start(&res);

	for (round = 0; round < 200; round++) {
		bool to_b = !(round & 1);

		let_readers_run();
		ck_assert_int_eq(cons_router_apply(&rt, to_b ? b : a,
						   to_b ? nb : na, &res, err,
						   sizeof(err)), 0);
		ck_assert_uint_eq(res.changed, 1);	/* x */
		ck_assert_uint_eq(res.kept, 1);		/* y */
		ck_assert_uint_eq(res.nadded, to_b ? 0 : 1);
		ck_assert_uint_eq(res.nremoved, to_b ? 1 : 0);
		ck_assert_uint_eq(rt.nr, to_b ? 2 : 3);
		start(&res);
		for (i = 0; i < res.nremoved; i++) {
			ck_assert_str_eq(res.removed[i]->spec.name, "z");
			bad += reap(&rt, res.removed[i]);
		}
		/* Same reader structs, same fds: cursors kept. */
		ck_assert_int_eq(x->fd, x_fd);
		ck_assert_int_eq(y->fd, y_fd);
		ck_assert_uint_eq(fake_view[x_fd - FAKE_BASE],
				  to_b ? 0x80 : 0x08);
	}
	let_readers_run();
	ck_assert_uint_eq(fake_set_calls[x_fd - FAKE_BASE], 200);
	ck_assert_uint_eq(fake_set_calls[y_fd - FAKE_BASE], 0);
	/* x, y, and z opened 101 times (initial + every other round). */
	ck_assert_int_eq(fake_opened, 2 + 101);

	cons_router_stop(&rt);
	while (rt.nr) {
		struct cons_reader *r = rt.readers[--rt.nr];

		bad += reap(&rt, r);
	}
	ck_assert_uint_eq(bad, 0);
	ck_assert_int_eq(fake_closed, fake_opened);
	ck_assert_ptr_null(rt.outs);
	cons_router_destroy(&rt);
}
END_TEST

/* The pipe the end-to-end test's reader gets as its "device" fd. */
static int pipe_rd = -1;

static int pipe_open(void *arg, const struct cons_spec *sp, int *fd)
{
	*fd = pipe_rd;
	return 0;
}

static int pipe_set(void *arg, int fd, const struct cons_spec *sp)
{
	return 0;
}

static void pipe_close(void *arg, int fd)
{
	close(fd);
}

static const struct cons_ops pipe_ops = {
	.open_view = pipe_open,
	.set_view = pipe_set,
	.close_view = pipe_close,
	.name = "pipe",
};

static void put_rec(char *buf, size_t *off, unsigned int level,
		    unsigned long long seq, unsigned long long lost,
		    const char *msg)
{
	struct logger_record h;
	size_t len = strlen(msg);

	memset(&h, 0, sizeof(h));
	h.hdr_len = sizeof(h);
	h.version = 1;
	h.level = (__u8)level;
	h.msg_len = (__u32)len;
	h.pid = 7;
	h.tid = 8;
	h.uid = 9;
	h.seq = seq;
	h.lost = lost;
	h.ts_real_ns = 2000000;
	memcpy(buf + *off, &h, sizeof(h));
	memcpy(buf + *off + sizeof(h), msg, len);
	memset(buf + *off + sizeof(h) + len, 0, LOGGER_ALIGN(len) - len);
	*off += sizeof(h) + LOGGER_ALIGN(len);
}

/* Run one reader thread over @n records; returns its output file. */
static void run_pipe_reader(const char *records, size_t len,
			    unsigned long long limit, bool verify,
			    struct cons_counts *counts, char *out,
			    size_t outlen)
{
	static struct cons_router rt;
	char path[] = "/tmp/cons-out-XXXXXX", spec[64], err[256];
	struct cons_spec def, sp;
	struct cons_reload res;
	struct cons_reader *r;
	int p[2], fd;
	ssize_t n;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pipe2(p, O_NONBLOCK), 0);
	ck_assert_int_eq(write(p[1], records, len), (ssize_t)len);
	close(p[1]);
	pipe_rd = p[0];
	cons_spec_default(&def, CONS_FMT_TEXT);
	snprintf(spec, sizeof(spec), "out=%s", path);
	ck_assert_int_eq(cons_spec_parse(spec, &def, &sp, err, sizeof(err)),
			 0);
	ck_assert_int_eq(cons_router_init(&rt, &pipe_ops), 0);
	rt.limit = limit;
	rt.verify = verify;
	ck_assert_int_eq(cons_router_apply(&rt, &sp, 1, &res, err,
					   sizeof(err)), 0);
	r = res.added[0];
	ck_assert_int_eq(pthread_create(&r->thread, NULL, cons_reader_main, r),
			 0);
	pthread_join(r->thread, NULL);
	ck_assert(atomic_load(&r->done));
	*counts = r->counts;
	rt.nr = 0;
	cons_router_release(&rt, r);
	cons_router_destroy(&rt);
	n = read(fd, out, outlen - 1);
	ck_assert_int_ge(n, 0);
	out[n] = '\0';
	close(fd);
	unlink(path);
}

START_TEST(test_reader_thread_over_pipe)
{
	char recs[1024], out[1024];
	struct cons_counts c;
	size_t len = 0;

	put_rec(recs, &len, 3, 1, 0, "first");
	put_rec(recs, &len, 6, 5, 2, "after loss");
	put_rec(recs, &len, 6, 5, 0, "again");
	put_rec(recs, &len, 7, 9, 0, "x\\y");

	run_pipe_reader(recs, len, 0, true, &c, out, sizeof(out));
	ck_assert_str_eq(out,
			 "3,1,2000,7,8,9;first\n"
			 "4,0,2000,0,0,0;logger: 2 records lost\n"
			 "6,5,2000,7,8,9;after loss\n"
			 "6,5,2000,7,8,9;again\n"
			 "7,9,2000,7,8,9;x\\x5cy\n");
	ck_assert_uint_eq(c.read[3], 1);
	ck_assert_uint_eq(c.read[6], 2);
	ck_assert_uint_eq(c.read[7], 1);
	ck_assert_uint_eq(c.lost, 2);
	ck_assert_uint_eq(c.violations, 1);	/* seq 5 twice */
	ck_assert_int_eq(c.error, 0);

	/* --count 2 stops after exactly two records. */
	run_pipe_reader(recs, len, 2, false, &c, out, sizeof(out));
	ck_assert_str_eq(out,
			 "3,1,2000,7,8,9;first\n"
			 "4,0,2000,0,0,0;logger: 2 records lost\n"
			 "6,5,2000,7,8,9;after loss\n");
	ck_assert_uint_eq(c.violations, 0);

	/* Garbage: the reader stops with EBADMSG. */
	memset(recs, 0xee, 100);
	run_pipe_reader(recs, 100, 0, false, &c, out, sizeof(out));
	ck_assert_int_eq(c.error, EBADMSG);
	ck_assert_str_eq(out, "");
}
END_TEST

/*
 * Renaming a reader on a reload kept the output but opened a new fd at
 * the oldest record: the whole store went into the same file again.  A
 * new name on the output of a dropped reader is that reader, renamed.
 */
START_TEST(test_reload_rename_keeps_fd)
{
	static struct cons_router rt;
	struct cons_spec a[2], b[2];
	struct cons_reload res;
	char err[256];
	size_t na, nb;
	int opened;

	parse_specs("name=a levels=err out=/dev/null\n", a, &na);
	parse_specs("name=b levels=err out=/dev/null\n", b, &nb);
	ck_assert_int_eq(cons_router_init(&rt, &fake_ops), 0);
	ck_assert_int_eq(cons_router_apply(&rt, a, na, &res, err, sizeof(err)),
			 0);
	ck_assert_uint_eq(res.nadded, 1);
	opened = fake_opened;
	ck_assert_int_eq(cons_router_apply(&rt, b, nb, &res, err, sizeof(err)),
			 0);
	ck_assert_uint_eq(res.nadded, 0);
	ck_assert_uint_eq(res.nremoved, 0);
	ck_assert_uint_eq(res.renamed, 1);
	ck_assert_uint_eq(res.changed, 1);
	ck_assert_int_eq(fake_opened, opened);
	ck_assert_str_eq(rt.readers[0]->spec.name, "b");
	while (rt.nr)
		cons_router_release(&rt, rt.readers[--rt.nr]);
	cons_router_destroy(&rt);
}
END_TEST

static int failing_spawn(pthread_t *t, const pthread_attr_t *attr,
			 void *(*fn)(void *), void *arg)
{
	return EAGAIN;
}

/*
 * A failed pthread_create() left the readers after it neither started
 * nor done: dump mode waited for them forever.
 */
START_TEST(test_start_failure_marks_done)
{
	static struct cons_router rt;
	struct cons_spec a[4];
	struct cons_reload res;
	char err[256];
	size_t na;

	parse_specs("name=a out=/dev/null\nname=b out=/dev/null\n", a, &na);
	ck_assert_int_eq(cons_router_init(&rt, &fake_ops), 0);
	rt.spawn = failing_spawn;
	ck_assert_int_eq(cons_router_apply(&rt, a, na, &res, err, sizeof(err)),
			 0);
	ck_assert_int_eq(cons_router_start(&rt, &res), -EAGAIN);
	ck_assert(cons_router_all_done(&rt));
	ck_assert_int_eq(rt.readers[0]->counts.error, EAGAIN);
	ck_assert_int_eq(rt.readers[1]->counts.error, EAGAIN);
	while (rt.nr)
		cons_router_release(&rt, rt.readers[--rt.nr]);
	cons_router_destroy(&rt);
}
END_TEST

Suite *make_cons_router_suite(void)
{
	Suite *s = suite_create("cons_router");
	TCase *tc = tcase_create("reload");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_reload_under_readers);
	tcase_add_test(tc, test_reader_thread_over_pipe);
	tcase_add_test(tc, test_reload_rename_keeps_fd);
	tcase_add_test(tc, test_start_failure_marks_done);
	suite_add_tcase(s, tc);
	return s;
}
