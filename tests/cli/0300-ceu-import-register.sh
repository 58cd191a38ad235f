#!/bin/sh
# ceu-import units, persons and policy: the register (R1), headers in
# English or Chinese, GB18030 and BOM files, batches and their journal.
. "$CEU_TOP/tests/cli/lib.sh"

test_expect 'r1 units load and say so on stderr with the batch' '
	fresh_db &&
	cat >units.csv <<-EOF &&
	unit_code,name,city_code,industry
	$UNIT1,南宁市第一人民医院,450100,卫生健康
	$UNIT2,柳州市第二中学,450200,教育
	EOF
	run_cmd ceu-import units units.csv &&
	grep -qx "ceu-import: units.csv: 2 added, 0 unchanged, 0 rejected (batch 1)" err &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM unit WHERE batch = 1")" = 2
'

test_expect 'the same file twice adds nothing the second time' '
	run_cmd ceu-import units units.csv &&
	grep -q ": 0 added, 2 unchanged, 0 rejected (batch 2)" err &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM unit")" = 2
'

test_expect 'r1 persons with Chinese headers in another column order' '
	cat >persons.csv <<-EOF &&
	姓名,单位代码,身份证号,职称
	张伟,$UNIT1,$ID1,主治医师
	李娜,$UNIT1,45020319851230456x,
	王芳,$UNIT2,$ID3,一级教师
	EOF
	run_cmd ceu-import persons persons.csv &&
	grep -q "3 added" err &&
	test "$(sqlite3 ceu.db "SELECT name FROM person WHERE id_no = '\''$ID2'\''")" = 李娜
'

test_expect 'r16 a person moved to another unit is journaled before and after' '
	printf "id_no,name,unit_code\n%s,王芳,%s\n" $ID3 $UNIT1 >move.csv &&
	run_cmd ceu-import persons move.csv &&
	grep -q "0 added, 1 updated, 0 unchanged" err &&
	sqlite3 ceu.db "SELECT before, after FROM journal WHERE entity = '\''person'\''" >j &&
	grep -q "$UNIT2" j && grep -q "$UNIT1" j &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM journal WHERE entity = '\''person'\''")" = 1
'

test_expect 'r16 each batch has one journal row with its sha256 and counts' '
	sum=$(sha256sum persons.csv | cut -d" " -f1) &&
	test "$(sqlite3 ceu.db "SELECT sha256 FROM batch WHERE id = 3")" = "$sum" &&
	sqlite3 ceu.db "SELECT after FROM journal WHERE entity = '\''batch'\'' AND entity_id = '\''3'\''" >j &&
	grep -q "\"added\":3" j && grep -q "$sum" j
'

test_expect 'batches lists every run with the SPEC columns' '
	run_cmd ceu-import batches -f csv &&
	head -1 out >h &&
	echo "batch,kind,file,sha256,added,unchanged,rejected,actor,at,undone_at" >want &&
	test_cmp want h &&
	test "$(wc -l <out)" = 5 &&
	grep -q "^2,units,units.csv,[0-9a-f]*,0,2,0,tester," out
'

test_expect 'r1 invalid ID number and unknown unit: line and reason' '
	cat >bad.csv <<-EOF &&
	id_no,name,unit_code
	450102199001011235,赵六,$UNIT1
	$ID4,刘洋,$UNIT3
	$ID5,,$UNIT1
	EOF
	expect_exit 65 ceu-import persons bad.csv &&
	grep -Fqx "ceu-import: bad.csv:2: invalid ID number '\''450102********1235'\'' (check digit)" err &&
	grep -qx "ceu-import: bad.csv:3: unknown unit '\''$UNIT3'\''" err &&
	grep -qx "ceu-import: bad.csv:4: empty name" err &&
	grep -q "0 added, 0 unchanged, 3 rejected (nothing written" err
'

test_expect 'r1 bad unit rows: credit code and city code' '
	cat >badu.csv <<-EOF &&
	unit_code,name,city_code,industry
	91450100MA5K0001X7,某公司,450100,工业
	$UNIT3,桂林建工集团有限公司,4503,住房城乡建设
	EOF
	expect_exit 65 ceu-import units badu.csv &&
	grep -q "badu.csv:2: invalid unit code '\''91450100MA5K0001X7'\''" err &&
	grep -q "badu.csv:3: invalid city code '\''4503'\''" err
'

test_expect 'blank columns right of the data (Excel) are no columns' '
	printf "unit_code,name,city_code,industry,,\r\n91450100MA5K0009XE,南宁市第九中学,450100,教育,,\r\n,,,,,\r\n" >wide.csv &&
	run_cmd ceu-import units wide.csv &&
	grep -q "1 added" err &&
	printf "unit_code,name,city_code,industry,\n91450100MA5K0009XE,南宁市第九中学,450100,教育,备注\n" >stray.csv &&
	expect_exit 65 ceu-import units stray.csv &&
	grep -q "stray.csv:2: value '\''备注'\'' in column 5, which has no header" err
'

test_expect 'an unknown column is an error unless --ignore-extra' '
	printf "unit_code,name,city_code,industry,备注\n%s,桂林建工,450300,住建,x\n" $UNIT3 >extra.csv &&
	expect_exit 65 ceu-import units extra.csv &&
	grep -q "extra.csv:1: unknown column '\''备注'\''" err &&
	run_cmd ceu-import --ignore-extra units extra.csv &&
	grep -q "1 added" err
'

test_expect 'a missing column is an error naming it' '
	printf "unit_code,name,industry\n" >miss.csv &&
	expect_exit 65 ceu-import units miss.csv &&
	grep -q "missing column '\''city_code'\''" err
'

test_expect 'a GB18030 file with Chinese headers (Excel on Chinese Windows)' '
	printf "身份证号,姓名,单位代码\r\n%s,刘洋,%s\r\n" $ID4 $UNIT3 |
	    iconv -f UTF-8 -t GB18030 >gbk.csv &&
	! iconv -f UTF-8 -t UTF-8 gbk.csv >/dev/null 2>&1 &&
	run_cmd ceu-import persons gbk.csv &&
	test "$(sqlite3 ceu.db "SELECT name FROM person WHERE id_no = '\''$ID4'\''")" = 刘洋 &&
	expect_exit 65 ceu-import persons --encoding utf-8 gbk.csv
'

test_expect 'a "CSV UTF-8" file with a BOM, read from stdin' '
	printf "\357\273\277身份证号,姓名,单位代码\r\n%s,陈静,%s\r\n" $ID5 $UNIT3 >bom.csv &&
	ceu-import persons - <bom.csv 2>err &&
	test "$(sqlite3 ceu.db "SELECT name FROM person WHERE id_no = '\''$ID5'\''")" = 陈静 &&
	grep -q "stdin: 1 added" err &&
	test "$(sqlite3 ceu.db "SELECT file || '\'' '\'' || sha256 FROM batch ORDER BY id DESC LIMIT 1")" = "- $(sha256sum <bom.csv | cut -d" " -f1)"
'

test_expect 'tab-separated files with --delimiter tab' '
	printf "unit_code\tname\tcity_code\tindustry\n%s\t柳州市第二中学\t450200\t教育\n" $UNIT2 >u.tsv &&
	run_cmd ceu-import units --delimiter tab u.tsv &&
	grep -q "0 added, 1 unchanged" err
'

test_expect 'policy rows: a change is journaled, a bad key rejected' '
	printf "year,key,value\n2024,total_hours,80\n2024,frobs,1\n" >pol.csv &&
	expect_exit 65 ceu-import policy pol.csv &&
	grep -q "pol.csv:3: unknown policy key '\''frobs'\''" err &&
	printf "年度,键,值\n2024,total_hours,80\n2023,total_hours,90\n" >pol.csv &&
	run_cmd ceu-import policy pol.csv &&
	grep -q "1 added, 1 unchanged" err &&
	test "$(sqlite3 ceu.db "SELECT value FROM policy WHERE year = 2024")" = 80 &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM journal WHERE entity = '\''policy'\''")" = 1
'

test_expect '-q is silent on success' '
	run_cmd ceu-import -q units units.csv &&
	test ! -s err && test ! -s out
'

test_expect 'usage errors are exit 64, a missing file 66' '
	expect_exit 64 ceu-import &&
	expect_exit 64 ceu-import frobs x.csv &&
	grep -q "unknown kind '\''frobs'\''" err &&
	expect_exit 64 ceu-import units &&
	expect_exit 64 ceu-import units --encoding latin1 units.csv &&
	expect_exit 66 ceu-import units nothere.csv &&
	expect_exit 66 ceu-import units --db none.db units.csv &&
	run_cmd ceu-import --help && grep -q "^usage: ceu-import" out
'

test_expect 'an unwritable --rejects file is exit 73' '
	expect_exit 73 ceu-import units --rejects /nonexistent/r.csv units.csv
'

test_done
