#!/bin/sh
# ceu-import hours from an integrated system: R5, R9, R10, all-or-nothing
# against --keep-going, --rejects with the physical line, --dry-run,
# quoted newlines and ragged rows.
. "$CEU_TOP/tests/cli/lib.sh"

small_world
add_sources hr-system other excel x
H="id_no,year,subject,category,hours,title,date,ref"
{
echo "$H"
echo "$ID1,2023,professional,training,8,院感防控网络课程,2023-02-01,H1"
echo "$ID1,2023,public_elective,,6,法治讲座,2023-02-03,H2"
echo "$ID2,2023,professional,自学,2.5,护理新进展,2023-03-01,H3"
} >good.csv
{
echo "$H"
echo "$ID1,2023,professional,training,4,\"多行
标题\",2023-05-01,H10"
echo "$ID1,2023,professional,training,4,跨年,2022-12-30,H11"
echo "$ID2,2023,public_required,,15,公需课,2023-05-01,H12"
echo "$ID2,2023,professional,training,4,少一列,2023-05-01"
echo "$ID3,2023,professional,training,0,零学时,2023-05-01,H14"
echo "$ID3,2023,professional,training,4,坏日期,2023-02-30,H15"
echo "$ID3,2023,professional,training,4.25,两位小数,2023-05-01,H16"
echo "$ID3,2023,professional,,4,无类别,2023-05-01,H17"
echo "$ID4,2023,professional,training,4,好的一行,2023-05-01,H18"
} >mixed.csv

test_expect 'hours need --source (usage, exit 64)' '
	expect_exit 64 ceu-import hours good.csv &&
	grep -q "need --source" err &&
	expect_exit 64 ceu-import units --source x good.csv
'

test_expect 'r10 hours load approved with source, name and ref' '
	run_cmd ceu-import hours --source hr-system good.csv &&
	grep -q "3 added, 0 unchanged, 0 rejected (batch 3)" err &&
	sqlite3 -separator " " ceu.db "SELECT subject, coalesce(category, '\''-'\''), hours, source, source_name, ref, status FROM record ORDER BY id" >got &&
	{
	echo "professional training 80 integration hr-system H1 approved"
	echo "public_elective - 60 integration hr-system H2 approved"
	echo "professional self_study 25 integration hr-system H3 approved"
	} >want &&
	test_cmp want got
'

test_expect 'r10 the same file twice: 0 added, 3 unchanged' '
	run_cmd ceu-import hours --source hr-system good.csv &&
	grep -qx "ceu-import: good.csv: 0 added, 3 unchanged, 0 rejected (batch 4)" err &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM record")" = 3
'

test_expect 'r10 another system with its own refs is another activity' '
	run_cmd ceu-import hours --source other good.csv &&
	grep -q "3 added" err
'

test_expect 'all or nothing: every bad row reported with its physical line, exit 65' '
	before=$(sqlite3 ceu.db "SELECT count(*) FROM record") &&
	expect_exit 65 ceu-import hours --source hr-system mixed.csv &&
	grep -qx "ceu-import: mixed.csv:4: date 2022-12-30 is not in year 2023 (R9: no cross-year registration)" err &&
	grep -qx "ceu-import: mixed.csv:5: public_required hours come only from the exam (R5); import them as exams" err &&
	grep -qx "ceu-import: mixed.csv:6: 7 fields where the header has 8" err &&
	grep -q "^ceu-import: mixed.csv:7: invalid hours '\''0'\''" err &&
	grep -qx "ceu-import: mixed.csv:8: invalid date '\''2023-02-30'\'' (YYYY-MM-DD)" err &&
	grep -q "^ceu-import: mixed.csv:9: invalid hours '\''4.25'\''" err &&
	grep -q "^ceu-import: mixed.csv:10: invalid category '\'''\'' (R8" err &&
	grep -q "2 added, 0 unchanged, 7 rejected (nothing written" err &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM record")" = "$before" &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM batch")" = 5
'

test_expect '--rejects: original columns plus line and error' '
	expect_exit 65 ceu-import hours --source hr-system --rejects rej.csv mixed.csv &&
	head -1 rej.csv >h &&
	echo "$H,line,error" >want &&
	test_cmp want h &&
	test "$(grep -c "^4[0-9]" rej.csv)" = 7 &&
	grep -qx "$ID1,2023,professional,training,4,跨年,2022-12-30,H11,4,date 2022-12-30 is not in year 2023 (R9: no cross-year registration)" rej.csv &&
	grep -qx "$ID2,2023,professional,training,4,少一列,2023-05-01,,6,7 fields where the header has 8" rej.csv
'

test_expect 'the rejects file, fixed, loads again (line and error ignored)' '
	sed -e "s/,0,零学时/,1,零学时/" -e "s/2023-02-30/2023-02-28/" \
	    -e "s/,4.25,/,4.5,/" -e "s/,,4,无类别/,other,4,无类别/" \
	    -e "/,H11,/d" -e "/,H12,/d" -e "/少一列/d" rej.csv >fixed.csv &&
	run_cmd ceu-import hours --source hr-system fixed.csv &&
	grep -q "4 added, 0 unchanged, 0 rejected" err
'

test_expect '--keep-going commits the good rows and still exits 65' '
	expect_exit 65 ceu-import hours --source hr-system --keep-going mixed.csv &&
	grep -q "2 added, 0 unchanged, 7 rejected (batch 7)" err &&
	test "$(sqlite3 ceu.db "SELECT rejected FROM batch WHERE id = 7")" = 7 &&
	test "$(sqlite3 ceu.db "SELECT title FROM record WHERE ref = '\''H10'\''")" = "多行 标题"
'

test_expect 'dry-run writes nothing and exits 0 when every row is good' '
	sqlite3 ceu.db .dump >before.sql &&
	{ echo "$H"; echo "$ID5,2023,professional,training,4,新课,2023-06-01,H99"; } >new.csv &&
	run_cmd ceu-import hours --source hr-system --dry-run new.csv &&
	grep -q "1 added, 0 unchanged, 0 rejected (dry run, nothing written)" err &&
	sqlite3 ceu.db .dump >after.sql &&
	test_cmp before.sql after.sql
'

test_expect 'dry-run with bad rows reports them, writes nothing, exits 65' '
	expect_exit 65 ceu-import hours --source hr-system --dry-run --rejects r2.csv mixed.csv &&
	grep -q "2 unchanged, 7 rejected (dry run" err &&
	test "$(wc -l <r2.csv)" = 8 &&
	sqlite3 ceu.db .dump >after.sql &&
	test_cmp before.sql after.sql
'

test_expect 'an unterminated quote stops the file and writes nothing' '
	{ echo "$H"; echo "$ID5,2023,professional,training,4,\"open,2023-06-01,H98"; } >broken.csv &&
	expect_exit 65 ceu-import hours --source hr-system --keep-going broken.csv &&
	grep -q "^ceu-import: broken.csv: .*nothing written" err &&
	sqlite3 ceu.db .dump >after.sql &&
	test_cmp before.sql after.sql
'

test_expect 'an empty file is exit 65' '
	: >empty.csv &&
	expect_exit 65 ceu-import hours --source x empty.csv &&
	grep -q "empty.csv: empty file" err
'

test_expect 'rows of empty cells (Excel) are not data' '
	{ cat new.csv; echo ",,,,,,,"; echo ",,,,,,,"; } >trail.csv &&
	run_cmd ceu-import hours --source hr-system trail.csv &&
	grep -q "1 added, 0 unchanged, 0 rejected" err
'

test_expect 'dates as Excel writes them; an ID Excel turned into a number' '
	printf "id_no,year,subject,category,hours,title,date,ref\n%s,2023,professional,training,3,病例讨论,2023/5/8,X1\n%s,2023,professional,training,2,读书会,2023年6月1日,X2\n" $ID4 $ID4 >excel.csv &&
	run_cmd ceu-import hours --source excel excel.csv &&
	test "$(sqlite3 ceu.db "SELECT group_concat(date) FROM record WHERE source_name = '\''excel'\''")" = 2023-05-08,2023-06-01 &&
	printf "id_no,year,subject,category,hours,title,date,ref\n4.50103E+17,2023,professional,training,3,x,2023-05-08,X3\n" >sci.csv &&
	expect_exit 65 ceu-import hours --source excel sci.csv &&
	grep -q "sci.csv:2: .*format the column as text" err
'

test_done
