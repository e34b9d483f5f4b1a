// SPDX-License-Identifier: GPL-2.0
/*
 * config: the store's geometry and the one validator of its settings.
 *
 * Module parameters, LOGGER_IOC_SET_CONFIG and netlink SET_CONFIG all end
 * in lg_config_check(); nothing else decides whether a configuration is
 * valid.
 */
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mm.h>

#include "store.h"

/**
 * lg_chunk_size() - bytes per chunk for a largest message
 * @max_record: largest message, bytes.
 *
 * A chunk holds at least one largest record with the longest tag, and is
 * a power-of-two number of pages.
 *
 * Return: the chunk size.
 */
u32 lg_chunk_size(u32 max_record)
{
	u32 need = LG_CHUNK_HDR + lg_rec_size(max_record, LG_TAG_MAX);

	return max_t(u32, PAGE_SIZE, roundup_pow_of_two(need));
}

/**
 * lg_config_check() - validate a configuration as a whole
 * @c: the settings; @c->max_record is the load-time value.
 * @max_record: the store's largest message (0 at load: take @c's).
 *
 * Return: NULL when valid, else what is wrong (for dmesg and extack).
 */
const char *lg_config_check(const struct logger_config *c, u32 max_record)
{
	u32 mr = max_record ? max_record : c->max_record;
	u64 csize, nchunks, sum = 0, pct = 0;
	unsigned int l;

	if (c->reserved)
		return "reserved field is not zero";
	if (max_record && c->max_record && c->max_record != max_record)
		return "max_record is fixed at load";
	if (mr < LG_MIN_RECORD || mr > LG_MAX_RECORD)
		return "max_record out of range 16..8192";
	if (c->event_interval_ms < LG_MIN_INTERVAL_MS ||
	    c->event_interval_ms > LG_MAX_INTERVAL_MS)
		return "event_interval_ms out of range 10..60000";
	if (c->policy > LOGGER_POLICY_BLOCK)
		return "policy is 0 (overwrite) or 1 (block)";
	csize = lg_chunk_size(mr);
	if (c->capacity > LG_MAX_CAPACITY)
		return "capacity above 1 GiB";
	nchunks = div64_u64(c->capacity, csize);
	if (nchunks < LG_MIN_CHUNKS)
		return "capacity below the minimum of 16 chunks";
	for (l = 0; l < LOGGER_NR_LEVELS; l++) {
		if (c->reserve_pct[l] > 100)
			return "a reserve is above 100 percent";
		pct += c->reserve_pct[l];
		sum += lg_reserve_chunks(nchunks, c->reserve_pct[l]);
	}
	if (pct > 100)
		return "reserves add up to more than 100 percent";
	if (sum > nchunks)
		return "capacity too small to reserve a chunk per level";
	return NULL;
}
