// SPDX-License-Identifier: GPL-2.0
/*
 * loggerctl: control and watch the logger module over generic netlink.
 * Everything but main() lives in the other files of this directory (see
 * ctl.h) so that it can be unit-tested.
 */
#include <stdio.h>

#include "ctl.h"

int main(int argc, char **argv)
{
	return ctl_main(argc, argv, stdout, stderr);
}
