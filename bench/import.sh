#!/bin/sh
# import.sh - ceu-import hours against the sqlite3 shell's raw .import, on
# two shapes of hours.csv.
#
# Generates a province of BENCH_PERSONS people (default 200000) with about
# 20 hours rows each, loads units, persons and filings, then for each
# shape times in the same run: `sqlite3 plain.db ".import --csv hours.csv
# t"` (no checks at all), `ceu-import hours` of the same file, and the
# same import again (every row unchanged).  Prints the three times, the
# ratios and the peak RSS of each.  Goals, for both shapes: ratio <= 2,
# RSS < 64 MB, second run no slower than the first.
#
# The shapes (ceu-gen --shape): "short", titles drawn from a few hundred
# and refs of 10 characters; "system", every title different and refs of
# 18 characters, as an integrated system numbers its records.  BENCH_SHAPES
# picks some ("short system" by default).  Needs /usr/bin/time (Debian
# package time) and awk.
set -eu
: "${CEU_BIN:?}" "${CEU_TOP:?}"
PATH=$CEU_BIN:$PATH
persons=${BENCH_PERSONS:-200000}
shapes=${BENCH_SHAPES:-short system}
if [ ! -x /usr/bin/time ]; then
	echo "import.sh: needs /usr/bin/time (make deps installs it)" >&2
	exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work"
# The 2023 hours arrive in January 2024: every activity has taken place
# (R9) and the audit deadline has not passed (R11).
CEU_TODAY=2024-01-15 CEU_ACTOR=bench
export CEU_TODAY CEU_ACTOR

# timed LABEL CMD...: run CMD; set secs and rss and print them.
timed() {
	label=$1
	shift
	/usr/bin/time -f '%e %M' -o timed.out "$@"
	secs=$(awk '{ print $1 }' timed.out)
	rss=$(awk '{ printf "%.1f", $2 / 1024 }' timed.out)
	printf '%-34s %8s s   peak RSS %6s MB\n' "$label" "$secs" "$rss"
}

# ratio A B: A / B to two decimals.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf("%.2f", (b > 0) ? a / b : 0) }'
}

# bench_shape SHAPE: generate, load the register, time the three runs.
bench_shape() {
	rm -rf gen ceu.db ceu.db-wal ceu.db-shm plain.db
	ceu-gen --persons "$persons" --hours-per-person 20 --seed 7 \
	    --year 2023 --shape "$1" --out gen
	rows=$(($(wc -l < gen/hours.csv) - 1))
	echo "-- shape $1: $persons persons, $rows hours rows," \
	    "$(du -h gen/hours.csv | cut -f1) hours.csv"
	CEU_DB=$work/ceu.db
	export CEU_DB
	ceu init -q
	for k in units persons filings; do
		ceu-import -q "$k" gen/$k.csv
	done
	printf 'source,name\nbench,bench\n' > sources.csv
	ceu-import -q sources sources.csv
	timed "sqlite3 .import --csv (raw)" \
	    sqlite3 plain.db ".import --csv gen/hours.csv t"
	raw=$secs
	timed "ceu-import hours (first run)" \
	    ceu-import -q hours --source bench gen/hours.csv
	first=$secs
	timed "ceu-import hours (all unchanged)" \
	    ceu-import -q hours --source bench gen/hours.csv
	second=$secs
	echo "shape $1: ratio first run / raw .import:  $(ratio "$first" "$raw")   (goal <= 2)"
	echo "shape $1: ratio second run / first run:   $(ratio "$second" "$first")   (goal <= 1)"
}

for s in $shapes; do
	bench_shape "$s"
done
