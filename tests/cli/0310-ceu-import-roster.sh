#!/bin/sh
# ceu-import filings and roster (R10): a filed class, its roster checked
# against the register and the filing, once per person whatever the route,
# and undo of a roster loaded by mistake.
. "$CEU_TOP/tests/cli/lib.sh"

small_world
add_sources hr-system
cat >filings.csv <<EOF
filing_no,organizer,title,subject,category,start_date,end_date,hours
GX2023-00001,广西壮族自治区卫生健康委员会,2023年院感防控培训班,professional,training,2023-03-06,2023-03-10,40
GX2023-00002,柳州市教育局,2023年 教师 信息技术培训,public_elective,培训进修,2023-04-01,2023-04-02,12.5
EOF
cat >roster.csv <<EOF
filing_no,id_no,name,hours
GX2023-00001,$ID1,张伟,40
GX2023-00001,$ID2,李娜,32.5
GX2023-00002,$ID3,王芳,12.5
EOF

test_expect 'r10 filings load; subject and category in English or Chinese' '
	run_cmd ceu-import filings filings.csv &&
	grep -q "2 added" err &&
	test "$(sqlite3 ceu.db "SELECT category || '\'' '\'' || hours FROM filing WHERE filing_no = '\''GX2023-00002'\''")" = "training 125"
'

test_expect 'r10 a filed class is not changed by a second filing' '
	sed "s/,40$/,48/" filings.csv >changed.csv &&
	expect_exit 65 ceu-import filings changed.csv &&
	grep -q "changed.csv:2: filing GX2023-00001 is on file with other values" err &&
	run_cmd ceu-import filings filings.csv && grep -q "0 added, 2 unchanged" err
'

test_expect 'r9 r5 r8 filings: across years, public_required, bad category' '
	{
	echo "filing_no,organizer,title,subject,category,start_date,end_date,hours"
	echo "GX2023-00009,某基地,跨年班,professional,training,2023-12-30,2024-01-02,20"
	echo "GX2023-00010,某基地,公需课,public_required,training,2023-05-01,2023-05-01,10"
	echo "GX2023-00011,某基地,某班,professional,读书,2023-05-01,2023-05-01,10"
	echo "GX2023-00012,某基地,某班,professional,training,2023-05-02,2023-05-01,10"
	} >badf.csv &&
	expect_exit 65 ceu-import filings badf.csv &&
	grep -q "badf.csv:2: class runs across years 2023 and 2024; file one class per year (R9)" err &&
	grep -q "badf.csv:3: public_required hours come only from the exam (R5)" err &&
	grep -q "badf.csv:4: invalid category '\''读书'\'' (R8" err &&
	grep -q "badf.csv:5: end_date before start_date" err
'

test_expect 'r10 roster: approved records with the filing as source' '
	run_cmd ceu-import roster roster.csv &&
	grep -qx "ceu-import: roster.csv: 3 added, 0 unchanged, 0 rejected (batch 5)" err &&
	sqlite3 -separator " " ceu.db "SELECT year, subject, category, hours, date, end_date, source, filing_no, status, batch FROM record ORDER BY id" >got &&
	{
	echo "2023 professional training 400 2023-03-06 2023-03-10 roster GX2023-00001 approved 5"
	echo "2023 professional training 325 2023-03-06 2023-03-10 roster GX2023-00001 approved 5"
	echo "2023 public_elective training 125 2023-04-01 2023-04-02 roster GX2023-00002 approved 5"
	} >want &&
	test_cmp want got
'

test_expect 'r10 the same roster twice adds nothing' '
	run_cmd ceu-import roster roster.csv &&
	grep -q "0 added, 3 unchanged, 0 rejected" err &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM record")" = 3
'

test_expect 'r10 roster then the same class by hours with the filing as ref counts once' '
	{
	echo "id_no,year,subject,category,hours,title,date,ref"
	echo "$ID1,2023,professional,training,40,院感防控培训,2023-03-06,GX2023-00001"
	echo "$ID1,2023,professional,self_study,3,网络课程,2023-05-06,H1"
	} >hours.csv &&
	run_cmd ceu-import -v hours --source hr-system hours.csv &&
	grep -q "1 added, 0 unchanged, 1 duplicates (R10), 0 rejected" err &&
	grep -q "hours.csv:2: not added: the same activity is already on the archive as record 1 (roster GX2023-00001, batch 5, approved) (R10)" err &&
	test "$(sqlite3 ceu.db "SELECT sum(hours) FROM record WHERE person_id = 1 AND status = '\''approved'\''")" = 430
'

test_expect 'roster rows: name, hours over the filing, unknown filing and person' '
	{
	echo "filing_no,id_no,name,hours"
	echo "GX2023-00001,$ID4,刘 洋,40"
	echo "GX2023-00001,$ID5,陈静,40.5"
	echo "GX2023-00099,$ID5,陈静,4"
	echo "GX2023-00001,45010219900101124X,某人,4"
	echo "GX2023-00001,$ID5,陈静,abc"
	} >bad.csv &&
	expect_exit 65 ceu-import roster bad.csv &&
	grep -Fqx "ceu-import: bad.csv:2: name '\''刘 洋'\'' does not match the register '\''刘洋'\'' for 450103********0011" err &&
	grep -qx "ceu-import: bad.csv:3: hours 40.5 exceed the 40 hours filed for GX2023-00001" err &&
	grep -qx "ceu-import: bad.csv:4: unknown filing GX2023-00099 (R10: file the class first)" err &&
	grep -Fq "bad.csv:5: unknown person 450102********124X" err &&
	grep -q "bad.csv:6: invalid hours '\''abc'\''" err
'

test_expect 'roster names match after blank folding (full-width space)' '
	printf "filing_no,id_no,name,hours\nGX2023-00001,%s,　刘洋 ,40\n" $ID4 >fold.csv &&
	run_cmd ceu-import roster fold.csv && grep -q "1 added" err
'

test_expect 'r16 undo revokes what the batch added, journaled, nothing deleted' '
	before=$(sqlite3 ceu.db "SELECT count(*) FROM journal") &&
	run_cmd ceu-import undo 5 --reason "wrong class" &&
	grep -qx "ceu-import: batch 5 undone: 3 records of 3 people revoked" err &&
	test "$(sqlite3 ceu.db "SELECT group_concat(status) FROM record WHERE batch = 5")" = revoked,revoked,revoked &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM record")" = 5 &&
	after=$(sqlite3 ceu.db "SELECT count(*) FROM journal") &&
	test $((after - before)) = 4 &&
	test "$(sqlite3 ceu.db "SELECT undo_reason FROM batch WHERE id = 5")" = "wrong class" &&
	run_cmd ceu-import batches -f csv && grep -q "^6,roster,.*,20[0-9-]*T" out
'

test_expect 'a second undo of the same batch is refused (exit 1)' '
	expect_exit 1 ceu-import undo 5 --reason again &&
	grep -q "batch 5 was undone already" err &&
	expect_exit 1 ceu-import undo 99 --reason x &&
	grep -q "no batch 99" err &&
	expect_exit 1 ceu-import undo 1 --reason x &&
	grep -q "undo is for roster, hours and exams" err &&
	expect_exit 64 ceu-import undo 5
'

test_expect 'r10 after undo the class may be loaded again' '
	run_cmd ceu-import roster roster.csv &&
	grep -q "3 added, 0 unchanged, 0 rejected" err
'

test_done
