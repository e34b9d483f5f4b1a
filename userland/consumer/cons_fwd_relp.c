// SPDX-License-Identifier: GPL-2.0
/*
 * cons_fwd_relp: the RELP transport, on Debian's librelp.
 *
 * DESIGN
 *   One librelp engine per forwarder (the syslog command required), one
 *   client (session) at a time, window 128, librelp's timeout from
 *   --forward-timeout (whole seconds, at least 1).
 *   - send: relpCltSendSyslog().  When it fails the session is broken;
 *     the message at hand was not queued, and librelp keeps the ones sent
 *     but not yet acknowledged.  The session is then re-established with
 *     relpCltReconnect() (as rsyslog's omrelp does), which sends those
 *     again first, so a collector restart loses and doubles nothing.
 *   - confirm: librelp tells no acknowledgement to its caller, but the
 *     server answers commands in order, and relpEngineCltDestruct() ends
 *     a session by sending "close" and waiting for its answer: a close
 *     during which librelp reported no error (its onErr callback) proves
 *     every message of the session acknowledged.  So every batch ends the
 *     session; the next one opens a new one (a TCP connect and the RELP
 *     "open" on loopback, cheap against a batch of hundreds).
 *   librelp's callbacks carry the session's user pointer (the forwarder)
 *   or, for generic errors, nothing: a thread-local pointer names the
 *   forwarder whose librelp call is running.
 *   Built with -DLOGGER_NO_RELP (the static test binaries: Debian has no
 *   static GnuTLS for librelp to link with), relp:// is refused at open.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "cons_fwd.h"

#ifndef LOGGER_NO_RELP
#include <librelp.h>

const bool cons_fwd_have_relp = true;

/* The forwarder inside a librelp call on this thread. */
static __thread struct cons_fwd *relp_cur;

static void relp_note(struct cons_fwd *f, const char *msg, relpRetVal code)
{
	if (!f)
		return;
	f->relp_err = true;
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

/* librelp calls its debug printer unconditionally: give it one. */
__attribute__((format(printf, 1, 2)))
static void relp_dbg(char *fmt, ...)
{
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

static void relp_drop(struct cons_fwd *f)
{
	relpClt_t *clt = f->relp_clt;

	if (!clt)
		return;
	relp_cur = f;
	relpEngineCltDestruct(f->relp_eng, &clt);
	relp_cur = NULL;
	f->relp_clt = NULL;
	f->relp_broken = false;
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
	f->relp_err = false;
	relp_cur = f;
	if (f->relp_broken && f->relp_clt) {
		/* Re-establish; librelp resends what was not acknowledged. */
		rc = relpCltReconnect(f->relp_clt);
		relp_cur = NULL;
		if (rc == RELP_RET_OK) {
			f->relp_broken = false;
			return 0;
		}
		if (!f->why[0])
			snprintf(f->why, sizeof(f->why),
				 "reconnect: librelp error %d", (int)rc);
		return -ECONNREFUSED;
	}
	relp_drop(f);
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
	if (rc == RELP_RET_OK)
		return 0;
	if (!f->why[0])
		snprintf(f->why, sizeof(f->why), "send: librelp error %d",
			 (int)rc);
	/*
	 * Broken sessions -- and sessions the server closed ("serverclose",
	 * which librelp also marks broken) -- are re-established with what
	 * librelp holds.
	 */
	f->relp_broken = rc == RELP_RET_SESSION_BROKEN ||
			 rc == RELP_RET_SESSION_CLOSED ||
			 rc == RELP_RET_IO_ERR || rc == RELP_RET_TIMED_OUT;
	return -EPIPE;
}

static int relp_confirm(struct cons_fwd *f)
{
	f->relp_err = false;
	f->why[0] = '\0';
	relp_drop(f);
	f->connected = false;
	if (f->relp_err) {
		if (!f->why[0])
			snprintf(f->why, sizeof(f->why),
				 "the session did not close cleanly");
		return -EPIPE;
	}
	return 0;
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
