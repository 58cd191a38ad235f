#!/bin/sh
# ceu init, ceu policy, ceu help, dispatch, and the common options.
. "$CEU_TOP/tests/cli/lib.sh"

test_expect 'init creates a database' '
	run_cmd ceu init &&
	test -f ceu.db &&
	test "$(sqlite3 ceu.db "PRAGMA application_id")" = 1128617265 &&
	test "$(sqlite3 ceu.db "PRAGMA user_version")" = 7 &&
	test "$(sqlite3 ceu.db "PRAGMA page_size")" = 16384
'

test_expect 'init twice keeps the data' '
	sqlite3 ceu.db "INSERT INTO policy(year, key, value) VALUES (2024, '\''total_hours'\'', '\''80'\'')" &&
	run_cmd ceu init &&
	test "$(sqlite3 ceu.db "SELECT value FROM policy WHERE year = 2024")" = 80
'

test_expect 'init journals the creation (R16)' '
	test "$(sqlite3 ceu.db "SELECT action FROM journal WHERE id = 1")" = init
'

test_expect 'database is in WAL mode' '
	test "$(sqlite3 ceu.db "PRAGMA journal_mode")" = wal
'

test_expect 'policy 2023 has the defaults of the notice' '
	run_cmd ceu policy --year 2023 -f csv &&
	grep -qx "2023,total_hours,90,2023" out &&
	grep -qx "2023,professional_share,2/3,2023" out &&
	grep -qx "2023,exam_attempts_per_round,3,2023" out &&
	grep -qx "2023,audit_deadline,(YYYY+1)-01-31,2023" out &&
	grep -qx "2023,backfill_from,2020,2023" out &&
	grep -qx "2023,backfill_to,2022,2023" out &&
	grep -qx "2023,max_record_hours,90,2023" out &&
	grep -qx "2023,professional_share_basis,actual,2023" out &&
	test "$(wc -l < out)" = 14
'

test_expect 'policy of a later year uses the nearest earlier row' '
	run_cmd ceu policy --year 2026 -f csv &&
	grep -qx "2026,total_hours,80,2024" out &&
	grep -qx "2026,exam_pass_score,60,2023" out &&
	! grep -q backfill out &&
	run_cmd ceu policy --year 2023 -f csv &&
	grep -qx "2023,total_hours,90,2023" out
'

test_expect 'r7 back-fill keys are not inherited by a later year' '
	run_cmd ceu policy --year 2024 -f csv &&
	test "$(wc -l < out)" = 12 &&
	! grep -q backfill out
'

test_expect 'policy as JSON' '
	run_cmd ceu policy --year 2023 -f json &&
	grep -q "\"key\": *\"total_hours\"" out &&
	grep -q "\"year\": *2023" out
'

test_expect 'a missing database is exit 66 and says how to create it' '
	expect_exit 66 ceu policy --db nothere.db &&
	grep -q "ceu init" err &&
	test ! -f nothere.db
'

test_expect 'a file that is not a ceu database is refused' '
	echo "hello" > notdb &&
	expect_exit 65 ceu policy --db notdb &&
	grep -q "not a ceu database" err &&
	sqlite3 other.db "CREATE TABLE t(x)" &&
	expect_exit 65 ceu init --db other.db
'

test_expect 'unknown option is a usage error (64)' '
	expect_exit 64 ceu policy --frobnicate &&
	grep -qx "ceu: bad option '\''--frobnicate'\''" err &&
	grep -qx "ceu: see '\''ceu --help'\''" err
'

test_expect 'bad --today is a usage error' '
	expect_exit 64 ceu policy --today 2023-02-30
'

test_expect 'help and version exit 0 on stdout' '
	run_cmd ceu help && grep -q "^usage: ceu" out &&
	run_cmd ceu --version && grep -q "^ceu [0-9]" out &&
	run_cmd ceu policy --help && grep -q "^usage:" out
'

test_expect 'common options may come before the command, as with git' '
	cp ceu.db other.db &&
	run_cmd ceu --db other.db --today 2024-02-01 policy -f csv &&
	grep -qx "2024,total_hours,80,2024" out &&
	run_cmd ceu -d other.db -f csv policy --year 2023 &&
	grep -qx "2023,total_hours,90,2023" out &&
	run_cmd ceu-report -d other.db --today 2023-12-20 -f csv deadlines &&
	grep -q "^what,id_no" out &&
	run_cmd ceu-exam --db other.db -f csv status &&
	grep -q "^id_no,name,year" out &&
	run_cmd ceu --db other.db report -f csv deadlines &&
	grep -q "^what,id_no" out &&
	expect_exit 64 ceu-report --db other.db
'

test_expect 'an unknown command is a usage error' '
	expect_exit 64 ceu frobnicate &&
	grep -q "not a ceu command" err
'

test_expect 'a full disk is a write error, not silence' '
	if [ -w /dev/full ]; then
		ceu policy --year 2023 -f csv >/dev/full 2>err
		test $? = 74 && grep -q "write error" err
	fi
'

test_done
