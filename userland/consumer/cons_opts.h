/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cons_opts: logger-consumer's command line (dmesg's, journalctl's and
 * logcat's letters where the meaning is the same), parsed into a struct.
 */
#ifndef LOGGER_CONS_OPTS_H
#define LOGGER_CONS_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "cons_dev.h"
#include "cons_router.h"
#include "cons_spec.h"

/**
 * struct cons_opts - everything the command line says
 * @dev: the device and where readers start.
 * @config: --config FILE, or NULL.
 * @readers: --reader SPECs, as given.
 * @nreaders: their number.
 * @def: the default reader spec (levels, order, format, cursor file).
 * @bounds: --since, --until, --facility.
 * @color: --color.
 * @decode: -x.
 * @follow: -f.
 * @reverse: -r.
 * @lines: -n (0: all).
 * @count: --max-count (0: no limit).
 * @stats: --stats.
 * @verify: --verify.
 * @json_counts: the counts at exit as JSON (-o json / --json).
 * @show_cursor: --show-cursor.
 * @quiet: -q.
 * @mmap: --mmap: readers read through a mapping of the store.
 * @forwards: --forward URLs, as given.
 * @nforwards: their number.
 * @states: --state files, as given (the k-th for the k-th --forward).
 * @nstates: their number.
 * @fwd: --rfc3164, --forward-timeout, --backoff-max, --datagram-size.
 * @help: --help.
 * @version: --version.
 */
struct cons_opts {
	struct cons_dev dev;
	const char *config;
	const char *readers[CONS_MAX_READERS];
	unsigned int nreaders;
	struct cons_spec def;
	struct cons_bounds bounds;
	enum lg_color_when color;
	bool decode;
	bool follow;
	bool reverse;
	unsigned long long lines;
	unsigned long long count;
	bool stats;
	bool verify;
	bool json_counts;
	bool show_cursor;
	bool quiet;
	bool mmap;
	const char *forwards[CONS_MAX_READERS];
	unsigned int nforwards;
	const char *states[CONS_MAX_READERS];
	unsigned int nstates;
	struct cons_fwd_opts fwd;
	bool help;
	bool version;
};

int cons_parse_args(int argc, char **argv, long long now_us,
		    struct cons_opts *o, char *err, size_t errlen);
int cons_bound_parse(const char *s, long long now_us,
		     unsigned long long *seq, long long *us);
extern const char cons_usage[];

#endif /* LOGGER_CONS_OPTS_H */
