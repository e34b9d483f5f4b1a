// SPDX-License-Identifier: GPL-2.0
/*
 * cons_verify: check that a view never repeats a record and never goes
 * back in time.
 *
 * DESIGN
 *   Sequence numbers are global, so gaps are normal: other levels, levels
 *   outside the filter and records evicted (reported as `lost`) all leave
 *   holes, and a gap cannot be attributed to one level.  What a view must
 *   never do is return the same record twice or an older record after a
 *   newer one where the order promises otherwise:
 *   - always, per level: seqs strictly increase (FIFO inside a level in
 *     both orders);
 *   - in order=seq also across levels: seqs strictly increase.
 *   seq == previous is reported as a duplicate, seq < previous as going
 *   backwards; seq 0 is never a record's.  The per-level accounting
 *   (records read, lost counts carried) is kept for --stats.
 *   A reload may change the order on the same fd: the cross-level check
 *   restarts then, the per-level one continues (the cursor is kept).
 *   Non-goals: no gap accounting (not decidable from the view alone).
 */
#include <stdio.h>
#include <string.h>

#include "cons_verify.h"
#include "levels.h"

void cons_verify_init(struct cons_verify *v, unsigned int order)
{
	memset(v, 0, sizeof(*v));
	v->order = order;
}

void cons_verify_set_order(struct cons_verify *v, unsigned int order)
{
	if (order != v->order)
		v->last_seq = 0;
	v->order = order;
}

/**
 * cons_verify_rec() - account for and check one record
 * @v: the view's state.
 * @r: the record, in the order read.
 * @msg: explanation on a violation.
 * @len: size of @msg.
 *
 * Return: 0 when fine, -1 on a violation (counted in @v->violations).
 */
int cons_verify_rec(struct cons_verify *v, const struct cons_rec *r,
		    char *msg, size_t len)
{
	unsigned long long seq = r->h.seq, prev;
	unsigned int l = r->h.level & 7;
	int ret = 0;

	v->level_read[l]++;
	v->level_lost_seen[l] += r->h.lost;
	v->lost += r->h.lost;
	prev = v->level_last[l];
	if (seq == 0) {
		snprintf(msg, len, "record with seq 0 (level %s)",
			 lg_level_name(l));
		ret = -1;
	} else if (prev && seq <= prev) {
		snprintf(msg, len, "level %s: seq %llu after %llu (%s)",
			 lg_level_name(l), seq, prev,
			 seq == prev ? "duplicate" : "backwards");
		ret = -1;
	} else if (v->order == LOGGER_ORDER_SEQ && v->last_seq &&
		   seq <= v->last_seq) {
		snprintf(msg, len, "order seq: seq %llu after %llu (%s)", seq,
			 v->last_seq,
			 seq == v->last_seq ? "duplicate" : "backwards");
		ret = -1;
	}
	if (seq > v->level_last[l])
		v->level_last[l] = seq;
	if (seq > v->last_seq)
		v->last_seq = seq;
	if (ret)
		v->violations++;
	return ret;
}
