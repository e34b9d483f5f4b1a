/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cons_fwd: forwarding sinks -- records as syslog messages to a remote
 * collector over TCP (RFC 6587 octet counting), UDP (RFC 5426) or RELP
 * (librelp: acknowledged delivery), with reconnection, capped
 * exponential backoff and a bounded batch in memory.
 */
#ifndef LOGGER_CONS_FWD_H
#define LOGGER_CONS_FWD_H

#include <netdb.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "cons_record.h"
#include "cons_syslog.h"
#include "jsonw.h"

/* Transport of a forwarder. */
enum cons_fwd_proto {
	CONS_FWD_TCP,
	CONS_FWD_UDP,
	CONS_FWD_RELP,
};

/* Defaults of struct cons_fwd_opts. */
#define CONS_FWD_TIMEOUT_MS	30000
#define CONS_FWD_BACKOFF_MIN_MS	100
#define CONS_FWD_BACKOFF_MAX_MS	30000
#define CONS_FWD_DGRAM_SIZE	2048
#define CONS_FWD_RELP_WINDOW	128

/**
 * struct cons_fwd_opts - what every forwarder of one consumer shares
 * @rfc3164: send RFC 3164 messages instead of RFC 5424.
 * @timeout_ms: a connect, a send or an acknowledgement that takes longer
 *	breaks the connection.
 * @backoff_max_ms: cap of the delay between two connection attempts
 *	(it starts at CONS_FWD_BACKOFF_MIN_MS and doubles).
 * @dgram_size: largest UDP datagram; longer messages are cut (counted).
 * @quiet: no informational lines (connected, reconnected).
 */
struct cons_fwd_opts {
	bool rfc3164;
	unsigned int timeout_ms;
	unsigned int backoff_max_ms;
	unsigned int dgram_size;
	bool quiet;
};

/**
 * struct cons_fwd_counts - what a forwarder did (under the sink's lock)
 * @sent: messages written to the network (resent ones again).
 * @confirmed: records the collector took for sure: acknowledged (RELP),
 *	acknowledged by the peer's TCP (TCP), sent (UDP).
 * @resent: messages sent again after a broken connection.
 * @truncated: UDP messages cut to the datagram size.
 * @refused: UDP datagrams the collector's host refused (ICMP port
 *	unreachable: each such message is lost).
 * @connects: connections made.
 * @failures: connection attempts and connections that failed.
 */
struct cons_fwd_counts {
	unsigned long long sent;
	unsigned long long confirmed;
	unsigned long long resent;
	unsigned long long truncated;
	unsigned long long refused;
	unsigned long long connects;
	unsigned long long failures;
};

struct cons_fwd;

/**
 * struct cons_fwd_transport - one protocol
 * @connect: open a connection (0 or -errno; @f->why says more).
 * @send: send one message (0, or -errno: the connection is broken).
 * @confirm: wait until everything sent is acknowledged (0, or -errno:
 *	broken, and what was not confirmed must be sent again; the first
 *	@f->acked messages of the connection are confirmed all the same).
 * @close: drop the connection (@graceful: say goodbye first).
 * @release: free what the transport keeps beyond a connection (may be
 *	NULL).
 */
struct cons_fwd_transport {
	int (*connect)(struct cons_fwd *f);
	int (*send)(struct cons_fwd *f, const char *msg, size_t len);
	int (*confirm)(struct cons_fwd *f);
	void (*close)(struct cons_fwd *f, bool graceful);
	void (*release)(struct cons_fwd *f);
};

/**
 * struct cons_fwd - one forwarding sink
 * @url: as given.
 * @proto: &enum cons_fwd_proto.
 * @host: host part (brackets of an IPv6 literal removed).
 * @port: port, decimal.
 * @opts: the shared options.
 * @tp: the transport.
 * @syslog: message format, hostname, instance.
 * @fd: the socket (TCP, UDP), -1 when closed.
 * @relp_eng: librelp engine (RELP).
 * @relp_clt: librelp client, NULL when closed (RELP).
 * @acked: messages of the current connection the collector acknowledged,
 *	counted in the order sent (RELP; always 0 for TCP and UDP).
 * @relp_nsent: messages sent on the current session (RELP).
 * @relp_opened: the collector answered the session's "open" (RELP).
 * @relp_refused: it answered a message with an error code (RELP).
 * @relp_srvclose: it sent "serverclose" on this session (RELP).
 * @confirm_every: at most this many messages are sent before they are
 *	confirmed and the caller told (&cons_fwd_result.progress); 0: the
 *	whole batch.  RELP: its window, so a consumer killed mid-batch
 *	sends again at most one window the collector may already have.
 * @connected: a connection is up.
 * @ever_connected: one was up once (the first failure says "down").
 * @attempt: failed attempts since the last success.
 * @backoff_ms: delay before the next attempt.
 * @frame: framed messages not yet written (TCP).
 * @why: what went wrong last, for the messages.
 * @wake_fd: the calling reader's eventfd while it delivers (-1 else).
 * @stop: the consumer's stop flag while a reader delivers.
 * @counts: the counters.
 */
struct cons_fwd {
	char url[512];
	enum cons_fwd_proto proto;
	char host[256];
	char port[8];
	struct cons_fwd_opts opts;
	const struct cons_fwd_transport *tp;
	struct cons_syslog_ctx syslog;
	int fd;
	void *relp_eng;
	void *relp_clt;
	unsigned long long acked;
	unsigned long long relp_nsent;
	bool relp_opened;
	bool relp_refused;
	bool relp_srvclose;
	size_t confirm_every;
	bool connected;
	bool ever_connected;
	unsigned int attempt;
	unsigned int backoff_ms;
	struct lg_sbuf frame;
	char why[256];
	int wake_fd;
	const atomic_bool *stop;
	struct cons_fwd_counts counts;
};

/**
 * struct cons_fwd_hdr - a record in a forwarding batch (the reader's
 *	staging buffer holds these back to back, each followed by its
 *	message; no padding, read with memcpy)
 * @seq: the record's sequence number.
 * @len: bytes of the message that follows.
 * @reserved: zero.
 */
struct cons_fwd_hdr {
	unsigned long long seq;
	unsigned int len;
	unsigned int reserved;
};

/**
 * struct cons_fwd_result - how far a batch got
 * @records: the first @records of the batch are confirmed.
 * @last_seq: sequence number of the last of them (0: none).
 * @progress: when set, called by cons_fwd_deliver() each time more of
 *	the batch is confirmed while more remains to send (@records and
 *	@last_seq already moved): where a state file is saved mid-batch.
 * @arg: for @progress.
 */
struct cons_fwd_result {
	unsigned long long records;
	unsigned long long last_seq;
	void (*progress)(const struct cons_fwd_result *res);
	void *arg;
};

bool cons_fwd_is_url(const char *s);
int cons_fwd_parse_url(const char *url, enum cons_fwd_proto *proto,
		       char *host, size_t hostlen, char *port, size_t portlen);
int cons_fwd_open(const char *url, const struct cons_fwd_opts *o,
		  struct cons_fwd **out);
void cons_fwd_free(struct cons_fwd *f);
int cons_fwd_add(struct lg_sbuf *b, const struct cons_rec *r,
		 struct cons_fwd *f, unsigned long long instance);
int cons_fwd_deliver(struct cons_fwd *f, const char *batch, size_t len,
		     int wake_fd, const atomic_bool *stop,
		     struct cons_fwd_result *res);
unsigned int cons_fwd_backoff_next(unsigned int cur, unsigned int max);
void cons_fwd_stats(struct lg_sbuf *b, const struct cons_fwd *f, bool json);
const char *cons_fwd_proto_name(enum cons_fwd_proto p);

extern const struct cons_fwd_transport cons_fwd_tcp;
extern const struct cons_fwd_transport cons_fwd_udp;
extern const struct cons_fwd_transport cons_fwd_relp;
extern const bool cons_fwd_have_relp;

/* cons_fwd.c, for the transports. */
int cons_fwd_wait(struct cons_fwd *f, int fd, short events,
		  unsigned int ms);
void cons_fwd_note(struct cons_fwd *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* LOGGER_CONS_FWD_H */
