#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# /init of the guest that tests/kernel/run-kernel.sh boots: load vadma.ko,
# run vadma-test, try the loads that must fail, unload, look for trouble in
# the kernel log, print it all between markers, and power off.  Checks are
# TAP lines ("ok - ..." / "not ok - ..."); the host numbers them.
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

log_start=$(dmesg | wc -l)

if out=$(insmod /vadma.ko 2>&1); then
	echo "ok - insmod vadma.ko (backend=model)"
else
	echo "not ok - insmod vadma.ko (backend=model): $out"
fi
dmesg | grep 'vadma:' | sed 's/^/# /'
check "the in-kernel self-check: model built, SMMU probed and reset" \
	sh -c "dmesg | grep -q 'vadma: model: .*the core works in this kernel'"
check "the feature line is logged" \
	sh -c "dmesg | grep -q 'vadma: model: SMMUv2.1: 48 SMRs, 16 context banks'"
check "/dev/vadma is a character device" [ -c /dev/vadma ]

/vadma-test
check "vadma-test exit status" [ $? = 0 ]

check "rmmod vadma" rmmod vadma
check "/dev/vadma is gone" [ ! -e /dev/vadma ]
must_not_load backend=iommu "No such device" "backend=iommu is not implemented yet"
must_not_load backend=mmu500 "No such device" "backend=mmu500 is not implemented yet"
must_not_load backend=dma "Invalid argument" "unknown backend=dma"
check "load again, backend=model" insmod /vadma.ko backend=model
check "rmmod again" rmmod vadma

trouble=$(dmesg | tail -n +"$((log_start + 1))" |
	grep -E 'WARNING|BUG|Oops|leak|Call trace|Unable to handle')
if [ -z "$trouble" ]; then
	echo "ok - no WARNING, BUG, Oops or leak in the kernel log"
else
	echo "not ok - the kernel log has trouble:"
	echo "$trouble" | sed 's/^/# /'
fi

echo "VADMA-DMESG-BEGIN"
dmesg
echo "VADMA-DMESG-END"
echo "VADMA-END"
poweroff -f
