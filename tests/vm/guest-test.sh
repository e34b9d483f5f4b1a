#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make check`: the device suite.  Each test loads a fresh
# logger.ko with the parameters it needs and unloads it afterwards.
set -u
echo "== device suite"
cd /tmp || exit 1
LOGGER_KO=/logger.ko CK_DEFAULT_TIMEOUT=60 /bin/logger-devtests
