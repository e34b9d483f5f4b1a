// SPDX-License-Identifier: GPL-2.0
/*
 * logger-bench: the benchmark of `make bench`, run inside the test VM.
 * Every figure is a ratio against a peer measured in the same boot: the
 * jobs of a set are measured round by round (ROUNDS rounds, the order of
 * the jobs reversed every other round) and a row reports the median of
 * its per-round ratios with their quartiles, never an absolute time, so
 * that the numbers mean the same under emulation as on hardware.
 *
 *   logger-bench SET [SIZE] [N]
 *
 * SIZE: bytes per record, "<6>" and '\n' included (128); N: records per
 * job and round.  The sets (each needs logger.ko loaded; see
 * tests/vm/guest-bench.sh for the module parameters they expect):
 *
 *   write     one record per write() to /dev/logger against /dev/null, the
 *             single-copy floor (/dev/lgfloor, tests/bench/floor) and
 *             /dev/kmsg; batches of 8 and 64 records against single ones
 *   writers   1, 2, 4, 8 writers (threads, one fd each); 4 against four
 *             /dev/null writers
 *   pair      one writer and one reader, every record delivered: read()
 *             and mapped readers against a pipe, an AF_UNIX datagram
 *             socketpair, a POSIX message queue and /dev/kmsg
 *   readers   the writer's rate with 1, 8, 64 readers following (read(),
 *             the mapping; they drain, then nap 10 ms), and 4 writers with
 *             4 readers
 *   block     the writer's rate under policy block with 1 and 8 holding
 *             readers that keep up (napping, as above), against overwrite
 *   growth    a full store of 64 MiB against 64 KiB
 *   idle      8 and 64 idle readers (open, never reading) against none
 *   producer  logger-producer --threads 4 -w 2 -b 64 against raw 64-record
 *             writes from one thread
 *   drain     1 and 8 readers draining a full store: the mapping against
 *             read()
 *   watch     a store that overflows at every write, with an events
 *             subscriber against without (load with capacity=65536)
 *   all       write writers pair readers block growth idle producer
 *             drain
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define W(_id, _what, _path, _w, _per) { .id = _id, .what = _what, \
	.kind = JOB_WRITE, .path = _path, .writers = _w, .per = _per }
#define L(_id, _what, _w, _r, _map, _block, _wr) { .id = _id, \
	.what = _what, .kind = JOB_LOGGER, .writers = _w, .readers = _r, \
	.per = 1, .map = _map, .block = _block, .writer_rate = _wr }
/* The same with readers that nap when they caught up (flow.c). */
#define LN(_id, _what, _w, _r, _map, _block) { .id = _id, .what = _what, \
	.kind = JOB_LOGGER, .writers = _w, .readers = _r, .per = 1, \
	.map = _map, .nap = 1, .block = _block, .writer_rate = 1 }
#define P(_id, _what, _kind) { .id = _id, .what = _what, .kind = _kind, \
	.writers = 1, .readers = 1, .per = 1 }
#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void set_write(long n)
{
	struct job j[] = {
		W("logger", "/dev/logger 1 record/write", "/dev/logger", 1, 1),
		W("null", "/dev/null", "/dev/null", 1, 1),
		W("floor", "single-copy floor", "/dev/lgfloor", 1, 1),
		W("kmsg", "/dev/kmsg", "/dev/kmsg", 1, 1),
		W("batch8", "/dev/logger 8 records/write", "/dev/logger", 1, 8),
		W("batch64", "/dev/logger 64 records/write", "/dev/logger", 1,
		  64),
	};
	const struct row r[] = {
		{ "logger", "floor", 0.85, NULL },
		{ "logger", "kmsg", 4, NULL },
		{ "logger", "null", 0, NULL },
		{ "floor", "null", 0, NULL },
		{ "batch8", "logger", 0, NULL },
		{ "batch64", "logger", 10, NULL },
	};

	run_set(j, N(j), n);
	report("write", j, N(j), r, N(r));
}

static void set_writers(long n)
{
	struct job j[] = {
		W("w1", "1 writer", "/dev/logger", 1, 1),
		W("w2", "2 writers", "/dev/logger", 2, 1),
		W("w4", "4 writers", "/dev/logger", 4, 1),
		W("w8", "8 writers", "/dev/logger", 8, 1),
		W("null4", "4 /dev/null writers", "/dev/null", 4, 1),
	};
	const struct row r[] = {
		{ "w4", "null4", 0.5, NULL },
		{ "w2", "w1", 0, NULL },
		{ "w4", "w1", 0, NULL },
		{ "w8", "w1", 0, NULL },
	};

	run_set(j, N(j), n);
	report("writers", j, N(j), r, N(r));
}

static void set_pair(long n)
{
	struct job j[] = {
		L("read1", "/dev/logger 1w+1r read()", 1, 1, 0, 0, 0),
		L("map1", "/dev/logger 1w+1r mmap", 1, 1, 1, 0, 0),
		P("pipe", "pipe pair", JOB_PIPE),
		P("unix", "AF_UNIX dgram pair", JOB_UNIX),
		P("mq", "POSIX mq pair", JOB_MQ),
		P("kmsg", "/dev/kmsg write+read", JOB_KMSG),
	};
	const struct row r[] = {
		{ "read1", "pipe", 1.3, NULL },
		{ "map1", "pipe", 1.3, NULL },
		{ "read1", "unix", 0, NULL },
		{ "read1", "mq", 0, NULL },
		{ "read1", "kmsg", 0, NULL },
		{ "map1", "read1", 0, NULL },
	};

	run_set(j, N(j), n);
	report("pair", j, N(j), r, N(r));
}

static void set_readers(long n)
{
	struct job j[] = {
		LN("r1", "writer, 1 read() reader", 1, 1, 0, 0),
		LN("r8", "writer, 8 read() readers", 1, 8, 0, 0),
		LN("r64", "writer, 64 read() readers", 1, 64, 0, 0),
		LN("m1", "writer, 1 mapped reader", 1, 1, 1, 0),
		LN("m8", "writer, 8 mapped readers", 1, 8, 1, 0),
		LN("m64", "writer, 64 mapped readers", 1, 64, 1, 0),
		LN("w4r4", "4 writers, 4 read() readers", 4, 4, 0, 0),
		W("w4", "4 writers, no reader", "/dev/logger", 4, 1),
	};
	const struct row r[] = {
		{ "r8", "r1", 0.9, NULL },
		{ "r64", "r1", 0.8, NULL },
		{ "m8", "m1", 0.9, NULL },
		{ "m64", "m1", 0.8, NULL },
		{ "w4r4", "w4", 0, NULL },
	};

	run_set(j, N(j), n);
	report("readers", j, N(j), r, N(r));
}

static void set_block(long n)
{
	struct job j[] = {
		LN("o1", "overwrite, 1 reader", 1, 1, 0, 0),
		LN("b1", "block, 1 holding reader", 1, 1, 0, 1),
		LN("o8", "overwrite, 8 readers", 1, 8, 0, 0),
		LN("b8", "block, 8 holding readers", 1, 8, 0, 1),
		LN("om8", "overwrite, 8 mapped readers", 1, 8, 1, 0),
		LN("bm8", "block, 8 mapped holding readers", 1, 8, 1, 1),
	};
	const struct row r[] = {
		{ "b1", "o1", 0.8, NULL },
		{ "b8", "o8", 0.8, NULL },
		{ "bm8", "om8", 0.8, NULL },
	};

	run_set(j, N(j), n);
	report("block", j, N(j), r, N(r));
}

static void set_growth(long n)
{
	struct job j[] = {
		{ .id = "cap64k", .what = "full 64 KiB store",
		  .kind = JOB_CAPACITY, .capacity = 64 << 10 },
		{ .id = "cap64m", .what = "full 64 MiB store",
		  .kind = JOB_CAPACITY, .capacity = 64 << 20 },
	};
	const struct row r[] = { { "cap64m", "cap64k", 0.9, NULL } };
	unsigned long capacity = dev_capacity_get();

	run_set(j, N(j), n);
	report("growth", j, N(j), r, N(r));
	dev_clear();
	dev_capacity(capacity);
}

static void set_idle(long n)
{
	struct job j[] = {
		{ .id = "idle0", .what = "no reader", .kind = JOB_IDLE },
		{ .id = "idle8", .what = "8 idle readers", .kind = JOB_IDLE,
		  .readers = 8 },
		{ .id = "idle64", .what = "64 idle readers", .kind = JOB_IDLE,
		  .readers = 64 },
	};
	const struct row r[] = {
		{ "idle8", "idle0", 0, NULL },
		{ "idle64", "idle0", 0, NULL },
	};

	run_set(j, N(j), n);
	report("idle", j, N(j), r, N(r));
}

static void set_producer(long n)
{
	struct job j[] = {
		W("raw64", "raw 64-record writes", "/dev/logger", 1, 64),
		{ .id = "producer", .what = "logger-producer --threads 4 -w 2",
		  .kind = JOB_PRODUCER },
	};
	const struct row r[] = { { "producer", "raw64", 0.8, NULL } };

	run_set(j, N(j), n);
	report("producer", j, N(j), r, N(r));
}

static void set_drain(long n)
{
	struct job j[] = {
		{ .id = "dread1", .what = "1 read() reader draining",
		  .kind = JOB_DRAIN, .readers = 1 },
		{ .id = "dmap1", .what = "1 mapped reader draining",
		  .kind = JOB_DRAIN, .readers = 1, .map = 1 },
		{ .id = "dread8", .what = "8 read() readers draining",
		  .kind = JOB_DRAIN, .readers = 8 },
		{ .id = "dmap8", .what = "8 mapped readers draining",
		  .kind = JOB_DRAIN, .readers = 8, .map = 1 },
	};
	const struct row r[] = {
		{ "dmap1", "dread1", 0, NULL },
		{ "dmap8", "dread8", 0, NULL },
	};

	run_set(j, N(j), drain_fill(n));
	report("drain", j, N(j), r, N(r));
}

/* Needs rsyslogd on the VM's loopback (guest-bench.sh starts it). */
static void set_forward(long n)
{
	struct job j[] = {
		{ .id = "cdump", .what = "logger-consumer to /dev/null",
		  .kind = JOB_FORWARD },
		{ .id = "frelp", .what = "logger-consumer --forward relp:// to rsyslogd",
		  .kind = JOB_FORWARD, .path = "relp://127.0.0.1:10515" },
		{ .id = "ftcp", .what = "logger-consumer --forward tcp:// to rsyslogd",
		  .kind = JOB_FORWARD, .path = "tcp://127.0.0.1:10514" },
	};
	const struct row r[] = {
		{ "frelp", "cdump", 0, NULL },
		{ "ftcp", "cdump", 0, NULL },
		{ "frelp", "ftcp", 0, NULL },
	};

	if (access(FWD_CONSUMER, X_OK)) {
		printf("bench forward: skipped (%s not packed)\n", FWD_CONSUMER);
		return;
	}
	run_set(j, N(j), drain_fill(n));
	report("forward", j, N(j), r, N(r));
}

static const struct {
	const char *name;
	void (*fn)(long n);
} sets[] = {
	{ "write", set_write }, { "writers", set_writers },
	{ "pair", set_pair }, { "readers", set_readers },
	{ "block", set_block }, { "growth", set_growth },
	{ "idle", set_idle },
	{ "producer", set_producer }, { "drain", set_drain },
	{ "forward", set_forward },
};

int main(int argc, char **argv)
{
	const char *set = argc > 1 ? argv[1] : "all";
	long n = argc > 3 ? atol(argv[3]) : 20000;
	int i, found = 0;

	bench_size = argc > 2 ? (size_t)atol(argv[2]) : 128;
	if (n < 64 || bench_size < 8 || bench_size > 1024) {
		fprintf(stderr, "logger-bench: bad SIZE or N\n");
		return 2;
	}
	if (!strcmp(set, "watch"))
		return watch(n, bench_size);
	for (i = 0; i < N(sets); i++)
		if (!strcmp(set, "all") || !strcmp(set, sets[i].name)) {
			sets[i].fn(n);
			found = 1;
		}
	if (!found) {
		fprintf(stderr, "usage: logger-bench write|writers|pair|readers|block|growth|idle|producer|drain|watch|all [SIZE] [N]\n");
		return 2;
	}
	return 0;
}
