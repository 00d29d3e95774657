#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The figures of docs/perf.md, from the timing model: the tables
# (docs/img/perf-*.tsv) and their plots (docs/img/perf-*.png).
#   scripts/perf-study.sh [BUILD]      (after "make"; needs gnuplot)
set -eu
build=${1:-build}
out=docs/img
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$build/vadma" bench --study "$tmp"
"$build/vadma" bench --plot "$tmp/size.tsv" >/dev/null
cp "$tmp/patterns.tsv" "$out/perf-patterns.tsv"
cp "$tmp/tlb-size.tsv" "$out/perf-tlb-size.tsv"
cp "$tmp/walkers.tsv" "$out/perf-walkers.tsv"
cp "$tmp/size.tsv" "$out/perf-size.tsv"
scripts/bench-plot.sh "$out/perf-size.tsv" "$out/perf-size.png"
command -v gnuplot >/dev/null 2>&1 || exit 0

# One bar group per pattern and burst: pages, blocks, bypass.
awk -F'\t' '!/^#/ { k = $1 " " $3 "B"; v[k, $2] = $4; if (!(k in seen)) { seen[k] = 1; order[n++] = k } }
	END { for (i = 0; i < n; i++) { k = order[i]; printf "\"%s\"\t%s\t%s\t%s\n", k,
		v[k, "4KiB-pages"], v[k, "2MiB-blocks"], v[k, "bypass"] } }' \
	"$out/perf-patterns.tsv" >"$tmp/bars.tsv"

gnuplot <<GP
set terminal png size 900,560 noenhanced
set output '$out/perf-patterns.png'
set title 'Reads by a PL master over 16 MiB: access pattern and mapping (timing model)'
set ylabel 'GB/s at 533 MHz (assumed)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set yrange [0:10]
set key top left
set grid ytics
set xtics rotate by -20
plot '$tmp/bars.tsv' using 2:xtic(1) title '4 KiB pages', \
     '' using 3 title '2 MiB blocks', '' using 4 title 'bypass'

set output '$out/perf-tlb-size.png'
set title 'Random reads over 4096 pages of 4 KiB: macro TLB size (micro-TLB 32)'
set style data linespoints
set xlabel 'macro TLB entries (4-way)'
set ylabel 'GB/s at 533 MHz (assumed)'
set y2label 'macro TLB hit rate (%)'
set logscale x 2
set yrange [0:10]
set y2range [0:100]
set y2tics
set xtics norotate
set key bottom right
plot '$out/perf-tlb-size.tsv' using 1:2 title 'GB/s, 64-byte reads', \
     '' using 1:4 title 'GB/s, 256-byte reads', \
     '' using 1:3 axes x1y2 dashtype 2 title 'hit rate (%)'

set output '$out/perf-walkers.png'
set title 'Random 64-byte reads over 4096 pages of 4 KiB: parallel walks per TBU'
set xlabel 'table walks in parallel per TBU'
unset y2label
unset y2tics
plot '$out/perf-walkers.tsv' using 1:2 title 'memory latency 64 cycles', \
     '' using 1:3 title 'memory latency 128 cycles'
GP
echo "perf-study: $out/perf-*.png"
