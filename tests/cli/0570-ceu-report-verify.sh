#!/bin/sh
# ceu-report journal --verify against tampering (R16): every row sealed,
# every table's rows counted by the signed head, the chain signed; a change
# made with the sqlite3 shell or a short script is exit 1 naming the row.
# --head prints the signed head; --verify --head FILE checks that today's
# journal still extends a head kept elsewhere.
. "$CEU_TOP/tests/cli/lib.sh"

CEU_TODAY=2023-12-20
export CEU_TODAY

# An archive made by every route: a small province loaded (units,
# persons, filings, a roster, exams, hours), an own registration still
# pending, a make-up study, and an undone batch.
fresh_db
ceu-gen --persons 40 --seed 5 --out prov >/dev/null
for k in units persons filings roster; do
	ceu-import -q $k prov/$k.csv
done
ceu-import -q exams prov/exams.csv
printf "source,name\nsys,行业系统\n" | ceu-import -q sources -
ceu-import -q --today 2024-01-15 hours --source sys prov/hours.csv
who=$(sqlite3 ceu.db "SELECT id_no FROM person ORDER BY id LIMIT 1")
ceu-register -q add --id "$who" --year 2023 --category self_study \
    --hours 12 --title "临床指南自学" --date 2023-04-03 >/dev/null
roster=$(sqlite3 ceu.db "SELECT id FROM batch WHERE kind = 'roster'")
ceu-import -q undo "$roster" --reason "wrong class"
cp ceu.db pristine.db

# again: the archive as ceu left it.
again() {
	rm -f ceu.db-wal ceu.db-shm && cp pristine.db ceu.db
}

# sql SQL: run SQL behind ceu's back, as the sqlite3 shell does.
sql() {
	sqlite3 ceu.db "$1"
}

# findings: how many rows verify named.
findings() {
	grep -c "behind ceu's back\|was rewritten\|journal head" err
}

# man_examples: the commands of ceu-report(1)'s examples from the one on
# keeping the head on, with /srv/heads here.
man_examples() {
	awk '/^Keep the signed head where/ { on = 1 }
	    on && /^\.Ed/ { block = 0 }
	    on && block { print }
	    on && /^\.Bd -literal/ { block = 1 }' "$CEU_TOP/man/ceu-report.1" |
	    sed "s|/srv/heads|$PWD/heads|g"
}

test_expect 'r16 the archive as ceu made it verifies, every row sealed' '
	run_cmd ceu-report journal --verify &&
	n=$(sql "SELECT (SELECT count(*) FROM unit) + (SELECT count(*) FROM person) +
	    (SELECT count(*) FROM policy) + (SELECT count(*) FROM batch) +
	    (SELECT count(*) FROM filing) + (SELECT count(*) FROM record) +
	    (SELECT count(*) FROM exam_round) + (SELECT count(*) FROM exam_attempt) +
	    (SELECT count(*) FROM source)") &&
	grep -q "journal: [0-9]* rows verified, and the $n rows of the archive match" err &&
	test "$(sql "SELECT count(*) FROM record WHERE seal IS NULL")" = 0 &&
	test "$(sql "SELECT count(*) FROM journal WHERE seal IS NULL")" = 0
'

test_expect 'r16 record hours changed with the sqlite3 shell: the record is named' '
	id=$(sql "SELECT min(id) FROM record WHERE status = '\''approved'\''") &&
	sql "UPDATE record SET hours = hours + 100 WHERE id = $id" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -qx "ceu-report: record $id was altered behind ceu'\''s back: its seal does not match" err &&
	test "$(findings)" = 1 &&
	grep -q "the archive is not what ceu wrote (R16): findings: 1" err
'

test_expect 'r16 a pending record set approved is named' '
	again &&
	id=$(sql "SELECT id FROM record WHERE status = '\''pending'\''") &&
	test -n "$id" &&
	sql "UPDATE record SET status_code = 1 WHERE id = $id" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "record $id was altered behind" err && test "$(findings)" = 1
'

test_expect 'r16 a fake approved record inserted is named, a copied seal too' '
	again &&
	last=$(sql "SELECT max(id) FROM record") &&
	sql "INSERT INTO record(person_id, year, subject_code, category, hours,
	    title, date, source, self_key, status_code, seal) VALUES (2, 2023, 2,
	    '\''training'\'', 900, '\''假培训'\'', '\''2023-05-05'\'', '\''self'\'',
	    '\''self:假培训|2023-05-05'\'', 1,
	    (SELECT seal FROM record WHERE id = 1))" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "record $((last + 1)) was altered behind" err &&
	grep -q "record: row $((last + 1)) was added behind ceu'\''s back: the signed head counts $last rows" err
'

test_expect 'r16 a person renamed is named' '
	again &&
	sql "UPDATE person SET name = '\''某某'\'' WHERE id = 3" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "person 3 was altered behind" err && test "$(findings)" = 1
'

test_expect 'r16 a unit or a registered source renamed is named' '
	again &&
	unit=$(sql "SELECT min(code) FROM unit") &&
	sql "UPDATE unit SET name = '\''某单位'\'' WHERE code = '\''$unit'\''" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "unit $unit was altered behind" err && test "$(findings)" = 1 &&
	again &&
	sql "UPDATE source SET name = '\''某系统'\''" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "source sys was altered behind" err && test "$(findings)" = 1
'

test_expect 'r12 r15 r16 an audit decision or a certificate changed is named' '
	again &&
	rec=$(sql "SELECT id FROM record WHERE status = '\''pending'\''") &&
	unit=$(sql "SELECT p.unit_code FROM record r JOIN person p
	    ON p.id = r.person_id WHERE r.id = $rec") &&
	ceu-audit -q reject --unit "$unit" --reason "无证明" "$rec" &&
	ceu-cert -q issue --kind public --year 2023 --all --today 2024-01-15 \
	    >/dev/null &&
	run_cmd ceu-report journal --verify &&
	cp ceu.db decided.db &&
	sql "UPDATE audit SET decision = '\''approve'\'', reason = NULL" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "audit 1 was altered behind" err && test "$(findings)" = 1 &&
	cp decided.db ceu.db && rm -f ceu.db-wal ceu.db-shm &&
	cert=$(sql "SELECT min(id) FROM certificate") &&
	test -n "$cert" &&
	sql "UPDATE certificate SET public_hours = 300, total_hours = 300
	    WHERE id = $cert" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "certificate $cert was altered behind" err &&
	test "$(findings)" = 1
'

test_expect 'r16 an exam score changed is named' '
	again &&
	id=$(sql "SELECT min(id) FROM exam_attempt WHERE passed = 0") &&
	sql "UPDATE exam_attempt SET score = 900, passed = 1 WHERE id = $id" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "exam_attempt $id was altered behind" err && test "$(findings)" = 1
'

test_expect 'r16 a policy value changed or deleted is named' '
	again &&
	sql "UPDATE policy SET value = '\''60'\'' WHERE year = 2023 AND key = '\''total_hours'\''" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "policy 2023 total_hours was altered behind" err &&
	test "$(findings)" = 1 &&
	again &&
	n=$(sql "SELECT count(*) FROM policy") &&
	sql "DELETE FROM policy WHERE year = 2023 AND key = '\''total_hours'\''" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "policy: $((n - 1)) rows where the signed head counts $n: rows were deleted behind" err &&
	test "$(findings)" = 1
'

test_expect 'r16 a batch deleted, in the middle or the last, is named' '
	again &&
	sql "DELETE FROM batch WHERE id = 2" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "batch: row 2 is missing: deleted behind" err &&
	again &&
	last=$(sql "SELECT max(id) FROM batch") &&
	sql "DELETE FROM batch WHERE id = $last" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "batch: row $last was deleted behind ceu'\''s back: the signed head counts $last rows" err
'

test_expect 'r16 records deleted, the last ones too, are named' '
	again &&
	last=$(sql "SELECT max(id) FROM record") &&
	sql "DELETE FROM record WHERE id = 5 OR id >= $((last - 1))" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "record: row 5 is missing" err &&
	grep -q "record: rows $((last - 1)) to $last were deleted behind" err &&
	test "$(findings)" = 2
'

test_expect 'r16 the last journal rows deleted, or all of them, are found' '
	again &&
	last=$(sql "SELECT max(id) FROM journal") &&
	sql "DELETE FROM journal WHERE id > $((last - 2))" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "journal: rows $((last - 1)) to $last were deleted behind" err &&
	again &&
	sql "DELETE FROM journal" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "journal: rows 1 to $last were deleted behind" err &&
	again &&
	sql "DELETE FROM journal WHERE id = 3" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "journal: row 3 is missing" err
'

test_expect 'r16 a chain re-hashed by a short script: the edited row is named' '
	again &&
	sql "UPDATE journal SET actor = '\''mallory'\'' WHERE id = 2" &&
	journal_rehash 2 &&
	last=$(sql "SELECT max(id) FROM journal") &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "journal row 2 was altered behind" err &&
	grep -q "the journal was rewritten: row $last does not have the hash the signed head gives it" err &&
	test "$(findings)" = 2
'

test_expect 'r16 the signed head removed or forged is found' '
	again &&
	sql "DELETE FROM meta WHERE key = '\''head'\''" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "no signed journal head" err &&
	again &&
	last=$(sql "SELECT max(id) FROM record") &&
	sql "DELETE FROM record WHERE id = $last;
	    UPDATE meta SET value = replace(value, '\'' record=$last '\'',
	    '\'' record=$((last - 1)) '\'') WHERE key = '\''head'\''" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "the journal head is not signed by the database'\''s key" err
'

test_expect 'r16 without its key a sealed database is neither verified nor written' '
	again &&
	mv ceu.db.key away.key &&
	expect_exit 1 ceu-register add --id "$who" --year 2023 --category self_study \
	    --hours 2 --title x --date 2023-04-04 &&
	grep -q "no key file .*ceu.db.key.: the rows of .* are sealed with its key" err &&
	test ! -e ceu.db.key &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "no key file" err &&
	mv away.key ceu.db.key
'

test_expect 'r16 --head prints the signed head, one line' '
	again &&
	run_cmd ceu-report journal --head &&
	last=$(sql "SELECT max(id) FROM journal") &&
	hash=$(sql "SELECT hash FROM journal WHERE id = $last") &&
	grep -Eqx "ceu-journal-head-v1 journal=$last hash=$hash unit=[0-9]+ person=[0-9]+ policy=[0-9]+ batch=[0-9]+ filing=[0-9]+ record=[0-9]+ exam_round=[0-9]+ exam_attempt=[0-9]+ audit=0 certificate=0 source=[0-9]+ sig=[A-Za-z0-9+/=]{88}" out &&
	expect_exit 64 ceu-report journal --head extra &&
	expect_exit 64 ceu-report journal --verify a b
'

test_expect 'r16 --verify --head FILE: the journal still extends the kept head' '
	again &&
	ceu-report journal --head > kept &&
	ceu-register -q add --id "$who" --year 2023 --category self_study \
	    --hours 2 --title "又一课" --date 2023-04-04 >/dev/null &&
	run_cmd ceu-report journal --verify --head kept &&
	grep -q "the journal extends the head kept in .kept. (row" err
'

test_expect 'r16 a history rewritten by whoever holds the key fails the kept head' '
	rm -f h1.db* h2.db* &&
	ceu init -q --db h1.db &&
	CEU_DB=h1.db ceu-report journal --head > kept &&
	CEU_DB=h1.db ceu-import -q units prov/units.csv &&
	cp h1.db.key h2.db.key && ceu init -q --db h2.db &&
	CEU_DB=h2.db ceu-import -q units prov/units.csv &&
	CEU_DB=h2.db ceu-import -q persons prov/persons.csv &&
	cp h2.db h1.db &&
	CEU_DB=h1.db run_cmd ceu-report journal --verify &&
	CEU_DB=h1.db expect_exit 1 ceu-report journal --verify --head kept &&
	grep -q "journal row 1 no longer has the hash of the kept head: the journal was rewritten" err &&
	test "$(findings)" = 1 &&
	again &&
	ceu-report journal --head > kept &&
	cp ceu.db.key h3.db.key && ceu init -q --db h3.db &&
	CEU_DB=h3.db ceu-import -q units prov/units.csv &&
	cp h3.db ceu.db &&
	run_cmd ceu-report journal --verify &&
	expect_exit 1 ceu-report journal --verify --head kept &&
	grep -q "the journal ends at row 2, before row [0-9]* of the kept head: rows were deleted" err &&
	grep -q "person: 0 rows, fewer than the 40 of the kept head" err
'

test_expect 'r16 a head kept from another database, or none, is refused' '
	again &&
	ceu init -q --db third.db &&
	CEU_DB=third.db ceu-report journal --head > theirs &&
	expect_exit 1 ceu-report journal --verify --head theirs &&
	grep -q "the kept head is not signed by the database'\''s key" err &&
	echo "not a head" > junk &&
	expect_exit 65 ceu-report journal --verify --head junk &&
	grep -q "junk: not a journal head" err &&
	expect_exit 66 ceu-report journal --verify --head nothere
'

test_expect 'r16 the examples of ceu-report(1) on the head run' '
	again &&
	mkdir -p heads &&
	man_examples > examples.sh &&
	test "$(grep -c "ceu-report journal" examples.sh)" = 4 &&
	sh -e examples.sh > out 2> err &&
	test -s heads/ceu.head && test ! -e heads/ceu.head.new &&
	grep -q "the journal extends the head kept in" err &&
	grep -q "\"status\":\"revoked\"" out &&
	sql "UPDATE person SET name = '\''某某'\'' WHERE id = 3" &&
	sh examples.sh > out 2> err;
	grep -q "person 3 was altered" err &&
	! grep -q "the journal extends" err && test ! -e heads/ceu.head.new
'

test_expect 'r16 the head line of examples/crontab runs, quiet when all is well' '
	again &&
	mkdir -p cron &&
	grep "^[^#].*journal.*--head" "$CEU_TOP/examples/crontab" | cut -f 2- |
	    sed "s|/srv/ceu/heads|$PWD/cron|g" > lines &&
	test "$(wc -l < lines)" = 1 &&
	ceu-report journal --head > cron/ceu.head &&
	sh lines > out 2> err && test ! -s out && test ! -s err &&
	ceu-report journal --head | cmp - cron/ceu.head &&
	sql "DELETE FROM journal WHERE id = (SELECT max(id) FROM journal)" &&
	sh lines > out 2> err &&
	grep -q "does not extend last night" out &&
	grep -q "journal: row [0-9]* was deleted behind" err
'

test_expect 'r16 the findings in Chinese under zh_CN' '
	again &&
	sql "UPDATE person SET name = '\''某某'\'' WHERE id = 3" &&
	LANGUAGE=zh_CN expect_exit 1 ceu-report journal --verify &&
	grep -q "^ceu-report: person 3 .*封签" err
'

test_done
