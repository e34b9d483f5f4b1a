/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cons_verify: sequence-number checks for one reader's view (--verify).
 */
#ifndef LOGGER_CONS_VERIFY_H
#define LOGGER_CONS_VERIFY_H

#include <stddef.h>

#include "cons_record.h"

/**
 * struct cons_verify - what one view has seen
 * @order: the view's order (LOGGER_ORDER_*).
 * @last_seq: highest seq seen since the order became seq (0 = none).
 * @level_last: last seq seen per level (0 = none).
 * @level_read: records seen per level.
 * @level_lost_seen: lost counts carried by records of each level.
 * @lost: lost records reported in-band, total.
 * @violations: duplicates and backward steps found.
 */
struct cons_verify {
	unsigned int order;
	unsigned long long last_seq;
	unsigned long long level_last[8];
	unsigned long long level_read[8];
	unsigned long long level_lost_seen[8];
	unsigned long long lost;
	unsigned long long violations;
};

void cons_verify_init(struct cons_verify *v, unsigned int order);
void cons_verify_set_order(struct cons_verify *v, unsigned int order);
int cons_verify_rec(struct cons_verify *v, const struct cons_rec *r,
		    char *msg, size_t len);

#endif /* LOGGER_CONS_VERIFY_H */
