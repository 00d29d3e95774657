#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Make sure the Debian packages the build and the tests need are installed.
# As root, install the missing ones (saying which); otherwise name them and
# fail.  Idempotent: with everything present it only checks.
set -eu

# "build": what "make" and "make run" need; "kernel": what building vadma.ko
# and booting Debian's arm64 kernel under QEMU need on the host (the kernel,
# its headers and busybox come from scripts/arm64-kernel.sh); "check": what
# "make check" needs; "bench": what the plot of "make bench" needs (make
# bench skips the plot, saying so, when it cannot have it).
BUILD_PKGS="make gcc libc6-dev libopenmpi-dev openmpi-bin"
KERNEL_PKGS="$BUILD_PKGS gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm cpio device-tree-compiler xz-utils"
# "check" also builds the libFuzzer targets with Debian's clang (its fuzzer
# runtime is libclang-rt-<version>-dev; llvm for llvm-cov in make fuzz-cov)
# and runs the end-to-end experiments under valgrind; python3 runs
# scripts/kernel-doc-md, which checks the API reference.
CHECK_PKGS="$KERNEL_PKGS python3 libcmocka-dev clang-format clang libclang-rt-14-dev llvm valgrind"
BENCH_PKGS="$BUILD_PKGS gnuplot-nox"
mode=${1:-check}
case "$mode" in
build) PKGS=$BUILD_PKGS ;;
kernel) PKGS=$KERNEL_PKGS ;;
check) PKGS=$CHECK_PKGS ;;
bench) PKGS=$BENCH_PKGS ;;
*) echo "usage: $0 [build|kernel|check|bench]" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "vadma deps: not a Debian system; make sure these are installed: $PKGS" >&2
	exit 0
fi

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "vadma deps: missing Debian packages:$missing" >&2
		echo "vadma deps: run the make target as root, or: sudo apt-get install$missing" >&2
		exit 1
	fi

	echo "vadma deps: installing missing Debian packages:$missing"
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086
	if ! apt-get install -y --no-install-recommends $missing; then
		echo "vadma deps: refreshing the package lists and trying again"
		apt-get update
		apt-get install -y --no-install-recommends $missing
	fi
fi

# "make check" also boots Debian's arm64 kernel with vadma.ko: fetch it
# into its cache outside the repository (nothing to do once cached).
if [ "$mode" = check ]; then
	"$(dirname "$0")/arm64-kernel.sh" > /dev/null
fi
