// SPDX-License-Identifier: GPL-2.0
/*
 * userland/consumer: the work-queue options (--group, --tag, --hold,
 * --no-hold), their spec keys (group=, tags=), and tags in the output
 * formats of a version 2 record.
 */
#include <stdarg.h>
#include <string.h>

#include "../../userland/consumer/cons_fmt.h"
#include "../../userland/consumer/cons_opts.h"
#include "../../userland/consumer/cons_record.h"
#include "../../userland/consumer/cons_spec.h"
#include "unit.h"

START_TEST(test_opts_group_tags)
{
	static struct cons_opts o;
	char err[256];

	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--group",
				      "workers", "--tag", "job", "-t", "urgent",
				      "--tag", "job", "--identifier", "",
				      "--no-hold", NULL),
			 0);
	ck_assert_str_eq(o.def.group, "workers");
	/* "job" twice counts once; '' stands for untagged records. */
	ck_assert_uint_eq(o.def.ntags, 3);
	ck_assert_str_eq(o.def.tags[0], "job");
	ck_assert_str_eq(o.def.tags[1], "urgent");
	ck_assert_str_eq(o.def.tags[2], "");
	ck_assert(o.dev.no_hold);

	/* Defaults: no group, no tag filter, holding. */
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--hold", NULL), 0);
	ck_assert_str_eq(o.def.group, "");
	ck_assert_uint_eq(o.def.ntags, 0);
	ck_assert(!o.dev.no_hold);
	/* A group name may hold blanks (printable 0x20..0x7e). */
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--group",
				      "night jobs", NULL),
			 0);
	ck_assert_str_eq(o.def.group, "night jobs");
}
END_TEST

START_TEST(test_opts_group_tags_bad)
{
	static struct cons_opts o;
	char err[256];

	/* Eight tags are the kernel's limit; a ninth is an error. */
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "-t", "a", "-t",
				      "b", "-t", "c", "-t", "d", "-t", "e",
				      "-t", "f", "-t", "g", "-t", "h", NULL),
			 0);
	ck_assert_uint_eq(o.def.ntags, 8);
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "-t", "a", "-t",
				      "b", "-t", "c", "-t", "d", "-t", "e",
				      "-t", "f", "-t", "g", "-t", "h", "-t",
				      "i", NULL),
			 -1);
	ck_assert_str_eq(err,
			 "--tag 'i': at most 8 tags (the kernel filters on 8)");
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--tag",
				      "a:b", NULL),
			 -1);
	ck_assert_ptr_nonnull(strstr(err, "invalid --tag 'a:b'"));
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--tag",
				      "a b", NULL),
			 -1);
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--tag",
				      "0123456789abcdef0123456789abcdef", NULL),
			 -1);
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--tag",
				      "0123456789abcdef0123456789abcde", NULL),
			 0);
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--tag", NULL), -1);
	ck_assert_str_eq(err, "option '--tag' requires an argument");

	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--group",
				      "", NULL),
			 -1);
	ck_assert_ptr_nonnull(strstr(err, "invalid --group ''"));
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--group", "a\tb",
				      NULL),
			 -1);
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--group",
				      "0123456789abcdef0123456789abcdef", NULL),
			 -1);
	/* A member reads where its group is: no cursor file, no state. */
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--group", "w",
				      "--cursor-file", "/c", NULL),
			 -1);
	ck_assert_ptr_nonnull(strstr(err, "--group"));
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--forward",
				      "tcp://h:1", "--state", "/s", "--group",
				      "w", NULL),
			 -1);
	ck_assert_ptr_nonnull(strstr(err, "--state"));
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--no-hold",
				      "--hold", NULL),
			 -1);
}
END_TEST

START_TEST(test_spec_group_tags)
{
	struct cons_spec def, sp, sp2;
	char err[256];

	cons_spec_default(&def, CONS_FMT_TEXT);
	ck_assert_int_eq(cons_spec_parse("group=w,tags=job,log out=/o", &def,
					 &sp, err, sizeof(err)), 0);
	ck_assert_str_eq(sp.group, "w");
	ck_assert_uint_eq(sp.ntags, 2);
	ck_assert_str_eq(sp.tags[0], "job");
	ck_assert_str_eq(sp.tags[1], "log");
	/* The same set in another order is the same view. */
	ck_assert_int_eq(cons_spec_parse("group=w tag=log,job out=/o", &def,
					 &sp2, err, sizeof(err)), 0);
	ck_assert(cons_spec_same_view(&sp, &sp2));
	ck_assert_int_eq(cons_spec_parse("group=v tag=log,job out=/o", &def,
					 &sp2, err, sizeof(err)), 0);
	ck_assert(!cons_spec_same_view(&sp, &sp2));
	ck_assert(!cons_spec_equal(&sp, &sp2));
	ck_assert_int_eq(cons_spec_parse("group=w tags=job out=/o", &def,
					 &sp2, err, sizeof(err)), 0);
	ck_assert(!cons_spec_same_view(&sp, &sp2));
	/* Command-line defaults reach every spec; keys replace them. */
	strcpy(def.group, "g");
	ck_assert_int_eq(cons_spec_add_tag(&def, "x"), 0);
	ck_assert_int_eq(cons_spec_parse("out=/o", &def, &sp2, err,
					 sizeof(err)), 0);
	ck_assert_str_eq(sp2.group, "g");
	ck_assert_uint_eq(sp2.ntags, 1);
	ck_assert_int_eq(cons_spec_parse("tags=y,z out=/o", &def, &sp2, err,
					 sizeof(err)), 0);
	ck_assert_uint_eq(sp2.ntags, 2);
	ck_assert_str_eq(sp2.tags[0], "y");

	cons_spec_default(&def, CONS_FMT_TEXT);
	ck_assert_int_eq(cons_spec_parse("tags=a,b,c,d,e,f,g,h,i", &def, &sp,
					 err, sizeof(err)), -1);
	ck_assert_str_eq(err,
			 "more than 8 tags (the kernel filters on at most 8)");
	ck_assert_int_eq(cons_spec_parse("tags=a:b", &def, &sp, err,
					 sizeof(err)), -1);
	ck_assert_str_eq(err, "bad tag 'a:b' (bytes 0x21..0x7e but ':')");
	ck_assert_int_eq(cons_spec_parse("group=w cursor=/c out=/o", &def,
					 &sp, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "not with cursor="));
	ck_assert_int_eq(cons_spec_parse("group=0123456789abcdef0123456789abcdef",
					 &def, &sp, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "bad group"));
}
END_TEST

/* One version 2 record: tag @tag, message "full". */
static size_t put_rec2(char *buf, const char *tag)
{
	struct logger_record2 h;

	memset(&h, 0, sizeof(h));
	h.rec.hdr_len = sizeof(h);
	h.rec.version = LOGGER_RECORD2_VERSION;
	h.rec.level = 3;
	h.rec.facility = 1;
	h.rec.msg_len = 4;
	h.rec.pid = 42;
	h.rec.tid = 43;
	h.rec.seq = 9;
	h.rec.ts_real_ns = 1700000000123456000ULL;
	memcpy(h.rec.comm, "worker", 6);
	h.tag_len = (__u8)strlen(tag);
	memcpy(h.tag, tag, strlen(tag));
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), "full\0\0\0\0", 8);
	return sizeof(h) + 8;
}

/* @r in @format, without colour, as one NUL-terminated string. */
static const char *fmt(struct lg_sbuf *b, const struct cons_rec *r,
		       unsigned int format)
{
	struct cons_fmt_ctx c = { .format = format,
				  .time = CONS_TIME_NOTIME };
	struct cons_fmt_state st = { 0, -1 };

	b->len = 0;
	ck_assert_int_eq(cons_fmt_record(b, r, &c, &st), 0);
	return b->buf;
}

START_TEST(test_fmt_tags)
{
	char buf[256];
	struct cons_rec r;
	struct lg_sbuf b;
	size_t off = 0, len;

	ck_assert_uint_eq(sizeof(struct logger_record2), 112);
	lg_sbuf_init(&b);
	len = put_rec2(buf, "disk");
	ck_assert_int_eq(cons_decode_next(buf, len, &off, &r), 1);
	/* The device's own line: "TAG: " after the prefix. */
	ck_assert_str_eq(fmt(&b, &r, CONS_FMT_TEXT),
			 "3,9,1700000000123456,42,43,0;disk: full\n");
	ck_assert_ptr_nonnull(strstr(fmt(&b, &r, CONS_FMT_JSON),
				     "\"comm\":\"worker\",\"tag\":\"disk\",\"msg\":\"full\"}"));
	ck_assert_str_eq(fmt(&b, &r, CONS_FMT_SHORT), "err     disk[42]: full\n");

	/* No tag: no "tag" key, the command name in short. */
	len = put_rec2(buf, "");
	off = 0;
	ck_assert_int_eq(cons_decode_next(buf, len, &off, &r), 1);
	ck_assert_str_eq(fmt(&b, &r, CONS_FMT_TEXT),
			 "3,9,1700000000123456,42,43,0;full\n");
	ck_assert_ptr_null(strstr(fmt(&b, &r, CONS_FMT_JSON), "\"tag\""));
	ck_assert_str_eq(fmt(&b, &r, CONS_FMT_SHORT),
			 "err     worker[42]: full\n");
	lg_sbuf_free(&b);
}
END_TEST

Suite *make_cons_queue_suite(void)
{
	Suite *s = suite_create("cons_queue");
	TCase *tc = tcase_create("queue");

	tcase_add_test(tc, test_opts_group_tags);
	tcase_add_test(tc, test_opts_group_tags_bad);
	tcase_add_test(tc, test_spec_group_tags);
	tcase_add_test(tc, test_fmt_tags);
	suite_add_tcase(s, tc);
	return s;
}
