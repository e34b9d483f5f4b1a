// SPDX-License-Identifier: GPL-2.0
/*
 * logger-faultinj: the fault-injection campaign of `make check-debug`.
 *
 * For each operation on /dev/logger (fi_ops.c) and N = 1, 2, ...: set the
 * operation up, write N to /proc/thread-self/fail-nth, make the one call,
 * and see whether the N-th fault point on its path (an allocation through
 * failslab or fail_page_alloc, or a user copy through fail_usercopy) was
 * failed.  When it was, the call must have succeeded anyway (a fallback)
 * or failed with exactly ENOMEM (allocation; ENOBUFS for a netlink reply
 * the kernel dropped) or EFAULT (user copy); the store's stats must still
 * add up, and the operation's own check must hold (a write that returned
 * n bytes stored exactly the records in those n bytes, a failed read
 * consumed nothing, a failed command changed nothing).  The loop ends at
 * the first N the call completes without reaching: N - 1 points were
 * tried.  Finally the module is loaded and unloaded the same way.
 *
 * Which facility fired is read from its `times` counter (each injected
 * failure decrements it); where it fired, from the stack dump the
 * facility prints (verbose=2) to /dev/kmsg: the innermost frame of the
 * logger module is the driver site.  The console loglevel should be low
 * meanwhile (the guest script sets it); the guest scans the kernel log
 * for real reports afterwards.
 *
 * Usage: logger-faultinj [--ko PATH] [--max N] [--only OP]
 * Run as root in the debug VM, with debugfs mounted.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "faultinj.h"

#define DBG "/sys/kernel/debug/"

static const char *const kind_name[FI_NR_KINDS] = {
	"none", "slab", "page", "usercopy",
};
static const char *const facility[FI_NR_KINDS] = {
	NULL, "failslab", "fail_page_alloc", "fail_usercopy",
};

static int fail_nth_fd = -1, kmsg_fd = -1;
static unsigned int defects;

void fi_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("faultinj: fatal: ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	exit(2);
}

/* Report a defect of the current step; always returns false. */
bool fi_fail(struct fi_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("faultinj: DEFECT step %u: ", c->step);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	defects++;
	return false;
}

static void put_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, val, strlen(val)) != (ssize_t)strlen(val))
		fi_die("%s <- %s: %s", path, val, strerror(errno));
	close(fd);
}

static long get_file_long(const char *path)
{
	char b[32] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || read(fd, b, sizeof(b) - 1) < 0)
		fi_die("%s: %s", path, strerror(errno));
	close(fd);
	return strtol(b, NULL, 10);
}

/*
 * Only fail-nth injects: probability 0.  `times` counts down at each
 * injected failure: it tells which facility fired.  failslab and
 * fail_page_alloc must not skip sleeping allocations (GFP_KERNEL is what
 * the driver uses); every injection dumps its stack to the kernel log.
 */
static void setup_facilities(void)
{
	char p[128];
	int k;

	for (k = FI_SLAB; k < FI_NR_KINDS; k++) {
		static const char *const set[][2] = {
			{ "probability", "0" }, { "interval", "1" },
			{ "times", "1000000000" }, { "space", "0" },
			{ "verbose", "2" },
			{ "verbose_ratelimit_interval_ms", "0" },
			{ "task-filter", "N" },
		};
		unsigned int i;

		for (i = 0; i < sizeof(set) / sizeof(set[0]); i++) {
			snprintf(p, sizeof(p), DBG "%s/%s", facility[k],
				 set[i][0]);
			put_file(p, set[i][1]);
		}
	}
	put_file(DBG "failslab/ignore-gfp-wait", "N");
	put_file(DBG "failslab/cache-filter", "N");
	put_file(DBG "fail_page_alloc/ignore-gfp-wait", "N");
	put_file(DBG "fail_page_alloc/ignore-gfp-highmem", "N");
	put_file(DBG "fail_page_alloc/min-order", "0");
}

static void read_times(long *t)
{
	char p[128];
	int k;

	for (k = FI_SLAB; k < FI_NR_KINDS; k++) {
		snprintf(p, sizeof(p), DBG "%s/times", facility[k]);
		t[k] = get_file_long(p);
	}
}

/* Arm: the @n-th fault point from now on fails.  Nothing may follow but
 * the call under test. */
static void arm(unsigned int n)
{
	char b[16];
	int len = snprintf(b, sizeof(b), "%u", n);

	if (pwrite(fail_nth_fd, b, len, 0) != len)
		fi_die("fail-nth <- %u: %s", n, strerror(errno));
}

/*
 * Disarm; returns whether the armed failure was injected.  Reading
 * fail-nth is itself a user copy, so when one point was left it fails
 * (EFAULT): not injected by the call either.
 */
static bool disarm(void)
{
	char b[16] = "";
	ssize_t n = pread(fail_nth_fd, b, sizeof(b) - 1, 0);
	bool injected;

	if (n < 0 && errno != EFAULT)
		fi_die("read fail-nth: %s", strerror(errno));
	injected = n > 0 && strtoul(b, NULL, 10) == 0;
	if (pwrite(fail_nth_fd, "0", 1, 0) != 1 && errno != EFAULT)
		fi_die("fail-nth <- 0: %s", strerror(errno));
	return injected;
}

/* Pull kernel log records; the first reliable logger frame after a
 * "forcing a failure" line names the driver site (into @site). */
static void scan_kmsg(char *site, size_t size)
{
	char rec[2048];
	bool dump = false;

	site[0] = '\0';
	for (;;) {
		ssize_t n = read(kmsg_fd, rec, sizeof(rec) - 1);
		char *msg, *f, *e;

		if (n < 0) {
			if (errno == EPIPE)
				continue;
			break;
		}
		rec[n] = '\0';
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		if (strstr(msg, "FAULT_INJECTION: forcing a failure"))
			dump = true;
		/* "? fn+off/len" frames are unreliable leftovers. */
		f = msg + strspn(msg, " ");
		if (!dump || site[0] || *f == '?' || !strstr(f, "[logger]"))
			continue;
		e = f + strcspn(f, "+ \n");
		snprintf(site, size, "%.*s", (int)(e - f), f);
	}
}

static void kmsg_skip_to_end(void)
{
	char site[8];

	scan_kmsg(site, sizeof(site));
}

/* ---- helpers for the operations --------------------------------------- */

int fi_open(int flags)
{
	int fd = open(FI_DEV, flags | O_CLOEXEC);

	if (fd < 0)
		fi_die("open %s: %s", FI_DEV, strerror(errno));
	return fd;
}

void fi_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

struct logger_stats fi_stats(int fd)
{
	struct logger_stats st;

	if (ioctl(fd, LOGGER_IOC_GET_STATS, &st))
		fi_die("GET_STATS: %s", strerror(errno));
	return st;
}

/* For every level: written = stored + evicted + cleared. */
bool fi_stats_add_up(struct fi_ctx *c, const struct logger_stats *st)
{
	int l;

	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		if (st->level_written[l] != st->level_records[l] +
		    st->level_evicted[l] + st->level_cleared[l])
			return fi_fail(c, "level %d: written %llu != records %llu + evicted %llu + cleared %llu",
				       l, (unsigned long long)st->level_written[l],
				       (unsigned long long)st->level_records[l],
				       (unsigned long long)st->level_evicted[l],
				       (unsigned long long)st->level_cleared[l]);
	return true;
}

void fi_clear(int fd)
{
	if (ioctl(fd, LOGGER_IOC_CLEAR))
		fi_die("CLEAR: %s", strerror(errno));
}

void fi_set_view(int fd, unsigned int format, unsigned int order)
{
	struct logger_view v;

	if (ioctl(fd, LOGGER_IOC_GET_VIEW, &v))
		fi_die("GET_VIEW: %s", strerror(errno));
	v.format = format;
	v.order = order;
	if (ioctl(fd, LOGGER_IOC_SET_VIEW, &v))
		fi_die("SET_VIEW: %s", strerror(errno));
}

void fi_write_all(int fd, const char *s)
{
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		fi_die("write: %s", strerror(errno));
}

/* Non-empty lines in @buf[0..@len). */
size_t fi_count_records(const char *buf, size_t len)
{
	size_t n = 0, i, start = 0;

	for (i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n')
			continue;
		if (i > start)
			n++;
		start = i + 1;
	}
	return n;
}

/* Skip a "<N>" prefix as the driver does (one to three digits, <= 191). */
static size_t prefix_len(const char *p, size_t len)
{
	size_t i = 1;
	unsigned int v = 0;

	if (len < 3 || p[0] != '<')
		return 0;
	while (i < len && i <= 3 && p[i] >= '0' && p[i] <= '9')
		v = v * 10 + (p[i++] - '0');
	if (i == 1 || i >= len || p[i] != '>' || v > 191)
		return 0;
	return i + 1;
}

/*
 * @fd, a binary chronological reader positioned before the write, must
 * return exactly the records of @buf[0..@len), in order, and nothing more.
 */
bool fi_read_back(struct fi_ctx *c, int fd, const char *buf, size_t len)
{
	static char rb[1 << 17];
	size_t pos = 0;
	ssize_t got;

	for (;;) {
		size_t off = 0;

		got = read(fd, rb, sizeof(rb));
		if (got < 0) {
			if (errno != EAGAIN)
				return fi_fail(c, "read back: %s",
					       strerror(errno));
			break;
		}
		while (off < (size_t)got) {
			struct logger_record *h = (void *)(rb + off);
			const char *line, *nl;
			size_t ll, pl;

			while (pos < len && buf[pos] == '\n')
				pos++;
			if (pos >= len)
				return fi_fail(c, "read back: record seq %llu beyond the %zu bytes the write returned",
					       (unsigned long long)h->seq, len);
			line = buf + pos;
			nl = memchr(line, '\n', len - pos);
			ll = nl ? (size_t)(nl - line) : len - pos;
			pl = prefix_len(line, ll);
			if (h->msg_len != ll - pl ||
			    memcmp(rb + off + h->hdr_len, line + pl, ll - pl))
				return fi_fail(c, "read back: record seq %llu is not the written line at byte %zu",
					       (unsigned long long)h->seq, pos);
			pos += ll + 1;
			off += h->hdr_len + LOGGER_ALIGN(h->msg_len);
		}
	}
	while (pos < len && buf[pos] == '\n')
		pos++;
	if (pos < len)
		return fi_fail(c, "read back: the record at byte %zu of the %zu accepted is missing",
			       pos, len);
	return true;
}

int fi_nl_socket(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		fi_die("netlink socket: %s", strerror(errno));
	return fd;
}

/* The logger family's id (CTRL_CMD_GETFAMILY). */
int fi_genl_family(int nl)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char buf[1024];
	} m = {
		.n.nlmsg_type = GENL_ID_CTRL,
		.n.nlmsg_flags = NLM_F_REQUEST,
		.g.cmd = CTRL_CMD_GETFAMILY,
		.g.version = 1,
	};
	struct nlattr *a = (void *)m.buf;
	char rb[8192];
	struct nlmsghdr *h = (void *)rb;
	ssize_t n;
	int len;

	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = NLA_HDRLEN + sizeof(LOGGER_GENL_NAME);
	memcpy(m.buf + NLA_HDRLEN, LOGGER_GENL_NAME, sizeof(LOGGER_GENL_NAME));
	m.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + NLA_ALIGN(a->nla_len);
	if (send(nl, &m, m.n.nlmsg_len, 0) < 0)
		fi_die("GETFAMILY: %s", strerror(errno));
	n = recv(nl, rb, sizeof(rb), 0);
	if (n < 0 || !NLMSG_OK(h, n) || h->nlmsg_type != GENL_ID_CTRL)
		fi_die("GETFAMILY: no answer");
	a = (void *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);
	len = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN) {
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			return *(__u16 *)((char *)a + NLA_HDRLEN);
		len -= NLA_ALIGN(a->nla_len);
		a = (void *)((char *)a + NLA_ALIGN(a->nla_len));
	}
	fi_die("GETFAMILY: no family id");
}

/* A failed call's errno must be the one of the injected fault. */
bool fi_errno_ok(struct fi_ctx *c, enum fi_kind kind)
{
	if (c->ret >= 0)
		return true;
	switch (kind) {
	case FI_NONE:
		return fi_fail(c, "failed (%s) with no fault injected",
			       strerror(c->err));
	case FI_SLAB:
	case FI_PAGE:
		if (c->err == ENOMEM || (c->netlink && c->err == ENOBUFS))
			return true;
		return fi_fail(c, "allocation failure gave %s, not ENOMEM",
			       strerror(c->err));
	default:
		if (c->err == EFAULT)
			return true;
		return fi_fail(c, "user copy failure gave %s, not EFAULT",
			       strerror(c->err));
	}
}

/* ---- the engine -------------------------------------------------------- */

struct fi_result {
	unsigned int points;
	unsigned int by_kind[FI_NR_KINDS];
	unsigned int failed_calls;
	char sites[FI_MAX_SITES][64];
	unsigned int site_hits[FI_MAX_SITES];
	unsigned int nsites;
	unsigned int defects;
};

static void note_site(struct fi_result *r, const char *site)
{
	unsigned int i;

	if (!site[0])
		return;
	for (i = 0; i < r->nsites; i++)
		if (!strcmp(r->sites[i], site))
			break;
	if (i == r->nsites) {
		if (r->nsites == FI_MAX_SITES)
			return;
		snprintf(r->sites[r->nsites++], sizeof(r->sites[0]), "%s",
			 site);
	}
	r->site_hits[i]++;
}

static void run_op(const struct fi_op *op, int ctl, int family,
		   unsigned int max, struct fi_result *r)
{
	unsigned int n, d0 = defects;

	memset(r, 0, sizeof(*r));
	for (n = 1; n <= max; n++) {
		struct fi_ctx c = {
			.ctl = ctl, .w = -1, .r = -1, .fd = -1, .ep = -1,
			.nl = -1, .family = family, .step = n,
		};
		long t0[FI_NR_KINDS], t1[FI_NR_KINDS];
		enum fi_kind kind = FI_NONE;
		char site[64];
		bool injected, ok;
		struct logger_stats st;
		int k;

		if (op->setup)
			op->setup(&c);
		if (ctl >= 0)
			c.before = fi_stats(ctl);
		read_times(t0);
		kmsg_skip_to_end();
		arm(n);
		op->call(&c);
		injected = disarm();
		read_times(t1);
		for (k = FI_SLAB; k < FI_NR_KINDS; k++)
			if (t1[k] < t0[k])
				kind = k;
		if (injected && kind == FI_NONE)
			fi_die("%s step %u: injected, but by which facility?",
			       op->name, n);
		scan_kmsg(site, sizeof(site));
		ok = fi_errno_ok(&c, injected ? kind : FI_NONE);
		if (ok && op->check)
			ok = op->check(&c, injected ? kind : FI_NONE);
		if (ok && ctl >= 0) {
			st = fi_stats(ctl);
			ok = fi_stats_add_up(&c, &st);
		}
		if (!ok)
			printf("faultinj:   (%s, step %u: %s failure at %s, call returned %ld %s)\n",
			       op->name, n, kind_name[kind],
			       site[0] ? site : "a site outside the driver",
			       c.ret, c.ret < 0 ? strerror(c.err) : "");
		if (op->teardown)
			op->teardown(&c);
		if (!injected)
			break;
		r->points++;
		r->by_kind[kind]++;
		r->failed_calls += c.ret < 0;
		note_site(r, site);
	}
	if (n > max)
		printf("faultinj: %s: still failing at step %u: stopped\n",
		       op->name, max);
	r->defects = defects - d0;
}

static void print_result(const char *name, const struct fi_result *r)
{
	unsigned int i;

	printf("faultinj: %-16s %4u points (slab %u, page %u, usercopy %u), %u calls failed cleanly, %u defects; driver sites:",
	       name, r->points, r->by_kind[FI_SLAB], r->by_kind[FI_PAGE],
	       r->by_kind[FI_COPY], r->failed_calls - r->defects, r->defects);
	if (!r->nsites)
		printf(" none");
	for (i = 0; i < r->nsites; i++)
		printf(" %s(%u)", r->sites[i], r->site_hits[i]);
	putchar('\n');
}

/* ---- module load and unload -------------------------------------------- */

static const char *ko_path = "/logger.ko";

static bool loaded(void)
{
	return access("/sys/module/logger", F_OK) == 0;
}

static void load_module(void)
{
	int fd = open(ko_path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || syscall(SYS_finit_module, fd, "", 0))
		fi_die("load %s: %s", ko_path, strerror(errno));
	close(fd);
}

static void unload_module(void)
{
	if (syscall(SYS_delete_module, "logger", O_NONBLOCK))
		fi_die("unload: %s", strerror(errno));
}

static int ko_fd = -1;

static void load_setup(struct fi_ctx *c)
{
	if (loaded())
		unload_module();
	ko_fd = open(ko_path, O_RDONLY | O_CLOEXEC);
	if (ko_fd < 0)
		fi_die("%s: %s", ko_path, strerror(errno));
}

static void load_call(struct fi_ctx *c)
{
	c->ret = syscall(SYS_finit_module, ko_fd, "", 0);
	c->err = c->ret < 0 ? errno : 0;
}

static bool load_check(struct fi_ctx *c, enum fi_kind kind)
{
	if (c->ret == 0 && !loaded())
		return fi_fail(c, "load returned 0, module absent");
	if (c->ret < 0 && loaded())
		return fi_fail(c, "load failed, module present");
	if (c->ret == 0 && access(FI_DEV, F_OK))
		return fi_fail(c, "loaded without %s", FI_DEV);
	return true;
}

static void load_teardown(struct fi_ctx *c)
{
	close(ko_fd);
}

static void unload_setup(struct fi_ctx *c)
{
	if (!loaded())
		load_module();
}

static void unload_call(struct fi_ctx *c)
{
	c->ret = syscall(SYS_delete_module, "logger", O_NONBLOCK);
	c->err = c->ret < 0 ? errno : 0;
}

/* Only copying the name in may fail (EFAULT, nothing done); once the
 * module is going, nothing may stop it. */
static bool unload_check(struct fi_ctx *c, enum fi_kind kind)
{
	if (c->ret < 0 && (kind != FI_COPY || !loaded()))
		return fi_fail(c, "unload failed: %s", strerror(c->err));
	if (c->ret == 0 && loaded())
		return fi_fail(c, "unload returned 0, module present");
	return true;
}

static const struct fi_op load_op = {
	"module-load", load_setup, load_call, load_check, load_teardown,
};
static const struct fi_op unload_op = {
	"module-unload", unload_setup, unload_call, unload_check, NULL,
};

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "ko", required_argument, NULL, 'k' },
		{ "max", required_argument, NULL, 'm' },
		{ "only", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned int max = 2000, i, total = 0, ops = 0, kinds[FI_NR_KINDS] = {};
	const char *only = NULL;
	struct fi_result r;
	int opt, ctl, nl, family;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((opt = getopt_long(argc, argv, "k:m:o:h", lo, NULL)) != -1) {
		switch (opt) {
		case 'k':
			ko_path = optarg;
			break;
		case 'm':
			max = strtoul(optarg, NULL, 0);
			break;
		case 'o':
			only = optarg;
			break;
		default:
			printf("usage: logger-faultinj [--ko PATH] [--max N] [--only OP]\n");
			return opt == 'h' ? 0 : 2;
		}
	}

	setup_facilities();
	fail_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fail_nth_fd < 0 || kmsg_fd < 0)
		fi_die("fail-nth or /dev/kmsg: %s", strerror(errno));
	lseek(kmsg_fd, 0, SEEK_END);

	if (loaded())
		unload_module();
	load_module();
	ctl = fi_open(O_WRONLY);
	nl = fi_nl_socket();
	family = fi_genl_family(nl);
	close(nl);

	for (i = 0; i < fi_nr_ops; i++) {
		if (only && strcmp(only, fi_ops[i].name))
			continue;
		run_op(&fi_ops[i], ctl, family, max, &r);
		print_result(fi_ops[i].name, &r);
		total += r.points;
		ops++;
		for (opt = 0; opt < FI_NR_KINDS; opt++)
			kinds[opt] += r.by_kind[opt];
	}
	close(ctl);

	if (!only || !strcmp(only, "module")) {
		const struct fi_op *mod_ops[] = { &load_op, &unload_op };

		for (i = 0; i < 2; i++) {
			run_op(mod_ops[i], -1, 0, max, &r);
			print_result(mod_ops[i]->name, &r);
			total += r.points;
			ops++;
			for (opt = 0; opt < FI_NR_KINDS; opt++)
				kinds[opt] += r.by_kind[opt];
		}
	}
	if (loaded())
		unload_module();

	printf("faultinj: %u operations, %u fault points failed in turn (slab %u, page %u, usercopy %u); %u defects\n",
	       ops, total, kinds[FI_SLAB], kinds[FI_PAGE], kinds[FI_COPY],
	       defects);
	return defects ? 1 : 0;
}
