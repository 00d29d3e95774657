#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# E1 and E2 end to end on the model, through the drivers, with the negative
# runs a person needs: what each prints and returns is checked.
set -uo pipefail
VADMA=${1:-build/vadma}
# shellcheck source=../lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

# expect DESCRIPTION STATUS -- COMMAND... ; then fields with has/lacks
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

# has DESCRIPTION PATTERN... : every fixed string is in the last output
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

for e in e1 e2; do
	if [ $e = e1 ]; then sid=0x14e8; dev=zdma0; else sid=0xe80; dev=cdma; fi

	run "$e copies VA to VA" 0 -- "$VADMA" run $e &&
		has "$e copies VA to VA" "stream $sid -> context bank 0" \
			"TLB miss, walk L0 L1 L2 L3" "TLB hit" \
			"destination: verified" "result: ok" "$dev done"

	run "$e --json" 0 -- "$VADMA" run $e --json --size 12345 &&
		has "$e --json" '"verified":true' '"copied":true' \
			"\"stream\":\"$sid\"" '"faults":0' '"size":12345'

	run "$e with 64K pages" 0 -- "$VADMA" run $e --granule 64k --size 200000 &&
		has "$e with 64K pages" "(64 KiB pages)" "TLB miss, walk L1 L2 L3" \
			"destination: verified"

	run "$e 1 MiB" 0 -- "$VADMA" run $e --json --size 1048576 &&
		has "$e 1 MiB" '"verified":true' '"dma_bytes":2097152'

	run "$e to an unmapped VA, terminate" 0 -- "$VADMA" run $e --json --fault unmapped &&
		has "$e to an unmapped VA, terminate" '"type":"translation"' \
			'"level":3' '"far":"0x4567800f000"' '"write":true' \
			"\"stream\":\"$sid\"" '"stalled":false' '"verified":false' \
			'"error":true'

	run "$e to an unmapped VA, stall then terminate" 0 -- \
		"$VADMA" run $e --json --fault unmapped --stall &&
		has "$e to an unmapped VA, stall then terminate" \
			'"type":"translation"' '"far":"0x4567800f000"' \
			'"stalled":true' '"resumed_terminate":1' '"resumed_retry":0' \
			'"error":true'

	run "$e stall, map the page, retry" 0 -- \
		"$VADMA" run $e --fault unmapped --stall --fix &&
		has "$e stall, map the page, retry" "stalled at VA 0x4567800f000" \
			"resumed: retry" "destination: verified"

	run "$e write to a read-only mapping" 0 -- "$VADMA" run $e --json --fault readonly &&
		has "$e write to a read-only mapping" '"type":"permission"' \
			'"far":"0x45678000000"' '"write":true' '"error":true'

	run "$e unmatched stream" 0 -- "$VADMA" run $e --fault stream &&
		has "$e unmatched stream" "global fault: unidentified stream (USF), stream $sid" \
			"untouched (no byte written)"

	run "$e bypassed" 0 -- "$VADMA" run $e --bypass &&
		has "$e bypassed" "bypasses the SMMU" "bypass  read" "destination: verified"

	run "$e --trace" 0 -- "$VADMA" run $e --size 8192 --trace "$tmp/trace.json"
	if [ -s "$tmp/trace.json" ] && head -c 40 "$tmp/trace.json" | grep -q traceEvents &&
	   tail -n 1 "$tmp/trace.json" | grep -q '^\]}$' &&
	   grep -q '"ph":"B"' "$tmp/trace.json" && grep -q '"ph":"E"' "$tmp/trace.json" &&
	   grep -q '"name":"translate' "$tmp/trace.json" &&
	   grep -q '"name":"thread_name"' "$tmp/trace.json"; then
		ok "$e --trace writes Chrome trace JSON"
	else
		nok "$e --trace writes Chrome trace JSON"
	fi

	run "dump $e" 0 -- "$VADMA" dump $e --fault readonly &&
		has "dump $e" "SMMUv2 r2p1: 48 SMRs, 16 context banks" \
			"SMR0 id=$sid mask=0x0" "translate cb=0" "CB0 " " M " \
			"TG0=4K" "USFCFG"
done

# Without a trace both engines move the bursts of a page at once when the
# SMMU would answer every burst the same; what the run reports (bytes, TLB
# hits and misses, faults, stalls, model time) must be what the
# burst-by-burst path gives.  Sizes: odd, across 2 MiB blocks, one byte.
for e in e1 e2; do
	for s in 100003 4200001 1; do
		for f in "" "--fault unmapped" "--fault unmapped --stall" \
			"--fault unmapped --stall --fix" "--fault readonly" \
			"--fault readonly --stall" "--fault stream" "--bypass" \
			"--granule 64k"; do
			# shellcheck disable=SC2086
			fast=$("$VADMA" run $e --json --size $s $f 2>&1)
			# shellcheck disable=SC2086
			slow=$("$VADMA" run $e --json --size $s $f --trace "$tmp/t.json" 2>&1)
			if [ -n "$fast" ] && [ "$fast" = "$slow" ]; then
				ok "$e --size $s $f: the same result with and without the trace"
			else
				nok "$e --size $s $f: the same result with and without the trace"
				printf '# fast: %s\n# slow: %s\n' "$fast" "$slow"
			fi
		done
	done
done

# The timing model (--timing) only watches: the same result with it as
# without (its own "timing" object aside), on good and faulting runs.
field() { grep -o "\"$1\":[0-9.]*" "$tmp/out" | head -1 | cut -d: -f2; }
for e in e1 e2; do
	for f in "" "--fault unmapped" "--fault unmapped --stall --fix" \
		"--fault readonly --stall" "--fault stream" "--bypass" \
		"--granule 64k" "--leaf pages --size 3000000" \
		"--leaf blocks --size 3000000"; do
		# shellcheck disable=SC2086
		plain=$("$VADMA" run $e --json --size 100003 $f 2>&1)
		# shellcheck disable=SC2086
		timed=$("$VADMA" run $e --json --size 100003 $f --timing 2>&1 |
			sed 's/"timing":{[^}]*},//')
		if [ -n "$plain" ] && [ "$plain" = "$timed" ]; then
			ok "$e $f: the same result with and without --timing"
		else
			nok "$e $f: the same result with and without --timing"
			printf '# plain: %s\n# timed: %s\n' "$plain" "$timed"
		fi
	done

	run "$e --timing" 0 -- "$VADMA" run $e --timing --size 1048576 &&
		has "$e --timing" "timing: " "bytes/cycle" "GB/s at 533 MHz" \
			"micro-TLB" "macro TLB" "walk cache" "result: ok"

	# Hit rates: pages < blocks; bypass looks nothing up; a micro-TLB
	# of one entry misses on every transaction of a copy (the read and
	# the write alternate pages), one of 512 entries on 1 in 16.
	run "$e --timing pages" 0 -- "$VADMA" run $e --json --timing --leaf pages --size 2097152 &&
		pages=$(field utlb_hit_rate) && pwalks=$(field walks)
	run "$e --timing blocks" 0 -- "$VADMA" run $e --json --timing --leaf blocks --size 2097152 &&
		blocks=$(field utlb_hit_rate) && bwalks=$(field walks)
	if awk -v p="$pages" -v b="$blocks" 'BEGIN { exit !(p > 0.9 && b > p) }' &&
		[ "$pwalks" -gt 100 ] && [ "$bwalks" -le 4 ]; then
		ok "$e --timing: 2 MiB blocks hit the micro-TLB more than 4 KiB pages ($blocks > $pages)"
	else
		nok "$e --timing: 2 MiB blocks hit the micro-TLB more than 4 KiB pages ($blocks > $pages, walks $bwalks, $pwalks)"
	fi
	run "$e --timing --bypass" 0 -- "$VADMA" run $e --json --timing --bypass --size 2097152 &&
		has "$e --timing --bypass: nothing looked up" '"utlb_lookups":0' '"walks":0'
	run "$e --timing --utlb 1" 0 -- "$VADMA" run $e --json --timing --utlb 1 --size 65536 &&
		one=$(field utlb_hit_rate)
	run "$e --timing --utlb 512" 0 -- "$VADMA" run $e --json --timing --utlb 512 --size 65536 &&
		big=$(field utlb_hit_rate)
	if [ "$one" = "0.0000" ] && [ "$big" = "0.9375" ]; then
		ok "$e --timing: micro-TLB of 1 entry $one, of 512 entries $big"
	else
		nok "$e --timing: micro-TLB of 1 entry $one, of 512 entries $big"
	fi
done
run "bad: --utlb without --timing" 2 -- "$VADMA" run e1 --utlb 4 && ok "bad: --utlb without --timing"
run "bad: --leaf blocks with 64k" 2 -- "$VADMA" run e1 --leaf blocks --granule 64k && ok "bad: --leaf blocks with 64k"
run "bad: --leaf frob" 2 -- "$VADMA" run e1 --leaf frob && ok "bad: --leaf frob"

run "bad: no experiment" 2 -- "$VADMA" run && ok "bad: no experiment"
run "bad: unknown experiment" 2 -- "$VADMA" run e9 && ok "bad: unknown experiment"
run "bad: size 0" 2 -- "$VADMA" run e1 --size 0 && ok "bad: size 0"
run "bad: size too big" 2 -- "$VADMA" run e1 --size 16777217 && ok "bad: size too big"
run "bad: 16k granule" 2 -- "$VADMA" run e1 --granule 16k && ok "bad: 16k granule"
run "bad: unknown fault" 2 -- "$VADMA" run e1 --fault frob && ok "bad: unknown fault"
run "bad: --fix without --stall" 2 -- "$VADMA" run e1 --fault unmapped --fix && ok "bad: --fix without --stall"
run "bad: --bypass with a fault" 2 -- "$VADMA" run e1 --bypass --fault readonly && ok "bad: --bypass with a fault"
run "bad: extra argument" 2 -- "$VADMA" run e1 extra && ok "bad: extra argument"

# --backend: model is the default; kernel needs /dev/vadma (tested in the
# QEMU guest by tests/kernel/); here only what it says without one.
run "--backend model is the model" 0 -- "$VADMA" run e1 --backend model --size 4096 &&
	has "--backend model is the model" "result: ok"
run "--backend=model e3" 0 -- "$VADMA" run e3 --backend=model --size 4096 &&
	has "--backend=model e3" "result: ok"
run "bad: --backend frob" 2 -- "$VADMA" run e1 --backend frob && ok "bad: --backend frob"
run "bad: --backend without a value" 2 -- "$VADMA" run e1 --backend && ok "bad: --backend without a value"
if run "--backend kernel without the device: status 2" 2 -- \
	"$VADMA" run e3 --backend kernel --device /nonexistent/vadma; then
	if grep -qF "/nonexistent/vadma: No such file or directory (is vadma.ko loaded?)" "$tmp/err"; then
		ok "--backend kernel without the device says so"
	else
		nok "--backend kernel without the device says so"
		sed 's/^/# /' "$tmp/err"
	fi
fi
run "bad: --backend kernel e4" 2 -- "$VADMA" run e4 --backend kernel && ok "bad: --backend kernel e4"
run "bad: --backend kernel --size 0" 2 -- "$VADMA" run e3 --backend kernel --size 0 && ok "bad: --backend kernel --size 0"
run "bad: --backend kernel --engine frob" 2 -- "$VADMA" run e3 --backend kernel --engine frob && ok "bad: --backend kernel --engine frob"
run "--backend kernel --help" 0 -- "$VADMA" run e3 --backend kernel --help &&
	has "--backend kernel --help" "usage: vadma run e1|e2|e3|e3-coherence --backend kernel"
