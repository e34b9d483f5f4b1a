/* SPDX-License-Identifier: GPL-2.0 */
/* Host unit tests: one Check runner, one make_*_suite() per file. */
#ifndef LOGGER_UNIT_H
#define LOGGER_UNIT_H

#include <check.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct cons_opts;
struct ctl_args;
struct nl_msg;

Suite *make_logfmt_suite(void);
Suite *make_uapi_suite(void);
Suite *make_levels_suite(void);
Suite *make_ctl_suite(void);
Suite *make_ctl_flow_suite(void);
Suite *make_jsonw_suite(void);
Suite *make_prod_queue_suite(void);
Suite *make_prod_args_suite(void);
Suite *make_cons_spec_suite(void);
Suite *make_cons_record_suite(void);
Suite *make_cons_router_suite(void);
Suite *make_cons_fwd_suite(void);
Suite *make_cons_queue_suite(void);
Suite *make_tools_host_suite(void);

/* unit_util.c: command lines from NULL-terminated lists of words. */
#define UT_ARGV_MAX 40
int ut_vargv(char **argv, int size, const char *argv0, va_list ap);
int ut_cons_args(struct cons_opts *o, char *err, size_t len, ...);
int ut_ctl_vparse(struct ctl_args *a, FILE *err, va_list ap);
int ut_ctl_parse(struct ctl_args *a, FILE *err, ...);

/* unit_util.c: output captured into a string (open_memstream). */
struct ut_cap {
	FILE *f;
	char *buf;
	size_t len;
};

FILE *ut_cap_open(struct ut_cap *c);
/* Closes the stream; returns the text written, for the caller to free(). */
char *ut_cap_close(struct ut_cap *c);

/* What was written to @c must be @expect, byte for byte. */
#define ck_output(c, expect) do {				\
	char *out_ = ut_cap_close(c);				\
	ck_assert_str_eq(out_, expect);				\
	free(out_);						\
} while (0)

/* unit_util.c: generic-netlink messages as the kernel builds them. */
#define UT_FAMILY	0x1c
struct nl_msg *ut_kmsg(uint8_t cmd);
void ut_put_u32(struct nl_msg *msg, int type, uint32_t v);
void ut_put_u64(struct nl_msg *msg, int type, uint64_t v, int pad);

#endif
