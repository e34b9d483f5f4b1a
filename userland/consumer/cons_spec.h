/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cons_spec: reader specs ("levels=err..warning,order=priority,out=x.log")
 * and the config file that lists them, one per line.
 */
#ifndef LOGGER_CONS_SPEC_H
#define LOGGER_CONS_SPEC_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* Most readers one consumer runs. */
#define CONS_MAX_READERS	64
/* Longest reader name. */
#define CONS_NAME_MAX		64
/* A tag or group name with its NUL (uapi: 31 bytes at most). */
#define CONS_TAG_SIZE		32
/* Tags in a reader's kernel tag filter (LOGGER_TAG_FILTER_MAX). */
#define CONS_MAX_TAGS		8

/* Output format of a reader (-o, journalctl's names). */
enum cons_format {
	CONS_FMT_TEXT,		/* "raw": the device's own text line */
	CONS_FMT_JSON,		/* one JSON object per line */
	CONS_FMT_JSON_PRETTY,	/* one indented JSON object per record */
	CONS_FMT_SHORT,		/* TIME LEVEL COMM[PID]: MESSAGE */
	CONS_FMT_CAT,		/* the message only */
	CONS_FMT_AUTO = 255,	/* short on a terminal, else raw */
};

/* The time column of the short format (dmesg's --time-format). */
enum cons_time {
	CONS_TIME_SYSLOG,	/* "Nov 21 14:03:07", local (journalctl short) */
	CONS_TIME_PRECISE,	/* "Nov 21 14:03:07.123456" */
	CONS_TIME_ISO,		/* "2026-11-21T14:03:07,123456+01:00" */
	CONS_TIME_CTIME,	/* "Thu Nov 21 14:03:07 2026" (dmesg -T) */
	CONS_TIME_RELTIME,	/* "[Nov21 14:03]", then "[  +0.000123]" */
	CONS_TIME_DELTA,	/* "[  12.345678 <   0.000123>]" */
	CONS_TIME_RAW,		/* "[  12.345678]": monotonic seconds */
	CONS_TIME_UNIX,		/* "1700000000.123456" */
	CONS_TIME_NOTIME,	/* nothing */
};

int cons_format_parse(const char *s, unsigned int *format,
		      unsigned int *time);
int cons_tag_check(const char *t);
int cons_group_check(const char *g);
int cons_time_parse(const char *s, unsigned int *time);

/**
 * struct cons_spec - what one reader reads and where it writes
 * @name: identifies the reader across reloads; defaults to @out.
 * @levels: filter mask, bit L = level L.
 * @order: LOGGER_ORDER_PRIORITY or LOGGER_ORDER_SEQ.
 * @format: &enum cons_format.
 * @time: &enum cons_time, for CONS_FMT_SHORT.
 * @out: output path, "-" for standard output.
 * @cursor: "" or a cursor file: where to start, saved at exit
 *	(journalctl --cursor-file).
 * @state: @cursor is a forwarder's state file (state=FILE, --state):
 *	saved after every batch the collector confirmed, and a position of
 *	another load of the module is reported even with -q.
 * @group: "" or the reader group the fd joins (group=NAME, --group):
 *	each record goes to one member of the group.
 * @tags: the kernel tag filter (tags=A,B; --tag): records with another
 *	tag are skipped; "" stands for records without a tag.
 * @ntags: tags in @tags (0: every tag).
 */
struct cons_spec {
	char name[CONS_NAME_MAX];
	unsigned int levels;
	unsigned int order;
	unsigned int format;
	unsigned int time;
	char out[PATH_MAX];
	char cursor[PATH_MAX];
	bool state;
	char group[CONS_TAG_SIZE];
	char tags[CONS_MAX_TAGS][CONS_TAG_SIZE];
	unsigned int ntags;
};

void cons_spec_default(struct cons_spec *sp, unsigned int format);
int cons_spec_add_tag(struct cons_spec *sp, const char *t);
int cons_spec_parse(const char *s, const struct cons_spec *def,
		    struct cons_spec *sp, char *err, size_t errlen);
bool cons_spec_same_view(const struct cons_spec *a,
			 const struct cons_spec *b);
bool cons_spec_equal(const struct cons_spec *a, const struct cons_spec *b);
const char *cons_order_name(unsigned int order);
int cons_config_parse(const char *text, const struct cons_spec *def,
		      struct cons_spec *specs, size_t max, size_t *n,
		      char *err, size_t errlen);
int cons_config_load(const char *path, const struct cons_spec *def,
		     struct cons_spec *specs, size_t max, size_t *n,
		     char *err, size_t errlen);

#endif /* LOGGER_CONS_SPEC_H */
