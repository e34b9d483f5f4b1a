#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# coverage.sh KMOD GCOV_TGZ OUT: line coverage of driver/*.c (not the
# KUnit suites, *_kunit.c) over a debug run.  KMOD is the module's build
# directory (the .gcno files, built with LOGGER_GCOV=1), GCOV_TGZ the .gcda
# files the guest passed back (paths relative to /sys/kernel/debug/gcov,
# i.e. the absolute KMOD path), OUT a directory for the annotated sources
# (*.gcov) and coverage.txt.  Prints one line per file and the total; gcov
# is gcc's, the compiler of the kernel.
set -eu
kmod=$1
tgz=$2
out=$3

if [ ! -s "$tgz" ]; then
	echo "coverage: no gcov data ($tgz)" >&2
	exit 1
fi
rm -rf "$out"
mkdir -p "$out/data"
tar -xzf "$tgz" -C "$out/data"
# The data of KMOD/driver/X.o is at data/KMOD/driver/X.gcda.
gcda_dir=$out/data$kmod/driver
if [ ! -d "$gcda_dir" ]; then
	echo "coverage: no data for $kmod/driver in $tgz" >&2
	exit 1
fi
cp "$gcda_dir"/*.gcda "$kmod/driver/"

cd "$out"
: >summary.txt
for src in "$kmod"/driver/*.c; do
	case "$src" in *_kunit.c) continue ;; esac	# tests, not driver
	obj=${src%.c}
	name=driver/$(basename "$src")
	[ -e "$obj.gcno" ] || continue
	[ -e "$obj.gcda" ] || { echo "$name 0 0" >>summary.txt; continue; }
	# "File '.../driver/x.c'" then "Lines executed:P% of N".
	gcov -o "$kmod/driver" "$src" 2>/dev/null |
		awk -v want="$src" -v name="$name" '
		/^File / { f = $2; gsub(/\047/, "", f); on = (f == want) }
		on && /^Lines executed:/ {
			split($2, a, ":"); pct = a[2]; sub(/%/, "", pct)
			n = $4; printf "%s %d %d\n", name, int(pct * n / 100 + 0.5), n
			on = 0
		}' >>summary.txt
done
awk '{ hit += $2; all += $3
	printf "coverage: %-20s %5d / %5d lines  %5.1f%%\n", $1, $2, $3,
		$3 ? 100 * $2 / $3 : 0 }
	END { printf "coverage: %-20s %5d / %5d lines  %5.1f%%\n", "total", hit, all,
		all ? 100 * hit / all : 0 }' summary.txt | tee coverage.txt
echo "coverage: annotated sources in $out/*.gcov"
