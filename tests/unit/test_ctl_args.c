// SPDX-License-Identifier: GPL-2.0
/*
 * userland/ctl, the "ctl" suite's "args" TCase: loggerctl's command line
 * for every command, good and bad, its value parsers, and ctl_main()'s
 * exit statuses and what reaches stdout and stderr.
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

TCase *ctl_args_tcase(void)
{
	TCase *tc = tcase_create("args");

	tcase_add_test(tc, test_args_commands);
	tcase_add_test(tc, test_args_watch);
	tcase_add_test(tc, test_args_set);
	tcase_add_test(tc, test_parse_values);
	tcase_add_test(tc, test_main);
	return tc;
}
