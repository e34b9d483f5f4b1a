/* SPDX-License-Identifier: GPL-2.0 */
/*
 * strutils: the one checked number parser of every tool (in the spirit of
 * util-linux strtou64_or_err()/strtosize_or_err()), and the time and
 * duration syntax of --since/--until and --timeout.
 *
 * DESIGN
 *   Pure functions: no exit(), no output, no globals.  Numbers are
 *   unsigned decimal without sign, blanks or junk; every parser returns
 *   0 or a negative errno (-EINVAL: not a number of that syntax, -ERANGE:
 *   outside the range asked for), so each tool words its own message.
 */
#ifndef LOGGER_STRUTILS_H
#define LOGGER_STRUTILS_H

#include <stdint.h>

int lg_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
int lg_parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out);
int lg_parse_size(const char *s, uint64_t min, uint64_t max, uint64_t *out);
int lg_parse_seconds(const char *s, uint64_t max_ms, int64_t *ms);
int lg_parse_span_us(const char *s, int64_t *us);
int lg_parse_time_us(const char *s, int64_t now_us, int64_t *out_us);

#endif /* LOGGER_STRUTILS_H */
