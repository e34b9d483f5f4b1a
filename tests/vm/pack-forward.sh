#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# pack-forward.sh ROOT BUILD: add to the initramfs ROOT what the
# forwarding tests (guest-forward.sh) need besides the static binaries:
# Debian's rsyslogd with the modules the tests load, the dynamic
# logger-consumer (RELP comes from Debian's shared librelp, which has no
# usable static form), and every shared library they need (ldd), at the
# paths the dynamic loader looks in.
set -eu
root=$1
B=$2
rsmod=/usr/lib/x86_64-linux-gnu/rsyslog
for f in /usr/sbin/rsyslogd "$B/bin/logger-consumer"; do
	[ -x "$f" ] || { echo "pack-forward: $f missing (scripts/install-deps.sh, make)" >&2; exit 1; }
done
mkdir -p "$root/usr/sbin" "$root/usr/bin" "$root$rsmod" \
	"$root/lib/x86_64-linux-gnu" "$root/lib64" "$root/etc"
cp /usr/sbin/rsyslogd "$root/usr/sbin/"
cp "$B/bin/logger-consumer" "$root/usr/bin/"
elfs="/usr/sbin/rsyslogd $B/bin/logger-consumer"
for m in imtcp imudp imrelp lmnet lmnetstrms lmnsd_ptcp lmtcpsrv; do
	cp "$rsmod/$m.so" "$root$rsmod/"
	elfs="$elfs $rsmod/$m.so"
done
# shellcheck disable=SC2086
ldd $elfs 2>/dev/null | awk '/=> \// { print $3 } /^\t\/lib64\// { print $1 }' |
	sort -u | while read -r lib; do
		case $lib in
		/lib64/*) cp -L "$lib" "$root/lib64/" ;;
		*) cp -L "$lib" "$root/lib/x86_64-linux-gnu/" ;;
		esac
	done
echo "/lib/x86_64-linux-gnu" >"$root/etc/ld.so.conf"
echo "127.0.0.1 localhost" >"$root/etc/hosts"
