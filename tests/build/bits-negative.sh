#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# FIELD_PREP/FIELD_GET/GENMASK must refuse misuse at compile time.
set -uo pipefail
CC=${CC:-gcc}
src=$(mktemp --suffix=.c)
trap 'rm -f "$src" "$src.o"' EXIT
cat > "$src" <<'C'
#include "vadma/bits.h"
unsigned long f(unsigned long v, unsigned long m);
unsigned long f(unsigned long v, unsigned long m)
{
	(void)v; (void)m;
	return CASE;
}
C
n=0
check() {	# expect(ok|fail) description expression
	local expect=$1 what=$2 expr=$3 got
	n=$((n + 1))
	if $CC -std=gnu11 -Wall -Wextra -Werror -Iinclude "-DCASE=$expr" -c "$src" -o "$src.o" 2>/dev/null; then
		got=ok
	else
		got=fail
	fi
	if [ "$got" = "$expect" ]; then
		echo "ok $n - $what"
	else
		echo "not ok $n - $what (expected the build to $expect)"
	fi
}
check ok   "FIELD_PREP with a variable value builds" "FIELD_PREP(GENMASK(15, 14), v)"
check ok   "FIELD_GET of a 64-bit top field builds" "FIELD_GET(GENMASK_ULL(63, 48), v)"
check fail "a constant that does not fit the field is refused" "FIELD_PREP(GENMASK(15, 14), 4)"
check fail "GENMASK(3, 4) is refused" "GENMASK(3, 4)"
check fail "a variable mask is refused" "FIELD_GET(m, v)"
check fail "a non-contiguous mask is refused" "FIELD_GET(0x5, v)"
check fail "a zero mask is refused" "FIELD_PREP(0, v)"
