// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the host unit tests: output captured into a string,
 * and generic-netlink messages built as the kernel builds them
 * (driver/netlink.c).
 */
#include <stdio.h>
#include <stdlib.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "logger.h"
#include "unit.h"

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
