#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make demo`: load the module, put records through it.
set -eu
insmod /logger.ko
echo "demo: /dev/logger is $(ls -l /dev/logger)"
echo "<3>disk full" >/dev/logger
echo "<6>hello from the demo" >/dev/logger
echo "demo: cat /dev/logger:"
timeout 2 cat /dev/logger || true
rmmod logger
