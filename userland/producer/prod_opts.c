// SPDX-License-Identifier: GPL-2.0
/*
 * prod_opts: the producer's command line and level mix.
 *
 * DESIGN
 *   Pure parsing into struct prod_opts: no I/O, no exit(), so the unit
 *   tests can feed it good and bad command lines.  Errors come back as a
 *   message in a caller buffer; main() prints it with the --help hint and
 *   exits 2.  Numbers go through the one parser (lg_parse_u64()).
 *
 *   Letters mean what they mean to util-linux logger: -t tag, -p
 *   priority, -f file, -s stderr, -S size, -u socket (the device), -i
 *   pid, -e skip empty lines, -V version.  Where records come from is
 *   the mode: a message in the arguments, else generator options
 *   (--count, --rate, --levels, --threads) make them, else the lines of
 *   --file or stdin (logger's habit).  Options of one mode given in
 *   another are an error, never ignored.
 *
 *   Facility kern (0) is the kernel's: -p kern.LEVEL is refused, as no
 *   user-space record may claim it; a line's "<N>" prefix without a
 *   facility (N < 8) takes the -p facility, as logger --prio-prefix does
 *   (and /dev/kmsg maps it to user).
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
#include "strutils.h"

const char prod_usage[] =
"Usage:\n"
" logger-producer [options] [message]\n"
"\n"
"Write records to /dev/logger: the message given, else the lines of a\n"
"file or of standard input, else generated records (--count, --rate...),\n"
"through a bounded queue and writer threads.\n"
"\n"
"Options (as in logger(1)):\n"
" -t, --tag TAG           the records' tag (1..31 bytes, no blank or ':'),\n"
"                         set in the kernel on each fd; text readers see\n"
"                         \"TAG: message\"\n"
" -p, --priority PRIO     FACILITY.LEVEL or LEVEL (default user.notice);\n"
"                         facility kern is refused\n"
" -f, --file FILE         log the lines of FILE ('-' = standard input)\n"
"     --prio-prefix       a line may start with <N> (its own priority)\n"
" -s, --stderr            also print every message on standard error\n"
" -S, --size N            largest message, bytes (default: the device's);\n"
"                         with generated records, their exact body size\n"
" -u, --socket PATH       the device to write (default /dev/logger)\n"
"     --device PATH       the same\n"
" -i, --id                accepted: the kernel always records the pid\n"
" -e, --skip-empty        accepted: empty lines are never records\n"
"\n"
"Generated records (any of these selects them):\n"
" -n, --count N           records per thread (default 1000; 0 = until\n"
"                         interrupted; with --rate: unlimited)\n"
" -r, --rate N            records per second per thread (default: no limit)\n"
" -l, --levels MIX        level weights, e.g. err:1,warning:4,info:80,debug:15\n"
"                         (the default); a bare level means weight 1\n"
"     --threads N         generator threads (default 1)\n"
"\n"
"Queue and writers:\n"
" -q, --queue N           queue capacity in records (default 1024)\n"
"     --policy P          full queue: block (default) or drop (counted)\n"
" -w, --writers N         writer threads, one fd each (default 1; more than\n"
"                         one may store lines out of input order)\n"
" -b, --batch N           records per write() at most (default 64)\n"
"     --json              final report as one JSON object on stdout\n"
"\n"
" -h, --help              display this help\n"
" -V, --version           display version\n"
"\n"
"SIGINT, SIGTERM, SIGHUP or end of input: stop reading or generating,\n"
"write everything already queued, print the report (a second signal\n"
"abandons what is still queued).  Exit status: 0 every record written,\n"
"1 an error or a record not written (dropped, too long, failed), 2 bad\n"
"usage.  See logger-producer(1).\n";

enum {
	OPT_THREADS = 256,
	OPT_DEVICE,
	OPT_JSON,
	OPT_LEVEL,
	OPT_STDIN,
	OPT_POLICY,
	OPT_PRIO_PREFIX,
};

/* The long options; short ones are in prod_parse_args()'s optstring. */
static const struct option prod_long_opts[] = {
	{ "tag", required_argument, NULL, 't' },
	{ "priority", required_argument, NULL, 'p' },
	{ "file", required_argument, NULL, 'f' },
	{ "prio-prefix", no_argument, NULL, OPT_PRIO_PREFIX },
	{ "stderr", no_argument, NULL, 's' },
	{ "size", required_argument, NULL, 'S' },
	{ "socket", required_argument, NULL, 'u' },
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "id", optional_argument, NULL, 'i' },
	{ "skip-empty", no_argument, NULL, 'e' },
	{ "count", required_argument, NULL, 'n' },
	{ "rate", required_argument, NULL, 'r' },
	{ "levels", required_argument, NULL, 'l' },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "queue", required_argument, NULL, 'q' },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "writers", required_argument, NULL, 'w' },
	{ "batch", required_argument, NULL, 'b' },
	{ "json", no_argument, NULL, OPT_JSON },
	/* Old spellings, kept where they do not clash with logger's. */
	{ "stdin", no_argument, NULL, OPT_STDIN },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

#define PROD_OPTSTRING	":t:p:f:sS:u:i::en:r:l:q:w:b:hV"

int prod_mix_parse(const char *s, struct prod_mix *mix)
{
	struct prod_mix m = { { 0 }, 0 };
	unsigned int seen = 0;
	const char *p = s;

	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		uint64_t w = 1;
		char item[64], *colon;
		int lvl;

		if (len == 0 || len >= sizeof(item))
			return -1;
		memcpy(item, p, len);
		item[len] = '\0';
		colon = strchr(item, ':');
		if (colon) {
			*colon = '\0';
			if (lg_parse_u64(colon + 1, 0, 1000000, &w))
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
	uint64_t x;

	if (lg_parse_u64(arg, min, max, &x))
		return usage_err(err, errlen,
				 "invalid --%s '%s' (want %llu..%llu)", name,
				 arg, min, max);
	*v = x;
	return 0;
}

/* A tag: 1..31 printable bytes, no blank, no ':' (it ends the tag). */
static bool tag_ok(const char *t)
{
	size_t n = strlen(t), i;

	if (!n || n > PROD_MAX_TAG)
		return false;
	for (i = 0; i < n; i++)
		if (t[i] <= 0x20 || t[i] >= 0x7f || t[i] == ':')
			return false;
	return true;
}

/* How an option is spelled in a message. */
static const char *opt_name(int c)
{
	static char buf[4];
	const struct option *lo;

	for (lo = prod_long_opts; lo->name; lo++)
		if (lo->val == c)
			return lo->name;
	snprintf(buf, sizeof(buf), "%c", c);
	return buf;
}

/* Parse -p: facility kern refused; no facility = user. */
static int prio_opt(const char *arg, struct prod_opts *o, char *err,
		    size_t errlen)
{
	int f, l;

	if (lg_prio_parse(arg, &f, &l))
		return usage_err(err, errlen,
				 "invalid --priority '%s' (want FACILITY.LEVEL, e.g. user.err, local3.info)",
				 arg);
	if (f == 0)
		return usage_err(err, errlen,
				 "--priority '%s': facility kern is the kernel's (use user or local0..local7)",
				 arg);
	o->facility = f < 0 ? 1 : (unsigned int)f;
	o->level = (unsigned int)l;
	return 0;
}

/* The parse state between options. */
struct prod_parse {
	int gen_opt;		/* first generator option, or 0 */
	int line_opt;		/* first line-mode option, or 0 */
	bool have_prio;
	bool have_level;
};

/* One option; 0 or -1 with @err set. */
static int one_opt(int c, const char *arg, struct prod_opts *o,
		   struct prod_parse *ps, char *err, size_t errlen)
{
	unsigned long long v = 0;

	switch (c) {
	case 't':
		if (!tag_ok(arg))
			return usage_err(err, errlen,
					 "invalid --tag '%s' (1..%u printable bytes, no blank or ':')",
					 arg, PROD_MAX_TAG);
		o->tag = arg;
		break;
	case 'p':
		ps->have_prio = true;
		return prio_opt(arg, o, err, errlen);
	case OPT_LEVEL: {
		int l = lg_level_parse(arg);

		if (l < 0)
			return usage_err(err, errlen, "invalid --level '%s'",
					 arg);
		ps->have_level = true;
		o->level = (unsigned int)l;
		break;
	}
	case 'f':
		if (!arg[0])
			return usage_err(err, errlen, "empty --file name");
		o->file = arg;
		break;
	case OPT_STDIN:
		o->file = "-";
		break;
	case OPT_PRIO_PREFIX:
		o->prio_prefix = true;
		break;
	case 's':
		o->to_stderr = true;
		break;
	case 'S':
		if (num_opt("size", arg, 1, PROD_MAX_SIZE, &v, err, errlen))
			return -1;
		o->size = (size_t)v;
		break;
	case 'u':
	case OPT_DEVICE:
		if (!arg[0])
			return usage_err(err, errlen, "empty --device path");
		o->device = arg;
		break;
	case 'i':
		if (arg)
			return usage_err(err, errlen,
					 "--id=%s: the kernel records the writer's real pid; it cannot be set",
					 arg);
		break;
	case 'e':
		break;
	case 'n':
		if (num_opt("count", arg, 0, ~0ULL >> 1, &v, err, errlen))
			return -1;
		o->count = v;
		break;
	case 'r':
		if (num_opt("rate", arg, 1, 100000000, &v, err, errlen))
			return -1;
		o->rate = v;
		break;
	case 'l':
		if (prod_mix_parse(arg, &o->mix))
			return usage_err(err, errlen,
					 "invalid --levels '%s' (want e.g. err:1,info:9)",
					 arg);
		break;
	case OPT_THREADS:
		if (num_opt("threads", arg, 1, 1024, &v, err, errlen))
			return -1;
		o->threads = (unsigned int)v;
		break;
	case 'q':
		if (num_opt("queue", arg, 1, 1u << 24, &v, err, errlen))
			return -1;
		o->queue = (size_t)v;
		break;
	case OPT_POLICY:
		if (!strcmp(arg, "block"))
			o->policy = PQ_BLOCK;
		else if (!strcmp(arg, "drop"))
			o->policy = PQ_DROP;
		else
			return usage_err(err, errlen,
					 "invalid --policy '%s' (block or drop)",
					 arg);
		break;
	case 'w':
		if (num_opt("writers", arg, 1, 256, &v, err, errlen))
			return -1;
		o->writers = (unsigned int)v;
		break;
	case 'b':
		if (num_opt("batch", arg, 1, 65536, &v, err, errlen))
			return -1;
		o->batch = (unsigned int)v;
		break;
	case OPT_JSON:
		o->json = true;
		break;
	}
	/* Which mode the option belongs to. */
	if (strchr("nrl", c) || c == OPT_THREADS) {
		if (!ps->gen_opt)
			ps->gen_opt = c;
	} else if (c == 'f' || c == OPT_STDIN || c == OPT_PRIO_PREFIX ||
		   c == 's') {
		if (!ps->line_opt)
			ps->line_opt = c;
	}
	return 0;
}

static void set_defaults(struct prod_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->device = "/dev/logger";
	o->mode = PROD_LINES;
	o->file = "-";
	o->threads = 1;
	o->writers = 1;
	o->batch = 64;
	o->queue = 1024;
	o->count = 1000;
	o->facility = 1;
	o->level = 5;
	o->policy = PQ_BLOCK;
	prod_mix_parse("err:1,warning:4,info:80,debug:15", &o->mix);
}

/* After the options: choose the mode, refuse what does not fit it. */
static int pick_mode(struct prod_opts *o, struct prod_parse *ps,
		     bool have_count, bool have_mix, char *err, size_t errlen)
{
	char a[32];

	if (ps->have_prio && ps->have_level)
		return usage_err(err, errlen,
				 "--priority and --level exclude each other");
	if (o->msg_argc && (ps->gen_opt || ps->line_opt))
		return usage_err(err, errlen,
				 "a message and --%s exclude each other",
				 opt_name(ps->gen_opt ? ps->gen_opt :
						       ps->line_opt));
	if (ps->gen_opt && ps->line_opt) {
		snprintf(a, sizeof(a), "%s", opt_name(ps->gen_opt));
		return usage_err(err, errlen, "--%s and --%s exclude each other",
				 a, opt_name(ps->line_opt));
	}
	if (o->msg_argc) {
		o->mode = PROD_MESSAGE;
	} else if (ps->gen_opt) {
		o->mode = PROD_GEN;
		if (!o->size)
			o->size = 64;
		/* -p's level when no --levels mix is given. */
		if (ps->have_prio && !have_mix)
			prod_mix_parse(lg_level_name(o->level), &o->mix);
		/* --rate alone runs until interrupted. */
		if (o->rate && !have_count)
			o->count = 0;
	}
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
 * Return: 0 on success (check @o->help and @o->version), -1 on bad usage.
 */
int prod_parse_args(int argc, char **argv, struct prod_opts *o, char *err,
		    size_t errlen)
{
	struct prod_parse ps = { 0 };
	bool have_count = false, have_mix = false;
	int c;

	set_defaults(o);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, PROD_OPTSTRING, prod_long_opts,
				NULL)) != -1) {
		switch (c) {
		case 'h':
			o->help = true;
			return 0;
		case 'V':
			o->version = true;
			return 0;
		case ':':
			if (argv[optind - 1][1] != '-')
				return usage_err(err, errlen,
						 "option requires an argument -- '%c'",
						 optopt);
			return usage_err(err, errlen,
					 "option '%s' requires an argument",
					 argv[optind - 1]);
		case '?':
			if (optopt && argv[optind - 1][1] != '-')
				return usage_err(err, errlen,
						 "invalid option -- '%c'",
						 optopt);
			return usage_err(err, errlen,
					 "unrecognized option '%s'",
					 argv[optind - 1]);
		}
		have_count |= c == 'n';
		have_mix |= c == 'l';
		if (one_opt(c, optarg, o, &ps, err, errlen))
			return -1;
	}
	o->msg_argc = argc - optind;
	o->msg_argv = argv + optind;
	return pick_mode(o, &ps, have_count, have_mix, err, errlen);
}
