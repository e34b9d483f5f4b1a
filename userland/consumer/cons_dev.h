/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cons_dev: the read() source: struct cons_ops on /dev/logger (open,
 * LOGGER_IOC_SET_VIEW, where to start).  The mmap source (cons_map.h)
 * opens its fds with these ops and reads them through the mapping.
 */
#ifndef LOGGER_CONS_DEV_H
#define LOGGER_CONS_DEV_H

#include <stdbool.h>

#include "cons_cursor.h"
#include "cons_router.h"
#include "logger.h"

/**
 * struct cons_dev - where and how readers open the device
 * @path: the device.
 * @new_only: start at the end (lseek SEEK_END) instead of the oldest.
 * @since_seq: start at this sequence number (0: no bound).
 * @start: --cursor / --after-cursor position (instance 0: none).
 * @start_after: @start is the last record seen (--after-cursor).
 * @quiet: no warning for a cursor of another module load (a state
 *	file's is always reported).
 * @no_hold: --no-hold: readers do not hold records under the block
 *	policy (LOGGER_FD_NO_HOLD).
 */
struct cons_dev {
	const char *path;
	bool new_only;
	unsigned long long since_seq;
	struct cons_cursor start;
	bool start_after;
	bool quiet;
	bool no_hold;
};

extern const struct cons_ops cons_dev_ops_tmpl;
int cons_dev_view_stats(int fd, struct logger_view_stats *vs);
int cons_dev_instance(int fd, unsigned long long *instance);

#endif /* LOGGER_CONS_DEV_H */
