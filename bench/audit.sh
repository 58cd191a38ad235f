#!/bin/sh
# audit.sh - ceu-audit on a generated province (issue "ceu-audit",
# benchmark), side by side with the sqlite3 shell doing the bare work:
#   1. `ceu-audit pending` of the largest unit against a hand-written
#      SELECT of the same rows in the shell;
#   2. `ceu-audit apply` of about 50,000 decisions against the shell
#      importing the same file and updating those rows' status in one
#      transaction, BENCH_RUNS rounds, the rows put back after each run.
#
#	BENCH_PERSONS=200000 sh bench/audit.sh	(make bench runs it)
#
# The province: ceu-gen --persons P (default 200000, about 4.4 M
# records) loaded by ceu-import, with P/4 own registrations pending,
# spread over the units (ceu-gen --registrations).  They are put in with
# the shell as ceu-register would add them (pending, source self, the
# activity key of the title and date: ceu-gen's titles have no blanks to
# fold); tens of thousands of ceu-register runs would take long.  The
# largest unit's share of them is what `pending` lists first.  Then
# 50,000 more for the people of that unit (ceu-gen
# --registrations-largest: a talent service centre auditing many files),
# so that one command decides them: `pending` again, and `apply` of that
# file with every row decided (9 in 10 approved, 1 in 10 rejected with a
# reason).  In each round the shell's run goes first; after each run the
# rows are put back as they were (by hand: this is the bench's own copy)
# and the file checkpointed.
#
# Times and peak RSS by /usr/bin/time; `pending` the median of BENCH_RUNS
# runs (default 5).  Goals: pending <= 1.5x, apply <= 3x, peak RSS
# < 64 MB.  Figures are printed, never asserted.  BENCH_KEEP=DIR keeps
# the province in DIR and reuses it (each run decides on a copy).  Needs
# /usr/bin/time and awk.
set -eu
: "${CEU_BIN:?CEU_BIN must name the folder of the binaries}"
. "$(cd "$(dirname "$0")" && pwd)/common/measure.sh"
persons=${BENCH_PERSONS:-200000}
runs=${BENCH_RUNS:-5}
decisions=${BENCH_DECISIONS:-50000}
PATH=$CEU_BIN:$PATH
export PATH
if [ ! -x /usr/bin/time ]; then
	echo "audit.sh: needs /usr/bin/time (make deps installs it)" >&2
	exit 1
fi
if [ -n "${BENCH_KEEP:-}" ]; then
	work=$BENCH_KEEP
	mkdir -p "$work"
	trap 'rm -rf "$work"/run.db* "$work"/gen "$work"/*.csv' EXIT INT TERM
else
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT INT TERM
fi
cd "$work"
# The unit audits in January, after the year's files have come in and
# before the audit deadline of 31 January (R9, R11).
CEU_TODAY=2024-01-20 CEU_ACTOR=bench
LC_ALL=C.UTF-8
export CEU_TODAY CEU_ACTOR LC_ALL
unset LANGUAGE

# load_registrations DB FILE: own registrations into DB, pending, as
# ceu-register adds them; one that would be a second copy of an activity
# (R10) is left out.
load_registrations() {
	sqlite3 "$1" <<SQL
.import --csv --schema temp $2 g_reg
INSERT OR IGNORE INTO record(person_id, year, subject_code, category,
 hours, title, date, source, self_key, status_code)
 SELECT p.id, CAST(g.year AS INTEGER),
 CASE g.subject WHEN 'public_required' THEN 0
 WHEN 'public_elective' THEN 1 WHEN 'professional' THEN 2 END,
 g.category, CAST(round(g.hours * 10) AS INTEGER), g.title, g.date, 'self',
 'self:' || g.title || '|' || g.date, 0
 FROM temp.g_reg g JOIN person p ON p.id_no = g.id_no;
SQL
}

if [ ! -s province.db ]; then
	ceu-gen --persons "$persons" --seed 7 --year 2023 \
	    --registrations "$((persons / 4))" --out gen
	CEU_DB=$work/province.db ceu init -q
	# The year's rosters, exams and hours as they arrive in January,
	# from the registered system ceu-gen names (R9, R10, R11).
	for k in policy units persons filings sources roster exams; do
		CEU_DB=$work/province.db CEU_TODAY=2024-01-15 \
		    ceu-import -q "$k" "gen/$k.csv"
	done
	CEU_DB=$work/province.db CEU_TODAY=2024-01-15 \
	    ceu-import -q hours --source hr-system gen/hours.csv
	load_registrations province.db gen/registrations.csv
	sqlite3 province.db "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	rm -rf gen
fi
sqlite3 province.db ".backup run.db"
# R16: the copy's rows are sealed with the province's key.
cp province.db.key run.db.key
CEU_DB=$work/run.db
export CEU_DB
unit=$(sqlite3 run.db "SELECT unit_code FROM person GROUP BY 1
    ORDER BY count(*) DESC, 1 LIMIT 1")
echo "persons: $(sqlite3 run.db 'SELECT count(*) FROM person')," \
    "records: $(sqlite3 run.db 'SELECT count(*) FROM record')," \
    "pending: $(sqlite3 run.db "SELECT count(*) FROM record
    WHERE status = 'pending'"), file: $(du -m run.db | cut -f1) MB"

# The hand-written SELECT: the unit's pending records with the columns
# and order of `pending`.
hand="SELECT r.id, p.id_no, p.name, p.unit_code, r.year, r.subject,
 r.category, r.hours / 10.0, r.title, r.date, r.end_date, r.source,
 r.filing_no, r.ref, r.status, r.batch, r.evidence, '', ''
FROM record r JOIN person p ON p.id = r.person_id
WHERE p.unit_code = '$unit' AND r.status = 'pending'
ORDER BY p.id_no, r.year, r.date, r.id;"

# repeat N CMD...: CMD N times, its output thrown away, for one
# /usr/bin/time over them all (a run of a few milliseconds is below its
# resolution).
repeat='n=$1; shift; while [ "$n" -gt 0 ]; do "$@" >/dev/null || exit 1;
    n=$((n - 1)); done'

# bench_pending LOOPS WHAT: BENCH_RUNS rounds of LOOPS runs of each, in
# turn; the medians of a run's time, their ratio and ceu's peak RSS.
bench_pending() {
	: > t_ceu
	: > t_hand
	i=0
	while [ $i -lt "$runs" ]; do
		timed "ceu-audit pending --unit, $1 runs" sh -c "$repeat" \
		    repeat "$1" ceu-audit pending --unit "$unit" -f csv
		echo "$secs $1" | awk '{ print $1 / $2 }' >> t_ceu
		timed "sqlite3 -csv hand-written SELECT, $1 runs" \
		    sh -c "$repeat" repeat "$1" sqlite3 -csv run.db "$hand"
		echo "$secs $1" | awk '{ print $1 / $2 }' >> t_hand
		i=$((i + 1))
	done
	c=$(median < t_ceu)
	h=$(median < t_hand)
	timed "ceu-audit pending --unit, once" sh -c \
	    'exec ceu-audit pending --unit "$1" -f csv > pending.csv' sh "$unit"
	echo "pending, $2: $(($(wc -l < pending.csv) - 1)) rows; a run:" \
	    "ceu $c s, shell $h s (medians of $runs rounds);" \
	    "ratio $(ratio "$c" "$h") (goal <= 1.5); peak RSS $rss MB" \
	    "(goal < 64)"
}

echo "-- pending of the largest unit, $unit"
bench_pending 20 "its share of the province's registrations"

ceu-gen --persons "$persons" --seed 7 --year 2023 \
    --registrations "$decisions" --registrations-largest --out gen
load_registrations run.db gen/registrations.csv
rm -rf gen
sqlite3 run.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
echo "-- $decisions more registrations for the people of $unit"
bench_pending 2 "with a talent service centre's many"

# Every row decided: 9 in 10 approved, the others rejected with a reason.
ceu-audit pending --unit "$unit" | awk -F, -v OFS=, '
	NR == 1 { print; next }
	NR % 10 == 0 { $18 = "reject"; $19 = "no evidence attached"; print;
	    next }
	{ $18 = "approve"; print }' > decisions.csv
n=$(($(wc -l < decisions.csv) - 1))

echo "-- apply of $n decisions"
cat > shell.sql <<'SQL'
.import --csv --schema temp decisions.csv dec
BEGIN;
UPDATE record SET status_code = CASE d.decision WHEN 'approve' THEN 1
 ELSE 2 END
 FROM temp.dec d WHERE record.id = CAST(d.record_id AS INTEGER);
COMMIT;
SQL
# Put the rows back as they were before either run (this bench's own
# copy): pending again, without the audit and journal rows ceu wrote.
last=$(sqlite3 run.db "SELECT max(id) FROM journal")
cat > back.sql <<SQL
.import --csv --schema temp decisions.csv dec
UPDATE record SET status_code = 0, late = 0
 WHERE id IN (SELECT CAST(record_id AS INTEGER) FROM temp.dec);
DELETE FROM audit WHERE record_id IN
 (SELECT CAST(record_id AS INTEGER) FROM temp.dec);
DELETE FROM journal WHERE id > $last;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
pending_now() {
	sqlite3 run.db "SELECT count(*) FROM record WHERE status = 'pending'
	    AND person_id IN (SELECT id FROM person WHERE unit_code = '$unit')"
}
: > t_ceu
: > t_hand
: > rss_ceu
i=0
while [ $i -lt "$runs" ]; do
	timed "sqlite3 .import + UPDATE, one transaction" \
	    sqlite3 run.db ".read shell.sql"
	echo "$secs" >> t_hand
	sqlite3 run.db ".read back.sql" >/dev/null
	test "$(pending_now)" = "$n"
	timed "ceu-audit apply --unit, one transaction" \
	    ceu-audit apply -q --unit "$unit" decisions.csv
	echo "$secs" >> t_ceu
	echo "$rss" >> rss_ceu
	test "$(pending_now)" = 0
	sqlite3 run.db ".read back.sql" >/dev/null
	i=$((i + 1))
done
c=$(median < t_ceu)
h=$(median < t_hand)
echo "apply of $n decisions: ceu $c s, shell $h s (medians of $runs);" \
    "ratio $(ratio "$c" "$h") (goal <= 3); peak RSS" \
    "$(sort -n rss_ceu | tail -n 1) MB (goal < 64)"
echo "the hand-written SELECT:"
echo "$hand" | sed 's/^/    /'
