// SPDX-License-Identifier: GPL-2.0
/*
 * Sequences: a reader moves its cursor (seek, filter, clear, resize, other
 * readers coming and going), then writes evict and reuse every block of a
 * 64 KiB store, and every record read must be exactly the one the model
 * (seqmodel.c) predicts, with exact lost and skipped counts.  Plus the
 * regressions found by tests written outside the project from SPEC.md:
 * one named test per finding.  Wake-ups and the huge writev are in
 * test_seq_wake.c.
 *
 * The suite runs when CHECK_TRUST is unset or not "0" (main.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "devtest.h"
#include "seqmodel.h"

static struct dt_rec recs[64];
static struct sm_store S;

/* Read exactly one binary record (a buffer of NEXT_SIZE bytes). */
static void read_exactly_one(int fd, struct dt_rec *r)
{
	__u64 size = 0;
	static char buf[8300];

	ck_assert_int_eq(ioctl(fd, LOGGER_IOC_NEXT_SIZE, &size), 0);
	ck_assert_uint_gt(size, 0);
	ck_assert_uint_le(size, sizeof(buf));
	ck_assert_int_eq(read(fd, buf, size), (ssize_t)size);
	memcpy(&r->h, buf, sizeof(r->h));
	memcpy(r->msg, buf + r->h.hdr_len, r->h.msg_len);
	r->msg[r->h.msg_len] = '\0';
}

static void check_view_stats(int fd, __u64 read, __u64 lost, __u64 skipped)
{
	struct logger_view_stats vs = dt_view_stats(fd);

	ck_assert_msg(vs.read == read && vs.lost == lost &&
		      vs.skipped == skipped,
		      "VIEW_STATS read %llu lost %llu skipped %llu, want %llu %llu %llu",
		      (unsigned long long)vs.read, (unsigned long long)vs.lost,
		      (unsigned long long)vs.skipped, (unsigned long long)read,
		      (unsigned long long)lost, (unsigned long long)skipped);
}

/*
 * Finding: a reader that read part of a level, then lseek(fd, 0,
 * SEEK_END), then reads a record written afterwards, got an older record.
 */
static void seek_end_then_new_record(unsigned int order)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY);
	int n;

	dt_set_view(r, 0xff, order, LOGGER_FORMAT_BINARY);
	dt_write_str(w, "<6>P\n<6>Q\n<6>R\n");
	read_exactly_one(r, &recs[0]);
	ck_assert_str_eq(recs[0].msg, "P");
	ck_assert_int_eq(lseek(r, 0, SEEK_END), 0);
	dt_write_str(w, "<6>S\n");
	n = dt_read_bin(r, recs, 64);
	ck_assert_msg(n == 1 && strcmp(recs[0].msg, "S") == 0,
		      "after SEEK_END: %d records, first '%s' (seq %llu), want only S",
		      n, n ? recs[0].msg : "", n ? (unsigned long long)recs[0].h.seq : 0ULL);
	ck_assert_uint_eq(recs[0].h.seq, 4);
	ck_assert_uint_eq(recs[0].h.lost, 0);
	check_view_stats(r, 2, 0, 0);
	close(r);
	close(w);
}

START_TEST(test_seek_end_then_new_record_priority)
{
	seek_end_then_new_record(LOGGER_ORDER_PRIORITY);
}
END_TEST

START_TEST(test_seek_end_then_new_record_seq)
{
	seek_end_then_new_record(LOGGER_ORDER_SEQ);
}
END_TEST

/*
 * Finding: a reader that read P, dropped the level while Q and R were
 * written, then added it back, got Q instead of the next new record S.
 * README: a level the filter adds is read from then on; Q and R were
 * written while it was filtered out: skipped.
 */
static void filter_drop_readd(unsigned int order)
{
	int w = dt_open(O_WRONLY), r = dt_open(O_RDONLY);
	int n;

	dt_set_view(r, LOGGER_LEVEL_BIT(6), order, LOGGER_FORMAT_BINARY);
	dt_write_str(w, "<6>P\n");
	read_exactly_one(r, &recs[0]);
	ck_assert_str_eq(recs[0].msg, "P");
	dt_set_view(r, LOGGER_LEVEL_BIT(3), order, LOGGER_FORMAT_BINARY);
	dt_write_str(w, "<6>Q\n<6>R\n");
	dt_set_view(r, LOGGER_LEVEL_BIT(6), order, LOGGER_FORMAT_BINARY);
	dt_write_str(w, "<6>S\n");
	n = dt_read_bin(r, recs, 64);
	ck_assert_msg(n == 1 && strcmp(recs[0].msg, "S") == 0,
		      "after drop and re-add: %d records, first '%s', want only S",
		      n, n ? recs[0].msg : "");
	ck_assert_uint_eq(recs[0].h.lost, 0);
	check_view_stats(r, 2, 0, 2);
	close(r);
	close(w);
}

START_TEST(test_filter_drop_readd_reads_next_new)
{
	filter_drop_readd(LOGGER_ORDER_PRIORITY);
}
END_TEST

START_TEST(test_filter_drop_readd_reads_next_new_seq)
{
	filter_drop_readd(LOGGER_ORDER_SEQ);
}
END_TEST

/*
 * Finding: GET_VIEW -> SET_VIEW did not round-trip on a write-only fd
 * (GET gave filter 0, SET refused it).  Every open mode must round-trip,
 * and the default level set that way must apply.
 */
START_TEST(test_get_set_view_roundtrip_wronly)
{
	static const int modes[] = { O_WRONLY, O_RDONLY, O_RDWR };
	unsigned int i;
	int r = dt_open(O_RDONLY), n;

	dt_set_view(r, 0xff, LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	for (i = 0; i < 3; i++) {
		int fd = dt_open(modes[i]);
		struct logger_view v, again;

		ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_VIEW, &v), 0);
		ck_assert_msg(ioctl(fd, LOGGER_IOC_SET_VIEW, &v) == 0,
			      "SET_VIEW(GET_VIEW()) on open mode %d: %s "
			      "(filter 0x%x)", modes[i], strerror(errno),
			      v.filter);
		ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_VIEW, &again), 0);
		ck_assert_mem_eq(&again, &v, sizeof(v));
		/* The read-modify-write a tool does to set its default level. */
		v.default_level = 2;
		ck_assert_msg(ioctl(fd, LOGGER_IOC_SET_VIEW, &v) == 0,
			      "SET_VIEW default_level on open mode %d: %s",
			      modes[i], strerror(errno));
		ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_VIEW, &again), 0);
		ck_assert_uint_eq(again.default_level, 2);
		if (modes[i] != O_RDONLY)
			dt_write_str(fd, "no prefix\n");
		close(fd);
	}
	n = dt_read_bin(r, recs, 64);
	ck_assert_int_eq(n, 2);
	ck_assert_uint_eq(recs[0].h.level, 2);
	ck_assert_uint_eq(recs[1].h.level, 2);
	close(r);
}
END_TEST

/* ---- move, then evict and reuse every block --------------------------- */

enum move {
	MV_NONE, MV_SEEK_SET, MV_SEEK_END, MV_IOC_SEEK, MV_FILTER, MV_CLEAR,
	MV_RESIZE, MV_REOPEN_OTHER, MV_ORDER, MV_FORMAT,
};

static const char *const move_name[] = {
	"no move", "SEEK_SET", "SEEK_END", "LOGGER_IOC_SEEK",
	"filter drop+re-add", "clear", "resize", "reopen of another reader",
	"order change", "format change",
};

#define F_VIEW	(LOGGER_LEVEL_BIT(3) | LOGGER_LEVEL_BIT(6))
static const __u8 flood_levels[] = { 3, 3, 5, 6, 6, 6, 7, 7 };

/* Apply @mv to view @v (second is 0 before the flood, 1 in its middle). */
static void apply_move(enum move mv, struct sm_view *v, struct sm_view *o,
		       int second)
{
	struct sm_view *both[2] = { v, o };
	__u64 target;
	unsigned int l;

	switch (mv) {
	case MV_NONE:
		break;
	case MV_SEEK_SET:
		sm_seek_set(&S, v);
		break;
	case MV_SEEK_END:
		sm_seek_end(&S, v);
		break;
	case MV_IOC_SEEK:
		sm_refresh(&S);
		/* Back into what was read, where nothing was evicted yet. */
		target = second ? 0 : S.rec[3].seq;
		for (l = 0; l < 8; l++)
			if ((F_VIEW & (1u << l)) && sm_oldest_stored(&S, l) > target)
				target = sm_oldest_stored(&S, l);
		sm_ioc_seek(&S, v, target);
		break;
	case MV_FILTER:
		sm_set_view(&S, v, LOGGER_LEVEL_BIT(3), v->order, v->format);
		sm_write_one(&S, 6, 20);
		sm_write_one(&S, 3, 20);
		sm_write_one(&S, 6, 300);
		sm_set_view(&S, v, F_VIEW, v->order, v->format);
		break;
	case MV_CLEAR:
		sm_clear(&S, both, 2);
		break;
	case MV_RESIZE:
		/* Grow, then shrink back to the smallest store (16 chunks). */
		sm_resize(&S, second ? 65536 : 131072);
		break;
	case MV_REOPEN_OTHER:
		close(o->fd);
		sm_view_open(&S, o, O_RDONLY, 0xff, LOGGER_ORDER_SEQ,
			     LOGGER_FORMAT_BINARY, "other reader");
		sm_read_one(&S, o);
		break;
	case MV_ORDER:
		sm_set_view(&S, v, v->filter, !v->order, v->format);
		break;
	case MV_FORMAT:
		sm_set_view(&S, v, v->filter, v->order, !v->format);
		break;
	}
	sm_check_totals(&S, v);
}

/*
 * A reader with filter {err, info} reads part of what is there, moves,
 * then 1600 records of err/notice/info/debug, 1..max_record bytes (about
 * six times the store), evict and reuse every block while it reads a few
 * now and then; the move is repeated in the middle of the flood, with the
 * store full.  Each of the four order x format combinations.
 */
static void move_then_evict_reuse(enum move mv)
{
	static char ctx[128];
	unsigned int combo;

	for (combo = 0; combo < 4; combo++) {
		if (sm_check_each_write && combo != 1)
			continue;	/* seq order, text: one combination */
		unsigned int order = combo & 1, format = combo >> 1, i;
		struct sm_view v, o;
		struct logger_stats st;
		int w = dt_open(O_WRONLY);

		snprintf(ctx, sizeof(ctx), "%s, %s order, %s format",
			 move_name[mv], order ? "seq" : "priority",
			 format ? "binary" : "text");
		sm_init(&S, w, 0x9e3779b9u * (mv + 1) + combo);
		sm_view_open(&S, &v, O_RDONLY, F_VIEW, order, format, ctx);
		sm_view_open(&S, &o, O_RDONLY, 0xff, LOGGER_ORDER_SEQ,
			     LOGGER_FORMAT_BINARY, "other reader");
		for (i = 0; i < 24; i++)
			sm_write_one(&S, flood_levels[(i * 3) % 8], 10 + i * 2);
		for (i = 0; i < 5; i++)
			ck_assert_int_eq(sm_read_one(&S, &v), 1);
		sm_read_one(&S, &o);
		apply_move(mv, &v, &o, 0);
		sm_flood(&S, 800, flood_levels, 8, &v, 3);
		apply_move(mv, &v, &o, 1);
		sm_flood(&S, 800, flood_levels, 8, &v, 3);
		sm_drain(&S, &v);
		sm_check_totals(&S, &v);
		sm_drain(&S, &o);
		sm_check_totals(&S, &o);
		st = dt_stats(w);
		/* The test must really have evicted records of both levels. */
		ck_assert_uint_gt(st.level_evicted[3], 0);
		ck_assert_uint_gt(st.level_evicted[6], 0);
		close(o.fd);
		close(v.fd);
		ck_assert_int_eq(ioctl(w, LOGGER_IOC_CLEAR), 0);
		if (mv == MV_RESIZE)
			sm_resize(&S, 65536);
		close(w);
	}
}

START_TEST(test_no_move_then_evict_reuse)
{
	move_then_evict_reuse(MV_NONE);
}
END_TEST

START_TEST(test_seek_set_then_evict_reuse)
{
	move_then_evict_reuse(MV_SEEK_SET);
}
END_TEST

START_TEST(test_seek_end_then_evict_reuse)
{
	move_then_evict_reuse(MV_SEEK_END);
}
END_TEST

START_TEST(test_ioc_seek_then_evict_reuse)
{
	move_then_evict_reuse(MV_IOC_SEEK);
}
END_TEST

START_TEST(test_filter_change_then_evict_reuse)
{
	move_then_evict_reuse(MV_FILTER);
}
END_TEST

START_TEST(test_clear_then_evict_reuse)
{
	move_then_evict_reuse(MV_CLEAR);
}
END_TEST

START_TEST(test_resize_then_evict_reuse)
{
	move_then_evict_reuse(MV_RESIZE);
}
END_TEST

START_TEST(test_reopen_other_then_evict_reuse)
{
	move_then_evict_reuse(MV_REOPEN_OTHER);
}
END_TEST

START_TEST(test_order_change_then_evict_reuse)
{
	move_then_evict_reuse(MV_ORDER);
}
END_TEST

START_TEST(test_format_change_then_evict_reuse)
{
	move_then_evict_reuse(MV_FORMAT);
}
END_TEST

/*
 * Finding: the blocking read loop could spin when "readable" (what poll
 * and the wait condition use) and "fetch" (what read and NEXT_SIZE use)
 * disagree.  After every write of the flood, for every move: poll,
 * NEXT_SIZE and VIEW_STATS.backlog must say what the model says.  (A
 * disagreement is caught here instead of by a read() that never returns.)
 */
START_TEST(test_readable_agrees_with_fetch_after_moves)
{
	static const enum move mvs[] = { MV_SEEK_END, MV_FILTER, MV_SEEK_SET,
					 MV_IOC_SEEK, MV_CLEAR, MV_RESIZE };
	unsigned int i;

	sm_check_each_write = 1;
	for (i = 0; i < sizeof(mvs) / sizeof(mvs[0]); i++)
		move_then_evict_reuse(mvs[i]);
	sm_check_each_write = 0;
}
END_TEST

Suite *make_sequences_suite(void)
{
	Suite *s = suite_create("sequences");
	TCase *tc = tcase_create("findings");
	TCase *mv = tcase_create("move-evict-reuse");
	TCase *wk = tcase_create("wake-ups");
	TCase *wv = tcase_create("huge-writev");

	tcase_add_checked_fixture(tc, dt_fixture_load_small, dt_fixture_unload);
	tcase_add_test(tc, test_seek_end_then_new_record_priority);
	tcase_add_test(tc, test_seek_end_then_new_record_seq);
	tcase_add_test(tc, test_filter_drop_readd_reads_next_new);
	tcase_add_test(tc, test_filter_drop_readd_reads_next_new_seq);
	tcase_add_test(tc, test_get_set_view_roundtrip_wronly);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(mv, dt_fixture_load_small, dt_fixture_unload);
	tcase_set_timeout(mv, 300);
	tcase_add_test(mv, test_no_move_then_evict_reuse);
	tcase_add_test(mv, test_seek_set_then_evict_reuse);
	tcase_add_test(mv, test_seek_end_then_evict_reuse);
	tcase_add_test(mv, test_ioc_seek_then_evict_reuse);
	tcase_add_test(mv, test_filter_change_then_evict_reuse);
	tcase_add_test(mv, test_clear_then_evict_reuse);
	tcase_add_test(mv, test_resize_then_evict_reuse);
	tcase_add_test(mv, test_reopen_other_then_evict_reuse);
	tcase_add_test(mv, test_order_change_then_evict_reuse);
	tcase_add_test(mv, test_format_change_then_evict_reuse);
	tcase_add_test(mv, test_readable_agrees_with_fetch_after_moves);
	suite_add_tcase(s, mv);

	tcase_add_checked_fixture(wk, dt_fixture_load_small, dt_fixture_unload);
	tcase_set_timeout(wk, 300);
	seq_add_wake_tests(wk);
	suite_add_tcase(s, wk);

	tcase_add_checked_fixture(wv, dt_fixture_load_small, dt_fixture_unload);
	tcase_set_timeout(wv, 600);
	seq_add_writev_tests(wv);
	suite_add_tcase(s, wv);
	return s;
}
