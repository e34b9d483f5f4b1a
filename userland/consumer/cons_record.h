/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cons_record: binary records from /dev/logger, decoded (cons_fmt.h formats
 * them).
 */
#ifndef LOGGER_CONS_RECORD_H
#define LOGGER_CONS_RECORD_H

#include <stddef.h>

#include "jsonw.h"
#include "logger.h"

/**
 * struct cons_rec - one decoded record
 * @h: the version-1 header fields (copied; the buffer may be unaligned).
 * @tag: the record's tag, NUL-terminated (format 2; empty in format 1 or
 *	when the record has none).
 * @tag_len: its length, 0..LOGGER_TAG_MAX.
 * @msg: the payload inside the read buffer (not NUL-terminated).
 * @msg_len: its length.
 */
struct cons_rec {
	struct logger_record h;
	char tag[LOGGER_TAG_MAX + 1];
	size_t tag_len;
	const char *msg;
	size_t msg_len;
};

int cons_decode_next(const char *buf, size_t len, size_t *off,
		     struct cons_rec *r);

#endif /* LOGGER_CONS_RECORD_H */
