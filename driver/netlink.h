/* SPDX-License-Identifier: GPL-2.0 */
/*
 * logger: the generic netlink family (netlink.c) and what it needs from
 * the store.
 *
 * netlink.c implements the "logger" family of uapi/logger.h: the
 * GET_STATS, GET_READERS (dump), CLEAR, GET_CONFIG and SET_CONFIG
 * commands, and the "events" multicast group.  Events are sent by one
 * delayed work item that runs at most once per event interval; the write
 * path never builds or sends a message, it at most kicks the worker
 * through lg_store.notify (lg_genl_kick()).  The store only keeps
 * counters the worker reads and resets (lg_store_take_overflow()), so a
 * flood of writes costs the event system nothing.
 *
 * The second half lists what netlink.c needs from the store beyond
 * store.h today; it belongs in store.h once implemented there.
 */
#ifndef LOGGER_NETLINK_H
#define LOGGER_NETLINK_H

#include <linux/types.h>

#include "store.h"

/* ---- provided by netlink.c ---------------------------------------------- */

/**
 * lg_genl_init() - register the family and start the event worker
 * @s: the store to report on; must outlive lg_genl_exit().
 *
 * Return: 0 or a negative errno from genl_register_family().
 */
int lg_genl_init(struct lg_store *s);

/**
 * lg_genl_exit() - stop the worker and unregister the family
 *
 * Waits for the worker and for running commands (genl_unregister_family()
 * does), so the store may be freed afterwards.
 */
void lg_genl_exit(void);

/**
 * lg_genl_note_cleared() - remember a clear for the next cleared event
 * @records: records the clear removed.
 *
 * Called in process context by whoever cleared (the ioctl or the netlink
 * command), after the store lock is dropped; takes the caller's tgid, uid
 * and comm from current.  Sums clears until the worker sends the event.
 */
void lg_genl_note_cleared(u64 records);

/**
 * lg_genl_kick() - lg_store.notify: something worth an event happened
 * @s: the store.
 *
 * Called without the store lock after a write that evicted records or
 * crossed a fill threshold; may run in any context and does not sleep.
 * Only schedules the worker (no earlier than one interval after its
 * previous run); does nothing when the events group has no listeners.
 */
void lg_genl_kick(struct lg_store *s);

/**
 * lg_genl_set_interval() - the event interval changed
 * @ms: the new interval in milliseconds.
 *
 * Reschedules the worker; called after a successful SET_CONFIG or
 * LOGGER_IOC_SET_CONFIG.
 */
void lg_genl_set_interval(unsigned int ms);

/* ---- wanted from the store (not in store.h yet) ------------------------ */

/**
 * struct lg_reader_info - a snapshot of one open reader
 * @id: unique per open() since load, from 1, increasing (a new
 *	lg_view.id, so a dump can resume after the last one sent).
 * @pid: lg_view.pid.
 * @comm: lg_view.comm.
 * @filter: lg_view.filter.
 * @order: lg_view.order.
 * @format: lg_view.format.
 * @stats: what lg_view_stats() returns (read, lost, skipped, backlog).
 */
struct lg_reader_info {
	u64 id;
	pid_t pid;
	char comm[16];
	u32 filter;
	u8 order;
	u8 format;
	struct logger_view_stats stats;
};

/**
 * struct lg_overflow - evictions since the previous take
 * @evicted: per level, lg_level.evicted_event.
 * @lost_readers: per level, readers that lost records of that level.
 * @any_lost_readers: readers that lost any record.
 */
struct lg_overflow {
	u64 evicted[LOGGER_NR_LEVELS];
	u32 lost_readers[LOGGER_NR_LEVELS];
	u32 any_lost_readers;
};

/*
 * Copy up to @max readers with an id greater than @after, in id order,
 * into @out under lg_store.lock; returns how many were copied.  The dump
 * callback then builds its messages without holding anything.
 */
unsigned int lg_store_readers(struct lg_store *s, u64 after,
			      struct lg_reader_info *out, unsigned int max);

/*
 * Move the eviction counters gathered since the previous call into @ov
 * and reset them, under lg_store.lock; returns true if anything was
 * evicted.  Called by the event worker only.  The already declared
 * lg_store_stats(), lg_store_get_config(), lg_store_set_config() and
 * lg_store_clear() cover the other commands.
 */
bool lg_store_take_overflow(struct lg_store *s, struct lg_overflow *ov);

#endif /* LOGGER_NETLINK_H */
