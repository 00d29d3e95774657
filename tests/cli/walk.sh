#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The command line of "vadma mkpt" and "vadma walk": tables built by one are
# translated by the other, the output format is exact, and every bad
# argument gets a message and exit status 2.
set -uo pipefail
VADMA=${1:-build/vadma}
# shellcheck source=../lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

# expect_out DESCRIPTION EXPECTED -- COMMAND...
expect_out() {
	local what=$1 want=$2 got
	shift 3
	got=$("$@" 2>"$tmp/err")
	if [ "$got" = "$want" ]; then
		ok "$what"
	else
		nok "$what"
		diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed 's/^/# /'
		sed 's/^/# stderr: /' "$tmp/err"
	fi
}

# expect_usage DESCRIPTION MESSAGE-PATTERN -- COMMAND...
expect_usage() {
	local what=$1 pat=$2 rc
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" = 2 ] && grep -q -- "$pat" "$tmp/err" && [ ! -s "$tmp/out" ]; then
		ok "$what"
	else
		nok "$what (status $rc, want 2 and a message matching '$pat')"
		sed 's/^/# stderr: /' "$tmp/err"
	fi
}

img=$tmp/pt.bin
regs=$("$VADMA" mkpt --out "$img" --base 0x80000000 \
	0x40000000=0x90000000+0x400000:rw1 \
	0x40400000=0x90401000+0x5000:ru \
	0x40405000=0x90405000+0x1000:rwo \
	0x7ffffffff000=0xfff000+0x1000:rwxug 2>"$tmp/err")
if [ $? = 0 ] && [ "$regs" = "--tcr 0x200802010 --mair 0x4404ff --ttbr0 0x80000000" ]; then
	ok "mkpt prints the registers for walk"
else
	nok "mkpt prints the registers for walk: '$regs'"
	sed 's/^/# /' "$tmp/err"
fi

# shellcheck disable=SC2086
expect_out "walk translates blocks, pages and faults" \
"0x40000000 r ok pa=0x90000000 attr=0x4 sh=3 level=2
0x40123456 w ok pa=0x90123456 attr=0x4 sh=3 level=2
0x40400010 ur ok pa=0x90401010 attr=0xff sh=3 level=3
0x40400000 uw fault=permission level=3
0x40400000 w fault=permission level=3
0x40200000 ur fault=permission level=2
0x40405000 r fault=access level=3
0x40405000 uw fault=access level=3
0x40406000 r fault=translation level=3
0x7fffffffffff uw ok pa=0xffffff attr=0xff sh=3 level=3
0x800000000000 r fault=translation level=0
0xffff800000000000 r fault=translation level=0" -- \
	"$VADMA" walk --mem "$img@0x80000000" $regs 0x40000000 0x40123456:w \
	0x40400010:ur 0x40400000:uw 0x40400000:w 0x40200000:ur 0x40405000 \
	0x40405000:uw 0x40406000 0x7fffffffffff:uw 0x800000000000 0xffff800000000000

# shellcheck disable=SC2086
expect_out "walk --json prints the same fields" \
'{"va":"0x40000000","access":"r","result":"ok","pa":"0x90000000","attr":"0x4","sh":3,"level":2}
{"va":"0x40406000","access":"uw","result":"fault","fault":"translation","level":3}' -- \
	"$VADMA" walk --json --mem "$img@0x80000000" $regs 0x40000000 0x40406000:uw

# A TTBR1 tree with a 64K granule and a 42-bit input range.
regs1=$("$VADMA" mkpt --out "$tmp/pt1.bin" --base 0x100000 --granule 64k --ias 42 \
	--oas 36 --ttbr1 0xfffffc0000000000=0x20000000+0x20000000:rwx \
	0xffffffffffff0000=0x123450000+0x10000:r)
# shellcheck disable=SC2086
expect_out "walk through a TTBR1 64K tree" \
"0xfffffc0000001234 r ok pa=0x20001234 attr=0xff sh=3 level=2
0xffffffffffffffff r ok pa=0x12345ffff attr=0xff sh=3 level=3
0xfffffbffffffffff r fault=translation level=0
0x0 r fault=translation level=0" -- \
	"$VADMA" walk --mem "$tmp/pt1.bin@0x100000" $regs1 0xfffffc0000001234 \
	0xffffffffffffffff 0xfffffbffffffffff 0

# A table pointer to memory no image covers, and one above the output size.
printf '\003\020\000\000\000\000\000\000' > "$tmp/raw.bin"	# L0[0] -> 0x1000
printf '\003\000\000\000\000\001\000\000' >> "$tmp/raw.bin"	# L0[1] -> 1 << 40
expect_out "walk reports external and address-size faults" \
"0x1000 r fault=external level=1
0x8000000000 r fault=address-size level=0" -- \
	"$VADMA" walk --mem "$tmp/raw.bin@0x0" --tcr 0x200800010 --mair 0xff \
	--ttbr0 0 0x1000 0x8000000000

expect_usage "no arguments" "required" -- "$VADMA" walk
expect_usage "missing --mair" "required" -- "$VADMA" walk --mem "$img@0x80000000" --tcr 0x10 0x0
expect_usage "no address" "no address" -- "$VADMA" walk --mem "$img@0x80000000" --tcr 0x10 --mair 0
expect_usage "bad number" "bad number" -- "$VADMA" walk --mem "$img@0x80000000" --tcr 0x1g --mair 0 0
expect_usage "negative number" "bad number" -- "$VADMA" walk --mem "$img@0x80000000" --tcr -1 --mair 0 0
expect_usage "number too big" "bad number" -- "$VADMA" walk --mem "$img@0x80000000" --tcr 0x10000000000000000 --mair 0 0
expect_usage "bad access" "bad address" -- "$VADMA" walk --mem "$img@0x80000000" --tcr 0x800010 --mair 0 0x0:x
expect_usage "bad address" "bad address" -- "$VADMA" walk --mem "$img@0x80000000" --tcr 0x800010 --mair 0 foo
expect_usage "unknown option" "unknown" -- "$VADMA" walk --frob
expect_usage "--mem without @" "FILE@PA" -- "$VADMA" walk --mem "$img" --tcr 0x10 --mair 0 0
expect_usage "--mem file missing" "cannot read" -- "$VADMA" walk --mem "$tmp/nope@0" --tcr 0x10 --mair 0 0
expect_usage "--mem images overlap" "overlaps" -- "$VADMA" walk --mem "$img@0" --mem "$img@0x1000" --tcr 0x10 --mair 0 0
expect_usage "T0SZ impossible (10)" "unusable" -- "$VADMA" walk --mem "$img@0" --tcr 0x80000a --mair 0 0
expect_usage "T0SZ impossible (40)" "unusable" -- "$VADMA" walk --mem "$img@0" --tcr 0x800028 --mair 0 0
expect_usage "reserved TG1" "unusable" -- "$VADMA" walk --mem "$img@0" --tcr 0x100010 --mair 0 0
expect_usage "reserved IPS" "unusable" -- "$VADMA" walk --mem "$img@0" --tcr 0x600800010 --mair 0 0
expect_usage "unknown command" "unknown command" -- "$VADMA" frob
expect_usage "mkpt overlap" "overlaps" -- "$VADMA" mkpt --out "$tmp/x" --base 0 0x0=0x0+0x2000 0x1000=0x0+0x1000
expect_usage "mkpt unaligned" "invalid argument" -- "$VADMA" mkpt --out "$tmp/x" --base 0 0x10=0x0+0x1000
expect_usage "mkpt above the output size" "outside" -- "$VADMA" mkpt --out "$tmp/x" --base 0 --oas 32 0x0=0xfffff000+0x2000
expect_usage "mkpt bad granule" "granule" -- "$VADMA" mkpt --out "$tmp/x" --base 0 --granule 8k
expect_usage "mkpt bad ias" "ias" -- "$VADMA" mkpt --out "$tmp/x" --base 0 --ias 24
