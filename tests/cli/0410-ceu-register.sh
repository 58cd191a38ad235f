#!/bin/sh
# ceu-register: person, add, list, withdraw (R1, R5, R8, R9, R10, R11).
. "$CEU_TOP/tests/cli/lib.sh"

small_world
sqlite3 ceu.db "INSERT INTO filing(filing_no, organizer, title, subject, category, start_date, end_date, hours, batch, created_at) VALUES ('GX2023-00017', '南宁市卫健委', '急诊急救培训班', 'professional', 'training', '2023-05-08', '2023-05-10', 240, NULL, 'x')"

records() { # the number of records matching a WHERE clause
	sqlite3 ceu.db "SELECT count(*) FROM record WHERE $1"
}

test_expect 'person adds a person, ID normalised' '
	run_cmd ceu-register person --id " 450103199505050038 " --name 赵敏 --unit $UNIT2 &&
	grep -q "added" err &&
	test "$(sqlite3 ceu.db "SELECT name, unit_code FROM person WHERE id_no = '\''450103199505050038'\''")" = "赵敏|$UNIT2"
'

test_expect 'person moves a person to another unit, journaled before/after' '
	run_cmd ceu-register person --id 450103199505050038 --name 赵敏 --unit $UNIT3 --title 主治医师 &&
	grep -q "updated" err &&
	test "$(sqlite3 ceu.db "SELECT json_extract(before, '\''$.unit_code'\'') || '\'' '\'' || json_extract(after, '\''$.unit_code'\'') FROM journal WHERE entity = '\''person'\'' ORDER BY id DESC LIMIT 1")" = "$UNIT2 $UNIT3"
'

test_expect 'r1 person with an unknown unit refused (not found)' '
	expect_exit 1 ceu-register person --id 450103199505050070 --name 孙丽 --unit 91450100MA5K0003H3 &&
	grep -q "unknown unit .91450100MA5K0003H3. (R1)" err &&
	expect_exit 64 ceu-register person --id 450103199505050070 --name 孙丽 --unit 91450100MA5K0003HM &&
	grep -q "invalid unit code" err &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM person WHERE id_no = '\''450103199505050070'\''")" = 0
'

test_expect 'person with an invalid ID is a usage error naming the reason' '
	expect_exit 64 ceu-register person --id 450102199001011235 --name x --unit $UNIT1 &&
	grep -Fq "invalid ID number 450102********1235 (check digit)" err &&
	expect_exit 64 ceu-register person --id $ID1 --unit $UNIT1
'

test_expect 'add registers a pending record and prints its id' '
	run_cmd ceu-register add --id $ID1 --year 2023 --category academic --hours 12.5 \
	    --title "全区医学学术年会" --date 2023-05-20 --end-date 2023-05-21 --evidence 证书.pdf &&
	test "$(cat out)" = 1 &&
	test "$(records "id = 1 AND status = '\''pending'\'' AND source = '\''self'\'' AND hours = 125 AND end_date = '\''2023-05-21'\''")" = 1
'

test_expect 'r8_chinese_category_accepted' '
	run_cmd ceu-register add --id $ID1 --year 2023 --category 成果著作 --hours 20 \
	    --title "论文发表" --date 2023-04-01 &&
	test "$(records "id = $(cat out) AND category = '\''publication'\''")" = 1 &&
	expect_exit 64 ceu-register add --id $ID1 --year 2023 --category 娱乐 --hours 2 --title x --date 2023-04-01
'

test_expect 'r10_same_title_and_date_refused' '
	expect_exit 1 ceu-register add --id $ID1 --year 2023 --category academic --hours 3 \
	    --title "  全区医学学术年会　" --date 2023-05-20 &&
	grep -q "R10" err && grep -q "record 1 (self, pending)" err &&
	test "$(records "person_id = 1")" = 2
'

test_expect 'r10_filed_class_not_registered_twice' '
	sqlite3 ceu.db "INSERT INTO record(person_id, year, subject_code, category, hours, title, date, source, filing_no, self_key, status_code) SELECT id, 2023, 2, '\''training'\'', 240, '\''急诊急救培训班'\'', '\''2023-05-08'\'', '\''roster'\'', '\''GX2023-00017'\'', '\'''\'', 1 FROM person WHERE id_no = '\''$ID2'\''" &&
	expect_exit 1 ceu-register add --id $ID2 --year 2023 --category training --hours 24 \
	    --title "急救培训" --date 2023-05-09 --filing GX2023-00017 &&
	grep -q "R10" err && grep -q "roster GX2023-00017" err &&
	run_cmd ceu-register add --id $ID3 --year 2023 --category training --hours 24 \
	    --title "急救培训" --date 2023-05-09 --filing GX2023-00017 &&
	test "$(records "filing_no = '\''GX2023-00017'\'' AND source = '\''self'\''")" = 1
'

test_expect 'r10 an unknown filing is refused' '
	expect_exit 1 ceu-register add --id $ID3 --year 2023 --category training --hours 2 \
	    --title x --date 2023-05-09 --filing GX2023-99999 &&
	grep -q "unknown filing" err
'

test_expect 'r9_cross_year_refused' '
	expect_exit 1 ceu-register add --id $ID4 --year 2023 --category training --hours 8 \
	    --title 跨年班 --date 2022-12-30 &&
	grep -q "R9" err &&
	expect_exit 1 ceu-register add --id $ID4 --year 2022 --category training --hours 8 \
	    --title 跨年班 --date 2022-12-30 --end-date 2023-01-02 &&
	grep -q "R9" err &&
	test "$(records "person_id = 4")" = 0
'

test_expect 'r9_after_deadline_refused' '
	run_cmd ceu-register add --id $ID4 --year 2023 --category self_study --hours 8 \
	    --title 自学 --date 2023-12-30 --today 2023-12-31 &&
	expect_exit 1 ceu-register add --id $ID4 --year 2023 --category self_study --hours 8 \
	    --title 自学二 --date 2023-12-30 --today 2024-01-01 &&
	grep -q "registration for 2023 closed on 2023-12-31 (R9)" err
'

test_expect 'r5 public required hours cannot be registered' '
	expect_exit 64 ceu-register add --id $ID4 --year 2023 --category other --hours 15 \
	    --title 公需 --date 2023-03-01 --subject nonsense &&
	expect_exit 1 ceu-register add --id $ID4 --year 2023 --category other --hours 15 \
	    --title 公需 --date 2023-03-01 --subject public_required &&
	grep -q "R5" err &&
	run_cmd ceu-register add --id $ID4 --year 2023 --category other --hours 6 \
	    --title 公需选修 --date 2023-03-01 --subject public_elective
'

test_expect 'add needs its options; bad hours and dates are usage errors' '
	expect_exit 64 ceu-register add --id $ID4 --year 2023 --hours 1 --title x --date 2023-03-01 &&
	expect_exit 64 ceu-register add --id $ID4 --year 2023 --category other --hours 0 --title x --date 2023-03-01 &&
	expect_exit 64 ceu-register add --id $ID4 --year 2023 --category other --hours 1.25 --title x --date 2023-03-01 &&
	expect_exit 64 ceu-register add --id $ID4 --year 2023 --category other --hours 1 --title x --date 2023-02-30 &&
	expect_exit 1 ceu-register add --id 450103199505050070 --year 2023 --category other --hours 1 --title x --date 2023-03-01 &&
	grep -Fq "no person 450103********0070" err
'

test_expect 'list shows the SPEC record columns, IDs masked' '
	run_cmd ceu-register list --id $ID1 -f csv &&
	cat >expect <<-EOF &&
	record_id,id_no,name,unit_code,year,subject,category,hours,title,date,end_date,source,filing_no,ref,status,batch,evidence
	2,450102********1231,张伟,$UNIT1,2023,professional,publication,20,论文发表,2023-04-01,,self,,,pending,,
	1,450102********1231,张伟,$UNIT1,2023,professional,academic,12.5,全区医学学术年会,2023-05-20,2023-05-21,self,,,pending,,证书.pdf
	EOF
	test_cmp expect out
'

test_expect 'list filters by unit, year and status; --show-id' '
	run_cmd ceu-register list --unit $UNIT1 --status approved -f csv --show-id &&
	test "$(wc -l <out)" = 2 && grep -q "^[0-9]*,$ID2,李娜,.*,roster,GX2023-00017,,approved,," out &&
	run_cmd ceu-register list --year 2022 -f csv &&
	test "$(wc -l <out)" = 1 &&
	run_cmd ceu-register list -f json --id $ID1 --status pending &&
	grep -q "\"hours\": *12.5" out
'

test_expect 'list --ids reads a CSV with an id_no column' '
	printf "姓名,身份证号\n李娜,%s\n王芳,%s\n" $ID2 $ID3 >ids.csv &&
	run_cmd ceu-register list --ids ids.csv -f csv &&
	test "$(wc -l <out)" = 3
'

test_expect 'withdraw a pending record: journaled, not deleted' '
	run_cmd ceu-register withdraw 2 --reason 重复登记 &&
	test "$(records "id = 2 AND status = '\''withdrawn'\''")" = 1 &&
	test "$(sqlite3 ceu.db "SELECT reason FROM journal WHERE action = '\''withdrawn'\''")" = 重复登记
'

test_expect 'r11 withdraw refuses an approved record, all or nothing' '
	approved=$(sqlite3 ceu.db "SELECT id FROM record WHERE status = '\''approved'\''") &&
	expect_exit 1 ceu-register withdraw 1 $approved &&
	grep -q "approved, not pending" err &&
	test "$(records "id = 1 AND status = '\''pending'\''")" = 1 &&
	expect_exit 1 ceu-register withdraw 999 &&
	grep -q "no record 999" err &&
	expect_exit 64 ceu-register withdraw abc
'

test_expect 'withdraw - reads record ids from a CSV on stdin' '
	ceu-register list --status pending -f csv --id $ID1 |
	    ceu-register withdraw - 2>err &&
	test "$(records "id = 1 AND status = '\''withdrawn'\''")" = 1 &&
	grep -q "1 record withdrawn" err
'

test_expect 'a withdrawn activity may be registered again (R10)' '
	run_cmd ceu-register add --id $ID1 --year 2023 --category academic --hours 12.5 \
	    --title "全区医学学术年会" --date 2023-05-20 &&
	test "$(records "person_id = 1 AND title = '\''全区医学学术年会'\''")" = 2
'

test_expect 'a missing database is exit 66' '
	expect_exit 66 ceu-register list --db none.db &&
	grep -q "ceu init" err
'

test_expect 'r10 r9 one activity for a list of people, all or nothing' '
	printf "id_no\n%s\n%s\n" $ID4 $ID5 >staff.csv &&
	run_cmd ceu-register add --ids staff.csv --year 2023 --category 学术交流 \
	    --hours 6 --title "桂林建工质量月讲座" --date 2023-05-08 &&
	test "$(wc -l <out)" = 2 &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM record WHERE title = '\''桂林建工质量月讲座'\'' AND status = '\''pending'\''")" = 2 &&
	printf "%s\n%s\n" $ID3 $ID4 >again &&
	expect_exit 1 ceu-register add --ids again --year 2023 --category academic \
	    --hours 6 --title "桂林建工质量月讲座" --date 2023-05-08 &&
	grep -q "R10" err && grep -q "刘洋" err &&
	test ! -s out &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM record WHERE title = '\''桂林建工质量月讲座'\''")" = 2
'

test_expect 'r4 own registrations are professional hours unless said otherwise' '
	run_cmd ceu-register add --id $ID5 --year 2023 --category self_study \
	    --hours 4 --title "新规范自学" --date 2023-03-02 &&
	test "$(records "id = $(cat out) AND subject = '\''professional'\''")" = 1 &&
	run_cmd ceu-register add --id $ID5 --year 2023 --category training \
	    --hours 6 --title "法治讲座" --date 2023-03-03 --subject public_elective &&
	test "$(records "id = $(cat out) AND subject = '\''public_elective'\''")" = 1 &&
	expect_exit 64 ceu-register add --id $ID5 --year 2023 --category training \
	    --hours 6 --title "别的" --date 2023-03-04 --subject leisure
'

test_done
