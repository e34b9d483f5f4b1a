#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# debug-kernel.sh: build, once, the debug kernel of `make check-debug` and
# print its build directory (the tree to build modules against with M=;
# the image is arch/x86/boot/bzImage in it).
#
# Debian's linux-source 6.1 (/usr/src/linux-source-6.1.tar.xz), configured
# as `make allnoconfig` + tests/debug-kernel/logger-debug.config, built
# with the system gcc.  The result is cached outside the repository, in
# $LOGGER_DEBUG_KERNEL_CACHE (default /var/cache/logger-debug-kernel), under
# a key hashed from the config fragment, the linux-source package version,
# the compiler version and this script's recipe version: a new fragment or
# a new linux-source package builds a new kernel, anything else reuses it.
# Concurrent callers wait for one build (flock).  Progress goes to stderr,
# the full build log to <cache>/<key>.log.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
frag=$top/tests/debug-kernel/logger-debug.config
tarball=/usr/src/linux-source-6.1.tar.xz
cache=${LOGGER_DEBUG_KERNEL_CACHE:-/var/cache/logger-debug-kernel}
jobs=${DEBUG_KERNEL_JOBS:-2}
# Bump when the way the tree is built changes.
recipe=1

say() { echo "debug-kernel: $*" >&2; }

if [ ! -r "$tarball" ]; then
	say "$tarball missing (scripts/install-deps.sh debug installs linux-source)"
	exit 1
fi
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || echo unknown)
ccver=$(${CC:-gcc} --version | head -n 1)
key=$( { cat "$frag"; echo "linux-source-6.1 $srcver"; echo "$ccver";
	 echo "recipe $recipe"; } | sha256sum | cut -c1-16)
dir=$cache/$key
kdir=$dir/linux-source-6.1

if [ -e "$dir/done" ]; then
	echo "$kdir"
	exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [ -e "$dir/done" ]; then	# built by whoever held the lock
	echo "$kdir"
	exit 0
fi

log=$cache/$key.log
tmp=$cache/$key.tmp
rm -rf "$tmp" "$dir"
mkdir -p "$tmp"
start=$(date +%s)
say "building linux-source $srcver with $(basename "$frag") (key $key, -j$jobs, load $(cut -d' ' -f1-3 /proc/loadavg))"
say "log: $log"
: >"$log"
tar -xJf "$tarball" -C "$tmp"
src=$tmp/linux-source-6.1

run() {
	if ! "$@" >>"$log" 2>&1; then
		tail -n 40 "$log" >&2
		say "failed: $*"
		exit 1
	fi
}

run make -C "$src" allnoconfig KCONFIG_ALLCONFIG="$frag"

# Every option of the fragment must have survived Kconfig (a typo or an
# unmet dependency would silently drop it).
lost=""
for opt in $(sed -n 's/^\(CONFIG_[A-Za-z0-9_]*\)=.*/\1/p' "$frag"); do
	want=$(grep "^$opt=" "$frag")
	grep -qx "$want" "$src/.config" || lost="$lost $want"
done
if [ -n "$lost" ]; then
	say "options not in the resulting .config:$lost"
	exit 1
fi

run make -C "$src" -j"$jobs" bzImage modules
rm -rf "$tmp/linux-source-6.1/Documentation"
mv "$tmp" "$dir"
touch "$dir/done"
# One tree is about 2 GB: drop the ones of older keys.
for old in "$cache"/*; do
	[ -d "$old" ] && [ "$old" != "$dir" ] || continue
	say "removing the tree of an older key: $old"
	rm -rf "$old" "$old.log"
done
end=$(date +%s)
say "built in $((end - start)) s (load now $(cut -d' ' -f1-3 /proc/loadavg))"
echo "$kdir"
