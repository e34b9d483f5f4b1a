// SPDX-License-Identifier: GPL-2.0
/*
 * The device suite's runner: one Check runner, one make_*_suite() per file.
 * CK_RUN_SUITE / CK_RUN_CASE select a part, as usual with Check.
 *
 * CHECK_TRUST=0 leaves out the "sequences" suite (cursor moves, then
 * eviction and block reuse; wake-ups; huge writev and SIGKILL), which the
 * store before its rewrite fails; unset or any other value runs it.
 */
#include <stdlib.h>
#include <string.h>

#include "devtest.h"

int main(void)
{
	SRunner *sr = srunner_create(make_write_suite());
	int nfailed;

	srunner_add_suite(sr, make_read_suite());
	srunner_add_suite(sr, make_view_suite());
	srunner_add_suite(sr, make_overflow_suite());
	srunner_add_suite(sr, make_control_suite());
	srunner_add_suite(sr, make_netlink_suite());
	srunner_add_suite(sr, make_trust_suite());
	srunner_add_suite(sr, make_mmap_suite());
	srunner_add_suite(sr, make_flow_suite());
	srunner_add_suite(sr, make_mmap_flow_suite());
	srunner_add_suite(sr, make_tools_suite());
	srunner_add_suite(sr, make_consumer_flow_suite());
	srunner_add_suite(sr, make_consumer_mmap_suite());
	srunner_add_suite(sr, make_ctl_flow_suite());
	srunner_add_suite(sr, make_lifecycle_suite());
	if (!getenv("CHECK_TRUST") || strcmp(getenv("CHECK_TRUST"), "0"))
		srunner_add_suite(sr, make_sequences_suite());
	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed != 0;
}
