#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# logger-producer -w 2 (two writer threads, one fd each) against -w 1 in
# the same boot: seven alternating rounds, records/s of each and their
# ratio (tests/vm/run.sh KVER writers).
set -u
insmod /logger.ko capacity=16777216
i=0
while [ "$i" -lt 7 ]; do
	for w in 1 2; do
		r=$(logger-producer --threads 4 -w "$w" -n 40000 -b 64 -S 128 \
			-l info --json | sed -n 's/.*"records_per_s":\([0-9.]*\).*/\1/p')
		echo "round $i writers $w records_per_s $r"
	done
	i=$((i + 1))
done | tee /tmp/w.txt
awk '/writers 1 / { a = $6 } /writers 2 / { printf "ratio w2/w1 round %s: %.2f\n", $2, $6 / a }' /tmp/w.txt
rmmod logger
