#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The layering of docs/architecture.md, as the compiler sees it: what each
# core layer includes, directly or through other headers (gcc -MM), must be
# its own files and the public headers below it.  Above all the model
# never includes the drivers (smmu/, dmac/) or pgtable/: the model and the
# drivers are two independent readings of the specification.
# Prints TAP.
set -uo pipefail
CC=${CC:-gcc}
n=0
failed=0

# layer: the public headers (include/vadma/...) it may reach.
allowed() {
	case $1 in
	common) echo "bits env errno io" ;;
	pgtable) echo "bits env errno io pgtable" ;;
	plat) echo "bits env errno io plat" ;;
	smmu) echo "bits env errno io pgtable smmu hw/smmu" ;;
	dmac) echo "bits env errno io dmac hw/zdma hw/axi_cdma" ;;
	model) echo "bits env errno io plat model hw/smmu hw/zdma hw/axi_cdma" ;;
	esac
}

# violations LAYER SOURCES...: what the sources reach that LAYER may not.
violations() {
	local layer=$1 deps f h bad=""
	shift
	deps=$("$CC" -MM -Iinclude "$@") || return 2
	for f in $(printf '%s\n' "$deps" | tr ' \\' '\n\n' | grep -E '\.h$' | sort -u); do
		case $f in
		"$layer"/*) continue ;; # its own headers
		include/vadma/*.h)
			h=${f#include/vadma/}
			h=${h%.h}
			case " $(allowed "$layer") " in *" $h "*) continue ;; esac
			;;
		esac
		bad="$bad $f"
	done
	echo "$bad"
}

for layer in common pgtable plat smmu dmac model; do
	n=$((n + 1))
	if ! bad=$(violations "$layer" "$layer"/*.c); then
		echo "not ok $n - $layer: its dependencies (gcc -MM)"
		failed=$((failed + 1))
	elif [ -z "$bad" ]; then
		echo "ok $n - $layer includes only its own files and: $(allowed "$layer")"
	else
		echo "not ok $n - $layer reaches what its layer may not:$bad"
		failed=$((failed + 1))
	fi
done

# The check must be able to fail: a model file that includes a driver's
# header is caught.
n=$((n + 1))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#include "vadma/model.h"\n#include "vadma/smmu.h"\n' > "$tmp/bad.c"
case " $(violations model "$tmp/bad.c") " in
*" include/vadma/smmu.h "*) echo "ok $n - a model file including vadma/smmu.h would be caught" ;;
*)
	echo "not ok $n - a model file including vadma/smmu.h would be caught"
	failed=$((failed + 1))
	;;
esac
echo "1..$n"
[ "$failed" = 0 ]
