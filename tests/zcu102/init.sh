#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# /init of the guest that tests/zcu102/run.sh boots on QEMU's xlnx-zcu102
# machine: Linux's own ZynqMP DMA drivers (zynqmp_dma.ko, xilinx_dma.ko) and
# dmatest.ko, with and without Linux's arm-smmu in front of the engines.
# The scenario comes from the kernel command line, zcu102_test=NAME (an
# unknown parameter with "=" reaches /init as an environment variable):
#
#   dmatest         no SMMU (the SMMU node disabled, no "iommus"): dmatest
#                   on GDMA channels 0 and 7, and with zcu102_cdma=1 (vadma's
#                   devices) on the CDMA.  Runs on any QEMU.
#   smmu            (needs -M xlnx-zcu102,vadma=on) arm-smmu probes the
#                   MMU-500; GDMA channel 0 and the CDMA are in IOMMU groups
#                   of type DMA; dmatest on both through it; smmu-fault-
#                   test.ko's copies to and from never-mapped IOVAs make
#                   context faults (FSR, IOVA, stream), and the read's
#                   destination keeps its poison, on the GDMA and the CDMA.
#   unknown-stream  (needs vadma=on) GDMA channel 7 has no "iommus": its
#                   stream matches no SMR and the SMMU blocks it (USFCFG);
#                   channel 0 still works.
#   iommu           (needs vadma=on) vadma.ko backend=iommu: E1 through
#                   Linux's arm-smmu (an unmanaged domain) on GDMA channel
#                   5, whose node is vadma's ("vadma,zynqmp-dma-iommu");
#                   vadma-test iommu, vadma run e1 and arm-smmu's own log
#                   of the faults; Linux keeps channels 0..4, 6, 7.
#   mmu500          (needs vadma=on) vadma.ko backend=mmu500 takes the
#                   SMMU, GDMA channel 0 and the CDMA; Linux keeps channels
#                   1..7 (dmatest on channel 1).
#
# Checks are TAP lines ("ok - ..." / "not ok - ..."); the host numbers them.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# The initramfs has no /dev/console: the kernel started us without one.
exec </dev/console >/dev/console 2>&1

echo "ZCU102-BEGIN kernel $(uname -r), scenario ${zcu102_test:-none}"
# A task held uninterruptibly for 2 s is reported, and fails the run.
echo 2 > /proc/sys/kernel/hung_task_timeout_secs

DMATEST_ITER=${zcu102_iter:-500}
DMATEST_BUF=${zcu102_buf:-16384}

check() { # check DESCRIPTION COMMAND...: ok when the command succeeds
	what=$1
	shift
	if "$@"; then echo "ok - $what"; else echo "not ok - $what"; fi
}

log_mark() { dmesg | wc -l; }
log_since() { dmesg | tail -n +"$(($1 + 1))"; }

# The dmaengine channel (dmaNchanM) of the platform device $1, e.g.
# fd500000.dma-controller; empty when it has none.
chan_of() {
	for c in /sys/class/dma/*; do
		[ -e "$c/device" ] || continue
		if [ "$(basename "$(readlink "$c/device")")" = "$1" ]; then
			basename "$c"
			return
		fi
	done
}

load() { # load MODULE [PARAMS...]: insmod, as a check
	m=$1
	shift
	if out=$(insmod "/$m.ko" "$@" 2>&1); then
		echo "ok - insmod $m.ko${*:+ $*}"
	else
		echo "not ok - insmod $m.ko${*:+ $*}: $out"
	fi
}

# dmatest NAME CHANNEL ITERATIONS [BUFSIZE [EXPECT]]: run dmatest on one
# channel and wait for it.  EXPECT "pass" (the default): ITERATIONS tests,
# 0 failures.  EXPECT "fail": every test fails (a blocked stream).
dmatest() {
	name=$1 chan=$2 iter=$3 buf=${4:-$DMATEST_BUF} expect=${5:-pass}
	if [ -z "$chan" ]; then
		echo "not ok - $name: the channel exists"
		return
	fi
	mark=$(log_mark)
	start=$(date +%s)
	if ! out=$(insmod /dmatest.ko timeout=3000 iterations="$iter" \
		test_buf_size="$buf" channel="$chan" run=1 2>&1); then
		echo "not ok - $name: insmod dmatest.ko: $out"
		return
	fi
	# Reading "wait" blocks until the test threads are done.
	cat /sys/module/dmatest/parameters/wait > /dev/null
	rmmod dmatest
	secs=$(($(date +%s) - start))
	summary=$(log_since "$mark" | grep "dmatest: $chan-copy0: summary" | tail -n 1)
	echo "# $summary"
	log_since "$mark" | grep 'dmatest: .*result #' | head -n 3 | sed 's/^/# /'
	case $expect in
	pass) want=" summary $iter tests, 0 failures " ;;
	*) want=" summary $iter tests, $iter failures " ;;
	esac
	what=${want# summary }
	what=${what% }
	case $summary in
	*"$want"*) echo "ok - $name: dmatest on $chan, $iter copies of up to $buf bytes: $what ($secs s)" ;;
	*) echo "not ok - $name: dmatest on $chan, $iter copies of up to $buf bytes: want '$what' ($secs s)" ;;
	esac
}

# Linux's arm-smmu on the MMU-500 at 0xfd800000, as it logs its probe.
smmu_probed() {
	dmesg | grep -E 'arm-smmu fd800000\.iommu' | sed 's/^/# /'
	check "arm-smmu probed the MMU-500 at 0xfd800000" sh -c \
		"dmesg | grep -q 'arm-smmu fd800000.iommu: probing hardware configuration'"
	check "... stage 1 translation, 16 context banks" sh -c \
		"dmesg | grep -q 'arm-smmu fd800000.iommu:.*stage 1 translation' &&
		 dmesg | grep -q 'arm-smmu fd800000.iommu:.*16 context banks'"
	check "... no 'no translation support'" sh -c \
		"! dmesg | grep -q 'no translation support'"
}

# The IOMMU group of platform device $1, or nothing.
in_group() { [ -e "/sys/bus/platform/devices/$1/iommu_group" ]; }

# The group of platform device $1 has a default domain of the DMA API's:
# its type reads "DMA" (strict invalidation: Debian's 6.1 is built with
# IOMMU_DEFAULT_DMA_STRICT) or "DMA-FQ" (lazy, a flush queue); not
# "identity" (bypass), "unmanaged" or "blocked".
dma_group() {
	gtype=$(cat "/sys/bus/platform/devices/$1/iommu_group/type" 2> /dev/null)
	echo "# $1: iommu_group/type reads '${gtype:-(nothing)}'"
	case $gtype in
	DMA | DMA-FQ) echo "ok - $1's IOMMU group is of type $gtype (the DMA API's)" ;;
	*) echo "not ok - $1's IOMMU group is of type DMA or DMA-FQ (the DMA API's): '${gtype:-(nothing)}'" ;;
	esac
}

# arm-smmu's context fault report, after log line $1, for IOVA $2 (as it
# prints it: 0x%08lx) and stream $3: its first such line.
fault_line() {
	dmesg | tail -n +$(($1 + 1)) | grep 'Unhandled context fault' |
		grep "iova=$2, .*cbfrsynra=$3," | head -n 1
}

# fault_report DEV KIND MARK IOVA SID WNR: the checks of arm-smmu's report
# of one fault.  FSR [IHI 0062D 10.6.14 CB_FSR]: bit 1 TF (a translation
# fault), bits [10:9] FORMAT = 0b10 (the context's AArch64 tables), so
# 0x402 and nothing else: no MULTI, no SS (a terminated, not stalled,
# transaction).  FSYNR0 bit 4 WNR: 1 for a write, 0 for a read.
fault_report() {
	dev=$1 kind=$2 mark=$3 fiova=$4 sid=$5 wnr=$6
	line=$(fault_line "$mark" "$fiova" "$sid")
	fsr=$(echo "$line" | sed -n 's/.* fsr=\(0x[0-9a-f]*\),.*/\1/p')
	fsynr=$(echo "$line" | sed -n 's/.* fsynr=\(0x[0-9a-f]*\),.*/\1/p')
	echo "# $dev: the $kind: fsr=${fsr:-none} (0x402: TF, FORMAT AArch64), fsynr=${fsynr:-none} (WNR bit 4: $wnr)"
	check "$dev: arm-smmu reports a context fault at IOVA $fiova from stream $sid (the $kind)" \
		[ -n "$line" ]
	check "$dev: ... a translation fault: fsr=0x402 (TF, FORMAT AArch64)" [ "$fsr" = 0x402 ]
	seen=none
	[ -z "$fsynr" ] || seen=$(((fsynr >> 4) & 1))
	if [ "$wnr" = 1 ]; then access=write; else access=read; fi
	check "$dev: ... fsynr's WNR is $wnr (a $access)" [ "$seen" = "$wnr" ]
}

# smmu-fault-test.ko on channel $2 (platform device $1, stream $3): a copy
# to a never-mapped IOVA (0x100000), then one from another (0x200000) into
# a mapped buffer full of poison.  $4: what the engine's driver tells the
# client, "stopped" (no completion: xilinx_dma) or "completed" (zynqmp_dma,
# whose error path completes the active descriptor as if it were done).  $5
# "silent": the engine reports no error (QEMU's own xlnx-zdma ignores the
# result of its data reads and writes), so its driver completes the copy.
fault_test() {
	dev=$1 chan=$2 sid=$3 told=$4 engine=${5:-}
	mark=$(log_mark)
	load smmu-fault-test channel="$chan" iova=0x100000 read_iova=0x200000
	log_since "$mark" | grep -E 'smmu-fault-test|context fault|has errors|arm-smmu|xilinx-dma' |
		head -n 16 | sed 's/^/# /'
	# The log from the copy from 0x200000 on: the lines after the result
	# of the copy to 0x100000.
	rmark=$(log_since "$mark" | grep -n 'smmu-fault-test: unmapped: ' | head -n 1 | cut -d: -f1)
	rmark=$((mark + ${rmark:-100000}))
	check "$dev: the control copy between mapped IOVAs arrived" sh -c \
		"dmesg | tail -n +$((mark + 1)) | grep -q 'smmu-fault-test: control: .* all there'"

	# 1. The copy to 0x100000: a write faults.
	fault_report "$dev" "write to 0x100000" "$mark" 0x00100000 "$sid" 1
	if [ "$engine" = silent ]; then
		echo "# $dev: QEMU's own ZDMA drops a failed write without an error (hw/dma/xlnx-zdma.c)"
	else
		check "$dev: the engine reported the failed copy to its driver ('has errors')" sh -c \
			"dmesg | sed -n '$((mark + 1)),${rmark}p' | grep -q '$dev: Channel .* has errors'"
	fi
	case $told in
	stopped)
		check "$dev: the copy to the never-mapped IOVA did not complete" sh -c \
			"dmesg | tail -n +$((mark + 1)) | grep -q 'smmu-fault-test: unmapped: .*did not complete'"
		;;
	completed)
		check "$dev: its driver completes the failed copy (Linux's zynqmp_dma does)" sh -c \
			"dmesg | tail -n +$((mark + 1)) | grep -q 'smmu-fault-test: unmapped: .*reported it complete'"
		;;
	esac

	# 2. The copy from 0x200000: the engine's read faults, nothing lands.
	fault_report "$dev" "read from 0x200000" "$rmark" 0x00200000 "$sid" 0
	if [ "$engine" = silent ]; then
		echo "# $dev: QEMU's own ZDMA reports no error for a failed read either (hw/dma/xlnx-zdma.c ignores address_space_read's result); what reached the destination:"
		dmesg | tail -n +$((rmark + 1)) | grep 'smmu-fault-test: unmapped-read: copy' | sed 's/^/# /'
	else
		check "$dev: the engine reported the failed read to its driver ('has errors')" sh -c \
			"dmesg | tail -n +$((rmark + 1)) | grep -q '$dev: Channel .* has errors'"
		check "$dev: nothing was written: the destination still holds the poison, every byte" sh -c \
			"dmesg | tail -n +$((rmark + 1)) | grep -q 'smmu-fault-test: unmapped-read: copy .*destination: all [0-9]* bytes still hold the poison'"
	fi
	case $told in
	stopped)
		check "$dev: the copy from the never-mapped IOVA did not complete" sh -c \
			"dmesg | tail -n +$((rmark + 1)) | grep -q 'smmu-fault-test: unmapped-read: copy .*did not complete'"
		;;
	completed)
		check "$dev: its driver completes the failed read copy too" sh -c \
			"dmesg | tail -n +$((rmark + 1)) | grep -q 'smmu-fault-test: unmapped-read: copy .*reported it complete'"
		;;
	esac
	rmmod smmu-fault-test 2> /dev/null || rmmod smmu_fault_test
}

finish() {
	trouble=$(dmesg | grep -E 'WARNING|BUG|Oops|leak|Call trace|Unable to handle|blocked for more than|detected stalls')
	if [ -z "$trouble" ]; then
		echo "ok - no WARNING, BUG, Oops, leak, hung task or RCU stall in the kernel log"
	else
		echo "not ok - the kernel log has trouble:"
		echo "$trouble" | sed 's/^/# /'
	fi
	echo "ZCU102-DMESG-BEGIN"
	dmesg
	echo "ZCU102-DMESG-END"
	echo "ZCU102-END"
	poweroff -f
}

case ${zcu102_test:-} in
dmatest)
	# Stock QEMU: GDMA untranslated.
	load zynqmp_dma
	check "the 8 GDMA channels registered" sh -c \
		"[ \$(ls -d /sys/class/dma/dma*chan* | wc -l) = 8 ]"
	check "fd500000.dma-controller has no IOMMU group (no SMMU in this tree)" \
		sh -c "! [ -e /sys/bus/platform/devices/fd500000.dma-controller/iommu_group ]"
	dmatest "GDMA channel 0 without SMMU" "$(chan_of fd500000.dma-controller)" "$DMATEST_ITER"
	dmatest "GDMA channel 7 without SMMU" "$(chan_of fd570000.dma-controller)" 100
	# The CDMA exists on vadma's devices only (zcu102_cdma=1).
	if [ "${zcu102_cdma:-0}" = 1 ]; then
		load xilinx_dma
		dmatest "the CDMA without SMMU" "$(chan_of a0000000.dma-controller)" "$DMATEST_ITER"
		check "rmmod xilinx_dma" rmmod xilinx_dma
	fi
	check "rmmod zynqmp_dma" rmmod zynqmp_dma
	;;
smmu)
	# needs -M xlnx-zcu102,vadma=on: the MMU-500 and the CDMA exist.
	smmu_probed
	load zynqmp_dma
	check "fd500000.dma-controller is in an IOMMU group" in_group fd500000.dma-controller
	dma_group fd500000.dma-controller
	dmatest "GDMA channel 0 through the SMMU" "$(chan_of fd500000.dma-controller)" "$DMATEST_ITER"
	load xilinx_dma
	check "a0000000.dma-controller (the CDMA) is in an IOMMU group" in_group a0000000.dma-controller
	dma_group a0000000.dma-controller
	dmatest "the CDMA through the SMMU" "$(chan_of a0000000.dma-controller)" "$DMATEST_ITER"
	check "no context fault during dmatest" sh -c "! dmesg | grep -q 'context fault'"
	# zcu102_qemu_zdma=1: QEMU's own GDMA channels (vadma=iommu).
	if [ "${zcu102_qemu_zdma:-0}" = 1 ]; then zdma=silent; else zdma=; fi
	fault_test fd500000.dma-controller "$(chan_of fd500000.dma-controller)" 0x14e8 completed $zdma
	fault_test a0000000.dma-controller "$(chan_of a0000000.dma-controller)" 0xe80 stopped
	# The channels work after the faults.
	dmatest "GDMA channel 0 after its fault" "$(chan_of fd500000.dma-controller)" 20
	dmatest "the CDMA after its fault" "$(chan_of a0000000.dma-controller)" 20
	check "rmmod xilinx_dma" rmmod xilinx_dma
	check "rmmod zynqmp_dma" rmmod zynqmp_dma
	;;
unknown-stream)
	# needs vadma=on; the tree gives GDMA channel 7 no "iommus".
	smmu_probed
	load zynqmp_dma
	check "fd570000.dma-controller is in no IOMMU group" sh -c \
		"! [ -e /sys/bus/platform/devices/fd570000.dma-controller/iommu_group ]"
	mark=$(log_mark)
	dmatest "GDMA channel 7, stream 0x14ef unknown to the SMMU, is blocked" \
		"$(chan_of fd570000.dma-controller)" 1 4096 fail
	log_since "$mark" | grep -E 'arm-smmu|GFSR|zynqmp' | head -n 6 | sed 's/^/# /'
	check "arm-smmu reports the blocked unknown stream 0x14ef" sh -c \
		"dmesg | tail -n +$((mark + 1)) | grep -qi 'Blocked unknown Stream ID 0x14ef'"
	dmatest "GDMA channel 0 (stream 0x14e8, translated) still works" \
		"$(chan_of fd500000.dma-controller)" 50
	check "rmmod zynqmp_dma" rmmod zynqmp_dma
	;;
iommu)
	# needs vadma=on, the tree with -DSMMU -DVADMA_IOMMU, and vadma.ko,
	# vadma-test and vadma in the initramfs.
	smmu_probed
	load zynqmp_dma
	check "GDMA channel 5 is not Linux's (its node is vadma's)" sh -c \
		"[ -z '$(chan_of fd550000.dma-controller)' ]"
	if [ ! -e /vadma.ko ] || [ ! -e /vadma-test ] || [ ! -e /vadma ]; then
		echo "not ok - vadma.ko, vadma-test and vadma are in the initramfs"
		check "rmmod zynqmp_dma" rmmod zynqmp_dma
		finish
	fi
	mark=$(log_mark)
	load vadma backend=iommu
	log_since "$mark" | grep -E 'vadma' | sed 's/^/# /'
	# arm-smmu puts a device in a group when a driver binds it.
	check "fd550000.dma-controller (vadma's GDMA channel 5) is in an IOMMU group" \
		in_group fd550000.dma-controller
	check "vadma drives GDMA channel 5 through arm-smmu: stream 0x14ed, its own domain, IOVAs below 2^44" sh -c \
		"dmesg | grep -q 'vadma-zdma-iommu fd550000.dma-controller: ZDMA channel at .* stream 0x14ed, unmanaged domain attached, IOVAs below 0x100000000000'"
	check "... the engine is the ZDMA" sh -c \
		"dmesg | grep -q 'vadma: iommu: the DMA engine is zdma'"
	start=$(date +%s)
	/vadma-test iommu
	check "vadma-test iommu on the ZDMA: exit status ($(($(date +%s) - start)) s)" [ $? = 0 ]
	out=$(/vadma run e1 --backend kernel 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	check "vadma run e1 --backend kernel: the ZDMA copies between two mapped IOVAs (status $rc)" \
		sh -c "[ $rc = 0 ] && echo '$out' | grep -q '^zdma: done, 4095 bytes IOVA to IOVA' &&
		       echo '$out' | grep -q '^verify: every byte arrived'"
	check "... and a DMA to IOVA 0x300000, never mapped, faults" sh -c \
		"echo '$out' | grep -q '^a DMA to IOVA 0x300000, never mapped: fault at 0x300000'"
	# arm-smmu's own log (the handler lets it log): FSR 0x402 is TF with
	# FORMAT = AArch64, 0x408 PF (IHI 0062D 10.6.14).
	log_since "$mark" | grep 'context fault' | head -n 8 | sed 's/^/# /'
	check "arm-smmu logs the translation fault at the never-mapped IOVA 0x300000 from stream 0x14ed" sh -c \
		"dmesg | tail -n +$((mark + 1)) | grep 'Unhandled context fault: fsr=0x402, iova=0x00300000,' |
		 grep -q 'cbfrsynra=0x14ed,'"
	check "arm-smmu logs the permission fault at read-only IOVA 0x100000 from stream 0x14ed" sh -c \
		"dmesg | tail -n +$((mark + 1)) | grep 'Unhandled context fault: fsr=0x408, iova=0x00100000,' |
		 grep -q 'cbfrsynra=0x14ed,'"
	dmatest "GDMA channel 0 (Linux's) beside vadma's" "$(chan_of fd500000.dma-controller)" 50
	mark=$(log_mark)
	check "rmmod vadma (backend=iommu)" rmmod vadma
	log_since "$mark" | grep vadma | sed 's/^/# /'
	check "... the domain is detached; arm-smmu's faults came through the domain handler" sh -c \
		"dmesg | tail -n +$((mark + 1)) | grep -q 'detached; IOMMU faults reported: 0 through the device handler, [1-9][0-9]* through the domain handler'"
	check "load again, backend=iommu" insmod /vadma.ko backend=iommu
	check "rmmod vadma again" rmmod vadma
	check "rmmod zynqmp_dma" rmmod zynqmp_dma
	;;
mmu500)
	# needs vadma=on, and vadma.ko in the initramfs (make kmod).
	load zynqmp_dma
	check "GDMA channel 0 is not Linux's (disabled for vadma)" sh -c \
		"[ -z '$(chan_of fd500000.dma-controller)' ]"
	dmatest "GDMA channel 1 (Linux's)" "$(chan_of fd510000.dma-controller)" 100
	if [ -e /vadma.ko ]; then
		load vadma backend=mmu500
		dmesg | grep 'vadma' | sed 's/^/# /'
		check "vadma claims the SMMU at 0xfd800000" sh -c \
			"dmesg | grep -q 'vadma,smmu: .*iommu@fd800000 at \[mem 0xfd800000-0xfd81ffff'"
		check "vadma probes and resets the MMU-500" sh -c \
			"dmesg | grep -q 'vadma: mmu500: SMMUv2 r2p1 probed and reset'"
		# E3 on the board's registers, interrupts and stalls: the
		# checks backend=model passes in tests/kernel.
		start=$(date +%s)
		/vadma-test board
		check "vadma-test board: exit status ($(($(date +%s) - start)) s)" [ $? = 0 ]
		for run in "e1" "e2" "e3" "e3 --engine cdma --size 1048576" "e3-coherence"; do
			# shellcheck disable=SC2086
			out=$(/vadma run $run --backend kernel 2>&1)
			rc=$?
			echo "$out" | sed 's/^/# /'
			case $run in
			e1 | e2) want='^a DMA to IOVA 0x300000, never mapped: fault' ;;
			e3-coherence*) want='^coherence: no DMA went through a stale translation' ;;
			*) want='^verify: every byte arrived' ;;
			esac
			check "vadma run $run --backend kernel (status $rc)" \
				sh -c "[ $rc = 0 ] && echo \"\$1\" | grep -q '$want'" - "$out"
		done
		if grep -q '^vadma ' /proc/modules; then
			check "rmmod vadma" rmmod vadma
		fi
		dmesg | grep 'vadma: sva:' | sed 's/^/# /'
		check "faults were served through the SMMU's interrupt line, engines' interrupts taken" \
			sh -c "dmesg | grep -qE 'vadma: sva: .* faults: [1-9][0-9]* served.*interrupts: [1-9][0-9]* context faults, [1-9][0-9]* engine'"
		check "load again" insmod /vadma.ko backend=mmu500
		check "rmmod again" rmmod vadma
	else
		echo "not ok - vadma.ko is in the initramfs (make kmod)"
	fi
	check "rmmod zynqmp_dma" rmmod zynqmp_dma
	;;
shell)
	# make zcu102: the thesis's board, to try by hand.
	insmod /zynqmp_dma.ko
	insmod /vadma.ko backend=mmu500
	dmesg | grep 'vadma' | tail -n 4
	cat <<-'EOF'

		The virtual ZCU102: vadma's MMU-500 model at 0xfd800000 (SPI 155),
		GDMA channel 0 and the AXI CDMA driven by vadma.ko backend=mmu500;
		Linux's zynqmp_dma has GDMA channels 1..7.  Try:
		  /vadma run e1 --backend kernel
		  /vadma run e2 --backend kernel
		  /vadma run e3 --backend kernel
		  /vadma run e3 --backend kernel --engine cdma --size 1048576
		  /vadma run e3-coherence --backend kernel
		  /vadma-test board
		  dmesg | grep vadma
		"poweroff -f" (or Ctrl-A X) ends it.

	EOF
	setsid cttyhack sh 2>/dev/null || sh
	poweroff -f
	;;
*)
	echo "not ok - a known scenario (zcu102_test=${zcu102_test:-})"
	;;
esac
finish
