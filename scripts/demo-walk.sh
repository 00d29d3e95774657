#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The main job until the DMA model lands: build stage-1 tables with the
# pgtable library ("vadma mkpt"), then translate addresses through them the
# way a person debugging a DMA fault would ("vadma walk").
set -euo pipefail
BUILD=${1:-build}
vadma=$BUILD/vadma
img=$BUILD/demo-tables.bin

say() { printf '\n\033[1m%s\033[0m\n' "$*" 2>/dev/null || printf '\n%s\n' "$*"; }
[ -t 1 ] || say() { printf '\n%s\n' "$*"; }

say "1. Build tables: a 4 MiB buffer as 2 MiB blocks, 20 KiB of pages, an old page, a user page at the top"
set -x
regs=$("$vadma" mkpt --out "$img" --base 0x80000000 --granule 4k --ias 48 --oas 40 --dump \
	0x40000000=0x90000000+0x400000:rw \
	0x40400000=0x90401000+0x5000:ru \
	0x40405000=0x90405000+0x1000:rwo \
	0x7ffffffff000=0xfff000+0x1000:rwug)
{ set +x; } 2>/dev/null
echo "registers: $regs"

say "2. Translate: each line is what the SMMU (or the CPU) would do"
set -x
# shellcheck disable=SC2086
"$vadma" walk --mem "$img@0x80000000" $regs \
	0x40000000 0x40123456:w 0x40400010:ur 0x40400000:uw 0x40405000 \
	0x40406000 0x7fffffffffff:uw 0xffff800000000000
{ set +x; } 2>/dev/null

say "3. The same as JSON lines"
set -x
# shellcheck disable=SC2086
"$vadma" walk --json --mem "$img@0x80000000" $regs 0x40000000 0x40406000:uw
{ set +x; } 2>/dev/null
