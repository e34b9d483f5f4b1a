/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "tools" suite's shared parts: where the tools are, the bounded wait,
 * and the checks of a tool's output that more than one file makes.
 */
#ifndef LOGGER_DEVTEST_TOOLS_H
#define LOGGER_DEVTEST_TOOLS_H

#include <check.h>
#include <stdbool.h>
#include <sys/types.h>

#include "logger.h"

#define TT_PRODUCER	"/bin/logger-producer"
#define TT_CONSUMER	"/bin/logger-consumer"
#define TT_CTL		"/bin/loggerctl"
/* Every bounded wait gives up after this long (TCG is slow). */
#define TT_WAIT_MS	90000
/* Highest sequence number the output scans track. */
#define TT_MAX_SEQ	65536
#define TT_OUT(x)	"/tmp/tt-" x ".out"
#define TT_ERR(x)	"/tmp/tt-" x ".err"

/* What a consumer's output file holds (JSON lines). */
struct tt_scan {
	unsigned long long level[LOGGER_NR_LEVELS];
	unsigned long long total;
	unsigned long long lost;
	unsigned long long first_seq;
	unsigned long long last_seq;
	bool seq_dense;		/* seqs were first_seq, first_seq + 1, ... */
};

/*
 * The producer's JSON report; tt_producer_report() checks produced = the
 * sum of the parts.
 */
struct tt_report {
	unsigned long long produced, written, dropped, oversized, failed;
};

void tt_run(char *const argv[], const char *out, const char *err, int code);
void tt_wait_readers(int fd, unsigned int n);
void tt_wait_text(const char *path, const char *what);
void tt_wait_drained(pid_t pid, int nreaders);
void tt_scan_out(const char *path, bool seq_order, struct tt_scan *sc);
void tt_check_reader(const char *counts, const char *name, const char *out,
		     bool seq_order, const unsigned long long *want);
void tt_want(unsigned long long *want, const unsigned long long *src,
	     unsigned int mask);
struct tt_report tt_producer_report(const char *path);
void tt_assert_file_eq(const char *path, const char *want);

/* Each file's tests, added to the suite's "tools" TCase (and others). */
void tools_add_producer_tests(TCase *tc);
void tools_add_consumer_tests(TCase *tc);
void tools_add_ctl_tests(TCase *tc, TCase *events);

#endif
