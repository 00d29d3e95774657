#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Every relative link in the repository's Markdown points at a file or
# folder that exists, so the documentation does not rot as files move.
# Links to other sites, mail addresses and anchors within a page are not
# followed.  One TAP line per page.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../lib/tap.sh
. "$root/tests/lib/tap.sh"

cd "$root" || exit 1
pages=$(git ls-files '*.md' 2>/dev/null || find . -name '*.md' -not -path './build/*')
[ -n "$pages" ] || { nok "no Markdown pages found"; echo "1..$n"; exit 0; }
for page in $pages; do
	dir=$(dirname "$page")
	bad=()
	# [text](target) and [text](target "title"); code spans and fenced
	# blocks are left out, since they show syntax rather than link.
	while IFS= read -r target; do
		target=${target%% *}
		target=${target%%#*}
		case $target in
		'' | http://* | https://* | mailto:*) continue ;;
		esac
		[ -e "$dir/$target" ] || bad+=("$target")
	done < <(awk '/^```/ { fence = !fence; next } !fence' "$page" |
		sed 's/`[^`]*`//g' | grep -o '\]([^)]*)' | sed 's/^](//; s/)$//')
	if [ ${#bad[@]} = 0 ]; then
		ok "links in $page resolve"
	else
		nok "links in $page resolve"
		printf '#   missing: %s\n' "${bad[@]}"
	fi
done
echo "1..$n"
