#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The plot of "make bench": the timing model's simulated E1 (ZDMA) copy
# bandwidth against transfer size, for 4 KiB pages, 2 MiB blocks and SMMU
# bypass, from the table "vadma bench --plot TABLE" writes.
#   scripts/bench-plot.sh TABLE PNG
# Without gnuplot (Debian: gnuplot-nox, "scripts/deps.sh bench" installs
# it as root) the plot is skipped with a message, and the status is 0.
set -eu
table=$1
png=$2
if ! command -v gnuplot >/dev/null 2>&1; then
	echo "bench-plot: gnuplot not found: $png not made (apt-get install gnuplot-nox, or scripts/deps.sh bench as root)"
	exit 0
fi
gnuplot <<GP
set terminal png size 900,560 noenhanced
set output '$png'
set title 'vadma timing model: E1 (ZDMA) copy through the MMU-500, simulated'
set xlabel 'transfer size (bytes)'
set ylabel 'GB/s at the model clock (533 MHz assumed)'
set logscale x 2
set format x '%.0b%B'
set key bottom right
set grid
plot '$table' using 1:2 with linespoints title '4 KiB pages', \
     '' using 1:3 with linespoints title '2 MiB blocks', \
     '' using 1:4 with linespoints title 'SMMU bypass'
GP
echo "bench-plot: $png"
