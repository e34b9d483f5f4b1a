/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cons_syslog: a record as a syslog message -- RFC 5424 (or RFC 3164 for
 * old collectors) -- and RFC 6587 octet counting, for the forwarders.
 */
#ifndef LOGGER_CONS_SYSLOG_H
#define LOGGER_CONS_SYSLOG_H

#include <stdbool.h>
#include <stddef.h>

#include "cons_record.h"
#include "jsonw.h"

/* RFC 5424 field limits (section 6). */
#define CONS_SYSLOG_HOST_MAX	255
#define CONS_SYSLOG_APP_MAX	48
/* RFC 3164's TAG: at most 32 characters. */
#define CONS_SYSLOG_TAG3164_MAX	32
/*
 * The SD-ID of the structured data: "logger" at 32473, the private
 * enterprise number RFC 5612 sets aside for documentation and examples
 * (the project has none of its own).
 */
#define CONS_SYSLOG_SDID	"logger@32473"

/**
 * struct cons_syslog_ctx - what every message of one forwarder shares
 * @rfc3164: the old BSD format instead of RFC 5424.
 * @hostname: HOSTNAME, already checked (printable ASCII, no blank,
 *	1..255 bytes), or "-".
 * @instance: the store instance the records come from (0: unknown, not
 *	sent).
 */
struct cons_syslog_ctx {
	bool rfc3164;
	char hostname[CONS_SYSLOG_HOST_MAX + 1];
	unsigned long long instance;
};

void cons_syslog_set_host(struct cons_syslog_ctx *c, const char *host);
unsigned int cons_syslog_pri(const struct cons_rec *r);
size_t cons_syslog_app(char *out, size_t size, const struct cons_rec *r);
int cons_syslog_build(struct lg_sbuf *b, const struct cons_rec *r,
		      const struct cons_syslog_ctx *c);
int cons_syslog_octet_frame(struct lg_sbuf *b, const char *msg, size_t len);

#endif /* LOGGER_CONS_SYSLOG_H */
