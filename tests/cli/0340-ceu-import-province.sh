#!/bin/sh
# ceu-import of a generated province (ceu-gen), in UTF-8 and as Excel on
# Chinese Windows writes it (GB18030, CRLF, Chinese headers): the same
# archive either way, and a second run changes nothing.
. "$CEU_TOP/tests/cli/lib.sh"

load() {
	for k in policy units persons filings roster exams; do
		ceu-import -q "$k" "$1/$k.csv" || return 1
	done
	ceu-import -q hours --source hr-system "$1/hours.csv"
}

# The year's records are loaded in January of the next, before the audit
# deadline (R9, R11): every activity has taken place, none is late.
CEU_TODAY=2024-01-15

# The archive without batch numbers and times, in a stable order.
archive() {
	sqlite3 "$1" "SELECT p.id_no, p.name, r.year, r.subject, r.category,
	    r.hours, r.title, r.date, r.source, r.filing_no, r.ref, r.status
	    FROM record r JOIN person p ON p.id = r.person_id
	    ORDER BY p.id_no, r.activity_key"
}

test_expect 'a UTF-8 province loads without a rejected row' '
	ceu-gen --persons 60 --seed 3 --year 2023 --out utf8 &&
	fresh_db && add_sources hr-system && load utf8 &&
	test "$(sqlite3 ceu.db "SELECT sum(rejected) FROM batch")" = 0 &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM record WHERE late = 1")" = 0 &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM person")" = 60 &&
	archive ceu.db >a.txt && test -s a.txt
'

test_expect 'r10 loading it all again adds nothing' '
	load utf8 &&
	test "$(sqlite3 ceu.db "SELECT sum(added) FROM batch WHERE id > 7")" = 0 &&
	archive ceu.db >b.txt && test_cmp a.txt b.txt
'

test_expect 'the GB18030 province gives the same archive' '
	ceu-gen --persons 60 --seed 3 --year 2023 --out gbk --gb18030 &&
	head -1 gbk/roster.csv | iconv -f GB18030 -t UTF-8 | grep -q "^备案号,身份证号,姓名,学时" &&
	CEU_DB=$PWD/gbk.db && ceu init -q &&
	sqlite3 gbk.db "INSERT INTO source(source, name, created_at, updated_at) VALUES ('\''hr-system'\'', '\''x'\'', '\''x'\'', '\''x'\'')" &&
	load gbk &&
	archive gbk.db >c.txt && test_cmp a.txt c.txt
'

test_done
