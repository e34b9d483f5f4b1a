/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * logger: a priority-sorted kernel log device, /dev/logger.
 *
 * This is the whole user-visible ABI of the module: the record formats a
 * read() returns, the ioctls on /dev/logger and the generic netlink family.
 */
#ifndef _UAPI_LINUX_LOGGER_H
#define _UAPI_LINUX_LOGGER_H

#include <linux/types.h>
#include <linux/ioctl.h>

/**
 * DOC: Extensibility
 *
 * Every struct below has a fixed size, explicit __u8/__u16/__u32/__u64
 * fields, natural alignment and no implicit padding; spare room is named
 * ``reserved`` and must be zero when passed in (the kernel answers EINVAL
 * otherwise) and is zero when passed out.  A struct never changes size
 * under an existing ioctl number: a larger version gets a new number.
 * The binary record header carries its own length and a version; readers
 * must use ``hdr_len`` to find the payload, so fields may be appended in a
 * later version without breaking them.  Netlink attributes are only ever
 * appended, never renumbered; the family version is bumped when an
 * attribute's meaning changes.
 */

/**
 * DOC: Priorities
 *
 * The eight syslog levels.  Lower is more urgent.  A record written with a
 * ``<N>`` prefix (N = facility * 8 + level, 0..191) gets level N & 7 and
 * facility N >> 3; without a prefix it gets the writing fd's default level
 * (initially %LOGGER_LEVEL_INFO) and facility 1 (user).
 */
enum logger_level {
	LOGGER_LEVEL_EMERG = 0,
	LOGGER_LEVEL_ALERT = 1,
	LOGGER_LEVEL_CRIT = 2,
	LOGGER_LEVEL_ERR = 3,
	LOGGER_LEVEL_WARNING = 4,
	LOGGER_LEVEL_NOTICE = 5,
	LOGGER_LEVEL_INFO = 6,
	LOGGER_LEVEL_DEBUG = 7,
};

#define LOGGER_NR_LEVELS	8
/* Filter mask with every level set. */
#define LOGGER_LEVELS_ALL	0xffu
#define LOGGER_LEVEL_BIT(l)	(1u << (l))
#define LOGGER_DEFAULT_FACILITY	1
#define LOGGER_MAX_FACILITY	23

/**
 * DOC: Text format
 *
 * The default output format.  One line per record::
 *
 *   LEVEL,SEQ,REALTIME_US,PID,TID,UID;MESSAGE\n
 *
 * LEVEL is 0..7, SEQ the record's global sequence number (decimal, from 1),
 * REALTIME_US the wall-clock time of acceptance in microseconds since the
 * epoch, PID/TID the writer's tgid and thread id, UID its uid in the
 * initial user namespace.  Bytes of MESSAGE outside 0x20..0x7e, and the
 * backslash, are written as ``\xNN`` (lower-case hex).
 *
 * When records of this view were evicted before it read them, the next
 * read starts with a marker line of level 4 and sequence number 0 (never a
 * record's)::
 *
 *   4,0,REALTIME_US,0,0,0;logger: N records lost
 */
#define LOGGER_LOST_MARKER_FMT	"logger: %llu records lost"

/**
 * struct logger_record - header of a record in binary format
 * @hdr_len: size of this header in bytes (sizeof(struct logger_record) for
 *	this version); the payload starts at this offset.
 * @version: %LOGGER_RECORD_VERSION.
 * @level: syslog level 0..7.
 * @facility: syslog facility 0..23.
 * @flags: zero for now.
 * @reserved: zero.
 * @msg_len: payload length in bytes, without padding.  The payload is
 *	followed by zero bytes up to the next multiple of 8, so the next
 *	header starts at hdr_len + LOGGER_ALIGN(msg_len).
 * @pid: writer's thread group id (as seen from the initial pid namespace).
 * @seq: global sequence number, strictly increasing in acceptance order.
 * @lost: records of this view evicted unread just before this one.
 * @ts_real_ns: CLOCK_REALTIME at acceptance, nanoseconds.
 * @ts_mono_ns: CLOCK_MONOTONIC at acceptance, nanoseconds.
 * @tid: writer's thread id.
 * @uid: writer's uid.
 * @comm: writer's command name, NUL-padded.
 */
struct logger_record {
	__u16 hdr_len;
	__u8 version;
	__u8 level;
	__u8 facility;
	__u8 flags;
	__u16 reserved;
	__u32 msg_len;
	__u32 pid;
	__u64 seq;
	__u64 lost;
	__u64 ts_real_ns;
	__u64 ts_mono_ns;
	__u32 tid;
	__u32 uid;
	char comm[16];
};

#define LOGGER_RECORD_VERSION	1
#define LOGGER_ALIGN(n)		(((n) + 7u) & ~7u)

/* Per-fd read order. */
enum logger_order {
	LOGGER_ORDER_PRIORITY = 0,	/* most urgent unread first, FIFO inside a level */
	LOGGER_ORDER_SEQ = 1,		/* chronological: by sequence number */
};

/* Per-fd output format. */
enum logger_format {
	LOGGER_FORMAT_TEXT = 0,
	LOGGER_FORMAT_BINARY = 1,
};

/**
 * struct logger_view - per-fd settings (LOGGER_IOC_GET_VIEW/SET_VIEW)
 * @filter: bit L set = level L is read; 0 or bits above 7 are EINVAL.
 * @order: &enum logger_order.
 * @format: &enum logger_format.
 * @default_level: level of records written through this fd without a
 *	``<N>`` prefix.
 * @reserved: zero.
 *
 * Changing the filter does not lose anything: records of a level outside
 * the filter count as skipped for this view.
 */
struct logger_view {
	__u32 filter;
	__u8 order;
	__u8 format;
	__u8 default_level;
	__u8 reserved[9];
};

/**
 * struct logger_view_stats - per-fd counters (LOGGER_IOC_VIEW_STATS)
 * @read: records returned by read() on this fd.
 * @lost: records this view wanted but that were evicted before it read
 *	them (including losses not yet reported in-band).
 * @skipped: records passed over because the filter excluded their level.
 * @backlog: records this view would still return now.
 * @written: records written through this fd.
 * @next_seq: sequence number the next written record will get.
 */
struct logger_view_stats {
	__u64 read;
	__u64 lost;
	__u64 skipped;
	__u64 backlog;
	__u64 written;
	__u64 next_seq;
};

/**
 * struct logger_pos - a saved reading position
 * @instance: identifies this load of the module (random, never 0).
 * @seq: sequence number: LOGGER_IOC_SEEK makes the view return records
 *	with a sequence number >= @seq next.  LOGGER_IOC_GET_POS returns
 *	one more than the highest sequence number this view has read (or
 *	passed over), so saving it and seeking to it later resumes after
 *	what was already read.
 *
 * A position whose instance is not the current one is refused (ESTALE).
 */
struct logger_pos {
	__u64 instance;
	__u64 seq;
};

/**
 * struct logger_stats - store statistics (LOGGER_IOC_GET_STATS)
 * @instance: this load of the module.
 * @capacity: bytes of record memory (headers + messages).
 * @bytes_used: bytes of it in use (in 64-byte blocks).
 * @records: records stored now.
 * @written: records accepted since load.
 * @evicted: records removed to make room.
 * @cleared: records removed by clear.
 * @next_seq: sequence number of the next record.
 * @readers: open fds that can read.
 * @writers: open fds that can write.
 * @max_record: largest message accepted, bytes.
 * @reserved: zero.
 * @level_records: @records per level.
 * @level_bytes: @bytes_used per level.
 * @level_written: @written per level.
 * @level_evicted: @evicted per level.
 * @level_cleared: @cleared per level.
 *
 * For every level: written = records + evicted + cleared.
 */
struct logger_stats {
	__u64 instance;
	__u64 capacity;
	__u64 bytes_used;
	__u64 records;
	__u64 written;
	__u64 evicted;
	__u64 cleared;
	__u64 next_seq;
	__u32 readers;
	__u32 writers;
	__u32 max_record;
	__u32 reserved;
	__u64 level_records[LOGGER_NR_LEVELS];
	__u64 level_bytes[LOGGER_NR_LEVELS];
	__u64 level_written[LOGGER_NR_LEVELS];
	__u64 level_evicted[LOGGER_NR_LEVELS];
	__u64 level_cleared[LOGGER_NR_LEVELS];
};

/**
 * struct logger_config - global settings (LOGGER_IOC_GET/SET_CONFIG)
 * @capacity: bytes of record memory; setting it resizes the store
 *	(oldest, least urgent records go first when shrinking).
 * @reserve_pct: share of @capacity reserved for each level, in percent;
 *	the rest is shared (see README, "Retention").  Sum <= 100, and each
 *	reserve must hold at least one record of @max_record bytes.
 * @event_interval_ms: at most one netlink event of each kind per interval.
 * @max_record: largest message, bytes (read-only: set at load).
 * @policy: 0 = overwrite (the only policy so far).
 * @reserved: zero.
 */
struct logger_config {
	__u64 capacity;
	__u8 reserve_pct[LOGGER_NR_LEVELS];
	__u32 event_interval_ms;
	__u32 max_record;
	__u32 policy;
	__u32 reserved;
};

/**
 * DOC: ioctls
 *
 * All on /dev/logger, magic 0xBC (unused in ioctl-number.rst), numbers
 * 0x00-0x1f.  Unknown numbers give ENOTTY, bad pointers EFAULT, nonzero
 * reserved fields or out-of-range values EINVAL.  CLEAR and SET_CONFIG
 * need CAP_SYSLOG (EPERM otherwise).
 *
 * LOGGER_IOC_NEXT_SIZE stores in its __u64 the buffer size the next read()
 * needs to return at least one record (including a pending lost-marker
 * line in text format), or 0 when there is nothing to read.
 */
#define LOGGER_IOC_MAGIC	0xBC
#define LOGGER_IOC_CLEAR	_IO(LOGGER_IOC_MAGIC, 0x00)
#define LOGGER_IOC_GET_STATS	_IOR(LOGGER_IOC_MAGIC, 0x01, struct logger_stats)
#define LOGGER_IOC_GET_CONFIG	_IOR(LOGGER_IOC_MAGIC, 0x02, struct logger_config)
#define LOGGER_IOC_SET_CONFIG	_IOW(LOGGER_IOC_MAGIC, 0x03, struct logger_config)
#define LOGGER_IOC_GET_VIEW	_IOR(LOGGER_IOC_MAGIC, 0x04, struct logger_view)
#define LOGGER_IOC_SET_VIEW	_IOW(LOGGER_IOC_MAGIC, 0x05, struct logger_view)
#define LOGGER_IOC_VIEW_STATS	_IOR(LOGGER_IOC_MAGIC, 0x06, struct logger_view_stats)
#define LOGGER_IOC_NEXT_SIZE	_IOR(LOGGER_IOC_MAGIC, 0x07, __u64)
#define LOGGER_IOC_GET_POS	_IOR(LOGGER_IOC_MAGIC, 0x08, struct logger_pos)
#define LOGGER_IOC_SEEK		_IOW(LOGGER_IOC_MAGIC, 0x09, struct logger_pos)

#endif /* _UAPI_LINUX_LOGGER_H */
