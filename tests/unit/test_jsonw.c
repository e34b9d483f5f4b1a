// SPDX-License-Identifier: GPL-2.0
/*
 * userland/common/jsonw.c: string buffer and JSON string escaping.
 */
#include <string.h>

#include "jsonw.h"
#include "unit.h"

static const char *esc(struct lg_sbuf *b, const char *s, size_t n)
{
	lg_sbuf_reset(b);
	ck_assert_int_eq(lg_json_str(b, s, n), 0);
	return b->buf;
}

START_TEST(test_json_escaping)
{
	struct lg_sbuf b;
	const char ctl[] = { 'a', 0, 1, 0x1f, 0x7f, 'b' };
	const char bad[] = { (char)0xff, 'x', (char)0xc3 };

	lg_sbuf_init(&b);
	ck_assert_str_eq(esc(&b, "plain", 5), "\"plain\"");
	ck_assert_str_eq(esc(&b, "", 0), "\"\"");
	ck_assert_str_eq(esc(&b, "q\"b\\s/", 6), "\"q\\\"b\\\\s/\"");
	ck_assert_str_eq(esc(&b, "l1\nl2\tt\rr", 9),
			 "\"l1\\nl2\\tt\\rr\"");
	ck_assert_str_eq(esc(&b, ctl, sizeof(ctl)),
			 "\"a\\u0000\\u0001\\u001f\\u007fb\"");
	/* Valid UTF-8 passes through (é, €, U+1F600). */
	ck_assert_str_eq(esc(&b, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9),
			 "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
	/*
	 * Not UTF-8 (an invalid byte, a truncated sequence): the bytes, as
	 * an array of numbers (journalctl's convention), never \u00NN, which
	 * would claim code points the message does not contain.
	 */
	ck_assert_str_eq(esc(&b, bad, sizeof(bad)), "[255,120,195]");
	/* Overlong "/" and a UTF-16 surrogate are not valid UTF-8. */
	ck_assert_str_eq(esc(&b, "\xc0\xaf", 2), "[192,175]");
	ck_assert_str_eq(esc(&b, "\xed\xa0\x80", 3), "[237,160,128]");
	ck_assert_uint_eq(lg_utf8_len((const unsigned char *)"\xf4\x90\x80\x80",
				      4), 0);
	ck_assert_uint_eq(lg_utf8_len((const unsigned char *)"\xf4\x8f\xbf\xbf",
				      4), 4);
	lg_sbuf_free(&b);
}
END_TEST

START_TEST(test_sbuf_grows)
{
	struct lg_sbuf b;
	char big[1000];
	int i;

	lg_sbuf_init(&b);
	memset(big, 'x', sizeof(big));
	for (i = 0; i < 100; i++)
		ck_assert_int_eq(lg_sbuf_put(&b, big, sizeof(big)), 0);
	ck_assert_uint_eq(b.len, 100000);
	ck_assert_int_eq(lg_sbuf_printf(&b, "%d-%s", 42, "end"), 0);
	ck_assert_uint_eq(b.len, 100006);
	ck_assert_str_eq(b.buf + 100000, "42-end");
	lg_sbuf_reset(&b);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_int_eq(lg_sbuf_printf(&b, "%0300d", 1), 0);
	ck_assert_uint_eq(strlen(b.buf), 300);
	lg_sbuf_free(&b);
}
END_TEST

Suite *make_jsonw_suite(void)
{
	Suite *s = suite_create("jsonw");
	TCase *tc = tcase_create("json");

	tcase_add_test(tc, test_json_escaping);
	tcase_add_test(tc, test_sbuf_grows);
	suite_add_tcase(s, tc);
	return s;
}
