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
	echo "public_required 100 exam approved 1"
	echo "public_required 50 exam approved 1"
	} >want &&
	test_cmp want got &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM record WHERE person_id = 2")" = 0
'

test_expect 'r6 the attempts are recorded with the batch' '
	test "$(sqlite3 ceu.db "SELECT count(*) FROM exam_attempt WHERE batch = 1")" = 5
'

test_expect 'the same exams file again adds nothing' '
	expect_exit 65 ceu-import exams --keep-going exams.csv &&
	grep -q "0 added, 5 unchanged, 2 rejected" err &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM exam_attempt")" = 5
'

test_expect 'r5 undo of an exams batch revokes the credited hours' '
	run_cmd ceu-import undo 1 --reason "wrong exam session" &&
	grep -q "2 records of 1 people revoked" err &&
	test "$(sqlite3 ceu.db "SELECT group_concat(status) FROM record")" = revoked,revoked
'

test_done
