// SPDX-License-Identifier: GPL-2.0
/*
 * loggerctl: the command table, help texts, the handlers and how errors
 * are reported.
 *
 * A handler gets the parsed arguments and two streams; it returns an exit
 * status.  Each opens its own socket, so a handler is the whole life of
 * one request (or, for watch, of one subscription).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include <netlink/genl/genl.h>

#include "ctl.h"
#include "devio.h"
#include "prog.h"

/* Report @rc (negative) of command @cmd on @err. */
void ctl_report(FILE *err, const char *cmd, int rc, const char *ext_msg)
{
	if (rc == -CTL_ENOTLOADED) {
		fputs(CTL_PROG ": logger module not loaded\n", err);
	} else if (rc == -CTL_ENOGROUP) {
		fputs(CTL_PROG ": the logger module has no \"" LOGGER_GENL_MCGRP_EVENTS
		      "\" multicast group (a module of another version?)\n",
		      err);
	} else if (rc == -EPERM) {
		fputs(CTL_PROG ": permission denied: needs CAP_SYSLOG\n", err);
	} else {
		fprintf(err, CTL_PROG ": %s: %s", cmd, strerror(-rc));
		if (ext_msg && *ext_msg)
			fprintf(err, " (%s)", ext_msg);
		fputc('\n', err);
	}
}

/* Report and close; always CTL_EXIT_ERR. */
static int fail(FILE *err, struct ctl_nl *nl, const char *cmd, int rc)
{
	ctl_report(err, cmd, rc, nl->ext_msg);
	ctl_nl_close(nl);
	return CTL_EXIT_ERR;
}

/* Open the socket and build a request for @cmd. */
static int start(struct ctl_nl *nl, uint8_t cmd, int flags,
		 struct nl_msg **msg)
{
	int rc = ctl_nl_open(nl);

	if (rc < 0)
		return rc;
	*msg = ctl_msg_request(nl->family, cmd, flags);
	return *msg ? 0 : -ENOMEM;
}

/* ---- stats ---- */

struct one_reply {
	int (*parse)(struct nlmsghdr *nlh, void *out);
	void *out;
	unsigned int n;
};

static int on_one(struct nlmsghdr *nlh, void *arg)
{
	struct one_reply *o = arg;

	if (o->n++)
		return -EBADMSG;
	return o->parse(nlh, o->out);
}

static int parse_stats(struct nlmsghdr *nlh, void *out)
{
	return ctl_parse_stats(nlh, out);
}

static int parse_config(struct nlmsghdr *nlh, void *out)
{
	return ctl_parse_config(nlh, out, false);
}

static int parse_clear(struct nlmsghdr *nlh, void *out)
{
	return ctl_parse_clear(nlh, out);
}

/* A doit request whose single reply @parse fills in @out. */
static int get_one(struct ctl_nl *nl, uint8_t cmd,
		   int (*parse)(struct nlmsghdr *, void *), void *out,
		   bool need_reply)
{
	struct one_reply o = { .parse = parse, .out = out };
	struct nl_msg *msg;
	int rc;

	msg = ctl_msg_request(nl->family, cmd, 0);
	if (!msg)
		return -ENOMEM;
	rc = ctl_nl_request(nl, msg, on_one, &o);
	if (!rc && need_reply && !o.n)
		rc = -EBADMSG;
	return rc ? rc : (int)o.n;
}

static int cmd_stats(const struct ctl_args *a, FILE *out, FILE *err)
{
	struct ctl_nl nl;
	struct ctl_stats st;
	int rc;

	rc = ctl_nl_open(&nl);
	if (!rc)
		rc = get_one(&nl, LOGGER_CMD_GET_STATS, parse_stats, &st, true);
	if (rc < 0)
		return fail(err, &nl, "stats", rc);
	ctl_nl_close(&nl);
	ctl_print_stats(out, &st, a->json);
	return CTL_EXIT_OK;
}

/* ---- readers ---- */

static int on_reader(struct nlmsghdr *nlh, void *arg)
{
	struct ctl_reader r;
	int rc = ctl_parse_reader(nlh, &r);

	return rc < 0 ? rc : ctl_readers_add(arg, &r);
}

static int cmd_readers(const struct ctl_args *a, FILE *out, FILE *err)
{
	struct ctl_readers rs = { 0 };
	struct ctl_nl nl;
	struct nl_msg *msg;
	int rc;

	rc = start(&nl, LOGGER_CMD_GET_READERS, NLM_F_DUMP, &msg);
	if (!rc)
		rc = ctl_nl_request(&nl, msg, on_reader, &rs);
	if (rc < 0) {
		ctl_readers_free(&rs);
		return fail(err, &nl, "readers", rc);
	}
	ctl_nl_close(&nl);
	ctl_readers_sort(&rs);
	ctl_print_readers(out, &rs, a->json);
	ctl_readers_free(&rs);
	return CTL_EXIT_OK;
}

/* ---- config, set, clear ---- */

static int cmd_config(const struct ctl_args *a, FILE *out, FILE *err)
{
	struct ctl_config cfg;
	struct ctl_nl nl;
	int rc;

	rc = ctl_nl_open(&nl);
	if (!rc)
		rc = get_one(&nl, LOGGER_CMD_GET_CONFIG, parse_config, &cfg,
			     true);
	if (rc < 0)
		return fail(err, &nl, "config", rc);
	ctl_nl_close(&nl);
	ctl_print_config(out, &cfg, a->json);
	return CTL_EXIT_OK;
}

static int cmd_set(const struct ctl_args *a, FILE *out, FILE *err)
{
	struct ctl_config cfg;
	struct ctl_nl nl;
	struct nl_msg *msg;
	int rc;

	rc = start(&nl, LOGGER_CMD_SET_CONFIG, 0, &msg);
	if (!rc) {
		rc = ctl_msg_put_config(msg, &a->cfg);
		if (rc < 0)
			nlmsg_free(msg);
		else
			rc = ctl_nl_request(&nl, msg, NULL, NULL);
	}
	/* Show what the kernel made of it. */
	if (!rc)
		rc = get_one(&nl, LOGGER_CMD_GET_CONFIG, parse_config, &cfg,
			     true);
	if (rc < 0)
		return fail(err, &nl, "set", rc);
	ctl_nl_close(&nl);
	ctl_print_config(out, &cfg, a->json);
	return CTL_EXIT_OK;
}

static int cmd_clear(const struct ctl_args *a, FILE *out, FILE *err)
{
	uint64_t records = 0;
	struct ctl_nl nl;
	int rc;

	rc = ctl_nl_open(&nl);
	if (!rc)
		rc = get_one(&nl, LOGGER_CMD_CLEAR, parse_clear, &records,
			     false);
	if (rc < 0)
		return fail(err, &nl, "clear", rc);
	ctl_nl_close(&nl);
	ctl_print_cleared(out, rc > 0, records, a->json);
	return CTL_EXIT_OK;
}

/* ---- watch ---- */

/* Set by SIGINT/SIGTERM: end the watch cleanly. */
static volatile sig_atomic_t watch_stop;

static void on_signal(int sig)
{
	watch_stop = 1;
}

struct watch {
	const struct ctl_args *a;
	FILE *out;
	FILE *err;
	uint64_t seen;
};

static int on_event(struct nlmsghdr *nlh, void *arg)
{
	struct watch *w = arg;
	struct ctl_event ev;
	struct timespec ts;
	uint8_t cmd;

	if (w->a->count && w->seen >= w->a->count)
		return 0;
	if (w->a->types && genlmsg_valid_hdr(nlh, 0) &&
	    !(w->a->types & (1u << ((struct genlmsghdr *)nlmsg_data(nlh))->cmd)))
		return 0;
	if (ctl_parse_event(nlh, &ev) < 0) {
		cmd = genlmsg_valid_hdr(nlh, 0) ?
		      ((struct genlmsghdr *)nlmsg_data(nlh))->cmd : 0;
		/* Newer kernels may send events this version does not know. */
		if (cmd >= LOGGER_CMD_EVENT_OVERFLOW &&
		    cmd <= LOGGER_CMD_EVENT_STATS)
			fputs(CTL_PROG ": watch: malformed event skipped\n",
			      w->err);
		return 0;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	ctl_print_event(w->out, &ev, &ts, w->a->json);
	errno = 0;
	if ((fflush(w->out) == EOF || ferror(w->out)) && errno == EPIPE)
		return -EPIPE;	/* nobody reads: the watch is over */
	w->seen++;
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Catch SIGINT and SIGTERM, and block them outside ppoll() so that one
 * arriving between the loop's check and the wait cannot be missed.
 */
static void catch_signals(sigset_t *orig)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, orig);
}

/* Wait for the socket: 1 readable, 0 timeout or signal, -errno. */
static int wait_readable(int fd, int64_t left_ms, const sigset_t *mask)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct timespec ts, *tsp = NULL;
	int rc;

	if (left_ms >= 0) {
		ts.tv_sec = left_ms / 1000;
		ts.tv_nsec = (left_ms % 1000) * 1000000;
		tsp = &ts;
	}
	rc = ppoll(&pfd, 1, tsp, mask);
	if (rc < 0)
		return errno == EINTR ? 0 : -errno;
	return rc > 0;
}

static int cmd_watch(const struct ctl_args *a, FILE *out, FILE *err)
{
	struct watch w = { .a = a, .out = out, .err = err };
	int64_t deadline = a->timeout_ms >= 0 ? now_ms() + a->timeout_ms : 0;
	int64_t left = -1;
	struct ctl_nl nl;
	sigset_t orig;
	int rc;

	watch_stop = 0;
	catch_signals(&orig);
	rc = ctl_nl_open(&nl);
	if (!rc)
		rc = ctl_nl_subscribe(&nl, LOGGER_GENL_MCGRP_EVENTS);
	while (!rc && !watch_stop && (!a->count || w.seen < a->count)) {
		if (a->timeout_ms >= 0) {
			left = deadline - now_ms();
			if (left <= 0)
				break;
		}
		rc = wait_readable(ctl_nl_fd(&nl), left, &orig);
		if (rc <= 0)
			continue;
		rc = ctl_nl_receive(&nl, on_event, &w);
		if (rc == -ENOBUFS) {
			fputs(CTL_PROG ": watch: events lost (overrun)\n",
			      err);
			rc = 0;
		}
	}
	sigprocmask(SIG_SETMASK, &orig, NULL);
	if (rc < 0 && rc != -EPIPE)
		return fail(err, &nl, "watch", rc);
	ctl_nl_close(&nl);
	return CTL_EXIT_OK;
}

/* ---- the table ---- */

static const char stats_usage[] =
	"Usage: " CTL_PROG " stats [--json]\n\n"
	"Show capacity, fill, record counters, open readers and writers,\n"
	"the policy with the lossless-delivery counters (holding readers,\n"
	"waiting writers, waits, groups, group members, expired holds),\n"
	"and a table of the counters of each level.\n\n"
	"  -j, --json   one JSON object\n";

static const char readers_usage[] =
	"Usage: " CTL_PROG " readers [--json]\n\n"
	"List every fd open for reading: owning pid, command, level\n"
	"filter, read order, format, unread backlog, records lost, whether\n"
	"it holds records under the block policy, its group and the\n"
	"group's member count, and its tag filter (- : every tag).\n\n"
	"  -j, --json   one JSON object\n";

static const char config_usage[] =
	"Usage: " CTL_PROG " config [--json]\n\n"
	"Show capacity, event interval, largest record, policy and the\n"
	"reserve of each level.\n\n"
	"  -j, --json   one JSON object\n";

static const char clear_usage[] =
	"Usage: " CTL_PROG " clear [--json]\n\n"
	"Remove every record from the store.  Needs CAP_SYSLOG.\n\n"
	"  -j, --json   one JSON object\n";

static const char set_usage[] =
	"Usage: " CTL_PROG " set [--json] KEY=VALUE...\n\n"
	"Change global settings, all at once or not at all, then show\n"
	"them.  Needs CAP_SYSLOG.  Keys:\n\n"
	"  capacity=BYTES           store size; K, M, G suffixes\n"
	"  reserve=LEVEL:PCT[,...]  share of the capacity kept for a\n"
	"                           level, 0..100\n"
	"  interval=MS              event interval, milliseconds\n"
	"  policy=overwrite|block   when the store is full: evict\n"
	"                           (overwrite) or make writers wait\n"
	"                           for holding readers (block)\n\n"
	"  -j, --json   one JSON object\n\n"
	"Example: " CTL_PROG " set capacity=4M reserve=err:10,warning:5\n";

static const char watch_usage[] =
	"Usage: " CTL_PROG " watch [--json] [--type LIST] [--count N] [--timeout S]\n\n"
	"Print the module's events (overflow, threshold, cleared,\n"
	"stats) as they arrive, until interrupted (SIGINT), N events\n"
	"were printed, or S seconds passed.\n\n"
	"  -j, --json    one JSON object per event, per line\n"
	"  --type LIST   only these kinds: overflow,threshold,cleared,stats\n"
	"  --count N     stop after N events (of the kinds shown)\n"
	"  --timeout S   stop after S seconds (decimals allowed)\n";

const struct ctl_cmd ctl_cmds[] = {
	{ "stats", cmd_stats, "show store statistics", stats_usage,
	  CTL_OPT_JSON },
	{ "readers", cmd_readers, "list the open readers", readers_usage,
	  CTL_OPT_JSON },
	{ "config", cmd_config, "show the global settings", config_usage,
	  CTL_OPT_JSON },
	{ "clear", cmd_clear, "remove every record (needs CAP_SYSLOG)",
	  clear_usage, CTL_OPT_JSON },
	{ "set", cmd_set, "change global settings (needs CAP_SYSLOG)",
	  set_usage, CTL_OPT_JSON | CTL_OPT_SETTINGS },
	{ "watch", cmd_watch, "print events as they arrive", watch_usage,
	  CTL_OPT_JSON | CTL_OPT_WATCH },
	{ NULL },
};

const struct ctl_cmd *ctl_find_cmd(const char *name)
{
	const struct ctl_cmd *c;

	for (c = ctl_cmds; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

void ctl_usage(FILE *f)
{
	const struct ctl_cmd *c;

	fputs("Usage: " CTL_PROG " [--json] COMMAND [OPTIONS] [ARGS]\n\n"
	      "Control and watch the logger module (/dev/logger) over generic\n"
	      "netlink.\n\nCommands:\n", f);
	for (c = ctl_cmds; c->name; c++)
		fprintf(f, "  %-9s %s\n", c->name, c->help);
	fputs("  help      'help COMMAND': the options of a command\n"
	      "\nOptions:\n"
	      "  -j, --json     JSON output (one object per line)\n"
	      "  -h, --help     this help; '" CTL_PROG
	      " COMMAND --help' for a command\n"
	      "  -V, --version  print the version\n\n"
	      "Exit status: 0 success, 1 error, 2 bad usage.\n", f);
}

int ctl_main(int argc, char **argv, FILE *out, FILE *err)
{
	struct ctl_args a;
	int rc;

	rc = ctl_parse_args(argc, argv, &a, err);
	if (rc)
		return rc;
	if (lg_dev_shadowed(LG_DEV_PATH))
		fputs(CTL_PROG ": warning: " LG_DEV_PATH
		      " is a regular file, not the device (left by a write before the module was loaded?): remove it and reload the module\n",
		      err);
	if (a.help) {
		if (a.cmd)
			fputs(a.cmd->usage, out);
		else
			ctl_usage(out);
		rc = CTL_EXIT_OK;
	} else if (a.version) {
		fprintf(out, "%s from logger %s (netlink family \"%s\" version %d)\n",
			CTL_PROG, LOGGER_VERSION, LOGGER_GENL_NAME,
			LOGGER_GENL_VERSION);
		rc = CTL_EXIT_OK;
	} else {
		rc = a.cmd->handler(&a, out, err);
	}
	/* A closed pipe (SIGPIPE ignored) is quiet, as for dmesg. */
	errno = 0;
	if (fflush(out) == EOF || ferror(out)) {
		if (errno == EPIPE)
			return rc;
		fprintf(err, CTL_PROG ": standard output: %s\n",
			strerror(errno ? errno : EIO));
		return CTL_EXIT_ERR;
	}
	return rc;
}
