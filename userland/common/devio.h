/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devio: opening /dev/logger with errors a person can act on.
 */
#ifndef LOGGER_DEVIO_H
#define LOGGER_DEVIO_H

#include <stdbool.h>
#include <stddef.h>

#define LG_DEV_PATH	"/dev/logger"

int lg_dev_open(const char *path, int flags, char *err, size_t errlen);
bool lg_dev_shadowed(const char *path);

#endif /* LOGGER_DEVIO_H */
