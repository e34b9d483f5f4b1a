/* SPDX-License-Identifier: GPL-2.0 */
/* Host unit tests: one Check runner, one make_*_suite() per file. */
#ifndef LOGGER_UNIT_H
#define LOGGER_UNIT_H

#include <check.h>

Suite *make_logfmt_suite(void);
Suite *make_uapi_suite(void);
Suite *make_levels_suite(void);

#endif
