#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run-all.sh MODE SERIES...: run.sh on the newest installed kernel of each
# series; fails when any run fails.
set -eu
mode=$1
shift
here=$(dirname "$0")
failed=""
for s in "$@"; do
	kver=$("$here/../../scripts/kver.sh" "$s")
	"$here/run.sh" "$kver" "$mode" || failed="$failed $s"
done
if [ -n "$failed" ]; then
	echo "vm: FAILED on:$failed"
	exit 1
fi
