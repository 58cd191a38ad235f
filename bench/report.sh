#!/bin/sh
# report.sh - ceu-report on a generated province (issue "ceu-report",
# benchmark): compliance of a whole year against one hand-written GROUP BY
# in the sqlite3 shell over the same database, in the same run, and the
# transcript of one person as a whole process.
#
#	BENCH_PERSONS=200000 sh bench/report.sh	(make bench runs it)
#
# The database is built with ceu-gen and ceu-import (SPEC "ceu-import");
# where ceu-import is not built, the generated CSV files are loaded with
# the sqlite3 shell into the same schema, following schema.sql's
# conventions (tenths, activity keys computed from the columns, approved
# exam records).  Figures are
# printed, never asserted.  BENCH_KEEP=DIR keeps the database in DIR.
set -eu
bench=$(cd "$(dirname "$0")" && pwd)
. "$bench/common/measure.sh"
. "$bench/common/province.sh"
: "${CEU_BIN:?CEU_BIN must name the folder of the binaries}"
persons=${BENCH_PERSONS:-200000}
runs=${BENCH_RUNS:-5}
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

now() { date +%s.%N; }
elapsed() { echo "$1 $2" | awk '{ printf "%.3f", $2 - $1 }'; }

# load_sqlite DIR: the generated files straight into the ceu tables.
load_sqlite() {
	sqlite3 "$CEU_DB" <<SQL
.mode csv
.import $1/units.csv g_unit
.import $1/persons.csv g_person
.import $1/filings.csv g_filing
.import $1/roster.csv g_roster
.import $1/hours.csv g_hours
.import $1/exams.csv g_exam
BEGIN;
INSERT INTO unit(code, name, city_code, industry, created_at, updated_at)
 SELECT unit_code, name, city_code, industry, 'bench', 'bench' FROM g_unit;
INSERT INTO person(id_no, name, unit_code, specialty, title, created_at,
 updated_at) SELECT id_no, name, unit_code, specialty, title, 'bench',
 'bench' FROM g_person;
INSERT INTO filing(filing_no, organizer, title, subject, category,
 start_date, end_date, hours, batch, created_at) SELECT filing_no,
 organizer, title, subject, category, start_date, end_date,
 CAST(round(hours * 10) AS INTEGER), NULL, 'bench' FROM g_filing;
INSERT OR IGNORE INTO record(person_id, year, subject_code, category,
 hours, title, date, end_date, source, filing_no, self_key, status_code)
 SELECT p.id, CAST(substr(f.start_date, 1, 4) AS INTEGER),
 CASE f.subject WHEN 'public_required' THEN 0
 WHEN 'public_elective' THEN 1 WHEN 'professional' THEN 2 END,
 f.category, CAST(round(r.hours * 10) AS INTEGER), f.title, f.start_date,
 f.end_date, 'roster', f.filing_no, '', 1
 FROM g_roster r JOIN person p ON p.id_no = r.id_no
 JOIN filing f ON f.filing_no = r.filing_no;
INSERT OR IGNORE INTO record(person_id, year, subject_code, category,
 hours, title, date, source, source_name, ref, self_key, status_code)
 SELECT p.id, CAST(h.year AS INTEGER),
 CASE h.subject WHEN 'public_required' THEN 0
 WHEN 'public_elective' THEN 1 WHEN 'professional' THEN 2 END,
 nullif(h.category, ''), CAST(round(h.hours * 10) AS INTEGER), h.title,
 h.date, 'integration', 'hr', h.ref, '', 1
 FROM g_hours h JOIN person p ON p.id_no = h.id_no;
-- R5: a pass credits study and exam hours as approved records.
INSERT INTO record(person_id, year, subject_code, hours, title, date,
 source, ref, self_key, status_code)
 SELECT p.id, CAST(e.year AS INTEGER), 0, k.h, k.t,
 min(e.date), 'exam', k.ref, '', 1
 FROM g_exam e JOIN person p ON p.id_no = e.id_no,
 (SELECT 'study' AS ref, 100 AS h, '公需科目学习' AS t UNION ALL
  SELECT 'exam', 50, '公需科目考试') k
 WHERE CAST(e.score AS REAL) >= 60 GROUP BY p.id, e.year, k.ref;
COMMIT;
DROP TABLE g_unit; DROP TABLE g_person; DROP TABLE g_filing;
DROP TABLE g_roster; DROP TABLE g_hours; DROP TABLE g_exam;
ANALYZE;
SQL
}

if [ ! -s "$CEU_DB" ]; then
	t0=$(now)
	if [ -x "$CEU_BIN/ceu-import" ]; then
		how=ceu-import
		province "$work"
	else
		how="sqlite3 shell (no ceu-import built)"
		ceu-gen --persons "$persons" --seed 7 --year 2023 \
		    --out "$work/gen"
		ceu init -q
		load_sqlite "$work/gen"
	fi
	rm -rf "$work/gen"
	sqlite3 "$CEU_DB" ANALYZE
	echo "database built by $how in $(elapsed "$t0" "$(now)") s"
fi
echo "persons: $(sqlite3 "$CEU_DB" 'SELECT count(*) FROM person')," \
    "records: $(sqlite3 "$CEU_DB" 'SELECT count(*) FROM record')," \
    "file: $(du -m "$CEU_DB" | cut -f1) MB"

# The hand-written query: approved hours of 2023 by person, public against
# professional, and the R2 test on tenths, one row a person.  It names the
# codes the covering index holds (schema.sql: status 1 approved, subject 2
# professional), as ceu's own stream does.
hand="SELECT person_id,
 sum(hours) FILTER (WHERE subject_code <> 2) AS public,
 sum(hours) FILTER (WHERE subject_code = 2) AS professional,
 sum(hours) AS total,
 sum(hours) >= 900 AND
  3 * coalesce(sum(hours) FILTER (WHERE subject_code = 2), 0)
  >= 2 * sum(hours) AS r2
FROM record WHERE year = 2023 AND status_code = 1
GROUP BY person_id;"

i=0
: > "$work/t_report"
: > "$work/t_hand"
while [ $i -lt "$runs" ]; do
	t0=$(now)
	ceu-report compliance --year 2023 --format csv >/dev/null
	elapsed "$t0" "$(now)" >> "$work/t_report"
	echo >> "$work/t_report"
	t0=$(now)
	sqlite3 -csv "$CEU_DB" "$hand" >/dev/null
	elapsed "$t0" "$(now)" >> "$work/t_hand"
	echo >> "$work/t_hand"
	i=$((i + 1))
done
r=$(median < "$work/t_report")
h=$(median < "$work/t_hand")
echo "compliance --year 2023 --format csv: $r s (median of $runs)"
echo "hand-written GROUP BY (sqlite3 -csv): $h s (median of $runs)"
echo "ratio: $(echo "$r $h" | awk '{ printf "%.2f", $1 / $2 }') (goal <= 1.2)"
echo "the hand-written query:"
echo "$hand" | sed 's/^/    /'
if command -v /usr/bin/time >/dev/null 2>&1; then
	/usr/bin/time -f '%M' -o "$work/mem" \
	    ceu-report compliance --year 2023 --format csv >/dev/null
	echo "compliance peak memory: $(cat "$work/mem") KB"
fi

id=$(sqlite3 "$CEU_DB" "SELECT id_no FROM person
 WHERE id = (SELECT max(id) / 2 FROM person)")
i=0
: > "$work/t_tr"
while [ $i -lt 20 ]; do
	t0=$(now)
	ceu-report transcript "$id" --format csv >/dev/null
	elapsed "$t0" "$(now)" >> "$work/t_tr"
	echo >> "$work/t_tr"
	i=$((i + 1))
done
echo "transcript of one person (whole process): $(median < "$work/t_tr" |
    awk '{ printf "%.1f", $1 * 1000 }') ms (median of 20, goal < 10)"
