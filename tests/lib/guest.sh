# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Sourced by the suites that boot Linux under QEMU (tests/kernel/run-kernel.sh,
# tests/zcu102/run.sh): their TAP counters and lines, and the judge of one
# boot from its console log.  The guest's /init prints PREFIX-BEGIN, its
# TAP lines, PREFIX-DMESG-BEGIN, the kernel log, PREFIX-END.
n=0
failed=0

ok() {
	n=$((n + 1))
	echo "ok $n - $*"
}
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $*"
}
indent() { sed 's/^/# /'; }
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

# guest_kernel DIR: Debian's arm64 kernel, its headers and busybox
# (scripts/arm64-kernel.sh, cached); sets ABI, KDIR, IMAGE, BUSYBOX...
# Return: non-zero, with a not_ok line, when it cannot be had.
guest_kernel() {
	local start paths

	start=$(date +%s%N)
	if ! paths=$(scripts/arm64-kernel.sh 2> "$1/fetch.log"); then
		indent < "$1/fetch.log"
		not_ok "Debian's arm64 kernel is at hand (scripts/arm64-kernel.sh)"
		return 1
	fi
	eval "$paths"
	grep -vE '^(Get:|arm64-kernel:)' "$1/fetch.log" | indent
	ok "Debian's arm64 kernel $ABI is at hand ($(ms_since "$start") ms)"
}
#
# guest_judge NAME LOG PREFIX RC BOOT_MS TIMEOUT QEMU_LOG TAP
#   LOG       the console log (carriage returns are taken out of it)
#   RC        QEMU's exit status (124: killed by timeout after TIMEOUT s)
#   QEMU_LOG  what QEMU printed, shown when it failed
#   TAP       where the guest's own checks are kept
guest_judge() {
	local name=$1 log=$2 mark=$3 rc=$4 boot_ms=$5 timeout=$6 qlog=$7 tap=$8
	local line trouble

	tr -d '\r' < "$log" > "$log.txt" 2> /dev/null || : > "$log.txt"
	mv -f "$log.txt" "$log"
	if [ "$rc" = 124 ]; then
		not_ok "$name: the guest powered off within ${timeout} s (QEMU killed by timeout)"
	elif [ "$rc" != 0 ]; then
		indent < "$qlog"
		not_ok "$name: QEMU ran (exit status $rc)"
	fi
	if grep -q "^$mark-BEGIN" "$log"; then
		ok "$name: the kernel booted to /init ($(sed -n "s/^$mark-BEGIN //p" "$log"))"
	else
		tail -n 30 "$log" | indent
		not_ok "$name: the kernel booted to /init"
		return
	fi

	# The guest's checks, numbered here; its comments as they are.
	sed -n "/^$mark-BEGIN/,/^$mark-DMESG-BEGIN/p" "$log" |
		grep -E '^(not )?ok( [0-9]+)? - |^# ' > "$tap"
	while IFS= read -r line; do
		case $line in
		"# "*) echo "$line" ;;
		"not ok"*) not_ok "$name: $(printf '%s' "$line" | sed -E 's/^not ok( [0-9]+)? - //')" ;;
		*) ok "$name: $(printf '%s' "$line" | sed -E 's/^ok( [0-9]+)? - //')" ;;
		esac
	done < "$tap"
	grep -q '^ok' "$tap" || not_ok "$name: the guest reported its checks"

	# The kernel's lines only: the guest's own TAP lines name what they look for.
	trouble='Kernel panic|Internal error: Oops|Unable to handle kernel|BUG:|WARNING:|blocked for more than|detected stalls'
	if grep -vE '^((not )?ok|# )' "$log" | grep -qE "$trouble"; then
		grep -vE '^((not )?ok|# )' "$log" | grep -E -A 20 "$trouble" | head -n 40 | indent
		not_ok "$name: no oops, panic, hung task or RCU stall on the console"
	else
		ok "$name: no oops, panic, hung task or RCU stall on the console"
	fi
	if grep -q "^$mark-END" "$log"; then
		ok "$name: the guest ran to the end and powered off (boot, test, poweroff: $boot_ms ms)"
	else
		tail -n 30 "$log" | indent
		not_ok "$name: the guest ran to the end (boot, test: $boot_ms ms)"
	fi
}
