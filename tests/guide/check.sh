#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Every example of the SMMU guide (docs/guide/*.md) and of "Reproducing the
# thesis" (docs/reproducing.md, its names prefixed repro-) runs, and prints
# what the page shows.  Blocks are marked (see docs/guide/README.md):
#   <!-- example: NAME -->  a C program, built against build/libvadma.a
#   <!-- command: NAME -->  shell lines "$ ...", run with build/ on PATH
#   <!-- output: NAME -->   what NAME prints; a line "..." stands for any
#                           number of lines
set -uo pipefail
BUILD=${BUILD:-build}
CC=${CC:-gcc}
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../lib/tap.sh
. "$root/tests/lib/tap.sh"

# Split the pages into $tmp/NAME.{c,sh,out}: names are unique across pages.
for page in "$root"/docs/guide/*.md "$root"/docs/reproducing.md; do
	awk -v dir="$tmp" '
	/^<!-- (example|command|output): [A-Za-z0-9_-]+ -->$/ {
		kind = $2; sub(":", "", kind); name = $3
		ext = kind == "example" ? "c" : kind == "command" ? "sh" : "out"
		want = dir "/" name "." ext; next
	}
	/^```/ {
		if (inblock) { inblock = 0; close(want); want = ""; next }
		if (want != "") { inblock = 1; printf "" > want; next }
	}
	inblock { print >> want }
	' "$page"
done

# A name marked twice would let one block replace the other unseen.
dups=$(sed -n 's/^<!-- \(example\|command\|output\): \([A-Za-z0-9_-]*\) -->$/\1 \2/p' \
	"$root"/docs/guide/*.md "$root"/docs/reproducing.md | sort | uniq -d)
if [ -z "$dups" ]; then
	ok "guide: every block name is used once"
else
	nok "guide: every block name is used once"
	printf '%s\n' "$dups" | sed 's/^/#   twice: /'
fi

# Does actual ($2) match expected ($1), "..." matching any lines?
matches() {
	awk '
	NR == FNR { want[++ne] = $0; next }
	{ got[++na] = $0 }
	function m(i, j,   k) {
		if (i > ne) return j > na
		if (want[i] == "...") {
			for (k = j; k <= na + 1; k++) if (m(i + 1, k)) return 1
			return 0
		}
		return j <= na && want[i] == got[j] && m(i + 1, j + 1)
	}
	END { exit !m(1, 1) }
	' "$1" "$2"
}

check_output() {
	local name=$1 out=$2
	if [ ! -f "$tmp/$name.out" ]; then
		nok "guide: $name has no output block"
	elif matches "$tmp/$name.out" "$out"; then
		ok "guide: $name prints what the guide shows"
	else
		nok "guide: $name prints what the guide shows"
		diff -u "$tmp/$name.out" "$out" | sed 's/^/# /' | head -30
	fi
}

count=0
for src in "$tmp"/*.c; do
	[ -e "$src" ] || continue
	name=$(basename "$src" .c)
	count=$((count + 1))
	if ! "$CC" -std=gnu11 -Wall -Wextra -Werror -I"$root/include" "$src" \
		"$root/$BUILD/libvadma.a" -lm -o "$tmp/$name" 2>"$tmp/$name.err"; then
		nok "guide: $name builds"
		sed 's/^/# /' "$tmp/$name.err" | head -20
		continue
	fi
	ok "guide: $name builds"
	if "$tmp/$name" >"$tmp/$name.actual" 2>&1; then
		ok "guide: $name runs"
	else
		nok "guide: $name runs (status $?)"
	fi
	check_output "$name" "$tmp/$name.actual"
done
for cmd in "$tmp"/*.sh; do
	[ -e "$cmd" ] || continue
	name=$(basename "$cmd" .sh)
	count=$((count + 1))
	: >"$tmp/$name.actual"
	status=0
	while IFS= read -r line; do
		case $line in
		'$ '*) (cd "$root" && PATH="$root/$BUILD:$PATH" bash -c "${line#\$ }") \
			>>"$tmp/$name.actual" 2>&1 || status=$? ;;
		esac
	done <"$cmd"
	if [ "$status" = 0 ]; then ok "guide: $name runs"; else nok "guide: $name runs (status $status)"; fi
	check_output "$name" "$tmp/$name.actual"
done
[ "$count" -gt 0 ] && ok "guide: $count examples found" || nok "guide: no examples found"
echo "1..$n"
