#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh KVER MODE: build logger.ko for Debian kernel KVER, pack it with
# busybox and the static test binaries into an initramfs, boot KVER under
# qemu (TCG) and judge the run.  MODE is test, demo or bench: the guest runs
# tests/vm/guest-MODE.sh.
#
# A run passes only when qemu exits through isa-debug-exit with the pass
# code, the console shows the end-of-run marker with status 0, and the
# console has no kernel error line (BUG, WARNING, Oops, slab debug reports,
# lockdep, hung tasks).  The console log stays in build/vm/KVER-MODE/.
set -eu

kver=$1
mode=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
B=$top/build
work=$B/vm/$kver-$mode
timeout_s=${VM_TIMEOUT:-600}
mem=${VM_MEM:-1024}

kdir=/lib/modules/$kver/build
[ -d "$kdir" ] || kdir=/usr/src/linux-headers-$kver
kernel=/boot/vmlinuz-$kver
for f in "$kdir" "$kernel"; do
	if [ ! -e "$f" ]; then
		echo "vm: $f missing (run scripts/install-deps.sh)" >&2
		exit 1
	fi
done

mkdir -p "$work"

# 1. The module, built in a copy of the sources so each kernel has its own
#    objects.
kmod=$B/kmod/$kver
mkdir -p "$kmod"
cp -r -u --preserve=timestamps "$top/Kbuild" "$top/driver" "$top/uapi" "$kmod/"
if ! make -C "$kdir" M="$kmod" W=1 modules >"$work/kbuild.log" 2>&1; then
	tail -n 40 "$work/kbuild.log"
	echo "vm: building logger.ko for $kver failed" >&2
	exit 1
fi

# 2. The initramfs.
root=$work/root
rm -rf "$root"
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/tmp" \
	"$root/tests"
cp /bin/busybox "$root/bin/busybox"
cp "$top/tests/vm/init" "$root/init"
cp "$top"/tests/vm/guest-*.sh "$root/tests/"
cp "$B"/static/* "$root/bin/"
cp "$kmod/logger.ko" "$root/logger.ko"
chmod 755 "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initrd.gz"

# 3. Boot.  TCG only unless VM_ACCEL=kvm is asked for: the /dev/kvm of the
#    build machines accepts a guest and then hangs it.
accel=${VM_ACCEL:-tcg}
log=$work/console.log
echo "vm: booting $kver ($mode, accel=$accel, limit ${timeout_s}s)"
set +e
timeout -k 10 "$timeout_s" qemu-system-x86_64 \
	-machine q35 -accel "$accel" -cpu "${VM_CPU:-max}" -smp 2 -m "$mem" ${VM_QEMU_OPTS:-} \
	-nographic -no-reboot -nodefaults -serial stdio \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$kernel" -initrd "$work/initrd.gz" \
	-append "console=ttyS0 tsc=reliable panic=-1 slub_debug=FZPU slab_nomerge panic_on_warn=1 oops=panic softlockup_panic=1 hung_task_panic=1 loglevel=7 lgmode=$mode ${VM_APPEND:-}" \
	</dev/null >"$log" 2>&1
rc=$?
set -e

# 4. Judge.
bad='BUG[: ]|WARNING:|Oops|Poison|Redzone|corruption|scheduling while atomic|lockdep|possible circular locking|possible recursive locking|blocked for more than|Objects remaining|Kernel panic|general protection|Call Trace'
fail=""
[ "$rc" -eq 33 ] || fail="qemu exit status $rc (33 = pass)"
grep -q "^LOGGER-VM: END mode=$mode status=0" "$log" ||
	fail="${fail:+$fail; }no end marker with status 0"
if grep -aEn "$bad" "$log" >"$work/bad-lines.txt"; then
	fail="${fail:+$fail; }kernel error lines on the console"
fi

# Show what the guest said (its summaries), then the verdict.
tr -d '\r' <"$log" | awk '/^LOGGER-VM: BEGIN/ { on = 1 } on && !/^\[ *[0-9]+\.[0-9]+\]/ { print } /^LOGGER-VM: END/ { on = 0 }'
if [ -n "$fail" ]; then
	echo "---- console tail ($log) ----"
	tail -n 80 "$log"
	if [ -s "$work/bad-lines.txt" ]; then
		echo "---- kernel error lines ----"
		head -n 20 "$work/bad-lines.txt"
	fi
	echo "vm: $kver $mode FAILED: $fail"
	exit 1
fi
echo "vm: $kver $mode passed (console clean)"
