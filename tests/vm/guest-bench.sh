#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make bench`: every figure is a ratio against a peer
# measured in this same boot (alternating rounds, median of the ratios).
set -eu
echo "== bench (ratios against peers in the same boot)"
insmod /logger.ko capacity=16777216
logger-bench single 30000 128
logger-bench batch 64000 128 64
logger-bench producer 128000 128 64
logger-bench idle 20000 128 1000
rmmod logger
# Draining a store that holds everything: read() against the mapping.
insmod /logger.ko capacity=33554432
logger-bench drain 50000 128 1
logger-bench drain 20000 128 8
rmmod logger
insmod /logger.ko capacity=16777216
logger-bench mapwriter 20000 128 8
rmmod logger
# A 64 KiB store overflows at once: every write evicts.
insmod /logger.ko capacity=65536 event_interval_ms=100
logger-bench watch 30000 128
rmmod logger
