// SPDX-License-Identifier: GPL-2.0
/*
 * Syslog level names and level sets.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "levels.h"

static const char *const level_names[8] = {
	"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
};

/* Other spellings syslog users know. */
static const struct {
	const char *name;
	int level;
} level_aliases[] = {
	{ "emergency", 0 }, { "panic", 0 }, { "critical", 2 },
	{ "error", 3 }, { "warn", 4 },
};

const char *lg_level_name(unsigned int level)
{
	return level < 8 ? level_names[level] : "?";
}

int lg_level_parse(const char *s)
{
	size_t i;

	if (s[0] >= '0' && s[0] <= '7' && s[1] == '\0')
		return s[0] - '0';
	for (i = 0; i < 8; i++)
		if (!strcasecmp(s, level_names[i]))
			return (int)i;
	for (i = 0; i < sizeof(level_aliases) / sizeof(level_aliases[0]); i++)
		if (!strcasecmp(s, level_aliases[i].name))
			return level_aliases[i].level;
	return -1;
}

/*
 * One element of a set, in s[0..len): "name", "a..b", or dmesg's "name+"
 * (that level and every more urgent one) and "+name" (that level and
 * every less urgent one).
 */
static int parse_element(const char *s, size_t len, unsigned int *mask)
{
	char buf[32];
	char *dots;
	int a, b, t;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (len > 1 && (buf[0] == '+' || buf[len - 1] == '+')) {
		bool up = buf[len - 1] == '+';

		buf[up ? len - 1 : 0] = '\0';
		a = lg_level_parse(up ? buf : buf + 1);
		if (a < 0)
			return -1;
		for (t = up ? 0 : a; t <= (up ? a : 7); t++)
			*mask |= 1u << t;
		return 0;
	}
	dots = strstr(buf, "..");
	if (!dots) {
		a = lg_level_parse(buf);
		if (a < 0)
			return -1;
		*mask |= 1u << a;
		return 0;
	}
	*dots = '\0';
	a = lg_level_parse(buf);
	b = lg_level_parse(dots + 2);
	if (a < 0 || b < 0)
		return -1;
	if (a > b) {
		t = a;
		a = b;
		b = t;
	}
	for (t = a; t <= b; t++)
		*mask |= 1u << t;
	return 0;
}

int lg_levels_parse(const char *s, unsigned int *mask)
{
	unsigned int m = 0;
	const char *p = s;

	if (!strcasecmp(s, "all")) {
		*mask = 0xff;
		return 0;
	}
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (parse_element(p, len, &m) < 0)
			return -1;
		if (!comma)
			break;
		p = comma + 1;
	}
	if (!m)
		return -1;
	*mask = m;
	return 0;
}

int lg_levels_format(char *buf, unsigned long size, unsigned int mask)
{
	int n = 0, l = 0, r;

	mask &= 0xff;
	if (mask == 0xff)
		return snprintf(buf, size, "all");
	if (size)
		buf[0] = '\0';
	while (l < 8) {
		int end;

		if (!(mask & (1u << l))) {
			l++;
			continue;
		}
		end = l;
		while (end + 1 < 8 && (mask & (1u << (end + 1))))
			end++;
		if (end == l)
			r = snprintf(buf + n, (size_t)n < size ? size - n : 0,
				     "%s%s", n ? "," : "", level_names[l]);
		else
			r = snprintf(buf + n, (size_t)n < size ? size - n : 0,
				     "%s%s..%s", n ? "," : "", level_names[l],
				     level_names[end]);
		n += r;
		l = end + 1;
	}
	return n;
}

/*
 * journalctl's --priority: one level means that level and every more
 * urgent one ("err" = emerg..err); "A..B" a range.  Returns 0 or -1.
 */
int lg_prio_range_parse(const char *s, unsigned int *mask)
{
	int l, t;

	if (strstr(s, ".."))
		return lg_levels_parse(s, mask);
	l = lg_level_parse(s);
	if (l < 0)
		return -1;
	*mask = 0;
	for (t = 0; t <= l; t++)
		*mask |= 1u << t;
	return 0;
}

static const char *const facility_names[LG_NR_FACILITIES] = {
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
	"uucp", "cron", "authpriv", "ftp", "ntp", "security", "console",
	"solaris-cron", "local0", "local1", "local2", "local3", "local4",
	"local5", "local6", "local7",
};

const char *lg_facility_name(unsigned int f)
{
	return f < LG_NR_FACILITIES ? facility_names[f] : "?";
}

/* A facility name (also "auth" for 4, util-linux's) or 0..23; or -1. */
int lg_facility_parse(const char *s)
{
	unsigned int i, v = 0;
	const char *p;

	if (!*s)
		return -1;
	for (p = s; *p >= '0' && *p <= '9' && v < 100; p++)
		v = v * 10 + (unsigned int)(*p - '0');
	if (!*p)
		return v < LG_NR_FACILITIES ? (int)v : -1;
	for (i = 0; i < LG_NR_FACILITIES; i++)
		if (!strcasecmp(s, facility_names[i]))
			return (int)i;
	return -1;
}

/* A comma-separated list of facilities into a mask; 0 or -1. */
int lg_facilities_parse(const char *s, unsigned int *mask)
{
	unsigned int m = 0;
	const char *p = s;

	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char buf[32];
		int f;

		if (!len || len >= sizeof(buf))
			return -1;
		memcpy(buf, p, len);
		buf[len] = '\0';
		f = lg_facility_parse(buf);
		if (f < 0)
			return -1;
		m |= 1u << f;
		if (!comma)
			break;
		p = comma + 1;
	}
	*mask = m;
	return 0;
}

/*
 * logger's -p: "FACILITY.LEVEL" or "LEVEL", names or numbers.
 * *@facility is -1 when none was given.  Returns 0 or -1.
 */
int lg_prio_parse(const char *s, int *facility, int *level)
{
	const char *dot = strchr(s, '.');
	char fac[32];
	int f = -1, l;

	if (dot) {
		if ((size_t)(dot - s) >= sizeof(fac))
			return -1;
		memcpy(fac, s, (size_t)(dot - s));
		fac[dot - s] = '\0';
		f = lg_facility_parse(fac);
		if (f < 0)
			return -1;
		s = dot + 1;
	}
	l = lg_level_parse(s);
	if (l < 0)
		return -1;
	*facility = f;
	*level = l;
	return 0;
}
