/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "ctl" unit suite's shared parts: sample replies (test_ctl.c), and
 * the TCases of test_ctl_format.c and test_ctl_args.c.
 */
#ifndef LOGGER_UNIT_CTL_TEST_H
#define LOGGER_UNIT_CTL_TEST_H

#include <check.h>

#include "../../userland/ctl/ctl.h"

extern const struct ctl_stats ctl_sample_stats;
extern const struct ctl_reader ctl_sample_reader;
extern const struct ctl_config ctl_sample_config;
/* An overflow event: 3000 evicted, 2 readers lost records; levels 7, 6. */
struct nl_msg *ctl_build_overflow(void);

TCase *ctl_format_tcase(void);
TCase *ctl_args_tcase(void);

#endif
