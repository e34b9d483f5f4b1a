#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# summary.sh LOG...: add up the Check summaries ("NN%: Checks: N,
# Failures: F, Errors: E") and the forwarding tests' "forward: N passed,
# N failed" of the given logs into one closing line.
set -eu
awk '
/^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+/ {
	gsub(/,/, "")
	runs++; checks += $3; failed += $5 + $7
}
/^forward: [0-9]+ passed, [0-9]+ failed/ {
	sub(/\r$/, "")
	runs++; checks += $2 + $4; failed += $4
}
END {
	if (runs == 0) { print "check: no test summary found"; exit 1 }
	printf "check: %d test runs\n", runs
	printf "check: %d passed, %d failed\n", checks - failed, failed
	exit failed != 0
}' "$@"
