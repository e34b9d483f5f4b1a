// SPDX-License-Identifier: GPL-2.0
/*
 * userland/consumer: the forwarders -- RFC 5424 and RFC 3164 messages,
 * octet counting, forwarding URLs, format 2 decoding (tags), the backoff,
 * and batches delivered over real loopback TCP and UDP sockets.
 */
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../../userland/consumer/cons_fwd.h"
#include "../../userland/consumer/cons_opts.h"
#include "../../userland/consumer/cons_record.h"
#include "../../userland/consumer/cons_syslog.h"
#include "unit.h"

static void mkrec(struct cons_rec *r, const char *tag, const char *msg)
{
	memset(r, 0, sizeof(*r));
	r->h.level = 3;
	r->h.facility = 16;
	r->h.pid = 812;
	r->h.tid = 813;
	r->h.uid = 1000;
	r->h.seq = 42;
	r->h.ts_real_ns = 1796287717156219123ULL;
	memcpy(r->h.comm, "backup job", 10);
	if (tag) {
		strcpy(r->tag, tag);
		r->tag_len = strlen(tag);
	}
	r->msg = msg;
	r->msg_len = strlen(msg);
}

static const char *build(const struct cons_rec *r, bool bsd,
			 unsigned long long inst)
{
	static struct lg_sbuf b;
	struct cons_syslog_ctx c = { .rfc3164 = bsd, .instance = inst };

	cons_syslog_set_host(&c, "host.example");
	lg_sbuf_free(&b);
	lg_sbuf_init(&b);
	ck_assert_int_eq(cons_syslog_build(&b, r, &c), 0);
	return b.buf;
}

START_TEST(test_rfc5424)
{
	struct cons_rec r;
	const char *m;

	mkrec(&r, "disk", "full \x01\xff");
	ck_assert_str_eq(build(&r, false, 0x74976c927a4b329dULL),
			 "<131>1 2026-12-03T08:48:37.156219Z host.example disk 812 - "
			 "[logger@32473 seq=\"42\" tid=\"813\" uid=\"1000\" "
			 "inst=\"74976c927a4b329d\"] full \x01\xff");
	/* No tag: the command name, blanks made '_'; no instance. */
	mkrec(&r, NULL, "x");
	ck_assert_str_eq(build(&r, false, 0),
			 "<131>1 2026-12-03T08:48:37.156219Z host.example backup_job 812 - "
			 "[logger@32473 seq=\"42\" tid=\"813\" uid=\"1000\"] x");
	/* Empty message: no SP after the structured data. */
	mkrec(&r, "t", "");
	m = build(&r, false, 0);
	ck_assert_ptr_nonnull(strstr(m, "uid=\"1000\"]"));
	ck_assert_int_eq(m[strlen(m) - 1], ']');
	/* Nothing to name it by: "-". */
	mkrec(&r, NULL, "x");
	memset(r.h.comm, 0, sizeof(r.h.comm));
	ck_assert_ptr_nonnull(strstr(build(&r, false, 0),
				     "host.example - 812 - ["));
}
END_TEST

START_TEST(test_kern_from_user)
{
	struct cons_rec r;

	mkrec(&r, "k", "m");
	r.h.facility = 0;
	ck_assert_uint_eq(cons_syslog_pri(&r), 8 + 3);	/* user.err */
	r.h.uid = 0;
	ck_assert_uint_eq(cons_syslog_pri(&r), 3);	/* kern.err: root */
	r.h.facility = 23;
	r.h.level = 7;
	ck_assert_uint_eq(cons_syslog_pri(&r), 191);
}
END_TEST

START_TEST(test_rfc3164)
{
	struct cons_rec r;
	char *tz = getenv("TZ") ? strdup(getenv("TZ")) : NULL;

	setenv("TZ", "UTC", 1);
	tzset();
	mkrec(&r, NULL, "disk full");
	memcpy(r.h.comm, "a:b[c]", 7);
	ck_assert_str_eq(build(&r, true, 1),
			 "<131>Dec  3 08:48:37 host.example a_b_c_[812]: disk full");
	if (tz)
		setenv("TZ", tz, 1);
	else
		unsetenv("TZ");
	tzset();
	free(tz);
}
END_TEST

START_TEST(test_host_and_frame)
{
	struct cons_syslog_ctx c;
	struct lg_sbuf b;

	cons_syslog_set_host(&c, "my host\x01");
	ck_assert_str_eq(c.hostname, "my_host_");
	cons_syslog_set_host(&c, "");
	ck_assert_str_eq(c.hostname, "-");
	lg_sbuf_init(&b);
	ck_assert_int_eq(cons_syslog_octet_frame(&b, "<1>1 - - - - - - x", 18),
			 0);
	ck_assert_str_eq(b.buf, "18 <1>1 - - - - - - x");
	lg_sbuf_free(&b);
}
END_TEST

START_TEST(test_url)
{
	enum cons_fwd_proto p;
	char h[64], port[8];

	ck_assert_int_eq(cons_fwd_parse_url("relp://127.0.0.1:2514", &p, h,
					    sizeof(h), port, sizeof(port)), 0);
	ck_assert_int_eq(p, CONS_FWD_RELP);
	ck_assert_str_eq(h, "127.0.0.1");
	ck_assert_str_eq(port, "2514");
	ck_assert_int_eq(cons_fwd_parse_url("tcp://[::1]:514", &p, h,
					    sizeof(h), port, sizeof(port)), 0);
	ck_assert_int_eq(p, CONS_FWD_TCP);
	ck_assert_str_eq(h, "::1");
	ck_assert_int_eq(cons_fwd_parse_url("udp://logs.example:514", &p, h,
					    sizeof(h), port, sizeof(port)), 0);
	ck_assert_int_eq(p, CONS_FWD_UDP);
	ck_assert_str_eq(h, "logs.example");
	ck_assert(cons_fwd_is_url("tcp://x:1"));
	ck_assert(!cons_fwd_is_url("/var/log/x"));
	/* No port, port 0 or too big, junk, no host, a bare IPv6. */
	ck_assert_int_eq(cons_fwd_parse_url("tcp://host", &p, h, sizeof(h),
					    port, sizeof(port)), -EINVAL);
	ck_assert_int_eq(cons_fwd_parse_url("tcp://host:0", &p, h, sizeof(h),
					    port, sizeof(port)), -EINVAL);
	ck_assert_int_eq(cons_fwd_parse_url("tcp://host:65536", &p, h,
					    sizeof(h), port, sizeof(port)),
			 -EINVAL);
	ck_assert_int_eq(cons_fwd_parse_url("tcp://host:514/x", &p, h,
					    sizeof(h), port, sizeof(port)),
			 -EINVAL);
	ck_assert_int_eq(cons_fwd_parse_url("tcp://:514", &p, h, sizeof(h),
					    port, sizeof(port)), -EINVAL);
	ck_assert_int_eq(cons_fwd_parse_url("tcp://::1:514", &p, h, sizeof(h),
					    port, sizeof(port)), -EINVAL);
	ck_assert_int_eq(cons_fwd_parse_url("ftp://host:21", &p, h, sizeof(h),
					    port, sizeof(port)), -EINVAL);
}
END_TEST

START_TEST(test_decode_tag)
{
	char buf[256];
	struct logger_record2 h;
	struct cons_rec r;
	size_t off = 0;

	memset(&h, 0, sizeof(h));
	h.rec.hdr_len = sizeof(h);
	h.rec.version = LOGGER_RECORD2_VERSION;
	h.rec.level = 2;
	h.rec.msg_len = 3;
	h.rec.seq = 7;
	h.tag_len = 4;
	memcpy(h.tag, "disk", 4);
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), "abc\0\0\0\0\0", 8);
	ck_assert_int_eq(cons_decode_next(buf, sizeof(h) + 8, &off, &r), 1);
	ck_assert_str_eq(r.tag, "disk");
	ck_assert_uint_eq(r.tag_len, 4);
	ck_assert_uint_eq(r.msg_len, 3);
	h.tag_len = LOGGER_TAG_MAX + 1;
	memcpy(buf, &h, sizeof(h));
	off = 0;
	ck_assert_int_eq(cons_decode_next(buf, sizeof(h) + 8, &off, &r),
			 -EBADMSG);
}
END_TEST

START_TEST(test_backoff)
{
	unsigned int d = CONS_FWD_BACKOFF_MIN_MS, i;
	const unsigned int want[] = { 200, 400, 800, 1000, 1000 };

	for (i = 0; i < 5; i++) {
		d = cons_fwd_backoff_next(d, 1000);
		ck_assert_uint_eq(d, want[i]);
	}
}
END_TEST

static const struct cons_fwd_opts fo = {
	.timeout_ms = 5000,
	.backoff_max_ms = 200,
	.dgram_size = 480,
	.quiet = true,
};

/* A batch of @n records "record K" (seq 100 + K) for @f. */
static void batch(struct lg_sbuf *b, struct cons_fwd *f, int n,
		  size_t big)
{
	static char msg[2048];
	struct cons_rec r;
	int k;

	lg_sbuf_init(b);
	for (k = 0; k < n; k++) {
		if (big && k == n - 1) {
			memset(msg, 'x', big);
			msg[big] = '\0';
		} else {
			snprintf(msg, sizeof(msg), "record %d", k);
		}
		mkrec(&r, "t", msg);
		r.h.seq = 100 + (unsigned long long)k;
		ck_assert_int_eq(cons_fwd_add(b, &r, f, 0x1234), 0);
	}
}

/* A socket of @type bound to 127.0.0.1 on a free port; the port. */
static int listen_lo(int type, int *fd)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	*fd = socket(AF_INET, type, 0);
	ck_assert_int_ge(*fd, 0);
	ck_assert_int_eq(bind(*fd, (struct sockaddr *)&a, sizeof(a)), 0);
	if (type == SOCK_STREAM)
		ck_assert_int_eq(listen(*fd, 4), 0);
	ck_assert_int_eq(getsockname(*fd, (struct sockaddr *)&a, &len), 0);
	return ntohs(a.sin_port);
}

START_TEST(test_deliver_tcp)
{
	struct cons_fwd_result res = { 0 };
	struct cons_fwd *f;
	struct lg_sbuf b;
	atomic_bool stop = false;
	char url[64], got[4096], want[32], *p;
	int lfd, cfd, wake = eventfd(0, EFD_NONBLOCK);
	size_t n = 0;
	ssize_t k;

	snprintf(url, sizeof(url), "tcp://127.0.0.1:%d",
		 listen_lo(SOCK_STREAM, &lfd));
	ck_assert_int_eq(cons_fwd_open(url, &fo, &f), 0);
	batch(&b, f, 3, 0);
	/* The kernel takes the connection and the bytes before accept(). */
	ck_assert_int_eq(cons_fwd_deliver(f, b.buf, b.len, wake, &stop, &res),
			 0);
	ck_assert_uint_eq(res.records, 3);
	ck_assert_uint_eq(res.last_seq, 102);
	ck_assert_uint_eq(f->counts.confirmed, 3);
	cfd = accept(lfd, NULL, NULL);
	ck_assert_int_ge(cfd, 0);
	/* Everything was acknowledged by our peer's TCP: it is all here. */
	while ((k = recv(cfd, got + n, sizeof(got) - 1 - n,
			 MSG_DONTWAIT)) > 0)
		n += (size_t)k;
	got[n] = '\0';
	/* Octet counting: "LEN <131>1 ..." three times, back to back. */
	for (k = 0, p = got; k < 3; k++) {
		size_t len = strtoul(p, &p, 10);

		ck_assert_int_eq(*p++, ' ');
		ck_assert_msg(!strncmp(p, "<131>1 ", 7), "frame %zd: %.20s", k, p);
		snprintf(want, sizeof(want), "] record %zd", k);
		ck_assert_int_eq(memcmp(p + len - strlen(want), want,
					strlen(want)), 0);
		p += len;
	}
	ck_assert_ptr_eq(p, got + n);
	lg_sbuf_free(&b);
	cons_fwd_free(f);
	close(cfd);
	close(lfd);
	close(wake);
}
END_TEST

/* What test_deliver_confirms_in_steps saw of the batch's progress. */
struct steps {
	unsigned int n;
	unsigned long long records[8], seq[8];
};

static void note_step(const struct cons_fwd_result *res)
{
	struct steps *st = res->arg;

	ck_assert_uint_lt(st->n, 8);
	st->records[st->n] = res->records;
	st->seq[st->n++] = res->last_seq;
}

/*
 * A forwarder that confirms every 2 messages (RELP does every window)
 * tells its caller after each step but the last, in order, with the
 * sequence number the state file is to hold; the result covers the
 * whole batch.
 */
START_TEST(test_deliver_confirms_in_steps)
{
	struct steps st = { 0 };
	struct cons_fwd_result res = { .progress = note_step, .arg = &st };
	struct cons_fwd *f;
	struct lg_sbuf b;
	atomic_bool stop = false;
	char url[64];
	int lfd, wake = eventfd(0, EFD_NONBLOCK);

	snprintf(url, sizeof(url), "tcp://127.0.0.1:%d",
		 listen_lo(SOCK_STREAM, &lfd));
	ck_assert_int_eq(cons_fwd_open(url, &fo, &f), 0);
	ck_assert_uint_eq(f->confirm_every, 0);	/* TCP: the whole batch */
	f->confirm_every = 2;
	batch(&b, f, 5, 0);
	ck_assert_int_eq(cons_fwd_deliver(f, b.buf, b.len, wake, &stop, &res),
			 0);
	ck_assert_uint_eq(st.n, 2);
	ck_assert_uint_eq(st.records[0], 2);
	ck_assert_uint_eq(st.seq[0], 101);
	ck_assert_uint_eq(st.records[1], 4);
	ck_assert_uint_eq(st.seq[1], 103);
	ck_assert_uint_eq(res.records, 5);
	ck_assert_uint_eq(res.last_seq, 104);
	ck_assert_uint_eq(f->counts.confirmed, 5);
	ck_assert_uint_eq(f->counts.sent, 5);
	lg_sbuf_free(&b);
	cons_fwd_free(f);
	close(lfd);
	close(wake);
	if (cons_fwd_have_relp) {
		ck_assert_int_eq(cons_fwd_open("relp://127.0.0.1:1", &fo, &f),
				 0);
		ck_assert_uint_eq(f->confirm_every, CONS_FWD_RELP_WINDOW);
		cons_fwd_free(f);
	}
}
END_TEST

START_TEST(test_deliver_udp_truncates)
{
	struct cons_fwd_result res = { 0 };
	struct cons_fwd *f;
	struct lg_sbuf b;
	atomic_bool stop = false;
	char url[64], got[2048];
	int sfd, wake = eventfd(0, EFD_NONBLOCK);

	snprintf(url, sizeof(url), "udp://127.0.0.1:%d",
		 listen_lo(SOCK_DGRAM, &sfd));
	ck_assert_int_eq(cons_fwd_open(url, &fo, &f), 0);
	batch(&b, f, 2, 1000);
	ck_assert_int_eq(cons_fwd_deliver(f, b.buf, b.len, wake, &stop, &res),
			 0);
	ck_assert_uint_eq(res.records, 2);
	ck_assert_uint_eq(f->counts.truncated, 1);
	ck_assert_int_gt(recv(sfd, got, sizeof(got), 0), 0);
	ck_assert_int_eq(recv(sfd, got, sizeof(got), 0), 480);
	lg_sbuf_free(&b);
	cons_fwd_free(f);
	close(sfd);
	close(wake);
}
END_TEST

START_TEST(test_deliver_stop_while_down)
{
	struct cons_fwd_result res = { 0 };
	struct cons_fwd *f;
	struct lg_sbuf b;
	atomic_bool stop = true;
	unsigned long long one = 1;
	char url[64];
	int lfd, wake = eventfd(0, EFD_NONBLOCK);

	/* A port nobody listens on: bound, closed again. */
	snprintf(url, sizeof(url), "tcp://127.0.0.1:%d",
		 listen_lo(SOCK_STREAM, &lfd));
	close(lfd);
	ck_assert_int_eq(cons_fwd_open(url, &fo, &f), 0);
	batch(&b, f, 2, 0);
	ck_assert_int_eq(write(wake, &one, sizeof(one)), sizeof(one));
	ck_assert_int_eq(cons_fwd_deliver(f, b.buf, b.len, wake, &stop, &res),
			 -ECANCELED);
	ck_assert_uint_eq(res.records, 0);
	ck_assert_uint_eq(res.last_seq, 0);
	/* Stopped before the first attempt: nothing sent, nothing lost. */
	ck_assert_uint_eq(f->counts.sent, 0);
	lg_sbuf_free(&b);
	cons_fwd_free(f);
	close(wake);
}
END_TEST

/* ---- RELP: what counts as acknowledged ---- */

/*
 * A RELP server of two sessions, on a listening socket: the first
 * answers the first @ack_first messages, then, once the client sends
 * "close", sends the "serverclose" hint and hangs up (as rsyslogd does
 * when it stops); the second answers everything.  It notes the seq of
 * every message it got, per session.
 */
struct relp_srv {
	int lfd;
	int ack_first;
	int got[2][16];
	int ngot[2];
	bool failed;
};

/* One frame "TXNR CMD LEN[ DATA]\n" from @fd into @cmd and @data. */
static int relp_frame(int fd, int *txnr, char *cmd, char *data, size_t max)
{
	char hdr[64];
	size_t i = 0, len, got = 0;
	int spaces = 0;
	char c;

	/* Up to the third space or the trailer of an empty frame. */
	while (i < sizeof(hdr) - 1) {
		if (read(fd, &c, 1) != 1)
			return -1;
		if (c == '\n' && spaces == 2)
			break;
		if (c == ' ' && ++spaces == 3)
			break;
		hdr[i++] = c;
	}
	hdr[i] = '\0';
	if (sscanf(hdr, "%d %31s %zu", txnr, cmd, &len) != 3 || len >= max)
		return -1;
	while (got < len) {
		ssize_t k = read(fd, data + got, len - got);

		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	data[len] = '\0';
	if (len && (read(fd, &c, 1) != 1 || c != '\n'))
		return -1;
	return 0;
}

static void relp_say(int fd, int txnr, const char *cmd, const char *data)
{
	char out[256];
	int n = snprintf(out, sizeof(out), "%d %s %zu%s%s\n", txnr, cmd,
			 strlen(data), *data ? " " : "", data);

	if (write(fd, out, (size_t)n) != n)
		return;
}

static void *relp_server(void *arg)
{
	struct relp_srv *sv = arg;
	char cmd[32], data[4096];
	int sess, txnr, fd, acked;

	for (sess = 0; sess < 2; sess++) {
		fd = accept(sv->lfd, NULL, NULL);
		if (fd < 0 || relp_frame(fd, &txnr, cmd, data, sizeof(data)) ||
		    strcmp(cmd, "open")) {
			sv->failed = true;
			return NULL;
		}
		relp_say(fd, txnr, "rsp",
			 "200 OK\nrelp_version=0\nrelp_software=unit\ncommands=syslog");
		acked = 0;
		while (!relp_frame(fd, &txnr, cmd, data, sizeof(data))) {
			const char *q = strstr(data, "seq=\"");

			if (!strcmp(cmd, "close")) {
				if (sess == 0)
					relp_say(fd, 0, "serverclose", "");
				else
					relp_say(fd, txnr, "rsp", "200 OK");
				break;
			}
			if (strcmp(cmd, "syslog") || !q || sv->ngot[sess] >= 16) {
				sv->failed = true;
				break;
			}
			sv->got[sess][sv->ngot[sess]++] = atoi(q + 5);
			if (sess == 1 || acked < sv->ack_first) {
				relp_say(fd, txnr, "rsp", "200 OK");
				acked++;
			}
		}
		close(fd);
	}
	return NULL;
}

/*
 * The collector answers 2 of 5 messages and closes the session while the
 * client waits for the answer to "close" (librelp reports that to no
 * callback): 2 confirmed, exactly the other 3 sent again on a new session,
 * and only then is the batch confirmed.
 */
START_TEST(test_deliver_relp_serverclose)
{
	struct relp_srv sv = { .ack_first = 2 };
	struct cons_fwd_result res = { 0 };
	struct cons_fwd *f;
	struct lg_sbuf b;
	atomic_bool stop = false;
	char url[64];
	pthread_t th;
	int k, wake = eventfd(0, EFD_NONBLOCK);

	snprintf(url, sizeof(url), "relp://127.0.0.1:%d",
		 listen_lo(SOCK_STREAM, &sv.lfd));
	ck_assert_int_eq(pthread_create(&th, NULL, relp_server, &sv), 0);
	ck_assert_int_eq(cons_fwd_open(url, &fo, &f), 0);
	batch(&b, f, 5, 0);
	ck_assert_int_eq(cons_fwd_deliver(f, b.buf, b.len, wake, &stop, &res),
			 0);
	/* A server still waiting for a second session gives up. */
	shutdown(sv.lfd, SHUT_RDWR);
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	ck_assert_int_eq(sv.ngot[1], 3);
	ck_assert(!sv.failed);
	ck_assert_uint_eq(res.records, 5);
	ck_assert_uint_eq(res.last_seq, 104);
	ck_assert_int_eq(sv.ngot[0], 5);
	for (k = 0; k < 5; k++)
		ck_assert_int_eq(sv.got[0][k], 100 + k);
	/* Not the two it answered: no duplicate; the three others: no loss. */
	for (k = 0; k < 3; k++)
		ck_assert_int_eq(sv.got[1][k], 102 + k);
	ck_assert_uint_eq(f->counts.confirmed, 5);
	ck_assert_uint_eq(f->counts.resent, 3);
	ck_assert_uint_eq(f->counts.connects, 2);
	lg_sbuf_free(&b);
	cons_fwd_free(f);
	close(sv.lfd);
	close(wake);
}
END_TEST

START_TEST(test_deliver_bad_batch)
{
	struct cons_fwd_result res = { 0 };
	struct cons_fwd *f;
	struct cons_fwd_hdr h = { .seq = 1, .len = 100 };
	atomic_bool stop = false;

	ck_assert_int_eq(cons_fwd_open("udp://127.0.0.1:9", &fo, &f), 0);
	ck_assert_int_eq(cons_fwd_deliver(f, (const char *)&h, sizeof(h), -1,
					  &stop, &res), -EBADMSG);
	cons_fwd_free(f);
	ck_assert_int_eq(cons_fwd_open("smtp://x:25", &fo, &f), -EINVAL);
}
END_TEST

START_TEST(test_spec_forward)
{
	struct cons_spec def, sp;
	char err[256];

	cons_spec_default(&def, CONS_FMT_TEXT);
	ck_assert_int_eq(cons_spec_parse("out=relp://127.0.0.1:2514,state=/x",
					 &def, &sp, err, sizeof(err)), 0);
	ck_assert(sp.state);
	ck_assert_str_eq(sp.cursor, "/x");
	ck_assert_str_eq(sp.name, "relp://127.0.0.1:2514");
	ck_assert_int_eq(cons_spec_parse("out=tcp://nohost,state=/x", &def,
					 &sp, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "bad forwarding address"));
	ck_assert_int_eq(cons_spec_parse("out=/tmp/f,state=/x", &def, &sp, err,
					 sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "state= is for a forwarding reader"));
	ck_assert_int_eq(cons_spec_parse("out=udp://h:514,order=priority",
					 &def, &sp, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "chronological"));
}
END_TEST

START_TEST(test_opts_forward)
{
	static struct cons_opts o;
	char err[256];

	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--forward",
				      "relp://127.0.0.1:2514", "--state", "/s",
				      "--forward", "udp://[::1]:514", "--state",
				      "/t", "--rfc3164", "--forward-timeout",
				      "0.5", "--backoff-max", "2",
				      "--datagram-size", "480", "--no-hold",
				      NULL),
			 0);
	ck_assert_uint_eq(o.nforwards, 2);
	ck_assert_str_eq(o.states[1], "/t");
	ck_assert(o.fwd.rfc3164);
	ck_assert_uint_eq(o.fwd.timeout_ms, 500);
	ck_assert_uint_eq(o.fwd.backoff_max_ms, 2000);
	ck_assert_uint_eq(o.fwd.dgram_size, 480);
	ck_assert(o.dev.no_hold);
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--forward",
				      "tcp://h:1", "--forward", "tcp://h:2",
				      "--state", "/s", NULL),
			 -1);
	ck_assert_ptr_nonnull(strstr(err, "its own --state"));
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--state",
				      "/s", NULL),
			 -1);
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--forward",
				      "tcp://h", NULL),
			 -1);
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--forward",
				      "tcp://h:1", "-n", "5", NULL),
			 -1);
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--forward",
				      "tcp://h:1", "--reader", "out=-", NULL),
			 -1);
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--datagram-size",
				      "100", NULL),
			 -1);
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--forward-timeout",
				      "0", NULL),
			 -1);
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--hold",
				      "--no-hold", NULL),
			 -1);
}
END_TEST

/* --mmap is taken; with --group (a shared kernel cursor) it is refused. */
START_TEST(test_opts_mmap)
{
	static struct cons_opts o;
	char err[256];

	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "-f", "-o",
				      "json", "--tag", "job", NULL), 0);
	ck_assert(!o.mmap);
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--mmap", "-f",
				      "-o", "json", "--tag", "job",
				      "--no-hold", NULL), 0);
	ck_assert(o.mmap);
	ck_assert(o.follow);
	ck_assert(o.dev.no_hold);
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--mmap",
				      "--group", "x", NULL), -1);
	ck_assert_str_eq(err,
			 "--mmap and --group exclude each other: a reader group shares one cursor in the kernel, and a mapped reader reads from its own position");
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--group", "x",
				      "--mmap", NULL), -1);
	ck_assert_ptr_nonnull(strstr(err, "--mmap and --group"));
	ck_assert_int_eq(ut_cons_args(&o, err, sizeof(err), "--mmap=1", NULL),
			 -1);
	ck_assert_str_eq(err, "unrecognized option '--mmap=1'");
}
END_TEST

Suite *make_cons_fwd_suite(void)
{
	Suite *s = suite_create("cons_fwd");
	TCase *tc = tcase_create("syslog");

	tcase_add_test(tc, test_rfc5424);
	tcase_add_test(tc, test_kern_from_user);
	tcase_add_test(tc, test_rfc3164);
	tcase_add_test(tc, test_host_and_frame);
	tcase_add_test(tc, test_url);
	tcase_add_test(tc, test_decode_tag);
	tcase_add_test(tc, test_backoff);
	tcase_add_test(tc, test_spec_forward);
	tcase_add_test(tc, test_opts_forward);
	tcase_add_test(tc, test_opts_mmap);
	suite_add_tcase(s, tc);
	tc = tcase_create("deliver");
	tcase_add_test(tc, test_deliver_tcp);
	tcase_add_test(tc, test_deliver_confirms_in_steps);
	tcase_add_test(tc, test_deliver_udp_truncates);
	tcase_add_test(tc, test_deliver_stop_while_down);
	tcase_add_test(tc, test_deliver_bad_batch);
	if (cons_fwd_have_relp)
		tcase_add_test(tc, test_deliver_relp_serverclose);
	suite_add_tcase(s, tc);
	return s;
}
