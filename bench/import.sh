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
#   - what SQLite alone spends on the same rows, without ceu: the persons
#     file imported by the shell into a table with person's two indexes
#     (the unique ID number, the unit), the roster's look-ups (its raw
#     table joined to person by ID number, in file order) and the exam
#     credits (ceu's own credit records inserted again, 4,096 a statement,
#     into an empty archive), each with ceu's page cache of 32 MB;
#   - the size of the database after the first year against the raw
#     tables of the same files;
#   - each further year up to BENCH_YEARS (default 5, or 2 above 500,000
#     persons; ceu-gen --year 2024, 2025, ...: its register, classes and
#     hours) into the archive holding the years before, hours against
#     the raw .import;
#   - for each further shape in BENCH_SHAPES, the hours alone into an
#     archive holding only the people.
# Goals: every kind <= 2x its raw .import, exams <= 3x, hours <= 2x
# into the loaded archive too (the second and the fifth year), the run again no slower than the first,
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
. "$(cd "$(dirname "$0")" && pwd)/common/measure.sh"
PATH=$CEU_BIN:$PATH
persons=${BENCH_PERSONS:-200000}
# Five years; two at the province's scale, where each year adds some
# 12 GB to the archive.
if [ "$persons" -gt 500000 ]; then
	years=${BENCH_YEARS:-2}
else
	years=${BENCH_YEARS:-5}
fi
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
	clocked sqlite3 "raw-$k.db" ".import --csv $f t"
	raw=$secs
	clocked ceu-import -q "$@" "$k" "$f"
	first=$secs first_rss=$rss
	clocked ceu-import -q "$@" "$k" "$f"
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

# floor DB LABEL RAW SQL...: time the sqlite3 shell running SQL... on DB
# with ceu's page size and cache; print the time and its ratio to RAW, the
# raw .import's.
floor() {
	fdb=$1 label=$2 raw=$3
	shift 3
	clocked sqlite3 "$fdb" "PRAGMA page_size = 16384" \
	    "PRAGMA cache_size = -32768" "$@"
	printf '  %-58s %6s s %6sx\n' "$label" "$secs" "$(ratio "$secs" "$raw")"
}

# What SQLite alone spends on the first year's persons, roster look-ups
# and exam credits (the raw tables raw-KIND.db and ceu.db as the first
# year left them).
floors() {
	echo "SQLite alone, the same rows without ceu (time, x its raw .import):"
	rm -f floor-*.db
	floor floor-1.db "persons into a table with person's two indexes" \
	    "$raw_persons" \
	    "CREATE TABLE t(id_no TEXT UNIQUE, name, unit_code, specialty,
	    title)" "CREATE INDEX t_unit ON t(unit_code)" \
	    ".import --csv --skip 1 y1/persons.csv t"
	floor floor-2.db "persons into a table with the unique ID number alone" \
	    "$raw_persons" "CREATE TABLE t(id_no TEXT UNIQUE, name, unit_code,
	    specialty, title)" ".import --csv --skip 1 y1/persons.csv t"
	floor floor-3.db "persons into a bare table, then both indexes built" \
	    "$raw_persons" "CREATE TABLE t(id_no TEXT, name, unit_code,
	    specialty, title)" ".import --csv --skip 1 y1/persons.csv t" \
	    "CREATE UNIQUE INDEX t_id_no ON t(id_no)" \
	    "CREATE INDEX t_unit ON t(unit_code)"
	floor floor-4.db "roster: its rows' persons looked up, in file order" \
	    "$raw_roster" "ATTACH 'ceu.db' AS c" "PRAGMA c.cache_size = -32768" \
	    "ATTACH 'raw-roster.db' AS r" \
	    "SELECT count(*), sum(length(p.name)) FROM r.t JOIN c.person p
	    ON p.id_no = r.t.id_no"
	cols=$(sqlite3 ceu.db "SELECT group_concat(name, ', ') FROM
	    pragma_table_xinfo('record') WHERE hidden = 0")
	# By statements of 4,096 records, as ceu writes them.
	sqlite3 ceu.db "SELECT min(id), max(id) FROM record WHERE source =
	    'exam'" | awk -F'|' -v c="$cols" 'BEGIN { print "BEGIN;" } {
		for (a = $1; a <= $2; a += 4096)
			printf "INSERT INTO main.record(%s) SELECT %s FROM " \
			    "c.record WHERE source = '\''exam'\'' AND id " \
			    "BETWEEN %d AND %d;\n", c, c, a, a + 4095
	} END { print "COMMIT;" }' > credits.sql
	CEU_DB=$work/floor-5.db ceu init -q
	floor floor-5.db "exams: their credits inserted into an empty archive" \
	    "$raw_exams" "ATTACH 'ceu.db' AS c" ".read credits.sql"
	rm -f floor-*.db floor-5.db-wal floor-5.db-shm floor-5.db.key \
	    credits.sql
}

# The first shape: a year's work in January of the next, then each
# further year's into the same archive.
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
		eval "raw_$k=\$raw"
	done
	kind "hours, first year" hours y1/hours.csv --source hr-system
	floors
	sqlite3 ceu.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	db=$(size ceu.db)
	plain=$(size raw-*.db)
	echo "database after the first year: $((db / 1048576)) MB;" \
	    "the raw tables of the same files: $((plain / 1048576)) MB;" \
	    "ratio $(ratio "$db" "$plain") (goal <= 2)"
	rm -rf y1 raw-*.db
	y=2
	while [ "$y" -le "$years" ]; do
		year "$1" "$y"
		y=$((y + 1))
	done
}

# year SHAPE N: the N-th year's register, classes and hours into the
# archive holding the years before, in January of the year after.
year() {
	gen $((2022 + $2)) "$1" y$2
	echo "-- year $2 ($((2022 + $2))) into the archive holding the" \
	    "years before ($(sqlite3 ceu.db 'SELECT count(*) FROM record')" \
	    "records)"
	CEU_TODAY=$((2023 + $2))-01-15
	# ceu-gen numbers each year's refs from 1; a system numbers a record
	# once, so each year's refs (the last column) are made its own.
	sed "2,\$ s/,\([^,]*\)\$/,Y$2\1/" y$2/hours.csv > y$2/hours.next
	mv y$2/hours.next y$2/hours.csv
	header
	for k in policy persons filings; do
		kind "$k, year $2" "$k" "y$2/$k.csv"
	done
	kind "hours, year $2" hours y$2/hours.csv --source hr-system
	rm -rf y$2 raw-*.db
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
