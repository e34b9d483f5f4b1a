/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cons_sink: where a reader's formatted records go: a file, standard
 * output, or a forwarder (RFC 5424 over TCP, UDP, RELP: cons_fwd.h).
 */
#ifndef LOGGER_CONS_SINK_H
#define LOGGER_CONS_SINK_H

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "cons_fwd.h"
#include "prog.h"

struct cons_sink;

/**
 * struct cons_sink_ops - what a kind of sink does
 * @write: deliver @len bytes of whole lines; may wait, but gives up with
 *	-ECANCELED as soon as *@stop is set and @wake_fd becomes readable.
 *	0 or -errno.
 * @close: release what the sink holds.
 */
struct cons_sink_ops {
	int (*write)(struct cons_sink *s, const char *buf, size_t len,
		     int wake_fd, const atomic_bool *stop);
	void (*close)(struct cons_sink *s);
};

/**
 * struct cons_sink - one output, shared by the readers that name it
 * @path: as given ("-" = standard output).
 * @ops: its kind.
 * @fd: the file (standard output: 1).
 * @regular: a regular file (writes never wait for a reader).
 * @color: human formats get dmesg's colours here.
 * @fwd: the forwarder, when @path is a tcp://, udp:// or relp:// URL
 *	(then @fd is -1 and records are delivered by cons_fwd_deliver()).
 * @lock: one writer at a time, so lines of readers sharing the sink
 *	never interleave.  Never taken under the router's lock.
 * @refs: readers whose table entry names it, plus readers writing to it
 *	right now; the main thread frees it only at 0 (see cons_router.c).
 * @next: the main thread's list of sinks.
 */
struct cons_sink {
	char path[PATH_MAX];
	const struct cons_sink_ops *ops;
	int fd;
	bool regular;
	bool color;
	struct cons_fwd *fwd;
	pthread_mutex_t lock;
	atomic_uint refs;
	struct cons_sink *next;
};

int cons_sink_open(const char *path, enum lg_color_when color,
		   const struct cons_fwd_opts *fo, struct cons_sink **out);
void cons_sink_free(struct cons_sink *s);
int cons_sink_write(struct cons_sink *s, const char *buf, size_t len,
		    int wake_fd, const atomic_bool *stop);

#endif /* LOGGER_CONS_SINK_H */
