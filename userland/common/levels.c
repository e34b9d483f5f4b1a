// SPDX-License-Identifier: GPL-2.0
/*
 * Syslog level names and level sets.
 */
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

/* One element of a set: "name" or "a..b", in s[0..len). */
static int parse_element(const char *s, size_t len, unsigned int *mask)
{
	char buf[32];
	char *dots;
	int a, b, t;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
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
