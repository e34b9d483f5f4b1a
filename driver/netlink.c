// SPDX-License-Identifier: GPL-2.0
/*
 * netlink: the "logger" generic netlink family (see the attribute tree in
 * uapi/logger.h).
 *
 * Commands: GET_STATS, GET_READERS (dump), CLEAR and SET_CONFIG (both need
 * CAP_SYSLOG), GET_CONFIG.  Every request is validated against a strict
 * per-command policy: an attribute a command does not take is EINVAL.
 *
 * Events: one delayed work item ticks every event interval, from load to
 * unload.  While the "events" group has no listener a tick costs one
 * bitmap test and builds nothing.  Otherwise it sends, at most once per
 * tick each: an overflow event when records were evicted since the
 * previous one (the counts summed since then), a threshold event when the
 * fill band changed, a cleared event when a clear happened, and a stats
 * event.  The write path only bumps the store's eviction counters, under
 * the lock it holds anyway: a flood of writes costs the event system
 * nothing, and events are coalesced by construction.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/jiffies.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>

#include "netlink.h"
#include "store.h"

/* Readers copied out of the store per dump step. */
#define LG_DUMP_BATCH	16

/* The store the family reports on; set before registration. */
static struct lg_store *lg_nl_store;

/* The event worker. */
static void lg_genl_work(struct work_struct *work);
static DECLARE_DELAYED_WORK(lg_genl_dwork, lg_genl_work);

/*
 * lg_genl_lock: protects the fields below it, shared by the worker and by
 * whoever clears or kicks (any process context; never held while sleeping).
 */
static DEFINE_SPINLOCK(lg_genl_lock);
static bool lg_genl_dying;		/* unloading: do not reschedule */
static bool lg_clear_pending;		/* a clear not yet sent */
static u64 lg_clear_records;		/* records it (they) removed */
static u32 lg_clear_pid;		/* the last clear's caller */
static u32 lg_clear_uid;
static char lg_clear_comm[TASK_COMM_LEN];

/* Worker-only state: the threshold last reported (0, 50, 90 or 100). */
static u32 lg_genl_threshold;

static struct genl_family lg_genl_family;

enum lg_genl_group {
	LG_GROUP_EVENTS,
};

static const struct genl_multicast_group lg_genl_mcgrps[] = {
	[LG_GROUP_EVENTS] = { .name = LOGGER_GENL_MCGRP_EVENTS },
};

/*
 * The same group when reading is restricted (read_restrict or read_own):
 * events name who cleared and how readers lose, so listening follows the
 * read rule.  A group's bind check can only ask for CAP_NET_ADMIN or
 * CAP_SYS_ADMIN on 6.1, so it asks for CAP_SYS_ADMIN.
 */
static const struct genl_multicast_group lg_genl_mcgrps_restricted[] = {
	[LG_GROUP_EVENTS] = {
		.name = LOGGER_GENL_MCGRP_EVENTS,
		.flags = GENL_MCAST_CAP_SYS_ADMIN,
	},
};

/* ---- policies --------------------------------------------------------- */

/* Commands that take no attribute: everything is rejected. */
static const struct nla_policy lg_none_policy[LOGGER_A_MAX + 1] = {};

/*
 * Types and lengths are checked by the policies; ranges by the handler, so
 * that an out-of-range value is EINVAL here as it is for the ioctls.
 */
static const struct nla_policy lg_level_cfg_policy[LOGGER_LEVEL_A_MAX + 1] = {
	[LOGGER_LEVEL_A_INDEX] = { .type = NLA_U32 },
	[LOGGER_LEVEL_A_RESERVE_PCT] = { .type = NLA_U32 },
};

static const struct nla_policy lg_config_policy[LOGGER_CONFIG_A_MAX + 1] = {
	[LOGGER_CONFIG_A_CAPACITY] = { .type = NLA_U64 },
	[LOGGER_CONFIG_A_EVENT_INTERVAL_MS] = { .type = NLA_U32 },
	[LOGGER_CONFIG_A_POLICY] = { .type = NLA_U32 },
	[LOGGER_CONFIG_A_LEVEL] = NLA_POLICY_NESTED(lg_level_cfg_policy),
};

static const struct nla_policy lg_set_policy[LOGGER_A_MAX + 1] = {
	[LOGGER_A_CONFIG] = NLA_POLICY_NESTED(lg_config_policy),
};

/* ---- message building ------------------------------------------------- */

static int lg_put_u64(struct sk_buff *skb, int attr, u64 v, int pad)
{
	return nla_put_u64_64bit(skb, attr, v, pad);
}

/* Everything GET_STATS and the stats event carry. */
struct lg_all_stats {
	struct logger_stats st;
	struct logger_flow_stats fs;
};

static void lg_all_stats(struct lg_all_stats *a)
{
	lg_store_stats(lg_nl_store, &a->st);
	lg_flow_stats(lg_nl_store, &a->fs);
}

static int lg_put_stats(struct sk_buff *skb, const struct lg_all_stats *a)
{
	const struct logger_stats *st = &a->st;
	const struct logger_flow_stats *fs = &a->fs;
	unsigned int l;

	if (lg_put_u64(skb, LOGGER_A_INSTANCE, st->instance, LOGGER_A_PAD) ||
	    lg_put_u64(skb, LOGGER_A_CAPACITY, st->capacity, LOGGER_A_PAD) ||
	    lg_put_u64(skb, LOGGER_A_BYTES_USED, st->bytes_used, LOGGER_A_PAD) ||
	    lg_put_u64(skb, LOGGER_A_RECORDS, st->records, LOGGER_A_PAD) ||
	    lg_put_u64(skb, LOGGER_A_WRITTEN, st->written, LOGGER_A_PAD) ||
	    lg_put_u64(skb, LOGGER_A_EVICTED, st->evicted, LOGGER_A_PAD) ||
	    lg_put_u64(skb, LOGGER_A_CLEARED, st->cleared, LOGGER_A_PAD) ||
	    lg_put_u64(skb, LOGGER_A_NEXT_SEQ, st->next_seq, LOGGER_A_PAD) ||
	    nla_put_u32(skb, LOGGER_A_READERS, st->readers) ||
	    nla_put_u32(skb, LOGGER_A_WRITERS, st->writers) ||
	    nla_put_u32(skb, LOGGER_A_MAX_RECORD, st->max_record) ||
	    nla_put_u32(skb, LOGGER_A_POLICY, fs->policy) ||
	    nla_put_u32(skb, LOGGER_A_WAITING_WRITERS, fs->waiting_writers) ||
	    lg_put_u64(skb, LOGGER_A_WAITS, fs->waits, LOGGER_A_PAD) ||
	    nla_put_u32(skb, LOGGER_A_HOLDING_READERS, fs->holding_readers) ||
	    nla_put_u32(skb, LOGGER_A_GROUPS, fs->groups) ||
	    nla_put_u32(skb, LOGGER_A_GROUP_MEMBERS, fs->group_members) ||
	    lg_put_u64(skb, LOGGER_A_HOLD_EXPIRED, fs->hold_expired,
		       LOGGER_A_PAD))
		return -EMSGSIZE;
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		struct nlattr *nest = nla_nest_start(skb, LOGGER_A_LEVEL);

		if (!nest ||
		    nla_put_u32(skb, LOGGER_LEVEL_A_INDEX, l) ||
		    lg_put_u64(skb, LOGGER_LEVEL_A_RECORDS,
			       st->level_records[l], LOGGER_LEVEL_A_PAD) ||
		    lg_put_u64(skb, LOGGER_LEVEL_A_BYTES, st->level_bytes[l],
			       LOGGER_LEVEL_A_PAD) ||
		    lg_put_u64(skb, LOGGER_LEVEL_A_WRITTEN,
			       st->level_written[l], LOGGER_LEVEL_A_PAD) ||
		    lg_put_u64(skb, LOGGER_LEVEL_A_EVICTED,
			       st->level_evicted[l], LOGGER_LEVEL_A_PAD) ||
		    lg_put_u64(skb, LOGGER_LEVEL_A_CLEARED,
			       st->level_cleared[l], LOGGER_LEVEL_A_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

static int lg_put_config(struct sk_buff *skb, const struct logger_config *c)
{
	struct nlattr *cfg = nla_nest_start(skb, LOGGER_A_CONFIG);
	unsigned int l;

	if (!cfg ||
	    lg_put_u64(skb, LOGGER_CONFIG_A_CAPACITY, c->capacity,
		       LOGGER_CONFIG_A_PAD) ||
	    nla_put_u32(skb, LOGGER_CONFIG_A_EVENT_INTERVAL_MS,
			c->event_interval_ms) ||
	    nla_put_u32(skb, LOGGER_CONFIG_A_MAX_RECORD, c->max_record) ||
	    nla_put_u32(skb, LOGGER_CONFIG_A_POLICY, c->policy))
		return -EMSGSIZE;
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		struct nlattr *nest = nla_nest_start(skb, LOGGER_CONFIG_A_LEVEL);

		if (!nest ||
		    nla_put_u32(skb, LOGGER_LEVEL_A_INDEX, l) ||
		    nla_put_u32(skb, LOGGER_LEVEL_A_RESERVE_PCT,
				c->reserve_pct[l]))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	nla_nest_end(skb, cfg);
	return 0;
}

/* A reply to @info with command @cmd, filled by @fill(@skb, @arg). */
static int lg_reply(struct genl_info *info, u8 cmd,
		    int (*fill)(struct sk_buff *skb, const void *arg),
		    const void *arg)
{
	struct sk_buff *skb;
	void *hdr;
	int ret;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	hdr = genlmsg_put_reply(skb, info, &lg_genl_family, 0, cmd);
	if (!hdr) {
		ret = -EMSGSIZE;
		goto err_free;
	}
	ret = fill(skb, arg);
	if (ret)
		goto err_free;
	genlmsg_end(skb, hdr);
	return genlmsg_reply(skb, info);

err_free:
	nlmsg_free(skb);
	return ret;
}

static int lg_fill_stats(struct sk_buff *skb, const void *arg)
{
	return lg_put_stats(skb, arg);
}

static int lg_fill_config(struct sk_buff *skb, const void *arg)
{
	return lg_put_config(skb, arg);
}

static int lg_fill_cleared(struct sk_buff *skb, const void *arg)
{
	return lg_put_u64(skb, LOGGER_A_CLEAR_RECORDS, *(const u64 *)arg,
			  LOGGER_A_PAD);
}

/* ---- commands --------------------------------------------------------- */

static int lg_cmd_get_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct lg_all_stats *st;
	int ret;

	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	lg_all_stats(st);
	ret = lg_reply(info, LOGGER_CMD_GET_STATS, lg_fill_stats, st);
	kfree(st);
	return ret;
}

static int lg_cmd_get_config(struct sk_buff *skb, struct genl_info *info)
{
	struct logger_config c;

	lg_store_get_config(lg_nl_store, &c);
	return lg_reply(info, LOGGER_CMD_GET_CONFIG, lg_fill_config, &c);
}

static int lg_cmd_clear(struct sk_buff *skb, struct genl_info *info)
{
	u64 n;

	struct sk_buff *rep;
	void *hdr;
	int ret;

	if (!netlink_capable(skb, CAP_SYSLOG))
		return -EPERM;
	/*
	 * The reply is allocated before anything is cleared: a failure
	 * after the clear would say "not done" about a store already empty.
	 */
	rep = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!rep)
		return -ENOMEM;
	hdr = genlmsg_put_reply(rep, info, &lg_genl_family, 0,
				LOGGER_CMD_CLEAR);
	if (!hdr) {
		nlmsg_free(rep);
		return -EMSGSIZE;
	}
	n = lg_store_clear(lg_nl_store);
	lg_genl_note_cleared(n);
	/* A u64 fits an empty NLMSG_GOODSIZE message: cannot fail. */
	ret = lg_fill_cleared(rep, &n);
	if (WARN_ON_ONCE(ret)) {
		nlmsg_free(rep);
		return ret;
	}
	genlmsg_end(rep, hdr);
	return genlmsg_reply(rep, info);
}

/* Apply the LOGGER_CONFIG_A_LEVEL nests of @cfg to @c. */
static int lg_parse_levels(struct nlattr *cfg, struct logger_config *c,
			   u32 *mask, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[LOGGER_LEVEL_A_MAX + 1];
	struct nlattr *nest;
	u32 seen = 0;
	int rem, ret;

	nla_for_each_nested(nest, cfg, rem) {
		u32 l;

		if (nla_type(nest) != LOGGER_CONFIG_A_LEVEL)
			continue;
		ret = nla_parse_nested(tb, LOGGER_LEVEL_A_MAX, nest,
				       lg_level_cfg_policy, extack);
		if (ret)
			return ret;
		if (!tb[LOGGER_LEVEL_A_INDEX] ||
		    !tb[LOGGER_LEVEL_A_RESERVE_PCT]) {
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "level needs index and reserve_pct");
			return -EINVAL;
		}
		l = nla_get_u32(tb[LOGGER_LEVEL_A_INDEX]);
		if (l >= LOGGER_NR_LEVELS ||
		    nla_get_u32(tb[LOGGER_LEVEL_A_RESERVE_PCT]) > 100) {
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "level index 0..7, reserve_pct 0..100");
			return -EINVAL;
		}
		if (seen & BIT(l)) {
			NL_SET_ERR_MSG_ATTR(extack, nest, "level given twice");
			return -EINVAL;
		}
		seen |= BIT(l);
		c->reserve_pct[l] = nla_get_u32(tb[LOGGER_LEVEL_A_RESERVE_PCT]);
		*mask |= LG_CFG_RESERVE(l);
	}
	return 0;
}

static int lg_cmd_set_config(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[LOGGER_CONFIG_A_MAX + 1];
	struct logger_config c;
	const char *why;
	u32 mask = 0;
	int ret;

	if (!netlink_capable(skb, CAP_SYSLOG))
		return -EPERM;
	if (GENL_REQ_ATTR_CHECK(info, LOGGER_A_CONFIG))
		return -EINVAL;
	ret = nla_parse_nested(tb, LOGGER_CONFIG_A_MAX,
			       info->attrs[LOGGER_A_CONFIG], lg_config_policy,
			       info->extack);
	if (ret)
		return ret;

	/*
	 * Only what the request names changes; the store merges it with the
	 * current settings and checks the result under its config lock.
	 */
	memset(&c, 0, sizeof(c));
	if (tb[LOGGER_CONFIG_A_CAPACITY]) {
		c.capacity = nla_get_u64(tb[LOGGER_CONFIG_A_CAPACITY]);
		mask |= LG_CFG_CAPACITY;
	}
	if (tb[LOGGER_CONFIG_A_EVENT_INTERVAL_MS]) {
		c.event_interval_ms =
			nla_get_u32(tb[LOGGER_CONFIG_A_EVENT_INTERVAL_MS]);
		mask |= LG_CFG_INTERVAL;
	}
	if (tb[LOGGER_CONFIG_A_POLICY]) {
		c.policy = nla_get_u32(tb[LOGGER_CONFIG_A_POLICY]);
		mask |= LG_CFG_POLICY;
	}
	ret = lg_parse_levels(info->attrs[LOGGER_A_CONFIG], &c, &mask,
			      info->extack);
	if (ret)
		return ret;
	ret = lg_store_set_config(lg_nl_store, &c, mask, &why);
	if (ret == -EINVAL && info->extack)
		info->extack->_msg = why;	/* a static string */
	if (!ret)
		lg_genl_set_interval(READ_ONCE(lg_nl_store->event_interval_ms));
	return ret;
}

static int lg_put_reader(struct sk_buff *skb, const struct lg_reader_info *ri)
{
	struct nlattr *nest = nla_nest_start(skb, LOGGER_A_READER);
	unsigned int i;

	if (!nest ||
	    lg_put_u64(skb, LOGGER_READER_A_ID, ri->id, LOGGER_READER_A_PAD) ||
	    nla_put_u32(skb, LOGGER_READER_A_PID, ri->pid) ||
	    nla_put_string(skb, LOGGER_READER_A_COMM, ri->comm) ||
	    nla_put_u32(skb, LOGGER_READER_A_FILTER, ri->filter) ||
	    nla_put_u32(skb, LOGGER_READER_A_ORDER, ri->order) ||
	    nla_put_u32(skb, LOGGER_READER_A_FORMAT, ri->format) ||
	    lg_put_u64(skb, LOGGER_READER_A_BACKLOG, ri->stats.backlog,
		       LOGGER_READER_A_PAD) ||
	    lg_put_u64(skb, LOGGER_READER_A_LOST, ri->stats.lost,
		       LOGGER_READER_A_PAD) ||
	    lg_put_u64(skb, LOGGER_READER_A_READ, ri->stats.read,
		       LOGGER_READER_A_PAD) ||
	    lg_put_u64(skb, LOGGER_READER_A_SKIPPED, ri->stats.skipped,
		       LOGGER_READER_A_PAD) ||
	    nla_put_u32(skb, LOGGER_READER_A_HOLDING, ri->holding))
		return -EMSGSIZE;
	if (ri->group[0] &&
	    (nla_put_string(skb, LOGGER_READER_A_GROUP, ri->group) ||
	     nla_put_u32(skb, LOGGER_READER_A_MEMBERS, ri->members)))
		return -EMSGSIZE;
	for (i = 0; i < ri->ntags; i++)
		if (nla_put_string(skb, LOGGER_READER_A_TAG, ri->tags[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * One message per open reader the caller may see (the trust model's read
 * rule: with read_own, only its own uid's readers).  cb->args[0] holds
 * the slot to resume at, plus one (0: start; a u32, so it fits a long
 * everywhere): the store is asked for the readers from it on, a few at a
 * time, and messages are built with no lock held.  cb->args[1] is set
 * when the walk is over.
 */
/* Refuse a readers dump up front (an error ack) when reading is restricted. */
static int lg_dump_readers_start(struct netlink_callback *cb)
{
	struct lg_store *s = lg_nl_store;

	if (s->trust.read_restrict &&
	    !lg_may_read_all(s, netlink_capable(cb->skb, CAP_SYSLOG)))
		return -EPERM;
	return 0;
}

static int lg_cmd_dump_readers(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct lg_store *s = lg_nl_store;
	u32 only = LG_ANY_UID, slot;
	struct lg_reader_info *ri;
	unsigned int n, i;

	if (!lg_may_read_all(s, netlink_capable(cb->skb, CAP_SYSLOG))) {
		if (s->trust.read_restrict)
			return -EPERM;
		only = from_kuid_munged(&init_user_ns, current_uid());
	}
	ri = kmalloc_array(LG_DUMP_BATCH, sizeof(*ri), GFP_KERNEL);
	if (!ri)
		return -ENOMEM;
	while (!cb->args[1]) {
		slot = cb->args[0] ? (u32)cb->args[0] - 1 : 0;
		n = lg_store_readers(s, &slot, only, ri, LG_DUMP_BATCH);
		for (i = 0; i < n; i++) {
			void *hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
						cb->nlh->nlmsg_seq,
						&lg_genl_family, NLM_F_MULTI,
						LOGGER_CMD_GET_READERS);

			if (!hdr)
				goto out;
			if (lg_put_reader(skb, &ri[i])) {
				genlmsg_cancel(skb, hdr);
				goto out;
			}
			genlmsg_end(skb, hdr);
			/* Slots end below U32_MAX: + 2 does not wrap. */
			cb->args[0] = (unsigned long)ri[i].slot + 2;
		}
		if (slot == LG_NIL)
			cb->args[1] = 1;
		else
			cb->args[0] = (unsigned long)slot + 1;
	}
out:
	kfree(ri);
	return skb->len;
}

static const struct genl_ops lg_genl_ops[] = {
	{
		.cmd = LOGGER_CMD_GET_STATS,
		.doit = lg_cmd_get_stats,
		.policy = lg_none_policy,
		.maxattr = LOGGER_A_MAX,
	},
	{
		.cmd = LOGGER_CMD_GET_READERS,
		.start = lg_dump_readers_start,
		.dumpit = lg_cmd_dump_readers,
		.policy = lg_none_policy,
		.maxattr = LOGGER_A_MAX,
	},
	{
		.cmd = LOGGER_CMD_CLEAR,
		.doit = lg_cmd_clear,
		.policy = lg_none_policy,
		.maxattr = LOGGER_A_MAX,
	},
	{
		.cmd = LOGGER_CMD_SET_CONFIG,
		.doit = lg_cmd_set_config,
		.policy = lg_set_policy,
		.maxattr = LOGGER_A_MAX,
	},
	{
		.cmd = LOGGER_CMD_GET_CONFIG,
		.doit = lg_cmd_get_config,
		.policy = lg_none_policy,
		.maxattr = LOGGER_A_MAX,
	},
};

static struct genl_family lg_genl_family __ro_after_init = {
	.name		= LOGGER_GENL_NAME,
	.version	= LOGGER_GENL_VERSION,
	.maxattr	= LOGGER_A_MAX,
	.module		= THIS_MODULE,
	.ops		= lg_genl_ops,
	.n_ops		= ARRAY_SIZE(lg_genl_ops),
	.mcgrps		= lg_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(lg_genl_mcgrps),
};

/* ---- events ------------------------------------------------------------ */

/* Multicast one event built by @fill; dropped quietly if nobody listens. */
static void lg_event(u8 cmd, int (*fill)(struct sk_buff *skb, const void *arg),
		     const void *arg)
{
	struct sk_buff *skb;
	void *hdr;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &lg_genl_family, 0, cmd);
	if (!hdr || fill(skb, arg)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast(&lg_genl_family, skb, 0, LG_GROUP_EVENTS,
			  GFP_KERNEL);
}

static int lg_fill_overflow(struct sk_buff *skb, const void *arg)
{
	const struct lg_overflow *ov = arg;
	u64 total = 0;
	unsigned int l;

	for (l = 0; l < LOGGER_NR_LEVELS; l++)
		total += ov->evicted_total[l];
	if (lg_put_u64(skb, LOGGER_A_EVICTED, total, LOGGER_A_PAD) ||
	    nla_put_u32(skb, LOGGER_A_LOST_READERS, ov->lost_readers))
		return -EMSGSIZE;
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		struct nlattr *nest;

		if (!ov->evicted[l])
			continue;
		nest = nla_nest_start(skb, LOGGER_A_LEVEL);
		if (!nest ||
		    nla_put_u32(skb, LOGGER_LEVEL_A_INDEX, l) ||
		    lg_put_u64(skb, LOGGER_LEVEL_A_EVICTED_DELTA,
			       ov->evicted[l], LOGGER_LEVEL_A_PAD) ||
		    lg_put_u64(skb, LOGGER_LEVEL_A_EVICTED,
			       ov->evicted_total[l], LOGGER_LEVEL_A_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

struct lg_threshold_event {
	u32 threshold;
	u32 dir;
	u64 used;
	u64 capacity;
};

static int lg_fill_threshold(struct sk_buff *skb, const void *arg)
{
	const struct lg_threshold_event *te = arg;

	if (nla_put_u32(skb, LOGGER_A_THRESHOLD, te->threshold) ||
	    nla_put_u32(skb, LOGGER_A_DIRECTION, te->dir) ||
	    lg_put_u64(skb, LOGGER_A_BYTES_USED, te->used, LOGGER_A_PAD) ||
	    lg_put_u64(skb, LOGGER_A_CAPACITY, te->capacity, LOGGER_A_PAD))
		return -EMSGSIZE;
	return 0;
}

struct lg_cleared_event {
	u64 records;
	u32 pid;
	u32 uid;
	char comm[TASK_COMM_LEN];
};

static int lg_fill_cleared_event(struct sk_buff *skb, const void *arg)
{
	const struct lg_cleared_event *ce = arg;

	if (lg_put_u64(skb, LOGGER_A_CLEAR_RECORDS, ce->records,
		       LOGGER_A_PAD) ||
	    nla_put_u32(skb, LOGGER_A_CLEAR_PID, ce->pid) ||
	    nla_put_u32(skb, LOGGER_A_CLEAR_UID, ce->uid) ||
	    nla_put_string(skb, LOGGER_A_CLEAR_COMM, ce->comm))
		return -EMSGSIZE;
	return 0;
}

static const u32 lg_thresholds[] = {
	LOGGER_THRESHOLD_HALF, LOGGER_THRESHOLD_HIGH, LOGGER_THRESHOLD_FULL,
};

/* The threshold just below @t (0 if none). */
static u32 lg_threshold_below(u32 t)
{
	u32 below = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lg_thresholds); i++)
		if (lg_thresholds[i] < t)
			below = lg_thresholds[i];
	return below;
}

/* The threshold just above @t. */
static u32 lg_threshold_above(u32 t)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lg_thresholds); i++)
		if (lg_thresholds[i] > t)
			return lg_thresholds[i];
	return LOGGER_THRESHOLD_FULL;
}

/*
 * DOC: Fill thresholds in the uapi.  lg_genl_threshold is the highest
 * threshold reached; it rises to the highest one fill reaches, and falls
 * past a threshold only when fill is LOGGER_THRESHOLD_HYST points below
 * it.  Going down, the event names the lowest threshold no longer reached.
 */
static void lg_genl_threshold_check(const struct logger_stats *st,
				    bool evicted)
{
	struct lg_threshold_event te = {
		.used = st->bytes_used,
		.capacity = st->capacity,
	};
	u32 pct = evicted ? 100 : (u32)div64_u64(st->bytes_used * 100,
						  st->capacity);
	u32 cur = lg_genl_threshold, up = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lg_thresholds); i++)
		if (pct >= lg_thresholds[i])
			up = lg_thresholds[i];
	if (up > cur) {
		te.threshold = up;
		te.dir = LOGGER_DIR_UP;
		lg_genl_threshold = up;
		lg_event(LOGGER_CMD_EVENT_THRESHOLD, lg_fill_threshold, &te);
		return;
	}
	while (cur && pct + LOGGER_THRESHOLD_HYST < cur)
		cur = lg_threshold_below(cur);
	if (cur < lg_genl_threshold) {
		te.threshold = lg_threshold_above(cur);
		te.dir = LOGGER_DIR_DOWN;
		lg_genl_threshold = cur;
		lg_event(LOGGER_CMD_EVENT_THRESHOLD, lg_fill_threshold, &te);
	}
}

static unsigned long lg_genl_interval(void)
{
	return msecs_to_jiffies(READ_ONCE(lg_nl_store->event_interval_ms));
}

static void lg_genl_work(struct work_struct *work)
{
	struct lg_cleared_event ce = {};
	struct lg_all_stats *st = NULL;
	struct lg_overflow ov;
	bool evicted, cleared;

	if (!genl_has_listeners(&lg_genl_family, &init_net, LG_GROUP_EVENTS))
		goto resched;

	evicted = lg_store_take_overflow(lg_nl_store, &ov);
	if (evicted)
		lg_event(LOGGER_CMD_EVENT_OVERFLOW, lg_fill_overflow, &ov);

	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (st) {
		lg_all_stats(st);
		lg_genl_threshold_check(&st->st, evicted);
	}

	spin_lock(&lg_genl_lock);
	cleared = lg_clear_pending;
	if (cleared) {
		ce.records = lg_clear_records;
		ce.pid = lg_clear_pid;
		ce.uid = lg_clear_uid;
		memcpy(ce.comm, lg_clear_comm, sizeof(ce.comm));
		lg_clear_records = 0;
		lg_clear_pending = false;
	}
	spin_unlock(&lg_genl_lock);
	if (cleared)
		lg_event(LOGGER_CMD_EVENT_CLEARED, lg_fill_cleared_event, &ce);

	if (st)
		lg_event(LOGGER_CMD_EVENT_STATS, lg_fill_stats, st);
	kfree(st);

resched:
	spin_lock(&lg_genl_lock);
	if (!lg_genl_dying)
		schedule_delayed_work(&lg_genl_dwork, lg_genl_interval());
	spin_unlock(&lg_genl_lock);
}

/**
 * lg_genl_note_cleared() - remember a clear for the next cleared event
 * @records: records the clear removed.
 *
 * Called by whoever cleared, in process context, after the store lock is
 * dropped.  Clears between two events are summed.
 */
void lg_genl_note_cleared(u64 records)
{
	spin_lock(&lg_genl_lock);
	lg_clear_pending = true;
	lg_clear_records += records;
	lg_clear_pid = task_tgid_nr(current);
	lg_clear_uid = from_kuid_munged(&init_user_ns, current_uid());
	get_task_comm(lg_clear_comm, current);
	spin_unlock(&lg_genl_lock);
}

/**
 * lg_genl_set_interval() - the event interval changed
 * @ms: the new interval.
 *
 * The next tick comes one new interval from now.
 */
void lg_genl_set_interval(unsigned int ms)
{
	spin_lock(&lg_genl_lock);
	if (!lg_genl_dying)
		mod_delayed_work(system_wq, &lg_genl_dwork,
				 msecs_to_jiffies(ms));
	spin_unlock(&lg_genl_lock);
}

/**
 * lg_genl_init() - register the family and start the event worker
 * @s: the store to report on.
 *
 * Return: 0 or a negative errno.
 */
int lg_genl_init(struct lg_store *s)
{
	int ret;

	lg_nl_store = s;
	if (s->trust.read_restrict || s->trust.read_own)
		lg_genl_family.mcgrps = lg_genl_mcgrps_restricted;
	ret = genl_register_family(&lg_genl_family);
	if (ret)
		return ret;
	schedule_delayed_work(&lg_genl_dwork, lg_genl_interval());
	return 0;
}

/**
 * lg_genl_exit() - stop the worker and unregister the family
 *
 * The mirror of lg_genl_init(): no tick is scheduled once this returns,
 * and no command runs any more.
 */
void lg_genl_exit(void)
{
	spin_lock(&lg_genl_lock);
	lg_genl_dying = true;
	spin_unlock(&lg_genl_lock);
	cancel_delayed_work_sync(&lg_genl_dwork);
	genl_unregister_family(&lg_genl_family);
}
