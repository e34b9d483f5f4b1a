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

/* Output format of a reader. */
enum cons_format {
	CONS_FMT_TEXT,	/* the device's text line */
	CONS_FMT_JSON,	/* one JSON object per line */
};

/**
 * struct cons_spec - what one reader reads and where it writes
 * @name: identifies the reader across reloads; defaults to @out.
 * @levels: filter mask, bit L = level L.
 * @order: LOGGER_ORDER_PRIORITY or LOGGER_ORDER_SEQ.
 * @format: &enum cons_format.
 * @out: output path, "-" for standard output.
 */
struct cons_spec {
	char name[CONS_NAME_MAX];
	unsigned int levels;
	unsigned int order;
	unsigned int format;
	char out[PATH_MAX];
};

void cons_spec_default(struct cons_spec *sp, unsigned int format);
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
