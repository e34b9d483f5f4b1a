// SPDX-License-Identifier: GPL-2.0
/*
 * userland/common/levels.c: level names and level-set parsing.
 */
#include <string.h>

#include "levels.h"
#include "unit.h"

START_TEST(test_level_names)
{
	ck_assert_int_eq(lg_level_parse("err"), 3);
	ck_assert_int_eq(lg_level_parse("ERROR"), 3);
	ck_assert_int_eq(lg_level_parse("warn"), 4);
	ck_assert_int_eq(lg_level_parse("7"), 7);
	ck_assert_int_eq(lg_level_parse("8"), -1);
	ck_assert_int_eq(lg_level_parse(""), -1);
	ck_assert_int_eq(lg_level_parse("errr"), -1);
	ck_assert_str_eq(lg_level_name(0), "emerg");
	ck_assert_str_eq(lg_level_name(9), "?");
}
END_TEST

START_TEST(test_level_sets)
{
	unsigned int m = 0;

	ck_assert_int_eq(lg_levels_parse("err..warning", &m), 0);
	ck_assert_uint_eq(m, 0x18);
	ck_assert_int_eq(lg_levels_parse("warning..err", &m), 0);
	ck_assert_uint_eq(m, 0x18);
	ck_assert_int_eq(lg_levels_parse("0,3,debug", &m), 0);
	ck_assert_uint_eq(m, 0x89);
	ck_assert_int_eq(lg_levels_parse("all", &m), 0);
	ck_assert_uint_eq(m, 0xff);
	m = 1234;
	ck_assert_int_eq(lg_levels_parse("", &m), -1);
	ck_assert_int_eq(lg_levels_parse("err,", &m), -1);
	ck_assert_int_eq(lg_levels_parse("err..", &m), -1);
	ck_assert_int_eq(lg_levels_parse("bogus", &m), -1);
	ck_assert_uint_eq(m, 1234);
}
END_TEST

START_TEST(test_level_set_format)
{
	char buf[64];

	lg_levels_format(buf, sizeof(buf), 0x8f);
	ck_assert_str_eq(buf, "emerg..err,debug");
	lg_levels_format(buf, sizeof(buf), 0xff);
	ck_assert_str_eq(buf, "all");
	lg_levels_format(buf, sizeof(buf), 0x10);
	ck_assert_str_eq(buf, "warning");
	ck_assert_int_eq(lg_levels_format(buf, 4, 0x8f),
			 (int)strlen("emerg..err,debug"));
}
END_TEST

Suite *make_levels_suite(void)
{
	Suite *s = suite_create("levels");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_level_names);
	tcase_add_test(tc, test_level_sets);
	tcase_add_test(tc, test_level_set_format);
	suite_add_tcase(s, tc);
	return s;
}
