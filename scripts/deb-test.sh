#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# deb-test.sh DEBDIR VERSION: install logger-dkms and logger-tools on this
# host with dpkg -i, check that DKMS built the module for the installed
# 6.1 and 6.12 kernels and that the tools, man pages, completion and udev
# rule are in place, then purge both and check nothing is left.
set -eu
dir=$1
ver=$2
arch=$(dpkg --print-architecture)
fail() { echo "deb-test: $*" >&2; exit 1; }

echo "== dpkg -i logger-dkms logger-tools"
dpkg -i "$dir/logger-dkms_${ver}_all.deb" "$dir/logger-tools_${ver}_${arch}.deb"
# The postinst builds for the running and the newest kernel; the others
# get it as a kernel upgrade would give it to them.
for s in 6.1 6.12; do
	k=$(scripts/kver.sh "$s")
	dkms status -m logger -v "$ver" -k "$k" | grep -q installed ||
		dkms install -m logger -v "$ver" -k "$k" >/dev/null
done
echo "== dkms status"
dkms status -m logger
for s in 6.1 6.12; do
	k=$(scripts/kver.sh "$s")
	dkms status -m logger -v "$ver" -k "$k" | grep -q "logger/$ver, $k, .*: installed" ||
		fail "module not installed for $k"
	modinfo -k "$k" logger >/dev/null 2>&1 || fail "modinfo -k $k logger"
done
for f in /usr/bin/logger-producer /usr/bin/logger-consumer /usr/bin/loggerctl \
	/usr/share/man/man4/logger.4.gz /usr/share/man/man8/loggerctl.8.gz \
	/usr/share/bash-completion/completions/logger-consumer \
	/lib/udev/rules.d/60-logger.rules /usr/src/logger-$ver/dkms.conf \
	/lib/systemd/system/logger-forward.service /etc/logger/forward.conf; do
	[ -e "$f" ] || fail "$f missing"
done
logger-consumer --version
for u in logger-consumer logger-forward; do
	[ "$(systemctl is-enabled $u.service 2>/dev/null || true)" != enabled ] ||
		fail "$u.service enabled by default"
done

echo "== dpkg --purge"
dpkg --purge logger-tools logger-dkms
[ ! -e /usr/src/logger-$ver ] || fail "/usr/src/logger-$ver left"
[ ! -e /var/lib/dkms/logger ] || fail "/var/lib/dkms/logger left"
left=$(find /lib/modules -name 'logger.ko*' 2>/dev/null)
[ -z "$left" ] || fail "left: $left"
[ ! -e /usr/bin/logger-consumer ] || fail "/usr/bin/logger-consumer left"
[ ! -e /etc/logger ] || fail "/etc/logger left"
echo "deb-test: installed, built for 6.1 and 6.12, purged cleanly"
