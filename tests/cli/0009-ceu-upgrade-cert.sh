#!/bin/sh
# ceu init upgrades a database of schema 4 (tests/cli/data/schema-4.sql)
# through 5 in place: a certificate keeps what it printed, its signature and
# its basis (R12).  A certificate of the older file keeps its data and is
# still verified by its code, but has no signature to print again.
. "$CEU_TOP/tests/cli/lib.sh"

# A verify code as this ceu makes them, from a certificate of its own.
small_world >/dev/null 2>&1 &&
ceu-exam study --id $ID1 --year 2023 -q &&
ceu-exam attempt --id $ID1 --year 2023 --score 80 -q &&
code=$(ceu-cert issue -q --kind public --year 2023 --id $ID1 -f csv |
    awk -F, 'NR == 2 { gsub("-", "", $2); print $2 }')
rm -f ceu.db*

{
	cat "$CEU_TOP/tests/cli/data/schema-4.sql"
	cat <<-SQL
	PRAGMA application_id = 1128617265;
	PRAGMA user_version = 4;
	INSERT INTO unit VALUES ('$UNIT1', '南宁市第一人民医院', '450100', '卫生健康', NULL, 'x', 'x');
	INSERT INTO person(id_no, name, unit_code, created_at, updated_at) VALUES
	 ('$ID1', '张伟', '$UNIT1', 'x', 'x');
	INSERT INTO record(person_id, year, subject, hours, title, date,
	 source, ref, self_key, status) VALUES
	 (1, 2023, 'public_required', 100, '公需科目学习', '2023-03-01', 'exam', 'study', '', 'approved'),
	 (1, 2023, 'public_required', 50, '公需科目考试', '2023-03-01', 'exam', 'exam', '', 'approved');
	INSERT INTO certificate(serial, verify_code, person_id, year, kind,
	 public_hours, professional_hours, total_hours, issued_on) VALUES
	 ('OLD-1', '$code', 1, 2023, 'public', 150, 0, 150, '2023-03-02');
	SQL
} | sqlite3 ceu.db

test_expect 'ceu init upgrades schema 4 to 7 and journals that (R16)' '
	test "${#code}" = 16 &&
	run_cmd ceu init &&
	grep -q "upgraded database .* from schema 4 to 7" err &&
	test "$(sqlite3 ceu.db "PRAGMA user_version")" = 7 &&
	test "$(sqlite3 ceu.db "SELECT before || '\'' '\'' || after FROM journal ORDER BY id DESC LIMIT 1")" = \
	    "{\"schema\":4} {\"schema\":7}" &&
	test "$(sqlite3 ceu.db "PRAGMA integrity_check")" = ok &&
	sqlite3 ceu.db "SELECT name, id_masked, unit_name, signature, basis
	    FROM certificate" >cols &&
	test "$(cat cols)" = "||||"
'

test_expect 'r12 the older certificate is verified by its code, and counted' '
	run_cmd ceu-cert verify "$code" -f csv &&
	grep -q "^valid,OLD-1,.*,450102\*\*\*\*\*\*\*\*1231,张伟,2023,public,15,0,15,2023-03-02,$UNIT1,南宁市第一人民医院,," out &&
	run_cmd ceu-report summary --year 2023 --by unit -f csv &&
	grep -q "^$UNIT1,1,.*,1$" out
'

test_expect 'r12 it is not printed again, and re-issuing returns it' '
	expect_exit 1 ceu-cert print OLD-1 --out pdf &&
	grep -q "issued before certificates were signed" err &&
	test ! -e pdf &&
	run_cmd ceu-cert issue --kind public --year 2023 --id $ID1 -f csv &&
	grep -q "^OLD-1," out &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM certificate")" = 1
'

test_expect 'r12 after the upgrade a new certificate is signed, with its basis' '
	run_cmd ceu-exam study --id $ID1 --year 2024 --today 2024-03-01 &&
	run_cmd ceu-exam attempt --id $ID1 --year 2024 --score 90 \
	    --today 2024-03-02 &&
	run_cmd ceu-cert issue --kind public --year 2024 --id $ID1 \
	    --today 2024-03-02 -f csv &&
	test "$(sqlite3 ceu.db "SELECT length(signature), basis, name
	    FROM certificate WHERE year = 2024")" = "64|[3,4]|张伟"
'

test_done
