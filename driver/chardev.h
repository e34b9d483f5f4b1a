/* SPDX-License-Identifier: GPL-2.0 */
/* chardev: /dev/logger. */
#ifndef LOGGER_CHARDEV_H
#define LOGGER_CHARDEV_H

#include <linux/types.h>

struct lg_store;

int lg_chardev_init(struct lg_store *s, umode_t mode);
void lg_chardev_exit(void);

#endif /* LOGGER_CHARDEV_H */
