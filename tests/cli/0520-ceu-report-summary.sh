#!/bin/sh
# ceu-report summary by unit, city and industry.
. "$CEU_TOP/tests/cli/lib.sh"
. "$CEU_TOP/tests/cli/golden/report-world.sh"
golden=$CEU_TOP/tests/cli/golden

test_expect 'summary by unit (golden)' '
	report_world &&
	run_cmd ceu-report summary --year 2023 --by unit &&
	test_cmp "$golden/0520-summary-unit.csv" out
'

test_expect 'summary by city (golden)' '
	run_cmd ceu-report summary --year 2023 --by city &&
	test_cmp "$golden/0520-summary-city.csv" out
'

test_expect 'summary by industry (golden)' '
	run_cmd ceu-report summary --year 2023 --by industry &&
	test_cmp "$golden/0520-summary-industry.csv" out
'

test_expect 'r11 late audits count the record mark and the audit mark' '
	run_cmd ceu-report summary --year 2023 --by unit &&
	grep -q "^$UNIT2,2,0,0.0,1,0,1,0$" out &&
	grep -q "^$UNIT3,2,0,0.0,1,1,1,0$" out
'

test_expect 'r12 only valid certificates count' '
	run_cmd ceu-report summary --year 2023 --by unit &&
	grep -q "^$UNIT1,3,1,33.3,3,0,0,1$" out
'

test_expect 'rate follows the verdicts (one decimal)' '
	sqlite3 ceu.db "UPDATE record SET hours = 700 WHERE person_id = 5
	    AND activity_key LIKE '\''self:论文%'\''" &&
	run_cmd ceu-report summary --year 2023 --by unit &&
	grep -q "^$UNIT3,2,0,0.0," out &&
	sqlite3 ceu.db "UPDATE record SET hours = 750 WHERE person_id = 5
	    AND activity_key LIKE '\''self:论文%'\''" &&
	run_cmd ceu-report summary --year 2023 --by unit &&
	grep -q "^$UNIT3,2,1,50.0," out
'

test_expect 'summary needs --by' '
	expect_exit 64 ceu-report summary --year 2023 &&
	expect_exit 64 ceu-report summary --year 2023 --by street
'

test_done
