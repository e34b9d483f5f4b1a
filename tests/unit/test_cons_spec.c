// SPDX-License-Identifier: GPL-2.0
/*
 * userland/consumer/cons_spec.c: reader specs and config files, good and
 * bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../userland/consumer/cons_spec.h"
#include "logger.h"
#include "unit.h"

START_TEST(test_spec_good)
{
	struct cons_spec def, sp;
	char err[256];

	cons_spec_default(&def, CONS_FMT_TEXT);
	ck_assert_int_eq(cons_spec_parse("levels=err..warning,order=priority,out=errors.log",
					 &def, &sp, err, sizeof(err)), 0);
	ck_assert_uint_eq(sp.levels, 0x18);
	ck_assert_uint_eq(sp.order, LOGGER_ORDER_PRIORITY);
	ck_assert_str_eq(sp.out, "errors.log");
	ck_assert_str_eq(sp.name, "errors.log");
	ck_assert_uint_eq(sp.format, CONS_FMT_TEXT);

	/* A level list continues after ','; blanks separate too. */
	ck_assert_int_eq(cons_spec_parse("levels=emerg,err,debug order=seq format=json name=x",
					 &def, &sp, err, sizeof(err)), 0);
	ck_assert_uint_eq(sp.levels, 0x89);
	ck_assert_uint_eq(sp.order, LOGGER_ORDER_SEQ);
	ck_assert_uint_eq(sp.format, CONS_FMT_JSON);
	ck_assert_str_eq(sp.name, "x");
	ck_assert_str_eq(sp.out, "-");

	/* Empty: the defaults, to stdout. */
	def.format = CONS_FMT_JSON;
	ck_assert_int_eq(cons_spec_parse("", &def, &sp, err, sizeof(err)), 0);
	ck_assert_uint_eq(sp.levels, 0xff);
	ck_assert_uint_eq(sp.format, CONS_FMT_JSON);
	ck_assert_str_eq(sp.name, "-");
}
END_TEST

START_TEST(test_spec_bad)
{
	static const struct {
		const char *spec, *err;
	} bad[] = {
		{ "levels=loud", "bad level set 'loud' (e.g. err..warning,debug)" },
		{ "order=random", "bad order 'random' (priority or seq)" },
		{ "format=xml", "bad format 'xml' (raw, json, json-pretty, short, short-iso, short-precise, short-monotonic, short-unix, cat)" },
		{ "colour=red", "unknown key 'colour' (levels, order, out, format, name, cursor, state, group, tags)" },
		{ "out=", "empty value for 'out'" },
		{ "err..warning", "'err..warning' is not key=value" },
		{ "=x", "bad key in '=x'" },
		{ "levels=err debug", "'debug' is not key=value" },
	};
	struct cons_spec def, sp;
	char err[256];
	size_t i;

	cons_spec_default(&def, CONS_FMT_TEXT);
	memset(&sp, 0x5a, sizeof(sp));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(cons_spec_parse(bad[i].spec, &def, &sp, err,
					      sizeof(err)) == -1,
			      "'%s' accepted", bad[i].spec);
		ck_assert_str_eq(err, bad[i].err);
	}
	ck_assert_uint_eq(sp.levels, 0x5a5a5a5a);
}
END_TEST

START_TEST(test_spec_compare)
{
	struct cons_spec def, a, b;
	char err[256];

	cons_spec_default(&def, CONS_FMT_TEXT);
	cons_spec_parse("levels=err,out=a", &def, &a, err, sizeof(err));
	cons_spec_parse("levels=err,out=a,format=json", &def, &b, err,
			sizeof(err));
	ck_assert(cons_spec_same_view(&a, &b));
	ck_assert(!cons_spec_equal(&a, &b));
	cons_spec_parse("levels=err,out=a,order=priority", &def, &b, err,
			sizeof(err));
	ck_assert(!cons_spec_same_view(&a, &b));
	/* The default order is chronological. */
	ck_assert_uint_eq(a.order, LOGGER_ORDER_SEQ);
	cons_spec_parse("out=a,levels=3", &def, &b, err, sizeof(err));
	ck_assert(cons_spec_equal(&a, &b));
}
END_TEST

START_TEST(test_config)
{
	struct cons_spec def, specs[4];
	char err[256], path[] = "/tmp/cons-spec-XXXXXX";
	size_t n = 0;
	FILE *f;
	int fd;

	cons_spec_default(&def, CONS_FMT_TEXT);
	ck_assert_int_eq(cons_config_parse("# readers\n"
					   "levels=err..warning out=errors.log # errors\n"
					   "\n"
					   "   \t\n"
					   "levels=debug,out=-\r\n",
					   &def, specs, 4, &n, err, sizeof(err)),
			 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(specs[0].out, "errors.log");
	ck_assert_uint_eq(specs[1].levels, 0x80);
	ck_assert_str_eq(specs[1].name, "-");

	ck_assert_int_eq(cons_config_parse("out=a\nout=b\nlevels=x\n", &def,
					   specs, 4, &n, err, sizeof(err)), -1);
	ck_assert_str_eq(err,
			 "line 3: bad level set 'x' (e.g. err..warning,debug)");
	ck_assert_int_eq(cons_config_parse("out=a\nlevels=err,out=a\n", &def,
					   specs, 4, &n, err, sizeof(err)), -1);
	ck_assert_str_eq(err,
			 "line 2: reader 'a' defined twice (add name=)");
	ck_assert_int_eq(cons_config_parse("# nothing\n\n", &def, specs, 4, &n,
					   err, sizeof(err)), -1);
	ck_assert_str_eq(err, "no reader defined");
	ck_assert_int_eq(cons_config_parse("out=a\nout=b\nout=c\n", &def,
					   specs, 2, &n, err, sizeof(err)), -1);

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs("order=seq,out=/tmp/x.log\n", f);
	fclose(f);
	ck_assert_int_eq(cons_config_load(path, &def, specs, 4, &n, err,
					  sizeof(err)), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(specs[0].order, LOGGER_ORDER_SEQ);
	unlink(path);
	ck_assert_int_eq(cons_config_load(path, &def, specs, 4, &n, err,
					  sizeof(err)), -1);
	ck_assert(strstr(err, "No such file or directory"));
	ck_assert(strstr(err, path) == err);
}
END_TEST

/* "-c DIR" said "read error" without the errno text. */
START_TEST(test_config_directory)
{
	struct cons_spec def, specs[2];
	char err[256];
	size_t n;

	cons_spec_default(&def, CONS_FMT_TEXT);
	ck_assert_int_eq(cons_config_load("/tmp", &def, specs, 2, &n, err,
					  sizeof(err)), -1);
	ck_assert_str_eq(err, "/tmp: Is a directory");
}
END_TEST

Suite *make_cons_spec_suite(void)
{
	Suite *s = suite_create("cons_spec");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_spec_good);
	tcase_add_test(tc, test_spec_bad);
	tcase_add_test(tc, test_spec_compare);
	tcase_add_test(tc, test_config);
	tcase_add_test(tc, test_config_directory);
	suite_add_tcase(s, tc);
	return s;
}
