/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netlink: the "logger" generic netlink family of uapi/logger.h.
 *
 * Commands read and change the store; events go to the "events" group.
 * Events are sent by one delayed work item that ticks once per event
 * interval: the write path never builds or sends a message, it only bumps
 * counters in the store.
 */
#ifndef LOGGER_NETLINK_H
#define LOGGER_NETLINK_H

#include <linux/types.h>

struct lg_store;

int lg_genl_init(struct lg_store *s);
void lg_genl_exit(void);
void lg_genl_note_cleared(u64 records);
void lg_genl_set_interval(unsigned int ms);

#endif /* LOGGER_NETLINK_H */
