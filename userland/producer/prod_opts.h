/* SPDX-License-Identifier: GPL-2.0 */
/*
 * prod_opts: the producer's command line (util-linux logger's options
 * where the meaning is the same), parsed into a struct, and the level mix
 * ("err:1,warning:4,info:80,debug:15").
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

/* Largest message body --size accepts (the device then says less). */
#define PROD_MAX_SIZE		(1u << 20)
/* Largest --tag: the kernel's tag field (SPEC section 6). */
#define PROD_MAX_TAG		31

/* Where the records come from. */
enum prod_mode {
	PROD_LINES,	/* lines of stdin or --file (logger's default) */
	PROD_MESSAGE,	/* the message given as arguments */
	PROD_GEN,	/* generator threads (--count, --rate, --levels...) */
};

/**
 * struct prod_opts - everything the command line says
 * @device: path written to.
 * @mode: &enum prod_mode.
 * @file: PROD_LINES: the file to read, "-" for stdin.
 * @msg_argv: PROD_MESSAGE: the words of the message.
 * @msg_argc: their number.
 * @threads: generator threads.
 * @writers: writer threads, one fd each.
 * @batch: records per write(), at most.
 * @queue: queue capacity, records.
 * @count: records per generator thread; 0 = until interrupted.
 * @rate: records per second per generator thread; 0 = no limit.
 * @size: PROD_GEN: message body bytes; else the largest message accepted
 *	(0 = the device's limit).
 * @mix: level weights for generated records.
 * @facility: the facility of every record (-p), 1..23.
 * @level: the level of lines and messages without a prefix (-p).
 * @prio_prefix: lines may start with "<N>" (logger --prio-prefix).
 * @tag: the records' tag, set in the kernel on every writer fd
 *	(LOGGER_IOC_SET_TAG), or NULL.
 * @policy: full-queue policy.
 * @json: final report as one JSON object on stdout.
 * @to_stderr: echo every message to stderr too (logger -s).
 * @help: --help was given.
 * @version: --version was given.
 */
struct prod_opts {
	const char *device;
	enum prod_mode mode;
	const char *file;
	char **msg_argv;
	int msg_argc;
	unsigned int threads;
	unsigned int writers;
	unsigned int batch;
	size_t queue;
	unsigned long long count;
	unsigned long long rate;
	size_t size;
	struct prod_mix mix;
	unsigned int facility;
	unsigned int level;
	bool prio_prefix;
	const char *tag;
	enum pq_policy policy;
	bool json;
	bool to_stderr;
	bool help;
	bool version;
};

int prod_parse_args(int argc, char **argv, struct prod_opts *o, char *err,
		    size_t errlen);
extern const char prod_usage[];

#endif /* LOGGER_PROD_OPTS_H */
