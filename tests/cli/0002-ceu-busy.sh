#!/bin/sh
# Several clerks and cron jobs on one file (SPEC "Storage"): a writer
# waits for another, and past the busy timeout gives up with exit 75
# ("safe to retry") having written nothing.
. "$CEU_TOP/tests/cli/lib.sh"

small_world

# hold_lock SECONDS: another writer holding the file, in the background.
hold_lock() {
	{ echo "BEGIN IMMEDIATE;"; sleep "$1"; echo "COMMIT;"; } |
	    sqlite3 ceu.db &
	sleep 0.3
}

test_expect 'past the busy timeout a writer exits 75 and writes nothing' '
	hold_lock 3 &&
	CEU_BUSY_TIMEOUT=1 expect_exit 75 ceu-register person --id "$ID1" \
	    --name 张伟伟 --unit "$UNIT1" &&
	grep -q "busy" err &&
	wait &&
	test "$(sqlite3 ceu.db "SELECT name FROM person WHERE id_no = '\''$ID1'\''")" = 张伟
'

test_expect 'within the busy timeout a writer waits its turn' '
	hold_lock 1 &&
	run_cmd ceu-register person --id "$ID1" --name 张伟伟 --unit "$UNIT1" &&
	wait &&
	test "$(sqlite3 ceu.db "SELECT name FROM person WHERE id_no = '\''$ID1'\''")" = 张伟伟
'

test_expect 'readers are not held up by a writer (WAL)' '
	hold_lock 2 &&
	CEU_BUSY_TIMEOUT=0 run_cmd ceu-report compliance --year 2023 -f csv &&
	test "$(wc -l < out)" = 6 &&
	wait
'

test_done
