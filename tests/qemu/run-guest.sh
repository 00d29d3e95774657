#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# run-guest.sh IMAGE ELF OUTFILE
#
# Boots the conformance guest (ELF) on QEMU's virt machine with the probe
# image (probe_image.h) loaded at 0x48000000, and leaves the guest's UART
# output in OUTFILE.  QEMU exits 0 however the guest ends, so success is
# judged from OUTFILE: it must hold the "VADMA-GUEST END" line.
# QEMU (default qemu-system-aarch64), CPU (default neoverse-n1) and TIMEOUT (default 120 s) may be
# set in the environment.
set -euo pipefail

me=${0##*/}
die() {
	echo "$me: $*" >&2
	exit 1
}

[ $# -eq 3 ] || {
	echo "usage: $me IMAGE ELF OUTFILE" >&2
	exit 2
}
image=$1
elf=$2
out=$3
qemu=${QEMU:-qemu-system-aarch64}
# Neoverse-N1: 48-bit PARange and all three granules, no FEAT_LPA.
cpu=${CPU:-neoverse-n1}
limit=${TIMEOUT:-120}

[ -r "$image" ] || die "cannot read the probe image $image"
[ -r "$elf" ] || die "cannot read the guest $elf"
# QEMU's option parser splits on commas.
case "$image$elf$out" in
*,*) die "paths must not contain commas" ;;
esac
command -v "$qemu" >/dev/null ||
	die "$qemu not found (Debian package qemu-system-arm)"

rm -f "$out"
status=0
timeout "$limit" "$qemu" -M virt,virtualization=on -cpu "$cpu" -m 1G \
	-display none -monitor none -nic none -no-reboot \
	-serial "file:$out" -kernel "$elf" \
	-device "loader,file=$image,addr=0x48000000,force-raw=on" ||
	status=$?

if [ "$status" -eq 124 ]; then
	echo "$me: QEMU timed out after ${limit}s" >&2
elif [ "$status" -ne 0 ]; then
	echo "$me: QEMU exited with status $status" >&2
fi
if ! grep -q '^VADMA-GUEST END [0-9][0-9]*$' "$out" 2>/dev/null; then
	echo "$me: the guest did not finish: no END line in $out" >&2
	if [ -s "$out" ]; then
		echo "$me: last lines of its output:" >&2
		tail -n 3 "$out" | sed "s/^/$me:   /" >&2
	fi
	exit 1
fi
exit "$status"
