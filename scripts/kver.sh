#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kver.sh SERIES: print the newest installed Debian kernel release of SERIES
# (e.g. 6.1 or 6.12) that has both an image in /boot and its headers.
set -eu
series=$1
best=""
for img in /boot/vmlinuz-"$series".*; do
	[ -e "$img" ] || continue
	rel=${img#/boot/vmlinuz-}
	case "$rel" in
	"$series".*) ;;
	*) continue ;;
	esac
	[ -d "/lib/modules/$rel/build" ] || [ -d "/usr/src/linux-headers-$rel" ] || continue
	best=$(printf '%s\n%s\n' "$best" "$rel" | sed '/^$/d' | sort -V | tail -n 1)
done
if [ -z "$best" ]; then
	echo "kver.sh: no kernel $series.x with headers installed (run scripts/install-deps.sh)" >&2
	exit 1
fi
echo "$best"
