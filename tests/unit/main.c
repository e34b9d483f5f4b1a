// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit test runner.  CK_RUN_SUITE / CK_RUN_CASE select a part.
 */
#include <stdlib.h>

#include "unit.h"

int main(void)
{
	SRunner *sr = srunner_create(make_logfmt_suite());
	int nfailed;

	srunner_add_suite(sr, make_uapi_suite());
	srunner_add_suite(sr, make_levels_suite());
	srunner_add_suite(sr, make_ctl_suite());
	srunner_add_suite(sr, make_ctl_flow_suite());
	srunner_add_suite(sr, make_jsonw_suite());
	srunner_add_suite(sr, make_prod_queue_suite());
	srunner_add_suite(sr, make_prod_args_suite());
	srunner_add_suite(sr, make_cons_spec_suite());
	srunner_add_suite(sr, make_cons_record_suite());
	srunner_add_suite(sr, make_cons_router_suite());
	srunner_add_suite(sr, make_cons_fwd_suite());
	srunner_add_suite(sr, make_cons_queue_suite());
	/*
	 * The tools on the stand-in device: spawned processes, not code of
	 * this runner, so not under TSan (fork() of a TSan process with
	 * threads running is not supported by TSan).
	 */
	if (!getenv("LOGGER_NO_HOST_TOOLS"))
		srunner_add_suite(sr, make_tools_host_suite());
	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed != 0;
}
