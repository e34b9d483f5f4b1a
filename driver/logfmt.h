/* SPDX-License-Identifier: GPL-2.0 */
/*
 * logfmt: the record syntax of /dev/logger, shared by the module and user
 * space (the unit tests and the tools compile this file too).
 *
 * Input:  an optional syslog prefix "<N>", N = facility * 8 + level.
 *         An optional "TAG: " after it (when the writer asks for tags).
 * Output: the text line "LEVEL,SEQ,REALTIME_US,PID,TID,UID;MESSAGE\n"
 *         ("...;TAG: MESSAGE\n" for a tagged record) with non-printable
 *         bytes and '\' escaped as "\xNN".
 */
#ifndef LOGGER_LOGFMT_H
#define LOGGER_LOGFMT_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
/* The kernel's opt-out of CONFIG_INIT_STACK_ALL_ZERO; nothing to do here. */
#define __uninitialized
#endif

/* Largest "<N>" prefix: "<191>". */
#define LG_PREFIX_MAX		5
/* Largest text line header: "7,SEQ,US,PID,TID,UID;" with 20+20+10*3 digits. */
#define LG_TEXT_HDR_MAX		(2 + 21 + 21 + 3 * 11 + 1)
/* Bytes a text line needs at most for a message of @len bytes. */
#define LG_TEXT_MAX(len)	(LG_TEXT_HDR_MAX + 4 * (size_t)(len) + 1)

/**
 * struct lg_text_meta - the fields of a text line other than the message
 * @level: 0..7.
 * @seq: sequence number (0 for the lost marker).
 * @real_us: wall clock, microseconds.
 * @pid: thread group id.
 * @tid: thread id.
 * @uid: uid.
 * @tag: the record's tag, or NULL.
 * @tag_len: bytes at @tag (0: no tag).
 */
struct lg_text_meta {
	unsigned int level;
	__u64 seq;
	__u64 real_us;
	__u32 pid;
	__u32 tid;
	__u32 uid;
	const char *tag;
	unsigned int tag_len;
};

size_t lg_find_newline(const char *buf, size_t len);
size_t lg_parse_prefix(const char *buf, size_t len, unsigned int *level,
		       unsigned int *facility);
bool lg_must_escape(unsigned char c);
size_t lg_escaped_len(const char *msg, size_t len);
size_t lg_format_text(char *out, size_t size, const struct lg_text_meta *m,
		      const char *msg, size_t len);
bool lg_tag_valid(const char *tag, size_t len);
size_t lg_parse_tag(const char *buf, size_t len, size_t *tag_len);

#endif /* LOGGER_LOGFMT_H */
