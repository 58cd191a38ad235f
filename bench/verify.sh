#!/bin/sh
# verify.sh - `ceu-report journal --verify` (R16: the chain, every row's
# seal, the ids and the signed head) against a full `PRAGMA
# integrity_check` of the same file.
#
#	BENCH_PERSONS=200000 sh bench/verify.sh	(make bench runs it)
#
# Builds a province of BENCH_PERSONS people (default 200000, about 4.4 M
# records) with ceu-gen and ceu-import, as backup.sh does, then times each
# of the two BENCH_RUNS times (default 3) in turn with /usr/bin/time and
# prints the medians, peak RSS, the file's size and the ratio verify /
# integrity_check (goal <= 2).  Figures are printed, never asserted.
# BENCH_KEEP=DIR keeps the database in DIR and reuses it.  Needs
# /usr/bin/time and awk.
set -eu
bench=$(cd "$(dirname "$0")" && pwd)
. "$bench/common/measure.sh"
. "$bench/common/province.sh"
: "${CEU_BIN:?CEU_BIN must name the folder of the binaries}"
persons=${BENCH_PERSONS:-200000}
runs=${BENCH_RUNS:-3}
PATH=$CEU_BIN:$PATH
export PATH
if [ ! -x /usr/bin/time ]; then
	echo "verify.sh: needs /usr/bin/time (make deps installs it)" >&2
	exit 1
fi
if [ -n "${BENCH_KEEP:-}" ]; then
	work=$BENCH_KEEP
	mkdir -p "$work"
	trap 'rm -rf "$work"/gen' EXIT INT TERM
else
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT INT TERM
fi
cd "$work"
# The 2023 province, loaded in January 2024: every activity has taken
# place (R9) and arrives before the audit deadline (R11).
CEU_DB=$work/ceu.db CEU_TODAY=2024-01-15 CEU_ACTOR=bench
export CEU_DB CEU_TODAY CEU_ACTOR

if [ ! -s ceu.db ]; then
	province "$work"
	rm -rf gen
fi
records=$(sqlite3 ceu.db "SELECT count(*) FROM record")
bytes=$(wc -c < ceu.db)
echo "province: $persons persons, $records records, $((bytes / 1048576)) MB" \
    "($((bytes / records)) bytes a record, indexes and all)"

: > check.t
: > verify.t
for i in $(seq "$runs"); do
	timed "sqlite3 PRAGMA integrity_check" \
	    sqlite3 ceu.db "PRAGMA integrity_check"
	echo "$secs" >> check.t
	timed "ceu-report journal --verify" ceu-report journal --verify
	echo "$secs" >> verify.t
done
check=$(median < check.t)
verify=$(median < verify.t)
echo "medians of $runs: integrity_check $check s, journal --verify $verify s"
echo "ratio journal --verify / integrity_check: $(ratio "$verify" "$check")" \
    "  (goal <= 2)"
