#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Conformance of pgtable's walker and of "vadma walk" against an
# implementation nobody here wrote: QEMU's ARMv8 CPU executing AT S1E1R,
# S1E1W, S1E0R and S1E0W over the same tables (see gen-probes.c).
# SEED picks another random set of tables and probes.
set -euo pipefail
BUILD=${BUILD:-build}
SEED=${SEED:-1}
dir=$BUILD/qemu
gen=$dir/gen-probes
vadma=$BUILD/vadma

"$gen" gen "$dir/probes.img" "$dir/walkcmds.txt" "$SEED" | sed 's/^/# /'
start=$(date +%s%N)
tests/qemu/run-guest.sh "$dir/probes.img" "$dir/guest.elf" "$dir/serial.txt"
echo "# QEMU run: $(( ($(date +%s%N) - start) / 1000000 )) ms; $(head -n1 "$dir/serial.txt")"

: > "$dir/walk.out"
while IFS= read -r args; do
	# shellcheck disable=SC2086
	"$vadma" walk --mem "$dir/probes.img@0x48000000" $args >> "$dir/walk.out"
done < "$dir/walkcmds.txt"

# QEMU before 8.1 accepts block descriptors at levels that allow none.
ver=$(${QEMU:-qemu-system-aarch64} --version | sed -n 's/.*version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
old=
if [ -n "$ver" ] && [ "${ver% *}" -lt 8 ] || { [ "${ver% *}" = 8 ] && [ "${ver#* }" -lt 1 ]; }; then
	old=--qemu-before-8.1
fi
"$gen" check "$dir/probes.img" "$dir/serial.txt" "$dir/walk.out" $old
