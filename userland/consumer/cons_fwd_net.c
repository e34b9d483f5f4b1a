// SPDX-License-Identifier: GPL-2.0
/*
 * cons_fwd_net: the TCP and UDP transports of the forwarders.
 *
 * DESIGN
 *   TCP: one non-blocking socket; messages are framed with RFC 6587 octet
 *   counting ("LEN SP MSG") into a buffer written out when it passes
 *   16 KiB and at the end of a batch, each write waiting for POLLOUT at
 *   most the timeout: a collector that accepts and never reads breaks the
 *   connection after the timeout, with the bytes it left unread in the
 *   message, instead of holding the consumer (or its memory) forever.
 *   Before writing, a connection the collector closed (readable: a
 *   syslog collector never sends on this connection) is noticed, so
 *   nothing is written into a dead socket.  Confirming a batch waits
 *   until the peer's TCP has acknowledged every byte (SIOCOUTQ == 0),
 *   looking again every millisecond within the timeout.
 *   UDP: a connected datagram socket, one message per datagram (RFC
 *   5426), cut to the datagram size (counted).  ECONNREFUSED (the ICMP
 *   port unreachable of a previous datagram, reported by this send)
 *   counts that datagram as lost and breaks the "connection", so the
 *   message at hand waits for the backoff like any other.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cons_fwd.h"

/* Flush the TCP buffer past this many bytes. */
#define TCP_FLUSH_AT	16384

/* Resolve and connect a socket of @type; 0 or -errno (@f->why set). */
static int net_connect(struct cons_fwd *f, int type)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = type,
		.ai_flags = AI_NUMERICSERV,
	}, *res, *ai;
	int ret, e = ECONNREFUSED;

	ret = getaddrinfo(f->host, f->port, &hints, &res);
	if (ret) {
		snprintf(f->why, sizeof(f->why), "%.200s: %s", f->host,
			 gai_strerror(ret));
		return -EHOSTUNREACH;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC |
				(type == SOCK_STREAM ? SOCK_NONBLOCK : 0), 0);
		socklen_t len = sizeof(e);

		if (fd < 0) {
			e = errno;
			continue;
		}
		if (!connect(fd, ai->ai_addr, ai->ai_addrlen)) {
			f->fd = fd;
			break;
		}
		e = errno;
		if (e == EINPROGRESS) {
			ret = cons_fwd_wait(f, fd, POLLOUT, f->opts.timeout_ms);
			if (ret == 1 &&
			    !getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) &&
			    !e) {
				f->fd = fd;
				break;
			}
			if (ret == 0)
				e = ETIMEDOUT;
			else if (ret < 0)
				e = -ret;
		}
		close(fd);
		if (e == ECANCELED)
			break;
	}
	freeaddrinfo(res);
	if (f->fd < 0) {
		snprintf(f->why, sizeof(f->why), "connect: %s", strerror(e));
		return -e;
	}
	return 0;
}

static int tcp_connect(struct cons_fwd *f)
{
	lg_sbuf_reset(&f->frame);
	return net_connect(f, SOCK_STREAM);
}

/* Has the collector closed (or reset) the connection? */
static bool tcp_peer_gone(struct cons_fwd *f)
{
	struct pollfd p = { .fd = f->fd, .events = POLLIN | POLLRDHUP };
	char c;

	if (poll(&p, 1, 0) <= 0)
		return false;
	if (p.revents & (POLLERR | POLLHUP | POLLRDHUP)) {
		snprintf(f->why, sizeof(f->why),
			 "the collector closed the connection");
		return true;
	}
	/* Data from a syslog collector?  Read it to see if it is EOF. */
	if (recv(f->fd, &c, 1, MSG_DONTWAIT | MSG_PEEK) == 0) {
		snprintf(f->why, sizeof(f->why),
			 "the collector closed the connection");
		return true;
	}
	return false;
}

/* Write out the framed buffer; 0 or -errno (@f->why set). */
static int tcp_flush(struct cons_fwd *f)
{
	size_t done = 0;
	int ret = 0;

	if (f->frame.len && tcp_peer_gone(f))
		return -EPIPE;
	while (done < f->frame.len) {
		ssize_t w = send(f->fd, f->frame.buf + done,
				 f->frame.len - done, MSG_NOSIGNAL);

		if (w >= 0) {
			done += (size_t)w;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN) {
			ret = -errno;
			snprintf(f->why, sizeof(f->why), "send: %s",
				 strerror(errno));
			break;
		}
		ret = cons_fwd_wait(f, f->fd, POLLOUT, f->opts.timeout_ms);
		if (ret < 0)
			break;
		if (!ret) {
			snprintf(f->why, sizeof(f->why),
				 "the collector has not read for %u ms (%zu bytes wait)",
				 f->opts.timeout_ms, f->frame.len - done);
			ret = -ETIMEDOUT;
			break;
		}
		ret = 0;
	}
	lg_sbuf_reset(&f->frame);
	return ret;
}

static int tcp_send(struct cons_fwd *f, const char *msg, size_t len)
{
	if (cons_syslog_octet_frame(&f->frame, msg, len))
		return -ENOMEM;
	return f->frame.len >= TCP_FLUSH_AT ? tcp_flush(f) : 0;
}

static int tcp_confirm(struct cons_fwd *f)
{
	unsigned int waited = 0;
	int ret = tcp_flush(f), outq;

	while (!ret) {
		if (ioctl(f->fd, SIOCOUTQ, &outq)) {
			ret = -errno;
			break;
		}
		if (!outq)
			return 0;
		if (tcp_peer_gone(f))
			return -EPIPE;
		if (waited >= f->opts.timeout_ms) {
			snprintf(f->why, sizeof(f->why),
				 "the collector has not read for %u ms (%d bytes unacknowledged)",
				 f->opts.timeout_ms, outq);
			return -ETIMEDOUT;
		}
		ret = cons_fwd_wait(f, -1, 0, 1);
		waited++;
	}
	return ret;
}

static void net_close(struct cons_fwd *f, bool graceful)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	lg_sbuf_reset(&f->frame);
}

const struct cons_fwd_transport cons_fwd_tcp = {
	.connect = tcp_connect,
	.send = tcp_send,
	.confirm = tcp_confirm,
	.close = net_close,
};

static int udp_connect(struct cons_fwd *f)
{
	return net_connect(f, SOCK_DGRAM);
}

static int udp_send(struct cons_fwd *f, const char *msg, size_t len)
{
	bool cut = len > f->opts.dgram_size;

	if (cut)
		len = f->opts.dgram_size;
	while (send(f->fd, msg, len, MSG_NOSIGNAL) < 0) {
		if (errno == EINTR)
			continue;
		if (errno == ECONNREFUSED) {
			f->counts.refused++;
			snprintf(f->why, sizeof(f->why),
				 "the collector's port is closed (a datagram was refused)");
		} else {
			snprintf(f->why, sizeof(f->why), "send: %s",
				 strerror(errno));
		}
		return -errno;
	}
	if (cut)
		f->counts.truncated++;
	return 0;
}

static int udp_confirm(struct cons_fwd *f)
{
	return 0;
}

const struct cons_fwd_transport cons_fwd_udp = {
	.connect = udp_connect,
	.send = udp_send,
	.confirm = udp_confirm,
	.close = net_close,
};
