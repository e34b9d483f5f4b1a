// SPDX-License-Identifier: GPL-2.0
/*
 * loggerctl: the generic netlink socket.
 *
 * One libnl socket per run.  ctl_nl_open() connects and resolves the
 * family (absent: -CTL_ENOTLOADED).  ctl_nl_request() sends one request
 * and reads until its ack (doit) or NLMSG_DONE (dump), handing every
 * reply message to a callback; kernel errors come back as the errno the
 * kernel sent, with its extended-ack text kept in ctl_nl.ext_msg.  All
 * libnl error codes are mapped to errno values here, so callers only
 * ever see -errno (or -CTL_ENOTLOADED).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>

#include "ctl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

/* libnl error code (positive or negative) to a negative errno. */
int ctl_nlerr_to_errno(int nlerr)
{
	static const struct {
		int nle;
		int err;
	} map[] = {
		{ NLE_SUCCESS, 0 },
		{ NLE_INTR, EINTR },
		{ NLE_BAD_SOCK, EBADF },
		{ NLE_AGAIN, EAGAIN },
		{ NLE_NOMEM, ENOMEM },
		{ NLE_EXIST, EEXIST },
		{ NLE_INVAL, EINVAL },
		{ NLE_RANGE, ERANGE },
		{ NLE_MSGSIZE, EMSGSIZE },
		{ NLE_OPNOTSUPP, EOPNOTSUPP },
		{ NLE_AF_NOSUPPORT, EAFNOSUPPORT },
		{ NLE_OBJ_NOTFOUND, ENOENT },
		{ NLE_NOATTR, ENOENT },
		{ NLE_MISSING_ATTR, EBADMSG },
		{ NLE_AF_MISMATCH, EAFNOSUPPORT },
		{ NLE_SEQ_MISMATCH, EBADMSG },
		{ NLE_MSG_OVERFLOW, EOVERFLOW },
		{ NLE_MSG_TRUNC, EMSGSIZE },
		{ NLE_NOADDR, EADDRNOTAVAIL },
		{ NLE_SRCRT_NOSUPPORT, EOPNOTSUPP },
		{ NLE_MSG_TOOSHORT, EBADMSG },
		{ NLE_MSGTYPE_NOSUPPORT, EOPNOTSUPP },
		{ NLE_OBJ_MISMATCH, EINVAL },
		{ NLE_NOCACHE, ENOMEM },
		{ NLE_BUSY, EBUSY },
		{ NLE_PROTO_MISMATCH, EPROTONOSUPPORT },
		{ NLE_NOACCESS, EACCES },
		{ NLE_PERM, EPERM },
		{ NLE_PARSE_ERR, EBADMSG },
		{ NLE_NODEV, ENODEV },
		{ NLE_IMMUTABLE, EROFS },
		{ NLE_DUMP_INTR, EINTR },
		{ NLE_ATTRSIZE, EBADMSG },
	};
	size_t i;

	if (nlerr < 0)
		nlerr = -nlerr;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].nle == nlerr)
			return -map[i].err;
	return -EIO;
}

int ctl_nl_open(struct ctl_nl *nl)
{
	int one = 1, rc;

	memset(nl, 0, sizeof(*nl));
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	rc = genl_connect(nl->sk);
	if (rc < 0)
		goto err_free;
	/* Best effort: older kernels simply send no text. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	rc = genl_ctrl_resolve(nl->sk, LOGGER_GENL_NAME);
	if (rc < 0) {
		rc = rc == -NLE_OBJ_NOTFOUND ? -CTL_ENOTLOADED :
		     ctl_nlerr_to_errno(rc);
		goto err_close;
	}
	nl->family = rc;
	return 0;

err_close:
	nl_close(nl->sk);
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return rc;
err_free:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return ctl_nlerr_to_errno(rc);
}

void ctl_nl_close(struct ctl_nl *nl)
{
	if (!nl->sk)
		return;
	nl_close(nl->sk);
	nl_socket_free(nl->sk);
	nl->sk = NULL;
}

/* State of one request while its replies come in. */
struct req {
	struct ctl_nl *nl;
	ctl_reply_fn fn;
	void *arg;
	int err;		/* first error, -errno */
	bool done;		/* ack or NLMSG_DONE seen */
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct req *rq = arg;
	int rc;

	if (!rq->fn || rq->err)
		return NL_SKIP;
	rc = rq->fn(nlmsg_hdr(msg), rq->arg);
	/*
	 * Keep reading to the ack or NLMSG_DONE even after an error, so
	 * nothing of this request is left for the next one to trip on.
	 */
	if (rc < 0)
		rq->err = rc;
	return NL_OK;
}

static int on_done(struct nl_msg *msg, void *arg)
{
	struct req *rq = arg;

	rq->done = true;
	return NL_STOP;
}

/* Keep the extended-ack message, if the kernel sent one. */
static void save_ext_msg(struct ctl_nl *nl, struct nlmsgerr *e)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct nlattr *attrs, *a;
	size_t off = sizeof(*e);
	int len, rem;

	nl->ext_msg[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	len = (int)(nlh->nlmsg_len - NLMSG_HDRLEN - off);
	if (len <= 0)
		return;
	attrs = (struct nlattr *)((char *)e + off);
	nla_for_each_attr(a, attrs, len, rem) {
		if (nla_type(a) == NLMSGERR_ATTR_MSG && nla_len(a) > 0) {
			snprintf(nl->ext_msg, sizeof(nl->ext_msg), "%.*s",
				 nla_len(a), (char *)nla_data(a));
			/* The kernel's string carries its own NUL. */
			nl->ext_msg[strcspn(nl->ext_msg, "\n")] = '\0';
		}
	}
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct req *rq = arg;

	if (e->error) {
		save_ext_msg(rq->nl, e);
		if (!rq->err)
			rq->err = e->error < 0 ? e->error : -e->error;
	}
	rq->done = true;
	return NL_STOP;
}

static struct nl_cb *req_cb(struct req *rq)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	if (!cb)
		return NULL;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, rq);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, rq);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_done, rq);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, rq);
	return cb;
}

/*
 * Send @msg (freed here) and pass each reply to @fn until the ack or the
 * end of the dump.  Returns 0 or -errno: the kernel's, @fn's, or the
 * mapped libnl one.
 */
int ctl_nl_request(struct ctl_nl *nl, struct nl_msg *msg, ctl_reply_fn fn,
		   void *arg)
{
	struct req rq = { .nl = nl, .fn = fn, .arg = arg };
	struct nl_cb *cb = req_cb(&rq);
	int rc;

	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl->ext_msg[0] = '\0';
	rc = nl_send_auto(nl->sk, msg);
	nlmsg_free(msg);
	if (rc < 0) {
		rq.err = ctl_nlerr_to_errno(rc);
		goto out;
	}
	while (!rq.done) {
		rc = nl_recvmsgs(nl->sk, cb);
		if (rc < 0) {
			if (!rq.err)
				rq.err = ctl_nlerr_to_errno(rc);
			break;
		}
	}
out:
	nl_cb_put(cb);
	return rq.err;
}

/* Join multicast @group of the family (absent: -CTL_ENOTLOADED). */
int ctl_nl_subscribe(struct ctl_nl *nl, const char *group)
{
	int grp, rc;

	grp = genl_ctrl_resolve_grp(nl->sk, LOGGER_GENL_NAME, group);
	/* The family was resolved: only the group is missing. */
	if (grp < 0)
		return grp == -NLE_OBJ_NOTFOUND ? -CTL_ENOGROUP :
		       ctl_nlerr_to_errno(grp);
	rc = nl_socket_add_membership(nl->sk, grp);
	if (rc < 0)
		return ctl_nlerr_to_errno(rc);
	/* Events are unsolicited: no sequence numbers to check. */
	nl_socket_disable_seq_check(nl->sk);
	rc = nl_socket_set_nonblocking(nl->sk);
	return rc < 0 ? ctl_nlerr_to_errno(rc) : 0;
}

int ctl_nl_fd(struct ctl_nl *nl)
{
	return nl_socket_get_fd(nl->sk);
}

/* Events are unsolicited: their sequence numbers are not ours to check. */
static int no_seq_check(struct nl_msg *msg, void *arg)
{
	return NL_OK;
}

/*
 * Read what is queued on a subscribed (non-blocking) socket and pass each
 * message to @fn.  Returns 0 when the queue is empty, -ENOBUFS when the
 * kernel dropped events because the socket buffer was full (the socket
 * stays usable), or another -errno.
 */
int ctl_nl_receive(struct ctl_nl *nl, ctl_reply_fn fn, void *arg)
{
	struct req rq = { .nl = nl, .fn = fn, .arg = arg };
	struct nl_cb *cb = req_cb(&rq);
	int rc;

	if (!cb)
		return -ENOMEM;
	/*
	 * A fresh cb does not inherit nl_socket_disable_seq_check(): without
	 * this, libnl answers every event with NLE_SEQ_MISMATCH.
	 */
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
	for (;;) {
		rc = nl_recvmsgs(nl->sk, cb);
		if (rq.err)
			break;
		if (rc == -NLE_AGAIN) {
			rc = 0;
			break;
		}
		if (rc < 0) {
			/* nl_recv() maps ENOBUFS (overrun) to NLE_NOMEM. */
			rq.err = rc == -NLE_NOMEM ? -ENOBUFS :
				 ctl_nlerr_to_errno(rc);
			break;
		}
	}
	nl_cb_put(cb);
	return rq.err;
}
