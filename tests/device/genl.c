// SPDX-License-Identifier: GPL-2.0
/*
 * A raw generic netlink client for the device suite: the tests build their
 * requests byte by byte (so they can send malformed ones) and walk the
 * replies' attributes themselves.
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "devtest.h"
#include "genl.h"

int gn_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	ck_assert_msg(fd >= 0, "netlink socket: %s", strerror(errno));
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

void gn_init(struct gn_msg *m, __u16 type, __u16 flags, __u8 cmd)
{
	memset(m, 0, sizeof(*m));
	m->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	m->nlh.nlmsg_type = type;
	m->nlh.nlmsg_flags = NLM_F_REQUEST | flags;
	m->nlh.nlmsg_seq = 1;
	m->genl.cmd = cmd;
	m->genl.version = 1;
}

struct nlattr *gn_put(struct gn_msg *m, __u16 type, const void *data,
		      size_t len)
{
	struct nlattr *a = (void *)((char *)m + NLMSG_ALIGN(m->nlh.nlmsg_len));

	ck_assert_uint_le(NLMSG_ALIGN(m->nlh.nlmsg_len) + NLA_HDRLEN + len,
			  sizeof(*m));
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	m->nlh.nlmsg_len = NLMSG_ALIGN(m->nlh.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

void gn_put_u32(struct gn_msg *m, __u16 type, __u32 v)
{
	gn_put(m, type, &v, sizeof(v));
}

void gn_put_u64(struct gn_msg *m, __u16 type, __u64 v)
{
	gn_put(m, type, &v, sizeof(v));
}

struct nlattr *gn_nest_start(struct gn_msg *m, __u16 type)
{
	return gn_put(m, type | NLA_F_NESTED, NULL, 0);
}

void gn_nest_end(struct gn_msg *m, struct nlattr *nest)
{
	nest->nla_len = (char *)m + m->nlh.nlmsg_len - (char *)nest;
}

void gn_send(int fd, struct gn_msg *m)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	ck_assert_int_eq(sendto(fd, m, m->nlh.nlmsg_len, 0,
				(struct sockaddr *)&sa, sizeof(sa)),
			 m->nlh.nlmsg_len);
}

ssize_t gn_recv(int fd, void *buf, size_t size, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, timeout_ms) != 1)
		return 0;
	n = recv(fd, buf, size, 0);
	ck_assert_msg(n > 0, "netlink recv: %s", strerror(errno));
	return n;
}

/*
 * Send @m and return the kernel's answer: 0 for an ack or a reply (copied
 * to @reply when not NULL), else the negative errno of the NLMSG_ERROR.
 */
int gn_call(int fd, struct gn_msg *m, struct gn_msg *reply)
{
	static char buf[65536];
	struct nlmsghdr *h;
	ssize_t n;

	m->nlh.nlmsg_flags |= NLM_F_ACK;
	gn_send(fd, m);
	for (;;) {
		n = gn_recv(fd, buf, sizeof(buf), 10000);
		ck_assert_msg(n > 0, "no netlink answer");
		for (h = (void *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				return e->error;
			}
			if (reply) {
				ck_assert_uint_le(h->nlmsg_len, sizeof(*reply));
				memcpy(reply, h, h->nlmsg_len);
			}
		}
	}
}

/* First attribute @type in [@a, @a + @len), or NULL. */
struct nlattr *gn_find(struct nlattr *a, size_t len, __u16 type)
{
	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= len) {
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		size_t step = NLA_ALIGN(a->nla_len);

		if (step >= len)
			break;
		len -= step;
		a = (void *)((char *)a + step);
	}
	return NULL;
}

struct nlattr *gn_attrs(struct gn_msg *m, size_t *len)
{
	*len = m->nlh.nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	return (void *)((char *)m + NLMSG_LENGTH(GENL_HDRLEN));
}

__u64 gn_get_u64(struct nlattr *a)
{
	__u64 v;

	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->nla_len, NLA_HDRLEN + 8);
	memcpy(&v, (char *)a + NLA_HDRLEN, 8);
	return v;
}

__u32 gn_get_u32(struct nlattr *a)
{
	__u32 v;

	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->nla_len, NLA_HDRLEN + 4);
	memcpy(&v, (char *)a + NLA_HDRLEN, 4);
	return v;
}

/* Resolve the family id, and the events group id into *@grp if not NULL. */
int gn_family(int fd, __u32 *grp)
{
	struct gn_msg m, r;
	struct nlattr *a, *groups, *g;
	size_t len;
	int ret;

	gn_init(&m, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY);
	gn_put(&m, CTRL_ATTR_FAMILY_NAME, LOGGER_GENL_NAME,
	       sizeof(LOGGER_GENL_NAME));
	ret = gn_call(fd, &m, &r);
	if (ret)
		return ret;
	a = gn_attrs(&r, &len);
	g = gn_find(a, len, CTRL_ATTR_FAMILY_ID);
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(g->nla_len, NLA_HDRLEN + 2);
	ret = *(__u16 *)((char *)g + NLA_HDRLEN);
	if (grp) {
		groups = gn_find(a, len, CTRL_ATTR_MCAST_GROUPS);
		ck_assert_ptr_nonnull(groups);
		g = (void *)((char *)groups + NLA_HDRLEN);
		a = gn_find((void *)((char *)g + NLA_HDRLEN),
			    g->nla_len - NLA_HDRLEN, CTRL_ATTR_MCAST_GRP_NAME);
		ck_assert_str_eq((char *)a + NLA_HDRLEN,
				 LOGGER_GENL_MCGRP_EVENTS);
		*grp = gn_get_u32(gn_find((void *)((char *)g + NLA_HDRLEN),
					  g->nla_len - NLA_HDRLEN,
					  CTRL_ATTR_MCAST_GRP_ID));
	}
	return ret;
}
