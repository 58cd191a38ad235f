#!/bin/sh
# ceu-report title (R13) and assessment (R14).
. "$CEU_TOP/tests/cli/lib.sh"
. "$CEU_TOP/tests/cli/golden/report-world.sh"
golden=$CEU_TOP/tests/cli/golden

test_expect 'r13 title check of the register (golden)' '
	report_world &&
	run_cmd ceu-report title --year 2023 &&
	test_cmp "$golden/0530-title-2023.csv" out
'

test_expect 'r13 the previous year is a reference, not a condition' '
	run_cmd ceu-report title --year 2023 &&
	grep -q "^450102\*\*\*\*\*\*\*\*1231,张伟,yes,no,yes$" out &&
	grep -q "^450405\*\*\*\*\*\*\*\*0026,陈静,yes,yes,yes$" out
'

test_expect 'r13 one eligible person is exit 0' '
	run_cmd ceu-report title --year 2023 --id "$ID1" &&
	test "$(wc -l < out)" = 2
'

test_expect 'r13 one person not eligible is exit 1 with the reason' '
	expect_exit 1 ceu-report title --year 2023 --id "$ID4" &&
	grep -q ",no,no,no$" out &&
	grep -q "R13" err && grep -q "2023 not passed" err
'

test_expect 'r13 a list from --ids - prints every row and exits 0' '
	printf "id_no\n%s\n%s\n" "$ID4" "$ID5" |
	    ceu-report title --year 2023 --ids - >out 2>err &&
	test "$(wc -l < out)" = 3 &&
	grep -q "刘洋,no,no,no" out && grep -q "陈静,yes,yes,yes" out
'

test_expect 'r13 an unknown ID in a list is exit 1' '
	printf "%s\n450202198808081223\n" "$ID1" > ids &&
	expect_exit 1 ceu-report title --year 2023 --ids ids &&
	grep -q "not found" err && grep -q 张伟 out
'

test_expect 'r13 by unit' '
	run_cmd ceu-report title --year 2023 --unit "$UNIT3" &&
	test "$(wc -l < out)" = 3
'

test_expect 'r14 assessment of the register (golden)' '
	run_cmd ceu-report assessment --year 2023 &&
	test_cmp "$golden/0530-assessment-2023.csv" out
'

test_expect 'r14 excellent only with the year complete, reasons in words' '
	run_cmd ceu-report assessment --year 2023 --unit "$UNIT1" &&
	grep -q "张伟,yes,$" out &&
	grep -q "周杰,no,professional 66.6% < 2/3$" out &&
	run_cmd ceu-report assessment --year 2023 --unit "$UNIT3" &&
	grep -q "刘洋,no,public exam not passed; total 80 < 90$" out
'

# R2's basis is policy, and the title (R13, the previous year a reference)
# and the assessment (R14) follow it.
test_expect 'r13 r14 under professional_share_basis required (golden)' '
	printf "year,key,value\n2023,professional_share_basis,required\n" >p.csv &&
	run_cmd ceu-import policy p.csv &&
	run_cmd ceu-report assessment --year 2023 &&
	test_cmp "$golden/0530-assessment-2023-required.csv" out &&
	grep -q "王芳,yes,$" out &&
	run_cmd ceu-report title --year 2024 --today 2024-03-01 &&
	test_cmp "$golden/0530-title-2024-required.csv" out &&
	grep -q "王芳,no,yes,no$" out
'

test_done
