// SPDX-License-Identifier: GPL-2.0
/*
 * The "tools" suite, logger-producer: exact counts with three consumers
 * following, SIGINT/SIGHUP draining the queue, --stdin parsing, and the
 * device's limits.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "devtest.h"
#include "levels.h"
#include "tools.h"

/*
 * 8 generator threads, 2 writer threads, a level mix, while three
 * consumers follow the device with different filters and orders: each
 * gets exactly the records of its levels that the producer wrote.
 */
START_TEST(test_tools_producer_three_consumers_exact)
{
	static const char *const names[3] = { "all", "urgent", "info" };
	const unsigned int masks[3] = {
		LOGGER_LEVELS_ALL,
		LOGGER_LEVEL_BIT(3) | LOGGER_LEVEL_BIT(4),
		LOGGER_LEVEL_BIT(6),
	};
	const bool seq_order[3] = { true, false, true };
	int fd = dt_open(O_WRONLY), i, l;
	unsigned long long want[LOGGER_NR_LEVELS], sum = 0;
	struct logger_stats st;
	struct tt_report rep;
	struct tt_scan sc;
	pid_t cons[3], prod;
	char *counts;

	dt_rm(TT_OUT("all"));
	dt_rm(TT_OUT("urgent"));
	dt_rm(TT_OUT("info"));
	/* Follows until it has all 16000, then exits by itself. */
	cons[0] = dt_spawn(DT_ARGV(TT_CONSUMER, "--follow", "--json",
				   "--verify", "--stats", "--count", "16000",
				   "--reader",
				   "name=all,order=seq,out=" TT_OUT("all")),
			   -1, TT_ERR("all-stdout"), TT_ERR("all"));
	/* Follow until SIGINT. */
	cons[1] = dt_spawn(DT_ARGV(TT_CONSUMER, "-f", "-j", "--verify",
				   "--reader",
				   "name=urgent,levels=err..warning,order=priority,out="
				   TT_OUT("urgent")),
			   -1, TT_ERR("urgent-stdout"), TT_ERR("urgent"));
	cons[2] = dt_spawn(DT_ARGV(TT_CONSUMER, "--follow", "--json",
				   "--verify", "--levels", "info", "--order",
				   "seq", "--reader",
				   "name=info,out=" TT_OUT("info")),
			   -1, TT_ERR("info-stdout"), TT_ERR("info"));
	/* Each has its fd and its signal mask: they see every record. */
	tt_wait_readers(fd, 3);

	prod = dt_spawn(DT_ARGV(TT_PRODUCER, "--threads", "8", "-w", "2", "-n",
				"2000", "-b", "64", "-S", "48", "--levels",
				"err:1,warning:2,info:5,debug:2", "--json"),
			-1, TT_OUT("producer"), TT_ERR("producer"));
	ck_assert_int_eq(dt_wait_exit(prod, TT_WAIT_MS), 0);
	tt_assert_file_eq(TT_ERR("producer"), "");
	rep = tt_producer_report(TT_OUT("producer"));
	ck_assert_uint_eq(rep.produced, 16000);
	ck_assert_uint_eq(rep.written, 16000);
	ck_assert_uint_eq(rep.dropped + rep.oversized + rep.failed, 0);

	st = dt_stats(fd);
	ck_assert_uint_eq(st.written, 16000);
	ck_assert_uint_eq(st.evicted, 0);
	ck_assert_uint_eq(st.writers, 1);
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		if (l == 3 || l == 4 || l == 6 || l == 7)
			ck_assert_uint_gt(st.level_written[l], 0);
		else
			ck_assert_uint_eq(st.level_written[l], 0);
		sum += st.level_written[l];
	}
	ck_assert_uint_eq(sum, 16000);

	ck_assert_int_eq(dt_wait_exit(cons[0], TT_WAIT_MS), 0);
	for (i = 1; i < 3; i++) {
		tt_wait_drained(cons[i], 1);
		ck_assert_int_eq(kill(cons[i], SIGINT), 0);
		ck_assert_int_eq(dt_wait_exit(cons[i], TT_WAIT_MS), 0);
	}
	for (i = 0; i < 3; i++) {
		char out[64], err[64];

		snprintf(out, sizeof(out), "/tmp/tt-%s.out", names[i]);
		snprintf(err, sizeof(err), "/tmp/tt-%s-stdout.err", names[i]);
		tt_assert_file_eq(err, "");
		snprintf(err, sizeof(err), "/tmp/tt-%s.err", names[i]);
		counts = dt_slurp(err);
		ck_assert_msg(!strncmp(counts, "{\"readers\":[", 12) &&
			      !strstr(counts, "verify"),
			      "%s: %.300s", err, counts);
		tt_want(want, st.level_written, masks[i]);
		tt_check_reader(counts, names[i], out, seq_order[i], want);
		free(counts);
	}
	/* The chronological all-levels view: exactly seq 1..16000. */
	tt_scan_out(TT_OUT("all"), true, &sc);
	ck_assert_uint_eq(sc.first_seq, 1);
	ck_assert_uint_eq(sc.last_seq, 16000);
	ck_assert(sc.seq_dense);
	ck_assert_uint_eq(dt_stats(fd).readers, 0);
	close(fd);
}
END_TEST

/*
 * SIGINT while generating: everything accepted into the queue is
 * written, and the report adds up against the device's own count.
 */
static void tt_producer_sigint(char *const argv[], bool may_drop, int sig)
{
	int fd = dt_open(O_RDONLY), rc;
	unsigned long long end = dt_now_ms() + TT_WAIT_MS, seen;
	struct logger_stats st;
	struct tt_report rep;
	pid_t prod;

	prod = dt_spawn(argv, -1, TT_OUT("sigint"), TT_ERR("sigint"));
	while (!(seen = dt_stats(fd).written)) {
		ck_assert_msg(dt_now_ms() < end, "producer wrote nothing");
		dt_tick();
	}
	ck_assert_int_eq(kill(prod, sig), 0);
	rc = dt_wait_exit(prod, TT_WAIT_MS);
	rep = tt_producer_report(TT_OUT("sigint"));
	/* Exit 0 only when every record produced was written. */
	ck_assert_int_eq(rc, rep.dropped ? 1 : 0);
	if (!rep.dropped)
		tt_assert_file_eq(TT_ERR("sigint"), "");
	st = dt_stats(fd);
	ck_assert_uint_eq(st.writers, 0);
	ck_assert_uint_eq(rep.written, st.written);
	ck_assert_uint_ge(rep.written, seen);
	ck_assert_uint_eq(rep.oversized, 0);
	ck_assert_uint_eq(rep.failed, 0);
	if (!may_drop)
		ck_assert_uint_eq(rep.dropped, 0);
	/* The device's own books agree (nothing cleared). */
	ck_assert_uint_eq(st.written, st.records + st.evicted);
	close(fd);
}

START_TEST(test_tools_producer_sigint_drains_queue)
{
	tt_producer_sigint(DT_ARGV(TT_PRODUCER, "--threads", "4", "-w", "2",
				   "-n", "0", "-q", "4096", "-b", "32", "--json"),
			   false, SIGINT);
}
END_TEST

/* SIGHUP killed the producer with accepted records queued: now it drains. */
START_TEST(test_tools_producer_sighup_drains_queue)
{
	tt_producer_sigint(DT_ARGV(TT_PRODUCER, "--threads", "2", "-n", "0",
				   "-q", "4096", "-b", "16", "--json"),
			   false, SIGHUP);
}
END_TEST

START_TEST(test_tools_producer_sigint_drop_policy_counts)
{
	tt_producer_sigint(DT_ARGV(TT_PRODUCER, "--threads", "8", "-w", "1",
				   "-n", "0", "-q", "8", "-b", "4", "--policy",
				   "drop", "--json"),
			   true, SIGINT);
}
END_TEST

/* One expected record of the stdin test. */
struct tt_line {
	unsigned int level;
	unsigned int facility;
	char msg[64];
};

#define TT_STDIN_LINES	210

/*
 * --stdin --prio-prefix --level warning: lines with a valid <N> keep
 * their level and their facility unless it is 0 (kern: user instead, as
 * logger and /dev/kmsg do), others get warning (facility user), empty
 * lines are skipped,
 * a CR before the newline is dropped, an unterminated last line counts.
 */
START_TEST(test_tools_producer_stdin_exact)
{
	static struct tt_line want[TT_STDIN_LINES + 1];
	static struct dt_rec recs[TT_STDIN_LINES + 8];
	static char input[32768];
	size_t len = 0;
	int r = dt_open(O_RDONLY), p[2], n = 0, i, got;
	struct tt_report rep;
	pid_t prod;

	for (i = 0; i < TT_STDIN_LINES; i++) {
		struct tt_line *w = &want[n];
		unsigned int pri = (unsigned int)(i % 24) * 8 + i % 8;

		w->level = 4;
		w->facility = LOGGER_DEFAULT_FACILITY;
		switch (i % 7) {
		case 0:	/* a prefix: level kept, facility unless 0 (none) */
			len += sprintf(input + len, "<%u>prefixed %d\n", pri, i);
			w->level = pri & 7;
			w->facility = pri >> 3 ? pri >> 3 : 1;
			sprintf(w->msg, "prefixed %d", i);
			break;
		case 1:
			len += sprintf(input + len, "plain %d\n", i);
			sprintf(w->msg, "plain %d", i);
			break;
		case 2:	/* empty: nothing */
			len += sprintf(input + len, "\n");
			continue;
		case 3:	/* not a prefix: part of the message */
			len += sprintf(input + len, "<192>no prefix %d\n", i);
			sprintf(w->msg, "<192>no prefix %d", i);
			break;
		case 4:
			len += sprintf(input + len, "crlf %d\r\n", i);
			sprintf(w->msg, "crlf %d", i);
			break;
		case 5:
			len += sprintf(input + len, " tab\there %d\n", i);
			sprintf(w->msg, " tab\there %d", i);
			break;
		default:
			len += sprintf(input + len, "<3>err %d\n", i);
			w->level = 3;
			w->facility = 1;
			sprintf(w->msg, "err %d", i);
			break;
		}
		n++;
	}
	len += sprintf(input + len, "<15>last, no newline");
	want[n].level = 7;
	want[n].facility = 1;
	strcpy(want[n].msg, "last, no newline");
	n++;

	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	prod = dt_spawn(DT_ARGV(TT_PRODUCER, "--stdin", "--prio-prefix",
				"--level", "warning", "-b", "16", "--json"),
			p[0], TT_OUT("stdin"), TT_ERR("stdin"));
	close(p[0]);
	ck_assert_int_eq(write(p[1], input, len), len);
	close(p[1]);
	ck_assert_int_eq(dt_wait_exit(prod, TT_WAIT_MS), 0);
	tt_assert_file_eq(TT_ERR("stdin"), "");
	rep = tt_producer_report(TT_OUT("stdin"));
	ck_assert_uint_eq(rep.produced, n);
	ck_assert_uint_eq(rep.written, n);

	dt_set_view(r, LOGGER_LEVELS_ALL, LOGGER_ORDER_SEQ,
		    LOGGER_FORMAT_BINARY);
	got = dt_read_bin(r, recs, TT_STDIN_LINES + 8);
	ck_assert_int_eq(got, n);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(recs[i].h.seq, i + 1);
		ck_assert_uint_eq(recs[i].h.lost, 0);
		ck_assert_uint_eq(recs[i].h.pid, prod);
		ck_assert_msg(recs[i].h.level == want[i].level &&
			      recs[i].h.facility == want[i].facility &&
			      !strcmp(recs[i].msg, want[i].msg),
			      "record %d: <%u/%u>'%s', want <%u/%u>'%s'", i,
			      recs[i].h.level, recs[i].h.facility,
			      recs[i].msg, want[i].level, want[i].facility,
			      want[i].msg);
	}
	close(r);
}
END_TEST

/*
 * The device's limits and logger's options: a batch of one record is
 * written (it was refused by the producer's own size check); a size the
 * device cannot take is an error before anything is written; a message
 * too long is not written and the exit is 1; -p and -t reach the record.
 */
START_TEST(test_tools_producer_device_limits)
{
	static struct dt_rec recs[8];
	static char big[2100];
	int r = dt_open(O_RDONLY), n;
	struct tt_report rep;
	char *err;

	tt_run(DT_ARGV(TT_PRODUCER, "-n", "3", "-b", "1", "--json"),
	       TT_OUT("lim"), TT_ERR("lim"), 0);
	rep = tt_producer_report(TT_OUT("lim"));
	ck_assert_uint_eq(rep.written, 3);
	ck_assert_uint_eq(dt_stats(r).written, 3);

	tt_run(DT_ARGV(TT_PRODUCER, "-n", "3", "-S", "2000"), TT_OUT("lim"),
	       TT_ERR("lim"), 1);
	tt_assert_file_eq(TT_ERR("lim"),
			  "logger-producer: --size 2000: messages of 2000 bytes are longer than /dev/logger's largest record, 1024 bytes\n");
	ck_assert_uint_eq(dt_stats(r).written, 3);

	memset(big, 'x', 2000);
	tt_run(DT_ARGV(TT_PRODUCER, big), TT_OUT("lim"), TT_ERR("lim"), 1);
	err = dt_slurp(TT_ERR("lim"));
	ck_assert_msg(strstr(err, "a message of 2000 bytes is longer than the largest record (1024): not written") &&
		      strstr(err, "1 of 1 records not written"), "%s", err);
	free(err);
	ck_assert_uint_eq(dt_stats(r).written, 3);

	tt_run(DT_ARGV(TT_PRODUCER, "-p", "local0.err", "-t", "app", "disk",
		       "full"), TT_OUT("lim"), TT_ERR("lim"), 0);
	tt_assert_file_eq(TT_ERR("lim"), "");
	dt_set_view(r, LOGGER_LEVELS_ALL, LOGGER_ORDER_SEQ,
		    LOGGER_FORMAT_BINARY);
	n = dt_read_bin(r, recs, 8);
	ck_assert_int_eq(n, 4);
	ck_assert_uint_eq(recs[3].h.level, 3);
	ck_assert_uint_eq(recs[3].h.facility, 16);
	/* -t is the kernel tag now, not in the message (test_ctl_flow.c). */
	ck_assert_str_eq(recs[3].msg, "disk full");
	close(r);
}
END_TEST

void tools_add_producer_tests(TCase *tc)
{
	tcase_add_test(tc, test_tools_producer_three_consumers_exact);
	tcase_add_test(tc, test_tools_producer_sigint_drains_queue);
	tcase_add_test(tc, test_tools_producer_sigint_drop_policy_counts);
	tcase_add_test(tc, test_tools_producer_sighup_drains_queue);
	tcase_add_test(tc, test_tools_producer_stdin_exact);
	tcase_add_test(tc, test_tools_producer_device_limits);
}
