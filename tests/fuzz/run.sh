#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Runs the libFuzzer targets of tests/fuzz over their committed corpora.
#
#   run.sh check TARGET...  each for FUZZ_CHECK_TIME seconds (8), new
#                           inputs into a scratch directory; TAP lines
#   run.sh long TARGET...   each for FUZZ_TIME seconds (300), new inputs
#                           and crashes into FUZZ_OUT/TARGET (outside the
#                           repository unless you point it inside)
#
# A target fails when libFuzzer reports a crash, a leak, a timeout or a
# broken invariant (the targets abort with "fuzz invariant: ...").
set -uo pipefail
BUILD=${BUILD:-build}
mode=${1:-check}
shift
here=$(dirname "$0")
# shellcheck source=../lib/tap.sh
. "$here/../lib/tap.sh"

case "$mode" in
check) secs=${FUZZ_CHECK_TIME:-8} ;;
long) secs=${FUZZ_TIME:-300} ;;
*) echo "usage: $0 check|long TARGET..." >&2; exit 2 ;;
esac

for t in "$@"; do
	bin=$BUILD/fuzz/$t
	seeds=$here/corpus/$t
	extra=()
	if [ -f "$here/${t#fuzz_}.dict" ]; then
		extra+=("-dict=$here/${t#fuzz_}.dict")
	fi
	# The command-line target prints what vadma walk prints.
	[ "$t" = fuzz_walk_cli ] && extra+=(-close_fd_mask=3)
	if [ "$mode" = long ]; then
		out=${FUZZ_OUT:-$BUILD/fuzz-corpus}/$t
	else
		out=$tmp/$t
	fi
	mkdir -p "$out"
	log=$tmp/$t.log
	"$bin" -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$out/" "${extra[@]}" "$out" "$seeds" \
		>"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	ncorp=$(find "$seeds" -type f | wc -l)
	nnew=$(find "$out" -maxdepth 1 -type f ! -name 'crash-*' \
		! -name 'leak-*' ! -name 'timeout-*' | wc -l)
	what="$t: ${runs:-?} runs in ${secs} s (${speed:-?}/s), corpus $ncorp committed + $nnew new"
	if [ "$rc" = 0 ] && [ -n "$runs" ]; then
		ok "$what"
	else
		nok "$what (status $rc)"
		grep -E 'fuzz invariant|ERROR|SUMMARY|Test unit written' "$log" |
			head -n 20 | sed 's/^/# /'
	fi
done
