/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cons_dev: struct cons_ops for /dev/logger (open, LOGGER_IOC_SET_VIEW).
 */
#ifndef LOGGER_CONS_DEV_H
#define LOGGER_CONS_DEV_H

#include <stdbool.h>

#include "cons_router.h"
#include "logger.h"

/**
 * struct cons_dev - where and how readers open the device
 * @path: the device.
 * @new_only: start at the end (lseek SEEK_END) instead of the oldest.
 */
struct cons_dev {
	const char *path;
	bool new_only;
};

extern const struct cons_ops cons_dev_ops_tmpl;
int cons_dev_view_stats(int fd, struct logger_view_stats *vs);

#endif /* LOGGER_CONS_DEV_H */
