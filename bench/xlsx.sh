#!/bin/sh
# xlsx.sh - the Excel workbook (-f xlsx) against the same output as CSV,
# the baseline, on a generated province: ceu-report compliance (a row a
# person) and ceu-register list (a row a record, the longest listing),
# each timed and its peak memory taken with /usr/bin/time; the median of
# BENCH_RUNS runs.  A workbook in constant-memory mode should cost a
# steady factor in time and nothing that grows with the rows in memory.
#
#	BENCH_PERSONS=200000 sh bench/xlsx.sh	(make bench runs it)
#
# Figures are printed, never asserted.  BENCH_KEEP=DIR keeps the
# database in DIR (and reuses one there).
set -eu
bench=$(cd "$(dirname "$0")" && pwd)
. "$bench/common/measure.sh"
. "$bench/common/province.sh"
: "${CEU_BIN:?CEU_BIN must name the folder of the binaries}"
runs=${BENCH_RUNS:-3}
PATH=$CEU_BIN:$PATH
export PATH
if [ -n "${BENCH_KEEP:-}" ]; then
	work=$BENCH_KEEP
	mkdir -p "$work"
else
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT INT TERM
fi
CEU_DB=$work/ceu.db
CEU_TODAY=2023-12-20
CEU_ACTOR=bench
export CEU_DB CEU_TODAY CEU_ACTOR

if [ ! -s "$CEU_DB" ]; then
	province "$work"
	rm -rf "$work/gen"
fi
echo "persons: $(sqlite3 "$CEU_DB" 'SELECT count(*) FROM person')," \
    "records: $(sqlite3 "$CEU_DB" 'SELECT count(*) FROM record')"

# measure NAME CMD...: BENCH_RUNS runs of CMD; "seconds kilobytes" (the
# medians of elapsed time and of peak resident memory) in $work/NAME.
measure() {
	name=$1
	shift
	: >"$work/$name.t"
	: >"$work/$name.m"
	i=0
	while [ $i -lt "$runs" ]; do
		/usr/bin/time -f '%e %M' -o "$work/$name.one" "$@" >/dev/null
		cut -d' ' -f1 "$work/$name.one" >>"$work/$name.t"
		cut -d' ' -f2 "$work/$name.one" >>"$work/$name.m"
		i=$((i + 1))
	done
	echo "$(median <"$work/$name.t") $(median <"$work/$name.m")" \
	    >"$work/$name"
}

# compare WHAT ARGS...: ceu-report/ceu-register ARGS as csv and as xlsx.
compare() {
	what=$1
	shift
	measure csv "$@" -f csv -o "$work/out.csv"
	measure xlsx "$@" -f xlsx -o "$work/out.xlsx"
	read -r ct cm <"$work/csv"
	read -r xt xm <"$work/xlsx"
	echo "$what: csv ${ct} s ${cm} KB, xlsx ${xt} s ${xm} KB" \
	    "($(du -k "$work/out.csv" | cut -f1) KB and" \
	    "$(du -k "$work/out.xlsx" | cut -f1) KB written):" \
	    "time x$(echo "$xt $ct" | awk '{ printf "%.2f", $1 / ($2 > 0 ? $2 : 0.01) }')," \
	    "memory x$(echo "$xm $cm" | awk '{ printf "%.2f", $1 / $2 }')"
}

compare "ceu-report compliance --show-id" \
    ceu-report compliance --year 2023 --show-id
compare "ceu-register list --year 2023" \
    ceu-register list --year 2023
rm -f "$work/out.csv" "$work/out.xlsx"
