# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Sourced by the shell suites: TAP lines and a scratch directory ($tmp).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
