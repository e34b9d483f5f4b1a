# SPDX-License-Identifier: GPL-2.0
#
# The chart of `make bench` (tests/bench/report.sh): records/s against the
# number of writers, and a writer's records/s against the number of
# readers following it, 128-byte and 1 KiB records.  Needs dir (the
# output directory, with report.sh's chart-*.dat) and subtitle.
set terminal pngcairo size 1200,480 font ",10"
set output dir . "/bench.png"
set multiplot layout 1,2 title "/dev/logger throughput (make bench; " . subtitle . ")"
set logscale x 2
set grid
set key bottom left
set ylabel "records/s"
set format y "%.0s%c"
set yrange [0:*]

set title "writers (one fd each), no reader"
set xlabel "writers"
set xrange [0.8:10]
set xtics (1, 2, 4, 8)
plot dir . "/chart-writers-128.dat" using 1:2 with linespoints title "128 B", \
     dir . "/chart-writers-1024.dat" using 1:2 with linespoints title "1 KiB"

set title "one writer, readers following (drain, nap 10 ms)"
set xlabel "readers"
set xrange [0.8:80]
set xtics (1, 8, 64)
plot dir . "/chart-read-128.dat" using 1:2 with linespoints title "read(), 128 B", \
     dir . "/chart-map-128.dat" using 1:2 with linespoints title "mapping, 128 B", \
     dir . "/chart-read-1024.dat" using 1:2 with linespoints title "read(), 1 KiB", \
     dir . "/chart-map-1024.dat" using 1:2 with linespoints title "mapping, 1 KiB"
unset multiplot
