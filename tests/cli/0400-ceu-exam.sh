#!/bin/sh
# ceu-exam: study, attempts, make-up rounds, status (R3, R5, R6, R7).
. "$CEU_TOP/tests/cli/lib.sh"

small_world

public_hours() { # ID YEAR: approved public_required tenths
	sqlite3 ceu.db "SELECT coalesce(sum(r.hours), 0) FROM record r JOIN person p ON p.id = r.person_id WHERE p.id_no = '$1' AND r.year = $2 AND r.subject = 'public_required' AND r.status = 'approved'"
}

test_expect 'r6 attempt without study refused, pointing to study' '
	expect_exit 1 ceu-exam attempt --id $ID1 --year 2023 --score 80 &&
	grep -q "ceu-exam study" err && grep -q "R6" err &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM exam_attempt")" = 0
'

test_expect 'r3 study records the round' '
	run_cmd ceu-exam study --id $ID1 --year 2023 --date 2023-06-01 &&
	test "$(sqlite3 ceu.db "SELECT round, studied_on FROM exam_round")" = "1|2023-06-01" &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM journal WHERE action = '\''study'\''")" = 1
'

test_expect 'r6 three failed attempts are recorded, exit 0' '
	run_cmd ceu-exam attempt --id $ID1 --year 2023 --score 45 &&
	grep -q "not passed" err &&
	run_cmd ceu-exam attempt --id $ID1 --year 2023 --score 59.5 &&
	run_cmd ceu-exam attempt --id $ID1 --year 2023 --score 52 &&
	test "$(public_hours $ID1 2023)" = 0
'

test_expect 'r6_fourth_attempt_refused' '
	expect_exit 1 ceu-exam attempt --id $ID1 --year 2023 --score 90 &&
	grep -q "R6" err && grep -q "ceu-exam makeup" err &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM exam_attempt")" = 3
'

test_expect 'r6 makeup needs a reason (usage)' '
	expect_exit 64 ceu-exam makeup --id $ID1 --year 2023
'

test_expect 'r6_makeup_opens_new_round' '
	run_cmd ceu-exam makeup --id $ID1 --year 2023 --reason "ill on exam days" &&
	test "$(sqlite3 ceu.db "SELECT max(round) FROM exam_round")" = 2 &&
	test "$(sqlite3 ceu.db "SELECT reason FROM journal WHERE action = '\''makeup'\''")" = "ill on exam days"
'

test_expect 'r6_makeup_needs_study_again' '
	expect_exit 1 ceu-exam attempt --id $ID1 --year 2023 --score 90 &&
	grep -q "studied again" err
'

test_expect 'r5_pass_credits_fifteen_hours_approved' '
	run_cmd ceu-exam study --id $ID1 --year 2023 &&
	run_cmd ceu-exam attempt --id $ID1 --year 2023 --score 85.5 --date 2023-06-15 &&
	grep -q "passed" err &&
	test "$(public_hours $ID1 2023)" = 150 &&
	test "$(sqlite3 ceu.db "SELECT group_concat(ref || '\'':'\'' || hours || '\'':'\'' || status || '\'':'\'' || date, '\'' '\'') FROM (SELECT * FROM record WHERE source = '\''exam'\'' ORDER BY ref DESC)")" = "study:100:approved:2023-06-15 exam:50:approved:2023-06-15"
'

test_expect 'r6 a year is passed once' '
	expect_exit 1 ceu-exam attempt --id $ID1 --year 2023 --score 99 &&
	grep -q "already passed on 2023-06-15" err &&
	expect_exit 1 ceu-exam makeup --id $ID1 --year 2023 --reason again
'

test_expect 'status shows round, attempts, best score and pass' '
	run_cmd ceu-exam status --id $ID1 --year 2023 -f csv &&
	cat >expect <<-EOF &&
	id_no,name,year,round,attempts_used,best_score,passed,passed_on
	450102********1231,张伟,2023,2,1,85.5,yes,2023-06-15
	EOF
	test_cmp expect out
'

test_expect 'r7_backfill_2021_counts_for_2021' '
	run_cmd ceu-exam study --id $ID2 --year 2021 &&
	run_cmd ceu-exam attempt --id $ID2 --year 2021 --score 70 &&
	test "$(public_hours $ID2 2021)" = 150 &&
	test "$(public_hours $ID2 2023)" = 0
'

test_expect 'r7_before_backfill_from_refused' '
	expect_exit 1 ceu-exam study --id $ID3 --year 2019 &&
	grep -q "R7" err && grep -q "2020" err &&
	expect_exit 1 ceu-exam attempt --id $ID3 --year 2019 --score 70 &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM exam_round r JOIN person p ON p.id = r.person_id WHERE p.id_no = '\''$ID3'\''")" = 0
'

test_expect 'r6 a year not begun is refused' '
	expect_exit 1 ceu-exam study --id $ID3 --year 2024 &&
	grep -q "2024 has not begun" err
'

test_expect 'r6_attempt_after_deadline_refused' '
	run_cmd ceu-exam study --id $ID3 --year 2023 --today 2023-12-20 &&
	run_cmd ceu-exam attempt --id $ID3 --year 2023 --score 10 --today 2023-12-20 &&
	expect_exit 1 ceu-exam attempt --id $ID3 --year 2023 --score 90 --today 2024-01-10 &&
	grep -q "closed on 2023-12-31 (R6); 2024 grants no back-fill (R7)" err &&
	expect_exit 1 ceu-exam attempt --id $ID3 --year 2023 --score 90 --today 2024-01-10 --late --reason "paper form" &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM exam_attempt a JOIN exam_round r ON r.id = a.round_id JOIN person p ON p.id = r.person_id WHERE p.id_no = '\''$ID3'\''")" = 1
'

test_expect 'r6 an attempt dated in time, entered late, needs --late --reason' '
	expect_exit 1 ceu-exam attempt --id $ID3 --year 2023 --score 20 --date 2023-12-30 --today 2024-01-10 &&
	grep -q "only with --late --reason" err &&
	expect_exit 64 ceu-exam attempt --id $ID3 --year 2023 --score 20 --date 2023-12-30 --today 2024-01-10 --late &&
	expect_exit 64 ceu-exam attempt --id $ID3 --year 2023 --score 20 --date 2023-12-30 --today 2024-01-10 --reason x &&
	run_cmd ceu-exam attempt --id $ID3 --year 2023 --score 20 --date 2023-12-30 --today 2024-01-10 --late --reason "paper form found" &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM journal WHERE action = '\''attempt'\'' AND reason = '\''paper form found'\''")" = 1
'

test_expect 'r7 2024 without a policy row of its own back-fills nothing' '
	expect_exit 1 ceu-exam study --id $ID4 --year 2021 --today 2024-03-01 &&
	grep -q "2024 grants no back-fill (R7)" err &&
	expect_exit 1 ceu-exam study --id $ID4 --year 2023 --today 2024-03-01 &&
	grep -q "closed on 2023-12-31" err
'

test_expect 'r7 a later notice grants back-fill during its own year' '
	printf "year,key,value\n2025,backfill_from,2021\n2025,backfill_to,2024\n" >p25.csv &&
	run_cmd ceu-import policy p25.csv &&
	run_cmd ceu-exam study --id $ID4 --year 2021 --today 2025-03-01 &&
	expect_exit 1 ceu-exam study --id $ID4 --year 2020 --today 2025-03-01 &&
	grep -q "2025 back-fills 2021-2024 only (R7)" err
'

test_expect 'score accepts one decimal and 0..100 only' '
	expect_exit 64 ceu-exam attempt --id $ID4 --year 2023 --score 85.55 &&
	expect_exit 64 ceu-exam attempt --id $ID4 --year 2023 --score 101 &&
	expect_exit 64 ceu-exam attempt --id $ID4 --year 2023 --score abc &&
	expect_exit 64 ceu-exam attempt --id $ID4 --year 2023
'

test_expect 'a bad ID is a usage error, an unknown one not found' '
	expect_exit 64 ceu-exam study --id 450102199001011235 --year 2023 &&
	grep -Fq "invalid ID number 450102********1235 (check digit)" err &&
	expect_exit 1 ceu-exam study --id 450103199505050038 --year 2023 &&
	grep -q "no person" err
'

test_expect 'a lower-case x in the ID is the same person' '
	run_cmd ceu-exam status --id 45020319851230456x --year 2021 -f csv --show-id &&
	grep -q "^$ID2,李娜,2021,1,1,70,yes," out
'

test_expect 'status of a unit lists every person for a year' '
	run_cmd ceu-exam status --unit $UNIT1 --year 2023 -f csv &&
	test "$(wc -l <out)" = 3 &&
	grep -q "^450203\*\*\*\*\*\*\*\*456X,李娜,2023,0,0,,no,$" out
'

test_expect 'status without a year lists the years with rounds' '
	run_cmd ceu-exam status -f csv --show-id &&
	cat >expect <<-EOF &&
	id_no,name,year,round,attempts_used,best_score,passed,passed_on
	$ID1,张伟,2023,2,1,85.5,yes,2023-06-15
	$ID4,刘洋,2021,1,0,,no,
	$ID2,李娜,2021,1,1,70,yes,2023-06-15
	$ID3,王芳,2023,1,2,20,no,
	EOF
	test_cmp expect out
'

test_expect 'status --ids reads a CSV of ID numbers' '
	printf "id_no\n%s\n%s\n" $ID2 $ID1 | ceu-exam status --ids - -f csv >out &&
	test "$(wc -l <out)" = 3 &&
	printf "id_no\nnonsense\n" >bad.csv &&
	expect_exit 65 ceu-exam status --ids bad.csv &&
	grep -q "bad.csv:2: invalid ID number" err
'

test_expect 'r16 every study, attempt and make-up is journaled' '
	test "$(sqlite3 ceu.db "SELECT count(*) FROM journal WHERE action = '\''study'\''")" = 5 &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM journal WHERE action = '\''attempt'\''")" = 7 &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM journal WHERE action = '\''makeup'\''")" = 1 &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM journal WHERE action = '\''add'\'' AND entity = '\''record'\''")" = 4
'

test_expect 'r6 a list of people in one transaction: one refusal, nothing written' '
	printf "%s\n%s\n" $ID5 $ID4 >two &&
	run_cmd ceu-exam study --ids two --year 2022 &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM exam_round r JOIN person p ON p.id = r.person_id WHERE r.year = 2022 AND p.id_no IN ('\''$ID4'\'', '\''$ID5'\'')")" = 2 &&
	printf "%s\n%s\n" $ID5 $ID3 >mixed &&
	n=$(sqlite3 ceu.db "SELECT count(*) FROM exam_attempt") &&
	expect_exit 1 ceu-exam attempt --ids mixed --year 2022 --score 90 &&
	grep -q "王芳" err && grep -q "R6" err &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM exam_attempt")" = "$n" &&
	run_cmd ceu-exam attempt --ids two --year 2022 --score 90 &&
	test "$(public_hours $ID4 2022)" = 150 &&
	test "$(public_hours $ID5 2022)" = 150
'

test_expect 'study, attempt and makeup need one of --id, --ids' '
	expect_exit 64 ceu-exam study --year 2023 &&
	expect_exit 64 ceu-exam study --id $ID1 --ids two --year 2023 &&
	expect_exit 64 ceu-exam attempt --id $ID1 --year 2023 &&
	expect_exit 64 ceu-exam makeup --id $ID1 --year 2023
'

test_expect 'unknown subcommand is a usage error' '
	expect_exit 64 ceu-exam frobnicate &&
	run_cmd ceu-exam --help && grep -q "^usage: ceu-exam" out
'

test_done
