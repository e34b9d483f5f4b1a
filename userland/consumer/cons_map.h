/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cons_map: the mmap source (--mmap): the read() source's fds, read
 * through a shared mapping of the store (lgmap) instead of read().
 */
#ifndef LOGGER_CONS_MAP_H
#define LOGGER_CONS_MAP_H

#include <pthread.h>

#include "cons_dev.h"
#include "cons_router.h"
#include "lgmap.h"

/* Readers open at once: a reload opens the new before closing the old. */
#define CONS_MAP_SLOTS	(2 * CONS_MAX_READERS)

/**
 * struct cons_map - the mmap source
 * @dev: where and how readers open the device (the read() source's).
 * @lock: guards @fd and @m of the slots (which fd has which reader); not
 *	the readers themselves: each is used by its reader thread under the
 *	router's read lock, and by a reload under its write lock.
 * @fd: per slot, the reader's fd (-1: free).
 * @m: per slot, its mapped reader.
 */
struct cons_map {
	struct cons_dev *dev;
	pthread_mutex_t lock;
	int fd[CONS_MAP_SLOTS];
	struct lgmap *m[CONS_MAP_SLOTS];
};

extern const struct cons_ops cons_map_ops_tmpl;
void cons_map_init(struct cons_map *cm, struct cons_dev *dev);
void cons_map_destroy(struct cons_map *cm);
const char *cons_map_refuses(const struct cons_spec *sp);

#endif /* LOGGER_CONS_MAP_H */
