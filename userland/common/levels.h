/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Syslog level names and level sets, for every tool's options.
 */
#ifndef LOGGER_LEVELS_H
#define LOGGER_LEVELS_H

/* "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug". */
const char *lg_level_name(unsigned int level);

/*
 * Parse a level: a name above (also "error", "warn", "emergency", "panic"),
 * or a digit 0..7.  Case-insensitive.  Returns the level, or -1.
 */
int lg_level_parse(const char *s);

/*
 * Parse a level set into a filter mask (bit L = level L): a comma-separated
 * list of levels, ranges "A..B" (either order), "L+" (L and every more
 * urgent level, dmesg's syntax), "+L" (L and every less urgent one), or
 * "all".
 * Examples: "err", "err..warning", "0,3,7", "emerg..err,debug".
 * Returns 0 and sets *mask (never 0), or -1 on a bad or empty set.
 */
int lg_levels_parse(const char *s, unsigned int *mask);

/*
 * Format a mask as the shortest list of names and ranges, e.g.
 * "emerg..err,debug", or "all".  Returns snprintf()'s result.
 */
int lg_levels_format(char *buf, unsigned long size, unsigned int mask);

/* journalctl -p: "err" = emerg..err, or a range "A..B".  0 or -1. */
int lg_prio_range_parse(const char *s, unsigned int *mask);

/* The 24 syslog facilities: kern, user, ..., local7. */
#define LG_NR_FACILITIES	24
const char *lg_facility_name(unsigned int f);
int lg_facility_parse(const char *s);
int lg_facilities_parse(const char *s, unsigned int *mask);
int lg_prio_parse(const char *s, int *facility, int *level);

#endif
