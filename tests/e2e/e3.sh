#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# E3 end to end on the model: "vadma run e3" and "vadma run e3-coherence",
# what they print and return, and the negative demonstration.
set -uo pipefail
VADMA=${1:-build/vadma}
# shellcheck source=../lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

run() {
	local what=$1 want=$2 rc
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		nok "$what (status $rc, want $want)"
		sed 's/^/# /' "$tmp/out" "$tmp/err" | head -40
		return 1
	fi
	return 0
}

has() {
	local what=$1 p
	shift
	for p in "$@"; do
		if ! grep -qF -- "$p" "$tmp/out"; then
			nok "$what (no '$p')"
			sed 's/^/# /' "$tmp/out" | head -60
			return
		fi
	done
	ok "$what"
}

count() { grep -cF -- "$1" "$tmp/out"; }

run "e3 copies in a process, no mapping step" 0 -- "$VADMA" run e3 &&
	has "e3 copies in a process, no mapping step" \
		"with no mapping step" "stream 0xe80 -> context bank 0" \
		"TCR and MAIR as the CPU's, stall on faults" \
		"translation fault at level 3 -> served, retry" \
		"permission fault at level 3 -> served, retry" \
		"access fault at level 3 -> served, retry" \
		"pages made present: 4 fresh (demand-zero), 4 copied from the zero page, 1 swapped in; 4 made dirty" \
		"faults taken (24 served, 0 refused)" \
		"destination: verified" "result: ok"
if [ "$(count "served, retry")" = 24 ]; then
	ok "e3 lists each fault it served"
else
	nok "e3 lists each fault it served ($(count "served, retry") lines)"
fi

run "e3 on the PS DMA" 0 -- "$VADMA" run e3 --engine zdma --size 100001 --json &&
	has "e3 on the PS DMA" '"engine":"zdma"' '"verified":true' \
		'"stream":"0x14e8"' '"faults_refused":0' '"result":"ok"'

run "e3 with 4 MiB" 0 -- "$VADMA" run e3 --size 4194304 --json &&
	has "e3 with 4 MiB" '"verified":true' '"demand_zero":256' \
		'"cow_zero":256' '"swap_ins":1'

run "e3-coherence" 0 -- "$VADMA" run e3-coherence &&
	has "e3-coherence" \
		"1. copy (fills the SMMU TLB): done, verified  [ok]" \
		"2. munmap(destination), then copy to it: refused: translation fault at level 3" \
		"3. mmap(new destination), copy to it: done, verified  [ok]" \
		"4. mprotect(new destination, PROT_READ), copy to it: refused: permission fault at level 3" \
		"nothing written  [ok]" "tlbival ASID 1 VA" \
		"resumed: terminate" "cdma done with an error" "result: ok" \
		"global tlbiallnsnh: 0 TLB entries removed" \
		"VA 0xffffbffe0000: 1 TLB entry removed"
# Global invalidations belong to no context bank.
if grep -q "CB-1" "$tmp/out"; then
	nok "e3-coherence: global invalidations are not shown as CB-1"
else
	ok "e3-coherence: global invalidations are not shown as CB-1"
fi

run "e3-coherence --json" 0 -- "$VADMA" run e3-coherence --json --engine zdma &&
	has "e3-coherence --json" '"experiment":"e3-coherence"' \
		'"refused":true,"intact":true' '"result":"ok"'
if [ "$(grep -o '"ok":true' "$tmp/out" | wc -l)" = 4 ]; then
	ok "e3-coherence: all four steps ok"
else
	nok "e3-coherence: all four steps ok"
fi

# Without the invalidations the SMMU keeps translating what was unmapped:
# the run must catch it and fail.
run "e3-coherence --no-invalidate fails" 1 -- "$VADMA" run e3-coherence --no-invalidate &&
	has "e3-coherence --no-invalidate fails" \
		"the notifier does NOT invalidate" \
		"it wrote memory the process no longer owns (a stale translation)  [WRONG]" \
		"result: FAILED"

run "e3 --trace" 0 -- "$VADMA" run e3 --size 8192 --trace "$tmp/trace.json"
if [ -s "$tmp/trace.json" ] && grep -q '"name":"stall' "$tmp/trace.json" &&
   grep -q '"name":"resume retry' "$tmp/trace.json" &&
   tail -n 1 "$tmp/trace.json" | grep -q '^\]}$'; then
	ok "e3 --trace has the stalls and resumes"
else
	nok "e3 --trace has the stalls and resumes"
fi

run "dump e3" 0 -- "$VADMA" dump e3 &&
	has "dump e3" "SMR0 id=0xe80 mask=0x0" "stall" "TG0=4K" "EPD1"

# The copy with and without the trace: the same answer.
fast=$("$VADMA" run e3 --json --size 77777 2>&1)
slow=$("$VADMA" run e3 --json --size 77777 --trace "$tmp/t.json" 2>&1)
if [ -n "$fast" ] && [ "$fast" = "$slow" ]; then
	ok "e3: the same result with and without the trace"
else
	nok "e3: the same result with and without the trace"
	printf '# fast: %s\n# slow: %s\n' "$fast" "$slow"
fi

for bad in "--size 0" "--size 8388608" "--engine pdma" "--bogus" "extra"; do
	# shellcheck disable=SC2086
	run "e3 $bad is refused" 2 -- "$VADMA" run e3 $bad && ok "e3 $bad is refused"
done
run "e3 --help" 0 -- "$VADMA" run e3 --help && has "e3 --help" "usage: vadma run e3|e3-coherence"

echo "1..$n"
