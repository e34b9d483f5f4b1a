// SPDX-License-Identifier: GPL-2.0
/*
 * logger-consumer: read /dev/logger with one or more reader threads, each
 * with its own fd, filter and order; print text or JSON lines.
 *
 * DESIGN
 *   main() parses the options, builds the reader specs (--reader, or
 *   --config, or one default reader), fills the routing table
 *   (cons_router_apply()) and starts one thread per reader.  The main
 *   thread then owns the signals: SIGINT, SIGTERM, SIGHUP and SIGUSR1 are
 *   blocked everywhere and main takes them with sigwaitinfo().
 *   - SIGHUP: re-read --config and apply it (readers with an unchanged
 *     spec untouched, changed ones re-viewed on the same fd, so nothing is
 *     lost or read twice; new ones started, dropped ones joined).
 *   - SIGINT/SIGTERM: stop every reader (flag + eventfd), join, print the
 *     per-reader counts, exit 0.
 *   - SIGUSR1: a reader finished (dump mode hit EAGAIN, --count reached,
 *     or an error); when all have, exit.
 *   The per-reader counts are printed to stderr (text, or one JSON object
 *   with --json) on a signal or with --stats; stdout stays a clean record
 *   stream.  Exit: 0 ok, 1 runtime error (device, output, malformed
 *   record, --verify violation), 2 bad usage.
 *   Non-goals: no reconfiguration of global options on SIGHUP.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cons_dev.h"
#include "cons_router.h"
#include "cons_spec.h"
#include "levels.h"

static const char cons_usage[] =
"Usage: logger-consumer [OPTIONS]\n"
"Read /dev/logger with one or more readers, each with its own cursor,\n"
"level filter and order, and print the records as text or JSON lines.\n"
"\n"
"  -r, --reader SPEC   add a reader (repeatable).  SPEC is key=value items:\n"
"                        levels=SET     e.g. err..warning,debug (default all)\n"
"                        order=ORDER    priority (default) or seq\n"
"                        out=PATH       output file, appended; - = stdout\n"
"                        format=FMT     text (default) or json\n"
"                        name=NAME      identity on reload (default: out)\n"
"  -c, --config FILE   readers from FILE, one SPEC per line, # comments;\n"
"                      SIGHUP re-reads it without losing a record\n"
"  -l, --levels SET    levels of the default reader\n"
"  -o, --order ORDER   order of the default reader\n"
"  -f, --follow        wait for new records (default: dump and exit)\n"
"      --from-start    start at the oldest record (default)\n"
"      --new-only      only records written from now on\n"
"  -j, --json          JSON lines by default; counts as JSON\n"
"  -n, --count N       stop each reader after N records\n"
"  -s, --stats         print per-reader and per-level counts at exit\n"
"  -V, --verify        check sequence numbers (duplicates, going back)\n"
"  -d, --device PATH   device (default /dev/logger)\n"
"  -h, --help          this help\n"
"\n"
"Exit: 0 ok, 1 runtime error or --verify violation, 2 bad usage.\n";

enum {
	OPT_FROM_START = 256,
	OPT_NEW_ONLY,
};

/* The long options; short ones are in main()'s optstring. */
static const struct option cons_long_opts[] = {
	{ "reader", required_argument, NULL, 'r' },
	{ "config", required_argument, NULL, 'c' },
	{ "levels", required_argument, NULL, 'l' },
	{ "order", required_argument, NULL, 'o' },
	{ "follow", no_argument, NULL, 'f' },
	{ "from-start", no_argument, NULL, OPT_FROM_START },
	{ "new-only", no_argument, NULL, OPT_NEW_ONLY },
	{ "json", no_argument, NULL, 'j' },
	{ "count", required_argument, NULL, 'n' },
	{ "stats", no_argument, NULL, 's' },
	{ "verify", no_argument, NULL, 'V' },
	{ "device", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Reader specs as given, parsed after all options are known. */
static const char *cons_reader_args[CONS_MAX_READERS];
/* Number of cons_reader_args. */
static unsigned int cons_nreader_args;
/* The main thread: reader threads send it SIGUSR1 when they finish. */
static pthread_t cons_main_thread;

static int usage(const char *msg, const char *arg)
{
	fprintf(stderr,
		"logger-consumer: %s%s%s%s\nTry 'logger-consumer --help' for more information.\n",
		msg, arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
	return 2;
}

static void notify_main(void *arg)
{
	pthread_kill(cons_main_thread, SIGUSR1);
}

static int start_readers(struct cons_reload *res)
{
	size_t i;
	int ret;

	for (i = 0; i < res->nadded; i++) {
		struct cons_reader *r = res->added[i];

		ret = pthread_create(&r->thread, NULL, cons_reader_main, r);
		if (ret) {
			fprintf(stderr, "logger-consumer: pthread_create: %s\n",
				strerror(ret));
			atomic_store(&r->done, true);
			return -1;
		}
		r->started = true;
	}
	return 0;
}

static void reap(struct cons_router *rt, struct cons_reader *r)
{
	if (r->started)
		pthread_join(r->thread, NULL);
	r->started = false;
	cons_router_release(rt, r);
}

/* SIGHUP: apply the config file again. */
static void reload(struct cons_router *rt, const char *path,
		   const struct cons_spec *def)
{
	static struct cons_spec specs[CONS_MAX_READERS];
	struct cons_reload res;
	char err[PATH_MAX + 128];
	size_t n, i;

	if (cons_config_load(path, def, specs, CONS_MAX_READERS, &n, err,
			     sizeof(err))) {
		fprintf(stderr,
			"logger-consumer: reload: %s (keeping the old configuration)\n",
			err);
		return;
	}
	if (cons_router_apply(rt, specs, n, &res, err, sizeof(err)))
		fprintf(stderr, "logger-consumer: reload: %s\n", err);
	start_readers(&res);
	for (i = 0; i < res.nremoved; i++)
		reap(rt, res.removed[i]);
	fprintf(stderr,
		"logger-consumer: reloaded %s: %zu added, %zu removed, %u changed, %u unchanged\n",
		path, res.nadded, res.nremoved, res.changed, res.kept);
}

static void print_stats(struct cons_router *rt, bool json)
{
	struct lg_sbuf b;
	char lv[64];
	size_t i;
	int l;

	lg_sbuf_init(&b);
	if (json)
		lg_sbuf_puts(&b, "{\"readers\":[");
	pthread_rwlock_wrlock(&rt->lock);
	for (i = 0; i < rt->nr; i++) {
		struct cons_reader *r = rt->readers[i];
		struct logger_view_stats vs;
		unsigned long long total = 0;
		bool have_vs = !cons_dev_view_stats(r->fd, &vs);

		for (l = 0; l < 8; l++)
			total += r->counts.read[l];
		lg_levels_format(lv, sizeof(lv), r->spec.levels);
		if (json) {
			lg_sbuf_puts(&b, i ? ",{\"name\":" : "{\"name\":");
			lg_json_str(&b, r->spec.name, strlen(r->spec.name));
			lg_sbuf_puts(&b, ",\"out\":");
			lg_json_str(&b, r->spec.out, strlen(r->spec.out));
			lg_sbuf_printf(&b,
				       ",\"levels\":\"%s\",\"order\":\"%s\",\"read\":%llu,\"lost\":%llu,\"violations\":%llu,\"level_read\":{",
				       lv, cons_order_name(r->spec.order),
				       total, r->counts.lost,
				       r->counts.violations);
			for (l = 0; l < 8; l++)
				lg_sbuf_printf(&b, "%s\"%s\":%llu",
					       l ? "," : "", lg_level_name(l),
					       r->counts.read[l]);
			lg_sbuf_puts(&b, "}");
			if (have_vs)
				lg_sbuf_printf(&b,
					       ",\"device\":{\"read\":%llu,\"lost\":%llu,\"skipped\":%llu,\"backlog\":%llu}",
					       (unsigned long long)vs.read,
					       (unsigned long long)vs.lost,
					       (unsigned long long)vs.skipped,
					       (unsigned long long)vs.backlog);
			lg_sbuf_puts(&b, "}");
			continue;
		}
		lg_sbuf_printf(&b,
			       "reader %s (levels %s, order %s, out %s): read %llu, lost %llu",
			       r->spec.name, lv, cons_order_name(r->spec.order),
			       r->spec.out, total, r->counts.lost);
		if (r->counts.violations)
			lg_sbuf_printf(&b, ", %llu verify violations",
				       r->counts.violations);
		lg_sbuf_puts(&b, "\n ");
		for (l = 0; l < 8; l++)
			lg_sbuf_printf(&b, " %s %llu", lg_level_name(l),
				       r->counts.read[l]);
		if (have_vs)
			lg_sbuf_printf(&b,
				       "\n  device: read %llu, lost %llu, skipped %llu, backlog %llu",
				       (unsigned long long)vs.read,
				       (unsigned long long)vs.lost,
				       (unsigned long long)vs.skipped,
				       (unsigned long long)vs.backlog);
		lg_sbuf_puts(&b, "\n");
	}
	pthread_rwlock_unlock(&rt->lock);
	if (json)
		lg_sbuf_puts(&b, "]}\n");
	if (b.len)
		fwrite(b.buf, 1, b.len, stderr);
	lg_sbuf_free(&b);
}

/* Exit status from the counters: 1 if any reader failed or verify did. */
static int status_of(struct cons_router *rt)
{
	int status = 0;
	size_t i;

	pthread_rwlock_wrlock(&rt->lock);
	for (i = 0; i < rt->nr; i++)
		if (rt->readers[i]->counts.error ||
		    rt->readers[i]->counts.violations)
			status = 1;
	pthread_rwlock_unlock(&rt->lock);
	return status;
}

int main(int argc, char **argv)
{
	static struct cons_spec specs[CONS_MAX_READERS];
	static struct cons_router rt;
	struct cons_dev dev = { .path = "/dev/logger" };
	struct cons_ops ops = cons_dev_ops_tmpl;
	struct cons_spec def;
	struct cons_reload res;
	const char *config = NULL, *levels = NULL, *order = NULL;
	bool json = false, stats = false, signalled = false;
	bool follow = false, verify = false;
	char err[PATH_MAX + 128];
	unsigned long long count = 0;
	size_t n = 0, i;
	sigset_t set;
	int c, status;

	while ((c = getopt_long(argc, argv, ":r:c:l:o:fjn:sVd:h",
				cons_long_opts, NULL)) != -1) {
		char *end;

		switch (c) {
		case 'r':
			if (cons_nreader_args == CONS_MAX_READERS)
				return usage("too many --reader options", NULL);
			cons_reader_args[cons_nreader_args++] = optarg;
			break;
		case 'c':
			config = optarg;
			break;
		case 'l':
			levels = optarg;
			break;
		case 'o':
			order = optarg;
			break;
		case 'f':
			follow = true;
			break;
		case OPT_FROM_START:
			dev.new_only = false;
			break;
		case OPT_NEW_ONLY:
			dev.new_only = true;
			break;
		case 'j':
			json = true;
			break;
		case 'n':
			errno = 0;
			count = strtoull(optarg, &end, 10);
			if (optarg[0] < '0' || optarg[0] > '9' || *end ||
			    errno || !count)
				return usage("invalid --count", optarg);
			break;
		case 's':
			stats = true;
			break;
		case 'V':
			verify = true;
			break;
		case 'd':
			dev.path = optarg;
			break;
		case 'h':
			fputs(cons_usage, stdout);
			return 0;
		case ':':
			return usage("option needs an argument:",
				     argv[optind - 1]);
		default:
			return usage("unknown option", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage("unexpected argument", argv[optind]);
	if (config && cons_nreader_args)
		return usage("--config and --reader exclude each other", NULL);

	/* Defaults for every spec; --levels/--order shape them too. */
	cons_spec_default(&def, json ? CONS_FMT_JSON : CONS_FMT_TEXT);
	if (levels && lg_levels_parse(levels, &def.levels))
		return usage("invalid --levels", levels);
	if (order) {
		char buf[64];

		snprintf(buf, sizeof(buf), "order=%s", order);
		if (cons_spec_parse(buf, &def, &def, err, sizeof(err)))
			return usage("invalid --order", order);
	}
	if (config) {
		/* A file that cannot be read is a runtime error, not usage. */
		if (access(config, R_OK)) {
			fprintf(stderr, "logger-consumer: %s: %s\n", config,
				strerror(errno));
			return 1;
		}
		if (cons_config_load(config, &def, specs, CONS_MAX_READERS, &n,
				     err, sizeof(err)))
			return usage(err, NULL);
	} else if (cons_nreader_args) {
		for (i = 0; i < cons_nreader_args; i++) {
			size_t j;

			if (cons_spec_parse(cons_reader_args[i], &def,
					    &specs[i], err, sizeof(err)))
				return usage(err, NULL);
			for (j = 0; j < i; j++)
				if (!strcmp(specs[j].name, specs[i].name))
					return usage("two readers with the same name (add name=):",
						     specs[i].name);
		}
		n = cons_nreader_args;
	} else {
		cons_spec_parse("", &def, &specs[0], err, sizeof(err));
		n = 1;
	}

	ops.arg = &dev;
	ops.name = dev.path;
	if (cons_router_init(&rt, &ops)) {
		fprintf(stderr, "logger-consumer: rwlock init failed\n");
		return 1;
	}
	rt.follow = follow;
	rt.verify = verify;
	rt.limit = count;
	rt.notify = notify_main;
	cons_main_thread = pthread_self();

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	if (cons_router_apply(&rt, specs, n, &res, err, sizeof(err))) {
		fprintf(stderr, "logger-consumer: %s\n", err);
		rt.nr = 0;
		for (i = 0; i < res.nadded; i++)
			reap(&rt, res.added[i]);
		cons_router_destroy(&rt);
		return 1;
	}
	start_readers(&res);

	while (!cons_router_all_done(&rt)) {
		int sig = sigwaitinfo(&set, NULL);

		if (sig == SIGINT || sig == SIGTERM) {
			signalled = true;
			break;
		}
		if (sig == SIGHUP) {
			if (config)
				reload(&rt, config, &def);
			else
				fprintf(stderr,
					"logger-consumer: SIGHUP ignored (no --config)\n");
		}
	}
	/* Only main changes the table: it can walk it without the lock. */
	cons_router_stop(&rt);
	for (i = 0; i < rt.nr; i++)
		if (rt.readers[i]->started)
			pthread_join(rt.readers[i]->thread, NULL);
	if (stats || signalled)
		print_stats(&rt, json);
	status = status_of(&rt);
	while (rt.nr) {
		struct cons_reader *r = rt.readers[--rt.nr];

		r->started = false;
		cons_router_release(&rt, r);
	}
	cons_router_destroy(&rt);
	return status;
}
