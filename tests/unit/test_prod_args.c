// SPDX-License-Identifier: GPL-2.0
/*
 * userland/producer: level mix and option parsing (good and bad input),
 * record building, and the batch writer against a fake device with
 * /dev/logger's write() semantics (short writes, EMSGSIZE, EINTR).
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../userland/producer/prod_opts.h"
#include "../../userland/producer/prod_write.h"
#include "unit.h"

START_TEST(test_mix_good)
{
	struct prod_mix m;

	ck_assert_int_eq(prod_mix_parse("err:1,warning:4,info:80,debug:15",
					&m), 0);
	ck_assert_uint_eq(m.total, 100);
	ck_assert_uint_eq(m.weight[3], 1);
	ck_assert_uint_eq(m.weight[4], 4);
	ck_assert_uint_eq(m.weight[6], 80);
	ck_assert_uint_eq(m.weight[7], 15);
	ck_assert_uint_eq(m.weight[0], 0);
	/* Cumulative: [0,1) err, [1,5) warning, [5,85) info, [85,100) debug */
	ck_assert_uint_eq(prod_mix_pick(&m, 0), 3);
	ck_assert_uint_eq(prod_mix_pick(&m, 1), 4);
	ck_assert_uint_eq(prod_mix_pick(&m, 4), 4);
	ck_assert_uint_eq(prod_mix_pick(&m, 5), 6);
	ck_assert_uint_eq(prod_mix_pick(&m, 84), 6);
	ck_assert_uint_eq(prod_mix_pick(&m, 85), 7);
	ck_assert_uint_eq(prod_mix_pick(&m, 199), 7);
	ck_assert_uint_eq(prod_mix_pick(&m, 200), 3);
	ck_assert_int_eq(prod_mix_parse("crit", &m), 0);
	ck_assert_uint_eq(m.total, 1);
	ck_assert_uint_eq(prod_mix_pick(&m, 12345), 2);
	ck_assert_int_eq(prod_mix_parse("0:2,7:0", &m), 0);
	ck_assert_uint_eq(m.total, 2);
}
END_TEST

START_TEST(test_mix_bad)
{
	static const char *const bad[] = {
		"", ",", "err:", "err:x", "err:-1", "bogus:1", "err:1,,info:1",
		"err:1,err:2", "err:0", "err:0,info:0", ":5", "err:1:2",
		"err:10000001",
	};
	struct prod_mix m = { { 9 }, 9 };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(prod_mix_parse(bad[i], &m) == -1,
			      "'%s' accepted", bad[i]);
	ck_assert_uint_eq(m.total, 9);
}
END_TEST

static int parse(struct prod_opts *o, char *err, ...)
{
	char *argv[40] = { "logger-producer" };
	int argc = 1;
	va_list ap;

	va_start(ap, err);
	while (argc < 39 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	return prod_parse_args(argc, argv, o, err, 256);
}

START_TEST(test_opts_defaults_and_good)
{
	struct prod_opts o;
	char err[256];

	ck_assert_int_eq(parse(&o, err, NULL), 0);
	ck_assert_str_eq(o.device, "/dev/logger");
	ck_assert_uint_eq(o.threads, 1);
	ck_assert_uint_eq(o.count, 1000);
	ck_assert_uint_eq(o.rate, 0);
	ck_assert_uint_eq(o.mix.total, 100);
	ck_assert_int_eq(o.policy, PQ_BLOCK);
	ck_assert_int_eq(parse(&o, err, "--threads", "8", "-n", "5", "--size",
			       "100", "--levels", "err:3", "--queue", "10",
			       "--policy", "drop", "--writers", "4", "-b", "7",
			       "--device", "/tmp/x", "--json", "--tag", "app",
			       NULL), 0);
	ck_assert_uint_eq(o.threads, 8);
	ck_assert_uint_eq(o.count, 5);
	ck_assert_uint_eq(o.size, 100);
	ck_assert_uint_eq(o.mix.weight[3], 3);
	ck_assert_uint_eq(o.queue, 10);
	ck_assert_int_eq(o.policy, PQ_DROP);
	ck_assert_uint_eq(o.writers, 4);
	ck_assert_uint_eq(o.batch, 7);
	ck_assert_str_eq(o.device, "/tmp/x");
	ck_assert_str_eq(o.tag, "app");
	ck_assert(o.json);
	/* --rate without --count runs until interrupted. */
	ck_assert_int_eq(parse(&o, err, "--rate", "100", NULL), 0);
	ck_assert_uint_eq(o.rate, 100);
	ck_assert_uint_eq(o.count, 0);
	ck_assert_int_eq(parse(&o, err, "--rate", "100", "-n", "7", NULL), 0);
	ck_assert_uint_eq(o.count, 7);
	ck_assert_int_eq(parse(&o, err, "--stdin", "--level", "err", NULL), 0);
	ck_assert(o.use_stdin);
	ck_assert_uint_eq(o.stdin_level, 3);
	ck_assert_int_eq(parse(&o, err, "--help", NULL), 0);
	ck_assert(o.help);
}
END_TEST

START_TEST(test_opts_bad)
{
	struct prod_opts o;
	char err[256];

	ck_assert_int_eq(parse(&o, err, "--threads", "0", NULL), -1);
	ck_assert_str_eq(err, "invalid --threads '0' (want 1..1024)");
	ck_assert_int_eq(parse(&o, err, "--threads", "-3", NULL), -1);
	ck_assert_int_eq(parse(&o, err, "--count", "12x", NULL), -1);
	ck_assert_int_eq(parse(&o, err, "--size", "0", NULL), -1);
	ck_assert_int_eq(parse(&o, err, "--rate", "0", NULL), -1);
	ck_assert_int_eq(parse(&o, err, "--policy", "maybe", NULL), -1);
	ck_assert_int_eq(parse(&o, err, "--levels", "loud:1", NULL), -1);
	ck_assert_int_eq(parse(&o, err, "--level", "8", NULL), -1);
	ck_assert_int_eq(parse(&o, err, "--tag", "", NULL), -1);
	ck_assert_int_eq(parse(&o, err, "--bogus", NULL), -1);
	ck_assert_str_eq(err, "unknown option '--bogus'");
	ck_assert_int_eq(parse(&o, err, "--threads", NULL), -1);
	ck_assert_str_eq(err, "option '--threads' needs an argument");
	ck_assert_int_eq(parse(&o, err, "extra", NULL), -1);
	ck_assert_str_eq(err, "unexpected argument 'extra'");
}
END_TEST

START_TEST(test_records)
{
	struct pq_item it;
	char body[16];

	ck_assert_int_eq(prod_make_record(&it, 3, NULL, "disk full", 9), 0);
	ck_assert_str_eq(it.data, "<11>disk full");
	ck_assert_uint_eq(it.len, 13);
	free(it.data);
	ck_assert_int_eq(prod_make_record(&it, 7, "app", "x", 1), 0);
	ck_assert_str_eq(it.data, "<15>app: x");
	free(it.data);
	ck_assert_int_eq(prod_line_record(&it, "hello\r", 6, 6, "t"), 0);
	ck_assert_str_eq(it.data, "<14>t: hello");
	free(it.data);
	/* A line's own prefix wins and keeps its facility. */
	ck_assert_int_eq(prod_line_record(&it, "<3>disk", 7, 6, "t"), 0);
	ck_assert_str_eq(it.data, "<3>t: disk");
	free(it.data);
	ck_assert_int_eq(prod_line_record(&it, "<999>x", 6, 4, NULL), 0);
	ck_assert_str_eq(it.data, "<12><999>x");
	free(it.data);
	ck_assert_int_eq(prod_line_record(&it, "", 0, 4, NULL), -ENODATA);
	ck_assert_uint_eq(prod_fill_body(body, 12, 2, 5), 12);
	ck_assert_str_eq(body, "T2 N5 abcdef");
	ck_assert_uint_eq(prod_fill_body(body, 3, 2, 5), 3);
	ck_assert_str_eq(body, "T2 ");
}
END_TEST

/*
 * A fake /dev/logger: records longer than fake_max are refused (EMSGSIZE
 * if first, else a short write of the records before), at most
 * fake_per_call records are taken per call, every other call first fails
 * with EINTR when fake_eintr is set.  What it takes goes to fake_out.
 */
static size_t fake_max, fake_per_call;
static int fake_eintr, fake_calls;
static char fake_out[4096];
static size_t fake_len;

static ssize_t fake_write(int fd, const void *buf, size_t len)
{
	const char *p = buf, *end = p + len;
	size_t taken = 0, recs = 0;

	fake_calls++;
	if (fake_eintr && (fake_calls & 1)) {
		errno = EINTR;
		return -1;
	}
	while (p < end && recs < fake_per_call) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t rl = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (rl > fake_max) {
			if (!taken) {
				errno = EMSGSIZE;
				return -1;
			}
			break;
		}
		if (rl)
			recs++;
		p += rl + (nl ? 1 : 0);
		taken = (size_t)(p - (const char *)buf);
	}
	memcpy(fake_out + fake_len, buf, taken);
	fake_len += taken;
	return (ssize_t)taken;
}

static void fake_reset(size_t max, size_t per_call, int eintr)
{
	fake_max = max;
	fake_per_call = per_call;
	fake_eintr = eintr;
	fake_calls = 0;
	fake_len = 0;
	memset(fake_out, 0, sizeof(fake_out));
}

static struct pq_item rec(const char *s)
{
	struct pq_item it = { (char *)s, strlen(s) };

	return it;
}

START_TEST(test_write_batch_device_semantics)
{
	struct pq_item items[5] = {
		rec("<14>a"), rec("<14>bbbbbbbbbbbb"), rec("<14>c"),
		rec("<14>dddddddddddddd"), rec("<14>e"),
	};
	struct prod_wstats st = { 0 };
	struct prod_wbuf wb;

	prod_wbuf_init(&wb);
	/* Everything fits: one call. */
	fake_reset(100, 100, 0);
	ck_assert_int_eq(prod_write_batch_fn(0, items, 5, &wb, &st,
					     fake_write), 0);
	ck_assert_uint_eq(st.written, 5);
	ck_assert_int_eq(fake_calls, 1);

	/* Two records too long: short writes, EMSGSIZE, never retried. */
	memset(&st, 0, sizeof(st));
	fake_reset(8, 100, 0);
	ck_assert_int_eq(prod_write_batch_fn(0, items, 5, &wb, &st,
					     fake_write), 0);
	ck_assert_uint_eq(st.written, 3);
	ck_assert_uint_eq(st.oversized, 2);
	ck_assert_uint_eq(st.failed, 0);
	ck_assert_str_eq(fake_out, "<14>a\n<14>c\n<14>e\n");
	/* a | EMSGSIZE b | c | EMSGSIZE d | e */
	ck_assert_int_eq(fake_calls, 5);

	/* One record per call, EINTR before each: all in, in order. */
	memset(&st, 0, sizeof(st));
	fake_reset(100, 1, 1);
	ck_assert_int_eq(prod_write_batch_fn(0, items, 5, &wb, &st,
					     fake_write), 0);
	ck_assert_uint_eq(st.written, 5);
	ck_assert_int_eq(fake_calls, 10);
	ck_assert_str_eq(fake_out,
			 "<14>a\n<14>bbbbbbbbbbbb\n<14>c\n<14>dddddddddddddd\n<14>e\n");
	prod_wbuf_free(&wb);
}
END_TEST

START_TEST(test_write_batch_fatal_and_pipe)
{
	struct pq_item items[3] = { rec("<11>x"), rec("<11>y"), rec("<11>z") };
	struct prod_wstats st = { 0 };
	struct prod_wbuf wb;
	char buf[64];
	int p[2];

	prod_wbuf_init(&wb);
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(prod_write_batch(p[1], items, 3, &wb, &st), 0);
	ck_assert_uint_eq(st.written, 3);
	ck_assert_int_eq(read(p[0], buf, sizeof(buf)), 18);
	ck_assert(memcmp(buf, "<11>x\n<11>y\n<11>z\n", 18) == 0);
	close(p[0]);
	memset(&st, 0, sizeof(st));
	/* Reader gone: EPIPE is fatal, all three counted as failed. */
	signal(SIGPIPE, SIG_IGN);
	ck_assert_int_eq(prod_write_batch(p[1], items, 3, &wb, &st), -EPIPE);
	ck_assert_uint_eq(st.written, 0);
	ck_assert_uint_eq(st.failed, 3);
	close(p[1]);
	prod_wbuf_free(&wb);
}
END_TEST

Suite *make_prod_args_suite(void)
{
	Suite *s = suite_create("prod_args");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_mix_good);
	tcase_add_test(tc, test_mix_bad);
	tcase_add_test(tc, test_opts_defaults_and_good);
	tcase_add_test(tc, test_opts_bad);
	suite_add_tcase(s, tc);
	tc = tcase_create("write");
	tcase_add_test(tc, test_records);
	tcase_add_test(tc, test_write_batch_device_semantics);
	tcase_add_test(tc, test_write_batch_fatal_and_pipe);
	suite_add_tcase(s, tc);
	return s;
}
