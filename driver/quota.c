// SPDX-License-Identifier: GPL-2.0
/*
 * quota: how much of the store each uid's records use, for the share
 * bound of the trust model.
 */

/**
 * DOC: Share bound
 *
 * Any user may write, and records of every level are kept by the
 * retention rule.  So that one unprivileged uid cannot push everybody
 * else's records out, the store counts the bytes each uid's records use.
 * A writer whose fd was opened without CAP_SYSLOG and whose uid already
 * holds lg_store.share_pct percent of the capacity may only evict chunks
 * that hold nothing but its own records: the retention rule's choice is
 * taken if it is such a chunk, else the next level in the rule's order
 * whose oldest chunk is; when there is none the write stops (ENOSPC, or a
 * short write).  Below its share it evicts by the plain rule.
 *
 * Accounting.  A table of LG_UID_SLOTS uids with their bytes, scanned
 * linearly (a constant bound); when more uids than that have records
 * stored at once, the others share one bucket, which makes the bound
 * collective (and conservative) for them.  A chunk written by one uid is
 * released from its bucket in one step; a mixed chunk record by record
 * (at most one chunk's records, under the lock).  Clear resets the table.
 */

#include "store.h"

/* The bucket of @uid; a free slot is taken for it when @take. */
static u64 *uid_bucket(struct lg_store *s, u32 uid, bool take)
{
	struct lg_uid_slot *free = NULL, *hint = &s->uids[s->uid_hint];
	unsigned int i;

	/* Writes come in runs from one uid: try the last slot first. */
	if (hint->bytes && hint->uid == uid)
		return &hint->bytes;
	for (i = 0; i < LG_UID_SLOTS; i++) {
		struct lg_uid_slot *u = &s->uids[i];

		if (u->bytes && u->uid == uid) {
			s->uid_hint = i;
			return &u->bytes;
		}
		if (!u->bytes && !free)
			free = u;
	}
	if (take && free) {
		free->uid = uid;
		s->uid_hint = free - s->uids;
		return &free->bytes;
	}
	return &s->uid_other;
}

/**
 * lg_quota_charge() - @uid's records now use @bytes more
 * @s: the store, locked.
 * @uid: the writer.
 * @bytes: record bytes stored.
 */
void lg_quota_charge(struct lg_store *s, u32 uid, u32 bytes)
{
	lockdep_assert_held(&s->lock);
	*uid_bucket(s, uid, true) += bytes;
}

static void uid_release(struct lg_store *s, u32 uid, u64 bytes)
{
	u64 *b = uid_bucket(s, uid, false);

	/* A uid first charged to the shared bucket may have a slot now. */
	if (*b < bytes && b != &s->uid_other) {
		bytes -= *b;
		*b = 0;
		b = &s->uid_other;
	}
	*b -= min(*b, bytes);
}

/**
 * lg_quota_release() - the records of chunk @c leave the store
 * @s: the store, locked.
 * @c: a chunk about to be evicted.
 */
void lg_quota_release(struct lg_store *s, const struct logger_map_chunk *c)
{
	u32 off;

	lockdep_assert_held(&s->lock);
	if (!(c->flags & LG_CHUNK_MIXED)) {
		uid_release(s, c->owner, c->used);
		return;
	}
	for (off = 0; c->used - off >= sizeof(struct logger_map_rec);) {
		const struct logger_map_rec *r = lg_rec_at(s, c, off);

		if (WARN_ON_ONCE(r->size < sizeof(*r) ||
				 r->size > c->used - off))
			return;
		uid_release(s, r->uid, r->size);
		off += r->size;
	}
}

/**
 * lg_quota_reset() - nothing is stored any more (clear)
 * @s: the store, locked.
 */
void lg_quota_reset(struct lg_store *s)
{
	lockdep_assert_held(&s->lock);
	memset(s->uids, 0, sizeof(s->uids));
	s->uid_other = 0;
}

/**
 * lg_quota_over() - does @uid hold its share of the store or more?
 * @s: the store, locked.
 * @uid: the writer.
 *
 * Return: true when @uid's records use lg_store.share_pct percent of the
 * capacity or more.
 */
bool lg_quota_over(struct lg_store *s, u32 uid)
{
	u64 cap = (u64)s->limit * s->csize;

	lockdep_assert_held(&s->lock);
	if (s->share_pct >= 100)
		return false;
	return *uid_bucket(s, uid, false) * 100 >= cap * s->share_pct;
}
