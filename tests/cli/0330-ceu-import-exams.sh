#!/bin/sh
# ceu-import exams: attempts from the online exam system go through the
# rule of ceu-exam attempt (R5, R6, R7), the study implied.
. "$CEU_TOP/tests/cli/lib.sh"

small_world
{
echo "身份证号,年度,日期,成绩"
echo "$ID1,2023,2023-03-01,52"
echo "$ID1,2023,2023-03-08,75.5"
echo "$ID2,2023,2023-03-02,40"
echo "$ID2,2023,2023-03-03,41"
echo "$ID2,2023,2023-03-04,42"
echo "$ID2,2023,2023-03-05,90"
echo "$ID3,2023,2023-03-05,101"
} >exams.csv

test_expect 'r6 a fourth attempt in a round is refused with its line' '
	expect_exit 65 ceu-import exams --keep-going exams.csv &&
	grep -q "^ceu-import: exams.csv:7: .*R6" err &&
	grep -q "^ceu-import: exams.csv:8: invalid score '\''101'\''" err &&
	grep -q "5 added, 0 unchanged, 2 rejected" err
'

test_expect 'r5 a pass credits study and exam hours as approved records' '
	sqlite3 -separator " " ceu.db "SELECT subject, hours, source, status, batch FROM record WHERE person_id = 1 ORDER BY id" >got &&
	{
	echo "public_required 100 exam approved 3"
	echo "public_required 50 exam approved 3"
	} >want &&
	test_cmp want got &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM record WHERE person_id = 2")" = 0
'

test_expect 'r6 the attempts are recorded with the batch' '
	test "$(sqlite3 ceu.db "SELECT count(*) FROM exam_attempt WHERE batch = 3")" = 5
'

test_expect 'the same exams file again adds nothing' '
	expect_exit 65 ceu-import exams --keep-going exams.csv &&
	grep -q "0 added, 5 unchanged, 2 rejected" err &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM exam_attempt")" = 5
'

test_expect 'r5 undo of an exams batch revokes the credited hours' '
	run_cmd ceu-import undo 3 --reason "wrong exam session" &&
	grep -q "2 records of 1 people revoked" err &&
	test "$(sqlite3 ceu.db "SELECT group_concat(status) FROM record")" = revoked,revoked
'

test_expect 'r6 r2a after undo the person has neither the pass nor its attempts' '
	run_cmd ceu-exam status --id $ID1 --year 2023 --show-id -f csv &&
	grep -q "^$ID1,张伟,2023,1,0,,no," out &&
	run_cmd ceu-report compliance --year 2023 --show-id -f csv &&
	grep -q "^$ID1,张伟,$UNIT1,no," out
'

test_expect 'r6 the corrected file loads after the undo, attempts renumbered' '
	{
	echo "id_no,year,date,score"
	echo "$ID1,2023,2023-03-01,52"
	echo "$ID1,2023,2023-03-09,81"
	} >fixed.csv &&
	run_cmd ceu-import exams fixed.csv &&
	grep -q "2 added, 0 unchanged, 0 rejected" err &&
	run_cmd ceu-exam status --id $ID1 --year 2023 --show-id -f csv &&
	grep -q "^$ID1,张伟,2023,1,2,81,yes,2023-03-09" out &&
	test "$(sqlite3 ceu.db "SELECT group_concat(attempt) FROM exam_attempt a JOIN exam_round r ON r.id = a.round_id WHERE r.person_id = 1 ORDER BY a.id")" = 1,2,3,4 &&
	run_cmd ceu-report compliance --year 2023 --show-id -f csv &&
	grep -q "^$ID1,张伟,$UNIT1,yes," out
'

test_done
