// SPDX-License-Identifier: GPL-2.0
/*
 * strutils: numbers, sizes, durations and points in time from the command
 * line.  See strutils.h.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "strutils.h"

/* Leading decimal digits of @s into *@v; *@end after them.  No sign. */
static int digits(const char *s, uint64_t *v, const char **end)
{
	uint64_t n = 0;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	for (; isdigit((unsigned char)*p); p++) {
		unsigned int d = (unsigned int)(*p - '0');

		if (n > (UINT64_MAX - d) / 10)
			return -ERANGE;
		n = n * 10 + d;
	}
	*v = n;
	*end = p;
	return 0;
}

/**
 * lg_parse_u64() - an unsigned decimal number in [@min, @max]
 * @s: the text: digits only.
 * @min: smallest value accepted.
 * @max: largest value accepted.
 * @out: the value (untouched on error).
 *
 * Return: 0, -EINVAL (not a number), -ERANGE (out of range).
 */
int lg_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	const char *end;
	uint64_t v;
	int ret = digits(s, &v, &end);

	if (ret)
		return ret;
	if (*end)
		return -EINVAL;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int lg_parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v;
	int ret = lg_parse_u64(s, min, max, &v);

	if (!ret)
		*out = (uint32_t)v;
	return ret;
}

/**
 * lg_parse_size() - a byte count with an optional binary suffix
 * @s: "65536", "64K", "64KiB", "64kb", "1M", "2G".
 * @min: smallest value accepted.
 * @max: largest value accepted.
 * @out: the value.
 *
 * Return: 0, -EINVAL, -ERANGE.
 */
int lg_parse_size(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned int shift = 0;
	const char *end;
	uint64_t v;
	int ret = digits(s, &v, &end);

	if (ret)
		return ret;
	switch (toupper((unsigned char)*end)) {
	case '\0':
		break;
	case 'K':
		shift = 10;
		break;
	case 'M':
		shift = 20;
		break;
	case 'G':
		shift = 30;
		break;
	default:
		return -EINVAL;
	}
	if (shift) {
		end++;
		if (!strcmp(end, "iB") || !strcasecmp(end, "B"))
			end += strlen(end);
		if (*end)
			return -EINVAL;
		if (v > UINT64_MAX >> shift)
			return -ERANGE;
		v <<= shift;
	}
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/**
 * lg_parse_seconds() - seconds with optional decimals ("10", "0.5")
 * @s: the text.
 * @max_ms: largest value accepted, in milliseconds.
 * @ms: the value in milliseconds, rounded to the nearest.
 *
 * Return: 0, -EINVAL, -ERANGE.
 */
int lg_parse_seconds(const char *s, uint64_t max_ms, int64_t *ms)
{
	const char *end;
	uint64_t whole, frac = 0, scale = 1;
	int ret = digits(s, &whole, &end);

	if (ret)
		return ret;
	if (*end == '.') {
		const char *p = end + 1;

		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		for (; isdigit((unsigned char)*p); p++) {
			if (scale < 1000000000ULL) {
				frac = frac * 10 + (uint64_t)(*p - '0');
				scale *= 10;
			}
		}
		end = p;
	}
	if (*end)
		return -EINVAL;
	if (whole > max_ms / 1000)
		return -ERANGE;
	whole = whole * 1000 + (frac * 1000 + scale / 2) / scale;
	if (whole > max_ms)
		return -ERANGE;
	*ms = (int64_t)whole;
	return 0;
}

/* Microseconds in one unit named @u (journalctl's time spans). */
static int64_t unit_us(const char *u, size_t n)
{
	static const struct {
		const char *name;
		int64_t us;
	} units[] = {
		{ "us", 1 }, { "usec", 1 }, { "ms", 1000 }, { "msec", 1000 },
		{ "s", 1000000 }, { "sec", 1000000 }, { "second", 1000000 },
		{ "seconds", 1000000 }, { "m", 60000000 }, { "min", 60000000 },
		{ "minute", 60000000 }, { "minutes", 60000000 },
		{ "h", 3600000000LL }, { "hr", 3600000000LL },
		{ "hour", 3600000000LL }, { "hours", 3600000000LL },
		{ "d", 86400000000LL }, { "day", 86400000000LL },
		{ "days", 86400000000LL }, { "w", 604800000000LL },
		{ "week", 604800000000LL }, { "weeks", 604800000000LL },
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strlen(units[i].name) == n && !strncmp(u, units[i].name, n))
			return units[i].us;
	return 0;
}

/**
 * lg_parse_span_us() - a time span: "30s", "5min", "1h 30min", "90"
 * @s: one or more NUMBER[UNIT] terms, blanks allowed between them; a
 *	bare number is seconds.
 * @us: the span in microseconds.
 *
 * Return: 0, -EINVAL, -ERANGE.
 */
int lg_parse_span_us(const char *s, int64_t *us)
{
	int64_t total = 0;
	const char *p = s;
	bool any = false;

	for (;;) {
		const char *u;
		uint64_t v;
		int64_t mul;
		int ret;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		ret = digits(p, &v, &p);
		if (ret)
			return ret;
		while (*p == ' ')
			p++;
		for (u = p; isalpha((unsigned char)*p); p++)
			;
		mul = p == u ? 1000000 : unit_us(u, (size_t)(p - u));
		if (!mul)
			return -EINVAL;
		if (v > (uint64_t)(INT64_MAX / mul) ||
		    total > INT64_MAX - (int64_t)v * mul)
			return -ERANGE;
		total += (int64_t)v * mul;
		any = true;
	}
	if (!any)
		return -EINVAL;
	*us = total;
	return 0;
}

/* Local midnight of the day of @t, plus @days days, in microseconds. */
static int64_t midnight_us(time_t t, int days)
{
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_hour = 0;
	tm.tm_min = 0;
	tm.tm_sec = 0;
	tm.tm_mday += days;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000000;
}

/*
 * "YYYY-MM-DD[ HH:MM[:SS[.frac]]]" or "HH:MM[:SS]" (today), local time;
 * a 'T' may stand for the blank.
 */
static int parse_date(const char *s, int64_t now_us, int64_t *out)
{
	int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, n = 0, k;
	unsigned long frac = 0;
	int fdigits = 0;
	struct tm tm;
	time_t now = (time_t)(now_us / 1000000), t;
	char sep;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3 && n == 10) {
		s += n;
		if (!*s) {
			h = mi = sec = 0;
			goto have;
		}
		sep = *s++;
		if (sep != ' ' && sep != 'T')
			return -EINVAL;
	} else {
		localtime_r(&now, &tm);
		y = tm.tm_year + 1900;
		mo = tm.tm_mon + 1;
		d = tm.tm_mday;
	}
	n = 0;
	k = sscanf(s, "%2d:%2d%n", &h, &mi, &n);
	if (k != 2 || n != 5)
		return -EINVAL;
	s += n;
	if (*s == ':') {
		n = 0;
		if (sscanf(s + 1, "%2d%n", &sec, &n) != 1 || n != 2)
			return -EINVAL;
		s += 3;
		if (*s == '.') {
			for (s++; isdigit((unsigned char)*s); s++)
				if (fdigits < 6) {
					frac = frac * 10 + (unsigned long)(*s - '0');
					fdigits++;
				}
			if (!fdigits)
				return -EINVAL;
			for (; fdigits < 6; fdigits++)
				frac *= 10;
		}
	}
	if (*s)
		return -EINVAL;
have:
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60)
		return -EINVAL;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1)
		return -EINVAL;
	*out = (int64_t)t * 1000000 + (int64_t)frac;
	return 0;
}

/**
 * lg_parse_time_us() - a point in time, journalctl's syntax
 * @s: "2026-11-21 14:03:07", "2026-11-21", "14:03", "now", "today",
 *	"yesterday", "tomorrow", "@1700000000[.5]" (epoch seconds),
 *	"-5min" / "+1h" (relative to now), "5 min ago".
 * @now_us: the current wall clock, microseconds since the epoch.
 * @out_us: the time, microseconds since the epoch.
 *
 * Return: 0, -EINVAL, -ERANGE.
 */
int lg_parse_time_us(const char *s, int64_t now_us, int64_t *out_us)
{
	time_t now = (time_t)(now_us / 1000000);
	size_t len = strlen(s);
	int64_t span, ms;
	int ret;

	if (!strcmp(s, "now")) {
		*out_us = now_us;
		return 0;
	}
	if (!strcmp(s, "today")) {
		*out_us = midnight_us(now, 0);
		return 0;
	}
	if (!strcmp(s, "yesterday")) {
		*out_us = midnight_us(now, -1);
		return 0;
	}
	if (!strcmp(s, "tomorrow")) {
		*out_us = midnight_us(now, 1);
		return 0;
	}
	if (s[0] == '@') {
		ret = lg_parse_seconds(s + 1, UINT64_MAX / 2000, &ms);
		if (ret)
			return ret;
		*out_us = ms * 1000;
		return 0;
	}
	if (s[0] == '-' || s[0] == '+') {
		ret = lg_parse_span_us(s + 1, &span);
		if (ret)
			return ret;
		*out_us = s[0] == '-' ? now_us - span : now_us + span;
		return 0;
	}
	if (len > 4 && !strcmp(s + len - 4, " ago")) {
		char buf[64];

		if (len - 4 >= sizeof(buf))
			return -EINVAL;
		memcpy(buf, s, len - 4);
		buf[len - 4] = '\0';
		ret = lg_parse_span_us(buf, &span);
		if (ret)
			return ret;
		*out_us = now_us - span;
		return 0;
	}
	return parse_date(s, now_us, out_us);
}
