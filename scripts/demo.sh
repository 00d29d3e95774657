#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The main job: the thesis experiments E1 (PS DMA), E2 (PL CDMA) and E3
# (shared virtual addressing) on the model of a ZCU102, with the negative
# runs, then the page-table debugger.
set -euo pipefail
BUILD=${1:-build}
vadma=$BUILD/vadma

say() { printf '\n== %s\n$ %s\n' "$1" "${*:2}"; "${@:2}"; }

say "E1: PS DMA copies from VA to VA through explicit SMMU mappings" \
	"$vadma" run e1
say "E2: the same from an AXI CDMA in the PL (stream from HP0 and AXI ID 0)" \
	"$vadma" run e2
say "A DMA to an unmapped VA, terminate: a translation fault, the channel errors" \
	"$vadma" run e1 --fault unmapped
say "The same in stall mode: the handler maps the page and resumes with retry" \
	"$vadma" run e1 --fault unmapped --stall --fix
say "A write to a read-only mapping: a permission fault" \
	"$vadma" run e2 --fault readonly
say "An unmatched stream: a global fault (sGFSR.USF), nothing written" \
	"$vadma" run e1 --fault stream
say "The same DMA with the SMMU bypassed, for comparison" \
	"$vadma" run e1 --bypass
say "The SMMU's state after E1, decoded" \
	"$vadma" dump e1
say "E3: the CDMA copies inside a process's address space; the SMMU walks its tables, faults are served" \
	"$vadma" run e3
say "E3 coherence: after munmap and mprotect, DMA to the old addresses faults (no stale TLB entry)" \
	"$vadma" run e3-coherence
say "E4: remote DMA to a process's VA on another node (2 MPI ranks), translated by that node's SMMU" \
	"$vadma" run e4
scripts/demo-walk.sh "$BUILD"
