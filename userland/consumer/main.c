// SPDX-License-Identifier: GPL-2.0
/*
 * logger-consumer: read /dev/logger with one or more reader threads, each
 * with its own fd, filter and order; print text or JSON lines.
 *
 * DESIGN
 *   Files: cons_opts.c (command line), cons_spec.c (reader specs, config
 *   file), cons_router.c (the shared table, reloads), cons_reader.c (a
 *   reader thread), cons_dev.c (the read() source), cons_map.c (the mmap
 *   source, --mmap: the same fds, read through lgmap), cons_sink.c (outputs),
 *   cons_fmt.c (formats), cons_cursor.c (saved positions), cons_verify.c.
 *
 *   main() parses the options, builds the reader specs (--reader, or
 *   --config, or one default reader), fills the routing table
 *   (cons_router_apply()) and starts one thread per reader.  The main
 *   thread then owns the signals: SIGINT, SIGTERM, SIGHUP and SIGUSR1 are
 *   blocked everywhere and main takes them with sigwaitinfo().
 *   - SIGHUP with --config: re-read it and apply it (readers with an
 *     unchanged spec untouched, changed or renamed ones re-viewed on the
 *     same fd, so nothing is lost or read twice; new ones started,
 *     dropped ones joined).  Without --config a hangup stops, like INT.
 *   - SIGINT/SIGTERM: stop every reader (flag + eventfd; a reader blocked
 *     on its output gives up at once), join, print the per-reader counts.
 *   - SIGUSR1: a reader finished (dump mode hit EAGAIN, --count reached,
 *     an error, or standard output closed); when all have, exit.
 *   The per-reader counts go to stderr (text, or one JSON object with -o
 *   json) on a signal or with --stats; stdout stays a clean record
 *   stream.  At exit each reader with a cursor file saves the position
 *   of the last record it wrote out.  Exit: 0 ok, 1 runtime error
 *   (device, output, state file, malformed record, --verify violation,
 *   records read but not written to a file), 2 bad usage, 3 records a
 *   forwarder read but no collector confirmed when it stopped (they
 *   follow the state file's position: the next start sends them), 4 a
 *   forwarder's gaps (records evicted before it read them); the first
 *   that applies, in that order.
 *   --forward URL makes one reader per URL (out=URL, state=the matching
 *   --state), so each collector has its own cursor and a slow one holds
 *   back nobody else.
 *   Non-goals: no reconfiguration of global options on SIGHUP.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cons_cursor.h"
#include "cons_dev.h"
#include "cons_fwd.h"
#include "cons_map.h"
#include "cons_opts.h"
#include "cons_router.h"
#include "cons_spec.h"
#include "devio.h"
#include "levels.h"
#include "prog.h"

/* The main thread: reader threads send it SIGUSR1 when they finish. */
static pthread_t cons_main_thread;

static void notify_main(void *arg)
{
	pthread_kill(cons_main_thread, SIGUSR1);
}

static void reap(struct cons_router *rt, struct cons_reader *r)
{
	if (r->started)
		pthread_join(r->thread, NULL);
	r->started = false;
	cons_router_release(rt, r);
}

/* Readers of unset format: short to a terminal, the raw line elsewhere. */
static void resolve_formats(struct cons_spec *specs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (specs[i].format == CONS_FMT_AUTO)
			specs[i].format = !strcmp(specs[i].out, "-") &&
					  isatty(STDOUT_FILENO) ?
					  CONS_FMT_SHORT : CONS_FMT_TEXT;
}

/* A config file that cannot be read is a runtime error (1), not usage. */
static int check_config(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), e = 0;

	if (fd < 0)
		e = errno;
	else if (fstat(fd, &st))
		e = errno;
	else if (S_ISDIR(st.st_mode))
		e = EISDIR;
	if (fd >= 0)
		close(fd);
	if (e)
		lg_warn_errno(e, "%s", path);
	return e ? LG_EXIT_FAIL : 0;
}

/* SIGHUP: apply the config file again. */
static void reload(struct cons_router *rt, const struct cons_opts *o)
{
	static struct cons_spec specs[CONS_MAX_READERS];
	struct cons_reload res;
	char err[PATH_MAX + 128];
	size_t n, i;

	if (cons_config_load(o->config, &o->def, specs, CONS_MAX_READERS, &n,
			     err, sizeof(err))) {
		lg_warnx("reload: %s (keeping the old configuration)", err);
		return;
	}
	resolve_formats(specs, n);
	if (cons_router_apply(rt, specs, n, &res, err, sizeof(err)))
		lg_warnx("reload: %s", err);
	if (cons_router_start(rt, &res))
		lg_warnx("reload: cannot start a reader thread");
	for (i = 0; i < res.nremoved; i++)
		reap(rt, res.removed[i]);
	if (!o->quiet)
		lg_warnx("reloaded %s: %zu added, %zu removed, %u changed, %u unchanged",
			 o->config, res.nadded, res.nremoved, res.changed,
			 res.kept);
}

/* One reader's counts, as JSON or text, into @b. */
static void reader_stats(struct lg_sbuf *b, struct cons_reader *r, bool json,
			 bool first)
{
	const struct cons_ops *ops = r->rt->ops;
	struct logger_view_stats vs;
	unsigned long long total = 0;
	bool have_vs = ops->view_stats ?
		       !ops->view_stats(ops->arg, r->fd, &vs) :
		       !cons_dev_view_stats(r->fd, &vs);
	char lv[64];
	int l;

	for (l = 0; l < 8; l++)
		total += r->counts.read[l];
	lg_levels_format(lv, sizeof(lv), r->spec.levels);
	if (json) {
		lg_sbuf_puts(b, first ? "{\"name\":" : ",{\"name\":");
		lg_json_str(b, r->spec.name, strlen(r->spec.name));
		lg_sbuf_puts(b, ",\"out\":");
		lg_json_str(b, r->spec.out, strlen(r->spec.out));
		lg_sbuf_printf(b,
			       ",\"levels\":\"%s\",\"order\":\"%s\",\"read\":%llu,\"lost\":%llu,\"filtered\":%llu,\"undelivered\":%llu,\"violations\":%llu,\"level_read\":{",
			       lv, cons_order_name(r->spec.order), total,
			       r->counts.lost, r->counts.filtered,
			       r->counts.undelivered, r->counts.violations);
		for (l = 0; l < 8; l++)
			lg_sbuf_printf(b, "%s\"%s\":%llu", l ? "," : "",
				       lg_level_name(l), r->counts.read[l]);
		lg_sbuf_puts(b, "}");
		if (r->out && r->out->fwd) {
			lg_sbuf_printf(b, ",\"forwarded\":%llu,\"state_seq\":%llu",
				       r->counts.forwarded, r->delivered_seq);
			cons_fwd_stats(b, r->out->fwd, true);
		}
		if (have_vs)
			lg_sbuf_printf(b,
				       ",\"device\":{\"read\":%llu,\"lost\":%llu,\"skipped\":%llu,\"backlog\":%llu}",
				       (unsigned long long)vs.read,
				       (unsigned long long)vs.lost,
				       (unsigned long long)vs.skipped,
				       (unsigned long long)vs.backlog);
		lg_sbuf_puts(b, "}");
		return;
	}
	lg_sbuf_printf(b,
		       "reader %s (levels %s, order %s, out %s): read %llu, lost %llu",
		       r->spec.name, lv, cons_order_name(r->spec.order),
		       r->spec.out, total, r->counts.lost);
	if (r->counts.filtered)
		lg_sbuf_printf(b, ", filtered %llu", r->counts.filtered);
	if (r->counts.undelivered)
		lg_sbuf_printf(b, ", undelivered %llu",
			       r->counts.undelivered);
	if (r->counts.violations)
		lg_sbuf_printf(b, ", %llu verify violations",
			       r->counts.violations);
	if (r->out && r->out->fwd)
		lg_sbuf_printf(b, ", forwarded %llu (confirmed up to seq %llu)",
			       r->counts.forwarded, r->delivered_seq);
	lg_sbuf_puts(b, "\n ");
	for (l = 0; l < 8; l++)
		lg_sbuf_printf(b, " %s %llu", lg_level_name(l),
			       r->counts.read[l]);
	if (r->out && r->out->fwd)
		cons_fwd_stats(b, r->out->fwd, false);
	if (have_vs)
		lg_sbuf_printf(b,
			       "\n  device: read %llu, lost %llu, skipped %llu, backlog %llu",
			       (unsigned long long)vs.read,
			       (unsigned long long)vs.lost,
			       (unsigned long long)vs.skipped,
			       (unsigned long long)vs.backlog);
	lg_sbuf_puts(b, "\n");
}

/* Every thread joined: only main looks at the table now. */
static void print_stats(struct cons_router *rt, bool json)
{
	struct lg_sbuf b;
	size_t i;

	lg_sbuf_init(&b);
	if (json)
		lg_sbuf_puts(&b, "{\"readers\":[");
	for (i = 0; i < rt->nr; i++)
		reader_stats(&b, rt->readers[i], json, !i);
	if (json)
		lg_sbuf_puts(&b, "]}\n");
	if (b.len)
		fwrite(b.buf, 1, b.len, stderr);
	lg_sbuf_free(&b);
}

/*
 * After the joins: save cursor files, print --show-cursor; exit status
 * from the counters (1 if any reader failed, lost output or verify did).
 */
static int finish(struct cons_router *rt, const struct cons_opts *o)
{
	bool fail = false, unconfirmed = false, gaps = false;
	size_t i;

	for (i = 0; i < rt->nr; i++) {
		struct cons_reader *r = rt->readers[i];
		struct cons_cursor c = { 0, r->delivered_seq };
		bool fwd = cons_fwd_is_url(r->spec.out);
		char buf[64];
		int ret;

		if (r->counts.error || r->counts.violations)
			fail = true;
		if (r->counts.undelivered && fwd) {
			lg_warnx("reader %s: %llu records read but not confirmed by the collector (they follow the position%s%s and are sent again at the next start)",
				 r->spec.name, r->counts.undelivered,
				 r->spec.cursor[0] ? " in " : " confirmed",
				 r->spec.cursor);
			unconfirmed = true;
		} else if (r->counts.undelivered) {
			lg_warnx("reader %s: %llu records read but not written to %s",
				 r->spec.name, r->counts.undelivered,
				 r->spec.out);
			fail = true;
		}
		if (fwd && r->counts.lost) {
			lg_warnx("reader %s: %llu records lost before they could be forwarded (evicted unread: use the block policy)",
				 r->spec.name, r->counts.lost);
			gaps = true;
		}
		if (!r->delivered_seq || cons_dev_instance(r->fd, &c.instance))
			continue;
		if (r->spec.cursor[0]) {
			ret = cons_cursor_save(r->spec.cursor, &c);
			if (ret) {
				lg_warn_errno(-ret, "%s", r->spec.cursor);
				fail = true;
			}
		}
		if (o->show_cursor) {
			cons_cursor_format(buf, sizeof(buf), &c);
			printf("-- cursor: %s\n", buf);
		}
	}
	if (fail)
		return LG_EXIT_FAIL;
	if (unconfirmed)
		return LG_EXIT_UNCONFIRMED;
	return gaps ? LG_EXIT_GAPS : LG_EXIT_OK;
}

/* The specs the command line asks for; 0 or an exit status. */
static int build_specs(const struct cons_opts *o, struct cons_spec *specs,
		       size_t *n)
{
	char err[PATH_MAX + 128];
	size_t i, j;

	if (o->config) {
		if (check_config(o->config))
			return LG_EXIT_FAIL;
		if (cons_config_load(o->config, &o->def, specs,
				     CONS_MAX_READERS, n, err, sizeof(err)))
			return lg_usage_err("%s", err);
	} else if (o->nforwards) {
		for (i = 0; i < o->nforwards; i++) {
			specs[i] = o->def;
			snprintf(specs[i].out, sizeof(specs[i].out), "%s",
				 o->forwards[i]);
			snprintf(specs[i].name, sizeof(specs[i].name), "%s",
				 o->forwards[i]);
			specs[i].cursor[0] = '\0';
			if (o->nstates) {
				snprintf(specs[i].cursor,
					 sizeof(specs[i].cursor), "%s",
					 o->states[i]);
				specs[i].state = true;
			}
			for (j = 0; j < i; j++)
				if (!strcmp(specs[j].name, specs[i].name))
					return lg_usage_err("--forward %s given twice",
							    specs[i].name);
		}
		*n = o->nforwards;
	} else if (o->nreaders) {
		for (i = 0; i < o->nreaders; i++) {
			if (cons_spec_parse(o->readers[i], &o->def, &specs[i],
					    err, sizeof(err)))
				return lg_usage_err("%s", err);
			for (j = 0; j < i; j++)
				if (!strcmp(specs[j].name, specs[i].name))
					return lg_usage_err("two readers named '%s' (add name=)",
							    specs[i].name);
		}
		*n = o->nreaders;
	} else {
		cons_spec_parse("", &o->def, &specs[0], err, sizeof(err));
		*n = 1;
	}
	for (i = 0; o->mmap && i < *n; i++)
		if (cons_map_refuses(&specs[i]))
			return lg_usage_err("--mmap and group=%s (reader %s) exclude each other: %s",
					    specs[i].group, specs[i].name,
					    cons_map_refuses(&specs[i]));
	resolve_formats(specs, *n);
	return 0;
}

/* Wait for the readers and the signals; true when stopped by one. */
static bool main_loop(struct cons_router *rt, const struct cons_opts *o,
		      const sigset_t *set)
{
	while (!cons_router_all_done(rt)) {
		int sig = sigwaitinfo(set, NULL);

		if (sig == SIGINT || sig == SIGTERM ||
		    (sig == SIGHUP && !o->config))
			return true;
		if (sig == SIGHUP)
			reload(rt, o);
		if (atomic_load(&rt->epipe))
			return false;
	}
	return false;
}

static int run(struct cons_router *rt, struct cons_opts *o,
	       struct cons_spec *specs, size_t n)
{
	struct cons_reload res;
	char err[PATH_MAX + 128];
	bool signalled;
	sigset_t set;
	size_t i;
	int status;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	if (cons_router_apply(rt, specs, n, &res, err, sizeof(err))) {
		lg_warnx("%s", err);
		rt->nr = 0;
		for (i = 0; i < res.nadded; i++)
			reap(rt, res.added[i]);
		return LG_EXIT_FAIL;
	}
	if (cons_router_start(rt, &res))
		lg_warnx("cannot start a reader thread");
	signalled = main_loop(rt, o, &set);
	cons_router_stop(rt);
	for (i = 0; i < rt->nr; i++)
		if (rt->readers[i]->started)
			pthread_join(rt->readers[i]->thread, NULL);
	if (o->stats || signalled)
		print_stats(rt, o->json_counts);
	status = finish(rt, o);
	while (rt->nr) {
		struct cons_reader *r = rt->readers[--rt->nr];

		r->started = false;
		cons_router_release(rt, r);
	}
	return status;
}

int main(int argc, char **argv)
{
	static struct cons_spec specs[CONS_MAX_READERS];
	static struct cons_router rt;
	static struct cons_opts o;
	static struct cons_map map;
	struct cons_ops ops = cons_dev_ops_tmpl;
	struct timespec now;
	char err[PATH_MAX + 128];
	size_t n = 0;
	int status, fd;

	lg_prog_init("logger-consumer");
	clock_gettime(CLOCK_REALTIME, &now);
	if (cons_parse_args(argc, argv, (long long)now.tv_sec * 1000000 +
			    now.tv_nsec / 1000, &o, err, sizeof(err)))
		return lg_usage_err("%s", err);
	if (o.help || o.version) {
		if (o.help)
			fputs(cons_usage, stdout);
		else
			lg_print_version();
		return lg_close_stdout();
	}
	status = build_specs(&o, specs, &n);
	if (status)
		return status;
	/* The device, checked once for a message a person can act on. */
	fd = lg_dev_open(o.dev.path, O_RDONLY | O_NONBLOCK, err, sizeof(err));
	if (fd < 0) {
		lg_warnx("%s", err);
		return LG_EXIT_FAIL;
	}
	close(fd);

	ops.arg = &o.dev;
	if (o.mmap) {
		cons_map_init(&map, &o.dev);
		ops = cons_map_ops_tmpl;
		ops.arg = &map;
	}
	ops.name = o.dev.path;
	if (cons_router_init(&rt, &ops)) {
		lg_warnx("rwlock init failed");
		return LG_EXIT_FAIL;
	}
	rt.follow = o.follow;
	rt.verify = o.verify;
	rt.limit = o.count;
	rt.lines = o.lines;
	rt.reverse = o.reverse;
	rt.bounds = o.bounds;
	rt.color = o.color;
	rt.decode = o.decode;
	rt.fwd = o.fwd;
	rt.notify = notify_main;
	cons_main_thread = pthread_self();
	status = run(&rt, &o, specs, n);
	cons_router_destroy(&rt);
	if (o.mmap)
		cons_map_destroy(&map);
	n = (size_t)lg_close_stdout();
	return status ? status : (int)n;
}
