#!/bin/sh
# ceu-report transcript: records by year, then each year's verdict.
. "$CEU_TOP/tests/cli/lib.sh"
. "$CEU_TOP/tests/cli/golden/report-world.sh"
golden=$CEU_TOP/tests/cli/golden

test_expect 'r7 transcript with a back-filled year (golden)' '
	report_world &&
	run_cmd ceu-report transcript "$ID5" &&
	test_cmp "$golden/0510-transcript-id5.csv" out
'

test_expect 'r2a one year, pending shown not counted (golden)' '
	run_cmd ceu-report transcript "$ID4" --year 2023 &&
	test_cmp "$golden/0510-transcript-id4-2023.csv" out
'

test_expect 'a year total follows every year, kind total last' '
	run_cmd ceu-report transcript "$ID5" &&
	test "$(grep -c ",total," out)" = 2 &&
	tail -n 1 out | grep -q ",2023,.*,total,yes,15,70,85,0,no,5,total 85 < 90$"
'

test_expect 'no records: the year of --today with its verdict' '
	run_cmd ceu-report transcript "$ID6" &&
	test "$(wc -l < out)" = 2 &&
	grep -q ",2023,.*,total,no,0,0,0,0,no,90,public exam not passed" out
'

test_expect 'an ID typed with a lower-case x is found' '
	id=$(echo "$ID2" | tr X x) &&
	run_cmd ceu-report transcript "$id" --year 2023 &&
	grep -q 李娜 out
'

test_expect 'not on the register is exit 1' '
	expect_exit 1 ceu-report transcript 450202198808081223 &&
	grep -q "not found" err
'

test_expect 'an invalid ID number is a usage error (64), as in ceu-exam' '
	expect_exit 64 ceu-report transcript 450102199001011235 &&
	grep -q "check digit" err
'

test_done
