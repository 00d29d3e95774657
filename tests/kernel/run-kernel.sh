#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# vadma.ko in a real arm64 Linux kernel: Debian's, under QEMU's virt machine
# (with its SMMUv3 and the edu PCI DMA device for the backends to come).
#   1. scripts/arm64-kernel.sh: the kernel, its headers and busybox (cached);
#   2. build vadma.ko (make kmod) and tests/kernel/vadma-test.c (static);
#   3. a busybox initramfs whose /init (tests/kernel/init.sh) loads the
#      module, runs the test, checks the kernel log and powers off;
#   4. boot it with the SMMUv3, with timeout as the backstop (QEMU exits 0
#      however the guest ends), and judge from the markers in the console
#      log;
#   5. boot again without the SMMUv3: backend=iommu must refuse to load.
# Prints TAP; the console logs are kept in $BUILD/kernel/console-*.log.
set -uo pipefail
BUILD=${BUILD:-build}
CROSS_COMPILE=${CROSS_COMPILE:-aarch64-linux-gnu-}
QEMU=${QEMU:-qemu-system-aarch64}
TIMEOUT=${KERNEL_TEST_TIMEOUT:-60}
dir=$BUILD/kernel
# shellcheck source=tests/lib/guest.sh
. tests/lib/guest.sh # n, failed, ok, not_ok, indent, ms_since, guest_judge
finish() {
	echo "# kernel suite: $n checks, $failed failed"
	[ "$failed" = 0 ]
	exit
}

mkdir -p "$dir"

# 1. The kernel.
guest_kernel "$dir" || finish

# 2. The module and the test program.
start=$(date +%s%N)
if out=$(make --no-print-directory BUILD="$BUILD" KDIR="$KDIR" kmod 2>&1); then
	ok "vadma.ko builds against $ABI's headers, warnings as errors ($(ms_since "$start") ms)"
else
	printf '%s\n' "$out" | tail -n 40 | indent
	not_ok "vadma.ko builds against $ABI's headers"
	finish
fi
vermagic=$(strings "$BUILD/kmod/vadma.ko" | sed -n 's/^vermagic=//p')
case $vermagic in
"${ABI} "*) ok "vermagic matches the kernel: $vermagic" ;;
*) not_ok "vermagic '$vermagic' matches the kernel $ABI" ;;
esac
if out=$("${CROSS_COMPILE}gcc" -static -O2 -pthread -Wall -Wextra -Werror -Iinclude \
	-o "$dir/vadma-test" tests/kernel/vadma-test.c 2>&1); then
	ok "vadma-test builds (static arm64)"
else
	printf '%s\n' "$out" | indent
	not_ok "vadma-test builds (static arm64)"
	finish
fi

# The vadma tool itself, for "vadma run ... --backend kernel" in the guest.
start=$(date +%s%N)
if out=$(make --no-print-directory -j"$(nproc)" BUILD="$dir/tool" \
	CC="${CROSS_COMPILE}gcc" AR="${CROSS_COMPILE}ar" CFLAGS="-O2 -static" \
	"$dir/tool/vadma" 2>&1); then
	ok "the vadma tool builds (static arm64, $(ms_since "$start") ms)"
else
	printf '%s\n' "$out" | tail -n 20 | indent
	not_ok "the vadma tool builds (static arm64)"
	finish
fi

# 3. The initramfs.
root=$dir/initramfs
rm -rf "$root"
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/tmp"
cp "$BUSYBOX" "$root/bin/busybox"
cp tests/kernel/init.sh "$root/init"
cp "$BUILD/kmod/vadma.ko" "$dir/vadma-test" "$dir/tool/vadma" "$root/"
chmod 755 "$root/init" "$root/vadma-test" "$root/vadma"
if ! (cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --quiet) |
	gzip -1 > "$dir/initrd.gz"; then
	not_ok "the initramfs builds (cpio)"
	finish
fi

# 4. Boot and judge: boot NAME MACHINE GUEST-ARGUMENT.  The argument, an
# unknown kernel parameter with "=", reaches /init as an environment variable.
boot() {
	local name=$1 machine=$2 arg=$3 log=$dir/console-$1.log rc boot_ms start
	shift 3
	rm -f "$log"
	start=$(date +%s%N)
	timeout "$TIMEOUT" "$QEMU" -M "$machine" -cpu cortex-a57 -smp 1 -m 1G \
		-display none -monitor none -nic none -no-reboot \
		-serial "file:$log" -kernel "$IMAGE" -initrd "$dir/initrd.gz" \
		-device edu -append "console=ttyAMA0 panic=-1 oops=panic loglevel=4 secretmem.enable=1 $arg" \
		"$@" > "$dir/qemu-$name.log" 2>&1
	rc=$?
	boot_ms=$(ms_since "$start")
	guest_judge "$name" "$log" VADMA "$rc" "$boot_ms" "$TIMEOUT" \
		"$dir/qemu-$name.log" "$dir/guest-$name.tap"
}

# Both backends, with the SMMUv3 in front of edu; then without an IOMMU,
# where backend=iommu must refuse to load.
boot smmuv3 virt,iommu=smmuv3 vadma_test=all
boot noiommu virt vadma_test=noiommu

# backend=mmu500 as far as it goes without a ZynqMP: QEMU's own device tree
# with a "vadma,zynqmp" node added (tests/kernel/mmu500.dtsi), pointing at
# RAM kept from the kernel (no-map) that stands in for the registers, with
# the MMU-500's ID register values of a ZCU102 loaded where IDR0..7 are.
# The device tree is found, the blocks claimed and mapped, the SMMU probed
# and reset through readl/writel; BIND programs a bank; an engine that
# never moves ends its DMA with a timeout.
mmu500_boot() {
	local dts=$dir/virt-mmu500.dts
	if ! command -v dtc > /dev/null; then
		not_ok "mmu500: dtc is installed (device-tree-compiler)"
		return
	fi
	if ! "$QEMU" -M virt,dumpdtb="$dir/virt.dtb" -cpu cortex-a57 -smp 1 -m 1G \
		-display none -monitor none -nic none -device edu \
		> "$dir/qemu-dumpdtb.log" 2>&1 ||
		! dtc -q -I dtb -O dts -o "$dts" "$dir/virt.dtb" ||
		! cat tests/kernel/mmu500.dtsi >> "$dts" ||
		! dtc -q -I dts -O dtb -o "$dir/virt-mmu500.dtb" "$dts"; then
		indent < "$dir/qemu-dumpdtb.log"
		not_ok "mmu500: QEMU's device tree, with the vadma,zynqmp node added"
		return
	fi
	# SMMU_IDR0..7 of the ZCU102 (plat/zynqmp.c), little-endian at +0x20.
	printf '%s' 'fc013e30 30000f10 00005555 00000000 00000000 00000000 00000000 00000021' |
		python3 -c 'import sys,struct; sys.stdout.buffer.write(b"".join(struct.pack("<I", int(w, 16)) for w in sys.stdin.read().split()))' \
		> "$dir/mmu500-idr.bin"
	boot mmu500 virt vadma_test=mmu500 -dtb "$dir/virt-mmu500.dtb" \
		-device loader,file="$dir/mmu500-idr.bin",addr=0x7f000020,force-raw=on
}
mmu500_boot
finish
