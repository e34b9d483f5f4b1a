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
 * list of levels and ranges "A..B" (either order), or "all".
 * Examples: "err", "err..warning", "0,3,7", "emerg..err,debug".
 * Returns 0 and sets *mask (never 0), or -1 on a bad or empty set.
 */
int lg_levels_parse(const char *s, unsigned int *mask);

/*
 * Format a mask as the shortest list of names and ranges, e.g.
 * "emerg..err,debug", or "all".  Returns snprintf()'s result.
 */
int lg_levels_format(char *buf, unsigned long size, unsigned int mask);

#endif
