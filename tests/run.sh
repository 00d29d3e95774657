#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Runs every test suite of "make check" and sums up.  Each suite prints TAP
# ("ok N - ..." / "not ok N - ..."); a suite that exits non-zero without a
# failing line counts as one failure of its own.  The last line is
# "N passed, N failed".
set -uo pipefail

BUILD=${BUILD:-build}
UNIT_TESTS=${UNIT_TESTS:-}
FUZZ_TARGETS=${FUZZ_TARGETS:-}
API_HEADERS=${API_HEADERS:-}
export BUILD
passed=0
failed=0
failures=()

suite() {
	local name=$1 out rc ok bad
	shift
	echo "== $name"
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | sed 's/^/   /'
	ok=$(printf '%s\n' "$out" | grep -c '^ok ')
	bad=$(printf '%s\n' "$out" | grep -c '^not ok ')
	if [ "$rc" != 0 ] && [ "$bad" = 0 ]; then
		bad=1
		echo "   not ok - $name exited with status $rc"
	fi
	if [ "$ok" = 0 ] && [ "$bad" = 0 ]; then
		bad=1
		echo "   not ok - $name reported no result"
	fi
	passed=$((passed + ok))
	failed=$((failed + bad))
	[ "$bad" != 0 ] && failures+=("$name")
	return 0
}

cmocka() {
	CMOCKA_MESSAGE_OUTPUT=TAP "$@"
}

suite "freestanding build of the core" tests/build/freestanding.sh
suite "bits.h compile-time checks" tests/build/bits-negative.sh
suite "clang-format" tests/build/format.sh
suite "the layering of docs/architecture.md, as gcc -MM sees it" tests/build/layering.sh
suite "make install" tests/build/install.sh
suite "Markdown links resolve" tests/build/doclinks.sh
# shellcheck disable=SC2086 # one word per header
suite "API reference: kernel-doc complete, docs/api up to date" tests/build/apidoc.sh $API_HEADERS
for t in $UNIT_TESTS; do
	suite "unit: $t" cmocka "$BUILD/tests/$t"
	suite "unit (ASan+UBSan): $t" cmocka "$BUILD/san/tests/$t"
done
suite "unit: test_alloc_fail (allocation-failure injection)" cmocka "$BUILD/tests/test_alloc_fail"
suite "unit (ASan+UBSan): test_alloc_fail" cmocka "$BUILD/san/tests/test_alloc_fail"
suite "vadma walk / mkpt command line (ASan+UBSan)" tests/cli/walk.sh "$BUILD/san/vadma"
suite "vadma bench: every figure beside its limit and ratio" tests/cli/bench.sh "$BUILD/vadma"
suite "man page: every command and option, both ways" tests/cli/manpage.sh "$BUILD/vadma" "$BUILD/vadma-node"
suite "E1 and E2 end to end on the model (ASan+UBSan)" tests/e2e/experiments.sh "$BUILD/san/vadma"
suite "E3 end to end on the model (ASan+UBSan)" tests/e2e/e3.sh "$BUILD/san/vadma"
suite "E4: Unimem remote DMA under mpirun (ASan+UBSan)" tests/mpi/unimem.sh "$BUILD/san/vadma-node" "$BUILD/san/vadma"
suite "the SMMU guide: every example runs and prints what it shows" tests/guide/check.sh
suite "end-to-end runs under valgrind" tests/e2e/valgrind.sh "$BUILD/vadma"
# shellcheck disable=SC2086
suite "libFuzzer targets over their corpora (ASan+UBSan)" tests/fuzz/run.sh check $FUZZ_TARGETS
suite "conformance against QEMU's CPU" tests/qemu/conformance.sh
suite "vadma.ko in Debian's arm64 kernel under QEMU" tests/kernel/run-kernel.sh

# The virtual ZCU102: QEMU with vadma's MMU-500, GDMA and CDMA, built by
# make check (scripts/qemu-zcu102.sh, QEMU=... in $BUILD/qemu-zcu102.env).
zcu102() { # zcu102 SCRIPT: run it with QEMU= that binary
	local env=$BUILD/qemu-zcu102.env
	if [ ! -s "$env" ]; then
		echo "not ok - the virtual ZCU102's QEMU was built (scripts/qemu-zcu102.sh)"
		return 1
	fi
	# shellcheck disable=SC1090 # QEMU=...
	(. "$env" && QEMU=$QEMU "$1")
}
suite "the virtual ZCU102's devices, bare metal (qemu/tests/smoke.sh)" zcu102 qemu/tests/smoke.sh
suite "the virtual ZCU102: Linux's drivers and vadma.ko on vadma's MMU-500 in QEMU" zcu102 tests/zcu102/run.sh

echo
if [ "$failed" != 0 ]; then
	echo "failed suites: ${failures[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
