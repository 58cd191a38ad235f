#!/bin/sh
# Each subcommand owns its options: a flag it does not take is a usage
# error (64), found before any file is opened; options may still come
# before the subcommand.
. "$CEU_TOP/tests/cli/lib.sh"

small_world

test_expect 'a flag another subcommand takes is a usage error' '
	expect_exit 64 ceu-report journal --by city &&
	grep -q "bad option" err &&
	expect_exit 64 ceu-register list --hours 3 &&
	expect_exit 64 ceu-exam status --score 50 &&
	expect_exit 64 ceu-exam study --id "$ID1" --year 2023 --score 50 &&
	expect_exit 64 ceu-import roster --reason why roster.csv &&
	expect_exit 64 ceu-import undo 1 --dry-run &&
	expect_exit 64 ceu policy --within 3 &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM exam_round")" = 0
'

test_expect 'ceu-report checks the report before the database: 64, not 66' '
	expect_exit 64 ceu-report bogus --db none.db &&
	grep -q "unknown report '\''bogus'\''" err &&
	test ! -e none.db &&
	expect_exit 64 ceu-report compliance --year 2023 --by city \
	    --db none.db &&
	test ! -e none.db &&
	expect_exit 66 ceu-report compliance --year 2023 --db none.db
'

test_expect 'options before the subcommand, with or without a value' '
	printf "unit_code,name,city_code,industry\n%s,南宁,450100,卫生健康\n" \
	    "$UNIT1" >u.csv &&
	run_cmd ceu-import --rejects r.csv units u.csv &&
	test -f r.csv &&
	run_cmd ceu-import --dry-run --db "$CEU_DB" units u.csv &&
	run_cmd ceu-report --db "$CEU_DB" -f csv summary --year 2023 --by city &&
	grep -q "^city_code," out
'

test_expect 'argument errors say one thing each way' '
	expect_exit 64 ceu-register list --unit 91450100MA5K0001X7 &&
	grep -q "invalid unit code '\''91450100MA5K0001X7'\'' (check digit)" err &&
	expect_exit 64 ceu-exam status --unit 91450100MA5K0001X7 &&
	grep -q "invalid unit code '\''91450100MA5K0001X7'\'' (check digit)" err &&
	expect_exit 64 ceu-register add --id "$ID1" --year 2023 \
	    --category other --hours 1 --title t --date 2023-02-30 &&
	grep -q "invalid date '\''2023-02-30'\'' for --date (YYYY-MM-DD)" err &&
	expect_exit 64 ceu-report journal --since 2023-02-30 &&
	grep -q "invalid date '\''2023-02-30'\'' for --since (YYYY-MM-DD)" err &&
	expect_exit 64 ceu-report compliance --year 2023 --city 4501 &&
	grep -q "invalid city code '\''4501'\'' (6 digits, as 450100)" err
'

test_expect 'the README pipeline: who is not compliant, and their exam' '
	ceu-report compliance --year 2023 --noncompliant --show-id -f csv |
	    cut -d, -f1 | ceu-exam status --ids - --year 2023 -f csv >out &&
	test "$(wc -l < out)" = 6 &&
	grep -q "^450102\*\*\*\*\*\*\*\*1231,张伟,2023,0," out
'

test_done
