// SPDX-License-Identifier: GPL-2.0
/*
 * driver/logfmt.c, compiled for the host: the "<N>" prefix parser and the
 * text line formatter the module uses.
 */
#include <stdio.h>
#include <string.h>

#include "logfmt.h"
#include "unit.h"

static size_t parse(const char *s, unsigned int *lvl, unsigned int *fac)
{
	*lvl = 99;
	*fac = 99;
	return lg_parse_prefix(s, strlen(s), lvl, fac);
}

START_TEST(test_prefix_every_value)
{
	char buf[16];
	unsigned int n, lvl, fac;

	for (n = 0; n <= 191; n++) {
		int len = snprintf(buf, sizeof(buf), "<%u>msg", n);

		ck_assert_uint_eq(parse(buf, &lvl, &fac), (size_t)len - 3);
		ck_assert_uint_eq(lvl, n & 7);
		ck_assert_uint_eq(fac, n >> 3);
	}
}
END_TEST

START_TEST(test_prefix_malformed_is_text)
{
	static const char *const bad[] = {
		"<", "<>", "<x>", "<999>", "<192>", "<1", "<12", "<1234>",
		"<-1>", "< 3>", "<3 >", "3>", "x<3>", "", "<0x3>",
	};
	unsigned int i, lvl, fac;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(parse(bad[i], &lvl, &fac) == 0,
			      "'%s' taken as a prefix", bad[i]);
		ck_assert_uint_eq(lvl, 99);
	}
}
END_TEST

START_TEST(test_prefix_only_and_leading_zero)
{
	unsigned int lvl, fac;

	ck_assert_uint_eq(parse("<3>", &lvl, &fac), 3);
	ck_assert_uint_eq(lvl, 3);
	ck_assert_uint_eq(parse("<011>x", &lvl, &fac), 5);
	ck_assert_uint_eq(lvl, 3);
	ck_assert_uint_eq(fac, 1);
	/* The length bounds the parse: "<3>" cut to "<3" is not a prefix. */
	ck_assert_uint_eq(lg_parse_prefix("<3>", 2, &lvl, &fac), 0);
}
END_TEST

START_TEST(test_format_plain)
{
	struct lg_text_meta m = { 3,  42,   1700000000123456ULL,
				  10, 11, 1000, NULL, 0 };
	char out[128];
	size_t n = lg_format_text(out, sizeof(out), &m, "disk full", 9);
	const char *want = "3,42,1700000000123456,10,11,1000;disk full\n";

	ck_assert_uint_eq(n, strlen(want));
	ck_assert(memcmp(out, want, n) == 0);
}
END_TEST

START_TEST(test_format_escapes)
{
	struct lg_text_meta m = { 7, 1, 2, 3, 4, 5, NULL, 0 };
	const char msg[] = { 'a', '\\', '\n', 0, 0x7f, (char)0xff, ' ', '~' };
	const char *want = "7,1,2,3,4,5;a\\x5c\\x0a\\x00\\x7f\\xff ~\n";
	char out[128];
	size_t n = lg_format_text(out, sizeof(out), &m, msg, sizeof(msg));

	ck_assert_uint_eq(lg_escaped_len(msg, sizeof(msg)), 8 + 5 * 3);
	ck_assert_uint_eq(n, strlen(want));
	ck_assert(memcmp(out, want, n) == 0);
}
END_TEST

START_TEST(test_format_too_small_reports_need)
{
	struct lg_text_meta m = { 6, 1, 2, 3, 4, 5, NULL, 0 };
	char out[8];

	memset(out, 'Z', sizeof(out));
	ck_assert_uint_eq(lg_format_text(out, sizeof(out), &m, "hello", 5),
			  strlen("6,1,2,3,4,5;hello\n"));
	ck_assert_uint_eq(lg_format_text(NULL, 0, &m, "", 0),
			  strlen("6,1,2,3,4,5;\n"));
}
END_TEST

START_TEST(test_format_tagged)
{
	struct lg_text_meta m = { 6, 1, 2, 3, 4, 5, "net", 3 };
	const char *want = "6,1,2,3,4,5;net: link\\x0aup\n";
	char out[128];
	size_t n = lg_format_text(out, sizeof(out), &m, "link\nup", 7);

	ck_assert_uint_eq(n, strlen(want));
	ck_assert(memcmp(out, want, n) == 0);
	ck_assert_uint_eq(lg_format_text(NULL, 0, &m, "", 0),
			  strlen("6,1,2,3,4,5;net: \n"));
}
END_TEST

START_TEST(test_parse_tag)
{
	char t31[40];
	size_t tl = 99;

	ck_assert_uint_eq(lg_parse_tag("job: x", 6, &tl), 5);
	ck_assert_uint_eq(tl, 3);
	ck_assert_uint_eq(lg_parse_tag("job: ", 5, &tl), 5);
	/* Not a tag: stays part of the message. */
	ck_assert_uint_eq(lg_parse_tag("job:x", 5, &tl), 0);
	ck_assert_uint_eq(lg_parse_tag("job:", 4, &tl), 0);
	ck_assert_uint_eq(lg_parse_tag(": x", 3, &tl), 0);
	ck_assert_uint_eq(lg_parse_tag("bad tag: x", 10, &tl), 0);
	ck_assert_uint_eq(lg_parse_tag("t\x7f: x", 5, &tl), 0);
	ck_assert_uint_eq(lg_parse_tag("", 0, &tl), 0);
	memset(t31, 'a', sizeof(t31));
	memcpy(t31 + 31, ": x", 3);
	ck_assert_uint_eq(lg_parse_tag(t31, 34, &tl), 33);
	ck_assert_uint_eq(tl, 31);
	memset(t31, 'a', sizeof(t31));
	memcpy(t31 + 32, ": x", 3);
	ck_assert_uint_eq(lg_parse_tag(t31, 35, &tl), 0);
}
END_TEST

START_TEST(test_format_max_bound)
{
	struct lg_text_meta m = { 7, ~0ULL, ~0ULL, ~0U, ~0U, ~0U, NULL, 0 };
	char msg[64], out[LG_TEXT_MAX(64)];

	memset(msg, 0x01, sizeof(msg));
	ck_assert_uint_eq(lg_format_text(out, sizeof(out), &m, msg, 64) <=
				  sizeof(out), 1);
}
END_TEST

START_TEST(test_find_newline_every_offset)
{
	char buf[40];
	size_t len, at;

	/* Every length and position, across and inside 8-byte words. */
	for (len = 0; len <= 33; len++) {
		memset(buf, 'a', sizeof(buf));
		ck_assert_uint_eq(lg_find_newline(buf, len), len);
		for (at = 0; at < len; at++) {
			memset(buf, (char)0x8a, sizeof(buf));
			buf[at] = '\n';
			if (at + 1 < len)
				buf[at + 1] = '\n';
			ck_assert_uint_eq(lg_find_newline(buf, len), at);
		}
	}
	/* Bytes that differ from '\n' in one bit are not newlines. */
	memcpy(buf, "\x0b\x08\x0e\x02\x1a\x4a\x8a\x0a", 8);
	ck_assert_uint_eq(lg_find_newline(buf, 8), 7);
}
END_TEST

Suite *make_logfmt_suite(void)
{
	Suite *s = suite_create("logfmt");
	TCase *tc = tcase_create("prefix");

	tcase_add_test(tc, test_prefix_every_value);
	tcase_add_test(tc, test_prefix_malformed_is_text);
	tcase_add_test(tc, test_prefix_only_and_leading_zero);
	tcase_add_test(tc, test_find_newline_every_offset);
	suite_add_tcase(s, tc);
	tc = tcase_create("text");
	tcase_add_test(tc, test_format_plain);
	tcase_add_test(tc, test_format_escapes);
	tcase_add_test(tc, test_format_too_small_reports_need);
	tcase_add_test(tc, test_format_max_bound);
	tcase_add_test(tc, test_format_tagged);
	tcase_add_test(tc, test_parse_tag);
	suite_add_tcase(s, tc);
	return s;
}
