#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Unimem (E4) under mpirun: 2 and 4 nodes, all-to-all writes and reads with
# every byte verified, protection violations, faults at the destination, a
# node that leaves early; and "vadma run e4".  The nodes print TAP lines
# ("ok - node N: ..."); this suite numbers them.
set -uo pipefail
BUILD=${BUILD:-build}
NODE=${1:-$BUILD/vadma-node}
VADMA=${2:-$BUILD/vadma}
# $3: the transport test, by default beside vadma-node in tests/
# shellcheck source=../lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

# Open MPI refuses root unless told; CI runs as root.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Open MPI's own allocations are not ours to check for leaks.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
MPIRUN="mpirun --oversubscribe --bind-to none"

# mpi DESCRIPTION NP ARGS...: the nodes' TAP lines become ours.
mpi() {
	local what=$1 np=$2 rc line
	shift 2
	timeout 120 $MPIRUN -np "$np" "$NODE" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok "$what: ${line#ok - }" ;;
		"not ok - "*) nok "$what: ${line#not ok - }" ;;
		esac
	done <"$tmp/out"
	if [ "$rc" != 0 ] || ! grep -q "^ok: $np nodes" "$tmp/out"; then
		nok "$what: mpirun -np $np vadma-node $* (status $rc)"
		sed 's/^/# /' "$tmp/out" "$tmp/err" | tail -30
	fi
}

if ! command -v mpirun >/dev/null; then
	nok "mpirun is missing (openmpi-bin)"
	echo "1..$n"
	exit 0
fi

mpi "e4, 2 nodes" 2 e4
grep -q "faults at this node's SMMU (16 served, 1 refused)" "$tmp/out" &&
	ok "e4 shows the faults served at the destination" ||
	nok "e4 shows the faults served at the destination"
mpi "e4, 4 nodes, 100000 bytes" 4 e4 --size 100000
mpi "all to all, 2 nodes" 2 test --rounds 6 --seed 3
mpi "all to all, 4 nodes" 4 test --rounds 6 --seed 7
mpi "early exit, 2 nodes" 2 test-early-exit
mpi "early exit, 4 nodes" 4 test-early-exit
mpi "a2a, 4 nodes, coalesced 64 B puts" 4 a2a --size 64 --count 300 --rounds 2 --window 32
mpi "a2a, 3 nodes, 12000 B puts" 3 a2a --size 12000 --count 20 --rounds 2
# A window the destinations cannot all serve at once is refused, clearly.
if ! timeout 120 $MPIRUN -np 4 "$NODE" a2a --size 64 --window 512 --rounds 1 >"$tmp/out" 2>&1 &&
   grep -q "a2a: --window 512 is more than 256 on 4 nodes" "$tmp/out"; then
	ok "a2a --window 512 on 4 nodes is refused (256 at most)"
else
	nok "a2a --window 512 on 4 nodes is refused (256 at most)"
	sed 's/^/# /' "$tmp/out" | tail -10
fi
# The transport itself: messages no node sends (built beside vadma-node).
TRANSPORT=${3:-$(dirname "$NODE")/tests/mpi_transport}
if [ -x "$TRANSPORT" ]; then
	NODE=$TRANSPORT mpi "MPI transport, foreign messages" 2
else
	nok "MPI transport test $TRANSPORT is missing (make $TRANSPORT)"
fi

# The benchmark runs (its figures are for make bench, not checked here).
if timeout 120 $MPIRUN -np 2 "$NODE" bench --count 100 --rounds 1 --json >"$tmp/out" 2>&1 &&
   grep -q '"bench":"unimem","size":65536' "$tmp/out" &&
   grep -q '"bench":"unimem","size":64,' "$tmp/out" &&
   grep -q "^1048576  ratio   put" "$tmp/out"; then
	ok "vadma-node bench runs (put, get and raw MPI, same run)"
else
	nok "vadma-node bench runs (put, get and raw MPI, same run)"
	sed 's/^/# /' "$tmp/out" | tail -20
fi

if "$VADMA" run e4 >"$tmp/out" 2>&1 && grep -q "^ok: 2 nodes, 7 checks passed, 0 failed" "$tmp/out"; then
	ok "vadma run e4 starts the nodes under mpirun"
else
	nok "vadma run e4 starts the nodes under mpirun"
	sed 's/^/# /' "$tmp/out" | tail -20
fi
"$VADMA" run e4 --nodes 1 >/dev/null 2>&1
[ $? = 2 ] && ok "vadma run e4 --nodes 1 is refused" || nok "vadma run e4 --nodes 1 is refused"
echo "1..$n"
