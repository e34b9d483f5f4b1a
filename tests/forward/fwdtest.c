// SPDX-License-Identifier: GPL-2.0
/*
 * fwdtest: the helper of the forwarding tests in the VM
 * (tests/vm/guest-forward.sh), static like the device suite.
 *
 *   fwdtest gen N [SEED]     write N records: every level, several
 *                            facilities (kern from root and from uid
 *                            65534), tags (LOGGER_IOC_SET_TAG), sizes up to
 *                            the largest
 *                            record, and bytes 0x00..0xff but '\n'
 *   fwdtest check FILE FROM TO [--allow-dups] [--allow-missing]
 *                 [--rfc3164] [--udp-max N] [--nul-cut] [--evicted]
 *                            compare rsyslog's output FILE (the "fields"
 *                            template of guest-forward.sh) with the
 *                            records FROM..TO read back from the device:
 *                            every field of every line, order,
 *                            duplicates, missing records (as ranges);
 *                            --evicted: records FROM..TO no longer in
 *                            the store (read, then evicted under the
 *                            block policy) are checked by sequence
 *                            number only (once, in order)
 *   fwdtest wait FILE N SECONDS   until FILE has N lines (fails after
 *                            SECONDS: a failure detector, not a timing)
 *   fwdtest grep FILE TEXT N SECONDS  until FILE has N lines with TEXT
 *   fwdtest now              CLOCK_MONOTONIC in ms
 *   fwdtest hostile PORT     a collector on 127.0.0.1:PORT that accepts
 *                            connections and never reads
 *   fwdtest policy block|overwrite   LOGGER_IOC_SET_CONFIG (exit 3 when
 *                            the kernel refuses the policy: EINVAL)
 *   fwdtest nextseq          the store's next sequence number
 *
 * The checker is an independent oracle: it formats what rsyslog should
 * have written from the device's own records (not with the consumer's
 * code), with rsyslog's escaping of control characters ("#ooo").
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "logger.h"

#define DEV	"/dev/logger"

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static unsigned long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static unsigned long long rng;

static unsigned int rnd(unsigned int n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)((rng >> 33) % n);
}

/* ---- gen ---- */

static const char *const tags[] = { "backup", "disk", "", "a.b-c_d",
				     "x", "LONG-TAG-0123456789abcdefghijk" };
static const char *const comms[] = { "backup", "we ird:na[me]", "gen",
				     "\xc3\xa9t\xc3\xa9", "x" };
static const int facs[] = { 1, 1, 1, 16, 17, 23, 3, 0 };

static size_t gen_body(char *p, unsigned int max)
{
	unsigned int k = rnd(100), len, i;
	bool wild = rnd(10) == 0;

	len = k < 70 ? 10 + rnd(190) : k < 95 ? 200 + rnd(800) :
	      k < 99 ? 1000 + rnd(3000) : max;
	if (len > max)
		len = max;
	for (i = 0; i < len; i++) {
		unsigned char c = wild ? (unsigned char)rnd(256) :
					 (unsigned char)(32 + rnd(95));

		p[i] = c == '\n' ? 'n' : (char)c;
	}
	return len;
}

static void gen_part(int fd, unsigned long n, unsigned int max, bool tagged,
		     bool nobody)
{
	size_t cap = 64 * (max + 16), len = 0;
	char *buf = malloc(cap);
	unsigned long i, inbuf = 0, want = 0;

	if (!buf)
		die("malloc");
	for (i = 0; i < n; i++) {
		int fac = facs[rnd(8)], lvl = (int)rnd(8);

		if (!inbuf) {
			want = 1 + rnd(64);	/* records in this write */
			if (tagged) {
				struct logger_tag t;

				memset(&t, 0, sizeof(t));
				strcpy(t.name, tags[rnd(6)]);
				if (ioctl(fd, LOGGER_IOC_SET_TAG, &t))
					die("LOGGER_IOC_SET_TAG");
			} else {
				prctl(PR_SET_NAME, comms[rnd(5)]);
			}
		}
		len += (size_t)sprintf(buf + len, "<%d>", fac * 8 + lvl);
		len += gen_body(buf + len, max);
		buf[len++] = '\n';
		if (++inbuf == want || i + 1 == n) {
			size_t off = 0;

			while (off < len) {
				ssize_t w = write(fd, buf + off, len - off);

				if (w < 0 && errno == EINTR)
					continue;
				if (w <= 0)
					die(nobody ? "write (uid 65534)" : "write");
				off += (size_t)w;
			}
			len = 0;
			inbuf = 0;
		}
	}
	free(buf);
}

static int cmd_gen(unsigned long n, unsigned long long seed)
{
	struct logger_config cfg;
	struct logger_tag t;
	unsigned long mine = n - n / 10;
	pid_t pid;
	int fd, st;
	bool tagged;

	fd = open(DEV, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, LOGGER_IOC_GET_CONFIG, &cfg))
		die(DEV);
	memset(&t, 0, sizeof(t));
	if (ioctl(fd, LOGGER_IOC_SET_TAG, &t))
		die("LOGGER_IOC_SET_TAG");	/* the kernel has tags now */
	tagged = true;
	fflush(stdout);
	/* A tenth from uid 65534, at the same time: kern from a user. */
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		rng = seed ^ 0x5555;
		if (setgid(65534) || setuid(65534))
			die("setuid");
		gen_part(fd, n / 10, cfg.max_record, tagged, true);
		_exit(0);
	}
	rng = seed;
	gen_part(fd, mine, cfg.max_record, tagged, false);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		die("the uid 65534 writer failed");
	printf("gen: %lu records (with tags)\n", n);
	return 0;
}

/* ---- check ---- */

struct exp {
	char *line;		/* expected output line, without '\n' */
	unsigned int seen;
	bool present;
};

static void put_esc(char **p, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20)
			*p += sprintf(*p, "#%03o", c);
		else
			*(*p)++ = (char)c;
	}
}

static size_t app(char *out, const char *src, size_t n, size_t max,
		  bool bsd)
{
	size_t i;

	if (n > max)
		n = max;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)src[i];

		out[i] = (c <= 32 || c >= 127 || (bsd && (c == ':' ||
			  c == '[' || c == ']'))) ? '_' : (char)c;
	}
	if (!n)
		out[n++] = '-';
	out[n] = '\0';
	return n;
}

static char host[256];
/* --nul-cut: rsyslog's disk queue keeps a message up to its first NUL. */
static bool nul_cut;

/* The line rsyslog's "fields" template writes for this record. */
static char *expect(const struct logger_record *h, const char *tag,
		    size_t taglen, const char *msg, unsigned long long inst,
		    bool bsd, unsigned int udp_max)
{
	char *line = malloc(4 * h->msg_len + 1024), *p = line, a[64];
	unsigned int fac = h->facility == 0 && h->uid ? 1 : h->facility;
	time_t sec = (time_t)(h->ts_real_ns / 1000000000ULL);
	char hdr[600];
	size_t mlen = h->msg_len;
	struct tm tm;

	if (!line)
		die("malloc");
	gmtime_r(&sec, &tm);
	if (taglen)
		app(a, tag, taglen, bsd ? 32 : 48, bsd);
	else
		app(a, h->comm, strnlen(h->comm, 16), bsd ? 32 : 48, bsd);
	/* rsyslog drops one NUL at the very end of a message (SanitizeMsg). */
	if (mlen && !msg[mlen - 1])
		mlen--;
	if (nul_cut)
		mlen = strnlen(msg, mlen);
	if (bsd) {
		p += sprintf(p, "%u|%04d-%02d-%02dT%02d:%02d:%02d+00:00|%s|%s|%u|-|-| ",
			     fac * 8 + h->level, tm.tm_year + 1900,
			     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			     tm.tm_sec, host, a, h->pid);
		put_esc(&p, msg, mlen);
		*p = '\0';
		return line;
	}
	p += sprintf(p, "%u|%04d-%02d-%02dT%02d:%02d:%02d.%06lluZ|%s|%s|%u|-|[logger@32473 seq=\"%llu\" tid=\"%u\" uid=\"%u\" inst=\"%016llx\"]|",
		     fac * 8 + h->level, tm.tm_year + 1900, tm.tm_mon + 1,
		     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		     (unsigned long long)(h->ts_real_ns % 1000000000ULL) / 1000,
		     host, a, h->pid, (unsigned long long)h->seq, h->tid,
		     h->uid, inst);
	if (udp_max) {
		/* What the datagram held: header + SP + message, cut. */
		int hl = snprintf(hdr, sizeof(hdr), "<%u>1 %04d-%02d-%02dT%02d:%02d:%02d.%06lluZ %s %s %u - [logger@32473 seq=\"%llu\" tid=\"%u\" uid=\"%u\" inst=\"%016llx\"] ",
				  fac * 8 + h->level, tm.tm_year + 1900,
				  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
				  tm.tm_min, tm.tm_sec,
				  (unsigned long long)(h->ts_real_ns % 1000000000ULL) / 1000,
				  host, a, h->pid, (unsigned long long)h->seq,
				  h->tid, h->uid, inst);

		if ((size_t)hl + h->msg_len > udp_max) {
			mlen = udp_max > (unsigned int)hl ? udp_max - hl : 0;
			if (mlen && !msg[mlen - 1])
				mlen--;
		}
	}
	put_esc(&p, msg, mlen);
	*p = '\0';
	return line;
}

static struct exp *read_device(unsigned long long from,
			       unsigned long long to, bool bsd,
			       unsigned int udp_max)
{
	size_t cap = 1 << 20;
	char *buf = malloc(cap);
	struct exp *e = calloc(to - from + 1, sizeof(*e));
	struct logger_view v;
	struct logger_pos pos;
	__u32 flags = LOGGER_FD_RECORD2 | LOGGER_FD_NO_HOLD;
	int fd = open(DEV, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0 || !buf || !e || ioctl(fd, LOGGER_IOC_GET_VIEW, &v))
		die(DEV);
	v.filter = LOGGER_LEVELS_ALL;
	v.order = LOGGER_ORDER_SEQ;
	v.format = LOGGER_FORMAT_BINARY;
	if (ioctl(fd, LOGGER_IOC_SET_VIEW, &v))
		die("LOGGER_IOC_SET_VIEW");
	if (ioctl(fd, LOGGER_IOC_SET_FLAGS, &flags))
		die("LOGGER_IOC_SET_FLAGS");
	if (ioctl(fd, LOGGER_IOC_GET_POS, &pos))
		die("LOGGER_IOC_GET_POS");
	pos.seq = from;
	if (ioctl(fd, LOGGER_IOC_SEEK, &pos))
		die("LOGGER_IOC_SEEK");
	for (;;) {
		ssize_t n = read(fd, buf, cap);
		size_t off = 0;

		if (n < 0 && errno == EAGAIN)
			break;
		if (n <= 0)
			die("read " DEV);
		while (off < (size_t)n) {
			struct logger_record h;
			const char *tag = "";
			__u8 tl = 0;

			memcpy(&h, buf + off, sizeof(h));
			if (h.version >= 2) {
				memcpy(&tl, buf + off + offsetof(struct logger_record2, tag_len), 1);
				tag = buf + off + offsetof(struct logger_record2, tag);
			}
			if (h.seq >= from && h.seq <= to)
				e[h.seq - from].line =
					expect(&h, tag, tl, buf + off + h.hdr_len,
					       pos.instance, bsd, udp_max),
				e[h.seq - from].present = true;
			off += h.hdr_len + LOGGER_ALIGN(h.msg_len);
		}
	}
	close(fd);
	free(buf);
	return e;
}

/*
 * The record a line is of: RFC 5424 lines carry seq in their structured
 * data; RFC 3164 has none, so its lines are taken in store order.
 */
static unsigned long long line_seq(const char *l, bool bsd,
				   const struct exp *e, unsigned long long from,
				   unsigned long long to, unsigned long long *next)
{
	const char *s;

	if (bsd) {
		while (*next <= to && !e[*next - from].present)
			(*next)++;
		return (*next)++;
	}
	s = strstr(l, "seq=\"");
	return s ? strtoull(s + 5, NULL, 10) : 0;
}

static int cmd_check(int argc, char **argv)
{
	unsigned long long from = strtoull(argv[3], NULL, 10);
	unsigned long long to = strtoull(argv[4], NULL, 10), s, last = 0;
	unsigned long long arrived = 0, dups = 0, order = 0, bad = 0;
	unsigned long long missing = 0, ranges = 0, foreign = 0, n;
	unsigned long long next = from;
	bool allow_dups = false, allow_missing = false, bsd = false;
	bool evicted = false;
	unsigned int udp_max = 0;
	size_t cap = 0;
	char *l = NULL;
	struct exp *e;
	ssize_t len;
	FILE *f;
	int i, shown = 0;

	for (i = 5; i < argc; i++) {
		if (!strcmp(argv[i], "--allow-dups"))
			allow_dups = true;
		else if (!strcmp(argv[i], "--allow-missing"))
			allow_missing = true;
		else if (!strcmp(argv[i], "--rfc3164"))
			bsd = true;
		else if (!strcmp(argv[i], "--nul-cut"))
			nul_cut = true;
		else if (!strcmp(argv[i], "--evicted"))
			evicted = true;
		else if (!strcmp(argv[i], "--udp-max") && i + 1 < argc)
			udp_max = (unsigned int)atoi(argv[++i]);
	}
	if (gethostname(host, sizeof(host)))
		die("gethostname");
	e = read_device(from, to, bsd, udp_max);
	for (s = from, n = 0; evicted && !bsd && s <= to; s++)
		if (!e[s - from].present) {
			e[s - from].present = true;	/* line NULL: seq only */
			n++;
		}
	if (n)
		printf("check: %llu records no longer in the store: sequence numbers only\n",
		       n);
	f = fopen(argv[2], "r");
	if (!f)
		die(argv[2]);
	while ((len = getline(&l, &cap, f)) > 0) {
		if (l[len - 1] == '\n')
			l[--len] = '\0';
		s = line_seq(l, bsd, e, from, to, &next);
		if (s < from || s > to || !e[s - from].present) {
			foreign++;
			if (shown++ < 3)
				printf("check: a line of no record %llu..%llu: %.200s\n",
				       from, to, l);
			continue;
		}
		if (e[s - from].seen++) {
			dups++;
			continue;
		}
		arrived++;
		if (s < last) {
			order++;
			if (shown++ < 3)
				printf("check: seq %llu after %llu\n", s, last);
		}
		last = s;
		if (e[s - from].line && strcmp(l, e[s - from].line)) {
			bad++;
			if (shown++ < 3)
				printf("check: seq %llu:\n  got  %.300s\n  want %.300s\n",
				       s, l, e[s - from].line);
		}
	}
	fclose(f);
	for (s = from, n = 0; s <= to; s++) {
		if (!e[s - from].present) {
			n++;
			continue;
		}
		if (e[s - from].seen)
			continue;
		missing++;
		if (s == from || e[s - from - 1].seen ||
		    !e[s - from - 1].present) {
			if (ranges++ < 5)
				printf("check: missing from seq %llu\n", s);
		}
	}
	printf("check: records %llu, arrived %llu, missing %llu (in %llu range%s), duplicates %llu, out of order %llu, bad lines %llu, other lines %llu\n",
	       to - from + 1 - n, arrived, missing, ranges,
	       ranges == 1 ? "" : "s", dups, order, bad, foreign);
	if (n)
		printf("check: %llu sequence numbers in %llu..%llu are not in the store\n",
		       n, from, to);
	return (bad || order || foreign || n || (missing && !allow_missing) ||
		(dups && !allow_dups)) ? 1 : 0;
}

/* ---- wait, grep, hostile, policy ---- */

static unsigned long count_lines(const char *path, const char *text,
				 off_t *off, unsigned long *have)
{
	static char buf[1 << 16];
	static char carry[1 << 16];
	static size_t ncarry;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return *have;
	if (lseek(fd, *off, SEEK_SET) < 0)
		die("lseek");
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		ssize_t i;

		*off += n;
		for (i = 0; i < n; i++) {
			if (buf[i] != '\n') {
				if (text && ncarry < sizeof(carry) - 1)
					carry[ncarry++] = buf[i];
				continue;
			}
			carry[ncarry] = '\0';
			if (!text || strstr(carry, text))
				(*have)++;
			ncarry = 0;
		}
	}
	close(fd);
	return *have;
}

static int cmd_wait(const char *path, const char *text, unsigned long n,
		    unsigned int secs)
{
	unsigned long long t0 = now_ms(), end = t0 + secs * 1000ULL;
	unsigned long have = 0;
	off_t off = 0;

	while (count_lines(path, text, &off, &have) < n) {
		struct timespec ts = { 0, 20000000L };

		if (now_ms() > end) {
			printf("wait: %s has %lu lines%s%s, not %lu, after %u s\n",
			       path, have, text ? " with " : "",
			       text ? text : "", n, secs);
			return 1;
		}
		nanosleep(&ts, NULL);
	}
	printf("%llu\n", now_ms() - t0);
	return 0;
}

static int cmd_hostile(int port)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons((unsigned short)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int one = 1, s = socket(AF_INET, SOCK_STREAM, 0);

	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one,
				sizeof(one)) ||
	    bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 16))
		die("hostile: listen");
	printf("hostile: listening on 127.0.0.1:%d, never reading\n", port);
	fflush(stdout);
	for (;;)
		if (accept(s, NULL, NULL) < 0 && errno != EINTR)
			die("accept");
	return 0;
}

static int cmd_policy(const char *p)
{
	struct logger_config c;
	int fd = open(DEV, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || ioctl(fd, LOGGER_IOC_GET_CONFIG, &c))
		die(DEV);
	c.policy = strcmp(p, "block") ? LOGGER_POLICY_OVERWRITE :
					LOGGER_POLICY_BLOCK;
	if (ioctl(fd, LOGGER_IOC_SET_CONFIG, &c)) {
		printf("policy %s: %s\n", p, strerror(errno));
		return errno == EINVAL ? 3 : 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "gen"))
		return cmd_gen(strtoul(argv[2], NULL, 10),
			       argc > 3 ? strtoull(argv[3], NULL, 10) : 1);
	if (argc >= 5 && !strcmp(argv[1], "check"))
		return cmd_check(argc, argv);
	if (argc == 5 && !strcmp(argv[1], "wait"))
		return cmd_wait(argv[2], NULL, strtoul(argv[3], NULL, 10),
				(unsigned int)atoi(argv[4]));
	if (argc == 6 && !strcmp(argv[1], "grep"))
		return cmd_wait(argv[2], argv[3], strtoul(argv[4], NULL, 10),
				(unsigned int)atoi(argv[5]));
	if (argc == 2 && !strcmp(argv[1], "now")) {
		printf("%llu\n", now_ms());
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "hostile"))
		return cmd_hostile(atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "policy"))
		return cmd_policy(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "nextseq")) {
		struct logger_stats st;
		int fd = open(DEV, O_RDONLY | O_CLOEXEC);

		if (fd < 0 || ioctl(fd, LOGGER_IOC_GET_STATS, &st))
			die(DEV);
		printf("%llu\n", (unsigned long long)st.next_seq);
		return 0;
	}
	fprintf(stderr, "usage: see the head of tests/forward/fwdtest.c\n");
	return 2;
}
