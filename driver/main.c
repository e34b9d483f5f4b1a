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

#include "chardev.h"
#include "netlink.h"
#include "store.h"

static ulong capacity = 1 << 20;
module_param(capacity, ulong, 0444);
MODULE_PARM_DESC(capacity,
		 "Bytes of record memory, headers included (16 KiB..1 GiB, default 1 MiB)");

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

static ushort mode = 0666;
module_param(mode, ushort, 0444);
MODULE_PARM_DESC(mode, "Permissions of /dev/logger (default 0666)");

static u8 reserve[LOGGER_NR_LEVELS] = { 2, 2, 2, 2, 2, 2, 2, 2 };
static int nr_reserve;
module_param_array(reserve, byte, &nr_reserve, 0444);
MODULE_PARM_DESC(reserve,
		 "Per-level share of capacity only that level may use, percent, emerg..debug (default 2 each; at least one largest record)");

/* The one store; lives from load to unload. */
static struct lg_store *lg_store;

static int __init lg_check_params(void)
{
	const char *why;

	if (event_interval_ms < LG_MIN_INTERVAL_MS ||
	    event_interval_ms > LG_MAX_INTERVAL_MS) {
		pr_err("event_interval_ms=%u out of range %u..%u\n",
		       event_interval_ms, LG_MIN_INTERVAL_MS,
		       LG_MAX_INTERVAL_MS);
		return -EINVAL;
	}
	if (mode & ~0777) {
		pr_err("mode=%#o is not a permission mask (0..0777)\n", mode);
		return -EINVAL;
	}
	why = lg_store_check_config(capacity, max_record, reserve);
	if (why) {
		pr_err("capacity=%lu max_record=%u reserve=%u,%u,%u,%u,%u,%u,%u,%u: %s\n",
		       capacity, max_record, reserve[0], reserve[1], reserve[2],
		       reserve[3], reserve[4], reserve[5], reserve[6],
		       reserve[7], why);
		return -EINVAL;
	}
	return 0;
}

static int __init lg_init(void)
{
	int ret;

	ret = lg_check_params();
	if (ret)
		return ret;

	lg_store = kzalloc(sizeof(*lg_store), GFP_KERNEL);
	if (!lg_store)
		return -ENOMEM;
	ret = lg_store_init(lg_store, capacity, max_record, reserve,
			    event_interval_ms);
	if (ret)
		goto err_free_store;
	ret = lg_genl_init(lg_store);
	if (ret)
		goto err_destroy_store;
	ret = lg_chardev_init(lg_store, mode, read_restrict);
	if (ret)
		goto err_genl_exit;
	pr_info("/dev/logger ready: %lu bytes, records up to %u bytes\n",
		capacity, max_record);
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
