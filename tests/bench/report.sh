#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# report.sh VMDIR OUTDIR: turn the CSVs a `make bench` boot passed back
# (VMDIR/blob/bench.csv, bench-jobs.csv; VMDIR/console.log) into OUTDIR/:
#   bench.csv, bench-jobs.csv  as measured
#   bench.txt                  the guest's text table
#   bench.md                   the rows as a Markdown table (README)
#   bench.png                  records/s against writers and readers
#                              (gnuplot, tests/bench/chart.gp)
set -eu
vm=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
for f in bench.csv bench-jobs.csv; do
	if [ ! -s "$vm/blob/$f" ]; then
		echo "report: $vm/blob/$f missing: did the bench boot finish?" >&2
		exit 1
	fi
	cp "$vm/blob/$f" "$out/$f"
done
kernel=$(tr -d '\r' <"$vm/console.log" |
	sed -n 's/^LOGGER-VM: BEGIN mode=[a-z]* kernel=//p' | head -n 1)
day=$(date -u -r "$vm/console.log" +%Y-%m-%d)
ended=$(date -u -r "$vm/console.log" "+%Y-%m-%d %H:%M UTC")
tr -d '\r' <"$vm/console.log" | grep -a '^bench ' >"$out/bench.txt" || true

# Markdown: one line per row.  Fields 4 and 6 are quoted and may hold
# commas: split by hand (mawk has no FPAT).
{
	echo "Measured in one boot ended $ended, kernel $kernel (\`make bench\`)."
	echo
	echo "| set | size | what | peer | ratio (quartiles) | target | met |"
	echo "| --- | ---: | --- | --- | --- | --- | --- |"
	tail -n +2 "$out/bench.csv" | awk '{
		n = 0; f = ""; q = 0;
		for (i = 1; i <= length($0); i++) {
			c = substr($0, i, 1);
			if (c == "\"") q = !q;
			else if (c == "," && !q) { v[++n] = f; f = "" }
			else f = f c;
		}
		v[++n] = f;
		t = v[12] + 0 > 0 ? sprintf("≥ %s", v[12] + 0) : "";
		printf "| %s | %s B | %s | %s | %.2f (%.2f–%.2f) | %s | %s |\n",
			v[1], v[2], v[4], v[6], v[9], v[10], v[11], t, v[13] }'
} >"$out/bench.md"

# Chart data: records/s of the writer(s) against writers, and against
# readers following (read(), mapping), per record size.
awk -F, -v dir="$out" 'NR > 1 {
	if ($1 == "writers" && $3 ~ /^w[0-9]/)
		print $4, $8 > (dir "/chart-writers-" $2 ".dat");
	if ($1 == "readers" && $3 ~ /^r[0-9]/)
		print $5, $8 > (dir "/chart-read-" $2 ".dat");
	if ($1 == "readers" && $3 ~ /^m[0-9]/)
		print $5, $8 > (dir "/chart-map-" $2 ".dat");
}' "$out/bench-jobs.csv"
if ! ls "$out"/chart-*.dat >/dev/null 2>&1; then
	echo "report: no writers or readers set in this run: no chart" >&2
elif command -v gnuplot >/dev/null; then
	gnuplot -e "dir='$out'; subtitle='$day, $kernel, TCG, 2 vCPUs'" \
		"$here/chart.gp"
else
	echo "report: gnuplot missing (scripts/install-deps.sh): no chart" >&2
fi
rm -f "$out"/chart-*.dat
echo "report: $out/bench.txt, bench.csv, bench.md, bench.png"
