#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# make install puts a usable tool, library and headers under PREFIX.
set -uo pipefail
BUILD=${BUILD:-build}
CC=${CC:-gcc}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
n=0
check() {
	n=$((n + 1))
	if "${@:2}" >"$dest/log" 2>&1; then
		echo "ok $n - $1"
	else
		sed 's/^/# /' "$dest/log" | tail -20
		echo "not ok $n - $1"
	fi
}
check "make install PREFIX=..." make --no-print-directory -s BUILD="$BUILD" install PREFIX="$dest/usr"
check "the man page is installed" test -s "$dest/usr/share/man/man1/vadma.1"
if command -v groff >/dev/null; then
	check "the man page renders without warnings" \
		sh -c "groff -man -Tutf8 -ww -z '$dest/usr/share/man/man1/vadma.1' 2>&1 | { ! grep .; }"
fi
check "the installed vadma runs E1" "$dest/usr/bin/vadma" run e1 --json --size 4096
check "the installed vadma runs E4 (vadma-node beside it)" "$dest/usr/bin/vadma" run e4 --size 4096
cat > "$dest/user.c" <<'C'
#include "vadma/scenario.h"
int main(void)
{
	struct scn_opts o;
	struct scn_result r;

	scn_opts_default(&o);
	return scn_copy(&o, &r) || !r.verified;
}
C
check "a program builds against the installed headers and library" \
	"$CC" -std=gnu11 -Wall -Werror -I"$dest/usr/include" "$dest/user.c" \
	"$dest/usr/lib/libvadma.a" -o "$dest/user"
check "and runs E1 through it" "$dest/user"
cat > "$dest/kdev.c" <<'C'
#include <errno.h>
#include "vadma/kdev.h"
int main(void)
{
	struct vadma_kdev k;
	int ret = vadma_kdev_open(&k, "/nonexistent/vadma");

	return ret == -ENOENT ? 0 : 1;
}
C
check "a program builds against the installed kdev.h (/dev/vadma's library)" \
	"$CC" -std=gnu11 -Wall -Werror -I"$dest/usr/include" "$dest/kdev.c" \
	"$dest/usr/lib/libvadma.a" -o "$dest/kdev"
check "and reports a missing device as ENOENT" "$dest/kdev"
