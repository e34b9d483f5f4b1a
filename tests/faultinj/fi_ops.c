// SPDX-License-Identifier: GPL-2.0
/*
 * The operations of the fault-injection campaign (see faultinj.c): each
 * sets up what it needs, makes exactly one call (or, for netlink, one
 * request and its answer) and checks that a failure left nothing half
 * done.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "faultinj.h"

static char big[48 * 1024];
static char rbuf[1 << 16];

static void set_result(struct fi_ctx *c, long ret)
{
	c->ret = ret;
	c->err = ret < 0 ? errno : 0;
}

static void close_all(struct fi_ctx *c)
{
	fi_close(&c->w);
	fi_close(&c->r);
	fi_close(&c->fd);
	fi_close(&c->ep);
	fi_close(&c->nl);
}

/* A binary chronological reader that will see only what comes next. */
static int new_tail_reader(void)
{
	int r = fi_open(O_RDONLY | O_NONBLOCK);

	fi_set_view(r, LOGGER_FORMAT_BINARY, LOGGER_ORDER_SEQ);
	if (lseek(r, 0, SEEK_END))
		fi_die("lseek END: %s", strerror(errno));
	return r;
}

/* ---- open and close ------------------------------------------------- */

static int open_flags(const struct fi_ctx *c, int which)
{
	static const int f[] = { O_RDONLY, O_WRONLY, O_RDWR };

	return f[which];
}

#define OPEN_OP(name, which)						\
static void name##_call(struct fi_ctx *c)				\
{									\
	set_result(c, open(FI_DEV, open_flags(c, which) | O_CLOEXEC));	\
	c->fd = c->ret;							\
}									\
static bool name##_check(struct fi_ctx *c, enum fi_kind kind)		\
{									\
	return open_check(c, which);					\
}

static bool open_check(struct fi_ctx *c, int which)
{
	struct logger_stats st = fi_stats(c->ctl);
	unsigned int rd = which != 1, wr = which != 0, opened = c->ret >= 0;

	if (st.readers != c->before.readers + rd * opened ||
	    st.writers != c->before.writers + wr * opened)
		return fi_fail(c, "open %s: readers %u -> %u, writers %u -> %u",
			       c->ret >= 0 ? "succeeded" : "failed",
			       c->before.readers, st.readers,
			       c->before.writers, st.writers);
	return true;
}

OPEN_OP(open_r, 0)
OPEN_OP(open_w, 1)
OPEN_OP(open_rw, 2)

static void close_setup(struct fi_ctx *c)
{
	c->fd = fi_open(O_RDWR);
}

static void close_call(struct fi_ctx *c)
{
	set_result(c, close(c->fd));
	c->fd = -1;
}

static bool close_check(struct fi_ctx *c, enum fi_kind kind)
{
	struct logger_stats st = fi_stats(c->ctl);

	if (c->ret < 0)
		return fi_fail(c, "close failed: %s", strerror(c->err));
	/* The release ran before close() returned (no other reference). */
	if (st.readers + 1 != c->before.readers ||
	    st.writers + 1 != c->before.writers)
		return fi_fail(c, "close: readers %u -> %u, writers %u -> %u",
			       c->before.readers, st.readers,
			       c->before.writers, st.writers);
	return true;
}

/* ---- writing ---------------------------------------------------------- */

static void write_setup_common(struct fi_ctx *c)
{
	fi_clear(c->ctl);
	c->w = fi_open(O_WRONLY);
	c->r = new_tail_reader();
}

static void write1_setup(struct fi_ctx *c)
{
	write_setup_common(c);
	c->buf = "<3>faultinj: one record\n";
	c->len = strlen(c->buf);
}

static void writelarge_setup(struct fi_ctx *c)
{
	size_t len = 0;
	int i = 0;

	write_setup_common(c);
	while (len + 128 < sizeof(big))
		len += snprintf(big + len, sizeof(big) - len,
				"<%d>faultinj: large write, record %05d, some padding to make it longer\n",
				i % 8, i), i++;
	c->buf = big;
	c->len = len;
}

static void write_call(struct fi_ctx *c)
{
	set_result(c, write(c->w, c->buf, c->len));
}

static const char *const wv_parts[] = {
	"<4>faultinj: writev a\n<5>faultinj: wr", "itev b\n",
	"<6>faultinj: writev c",
};

static void writev_setup(struct fi_ctx *c)
{
	size_t len = 0;
	unsigned int i;

	write_setup_common(c);
	for (i = 0; i < 3; i++)
		len += snprintf(big + len, sizeof(big) - len, "%s",
				wv_parts[i]);
	c->buf = big;
	c->len = len;
}

static void writev_call(struct fi_ctx *c)
{
	struct iovec iov[3];
	unsigned int i;

	for (i = 0; i < 3; i++) {
		iov[i].iov_base = (void *)wv_parts[i];
		iov[i].iov_len = strlen(wv_parts[i]);
	}
	set_result(c, writev(c->w, iov, 3));
}

/* A write that returned n stored exactly the records of those n bytes. */
static bool write_check(struct fi_ctx *c, enum fi_kind kind)
{
	size_t took = c->ret > 0 ? c->ret : 0;
	size_t want = fi_count_records(c->buf, took);
	struct logger_stats st = fi_stats(c->ctl);

	if (kind == FI_NONE && c->ret != (long)c->len)
		return fi_fail(c, "write returned %ld of %zu with no fault",
			       c->ret, c->len);
	if (took > c->len)
		return fi_fail(c, "write returned %zu > %zu", took, c->len);
	if (st.written - c->before.written != want)
		return fi_fail(c, "write returned %ld: %zu records in those bytes, %llu stored",
			       c->ret, want,
			       (unsigned long long)(st.written - c->before.written));
	return fi_read_back(c, c->r, c->buf, took);
}

/* ---- reading ---------------------------------------------------------- */

static const char read_recs[] =
	"<3>faultinj: read a\n<4>faultinj: read b\n<6>faultinj: read c\n";

static void read_setup(struct fi_ctx *c, unsigned int format)
{
	fi_clear(c->ctl);
	c->w = fi_open(O_WRONLY);
	fi_write_all(c->w, read_recs);
	c->r = fi_open(O_RDONLY | O_NONBLOCK);
	fi_set_view(c->r, format, LOGGER_ORDER_SEQ);
}

static void read_text_setup(struct fi_ctx *c)
{
	read_setup(c, LOGGER_FORMAT_TEXT);
}

static void read_bin_setup(struct fi_ctx *c)
{
	read_setup(c, LOGGER_FORMAT_BINARY);
}

static void read_call(struct fi_ctx *c)
{
	set_result(c, read(c->r, rbuf, sizeof(rbuf)));
}

/* Messages of @n bytes of reads in @fmt, appended to @out as "msg\n". */
static size_t messages(const char *b, size_t n, unsigned int fmt, char *out,
		       size_t osize, size_t olen)
{
	size_t off = 0;

	while (off < n) {
		if (fmt == LOGGER_FORMAT_BINARY) {
			const struct logger_record *h = (const void *)(b + off);

			olen += snprintf(out + olen, osize - olen, "%.*s\n",
					 (int)h->msg_len, b + off + h->hdr_len);
			off += h->hdr_len + LOGGER_ALIGN(h->msg_len);
		} else {
			const char *semi = memchr(b + off, ';', n - off);
			const char *nl = memchr(b + off, '\n', n - off);

			if (!semi || !nl)
				break;
			olen += snprintf(out + olen, osize - olen, "%.*s\n",
					 (int)(nl - semi - 1), semi + 1);
			off = nl - b + 1;
		}
	}
	return olen;
}

/* What the failed or successful read returned, plus what is left, must
 * be the three records exactly once, in order. */
static bool read_check(struct fi_ctx *c, enum fi_kind kind)
{
	static const char want[] =
		"faultinj: read a\nfaultinj: read b\nfaultinj: read c\n";
	struct logger_view v;
	char got[1024];
	size_t len = 0;
	ssize_t n;

	if (ioctl(c->r, LOGGER_IOC_GET_VIEW, &v))
		fi_die("GET_VIEW: %s", strerror(errno));
	if (c->ret > 0)
		len = messages(rbuf, c->ret, v.format, got, sizeof(got), len);
	while ((n = read(c->r, rbuf, sizeof(rbuf))) > 0)
		len = messages(rbuf, n, v.format, got, sizeof(got), len);
	if (n < 0 && errno != EAGAIN)
		return fi_fail(c, "read after: %s", strerror(errno));
	if (len != strlen(want) || memcmp(got, want, len))
		return fi_fail(c, "read returned %ld; the records read in all: \"%.*s\"",
			       c->ret, (int)len, got);
	return true;
}

/* ---- poll, epoll, lseek ------------------------------------------------- */

static void one_record_reader_setup(struct fi_ctx *c)
{
	c->w = fi_open(O_WRONLY);
	fi_write_all(c->w, "<5>faultinj: something to read\n");
	c->r = fi_open(O_RDONLY | O_NONBLOCK);
}

static void poll_call(struct fi_ctx *c)
{
	struct pollfd p = { .fd = c->r, .events = POLLIN };

	set_result(c, poll(&p, 1, 0));
	if (c->ret == 1 && !(p.revents & POLLIN))
		c->ret = 0;
}

static bool ready_check(struct fi_ctx *c, enum fi_kind kind)
{
	if (c->ret >= 0 && c->ret != 1)
		return fi_fail(c, "not readable (returned %ld)", c->ret);
	return true;
}

static void epoll_ctl_setup(struct fi_ctx *c)
{
	one_record_reader_setup(c);
	c->ep = epoll_create1(EPOLL_CLOEXEC);
	if (c->ep < 0)
		fi_die("epoll_create1: %s", strerror(errno));
}

static void epoll_ctl_call(struct fi_ctx *c)
{
	struct epoll_event ev = { .events = EPOLLIN };

	set_result(c, epoll_ctl(c->ep, EPOLL_CTL_ADD, c->r, &ev));
}

static bool epoll_ctl_check(struct fi_ctx *c, enum fi_kind kind)
{
	struct epoll_event ev;
	int n = epoll_wait(c->ep, &ev, 1, 0);

	if (c->ret == 0 && n != 1)
		return fi_fail(c, "epoll_ctl ADD succeeded, epoll_wait gives %d",
			       n);
	if (c->ret < 0 && n != 0)
		return fi_fail(c, "epoll_ctl ADD failed, epoll_wait gives %d",
			       n);
	return true;
}

static void epoll_wait_setup(struct fi_ctx *c)
{
	epoll_ctl_setup(c);
	epoll_ctl_call(c);
	if (c->ret)
		fi_die("epoll_ctl: %s", strerror(errno));
}

static void epoll_wait_call(struct fi_ctx *c)
{
	struct epoll_event ev;

	set_result(c, epoll_wait(c->ep, &ev, 1, 0));
}

static void lseek_end_call(struct fi_ctx *c)
{
	set_result(c, lseek(c->r, 0, SEEK_END));
}

static void lseek_set_call(struct fi_ctx *c)
{
	set_result(c, lseek(c->r, 0, SEEK_SET));
}

static bool lseek_check(struct fi_ctx *c, enum fi_kind kind)
{
	if (c->ret > 0)
		return fi_fail(c, "lseek returned %ld", c->ret);
	return true;
}

/* ---- ioctls ------------------------------------------------------------- */

static union {
	struct logger_stats st;
	struct logger_config cfg;
	struct logger_view vw;
	struct logger_view_stats vs;
	struct logger_pos pos;
	__u64 size;
} arg;

static void ioctl_setup(struct fi_ctx *c)
{
	one_record_reader_setup(c);
	c->cfg_before = (struct logger_config){ 0 };
	if (ioctl(c->ctl, LOGGER_IOC_GET_CONFIG, &c->cfg_before))
		fi_die("GET_CONFIG: %s", strerror(errno));
	memset(&arg, 0, sizeof(arg));
}

#define IOCTL_OP(name, cmd, prep)					\
static void name##_call(struct fi_ctx *c)				\
{									\
	set_result(c, ioctl(c->r, cmd, &arg));				\
}									\
static void name##_setup(struct fi_ctx *c)				\
{									\
	ioctl_setup(c);							\
	prep;								\
}

static void toggle_capacity(struct fi_ctx *c)
{
	arg.cfg = c->cfg_before;
	arg.cfg.capacity = c->cfg_before.capacity == 1 << 20 ? 2 << 20 : 1 << 20;
}

IOCTL_OP(ioc_get_stats, LOGGER_IOC_GET_STATS, (void)0)
IOCTL_OP(ioc_get_config, LOGGER_IOC_GET_CONFIG, (void)0)
IOCTL_OP(ioc_set_config, LOGGER_IOC_SET_CONFIG, toggle_capacity(c))
IOCTL_OP(ioc_get_view, LOGGER_IOC_GET_VIEW, (void)0)
IOCTL_OP(ioc_set_view, LOGGER_IOC_SET_VIEW,
	 (ioctl(c->r, LOGGER_IOC_GET_VIEW, &arg.vw),
	  arg.vw.format = LOGGER_FORMAT_BINARY))
IOCTL_OP(ioc_view_stats, LOGGER_IOC_VIEW_STATS, (void)0)
IOCTL_OP(ioc_next_size, LOGGER_IOC_NEXT_SIZE, (void)0)
IOCTL_OP(ioc_get_pos, LOGGER_IOC_GET_POS, (void)0)
IOCTL_OP(ioc_seek, LOGGER_IOC_SEEK,
	 ioctl(c->r, LOGGER_IOC_GET_POS, &arg.pos))
IOCTL_OP(ioc_clear, LOGGER_IOC_CLEAR, (void)0)

static bool set_config_check(struct fi_ctx *c, enum fi_kind kind)
{
	struct logger_config now;

	if (ioctl(c->ctl, LOGGER_IOC_GET_CONFIG, &now))
		fi_die("GET_CONFIG: %s", strerror(errno));
	if (c->ret == 0 && now.capacity != arg.cfg.capacity)
		return fi_fail(c, "SET_CONFIG succeeded, capacity still %llu",
			       (unsigned long long)now.capacity);
	if (c->ret < 0 && now.capacity != c->cfg_before.capacity)
		return fi_fail(c, "SET_CONFIG failed (%s), capacity changed to %llu",
			       strerror(c->err),
			       (unsigned long long)now.capacity);
	return true;
}

static bool clear_check(struct fi_ctx *c, enum fi_kind kind)
{
	struct logger_stats st = fi_stats(c->ctl);

	if (c->ret == 0 && st.records)
		return fi_fail(c, "cleared, %llu records left",
			       (unsigned long long)st.records);
	if (c->ret < 0 && !c->netlink && st.records != c->before.records)
		return fi_fail(c, "clear failed (%s), records %llu -> %llu",
			       strerror(c->err),
			       (unsigned long long)c->before.records,
			       (unsigned long long)st.records);
	return true;
}

/* ---- generic netlink ------------------------------------------------------ */

static struct {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char buf[256];
} req;

static void genl_setup(struct fi_ctx *c, __u8 cmd, __u16 flags)
{
	ioctl_setup(c);
	c->netlink = true;
	c->nl = fi_nl_socket();
	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	req.n.nlmsg_type = c->family;
	req.n.nlmsg_flags = NLM_F_REQUEST | flags;
	req.n.nlmsg_seq = c->step;
	req.g.cmd = cmd;
	req.g.version = LOGGER_GENL_VERSION;
}

/* One request and its whole answer; ret 0 when it ended in success. */
static void genl_call(struct fi_ctx *c)
{
	static char nb[65536];
	ssize_t n;

	if (send(c->nl, &req, req.n.nlmsg_len, 0) < 0) {
		set_result(c, -1);
		return;
	}
	for (;;) {
		struct nlmsghdr *h = (void *)nb;

		n = recv(c->nl, nb, sizeof(nb), MSG_DONTWAIT);
		if (n < 0) {
			set_result(c, -1);	/* EAGAIN: no answer at all */
			return;
		}
		for (; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			int e;

			if (h->nlmsg_type != NLMSG_ERROR &&
			    h->nlmsg_type != NLMSG_DONE)
				continue;
			memcpy(&e, NLMSG_DATA(h), sizeof(e));
			c->ret = e ? -1 : 0;
			c->err = -e;
			return;
		}
	}
}

static void genl_stats_setup(struct fi_ctx *c)
{
	genl_setup(c, LOGGER_CMD_GET_STATS, NLM_F_ACK);
}

static void genl_readers_setup(struct fi_ctx *c)
{
	genl_setup(c, LOGGER_CMD_GET_READERS, NLM_F_DUMP);
	c->fd = fi_open(O_RDONLY);	/* a second reader to list */
}

static void genl_clear_setup(struct fi_ctx *c)
{
	genl_setup(c, LOGGER_CMD_CLEAR, NLM_F_ACK);
}

static void genl_get_config_setup(struct fi_ctx *c)
{
	genl_setup(c, LOGGER_CMD_GET_CONFIG, NLM_F_ACK);
}

static void genl_set_config_setup(struct fi_ctx *c)
{
	struct nlattr *cfg, *cap;
	__u64 v;

	genl_setup(c, LOGGER_CMD_SET_CONFIG, NLM_F_ACK);
	toggle_capacity(c);
	v = arg.cfg.capacity;
	cfg = (void *)req.buf;
	cfg->nla_type = LOGGER_A_CONFIG | NLA_F_NESTED;
	cap = (void *)(req.buf + NLA_HDRLEN);
	cap->nla_type = LOGGER_CONFIG_A_CAPACITY;
	cap->nla_len = NLA_HDRLEN + sizeof(v);
	memcpy(req.buf + 2 * NLA_HDRLEN, &v, sizeof(v));
	cfg->nla_len = NLA_HDRLEN + cap->nla_len;
	req.n.nlmsg_len += cfg->nla_len;
}

/* A netlink command that reported an error must not have taken effect;
 * a lost answer (ENOBUFS, or EFAULT copying it out) says nothing. */
static bool genl_set_config_check(struct fi_ctx *c, enum fi_kind kind)
{
	if (c->ret < 0 && c->err != ENOMEM)
		return true;
	return set_config_check(c, kind);
}

static bool genl_clear_check(struct fi_ctx *c, enum fi_kind kind)
{
	struct logger_stats st = fi_stats(c->ctl);

	if (c->ret == 0 && st.records)
		return fi_fail(c, "cleared, %llu records left",
			       (unsigned long long)st.records);
	if (c->ret < 0 && c->err == ENOMEM && st.records != c->before.records)
		return fi_fail(c, "CLEAR answered ENOMEM, yet records %llu -> %llu",
			       (unsigned long long)c->before.records,
			       (unsigned long long)st.records);
	return true;
}

const struct fi_op fi_ops[] = {
	{ "open-read", NULL, open_r_call, open_r_check, close_all },
	{ "open-write", NULL, open_w_call, open_w_check, close_all },
	{ "open-rw", NULL, open_rw_call, open_rw_check, close_all },
	{ "write-1", write1_setup, write_call, write_check, close_all },
	{ "writev-3", writev_setup, writev_call, write_check, close_all },
	{ "write-48k", writelarge_setup, write_call, write_check, close_all },
	{ "read-text", read_text_setup, read_call, read_check, close_all },
	{ "read-binary", read_bin_setup, read_call, read_check, close_all },
	{ "ioctl-clear", ioc_clear_setup, ioc_clear_call, clear_check,
	  close_all },
	{ "ioctl-get-stats", ioc_get_stats_setup, ioc_get_stats_call, NULL,
	  close_all },
	{ "ioctl-get-config", ioc_get_config_setup, ioc_get_config_call, NULL,
	  close_all },
	{ "ioctl-set-config", ioc_set_config_setup, ioc_set_config_call,
	  set_config_check, close_all },
	{ "ioctl-get-view", ioc_get_view_setup, ioc_get_view_call, NULL,
	  close_all },
	{ "ioctl-set-view", ioc_set_view_setup, ioc_set_view_call, NULL,
	  close_all },
	{ "ioctl-view-stats", ioc_view_stats_setup, ioc_view_stats_call, NULL,
	  close_all },
	{ "ioctl-next-size", ioc_next_size_setup, ioc_next_size_call, NULL,
	  close_all },
	{ "ioctl-get-pos", ioc_get_pos_setup, ioc_get_pos_call, NULL,
	  close_all },
	{ "ioctl-seek", ioc_seek_setup, ioc_seek_call, NULL, close_all },
	{ "genl-get-stats", genl_stats_setup, genl_call, NULL, close_all },
	{ "genl-get-readers", genl_readers_setup, genl_call, NULL, close_all },
	{ "genl-clear", genl_clear_setup, genl_call, genl_clear_check,
	  close_all },
	{ "genl-get-config", genl_get_config_setup, genl_call, NULL,
	  close_all },
	{ "genl-set-config", genl_set_config_setup, genl_call,
	  genl_set_config_check, close_all },
	{ "poll", one_record_reader_setup, poll_call, ready_check, close_all },
	{ "epoll-ctl", epoll_ctl_setup, epoll_ctl_call, epoll_ctl_check,
	  close_all },
	{ "epoll-wait", epoll_wait_setup, epoll_wait_call, ready_check,
	  close_all },
	{ "lseek-end", one_record_reader_setup, lseek_end_call, lseek_check,
	  close_all },
	{ "lseek-set", one_record_reader_setup, lseek_set_call, lseek_check,
	  close_all },
	{ "close", close_setup, close_call, close_check, close_all },
};

const unsigned int fi_nr_ops = sizeof(fi_ops) / sizeof(fi_ops[0]);
