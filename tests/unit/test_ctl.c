// SPDX-License-Identifier: GPL-2.0
/*
 * userland/ctl: loggerctl without a kernel.  Replies and events are built
 * in memory with libnl exactly as the kernel builds them (including the
 * pad attributes nla_put_u64_64bit() may add) and run through the
 * parsers; requests are built and parsed back; output is compared byte
 * for byte; the command line is parsed for every command, good and bad.
 *
 * This file: the replies and events as the kernel builds them, their
 * parsing, requests, and the "ctl" suite.  Output is tested in
 * test_ctl_format.c, the command line in test_ctl_args.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "../../userland/ctl/ctl.h"
#include "ctl_test.h"
#include "unit.h"

/* ---- building messages as the kernel does ---- */

const struct ctl_stats ctl_sample_stats = {
	.instance = 0x1122334455667788ull,
	.capacity = 1048576,
	.bytes_used = 524288,
	.records = 1234,
	.written = 5000,
	.evicted = 3000,
	.cleared = 766,
	.next_seq = 5001,
	.readers = 2,
	.writers = 1,
	.max_record = 4096,
	.level = {
		[3] = { 10, 640, 20, 5, 5 },
		[7] = { 1224, 523648, 4980, 2995, 761 },
	},
};

/* Leave out top-level attribute @skip_attr, or level @skip_level. */
static struct nl_msg *build_stats(uint8_t cmd, const struct ctl_stats *st,
				  int skip_attr, int skip_level)
{
	struct nl_msg *msg = ut_kmsg(cmd);
	struct nlattr *nest;
	unsigned int l;

#define PUT64(a, v) do {					\
		if ((a) != skip_attr)					\
			ut_put_u64(msg, a, v, LOGGER_A_PAD);		\
	} while (0)
#define PUT32(a, v) do {					\
		if ((a) != skip_attr)					\
			ut_put_u32(msg, a, v);				\
	} while (0)
	PUT64(LOGGER_A_INSTANCE, st->instance);
	PUT64(LOGGER_A_CAPACITY, st->capacity);
	PUT64(LOGGER_A_BYTES_USED, st->bytes_used);
	PUT64(LOGGER_A_RECORDS, st->records);
	PUT64(LOGGER_A_WRITTEN, st->written);
	PUT64(LOGGER_A_EVICTED, st->evicted);
	PUT64(LOGGER_A_CLEARED, st->cleared);
	PUT64(LOGGER_A_NEXT_SEQ, st->next_seq);
	PUT32(LOGGER_A_READERS, st->readers);
	PUT32(LOGGER_A_WRITERS, st->writers);
	PUT32(LOGGER_A_MAX_RECORD, st->max_record);
#undef PUT64
#undef PUT32
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		const struct ctl_level *lv = &st->level[l];

		if ((int)l == skip_level)
			continue;
		nest = nla_nest_start(msg, LOGGER_A_LEVEL);
		ck_assert_ptr_nonnull(nest);
		ut_put_u32(msg, LOGGER_LEVEL_A_INDEX, l);
		ut_put_u64(msg, LOGGER_LEVEL_A_RECORDS, lv->records,
			   LOGGER_LEVEL_A_PAD);
		ut_put_u64(msg, LOGGER_LEVEL_A_BYTES, lv->bytes,
			   LOGGER_LEVEL_A_PAD);
		ut_put_u64(msg, LOGGER_LEVEL_A_WRITTEN, lv->written,
			   LOGGER_LEVEL_A_PAD);
		ut_put_u64(msg, LOGGER_LEVEL_A_EVICTED, lv->evicted,
			   LOGGER_LEVEL_A_PAD);
		ut_put_u64(msg, LOGGER_LEVEL_A_CLEARED, lv->cleared,
			   LOGGER_LEVEL_A_PAD);
		nla_nest_end(msg, nest);
	}
	return msg;
}

/* ---- parsing: stats ---- */

START_TEST(test_parse_stats)
{
	struct nl_msg *msg = build_stats(LOGGER_CMD_GET_STATS,
					 &ctl_sample_stats, -1, -1);
	struct ctl_stats st;

	memset(&st, 0xa5, sizeof(st));
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), 0);
	ck_assert_mem_eq(&st, &ctl_sample_stats, sizeof(st));
	nlmsg_free(msg);

	/* The stats event carries the same tree. */
	msg = build_stats(LOGGER_CMD_EVENT_STATS, &ctl_sample_stats, -1, -1);
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), 0);
	ck_assert_uint_eq(st.level[7].cleared, 761);
	nlmsg_free(msg);

	/* Optional attributes may be missing. */
	msg = build_stats(LOGGER_CMD_GET_STATS, &ctl_sample_stats,
			  LOGGER_A_INSTANCE, -1);
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), 0);
	ck_assert_uint_eq(st.instance, 0);
	ck_assert_uint_eq(st.capacity, 1048576);
	nlmsg_free(msg);
}
END_TEST

START_TEST(test_parse_stats_malformed)
{
	static const int required[] = {
		LOGGER_A_CAPACITY, LOGGER_A_BYTES_USED, LOGGER_A_RECORDS,
		LOGGER_A_WRITTEN, LOGGER_A_EVICTED, LOGGER_A_CLEARED,
		LOGGER_A_READERS, LOGGER_A_WRITERS,
	};
	struct nl_msg *msg;
	struct nlattr *nest;
	struct ctl_stats st;
	unsigned int i;

	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		msg = build_stats(LOGGER_CMD_GET_STATS, &ctl_sample_stats,
				  required[i], -1);
		ck_assert_msg(ctl_parse_stats(nlmsg_hdr(msg), &st) == -EBADMSG,
			      "attribute %d missing but accepted",
			      required[i]);
		nlmsg_free(msg);
	}
	/* A level missing. */
	msg = build_stats(LOGGER_CMD_GET_STATS, &ctl_sample_stats, -1, 4);
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), -EBADMSG);
	nlmsg_free(msg);

	/* A level twice (its last copy replaces level 4). */
	msg = build_stats(LOGGER_CMD_GET_STATS, &ctl_sample_stats, -1, 4);
	nest = nla_nest_start(msg, LOGGER_A_LEVEL);
	ut_put_u32(msg, LOGGER_LEVEL_A_INDEX, 3);
	nla_nest_end(msg, nest);
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), -EBADMSG);
	nlmsg_free(msg);

	/* Level index out of range. */
	msg = build_stats(LOGGER_CMD_GET_STATS, &ctl_sample_stats, -1, -1);
	nest = nla_nest_start(msg, LOGGER_A_LEVEL);
	ut_put_u32(msg, LOGGER_LEVEL_A_INDEX, 8);
	nla_nest_end(msg, nest);
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), -EBADMSG);
	nlmsg_free(msg);

	/* A u64 sent as a u32, and a u32 sent as a u64. */
	msg = build_stats(LOGGER_CMD_GET_STATS, &ctl_sample_stats,
			  LOGGER_A_CAPACITY, -1);
	ut_put_u32(msg, LOGGER_A_CAPACITY, 1);
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), -EBADMSG);
	nlmsg_free(msg);
	msg = build_stats(LOGGER_CMD_GET_STATS, &ctl_sample_stats,
			  LOGGER_A_READERS, -1);
	ck_assert_int_eq(nla_put_u64(msg, LOGGER_A_READERS, 1), 0);
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), -EBADMSG);
	nlmsg_free(msg);

	/* Another command. */
	msg = build_stats(LOGGER_CMD_GET_CONFIG, &ctl_sample_stats, -1, -1);
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), -EBADMSG);
	nlmsg_free(msg);
}
END_TEST

START_TEST(test_parse_truncated)
{
	struct nl_msg *msg = build_stats(LOGGER_CMD_GET_STATS,
					 &ctl_sample_stats, -1, -1);
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct ctl_stats st;
	struct nlmsghdr tiny = { .nlmsg_len = NLMSG_HDRLEN };

	/* Cut in the middle of the last attribute. */
	nlh->nlmsg_len -= 6;
	ck_assert_int_eq(ctl_parse_stats(nlh, &st), -EBADMSG);
	nlmsg_free(msg);
	/* No room for the genl header. */
	ck_assert_int_eq(ctl_parse_stats(&tiny, &st), -EBADMSG);
}
END_TEST

/* ---- parsing: readers ---- */

static struct nl_msg *build_reader(const struct ctl_reader *r, bool full)
{
	struct nl_msg *msg = ut_kmsg(LOGGER_CMD_GET_READERS);
	struct nlattr *nest = nla_nest_start(msg, LOGGER_A_READER);

	if (full)
		ut_put_u64(msg, LOGGER_READER_A_ID, r->id, LOGGER_READER_A_PAD);
	ut_put_u32(msg, LOGGER_READER_A_PID, r->pid);
	ck_assert_int_eq(nla_put_string(msg, LOGGER_READER_A_COMM, r->comm),
			 0);
	ut_put_u32(msg, LOGGER_READER_A_FILTER, r->filter);
	ut_put_u32(msg, LOGGER_READER_A_ORDER, r->order);
	ut_put_u32(msg, LOGGER_READER_A_FORMAT, r->format);
	ut_put_u64(msg, LOGGER_READER_A_BACKLOG, r->backlog,
		   LOGGER_READER_A_PAD);
	ut_put_u64(msg, LOGGER_READER_A_LOST, r->lost, LOGGER_READER_A_PAD);
	if (full) {
		ut_put_u64(msg, LOGGER_READER_A_READ, r->read,
			   LOGGER_READER_A_PAD);
		ut_put_u64(msg, LOGGER_READER_A_SKIPPED, r->skipped,
			   LOGGER_READER_A_PAD);
	}
	nla_nest_end(msg, nest);
	return msg;
}

const struct ctl_reader ctl_sample_reader = {
	.id = 7, .pid = 4242, .comm = "my \"cat\"\t\x01", .filter = 0x18,
	.order = LOGGER_ORDER_SEQ, .format = LOGGER_FORMAT_BINARY,
	.backlog = 12, .lost = 3, .read = 100, .skipped = 9,
};

START_TEST(test_parse_reader)
{
	struct nl_msg *msg = build_reader(&ctl_sample_reader, true);
	struct ctl_reader r, want = ctl_sample_reader;

	memset(&r, 0xa5, sizeof(r));
	ck_assert_int_eq(ctl_parse_reader(nlmsg_hdr(msg), &r), 0);
	ck_assert_mem_eq(&r, &ctl_sample_reader, sizeof(r));
	nlmsg_free(msg);

	/* id, read and skipped are optional. */
	msg = build_reader(&ctl_sample_reader, false);
	ck_assert_int_eq(ctl_parse_reader(nlmsg_hdr(msg), &r), 0);
	want.id = 0;
	want.read = 0;
	want.skipped = 0;
	ck_assert_mem_eq(&r, &want, sizeof(r));
	nlmsg_free(msg);
}
END_TEST

START_TEST(test_parse_reader_malformed)
{
	struct ctl_reader r, bad = ctl_sample_reader;
	struct nl_msg *msg;
	struct nlattr *nest;
	char comm[20];

	/* Filter bits above the eight levels. */
	bad.filter = 0x100;
	msg = build_reader(&bad, true);
	ck_assert_int_eq(ctl_parse_reader(nlmsg_hdr(msg), &r), -EBADMSG);
	nlmsg_free(msg);

	/* A comm without its NUL, and one too long. */
	msg = ut_kmsg(LOGGER_CMD_GET_READERS);
	nest = nla_nest_start(msg, LOGGER_A_READER);
	ut_put_u32(msg, LOGGER_READER_A_PID, 1);
	ck_assert_int_eq(nla_put(msg, LOGGER_READER_A_COMM, 3, "abc"), 0);
	nla_nest_end(msg, nest);
	ck_assert_int_eq(ctl_parse_reader(nlmsg_hdr(msg), &r), -EBADMSG);
	nlmsg_free(msg);

	memset(comm, 'x', sizeof(comm));
	comm[16] = '\0';
	bad = ctl_sample_reader;
	memcpy(bad.comm, "ok", 3);
	msg = build_reader(&bad, true);
	nest = nla_nest_start(msg, LOGGER_A_READER);
	ck_assert_int_eq(nla_put_string(msg, LOGGER_READER_A_COMM, comm), 0);
	nla_nest_end(msg, nest);
	ck_assert_int_eq(ctl_parse_reader(nlmsg_hdr(msg), &r), -EBADMSG);
	nlmsg_free(msg);

	/* No reader nest at all. */
	msg = ut_kmsg(LOGGER_CMD_GET_READERS);
	ck_assert_int_eq(ctl_parse_reader(nlmsg_hdr(msg), &r), -EBADMSG);
	nlmsg_free(msg);
}
END_TEST

START_TEST(test_readers_list)
{
	struct ctl_readers rs = { 0 };
	struct ctl_reader r = ctl_sample_reader;
	unsigned int i;

	for (i = 0; i < 40; i++) {
		r.pid = 100 - i % 3;
		r.id = 40 - i;
		ck_assert_int_eq(ctl_readers_add(&rs, &r), 0);
	}
	ctl_readers_sort(&rs);
	ck_assert_uint_eq(rs.n, 40);
	for (i = 1; i < rs.n; i++)
		ck_assert(rs.v[i - 1].pid < rs.v[i].pid ||
			  (rs.v[i - 1].pid == rs.v[i].pid &&
			   rs.v[i - 1].id < rs.v[i].id));
	ctl_readers_free(&rs);
	ck_assert_ptr_null(rs.v);
}
END_TEST

/* ---- requests and config ---- */

START_TEST(test_request_header)
{
	struct nl_msg *msg = ctl_msg_request(UT_FAMILY, LOGGER_CMD_GET_READERS,
					     NLM_F_DUMP);
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);

	ck_assert_uint_eq(nlh->nlmsg_type, UT_FAMILY);
	ck_assert(nlh->nlmsg_flags & NLM_F_DUMP);
	ck_assert_uint_eq(gh->cmd, LOGGER_CMD_GET_READERS);
	ck_assert_uint_eq(gh->version, LOGGER_GENL_VERSION);
	ck_assert_int_eq(genlmsg_attrlen(gh, 0), 0);
	nlmsg_free(msg);
}
END_TEST

START_TEST(test_set_config_request)
{
	struct ctl_config in = { 0 }, out;
	struct nl_msg *msg;

	in.set = CTL_CFG_CAPACITY | CTL_CFG_RESERVE(3) | CTL_CFG_RESERVE(7) |
		 CTL_CFG_INTERVAL;
	in.capacity = 4ull << 30;
	in.reserve_pct[3] = 10;
	in.reserve_pct[7] = 0;
	in.event_interval_ms = 250;
	msg = ctl_msg_request(UT_FAMILY, LOGGER_CMD_SET_CONFIG, 0);
	ck_assert_int_eq(ctl_msg_put_config(msg, &in), 0);
	/* Parsed back as the kernel would, only what was set is there. */
	ck_assert_int_eq(ctl_parse_config(nlmsg_hdr(msg), &out, true), 0);
	ck_assert_mem_eq(&out, &in, sizeof(in));
	/* It is not a complete GET_CONFIG reply. */
	ck_assert_int_eq(ctl_parse_config(nlmsg_hdr(msg), &out, false),
			 -EBADMSG);
	nlmsg_free(msg);

	/* Nothing set: libnl drops the empty nest (args.c never asks). */
	memset(&in, 0, sizeof(in));
	msg = ctl_msg_request(UT_FAMILY, LOGGER_CMD_SET_CONFIG, 0);
	ck_assert_int_eq(ctl_msg_put_config(msg, &in), 0);
	ck_assert_int_eq(genlmsg_attrlen(nlmsg_data(nlmsg_hdr(msg)), 0), 0);
	ck_assert_int_eq(ctl_parse_config(nlmsg_hdr(msg), &out, true),
			 -EBADMSG);
	nlmsg_free(msg);
}
END_TEST

static struct nl_msg *build_config(const struct ctl_config *c, int skip_level,
				   int dup_level, uint32_t bad_pct)
{
	struct nl_msg *msg = ut_kmsg(LOGGER_CMD_GET_CONFIG);
	struct nlattr *nest = nla_nest_start(msg, LOGGER_A_CONFIG), *lv;
	unsigned int l;

	ut_put_u64(msg, LOGGER_CONFIG_A_CAPACITY, c->capacity,
		   LOGGER_CONFIG_A_PAD);
	ut_put_u32(msg, LOGGER_CONFIG_A_EVENT_INTERVAL_MS,
		   c->event_interval_ms);
	ut_put_u32(msg, LOGGER_CONFIG_A_MAX_RECORD, c->max_record);
	ut_put_u32(msg, LOGGER_CONFIG_A_POLICY, c->policy);
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		if ((int)l == skip_level)
			continue;
		lv = nla_nest_start(msg, LOGGER_CONFIG_A_LEVEL);
		ut_put_u32(msg, LOGGER_LEVEL_A_INDEX,
			   (int)l == dup_level ? 0 : l);
		ut_put_u32(msg, LOGGER_LEVEL_A_RESERVE_PCT,
			   l == 2 && bad_pct ? bad_pct : c->reserve_pct[l]);
		nla_nest_end(msg, lv);
	}
	nla_nest_end(msg, nest);
	return msg;
}

const struct ctl_config ctl_sample_config = {
	.set = CTL_CFG_CAPACITY | CTL_CFG_INTERVAL | CTL_CFG_POLICY |
	       CTL_CFG_MAX_RECORD | CTL_CFG_RESERVE_ALL,
	.capacity = 1048576,
	.event_interval_ms = 1000,
	.max_record = 4096,
	.policy = 0,
	.reserve_pct = { 5, 5, 5, 10, 10, 5, 5, 0 },
};

START_TEST(test_parse_config)
{
	struct nl_msg *msg = build_config(&ctl_sample_config, -1, -1, 0);
	struct ctl_config c;

	ck_assert_int_eq(ctl_parse_config(nlmsg_hdr(msg), &c, false), 0);
	ck_assert_mem_eq(&c, &ctl_sample_config, sizeof(c));
	/* A GET_CONFIG reply is not a SET_CONFIG request. */
	ck_assert_int_eq(ctl_parse_config(nlmsg_hdr(msg), &c, true),
			 -EBADMSG);
	nlmsg_free(msg);

	msg = build_config(&ctl_sample_config, 6, -1, 0);
	ck_assert_int_eq(ctl_parse_config(nlmsg_hdr(msg), &c, false),
			 -EBADMSG);
	nlmsg_free(msg);
	msg = build_config(&ctl_sample_config, -1, 5, 0);
	ck_assert_int_eq(ctl_parse_config(nlmsg_hdr(msg), &c, false),
			 -EBADMSG);
	nlmsg_free(msg);
	msg = build_config(&ctl_sample_config, -1, -1, 101);
	ck_assert_int_eq(ctl_parse_config(nlmsg_hdr(msg), &c, false),
			 -EBADMSG);
	nlmsg_free(msg);
}
END_TEST

START_TEST(test_parse_clear)
{
	struct nl_msg *msg = ut_kmsg(LOGGER_CMD_CLEAR);
	uint64_t n = 0;

	ck_assert_int_eq(ctl_parse_clear(nlmsg_hdr(msg), &n), -EBADMSG);
	ut_put_u64(msg, LOGGER_A_CLEAR_RECORDS, 123456789012ull, LOGGER_A_PAD);
	ck_assert_int_eq(ctl_parse_clear(nlmsg_hdr(msg), &n), 0);
	ck_assert_uint_eq(n, 123456789012ull);
	nlmsg_free(msg);
}
END_TEST

/* ---- events ---- */

struct nl_msg *ctl_build_overflow(void)
{
	struct nl_msg *msg = ut_kmsg(LOGGER_CMD_EVENT_OVERFLOW);
	struct nlattr *nest;

	ut_put_u64(msg, LOGGER_A_EVICTED, 3000, LOGGER_A_PAD);
	ut_put_u32(msg, LOGGER_A_LOST_READERS, 2);
	nest = nla_nest_start(msg, LOGGER_A_LEVEL);
	ut_put_u32(msg, LOGGER_LEVEL_A_INDEX, 7);
	ut_put_u64(msg, LOGGER_LEVEL_A_EVICTED_DELTA, 120, LOGGER_LEVEL_A_PAD);
	ut_put_u64(msg, LOGGER_LEVEL_A_EVICTED, 2995, LOGGER_LEVEL_A_PAD);
	ut_put_u32(msg, LOGGER_LEVEL_A_LOST_READERS, 2);
	nla_nest_end(msg, nest);
	nest = nla_nest_start(msg, LOGGER_A_LEVEL);
	ut_put_u32(msg, LOGGER_LEVEL_A_INDEX, 6);
	ut_put_u64(msg, LOGGER_LEVEL_A_EVICTED_DELTA, 3, LOGGER_LEVEL_A_PAD);
	nla_nest_end(msg, nest);
	return msg;
}

START_TEST(test_parse_events)
{
	struct nl_msg *msg = ctl_build_overflow();
	struct ctl_event ev;

	ck_assert_int_eq(ctl_parse_event(nlmsg_hdr(msg), &ev), 0);
	ck_assert_uint_eq(ev.cmd, LOGGER_CMD_EVENT_OVERFLOW);
	ck_assert_uint_eq(ev.u.overflow.evicted, 3000);
	ck_assert_uint_eq(ev.u.overflow.lost_readers, 2);
	ck_assert_uint_eq(ev.u.overflow.levels, 0xc0);
	ck_assert_uint_eq(ev.u.overflow.has_total, 0x80);
	ck_assert_uint_eq(ev.u.overflow.has_lost, 0x80);
	ck_assert_uint_eq(ev.u.overflow.delta[7], 120);
	ck_assert_uint_eq(ev.u.overflow.delta[6], 3);
	ck_assert_uint_eq(ev.u.overflow.level_evicted[7], 2995);
	ck_assert_uint_eq(ev.u.overflow.level_lost_readers[7], 2);
	nlmsg_free(msg);

	msg = ut_kmsg(LOGGER_CMD_EVENT_THRESHOLD);
	ut_put_u32(msg, LOGGER_A_THRESHOLD, LOGGER_THRESHOLD_HIGH);
	ut_put_u32(msg, LOGGER_A_DIRECTION, LOGGER_DIR_UP);
	ut_put_u64(msg, LOGGER_A_BYTES_USED, 943718, LOGGER_A_PAD);
	ut_put_u64(msg, LOGGER_A_CAPACITY, 1048576, LOGGER_A_PAD);
	ck_assert_int_eq(ctl_parse_event(nlmsg_hdr(msg), &ev), 0);
	ck_assert_uint_eq(ev.cmd, LOGGER_CMD_EVENT_THRESHOLD);
	ck_assert_uint_eq(ev.u.threshold.percent, 90);
	ck_assert_uint_eq(ev.u.threshold.direction, LOGGER_DIR_UP);
	ck_assert_uint_eq(ev.u.threshold.bytes_used, 943718);
	ck_assert_uint_eq(ev.u.threshold.capacity, 1048576);
	nlmsg_free(msg);

	msg = ut_kmsg(LOGGER_CMD_EVENT_CLEARED);
	ut_put_u64(msg, LOGGER_A_CLEAR_RECORDS, 1234, LOGGER_A_PAD);
	ut_put_u32(msg, LOGGER_A_CLEAR_PID, 77);
	ut_put_u32(msg, LOGGER_A_CLEAR_UID, 0);
	ck_assert_int_eq(nla_put_string(msg, LOGGER_A_CLEAR_COMM, "loggerctl"),
			 0);
	ck_assert_int_eq(ctl_parse_event(nlmsg_hdr(msg), &ev), 0);
	ck_assert_uint_eq(ev.cmd, LOGGER_CMD_EVENT_CLEARED);
	ck_assert_uint_eq(ev.u.cleared.records, 1234);
	ck_assert_uint_eq(ev.u.cleared.pid, 77);
	ck_assert_str_eq(ev.u.cleared.comm, "loggerctl");
	nlmsg_free(msg);

	msg = build_stats(LOGGER_CMD_EVENT_STATS, &ctl_sample_stats, -1, -1);
	ck_assert_int_eq(ctl_parse_event(nlmsg_hdr(msg), &ev), 0);
	ck_assert_uint_eq(ev.cmd, LOGGER_CMD_EVENT_STATS);
	ck_assert_mem_eq(&ev.u.stats, &ctl_sample_stats,
			 sizeof(ctl_sample_stats));
	nlmsg_free(msg);
}
END_TEST

START_TEST(test_parse_events_malformed)
{
	struct nl_msg *msg;
	struct ctl_event ev;

	/* Threshold without a valid direction. */
	msg = ut_kmsg(LOGGER_CMD_EVENT_THRESHOLD);
	ut_put_u32(msg, LOGGER_A_THRESHOLD, 50);
	ut_put_u32(msg, LOGGER_A_DIRECTION, LOGGER_DIR_MAX + 1);
	ut_put_u64(msg, LOGGER_A_BYTES_USED, 1, LOGGER_A_PAD);
	ut_put_u64(msg, LOGGER_A_CAPACITY, 2, LOGGER_A_PAD);
	ck_assert_int_eq(ctl_parse_event(nlmsg_hdr(msg), &ev), -EBADMSG);
	nlmsg_free(msg);

	/* Cleared without who. */
	msg = ut_kmsg(LOGGER_CMD_EVENT_CLEARED);
	ut_put_u64(msg, LOGGER_A_CLEAR_RECORDS, 1, LOGGER_A_PAD);
	ck_assert_int_eq(ctl_parse_event(nlmsg_hdr(msg), &ev), -EBADMSG);
	nlmsg_free(msg);

	/* Overflow level without its delta; without lost readers. */
	msg = ut_kmsg(LOGGER_CMD_EVENT_OVERFLOW);
	ut_put_u32(msg, LOGGER_A_LOST_READERS, 0);
	ck_assert_int_eq(ctl_parse_event(nlmsg_hdr(msg), &ev), 0);
	ck_assert_uint_eq(ev.u.overflow.levels, 0);
	nla_nest_end_keep_empty(msg, nla_nest_start(msg, LOGGER_A_LEVEL));
	ck_assert_int_eq(ctl_parse_event(nlmsg_hdr(msg), &ev), -EBADMSG);
	nlmsg_free(msg);
	msg = ut_kmsg(LOGGER_CMD_EVENT_OVERFLOW);
	ck_assert_int_eq(ctl_parse_event(nlmsg_hdr(msg), &ev), -EBADMSG);
	nlmsg_free(msg);

	/* Not an event. */
	msg = ut_kmsg(LOGGER_CMD_GET_STATS);
	ck_assert_int_eq(ctl_parse_event(nlmsg_hdr(msg), &ev), -EBADMSG);
	nlmsg_free(msg);
	msg = ut_kmsg(LOGGER_CMD_MAX + 1);
	ck_assert_int_eq(ctl_parse_event(nlmsg_hdr(msg), &ev), -EBADMSG);
	nlmsg_free(msg);
}
END_TEST


Suite *make_ctl_suite(void)
{
	Suite *s = suite_create("ctl");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_parse_stats);
	tcase_add_test(tc, test_parse_stats_malformed);
	tcase_add_test(tc, test_parse_truncated);
	tcase_add_test(tc, test_parse_reader);
	tcase_add_test(tc, test_parse_reader_malformed);
	tcase_add_test(tc, test_readers_list);
	tcase_add_test(tc, test_request_header);
	tcase_add_test(tc, test_set_config_request);
	tcase_add_test(tc, test_parse_config);
	tcase_add_test(tc, test_parse_clear);
	tcase_add_test(tc, test_parse_events);
	tcase_add_test(tc, test_parse_events_malformed);
	suite_add_tcase(s, tc);

	suite_add_tcase(s, ctl_format_tcase());
	suite_add_tcase(s, ctl_args_tcase());
	return s;
}
