// SPDX-License-Identifier: GPL-2.0
/*
 * logger-fuzz: generic netlink requests built byte by byte on a raw
 * socket, valid and malformed, with the answer each must get (F1), and
 * the stats and readers dump compared with the ioctls at checkpoints (F6).
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz.h"

enum { OP_NETLINK = 13 };

struct nlreq {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char buf[4096];
};

static __thread __u32 nl_seq;
static __thread char rbuf[65536];
static __thread char lastbuf[65536];	/* the last family message received */

int fz_nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		fz_die(NULL, "netlink socket: %s", strerror(errno));
	return fd;
}

static void req_init(struct nlreq *r, __u16 type, __u16 flags, __u8 cmd)
{
	memset(r, 0, sizeof(*r));
	r->n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r->n.nlmsg_type = type;
	r->n.nlmsg_flags = NLM_F_REQUEST | flags;
	r->n.nlmsg_seq = ++nl_seq;
	r->g.cmd = cmd;
	r->g.version = LOGGER_GENL_VERSION;
}

static struct nlattr *put(struct nlreq *r, __u16 type, const void *d,
			  size_t len)
{
	struct nlattr *a = (void *)((char *)r + NLMSG_ALIGN(r->n.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, d, len);
	r->n.nlmsg_len = NLMSG_ALIGN(r->n.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

static void put_u32(struct nlreq *r, __u16 type, __u32 v)
{
	put(r, type, &v, 4);
}

static void put_u64(struct nlreq *r, __u16 type, __u64 v)
{
	put(r, type, &v, 8);
}

static struct nlattr *nest(struct nlreq *r, __u16 type)
{
	return put(r, type | NLA_F_NESTED, NULL, 0);
}

static void nest_end(struct nlreq *r, struct nlattr *a)
{
	a->nla_len = (char *)r + r->n.nlmsg_len - (char *)a;
}

/* First attribute @type in [@a, @a + @len), or NULL. */
static struct nlattr *find(struct nlattr *a, size_t len, __u16 type)
{
	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= len) {
		size_t step = NLA_ALIGN(a->nla_len);

		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		if (step >= len)
			break;
		len -= step;
		a = (void *)((char *)a + step);
	}
	return NULL;
}

static __u64 get_u64(struct nlattr *a)
{
	__u64 v = ~0ULL;

	if (a && a->nla_len == NLA_HDRLEN + 8)
		memcpy(&v, (char *)a + NLA_HDRLEN, 8);
	return v;
}

/* Per level: written == records + evicted + cleared, in a stats tree. */
static void check_stats_tree(struct fthread *t, struct nlattr *a, size_t len)
{
	unsigned int seen = 0;

	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= len) {
		size_t step = NLA_ALIGN(a->nla_len);

		if ((a->nla_type & NLA_TYPE_MASK) == LOGGER_A_LEVEL) {
			struct nlattr *in = (void *)((char *)a + NLA_HDRLEN);
			size_t il = a->nla_len - NLA_HDRLEN;
			__u64 w = get_u64(find(in, il, LOGGER_LEVEL_A_WRITTEN)),
			      rc = get_u64(find(in, il, LOGGER_LEVEL_A_RECORDS)),
			      ev = get_u64(find(in, il, LOGGER_LEVEL_A_EVICTED)),
			      cl = get_u64(find(in, il, LOGGER_LEVEL_A_CLEARED));

			if (w != rc + ev + cl)
				fz_die(t, "netlink GET_STATS: a level's written %llu != %llu + %llu + %llu",
				       (unsigned long long)w, (unsigned long long)rc,
				       (unsigned long long)ev, (unsigned long long)cl);
			seen++;
		}
		if (step >= len)
			break;
		len -= step;
		a = (void *)((char *)a + step);
	}
	if (seen != 8)
		fz_die(t, "netlink GET_STATS: %u level nests, want 8", seen);
}

/*
 * Send @r and collect the answer: 0 (ack, or the end of a dump), else the
 * errno of the NLMSG_ERROR.  *@nmsg: family messages received; the last
 * one is left at *@last.
 */
static int transact(struct fthread *t, int sock, struct nlreq *r, bool dump,
		    int *nmsg, struct nlmsghdr **last)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct pollfd p = { .fd = sock, .events = POLLIN };
	__u32 seq = r->n.nlmsg_seq;

	*nmsg = 0;
	if (sendto(sock, r, r->n.nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) != (ssize_t)r->n.nlmsg_len)
		fz_die(t, "netlink send: %s", strerror(errno));
	for (;;) {
		struct nlmsghdr *h;
		ssize_t n;

		if (poll(&p, 1, 10000) != 1)
			fz_die(t, "netlink: no answer to command %u in 10 s", r->g.cmd);
		n = recv(sock, rbuf, sizeof(rbuf), 0);
		if (n <= 0)
			fz_die(t, "netlink recv: %s", strerror(errno));
		for (h = (void *)rbuf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				return -e->error;
			}
			if (h->nlmsg_type == NLMSG_DONE && dump)
				return 0;
			if (h->nlmsg_type != F.family)
				fz_die(t, "netlink: message type %u", h->nlmsg_type);
			(*nmsg)++;
			if (last) {
				memcpy(lastbuf, h, h->nlmsg_len);
				*last = (struct nlmsghdr *)lastbuf;
			}
		}
	}
}

__u16 fz_nl_family(int sock)
{
	struct nlreq r;
	struct nlmsghdr *h = NULL;
	struct nlattr *a;
	int n, err;

	req_init(&r, GENL_ID_CTRL, NLM_F_ACK, CTRL_CMD_GETFAMILY);
	put(&r, CTRL_ATTR_FAMILY_NAME, LOGGER_GENL_NAME, sizeof(LOGGER_GENL_NAME));
	F.family = GENL_ID_CTRL;
	err = transact(NULL, sock, &r, false, &n, &h);
	if (err || !h)
		fz_die(NULL, "netlink family %s: %s", LOGGER_GENL_NAME, strerror(err));
	/* NLMSG_OK bounds every message by what recv() returned. */
	a = find((void *)((char *)NLMSG_DATA(h) + GENL_HDRLEN),
		 h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), CTRL_ATTR_FAMILY_ID);
	if (!a)
		fz_die(NULL, "netlink family %s: no id", LOGGER_GENL_NAME);
	return *(__u16 *)((char *)a + NLA_HDRLEN);
}

static struct nlattr *attrs(struct nlmsghdr *h, size_t *len)
{
	*len = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	return (void *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);
}

void fz_nl_op(struct fthread *t)
{
	__u32 x = rf_below(&t->rng, 16);
	fz_mask perm = t->unpriv ? E(EPERM) : E(0), allowed;
	struct nlmsghdr *h = NULL;
	struct nlattr *c, *l;
	struct nlreq r;
	bool dump = false;
	char what[64];
	int n, err;

	snprintf(what, sizeof(what), "netlink request kind %u", x);
	req_init(&r, F.family, NLM_F_ACK, LOGGER_CMD_GET_STATS);
	switch (x) {
	case 0:
		allowed = E(0);
		break;
	case 1:
		r.g.cmd = LOGGER_CMD_GET_CONFIG;
		allowed = E(0);
		break;
	case 2:
		r.g.cmd = LOGGER_CMD_GET_READERS;
		r.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
		dump = true;
		allowed = E(0);
		break;
	case 3:	/* a dump command as a do */
		r.g.cmd = LOGGER_CMD_GET_READERS;
		allowed = E(EOPNOTSUPP);
		break;
	case 4:
		r.g.cmd = LOGGER_CMD_CLEAR;
		allowed = perm;
		break;
	case 5:
		r.g.cmd = LOGGER_CMD_SET_CONFIG;
		c = nest(&r, LOGGER_A_CONFIG);
		put_u32(&r, LOGGER_CONFIG_A_EVENT_INTERVAL_MS,
			10 + rf_below(&t->rng, 5000));
		if (rf_below(&t->rng, 2))
			put_u64(&r, LOGGER_CONFIG_A_CAPACITY,
				fz_min_capacity() << rf_below(&t->rng, 5));
		nest_end(&r, c);
		allowed = perm;
		break;
	default:
		/* Malformed: each must be refused, EINVAL (or EPERM first). */
		r.g.cmd = LOGGER_CMD_SET_CONFIG;
		allowed = E(EINVAL) | (t->unpriv ? E(EPERM) : 0);
		c = x <= 10 || x == 14 ? nest(&r, LOGGER_A_CONFIG) : NULL;
		switch (x) {
		case 6:
			put_u32(&r, LOGGER_CONFIG_A_MAX_RECORD, F.max_record);
			break;
		case 7:
			put_u64(&r, LOGGER_CONFIG_A_CAPACITY,
				rf_below(&t->rng, 2) ? 100 : 1ULL << 40);
			break;
		case 8:
		case 9:
			l = nest(&r, LOGGER_CONFIG_A_LEVEL);
			put_u32(&r, LOGGER_LEVEL_A_INDEX, x == 8 ? 3 : 8);
			put_u32(&r, LOGGER_LEVEL_A_RESERVE_PCT, x == 8 ? 5 : 1);
			nest_end(&r, l);
			l = nest(&r, LOGGER_CONFIG_A_LEVEL);
			put_u32(&r, LOGGER_LEVEL_A_INDEX, 3);
			put_u32(&r, LOGGER_LEVEL_A_RESERVE_PCT, x == 8 ? 6 : 101);
			nest_end(&r, l);
			break;
		case 10:
			put_u32(&r, LOGGER_CONFIG_A_CAPACITY, 65536);
			break;
		case 11:
			r.g.cmd = LOGGER_CMD_GET_STATS;
			allowed = E(EINVAL);
			put_u64(&r, LOGGER_A_CAPACITY, 1);
			break;
		case 12:
			r.g.cmd = LOGGER_CMD_GET_CONFIG;
			allowed = E(EINVAL);
			put_u32(&r, 200 + rf_below(&t->rng, 50), 1);
			break;
		case 13:
			r.g.cmd = rf_below(&t->rng, 2) ?
				  LOGGER_CMD_EVENT_OVERFLOW + rf_below(&t->rng, 4) :
				  __LOGGER_CMD_MAX + rf_below(&t->rng, 200);
			allowed = E(EOPNOTSUPP);
			break;
		case 14: {
			/* An attribute longer than what is left of the message. */
			struct nlattr *a = put(&r, LOGGER_CONFIG_A_CAPACITY, "\0\0\0\0\0\0\0\0", 8);

			a->nla_len = rf_below(&t->rng, 2) ? 3 : 200;
			break;
		}
		default:
			/* No genl header at all. */
			r.n.nlmsg_len = NLMSG_HDRLEN;
			allowed = E(EINVAL);
			break;
		}
		if (c)
			nest_end(&r, c);
	}
	if (r.g.cmd == LOGGER_CMD_SET_CONFIG)
		fz_cfg(true);
	err = transact(t, t->nl, &r, dump, &n, &h);
	if (r.g.cmd == LOGGER_CMD_SET_CONFIG)
		fz_cfg(false);
	errno = err;
	fz_log(t, OP_NETLINK, x, r.g.cmd, n, err ? -1 : 0);
	fz_expect(t, what, err ? -1 : 0, allowed);
	__atomic_add_fetch(&F.n_nl, 1, __ATOMIC_RELAXED);
	if (err) {
		__atomic_add_fetch(&F.n_errors, 1, __ATOMIC_RELAXED);
		return;
	}
	if ((x == 0 || x == 1 || x == 4) && (!h || n != 1))
		fz_die(t, "%s: %d replies, want 1", what, n);
	if (x == 0) {
		size_t len;
		struct nlattr *a = attrs(h, &len);

		check_stats_tree(t, a, len);
		if (get_u64(find(a, len, LOGGER_A_BYTES_USED)) >
		    get_u64(find(a, len, LOGGER_A_CAPACITY)))
			fz_die(t, "netlink GET_STATS: bytes_used > capacity");
	}
}

/* F6: at a checkpoint the netlink view equals the ioctl one. */
void fz_nl_check_stats(int sock, const struct logger_stats *st)
{
	static const struct { __u16 type; size_t off; } f64[] = {
		{ LOGGER_A_INSTANCE, offsetof(struct logger_stats, instance) },
		{ LOGGER_A_CAPACITY, offsetof(struct logger_stats, capacity) },
		{ LOGGER_A_BYTES_USED, offsetof(struct logger_stats, bytes_used) },
		{ LOGGER_A_RECORDS, offsetof(struct logger_stats, records) },
		{ LOGGER_A_WRITTEN, offsetof(struct logger_stats, written) },
		{ LOGGER_A_EVICTED, offsetof(struct logger_stats, evicted) },
		{ LOGGER_A_CLEARED, offsetof(struct logger_stats, cleared) },
		{ LOGGER_A_NEXT_SEQ, offsetof(struct logger_stats, next_seq) },
	};
	struct nlmsghdr *h = NULL;
	struct nlreq r;
	struct nlattr *a;
	size_t len, i;
	int n, err;

	req_init(&r, F.family, NLM_F_ACK, LOGGER_CMD_GET_STATS);
	err = transact(NULL, sock, &r, false, &n, &h);
	if (err || n != 1)
		fz_die(NULL, "checkpoint: netlink GET_STATS: %s, %d replies",
		       strerror(err), n);
	a = attrs(h, &len);
	for (i = 0; i < sizeof(f64) / sizeof(f64[0]); i++) {
		__u64 want = *(const __u64 *)((const char *)st + f64[i].off),
		      got = get_u64(find(a, len, f64[i].type));

		if (got != want)
			fz_die(NULL, "checkpoint: netlink stats attribute %u is %llu, the ioctl says %llu",
			       f64[i].type, (unsigned long long)got,
			       (unsigned long long)want);
	}
	check_stats_tree(NULL, a, len);
	req_init(&r, F.family, NLM_F_DUMP, LOGGER_CMD_GET_READERS);
	err = transact(NULL, sock, &r, true, &n, NULL);
	if (err || (unsigned int)n != st->readers)
		fz_die(NULL, "checkpoint: netlink readers dump: %s, %d readers, stats say %u",
		       strerror(err), n, st->readers);
}
