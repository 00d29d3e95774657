#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vadma's devices in QEMU's xlnx-zcu102, bare metal: a few words of AArch64
# (bypass.S, stall.S) run on the machine, and the monitor's xp reads the
# results from guest memory and the devices' registers.  Also: the machine
# without vadma is QEMU's as before, and a bad option value is refused.
#
#   qemu/tests/smoke.sh            (QEMU= picks the binary; default: the
#                                   one scripts/qemu-zcu102.sh builds)
#
# Needs aarch64-linux-gnu-gcc.  Prints TAP.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
if [ -z "${QEMU:-}" ]; then
	QEMU=$("$top/scripts/qemu-zcu102.sh" | sed -n 's/^QEMU=//p') || exit 1
fi
CROSS_COMPILE=${CROSS_COMPILE:-aarch64-linux-gnu-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

check() { # name expected actual
	n=$((n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $n - $1"
	else
		failed=$((failed + 1))
		echo "not ok $n - $1"
		echo "#   expected: $2"
		echo "#   got:      $3"
	fi
}

# run_raw MACHINE ELF|- CMD...: what the monitor printed for the commands.
# The guest gets 3 s (it needs well under one).
run_raw() {
	local machine=$1 elf=$2 c
	shift 2
	local args=(-M "$machine" -m 2G -smp 1 -display none -serial null
		-monitor stdio)
	if [ "$elf" = - ]; then
		args+=(-S)
	else
		args+=(-device "loader,file=$elf,cpu-num=0")
	fi
	{
		sleep 3
		for c in "$@"; do echo "$c"; done
		echo quit
	} | timeout 30 "$QEMU" "${args[@]}" 2>&1 | tr -d '\r'
}

# run MACHINE ELF|- CMD...: the words xp printed, a line per command.
run() {
	run_raw "$@" | sed -n 's/^[0-9a-f]\{16\}: *//p'
}

build() {
	"${CROSS_COMPILE}gcc" -nostdlib -static -Wl,-Ttext=0x10000 \
		-Wl,--section-start=.data=0x100000 \
		-Wl,--section-start=.tables=0x500000 -o "$tmp/$1.elf" "$here/$1.S"
}

if ! { build bypass && build stall; }; then
	echo "not ok 1 - the guests build (${CROSS_COMPILE}gcc)"
	exit 1
fi

# The MMU-500's ID registers, sCR0 at reset.
out=$(run xlnx-zcu102,vadma=on - 'xp /8wx 0xfd800020' 'xp /1wx 0xfd800000' | tr '\n' ' ')
check "vadma=on: SMMU_SIDR0..7 are the ZynqMP's, sCR0 resets to 0x00200001" \
	"0xfc013e30 0x30000f10 0x00005555 0x00000000 0x00000000 0x00000000 0x00000000 0x00000021 0x00200001 " "$out"

out=$(run xlnx-zcu102,vadma=on "$tmp/bypass.elf" 'xp /1wx 0x400000' \
	'xp /2wx 0x200000' 'xp /2wx 0x200ff8' 'xp /1wx 0x300000' \
	'xp /1wx 0xfd50011c' 'xp /1wx 0xfd500100' 'xp /1wx 0xfd51011c' \
	'xp /1wx 0xfd510100' 'xp /1wx 0xfd800048' 'xp /1gx 0xfd800040' \
	'xp /1wx 0xf9010214')
mapfile -t r <<<"$out"
check "bypass: the guest ran to its end" 0x0000600d "${r[0]:-}"
check "bypass: GDMA 0 copied 4 KiB through the SMMU in bypass" \
	"0x18110a03 0x342d261f|0xe0d9d2cb 0xfcf5eee7" "${r[1]:-}|${r[2]:-}"
check "bypass: GDMA 0 STATUS done (0), ISR DMA_DONE" "0x00000000 0x00000400" "${r[4]:-} ${r[5]:-}"
check "bypass: unmatched stream 0x14e9 blocked: nothing written" 0x00000000 "${r[3]:-}"
check "bypass: GDMA 1 STATUS done with error (3), ISR DMA_DONE|AXI_RD_DATA" \
	"0x00000003 0x00000500" "${r[6]:-} ${r[7]:-}"
check "bypass: sGFSR USF, sGFAR the source address" "0x00000002 0x0000000000200000" "${r[8]:-} ${r[9]:-}"
check "bypass: the SMMU's interrupt (ID 187, SPI 155) is pending at the GIC" 0x08000000 "${r[10]:-}"

out=$(run xlnx-zcu102,vadma=on "$tmp/stall.elf" 'xp /1wx 0x400000' \
	'xp /1wx 0x400010' 'xp /1gx 0x400018' 'xp /4wx 0x400020' \
	'xp /1wx 0x400030' 'xp /2wx 0x201000' 'xp /2wx 0x201ff8')
mapfile -t r <<<"$out"
check "stall: the guest ran to its end" 0x0000600d "${r[0]:-}"
check "stall: FSR SS|TF (AArch64 format), FAR the unmapped IOVA" \
	"0x40000402 0x0000000000101000" "${r[1]:-} ${r[2]:-}"
check "stall: the channel stays busy while the vCPU runs on (1e6 loops)" \
	"0x00000002 0x00000002" "$(echo "${r[3]:-}" | cut -d' ' -f1-2)"
check "stall: after RESUME the copy completes: ISR DMA_DONE, STATUS 0, FSR clear" \
	"0x00000400 0x00000000 0x00000400" "$(echo "${r[3]:-}" | cut -d' ' -f3-4) ${r[4]:-}"
check "stall: the bytes arrived at the page mapped in the handler" \
	"0x18110a03 0x342d261f|0xe0d9d2cb 0xfcf5eee7" "${r[5]:-}|${r[6]:-}"

out=$(run_raw xlnx-zcu102 - 'info mtree -f' | grep 'xlnx.zdma' | sort -u | wc -l)
check "vadma off (default): QEMU's own 8 GDMA + 8 ADMA channels" 16 "$out"
out=$(run_raw xlnx-zcu102 - 'info mtree -f' | grep -c 'vadma')
check "vadma off (default): no vadma region" 0 "$out"
out=$(run_raw xlnx-zcu102,vadma=iommu - 'info mtree -f' |
	grep 'xlnx.zdma\|vadma.smmu\|vadma.cdma' | sort -u | wc -l)
check "vadma=iommu: QEMU's channels, vadma's SMMU and CDMA" 18 "$out"
out=$(timeout 10 "$QEMU" -M xlnx-zcu102,vadma=bogus -display none -S 2>&1 | head -n1)
check "vadma=bogus is refused" \
	"qemu-system-aarch64: vadma=bogus: expected off, on or iommu" "$out"

echo "1..$n"
[ "$failed" = 0 ]
