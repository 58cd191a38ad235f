#!/bin/sh
# ceu init upgrades a database of schema 1 (tests/cli/data/schema-1.sql,
# the schema as it was) in place: nothing lost, journaled (R16), and the
# batches it holds can still be undone.
. "$CEU_TOP/tests/cli/lib.sh"

# A schema 1 database with two hours batches: batch 1 holds records 1-3
# (two people), batch 2 record 4.
{
	cat "$CEU_TOP/tests/cli/data/schema-1.sql"
	cat <<-SQL
	PRAGMA application_id = 1128617265;
	PRAGMA user_version = 1;
	INSERT INTO unit VALUES ('$UNIT1', '南宁市第一人民医院', '450100', '卫生健康', NULL, 'x', 'x');
	INSERT INTO person(id_no, name, unit_code, created_at, updated_at) VALUES
	 ('$ID1', '张伟', '$UNIT1', 'x', 'x'), ('$ID2', '李娜', '$UNIT1', 'x', 'x');
	INSERT INTO batch(kind, file, sha256, source, added, actor, at) VALUES
	 ('hours', 'a.csv', 'aa', 'sys', 3, 'clerk', '2023-06-01T08:00:00Z'),
	 ('hours', 'b.csv', 'bb', 'sys', 1, 'clerk', '2023-06-02T08:00:00Z');
	INSERT INTO record(person_id, year, subject, category, hours, title,
	 date, source, source_name, ref, activity_key, status, batch,
	 created_at, updated_at) VALUES
	 (1, 2023, 'professional', 'training', 80, 'a', '2023-02-01', 'integration', 'sys', 'H1', 'source:sys:H1', 'approved', 1, 'x', 'x'),
	 (1, 2023, 'professional', 'training', 60, 'b', '2023-02-02', 'integration', 'sys', 'H2', 'source:sys:H2', 'approved', 1, 'x', 'x'),
	 (2, 2023, 'professional', 'training', 40, 'c', '2023-02-03', 'integration', 'sys', 'H3', 'source:sys:H3', 'approved', 1, 'x', 'x'),
	 (2, 2023, 'professional', 'training', 20, 'd', '2023-02-04', 'integration', 'sys', 'H4', 'source:sys:H4', 'approved', 2, 'x', 'x');
	SQL
} >v1.sql
sqlite3 ceu.db <v1.sql

test_expect 'a schema 1 database is refused until upgraded (exit 1)' '
	expect_exit 1 ceu-register list &&
	grep -q "schema version 1; upgrade it with .ceu init" err
'

test_expect 'ceu init upgrades it to schema 7 and journals that (R16)' '
	run_cmd ceu init &&
	grep -q "upgraded database .* from schema 1 to 7" err &&
	test "$(sqlite3 ceu.db "PRAGMA user_version")" = 7 &&
	test "$(sqlite3 ceu.db "SELECT action || '\'' '\'' || before || '\'' '\'' || after FROM journal ORDER BY id DESC LIMIT 1")" = \
	    "upgrade {\"schema\":1} {\"schema\":7}" &&
	test "$(sqlite3 ceu.db "PRAGMA integrity_check")" = ok &&
	test "$(sqlite3 ceu.db "PRAGMA foreign_key_check")" = "" &&
	grep -q "made the database'\''s key .*ceu.db.key" err
'

test_expect 'r16 the upgrade made the key and sealed every row: it verifies' '
	test "$(stat -c %a ceu.db.key)" = 600 &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM record WHERE seal IS NULL")" = 0 &&
	run_cmd ceu-report journal --verify
'

test_expect 'the upgrade keeps every record and knows each batch range' '
	test "$(sqlite3 ceu.db "SELECT group_concat(id || '\'':'\'' || hours || '\'':'\'' || batch, '\'' '\'') FROM (SELECT * FROM record ORDER BY id)")" = \
	    "1:80:1 2:60:1 3:40:1 4:20:2" &&
	test "$(sqlite3 ceu.db "SELECT group_concat(first_record || '\''-'\'' || last_record, '\'' '\'') FROM (SELECT * FROM batch ORDER BY id)")" = "1-3 4-4" &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM pragma_table_info('\''record'\'') WHERE name LIKE '\''%_at'\''")" = 0 &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM sqlite_schema WHERE name = '\''record_batch'\''")" = 0
'

test_expect 'a batch loaded before the upgrade is undone, and no other' '
	run_cmd ceu-import undo 1 --reason "loaded twice" &&
	grep -q "3 records of 2 people revoked" err &&
	test "$(sqlite3 ceu.db "SELECT group_concat(id || '\'':'\'' || status, '\'' '\'') FROM (SELECT * FROM record ORDER BY id)")" = \
	    "1:revoked 2:revoked 3:revoked 4:approved"
'

test_expect 'a batch loaded after the upgrade keeps its range and undoes alone' '
	{
	echo "id_no,year,subject,category,hours,title,date,ref"
	echo "$ID1,2023,professional,training,3,e,2023-03-01,H5"
	echo "$ID1,2023,professional,training,2,f,2023-03-02,H6"
	} >new.csv &&
	run_cmd ceu-import hours --source sys new.csv &&
	grep -q "2 added, 0 unchanged, 0 rejected (batch 3)" err &&
	test "$(sqlite3 ceu.db "SELECT first_record || '\''-'\'' || last_record FROM batch WHERE id = 3")" = 5-6 &&
	run_cmd ceu-import undo 3 --reason "wrong file" &&
	grep -q "2 records of 1 people revoked" err &&
	test "$(sqlite3 ceu.db "SELECT group_concat(id || '\'':'\'' || status, '\'' '\'') FROM (SELECT * FROM record ORDER BY id)")" = \
	    "1:revoked 2:revoked 3:revoked 4:approved 5:revoked 6:revoked"
'

test_expect 'ceu init on the upgraded file only checks it' '
	run_cmd ceu init &&
	grep -q "checked database" err &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM journal WHERE action = '\''upgrade'\''")" = 1
'

test_done
