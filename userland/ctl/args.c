// SPDX-License-Identifier: GPL-2.0
/*
 * loggerctl: the command line, parsed into struct ctl_args without side
 * effects (no socket, no output but the usage error), so that every case
 * can be unit-tested.
 *
 *   loggerctl [--json] [--help] [--version] COMMAND [OPTIONS] [ARGS]
 *   loggerctl help [COMMAND]
 *
 * Options may come before or after the command; "--" ends them.  A
 * value may be given as "--count 5" or "--count=5".
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ctl.h"
#include "levels.h"
#include "strutils.h"

static void __attribute__((format(printf, 2, 3)))
usage_err(FILE *err, const char *fmt, ...)
{
	va_list ap;

	fputs(CTL_PROG ": ", err);
	va_start(ap, fmt);
	vfprintf(err, fmt, ap);
	va_end(ap);
	fputs("\nTry '" CTL_PROG " --help' for more information.\n", err);
}

int ctl_parse_u32(const char *s, uint32_t *out)
{
	return lg_parse_u32(s, 0, UINT32_MAX, out) ? -1 : 0;
}

/*
 * BYTES with an optional binary suffix: K, M, G (any case), optionally
 * followed by "B" or "iB": "65536", "64K", "64KiB", "1m", "2GB".
 */
int ctl_parse_size(const char *s, uint64_t *out)
{
	return lg_parse_size(s, 0, UINT64_MAX, out) ? -1 : 0;
}

/* LEVEL:PCT[,LEVEL:PCT...]; a level named twice is an error. */
int ctl_parse_reserve(const char *s, struct ctl_config *cfg)
{
	char *copy = strdup(s), *item, *save = NULL, *colon;
	unsigned int seen = 0;
	uint32_t v;
	int l, rc = -1;

	if (!copy)
		return -1;
	if (!*s || s[strlen(s) - 1] == ',')
		goto out;
	for (item = strtok_r(copy, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		colon = strchr(item, ':');
		if (!colon)
			goto out;
		*colon = '\0';
		l = lg_level_parse(item);
		if (l < 0 || (seen & (1u << l)) ||
		    ctl_parse_u32(colon + 1, &v) < 0 || v > 100)
			goto out;
		seen |= 1u << l;
		cfg->reserve_pct[l] = v;
		cfg->set |= CTL_CFG_RESERVE(l);
	}
	rc = seen ? 0 : -1;
out:
	free(copy);
	return rc;
}

/* Seconds, decimals allowed: "10", "0.5".  Up to a year. */
int ctl_parse_timeout(const char *s, int64_t *ms)
{
	return lg_parse_seconds(s, 366ULL * 86400 * 1000, ms) ? -1 : 0;
}

/* watch --type: overflow,threshold,cleared,stats (a set). */
int ctl_parse_types(const char *s, unsigned int *types)
{
	static const struct {
		const char *name;
		unsigned int cmd;
	} names[] = {
		{ "overflow", LOGGER_CMD_EVENT_OVERFLOW },
		{ "threshold", LOGGER_CMD_EVENT_THRESHOLD },
		{ "cleared", LOGGER_CMD_EVENT_CLEARED },
		{ "stats", LOGGER_CMD_EVENT_STATS },
	};
	unsigned int t = 0;
	const char *p = s;

	for (;;) {
		size_t len = strcspn(p, ","), i;

		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].name) == len &&
			    !strncmp(p, names[i].name, len))
				break;
		if (i == sizeof(names) / sizeof(names[0]))
			return -1;
		t |= 1u << names[i].cmd;
		if (!p[len])
			break;
		p += len + 1;
	}
	*types = t;
	return 0;
}

/* policy=: "overwrite" or "block" (&enum logger_policy), exactly. */
int ctl_parse_policy(const char *s, uint32_t *policy)
{
	if (!strcmp(s, "overwrite"))
		*policy = LOGGER_POLICY_OVERWRITE;
	else if (!strcmp(s, "block"))
		*policy = LOGGER_POLICY_BLOCK;
	else
		return -1;
	return 0;
}

/* One KEY=VALUE operand of "set". */
static int parse_setting(const char *kv, struct ctl_config *cfg, FILE *err)
{
	const char *eq = strchr(kv, '=');
	const char *val;
	size_t klen;

	if (!eq || eq == kv) {
		usage_err(err, "set: expected KEY=VALUE, got '%s'", kv);
		return -1;
	}
	klen = (size_t)(eq - kv);
	val = eq + 1;
#define KEY_IS(k) (klen == strlen(k) && !strncmp(kv, k, klen))
	if (KEY_IS("capacity")) {
		if (cfg->set & CTL_CFG_CAPACITY)
			goto dup;
		if (ctl_parse_size(val, &cfg->capacity) < 0 ||
		    !cfg->capacity) {
			usage_err(err, "set: bad capacity '%s' (BYTES, with an optional K, M or G suffix)",
				  val);
			return -1;
		}
		cfg->set |= CTL_CFG_CAPACITY;
	} else if (KEY_IS("reserve")) {
		if (cfg->set & CTL_CFG_RESERVE_ALL)
			goto dup;
		if (ctl_parse_reserve(val, cfg) < 0) {
			usage_err(err, "set: bad reserve '%s' (LEVEL:PERCENT[,LEVEL:PERCENT...], percent 0..100)",
				  val);
			return -1;
		}
	} else if (KEY_IS("interval")) {
		if (cfg->set & CTL_CFG_INTERVAL)
			goto dup;
		if (ctl_parse_u32(val, &cfg->event_interval_ms) < 0 ||
		    !cfg->event_interval_ms) {
			usage_err(err, "set: bad interval '%s' (milliseconds, at least 1)",
				  val);
			return -1;
		}
		cfg->set |= CTL_CFG_INTERVAL;
	} else if (KEY_IS("policy")) {
		if (cfg->set & CTL_CFG_POLICY)
			goto dup;
		if (ctl_parse_policy(val, &cfg->policy) < 0) {
			usage_err(err, "set: unknown policy '%s' (overwrite or block)",
				  val);
			return -1;
		}
		cfg->set |= CTL_CFG_POLICY;
	} else {
		usage_err(err, "set: unknown setting '%.*s' (keys: capacity, reserve, interval, policy)",
			  (int)klen, kv);
		return -1;
	}
#undef KEY_IS
	return 0;
dup:
	usage_err(err, "set: '%.*s' given twice", (int)klen, kv);
	return -1;
}

/*
 * The value of option @name: "--name=V" (in @arg) or the next argument.
 * Returns NULL (after the usage error) when there is none.
 */
static const char *opt_value(int argc, char **argv, int *i, const char *name,
			     FILE *err)
{
	const char *arg = argv[*i];
	size_t n = strlen(name);

	if (arg[n] == '=')
		return arg + n + 1;
	if (*i + 1 >= argc) {
		usage_err(err, "option '%s' needs a value", name);
		return NULL;
	}
	return argv[++*i];
}

static bool opt_is(const char *arg, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(arg, name, n) && (arg[n] == '\0' || arg[n] == '=');
}

/* One option; 0, or -1 after the usage error. */
static int parse_option(int argc, char **argv, int *i, struct ctl_args *a,
			FILE *err)
{
	const char *arg = argv[*i], *v;
	unsigned int opts = a->cmd ? a->cmd->opts : CTL_OPT_JSON;
	const char *cname = a->cmd ? a->cmd->name : NULL;
	uint32_t n;

	if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
		a->help = true;
	} else if (!a->cmd && (!strcmp(arg, "--version") ||
			       !strcmp(arg, "-V"))) {
		a->version = true;
	} else if ((opts & CTL_OPT_JSON) &&
		   (!strcmp(arg, "--json") || !strcmp(arg, "-j"))) {
		a->json = true;
	} else if ((opts & CTL_OPT_WATCH) && opt_is(arg, "--count")) {
		v = opt_value(argc, argv, i, "--count", err);
		if (!v)
			return -1;
		if (ctl_parse_u32(v, &n) < 0 || !n) {
			usage_err(err, "%s: bad count '%s' (a number of events, at least 1)",
				  cname, v);
			return -1;
		}
		a->count = n;
	} else if ((opts & CTL_OPT_WATCH) && opt_is(arg, "--type")) {
		v = opt_value(argc, argv, i, "--type", err);
		if (!v)
			return -1;
		if (ctl_parse_types(v, &a->types) < 0) {
			usage_err(err, "%s: bad type '%s' (overflow, threshold, cleared, stats)",
				  cname, v);
			return -1;
		}
	} else if ((opts & CTL_OPT_WATCH) && opt_is(arg, "--timeout")) {
		v = opt_value(argc, argv, i, "--timeout", err);
		if (!v)
			return -1;
		if (ctl_parse_timeout(v, &a->timeout_ms) < 0) {
			usage_err(err, "%s: bad timeout '%s' (seconds)", cname,
				  v);
			return -1;
		}
	} else {
		if (cname)
			usage_err(err, "%s: unknown option '%s'", cname, arg);
		else
			usage_err(err, "unknown option '%s'", arg);
		return -1;
	}
	return 0;
}

/* A non-option argument: the command, or one of its operands. */
static int parse_operand(const char *arg, struct ctl_args *a, bool *help_cmd,
			 FILE *err)
{
	if (!a->cmd && !*help_cmd) {
		if (!strcmp(arg, "help")) {
			*help_cmd = true;
			a->help = true;
			return 0;
		}
		a->cmd = ctl_find_cmd(arg);
		if (!a->cmd) {
			usage_err(err, "unknown command '%s'", arg);
			return -1;
		}
		return 0;
	}
	if (*help_cmd && !a->cmd) {
		a->cmd = ctl_find_cmd(arg);
		if (!a->cmd) {
			usage_err(err, "help: unknown command '%s'", arg);
			return -1;
		}
		return 0;
	}
	if (!*help_cmd && (a->cmd->opts & CTL_OPT_SETTINGS))
		return parse_setting(arg, &a->cfg, err);
	usage_err(err, "%s: unexpected argument '%s'",
		  *help_cmd ? "help" : a->cmd->name, arg);
	return -1;
}

int ctl_parse_args(int argc, char **argv, struct ctl_args *a, FILE *err)
{
	bool help_cmd = false, opts_done = false;
	int i;

	memset(a, 0, sizeof(*a));
	a->timeout_ms = -1;
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (!opts_done && !strcmp(arg, "--")) {
			opts_done = true;
			continue;
		}
		if (!opts_done && arg[0] == '-' && arg[1] != '\0') {
			if (parse_option(argc, argv, &i, a, err) < 0)
				return CTL_EXIT_USAGE;
			continue;
		}
		if (parse_operand(arg, a, &help_cmd, err) < 0)
			return CTL_EXIT_USAGE;
	}
	if (a->help || a->version)
		return 0;
	if (!a->cmd) {
		usage_err(err, "no command given");
		return CTL_EXIT_USAGE;
	}
	if ((a->cmd->opts & CTL_OPT_SETTINGS) && !a->cfg.set) {
		usage_err(err, "%s: nothing to set (KEY=VALUE...)",
			  a->cmd->name);
		return CTL_EXIT_USAGE;
	}
	return 0;
}
