/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loggerctl: control and watch the logger module over generic netlink.
 *
 * DESIGN
 *
 * The program is split so that everything but the socket can be tested
 * on a host without the module:
 *
 *   args.c    command line -> struct ctl_args (no side effects)
 *   msg.c     struct ctl_config -> request messages; reply and event
 *             messages -> plain structs, validated with policies that
 *             mirror the kernel's
 *   format.c  plain structs -> aligned human text or one-line JSON
 *   nl.c      the libnl socket: resolve the family, send a request and
 *             collect its replies, subscribe to the events group
 *   cmd.c     the command table, help texts, handlers and error reports
 *   main.c    main() only
 *
 * Every error reaches the user as text: "logger module not loaded" when
 * the family is absent, "permission denied: needs CAP_SYSLOG" on EPERM,
 * otherwise the command name and strerror(); libnl's own codes are mapped
 * to errno values first.  Exit status: 0 ok, 1 error, 2 bad usage.
 */
#ifndef LOGGER_CTL_H
#define LOGGER_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <netlink/msg.h>

#include "logger.h"

#define CTL_PROG		"loggerctl"


enum {
	CTL_EXIT_OK = 0,
	CTL_EXIT_ERR = 1,
	CTL_EXIT_USAGE = 2,
};

/* Returned (negated) when the generic netlink family does not exist. */
#define CTL_ENOTLOADED		4096
/* Returned (negated) when the family exists without the events group. */
#define CTL_ENOGROUP		4097
/* Longest command name the kernel sends, with its NUL. */
#define CTL_COMM_LEN		16
/* Longest group name or tag the kernel sends, with its NUL. */
#define CTL_NAME_LEN		(LOGGER_TAG_MAX + 1)

/* ---- plain structs for replies and events ---- */

struct ctl_level {
	uint64_t records;
	uint64_t bytes;
	uint64_t written;
	uint64_t evicted;
	uint64_t cleared;
};

/* GET_STATS reply and stats event; fields as in struct logger_stats. */
struct ctl_stats {
	uint64_t instance;
	uint64_t capacity;
	uint64_t bytes_used;
	uint64_t records;
	uint64_t written;
	uint64_t evicted;
	uint64_t cleared;
	uint64_t next_seq;
	uint32_t readers;
	uint32_t writers;
	uint32_t max_record;
	struct ctl_level level[LOGGER_NR_LEVELS];
	/*
	 * Lossless delivery and groups (SPEC section 6), as in struct
	 * logger_flow_stats; @has_flow is false when the module sent none
	 * of them (an older module), and they are then all 0.
	 */
	bool has_flow;
	uint32_t policy;
	uint32_t waiting_writers;
	uint64_t waits;
	uint32_t holding_readers;
	uint32_t groups;
	uint32_t group_members;
	uint64_t hold_expired;
};

/* One entry of the GET_READERS dump.  id, read, skipped may be absent: 0. */
struct ctl_reader {
	uint64_t id;
	uint32_t pid;
	char comm[CTL_COMM_LEN];
	uint32_t filter;
	uint32_t order;
	uint32_t format;
	uint64_t backlog;
	uint64_t lost;
	uint64_t read;
	uint64_t skipped;
	/*
	 * SPEC section 6: @has_hold is false when the module did not say
	 * (an older one); @group is "" when the reader is in none (then
	 * @members is 0); @tags[0..@ntags) is its tag filter, none = all.
	 */
	bool has_hold;
	bool holding;
	char group[CTL_NAME_LEN];
	uint32_t members;
	unsigned int ntags;
	char tags[LOGGER_TAG_FILTER_MAX][CTL_NAME_LEN];
};

struct ctl_readers {
	struct ctl_reader *v;
	size_t n;
	size_t cap;
};

/* Bits of ctl_config.set: which fields carry a value. */
#define CTL_CFG_CAPACITY	(1u << 0)
#define CTL_CFG_INTERVAL	(1u << 1)
#define CTL_CFG_POLICY		(1u << 2)
#define CTL_CFG_MAX_RECORD	(1u << 3)
#define CTL_CFG_RESERVE(l)	(1u << (8 + (l)))
#define CTL_CFG_RESERVE_ALL	(0xffu << 8)

/* GET_CONFIG reply, SET_CONFIG request (only the fields in @set). */
struct ctl_config {
	unsigned int set;
	uint64_t capacity;
	uint32_t event_interval_ms;
	uint32_t max_record;
	uint32_t policy;
	uint32_t reserve_pct[LOGGER_NR_LEVELS];
};

struct ctl_overflow {
	uint64_t evicted;
	uint32_t lost_readers;
	unsigned int levels;		/* mask: levels with an entry */
	unsigned int has_total;		/* mask: level_evicted present */
	unsigned int has_lost;		/* mask: lost_readers there */
	uint64_t delta[LOGGER_NR_LEVELS];
	uint64_t level_evicted[LOGGER_NR_LEVELS];
	uint32_t level_lost_readers[LOGGER_NR_LEVELS];
};

struct ctl_threshold {
	uint32_t percent;
	uint32_t direction;		/* enum logger_genl_dir */
	uint64_t bytes_used;
	uint64_t capacity;
};

struct ctl_cleared {
	uint64_t records;
	uint32_t pid;
	uint32_t uid;
	char comm[CTL_COMM_LEN];	/* "" when absent */
};

/* One multicast event; @cmd says which member is valid. */
struct ctl_event {
	uint8_t cmd;			/* LOGGER_CMD_EVENT_* */
	union {
		struct ctl_stats stats;
		struct ctl_overflow overflow;
		struct ctl_threshold threshold;
		struct ctl_cleared cleared;
	} u;
};

/* ---- msg.c: building requests, parsing replies ---- */

struct nl_msg *ctl_msg_request(int family, uint8_t cmd, int flags);
int ctl_msg_put_config(struct nl_msg *msg, const struct ctl_config *cfg);

/*
 * Each parser takes one whole generic netlink message and returns 0, or
 * -EBADMSG when it is malformed (bad length, missing attribute, value out
 * of range) or is not the expected command.
 */
int ctl_parse_stats(struct nlmsghdr *nlh, struct ctl_stats *st);
int ctl_parse_reader(struct nlmsghdr *nlh, struct ctl_reader *r);
int ctl_parse_config(struct nlmsghdr *nlh, struct ctl_config *cfg,
		     bool partial);
int ctl_parse_clear(struct nlmsghdr *nlh, uint64_t *records);
int ctl_parse_event(struct nlmsghdr *nlh, struct ctl_event *ev);

int ctl_readers_add(struct ctl_readers *rs, const struct ctl_reader *r);
void ctl_readers_sort(struct ctl_readers *rs);
void ctl_readers_free(struct ctl_readers *rs);

/* ---- format.c: human and JSON output ---- */

void ctl_json_str(FILE *f, const char *s);
void ctl_human_str(FILE *f, const char *s);
int ctl_fmt_size(char *buf, size_t size, uint64_t bytes);
const char *ctl_order_name(uint32_t order);
const char *ctl_format_name(uint32_t format);
const char *ctl_policy_name(uint32_t policy);

void ctl_print_stats(FILE *f, const struct ctl_stats *st, bool json);
void ctl_print_readers(FILE *f, const struct ctl_readers *rs, bool json);
void ctl_print_config(FILE *f, const struct ctl_config *cfg, bool json);
void ctl_print_cleared(FILE *f, bool known, uint64_t records, bool json);
/* @ts: when the event arrived, or NULL to leave the time out. */
void ctl_print_event(FILE *f, const struct ctl_event *ev,
		     const struct timespec *ts, bool json);

/* ---- args.c: the command line ---- */

struct ctl_cmd;

struct ctl_args {
	const struct ctl_cmd *cmd;	/* NULL: no command given */
	bool json;
	bool help;
	bool version;
	struct ctl_config cfg;		/* set: what to change */
	uint64_t count;			/* watch: 0 = no limit */
	int64_t timeout_ms;		/* watch: -1 = none */
	unsigned int types;		/* watch: bit LOGGER_CMD_EVENT_*; 0 = all */
};

int ctl_parse_size(const char *s, uint64_t *out);
int ctl_parse_u32(const char *s, uint32_t *out);
int ctl_parse_reserve(const char *s, struct ctl_config *cfg);
int ctl_parse_timeout(const char *s, int64_t *ms);
int ctl_parse_types(const char *s, unsigned int *types);
int ctl_parse_policy(const char *s, uint32_t *policy);
/* Returns 0, or CTL_EXIT_USAGE after printing why to @err. */
int ctl_parse_args(int argc, char **argv, struct ctl_args *a, FILE *err);

/* ---- nl.c: the socket ---- */

struct nl_sock;

struct ctl_nl {
	struct nl_sock *sk;
	int family;
	char ext_msg[128];		/* extended ack text of last error */
};

/* Called for each reply message; returns 0 or a negative errno. */
typedef int (*ctl_reply_fn)(struct nlmsghdr *nlh, void *arg);

int ctl_nlerr_to_errno(int nlerr);
int ctl_nl_open(struct ctl_nl *nl);
void ctl_nl_close(struct ctl_nl *nl);
int ctl_nl_request(struct ctl_nl *nl, struct nl_msg *msg, ctl_reply_fn fn,
		   void *arg);
int ctl_nl_subscribe(struct ctl_nl *nl, const char *group);
int ctl_nl_fd(struct ctl_nl *nl);
int ctl_nl_receive(struct ctl_nl *nl, ctl_reply_fn fn, void *arg);

/* ---- cmd.c: commands ---- */

#define CTL_OPT_JSON		(1u << 0)
#define CTL_OPT_SETTINGS	(1u << 1)	/* KEY=VALUE operands */
#define CTL_OPT_WATCH		(1u << 2)	/* --count, --timeout */

struct ctl_cmd {
	const char *name;
	int (*handler)(const struct ctl_args *a, FILE *out, FILE *err);
	const char *help;	/* one line for the command list */
	const char *usage;	/* full help: synopsis, options, keys */
	unsigned int opts;
};

extern const struct ctl_cmd ctl_cmds[];

const struct ctl_cmd *ctl_find_cmd(const char *name);
void ctl_usage(FILE *f);
void ctl_report(FILE *err, const char *cmd, int rc, const char *ext_msg);
int ctl_main(int argc, char **argv, FILE *out, FILE *err);

#endif /* LOGGER_CTL_H */
