// SPDX-License-Identifier: GPL-2.0
/*
 * cons_opts: logger-consumer's command line.
 *
 * DESIGN
 *   Pure parsing into struct cons_opts: no I/O, no exit(); errors come
 *   back as a message and main() exits 2.  Letters keep the meaning users
 *   know: -f follow (journalctl, tail; dmesg's -w, -W too), -n last N
 *   (journalctl, tail), -o output mode (journalctl), -l level list
 *   (dmesg), -p priority range (journalctl), -S/-U since/until
 *   (journalctl), -c cursor (journalctl), -T/-d/-e/-x time and decoding
 *   (dmesg), -L colour (dmesg), -H human, -r reverse (journalctl), -m max
 *   count (logcat), -t tag filter (journalctl's -t, --identifier), -q
 *   quiet, -V version.  Options that would mean something else to those
 *   users have long names only; so do the forwarding ones (--forward,
 *   --state, --rfc3164 and --rfc5424 as util-linux logger spells them,
 *   --forward-timeout, --backoff-max, --datagram-size) and the work-queue
 *   ones (--group, --hold, --no-hold), and --mmap.  --tag is repeatable,
 *   up to the kernel's 8; a ninth is an error, never dropped.
 *   Combinations that cannot be honoured are refused with exit 2, never
 *   ignored (the table below, util-linux's ul_excl_t; --mmap with
 *   --group says why).
 *   Non-goals: getopt_long's state is reset on entry: main thread only.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cons_fwd.h"
#include "cons_map.h"
#include "cons_opts.h"
#include "levels.h"
#include "strutils.h"

const char cons_usage[] =
"Usage:\n"
" logger-consumer [options]\n"
"\n"
"Show the records of /dev/logger: by default the records stored now,\n"
"oldest first, as \"TIME LEVEL COMM[PID]: MESSAGE\" on a terminal and as\n"
"the device's own lines elsewhere; with -f, then every new one.\n"
"\n"
"What to show:\n"
" -f, --follow            wait for new records (also -w, dmesg's letter)\n"
" -W, --follow-new        only records written from now on, and wait\n"
" -n, --lines N           only the N most recent records\n"
" -l, --level LIST        levels, e.g. err,warning or err+ (err and more\n"
"                         urgent) or +info or emerg..err (dmesg)\n"
" -p, --priority PRIO     PRIO and more urgent, or a range A..B (journalctl)\n"
"     --facility LIST     facilities, e.g. user,local0\n"
" -S, --since WHEN        from WHEN: \"2026-11-21 14:03\", \"-10min\", today,\n"
"                         @EPOCH, or seq:N (a sequence number)\n"
" -U, --until WHEN        up to WHEN (same forms)\n"
" -c, --cursor CURSOR     from the record CURSOR names (i=...;s=...)\n"
"     --after-cursor CURSOR  after it\n"
"     --cursor-file FILE  after the cursor in FILE; save the last one there\n"
"     --show-cursor       print the cursor of the last record at the end\n"
"     --order ORDER       seq (oldest first, default) or priority (most\n"
"                         urgent first)\n"
" -r, --reverse           newest first (not with --follow)\n"
" -m, --max-count N       stop after N records (also --count)\n"
"     --new-only          start at the end (without waiting: see -W)\n"
" -t, --tag TAG           only records tagged TAG (the kernel filters;\n"
"                         repeatable, at most 8; '' for untagged ones)\n"
"\n"
"Work queues and lossless reading:\n"
"     --group NAME        join the reader group NAME: each record goes to\n"
"                         one member of the group (a job to one worker)\n"
"     --hold, --no-hold   under the block policy, writers wait until this\n"
"                         reader has read (default), or not\n"
"\n"
"How to show it:\n"
" -o, --output MODE       short, short-iso, short-precise, short-monotonic,\n"
"                         short-unix, cat, raw, json, json-pretty\n"
" -j, -J, --json          the same as -o json\n"
"     --raw               the same as -o raw: the device's own lines\n"
" -T, --ctime             human-readable time (dmesg)\n"
"     --time-format FMT   syslog, precise, iso, ctime, reltime, delta,\n"
"                         raw, unix, notime (dmesg)\n"
" -d, --show-delta        time and the delta to the previous record\n"
" -e, --reltime           local time and deltas, dmesg -e style\n"
"     --notime            no time column\n"
" -x, --decode            FACILITY.LEVEL instead of the level\n"
" -L, --color[=WHEN]      colours: auto (default, on a terminal), always,\n"
"                         never\n"
" -H, --human             colours and relative times\n"
" -P, --nopager           accepted: there is no pager (--no-pager too)\n"
"\n"
"Several readers (one fd, cursor, filter and output each):\n"
"     --reader SPEC       levels=SET,order=seq|priority,out=PATH|-,\n"
"                         format=MODE,name=NAME,cursor=FILE (repeatable)\n"
"     --config FILE       readers from FILE, one SPEC per line; SIGHUP\n"
"                         re-reads it without losing a record\n"
"\n"
"Forwarding to a syslog collector (rsyslog):\n"
"     --forward URL       send the records, oldest first, as RFC 5424\n"
"                         messages to tcp://HOST:PORT (octet counting),\n"
"                         udp://HOST:PORT or relp://HOST:PORT\n"
"                         (acknowledged); repeatable, one reader each\n"
"     --state FILE        the last position the collector confirmed:\n"
"                         resume after it, save it after every batch\n"
"                         (the k-th --state goes with the k-th --forward)\n"
"     --rfc3164           old BSD syslog messages (--rfc5424: default)\n"
"     --forward-timeout S  a connect, send or acknowledgement slower than\n"
"                         this breaks the connection (30)\n"
"     --backoff-max S     longest wait between two attempts (30)\n"
"     --datagram-size N   largest UDP message, longer ones are cut (2048)\n"
"\n"
"Other:\n"
"     --device PATH       the device (default /dev/logger)\n"
"     --stats             per-reader counts on stderr at exit\n"
"     --verify            check sequence numbers (duplicates, going back)\n"
" -q, --quiet             no informational messages\n"
"     --mmap              read through a shared mapping of the store (no\n"
"                         system call per record; the same output)\n"
" -h, --help              display this help\n"
" -V, --version           display version\n"
"\n"
"Exit status: 0 ok; 1 an error, a --verify violation, or records read\n"
"but not written; 2 bad usage; 3 records read but not confirmed by a\n"
"collector when stopped (sent again at the next start); 4 gaps: records\n"
"lost before they could be forwarded.  A closed pipe on standard output\n"
"ends it quietly.  See logger-consumer(1).\n";

enum {
	OPT_FACILITY = 256,
	OPT_AFTER_CURSOR,
	OPT_CURSOR_FILE,
	OPT_SHOW_CURSOR,
	OPT_ORDER,
	OPT_NEW_ONLY,
	OPT_FROM_START,
	OPT_RAW,
	OPT_TIME_FORMAT,
	OPT_NOTIME,
	OPT_READER,
	OPT_CONFIG,
	OPT_DEVICE,
	OPT_STATS,
	OPT_VERIFY,
	OPT_FORWARD,
	OPT_STATE,
	OPT_RFC3164,
	OPT_RFC5424,
	OPT_FWD_TIMEOUT,
	OPT_BACKOFF_MAX,
	OPT_DGRAM_SIZE,
	OPT_HOLD,
	OPT_NO_HOLD,
	OPT_GROUP,
	OPT_MMAP,
};

/* The long options; short ones are in CONS_OPTSTRING. */
static const struct option cons_long_opts[] = {
	{ "follow", no_argument, NULL, 'f' },
	{ "follow-new", no_argument, NULL, 'W' },
	{ "lines", required_argument, NULL, 'n' },
	{ "level", required_argument, NULL, 'l' },
	{ "levels", required_argument, NULL, 'l' },
	{ "priority", required_argument, NULL, 'p' },
	{ "facility", required_argument, NULL, OPT_FACILITY },
	{ "since", required_argument, NULL, 'S' },
	{ "until", required_argument, NULL, 'U' },
	{ "cursor", required_argument, NULL, 'c' },
	{ "after-cursor", required_argument, NULL, OPT_AFTER_CURSOR },
	{ "cursor-file", required_argument, NULL, OPT_CURSOR_FILE },
	{ "show-cursor", no_argument, NULL, OPT_SHOW_CURSOR },
	{ "order", required_argument, NULL, OPT_ORDER },
	{ "reverse", no_argument, NULL, 'r' },
	{ "max-count", required_argument, NULL, 'm' },
	{ "count", required_argument, NULL, 'm' },
	{ "new-only", no_argument, NULL, OPT_NEW_ONLY },
	{ "from-start", no_argument, NULL, OPT_FROM_START },
	{ "output", required_argument, NULL, 'o' },
	{ "json", no_argument, NULL, 'j' },
	{ "raw", no_argument, NULL, OPT_RAW },
	{ "ctime", no_argument, NULL, 'T' },
	{ "time-format", required_argument, NULL, OPT_TIME_FORMAT },
	{ "show-delta", no_argument, NULL, 'd' },
	{ "reltime", no_argument, NULL, 'e' },
	{ "notime", no_argument, NULL, OPT_NOTIME },
	{ "decode", no_argument, NULL, 'x' },
	{ "color", optional_argument, NULL, 'L' },
	{ "colour", optional_argument, NULL, 'L' },
	{ "human", no_argument, NULL, 'H' },
	{ "nopager", no_argument, NULL, 'P' },
	{ "no-pager", no_argument, NULL, 'P' },
	{ "reader", required_argument, NULL, OPT_READER },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "verify", no_argument, NULL, OPT_VERIFY },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "forward", required_argument, NULL, OPT_FORWARD },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "rfc3164", no_argument, NULL, OPT_RFC3164 },
	{ "rfc5424", no_argument, NULL, OPT_RFC5424 },
	{ "forward-timeout", required_argument, NULL, OPT_FWD_TIMEOUT },
	{ "backoff-max", required_argument, NULL, OPT_BACKOFF_MAX },
	{ "datagram-size", required_argument, NULL, OPT_DGRAM_SIZE },
	{ "hold", no_argument, NULL, OPT_HOLD },
	{ "no-hold", no_argument, NULL, OPT_NO_HOLD },
	{ "tag", required_argument, NULL, 't' },
	{ "identifier", required_argument, NULL, 't' },
	{ "group", required_argument, NULL, OPT_GROUP },
	{ "mmap", no_argument, NULL, OPT_MMAP },
	{ NULL, 0, NULL, 0 },
};

#define CONS_OPTSTRING	":fwWn:l:p:S:U:c:rm:o:jJTdexL::HPqhVt:"

/* Rows of options that exclude each other (sorted, 0-terminated). */
static const struct lg_excl cons_excl[] = {
	{ { 'f', 'r' } },
	{ { 'W', 'r' } },
	{ { 'l', 'p' } },
	{ { 'c', OPT_AFTER_CURSOR, OPT_CURSOR_FILE, OPT_NEW_ONLY } },
	{ { 'W', 'c', OPT_AFTER_CURSOR, OPT_CURSOR_FILE } },
	{ { 'j', 'o', OPT_RAW } },
	{ { 'T', 'd', 'e', OPT_TIME_FORMAT, OPT_NOTIME } },
	{ { OPT_READER, OPT_CONFIG, OPT_FORWARD } },
	{ { OPT_NEW_ONLY, OPT_FROM_START } },
	{ { OPT_RFC3164, OPT_RFC5424 } },
	{ { OPT_HOLD, OPT_NO_HOLD } },
	{ { OPT_CURSOR_FILE, OPT_STATE } },
	{ { OPT_CURSOR_FILE, OPT_GROUP } },
	{ { OPT_STATE, OPT_GROUP } },
};

/* How an option is spelled in a message: "--follow". */
static const char *opt_name(int c)
{
	static char buf[2][40];
	static int k;
	const struct option *lo;

	k ^= 1;
	if (c == 'w')
		c = 'f';
	if (c == 'J')
		c = 'j';
	for (lo = cons_long_opts; lo->name; lo++)
		if (lo->val == c) {
			snprintf(buf[k], sizeof(buf[k]), "--%s", lo->name);
			return buf[k];
		}
	snprintf(buf[k], sizeof(buf[k]), "-%c", c);
	return buf[k];
}

__attribute__((format(printf, 3, 4)))
static int opt_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/**
 * cons_bound_parse() - --since/--until: "seq:N" or a time
 * @s: the text.
 * @now_us: the wall clock now.
 * @seq: set for "seq:N" (else 0).
 * @us: set for a time.
 *
 * Return: 0 or -1.
 */
int cons_bound_parse(const char *s, long long now_us,
		     unsigned long long *seq, long long *us)
{
	uint64_t v;
	int64_t t;

	if (!strncmp(s, "seq:", 4)) {
		if (lg_parse_u64(s + 4, 1, UINT64_MAX, &v))
			return -1;
		*seq = v;
		return 0;
	}
	if (lg_parse_time_us(s, now_us, &t))
		return -1;
	*us = t;
	return 0;
}

static void set_defaults(struct cons_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->dev.path = "/dev/logger";
	cons_spec_default(&o->def, CONS_FMT_AUTO);
	o->bounds.since_us = INT64_MIN;
	o->bounds.until_us = INT64_MAX;
	o->color = LG_COLOR_AUTO;
	o->fwd.timeout_ms = CONS_FWD_TIMEOUT_MS;
	o->fwd.backoff_max_ms = CONS_FWD_BACKOFF_MAX_MS;
	o->fwd.dgram_size = CONS_FWD_DGRAM_SIZE;
}

/* The forwarding options; 0 or -1. */
static int forward_opt(int c, const char *arg, struct cons_opts *o,
		       char *err, size_t errlen)
{
	enum cons_fwd_proto p;
	char host[256], port[8];
	int64_t ms;
	uint32_t v;

	switch (c) {
	case OPT_FORWARD:
		if (cons_fwd_parse_url(arg, &p, host, sizeof(host), port,
				       sizeof(port)))
			return opt_err(err, errlen,
				       "invalid --forward '%s' (tcp://HOST:PORT, udp://HOST:PORT or relp://HOST:PORT)",
				       arg);
		if (p == CONS_FWD_RELP && !cons_fwd_have_relp)
			return opt_err(err, errlen,
				       "--forward '%s': this build has no RELP (built without librelp)",
				       arg);
		if (o->nforwards == CONS_MAX_READERS)
			return opt_err(err, errlen,
				       "too many --forward options (at most %d)",
				       CONS_MAX_READERS);
		o->forwards[o->nforwards++] = arg;
		break;
	case OPT_STATE:
		if (!arg[0] || strlen(arg) >= PATH_MAX)
			return opt_err(err, errlen, "invalid --state");
		if (o->nstates == CONS_MAX_READERS)
			return opt_err(err, errlen, "too many --state options");
		o->states[o->nstates++] = arg;
		break;
	case OPT_RFC3164:
		o->fwd.rfc3164 = true;
		break;
	case OPT_RFC5424:
		o->fwd.rfc3164 = false;
		break;
	case OPT_FWD_TIMEOUT:
	case OPT_BACKOFF_MAX:
		if (lg_parse_seconds(arg, 3600000, &ms) || ms < 1)
			return opt_err(err, errlen,
				       "invalid %s '%s' (seconds, e.g. 30 or 0.5; at most 3600)",
				       c == OPT_FWD_TIMEOUT ? "--forward-timeout" :
							      "--backoff-max",
				       arg);
		if (c == OPT_FWD_TIMEOUT)
			o->fwd.timeout_ms = (unsigned int)ms;
		else
			o->fwd.backoff_max_ms = (unsigned int)ms;
		break;
	case OPT_DGRAM_SIZE:
		if (lg_parse_u32(arg, 480, 65507, &v))
			return opt_err(err, errlen,
				       "invalid --datagram-size '%s' (480..65507)",
				       arg);
		o->fwd.dgram_size = v;
		break;
	case OPT_HOLD:
		o->dev.no_hold = false;
		break;
	case OPT_NO_HOLD:
		o->dev.no_hold = true;
		break;
	}
	return 0;
}

/* --tag, --group; 0 or -1. */
static int queue_opt(int c, const char *arg, struct cons_opts *o,
		     char *err, size_t errlen)
{
	int e;

	switch (c) {
	case 't':
		e = cons_spec_add_tag(&o->def, arg);
		if (e == -E2BIG)
			return opt_err(err, errlen,
				       "--tag '%s': at most %d tags (the kernel filters on %d)",
				       arg, CONS_MAX_TAGS, CONS_MAX_TAGS);
		if (e)
			return opt_err(err, errlen,
				       "invalid --tag '%s' (at most %d bytes of 0x21..0x7e but ':')",
				       arg, CONS_TAG_SIZE - 1);
		break;
	case OPT_GROUP:
		if (cons_group_check(arg))
			return opt_err(err, errlen,
				       "invalid --group '%s' (1..%d printable bytes)",
				       arg, CONS_TAG_SIZE - 1);
		strcpy(o->def.group, arg);
		break;
	}
	return 0;
}

/* Output-related options; 0 or -1. */
static int output_opt(int c, const char *arg, struct cons_opts *o,
		      char *err, size_t errlen)
{
	switch (c) {
	case 'o': {
		unsigned int t = o->def.time;

		if (cons_format_parse(arg, &o->def.format, &o->def.time))
			return opt_err(err, errlen,
				       "invalid --output '%s' (short, short-iso, short-precise, short-monotonic, short-unix, cat, raw, json, json-pretty)",
				       arg);
		/* Plain "short" keeps a time format given before it. */
		if (!strcmp(arg, "short"))
			o->def.time = t;
		break;
	}
	case 'j':
	case 'J':
		o->def.format = CONS_FMT_JSON;
		break;
	case OPT_RAW:
		o->def.format = CONS_FMT_TEXT;
		break;
	case 'T':
		o->def.time = CONS_TIME_CTIME;
		break;
	case 'd':
		o->def.time = CONS_TIME_DELTA;
		break;
	case 'e':
		o->def.time = CONS_TIME_RELTIME;
		break;
	case OPT_NOTIME:
		o->def.time = CONS_TIME_NOTIME;
		break;
	case OPT_TIME_FORMAT:
		if (cons_time_parse(arg, &o->def.time))
			return opt_err(err, errlen,
				       "invalid --time-format '%s' (syslog, precise, iso, ctime, reltime, delta, raw, unix, notime)",
				       arg);
		break;
	case 'x':
		o->decode = true;
		break;
	case 'L': {
		int w = lg_color_parse(arg);

		if (w < 0)
			return opt_err(err, errlen,
				       "invalid --color '%s' (auto, always, never)",
				       arg);
		o->color = (enum lg_color_when)w;
		break;
	}
	case 'H':
		if (o->color == LG_COLOR_AUTO)
			o->color = LG_COLOR_ALWAYS;
		o->def.time = CONS_TIME_RELTIME;
		break;
	}
	return 0;
}

/* Which records: 0 or -1. */
static int select_opt(int c, const char *arg, long long now_us,
		      struct cons_opts *o, char *err, size_t errlen)
{
	struct cons_cursor cur;
	uint64_t v;

	switch (c) {
	case 'n':
		if (lg_parse_u64(arg, 1, UINT32_MAX, &v))
			return opt_err(err, errlen, "invalid --lines '%s'",
				       arg);
		o->lines = v;
		break;
	case 'm':
		if (lg_parse_u64(arg, 1, UINT64_MAX >> 1, &v))
			return opt_err(err, errlen, "invalid --max-count '%s'",
				       arg);
		o->count = v;
		break;
	case 'l':
		if (lg_levels_parse(arg, &o->def.levels))
			return opt_err(err, errlen,
				       "invalid --level '%s' (e.g. err,warning or err+)",
				       arg);
		break;
	case 'p':
		if (lg_prio_range_parse(arg, &o->def.levels))
			return opt_err(err, errlen,
				       "invalid --priority '%s' (a level, or FROM..TO)",
				       arg);
		break;
	case OPT_FACILITY:
		if (lg_facilities_parse(arg, &o->bounds.facilities))
			return opt_err(err, errlen,
				       "invalid --facility '%s' (e.g. user,local0)",
				       arg);
		break;
	case 'S':
		if (cons_bound_parse(arg, now_us, &o->dev.since_seq,
				     &o->bounds.since_us))
			return opt_err(err, errlen,
				       "invalid --since '%s' (a time, or seq:N)",
				       arg);
		o->bounds.since_seq = o->dev.since_seq;
		break;
	case 'U':
		if (cons_bound_parse(arg, now_us, &o->bounds.until_seq,
				     &o->bounds.until_us))
			return opt_err(err, errlen,
				       "invalid --until '%s' (a time, or seq:N)",
				       arg);
		break;
	case 'c':
	case OPT_AFTER_CURSOR:
		if (cons_cursor_parse(arg, &cur))
			return opt_err(err, errlen,
				       "invalid cursor '%s' (want i=HEX;s=N)",
				       arg);
		o->dev.start = cur;
		o->dev.start_after = c != 'c';
		break;
	case OPT_CURSOR_FILE:
		if (!arg[0] || strlen(arg) >= sizeof(o->def.cursor))
			return opt_err(err, errlen, "invalid --cursor-file");
		strcpy(o->def.cursor, arg);
		break;
	case OPT_ORDER:
		if (!strcmp(arg, "seq") || !strcmp(arg, "time"))
			o->def.order = LOGGER_ORDER_SEQ;
		else if (!strcmp(arg, "priority") || !strcmp(arg, "prio"))
			o->def.order = LOGGER_ORDER_PRIORITY;
		else
			return opt_err(err, errlen,
				       "invalid --order '%s' (seq or priority)",
				       arg);
		break;
	}
	return 0;
}

/* Every other option; 0 or -1. */
static int other_opt(int c, const char *arg, struct cons_opts *o,
		     char *err, size_t errlen)
{
	switch (c) {
	case 'f':
	case 'w':
		o->follow = true;
		break;
	case 'W':
		o->follow = true;
		o->dev.new_only = true;
		break;
	case OPT_NEW_ONLY:
		o->dev.new_only = true;
		break;
	case OPT_FROM_START:
		o->dev.new_only = false;
		break;
	case 'r':
		o->reverse = true;
		break;
	case OPT_SHOW_CURSOR:
		o->show_cursor = true;
		break;
	case OPT_READER:
		if (o->nreaders == CONS_MAX_READERS)
			return opt_err(err, errlen,
				       "too many --reader options (at most %d)",
				       CONS_MAX_READERS);
		o->readers[o->nreaders++] = arg;
		break;
	case OPT_CONFIG:
		o->config = arg;
		break;
	case OPT_DEVICE:
		if (!arg[0])
			return opt_err(err, errlen, "empty --device path");
		o->dev.path = arg;
		break;
	case OPT_STATS:
		o->stats = true;
		break;
	case OPT_MMAP:
		o->mmap = true;
		break;
	case OPT_VERIFY:
		o->verify = true;
		break;
	case 'q':
		o->quiet = true;
		o->dev.quiet = true;
		o->fwd.quiet = true;
		break;
	case 'P':
		break;
	}
	return 0;
}

/* After the options: combinations no table row says. */
static int check_combinations(struct cons_opts *o, char *err, size_t errlen)
{
	if (o->lines && o->def.order == LOGGER_ORDER_PRIORITY)
		return opt_err(err, errlen,
			       "--lines shows the most recent records: not with --order priority");
	if (o->def.cursor[0] && (o->nreaders || o->config))
		return opt_err(err, errlen,
			       "--cursor-file is for the default reader: give each --reader its own cursor=FILE");
	if (o->nstates && !o->nforwards)
		return opt_err(err, errlen,
			       "--state is the state file of a --forward (readers of --reader/--config take state=FILE)");
	if (o->nstates && o->nstates != o->nforwards)
		return opt_err(err, errlen,
			       "%u --forward but %u --state: give each --forward its own --state",
			       o->nforwards, o->nstates);
	if (o->nforwards && (o->lines || o->reverse))
		return opt_err(err, errlen,
			       "--forward sends every record in order: not with --lines or --reverse");
	if (o->mmap && o->def.group[0])
		return opt_err(err, errlen,
			       "--mmap and --group exclude each other: %s",
			       cons_map_refuses(&o->def));
	if (o->nforwards && o->def.order == LOGGER_ORDER_PRIORITY)
		return opt_err(err, errlen,
			       "--forward reads in chronological order: not with --order priority");
	o->json_counts = o->def.format == CONS_FMT_JSON ||
			 o->def.format == CONS_FMT_JSON_PRETTY;
	return 0;
}

/**
 * cons_parse_args() - parse logger-consumer's command line
 * @argc: argument count.
 * @argv: arguments (referenced, not copied).
 * @now_us: the wall clock, for relative times.
 * @o: filled with defaults, then the options.
 * @err: message on error.
 * @errlen: its size.
 *
 * Return: 0 (check @o->help, @o->version), or -1 on bad usage.
 */
int cons_parse_args(int argc, char **argv, long long now_us,
		    struct cons_opts *o, char *err, size_t errlen)
{
	int excl[sizeof(cons_excl) / sizeof(cons_excl[0])] = { 0 };
	int c;

	set_defaults(o);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, CONS_OPTSTRING, cons_long_opts,
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
				return opt_err(err, errlen,
					       "option requires an argument -- '%c'",
					       optopt);
			return opt_err(err, errlen,
				       "option '%s' requires an argument",
				       argv[optind - 1]);
		case '?':
			if (optopt && argv[optind - 1][1] != '-')
				return opt_err(err, errlen,
					       "invalid option -- '%c'",
					       optopt);
			return opt_err(err, errlen, "unrecognized option '%s'",
				       argv[optind - 1]);
		}
		if (lg_excl_check(cons_excl,
				  sizeof(cons_excl) / sizeof(cons_excl[0]),
				  excl, c == 'w' ? 'f' : c == 'J' ? 'j' : c,
				  err, errlen, opt_name))
			return -1;
		if (output_opt(c, optarg, o, err, errlen) ||
		    select_opt(c, optarg, now_us, o, err, errlen) ||
		    forward_opt(c, optarg, o, err, errlen) ||
		    queue_opt(c, optarg, o, err, errlen) ||
		    other_opt(c, optarg, o, err, errlen))
			return -1;
	}
	if (optind < argc)
		return opt_err(err, errlen, "unexpected argument '%s'",
			       argv[optind]);
	return check_combinations(o, err, errlen);
}
