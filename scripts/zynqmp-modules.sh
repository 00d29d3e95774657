#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Linux's own DMA drivers for the ZynqMP, as modules for Debian's arm64
# kernel, which has them switched off (XILINX_ZYNQMP_DMA, XILINX_DMA,
# DMATEST are not set):
#
#   zynqmp_dma.ko  drivers/dma/xilinx/zynqmp_dma.c  the PS GDMA/ADMA channels
#   xilinx_dma.ko  drivers/dma/xilinx/xilinx_dma.c  the AXI CDMA (and DMA, VDMA)
#   dmatest.ko     drivers/dma/dmatest.c            the dmaengine memcpy test
#
# Their sources come from Debian's linux-source-6.1 package, the version of
# the kernel's own package (apt-get download; only those files are taken out
# of its tarball), built out of tree against the cached headers of
# scripts/arm64-kernel.sh with ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-.
# The vermagic of each module must be the kernel's.  The modules are cached
# outside the repository, one folder per kernel ABI and fingerprint (this
# script and the source package's version):
#
#   ${XDG_CACHE_HOME:-$HOME/.cache}/vadma/zynqmp-modules/<ABI>-<hash>/
#
# stdout gets only "MODULES=<that folder>" (eval "$(scripts/zynqmp-modules.sh)");
# progress goes to stderr.  Nothing is done when the folder is complete.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
self=$here/$(basename "$0")
cache=${XDG_CACHE_HOME:-$HOME/.cache}/vadma
CROSS_COMPILE=${CROSS_COMPILE:-aarch64-linux-gnu-}
MODS="zynqmp_dma xilinx_dma dmatest"
# The files taken out of the kernel source tarball.
SRCS="drivers/dma/dmaengine.h drivers/dma/dmatest.c
drivers/dma/xilinx/zynqmp_dma.c drivers/dma/xilinx/xilinx_dma.c"

say() { echo "zynqmp-modules: $*" >&2; }
die() {
	echo "zynqmp-modules: error: $*" >&2
	exit 1
}
is_root() { [ "$(id -u)" = 0 ]; }
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

start=$(date +%s%N)

# The kernel: ABI, KDIR (its headers), IMAGE, BUSYBOX.
paths=$("$here/arm64-kernel.sh") || die "scripts/arm64-kernel.sh failed"
eval "$paths"
if [ -z "${ABI:-}" ] || [ ! -d "${KDIR:-}" ]; then
	die "scripts/arm64-kernel.sh gave no ABI or KDIR"
fi

# The source package's version: the kernel's own, as its headers record it
# (include/generated/package.h: " Debian 6.1.192-3"); failing that, the
# version of its headers' package as apt knows it.
srcver=$(sed -n 's/^#define LINUX_PACKAGE_ID " *Debian \([^ "]*\)".*/\1/p' \
	"$KDIR/include/generated/package.h" 2>/dev/null | head -n1)
if [ -z "$srcver" ] && command -v apt-cache > /dev/null 2>&1; then
	srcver=$(apt-cache show "linux-headers-$ABI:arm64" 2>/dev/null |
		sed -n 's/^Version: //p' | head -n1)
fi
[ -n "$srcver" ] || die "cannot tell the Debian version of the kernel $ABI (no $KDIR/include/generated/package.h, apt does not know linux-headers-$ABI:arm64)"
srcroot=$cache/linux-source

hash=$({ cat "$self"; echo "linux-source-6.1=$srcver"; } | sha256sum | cut -c1-16)
out=$cache/zynqmp-modules/$ABI-$hash

emit() { echo "MODULES=$out"; }
complete() {
	local m
	[ -f "$out/.complete" ] || return 1
	for m in $MODS; do [ -f "$out/$m.ko" ] || return 1; done
}
if complete; then
	say "zynqmp_dma, xilinx_dma, dmatest for $ABI are cached in $out"
	emit
	exit 0
fi

# --- Slow path, one run at a time. ----------------------------------------
mkdir -p "$cache/zynqmp-modules" "$srcroot"
exec 9> "$cache/zynqmp-modules/.lock"
flock 9
if complete; then # another run finished it meanwhile
	emit
	exit 0
fi
say "building zynqmp_dma, xilinx_dma, dmatest for $ABI (one time)"

tmp=$(mktemp -d "$cache/zynqmp-modules/.tmp-$ABI.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# 1. The sources: only the four files, out of the 140 MB package.
src=$srcroot/$srcver
if [ ! -f "$src/.complete" ]; then
	t=$(date +%s%N)
	say "downloading linux-source-6.1 $srcver (about 140 MB, kept: 4 files)"
	opts=(-q)
	# As root apt wants its sandbox user to write the folder; it is ours.
	is_root && opts+=(-o APT::Sandbox::User=root)
	(cd "$tmp" && apt-get download "${opts[@]}" "linux-source-6.1=$srcver") >&2 ||
		die "apt-get download linux-source-6.1=$srcver failed: is the network (deb.debian.org) reachable, the package lists fresh?"
	deb=$(echo "$tmp"/linux-source-6.1_*.deb)
	[ -f "$deb" ] || die "no linux-source-6.1 package downloaded"
	# The package holds one tarball, usr/src/linux-source-6.1.tar.xz, whose
	# members start with linux-source-6.1/.
	members=()
	for f in $SRCS; do members+=("linux-source-6.1/$f"); done
	mkdir -p "$tmp/src"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -O ./usr/src/linux-source-6.1.tar.xz |
		xz -dc | tar -x -C "$tmp/src" --strip-components=1 "${members[@]}" ||
		die "extracting ${members[*]} from $deb failed"
	rm -f "$deb"
	for f in $SRCS; do [ -f "$tmp/src/$f" ] || die "linux-source-6.1 $srcver has no $f"; done
	touch "$tmp/src/.complete"
	rm -rf "$src"
	mv -T "$tmp/src" "$src"
	say "linux-source-6.1 $srcver: sources extracted into $src ($(ms_since "$t") ms)"
fi

# 2. Build: a copy of the files in their tree layout (the Xilinx drivers
# include "../dmaengine.h"), a Kbuild per folder.
t=$(date +%s%N)
b=$tmp/build
mkdir -p "$b/xilinx"
cp "$src/drivers/dma/dmaengine.h" "$src/drivers/dma/dmatest.c" "$b/"
cp "$src/drivers/dma/xilinx/zynqmp_dma.c" "$src/drivers/dma/xilinx/xilinx_dma.c" "$b/xilinx/"
printf 'obj-m += dmatest.o\nobj-m += xilinx/\n' > "$b/Kbuild"
printf 'obj-m += zynqmp_dma.o\nobj-m += xilinx_dma.o\n' > "$b/xilinx/Kbuild"
if ! env -u MAKEFLAGS -u MAKEOVERRIDES make --no-print-directory -C "$KDIR" \
	-j"$(nproc)" M="$b" ARCH=arm64 CROSS_COMPILE="$CROSS_COMPILE" modules \
	> "$tmp/build.log" 2>&1; then
	tail -n 40 "$tmp/build.log" >&2
	die "the modules did not build against $KDIR"
fi

# 3. Their vermagic must be the kernel's: "<ABI> SMP mod_unload aarch64".
mkdir -p "$tmp/out"
for m in $MODS; do
	ko=$(find "$b" -name "$m.ko" -print -quit)
	[ -n "$ko" ] || die "$m.ko was not built"
	vermagic=$(strings "$ko" | sed -n 's/^vermagic=//p' | head -n1)
	case $vermagic in
	"$ABI "*) ;;
	*) die "$m.ko: vermagic '$vermagic' is not the kernel's ($ABI)" ;;
	esac
	cp "$ko" "$tmp/out/"
done
cp "$tmp/build.log" "$tmp/out/build.log"
echo "linux-source-6.1=$srcver" > "$tmp/out/source-version"
touch "$tmp/out/.complete"
rm -rf "$out"
mv -T "$tmp/out" "$out"
# Builds of this ABI by other versions of this script are stale now.
find "$cache/zynqmp-modules" -mindepth 1 -maxdepth 1 -type d -name "$ABI-*" \
	! -path "$out" -exec rm -rf {} + 2>/dev/null || :
say "built $MODS for $ABI in $out (vermagic $vermagic; build $(ms_since "$t") ms, in all $(ms_since "$start") ms)"
emit
