// SPDX-License-Identifier: GPL-2.0
/*
 * userland/ctl: loggerctl without a kernel.  Replies and events are built
 * in memory with libnl exactly as the kernel builds them (including the
 * pad attributes nla_put_u64_64bit() may add) and run through the
 * parsers; requests are built and parsed back; output is compared byte
 * for byte; the command line is parsed for every command, good and bad.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "../../userland/ctl/ctl.h"
#include "unit.h"

/* ---- building messages as the kernel does ---- */

static const struct ctl_stats sample_stats = {
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
	struct nl_msg *msg = build_stats(LOGGER_CMD_GET_STATS, &sample_stats,
					 -1, -1);
	struct ctl_stats st;

	memset(&st, 0xa5, sizeof(st));
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), 0);
	ck_assert_mem_eq(&st, &sample_stats, sizeof(st));
	nlmsg_free(msg);

	/* The stats event carries the same tree. */
	msg = build_stats(LOGGER_CMD_EVENT_STATS, &sample_stats, -1, -1);
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), 0);
	ck_assert_uint_eq(st.level[7].cleared, 761);
	nlmsg_free(msg);

	/* Optional attributes may be missing. */
	msg = build_stats(LOGGER_CMD_GET_STATS, &sample_stats,
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
		msg = build_stats(LOGGER_CMD_GET_STATS, &sample_stats,
				  required[i], -1);
		ck_assert_msg(ctl_parse_stats(nlmsg_hdr(msg), &st) == -EBADMSG,
			      "attribute %d missing but accepted",
			      required[i]);
		nlmsg_free(msg);
	}
	/* A level missing. */
	msg = build_stats(LOGGER_CMD_GET_STATS, &sample_stats, -1, 4);
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), -EBADMSG);
	nlmsg_free(msg);

	/* A level twice (its last copy replaces level 4). */
	msg = build_stats(LOGGER_CMD_GET_STATS, &sample_stats, -1, 4);
	nest = nla_nest_start(msg, LOGGER_A_LEVEL);
	ut_put_u32(msg, LOGGER_LEVEL_A_INDEX, 3);
	nla_nest_end(msg, nest);
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), -EBADMSG);
	nlmsg_free(msg);

	/* Level index out of range. */
	msg = build_stats(LOGGER_CMD_GET_STATS, &sample_stats, -1, -1);
	nest = nla_nest_start(msg, LOGGER_A_LEVEL);
	ut_put_u32(msg, LOGGER_LEVEL_A_INDEX, 8);
	nla_nest_end(msg, nest);
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), -EBADMSG);
	nlmsg_free(msg);

	/* A u64 sent as a u32, and a u32 sent as a u64. */
	msg = build_stats(LOGGER_CMD_GET_STATS, &sample_stats,
			  LOGGER_A_CAPACITY, -1);
	ut_put_u32(msg, LOGGER_A_CAPACITY, 1);
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), -EBADMSG);
	nlmsg_free(msg);
	msg = build_stats(LOGGER_CMD_GET_STATS, &sample_stats,
			  LOGGER_A_READERS, -1);
	ck_assert_int_eq(nla_put_u64(msg, LOGGER_A_READERS, 1), 0);
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), -EBADMSG);
	nlmsg_free(msg);

	/* Another command. */
	msg = build_stats(LOGGER_CMD_GET_CONFIG, &sample_stats, -1, -1);
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), -EBADMSG);
	nlmsg_free(msg);
}
END_TEST

START_TEST(test_parse_truncated)
{
	struct nl_msg *msg = build_stats(LOGGER_CMD_GET_STATS, &sample_stats,
					 -1, -1);
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
	ut_put_u64(msg, LOGGER_READER_A_BACKLOG, r->backlog, LOGGER_READER_A_PAD);
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

static const struct ctl_reader sample_reader = {
	.id = 7, .pid = 4242, .comm = "my \"cat\"\t\x01", .filter = 0x18,
	.order = LOGGER_ORDER_SEQ, .format = LOGGER_FORMAT_BINARY,
	.backlog = 12, .lost = 3, .read = 100, .skipped = 9,
};

START_TEST(test_parse_reader)
{
	struct nl_msg *msg = build_reader(&sample_reader, true);
	struct ctl_reader r, want = sample_reader;

	memset(&r, 0xa5, sizeof(r));
	ck_assert_int_eq(ctl_parse_reader(nlmsg_hdr(msg), &r), 0);
	ck_assert_mem_eq(&r, &sample_reader, sizeof(r));
	nlmsg_free(msg);

	/* id, read and skipped are optional. */
	msg = build_reader(&sample_reader, false);
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
	struct ctl_reader r, bad = sample_reader;
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
	bad = sample_reader;
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
	struct ctl_reader r = sample_reader;
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
	ut_put_u32(msg, LOGGER_CONFIG_A_EVENT_INTERVAL_MS, c->event_interval_ms);
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

static const struct ctl_config sample_config = {
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
	struct nl_msg *msg = build_config(&sample_config, -1, -1, 0);
	struct ctl_config c;

	ck_assert_int_eq(ctl_parse_config(nlmsg_hdr(msg), &c, false), 0);
	ck_assert_mem_eq(&c, &sample_config, sizeof(c));
	/* A GET_CONFIG reply is not a SET_CONFIG request. */
	ck_assert_int_eq(ctl_parse_config(nlmsg_hdr(msg), &c, true),
			 -EBADMSG);
	nlmsg_free(msg);

	msg = build_config(&sample_config, 6, -1, 0);
	ck_assert_int_eq(ctl_parse_config(nlmsg_hdr(msg), &c, false),
			 -EBADMSG);
	nlmsg_free(msg);
	msg = build_config(&sample_config, -1, 5, 0);
	ck_assert_int_eq(ctl_parse_config(nlmsg_hdr(msg), &c, false),
			 -EBADMSG);
	nlmsg_free(msg);
	msg = build_config(&sample_config, -1, -1, 101);
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

static struct nl_msg *build_overflow(void)
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
	struct nl_msg *msg = build_overflow();
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

	msg = build_stats(LOGGER_CMD_EVENT_STATS, &sample_stats, -1, -1);
	ck_assert_int_eq(ctl_parse_event(nlmsg_hdr(msg), &ev), 0);
	ck_assert_uint_eq(ev.cmd, LOGGER_CMD_EVENT_STATS);
	ck_assert_mem_eq(&ev.u.stats, &sample_stats, sizeof(sample_stats));
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

/* ---- output: JSON ---- */

START_TEST(test_json_strings)
{
	struct ut_cap c;

	ctl_json_str(ut_cap_open(&c), "my \"cat\"\t\x01\\");
	ck_output(&c, "\"my \\\"cat\\\"\\t\\u0001\\\\\"");
	ctl_json_str(ut_cap_open(&c), "caf\xc3\xa9\n");
	ck_output(&c, "\"caf\xc3\xa9\\n\"");
	ctl_json_str(ut_cap_open(&c), "");
	ck_output(&c, "\"\"");
}
END_TEST

START_TEST(test_json_stats)
{
	struct ut_cap c;

	ctl_print_stats(ut_cap_open(&c), &sample_stats, true);
	ck_output(&c,
		  "{\"instance\":\"1122334455667788\",\"capacity\":1048576,"
		  "\"bytes_used\":524288,\"used_pct\":50.0,\"records\":1234,"
		  "\"written\":5000,\"evicted\":3000,\"cleared\":766,"
		  "\"next_seq\":5001,\"readers\":2,\"writers\":1,"
		  "\"max_record\":4096,"
		  "\"policy\":null,\"waiting_writers\":null,\"waits\":null,"
		  "\"holding_readers\":null,\"groups\":null,"
		  "\"group_members\":null,\"hold_expired\":null,"
		  "\"levels\":["
		  "{\"level\":\"emerg\",\"records\":0,\"bytes\":0,\"written\":0,\"evicted\":0,\"cleared\":0},"
		  "{\"level\":\"alert\",\"records\":0,\"bytes\":0,\"written\":0,\"evicted\":0,\"cleared\":0},"
		  "{\"level\":\"crit\",\"records\":0,\"bytes\":0,\"written\":0,\"evicted\":0,\"cleared\":0},"
		  "{\"level\":\"err\",\"records\":10,\"bytes\":640,\"written\":20,\"evicted\":5,\"cleared\":5},"
		  "{\"level\":\"warning\",\"records\":0,\"bytes\":0,\"written\":0,\"evicted\":0,\"cleared\":0},"
		  "{\"level\":\"notice\",\"records\":0,\"bytes\":0,\"written\":0,\"evicted\":0,\"cleared\":0},"
		  "{\"level\":\"info\",\"records\":0,\"bytes\":0,\"written\":0,\"evicted\":0,\"cleared\":0},"
		  "{\"level\":\"debug\",\"records\":1224,\"bytes\":523648,\"written\":4980,\"evicted\":2995,\"cleared\":761}"
		  "]}\n");
}
END_TEST

START_TEST(test_json_readers)
{
	struct ctl_reader r2 = sample_reader;
	struct ctl_readers rs = { 0 };
	struct ut_cap c;

	ctl_print_readers(ut_cap_open(&c), &rs, true);
	ck_output(&c, "{\"readers\":[]}\n");

	r2.pid = 1;
	r2.id = 1;
	r2.filter = LOGGER_LEVELS_ALL;
	r2.order = LOGGER_ORDER_PRIORITY;
	r2.format = LOGGER_FORMAT_TEXT;
	strcpy(r2.comm, "cat");
	ctl_readers_add(&rs, &sample_reader);
	ctl_readers_add(&rs, &r2);
	ctl_print_readers(ut_cap_open(&c), &rs, true);
	ck_output(&c,
		  "{\"readers\":[{\"id\":7,\"pid\":4242,"
		  "\"comm\":\"my \\\"cat\\\"\\t\\u0001\","
		  "\"filter\":\"err..warning\",\"filter_mask\":24,"
		  "\"order\":\"seq\",\"format\":\"binary\",\"backlog\":12,"
		  "\"lost\":3,\"read\":100,\"skipped\":9,\"holding\":null,"
		  "\"group\":null,\"group_members\":0,\"tags\":[]},"
		  "{\"id\":1,\"pid\":1,\"comm\":\"cat\",\"filter\":\"all\","
		  "\"filter_mask\":255,\"order\":\"priority\","
		  "\"format\":\"text\",\"backlog\":12,\"lost\":3,\"read\":100,"
		  "\"skipped\":9,\"holding\":null,\"group\":null,"
		  "\"group_members\":0,\"tags\":[]}]}\n");
	ctl_readers_free(&rs);
}
END_TEST

START_TEST(test_json_config_clear)
{
	struct ut_cap c;

	ctl_print_config(ut_cap_open(&c), &sample_config, true);
	ck_output(&c,
		  "{\"capacity\":1048576,\"event_interval_ms\":1000,"
		  "\"max_record\":4096,\"policy\":\"overwrite\","
		  "\"reserve_pct\":{\"emerg\":5,\"alert\":5,\"crit\":5,"
		  "\"err\":10,\"warning\":10,\"notice\":5,\"info\":5,"
		  "\"debug\":0}}\n");
	ctl_print_cleared(ut_cap_open(&c), true, 42, true);
	ck_output(&c, "{\"cleared\":42}\n");
	ctl_print_cleared(ut_cap_open(&c), false, 0, true);
	ck_output(&c, "{\"cleared\":null}\n");
}
END_TEST

START_TEST(test_json_events)
{
	struct timespec ts = { .tv_sec = 1700000000, .tv_nsec = 123456789 };
	struct nl_msg *msg = build_overflow();
	struct ctl_event ev;
	struct ut_cap c;

	ck_assert_int_eq(ctl_parse_event(nlmsg_hdr(msg), &ev), 0);
	nlmsg_free(msg);
	ctl_print_event(ut_cap_open(&c), &ev, &ts, true);
	ck_output(&c,
		  "{\"event\":\"overflow\",\"time\":\"2023-11-14T22:13:20.123Z\","
		  "\"evicted\":3000,\"lost_readers\":2,\"levels\":["
		  "{\"level\":\"info\",\"evicted\":3},"
		  "{\"level\":\"debug\",\"evicted\":120,\"evicted_total\":2995,"
		  "\"lost_readers\":2}]}\n");

	memset(&ev, 0, sizeof(ev));
	ev.cmd = LOGGER_CMD_EVENT_THRESHOLD;
	ev.u.threshold.percent = 90;
	ev.u.threshold.direction = LOGGER_DIR_DOWN;
	ev.u.threshold.bytes_used = 800000;
	ev.u.threshold.capacity = 1048576;
	ctl_print_event(ut_cap_open(&c), &ev, NULL, true);
	ck_output(&c,
		  "{\"event\":\"threshold\",\"percent\":90,\"direction\":\"down\","
		  "\"bytes_used\":800000,\"capacity\":1048576}\n");

	memset(&ev, 0, sizeof(ev));
	ev.cmd = LOGGER_CMD_EVENT_CLEARED;
	ev.u.cleared.records = 5;
	ev.u.cleared.pid = 9;
	ev.u.cleared.uid = 1000;
	strcpy(ev.u.cleared.comm, "a\"b\n");
	ctl_print_event(ut_cap_open(&c), &ev, NULL, true);
	ck_output(&c,
		  "{\"event\":\"cleared\",\"records\":5,\"pid\":9,\"uid\":1000,"
		  "\"comm\":\"a\\\"b\\n\"}\n");

	memset(&ev, 0, sizeof(ev));
	ev.cmd = LOGGER_CMD_EVENT_STATS;
	ev.u.stats.capacity = 100;
	ev.u.stats.bytes_used = 1;
	ctl_print_event(ut_cap_open(&c), &ev, NULL, true);
	ck_output(&c,
		  "{\"event\":\"stats\",\"instance\":\"0000000000000000\","
		  "\"capacity\":100,\"bytes_used\":1,\"used_pct\":1.0,"
		  "\"records\":0,\"written\":0,\"evicted\":0,\"cleared\":0,"
		  "\"next_seq\":0,\"readers\":0,\"writers\":0,\"max_record\":0,"
		  "\"policy\":null,\"waiting_writers\":null,\"waits\":null,"
		  "\"holding_readers\":null,\"groups\":null,"
		  "\"group_members\":null,\"hold_expired\":null,"
		  "\"levels\":["
		  "{\"level\":\"emerg\",\"records\":0,\"bytes\":0,\"written\":0,\"evicted\":0,\"cleared\":0},"
		  "{\"level\":\"alert\",\"records\":0,\"bytes\":0,\"written\":0,\"evicted\":0,\"cleared\":0},"
		  "{\"level\":\"crit\",\"records\":0,\"bytes\":0,\"written\":0,\"evicted\":0,\"cleared\":0},"
		  "{\"level\":\"err\",\"records\":0,\"bytes\":0,\"written\":0,\"evicted\":0,\"cleared\":0},"
		  "{\"level\":\"warning\",\"records\":0,\"bytes\":0,\"written\":0,\"evicted\":0,\"cleared\":0},"
		  "{\"level\":\"notice\",\"records\":0,\"bytes\":0,\"written\":0,\"evicted\":0,\"cleared\":0},"
		  "{\"level\":\"info\",\"records\":0,\"bytes\":0,\"written\":0,\"evicted\":0,\"cleared\":0},"
		  "{\"level\":\"debug\",\"records\":0,\"bytes\":0,\"written\":0,\"evicted\":0,\"cleared\":0}"
		  "]}\n");
}
END_TEST

/* ---- output: human ---- */

START_TEST(test_human_stats)
{
	struct ut_cap c;

	ctl_print_stats(ut_cap_open(&c), &sample_stats, false);
	ck_output(&c,
		  "capacity  1048576 bytes (1.0 MiB)\n"
		  "used       524288 bytes (50.0%)\n"
		  "records      1234\n"
		  "written      5000\n"
		  "evicted      3000\n"
		  "cleared       766\n"
		  "readers         2\n"
		  "writers         1\n"
		  "\n"
		  "LEVEL    RECORDS   BYTES  WRITTEN  EVICTED  CLEARED\n"
		  "emerg          0       0        0        0        0\n"
		  "alert          0       0        0        0        0\n"
		  "crit           0       0        0        0        0\n"
		  "err           10     640       20        5        5\n"
		  "warning        0       0        0        0        0\n"
		  "notice         0       0        0        0        0\n"
		  "info           0       0        0        0        0\n"
		  "debug       1224  523648     4980     2995      761\n");
}
END_TEST

START_TEST(test_human_readers)
{
	struct ctl_reader r2 = sample_reader;
	struct ctl_readers rs = { 0 };
	struct ut_cap c;

	ctl_print_readers(ut_cap_open(&c), &rs, false);
	ck_output(&c, "no open readers\n");

	r2.pid = 1;
	r2.filter = 0x8f;
	r2.order = LOGGER_ORDER_PRIORITY;
	r2.format = LOGGER_FORMAT_TEXT;
	r2.backlog = 1234567;
	r2.lost = 0;
	strcpy(r2.comm, "cat");
	ctl_readers_add(&rs, &r2);
	ctl_readers_add(&rs, &sample_reader);
	ctl_print_readers(ut_cap_open(&c), &rs, false);
	ck_output(&c,
		  " PID  COMM              FILTER            ORDER     FORMAT  BACKLOG  LOST  HOLD  GROUP  MEMBERS  TAGS\n"
		  "   1  cat               emerg..err,debug  priority  text    1234567     0  -     -            -  -\n"
		  "4242  my \"cat\"\\x09\\x01  err..warning      seq       binary       12     3  -     -            -  -\n");
	ctl_readers_free(&rs);
}
END_TEST

START_TEST(test_human_config_events)
{
	struct ctl_event ev;
	struct nl_msg *msg;
	struct ut_cap c;

	ctl_print_config(ut_cap_open(&c), &sample_config, false);
	ck_output(&c,
		  "capacity        1048576 bytes (1.0 MiB)\n"
		  "event interval  1000 ms\n"
		  "max record      4096 bytes\n"
		  "policy          overwrite\n"
		  "\n"
		  "LEVEL    RESERVE\n"
		  "emerg         5%\n"
		  "alert         5%\n"
		  "crit          5%\n"
		  "err          10%\n"
		  "warning      10%\n"
		  "notice        5%\n"
		  "info          5%\n"
		  "debug         0%\n");
	ctl_print_cleared(ut_cap_open(&c), true, 1, false);
	ck_output(&c, "cleared 1 record\n");
	ctl_print_cleared(ut_cap_open(&c), true, 0, false);
	ck_output(&c, "cleared 0 records\n");

	msg = build_overflow();
	ck_assert_int_eq(ctl_parse_event(nlmsg_hdr(msg), &ev), 0);
	nlmsg_free(msg);
	ctl_print_event(ut_cap_open(&c), &ev, NULL, false);
	ck_output(&c,
		  "overflow  evicted info=3 debug=120; 2 readers lost records\n");

	memset(&ev, 0, sizeof(ev));
	ev.cmd = LOGGER_CMD_EVENT_THRESHOLD;
	ev.u.threshold.percent = 100;
	ev.u.threshold.direction = LOGGER_DIR_UP;
	ev.u.threshold.bytes_used = 1048576;
	ev.u.threshold.capacity = 1048576;
	ctl_print_event(ut_cap_open(&c), &ev, NULL, false);
	ck_output(&c,
		  "threshold full, evicting: 1048576 of 1048576 bytes used (100.0%)\n");
	/* Full while 88 % is in use: no "100 %" beside "88 %" any more. */
	ev.u.threshold.bytes_used = 922747;
	ctl_print_event(ut_cap_open(&c), &ev, NULL, false);
	ck_output(&c,
		  "threshold full, evicting: 922747 of 1048576 bytes used (88.0%)\n");
	ev.u.threshold.percent = 90;
	ev.u.threshold.direction = LOGGER_DIR_DOWN;
	ctl_print_event(ut_cap_open(&c), &ev, NULL, false);
	ck_output(&c,
		  "threshold below 90%: 922747 of 1048576 bytes used (88.0%)\n");

	memset(&ev, 0, sizeof(ev));
	ev.cmd = LOGGER_CMD_EVENT_CLEARED;
	ev.u.cleared.records = 2;
	ev.u.cleared.pid = 9;
	strcpy(ev.u.cleared.comm, "rm\x1b[2J");
	ctl_print_event(ut_cap_open(&c), &ev, NULL, false);
	ck_output(&c, "cleared   2 records by pid 9 (rm\\x1b[2J) uid 0\n");

	memset(&ev, 0, sizeof(ev));
	ev.cmd = LOGGER_CMD_EVENT_STATS;
	ev.u.stats = sample_stats;
	ctl_print_event(ut_cap_open(&c), &ev, NULL, false);
	ck_output(&c,
		  "stats     used 524288/1048576 (50.0%) records 1234 written 5000 evicted 3000 readers 2 writers 1\n");
}
END_TEST

START_TEST(test_sizes)
{
	char buf[32];

	ctl_fmt_size(buf, sizeof(buf), 512);
	ck_assert_str_eq(buf, "512 B");
	ctl_fmt_size(buf, sizeof(buf), 1536);
	ck_assert_str_eq(buf, "1.5 KiB");
	ctl_fmt_size(buf, sizeof(buf), 64ull << 20);
	ck_assert_str_eq(buf, "64.0 MiB");
	ctl_fmt_size(buf, sizeof(buf), 3ull << 30);
	ck_assert_str_eq(buf, "3.0 GiB");
}
END_TEST

/* ---- errors ---- */

START_TEST(test_errors)
{
	struct ut_cap c;

	ck_assert_int_eq(ctl_nlerr_to_errno(-NLE_PERM), -EPERM);
	ck_assert_int_eq(ctl_nlerr_to_errno(NLE_NOMEM), -ENOMEM);
	ck_assert_int_eq(ctl_nlerr_to_errno(-NLE_OBJ_NOTFOUND), -ENOENT);
	ck_assert_int_eq(ctl_nlerr_to_errno(-NLE_INVAL), -EINVAL);
	ck_assert_int_eq(ctl_nlerr_to_errno(-NLE_FAILURE), -EIO);
	ck_assert_int_eq(ctl_nlerr_to_errno(-9999), -EIO);

	ctl_report(ut_cap_open(&c), "stats", -CTL_ENOTLOADED, NULL);
	ck_output(&c, "loggerctl: logger module not loaded\n");
	ctl_report(ut_cap_open(&c), "clear", -EPERM, "");
	ck_output(&c, "loggerctl: permission denied: needs CAP_SYSLOG\n");
	ctl_report(ut_cap_open(&c), "set", -EINVAL, "reserves above 100%");
	ck_output(&c, "loggerctl: set: Invalid argument (reserves above 100%)\n");
	ctl_report(ut_cap_open(&c), "readers", -EBADMSG, NULL);
	ck_output(&c, "loggerctl: readers: Bad message\n");
}
END_TEST

/* ---- the command line ---- */

/* ut_ctl_parse() with what it writes to stderr into @err_text. */
static int parse(struct ctl_args *a, char **err_text, ...)
{
	struct ut_cap c;
	va_list ap;
	int rc;

	va_start(ap, err_text);
	rc = ut_ctl_vparse(a, ut_cap_open(&c), ap);
	va_end(ap);
	*err_text = ut_cap_close(&c);
	return rc;
}

#define ck_usage(a, ...) do {						\
	char *e_;							\
	ck_assert_int_eq(parse(a, &e_, __VA_ARGS__, NULL),		\
			 CTL_EXIT_USAGE);				\
	ck_assert_msg(strstr(e_, "Try 'loggerctl --help' for more information.\n"),		\
		      "no hint in '%s'", e_);				\
	free(e_);							\
} while (0)

#define ck_ok(a, ...) do {						\
	char *e_;							\
	ck_assert_int_eq(parse(a, &e_, __VA_ARGS__, NULL), 0);		\
	ck_assert_str_eq(e_, "");					\
	free(e_);							\
} while (0)

START_TEST(test_args_commands)
{
	struct ctl_args a;

	ck_ok(&a, "stats");
	ck_assert_str_eq(a.cmd->name, "stats");
	ck_assert(!a.json);
	ck_ok(&a, "--json", "stats");
	ck_assert(a.json);
	ck_ok(&a, "readers", "-j");
	ck_assert_str_eq(a.cmd->name, "readers");
	ck_assert(a.json);
	ck_ok(&a, "config");
	ck_ok(&a, "clear", "--json");
	ck_assert_str_eq(a.cmd->name, "clear");
	ck_ok(&a, "stats", "--help");
	ck_assert(a.help);
	ck_ok(&a, "help", "watch");
	ck_assert(a.help);
	ck_assert_str_eq(a.cmd->name, "watch");
	ck_ok(&a, "--help");
	ck_assert(a.help && !a.cmd);
	ck_ok(&a, "--version");
	ck_assert(a.version);

	ck_usage(&a, "--json");
	ck_usage(&a, "bogus");
	ck_usage(&a, "stats", "extra");
	ck_usage(&a, "stats", "--count", "3");
	ck_usage(&a, "readers", "--bogus");
	ck_usage(&a, "clear", "now");
	ck_usage(&a, "--frobnicate", "stats");
	ck_usage(&a, "help", "bogus");
	ck_usage(&a, "stats", "--version");
}
END_TEST

START_TEST(test_args_watch)
{
	struct ctl_args a;

	ck_ok(&a, "watch");
	ck_assert_uint_eq(a.count, 0);
	ck_assert_int_eq(a.timeout_ms, -1);
	ck_ok(&a, "watch", "--count", "5", "--timeout=2.5", "--json");
	ck_assert_uint_eq(a.count, 5);
	ck_assert_int_eq(a.timeout_ms, 2500);
	ck_assert(a.json);
	ck_ok(&a, "watch", "--count=1", "--timeout", "0");
	ck_assert_uint_eq(a.count, 1);
	ck_assert_int_eq(a.timeout_ms, 0);

	ck_usage(&a, "watch", "--count");
	ck_usage(&a, "watch", "--count", "0");
	ck_usage(&a, "watch", "--count", "-1");
	ck_usage(&a, "watch", "--count", "x");
	ck_usage(&a, "watch", "--count=99999999999");
	ck_usage(&a, "watch", "--timeout", "soon");
	ck_usage(&a, "watch", "--timeout", "-1");
	ck_usage(&a, "watch", "--timeout", "1e400");
	ck_usage(&a, "watch", "--timeout=");
	ck_usage(&a, "watch", "events");
	ck_ok(&a, "watch", "--type", "overflow,threshold");
	ck_assert_uint_eq(a.types, (1u << LOGGER_CMD_EVENT_OVERFLOW) |
				   (1u << LOGGER_CMD_EVENT_THRESHOLD));
	ck_usage(&a, "watch", "--type", "overflow,bogus");
	ck_usage(&a, "watch", "--type=");
	ck_usage(&a, "--count", "3", "watch");
}
END_TEST

START_TEST(test_args_set)
{
	struct ctl_args a;
	unsigned int l;

	ck_ok(&a, "set", "capacity=64K");
	ck_assert_uint_eq(a.cfg.set, CTL_CFG_CAPACITY);
	ck_assert_uint_eq(a.cfg.capacity, 65536);
	ck_ok(&a, "set", "capacity=2G", "interval=250", "policy=overwrite",
	      "reserve=err:10,warning:5,7:0", "--json");
	ck_assert_uint_eq(a.cfg.capacity, 2ull << 30);
	ck_assert_uint_eq(a.cfg.event_interval_ms, 250);
	ck_assert_uint_eq(a.cfg.policy, 0);
	ck_assert_uint_eq(a.cfg.set,
			  CTL_CFG_CAPACITY | CTL_CFG_INTERVAL | CTL_CFG_POLICY |
			  CTL_CFG_RESERVE(3) | CTL_CFG_RESERVE(4) |
			  CTL_CFG_RESERVE(7));
	ck_assert_uint_eq(a.cfg.reserve_pct[3], 10);
	ck_assert_uint_eq(a.cfg.reserve_pct[4], 5);
	ck_assert_uint_eq(a.cfg.reserve_pct[7], 0);
	for (l = 0; l < 3; l++)
		ck_assert_uint_eq(a.cfg.reserve_pct[l], 0);
	ck_assert(a.json);
	ck_ok(&a, "set", "--", "capacity=1m");
	ck_assert_uint_eq(a.cfg.capacity, 1u << 20);

	ck_usage(&a, "set");
	ck_usage(&a, "set", "--json");
	ck_usage(&a, "set", "capacity");
	ck_usage(&a, "set", "=5");
	ck_usage(&a, "set", "color=blue");
	ck_usage(&a, "set", "capacity=");
	ck_usage(&a, "set", "capacity=0");
	ck_usage(&a, "set", "capacity=12Q");
	ck_usage(&a, "set", "capacity=-1");
	ck_usage(&a, "set", "capacity=99999999999G");
	ck_usage(&a, "set", "capacity=1K", "capacity=2K");
	ck_usage(&a, "set", "reserve=");
	ck_usage(&a, "set", "reserve=err");
	ck_usage(&a, "set", "reserve=err:101");
	ck_usage(&a, "set", "reserve=bogus:5");
	ck_usage(&a, "set", "reserve=err:5,err:6");
	ck_usage(&a, "set", "reserve=err:5,");
	ck_usage(&a, "set", "reserve=err:5", "reserve=info:1");
	ck_usage(&a, "set", "interval=0");
	ck_usage(&a, "set", "interval=4294967296");
	ck_usage(&a, "set", "interval=1s");
	ck_usage(&a, "set", "policy=Block");
	ck_usage(&a, "set", "policy=drop");
	ck_usage(&a, "set", "policy=");
	ck_usage(&a, "set", "policy=block", "policy=overwrite");
	ck_usage(&a, "set", "capacity=1M", "--count=2");
}
END_TEST

START_TEST(test_parse_values)
{
	struct ctl_config cfg = { 0 };
	uint64_t v;
	uint32_t u;
	int64_t ms;

	ck_assert_int_eq(ctl_parse_size("0", &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(ctl_parse_size("4KiB", &v), 0);
	ck_assert_uint_eq(v, 4096);
	ck_assert_int_eq(ctl_parse_size("3MB", &v), 0);
	ck_assert_uint_eq(v, 3u << 20);
	ck_assert_int_eq(ctl_parse_size("18446744073709551615", &v), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_int_eq(ctl_parse_size("18446744073709551616", &v), -1);
	ck_assert_int_eq(ctl_parse_size("16777216T", &v), -1);
	ck_assert_int_eq(ctl_parse_size("1 K", &v), -1);
	ck_assert_int_eq(ctl_parse_size("K", &v), -1);
	ck_assert_int_eq(ctl_parse_size("1KX", &v), -1);
	ck_assert_int_eq(ctl_parse_u32("4294967295", &u), 0);
	ck_assert_uint_eq(u, UINT32_MAX);
	ck_assert_int_eq(ctl_parse_u32("+1", &u), -1);
	ck_assert_int_eq(ctl_parse_u32(" 1", &u), -1);
	ck_assert_int_eq(ctl_parse_timeout("1.0015", &ms), 0);
	ck_assert_int_eq(ms, 1002);
	ck_assert_int_eq(ctl_parse_timeout("nan", &ms), -1);
	ck_assert_int_eq(ctl_parse_timeout("99999999", &ms), -1);
	ck_assert_int_eq(ctl_parse_reserve("emerg..err:5", &cfg), -1);
	ck_assert_int_eq(ctl_parse_reserve("ERROR:7,debug:100", &cfg), 0);
	ck_assert_uint_eq(cfg.reserve_pct[3], 7);
	ck_assert_uint_eq(cfg.reserve_pct[7], 100);
}
END_TEST

/* ctl_main() itself: exit statuses and what reaches the two streams. */
static int run(char **out_text, char **err_text, ...)
{
	char *argv[UT_ARGV_MAX];
	struct ut_cap o, e;
	va_list ap;
	int argc, rc;

	va_start(ap, err_text);
	argc = ut_vargv(argv, UT_ARGV_MAX, "loggerctl", ap);
	va_end(ap);
	rc = ctl_main(argc, argv, ut_cap_open(&o), ut_cap_open(&e));
	*out_text = ut_cap_close(&o);
	*err_text = ut_cap_close(&e);
	return rc;
}

START_TEST(test_main)
{
	const struct ctl_cmd *cmd;
	char *out, *err;

	ck_assert_int_eq(run(&out, &err, NULL), CTL_EXIT_USAGE);
	ck_assert_str_eq(out, "");
	ck_assert_str_eq(err, "loggerctl: no command given\n"
			      "Try 'loggerctl --help' for more information.\n");
	free(out);
	free(err);

	ck_assert_int_eq(run(&out, &err, "stats", "--count=2", NULL),
			 CTL_EXIT_USAGE);
	ck_assert_str_eq(err, "loggerctl: stats: unknown option '--count=2'\n"
			      "Try 'loggerctl --help' for more information.\n");
	free(out);
	free(err);

	ck_assert_int_eq(run(&out, &err, "--help", NULL), CTL_EXIT_OK);
	for (cmd = ctl_cmds; cmd->name; cmd++)
		ck_assert_msg(strstr(out, cmd->name), "%s not in --help",
			      cmd->name);
	ck_assert_str_eq(err, "");
	free(out);
	free(err);

	/* Every command has its own --help, which needs no kernel. */
	for (cmd = ctl_cmds; cmd->name; cmd++) {
		ck_assert_int_eq(run(&out, &err, cmd->name, "--help", NULL),
				 CTL_EXIT_OK);
		ck_assert_str_eq(out, cmd->usage);
		ck_assert_ptr_nonnull(strstr(out, "Usage: loggerctl "));
		ck_assert_ptr_nonnull(cmd->handler);
		ck_assert_ptr_nonnull(cmd->help);
		free(out);
		free(err);
	}

	ck_assert_int_eq(run(&out, &err, "-V", NULL), CTL_EXIT_OK);
	ck_assert_ptr_nonnull(strstr(out, "loggerctl "));
	free(out);
	free(err);
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

	tc = tcase_create("format");
	tcase_add_test(tc, test_json_strings);
	tcase_add_test(tc, test_json_stats);
	tcase_add_test(tc, test_json_readers);
	tcase_add_test(tc, test_json_config_clear);
	tcase_add_test(tc, test_json_events);
	tcase_add_test(tc, test_human_stats);
	tcase_add_test(tc, test_human_readers);
	tcase_add_test(tc, test_human_config_events);
	tcase_add_test(tc, test_sizes);
	tcase_add_test(tc, test_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("args");
	tcase_add_test(tc, test_args_commands);
	tcase_add_test(tc, test_args_watch);
	tcase_add_test(tc, test_args_set);
	tcase_add_test(tc, test_parse_values);
	tcase_add_test(tc, test_main);
	suite_add_tcase(s, tc);
	return s;
}
