#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make bench`: ratios against peers in this same boot.
set -eu
insmod /logger.ko capacity=16777216
echo "== bench (ratios: /dev/logger against /dev/null, same boot)"
logger-bench single 20000 128
logger-bench batch 64000 128 64
rmmod logger
