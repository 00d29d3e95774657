#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# The C sources follow .clang-format.
set -uo pipefail
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find . -name '*.[ch]' -not -path './build/*')
if out=$(clang-format --dry-run --Werror $files 2>&1); then
	echo "ok 1 - sources match .clang-format ($(echo "$files" | wc -w) files)"
else
	printf '%s\n' "$out" | head -40 | sed 's/^/# /'
	echo "not ok 1 - sources match .clang-format (run clang-format -i on the files above)"
fi
