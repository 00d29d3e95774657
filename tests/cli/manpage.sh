#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# man/vadma.1 matches the command line: every command and experiment the
# tool lists is in the page, every long option the tool accepts is
# documented in the page's section for its command, and every option the
# page documents is accepted there.
#
# Which options exist is read from cli/*.c (the getopt_long tables and the
# hand-parsed "--name" strings) and from each command's --help; which of
# them a command accepts is asked of the binary itself: "CMD --opt 1
# --help" is accepted unless the tool answers "unknown/bad/incomplete
# option '--opt'" (a value error is an accepted option).
#
# usage: manpage.sh [VADMA [VADMA_NODE [MAN]]]
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
VADMA=${1:-$root/build/vadma}
NODE=${2:-$root/build/vadma-node}
MAN=${3:-$root/man/vadma.1}
# shellcheck source=../lib/tap.sh
. "$root/tests/lib/tap.sh"
# As tap.sh's, and counted for the exit status.
failed=0
nok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
case $VADMA in /*) ;; *) VADMA=$PWD/$VADMA ;; esac
case $NODE in /*) ;; *) NODE=$PWD/$NODE ;; esac

# The probes: a command line with @ where the option and its dummy value
# go, and the man-page section that documents that command's options.
# "dump" takes the options of "run" but --backend (the page says so in
# its dump section), so its options are only looked up in run's sections.
probes=(
	'run e1 @|run e1 | e2'
	'run e2 @|run e1 | e2'
	'dump e1 @|run e1 | e2|lookup'
	'run e3 @|run e3 | e3-coherence'
	'run e3-coherence @|run e3 | e3-coherence'
	'dump e3 @|run e3 | e3-coherence|lookup'
	'run e1 @ --backend kernel|run e1 | e2 | e3 | e3-coherence --backend kernel'
	'run e3 @ --backend kernel|run e1 | e2 | e3 | e3-coherence --backend kernel'
	'run e4 @|run e4'
	'walk @|walk'
	'mkpt @|mkpt'
	'bench @|bench'
	'NODE @|vadma-node'
)

# The page as plain text, one section per file: $tmp/sec/<heading>.
mkdir -p "$tmp/sec"
sed -e 's/\\-/-/g' -e 's/\\(en/-/g' -e 's/\\f[BIRP]//g' -e 's/\\&//g' \
	-e 's/\\c$//' "$MAN" | awk -v dir="$tmp/sec" '
	/^\.S[HS] / {
		h = $0; sub(/^\.S[HS] +/, "", h); gsub(/"/, "", h)
		gsub(/\//, "_", h); file = dir "/" h; printf "" > file; next
	}
	file != "" { print >> file }
'
man_opts() { grep -o -- '--[a-z0-9][a-z0-9-]*' "$1" | sort -u; }

# accepted PROBE OPTION: does the command take the option?
accepted() {
	local probe=$1 opt=$2 out
	if [ "${probe%% *}" = NODE ]; then
		# vadma-node parses the options before it looks at the mode.
		out=$(cd "$tmp" && timeout 30 "$NODE" probe "$opt" 1 2>&1)
	else
		# shellcheck disable=SC2086  # the probe is split into words
		out=$(cd "$tmp" && set -f && timeout 30 "$VADMA" ${probe/@/$opt 1} --help 2>&1)
	fi
	! printf '%s\n' "$out" | grep -Eq "(unknown|bad|incomplete)[a-z ]*'$opt'"
}

# Every command "vadma --help" lists, and every experiment it names, is in
# the page; every command and experiment in the page's synopsis runs.
help=$("$VADMA" --help)
cmds=$(printf '%s\n' "$help" | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z0-9-]*\) .*/\1/p')
exps=$(printf '%s\n' "$help" | grep -o '\be[0-9][a-z0-9-]*' | sort -u)
if [ -z "$cmds" ] || [ -z "$exps" ]; then
	nok "vadma --help lists commands and experiments"
fi
for c in $cmds; do
	if grep -Eq "^\.B vadma $c( |$)|^\.SS \"?$c( |\"|$)" "$MAN"; then
		ok "command '$c' is in the man page"
	else
		nok "command '$c' is in the man page"
	fi
done
for e in $exps; do
	if grep -q -- "$e" "$tmp/sec/SYNOPSIS"; then
		ok "experiment '$e' is in the man page's synopsis"
	else
		nok "experiment '$e' is in the man page's synopsis"
	fi
done
while read -r c; do
	if "$VADMA" "$c" --help >/dev/null 2>&1; then
		ok "'vadma $c' from the man page is a command"
	else
		nok "'vadma $c' from the man page is a command"
	fi
done < <(sed -n 's/^\.B vadma \([a-z][a-z0-9-]*\).*/\1/p' "$MAN" | sort -u)
while read -r e; do
	if "$VADMA" run "$e" --help >/dev/null 2>&1; then
		ok "experiment '$e' from the man page runs"
	else
		nok "experiment '$e' from the man page runs"
	fi
done < <(grep -o '\be[0-9][a-z0-9-]*' "$tmp/sec/SYNOPSIS" | sort -u)

# Every long option anywhere in the CLI's sources or help texts.
{
	sed -n 's/.*{ *"\([a-z0-9][a-z0-9-]*\)", *[a-z]*_argument.*/--\1/p' \
		"$root"/cli/*.c
	grep -ho '"--[a-z0-9][a-z0-9-]*"' "$root"/cli/*.c | tr -d '"'
	for p in "${probes[@]}"; do
		probe=${p%%|*}
		[ "${probe%% *}" = NODE ] && continue
		# shellcheck disable=SC2086
		"$VADMA" ${probe/@/} --help 2>&1
	done | grep -o -- '--[a-z0-9][a-z0-9-]*'
} | sort -u >"$tmp/universe"
[ -s "$tmp/universe" ] || nok "options found in cli/"

# Every option a command accepts is in its section of the page (--help:
# somewhere in the page), and every option a section names is accepted
# by the commands it documents.
for p in "${probes[@]}"; do
	probe=${p%%|*}
	name=${p#*|}
	lookup_only=0
	case $name in *'|lookup') lookup_only=1; name=${name%|lookup} ;; esac
	sec=$tmp/sec/$name
	if [ ! -f "$sec" ]; then
		nok "man page has a section '$name'"
		continue
	fi
	man_opts "$sec" >"$tmp/documented"
	missing=""
	while read -r opt; do
		accepted "$probe" "$opt" || continue
		[ "$opt" = --help ] && grep -q -- '--help' "$tmp/sec/DESCRIPTION" && continue
		grep -qx -- "$opt" "$tmp/documented" || missing="$missing $opt"
	done <"$tmp/universe"
	if [ -z "$missing" ]; then
		ok "${probe/@/...}: every option it takes is in the man page"
	else
		nok "${probe/@/...}: every option it takes is in the man page; missing:$missing"
	fi
	[ "$lookup_only" = 1 ] && continue
	bad=""
	while read -r opt; do
		accepted "$probe" "$opt" || bad="$bad $opt"
	done <"$tmp/documented"
	if [ -z "$bad" ]; then
		ok "${probe/@/...}: every option the man page lists is taken"
	else
		nok "${probe/@/...}: every option the man page lists is taken; not:$bad"
	fi
done

# Options named outside the commands' sections are taken by some command.
for sec in "$tmp"/sec/*; do
	name=$(basename "$sec")
	for p in "${probes[@]}"; do
		p=${p#*|}
		[ "${p%|lookup}" = "$name" ] && continue 2
	done
	bad=""
	while read -r opt; do
		any=0
		for p in "${probes[@]}"; do
			if accepted "${p%%|*}" "$opt"; then any=1; break; fi
		done
		[ "$any" = 1 ] || bad="$bad $opt"
	done < <(man_opts "$sec")
	if [ -z "$bad" ]; then
		ok "man page section '$name': every option it names exists"
	else
		nok "man page section '$name': every option it names exists; not:$bad"
	fi
done
echo "1..$n"
[ "$failed" = 0 ]
