// SPDX-License-Identifier: GPL-2.0
/*
 * userland/producer: level mix and option parsing (good and bad input),
 * record building (the generators' fast path byte for byte against the
 * plain one), and the batch writer against a fake device with
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
	/* Static: the options keep pointers into argv (the message). */
	static char *argv[UT_ARGV_MAX];
	va_list ap;
	int argc;

	va_start(ap, err);
	argc = ut_vargv(argv, UT_ARGV_MAX, "logger-producer", ap);
	va_end(ap);
	return prod_parse_args(argc, argv, o, err, 256);
}

START_TEST(test_opts_defaults_and_good)
{
	struct prod_opts o;
	char err[256];

	/* Nothing: the lines of stdin, user.notice, like logger. */
	ck_assert_int_eq(parse(&o, err, NULL), 0);
	ck_assert_int_eq(o.mode, PROD_LINES);
	ck_assert_str_eq(o.file, "-");
	ck_assert_str_eq(o.device, "/dev/logger");
	ck_assert_uint_eq(o.facility, 1);
	ck_assert_uint_eq(o.level, 5);
	ck_assert_int_eq(o.policy, PQ_BLOCK);
	/* logger's letters: -t tag, -p priority, -f file, -s, -S, -u. */
	ck_assert_int_eq(parse(&o, err, "-t", "app", "-p", "local3.err", "-f",
			       "/tmp/in", "-s", "-S", "100", "-u", "/tmp/x",
			       "-i", "-e", "--prio-prefix", NULL), 0);
	ck_assert_str_eq(o.tag, "app");
	ck_assert_uint_eq(o.facility, 19);
	ck_assert_uint_eq(o.level, 3);
	ck_assert_str_eq(o.file, "/tmp/in");
	ck_assert(o.to_stderr);
	ck_assert(o.prio_prefix);
	ck_assert_uint_eq(o.size, 100);
	ck_assert_str_eq(o.device, "/tmp/x");
	ck_assert_int_eq(o.mode, PROD_LINES);
	/* A message in the arguments. */
	ck_assert_int_eq(parse(&o, err, "-p", "warning", "disk", "full", NULL),
			 0);
	ck_assert_int_eq(o.mode, PROD_MESSAGE);
	ck_assert_int_eq(o.msg_argc, 2);
	ck_assert_str_eq(o.msg_argv[1], "full");
	ck_assert_uint_eq(o.facility, 1);
	ck_assert_uint_eq(o.level, 4);
	/* Generator options select generated records. */
	ck_assert_int_eq(parse(&o, err, "--threads", "8", "-n", "5", "--size",
			       "100", "--levels", "err:3", "--queue", "10",
			       "--policy", "drop", "--writers", "4", "-b", "7",
			       "--device", "/tmp/x", "--json", "--tag", "app",
			       NULL), 0);
	ck_assert_int_eq(o.mode, PROD_GEN);
	ck_assert_uint_eq(o.threads, 8);
	ck_assert_uint_eq(o.count, 5);
	ck_assert_uint_eq(o.size, 100);
	ck_assert_uint_eq(o.mix.weight[3], 3);
	ck_assert_uint_eq(o.queue, 10);
	ck_assert_int_eq(o.policy, PQ_DROP);
	ck_assert_uint_eq(o.writers, 4);
	ck_assert_uint_eq(o.batch, 7);
	ck_assert(o.json);
	ck_assert_int_eq(parse(&o, err, "-n", "3", NULL), 0);
	ck_assert_uint_eq(o.size, 64);
	ck_assert_uint_eq(o.mix.total, 100);
	/* -p's level is the mix when --levels is not given. */
	ck_assert_int_eq(parse(&o, err, "-n", "3", "-p", "local0.crit", NULL),
			 0);
	ck_assert_uint_eq(o.mix.total, 1);
	ck_assert_uint_eq(o.mix.weight[2], 1);
	ck_assert_uint_eq(o.facility, 16);
	/* --rate without --count runs until interrupted. */
	ck_assert_int_eq(parse(&o, err, "--rate", "100", NULL), 0);
	ck_assert_uint_eq(o.rate, 100);
	ck_assert_uint_eq(o.count, 0);
	ck_assert_int_eq(parse(&o, err, "--rate", "100", "-n", "7", NULL), 0);
	ck_assert_uint_eq(o.count, 7);
	ck_assert_int_eq(parse(&o, err, "--stdin", "--level", "err", NULL), 0);
	ck_assert_int_eq(o.mode, PROD_LINES);
	ck_assert_uint_eq(o.level, 3);
	ck_assert_int_eq(parse(&o, err, "--help", NULL), 0);
	ck_assert(o.help);
	ck_assert_int_eq(parse(&o, err, "-V", NULL), 0);
	ck_assert(o.version);
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
	ck_assert_int_eq(parse(&o, err, "-t", "has space", NULL), -1);
	ck_assert_int_eq(parse(&o, err, "-t", "a:b", NULL), -1);
	ck_assert_int_eq(parse(&o, err, "-t",
			       "0123456789012345678901234567890x", NULL), -1);
	/* The unknown option named is the one given (optopt), not a
	 * neighbour. */
	ck_assert_int_eq(parse(&o, err, "--bogus", NULL), -1);
	ck_assert_str_eq(err, "unrecognized option '--bogus'");
	ck_assert_int_eq(parse(&o, err, "-b", "4", "-Z", NULL), -1);
	ck_assert_str_eq(err, "invalid option -- 'Z'");
	ck_assert_int_eq(parse(&o, err, "-sZ", NULL), -1);
	ck_assert_str_eq(err, "invalid option -- 'Z'");
	ck_assert_int_eq(parse(&o, err, "--threads", NULL), -1);
	ck_assert_str_eq(err, "option '--threads' requires an argument");
	ck_assert_int_eq(parse(&o, err, "-q", NULL), -1);
	ck_assert_str_eq(err, "option requires an argument -- 'q'");
	/* Facility kern is the kernel's. */
	ck_assert_int_eq(parse(&o, err, "-p", "kern.err", "x", NULL), -1);
	ck_assert_str_eq(err, "--priority 'kern.err': facility kern is the kernel's (use user or local0..local7)");
	ck_assert_int_eq(parse(&o, err, "-p", "0.3", "x", NULL), -1);
	ck_assert_int_eq(parse(&o, err, "-p", "user.loud", NULL), -1);
	ck_assert_int_eq(parse(&o, err, "-p", "err", "--level", "err", NULL),
			 -1);
	/* --stdin -l err was silently ignored: now refused. */
	ck_assert_int_eq(parse(&o, err, "--stdin", "-l", "err", NULL), -1);
	ck_assert_str_eq(err, "--levels and --stdin exclude each other");
	ck_assert_int_eq(parse(&o, err, "-n", "5", "hello", NULL), -1);
	ck_assert_str_eq(err, "a message and --count exclude each other");
	ck_assert_int_eq(parse(&o, err, "-f", "x", "hello", NULL), -1);
	ck_assert_int_eq(parse(&o, err, "--id=5", "x", NULL), -1);
}
END_TEST

/* Record @i of @b as a C string in @out. */
static const char *rec_str(const struct pq_batch *b, size_t i, char *out)
{
	size_t start = i ? b->ends[i - 1] + 1 : 0;

	memcpy(out, b->buf + start, b->ends[i] - start);
	out[b->ends[i] - start] = '\0';
	return out;
}

START_TEST(test_records)
{
	struct pq_batch b;
	char body[16], r[64];

	struct prod_line_opts lp = { 1, 6, "t", false, 100 };

	ck_assert_int_eq(pq_batch_init(&b, 8, 80), 0);
	ck_assert_int_eq(prod_add_record(&b, 1, 3, NULL, "disk full", 9), 0);
	ck_assert_str_eq(rec_str(&b, 0, r), "<11>disk full");
	ck_assert_uint_eq(b.ends[0], 13);
	ck_assert_int_eq(prod_add_record(&b, 1, 7, "app", "x", 1), 0);
	ck_assert_str_eq(rec_str(&b, 1, r), "<15>app: x");
	ck_assert_int_eq(prod_add_record(&b, 23, 7, NULL, "y", 1), 0);
	ck_assert_str_eq(rec_str(&b, 2, r), "<191>y");
	ck_assert_int_eq(prod_add_line(&b, "hello\r", 6, &lp), 0);
	ck_assert_str_eq(rec_str(&b, 3, r), "<14>t: hello");
	/* Without --prio-prefix a prefix is text, behind our own. */
	ck_assert_int_eq(prod_add_line(&b, "<3>disk", 7, &lp), 0);
	ck_assert_str_eq(rec_str(&b, 4, r), "<14>t: <3>disk");
	/* With it: the line's level; facility 0 (none) takes -p's. */
	lp.prio_prefix = true;
	lp.tag = NULL;
	lp.facility = 16;
	ck_assert_int_eq(prod_add_line(&b, "<3>x", 4, &lp), 0);
	ck_assert_str_eq(rec_str(&b, 5, r), "<131>x");
	ck_assert_int_eq(prod_add_line(&b, "<999>x", 6, &lp), 0);
	ck_assert_str_eq(rec_str(&b, 6, r), "<134><999>x");
	ck_assert_int_eq(prod_add_line(&b, "", 0, &lp), -ENODATA);
	ck_assert_uint_eq(b.n, 7);
	ck_assert(memcmp(b.buf, "<11>disk full\n<15>app: x\n<191>y\n", 32) == 0);
	/* Too long for the device: refused before it is queued. */
	lp.max_msg = 3;
	ck_assert_int_eq(prod_add_line(&b, "<4>abcd", 7, &lp), -EMSGSIZE);
	ck_assert_int_eq(prod_add_line(&b, "<4>abc", 6, &lp), -ENOSPC);
	ck_assert_uint_eq(b.n, 7);
	pq_batch_reset(&b);
	ck_assert_int_eq(prod_add_record(&b, 1, 3, NULL, "z", 1), 0);
	pq_batch_free(&b);
	ck_assert_uint_eq(prod_fill_body(body, 12, 2, 5), 12);
	ck_assert_str_eq(body, "T2 N5 abcdef");
	ck_assert_uint_eq(prod_fill_body(body, 3, 2, 5), 3);
	ck_assert_str_eq(body, "T2 ");
	ck_assert_uint_eq(prod_record_max(NULL, 10), 16);
	ck_assert_uint_eq(prod_record_max("app", 10), 21);
}
END_TEST

/*
 * The generator's fast path makes exactly what prod_add_record() makes,
 * also when its reused buffer shifts: batches of random length, levels
 * with 3- and 4-byte prefixes, numbers across digit boundaries.
 */
START_TEST(test_gen_matches_records)
{
	static const size_t sizes[] = { 1, 3, 7, 8, 12, 30, 123, 1000 };
	static const char *const tags[] = { NULL, "app" };
	unsigned long long rng = 12345;
	struct pq_batch slow;
	size_t si, ti, round, i;
	char *body = malloc(1001);

	ck_assert_ptr_nonnull(body);
	ck_assert_int_eq(pq_batch_init(&slow, 8, 8 * 1100), 0);
	for (ti = 0; ti < 2; ti++)
		for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
			unsigned long long n = 0;
			struct prod_gen g;

			ck_assert_int_eq(prod_gen_init(&g, tags[ti], sizes[si],
						       1 + (unsigned int)si * 3,
						       7, 8, 8 * 1100), 0);
			for (round = 0; round < 400; round++) {
				size_t len = 1 + (rng >> 20) % 8;
				/* All "<8>", all "<15>" or mixed. */
				unsigned int mode = (unsigned int)(rng >> 40) % 3;

				pq_batch_reset(&g.batch);
				pq_batch_reset(&slow);
				for (i = 0; i < len; i++) {
					unsigned int level;
					int ret;

					rng = rng * 6364136223846793005ULL + 1;
					level = mode == 2 ?
						(unsigned int)(rng >> 33) % 8 :
						mode * 7;
					/* Jump to digit boundaries now and then. */
					if (round % 50 == 49 && !i)
						n = n * 10 + 7;
					ret = prod_gen_add(&g, level, n);
					ck_assert_int_eq(ret, 0);
					prod_fill_body(body, sizes[si], 7, n);
					ret = prod_add_record(&slow,
							      1 + (unsigned int)si * 3,
							      level, tags[ti],
							      body, sizes[si]);
					ck_assert_int_eq(ret, 0);
					n++;
				}
				ck_assert_uint_eq(g.batch.n, slow.n);
				ck_assert_uint_eq(g.batch.len, slow.len);
				ck_assert_msg(!memcmp(g.batch.buf, slow.buf,
						      slow.len),
					      "size %zu round %zu: %.*s",
					      sizes[si], round, (int)slow.len,
					      slow.buf);
				for (i = 0; i < len; i++)
					ck_assert_uint_eq(g.batch.ends[i],
							  slow.ends[i]);
			}
			prod_gen_free(&g);
		}
	pq_batch_free(&slow);
	free(body);
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

/* A batch of the records @recs (NULL-terminated). */
static void batch_of(struct pq_batch *b, const char *const *recs)
{
	ck_assert_int_eq(pq_batch_init(b, 8, 256), 0);
	for (; *recs; recs++)
		ck_assert_int_eq(pq_batch_add(b, *recs, strlen(*recs)), 0);
}

START_TEST(test_write_batch_device_semantics)
{
	static const char *const recs[] = {
		"<14>a", "<14>bbbbbbbbbbbb", "<14>c", "<14>dddddddddddddd",
		"<14>e", NULL,
	};
	struct prod_wstats st = { 0 };
	struct pq_batch b;

	batch_of(&b, recs);
	/* Everything fits: one call. */
	fake_reset(100, 100, 0);
	ck_assert_int_eq(prod_write_batch_fn(0, &b, &st, fake_write, NULL), 0);
	ck_assert_uint_eq(st.written, 5);
	ck_assert_int_eq(fake_calls, 1);

	/* Two records too long: short writes, EMSGSIZE, never retried. */
	memset(&st, 0, sizeof(st));
	fake_reset(8, 100, 0);
	ck_assert_int_eq(prod_write_batch_fn(0, &b, &st, fake_write, NULL), 0);
	ck_assert_uint_eq(st.written, 3);
	ck_assert_uint_eq(st.oversized, 2);
	ck_assert_uint_eq(st.failed, 0);
	ck_assert_str_eq(fake_out, "<14>a\n<14>c\n<14>e\n");
	/* a | EMSGSIZE b | c | EMSGSIZE d | e */
	ck_assert_int_eq(fake_calls, 5);

	/* One record per call, EINTR before each: all in, in order. */
	memset(&st, 0, sizeof(st));
	fake_reset(100, 1, 1);
	ck_assert_int_eq(prod_write_batch_fn(0, &b, &st, fake_write, NULL), 0);
	ck_assert_uint_eq(st.written, 5);
	ck_assert_int_eq(fake_calls, 10);
	ck_assert_str_eq(fake_out,
			 "<14>a\n<14>bbbbbbbbbbbb\n<14>c\n<14>dddddddddddddd\n<14>e\n");

	/* An empty batch writes nothing. */
	memset(&st, 0, sizeof(st));
	fake_reset(100, 100, 0);
	pq_batch_reset(&b);
	ck_assert_int_eq(prod_write_batch_fn(0, &b, &st, fake_write, NULL), 0);
	ck_assert_int_eq(fake_calls, 0);
	ck_assert_uint_eq(st.written, 0);
	pq_batch_free(&b);
}
END_TEST

START_TEST(test_write_batch_fatal_and_pipe)
{
	static const char *const recs[] = { "<11>x", "<11>y", "<11>z", NULL };
	struct prod_wstats st = { 0 };
	struct pq_batch b;
	char buf[64];
	int p[2];

	batch_of(&b, recs);
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(prod_write_batch(p[1], &b, &st, NULL), 0);
	ck_assert_uint_eq(st.written, 3);
	ck_assert_int_eq(read(p[0], buf, sizeof(buf)), 18);
	ck_assert(memcmp(buf, "<11>x\n<11>y\n<11>z\n", 18) == 0);
	close(p[0]);
	memset(&st, 0, sizeof(st));
	/* Reader gone: EPIPE is fatal, all three counted as failed. */
	signal(SIGPIPE, SIG_IGN);
	ck_assert_int_eq(prod_write_batch(p[1], &b, &st, NULL), -EPIPE);
	ck_assert_uint_eq(st.written, 0);
	ck_assert_uint_eq(st.failed, 3);
	close(p[1]);
	pq_batch_free(&b);
}
END_TEST

/*
 * "-n 3 -b 1" wrote nothing: a batch sized for exactly one record had no
 * room for it.  A generator batch of one record holds one record, with
 * and without a tag, at every size.
 */
START_TEST(test_gen_batch_of_one)
{
	static const char *const tags[] = { NULL, "app" };
	size_t size, ti;

	for (ti = 0; ti < 2; ti++)
		for (size = 1; size <= 300; size += 7) {
			struct prod_gen g;

			ck_assert_int_eq(prod_gen_init(&g, tags[ti], size, 1, 0,
						       1,
						       pq_batch_bytes(1,
							prod_record_max(tags[ti],
									size))),
					 0);
			ck_assert_int_eq(prod_gen_add(&g, 6, 0), 0);
			ck_assert_uint_eq(g.batch.n, 1);
			ck_assert_uint_eq(g.batch.len,
					  prod_record_max(tags[ti], size) - 1);
			ck_assert_int_eq(prod_gen_add(&g, 6, 1), -ENOSPC);
			pq_batch_reset(&g.batch);
			ck_assert_int_eq(prod_gen_add(&g, 6, 1), 0);
			prod_gen_free(&g);
		}
}
END_TEST

/* A second signal: a write interrupted with the abort flag set gives up. */
static int abort_calls;

static ssize_t eintr_write(int fd, const void *buf, size_t len)
{
	abort_calls++;
	errno = EINTR;
	return -1;
}

START_TEST(test_write_batch_abort)
{
	static const char *const recs[] = { "<11>x", "<11>y", NULL };
	struct prod_wstats st = { 0 };
	atomic_bool abort_flag;
	struct pq_batch b;

	batch_of(&b, recs);
	atomic_init(&abort_flag, true);
	abort_calls = 0;
	ck_assert_int_eq(prod_write_batch_fn(0, &b, &st, eintr_write,
					     &abort_flag), -EINTR);
	ck_assert_int_eq(abort_calls, 1);
	ck_assert_uint_eq(st.failed, 2);
	ck_assert_uint_eq(st.written, 0);
	pq_batch_free(&b);
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
	tcase_add_test(tc, test_gen_matches_records);
	tcase_add_test(tc, test_write_batch_device_semantics);
	tcase_add_test(tc, test_write_batch_fatal_and_pipe);
	tcase_add_test(tc, test_gen_batch_of_one);
	tcase_add_test(tc, test_write_batch_abort);
	suite_add_tcase(s, tc);
	return s;
}
