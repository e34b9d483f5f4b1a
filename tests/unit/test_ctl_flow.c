// SPDX-License-Identifier: GPL-2.0
/*
 * SPEC section 6 in the tools, without a kernel: loggerctl's policy
 * setting (command line and request), the flow counters of the stats
 * tree, each reader's holding flag, group and tag filter (parsing, JSON
 * and table, byte for byte), and logger-producer's --tag (limits, the
 * ioctl on a fd that is not the device, the messages).  Messages are
 * built with libnl as the kernel builds them (driver/netlink.c).
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "../../userland/ctl/ctl.h"
#include "../../userland/producer/prod_opts.h"
#include "../../userland/producer/prod_write.h"
#include "unit.h"

/* ---- stats ---- */

/* The stats tree, flow counters but @skip (0: none; -1: all). */
static struct nl_msg *build_flow_stats(int skip)
{
	struct nl_msg *msg = ut_kmsg(LOGGER_CMD_GET_STATS);
	struct nlattr *nest;
	unsigned int l;

	ut_put_u64(msg, LOGGER_A_CAPACITY, 65536, LOGGER_A_PAD);
	ut_put_u64(msg, LOGGER_A_BYTES_USED, 16384, LOGGER_A_PAD);
	ut_put_u64(msg, LOGGER_A_RECORDS, 100, LOGGER_A_PAD);
	ut_put_u64(msg, LOGGER_A_WRITTEN, 100, LOGGER_A_PAD);
	ut_put_u64(msg, LOGGER_A_EVICTED, 0, LOGGER_A_PAD);
	ut_put_u64(msg, LOGGER_A_CLEARED, 0, LOGGER_A_PAD);
	ut_put_u32(msg, LOGGER_A_READERS, 3);
	ut_put_u32(msg, LOGGER_A_WRITERS, 2);
#define FLOW32(a, v) do {						\
		if (skip != -1 && skip != (a))				\
			ut_put_u32(msg, a, v);				\
	} while (0)
#define FLOW64(a, v) do {						\
		if (skip != -1 && skip != (a))				\
			ut_put_u64(msg, a, v, LOGGER_A_PAD);		\
	} while (0)
	FLOW32(LOGGER_A_POLICY, LOGGER_POLICY_BLOCK);
	FLOW32(LOGGER_A_WAITING_WRITERS, 1);
	FLOW64(LOGGER_A_WAITS, 12345);
	FLOW32(LOGGER_A_HOLDING_READERS, 2);
	FLOW32(LOGGER_A_GROUPS, 1);
	FLOW32(LOGGER_A_GROUP_MEMBERS, 2);
	FLOW64(LOGGER_A_HOLD_EXPIRED, 7);
#undef FLOW32
#undef FLOW64
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		nest = nla_nest_start(msg, LOGGER_A_LEVEL);
		ut_put_u32(msg, LOGGER_LEVEL_A_INDEX, l);
		ut_put_u64(msg, LOGGER_LEVEL_A_RECORDS, 0, LOGGER_LEVEL_A_PAD);
		ut_put_u64(msg, LOGGER_LEVEL_A_BYTES, 0, LOGGER_LEVEL_A_PAD);
		ut_put_u64(msg, LOGGER_LEVEL_A_WRITTEN, 0, LOGGER_LEVEL_A_PAD);
		ut_put_u64(msg, LOGGER_LEVEL_A_EVICTED, 0, LOGGER_LEVEL_A_PAD);
		ut_put_u64(msg, LOGGER_LEVEL_A_CLEARED, 0, LOGGER_LEVEL_A_PAD);
		nla_nest_end(msg, nest);
	}
	return msg;
}

START_TEST(test_parse_flow_stats)
{
	static const int need[] = {
		LOGGER_A_POLICY, LOGGER_A_WAITING_WRITERS, LOGGER_A_WAITS,
		LOGGER_A_HOLDING_READERS, LOGGER_A_GROUPS,
		LOGGER_A_GROUP_MEMBERS,
	};
	struct nl_msg *msg = build_flow_stats(0);
	struct ctl_stats st;
	unsigned int i;

	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), 0);
	nlmsg_free(msg);
	ck_assert(st.has_flow);
	ck_assert_uint_eq(st.policy, LOGGER_POLICY_BLOCK);
	ck_assert_uint_eq(st.waiting_writers, 1);
	ck_assert_uint_eq(st.waits, 12345);
	ck_assert_uint_eq(st.holding_readers, 2);
	ck_assert_uint_eq(st.groups, 1);
	ck_assert_uint_eq(st.group_members, 2);
	ck_assert_uint_eq(st.hold_expired, 7);

	/* An older module: none of them, and that is fine. */
	msg = build_flow_stats(-1);
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), 0);
	nlmsg_free(msg);
	ck_assert(!st.has_flow);
	ck_assert_uint_eq(st.waits, 0);

	/* hold_expired may be missing; the others come together. */
	msg = build_flow_stats(LOGGER_A_HOLD_EXPIRED);
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), 0);
	nlmsg_free(msg);
	ck_assert(st.has_flow);
	ck_assert_uint_eq(st.hold_expired, 0);
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		msg = build_flow_stats(need[i]);
		ck_assert_msg(ctl_parse_stats(nlmsg_hdr(msg), &st) == -EBADMSG,
			      "flow attribute %d missing but accepted", need[i]);
		nlmsg_free(msg);
	}
	/* A u32 counter sent as a u64. */
	msg = build_flow_stats(LOGGER_A_GROUPS);
	ck_assert_int_eq(nla_put_u64(msg, LOGGER_A_GROUPS, 1), 0);
	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), -EBADMSG);
	nlmsg_free(msg);
}
END_TEST

START_TEST(test_flow_stats_output)
{
	static const char want[] =
		"\"max_record\":0,\"policy\":\"block\",\"waiting_writers\":1,"
		"\"waits\":12345,\"holding_readers\":2,\"groups\":1,"
		"\"group_members\":2,\"hold_expired\":7,\"levels\":[";
	struct nl_msg *msg = build_flow_stats(0);
	struct ctl_event ev;
	struct ctl_stats st;
	struct ut_cap c;
	char *p;

	ck_assert_int_eq(ctl_parse_stats(nlmsg_hdr(msg), &st), 0);
	nlmsg_free(msg);
	ctl_print_stats(ut_cap_open(&c), &st, true);
	fclose(c.f);
	p = strstr(c.buf, want);
	ck_assert_msg(p, "%s", c.buf);
	free(c.buf);

	ctl_print_stats(ut_cap_open(&c), &st, false);
	fclose(c.f);
	ck_assert_msg(strstr(c.buf,
			     "writers       2\n"
			     "\n"
			     "policy           block\n"
			     "holding readers      2\n"
			     "waiting writers      1\n"
			     "waits            12345\n"
			     "groups               1\n"
			     "group members        2\n"
			     "hold expired         7\n"
			     "\n"
			     "LEVEL  "), "%s", c.buf);
	free(c.buf);

	/* The stats event's line says the policy and who holds or waits. */
	memset(&ev, 0, sizeof(ev));
	ev.cmd = LOGGER_CMD_EVENT_STATS;
	ev.u.stats = st;
	ctl_print_event(ut_cap_open(&c), &ev, NULL, false);
	ck_output(&c, "stats     used 16384/65536 (25.0%) records 100 written 100 evicted 0 readers 3 writers 2 policy block holding 2 waiting 1\n");

	/* A policy this version does not know. */
	st.policy = 9;
	st.waits = 0;
	ctl_print_stats(ut_cap_open(&c), &st, false);
	fclose(c.f);
	ck_assert_msg(strstr(c.buf, "\npolicy           ?\n"), "%s", c.buf);
	free(c.buf);
	ck_assert_str_eq(ctl_policy_name(LOGGER_POLICY_OVERWRITE), "overwrite");
	ck_assert_str_eq(ctl_policy_name(LOGGER_POLICY_BLOCK), "block");
	ck_assert_str_eq(ctl_policy_name(2), "?");
}
END_TEST

/* ---- readers ---- */

/*
 * One reader as the kernel sends it, with @holding (-1: absent), @group
 * (NULL: none) and its @members, and @ntags tags from @tags.
 */
static struct nl_msg *build_reader(uint32_t pid, int holding,
				   const char *group, uint32_t members,
				   const char *const *tags, unsigned int ntags)
{
	struct nl_msg *msg = ut_kmsg(LOGGER_CMD_GET_READERS);
	struct nlattr *nest = nla_nest_start(msg, LOGGER_A_READER);
	unsigned int i;

	ut_put_u64(msg, LOGGER_READER_A_ID, pid, LOGGER_READER_A_PAD);
	ut_put_u32(msg, LOGGER_READER_A_PID, pid);
	ck_assert_int_eq(nla_put_string(msg, LOGGER_READER_A_COMM, "worker"),
			 0);
	ut_put_u32(msg, LOGGER_READER_A_FILTER, LOGGER_LEVELS_ALL);
	ut_put_u32(msg, LOGGER_READER_A_ORDER, LOGGER_ORDER_SEQ);
	ut_put_u32(msg, LOGGER_READER_A_FORMAT, LOGGER_FORMAT_BINARY);
	ut_put_u64(msg, LOGGER_READER_A_BACKLOG, 5, LOGGER_READER_A_PAD);
	ut_put_u64(msg, LOGGER_READER_A_LOST, 0, LOGGER_READER_A_PAD);
	ut_put_u64(msg, LOGGER_READER_A_READ, 10, LOGGER_READER_A_PAD);
	ut_put_u64(msg, LOGGER_READER_A_SKIPPED, 1, LOGGER_READER_A_PAD);
	if (holding >= 0)
		ut_put_u32(msg, LOGGER_READER_A_HOLDING, (uint32_t)holding);
	if (group) {
		ck_assert_int_eq(nla_put_string(msg, LOGGER_READER_A_GROUP,
						group), 0);
		ut_put_u32(msg, LOGGER_READER_A_MEMBERS, members);
	}
	for (i = 0; i < ntags; i++)
		ck_assert_int_eq(nla_put_string(msg, LOGGER_READER_A_TAG,
						tags[i]), 0);
	nla_nest_end(msg, nest);
	return msg;
}

static int parse_one(struct nl_msg *msg, struct ctl_reader *r)
{
	int rc = ctl_parse_reader(nlmsg_hdr(msg), r);

	nlmsg_free(msg);
	return rc;
}

static const char *const nine[] = {
	"job", "log", "", "a,b", "x\\y", "1", "2", "3", "4",
};

START_TEST(test_parse_reader_flow)
{
	char tag31[32], name32[33];
	struct ctl_reader r;

	ck_assert_int_eq(parse_one(build_reader(1, 1, "workers", 4, nine, 3),
				   &r), 0);
	ck_assert(r.has_hold);
	ck_assert(r.holding);
	ck_assert_str_eq(r.group, "workers");
	ck_assert_uint_eq(r.members, 4);
	ck_assert_uint_eq(r.ntags, 3);
	ck_assert_str_eq(r.tags[0], "job");
	ck_assert_str_eq(r.tags[1], "log");
	ck_assert_str_eq(r.tags[2], "");

	/* An older module: nothing of it, all unknown or empty. */
	ck_assert_int_eq(parse_one(build_reader(1, -1, NULL, 0, NULL, 0), &r),
			 0);
	ck_assert(!r.has_hold);
	ck_assert(!r.holding);
	ck_assert_str_eq(r.group, "");
	ck_assert_uint_eq(r.members, 0);
	ck_assert_uint_eq(r.ntags, 0);

	ck_assert_int_eq(parse_one(build_reader(1, 0, NULL, 0, nine, 8), &r),
			 0);
	ck_assert(r.has_hold);
	ck_assert(!r.holding);
	ck_assert_uint_eq(r.ntags, LOGGER_TAG_FILTER_MAX);
	ck_assert_str_eq(r.tags[7], "3");

	/* The longest tag and group name. */
	memset(tag31, 't', 31);
	tag31[31] = '\0';
	{
		const char *one[] = { tag31 };

		ck_assert_int_eq(parse_one(build_reader(1, 1, tag31, 1, one,
							1), &r), 0);
		ck_assert_str_eq(r.tags[0], tag31);
		ck_assert_str_eq(r.group, tag31);
	}

	/* Malformed: more than 8 tags, a longer name, a bad flag. */
	ck_assert_int_eq(parse_one(build_reader(1, 1, NULL, 0, nine, 9), &r),
			 -EBADMSG);
	memset(name32, 'g', 32);
	name32[32] = '\0';
	ck_assert_int_eq(parse_one(build_reader(1, 1, name32, 2, NULL, 0),
				   &r), -EBADMSG);
	{
		const char *one[] = { name32 };

		ck_assert_int_eq(parse_one(build_reader(1, 1, NULL, 0, one, 1),
					   &r), -EBADMSG);
	}
	ck_assert_int_eq(parse_one(build_reader(1, 2, NULL, 0, NULL, 0), &r),
			 -EBADMSG);
	ck_assert_int_eq(parse_one(build_reader(1, 1, "", 2, NULL, 0), &r),
			 -EBADMSG);
	ck_assert_int_eq(parse_one(build_reader(1, 1, "workers", 0, NULL, 0),
				   &r), -EBADMSG);
	/* A group without its member count, and the other way round. */
	{
		struct nl_msg *msg = ut_kmsg(LOGGER_CMD_GET_READERS);
		struct nlattr *nest = nla_nest_start(msg, LOGGER_A_READER);

		ut_put_u32(msg, LOGGER_READER_A_PID, 1);
		nla_put_string(msg, LOGGER_READER_A_COMM, "x");
		ut_put_u32(msg, LOGGER_READER_A_FILTER, 1);
		ut_put_u32(msg, LOGGER_READER_A_ORDER, 0);
		ut_put_u32(msg, LOGGER_READER_A_FORMAT, 0);
		ut_put_u64(msg, LOGGER_READER_A_BACKLOG, 0,
			   LOGGER_READER_A_PAD);
		ut_put_u64(msg, LOGGER_READER_A_LOST, 0, LOGGER_READER_A_PAD);
		ut_put_u32(msg, LOGGER_READER_A_MEMBERS, 2);
		nla_nest_end(msg, nest);
		ck_assert_int_eq(parse_one(msg, &r), -EBADMSG);
	}
	{
		struct nl_msg *msg = ut_kmsg(LOGGER_CMD_GET_READERS);
		struct nlattr *nest = nla_nest_start(msg, LOGGER_A_READER);

		ut_put_u32(msg, LOGGER_READER_A_PID, 1);
		nla_put_string(msg, LOGGER_READER_A_COMM, "x");
		ut_put_u32(msg, LOGGER_READER_A_FILTER, 1);
		ut_put_u32(msg, LOGGER_READER_A_ORDER, 0);
		ut_put_u32(msg, LOGGER_READER_A_FORMAT, 0);
		ut_put_u64(msg, LOGGER_READER_A_BACKLOG, 0,
			   LOGGER_READER_A_PAD);
		ut_put_u64(msg, LOGGER_READER_A_LOST, 0, LOGGER_READER_A_PAD);
		nla_put_string(msg, LOGGER_READER_A_GROUP, "g");
		nla_nest_end(msg, nest);
		ck_assert_int_eq(parse_one(msg, &r), -EBADMSG);
	}
}
END_TEST

/* The list "loggerctl readers" shows in the tests below. */
static void sample_list(struct ctl_readers *rs)
{
	struct ctl_reader r;

	memset(rs, 0, sizeof(*rs));
	ck_assert_int_eq(parse_one(build_reader(10, 1, NULL, 0, nine, 2), &r),
			 0);
	ctl_readers_add(rs, &r);
	ck_assert_int_eq(parse_one(build_reader(11, 0, NULL, 0, NULL, 0), &r),
			 0);
	ctl_readers_add(rs, &r);
	ck_assert_int_eq(parse_one(build_reader(12, 1, "job workers", 2,
						nine + 2, 3), &r), 0);
	ctl_readers_add(rs, &r);
	ck_assert_int_eq(parse_one(build_reader(13, -1, NULL, 0, NULL, 0),
				   &r), 0);
	ctl_readers_add(rs, &r);
}

START_TEST(test_readers_json_flow)
{
	struct ctl_readers rs;
	struct ut_cap c;

	sample_list(&rs);
	ctl_print_readers(ut_cap_open(&c), &rs, true);
	ctl_readers_free(&rs);
	ck_output(&c,
		  "{\"readers\":["
		  "{\"id\":10,\"pid\":10,\"comm\":\"worker\",\"filter\":\"all\","
		  "\"filter_mask\":255,\"order\":\"seq\",\"format\":\"binary\","
		  "\"backlog\":5,\"lost\":0,\"read\":10,\"skipped\":1,"
		  "\"holding\":true,\"group\":null,\"group_members\":0,"
		  "\"tags\":[\"job\",\"log\"]},"
		  "{\"id\":11,\"pid\":11,\"comm\":\"worker\",\"filter\":\"all\","
		  "\"filter_mask\":255,\"order\":\"seq\",\"format\":\"binary\","
		  "\"backlog\":5,\"lost\":0,\"read\":10,\"skipped\":1,"
		  "\"holding\":false,\"group\":null,\"group_members\":0,"
		  "\"tags\":[]},"
		  "{\"id\":12,\"pid\":12,\"comm\":\"worker\",\"filter\":\"all\","
		  "\"filter_mask\":255,\"order\":\"seq\",\"format\":\"binary\","
		  "\"backlog\":5,\"lost\":0,\"read\":10,\"skipped\":1,"
		  "\"holding\":true,\"group\":\"job workers\","
		  "\"group_members\":2,\"tags\":[\"\",\"a,b\",\"x\\\\y\"]},"
		  "{\"id\":13,\"pid\":13,\"comm\":\"worker\",\"filter\":\"all\","
		  "\"filter_mask\":255,\"order\":\"seq\",\"format\":\"binary\","
		  "\"backlog\":5,\"lost\":0,\"read\":10,\"skipped\":1,"
		  "\"holding\":null,\"group\":null,\"group_members\":0,"
		  "\"tags\":[]}]}\n");
}
END_TEST

START_TEST(test_readers_table_flow)
{
	struct ctl_readers rs;
	struct ctl_reader r;
	struct ut_cap c;
	unsigned int i;
	char *p;

	sample_list(&rs);
	ctl_print_readers(ut_cap_open(&c), &rs, false);
	ck_output(&c,
		  "PID  COMM    FILTER  ORDER  FORMAT  BACKLOG  LOST  HOLD  GROUP        MEMBERS  TAGS\n"
		  " 10  worker  all     seq    binary        5     0  yes   -                  -  job,log\n"
		  " 11  worker  all     seq    binary        5     0  no    -                  -  -\n"
		  " 12  worker  all     seq    binary        5     0  yes   job workers        2  \"\",a,b,x\\x5cy\n"
		  " 13  worker  all     seq    binary        5     0  -     -                  -  -\n");

	/* Eight tags of 31 bytes fit; escaped ones that do not end in "...". */
	memset(&r, 0, sizeof(r));
	r.ntags = LOGGER_TAG_FILTER_MAX;
	for (i = 0; i < r.ntags; i++) {
		memset(r.tags[i], 'a' + i, 31);
		r.tags[i][31] = '\0';
	}
	rs.n = 0;
	ctl_readers_add(&rs, &r);
	ctl_print_readers(ut_cap_open(&c), &rs, false);
	fclose(c.f);
	p = strrchr(c.buf, ' ');
	ck_assert_uint_eq(strlen(p + 1), 8 * 31 + 7 + 1);
	ck_assert_int_eq(p[1 + 8 * 31 + 7], '\n');
	ck_assert_int_eq(p[1 + 7 * 32], 'h');
	free(c.buf);

	for (i = 0; i < r.ntags; i++)
		memset(r.tags[i], '\\', 31);
	rs.v[0] = r;
	ctl_print_readers(ut_cap_open(&c), &rs, false);
	fclose(c.f);
	p = strrchr(c.buf, ' ');
	ck_assert_msg(strlen(p + 1) < 272 && !strcmp(p + strlen(p) - 4, "...\n") &&
		      !strncmp(p + 1, "\\x5c\\x5c", 8), "%s", p);
	free(c.buf);
	ctl_readers_free(&rs);
}
END_TEST

/* ---- set policy ---- */

START_TEST(test_set_policy)
{
	struct ctl_config back;
	struct ctl_args a;
	struct nl_msg *msg;
	uint32_t p = 99;
	struct ut_cap c;

	ck_assert_int_eq(ctl_parse_policy("block", &p), 0);
	ck_assert_uint_eq(p, LOGGER_POLICY_BLOCK);
	ck_assert_int_eq(ctl_parse_policy("overwrite", &p), 0);
	ck_assert_uint_eq(p, LOGGER_POLICY_OVERWRITE);
	ck_assert_int_eq(ctl_parse_policy("BLOCK", &p), -1);
	ck_assert_int_eq(ctl_parse_policy("1", &p), -1);
	ck_assert_int_eq(ctl_parse_policy("", &p), -1);
	ck_assert_uint_eq(p, LOGGER_POLICY_OVERWRITE);

	ck_assert_int_eq(ut_ctl_parse(&a, stderr, "set", "policy=block", NULL),
			 0);
	ck_assert_uint_eq(a.cfg.set, CTL_CFG_POLICY);
	ck_assert_uint_eq(a.cfg.policy, LOGGER_POLICY_BLOCK);

	/* The request carries exactly the policy, and parses back. */
	msg = ctl_msg_request(UT_FAMILY, LOGGER_CMD_SET_CONFIG, 0);
	ck_assert_ptr_nonnull(msg);
	ck_assert_int_eq(ctl_msg_put_config(msg, &a.cfg), 0);
	ck_assert_int_eq(ctl_parse_config(nlmsg_hdr(msg), &back, true), 0);
	nlmsg_free(msg);
	ck_assert_uint_eq(back.set, CTL_CFG_POLICY);
	ck_assert_uint_eq(back.policy, LOGGER_POLICY_BLOCK);

	ck_assert_int_eq(ut_ctl_parse(&a, stderr, "set", "policy=overwrite",
				      "interval=10", NULL),
			 0);
	ck_assert_uint_eq(a.cfg.set, CTL_CFG_POLICY | CTL_CFG_INTERVAL);
	ck_assert_uint_eq(a.cfg.policy, LOGGER_POLICY_OVERWRITE);

	ck_assert_int_eq(ut_ctl_parse(&a, ut_cap_open(&c), "set",
				      "policy=lossless", NULL),
			 CTL_EXIT_USAGE);
	ck_output(&c, "loggerctl: set: unknown policy 'lossless' (overwrite or block)\n"
		      "Try 'loggerctl --help' for more information.\n");
	ck_assert_int_eq(ut_ctl_parse(&a, ut_cap_open(&c), "set",
				      "policy=block", "policy=block", NULL),
			 CTL_EXIT_USAGE);
	ck_output(&c, "loggerctl: set: 'policy' given twice\n"
		      "Try 'loggerctl --help' for more information.\n");
}
END_TEST

/*
 * The end of every command: a reader that went away (SIGPIPE ignored,
 * EPIPE) is quiet and keeps the command's status; any other write error
 * on stdout is reported and exits 1.
 */
START_TEST(test_main_closed_stdout)
{
	char *argv[] = { "loggerctl", "help", "readers", NULL };
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	struct ut_cap c;
	FILE *out;
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	close(p[0]);
	out = fdopen(p[1], "w");
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(ctl_main(3, argv, out, ut_cap_open(&c)), CTL_EXIT_OK);
	ck_output(&c, "");
	fclose(out);

	out = fopen("/dev/full", "w");
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(ctl_main(3, argv, out, ut_cap_open(&c)), CTL_EXIT_ERR);
	ck_output(&c, "loggerctl: standard output: No space left on device\n");
	fclose(out);
	signal(SIGPIPE, old);
}
END_TEST

/* ---- logger-producer --tag ---- */

START_TEST(test_producer_tag)
{
	char tag31[32], tag32[33], err[256], msg[512];
	struct prod_opts o;
	int p[2];
	char *argv[8];

	memset(tag31, 'q', 31);
	tag31[31] = '\0';
	memset(tag32, 'q', 32);
	tag32[32] = '\0';
	argv[0] = "logger-producer";
	argv[1] = "--tag";
	argv[2] = tag31;
	argv[3] = "hi";
	argv[4] = NULL;
	ck_assert_int_eq(prod_parse_args(4, argv, &o, err, sizeof(err)), 0);
	ck_assert_str_eq(o.tag, tag31);
	argv[2] = tag32;
	ck_assert_int_eq(prod_parse_args(4, argv, &o, err, sizeof(err)), -1);
	snprintf(msg, sizeof(msg),
		 "invalid --tag '%s' (1..31 printable bytes, no blank or ':')",
		 tag32);
	ck_assert_str_eq(err, msg);
	argv[1] = "-t";
	argv[2] = "a\tb";
	ck_assert_int_eq(prod_parse_args(4, argv, &o, err, sizeof(err)), -1);
	argv[2] = "caf\xc3\xa9";
	ck_assert_int_eq(prod_parse_args(4, argv, &o, err, sizeof(err)), -1);

	/* Not the device (a pipe): ENOTTY, as from a module without tags. */
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(prod_set_tag(p[1], "job"), -ENOTTY);
	ck_assert_int_eq(prod_set_tag(p[1], tag32), -ENAMETOOLONG);
	close(p[0]);
	close(p[1]);

	prod_tag_error(msg, sizeof(msg), -ENOTTY, "/dev/logger", "job");
	ck_assert_str_eq(msg, "/dev/logger: --tag: this logger module has no record tags (LOGGER_IOC_SET_TAG: Inappropriate ioctl for device); load a newer module or leave out --tag");
	prod_tag_error(msg, sizeof(msg), -EINVAL, "/dev/logger", "job");
	ck_assert_str_eq(msg, "/dev/logger: --tag 'job': refused by the module (LOGGER_IOC_SET_TAG: Invalid argument); a tag is 1..31 bytes of 0x21..0x7e but ':'");
	prod_tag_error(msg, sizeof(msg), -EBADF, "/dev/x", "job");
	ck_assert_str_eq(msg, "/dev/x: --tag: LOGGER_IOC_SET_TAG: Bad file descriptor");
}
END_TEST

Suite *make_ctl_flow_suite(void)
{
	Suite *s = suite_create("ctl_flow");
	TCase *tc = tcase_create("flow");

	tcase_add_test(tc, test_parse_flow_stats);
	tcase_add_test(tc, test_flow_stats_output);
	tcase_add_test(tc, test_parse_reader_flow);
	tcase_add_test(tc, test_readers_json_flow);
	tcase_add_test(tc, test_readers_table_flow);
	tcase_add_test(tc, test_set_policy);
	tcase_add_test(tc, test_main_closed_stdout);
	tcase_add_test(tc, test_producer_tag);
	suite_add_tcase(s, tc);
	return s;
}
