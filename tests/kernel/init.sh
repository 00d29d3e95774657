#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# /init of the guest that tests/kernel/run-kernel.sh boots: load vadma.ko
# with backend=model, run vadma-test (E3) and unload while bound; the same
# with backend=iommu (E1);
# try the loads that must fail; compare the kernel's page-pin counters
# before and after; look for trouble in the kernel log, print it all
# between markers, and power off.  Checks are TAP lines ("ok - ..." /
# "not ok - ..."); the host numbers them.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# The initramfs has no /dev/console: the kernel started us without one.
exec </dev/console >/dev/console 2>&1

echo "VADMA-BEGIN kernel $(uname -r)"

check() { # check DESCRIPTION COMMAND...: ok when the command succeeds
	what=$1
	shift
	if "$@"; then echo "ok - $what"; else echo "not ok - $what"; fi
}

# A load that must fail, with the errno text and the kernel's reason.
must_not_load() { # must_not_load PARAM ERRNO-TEXT LOG-TEXT
	out=$(insmod /vadma.ko "$1" 2>&1)
	rc=$?
	if [ "$rc" != 0 ] && echo "$out" | grep -q "$2" && dmesg | grep -q "$3"; then
		echo "ok - insmod vadma.ko $1 fails: $2"
	else
		echo "not ok - insmod vadma.ko $1 fails with $2 (status $rc: $out)"
	fi
}

# The kernel's FOLL_PIN counters, per-CPU deltas folded in first.
pins() {
	echo 1 > /proc/sys/vm/stat_refresh
	awk '/^nr_foll_pin_(acquired|released) / { printf "%s ", $2 }' /proc/vmstat
}

# Look for trouble in the kernel log since the start, print the log, power off.
finish() {
	trouble=$(dmesg | tail -n +"$((log_start + 1))" |
		grep -E 'WARNING|BUG|Oops|leak|Call trace|Unable to handle|blocked for more than|detected stalls')
	if [ -z "$trouble" ]; then
		echo "ok - no WARNING, BUG, Oops, leak, hung task or RCU stall in the kernel log"
	else
		echo "not ok - the kernel log has trouble:"
		echo "$trouble" | sed 's/^/# /'
	fi

	echo "VADMA-DMESG-BEGIN"
	dmesg
	echo "VADMA-DMESG-END"
	echo "VADMA-END"
	poweroff -f
}

# A task that waits uninterruptibly for 2 s (a caller stuck behind another
# file's DMA, say) is reported, and the report fails the run.
echo 2 > /proc/sys/kernel/hung_task_timeout_secs
log_start=$(dmesg | wc -l)
pins_start=$(pins)

# The benchmark alone (scripts/bench-kernel.sh passes vadma_test=bench and
# vadma_bench=quick|full): vadma's pgtable against Linux's io-pgtable-arm.
# The rows are the kernel log's "vadma: bench: {...}" lines.
if [ "${vadma_test:-}" = bench ]; then
	start=$(date +%s)
	if out=$(insmod /vadma.ko bench="${vadma_bench:-full}" 2>&1); then
		echo "ok - insmod vadma.ko bench=${vadma_bench:-full} ($(($(date +%s) - start)) s)"
	else
		echo "not ok - insmod vadma.ko bench=${vadma_bench:-full}: $out"
	fi
	dmesg | grep 'vadma: bench' | sed 's/^/# /'
	check "rmmod vadma" rmmod vadma
	finish
fi

# The benchmark's quick shape: both libraries map, unmap and look up the
# same pages, and the module compares their tables before it times them.
bench_quick() {
	bench_log=$(dmesg | wc -l)
	start=$(date +%s)
	if out=$(insmod /vadma.ko bench=quick 2>&1); then
		echo "ok - insmod vadma.ko bench=quick: vadma's and Linux's tables agree ($(($(date +%s) - start)) s)"
	else
		echo "not ok - insmod vadma.ko bench=quick: $out"
	fi
	rows=$(dmesg | tail -n +"$((bench_log + 1))" | grep 'vadma: bench: {')
	echo "$rows" | sed 's/^/# /'
	has() { echo "$rows" | grep -qE "$1"; }
	check "the bench compared the trees at sampled pages" \
		has '"checks":[1-9][0-9]*,"agree":true'
	for row in map-4k unmap-4k map-512 unmap-512 map-2m unmap-2m map-1g lookup unmap-1g; do
		check "bench row $row has both figures and their ratio" \
			has "\"row\":\"$row\".*\"vadma_ns\":[1-9][0-9]*,\"linux_ns\":[1-9][0-9]*,\"ratio\":[0-9]+\\.[0-9]{2}}"
	done
	check "rmmod vadma (bench=quick)" rmmod vadma
	must_not_load bench=slow "Invalid argument" "unknown bench=slow: use quick or full"
}

# A boot without an IOMMU (run-kernel.sh passes vadma_test=noiommu).
if [ "${vadma_test:-}" = noiommu ]; then
	must_not_load backend=iommu "No such device" "no IOMMU translates this device's DMA"
	check "... and says what it needs" sh -c \
		"dmesg | grep -q 'vadma: iommu: backend=iommu needs .*edu device (1234:11e8) behind an IOMMU: the device has no IOMMU'"
	dmesg | grep 'vadma' | sed 's/^/# /'
	check "/dev/vadma does not exist" [ ! -e /dev/vadma ]
	check "backend=model loads all the same" insmod /vadma.ko
	check "rmmod" rmmod vadma
	bench_quick
	finish
fi

# A boot with a "vadma,zynqmp" node over RAM that stands in for the
# registers (run-kernel.sh passes vadma_test=mmu500).
if [ "${vadma_test:-}" = mmu500 ]; then
	if out=$(insmod /vadma.ko backend=mmu500 dma_timeout_ms=300 2>&1); then
		echo "ok - insmod vadma.ko backend=mmu500"
	else
		echo "not ok - insmod vadma.ko backend=mmu500: $out"
	fi
	dmesg | grep -E 'vadma' | sed 's/^/# /'
	check "the node's blocks are claimed and mapped" sh -c \
		"dmesg | grep -q 'vadma-mmu500 vadma: vadma,smmu: /iommu@7f000000 at \[mem 0x7f000000-0x7f01ffff'"
	check "the SMMU is probed (the ZCU102's ID registers) and reset" sh -c \
		"dmesg | grep -q 'vadma: mmu500: SMMUv2 r2p1 probed and reset, 16 context banks, walks not coherent (tables cleaned); ZDMA stream 0x14e8'"
	check "/proc/iomem shows the claim" sh -c "grep -q '7f000000-7f01ffff : vadma' /proc/iomem"
	/vadma-test mmu500
	check "vadma-test mmu500: exit status" [ $? = 0 ]
	check "rmmod vadma" rmmod vadma
	check "the claim is released" sh -c "! grep -q vadma /proc/iomem"
	check "load again" insmod /vadma.ko backend=mmu500
	check "rmmod again" rmmod vadma
	finish
fi

# --- backend=model ---------------------------------------------------------
if out=$(insmod /vadma.ko 2>&1); then
	echo "ok - insmod vadma.ko (backend=model)"
else
	echo "not ok - insmod vadma.ko (backend=model): $out"
fi
dmesg | grep 'vadma:' | sed 's/^/# /'
check "the in-kernel self-check: model built, SMMU probed and reset" \
	sh -c "dmesg | grep -q 'vadma: model: .*the core works in this kernel'"
check "the feature line is logged" \
	sh -c "dmesg | grep -q 'vadma: model: SMMUv2 r2p1: 48 SMRs, 16 context banks'"
check "/dev/vadma is a character device" [ -c /dev/vadma ]

start=$(date +%s)
/vadma-test model
check "vadma-test model: exit status ($(($(date +%s) - start)) s)" [ $? = 0 ]

# The tool on the module: "vadma run ... --backend kernel".
tool() { # tool NAME EXPECTED-LINE ARGS...: runs, exits 0, prints the line
	name=$1 want=$2
	shift 2
	out=$(/vadma run "$@" --backend kernel 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	if [ "$rc" = 0 ] && echo "$out" | grep -q "$want"; then
		echo "ok - $name"
	else
		echo "not ok - $name (status $rc)"
	fi
}
tool "vadma run e3 --backend kernel: ZDMA between the process's own VAs" \
	'^verify: every byte arrived' e3
tool "vadma run e3 --backend kernel --engine cdma --size 1048576" \
	'^verify: every byte arrived' e3 --engine cdma --size 1048576
tool "vadma run e3-coherence --backend kernel" \
	'^coherence: no DMA went through a stale translation' e3-coherence
tool "vadma run e1 --backend kernel: the ZDMA through explicit mappings in the model's MMU-500, a DMA to one never mapped faults" \
	'^a DMA to IOVA 0x300000, never mapped: fault' e1
tool "vadma run e2 --backend kernel: the same with the AXI CDMA" \
	'^a DMA to IOVA 0x300000, never mapped: fault' e2

# Unload while a process is bound: refused until it lets go.
rm -f /tmp/bound /tmp/release
/vadma-test hold &
hold_pid=$!
i=0
while [ ! -e /tmp/bound ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
check "a process binds and holds /dev/vadma" [ -e /tmp/bound ]
if rmmod vadma 2> /dev/null; then
	echo "not ok - rmmod vadma while a process is bound fails"
else
	echo "ok - rmmod vadma while a process is bound fails"
fi
touch /tmp/release
wait $hold_pid
check "the process lets go and exits (status $?)" [ $? = 0 ]

check "rmmod vadma" rmmod vadma
check "/dev/vadma is gone" [ ! -e /dev/vadma ]
dmesg | grep 'vadma: sva:' | sed 's/^/# /'
check "the notifier invalidated the SMMU's TLB, faults were served and terminated" \
	sh -c "dmesg | grep -qE 'vadma: sva: [0-9]+ binds, [0-9]+ DMAs, faults: [1-9][0-9]* served, [1-9][0-9]* terminated; [1-9][0-9]* TLB invalidations'"
check "address spaces that exited while bound were released by the notifier" \
	sh -c "dmesg | grep -qE 'vadma: sva: .* [1-9][0-9]* address spaces released by exit'"
check "the DMAs that timed out halted their engines" \
	sh -c "dmesg | grep -qE 'vadma: sva: .* [1-9][0-9]* engines halted, 0 syncs lost'"

# --- backend=iommu ----------------------------------------------------------
iommu_log=$(dmesg | wc -l)
if out=$(insmod /vadma.ko backend=iommu 2>&1); then
	echo "ok - insmod vadma.ko backend=iommu"
else
	echo "not ok - insmod vadma.ko backend=iommu: $out"
fi
dmesg | tail -n +"$((iommu_log + 1))" | grep 'vadma' | sed 's/^/# /'
check "the edu device is bound, its unmanaged domain attached" \
	sh -c "dmesg | grep -q 'vadma-edu .*unmanaged domain attached, IOVAs below 0x10000000'"

start=$(date +%s)
/vadma-test iommu
check "vadma-test iommu: exit status ($(($(date +%s) - start)) s)" [ $? = 0 ]

tool "vadma run e1 --backend kernel: edu copies between two mapped IOVAs, a DMA to one never mapped faults" \
	'^a DMA to IOVA 0x300000, never mapped: fault' e1
out=$(/vadma run e3 --backend kernel 2>&1)
check "vadma run e3 --backend kernel on backend=iommu: refused, says why" \
	sh -c "echo '$out' | grep -q 'load vadma.ko with backend=model'"

since() { dmesg | tail -n +"$((iommu_log + 1))"; }
# The SMMUv3 driver's own log of the faults: event 0x10 is F_TRANSLATION,
# 0x13 F_PERMISSION (IHI 0070 7.3); the second line holds the address.
since | grep -A 3 'event 0x1[03] received' | head -n 20 | sed 's/^/# /'
check "the SMMUv3 driver logged F_TRANSLATION events (0x10)" \
	sh -c "dmesg | tail -n +$((iommu_log + 1)) | grep -q 'arm-smmu-v3.*event 0x10 received'"
check "... at the unmapped IOVA 0x300000" \
	sh -c "dmesg | tail -n +$((iommu_log + 1)) | grep -A 3 'event 0x10 received' | grep -q '0x0000000000300000'"
check "the SMMUv3 driver logged an F_PERMISSION event (0x13)" \
	sh -c "dmesg | tail -n +$((iommu_log + 1)) | grep -q 'arm-smmu-v3.*event 0x13 received'"
n=$(since | grep -c 'bind: not supported by this IOMMU')
check "bind's refusal is logged once ($n)" [ "$n" = 1 ]

exec 3<> /dev/vadma
if rmmod vadma 2> /dev/null; then
	echo "not ok - rmmod vadma while /dev/vadma is open fails"
else
	echo "ok - rmmod vadma while /dev/vadma is open fails"
fi
exec 3>&-
check "rmmod vadma (backend=iommu)" rmmod vadma
since | grep 'IOMMU faults reported' | sed 's/^/# /'
check "the faults came through the device fault handler" \
	sh -c "dmesg | grep -q 'IOMMU faults reported: [1-9][0-9]* through the device handler'"
check "/dev/vadma is gone" [ ! -e /dev/vadma ]

# --- loads that must fail, and a second load --------------------------------
must_not_load backend=mmu500 "No such device" 'no device-tree node compatible "vadma,zynqmp"'
must_not_load backend=dma "Invalid argument" "unknown backend=dma"
check "load again, backend=iommu" insmod /vadma.ko backend=iommu
check "rmmod again" rmmod vadma

pins_end=$(pins)
set -- $pins_start $pins_end
echo "# FOLL_PIN counters (acquired released): before $1 $2, after $3 $4"
check "every page pinned was released: $(($3 - $1)) pins acquired, $(($4 - $2)) released" \
	[ $(($3 - $1)) -gt 0 -a $(($3 - $1)) = $(($4 - $2)) ]

finish
