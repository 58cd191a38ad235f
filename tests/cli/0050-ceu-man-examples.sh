#!/bin/sh
# The EXAMPLES of ceu-exam(1), ceu-register(1), ceu-import(1), ceu-gen(1)
# and ceu(7),
# and the README's year, run as written (ceu(1)'s run in 0010): each
# literal block is a script, run against a database made for it; a block
# the page shows refused is expected to be.
. "$CEU_TOP/tests/cli/lib.sh"

# run_block FILE WANT: sh FILE, whose exit status must be WANT.
run_block() {
	sh "$1" >out 2>err
	got=$?
	[ "$got" = "$2" ] || { echo "$1: exit $got, not $2"; cat "$1" err; return 1; }
}

# A province of 2023, its files as the examples name them.
province() {
	ceu-gen --persons 40 --seed 5 --year 2023 --out "$1" >/dev/null &&
	printf "source,name\nhealth-system,卫健委继续医学教育系统\n" >"$1/sources.csv"
}

test_expect 'ceu-exam(1) examples run' '
	small_world && man_examples ceu-exam.1 ex &&
	run_block ex/1.sh 0 && run_block ex/2.sh 0 &&
	run_block ex/3.sh 0 &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM journal WHERE reason = '\''paper form from the exam room'\''")" = 1 &&
	run_block ex/4.sh 0 && test -s todo.txt
'

test_expect 'ceu-register(1) examples run' '
	small_world && man_examples ceu-register.1 rg &&
	printf "filing_no,organizer,title,subject,category,start_date,end_date,hours\nGX2023-00017,某基地,急诊急救培训班,professional,training,2023-05-08,2023-05-10,24\n" >f.csv &&
	ceu-import -q filings f.csv &&
	run_block rg/1.sh 0 &&
	run_block rg/2.sh 0 &&
	ceu-register list --id 45020319851230456X -f csv >l.csv &&
	grep -q "急诊急救培训班" l.csv &&
	printf "filing_no,id_no,name,hours\nGX2023-00017,%s,张伟,24\n" $ID1 >r.csv &&
	ceu-import -q roster r.csv &&
	run_block rg/3.sh 1 &&
	grep -q "roster GX2023-00017" err &&
	run_block rg/4.sh 0 && grep -q "1 record withdrawn" err &&
	run_block rg/5.sh 0 && test -f pending.csv
'

test_expect 'ceu-import(1) examples run' '
	fresh_db && province p && man_examples ceu-import.1 im &&
	cp im/*.sh p/ && cd p &&
	CEU_TODAY=2024-01-15 run_block 1.sh 0 &&
	test "$(sqlite3 ../ceu.db "SELECT count(*) FROM batch WHERE rejected > 0")" = 0 &&
	CEU_TODAY=2024-02-03 run_block 2.sh 0 &&
	printf "#!/bin/sh\nexit 0\n" >vi && chmod +x vi &&
	PATH=$PWD:$PATH CEU_TODAY=2024-01-15 run_block 3.sh 0 &&
	tr , "\t" <roster.csv | iconv -f UTF-8 -t GB18030 >roster.txt &&
	CEU_TODAY=2024-01-15 run_block 4.sh 0 &&
	CEU_TODAY=2024-01-15 run_block 5.sh 0 &&
	grep -q "undone" err
'

# block_of DIR TEXT: the example script of DIR that holds TEXT.
block_of() {
	grep -l -F -- "$2" "$1"/*.sh | head -1
}

# ceu(7)'s audit example runs in 0600, its restore example in 0010.
test_expect 'ceu(7) examples run' '
	province q && man_examples ceu.7 c7 && cd q &&
	CEU_TODAY=2024-01-15 run_block "$(block_of ../c7 "ceu init --db gx.db")" 0 &&
	unit=$(sed -n 2p units.csv | cut -d, -f1) &&
	CEU_DB=gx.db ceu-register person --id $ID1 --name 张伟 --unit $unit -q &&
	cp exams.csv exams-dec.csv && cp roster.csv roster-late.csv &&
	CEU_DB=gx.db run_block "$(block_of ../c7 exams-dec.csv)" 0 &&
	CEU_DB=gx.db CEU_TODAY=2023-06-15 run_block "$(block_of ../c7 "ceu-exam study")" 0 &&
	CEU_DB=gx.db CEU_TODAY=2023-12-20 run_block "$(block_of ../c7 "ceu-report compliance")" 0
'

test_expect 'ceu-gen(1) example runs (a province of 200, not 200000)' '
	mkdir g && cd g && man_examples ceu-gen.1 ex &&
	sed "s/200000/200/" ex/1.sh >gen.sh &&
	CEU_DB=$PWD/g.db run_block gen.sh 0 &&
	test "$(sqlite3 g.db "SELECT count(*) FROM batch WHERE rejected > 0")" = 0 &&
	test "$(sqlite3 g.db "SELECT count(*) FROM record WHERE source_name = '\''hr-system'\''")" -gt 0
'

test_expect 'the README year runs, on 31 December' '
	province r && cd r &&
	echo "$UNIT1,南宁市第一人民医院,450100,卫生健康" >>units.csv &&
	echo "$ID1,张伟,$UNIT1,," >>persons.csv &&
	sed -n "/^A year at the counter/,/^The database is one file/p" \
	    "$CEU_TOP/README.md" | sed -n "s/^    //p" >year.sh &&
	test "$(wc -l < year.sh)" -gt 8 &&
	CEU_TODAY=2023-12-31 run_block year.sh 0 &&
	test "$(sqlite3 gx.db "SELECT count(*) FROM record r JOIN person p ON p.id = r.person_id WHERE p.id_no = '\''$ID1'\'' AND r.status = '\''approved'\''")" = 3
'

test_done
