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
	LOGGER_FORMAT_BINARY = 1,	/* struct logger_record (see LOGGER_FD_RECORD2) */
};

/* Longest tag, bytes (struct logger_tag holds it NUL-terminated). */
#define LOGGER_TAG_MAX		31
/* Tags a reader may filter on. */
#define LOGGER_TAG_FILTER_MAX	8

/**
 * struct logger_record2 - header of a record in binary format 2
 * @rec: the fields of struct logger_record, with @rec.version 2 and
 *	@rec.hdr_len sizeof(struct logger_record2).
 * @tag_len: bytes of @tag, 0..%LOGGER_TAG_MAX (0: the record has none).
 * @reserved: zero.
 * @tag: the record's tag, NUL-padded.
 *
 * Opt-in (%LOGGER_FD_RECORD2 with %LOGGER_FORMAT_BINARY): readers that do
 * not ask keep getting struct logger_record, version 1, unchanged.  The
 * message follows at @rec.hdr_len, padded to 8 bytes, as in version 1.
 */
struct logger_record2 {
	struct logger_record rec;
	__u8 tag_len;
	__u8 reserved[7];
	char tag[32];
};

#define LOGGER_RECORD2_VERSION	2

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
 * the filter count as skipped for this view.  A reader in a group sets
 * and gets the group's filter and order.
 */
struct logger_view {
	__u32 filter;
	__u8 order;
	__u8 format;
	__u8 default_level;
	__u8 reserved[9];
};

/*
 * Per-fd flags (LOGGER_IOC_SET_FLAGS/GET_FLAGS, a __u32; 0 at open):
 *
 * LOGGER_FD_NO_HOLD: under the block policy this reader does not hold
 * records (anyone may lower their own guarantee); its records are evicted
 * as under overwrite.
 *
 * LOGGER_FD_PARSE_TAGS: records written through this fd that start (after
 * any <N>) with "TAG: ", TAG being 1..31 bytes of 0x21..0x7e but ':', get
 * that tag; the "TAG: " is not part of the message.
 *
 * LOGGER_FD_RECORD2: the binary format returns struct logger_record2 (with
 * the tag) instead of struct logger_record.
 */
#define LOGGER_FD_NO_HOLD	0x01
#define LOGGER_FD_PARSE_TAGS	0x02
#define LOGGER_FD_RECORD2	0x04
#define LOGGER_FD_FLAGS		(LOGGER_FD_NO_HOLD | LOGGER_FD_PARSE_TAGS | \
				 LOGGER_FD_RECORD2)

/**
 * struct logger_tag - a tag (LOGGER_IOC_SET_TAG/GET_TAG)
 * @name: 0..%LOGGER_TAG_MAX bytes of 0x21..0x7e but ':', NUL-terminated
 *	and NUL-padded; empty for none.
 *
 * LOGGER_IOC_SET_TAG sets the tag of records written through this fd
 * that carry none of their own.
 */
struct logger_tag {
	char name[32];
};

/**
 * struct logger_tag_filter - a reader's tag filter
 *	(LOGGER_IOC_SET_TAG_FILTER/GET_TAG_FILTER)
 * @count: tags in @tags, 0..%LOGGER_TAG_FILTER_MAX; 0 lets every record
 *	through.
 * @reserved: zero.
 * @tags: the tags, as in struct logger_tag; an empty one matches records
 *	without a tag.
 *
 * Records whose tag is not in the filter are skipped for this reader,
 * not lost, like records of a level outside its level filter.
 */
struct logger_tag_filter {
	__u32 count;
	__u32 reserved;
	char tags[LOGGER_TAG_FILTER_MAX][32];
};

/**
 * struct logger_group - a group of readers (LOGGER_IOC_JOIN_GROUP,
 *	LOGGER_IOC_GET_GROUP)
 * @name: 1..31 bytes of 0x20..0x7e, NUL-terminated and NUL-padded
 *	(GET_GROUP: empty when the fd is in no group).
 * @members: GET_GROUP: members open now; zero when joining.
 * @reserved: zero.
 *
 * All open members of a group share one cursor, one filter (levels and
 * tags) and one order: each record that passes the filter goes to exactly
 * one member.  The first member brings its cursor and filter; later
 * members take the group's.  A group lives while it has a member; under
 * the block policy it holds records like one reader.  Joining needs a fd
 * open for reading; a fd is in at most one group (EBUSY).
 * LOGGER_IOC_LEAVE_GROUP gives the fd its own cursor back, where the
 * group's is.
 */
struct logger_group {
	char name[32];
	__u32 members;
	__u32 reserved;
};

/**
 * struct logger_flow_stats - lossless delivery and groups
 *	(LOGGER_IOC_FLOW_STATS)
 * @policy: &enum logger_policy.
 * @waiting_writers: writers waiting for room now.
 * @waits: times a writer waited, since load.
 * @holding_readers: readers (groups count once) holding records now: 0
 *	under the overwrite policy, where nobody holds.
 * @groups: groups alive.
 * @group_members: readers in them.
 * @hold_expired: holds of unprivileged readers dropped after
 *	hold_timeout_ms of a writer waiting on them.
 * @reserved: zero.
 */
struct logger_flow_stats {
	__u32 policy;
	__u32 waiting_writers;
	__u64 waits;
	__u32 holding_readers;
	__u32 groups;
	__u32 group_members;
	__u32 reserved;
	__u64 hold_expired;
};

/**
 * enum logger_policy - what a write does when the store is full
 * @LOGGER_POLICY_OVERWRITE: evict (the retention rule); never wait.
 * @LOGGER_POLICY_BLOCK: never evict a record a holding reader has not
 *	read; wait (or EAGAIN) for it instead.
 */
enum logger_policy {
	LOGGER_POLICY_OVERWRITE = 0,
	LOGGER_POLICY_BLOCK = 1,
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
 *	with a sequence number >= @seq next (levels outside the filter are
 *	not moved).  LOGGER_IOC_GET_POS returns one more than the highest
 *	sequence number this view has returned (1 before the first), so a
 *	chronological reader that saves it and seeks to it after a reopen
 *	resumes right after what it already read.
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
 * @bytes_used: bytes of it that records use (headers and padding included).
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
 *	the rest is shared (see docs/design.md, "Retention").  Sum <= 100, and each
 *	reserve must hold at least one record of @max_record bytes.
 * @event_interval_ms: at most one netlink event of each kind per interval.
 * @max_record: largest message, bytes (read-only: set at load).
 * @policy: &enum logger_policy.
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

/* ---- the mapping ---- */

/**
 * DOC: Mapping
 *
 * A fd opened for reading by a reader who may see every record (not
 * under read_own, or in read_gid, or with CAP_SYSLOG) may map the store:
 * ``mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0)``.  The mapping is
 * read-only (PROT_WRITE, PROT_EXEC, MAP_PRIVATE are refused with EPERM,
 * and it cannot be made writable later); it cannot grow (mremap beyond its
 * size fails); it survives fork.  Its layout::
 *
 *   offset 0                  control page: struct logger_map_ctl
 *   page_size                 chunk 0  \
 *   page_size + 1*chunk_size  chunk 1   |  each: struct logger_map_chunk,
 *   ...                                 |  then records back to back:
 *   page_size + i*chunk_size  chunk i  /   struct logger_map_rec + tag +
 *                                          message, padded to 8 bytes
 *
 * Chunk ids run from 0 to ctl.nchunks - 1; len may be anything up to
 * page_size + nchunks * chunk_size (pages of ids the store does not hold
 * are not mapped: touching them raises SIGBUS; following the store's
 * links never leads there).  While the store is mapped it cannot be
 * resized (LOGGER_IOC_SET_CONFIG with a new capacity fails with EBUSY).
 *
 * Each level is a list of chunks, oldest first: ctl.level[L].head, then
 * each chunk's ``next``.  A chunk holds records of one level, in order of
 * their per-level sequence number (lseq); the level holds lseqs
 * [first, next).  Records are never changed once written; a chunk is
 * reused, whole, when its records are evicted or cleared.
 *
 * Reading without a lock (what userland/common/lgmap.c does):
 *
 * - Start where the fd is: LOGGER_IOC_MAP_CURSOR gives its cursor (per
 *   level lseq, the clear count it was taken at) and the lost count it
 *   has not reported yet, so what the fd read, skipped or lost before
 *   it was mapped counts as for read().
 * - A chunk's ``gen`` is even while it is stable and odd while it is
 *   being given to a level; it changes whenever the chunk is freed or
 *   reused.  Load ``gen`` (acquire) when arriving at a chunk, check
 *   ``level`` and ``first_lseq`` are what you expect, and re-load ``gen``
 *   after every copy out of the chunk: a different value means what you
 *   copied may be torn or another record: discard it and count it lost.
 * - A record is complete when it ends at or before the chunk's ``used``,
 *   loaded with acquire (the kernel publishes ``used`` with release after
 *   writing the record).  Check a record header's ``level``, ``lseq`` and
 *   ``size`` before trusting it.
 * - At ``used`` with ``next`` == LOGGER_MAP_NIL (load with acquire) the
 *   level has nothing newer yet; else the next chunk starts with the next
 *   lseq.
 * - When your chunk went (``gen`` changed), go to ctl.level[L].head: the
 *   records between your lseq and ctl.level[L].first are gone.  Clears
 *   are told apart from evictions by ctl.clear_gen and the last
 *   LOGGER_MAP_CLEARS entries of ctl.clears (entry (gen - 1) %
 *   LOGGER_MAP_CLEARS): records in [first, next) of a clear were cleared,
 *   the others evicted (lost).
 * - To sleep, tell the kernel where you are (LOGGER_IOC_MAP_SYNC) and
 *   poll() the fd: it is readable when a record past that position passes
 *   the fd's filter.
 *
 * After LOGGER_IOC_CLEAR returns, every chunk that held a cleared record
 * has been zeroed (and its ``gen`` changed).  Nothing else is in the
 * mapping: unused bytes are zero.
 */
#define LOGGER_MAP_MAGIC	0x4c4f474dU	/* "LOGM" */
#define LOGGER_MAP_VERSION	1
#define LOGGER_MAP_NIL		0xffffffffU
#define LOGGER_MAP_CLEARS	16
#define LOGGER_CHUNK_MIXED	1

/**
 * struct logger_map_chunk - header of a chunk (its first 64 bytes)
 * @gen: generation: even while stable, odd while the chunk is being given
 *	to a level; changes whenever it is freed or reused.
 * @next: id of the next chunk of the same level (of the free list when
 *	the chunk is free), LOGGER_MAP_NIL at the end.
 * @used: bytes of records after the header (published with release).
 * @nrec: records in the chunk.
 * @level: the level of its records.
 * @flags: %LOGGER_CHUNK_MIXED when its records come from several uids.
 * @reserved: zero.
 * @owner: uid of its first record.
 * @first_lseq: per-level sequence number of its first record.
 * @first_seq: global sequence number of its first record.
 * @last_seq: global sequence number of its last record.
 * @spare: zero.
 */
struct logger_map_chunk {
	__u32 gen;
	__u32 next;
	__u32 used;
	__u32 nrec;
	__u8 level;
	__u8 flags;
	__u16 reserved;
	__u32 owner;
	__u64 first_lseq;
	__u64 first_seq;
	__u64 last_seq;
	__u64 spare[2];
};

/**
 * struct logger_map_rec - header of a record in a chunk
 * @size: bytes the record takes, this header included, a multiple of 8.
 * @msg_len: message bytes.
 * @level: 0..7.
 * @facility: 0..23.
 * @seq: global sequence number.
 * @lseq: per-level sequence number.
 * @ts_real: CLOCK_REALTIME at acceptance, ns.
 * @ts_mono: CLOCK_MONOTONIC at acceptance, ns.
 * @pid: writer's tgid.
 * @tid: writer's thread id.
 * @uid: writer's uid.
 * @tag_len: bytes of tag, 0..31.
 * @flags: zero.
 * @reserved: zero.
 * @comm: writer's command name, NUL-terminated.
 *
 * The tag follows the header, then the message, then zeros up to @size.
 */
struct logger_map_rec {
	__u32 size;
	__u16 msg_len;
	__u8 level;
	__u8 facility;
	__u64 seq;
	__u64 lseq;
	__u64 ts_real;
	__u64 ts_mono;
	__u32 pid;
	__u32 tid;
	__u32 uid;
	__u8 tag_len;
	__u8 flags;
	__u16 reserved;
	char comm[16];
};

/**
 * struct logger_map_level - one level, in the control page
 * @first: lseq of its oldest stored record.
 * @next: lseq its next record will get; [@first, @next) are stored.
 * @head: id of its oldest chunk, LOGGER_MAP_NIL when it has none.
 * @tail: id of its newest chunk, LOGGER_MAP_NIL when it has none.
 * @cleared: its records removed by clears since load.
 */
struct logger_map_level {
	__u64 first;
	__u64 next;
	__u32 head;
	__u32 tail;
	__u64 cleared;
};

/**
 * struct logger_map_clear - what one clear removed
 * @gen: the clear's number (ctl.clear_gen after it), from 1.
 * @first: per level, the first lseq it removed.
 * @next: per level, one past the last lseq it removed.
 */
struct logger_map_clear {
	__u64 gen;
	__u64 first[LOGGER_NR_LEVELS];
	__u64 next[LOGGER_NR_LEVELS];
};

/**
 * struct logger_map_ctl - the control page (offset 0 of the mapping)
 * @magic: %LOGGER_MAP_MAGIC.
 * @version: %LOGGER_MAP_VERSION; a reader refuses others.
 * @hdr_len: sizeof(struct logger_map_ctl) of this version.
 * @instance: this load of the module (as in struct logger_pos).
 * @page_size: offset of chunk 0.
 * @chunk_size: bytes per chunk.
 * @chunk_hdr: bytes of struct logger_map_chunk at the start of a chunk.
 * @nchunks: chunk ids are below this.
 * @next_seq: sequence number of the next record.
 * @clear_gen: clears since load; the last ones are in @clears.
 * @max_record: largest message, bytes.
 * @reserved: zero.
 * @level: the eight levels.
 * @clears: the last %LOGGER_MAP_CLEARS clears, entry (gen - 1) %
 *	%LOGGER_MAP_CLEARS.
 *
 * Written by the kernel under its store lock, each field with a single
 * store; read them with READ_ONCE (and @clear_gen with acquire).
 */
struct logger_map_ctl {
	__u32 magic;
	__u16 version;
	__u16 hdr_len;
	__u64 instance;
	__u32 page_size;
	__u32 chunk_size;
	__u32 chunk_hdr;
	__u32 nchunks;
	__u64 next_seq;
	__u64 clear_gen;
	__u32 max_record;
	__u32 reserved;
	struct logger_map_level level[LOGGER_NR_LEVELS];
	struct logger_map_clear clears[LOGGER_MAP_CLEARS];
};

/**
 * struct logger_map_pos - a mapped reader's position (LOGGER_IOC_MAP_SYNC)
 * @lseq: per level, the lseq of the next record it will consider.
 * @id: per level, the chunk holding that record (or the chunk it ended
 *	at), LOGGER_MAP_NIL when none.
 * @gen: per level, that chunk's gen when the reader was there.
 * @off: per level, the record's offset after the chunk header.
 * @clear_gen: ctl.clear_gen the position was taken at.
 * @wake_min: a write wakes a poller of this fd only once at least this
 *	many records past the position pass the fd's filter (0 or 1: any
 *	record), like perf's watermark; poll() itself still says readable
 *	for one record.
 * @reserved: zero.
 *
 * The fd's cursor moves there, so poll() tells when a record past it
 * passes the fd's filter.  A position the store no longer holds counts
 * as lost for the fd's cursor, as for read(); one that names a chunk or
 * offset that does not hold that lseq is EINVAL.
 */
struct logger_map_pos {
	__u64 lseq[LOGGER_NR_LEVELS];
	__u32 id[LOGGER_NR_LEVELS];
	__u32 gen[LOGGER_NR_LEVELS];
	__u32 off[LOGGER_NR_LEVELS];
	__u64 clear_gen;
	__u32 wake_min;
	__u32 reserved;
};

#define LOGGER_IOC_MAP_SYNC	_IOW(LOGGER_IOC_MAGIC, 0x0a, struct logger_map_pos)

/**
 * struct logger_map_cursor - where a mapped reader starts
 *	(LOGGER_IOC_MAP_CURSOR)
 * @pos: the fd's cursor, as LOGGER_IOC_MAP_SYNC takes it: per level the
 *	lseq of the next record it would consider (settled first: what the
 *	store no longer holds is counted lost, as for read()), @pos.id
 *	LOGGER_MAP_NIL (locate it), @pos.clear_gen the clear count it was
 *	taken at, @pos.wake_min the fd's watermark.
 * @lost: records the fd counted lost and has not yet reported in band.
 *	They are handed over: read() on the fd no longer reports them, the
 *	mapped reader does, with its next record.
 *
 * So a reader that set up its fd (view, tag filter, seek, saved
 * position) and then maps it goes on from where the fd is, and loses
 * nothing uncounted between its open() and its mapping.  A group
 * member's cursor is the group's: EBUSY.
 */
struct logger_map_cursor {
	struct logger_map_pos pos;
	__u64 lost;
};

#define LOGGER_IOC_MAP_CURSOR	_IOR(LOGGER_IOC_MAGIC, 0x15, struct logger_map_cursor)

/* Tags, groups, lossless delivery (see their structs). */
#define LOGGER_IOC_SET_TAG	_IOW(LOGGER_IOC_MAGIC, 0x0b, struct logger_tag)
#define LOGGER_IOC_GET_TAG	_IOR(LOGGER_IOC_MAGIC, 0x0c, struct logger_tag)
#define LOGGER_IOC_SET_TAG_FILTER _IOW(LOGGER_IOC_MAGIC, 0x0d, struct logger_tag_filter)
#define LOGGER_IOC_GET_TAG_FILTER _IOR(LOGGER_IOC_MAGIC, 0x0e, struct logger_tag_filter)
#define LOGGER_IOC_JOIN_GROUP	_IOW(LOGGER_IOC_MAGIC, 0x0f, struct logger_group)
#define LOGGER_IOC_LEAVE_GROUP	_IO(LOGGER_IOC_MAGIC, 0x10)
#define LOGGER_IOC_GET_GROUP	_IOR(LOGGER_IOC_MAGIC, 0x11, struct logger_group)
#define LOGGER_IOC_FLOW_STATS	_IOR(LOGGER_IOC_MAGIC, 0x12, struct logger_flow_stats)
#define LOGGER_IOC_SET_FLAGS	_IOW(LOGGER_IOC_MAGIC, 0x13, __u32)
#define LOGGER_IOC_GET_FLAGS	_IOR(LOGGER_IOC_MAGIC, 0x14, __u32)

/* ---- generic netlink ---- */

/**
 * DOC: Generic netlink
 *
 * Family %LOGGER_GENL_NAME, version %LOGGER_GENL_VERSION, one multicast
 * group %LOGGER_GENL_MCGRP_EVENTS.  Requests are validated strictly: an
 * attribute a command does not take, a wrong length or an out-of-range
 * value is EINVAL (with an extended-ack message where it helps).  u64
 * values are put with nla_put_u64_64bit(), so a message or nest that holds
 * them may also hold a ``*_A_PAD`` attribute, which carries nothing and
 * must be skipped.  Readers must ignore attributes they do not know: new
 * ones are only ever appended.  "u32"/"u64" below are NLA_U32/NLA_U64,
 * "string" is NLA_NUL_STRING, "nest" NLA_NESTED.
 *
 * LOGGER_CMD_GET_STATS
 * --------------------
 *
 * Request (NLM_F_REQUEST): no attributes.  Reply, a LOGGER_CMD_GET_STATS
 * message with the tree of &struct logger_stats::
 *
 *    LOGGER_A_INSTANCE: u64
 *    LOGGER_A_CAPACITY: u64, bytes
 *    LOGGER_A_BYTES_USED: u64
 *    LOGGER_A_RECORDS: u64
 *    LOGGER_A_WRITTEN: u64
 *    LOGGER_A_EVICTED: u64
 *    LOGGER_A_CLEARED: u64
 *    LOGGER_A_NEXT_SEQ: u64
 *    LOGGER_A_READERS: u32, open fds that can read
 *    LOGGER_A_WRITERS: u32, open fds that can write
 *    LOGGER_A_MAX_RECORD: u32
 *    LOGGER_A_POLICY: u32, &enum logger_policy
 *    LOGGER_A_WAITING_WRITERS: u32
 *    LOGGER_A_WAITS: u64
 *    LOGGER_A_HOLDING_READERS: u32
 *    LOGGER_A_GROUPS: u32
 *    LOGGER_A_GROUP_MEMBERS: u32
 *    LOGGER_A_HOLD_EXPIRED: u64
 *    LOGGER_A_LEVEL: nest, eight times, one per level, in level order
 *        LOGGER_LEVEL_A_INDEX: u32, 0..7
 *        LOGGER_LEVEL_A_RECORDS: u64
 *        LOGGER_LEVEL_A_BYTES: u64
 *        LOGGER_LEVEL_A_WRITTEN: u64
 *        LOGGER_LEVEL_A_EVICTED: u64
 *        LOGGER_LEVEL_A_CLEARED: u64
 *
 * LOGGER_CMD_GET_READERS
 * ----------------------
 *
 * Request: NLM_F_REQUEST | NLM_F_DUMP, no attributes (anything else is
 * EOPNOTSUPP).  One LOGGER_CMD_GET_READERS message (NLM_F_MULTI) per fd
 * open for reading, then NLMSG_DONE::
 *
 *    LOGGER_A_READER: nest
 *        LOGGER_READER_A_ID: u64, unique per open() since load, from 1
 *        LOGGER_READER_A_PID: u32, tgid of the process that opened it
 *        LOGGER_READER_A_COMM: string, its command name (at most 15 bytes)
 *        LOGGER_READER_A_FILTER: u32, level mask (bit L = level L)
 *        LOGGER_READER_A_ORDER: u32, &enum logger_order
 *        LOGGER_READER_A_FORMAT: u32, &enum logger_format
 *        LOGGER_READER_A_BACKLOG: u64, records it would still return
 *        LOGGER_READER_A_LOST: u64
 *        LOGGER_READER_A_READ: u64
 *        LOGGER_READER_A_SKIPPED: u64
 *        LOGGER_READER_A_HOLDING: u32, 1 when it (or its group) holds
 *        LOGGER_READER_A_GROUP: string, its group (only in one)
 *        LOGGER_READER_A_MEMBERS: u32, its group's members (only in one)
 *        LOGGER_READER_A_TAG: string, repeated: its tag filter
 *
 * The fields mean what they mean in &struct logger_view and &struct
 * logger_view_stats.  A dump that spans several reads resumes after the
 * last reader id sent; readers opened or closed meanwhile may or may not
 * appear.
 *
 * LOGGER_CMD_CLEAR
 * ----------------
 *
 * Request: no attributes; needs CAP_SYSLOG (EPERM otherwise), like
 * LOGGER_IOC_CLEAR.  Removes every record.  Reply, a LOGGER_CMD_CLEAR
 * message::
 *
 *    LOGGER_A_CLEAR_RECORDS: u64, records removed
 *
 * LOGGER_CMD_GET_CONFIG
 * ---------------------
 *
 * Request: no attributes.  Reply, a LOGGER_CMD_GET_CONFIG message::
 *
 *    LOGGER_A_CONFIG: nest
 *        LOGGER_CONFIG_A_CAPACITY: u64, bytes
 *        LOGGER_CONFIG_A_EVENT_INTERVAL_MS: u32
 *        LOGGER_CONFIG_A_MAX_RECORD: u32 (read-only)
 *        LOGGER_CONFIG_A_POLICY: u32, &enum logger_policy
 *        LOGGER_CONFIG_A_LEVEL: nest, eight times, one per level
 *            LOGGER_LEVEL_A_INDEX: u32, 0..7
 *            LOGGER_LEVEL_A_RESERVE_PCT: u32, 0..100
 *
 * LOGGER_CMD_SET_CONFIG
 * ---------------------
 *
 * Request: needs CAP_SYSLOG (EPERM otherwise), like LOGGER_IOC_SET_CONFIG.
 * The same tree as the GET_CONFIG reply, without MAX_RECORD (EINVAL).
 * Every attribute is optional: what is absent keeps its value, and
 * LOGGER_CONFIG_A_LEVEL nests name only the levels whose reserve changes
 * (a level given twice is EINVAL).  The result is checked as a whole, as
 * for the ioctl, and applied all or nothing.  Reply: the ack only.
 *
 * Events
 * ------
 *
 * Sent to the %LOGGER_GENL_MCGRP_EVENTS group, only while it has
 * listeners, by a worker that runs every event interval
 * (&struct logger_config.event_interval_ms): the write path never sends
 * anything.  At most one event of each kind per interval; what happened
 * in between is summed into it.
 *
 * LOGGER_CMD_EVENT_OVERFLOW, when records were evicted since the previous
 * overflow event::
 *
 *    LOGGER_A_EVICTED: u64, total since load
 *    LOGGER_A_LOST_READERS: u32, readers whose lost count grew since the
 *                           previous overflow event
 *    LOGGER_A_LEVEL: nest, once per level with evictions since then
 *        LOGGER_LEVEL_A_INDEX: u32
 *        LOGGER_LEVEL_A_EVICTED_DELTA: u64, evicted since the previous
 *                                      overflow event
 *        LOGGER_LEVEL_A_EVICTED: u64, total since load
 *        LOGGER_LEVEL_A_LOST_READERS: u32, readers that lost records of
 *                                     this level since then (optional)
 *
 * LOGGER_CMD_EVENT_THRESHOLD, when the fill level moves to another band
 * (see DOC: Fill thresholds)::
 *
 *    LOGGER_A_THRESHOLD: u32, percent: 50, 90 or 100
 *    LOGGER_A_DIRECTION: u32, &enum logger_genl_dir
 *    LOGGER_A_BYTES_USED: u64
 *    LOGGER_A_CAPACITY: u64
 *
 * LOGGER_CMD_EVENT_CLEARED, after a clear (ioctl or netlink); clears
 * within one interval are summed and name the last one's caller::
 *
 *    LOGGER_A_CLEAR_RECORDS: u64, records removed
 *    LOGGER_A_CLEAR_PID: u32, tgid of the caller
 *    LOGGER_A_CLEAR_UID: u32, its uid (initial user namespace)
 *    LOGGER_A_CLEAR_COMM: string, its command name (optional)
 *
 * LOGGER_CMD_EVENT_STATS, every interval while the group has listeners:
 * the tree of the LOGGER_CMD_GET_STATS reply.
 */
#define LOGGER_GENL_NAME		"logger"
#define LOGGER_GENL_VERSION		1
#define LOGGER_GENL_MCGRP_EVENTS	"events"

/**
 * DOC: Fill thresholds
 *
 * Fill is bytes_used * 100 / capacity, rounded down; a store that evicted
 * a record since the worker's previous look counts as 100 % (full).  The
 * thresholds %LOGGER_THRESHOLD_HALF, %LOGGER_THRESHOLD_HIGH and
 * %LOGGER_THRESHOLD_FULL cut it into four bands.  When the band changes,
 * one LOGGER_CMD_EVENT_THRESHOLD is sent: going up, with the highest
 * threshold now reached; going down, with the lowest threshold no longer
 * reached.  A threshold reached is left only when fill drops below it by
 * %LOGGER_THRESHOLD_HYST points, so a store hovering around one does not
 * flap.  The first look after load starts from the lowest band.
 */
#define LOGGER_THRESHOLD_HALF	50
#define LOGGER_THRESHOLD_HIGH	90
#define LOGGER_THRESHOLD_FULL	100
#define LOGGER_THRESHOLD_HYST	5

/**
 * enum logger_genl_cmd - generic netlink commands and events
 * @LOGGER_CMD_UNSPEC: unused.
 * @LOGGER_CMD_GET_STATS: store statistics.
 * @LOGGER_CMD_GET_READERS: dump of the open readers.
 * @LOGGER_CMD_CLEAR: remove every record (CAP_SYSLOG).
 * @LOGGER_CMD_SET_CONFIG: change global settings (CAP_SYSLOG).
 * @LOGGER_CMD_GET_CONFIG: global settings.
 * @LOGGER_CMD_EVENT_OVERFLOW: event: records were evicted.
 * @LOGGER_CMD_EVENT_THRESHOLD: event: a fill threshold was crossed.
 * @LOGGER_CMD_EVENT_CLEARED: event: the store was cleared.
 * @LOGGER_CMD_EVENT_STATS: event: periodic statistics.
 * @__LOGGER_CMD_MAX: one past the last.
 *
 * Events are only sent, never accepted (EOPNOTSUPP).
 */
enum logger_genl_cmd {
	LOGGER_CMD_UNSPEC,
	LOGGER_CMD_GET_STATS,
	LOGGER_CMD_GET_READERS,
	LOGGER_CMD_CLEAR,
	LOGGER_CMD_SET_CONFIG,
	LOGGER_CMD_GET_CONFIG,
	LOGGER_CMD_EVENT_OVERFLOW,
	LOGGER_CMD_EVENT_THRESHOLD,
	LOGGER_CMD_EVENT_CLEARED,
	LOGGER_CMD_EVENT_STATS,
	__LOGGER_CMD_MAX,
};

#define LOGGER_CMD_MAX (__LOGGER_CMD_MAX - 1)

/**
 * enum logger_attr - top-level attributes
 * @LOGGER_A_UNSPEC: unused.
 * @LOGGER_A_PAD: padding for 64-bit attributes; carries nothing.
 * @LOGGER_A_INSTANCE: u64, &struct logger_stats.instance.
 * @LOGGER_A_CAPACITY: u64, bytes of record memory.
 * @LOGGER_A_BYTES_USED: u64, bytes of it in use.
 * @LOGGER_A_RECORDS: u64, records stored now.
 * @LOGGER_A_WRITTEN: u64, records accepted since load.
 * @LOGGER_A_EVICTED: u64, records evicted since load.
 * @LOGGER_A_CLEARED: u64, records cleared since load.
 * @LOGGER_A_NEXT_SEQ: u64, sequence number of the next record.
 * @LOGGER_A_READERS: u32, open fds that can read.
 * @LOGGER_A_WRITERS: u32, open fds that can write.
 * @LOGGER_A_MAX_RECORD: u32, largest message accepted, bytes.
 * @LOGGER_A_LEVEL: nest of &enum logger_level_attr, one level; repeated.
 * @LOGGER_A_READER: nest of &enum logger_reader_attr, one reader.
 * @LOGGER_A_CONFIG: nest of &enum logger_config_attr.
 * @LOGGER_A_LOST_READERS: u32, overflow event: readers that lost records
 *	since the previous overflow event.
 * @LOGGER_A_THRESHOLD: u32, threshold event: the threshold crossed, in
 *	percent (%LOGGER_THRESHOLD_HALF, _HIGH or _FULL).
 * @LOGGER_A_DIRECTION: u32, threshold event: &enum logger_genl_dir.
 * @LOGGER_A_CLEAR_RECORDS: u64, clear reply and cleared event: records
 *	removed.
 * @LOGGER_A_CLEAR_PID: u32, cleared event: tgid of who cleared.
 * @LOGGER_A_CLEAR_UID: u32, cleared event: uid of who cleared.
 * @LOGGER_A_CLEAR_COMM: string, cleared event: command name of who
 *	cleared.
 * @LOGGER_A_POLICY: u32, &enum logger_policy.
 * @LOGGER_A_WAITING_WRITERS: u32, writers waiting for room now.
 * @LOGGER_A_WAITS: u64, times a writer waited since load.
 * @LOGGER_A_HOLDING_READERS: u32, readers holding now (a group once).
 * @LOGGER_A_GROUPS: u32, groups alive.
 * @LOGGER_A_GROUP_MEMBERS: u32, readers in them.
 * @LOGGER_A_HOLD_EXPIRED: u64, holds dropped after hold_timeout_ms.
 * @__LOGGER_A_MAX: one past the last.
 */
enum logger_attr {
	LOGGER_A_UNSPEC,
	LOGGER_A_PAD,
	LOGGER_A_INSTANCE,
	LOGGER_A_CAPACITY,
	LOGGER_A_BYTES_USED,
	LOGGER_A_RECORDS,
	LOGGER_A_WRITTEN,
	LOGGER_A_EVICTED,
	LOGGER_A_CLEARED,
	LOGGER_A_NEXT_SEQ,
	LOGGER_A_READERS,
	LOGGER_A_WRITERS,
	LOGGER_A_MAX_RECORD,
	LOGGER_A_LEVEL,
	LOGGER_A_READER,
	LOGGER_A_CONFIG,
	LOGGER_A_LOST_READERS,
	LOGGER_A_THRESHOLD,
	LOGGER_A_DIRECTION,
	LOGGER_A_CLEAR_RECORDS,
	LOGGER_A_CLEAR_PID,
	LOGGER_A_CLEAR_UID,
	LOGGER_A_CLEAR_COMM,
	LOGGER_A_POLICY,
	LOGGER_A_WAITING_WRITERS,
	LOGGER_A_WAITS,
	LOGGER_A_HOLDING_READERS,
	LOGGER_A_GROUPS,
	LOGGER_A_GROUP_MEMBERS,
	LOGGER_A_HOLD_EXPIRED,
	__LOGGER_A_MAX,
};

#define LOGGER_A_MAX (__LOGGER_A_MAX - 1)

/**
 * enum logger_level_attr - attributes of one level (in %LOGGER_A_LEVEL
 *	and %LOGGER_CONFIG_A_LEVEL)
 * @LOGGER_LEVEL_A_UNSPEC: unused.
 * @LOGGER_LEVEL_A_PAD: padding for 64-bit attributes; carries nothing.
 * @LOGGER_LEVEL_A_INDEX: u32, the level, 0..7; always present.
 * @LOGGER_LEVEL_A_RECORDS: u64, records of this level stored now.
 * @LOGGER_LEVEL_A_BYTES: u64, bytes they use.
 * @LOGGER_LEVEL_A_WRITTEN: u64, records of this level written since load.
 * @LOGGER_LEVEL_A_EVICTED: u64, evicted since load.
 * @LOGGER_LEVEL_A_CLEARED: u64, cleared since load.
 * @LOGGER_LEVEL_A_EVICTED_DELTA: u64, overflow event: evicted since the
 *	previous overflow event.
 * @LOGGER_LEVEL_A_LOST_READERS: u32, overflow event: readers that lost
 *	records of this level since the previous overflow event.
 * @LOGGER_LEVEL_A_RESERVE_PCT: u32, config: share of the capacity
 *	reserved for this level, 0..100.
 * @__LOGGER_LEVEL_A_MAX: one past the last.
 */
enum logger_level_attr {
	LOGGER_LEVEL_A_UNSPEC,
	LOGGER_LEVEL_A_PAD,
	LOGGER_LEVEL_A_INDEX,
	LOGGER_LEVEL_A_RECORDS,
	LOGGER_LEVEL_A_BYTES,
	LOGGER_LEVEL_A_WRITTEN,
	LOGGER_LEVEL_A_EVICTED,
	LOGGER_LEVEL_A_CLEARED,
	LOGGER_LEVEL_A_EVICTED_DELTA,
	LOGGER_LEVEL_A_LOST_READERS,
	LOGGER_LEVEL_A_RESERVE_PCT,
	__LOGGER_LEVEL_A_MAX,
};

#define LOGGER_LEVEL_A_MAX (__LOGGER_LEVEL_A_MAX - 1)

/**
 * enum logger_reader_attr - attributes of one open reader (%LOGGER_A_READER)
 * @LOGGER_READER_A_UNSPEC: unused.
 * @LOGGER_READER_A_PAD: padding for 64-bit attributes; carries nothing.
 * @LOGGER_READER_A_ID: u64, unique per open() since load, from 1.
 * @LOGGER_READER_A_PID: u32, tgid of the process that opened the fd.
 * @LOGGER_READER_A_COMM: string, its command name, at most 15 bytes.
 * @LOGGER_READER_A_FILTER: u32, level mask, bit L = level L.
 * @LOGGER_READER_A_ORDER: u32, &enum logger_order.
 * @LOGGER_READER_A_FORMAT: u32, &enum logger_format.
 * @LOGGER_READER_A_BACKLOG: u64, records this view would still return.
 * @LOGGER_READER_A_LOST: u64, records it lost to eviction.
 * @LOGGER_READER_A_READ: u64, records it has read.
 * @LOGGER_READER_A_SKIPPED: u64, records its filter passed over.
 * @LOGGER_READER_A_HOLDING: u32, 1 when it (or its group) holds records
 *	(only under the block policy).
 * @LOGGER_READER_A_GROUP: string, its group's name (only in a group).
 * @LOGGER_READER_A_MEMBERS: u32, its group's members (only in a group).
 * @LOGGER_READER_A_TAG: string, a tag of its tag filter; repeated.
 * @__LOGGER_READER_A_MAX: one past the last.
 */
enum logger_reader_attr {
	LOGGER_READER_A_UNSPEC,
	LOGGER_READER_A_PAD,
	LOGGER_READER_A_ID,
	LOGGER_READER_A_PID,
	LOGGER_READER_A_COMM,
	LOGGER_READER_A_FILTER,
	LOGGER_READER_A_ORDER,
	LOGGER_READER_A_FORMAT,
	LOGGER_READER_A_BACKLOG,
	LOGGER_READER_A_LOST,
	LOGGER_READER_A_READ,
	LOGGER_READER_A_SKIPPED,
	LOGGER_READER_A_HOLDING,
	LOGGER_READER_A_GROUP,
	LOGGER_READER_A_MEMBERS,
	LOGGER_READER_A_TAG,
	__LOGGER_READER_A_MAX,
};

#define LOGGER_READER_A_MAX (__LOGGER_READER_A_MAX - 1)

/**
 * enum logger_config_attr - global settings (%LOGGER_A_CONFIG), mirroring
 *	&struct logger_config
 * @LOGGER_CONFIG_A_UNSPEC: unused.
 * @LOGGER_CONFIG_A_PAD: padding for 64-bit attributes; carries nothing.
 * @LOGGER_CONFIG_A_CAPACITY: u64, bytes of record memory.
 * @LOGGER_CONFIG_A_EVENT_INTERVAL_MS: u32, the event interval.
 * @LOGGER_CONFIG_A_MAX_RECORD: u32, largest message (read-only).
 * @LOGGER_CONFIG_A_POLICY: u32, &enum logger_policy.
 * @LOGGER_CONFIG_A_LEVEL: nest of &enum logger_level_attr holding only
 *	%LOGGER_LEVEL_A_INDEX and %LOGGER_LEVEL_A_RESERVE_PCT; repeated.
 * @__LOGGER_CONFIG_A_MAX: one past the last.
 */
enum logger_config_attr {
	LOGGER_CONFIG_A_UNSPEC,
	LOGGER_CONFIG_A_PAD,
	LOGGER_CONFIG_A_CAPACITY,
	LOGGER_CONFIG_A_EVENT_INTERVAL_MS,
	LOGGER_CONFIG_A_MAX_RECORD,
	LOGGER_CONFIG_A_POLICY,
	LOGGER_CONFIG_A_LEVEL,
	__LOGGER_CONFIG_A_MAX,
};

#define LOGGER_CONFIG_A_MAX (__LOGGER_CONFIG_A_MAX - 1)

/**
 * enum logger_genl_dir - direction of a crossed fill threshold
 * @LOGGER_DIR_UNSPEC: unused.
 * @LOGGER_DIR_UP: fill rose to or above the threshold.
 * @LOGGER_DIR_DOWN: fill fell below it (by the hysteresis).
 * @__LOGGER_DIR_MAX: one past the last.
 */
enum logger_genl_dir {
	LOGGER_DIR_UNSPEC,
	LOGGER_DIR_UP,
	LOGGER_DIR_DOWN,
	__LOGGER_DIR_MAX,
};

#define LOGGER_DIR_MAX (__LOGGER_DIR_MAX - 1)

/* ---- end of generic netlink ---- */

#endif /* _UAPI_LINUX_LOGGER_H */
