#!/bin/sh
# ceu-report backlog: back-fill years' public required work (R7).
. "$CEU_TOP/tests/cli/lib.sh"
. "$CEU_TOP/tests/cli/golden/report-world.sh"
golden=$CEU_TOP/tests/cli/golden

test_expect 'r7 backlog of 2020-2022 for 2023 (golden)' '
	report_world &&
	run_cmd ceu-report backlog --year 2023 &&
	test_cmp "$golden/0550-backlog-2023.csv" out
'

test_expect 'r7 a back-filled pass closes the year' '
	run_cmd ceu-report backlog --year 2023 &&
	test "$(grep -c "陈静" out)" = 2 &&
	! grep -q "陈静,.*,2022," out
'

test_expect 'r6 rounds and attempts come from the exam tables' '
	run_cmd ceu-report backlog --year 2023 --unit "$UNIT3" &&
	grep -qx "450103\*\*\*\*\*\*\*\*0011,刘洋,$UNIT3,2022,1,2,2023-12-31" out
'

test_expect 'r7 nothing to back-fill before backfill_from' '
	run_cmd ceu-report backlog --year 2020 &&
	test "$(wc -l < out)" = 1
'

test_done
