#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kver.sh SERIES: print the newest installed Debian kernel release of SERIES
# that has both an image in /boot and its headers.  SERIES is a version
# (6.1, 6.12: the standard flavour, never PREEMPT_RT) or a version with
# -rt (6.1-rt: Debian's PREEMPT_RT flavour, e.g. 6.1.0-57-rt-amd64).
set -eu
series=$1
case "$series" in
*-rt) base=${series%-rt} rt=1 ;;
*) base=$series rt=0 ;;
esac
best=""
for img in /boot/vmlinuz-"$base".*; do
	[ -e "$img" ] || continue
	rel=${img#/boot/vmlinuz-}
	case "$rel" in
	"$base".*) ;;
	*) continue ;;
	esac
	case "$rel" in
	*-rt-*) [ "$rt" = 1 ] || continue ;;
	*) [ "$rt" = 0 ] || continue ;;
	esac
	[ -d "/lib/modules/$rel/build" ] || [ -d "/usr/src/linux-headers-$rel" ] || continue
	best=$(printf '%s\n%s\n' "$best" "$rel" | sed '/^$/d' | sort -V | tail -n 1)
done
if [ -z "$best" ]; then
	echo "kver.sh: no kernel $series ($base.x) with headers installed (run scripts/install-deps.sh)" >&2
	exit 1
fi
echo "$best"
