#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# make bench-kernel: vadma's pgtable against Linux's io-pgtable-arm, in the
# kernel that tests/kernel/run-kernel.sh boots (Debian's arm64, under
# QEMU's virt machine, TCG).  Builds vadma.ko, boots a busybox initramfs
# whose /init (tests/kernel/init.sh, vadma_test=bench) loads it with
# bench=$BENCH (full, or quick), and prints the rows the module logged as
# one JSON document on stdout:
#
#   {"bench": {...the run...}, "rows": [{"row": "map-4k", "pages": ...,
#     "vadma_ns": ..., "linux_ns": ..., "ratio": ..., "vadma_ns_per_page":
#     ..., "linux_ns_per_page": ...}, ...]}
#
# vadma_ns and linux_ns are a row's time, the median of the rounds, in
# nanoseconds of the guest's clock; the per-page figures divide them by the
# row's pages (2 MiB blocks in map-2m and unmap-2m, lookups in lookup);
# ratio is linux_ns / vadma_ns (1 or more: vadma at least as fast).
# Progress and the boot's checks (TAP) go to stderr; the console log is kept
# in $BUILD/kernel-bench/console-bench.log.  Exit status 0 only when the
# guest ran the bench to the end and the two libraries agreed.
set -uo pipefail
BUILD=${BUILD:-build}
BENCH=${BENCH:-full}
QEMU=${QEMU:-qemu-system-aarch64}
TIMEOUT=${BENCH_TIMEOUT:-900}
dir=$BUILD/kernel-bench
# shellcheck source=tests/lib/guest.sh
. tests/lib/guest.sh

case $BENCH in
quick | full) ;;
*)
	echo "bench-kernel: BENCH=$BENCH: use quick or full" >&2
	exit 2
	;;
esac
for tool in "$QEMU" python3 cpio gzip; do
	if ! command -v "$tool" > /dev/null; then
		echo "bench-kernel: $tool is not installed (make deps installs what make check needs)" >&2
		exit 1
	fi
done

main() {
	mkdir -p "$dir"
	guest_kernel "$dir" || return 1
	if ! out=$(make --no-print-directory BUILD="$BUILD" KDIR="$KDIR" kmod 2>&1); then
		printf '%s\n' "$out" | tail -n 40 | indent
		not_ok "vadma.ko builds against $ABI's headers"
		return 1
	fi
	ok "vadma.ko builds against $ABI's headers"

	local root=$dir/initramfs log=$dir/console-bench.log start rc
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/tmp"
	cp "$BUSYBOX" "$root/bin/busybox"
	cp tests/kernel/init.sh "$root/init"
	cp "$BUILD/kmod/vadma.ko" "$root/"
	chmod 755 "$root/init"
	if ! (cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --quiet) |
		gzip -1 > "$dir/initrd.gz"; then
		not_ok "the initramfs builds (cpio)"
		return 1
	fi

	echo "# booting; bench=$BENCH: the boot and the run take about 20 s under TCG" >&2
	rm -f "$log"
	start=$(date +%s%N)
	timeout "$TIMEOUT" "$QEMU" -M virt -cpu cortex-a57 -smp 1 -m 1G \
		-display none -monitor none -nic none -no-reboot \
		-serial "file:$log" -kernel "$IMAGE" -initrd "$dir/initrd.gz" \
		-append "console=ttyAMA0 panic=-1 oops=panic loglevel=4 vadma_test=bench vadma_bench=$BENCH" \
		> "$dir/qemu-bench.log" 2>&1
	rc=$?
	guest_judge bench "$log" VADMA "$rc" "$(ms_since "$start")" "$TIMEOUT" \
		"$dir/qemu-bench.log" "$dir/guest-bench.tap"
}

main >&2
[ "$failed" = 0 ] || {
	echo "bench-kernel: $failed checks failed; see $dir/console-bench.log" >&2
	exit 1
}

# The module's lines, between the markers of the kernel log's dump.
sed -n '/^VADMA-DMESG-BEGIN/,/^VADMA-DMESG-END/p' "$dir/console-bench.log" |
	sed -n 's/^.*vadma: bench: \({.*}\)$/\1/p' | python3 -c '
import json, sys
head, rows = None, []
for line in sys.stdin:
    obj = json.loads(line)
    if "row" in obj:
        for side in ("vadma", "linux"):
            obj[side + "_ns_per_page"] = round(obj[side + "_ns"] / obj["pages"], 1)
        rows.append(obj)
    else:
        head = obj
if head is None or len(rows) != 9:
    sys.exit("bench-kernel: the kernel log has %s header and %d rows, not 1 and 9"
             % ("a" if head else "no", len(rows)))
print(json.dumps({"bench": head, "rows": rows}, indent=1))
'
