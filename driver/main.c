// SPDX-License-Identifier: GPL-2.0
/*
 * logger: module parameters, load and unload.
 *
 * Load: validate the parameters, set up the store, the netlink family, then
 * the device.  Unload is the exact mirror.  An open fd holds a module reference, so the store
 * outlives every file.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uidgid.h>

#include "chardev.h"
#include "netlink.h"
#include "store.h"

static ulong capacity = 1 << 20;
module_param(capacity, ulong, 0444);
MODULE_PARM_DESC(capacity,
		 "Bytes of record memory, headers included, rounded down to whole chunks (16 chunks..1 GiB, default 1 MiB)");

static uint max_record = 1024;
module_param(max_record, uint, 0444);
MODULE_PARM_DESC(max_record,
		 "Largest message in bytes; longer records are refused with EMSGSIZE (16..8192, default 1024)");

static uint event_interval_ms = 1000;
module_param(event_interval_ms, uint, 0444);
MODULE_PARM_DESC(event_interval_ms,
		 "At most one netlink event of each kind per this many ms (10..60000, default 1000)");

static bool read_restrict;
module_param(read_restrict, bool, 0444);
MODULE_PARM_DESC(read_restrict,
		 "Opening /dev/logger for reading needs CAP_SYSLOG (default 0)");

static bool read_own;
module_param(read_own, bool, 0444);
MODULE_PARM_DESC(read_own,
		 "Readers without CAP_SYSLOG (and outside read_gid) see only records of their own uid (default 0)");

static int read_gid = -1;
module_param(read_gid, int, 0444);
MODULE_PARM_DESC(read_gid,
		 "With read_own, members of this group see every record, like journald's adm (default -1: none)");

static uint share_pct = 50;
module_param(share_pct, uint, 0444);
MODULE_PARM_DESC(share_pct,
		 "Share of the capacity, percent, past which a writer without CAP_SYSLOG may only evict its own records (1..100, 100 = no bound, default 50)");

static char *policy = "overwrite";
module_param(policy, charp, 0444);
MODULE_PARM_DESC(policy,
		 "overwrite (evict, never wait) or block (writers wait for holding readers) (default overwrite)");

static uint hold_timeout_ms = 10000;
module_param(hold_timeout_ms, uint, 0444);
MODULE_PARM_DESC(hold_timeout_ms,
		 "Under block, a writer waiting this long drops the holds of readers without CAP_SYSLOG that read nothing as long (0 = never; default 10000)");

static ushort mode = 0666;
module_param(mode, ushort, 0444);
MODULE_PARM_DESC(mode, "Permissions of /dev/logger (default 0666)");

static u8 reserve[LOGGER_NR_LEVELS] = { 2, 2, 2, 2, 2, 2, 2, 2 };
static int nr_reserve;
module_param_array(reserve, byte, &nr_reserve, 0444);
MODULE_PARM_DESC(reserve,
		 "Per-level share of capacity only that level may use, percent, emerg..debug (default 2 each; at least one chunk)");

/* The one store; lives from load to unload. */
static struct lg_store *lg_store;

/* The load-time configuration, from the parameters. */
static void __init lg_params_config(struct logger_config *c)
{
	memset(c, 0, sizeof(*c));
	c->capacity = capacity;
	c->max_record = max_record;
	c->event_interval_ms = event_interval_ms;
	memcpy(c->reserve_pct, reserve, sizeof(c->reserve_pct));
	/* An unknown name is left for lg_config_check() to refuse. */
	c->policy = !strcmp(policy, "overwrite") ? LOGGER_POLICY_OVERWRITE :
		    !strcmp(policy, "block") ? LOGGER_POLICY_BLOCK : U32_MAX;
}

static int __init lg_check_params(const struct logger_config *c)
{
	const char *why;

	if (mode & ~0777) {
		pr_err("mode=%#o is not a permission mask (0..0777)\n", mode);
		return -EINVAL;
	}
	if (!share_pct || share_pct > 100) {
		pr_err("share_pct=%u out of range 1..100\n", share_pct);
		return -EINVAL;
	}
	if (read_gid < -1 || (read_gid >= 0 &&
			      !gid_valid(make_kgid(&init_user_ns, read_gid)))) {
		pr_err("read_gid=%d is not a group id\n", read_gid);
		return -EINVAL;
	}
	why = lg_config_check(c, 0);
	if (why) {
		pr_err("capacity=%lu max_record=%u event_interval_ms=%u policy=%s reserve=%u,%u,%u,%u,%u,%u,%u,%u: %s\n",
		       capacity, max_record, event_interval_ms, policy,
		       reserve[0],
		       reserve[1], reserve[2], reserve[3], reserve[4],
		       reserve[5], reserve[6], reserve[7], why);
		return -EINVAL;
	}
	return 0;
}

static int __init lg_init(void)
{
	struct logger_config c;
	struct lg_trust t = {
		.read_restrict = read_restrict,
		.read_own = read_own,
		.read_gid = read_gid < 0 ? INVALID_GID :
			    make_kgid(&init_user_ns, read_gid),
		.share_pct = share_pct,
		.hold_timeout_ms = hold_timeout_ms,
	};
	int ret;

	lg_params_config(&c);
	ret = lg_check_params(&c);
	if (ret)
		return ret;

	lg_store = kzalloc(sizeof(*lg_store), GFP_KERNEL);
	if (!lg_store)
		return -ENOMEM;
	ret = lg_store_init(lg_store, &c, &t);
	if (ret)
		goto err_free_store;
	ret = lg_genl_init(lg_store);
	if (ret)
		goto err_destroy_store;
	ret = lg_chardev_init(lg_store, mode);
	if (ret)
		goto err_genl_exit;
	pr_info("/dev/logger ready: %u chunks of %u bytes, records up to %u bytes\n",
		lg_store->nchunks, lg_store->csize, max_record);
	return 0;

err_genl_exit:
	lg_genl_exit();
err_destroy_store:
	lg_store_destroy(lg_store);
err_free_store:
	kfree(lg_store);
	return ret;
}

static void __exit lg_exit(void)
{
	lg_chardev_exit();
	lg_genl_exit();
	lg_store_destroy(lg_store);
	kfree(lg_store);
}

module_init(lg_init);
module_exit(lg_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Priority-sorted log device /dev/logger");
MODULE_AUTHOR("logger developers");
