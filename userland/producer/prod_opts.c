// SPDX-License-Identifier: GPL-2.0
/*
 * prod_opts: the producer's command line and level mix.
 *
 * DESIGN
 *   Pure parsing into struct prod_opts: no I/O, no exit(), so the unit
 *   tests can feed it good and bad command lines.  Errors come back as a
 *   message in a caller buffer; main() prints it with the --help hint and
 *   exits 2.  Numbers are decimal, without sign, range-checked.
 *   Non-goals: no config file; getopt_long's global state (optind) is
 *   reset on entry, so this is not thread-safe (it runs once, in main).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "levels.h"
#include "prod_opts.h"

const char prod_usage[] =
"Usage: logger-producer [OPTIONS]\n"
"Generate log records (or read them from stdin) and write them to\n"
"/dev/logger from several threads through a bounded queue.\n"
"\n"
"  -t, --threads N     generator threads (default 1)\n"
"  -n, --count N       records per generator thread (default 1000;\n"
"                      0 = until interrupted; with --rate: unlimited)\n"
"  -r, --rate N        records per second per thread (default: no limit)\n"
"  -s, --size N        message body size in bytes (default 64)\n"
"  -l, --levels MIX    level weights, e.g. err:1,warning:4,info:80,debug:15\n"
"                      (the default); a bare level means weight 1\n"
"      --stdin         read records from stdin, one per line; a line may\n"
"                      start with a syslog prefix <N>\n"
"      --level LEVEL   level of stdin lines without a prefix (default info)\n"
"      --tag NAME      prefix every message with \"NAME: \"\n"
"  -q, --queue N       queue capacity in records (default 1024)\n"
"  -p, --policy P      full queue: block (default) or drop (counted)\n"
"  -w, --writers N     writer threads (default 1)\n"
"  -b, --batch N       records per write() at most (default 64)\n"
"  -d, --device PATH   device to write (default /dev/logger)\n"
"      --json          final report as one JSON object on stdout\n"
"  -h, --help          this help\n"
"\n"
"SIGINT/SIGTERM or end of input: stop generating, write everything\n"
"already queued, print the report.  Exit: 0 ok, 1 runtime error,\n"
"2 bad usage.\n";

enum {
	OPT_STDIN = 256,
	OPT_LEVEL,
	OPT_TAG,
	OPT_JSON,
};

/* The long options; short ones are in prod_parse_args()'s optstring. */
static const struct option prod_long_opts[] = {
	{ "threads", required_argument, NULL, 't' },
	{ "count", required_argument, NULL, 'n' },
	{ "rate", required_argument, NULL, 'r' },
	{ "size", required_argument, NULL, 's' },
	{ "levels", required_argument, NULL, 'l' },
	{ "stdin", no_argument, NULL, OPT_STDIN },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "tag", required_argument, NULL, OPT_TAG },
	{ "queue", required_argument, NULL, 'q' },
	{ "policy", required_argument, NULL, 'p' },
	{ "writers", required_argument, NULL, 'w' },
	{ "batch", required_argument, NULL, 'b' },
	{ "device", required_argument, NULL, 'd' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Unsigned decimal in [min, max]; no sign, no junk. */
static int parse_num(const char *s, unsigned long long min,
		     unsigned long long max, unsigned long long *v)
{
	char *end;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno || *end || *v < min || *v > max)
		return -1;
	return 0;
}

int prod_mix_parse(const char *s, struct prod_mix *mix)
{
	struct prod_mix m = { { 0 }, 0 };
	unsigned int seen = 0;
	const char *p = s;

	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		unsigned long long w = 1;
		char item[64], *colon;
		int lvl;

		if (len == 0 || len >= sizeof(item))
			return -1;
		memcpy(item, p, len);
		item[len] = '\0';
		colon = strchr(item, ':');
		if (colon) {
			*colon = '\0';
			if (parse_num(colon + 1, 0, 1000000, &w))
				return -1;
		}
		lvl = lg_level_parse(item);
		if (lvl < 0 || (seen & (1u << lvl)))
			return -1;
		seen |= 1u << lvl;
		m.weight[lvl] = (unsigned int)w;
		m.total += w;
		if (!comma)
			break;
		p = comma + 1;
	}
	if (!m.total)
		return -1;
	*mix = m;
	return 0;
}

/* The level for a random number @r: cumulative weights over r % total. */
unsigned int prod_mix_pick(const struct prod_mix *mix, unsigned long r)
{
	unsigned int l;

	r %= mix->total;
	for (l = 0; l < 7; l++) {
		if (r < mix->weight[l])
			return l;
		r -= mix->weight[l];
	}
	return 7;
}

__attribute__((format(printf, 3, 4)))
static int usage_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* One numeric option: "--NAME" in [min, max]. */
static int num_opt(const char *name, const char *arg, unsigned long long min,
		   unsigned long long max, unsigned long long *v, char *err,
		   size_t errlen)
{
	if (parse_num(arg, min, max, v))
		return usage_err(err, errlen,
				 "invalid --%s '%s' (want %llu..%llu)", name,
				 arg, min, max);
	return 0;
}

/**
 * prod_parse_args() - parse the producer's command line
 * @argc: argument count.
 * @argv: arguments; strings are referenced, not copied.
 * @o: filled with defaults, then the options.
 * @err: message on error.
 * @errlen: size of @err.
 *
 * Return: 0 on success (check @o->help), -1 on bad usage.
 */
int prod_parse_args(int argc, char **argv, struct prod_opts *o, char *err,
		    size_t errlen)
{
	bool have_count = false;
	unsigned long long v;
	int c, lvl;

	memset(o, 0, sizeof(*o));
	o->device = "/dev/logger";
	o->threads = 1;
	o->writers = 1;
	o->batch = 64;
	o->queue = 1024;
	o->count = 1000;
	o->size = 64;
	o->stdin_level = 6;
	o->policy = PQ_BLOCK;
	prod_mix_parse("err:1,warning:4,info:80,debug:15", &o->mix);

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:n:r:s:l:q:p:w:b:d:h",
				prod_long_opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (num_opt("threads", optarg, 1, 1024, &v, err,
				    errlen))
				return -1;
			o->threads = (unsigned int)v;
			break;
		case 'n':
			if (num_opt("count", optarg, 0, ~0ULL >> 1, &v, err,
				    errlen))
				return -1;
			o->count = v;
			have_count = true;
			break;
		case 'r':
			if (num_opt("rate", optarg, 1, 100000000, &v, err,
				    errlen))
				return -1;
			o->rate = v;
			break;
		case 's':
			if (num_opt("size", optarg, 1, PROD_MAX_SIZE, &v, err,
				    errlen))
				return -1;
			o->size = (size_t)v;
			break;
		case 'l':
			if (prod_mix_parse(optarg, &o->mix))
				return usage_err(err, errlen,
						 "invalid --levels '%s' (want e.g. err:1,info:9)",
						 optarg);
			break;
		case OPT_STDIN:
			o->use_stdin = true;
			break;
		case OPT_LEVEL:
			lvl = lg_level_parse(optarg);
			if (lvl < 0)
				return usage_err(err, errlen,
						 "invalid --level '%s'",
						 optarg);
			o->stdin_level = (unsigned int)lvl;
			break;
		case OPT_TAG:
			if (!optarg[0] || strlen(optarg) > PROD_MAX_TAG ||
			    strpbrk(optarg, "\n\r"))
				return usage_err(err, errlen,
						 "invalid --tag '%s' (1..%u bytes, one line)",
						 optarg, PROD_MAX_TAG);
			o->tag = optarg;
			break;
		case 'q':
			if (num_opt("queue", optarg, 1, 1u << 24, &v, err,
				    errlen))
				return -1;
			o->queue = (size_t)v;
			break;
		case 'p':
			if (!strcmp(optarg, "block"))
				o->policy = PQ_BLOCK;
			else if (!strcmp(optarg, "drop"))
				o->policy = PQ_DROP;
			else
				return usage_err(err, errlen,
						 "invalid --policy '%s' (block or drop)",
						 optarg);
			break;
		case 'w':
			if (num_opt("writers", optarg, 1, 256, &v, err,
				    errlen))
				return -1;
			o->writers = (unsigned int)v;
			break;
		case 'b':
			if (num_opt("batch", optarg, 1, 65536, &v, err,
				    errlen))
				return -1;
			o->batch = (unsigned int)v;
			break;
		case 'd':
			if (!optarg[0])
				return usage_err(err, errlen,
						 "empty --device path");
			o->device = optarg;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case 'h':
			o->help = true;
			return 0;
		case ':':
			return usage_err(err, errlen,
					 "option '%s' needs an argument",
					 argv[optind - 1]);
		default:
			return usage_err(err, errlen, "unknown option '%s'",
					 argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_err(err, errlen, "unexpected argument '%s'",
				 argv[optind]);
	/* --rate alone runs until interrupted. */
	if (o->rate && !have_count)
		o->count = 0;
	return 0;
}
