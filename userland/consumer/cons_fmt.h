/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cons_fmt: a record as a line of output: the device's raw text line,
 * JSON, or the human formats (short with dmesg's time formats, cat).
 */
#ifndef LOGGER_CONS_FMT_H
#define LOGGER_CONS_FMT_H

#include <stdbool.h>

#include "cons_record.h"
#include "jsonw.h"

/**
 * struct cons_fmt_ctx - how a reader's records look
 * @format: &enum cons_format.
 * @time: &enum cons_time (short format).
 * @color: dmesg's colours (decided per output: a terminal, --color).
 * @decode: show FACILITY.LEVEL instead of the level alone (dmesg -x).
 */
struct cons_fmt_ctx {
	unsigned int format;
	unsigned int time;
	bool color;
	bool decode;
};

/**
 * struct cons_fmt_state - what the delta and reltime columns remember
 * @last_mono_ns: monotonic time of the previous record (0: none yet).
 * @last_minute: wall-clock minute of the last "[Nov21 14:03]" head.
 */
struct cons_fmt_state {
	unsigned long long last_mono_ns;
	long long last_minute;
};

int cons_fmt_record(struct lg_sbuf *b, const struct cons_rec *r,
		    const struct cons_fmt_ctx *c, struct cons_fmt_state *st);
int cons_fmt_lost(struct lg_sbuf *b, unsigned long long lost,
		  unsigned long long real_us, const struct cons_fmt_ctx *c);
void cons_fmt_human_str(struct lg_sbuf *b, const char *s, size_t n);

#endif /* LOGGER_CONS_FMT_H */
