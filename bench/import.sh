#!/bin/sh
# import.sh - ceu-import of every kind against the sqlite3 shell's raw
# .import of the same file, in the same run.
#
#	BENCH_PERSONS=200000 sh bench/import.sh	(make bench runs it)
#
# Generates a province of BENCH_PERSONS people (default 200000) with about
# 20 hours rows each (ceu-gen --year 2023), and loads it kind by kind in
# the order of a year's work: policy, units, persons, filings, sources,
# roster, exams, then hours into the archive that holds only the people
# and the year's classes and exams.  For each kind it times, in the same
# run: `sqlite3 raw.db ".import --csv FILE t"` (a table of text, no
# checks), `ceu-import KIND FILE`, and the same import again (every row
# unchanged).  It prints the three times, the ratios and each import's
# peak RSS.  Then:
#   - the next year (ceu-gen --year 2024: its register, classes and
#     hours) into the archive holding the first year's records, hours
#     again against the raw .import;
#   - the size of the database after the first year against the raw
#     tables of the same files;
#   - for each further shape in BENCH_SHAPES, the hours alone into an
#     archive holding only the people.
# Goals: every kind <= 2x its raw .import, exams <= 3x, hours <= 2x
# into the loaded archive too, the run again no slower than the first,
# peak RSS < 64 MB, the database <= 2x the raw tables.  Figures are
# printed, never asserted.
#
# The shapes (ceu-gen --shape): "short", titles drawn from a few hundred
# and refs of 10 characters; "system", every title different and refs of
# 18 characters, as an integrated system numbers its records.
# BENCH_SHAPES lists them, the first loaded whole ("short system" by
# default).  Needs /usr/bin/time (Debian package time) and awk.
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
CEU_ACTOR=bench CEU_DB=$work/ceu.db
export CEU_ACTOR CEU_DB

# timed CMD...: run CMD; set secs and rss (MB).
timed() {
	/usr/bin/time -f '%e %M' -o timed.out "$@"
	secs=$(awk '{ print $1 }' timed.out)
	rss=$(awk '{ printf "%.1f", $2 / 1024 }' timed.out)
}

# ratio A B: A / B to two decimals.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf("%.2f", (b > 0) ? a / b : 0) }'
}

# rows FILE: its data rows.
rows() {
	echo $(($(wc -l < "$1") - 1))
}

header() {
	printf '%-22s %10s %8s %8s %6s %8s %6s %7s\n' kind rows "ceu s" \
	    "raw s" ratio "again s" again "RSS MB"
}

# kind LABEL KIND FILE [OPTION...]: time the raw .import of FILE into a
# database of its own (raw-KIND.db, kept for the sizes), ceu-import
# KIND FILE and the same again; print one line (RSS: the larger of
# the two runs).
kind() {
	label=$1 k=$2 f=$3
	shift 3
	rm -f "raw-$k.db"
	timed sqlite3 "raw-$k.db" ".import --csv $f t"
	raw=$secs
	timed ceu-import -q "$@" "$k" "$f"
	first=$secs first_rss=$rss
	timed ceu-import -q "$@" "$k" "$f"
	again=$secs
	rss=$(awk -v a="$rss" -v b="$first_rss" \
	    'BEGIN { print (a > b) ? a : b }')
	printf '%-22s %10s %8s %8s %6s %8s %6s %7s\n' "$label" \
	    "$(rows "$f")" "$first" "$raw" "$(ratio "$first" "$raw")" \
	    "$again" "$(ratio "$again" "$first")" "$rss"
}

# size FILE...: their bytes together.
size() {
	cat "$@" | wc -c
}

gen() {
	ceu-gen --persons "$persons" --hours-per-person 20 --seed 7 \
	    --year "$1" --shape "$2" --out "$3"
}

# The first shape: a year's work in January of the next, then the next
# year's into the same archive.
whole() {
	gen 2023 "$1" y1
	echo "-- shape $1: $persons persons," \
	    "$(rows y1/hours.csv) hours rows ($(du -h y1/hours.csv |
	    cut -f1) hours.csv)"
	rm -f ceu.db ceu.db-wal ceu.db-shm
	ceu init -q
	header
	# The 2023 files arrive in January 2024: every activity has taken
	# place (R9) and the audit deadline has not passed (R11).
	CEU_TODAY=2024-01-15
	export CEU_TODAY
	for k in policy units persons filings sources roster exams; do
		kind "$k" "$k" "y1/$k.csv"
	done
	kind "hours, first year" hours y1/hours.csv --source hr-system
	sqlite3 ceu.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	db=$(size ceu.db)
	plain=$(size raw-*.db)
	echo "database after the first year: $((db / 1048576)) MB;" \
	    "the raw tables of the same files: $((plain / 1048576)) MB;" \
	    "ratio $(ratio "$db" "$plain") (goal <= 2)"
	rm -rf y1 raw-*.db
	gen 2024 "$1" y2
	echo "-- the next year into the archive holding the first" \
	    "($(sqlite3 ceu.db 'SELECT count(*) FROM record') records)"
	CEU_TODAY=2025-01-15
	# ceu-gen numbers each year's refs from 1; a system numbers a record
	# once, so the next year's refs (the last column) are made its own.
	sed '2,$ s/,\([^,]*\)$/,Y2\1/' y2/hours.csv > y2/hours.next
	mv y2/hours.next y2/hours.csv
	header
	for k in policy persons filings; do
		kind "$k, next year" "$k" "y2/$k.csv"
	done
	kind "hours, next year" hours y2/hours.csv --source hr-system
	rm -rf y2 raw-*.db
}

# A further shape: its hours alone, into an archive holding the people.
hours_only() {
	gen 2023 "$1" y1
	echo "-- shape $1: $(rows y1/hours.csv) hours rows," \
	    "$(du -h y1/hours.csv | cut -f1) hours.csv"
	rm -f ceu.db ceu.db-wal ceu.db-shm
	ceu init -q
	CEU_TODAY=2024-01-15
	export CEU_TODAY
	for k in policy units persons filings sources; do
		ceu-import -q "$k" "y1/$k.csv"
	done
	header
	kind "hours ($1)" hours y1/hours.csv --source hr-system
	rm -rf y1 raw-*.db
}

loaded=0
for s in $shapes; do
	if [ "$loaded" = 0 ]; then
		whole "$s"
	else
		hours_only "$s"
	fi
	loaded=1
done
