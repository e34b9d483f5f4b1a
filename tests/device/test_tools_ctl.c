// SPDX-License-Identifier: GPL-2.0
/*
 * The "tools" suite, loggerctl: watch printing the multicast events (and
 * overflow events that add up exactly), and its commands.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "devtest.h"
#include "tools.h"

/*
 * loggerctl watch prints the events of the multicast group: with nothing
 * written, the periodic stats event (every event interval while someone
 * listens), here twice, then --count ends it.
 */
#define TT_STATS_EVENT	"{\"event\":\"stats\",\"time\":\""

START_TEST(test_tools_ctl_watch_prints_events)
{
	char *out, *line;
	int n = 0;

	tt_run(DT_ARGV(TT_CTL, "watch", "--json", "--count", "2", "--timeout",
		       "60"),
	       TT_OUT("watch"), TT_ERR("watch"), 0);
	tt_assert_file_eq(TT_ERR("watch"), "");
	out = dt_slurp(TT_OUT("watch"));
	for (line = out; *line; line = strchr(line, '\n') + 1) {
		ck_assert_msg(!strncmp(line, TT_STATS_EVENT,
				       strlen(TT_STATS_EVENT)) &&
			      strchr(line, '\n'), "%s", out);
		ck_assert_uint_eq(dt_json_u64(line, "written"), 0);
		ck_assert_uint_eq(dt_json_u64(line, "capacity"), 16777216);
		n++;
	}
	ck_assert_msg(n == 2, "%s", out);
	free(out);
}
END_TEST

/* Sum of the per-level "evicted" deltas of every overflow event in @s. */
static unsigned long long tt_overflow_sum(const char *s, int *events)
{
	unsigned long long sum = 0;
	const char *line;

	*events = 0;
	for (line = s; (line = strstr(line, "{\"event\":\"overflow\""));
	     line++) {
		const char *end = strchr(line, '\n');
		const char *lv = strstr(line, "\"levels\":[");

		if (!end)
			break;
		(*events)++;
		while (lv && (lv = strstr(lv, "{\"level\":\"")) && lv < end) {
			sum += dt_json_u64(lv, "evicted");
			lv++;
		}
	}
	return sum;
}

START_TEST(test_tools_ctl_watch_overflow_exact)
{
	int w = dt_open(O_WRONLY), events = 0;
	unsigned long long end = dt_now_ms() + TT_WAIT_MS, sum = 0;
	struct logger_stats st;
	pid_t pid;
	char *out;

	pid = dt_spawn(DT_ARGV(TT_CTL, "watch", "--json"), -1,
		       TT_OUT("watch-ov"), TT_ERR("watch-ov"));
	/* Subscribed once the first periodic stats event is out. */
	tt_wait_text(TT_OUT("watch-ov"), TT_STATS_EVENT);
	dt_flood(w, 7, 20000);
	st = dt_stats(w);
	ck_assert_uint_gt(st.evicted, 15000);
	for (;;) {
		out = dt_slurp(TT_OUT("watch-ov"));
		sum = tt_overflow_sum(out, &events);
		free(out);
		if (sum == st.evicted)
			break;
		ck_assert_msg(sum < st.evicted && dt_now_ms() < end,
			      "overflow events sum to %llu, evicted %llu",
			      sum, (unsigned long long)st.evicted);
		dt_tick();
	}
	ck_assert_int_ge(events, 1);
	ck_assert_int_eq(kill(pid, SIGINT), 0);
	ck_assert_int_eq(dt_wait_exit(pid, TT_WAIT_MS), 0);
	tt_assert_file_eq(TT_ERR("watch-ov"), "");
	close(w);
}
END_TEST

START_TEST(test_tools_ctl_commands)
{
	int fd = dt_open(O_RDWR), r2 = dt_open(O_RDONLY);
	char want[64], *out;

	dt_set_view(r2, LOGGER_LEVEL_BIT(3) | LOGGER_LEVEL_BIT(4),
		    LOGGER_ORDER_SEQ, LOGGER_FORMAT_BINARY);
	dt_write_str(fd, "<3>one\n<6>two\n<7>three\n");
	tt_run(DT_ARGV(TT_CTL, "stats", "--json"), TT_OUT("ctl"),
	       TT_ERR("ctl"), 0);
	out = dt_slurp(TT_OUT("ctl"));
	ck_assert_uint_eq(dt_json_u64(out, "written"), 3);
	ck_assert_uint_eq(dt_json_u64(out, "records"), 3);
	ck_assert_uint_eq(dt_json_u64(out, "readers"), 2);
	free(out);
	/* readers: exactly our two, with their filters and backlogs. */
	tt_run(DT_ARGV(TT_CTL, "readers", "--json"), TT_OUT("ctl"),
	       TT_ERR("ctl"), 0);
	out = dt_slurp(TT_OUT("ctl"));
	snprintf(want, sizeof(want), "\"pid\":%d,", getpid());
	ck_assert_ptr_nonnull(strstr(out, want));
	ck_assert_ptr_nonnull(strstr(strstr(out, want) + 1, want));
	ck_assert_ptr_null(strstr(strstr(strstr(out, want) + 1, want) + 1,
				  "\"pid\":"));
	ck_assert_ptr_nonnull(strstr(out, "\"filter\":\"all\""));
	ck_assert_ptr_nonnull(strstr(out, "\"filter\":\"err..warning\""));
	ck_assert_ptr_nonnull(strstr(out, "\"backlog\":3"));
	ck_assert_ptr_nonnull(strstr(out, "\"backlog\":1"));
	free(out);
	/* Unprivileged: clear and set refused with a clear message. */
	dt_rm(TT_OUT("ctl"));
	dt_rm(TT_ERR("ctl"));
	dt_drop_privs();
	tt_run(DT_ARGV(TT_CTL, "clear"), TT_OUT("ctl"), TT_ERR("ctl"), 1);
	tt_assert_file_eq(TT_ERR("ctl"),
			  "loggerctl: permission denied: needs CAP_SYSLOG\n");
	tt_run(DT_ARGV(TT_CTL, "set", "interval=500"), TT_OUT("ctl"),
	       TT_ERR("ctl"), 1);
	tt_assert_file_eq(TT_ERR("ctl"),
			  "loggerctl: permission denied: needs CAP_SYSLOG\n");
	dt_regain_privs();
	dt_rm(TT_OUT("ctl"));
	dt_rm(TT_ERR("ctl"));
	ck_assert_uint_eq(dt_stats(fd).records, 3);
	/* Root: set, then clear. */
	tt_run(DT_ARGV(TT_CTL, "set", "interval=500", "capacity=8M"),
	       TT_OUT("ctl"), TT_ERR("ctl"), 0);
	{
		struct logger_config c;

		ck_assert_int_eq(ioctl(fd, LOGGER_IOC_GET_CONFIG, &c), 0);
		ck_assert_uint_eq(c.event_interval_ms, 500);
		ck_assert_uint_eq(c.capacity, 8 << 20);
	}
	tt_run(DT_ARGV(TT_CTL, "clear"), TT_OUT("ctl"), TT_ERR("ctl"), 0);
	ck_assert_uint_eq(dt_stats(fd).records, 0);
	ck_assert_uint_eq(dt_stats(fd).cleared, 3);
	/* Bad usage. */
	tt_run(DT_ARGV(TT_CTL, "set", "capacity=lots"), TT_OUT("ctl"),
	       TT_ERR("ctl"), 2);
	tt_run(DT_ARGV(TT_CTL, "frobnicate"), TT_OUT("ctl"), TT_ERR("ctl"),
	       2);
	close(r2);
	close(fd);
}
END_TEST

/* @events: a store small enough to overflow, with fast stats events. */
void tools_add_ctl_tests(TCase *tc, TCase *events)
{
	tcase_add_test(tc, test_tools_ctl_watch_prints_events);
	tcase_add_test(tc, test_tools_ctl_commands);
	tcase_add_test(events, test_tools_ctl_watch_overflow_exact);
}
