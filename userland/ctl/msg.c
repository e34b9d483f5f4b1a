// SPDX-License-Identifier: GPL-2.0
/*
 * loggerctl: building generic netlink requests and parsing the kernel's
 * replies and events into the plain structs of ctl.h.
 *
 * The policies mirror the kernel's: every integer attribute has its exact
 * size (minlen from the type, maxlen equal to it), strings are NUL
 * terminated and at most CTL_COMM_LEN bytes with the NUL (group names
 * and tags: CTL_NAME_LEN).  Attributes
 * this version does not know are ignored (the ABI only ever appends);
 * attributes it needs and does not find make the message malformed
 * (-EBADMSG), as do level indexes out of range or given twice.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "ctl.h"

#define U32P	{ .type = NLA_U32, .maxlen = sizeof(uint32_t) }
#define U64P	{ .type = NLA_U64, .maxlen = sizeof(uint64_t) }
#define STRP	{ .type = NLA_STRING, .minlen = 1, .maxlen = CTL_COMM_LEN }
#define NAMEP	{ .type = NLA_STRING, .minlen = 1, .maxlen = CTL_NAME_LEN }
#define NESTP	{ .type = NLA_NESTED }

/* Top-level attributes of every command and event. */
static const struct nla_policy attr_policy[LOGGER_A_MAX + 1] = {
	[LOGGER_A_PAD]		= { .type = NLA_UNSPEC },
	[LOGGER_A_INSTANCE]	= U64P,
	[LOGGER_A_CAPACITY]	= U64P,
	[LOGGER_A_BYTES_USED]	= U64P,
	[LOGGER_A_RECORDS]	= U64P,
	[LOGGER_A_WRITTEN]	= U64P,
	[LOGGER_A_EVICTED]	= U64P,
	[LOGGER_A_CLEARED]	= U64P,
	[LOGGER_A_NEXT_SEQ]	= U64P,
	[LOGGER_A_READERS]	= U32P,
	[LOGGER_A_WRITERS]	= U32P,
	[LOGGER_A_MAX_RECORD]	= U32P,
	[LOGGER_A_LEVEL]	= NESTP,
	[LOGGER_A_READER]	= NESTP,
	[LOGGER_A_CONFIG]	= NESTP,
	[LOGGER_A_LOST_READERS]	= U32P,
	[LOGGER_A_THRESHOLD]	= U32P,
	[LOGGER_A_DIRECTION]	= U32P,
	[LOGGER_A_CLEAR_RECORDS] = U64P,
	[LOGGER_A_CLEAR_PID]	= U32P,
	[LOGGER_A_CLEAR_UID]	= U32P,
	[LOGGER_A_CLEAR_COMM]	= STRP,
	[LOGGER_A_POLICY]	= U32P,
	[LOGGER_A_WAITING_WRITERS] = U32P,
	[LOGGER_A_WAITS]	= U64P,
	[LOGGER_A_HOLDING_READERS] = U32P,
	[LOGGER_A_GROUPS]	= U32P,
	[LOGGER_A_GROUP_MEMBERS] = U32P,
	[LOGGER_A_HOLD_EXPIRED]	= U64P,
};

static const struct nla_policy level_policy[LOGGER_LEVEL_A_MAX + 1] = {
	[LOGGER_LEVEL_A_PAD]		= { .type = NLA_UNSPEC },
	[LOGGER_LEVEL_A_INDEX]		= U32P,
	[LOGGER_LEVEL_A_RECORDS]	= U64P,
	[LOGGER_LEVEL_A_BYTES]		= U64P,
	[LOGGER_LEVEL_A_WRITTEN]	= U64P,
	[LOGGER_LEVEL_A_EVICTED]	= U64P,
	[LOGGER_LEVEL_A_CLEARED]	= U64P,
	[LOGGER_LEVEL_A_EVICTED_DELTA]	= U64P,
	[LOGGER_LEVEL_A_LOST_READERS]	= U32P,
	[LOGGER_LEVEL_A_RESERVE_PCT]	= U32P,
};

static const struct nla_policy reader_policy[LOGGER_READER_A_MAX + 1] = {
	[LOGGER_READER_A_PAD]		= { .type = NLA_UNSPEC },
	[LOGGER_READER_A_ID]		= U64P,
	[LOGGER_READER_A_PID]		= U32P,
	[LOGGER_READER_A_COMM]		= STRP,
	[LOGGER_READER_A_FILTER]	= U32P,
	[LOGGER_READER_A_ORDER]		= U32P,
	[LOGGER_READER_A_FORMAT]	= U32P,
	[LOGGER_READER_A_BACKLOG]	= U64P,
	[LOGGER_READER_A_LOST]		= U64P,
	[LOGGER_READER_A_READ]		= U64P,
	[LOGGER_READER_A_SKIPPED]	= U64P,
	[LOGGER_READER_A_HOLDING]	= U32P,
	[LOGGER_READER_A_GROUP]		= NAMEP,
	[LOGGER_READER_A_MEMBERS]	= U32P,
	[LOGGER_READER_A_TAG]		= NAMEP,
};

static const struct nla_policy config_policy[LOGGER_CONFIG_A_MAX + 1] = {
	[LOGGER_CONFIG_A_PAD]			= { .type = NLA_UNSPEC },
	[LOGGER_CONFIG_A_CAPACITY]		= U64P,
	[LOGGER_CONFIG_A_EVENT_INTERVAL_MS]	= U32P,
	[LOGGER_CONFIG_A_MAX_RECORD]		= U32P,
	[LOGGER_CONFIG_A_POLICY]		= U32P,
	[LOGGER_CONFIG_A_LEVEL]			= NESTP,
};

/* ---- requests ---- */

/*
 * A request header for @cmd of @family.  NLM_F_REQUEST and NLM_F_ACK are
 * added by nl_send_auto(); @flags is for NLM_F_DUMP.
 */
struct nl_msg *ctl_msg_request(int family, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags,
			 cmd, LOGGER_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* The LOGGER_A_CONFIG nest of a SET_CONFIG request: only what is set. */
int ctl_msg_put_config(struct nl_msg *msg, const struct ctl_config *cfg)
{
	struct nlattr *nest, *lv;
	unsigned int l;

	nest = nla_nest_start(msg, LOGGER_A_CONFIG);
	if (!nest)
		return -EMSGSIZE;
	if ((cfg->set & CTL_CFG_CAPACITY) &&
	    nla_put_u64(msg, LOGGER_CONFIG_A_CAPACITY, cfg->capacity) < 0)
		goto err_cancel;
	if ((cfg->set & CTL_CFG_INTERVAL) &&
	    nla_put_u32(msg, LOGGER_CONFIG_A_EVENT_INTERVAL_MS,
			cfg->event_interval_ms) < 0)
		goto err_cancel;
	if ((cfg->set & CTL_CFG_POLICY) &&
	    nla_put_u32(msg, LOGGER_CONFIG_A_POLICY, cfg->policy) < 0)
		goto err_cancel;
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		if (!(cfg->set & CTL_CFG_RESERVE(l)))
			continue;
		lv = nla_nest_start(msg, LOGGER_CONFIG_A_LEVEL);
		if (!lv ||
		    nla_put_u32(msg, LOGGER_LEVEL_A_INDEX, l) < 0 ||
		    nla_put_u32(msg, LOGGER_LEVEL_A_RESERVE_PCT,
				cfg->reserve_pct[l]) < 0)
			goto err_cancel;
		nla_nest_end(msg, lv);
	}
	nla_nest_end(msg, nest);
	return 0;

err_cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

/* ---- replies ---- */

/* Validate the generic netlink header and the top-level attributes. */
static int parse_top(struct nlmsghdr *nlh, struct nlattr **tb, uint8_t *cmd)
{
	struct genlmsghdr *gh;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EBADMSG;
	gh = nlmsg_data(nlh);
	if (genlmsg_parse(nlh, 0, tb, LOGGER_A_MAX, attr_policy) < 0)
		return -EBADMSG;
	*cmd = gh->cmd;
	return 0;
}

/* True when every attribute listed in @need (0-terminated) is present. */
static bool has_all(struct nlattr **tb, const int *need)
{
	for (; *need; need++)
		if (!tb[*need])
			return false;
	return true;
}

/*
 * Parse the nest @nla of &enum logger_level_attr into @tb; its index into
 * @level.  @seen catches a level given twice.
 */
static int parse_level(struct nlattr *nla, struct nlattr **tb,
		       unsigned int *level, unsigned int *seen)
{
	uint32_t l;

	if (nla_parse_nested(tb, LOGGER_LEVEL_A_MAX, nla, level_policy) < 0)
		return -EBADMSG;
	if (!tb[LOGGER_LEVEL_A_INDEX])
		return -EBADMSG;
	l = nla_get_u32(tb[LOGGER_LEVEL_A_INDEX]);
	if (l >= LOGGER_NR_LEVELS || (*seen & (1u << l)))
		return -EBADMSG;
	*seen |= 1u << l;
	*level = l;
	return 0;
}

#define for_each_genl_attr(pos, nlh, rem)				\
	nla_for_each_attr(pos, genlmsg_attrdata(nlmsg_data(nlh), 0),	\
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem)

static const int stats_need[] = {
	LOGGER_A_CAPACITY, LOGGER_A_BYTES_USED, LOGGER_A_RECORDS,
	LOGGER_A_WRITTEN, LOGGER_A_EVICTED, LOGGER_A_CLEARED,
	LOGGER_A_READERS, LOGGER_A_WRITERS, 0
};

static const int stats_level_need[] = {
	LOGGER_LEVEL_A_RECORDS, LOGGER_LEVEL_A_BYTES, LOGGER_LEVEL_A_WRITTEN,
	LOGGER_LEVEL_A_EVICTED, LOGGER_LEVEL_A_CLEARED, 0
};

static uint64_t opt_u64(struct nlattr *nla)
{
	return nla ? nla_get_u64(nla) : 0;
}

static uint32_t opt_u32(struct nlattr *nla)
{
	return nla ? nla_get_u32(nla) : 0;
}

static const int flow_need[] = {
	LOGGER_A_POLICY, LOGGER_A_WAITING_WRITERS, LOGGER_A_WAITS,
	LOGGER_A_HOLDING_READERS, LOGGER_A_GROUPS, LOGGER_A_GROUP_MEMBERS, 0
};

/*
 * The flow counters of a stats tree: none (an older module), or all of
 * them (hold_expired may be missing: 0).  A policy this version does not
 * know is kept; it prints as "?".
 */
static int parse_flow(struct nlattr **tb, struct ctl_stats *st)
{
	const int *a;
	bool any = false;

	for (a = flow_need; *a; a++)
		any |= tb[*a] != NULL;
	if (!any)
		return 0;
	if (!has_all(tb, flow_need))
		return -EBADMSG;
	st->has_flow = true;
	st->policy = nla_get_u32(tb[LOGGER_A_POLICY]);
	st->waiting_writers = nla_get_u32(tb[LOGGER_A_WAITING_WRITERS]);
	st->waits = nla_get_u64(tb[LOGGER_A_WAITS]);
	st->holding_readers = nla_get_u32(tb[LOGGER_A_HOLDING_READERS]);
	st->groups = nla_get_u32(tb[LOGGER_A_GROUPS]);
	st->group_members = nla_get_u32(tb[LOGGER_A_GROUP_MEMBERS]);
	st->hold_expired = opt_u64(tb[LOGGER_A_HOLD_EXPIRED]);
	return 0;
}

/* The stats tree; the message was validated by parse_top(). */
static int parse_stats_tree(struct nlmsghdr *nlh, struct nlattr **tb,
			    struct ctl_stats *st)
{
	struct nlattr *ltb[LOGGER_LEVEL_A_MAX + 1];
	unsigned int l, seen = 0;
	struct nlattr *pos;
	int rem;

	if (!has_all(tb, stats_need))
		return -EBADMSG;
	memset(st, 0, sizeof(*st));
	st->instance = opt_u64(tb[LOGGER_A_INSTANCE]);
	st->capacity = nla_get_u64(tb[LOGGER_A_CAPACITY]);
	st->bytes_used = nla_get_u64(tb[LOGGER_A_BYTES_USED]);
	st->records = nla_get_u64(tb[LOGGER_A_RECORDS]);
	st->written = nla_get_u64(tb[LOGGER_A_WRITTEN]);
	st->evicted = nla_get_u64(tb[LOGGER_A_EVICTED]);
	st->cleared = nla_get_u64(tb[LOGGER_A_CLEARED]);
	st->next_seq = opt_u64(tb[LOGGER_A_NEXT_SEQ]);
	st->readers = nla_get_u32(tb[LOGGER_A_READERS]);
	st->writers = nla_get_u32(tb[LOGGER_A_WRITERS]);
	st->max_record = opt_u32(tb[LOGGER_A_MAX_RECORD]);
	if (parse_flow(tb, st) < 0)
		return -EBADMSG;

	for_each_genl_attr(pos, nlh, rem) {
		struct ctl_level *lv;

		if (nla_type(pos) != LOGGER_A_LEVEL)
			continue;
		if (parse_level(pos, ltb, &l, &seen) < 0 ||
		    !has_all(ltb, stats_level_need))
			return -EBADMSG;
		lv = &st->level[l];
		lv->records = nla_get_u64(ltb[LOGGER_LEVEL_A_RECORDS]);
		lv->bytes = nla_get_u64(ltb[LOGGER_LEVEL_A_BYTES]);
		lv->written = nla_get_u64(ltb[LOGGER_LEVEL_A_WRITTEN]);
		lv->evicted = nla_get_u64(ltb[LOGGER_LEVEL_A_EVICTED]);
		lv->cleared = nla_get_u64(ltb[LOGGER_LEVEL_A_CLEARED]);
	}
	return seen == LOGGER_LEVELS_ALL ? 0 : -EBADMSG;
}

int ctl_parse_stats(struct nlmsghdr *nlh, struct ctl_stats *st)
{
	struct nlattr *tb[LOGGER_A_MAX + 1];
	uint8_t cmd;

	if (parse_top(nlh, tb, &cmd) < 0 ||
	    (cmd != LOGGER_CMD_GET_STATS && cmd != LOGGER_CMD_EVENT_STATS))
		return -EBADMSG;
	return parse_stats_tree(nlh, tb, st);
}

static const int reader_need[] = {
	LOGGER_READER_A_PID, LOGGER_READER_A_COMM, LOGGER_READER_A_FILTER,
	LOGGER_READER_A_ORDER, LOGGER_READER_A_FORMAT,
	LOGGER_READER_A_BACKLOG, LOGGER_READER_A_LOST, 0
};

/*
 * Holding, group and tag filter of one reader (@nest, parsed into @rtb):
 * a group comes with its member count (at least 1, the reader itself),
 * tags are at most LOGGER_TAG_FILTER_MAX (an empty one matches untagged
 * records).  The policy guarantees each string's NUL.
 */
static int parse_reader_flow(struct nlattr *nest, struct nlattr **rtb,
			     struct ctl_reader *r)
{
	struct nlattr *pos;
	int rem;

	if (rtb[LOGGER_READER_A_HOLDING]) {
		uint32_t h = nla_get_u32(rtb[LOGGER_READER_A_HOLDING]);

		if (h > 1)
			return -EBADMSG;
		r->has_hold = true;
		r->holding = h;
	}
	if (!rtb[LOGGER_READER_A_GROUP] != !rtb[LOGGER_READER_A_MEMBERS])
		return -EBADMSG;
	if (rtb[LOGGER_READER_A_GROUP]) {
		strcpy(r->group, nla_data(rtb[LOGGER_READER_A_GROUP]));
		r->members = nla_get_u32(rtb[LOGGER_READER_A_MEMBERS]);
		if (!r->group[0] || !r->members)
			return -EBADMSG;
	}
	nla_for_each_nested(pos, nest, rem) {
		if (nla_type(pos) != LOGGER_READER_A_TAG)
			continue;
		if (r->ntags == LOGGER_TAG_FILTER_MAX)
			return -EBADMSG;
		strcpy(r->tags[r->ntags++], nla_data(pos));
	}
	return 0;
}

int ctl_parse_reader(struct nlmsghdr *nlh, struct ctl_reader *r)
{
	struct nlattr *tb[LOGGER_A_MAX + 1];
	struct nlattr *rtb[LOGGER_READER_A_MAX + 1];
	uint8_t cmd;

	if (parse_top(nlh, tb, &cmd) < 0 || cmd != LOGGER_CMD_GET_READERS ||
	    !tb[LOGGER_A_READER])
		return -EBADMSG;
	if (nla_parse_nested(rtb, LOGGER_READER_A_MAX, tb[LOGGER_A_READER],
			     reader_policy) < 0 || !has_all(rtb, reader_need))
		return -EBADMSG;
	memset(r, 0, sizeof(*r));
	r->id = opt_u64(rtb[LOGGER_READER_A_ID]);
	r->pid = nla_get_u32(rtb[LOGGER_READER_A_PID]);
	/* The policy guarantees a NUL within CTL_COMM_LEN bytes. */
	strcpy(r->comm, nla_data(rtb[LOGGER_READER_A_COMM]));
	r->filter = nla_get_u32(rtb[LOGGER_READER_A_FILTER]);
	r->order = nla_get_u32(rtb[LOGGER_READER_A_ORDER]);
	r->format = nla_get_u32(rtb[LOGGER_READER_A_FORMAT]);
	r->backlog = nla_get_u64(rtb[LOGGER_READER_A_BACKLOG]);
	r->lost = nla_get_u64(rtb[LOGGER_READER_A_LOST]);
	r->read = opt_u64(rtb[LOGGER_READER_A_READ]);
	r->skipped = opt_u64(rtb[LOGGER_READER_A_SKIPPED]);
	if (r->filter & ~LOGGER_LEVELS_ALL)
		return -EBADMSG;
	return parse_reader_flow(tb[LOGGER_A_READER], rtb, r);
}

/*
 * GET_CONFIG reply (@partial false: everything but max_record must be
 * there) or SET_CONFIG request (@partial true: what is there is set).
 */
int ctl_parse_config(struct nlmsghdr *nlh, struct ctl_config *cfg,
		     bool partial)
{
	struct nlattr *tb[LOGGER_A_MAX + 1];
	struct nlattr *ctb[LOGGER_CONFIG_A_MAX + 1];
	struct nlattr *ltb[LOGGER_LEVEL_A_MAX + 1];
	unsigned int l, seen = 0;
	unsigned int need = CTL_CFG_CAPACITY | CTL_CFG_INTERVAL |
			    CTL_CFG_POLICY | CTL_CFG_RESERVE_ALL;
	struct nlattr *pos;
	uint8_t cmd;
	int rem;

	if (parse_top(nlh, tb, &cmd) < 0 || !tb[LOGGER_A_CONFIG] ||
	    cmd != (partial ? LOGGER_CMD_SET_CONFIG : LOGGER_CMD_GET_CONFIG))
		return -EBADMSG;
	if (nla_parse_nested(ctb, LOGGER_CONFIG_A_MAX, tb[LOGGER_A_CONFIG],
			     config_policy) < 0)
		return -EBADMSG;
	memset(cfg, 0, sizeof(*cfg));
	if (ctb[LOGGER_CONFIG_A_CAPACITY]) {
		cfg->capacity = nla_get_u64(ctb[LOGGER_CONFIG_A_CAPACITY]);
		cfg->set |= CTL_CFG_CAPACITY;
	}
	if (ctb[LOGGER_CONFIG_A_EVENT_INTERVAL_MS]) {
		cfg->event_interval_ms =
			nla_get_u32(ctb[LOGGER_CONFIG_A_EVENT_INTERVAL_MS]);
		cfg->set |= CTL_CFG_INTERVAL;
	}
	if (ctb[LOGGER_CONFIG_A_MAX_RECORD]) {
		cfg->max_record = nla_get_u32(ctb[LOGGER_CONFIG_A_MAX_RECORD]);
		cfg->set |= CTL_CFG_MAX_RECORD;
	}
	if (ctb[LOGGER_CONFIG_A_POLICY]) {
		cfg->policy = nla_get_u32(ctb[LOGGER_CONFIG_A_POLICY]);
		cfg->set |= CTL_CFG_POLICY;
	}
	nla_for_each_nested(pos, tb[LOGGER_A_CONFIG], rem) {
		if (nla_type(pos) != LOGGER_CONFIG_A_LEVEL)
			continue;
		if (parse_level(pos, ltb, &l, &seen) < 0 ||
		    !ltb[LOGGER_LEVEL_A_RESERVE_PCT])
			return -EBADMSG;
		cfg->reserve_pct[l] =
			nla_get_u32(ltb[LOGGER_LEVEL_A_RESERVE_PCT]);
		if (cfg->reserve_pct[l] > 100)
			return -EBADMSG;
		cfg->set |= CTL_CFG_RESERVE(l);
	}
	if (!partial && (cfg->set & need) != need)
		return -EBADMSG;
	return 0;
}

/*
 * CLEAR reply: the number of records removed.  (A kernel that answers
 * with the ack alone never calls this.)
 */
int ctl_parse_clear(struct nlmsghdr *nlh, uint64_t *records)
{
	struct nlattr *tb[LOGGER_A_MAX + 1];
	uint8_t cmd;

	if (parse_top(nlh, tb, &cmd) < 0 || cmd != LOGGER_CMD_CLEAR ||
	    !tb[LOGGER_A_CLEAR_RECORDS])
		return -EBADMSG;
	*records = nla_get_u64(tb[LOGGER_A_CLEAR_RECORDS]);
	return 0;
}

static int parse_overflow(struct nlmsghdr *nlh, struct nlattr **tb,
			  struct ctl_overflow *ov)
{
	struct nlattr *ltb[LOGGER_LEVEL_A_MAX + 1];
	unsigned int l, seen = 0;
	struct nlattr *pos;
	int rem;

	if (!tb[LOGGER_A_LOST_READERS])
		return -EBADMSG;
	ov->evicted = opt_u64(tb[LOGGER_A_EVICTED]);
	ov->lost_readers = nla_get_u32(tb[LOGGER_A_LOST_READERS]);
	for_each_genl_attr(pos, nlh, rem) {
		if (nla_type(pos) != LOGGER_A_LEVEL)
			continue;
		if (parse_level(pos, ltb, &l, &seen) < 0 ||
		    !ltb[LOGGER_LEVEL_A_EVICTED_DELTA])
			return -EBADMSG;
		ov->delta[l] = nla_get_u64(ltb[LOGGER_LEVEL_A_EVICTED_DELTA]);
		if (ltb[LOGGER_LEVEL_A_EVICTED]) {
			ov->level_evicted[l] =
				nla_get_u64(ltb[LOGGER_LEVEL_A_EVICTED]);
			ov->has_total |= 1u << l;
		}
		if (ltb[LOGGER_LEVEL_A_LOST_READERS]) {
			ov->level_lost_readers[l] =
				nla_get_u32(ltb[LOGGER_LEVEL_A_LOST_READERS]);
			ov->has_lost |= 1u << l;
		}
	}
	ov->levels = seen;
	return 0;
}

static int parse_threshold(struct nlattr **tb, struct ctl_threshold *th)
{
	static const int need[] = {
		LOGGER_A_THRESHOLD, LOGGER_A_DIRECTION, LOGGER_A_BYTES_USED,
		LOGGER_A_CAPACITY, 0
	};

	if (!has_all(tb, need))
		return -EBADMSG;
	th->percent = nla_get_u32(tb[LOGGER_A_THRESHOLD]);
	th->direction = nla_get_u32(tb[LOGGER_A_DIRECTION]);
	th->bytes_used = nla_get_u64(tb[LOGGER_A_BYTES_USED]);
	th->capacity = nla_get_u64(tb[LOGGER_A_CAPACITY]);
	if (th->percent > 100 || th->direction == LOGGER_DIR_UNSPEC ||
	    th->direction > LOGGER_DIR_MAX)
		return -EBADMSG;
	return 0;
}

static int parse_cleared(struct nlattr **tb, struct ctl_cleared *cl)
{
	static const int need[] = {
		LOGGER_A_CLEAR_RECORDS, LOGGER_A_CLEAR_PID, LOGGER_A_CLEAR_UID,
		0
	};

	if (!has_all(tb, need))
		return -EBADMSG;
	cl->records = nla_get_u64(tb[LOGGER_A_CLEAR_RECORDS]);
	cl->pid = nla_get_u32(tb[LOGGER_A_CLEAR_PID]);
	cl->uid = nla_get_u32(tb[LOGGER_A_CLEAR_UID]);
	if (tb[LOGGER_A_CLEAR_COMM])
		strcpy(cl->comm, nla_data(tb[LOGGER_A_CLEAR_COMM]));
	return 0;
}

/* Any multicast event; -EBADMSG for other commands too. */
int ctl_parse_event(struct nlmsghdr *nlh, struct ctl_event *ev)
{
	struct nlattr *tb[LOGGER_A_MAX + 1];
	uint8_t cmd;

	if (parse_top(nlh, tb, &cmd) < 0)
		return -EBADMSG;
	memset(ev, 0, sizeof(*ev));
	ev->cmd = cmd;
	switch (cmd) {
	case LOGGER_CMD_EVENT_OVERFLOW:
		return parse_overflow(nlh, tb, &ev->u.overflow);
	case LOGGER_CMD_EVENT_THRESHOLD:
		return parse_threshold(tb, &ev->u.threshold);
	case LOGGER_CMD_EVENT_CLEARED:
		return parse_cleared(tb, &ev->u.cleared);
	case LOGGER_CMD_EVENT_STATS:
		return parse_stats_tree(nlh, tb, &ev->u.stats);
	default:
		return -EBADMSG;
	}
}

/* ---- the readers list ---- */

int ctl_readers_add(struct ctl_readers *rs, const struct ctl_reader *r)
{
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 16;
		struct ctl_reader *v = realloc(rs->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		rs->v = v;
		rs->cap = cap;
	}
	rs->v[rs->n++] = *r;
	return 0;
}

static int reader_cmp(const void *a, const void *b)
{
	const struct ctl_reader *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return 0;
}

/* By pid, then by open order. */
void ctl_readers_sort(struct ctl_readers *rs)
{
	if (rs->n > 1)
		qsort(rs->v, rs->n, sizeof(*rs->v), reader_cmp);
}

void ctl_readers_free(struct ctl_readers *rs)
{
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
}
