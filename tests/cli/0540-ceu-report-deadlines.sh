#!/bin/sh
# ceu-report deadlines: either side of 31 Dec (R6, R9) and 31 Jan (R11).
. "$CEU_TOP/tests/cli/lib.sh"
. "$CEU_TOP/tests/cli/golden/report-world.sh"
golden=$CEU_TOP/tests/cli/golden

test_expect 'r9 before 31 Dec: exam and hours still open (golden)' '
	report_world &&
	run_cmd ceu-report deadlines --today 2023-12-15 &&
	test_cmp "$golden/0540-deadlines-2023-12-15.csv" out
'

test_expect 'r6 exam rows only for people without the pass' '
	run_cmd ceu-report deadlines --today 2023-12-15 &&
	test "$(grep -c "^exam," out)" = 2 &&
	grep -q "^exam,450103\*\*\*\*\*\*\*\*0011,$UNIT3,2023,2023-12-31,16$" out
'

test_expect 'the window is inclusive: 31 days out needs --within 31' '
	run_cmd ceu-report deadlines --today 2023-11-30 &&
	! grep -q ",2023-12-31," out &&
	run_cmd ceu-report deadlines --today 2023-11-30 --within 31 &&
	grep -q ",2023-12-31,31$" out
'

test_expect 'on 31 Dec itself: zero days left' '
	run_cmd ceu-report deadlines --today 2023-12-31 --within 0 &&
	grep -q "^hours,.*,2023-12-31,0$" out
'

test_expect 'r11 after 31 Dec: units with pending audits before 31 Jan' '
	CEU_TODAY=2024-01-01 run_cmd ceu-report deadlines &&
	test "$(wc -l < out)" = 3 &&
	grep -qx "audit,,$UNIT3,2023,2024-01-31,30" out
'

test_expect 'r11 a pending record of the previous year, due 31 Jan' '
	run_cmd ceu-report deadlines --today 2023-01-15 &&
	grep -qx "audit,,$UNIT1,2022,2023-01-31,16" out &&
	! grep -q "^hours" out
'

test_expect 'r11 after 31 Jan only overdue audits are left, whatever --within' '
	run_cmd ceu-report deadlines --today 2024-02-01 --within 0 &&
	test "$(wc -l < out)" = 3 &&
	grep -qx "audit,,$UNIT1,2022,2023-01-31,-366" out &&
	grep -qx "audit,,$UNIT3,2023,2024-01-31,-1" out &&
	! grep -q "^exam\|^hours" out
'

test_expect 'nothing due: -q prints nothing at all' '
	run_cmd ceu-report deadlines --today 2023-12-15 -q &&
	test -s out &&
	small_world &&
	run_cmd ceu-report deadlines --today 2024-02-01 -q &&
	test ! -s out &&
	run_cmd ceu-report deadlines --today 2024-02-01 &&
	test "$(wc -l < out)" = 1
'

test_expect 'bad --within is a usage error' '
	expect_exit 64 ceu-report deadlines --within soon
'

test_done
