#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# "vadma bench": one round of every figure runs; the JSON holds every
# figure, its limit measured in the same run and the ratio, consistent
# with each other and with the targets of docs/perf.md; the table shows
# them; a bad --rounds is refused.  The figures themselves are for
# make bench, not checked here.
set -uo pipefail
VADMA=${1:-build/vadma}
# shellcheck source=../lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

if "$VADMA" bench --json --rounds 1 >"$tmp/json" 2>"$tmp/err"; then
	ok "bench --json --rounds 1 runs"
else
	nok "bench --json --rounds 1 runs"
	sed 's/^/# /' "$tmp/err"
fi

# Prints one line per problem found.
python3 - "$tmp/json" >"$tmp/bad" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = {x["key"]: x for x in d["results"]}
want = {"xlate_hit": 0.5, "xlate_miss_cold": 0.7, "xlate_miss_cached": None,
        "xlate_miss_512": None,
        "xlate_wc_hit": False, "map_bulk": None, "map_single": False,
        "unmap_single": False, "pt_walk": None, "zdma": 0.8, "cdma": 0.8}
if d.get("rounds") != 1:
    print("rounds is not 1")
for k, t in want.items():
    x = r.get(k)
    if not x:
        print("no figure", k); continue
    if not (x["value"] > 0 and x["min"] <= x["value"] <= x["max"]
            and len(x["values"]) == 1):
        print(k, "value, min, max, values inconsistent")
    if t is False:
        if x["limit"] is not None:
            print(k, "has a limit")
        continue
    if not (x["limit"] > 0 and x["limit_name"] and len(x["limit_values"]) == 1):
        print(k, "no limit measured")
        continue
    if abs(x["ratio"] - x["value"] / x["limit"]) > 1e-3 * x["ratio"] + 1e-4:
        print(k, "ratio is not value / limit")
    if x["target"] != t:
        print(k, "target", x["target"], "not", t)
    if t and x["met"] != (x["ratio"] >= t):
        print(k, "met disagrees with the ratio")
# The cold walks' tables (and the limit's footprint) beyond a 32 MiB LLC,
# the cached ones' within an L1.
import re
for k, lo, hi in (("xlate_miss_cold", 32 << 20, None),
                  ("xlate_miss_cached", 0, 48 << 10)):
    m = re.search(r"(\d+) tables", r.get(k, {}).get("limit_name") or "")
    b = int(m.group(1)) * 4096 if m else -1
    if b < lo or (hi and b > hi):
        print(k, "footprint", b, "bytes")
# The limits are chains one after another; the cold walk's independent
# (overlapped) chains are only information beside it.
for k in ("xlate_miss_cold", "xlate_miss_cached", "pt_walk"):
    if not (r.get(k, {}).get("limit_name") or "").startswith(
            "one chain after another of 4 dependent random loads (no two overlap)"):
        print(k, "limit is not one chain after another")
s = r.get("xlate_miss_cold_vs_overlapped")
o = r.get("xlate_miss_cold_overlapped")
if not (s and o and o["value"] > 0 and o["limit"] is None
        and "not a limit" in o["name"]
        and abs(s["value"] - r["xlate_miss_cold"]["value"]
                / o["value"]) < 1e-3 * s["value"]):
    print("cold walk against overlapped chains missing or inconsistent")
for k in ("xlate_miss_cold_serial", "xlate_miss_cold_vs_serial"):
    if k in r:
        print("old key", k)
for k in ("xlate_miss_512_share", "xlate_wc_hit_share", "memcpy", "memcpy_2",
          "zdma_vs_memcpy", "cdma_vs_memcpy"):
    if k not in r:
        print("no earlier key", k)
for e, f in (("zdma", "zdma_vs_memcpy"), ("cdma", "cdma_vs_memcpy")):
    if e in r and f in r and abs(r[f]["value"] - 100 * r[e]["ratio"]) > 0.1:
        print(f, "is not 100 x", e, "ratio")
if d["sparse_1tib"]["tables"] <= 0:
    print("no sparse mapping")
PY
if [ -s "$tmp/json" ] && [ ! -s "$tmp/bad" ]; then
	ok "bench --json: every figure, its limit, the ratio and the target agree"
else
	nok "bench --json: every figure, its limit, the ratio and the target agree"
	sed 's/^/# /' "$tmp/bad"
fi

if "$VADMA" bench --rounds 1 >"$tmp/out" 2>&1 &&
	grep -q '^figure .* median .* min .* max .* limit .* ratio .*target' "$tmp/out" &&
	grep -Eq '^model SMMU, TLB-hit translations .* 0\.50  (met|short)$' "$tmp/out" &&
	grep -Eq '^model ZDMA 1 MiB .* 0\.80  (met|short)$' "$tmp/out" &&
	grep -Eq '^model SMMU, TLB miss, cold walk, 64 MiB of tables .* 0\.70  (met|short)$' "$tmp/out" &&
	grep -Eq '^model SMMU, TLB miss, walk, tables in host cache .* [0-9.]+ +-$' "$tmp/out" &&
	grep -q '^  xlate_miss_cold  *one chain after another of 4 dependent random loads (no two overlap)' "$tmp/out" &&
	grep -q '^cold walk against the same chains independent of each other, which the host overlaps (not a limit): [0-9.]* M/s, ratio [0-9.]*$' "$tmp/out"; then
	ok "bench: the table shows each figure beside its limit and target"
else
	nok "bench: the table shows each figure beside its limit and target"
	sed 's/^/# /' "$tmp/out"
fi

for bad in 0 32 x 3x ''; do
	"$VADMA" bench --rounds "$bad" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" = 2 ] && grep -q -- '--rounds' "$tmp/err"; then
		ok "bench --rounds '$bad' refused"
	else
		nok "bench --rounds '$bad' refused (status $rc)"
	fi
done
echo "1..$n"
