#!/bin/sh
# ceu init upgrades a database of schema 3 (tests/cli/data/schema-3.sql)
# through 4 in place: the integrated systems that loaded hours become
# registered sources (R10), the back-fill keys become a window of the
# year that sets them (R7), the new 2023 policy keys are written, and own
# registrations get their index.
. "$CEU_TOP/tests/cli/lib.sh"

{
	cat "$CEU_TOP/tests/cli/data/schema-3.sql"
	cat <<-SQL
	PRAGMA application_id = 1128617265;
	PRAGMA user_version = 3;
	INSERT INTO unit VALUES ('$UNIT1', '南宁市第一人民医院', '450100', '卫生健康', NULL, 'x', 'x');
	INSERT INTO person(id_no, name, unit_code, created_at, updated_at) VALUES
	 ('$ID1', '张伟', '$UNIT1', 'x', 'x');
	INSERT INTO policy VALUES
	 (2023, 'total_hours', '90'), (2023, 'professional_share', '2/3'),
	 (2023, 'public_required_study_hours', '10'),
	 (2023, 'public_required_exam_hours', '5'),
	 (2023, 'exam_attempts_per_round', '3'), (2023, 'exam_pass_score', '60'),
	 (2023, 'registration_deadline', 'YYYY-12-31'),
	 (2023, 'audit_deadline', '(YYYY+1)-01-31'),
	 (2023, 'backfill_from', '2020'),
	 (2023, 'public_required_theme', '习近平总书记关于人才工作的重要论述'),
	 (2024, 'backfill_from', '2024'), (2026, 'backfill_from', '2024');
	INSERT INTO batch(kind, file, sha256, source, added, actor, at,
	 first_record, last_record) VALUES
	 ('hours', 'a.csv', 'aa', 'HS', 1, 'clerk', '2023-06-01T08:00:00Z', 1, 1),
	 ('hours', 'b.csv', 'bb', 'hs', 0, 'clerk', '2023-06-02T08:00:00Z', NULL, NULL),
	 ('roster', 'r.csv', 'cc', NULL, 0, 'clerk', '2023-06-03T08:00:00Z', NULL, NULL);
	INSERT INTO record(person_id, year, subject, category, hours, title,
	 date, source, source_name, ref, self_key, status, batch) VALUES
	 (1, 2023, 'professional', 'training', 80, '线上培训', '2023-02-01', 'integration', 'HS', 'H1', '', 'approved', 1);
	SQL
} >v3.sql
sqlite3 ceu.db <v3.sql

test_expect 'ceu init upgrades schema 3 to 7 and journals that (R16)' '
	run_cmd ceu init &&
	grep -q "upgraded database .* from schema 3 to 7" err &&
	test "$(sqlite3 ceu.db "PRAGMA user_version")" = 7 &&
	test "$(sqlite3 ceu.db "SELECT before || '\'' '\'' || after FROM journal ORDER BY id DESC LIMIT 1")" = \
	    "{\"schema\":3} {\"schema\":7}" &&
	test "$(sqlite3 ceu.db "PRAGMA integrity_check")" = ok &&
	test "$(sqlite3 ceu.db "PRAGMA foreign_key_check")" = ""
'

test_expect 'r10 the systems that loaded hours are registered, once each' '
	test "$(sqlite3 ceu.db "SELECT group_concat(source) FROM source")" = HS &&
	printf "id_no,year,subject,category,hours,title,date,ref\n%s,2023,professional,training,8,线上培训,2023-02-01,H1\n" $ID1 >h.csv &&
	run_cmd ceu-import hours --source hs h.csv &&
	grep -q "0 added, 1 unchanged" err
'

test_expect 'r7 back-fill becomes a window of its own year; new 2023 keys' '
	run_cmd ceu policy --year 2023 -f csv &&
	grep -qx "2023,backfill_to,2022,2023" out &&
	grep -qx "2023,max_record_hours,90,2023" out &&
	grep -qx "2023,professional_share_basis,actual,2023" out &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM policy WHERE year = 2024")" = 0 &&
	test "$(sqlite3 ceu.db "SELECT group_concat(key || '\''='\'' || value) FROM policy WHERE year = 2026")" = "backfill_from=2024,backfill_to=2025" &&
	run_cmd ceu-report backlog --year 2024 --today 2024-03-01 -f csv &&
	test "$(wc -l < out)" = 1
'

test_expect 'r10 own registrations have their index' '
	test "$(sqlite3 ceu.db "SELECT count(*) FROM sqlite_schema WHERE name = '\''record_own'\''")" = 1
'

test_done
