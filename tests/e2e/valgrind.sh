#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The end-to-end runs under valgrind (the plain build, no sanitizers):
# no invalid access, no use of uninitialised memory, no leak.  Small sizes
# keep it fast.
set -uo pipefail
VADMA=${1:-build/vadma}
# shellcheck source=../lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

vg() {
	local what=$1 rc
	shift
	valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect,possible \
		"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" = 0 ]; then
		ok "valgrind: $what"
	else
		nok "valgrind: $what (status $rc)"
		tail -n 30 "$tmp/err" | sed 's/^/# /'
	fi
}

vg "vadma run e1" "$VADMA" run e1 --size 16384
vg "vadma run e2" "$VADMA" run e2 --size 16384
vg "vadma run e1 --fault unmapped --stall --fix" \
	"$VADMA" run e1 --size 16384 --fault unmapped --stall --fix
vg "vadma run e3" "$VADMA" run e3 --size 16384
vg "vadma run e3-coherence" "$VADMA" run e3-coherence --size 16384
