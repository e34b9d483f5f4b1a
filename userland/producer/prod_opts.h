/* SPDX-License-Identifier: GPL-2.0 */
/*
 * prod_opts: the producer's command line, parsed into a struct, and the
 * level mix ("err:1,warning:4,info:80,debug:15").
 */
#ifndef LOGGER_PROD_OPTS_H
#define LOGGER_PROD_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "prod_queue.h"

/**
 * struct prod_mix - relative weights of the eight levels
 * @weight: weight of level L; 0 = never.
 * @total: sum of @weight, > 0 once parsed.
 */
struct prod_mix {
	unsigned int weight[8];
	unsigned long total;
};

int prod_mix_parse(const char *s, struct prod_mix *mix);
unsigned int prod_mix_pick(const struct prod_mix *mix, unsigned long r);

/* Largest message body --size accepts. */
#define PROD_MAX_SIZE		(1u << 20)
/* Largest --tag. */
#define PROD_MAX_TAG		64

/**
 * struct prod_opts - everything the command line says
 * @device: path written to.
 * @threads: generator threads (ignored with @use_stdin).
 * @writers: writer threads.
 * @batch: records per write(), at most.
 * @queue: queue capacity, records.
 * @count: records per generator thread; 0 = until interrupted.
 * @rate: records per second per generator thread; 0 = as fast as possible.
 * @size: message body bytes (after the tag).
 * @mix: level weights for generated records.
 * @use_stdin: read records from standard input instead of generating.
 * @stdin_level: level for stdin lines without a "<N>" prefix.
 * @tag: prefix "TAG: " for every message, or NULL.
 * @policy: full-queue policy.
 * @json: final report as one JSON object on stdout.
 * @help: --help was given.
 */
struct prod_opts {
	const char *device;
	unsigned int threads;
	unsigned int writers;
	unsigned int batch;
	size_t queue;
	unsigned long long count;
	unsigned long long rate;
	size_t size;
	struct prod_mix mix;
	bool use_stdin;
	unsigned int stdin_level;
	const char *tag;
	enum pq_policy policy;
	bool json;
	bool help;
};

int prod_parse_args(int argc, char **argv, struct prod_opts *o, char *err,
		    size_t errlen);
extern const char prod_usage[];

#endif /* LOGGER_PROD_OPTS_H */
