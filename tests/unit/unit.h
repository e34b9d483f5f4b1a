/* SPDX-License-Identifier: GPL-2.0 */
/* Host unit tests: one Check runner, one make_*_suite() per file. */
#ifndef LOGGER_UNIT_H
#define LOGGER_UNIT_H

#include <check.h>

Suite *make_logfmt_suite(void);
Suite *make_uapi_suite(void);
Suite *make_levels_suite(void);
Suite *make_ctl_suite(void);
Suite *make_ctl_flow_suite(void);
Suite *make_jsonw_suite(void);
Suite *make_prod_queue_suite(void);
Suite *make_prod_args_suite(void);
Suite *make_cons_spec_suite(void);
Suite *make_cons_record_suite(void);
Suite *make_cons_router_suite(void);
Suite *make_cons_fwd_suite(void);
Suite *make_cons_queue_suite(void);
Suite *make_tools_host_suite(void);

#endif
