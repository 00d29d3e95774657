#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The API reference (docs/api/, made by "make api-doc" with
# scripts/kernel-doc-md) covers every public header, is up to date, and every
# function, struct, parameter and member in those headers is documented
# under its own name.  Then the checker itself: it accepts a header that
# uses each form it knows, finds each kind of mistake in one that does not,
# and finds stale pages.  Usage: apidoc.sh HEADER... (the Makefile's
# API_HEADERS).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../lib/tap.sh
. "$root/tests/lib/tap.sh"
cd "$root" || exit 1
kdoc=scripts/kernel-doc-md
fix=tests/build/apidoc

if ! command -v python3 > /dev/null; then
	nok "python3 is installed (scripts/deps.sh check installs it)"
	echo "1..$n"
	exit 0
fi
[ $# -gt 0 ] || { nok "the Makefile passes API_HEADERS"; echo "1..$n"; exit 0; }

# Every public header is in the list: a new one cannot go undocumented.
listed=$(printf '%s\n' "$@" | sort)
present=$(find include -name '*.h' | sort)
if [ "$listed" = "$present" ]; then
	ok "API_HEADERS names every header under include/"
else
	nok "API_HEADERS names every header under include/"
	diff <(echo "$listed") <(echo "$present") | sed 's/^/#   /'
fi

for h in "$@"; do
	if out=$($kdoc --lint "$h" 2>&1); then
		ok "kernel-doc of $h is complete and matches the declarations"
	else
		nok "kernel-doc of $h is complete and matches the declarations"
		printf '%s\n' "$out" | sed 's/^/#   /'
	fi
done

if out=$($kdoc --check --out docs/api "$@" 2>&1); then
	ok "docs/api is what make api-doc makes of the headers"
else
	nok "docs/api is what make api-doc makes of the headers"
	printf '%s\n' "$out" | sed 's/^/#   /'
fi

# The checker accepts every form good.h uses ...
if out=$($kdoc --lint "$fix/good.h" 2>&1); then
	ok "checker: accepts a header with each documented form"
else
	nok "checker: accepts a header with each documented form"
	printf '%s\n' "$out" | sed 's/^/#   /'
fi
# ... and renders it: members, private ones left out, parameters, links.
if $kdoc --out "$tmp/api" --root "$fix" good.h > /dev/null 2>&1 &&
	grep -qxF '| `y` | declared with `x` |' "$tmp/api/good.md" &&
	grep -qxF '| `...` | ignored |' "$tmp/api/good.md" &&
	grep -qF 'Fill a [`struct thing`](#struct-thing).' "$tmp/api/good.md" &&
	! grep -q secret "$tmp/api/good.md" &&
	grep -qF '[`thing_fill()`](good.md#thing_fill)' "$tmp/api/README.md"; then
	ok "checker: renders members, parameters and links, not private members"
else
	nok "checker: renders members, parameters and links, not private members"
fi

# Each mistake in bad.h is reported, at its line, and nothing else.
out=$($kdoc --lint "$fix/bad.h" 2>&1)
rc=$?
if [ $rc = 1 ] && [ "$out" = "$(cat "$fix/bad.expected")" ]; then
	ok "checker: reports each mistake of bad.h and fails"
else
	nok "checker: reports each mistake of bad.h and fails (status $rc)"
	diff <(printf '%s\n' "$out") "$fix/bad.expected" | sed 's/^/#   /'
fi

# Stale pages: a changed comment, a page too many, a page missing.
cp "$fix/good.h" "$tmp/good.h"
$kdoc --out "$tmp/stale" --root "$tmp" good.h > /dev/null 2>&1
sed -i 's/@val: the byte/@val: the value/' "$tmp/good.h"
out=$($kdoc --check --out "$tmp/stale" --root "$tmp" good.h 2>&1)
rc=$?
if [ $rc = 1 ] && grep -q 'stale: .*good.md differs' <<< "$out"; then
	ok "checker: a changed comment makes the page stale"
else
	nok "checker: a changed comment makes the page stale (status $rc)"
fi
$kdoc --out "$tmp/stale" --root "$tmp" good.h > /dev/null 2>&1
touch "$tmp/stale/old.md"
rm "$tmp/stale/README.md"
out=$($kdoc --check --out "$tmp/stale" --root "$tmp" good.h 2>&1)
if grep -q 'old.md is not generated' <<< "$out" &&
	grep -q 'README.md is missing' <<< "$out"; then
	ok "checker: a page too many or missing is stale"
else
	nok "checker: a page too many or missing is stale"
fi
echo "1..$n"
