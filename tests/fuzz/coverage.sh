#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Line coverage of the committed corpora (make fuzz-cov): each target,
# built with clang's source-based coverage and no sanitizers, runs over
# its corpus once (-runs=0); llvm-cov reports the lines of the model, the
# walkers and the decoders that the corpora reach, all targets together.
set -euo pipefail
BUILD=${BUILD:-build}
here=$(dirname "$0")
out=$BUILD/fuzz-cov
rm -f "$out"/*.profraw
for t in "$@"; do
	LLVM_PROFILE_FILE="$out/$t.profraw" "$out/$t" -runs=0 \
		-close_fd_mask=3 "$here/corpus/$t" >/dev/null 2>&1
done
llvm-profdata merge -o "$out/all.profdata" "$out"/*.profraw
objs=()
for t in "$@"; do
	[ ${#objs[@]} = 0 ] && objs+=("$out/$t") || objs+=(-object "$out/$t")
done
# shellcheck disable=SC2046
llvm-cov report -instr-profile="$out/all.profdata" "${objs[@]}" \
	model/*.c pgtable/walk.c unimem/unimem.c cli/walk.c kmod/args.c
