#!/bin/sh
# ceu init upgrades a database of schema 6 (tests/cli/data/schema-6.sql)
# to 7 in place: a record's subject and status are kept as codes and read
# by name as before; the records keep their ids, so that audits and
# certificates still name them; every record is sealed again (R16), and
# the archive verifies; the reports say what they said.
. "$CEU_TOP/tests/cli/lib.sh"

# A year of work as ceu writes it: hours of a registered system, two own
# registrations audited (one approved, one rejected), a public exam passed
# and its certificate.
small_world >/dev/null 2>&1 &&
printf 'source,name\nsys,卫健系统\n' >s.csv &&
ceu-import -q sources s.csv &&
cat >h.csv <<-CSV &&
id_no,year,subject,category,hours,title,date,ref
$ID1,2023,professional,training,60,线上培训,2023-02-01,H1
$ID2,2023,public_elective,training,30,法治讲座,2023-02-02,H2
CSV
ceu-import -q hours --source sys h.csv &&
ceu-register add -q --id $ID1 --year 2023 --category 自学 --hours 10 \
    --title 指南自学 --date 2023-04-01 >/dev/null &&
ceu-register add -q --id $ID1 --year 2023 --category other --hours 5 \
    --title 教研 --date 2023-04-02 >/dev/null &&
ceu-audit pending --unit $UNIT1 --year 2023 |
    sed -e '/指南自学/s/,,$/,approve,/' -e '/教研/s/,,$/,reject,无证明/' |
    ceu-audit apply -q --unit $UNIT1 - &&
ceu-exam study -q --id $ID1 --year 2023 &&
ceu-exam attempt -q --id $ID1 --year 2023 --score 80 &&
ceu-cert issue -q --kind public --year 2023 --id $ID1 >/dev/null &&
ceu-report compliance --year 2023 -f csv >compliance.before &&
ceu-register list --show-id -f csv >list.before || exit 1

# The same archive as schema 6 kept it: the record table as
# tests/cli/data/schema-6.sql makes it (subject and status as words), with
# its indexes.  The seals of schema 6 were made over the words; only the
# key can make them, and the upgrade makes every record's anew, so they
# are left out here.
{
	echo "PRAGMA foreign_keys = OFF; BEGIN;"
	sed -n '/^CREATE TABLE IF NOT EXISTS record (/,/^) STRICT;/p' \
	    "$CEU_TOP/tests/cli/data/schema-6.sql" |
	    sed 's/^CREATE TABLE IF NOT EXISTS record (/CREATE TABLE record_6 (/'
	cat <<-SQL
	INSERT INTO record_6(id, person_id, year, subject, category, hours,
	 title, date, end_date, source, source_name, filing_no, ref, self_key,
	 status, batch, evidence, late, seal)
	 SELECT id, person_id, year, subject, category, hours, title, date,
	 end_date, source, source_name, filing_no, ref, self_key, status, batch,
	 evidence, late, NULL FROM record;
	DROP TABLE record;
	ALTER TABLE record_6 RENAME TO record;
	SQL
	cat "$CEU_TOP/tests/cli/data/schema-6.sql"
	echo "PRAGMA user_version = 6; COMMIT;"
} | sqlite3 ceu.db &&
test "$(sqlite3 ceu.db "SELECT typeof(status) FROM record LIMIT 1")" = text ||
    exit 1

# A record's columns by name, as both schemas read them.
cols="id, person_id, year, subject, category, hours, title, date, end_date,
    source, source_name, filing_no, ref, self_key, status, batch, evidence,
    late, activity_key"
sqlite3 ceu.db "SELECT $cols FROM record ORDER BY id" >records.before

test_expect 'ceu init upgrades schema 6 to 7 and journals that (R16)' '
	run_cmd ceu init &&
	grep -q "upgraded database .* from schema 6 to 7" err &&
	test "$(sqlite3 ceu.db "PRAGMA user_version")" = 7 &&
	test "$(sqlite3 ceu.db "SELECT before || '\'' '\'' || after FROM journal ORDER BY id DESC LIMIT 1")" = \
	    "{\"schema\":6} {\"schema\":7}" &&
	test "$(sqlite3 ceu.db "PRAGMA integrity_check")" = ok &&
	test -z "$(sqlite3 ceu.db "PRAGMA foreign_key_check")"
'

test_expect 'every record reads as before; subject and status are codes' '
	sqlite3 ceu.db "SELECT $cols FROM record ORDER BY id" >records.after &&
	test_cmp records.before records.after &&
	test "$(sqlite3 ceu.db "SELECT group_concat(DISTINCT typeof(subject_code) || typeof(status_code)) FROM record")" = integerinteger &&
	test "$(sqlite3 ceu.db "SELECT group_concat(name || hidden, '\'' '\'') FROM pragma_table_xinfo('\''record'\'') WHERE name IN ('\''subject'\'', '\''status'\'')")" = "subject2 status2" &&
	test "$(sqlite3 ceu.db "SELECT group_concat(status_code, '\'' '\'') FROM (SELECT status_code FROM record ORDER BY id)")" = "1 1 1 2 1 1"
'

test_expect 'r16 every record sealed again: the archive verifies' '
	test "$(sqlite3 ceu.db "SELECT count(*) FROM record WHERE seal IS NULL")" = 0 &&
	run_cmd ceu-report journal --verify &&
	grep -q "rows of the archive match" err
'

test_expect 'r2 r10 r12 the reports, the list and the indexes as before' '
	run_cmd ceu-report compliance --year 2023 -f csv &&
	test_cmp compliance.before out &&
	run_cmd ceu-register list --show-id -f csv &&
	test_cmp list.before out &&
	run_cmd ceu-cert verify "$(sqlite3 ceu.db "SELECT verify_code FROM certificate")" -f csv &&
	grep -q "^valid," out &&
	sqlite3 ceu.db "EXPLAIN QUERY PLAN SELECT person_id, status_code, subject_code, hours FROM record WHERE year = 2023 ORDER BY person_id" |
	    grep -q "USING COVERING INDEX record_year_person" &&
	! sqlite3 ceu.db "INSERT INTO record(person_id, year, subject_code, hours, title, date, source, source_name, ref, self_key, status_code) VALUES (1, 2023, 2, 10, '\''t'\'', '\''2023-02-01'\'', '\''integration'\'', '\''sys'\'', '\''H1'\'', '\'''\'', 0)" 2>sqlerr &&
	grep -q "UNIQUE" sqlerr
'

test_expect 'r16 after the upgrade a status changed behind ceu'\''s back is named' '
	id=$(sqlite3 ceu.db "SELECT id FROM record WHERE status = '\''rejected'\''") &&
	sqlite3 ceu.db "UPDATE record SET status_code = 1 WHERE id = $id" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "record $id was altered behind ceu'\''s back" err
'

test_done
