#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh KVER MODE: build logger.ko for Debian kernel KVER, pack it with
# busybox and the static test binaries into an initramfs, boot KVER under
# qemu (TCG) and judge the run.  MODE is test, demo, bench, forward...: the
# guest runs tests/vm/guest-MODE.sh (forward also packs rsyslogd and the
# dynamic consumer: tests/vm/pack-forward.sh).
#
# A run passes only when qemu exits through isa-debug-exit with the pass
# code, the console shows the end-of-run marker with status 0, and the
# console has no kernel error line (BUG, WARNING, Oops, slab debug reports,
# lockdep, hung tasks).  The console log stays in build/vm/KVER-MODE/.
#
# A kernel built elsewhere (the debug kernel of `make check-debug`): set
# VM_KERNEL to its image and VM_KDIR to its build tree; KVER is then only a
# name for the run.  VM_KBUILD_ARGS are passed to the module's make (e.g.
# LOGGER_GCOV=1), VM_PANIC_ON_WARN=0 lets a run go on after a WARNING or a
# KASAN report so that every report reaches the console.  A guest may pass
# a file back on the console between "LOGGER-BLOB: BEGIN NAME" and
# "LOGGER-BLOB: END NAME" lines (base64); it is saved as
# build/vm/KVER-MODE/blob/NAME.
set -eu

kver=$1
mode=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
B=$top/build
work=$B/vm/$kver-$mode
timeout_s=${VM_TIMEOUT:-600}
mem=${VM_MEM:-1024}
[ "$mode" != forward ] || { mem=${VM_MEM:-2048}; timeout_s=${VM_TIMEOUT:-1800}; }
[ "$mode" != bench ] || mem=${VM_MEM:-2048}

if [ -n "${VM_KDIR:-}" ]; then
	kdir=$VM_KDIR
	kernel=${VM_KERNEL:-$VM_KDIR/arch/x86/boot/bzImage}
else
	kdir=/lib/modules/$kver/build
	[ -d "$kdir" ] || kdir=/usr/src/linux-headers-$kver
	kernel=/boot/vmlinuz-$kver
fi
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
# shellcheck disable=SC2086
if ! make -C "$kdir" M="$kmod" W=1 ${VM_KBUILD_ARGS:-} modules >"$work/kbuild.log" 2>&1; then
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
# KUnit suites, built when the kernel has CONFIG_KUNIT.
if [ -e "$kmod/logger_kunit.ko" ]; then
	cp "$kmod/logger_kunit.ko" "$root/logger_kunit.ko"
fi
# bench: the forwarder rows need rsyslogd too.
case $mode in forward | bench) "$top/tests/vm/pack-forward.sh" "$root" "$B" ;; esac
chmod 755 "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initrd.gz"

# 3. Boot.  TCG only unless VM_ACCEL=kvm is asked for: the /dev/kvm of the
#    build machines accepts a guest and then hangs it.
accel=${VM_ACCEL:-tcg}
log=$work/console.log
echo "vm: booting $kver ($mode, accel=$accel, limit ${timeout_s}s)"
boot() {
	timeout -k 10 "$timeout_s" qemu-system-x86_64 \
		-machine q35 -accel "$accel" -cpu "${VM_CPU:-max}" -smp 2 -m "$mem" ${VM_QEMU_OPTS:-} \
		-nographic -no-reboot -nodefaults -serial stdio \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-kernel "$kernel" -initrd "$work/initrd.gz" \
		-append "console=ttyS0 tsc=reliable panic=-1 slub_debug=FZPU slab_nomerge panic_on_warn=${VM_PANIC_ON_WARN:-1} oops=panic softlockup_panic=1 hung_task_panic=1 loglevel=7 lgmode=$mode ${VM_APPEND:-}" \
		</dev/null >"$log" 2>&1
}
set +e
boot
rc=$?
# A kernel that died while booting, before init ran and before our module
# was loaded (seen once: 6.12 under TCG, an int3 Oops in its own boot-time
# code patching), says nothing about our code: boot once more, say so, and
# keep the first console.  Anything after the guest started is judged.
if ! grep -aq '^LOGGER-VM: BEGIN' "$log" && ! grep -aq 'logger: ' "$log"; then
	cp "$log" "$log.first-boot"
	echo "vm: the kernel died before init ran (console kept in $log.first-boot); booting again"
	boot
	rc=$?
fi
set -e

# 4. Judge.
bad='BUG[: ]|WARNING:|Oops|Poison|Redzone|corruption|scheduling while atomic|lockdep|possible circular locking|possible recursive locking|blocked for more than|Objects remaining|Kernel panic|general protection|Call Trace'
bad="$bad|KASAN|UBSAN|KFENCE:|unreferenced object|possible deadlock|inconsistent lock state|sleeping function called from invalid context|suspicious RCU usage|ODEBUG:"
fail=""
[ "$rc" -eq 33 ] || fail="qemu exit status $rc (33 = pass)"
grep -q "^LOGGER-VM: END mode=$mode status=0" "$log" ||
	fail="${fail:+$fail; }no end marker with status 0"
# Lines that match but report nothing: the debug kernel's boot banner.
benign='RCU lockdep checking is enabled'
if grep -aEn "$bad" "$log" | grep -v -E "$benign" >"$work/bad-lines.txt"; then
	fail="${fail:+$fail; }kernel error lines on the console"
fi

# Files the guest passed back on the console.
rm -rf "$work/blob"
mkdir -p "$work/blob"
tr -d '\r' <"$log" | awk -v dir="$work/blob" '
/^LOGGER-BLOB: BEGIN / { name = $3; f = dir "/" name ".b64"; printf "" > f; next }
/^LOGGER-BLOB: END / { close(f); name = ""; next }
name != "" && /^[A-Za-z0-9+\/=]+$/ { print >> f }'
for b in "$work"/blob/*.b64; do
	[ -e "$b" ] || continue
	base64 -d "$b" >"${b%.b64}" && rm -f "$b"
done

# Show what the guest said (its summaries), then the verdict.
tr -d '\r' <"$log" | awk '/^LOGGER-VM: BEGIN/ { on = 1 } /^LOGGER-BLOB: BEGIN/ { blob = 1 } on && !blob && !/^\[ *[0-9]+\.[0-9]+\]/ { print } /^LOGGER-BLOB: END/ { blob = 0 } /^LOGGER-VM: END/ { on = 0 }'
if [ -n "$fail" ]; then
	echo "---- console tail ($log) ----"
	tr -d '\r' <"$log" | awk '/^LOGGER-BLOB: BEGIN/ { blob = 1 } !blob { print } /^LOGGER-BLOB: END/ { blob = 0 }' | tail -n 80
	if [ -s "$work/bad-lines.txt" ]; then
		echo "---- kernel error lines ----"
		head -n 20 "$work/bad-lines.txt"
	fi
	# Last, so that a log cut to its tail still names what failed:
	# Check's failures and errors, and the tools' own verdicts.
	echo "---- failed checks ----"
	tr -d '\r' <"$log" | grep -aE ':[FE]:|^[0-9]+%: Checks:|^logger-(stress|fuzz|faultinj):.*(FAIL|fail|violat|broke|error)' |
		grep -av 'failed as allowed' | tail -n 30 || true
	echo "vm: $kver $mode FAILED: $fail"
	exit 1
fi
echo "vm: $kver $mode passed (console clean)"
