#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# The core layers must build with no C library: a stray <stdio.h> fails here.
set -uo pipefail
BUILD=${BUILD:-build}
if out=$(make --no-print-directory -B BUILD="$BUILD" freestanding 2>&1); then
	echo "ok 1 - core layers build freestanding (-ffreestanding -nostdinc)"
else
	printf '%s\n' "$out" | sed 's/^/# /'
	echo "not ok 1 - core layers build freestanding"
fi
