// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the host unit tests: command lines built from a
 * NULL-terminated list of words, output captured into a string, and
 * generic-netlink messages built as the kernel builds them
 * (driver/netlink.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "../../userland/consumer/cons_opts.h"
#include "../../userland/ctl/ctl.h"
#include "logger.h"
#include "unit.h"

/*
 * @argv (@size slots): @argv0, then the words of @ap up to their NULL,
 * then NULL.  More words than fit fail the test (none is dropped).
 * Returns argc.
 */
int ut_vargv(char **argv, int size, const char *argv0, va_list ap)
{
	int argc = 1;
	char *s;

	argv[0] = (char *)argv0;
	while ((s = va_arg(ap, char *))) {
		ck_assert_msg(argc < size - 1, "more than %d arguments",
			      size - 2);
		argv[argc++] = s;
	}
	argv[argc] = NULL;
	return argc;
}

/* logger-consumer's options from the words after @len, up to NULL. */
int ut_cons_args(struct cons_opts *o, char *err, size_t len, ...)
{
	/* Static: what the options point to outlives the call. */
	static char *argv[UT_ARGV_MAX];
	va_list ap;
	int argc;

	va_start(ap, len);
	argc = ut_vargv(argv, UT_ARGV_MAX, "logger-consumer", ap);
	va_end(ap);
	return cons_parse_args(argc, argv, 0, o, err, len);
}

/* loggerctl's command line (errors to @err) from @ap, up to NULL. */
int ut_ctl_vparse(struct ctl_args *a, FILE *err, va_list ap)
{
	static char *argv[UT_ARGV_MAX];
	int argc = ut_vargv(argv, UT_ARGV_MAX, "loggerctl", ap);

	return ctl_parse_args(argc, argv, a, err);
}

int ut_ctl_parse(struct ctl_args *a, FILE *err, ...)
{
	va_list ap;
	int rc;

	va_start(ap, err);
	rc = ut_ctl_vparse(a, err, ap);
	va_end(ap);
	return rc;
}

FILE *ut_cap_open(struct ut_cap *c)
{
	c->buf = NULL;
	c->f = open_memstream(&c->buf, &c->len);
	ck_assert_ptr_nonnull(c->f);
	return c->f;
}

char *ut_cap_close(struct ut_cap *c)
{
	ck_assert_int_eq(fclose(c->f), 0);
	return c->buf;
}

/* A message of the logger family (id UT_FAMILY) as the kernel starts one. */
struct nl_msg *ut_kmsg(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	ck_assert_ptr_nonnull(msg);
	ck_assert_ptr_nonnull(genlmsg_put(msg, 0, 1, UT_FAMILY, 0, 0, cmd,
					  LOGGER_GENL_VERSION));
	return msg;
}

void ut_put_u32(struct nl_msg *msg, int type, uint32_t v)
{
	ck_assert_int_eq(nla_put_u32(msg, type, v), 0);
}

/* nla_put_u64_64bit(): a pad attribute first, as on strict-align arches. */
void ut_put_u64(struct nl_msg *msg, int type, uint64_t v, int pad)
{
	ck_assert_int_eq(nla_put(msg, pad, 0, NULL), 0);
	ck_assert_int_eq(nla_put_u64(msg, type, v), 0);
}
