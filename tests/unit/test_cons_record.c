// SPDX-License-Identifier: GPL-2.0
/*
 * userland/consumer: binary record decoding, text/JSON formatting, the
 * lost marker, and the --verify checks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../userland/consumer/cons_fmt.h"
#include "../../userland/consumer/cons_record.h"
#include "../../userland/consumer/cons_spec.h"
#include "../../userland/consumer/cons_verify.h"
#include "unit.h"

/* Append one binary record to @buf at *@off, as the driver lays it out. */
static void put_rec(char *buf, size_t *off, unsigned int level,
		    unsigned long long seq, unsigned long long lost,
		    const char *msg, size_t len)
{
	struct logger_record h;

	memset(&h, 0, sizeof(h));
	h.hdr_len = sizeof(h);
	h.version = LOGGER_RECORD_VERSION;
	h.level = (__u8)level;
	h.facility = 1;
	h.msg_len = (__u32)len;
	h.pid = 100;
	h.seq = seq;
	h.lost = lost;
	h.ts_real_ns = 1700000000123456789ULL;
	h.ts_mono_ns = 5000;
	h.tid = 101;
	h.uid = 1000;
	memcpy(h.comm, "app\"x", 5);
	memcpy(buf + *off, &h, sizeof(h));
	memcpy(buf + *off + sizeof(h), msg, len);
	memset(buf + *off + sizeof(h) + len, 0, LOGGER_ALIGN(len) - len);
	*off += sizeof(h) + LOGGER_ALIGN(len);
}

START_TEST(test_decode)
{
	char buf[1024];
	size_t len = 0, off = 0;
	struct cons_rec r;

	put_rec(buf, &len, 3, 42, 0, "disk full", 9);
	put_rec(buf, &len, 7, 43, 5, "", 0);
	put_rec(buf, &len, 6, 44, 0, "12345678", 8);
	ck_assert_uint_eq(len, 72 + 16 + 72 + 72 + 8);

	ck_assert_int_eq(cons_decode_next(buf, len, &off, &r), 1);
	ck_assert_uint_eq(off, 88);
	ck_assert_uint_eq(r.h.level, 3);
	ck_assert_uint_eq(r.h.seq, 42);
	ck_assert_uint_eq(r.msg_len, 9);
	ck_assert(memcmp(r.msg, "disk full", 9) == 0);
	ck_assert_int_eq(cons_decode_next(buf, len, &off, &r), 1);
	ck_assert_uint_eq(r.h.lost, 5);
	ck_assert_uint_eq(r.msg_len, 0);
	ck_assert_int_eq(cons_decode_next(buf, len, &off, &r), 1);
	ck_assert_uint_eq(r.h.seq, 44);
	ck_assert_int_eq(cons_decode_next(buf, len, &off, &r), 0);
	ck_assert_uint_eq(off, len);

	/* Unaligned buffer: fields are copied, not dereferenced. */
	memmove(buf + 1, buf, len);
	off = 1;
	ck_assert_int_eq(cons_decode_next(buf, len + 1, &off, &r), 1);
	ck_assert_uint_eq(r.h.seq, 42);
}
END_TEST

START_TEST(test_decode_malformed)
{
	char buf[512];
	size_t len = 0, off;
	struct cons_rec r;
	struct logger_record *h = (struct logger_record *)buf;

	put_rec(buf, &len, 3, 1, 0, "abc", 3);
	off = 0;
	/* Truncated header, truncated payload. */
	ck_assert_int_eq(cons_decode_next(buf, 40, &off, &r), -EBADMSG);
	ck_assert_int_eq(cons_decode_next(buf, 74, &off, &r), -EBADMSG);
	ck_assert_uint_eq(off, 0);
	/* Missing final padding is tolerated. */
	ck_assert_int_eq(cons_decode_next(buf, 75, &off, &r), 1);
	ck_assert_uint_eq(off, 75);
	off = 0;
	h->hdr_len = 40;
	ck_assert_int_eq(cons_decode_next(buf, len, &off, &r), -EBADMSG);
	h->hdr_len = 72;
	h->level = 8;
	ck_assert_int_eq(cons_decode_next(buf, len, &off, &r), -EBADMSG);
	h->level = 3;
	h->version = 0;
	ck_assert_int_eq(cons_decode_next(buf, len, &off, &r), -EBADMSG);
	h->version = 1;
	h->msg_len = 0xffffffffu;
	ck_assert_int_eq(cons_decode_next(buf, len, &off, &r), -EBADMSG);
	/* A longer (future) header: payload found through hdr_len. */
	len = 0;
	put_rec(buf, &len, 3, 1, 0, "", 0);
	h->hdr_len = 80;
	h->msg_len = 2;
	memcpy(buf + 80, "hi\0\0\0\0\0\0", 8);
	off = 0;
	ck_assert_int_eq(cons_decode_next(buf, 88, &off, &r), 1);
	ck_assert(memcmp(r.msg, "hi", 2) == 0);
	ck_assert_uint_eq(off, 88);
}
END_TEST

static const char *fmt(struct lg_sbuf *b, const struct cons_rec *r,
		       unsigned int format, unsigned int time, bool color)
{
	struct cons_fmt_ctx c = { format, time, color, false };
	struct cons_fmt_state st = { 0, -1 };

	lg_sbuf_reset(b);
	ck_assert_int_eq(cons_fmt_record(b, r, &c, &st), 0);
	return b->buf;
}

START_TEST(test_format)
{
	struct cons_fmt_ctx raw = { CONS_FMT_TEXT, 0, false, false };
	struct cons_fmt_ctx json = { CONS_FMT_JSON, 0, false, false };
	struct cons_fmt_ctx shrt = { CONS_FMT_SHORT, 0, false, false };
	char buf[512];
	size_t len = 0, off = 0;
	struct cons_rec r;
	struct lg_sbuf b;

	setenv("TZ", "UTC", 1);
	tzset();
	put_rec(buf, &len, 3, 42, 0, "a\\b\n\"\xff", 6);
	cons_decode_next(buf, len, &off, &r);
	lg_sbuf_init(&b);
	ck_assert_str_eq(fmt(&b, &r, CONS_FMT_TEXT, 0, false),
			 "3,42,1700000000123456,100,101,1000;a\\x5cb\\x0a\"\\xff\n");
	/* Not UTF-8: the message is an array of its bytes, not \u00ff. */
	ck_assert_str_eq(fmt(&b, &r, CONS_FMT_JSON, 0, false),
			 "{\"seq\":42,\"level\":3,\"level_name\":\"err\",\"facility\":1,"
			 "\"facility_name\":\"user\","
			 "\"ts_real_ns\":1700000000123456789,\"ts_mono_ns\":5000,"
			 "\"pid\":100,\"tid\":101,\"uid\":1000,\"comm\":\"app\\\"x\","
			 "\"msg\":[97,92,98,10,34,255]}\n");
	/* Human: local time, level, comm[pid]; bytes escaped, \ kept. */
	ck_assert_str_eq(fmt(&b, &r, CONS_FMT_SHORT, CONS_TIME_SYSLOG, false),
			 "Nov 14 22:13:20 err     app\"x[100]: a\\b\\x0a\"\\xff\n");
	ck_assert_str_eq(fmt(&b, &r, CONS_FMT_SHORT, CONS_TIME_ISO, false),
			 "2023-11-14T22:13:20,123456+00:00 err     app\"x[100]: a\\b\\x0a\"\\xff\n");
	ck_assert_str_eq(fmt(&b, &r, CONS_FMT_SHORT, CONS_TIME_RAW, false),
			 "[    0.000005] err     app\"x[100]: a\\b\\x0a\"\\xff\n");
	ck_assert_str_eq(fmt(&b, &r, CONS_FMT_SHORT, CONS_TIME_NOTIME, false),
			 "err     app\"x[100]: a\\b\\x0a\"\\xff\n");
	ck_assert_str_eq(fmt(&b, &r, CONS_FMT_CAT, 0, false),
			 "a\\b\\x0a\"\\xff\n");
	/* dmesg's colours: green time, red err level and message. */
	ck_assert_str_eq(fmt(&b, &r, CONS_FMT_CAT, 0, true),
			 "\033[31ma\\b\\x0a\"\\xff\033[0m\n");
	ck_assert_str_eq(fmt(&b, &r, CONS_FMT_SHORT, CONS_TIME_UNIX, true),
			 "\033[32m1700000000.123456 \033[0m\033[31merr    \033[0m app\"x[100]: \033[31ma\\b\\x0a\"\\xff\033[0m\n");
	lg_sbuf_reset(&b);
	ck_assert_int_eq(cons_fmt_lost(&b, 17, 1700000000123456ULL, &raw), 0);
	ck_assert_str_eq(b.buf,
			 "4,0,1700000000123456,0,0,0;logger: 17 records lost\n");
	lg_sbuf_reset(&b);
	ck_assert_int_eq(cons_fmt_lost(&b, 17, 0, &json), 0);
	ck_assert_str_eq(b.buf, "{\"lost\":17}\n");
	lg_sbuf_reset(&b);
	ck_assert_int_eq(cons_fmt_lost(&b, 1, 0, &shrt), 0);
	ck_assert_str_eq(b.buf, "-- 1 record lost --\n");
	lg_sbuf_free(&b);
}
END_TEST

static struct cons_rec vrec(unsigned int level, unsigned long long seq,
			    unsigned long long lost)
{
	struct cons_rec r;

	memset(&r, 0, sizeof(r));
	r.h.level = (__u8)level;
	r.h.seq = seq;
	r.h.lost = lost;
	return r;
}

static int vcheck(struct cons_verify *v, unsigned int level,
		  unsigned long long seq, char *msg)
{
	struct cons_rec r = vrec(level, seq, 0);

	return cons_verify_rec(v, &r, msg, 160);
}

START_TEST(test_verify_priority_order)
{
	struct cons_verify v;
	struct cons_rec r;
	char msg[160];

	cons_verify_init(&v, LOGGER_ORDER_PRIORITY);
	/* Priority order: err 5, err 9, then older warnings: fine. */
	ck_assert_int_eq(vcheck(&v, 3, 5, msg), 0);
	ck_assert_int_eq(vcheck(&v, 3, 9, msg), 0);
	ck_assert_int_eq(vcheck(&v, 4, 2, msg), 0);
	r = vrec(4, 7, 3);	/* gap after 3 lost: fine */
	ck_assert_int_eq(cons_verify_rec(&v, &r, msg, sizeof(msg)), 0);
	ck_assert_int_eq(vcheck(&v, 4, 7, msg), -1);
	ck_assert_str_eq(msg, "level warning: seq 7 after 7 (duplicate)");
	ck_assert_int_eq(vcheck(&v, 3, 6, msg), -1);
	ck_assert_str_eq(msg, "level err: seq 6 after 9 (backwards)");
	ck_assert_int_eq(vcheck(&v, 6, 0, msg), -1);
	ck_assert_uint_eq(v.violations, 3);
	ck_assert_uint_eq(v.level_read[3], 3);
	ck_assert_uint_eq(v.level_read[4], 3);
	ck_assert_uint_eq(v.lost, 3);
	ck_assert_uint_eq(v.level_lost_seen[4], 3);
}
END_TEST

START_TEST(test_verify_seq_order)
{
	struct cons_verify v;
	char msg[160];

	cons_verify_init(&v, LOGGER_ORDER_SEQ);
	ck_assert_int_eq(vcheck(&v, 6, 1, msg), 0);
	ck_assert_int_eq(vcheck(&v, 3, 4, msg), 0);	/* gaps are fine */
	ck_assert_int_eq(vcheck(&v, 6, 3, msg), -1);	/* other level */
	ck_assert_str_eq(msg, "order seq: seq 3 after 4 (backwards)");
	ck_assert_int_eq(vcheck(&v, 7, 4, msg), -1);
	ck_assert_str_eq(msg, "order seq: seq 4 after 4 (duplicate)");
	/* Switching order on reload restarts the cross-level check only. */
	cons_verify_set_order(&v, LOGGER_ORDER_PRIORITY);
	cons_verify_set_order(&v, LOGGER_ORDER_SEQ);
	ck_assert_int_eq(vcheck(&v, 5, 2, msg), 0);
	ck_assert_int_eq(vcheck(&v, 3, 4, msg), -1);
	ck_assert_str_eq(msg, "level err: seq 4 after 4 (duplicate)");
	ck_assert_uint_eq(v.violations, 3);
}
END_TEST

Suite *make_cons_record_suite(void)
{
	Suite *s = suite_create("cons_record");
	TCase *tc = tcase_create("decode");

	tcase_add_test(tc, test_decode);
	tcase_add_test(tc, test_decode_malformed);
	tcase_add_test(tc, test_format);
	suite_add_tcase(s, tc);
	tc = tcase_create("verify");
	tcase_add_test(tc, test_verify_priority_order);
	tcase_add_test(tc, test_verify_seq_order);
	suite_add_tcase(s, tc);
	return s;
}
