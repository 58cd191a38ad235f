#!/bin/sh
# ceu-report journal and --verify (R16).
. "$CEU_TOP/tests/cli/lib.sh"

test_expect 'r16 the journal lists who did what' '
	fresh_db &&
	run_cmd ceu-report journal &&
	head -n 1 out | grep -qx "id,at,actor,action,entity,entity_id,before,after,reason" &&
	grep -q "^1,.*,tester,init,database," out
'

test_expect 'r16 --since filters by date' '
	run_cmd ceu-report journal --since 2999-01-01 &&
	test "$(wc -l < out)" = 1 &&
	run_cmd ceu-report journal --since 2000-01-01 &&
	test "$(wc -l < out)" = 2 &&
	expect_exit 64 ceu-report journal --since yesterday
'

test_expect 'r16 an intact journal verifies' '
	run_cmd ceu-report journal --verify &&
	grep -q "journal: 1 rows verified" err
'

test_expect 'r16 a row edited through the sqlite3 shell is named, exit 1' '
	sqlite3 ceu.db "UPDATE journal SET actor = '\''mallory'\'' WHERE id = 1" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "journal row 1 was altered" err
'

test_expect 'r16 a row inserted behind ceu'\''s back is found' '
	fresh_db &&
	sqlite3 ceu.db "INSERT INTO journal(id, at, actor, action, entity,
	    entity_id, before, after, reason, hash) VALUES (2, '\''2023-06-15T00:00:00Z'\'',
	    '\''x'\'', '\''add'\'', '\''record'\'', '\''9'\'', NULL, NULL, NULL, '\''00'\'')" &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "journal row 2" err
'

test_done
