#!/bin/sh
# ceu init upgrades a database of schema 2 (tests/cli/data/schema-2.sql)
# to 7 (through 3, 4, 5 and 6) in place: R10's activity key is computed from a
# record's columns instead of stored on every row, and it reads the same
# for every record; the database itself still refuses a second count of
# one activity.
. "$CEU_TOP/tests/cli/lib.sh"

# A schema 2 database with a record of every route: a roster (filed
# class), an integrated record, an exam credit, an own registration, and
# a revoked copy of the last; and one of the year before.
{
	cat "$CEU_TOP/tests/cli/data/schema-2.sql"
	cat <<-SQL
	PRAGMA application_id = 1128617265;
	PRAGMA user_version = 2;
	INSERT INTO unit VALUES ('$UNIT1', '南宁市第一人民医院', '450100', '卫生健康', NULL, 'x', 'x');
	INSERT INTO person(id_no, name, unit_code, created_at, updated_at) VALUES
	 ('$ID1', '张伟', '$UNIT1', 'x', 'x');
	INSERT INTO filing VALUES ('GX2023-00017', 'o', '急诊急救培训班',
	 'professional', 'training', '2023-05-08', '2023-05-10', 240, NULL, 'x');
	INSERT INTO batch(kind, file, sha256, source, added, actor, at,
	 first_record, last_record) VALUES
	 ('hours', 'h.csv', 'aa', 'sys', 1, 'clerk', '2023-06-01T08:00:00Z', 2, 2);
	INSERT INTO record(person_id, year, subject, category, hours, title,
	 date, source, source_name, filing_no, ref, activity_key, status,
	 batch) VALUES
	 (1, 2023, 'professional', 'training', 240, '急诊急救培训班', '2023-05-08', 'roster', NULL, 'GX2023-00017', NULL, 'filing:GX2023-00017', 'approved', NULL),
	 (1, 2023, 'professional', 'training', 80, '线上培训', '2023-02-01', 'integration', 'sys', NULL, 'H1', 'source:sys:H1', 'approved', 1),
	 (1, 2023, 'public_required', NULL, 50, '公需科目考试', '2023-03-01', 'exam', NULL, NULL, 'exam', 'exam:2023:exam', 'approved', NULL),
	 (1, 2023, 'professional', 'academic', 120, '学术 年会', '2023-05-20', 'self', NULL, NULL, NULL, 'self:学术 年会|2023-05-20', 'pending', NULL),
	 (1, 2023, 'professional', 'academic', 120, '学术 年会', '2023-05-20', 'self', NULL, NULL, NULL, 'self:学术 年会|2023-05-20', 'revoked', NULL),
	 (1, 2022, 'professional', 'other', 30, '旧课', '2022-06-01', 'self', NULL, NULL, NULL, 'self:旧课|2022-06-01', 'approved', NULL);
	SQL
} >v2.sql
sqlite3 ceu.db <v2.sql
sqlite3 ceu.db "SELECT id, activity_key FROM record ORDER BY id" >keys.before

test_expect 'ceu init upgrades schema 2 to 7 and journals that (R16)' '
	run_cmd ceu init &&
	grep -q "upgraded database .* from schema 2 to 7" err &&
	test "$(sqlite3 ceu.db "PRAGMA user_version")" = 7 &&
	test "$(sqlite3 ceu.db "SELECT before || '\'' '\'' || after FROM journal ORDER BY id DESC LIMIT 1")" = \
	    "{\"schema\":2} {\"schema\":7}" &&
	test "$(sqlite3 ceu.db "PRAGMA integrity_check")" = ok
'

test_expect 'r10 every record keeps its activity key; only own ones are stored' '
	sqlite3 ceu.db "SELECT id, activity_key FROM record ORDER BY id" \
	    >keys.after &&
	test_cmp keys.before keys.after &&
	test "$(sqlite3 ceu.db "SELECT group_concat(id, '\'' '\'') FROM record WHERE self_key <> '\'''\''")" = "4 5 6" &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM sqlite_schema WHERE name = '\''record_person_year'\''")" = 0 &&
	sqlite3 ceu.db "EXPLAIN QUERY PLAN SELECT id FROM record WHERE person_id = 1 AND activity_key = '\''x'\'' AND status_code <= 1" |
	    grep -q "USING INDEX record_activity"
'

test_expect 'r10 after the upgrade: the database and ceu refuse a second count' '
	! sqlite3 ceu.db "INSERT INTO record(person_id, year, subject_code, hours, title, date, source, source_name, ref, self_key, status_code) VALUES (1, 2023, 2, 10, '\''t'\'', '\''2023-02-01'\'', '\''integration'\'', '\''sys'\'', '\''H1'\'', '\'''\'', 1)" 2>sqlerr &&
	grep -q "UNIQUE" sqlerr &&
	expect_exit 1 ceu-register add --id $ID1 --year 2023 --category academic \
	    --hours 12 --title "学术　年会" --date 2023-05-20 &&
	grep -q "record 4 (self, pending)" err &&
	{
	echo "id_no,year,subject,category,hours,title,date,ref"
	echo "$ID1,2023,professional,training,8,线上培训,2023-02-01,H1"
	echo "$ID1,2023,professional,training,3,急救,2023-05-08,GX2023-00017"
	echo "$ID1,2023,professional,training,2,新课,2023-03-02,H2"
	} >h.csv &&
	run_cmd ceu-import -v hours --source sys h.csv &&
	grep -q "1 added, 1 unchanged, 1 duplicates (R10)" err &&
	grep -q "h.csv:3: not added: .*record 1 (roster GX2023-00017" err
'

test_expect 'a person listed year by year, after the upgrade' '
	run_cmd ceu-register list --id $ID1 --show-id -f csv &&
	test "$(sed 1d out | cut -d, -f1 | tr "\n" " ")" = "6 2 3 7 1 4 5 "
'

test_done
