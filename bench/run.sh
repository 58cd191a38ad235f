#!/bin/sh
# run.sh - `make bench`: run every bench/*.sh but this one, in order.  Each
# benchmark prints its own figures; they are never asserted, only reported.
# BENCH_PERSONS scales the generated province (default 200000).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
# The province of the first year, built once for the benchmarks that
# share it (bench/common/province.sh).
BENCH_PROVINCE=$(mktemp -d)
export BENCH_PROVINCE
trap 'rm -rf "$BENCH_PROVINCE"' EXIT INT TERM
for b in "$top"/bench/*.sh; do
	[ "${b##*/}" = run.sh ] && continue
	echo "== ${b##*/}"
	CEU_BIN=$top/bin CEU_TOP=$top sh "$b"
done
