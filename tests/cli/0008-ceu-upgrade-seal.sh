#!/bin/sh
# ceu init upgrades a database of schema 5 (tests/cli/data/schema-5.sql)
# to 7 in place (R16): the database gets its key, every row of every
# table its seal and the journal its signed head, in one transaction; the
# archive then verifies, and a change made behind ceu's back after the
# upgrade is named.
. "$CEU_TOP/tests/cli/lib.sh"

# A schema 5 database as ceu left it: a unit, two people, a registered
# source, a batch of two records, an own registration approved, an exam
# round and attempt, a certificate with its signature, and the journal of
# all that, chained (journal_rehash).
{
	cat "$CEU_TOP/tests/cli/data/schema-5.sql"
	cat <<-SQL
	PRAGMA application_id = 1128617265;
	PRAGMA user_version = 5;
	INSERT INTO policy VALUES (2023, 'total_hours', '90');
	INSERT INTO unit VALUES ('$UNIT1', '南宁市第一人民医院', '450100', '卫生健康', 1, 'x', 'x');
	INSERT INTO source VALUES ('sys', '卫健系统', NULL, 'x', 'x');
	INSERT INTO person(id_no, name, unit_code, batch, created_at, updated_at) VALUES
	 ('$ID1', '张伟', '$UNIT1', 1, 'x', 'x'), ('$ID2', '李娜', '$UNIT1', 1, 'x', 'x');
	INSERT INTO batch(kind, file, sha256, source, added, actor, at,
	 first_record, last_record) VALUES
	 ('persons', 'p.csv', 'aa', NULL, 3, 'clerk', '2023-06-01T08:00:00Z', NULL, NULL),
	 ('hours', 'h.csv', 'bb', 'sys', 2, 'clerk', '2023-06-02T08:00:00Z', 1, 2);
	INSERT INTO record(person_id, year, subject, category, hours, title,
	 date, source, source_name, ref, self_key, status, batch) VALUES
	 (1, 2023, 'professional', 'training', 80, 'a', '2023-02-01', 'integration', 'sys', 'H1', '', 'approved', 2),
	 (2, 2023, 'professional', 'training', 60, 'b', '2023-02-02', 'integration', 'sys', 'H2', '', 'approved', 2),
	 (1, 2023, 'professional', 'self_study', 30, '自学', '2023-03-01', 'self', NULL, NULL, 'self:自学|2023-03-01', 'approved', NULL);
	INSERT INTO exam_round(person_id, year, round, opened_on, studied_on) VALUES
	 (2, 2023, 1, '2023-04-01', '2023-04-01');
	INSERT INTO exam_attempt(round_id, attempt, score, date, passed, created_at) VALUES
	 (1, 1, 400, '2023-04-02', 0, 'x');
	INSERT INTO certificate(serial, verify_code, person_id, year, kind,
	 public_hours, professional_hours, total_hours, issued_on, name, id_masked,
	 unit_name, signature, basis) VALUES ('C2023-1', 'AAAA', 2, 2023, 'public',
	 150, 0, 150, '2023-12-01', '李娜', '450203********456X', '南宁市第一人民医院',
	 X'41414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141', '[1]');
	INSERT INTO journal(id, at, actor, action, entity, entity_id, before, after, reason, hash) VALUES
	 (1, '2023-06-01T07:00:00Z', 'clerk', 'init', 'database', 'ceu.db', NULL, '{"schema":5}', NULL, ''),
	 (2, '2023-06-01T08:00:00Z', 'clerk', 'import', 'batch', '1', NULL, '{"kind":"persons"}', NULL, ''),
	 (3, '2023-06-02T08:00:00Z', 'clerk', 'import', 'batch', '2', NULL, '{"kind":"hours"}', NULL, ''),
	 (4, '2023-06-03T08:00:00Z', 'clerk', 'add', 'record', '3', NULL, '{"hours":30}', NULL, ''),
	 (5, '2023-06-04T08:00:00Z', 'clerk', 'approved', 'record', '3', '{"status":"pending"}', '{"status":"approved"}', NULL, ''),
	 (6, '2023-06-05T08:00:00Z', 'clerk', 'attempt', 'exam_attempt', '1', NULL, '{"score":400}', NULL, '');
	SQL
} | sqlite3 ceu.db
journal_rehash 1
sqlite3 ceu.db .dump | grep -v "^INSERT INTO journal" > before.sql
# A record's columns by name (schema 7 keeps subject and status as codes,
# read by name).
record_cols="id, person_id, year, subject, category, hours, title, date,
    end_date, source, source_name, filing_no, ref, self_key, status, batch,
    evidence, late, activity_key"

test_expect 'a schema 5 database is refused until upgraded (exit 1)' '
	expect_exit 1 ceu-report journal --verify &&
	grep -q "schema version 5; upgrade it with .ceu init" err
'

test_expect 'r16 ceu init upgrades it to 7: a key made, 0600, and said' '
	run_cmd ceu init &&
	grep -q "upgraded database .* from schema 5 to 7" err &&
	grep -q "made the database'\''s key .*ceu.db.key. (mode 0600)" err &&
	test "$(stat -c %a ceu.db.key)" = 600 &&
	test "$(sqlite3 ceu.db "PRAGMA user_version")" = 7 &&
	test "$(sqlite3 ceu.db "SELECT action || '\'' '\'' || before || '\'' '\'' || after FROM journal ORDER BY id DESC LIMIT 1")" = \
	    "upgrade {\"schema\":5} {\"schema\":7}"
'

test_expect 'r16 every row of every table sealed, nothing else changed' '
	for t in unit person policy batch filing record exam_round exam_attempt audit certificate source journal; do
		test "$(sqlite3 ceu.db "SELECT count(*) FROM $t WHERE seal IS NULL")" = 0 ||
		    { echo "$t: a row without its seal"; exit 1; }
	done &&
	for t in unit person source batch record exam_round exam_attempt certificate; do
		cols="*" sealed="*" &&
		if [ $t = record ]; then
			cols=$record_cols sealed="$record_cols, seal"
		fi &&
		sqlite3 ceu.db "SELECT $sealed FROM $t" | sed "s/|[-0-9]*$//" > after.$t &&
		sqlite3 -cmd ".read before.sql" :memory: "SELECT $cols FROM $t" > before.$t &&
		test_cmp before.$t after.$t || exit 1
	done
'

test_expect 'r16 the upgraded archive verifies, with its chain of schema 5' '
	run_cmd ceu-report journal --verify &&
	n=$(sqlite3 ceu.db "SELECT (SELECT count(*) FROM unit) +
	    (SELECT count(*) FROM person) + (SELECT count(*) FROM policy) +
	    (SELECT count(*) FROM batch) + (SELECT count(*) FROM record) +
	    (SELECT count(*) FROM exam_round) +
	    (SELECT count(*) FROM exam_attempt) + (SELECT count(*) FROM source) +
	    (SELECT count(*) FROM certificate)") &&
	grep -q "journal: 7 rows verified, and the $n rows of the archive match" err
'

test_expect 'r16 after the upgrade a change behind ceu'\''s back is named' '
	sqlite3 ceu.db "UPDATE record SET hours = 800 WHERE id = 1" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "record 1 was altered behind ceu'\''s back" err
'

test_expect 'ceu init on the upgraded file only checks it, and keeps its key' '
	sqlite3 ceu.db "UPDATE record SET hours = 80 WHERE id = 1" &&
	cp ceu.db.key key.before &&
	run_cmd ceu init &&
	grep -q "checked database" err && ! grep -q "made the database" err &&
	cmp key.before ceu.db.key &&
	run_cmd ceu-report journal --verify
'

test_done
