#!/bin/sh
# A second year, 2024, without a policy row of its own: what 2023 opened
# closes (R6, R7), its late deliveries need a reason and are counted late
# (R9, R11), and nothing is recorded before it happened (R9, R16).
. "$CEU_TOP/tests/cli/lib.sh"

small_world
add_sources hr-system
cat >filings.csv <<EOF2
filing_no,organizer,title,subject,category,start_date,end_date,hours
GX2023-00001,广西壮族自治区卫生健康委员会,2023年院感防控培训班,professional,training,2023-03-06,2023-03-10,40
EOF2
ceu-import -q filings filings.csv

test_expect 'r7 2023 back-fills 2020-2022, due by 2023-12-31' '
	run_cmd ceu-report backlog --year 2023 -f csv &&
	test "$(sed 1d out | cut -d, -f4 | sort -u | tr "\n" " ")" = "2020 2021 2022 " &&
	test "$(sed 1d out | cut -d, -f7 | sort -u)" = 2023-12-31
'

test_expect 'r7 backlog of 2024, a year without a row of its own: nothing' '
	run_cmd ceu-report backlog --year 2024 --today 2024-03-01 -f csv &&
	test "$(wc -l < out)" = 1
'

test_expect 'r6 the 2023 exam at the counter on 2024-01-10 is refused' '
	run_cmd ceu-exam study --id $ID1 --year 2023 --today 2023-12-20 &&
	expect_exit 1 ceu-exam attempt --id $ID1 --year 2023 --score 80 --today 2024-01-10 &&
	grep -q "closed on 2023-12-31 (R6); 2024 grants no back-fill (R7)" err &&
	expect_exit 1 ceu-exam study --id $ID2 --year 2022 --today 2024-01-10 &&
	grep -q "2024 grants no back-fill (R7)" err &&
	LANGUAGE=zh_CN expect_exit 1 ceu-exam study --id $ID2 --year 2022 --today 2024-01-10 &&
	grep -q "2024 年度未开放补学（R7）" err
'

test_expect 'r6 an attempt dated 2023-12-30 imported on 2024-01-15 counts for 2023' '
	printf "id_no,year,date,score\n%s,2023,2023-12-30,85\n" $ID2 >e1.csv &&
	run_cmd ceu-import exams --today 2024-01-15 e1.csv &&
	grep -q "1 added" err &&
	run_cmd ceu-report compliance --year 2023 --show-id -f csv &&
	grep -q "^$ID2,李娜,$UNIT1,yes,15," out &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM record WHERE late = 1")" = 0
'

test_expect 'r6 on 2024-02-01 only with --late --reason, journaled and counted late' '
	printf "id_no,year,date,score\n%s,2023,2023-12-30,85\n" $ID3 >e2.csv &&
	expect_exit 65 ceu-import exams --today 2024-02-01 e2.csv &&
	grep -q "e2.csv:2: .*due by 2024-01-31 (R6, R11); load them with --late --reason" err &&
	expect_exit 64 ceu-import exams --today 2024-02-01 --late e2.csv &&
	run_cmd ceu-import exams --today 2024-02-01 --late --reason "platform outage" e2.csv &&
	grep -q "1 added, 0 unchanged, 1 late (R9), 0 rejected" err &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM record WHERE late = 1 AND person_id = 3")" = 2 &&
	test "$(sqlite3 ceu.db "SELECT reason FROM journal WHERE action = '\''import'\'' ORDER BY id DESC LIMIT 1")" = "platform outage"
'

test_expect 'r6 an attempt dated after the deadline is refused, even late' '
	printf "id_no,year,date,score\n%s,2023,2024-01-02,85\n" $ID4 >e3.csv &&
	expect_exit 65 ceu-import exams --today 2024-02-01 --late --reason x e3.csv &&
	grep -q "e3.csv:2: the public required course of 2023 closed on 2023-12-31 (R6); 2024 grants no back-fill (R7)" err
'

test_expect 'r9 a 2023 roster on 2024-02-01 only with --late --reason, counted late' '
	printf "filing_no,id_no,name,hours\nGX2023-00001,%s,刘洋,40\n" $ID4 >r.csv &&
	run_cmd ceu-import roster --today 2024-01-31 --dry-run r.csv &&
	expect_exit 65 ceu-import roster --today 2024-02-01 r.csv &&
	grep -q "r.csv:2: hours of 2023 were due by the audit deadline 2024-01-31 (R9, R11); load them with --late --reason" err &&
	run_cmd ceu-import roster --today 2024-02-01 --late --reason "organiser sent it late" r.csv &&
	grep -q "1 added, 0 unchanged, 1 late (R9), 0 rejected" err &&
	run_cmd ceu-report summary --year 2023 --by unit --today 2024-02-01 -f csv &&
	grep -q "^$UNIT2,1,0,0.0,1,0,2,0$" out &&
	grep -q "^$UNIT3,2,0,0.0,0,0,1,0$" out
'

test_expect 'r9 hours of 2023 on 2024-02-01 likewise' '
	printf "id_no,year,subject,category,hours,title,date,ref\n%s,2023,professional,training,8,课,2023-06-01,H1\n" $ID5 >h.csv &&
	expect_exit 65 ceu-import hours --source hr-system --today 2024-02-01 h.csv &&
	grep -q "late --reason" err &&
	expect_exit 64 ceu-import units --late --reason x h.csv
'

test_expect 'r9 nothing is recorded before it happened; a filing may lie ahead' '
	printf "filing_no,organizer,title,subject,category,start_date,end_date,hours\nGX2024-00001,某基地,秋季培训班,professional,training,2024-09-02,2024-09-04,24\n" >f24.csv &&
	run_cmd ceu-import filings --today 2024-03-01 f24.csv &&
	printf "filing_no,id_no,name,hours\nGX2024-00001,%s,陈静,24\n" $ID5 >r24.csv &&
	expect_exit 65 ceu-import roster --today 2024-03-01 r24.csv &&
	grep -q "r24.csv:2: dated 2024-09-04, after today (2024-03-01)" err &&
	expect_exit 65 ceu-register add --id $ID5 --year 2025 --category other --hours 2 \
	    --title 讲座 --date 2025-01-05 --today 2024-03-01 &&
	grep -q "year 2025 has not begun" err &&
	expect_exit 65 ceu-register add --id $ID5 --year 2024 --category other --hours 2 \
	    --title 讲座 --date 2024-03-02 --today 2024-03-01 &&
	expect_exit 65 ceu-register add --id $ID5 --year 2024 --category other --hours 2 \
	    --title "　 " --date 2024-03-01 --today 2024-03-01 &&
	grep -q "title is blank" err &&
	expect_exit 65 ceu-register add --id $ID5 --year 2024 --category other --hours 90.5 \
	    --title 进修 --date 2024-03-01 --today 2024-03-01 &&
	grep -q "max_record_hours" err
'

test_expect 'policy: a bad row is refused on import, and the year still loads' '
	printf "year,key,value\n2024,registration_deadline,YYYY-02-29\n" >bad.csv &&
	expect_exit 65 ceu-import policy bad.csv &&
	grep -q "bad.csv:2: invalid value '\''YYYY-02-29'\'' for policy key '\''registration_deadline'\''" err &&
	run_cmd ceu policy --year 2024 &&
	printf "year,key,value\n2024,audit_deadline,YYYY-11-30\n" >order.csv &&
	expect_exit 65 ceu-import policy order.csv &&
	grep -q "policy 2024: audit_deadline 2024-11-30 is before registration_deadline 2024-12-31 (R11)" err &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM policy WHERE year = 2024")" = 0 &&
	run_cmd ceu-report compliance --year 2024 --today 2024-03-01
'

test_expect 'r7 a later notice opens back-fill with both keys, in any order' '
	printf "year,key,value\n2025,backfill_to,2024\n2025,backfill_from,2023\n" >p.csv &&
	run_cmd ceu-import policy p.csv &&
	run_cmd ceu-report backlog --year 2025 --today 2025-03-01 -f csv &&
	test "$(sed 1d out | cut -d, -f4 | sort -u | tr "\n" " ")" = "2023 2024 " &&
	printf "year,key,value\n2026,backfill_from,2025\n" >half.csv &&
	expect_exit 65 ceu-import policy half.csv &&
	grep -q "policy 2026: backfill_from and backfill_to go together (R7)" err
'

test_done
