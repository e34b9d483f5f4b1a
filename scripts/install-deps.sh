#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install, with apt-get, only the Debian packages the build and the tests
# need and that are missing.  A quick no-op when everything is there.
# `install-deps.sh debug` adds what building the debug kernel of
# `make check-debug` takes (scripts/debug-kernel.sh).
set -eu

pkgs="make gcc libc6-dev qemu-system-x86 linux-image-amd64 linux-headers-amd64
linux-image-6.12-amd64 linux-headers-6.12-amd64 linux-image-rt-amd64
linux-headers-rt-amd64 busybox-static cpio gzip
libnl-3-dev libnl-genl-3-dev check libsubunit-dev pkgconf sparse dwarves
linux-source xz-utils perl
mandoc dkms dh-dkms openssl debhelper dpkg-dev fakeroot lintian gnuplot-nox
librelp-dev rsyslog rsyslog-relp"
if [ "${1:-}" = debug ]; then
	pkgs="$pkgs bc bison flex libelf-dev libssl-dev"
fi

missing=""
for p in $pkgs; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = "installed" ] || missing="$missing $p"
done

if [ -z "$missing" ]; then
	exit 0
fi

echo "install-deps: installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
