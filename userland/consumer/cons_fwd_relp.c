// SPDX-License-Identifier: GPL-2.0
/*
 * cons_fwd_relp: the RELP transport, on Debian's librelp.
 *
 * DESIGN
 *   One librelp engine per forwarder (the syslog command required), one
 *   client (session) at a time, window 128, librelp's timeout from
 *   --forward-timeout (whole seconds, at least 1).
 *   - What is acknowledged: librelp's client API tells no acknowledgement
 *     to its caller: relpCltSendSyslog() returns once the frame is
 *     written, the answers ("rsp" frames) are read inside later librelp
 *     calls, and a session that ends -- even by the server's
 *     "serverclose" hint while librelp waits for the answer to "close",
 *     which it reports to no callback -- frees the unanswered frames in
 *     silence.  librelp 1.11 tells every answer it reads only to its
 *     debug printer ("in rsp command handler, txnr %d, code %d, ...",
 *     and "in serverclose command handler" for the hint).  relp_dbg()
 *     matches those two formats exactly and counts, in order, the
 *     messages of the session answered with code 200 (@f->acked): a
 *     session's frames have the transaction numbers 1 ("open"), 2, 3, ...
 *     (our messages, in the order sent), then "close", and the server
 *     answers in order.  Only counted messages are confirmed; a session
 *     that ends short of them all has the rest sent again in a new one
 *     (duplicates only when an answer is lost: RELP's window).  The
 *     answer to "open" must be seen on every session: a librelp that
 *     stops telling answers this way is refused (clear error) rather
 *     than trusted.
 *   - send: relpCltSendSyslog().  When it fails the session is dropped
 *     (what was answered so far stays confirmed); no relpCltReconnect():
 *     it renumbers the frames it sends again, and a new session from the
 *     first unanswered message is simpler to account.
 *   - confirm: relpEngineCltDestruct() ends a session by sending "close"
 *     and reading until its answer (which follows every other answer) or
 *     an error; what was sent is confirmed when every message was
 *     answered.  cons_fwd.c confirms every window (128 messages), so
 *     every window ends the session; the next one opens a new one (a TCP
 *     connect and the RELP "open": on loopback, cheap against 128
 *     answers).
 *   What an acknowledgement is worth is the collector's business: rsyslog's
 *   imrelp answers 200 once the message is handed to the ruleset's queue,
 *   even when that queue drops it (README, "Beyond one machine").
 *   librelp's callbacks carry the session's user pointer (the forwarder)
 *   or, for generic errors and the debug printer, nothing: a thread-local
 *   pointer names the forwarder whose librelp call is running.
 *   Built with -DLOGGER_NO_RELP (the static test binaries: Debian has no
 *   static GnuTLS for librelp to link with), relp:// is refused at open.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "cons_fwd.h"

#ifndef LOGGER_NO_RELP
#include <librelp.h>

const bool cons_fwd_have_relp = true;

/* The forwarder inside a librelp call on this thread. */
static __thread struct cons_fwd *relp_cur;

/* librelp's debug lines that tell answers (src/scrsp.c, cserverclose.c). */
static const char relp_fmt_rsp[] =
	"in rsp command handler, txnr %d, code %d, text '%s'\n";
static const char relp_fmt_srvclose[] = "in serverclose command handler\n";

static void relp_note(struct cons_fwd *f, const char *msg, relpRetVal code)
{
	if (!f)
		return;
	snprintf(f->why, sizeof(f->why), "%s (librelp error %d)", msg,
		 (int)code);
}

static void relp_on_err(void *usr, char *obj, char *msg, relpRetVal code)
{
	relp_note(usr ? usr : relp_cur, msg, code);
}

static void relp_on_generic_err(char *obj, char *msg, relpRetVal code)
{
	relp_note(relp_cur, msg, code);
}

/*
 * An answer to transaction @txnr of the session: 1 is "open", 2 .. n+1
 * our n messages, n+2 "close".  Messages count as acknowledged in order,
 * up to the first that was not answered 200.
 */
static void relp_answer(struct cons_fwd *f, int txnr, int code)
{
	if (txnr == 1) {
		f->relp_opened = code == 200;
		return;
	}
	if (txnr < 2 || (unsigned long long)txnr - 2 >= f->relp_nsent)
		return;
	if (code != 200)
		f->relp_refused = true;
	else if (!f->relp_refused && (unsigned long long)txnr - 2 == f->acked)
		f->acked++;
}

/*
 * librelp calls its debug printer for everything it does, unconditionally:
 * pick out the answers (compared by format, before any formatting).
 */
__attribute__((format(printf, 1, 2)))
static void relp_dbg(char *fmt, ...)
{
	struct cons_fwd *f = relp_cur;
	va_list ap;
	int txnr, code;

	if (!f || fmt[0] != 'i')
		return;
	if (!strcmp(fmt, relp_fmt_srvclose)) {
		f->relp_srvclose = true;
		return;
	}
	if (strcmp(fmt, relp_fmt_rsp))
		return;
	va_start(ap, fmt);
	txnr = va_arg(ap, int);
	code = va_arg(ap, int);
	va_end(ap);
	relp_answer(f, txnr, code);
}

static int relp_engine(struct cons_fwd *f)
{
	relpEngine_t *eng;

	if (f->relp_eng)
		return 0;
	if (relpEngineConstruct(&eng) != RELP_RET_OK)
		return -ENOMEM;
	if (relpEngineSetDbgprint(eng, relp_dbg) != RELP_RET_OK ||
	    relpEngineSetEnableCmd(eng, (unsigned char *)"syslog",
				   eRelpCmdState_Required) != RELP_RET_OK ||
	    relpEngineSetOnErr(eng, relp_on_err) != RELP_RET_OK ||
	    relpEngineSetOnGenericErr(eng, relp_on_generic_err) !=
		    RELP_RET_OK) {
		relpEngineDestruct(&eng);
		return -EINVAL;
	}
	f->relp_eng = eng;
	return 0;
}

/* End the session: "close", then read every answer up to its own. */
static void relp_drop(struct cons_fwd *f)
{
	relpClt_t *clt = f->relp_clt;

	if (!clt)
		return;
	relp_cur = f;
	relpEngineCltDestruct(f->relp_eng, &clt);
	relp_cur = NULL;
	f->relp_clt = NULL;
}

static int relp_connect(struct cons_fwd *f)
{
	unsigned int secs = (f->opts.timeout_ms + 999) / 1000;
	relpClt_t *clt;
	relpRetVal rc;
	int ret = relp_engine(f);

	if (ret)
		return ret;
	if (!secs)
		secs = 1;
	relp_drop(f);
	f->acked = 0;
	f->relp_nsent = 0;
	f->relp_opened = false;
	f->relp_refused = false;
	f->relp_srvclose = false;
	relp_cur = f;
	if (relpEngineCltConstruct(f->relp_eng, &clt) != RELP_RET_OK) {
		relp_cur = NULL;
		return -ENOMEM;
	}
	relpCltSetTimeout(clt, secs);
	relpCltSetConnTimeout(clt, (int)secs);
	relpCltSetWindowSize(clt, CONS_FWD_RELP_WINDOW);
	relpCltSetUsrPtr(clt, f);
	rc = relpCltConnect(clt, AF_UNSPEC, (unsigned char *)f->port,
			    (unsigned char *)f->host);
	if (rc == RELP_RET_OK && !f->relp_opened) {
		/* Connected, but the answer to "open" went unseen. */
		snprintf(f->why, sizeof(f->why),
			 "this librelp does not show the collector's answers to its debug printer, so acknowledgements cannot be counted");
		rc = RELP_RET_ERR_INTERNAL;
	}
	if (rc != RELP_RET_OK) {
		if (!f->why[0])
			snprintf(f->why, sizeof(f->why),
				 "connect: librelp error %d", (int)rc);
		relpEngineCltDestruct(f->relp_eng, &clt);
		relp_cur = NULL;
		return -ECONNREFUSED;
	}
	relp_cur = NULL;
	f->relp_clt = clt;
	return 0;
}

static int relp_send(struct cons_fwd *f, const char *msg, size_t len)
{
	relpRetVal rc;

	relp_cur = f;
	rc = relpCltSendSyslog(f->relp_clt, (unsigned char *)msg, len);
	relp_cur = NULL;
	if (rc == RELP_RET_OK) {
		f->relp_nsent++;
		return 0;
	}
	if (f->relp_srvclose)
		snprintf(f->why, sizeof(f->why),
			 "the collector closed the session (librelp error %d)",
			 (int)rc);
	else if (!f->why[0])
		snprintf(f->why, sizeof(f->why), "send: librelp error %d",
			 (int)rc);
	return -EPIPE;
}

/* Every message of the session answered 200 (0), or -EPIPE. */
static int relp_confirm(struct cons_fwd *f)
{
	unsigned long long n = f->relp_nsent;

	f->why[0] = '\0';
	relp_drop(f);
	f->connected = false;
	if (f->acked == n)
		return 0;
	snprintf(f->why, sizeof(f->why),
		 "the collector answered %llu of %llu messages%s", f->acked, n,
		 f->relp_srvclose ? ", then closed the session" :
		 f->relp_refused ? ", then refused one" : "");
	return -EPIPE;
}

static void relp_close(struct cons_fwd *f, bool graceful)
{
	relp_drop(f);
}

static void relp_release(struct cons_fwd *f)
{
	relpEngine_t *eng = f->relp_eng;

	relp_drop(f);
	if (eng)
		relpEngineDestruct(&eng);
	f->relp_eng = NULL;
}

const struct cons_fwd_transport cons_fwd_relp = {
	.connect = relp_connect,
	.send = relp_send,
	.confirm = relp_confirm,
	.close = relp_close,
	.release = relp_release,
};

#else /* LOGGER_NO_RELP */

const bool cons_fwd_have_relp;

static int relp_none(struct cons_fwd *f)
{
	return -EPROTONOSUPPORT;
}

static int relp_none_send(struct cons_fwd *f, const char *msg, size_t len)
{
	return -EPROTONOSUPPORT;
}

static void relp_none_close(struct cons_fwd *f, bool graceful)
{
}

const struct cons_fwd_transport cons_fwd_relp = {
	.connect = relp_none,
	.send = relp_none_send,
	.confirm = relp_none,
	.close = relp_none_close,
};

#endif /* LOGGER_NO_RELP */
