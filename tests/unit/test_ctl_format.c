// SPDX-License-Identifier: GPL-2.0
/*
 * userland/ctl, the "ctl" suite's "format" TCase: loggerctl's output of
 * stats, readers, config and events, as JSON and for humans, compared
 * byte for byte; sizes and error messages.
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

	ctl_print_stats(ut_cap_open(&c), &ctl_sample_stats, true);
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
	struct ctl_reader r2 = ctl_sample_reader;
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
	ctl_readers_add(&rs, &ctl_sample_reader);
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

	ctl_print_config(ut_cap_open(&c), &ctl_sample_config, true);
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
	struct nl_msg *msg = ctl_build_overflow();
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

	ctl_print_stats(ut_cap_open(&c), &ctl_sample_stats, false);
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
	struct ctl_reader r2 = ctl_sample_reader;
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
	ctl_readers_add(&rs, &ctl_sample_reader);
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

	ctl_print_config(ut_cap_open(&c), &ctl_sample_config, false);
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

	msg = ctl_build_overflow();
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
	ev.u.stats = ctl_sample_stats;
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

TCase *ctl_format_tcase(void)
{
	TCase *tc = tcase_create("format");

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
	return tc;
}
