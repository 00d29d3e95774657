#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Linux's own ZynqMP DMA drivers on a virtual ZCU102: Debian's arm64 kernel
# on QEMU's xlnx-zcu102 machine, booted with vadma's device tree
# (tests/zcu102/zcu102.dts), Linux's zynqmp_dma.ko, xilinx_dma.ko and
# dmatest.ko built for it (scripts/zynqmp-modules.sh).
#   1. the kernel (scripts/arm64-kernel.sh) and the modules, cached;
#   2. smmu-fault-test.ko (tests/zcu102/smmu-fault-test.c), built here;
#   3. the device trees, one per variant (cpp, then dtc); the SMMU variant's
#      SMMU and GDMA nodes compared with those of Debian's device tree for
#      the real ZCU102 (DTB_ZCU102, from scripts/arm64-kernel.sh; no boot);
#   4. a busybox initramfs whose /init (tests/zcu102/init.sh) runs the
#      scenario the kernel command line names (zcu102_test=...);
#   5. one boot per scenario, with timeout as the backstop (QEMU exits 0
#      however the guest ends), judged from the markers in the console log.
#
# Scenarios (ZCU102_TESTS="dmatest smmu ..." picks some; all by default):
#   dmatest         no SMMU node, GDMA untranslated, on QEMU's own GDMA
#                   channels: any QEMU (Debian's 7.2 too).
#   dmatest-model   the same tree on vadma's devices (vadma=on): the model's
#                   GDMA and CDMA, the MMU-500 left in its reset state
#                   (sCR0.CLIENTPD: every stream bypasses it).
#   smmu            arm-smmu on the MMU-500; dmatest on GDMA and CDMA
#                   through it; a context fault at a never-mapped IOVA.
#   smmu-iommu      the same with vadma=iommu: QEMU's own GDMA channels
#                   behind vadma's MMU-500.
#   unknown-stream  a GDMA channel without "iommus": the SMMU blocks it.
#   iommu           vadma.ko backend=iommu: E1 through Linux's arm-smmu (an
#                   unmanaged domain) on GDMA channel 5, vadma's node.
#   mmu500          vadma.ko backend=mmu500 takes the SMMU (needs make kmod).
# All but dmatest need a QEMU with vadma's devices (-M xlnx-zcu102,vadma=on:
# the MMU-500 at 0xfd800000, streams on the GDMA channels, an AXI CDMA at
# 0xa0000000; scripts/qemu-zcu102.sh builds it); with another QEMU they are
# skipped, saying why.
#
# QEMU=<qemu-system-aarch64> picks the binary (default: the one on PATH).
# Prints TAP; logs are kept in $BUILD/zcu102/.
set -uo pipefail
BUILD=${BUILD:-build}
CROSS_COMPILE=${CROSS_COMPILE:-aarch64-linux-gnu-}
QEMU=${QEMU:-qemu-system-aarch64}
TIMEOUT=${ZCU102_TIMEOUT:-180}
TESTS=${ZCU102_TESTS:-dmatest dmatest-model smmu smmu-iommu unknown-stream iommu mmu500}
src=tests/zcu102
dir=$BUILD/zcu102
skip() {
	n=$((n + 1))
	echo "ok $n # SKIP $*"
}
# shellcheck source=tests/lib/guest.sh
. tests/lib/guest.sh # n, failed, ok, not_ok, indent, ms_since, guest_judge
finish() {
	echo "1..$n"
	echo "# zcu102 suite: $n checks, $failed failed"
	[ "$failed" = 0 ]
	exit
}
wanted() { case " $TESTS " in *" $1 "*) return 0 ;; esac; return 1; }

mkdir -p "$dir"

# 1. The kernel and Linux's DMA modules.
guest_kernel "$dir" || finish

start=$(date +%s%N)
if ! mods=$(scripts/zynqmp-modules.sh 2> "$dir/modules.log"); then
	indent < "$dir/modules.log"
	not_ok "zynqmp_dma.ko, xilinx_dma.ko, dmatest.ko build for $ABI (scripts/zynqmp-modules.sh)"
	finish
fi
eval "$mods"
grep -v '^Get:' "$dir/modules.log" | grep -v '^arm64-kernel:' | indent
ok "zynqmp_dma.ko, xilinx_dma.ko, dmatest.ko for $ABI are at hand ($(ms_since "$start") ms)"

# 2. The fault-test module, out of tree (Kbuild writes only under M=).
start=$(date +%s%N)
fm=$(cd "$dir" && pwd)/fault-mod
mkdir -p "$fm"
cmp -s "$src/smmu-fault-test.c" "$fm/smmu-fault-test.c" || cp "$src/smmu-fault-test.c" "$fm/"
echo 'obj-m := smmu-fault-test.o' > "$fm/Kbuild.new"
cmp -s "$fm/Kbuild.new" "$fm/Kbuild" || mv "$fm/Kbuild.new" "$fm/Kbuild"
rm -f "$fm/Kbuild.new"
# Built for this kernel already, from this source: nothing to do.
if [ "$fm/smmu-fault-test.ko" -nt "$fm/smmu-fault-test.c" ] &&
	[ "$(cat "$fm/kdir" 2> /dev/null)" = "$KDIR" ]; then
	ok "smmu-fault-test.ko is built for $ABI"
elif out=$(env -u MAKEFLAGS -u MAKEOVERRIDES make --no-print-directory -C "$KDIR" \
	M="$fm" ARCH=arm64 CROSS_COMPILE="$CROSS_COMPILE" \
	KCFLAGS="-Werror" modules 2>&1); then
	echo "$KDIR" > "$fm/kdir"
	ok "smmu-fault-test.ko builds, warnings as errors ($(ms_since "$start") ms)"
else
	printf '%s\n' "$out" | tail -n 30 | indent
	not_ok "smmu-fault-test.ko builds"
	finish
fi

# vadma.ko, vadma-test and the vadma tool, as tests/kernel/run-kernel.sh
# builds them (incremental: nothing to do when that suite ran first).
start=$(date +%s%N)
if out=$(make --no-print-directory BUILD="$BUILD" KDIR="$KDIR" kmod 2>&1) &&
	mkdir -p "$BUILD/kernel" &&
	out=$("${CROSS_COMPILE}gcc" -static -O2 -pthread -Wall -Wextra -Werror \
		-Iinclude -o "$BUILD/kernel/vadma-test" tests/kernel/vadma-test.c 2>&1) &&
	out=$(make --no-print-directory -j"$(nproc)" BUILD="$BUILD/kernel/tool" \
		CC="${CROSS_COMPILE}gcc" AR="${CROSS_COMPILE}ar" CFLAGS="-O2 -static" \
		"$BUILD/kernel/tool/vadma" 2>&1); then
	ok "vadma.ko, vadma-test and the vadma tool build for arm64 ($(ms_since "$start") ms)"
else
	printf '%s\n' "$out" | tail -n 30 | indent
	not_ok "vadma.ko, vadma-test and the vadma tool build for arm64"
	finish
fi

# 3. The device trees.
if ! command -v dtc > /dev/null || ! command -v cpp > /dev/null; then
	not_ok "dtc and cpp are installed (device-tree-compiler, cpp)"
	finish
fi
dtb() { # dtb NAME CPP-FLAGS...: $dir/NAME.dtb from zcu102.dts
	local name=$1
	shift
	cpp -nostdinc -undef -x assembler-with-cpp -P "$@" "$src/zcu102.dts" \
		> "$dir/$name.dts" 2> "$dir/$name.dtc.log" &&
		dtc -I dts -O dtb -o "$dir/$name.dtb" "$dir/$name.dts" \
			>> "$dir/$name.dtc.log" 2>&1
}
dt_ok=1
for v in "nosmmu" "smmu -DSMMU" "unknown -DSMMU -DNO_IOMMUS_GDMA=7" "vadma -DVADMA_KMOD" \
	"viommu -DSMMU -DVADMA_IOMMU"; do
	# shellcheck disable=SC2086
	if ! dtb $v; then
		indent < "$dir/${v%% *}.dtc.log"
		not_ok "the device tree builds: ${v%% *}"
		dt_ok=0
	fi
done
[ "$dt_ok" = 1 ] || finish
cat "$dir"/*.dtc.log | indent # dtc's warnings, if any
ok "the device trees build (no SMMU; SMMU; SMMU with channel 7 untranslated; vadma,zynqmp; SMMU with channel 5 vadma's)"

# 3b. Anyone's device tree for the real ZCU102 must work unchanged for the
# SMMU and the GDMA: Debian's xilinx/zynqmp-zcu102-rev1.0.dtb (DTB_ZCU102,
# kept by scripts/arm64-kernel.sh) against our SMMU variant, node by node,
# with fdtget (no boot).  Compared: the SMMU's compatible, reg, interrupts
# (all 17), #global-interrupts and #iommu-cells, and where its interrupts
# go (the GIC); each GDMA channel's compatible, reg, interrupts, where they
# go, clock-names, xlnx,bus-width and "iommus" (the SMMU, the stream ID).
# Not compared: phandles, clocks, status, power-domains (the firmware's).
dt_node() { # dt_node DTB NAME: the path of node NAME, at / or one level down
	local p
	for p in / $(fdtget -l "$1" / 2> /dev/null | sed 's|^|/|'); do
		if fdtget -l "$1" "$p" 2> /dev/null | grep -qxF "$2"; then
			echo "${p%/}/$2"
			return 0
		fi
	done
	return 1
}
dt_get() { # dt_get DTB PATH PROPERTY TYPE: fdtget's value, "(none)" if absent
	fdtget -t "$4" "$1" "$2" "$3" 2> /dev/null || echo "(none)"
}
# dt_irq_parent DTB PATH: the phandle of the node's interrupt parent, its
# own "interrupt-parent" or the nearest ancestor's.
dt_irq_parent() {
	local p=$2
	while :; do
		if fdtget -t x "$1" "$p" interrupt-parent 2> /dev/null; then return 0; fi
		[ "$p" = / ] && { echo "(none)"; return 0; }
		p=${p%/*}
		p=${p:-/}
	done
}
# dt_view DTB PATH PROPERTY: the property as compared, in both trees' terms
# (phandles replaced by what they point at).
dt_view() {
	local f=$1 path=$2 prop=$3 v gic smmu
	case $prop in
	compatible | clock-names) dt_get "$f" "$path" "$prop" s ;;
	interrupt-parent)
		gic=$(dt_node "$f" interrupt-controller@f9010000) &&
			[ "$(dt_irq_parent "$f" "$path")" = "$(dt_get "$f" "$gic" phandle x)" ] &&
			echo "the GIC at 0xf9010000 ($(dt_get "$f" "$gic" compatible s))" ||
			echo "not the GIC at 0xf9010000"
		;;
	interrupts)
		v=$(dt_get "$f" "$path" interrupts x)
		# <type number flags> each: "N x <...>" when all are the same.
		echo "$v" | awk '{ n = int(NF / 3); for (i = 1; i <= n; i++) e[i] = "<" $(3*i-2) " " $(3*i-1) " " $(3*i) ">";
			same = 1; for (i = 2; i <= n; i++) if (e[i] != e[1]) same = 0;
			if (n == 0) print $0; else if (same) print n " x " e[1] " (hex)";
			else { s = ""; for (i = 1; i <= n; i++) s = s e[i]; print n " entries: " s " (hex)" } }'
		;;
	iommus)
		v=$(dt_get "$f" "$path" iommus x)
		smmu=$(dt_node "$f" iommu@fd800000) || smmu=/
		# shellcheck disable=SC2086 # the cells, one word each
		set -- $v
		if [ $# = 2 ] && [ "$1" = "$(dt_get "$f" "$smmu" phandle x)" ]; then
			echo "<&smmu 0x$2> (the SMMU at 0xfd800000, stream ID 0x$2)"
		else
			echo "$v (not one SMMU stream)"
		fi
		;;
	reg) dt_get "$f" "$path" "$prop" x ;;
	*) dt_get "$f" "$path" "$prop" u ;;
	esac
}
# dt_compare NAME WHAT PROPERTY...: one check, the values printed.
dt_compare() {
	local name=$1 what=$2 prop rp op rv ov diff=
	shift 2
	if ! rp=$(dt_node "$DTB_ZCU102" "$name") || ! op=$(dt_node "$dir/smmu.dtb" "$name"); then
		not_ok "the real ZCU102's tree and ours both have $name (real: ${rp:-none}, ours: ${op:-none})"
		return
	fi
	echo "# $what, $rp:"
	for prop; do
		rv=$(dt_view "$DTB_ZCU102" "$rp" "$prop")
		ov=$(dt_view "$dir/smmu.dtb" "$op" "$prop")
		if [ "$rv" = "$ov" ]; then
			echo "#   $prop: $rv"
		else
			echo "#   $prop: real: $rv; ours: $ov: DIFFERENT"
			diff="$diff $prop"
		fi
	done
	if [ -z "$diff" ]; then
		ok "the real ZCU102's tree and ours agree on $what ($*)"
	else
		not_ok "the real ZCU102's tree and ours agree on $what: they differ in$diff"
	fi
}
if [ -z "${DTB_ZCU102:-}" ] || [ ! -f "$DTB_ZCU102" ]; then
	skip "the real ZCU102's tree: scripts/arm64-kernel.sh names no zynqmp-zcu102-rev1.0.dtb (DTB_ZCU102='${DTB_ZCU102:-}')"
elif ! command -v fdtget > /dev/null; then
	not_ok "fdtget is installed (device-tree-compiler)"
else
	echo "# the real ZCU102's tree: $DTB_ZCU102 (Debian's linux-image-$ABI)"
	echo "# ours: $dir/smmu.dtb (tests/zcu102/zcu102.dts, -DSMMU)"
	dt_compare iommu@fd800000 "the SMMU" compatible reg interrupts interrupt-parent \
		'#global-interrupts' '#iommu-cells'
	rp=$(dt_node "$DTB_ZCU102" iommu@fd800000) &&
		echo "# the real tree's SMMU is status \"$(dt_get "$DTB_ZCU102" "$rp" status s)\" (as Linux's zynqmp.dtsi leaves it; a board's tree enables it, ours does)"
	for ch in 0 1 2 3 4 5 6 7; do
		dt_compare "dma-controller@fd5${ch}0000" "GDMA channel $ch" compatible reg \
			interrupts interrupt-parent clock-names xlnx,bus-width iommus
	done
	# Booting the whole real tree, rather than only its nodes': not done.
	fw=$(dt_node "$DTB_ZCU102" firmware)/zynqmp-firmware
	clk=$(printf '0x%02x' "0x$(dt_get "$DTB_ZCU102" "$fw/clock-controller" phandle x)" 2> /dev/null)
	pd=$(printf '0x%02x' "0x$(dt_get "$DTB_ZCU102" "$fw" phandle x)" 2> /dev/null)
	real_dts=$(dtc -q -I dtb -O dts "$DTB_ZCU102" 2> /dev/null)
	nclk=$(printf '%s\n' "$real_dts" | grep -c "clocks = <$clk ")
	npd=$(printf '%s\n' "$real_dts" | grep -c "power-domains = <$pd ")
	indent <<- EOF
		What QEMU's xlnx-zcu102 would need to boot the real tree as a whole (not tried):
		 - its clocks come from the PMU firmware: $nclk nodes (the GDMA's clk_main and
		   clk_apb, the UARTs' among them) take them from $fw/clock-controller
		   ("xlnx,zynqmp-clk") and $npd name its power domains; Linux asks for both with
		   EEMI calls, an SMC to the ATF (bl31), which passes them over the IPI to the
		   PMU firmware on the PMU (a MicroBlaze).  QEMU's -kernel boot has no ATF (its
		   own PSCI answers the SMC) and the machine no PMU or PMU firmware, so
		   zynqmp_firmware fails to probe and every clock consumer waits for ever:
		   no UART driver (earlycon only), no GDMA.  It would need bl31 at EL3
		   (secure=on, virtualization=on) and a PMU running the PMU firmware (QEMU's
		   xlnx-zynqmp-pmu is a machine of its own; Xilinx's QEMU fork joins the two),
		   or EEMI answered in QEMU; ours uses fixed clocks instead.
		 - the SMMU enabled (the real tree has it "disabled") and vadma=on, whose
		   MMU-500 answers at 0xfd800000;
		 - -m 2G: QEMU rewrites /memory from -m (the real one also has DDR high);
		 - the devices it enables that QEMU 7.2's xlnx-zynqmp does not model
		   (hw/arm/xlnx-zynqmp.c): PCIe (0xfd0e0000), I2C 0 and 1 and what the
		   ZCU102 has behind them, GPIO, the DDR controller, the watchdog, the USB
		   glue (0xff9d0000), the IPI buffers; their drivers fail or wait.
	EOF
fi

# 4. The initramfs.
root=$dir/initramfs
rm -rf "$root"
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/tmp"
cp "$BUSYBOX" "$root/bin/busybox"
cp "$src/init.sh" "$root/init"
cp "$MODULES/zynqmp_dma.ko" "$MODULES/xilinx_dma.ko" "$MODULES/dmatest.ko" \
	"$fm/smmu-fault-test.ko" "$root/"
cp "$BUILD/kmod/vadma.ko" "$BUILD/kernel/vadma-test" "$BUILD/kernel/tool/vadma" "$root/"
chmod 755 "$root/vadma-test" "$root/vadma"
chmod 755 "$root/init"
if ! (cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --quiet) |
	gzip -1 > "$dir/initrd.gz"; then
	not_ok "the initramfs builds (cpio)"
	finish
fi

# Does this QEMU have vadma's devices?  Its machine then has a "vadma"
# property (off, on, iommu).
vadma_qemu=0 vadma_iommu=0
if vline=$("$QEMU" -M xlnx-zcu102,help 2> /dev/null | grep -E '^ *vadma='); then
	vadma_qemu=1
	case $vline in *iommu*) vadma_iommu=1 ;; esac
fi
echo "# QEMU: $QEMU ($("$QEMU" --version 2> /dev/null | head -n 1)); vadma=on: $([ $vadma_qemu = 1 ] && echo yes || echo no)"

# 5. Boot and judge: boot NAME MACHINE DTB GUEST-ARGUMENTS [QEMU ARGS...].
# The guest's arguments, unknown kernel parameters with "=" (zcu102_test=
# names the scenario), reach /init as environment variables.
boot() {
	local name=$1 machine=$2 dtb=$3 guest=$4 log=$dir/console-$1.log rc boot_ms start
	shift 4
	rm -f "$log"
	start=$(date +%s%N)
	# UART0 (0xff000000, ttyPS0) is the machine's first serial port.
	# -m 2G, all of DDR low: with more, QEMU 7.2 writes /memory as one
	# block from 0, across the 2-4 GiB device space, not DDR high at
	# 0x800000000.  The xlnx_dp device wants an audio backend: none.
	timeout "$TIMEOUT" "$QEMU" -M "$machine" -m 2G \
		-display none -monitor none -nic none -no-reboot \
		-audiodev none,id=noaudio \
		-serial "file:$log" -kernel "$IMAGE" -initrd "$dir/initrd.gz" \
		-dtb "$dir/$dtb.dtb" \
		-append "console=ttyPS0,115200 earlycon=cdns,0xff000000 panic=-1 oops=panic loglevel=4 secretmem.enable=1 $guest" \
		"$@" > "$dir/qemu-$name.log" 2>&1
	rc=$?
	boot_ms=$(ms_since "$start")
	guest_judge "$name" "$log" ZCU102 "$rc" "$boot_ms" "$TIMEOUT" \
		"$dir/qemu-$name.log" "$dir/guest-$name.tap"
}

# ZCU102_SHELL=1 (make zcu102): no tests; boot the virtual ZCU102 with
# vadma.ko (backend=mmu500), vadma-test and the vadma tool to a shell on
# this terminal.  Ctrl-A X quits QEMU; "poweroff -f" in the guest too.
if [ -n "${ZCU102_SHELL:-}" ]; then
	if [ "$vadma_qemu" != 1 ]; then
		echo "zcu102: $QEMU has no vadma=on: build it with scripts/qemu-zcu102.sh" >&2
		exit 1
	fi
	echo "zcu102: booting the virtual ZCU102 (Ctrl-A X quits QEMU)"
	exec "$QEMU" -M xlnx-zcu102,vadma=on -m 2G -display none -nic none \
		-no-reboot -audiodev none,id=noaudio -serial mon:stdio \
		-kernel "$IMAGE" -initrd "$dir/initrd.gz" -dtb "$dir/vadma.dtb" \
		-append "console=ttyPS0,115200 earlycon=cdns,0xff000000 loglevel=4 secretmem.enable=1 zcu102_test=shell"
fi

# needs_vadma NAME [iommu]: true when the scenario is wanted and this QEMU
# can run it; a SKIP line when it cannot.
needs_vadma() {
	wanted "$1" || return 1
	if [ "$vadma_qemu" != 1 ]; then
		skip "$1: needs a QEMU whose xlnx-zcu102 has vadma=on (the MMU-500 and the CDMA); $QEMU has not (set QEMU=, see scripts/qemu-zcu102.sh)"
		return 1
	fi
	if [ "${2:-}" = iommu ] && [ "$vadma_iommu" != 1 ]; then
		skip "$1: needs vadma=iommu (QEMU's GDMA behind vadma's MMU-500), which $QEMU does not offer"
		return 1
	fi
}

# Without an SMMU: Linux's zynqmp_dma and dmatest on the GDMA, untranslated.
# Any QEMU; with vadma's, its devices stay off.
if wanted dmatest; then
	boot dmatest xlnx-zcu102 nosmmu zcu102_test=dmatest
fi
# The same tree on vadma's devices, the CDMA too: nothing translates.
if needs_vadma dmatest-model; then
	boot dmatest-model xlnx-zcu102,vadma=on nosmmu "zcu102_test=dmatest zcu102_cdma=1"
fi
# Linux's arm-smmu on vadma's MMU-500, Linux's DMA drivers through it.
if needs_vadma smmu; then
	boot smmu xlnx-zcu102,vadma=on smmu zcu102_test=smmu
fi
if needs_vadma smmu-iommu iommu; then
	boot smmu-iommu xlnx-zcu102,vadma=iommu smmu "zcu102_test=smmu zcu102_qemu_zdma=1"
fi
if needs_vadma unknown-stream; then
	boot unknown-stream xlnx-zcu102,vadma=on unknown zcu102_test=unknown-stream
fi
# vadma.ko backend=iommu: Linux's arm-smmu, vadma's domain, GDMA channel 5.
if needs_vadma iommu; then
	boot iommu xlnx-zcu102,vadma=on viommu zcu102_test=iommu
fi
# vadma.ko's own driver of the MMU-500 (backend=mmu500).
if needs_vadma mmu500; then
	if [ ! -f "$BUILD/kmod/vadma.ko" ]; then
		skip "mmu500: needs $BUILD/kmod/vadma.ko (make kmod)"
	else
		boot mmu500 xlnx-zcu102,vadma=on vadma zcu102_test=mmu500
	fi
fi
finish
