// SPDX-License-Identifier: GPL-2.0
/*
 * cons_spec: parsing reader specs and the consumer's config file.
 *
 * DESIGN
 *   A spec is a list of key=value items separated by ',' or blanks:
 *     levels=LEVELSET  order=seq|priority  out=PATH|-  format=MODE
 *     name=NAME  cursor=PATH  state=PATH  group=NAME  tags=TAG,TAG
 *   (out may be a forwarding URL: tcp://HOST:PORT, udp://HOST:PORT,
 *   relp://HOST:PORT; state=PATH is its state file, a cursor file saved
 *   after every confirmed batch; MODE: raw (also "text"), json, json-pretty, short, short-iso,
 *   short-precise, short-monotonic, short-unix, cat: -o's modes).
 *   A comma-separated item without '=' continues the previous value, so
 *   "levels=err,debug,out=x" means levels "err,debug".  Missing keys take
 *   the defaults passed in (all levels, priority order, stdout, text or
 *   --json).  The config file holds one spec per line; '#' starts a
 *   comment, blank lines are ignored.  Reader names (default: the out
 *   path) must be unique: they pair old and new readers on a reload.
 *   Pure functions, no globals; errors are returned as a message.
 *   Non-goals: no quoting (paths with blanks are not supported).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cons_fwd.h"
#include "cons_spec.h"
#include "levels.h"
#include "logger.h"

__attribute__((format(printf, 3, 4)))
static int spec_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* An -o mode: sets *@format, and *@time for the short variants. */
int cons_format_parse(const char *s, unsigned int *format,
		      unsigned int *time)
{
	static const struct {
		const char *name;
		unsigned int format, time;
	} modes[] = {
		{ "raw", CONS_FMT_TEXT, 0 },
		{ "text", CONS_FMT_TEXT, 0 },
		{ "json", CONS_FMT_JSON, 0 },
		{ "json-pretty", CONS_FMT_JSON_PRETTY, 0 },
		{ "cat", CONS_FMT_CAT, 0 },
		{ "short", CONS_FMT_SHORT, CONS_TIME_SYSLOG },
		{ "short-precise", CONS_FMT_SHORT, CONS_TIME_PRECISE },
		{ "short-iso", CONS_FMT_SHORT, CONS_TIME_ISO },
		{ "short-monotonic", CONS_FMT_SHORT, CONS_TIME_RAW },
		{ "short-unix", CONS_FMT_SHORT, CONS_TIME_UNIX },
	};
	size_t i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(s, modes[i].name)) {
			*format = modes[i].format;
			if (modes[i].format == CONS_FMT_SHORT)
				*time = modes[i].time;
			return 0;
		}
	return -1;
}

/* dmesg's --time-format names (and journalctl-ish extras). */
int cons_time_parse(const char *s, unsigned int *time)
{
	static const char *const names[] = {
		[CONS_TIME_SYSLOG] = "syslog", [CONS_TIME_PRECISE] = "precise",
		[CONS_TIME_ISO] = "iso", [CONS_TIME_CTIME] = "ctime",
		[CONS_TIME_RELTIME] = "reltime", [CONS_TIME_DELTA] = "delta",
		[CONS_TIME_RAW] = "raw", [CONS_TIME_UNIX] = "unix",
		[CONS_TIME_NOTIME] = "notime",
	};
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i])) {
			*time = i;
			return 0;
		}
	return -1;
}

void cons_spec_default(struct cons_spec *sp, unsigned int format)
{
	memset(sp, 0, sizeof(*sp));
	sp->levels = LOGGER_LEVELS_ALL;
	sp->order = LOGGER_ORDER_SEQ;
	sp->format = format;
	sp->time = CONS_TIME_SYSLOG;
	strcpy(sp->out, "-");
}

/*
 * A tag as the kernel takes it: 0..31 bytes of 0x21..0x7e but ':' (the
 * empty tag stands for records without one).  0 or -1.
 */
int cons_tag_check(const char *t)
{
	size_t i, n = strlen(t);

	if (n >= CONS_TAG_SIZE)
		return -1;
	for (i = 0; i < n; i++)
		if (t[i] < 0x21 || t[i] > 0x7e || t[i] == ':')
			return -1;
	return 0;
}

/* A group name: 1..31 bytes of 0x20..0x7e.  0 or -1. */
int cons_group_check(const char *g)
{
	size_t i, n = strlen(g);

	if (!n || n >= CONS_TAG_SIZE)
		return -1;
	for (i = 0; i < n; i++)
		if (g[i] < 0x20 || g[i] > 0x7e)
			return -1;
	return 0;
}

/*
 * Add @t to @sp's tag filter (a tag given twice counts once): 0, -EINVAL
 * for a bad tag, -E2BIG beyond CONS_MAX_TAGS.
 */
int cons_spec_add_tag(struct cons_spec *sp, const char *t)
{
	unsigned int i;

	if (cons_tag_check(t))
		return -EINVAL;
	for (i = 0; i < sp->ntags; i++)
		if (!strcmp(sp->tags[i], t))
			return 0;
	if (sp->ntags == CONS_MAX_TAGS)
		return -E2BIG;
	strcpy(sp->tags[sp->ntags++], t);
	return 0;
}

/* tags=A,B,...: replaces the filter.  0 or -1. */
static int set_tags(struct cons_spec *sp, const char *val, char *err,
		    size_t errlen)
{
	char t[CONS_TAG_SIZE + 1];
	const char *p = val;
	int e;

	sp->ntags = 0;
	for (;;) {
		size_t n = strcspn(p, ",");

		if (n >= sizeof(t))
			return spec_err(err, errlen, "bad tag '%.*s' (at most %d bytes)",
					(int)n, p, CONS_TAG_SIZE - 1);
		memcpy(t, p, n);
		t[n] = '\0';
		e = cons_spec_add_tag(sp, t);
		if (e == -E2BIG)
			return spec_err(err, errlen,
					"more than %d tags (the kernel filters on at most %d)",
					CONS_MAX_TAGS, CONS_MAX_TAGS);
		if (e)
			return spec_err(err, errlen,
					"bad tag '%s' (bytes 0x21..0x7e but ':')",
					t);
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

const char *cons_order_name(unsigned int order)
{
	return order == LOGGER_ORDER_SEQ ? "seq" : "priority";
}

/* Apply key=value; @val is NUL-terminated. */
static int set_key(struct cons_spec *sp, const char *key, const char *val,
		   bool *named, char *err, size_t errlen)
{
	if (!val[0])
		return spec_err(err, errlen, "empty value for '%s'", key);
	if (!strcmp(key, "levels") || !strcmp(key, "level")) {
		if (lg_levels_parse(val, &sp->levels))
			return spec_err(err, errlen,
					"bad level set '%s' (e.g. err..warning,debug)",
					val);
	} else if (!strcmp(key, "order")) {
		if (!strcmp(val, "priority") || !strcmp(val, "prio"))
			sp->order = LOGGER_ORDER_PRIORITY;
		else if (!strcmp(val, "seq") || !strcmp(val, "time"))
			sp->order = LOGGER_ORDER_SEQ;
		else
			return spec_err(err, errlen,
					"bad order '%s' (priority or seq)",
					val);
	} else if (!strcmp(key, "format")) {
		if (cons_format_parse(val, &sp->format, &sp->time))
			return spec_err(err, errlen,
					"bad format '%s' (raw, json, json-pretty, short, short-iso, short-precise, short-monotonic, short-unix, cat)",
					val);
	} else if (!strcmp(key, "cursor") || !strcmp(key, "state")) {
		if (strlen(val) >= sizeof(sp->cursor))
			return spec_err(err, errlen, "%s path too long", key);
		strcpy(sp->cursor, val);
		sp->state = key[0] == 's';
	} else if (!strcmp(key, "out")) {
		if (strlen(val) >= sizeof(sp->out))
			return spec_err(err, errlen, "out path too long");
		strcpy(sp->out, val);
	} else if (!strcmp(key, "name")) {
		if (strlen(val) >= sizeof(sp->name))
			return spec_err(err, errlen, "name too long (max %d)",
					CONS_NAME_MAX - 1);
		strcpy(sp->name, val);
		*named = true;
	} else if (!strcmp(key, "group")) {
		if (cons_group_check(val))
			return spec_err(err, errlen,
					"bad group '%s' (1..31 printable bytes)",
					val);
		strcpy(sp->group, val);
	} else if (!strcmp(key, "tags") || !strcmp(key, "tag")) {
		return set_tags(sp, val, err, errlen);
	} else {
		return spec_err(err, errlen,
				"unknown key '%s' (levels, order, out, format, name, cursor, state, group, tags)",
				key);
	}
	return 0;
}

/**
 * cons_spec_parse() - parse one reader spec
 * @s: the spec text.
 * @def: values for missing keys.
 * @sp: the result (untouched on error).
 * @err: message on error.
 * @errlen: size of @err.
 *
 * Return: 0 or -1.
 */
int cons_spec_parse(const char *s, const struct cons_spec *def,
		    struct cons_spec *sp, char *err, size_t errlen)
{
	struct cons_spec r = *def;
	char key[16] = "", val[PATH_MAX + 1] = "";
	bool named = false, have = false;
	const char *p = s;
	char prev_sep = ' ';

	r.name[0] = '\0';
	for (;;) {
		size_t len = strcspn(p, ", \t\r\n");
		const char *eq = memchr(p, '=', len);
		char sep = p[len];

		if (len && !eq) {
			/* Continuation of the previous value after ','. */
			if (!have || prev_sep != ',')
				return spec_err(err, errlen,
						"'%.*s' is not key=value",
						(int)len, p);
			if (strlen(val) + 1 + len >= sizeof(val))
				return spec_err(err, errlen, "value too long");
			strcat(val, ",");
			strncat(val, p, len);
		} else if (len) {
			if (have &&
			    set_key(&r, key, val, &named, err, errlen))
				return -1;
			if ((size_t)(eq - p) >= sizeof(key) || eq == p)
				return spec_err(err, errlen, "bad key in '%.*s'",
						(int)len, p);
			memcpy(key, p, (size_t)(eq - p));
			key[eq - p] = '\0';
			if (len - (size_t)(eq - p) - 1 >= sizeof(val))
				return spec_err(err, errlen, "value too long");
			memcpy(val, eq + 1, len - (size_t)(eq - p) - 1);
			val[len - (size_t)(eq - p) - 1] = '\0';
			have = true;
		}
		if (!sep)
			break;
		prev_sep = sep;
		p += len + 1;
	}
	if (have && set_key(&r, key, val, &named, err, errlen))
		return -1;
	if (cons_fwd_is_url(r.out)) {
		enum cons_fwd_proto pr;
		char h[256], port[8];

		if (cons_fwd_parse_url(r.out, &pr, h, sizeof(h), port,
				       sizeof(port)))
			return spec_err(err, errlen,
					"bad forwarding address '%s' (tcp://HOST:PORT, udp://HOST:PORT, relp://HOST:PORT)",
					r.out);
		if (r.order != LOGGER_ORDER_SEQ)
			return spec_err(err, errlen,
					"a forwarding reader reads in chronological order (not order=priority)");
	} else if (r.state) {
		return spec_err(err, errlen,
				"state= is for a forwarding reader (out=tcp://, udp:// or relp://); files take cursor=");
	}
	if (r.group[0] && r.cursor[0])
		return spec_err(err, errlen,
				"a group member reads where its group is: not with %s=",
				r.state ? "state" : "cursor");
	if (!named) {
		if (strlen(r.out) >= sizeof(r.name))
			return spec_err(err, errlen,
					"out path too long to be a name: add name=");
		strcpy(r.name, r.out);
	}
	*sp = r;
	return 0;
}

/* Same tag filter (as sets: the kernel's order does not matter). */
static bool same_tags(const struct cons_spec *a, const struct cons_spec *b)
{
	unsigned int i, j;

	if (a->ntags != b->ntags)
		return false;
	for (i = 0; i < a->ntags; i++) {
		for (j = 0; j < b->ntags; j++)
			if (!strcmp(a->tags[i], b->tags[j]))
				break;
		if (j == b->ntags)
			return false;
	}
	return true;
}

/* Same device view: a change needs LOGGER_IOC_SET_VIEW (and the rest). */
bool cons_spec_same_view(const struct cons_spec *a, const struct cons_spec *b)
{
	return a->levels == b->levels && a->order == b->order &&
	       same_tags(a, b) && !strcmp(a->group, b->group);
}

bool cons_spec_equal(const struct cons_spec *a, const struct cons_spec *b)
{
	return cons_spec_same_view(a, b) && a->format == b->format &&
	       a->time == b->time && !strcmp(a->name, b->name) &&
	       !strcmp(a->out, b->out) && !strcmp(a->cursor, b->cursor) &&
	       a->state == b->state;
}

/**
 * cons_config_parse() - parse a config text, one spec per line
 * @text: NUL-terminated contents.
 * @def: defaults for every spec.
 * @specs: room for @max specs.
 * @max: capacity of @specs.
 * @n: number parsed.
 * @err: message on error, with the line number.
 * @errlen: size of @err.
 *
 * Return: 0 or -1.  An empty config (no readers) is an error.
 */
int cons_config_parse(const char *text, const struct cons_spec *def,
		      struct cons_spec *specs, size_t max, size_t *n,
		      char *err, size_t errlen)
{
	const char *p = text;
	unsigned int lineno = 0;
	size_t cnt = 0, i;
	char line[PATH_MAX + 256], msg[256];

	while (*p) {
		size_t len = strcspn(p, "\n");
		char *hash, *s;

		lineno++;
		if (len >= sizeof(line))
			return spec_err(err, errlen, "line %u: too long",
					lineno);
		memcpy(line, p, len);
		line[len] = '\0';
		p += len + (p[len] == '\n');
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		for (s = line; *s == ' ' || *s == '\t' || *s == '\r'; s++)
			;
		if (!*s)
			continue;
		if (cnt == max)
			return spec_err(err, errlen,
					"line %u: more than %zu readers",
					lineno, max);
		if (cons_spec_parse(s, def, &specs[cnt], msg, sizeof(msg)))
			return spec_err(err, errlen, "line %u: %s", lineno,
					msg);
		for (i = 0; i < cnt; i++)
			if (!strcmp(specs[i].name, specs[cnt].name))
				return spec_err(err, errlen,
						"line %u: reader '%s' defined twice (add name=)",
						lineno, specs[cnt].name);
		cnt++;
	}
	if (!cnt)
		return spec_err(err, errlen, "no reader defined");
	*n = cnt;
	return 0;
}

/* Read @path and parse it; the error names the file. */
int cons_config_load(const char *path, const struct cons_spec *def,
		     struct cons_spec *specs, size_t max, size_t *n,
		     char *err, size_t errlen)
{
	char msg[256], *text = NULL;
	size_t len = 0, cap = 0, got;
	FILE *f = fopen(path, "r");
	int ret;

	if (!f)
		return spec_err(err, errlen, "%s: %s", path, strerror(errno));
	errno = 0;
	do {
		if (cap - len < 4096) {
			char *t = realloc(text, cap + 65536);

			if (!t || cap > (1u << 22)) {
				free(t ? t : text);
				fclose(f);
				return spec_err(err, errlen, "%s: %s", path,
						t ? "file too large" :
						    strerror(ENOMEM));
			}
			text = t;
			cap += 65536;
		}
		got = fread(text + len, 1, cap - len - 1, f);
		len += got;
	} while (got);
	if (ferror(f)) {
		int e = errno ? errno : EIO;

		free(text);
		fclose(f);
		return spec_err(err, errlen, "%s: %s", path, strerror(e));
	}
	fclose(f);
	text[len] = '\0';
	ret = cons_config_parse(text, def, specs, max, n, msg, sizeof(msg));
	free(text);
	if (ret)
		return spec_err(err, errlen, "%s: %s", path, msg);
	return 0;
}
