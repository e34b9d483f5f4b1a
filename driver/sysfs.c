// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs: the store's statistics as text, one value per file, under the
 * device's directory (/sys/class/misc/logger/), for people and scripts:
 * `grep -r . /sys/class/misc/logger/`.  The values are those of
 * LOGGER_IOC_GET_STATS, LOGGER_IOC_FLOW_STATS and netlink GET_STATS
 * (Documentation/ABI/testing/sysfs-class-misc-logger).
 */
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "chardev.h"

/* The store's counters, taken together. */
struct lg_sysfs_stats {
	struct logger_stats st;
	struct logger_flow_stats fs;
};

/* Fields of the top directory. */
enum lg_field {
	LG_F_INSTANCE, LG_F_CAPACITY, LG_F_BYTES_USED, LG_F_RECORDS,
	LG_F_WRITTEN, LG_F_EVICTED, LG_F_CLEARED, LG_F_NEXT_SEQ,
	LG_F_READERS, LG_F_WRITERS, LG_F_MAX_RECORD, LG_F_WAITING_WRITERS,
	LG_F_WAITS, LG_F_HOLDING_READERS, LG_F_GROUPS, LG_F_GROUP_MEMBERS,
	LG_F_HOLD_EXPIRED,
};

/* Fields of a level's directory. */
enum lg_lfield { LG_L_RECORDS, LG_L_BYTES, LG_L_WRITTEN, LG_L_EVICTED,
		 LG_L_CLEARED };

struct lg_attr {
	struct device_attribute attr;
	u8 field;
	u8 level;
};

static u64 lg_field(const struct lg_sysfs_stats *a, unsigned int f)
{
	const struct logger_stats *st = &a->st;
	const struct logger_flow_stats *fs = &a->fs;

	switch (f) {
	case LG_F_INSTANCE: return st->instance;
	case LG_F_CAPACITY: return st->capacity;
	case LG_F_BYTES_USED: return st->bytes_used;
	case LG_F_RECORDS: return st->records;
	case LG_F_WRITTEN: return st->written;
	case LG_F_EVICTED: return st->evicted;
	case LG_F_CLEARED: return st->cleared;
	case LG_F_NEXT_SEQ: return st->next_seq;
	case LG_F_READERS: return st->readers;
	case LG_F_WRITERS: return st->writers;
	case LG_F_MAX_RECORD: return st->max_record;
	case LG_F_WAITING_WRITERS: return fs->waiting_writers;
	case LG_F_WAITS: return fs->waits;
	case LG_F_HOLDING_READERS: return fs->holding_readers;
	case LG_F_GROUPS: return fs->groups;
	case LG_F_GROUP_MEMBERS: return fs->group_members;
	default: return fs->hold_expired;
	}
}

static u64 lg_lfield(const struct logger_stats *st, unsigned int f,
		     unsigned int l)
{
	switch (f) {
	case LG_L_RECORDS: return st->level_records[l];
	case LG_L_BYTES: return st->level_bytes[l];
	case LG_L_WRITTEN: return st->level_written[l];
	case LG_L_EVICTED: return st->level_evicted[l];
	default: return st->level_cleared[l];
	}
}

static ssize_t lg_show(struct device *dev, struct device_attribute *da,
		       char *buf, bool level)
{
	struct lg_attr *la = container_of(da, struct lg_attr, attr);
	struct lg_sysfs_stats *a = kmalloc(sizeof(*a), GFP_KERNEL);
	u64 v;

	if (!a)
		return -ENOMEM;
	lg_store_stats(lg_cd_store, &a->st);
	lg_flow_stats(lg_cd_store, &a->fs);
	v = level ? lg_lfield(&a->st, la->field, la->level) :
		    lg_field(a, la->field);
	kfree(a);
	return sysfs_emit(buf, "%llu\n", (unsigned long long)v);
}

static ssize_t lg_show_top(struct device *dev, struct device_attribute *da,
			   char *buf)
{
	return lg_show(dev, da, buf, false);
}

static ssize_t lg_show_level(struct device *dev, struct device_attribute *da,
			     char *buf)
{
	return lg_show(dev, da, buf, true);
}

static ssize_t policy_show(struct device *dev, struct device_attribute *da,
			   char *buf)
{
	struct logger_flow_stats fs;

	lg_flow_stats(lg_cd_store, &fs);
	return sysfs_emit(buf, "%s\n", fs.policy == LOGGER_POLICY_BLOCK ?
			  "block" : "overwrite");
}
static DEVICE_ATTR_RO(policy);

#define LG_TOP(_name, _f) \
	static struct lg_attr lg_a_##_name = { \
		.attr = __ATTR(_name, 0444, lg_show_top, NULL), .field = _f }

LG_TOP(instance, LG_F_INSTANCE);
LG_TOP(capacity, LG_F_CAPACITY);
LG_TOP(bytes_used, LG_F_BYTES_USED);
LG_TOP(records, LG_F_RECORDS);
LG_TOP(written, LG_F_WRITTEN);
LG_TOP(evicted, LG_F_EVICTED);
LG_TOP(cleared, LG_F_CLEARED);
LG_TOP(next_seq, LG_F_NEXT_SEQ);
LG_TOP(readers, LG_F_READERS);
LG_TOP(writers, LG_F_WRITERS);
LG_TOP(max_record, LG_F_MAX_RECORD);
LG_TOP(waiting_writers, LG_F_WAITING_WRITERS);
LG_TOP(waits, LG_F_WAITS);
LG_TOP(holding_readers, LG_F_HOLDING_READERS);
LG_TOP(groups, LG_F_GROUPS);
LG_TOP(group_members, LG_F_GROUP_MEMBERS);
LG_TOP(hold_expired, LG_F_HOLD_EXPIRED);

static struct attribute *lg_top_attrs[] = {
	&lg_a_instance.attr.attr, &lg_a_capacity.attr.attr,
	&lg_a_bytes_used.attr.attr, &lg_a_records.attr.attr,
	&lg_a_written.attr.attr, &lg_a_evicted.attr.attr,
	&lg_a_cleared.attr.attr, &lg_a_next_seq.attr.attr,
	&lg_a_readers.attr.attr, &lg_a_writers.attr.attr,
	&lg_a_max_record.attr.attr, &lg_a_waiting_writers.attr.attr,
	&lg_a_waits.attr.attr, &lg_a_holding_readers.attr.attr,
	&lg_a_groups.attr.attr, &lg_a_group_members.attr.attr,
	&lg_a_hold_expired.attr.attr, &dev_attr_policy.attr,
	NULL,
};

static const struct attribute_group lg_top_group = {
	.attrs = lg_top_attrs,
};

/* One directory per level, named as syslog names it: err/records... */
static const char *const lg_level_dirs[LOGGER_NR_LEVELS] = {
	"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
};

static const char *const lg_level_files[] = {
	[LG_L_RECORDS] = "records", [LG_L_BYTES] = "bytes",
	[LG_L_WRITTEN] = "written", [LG_L_EVICTED] = "evicted",
	[LG_L_CLEARED] = "cleared",
};

#define LG_LFIELDS	ARRAY_SIZE(lg_level_files)

/* Built at load: the level groups' attributes and their tables. */
static struct lg_attr lg_level_attrs[LOGGER_NR_LEVELS][LG_LFIELDS];
static struct attribute *lg_level_ptrs[LOGGER_NR_LEVELS][LG_LFIELDS + 1];
static struct attribute_group lg_level_groups[LOGGER_NR_LEVELS];

const struct attribute_group *lg_sysfs_groups[LOGGER_NR_LEVELS + 2] = {
	&lg_top_group,
};

/**
 * lg_sysfs_init() - fill the level directories' tables
 *
 * Before the device is registered (lg_chardev_init()).
 */
void lg_sysfs_init(void)
{
	unsigned int l, f;

	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		for (f = 0; f < LG_LFIELDS; f++) {
			struct lg_attr *la = &lg_level_attrs[l][f];

			sysfs_attr_init(&la->attr.attr);
			la->attr.attr.name = lg_level_files[f];
			la->attr.attr.mode = 0444;
			la->attr.show = lg_show_level;
			la->field = f;
			la->level = l;
			lg_level_ptrs[l][f] = &la->attr.attr;
		}
		lg_level_groups[l].name = lg_level_dirs[l];
		lg_level_groups[l].attrs = lg_level_ptrs[l];
		lg_sysfs_groups[1 + l] = &lg_level_groups[l];
	}
}
