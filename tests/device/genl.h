/* SPDX-License-Identifier: GPL-2.0 */
/* A raw generic netlink client for the device suite (genl.c). */
#ifndef LOGGER_GENL_TEST_H
#define LOGGER_GENL_TEST_H

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <sys/types.h>

struct gn_msg {
	struct nlmsghdr nlh;
	struct genlmsghdr genl;
	char data[16384];
};

int gn_open(void);
int gn_family(int fd, __u32 *grp);
void gn_init(struct gn_msg *m, __u16 type, __u16 flags, __u8 cmd);
struct nlattr *gn_put(struct gn_msg *m, __u16 type, const void *data,
		      size_t len);
void gn_put_u32(struct gn_msg *m, __u16 type, __u32 v);
void gn_put_u64(struct gn_msg *m, __u16 type, __u64 v);
struct nlattr *gn_nest_start(struct gn_msg *m, __u16 type);
void gn_nest_end(struct gn_msg *m, struct nlattr *nest);
void gn_send(int fd, struct gn_msg *m);
ssize_t gn_recv(int fd, void *buf, size_t size, int timeout_ms);
int gn_call(int fd, struct gn_msg *m, struct gn_msg *reply);
struct nlattr *gn_attrs(struct gn_msg *m, size_t *len);
struct nlattr *gn_find(struct nlattr *a, size_t len, __u16 type);
__u64 gn_get_u64(struct nlattr *a);
__u32 gn_get_u32(struct nlattr *a);

#endif
