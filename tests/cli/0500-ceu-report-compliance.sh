#!/bin/sh
# ceu-report compliance: R2 and R2a on every boundary, against golden CSV.
. "$CEU_TOP/tests/cli/lib.sh"
. "$CEU_TOP/tests/cli/golden/report-world.sh"
golden=$CEU_TOP/tests/cli/golden

test_expect 'the hand-built year loads' '
	report_world &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM person")" = 7
'

test_expect 'r2 r2a compliance of every person on the register (golden)' '
	run_cmd ceu-report compliance --year 2023 &&
	test_cmp "$golden/0500-compliance-2023.csv" out
'

test_expect 'r2 sixty of ninety is exactly 2/3 and complies' '
	run_cmd ceu-report compliance --year 2023 &&
	grep -q "^450102\*\*\*\*\*\*\*\*1231,张伟,.*,yes,30,60,90,0,yes,0,$" out
'

test_expect 'r2 total 89.9 fails by a tenth, needing 0.1 professional' '
	grep -q ",89.9,0,no,0.1,total 89.9 < 90" "$golden/0500-compliance-2023.csv" &&
	run_cmd ceu-report compliance --year 2023 &&
	grep -q ",30,59.9,89.9,0,no,0.1,total 89.9 < 90" out
'

test_expect 'r2 electives push the share below 2/3 (60 of 110)' '
	run_cmd ceu-report compliance --year 2023 &&
	grep -q "王芳,.*,yes,50,60,110,0,no,40,professional 54.5% < 2/3$" out
'

test_expect 'r2 66.6 of 100 fails, 0.2 short' '
	run_cmd ceu-report compliance --year 2023 &&
	grep -q "周杰,.*,33.4,66.6,100,0,no,0.2,professional 66.6% < 2/3$" out
'

test_expect 'r2a pending hours shown but never counted' '
	run_cmd ceu-report compliance --year 2023 &&
	grep -q "刘洋,.*,no,0,80,80,20,no,10,public exam not passed; total 80 < 90$" out
'

test_expect 'r2a revoked and rejected records count for nothing' '
	run_cmd ceu-report compliance --year 2023 &&
	grep -q "陈静,.*,yes,15,70,85,0,no,5,total 85 < 90$" out
'

test_expect 'r1 a person with no records still has a row' '
	run_cmd ceu-report compliance --year 2023 &&
	grep -q "黄敏,.*,no,0,0,0,0,no,90,public exam not passed; total 0 < 90$" out &&
	test "$(wc -l < out)" = 8
'

test_expect 'noncompliant in a city, IDs shown whole (golden)' '
	run_cmd ceu-report compliance --year 2023 --noncompliant --show-id \
	    --city 450100 &&
	test_cmp "$golden/0500-compliance-noncompliant-city.csv" out
'

test_expect 'scope by unit and by industry' '
	run_cmd ceu-report compliance --year 2023 --unit "$UNIT3" &&
	test "$(wc -l < out)" = 3 &&
	! grep -v "^id_no" out | grep -qv "$UNIT3" &&
	run_cmd ceu-report compliance --year 2023 --industry 教育 &&
	test "$(wc -l < out)" = 3 &&
	grep -q 王芳 out && grep -q 黄敏 out
'

test_expect 'a back-filled year is judged on its own hours (r7)' '
	run_cmd ceu-report compliance --year 2022 --unit "$UNIT3" &&
	grep -q "陈静,.*,yes,15,75,90,0,yes,0,$" out &&
	grep -q "刘洋,.*,no,0,0,0,0,no,90," out
'

test_expect 'json has true/false and numbers' '
	run_cmd ceu-report compliance --year 2023 -f json &&
	grep -q "\"compliant\":true" out &&
	grep -q "\"professional_hours_needed\":0.1" out
'

test_expect 'usage errors are exit 64' '
	expect_exit 64 ceu-report compliance &&
	grep -q "needs --year" err &&
	expect_exit 64 ceu-report compliance --year 2023 --unit nonsense &&
	expect_exit 64 ceu-report compliance --year 2023 --city 4501 &&
	expect_exit 64 ceu-report compliance --year 2023 --unit "$UNIT1" \
	    --city 450100 &&
	expect_exit 64 ceu-report frobnicate
'

test_expect 'a missing database is exit 66' '
	expect_exit 66 ceu-report compliance --year 2023 --db none.db
'

# R2 under professional_share_basis = required: 2/3 of total_hours (60
# hours), so that extra public hours never hurt; the shortfall is
# max(90 - total, 60 - professional, 0).
test_expect 'r2 basis required: compliance of the register (golden)' '
	printf "year,key,value\n2023,professional_share_basis,required\n" >p.csv &&
	run_cmd ceu-import policy p.csv &&
	run_cmd ceu-report compliance --year 2023 &&
	test_cmp "$golden/0500-compliance-2023-required.csv" out
'

test_expect 'r2 basis required: 60 of 110 complies, 59.9 of 89.9 needs 0.1' '
	run_cmd ceu-report compliance --year 2023 &&
	grep -q "王芳,.*,yes,50,60,110,0,yes,0,$" out &&
	grep -q "李娜,.*,30,59.9,89.9,0,no,0.1,total 89.9 < 90; professional 59.9 < 60 (2/3 of 90)$" out
'

test_done
