#!/bin/sh
# SPEC "Storage": a kill at any moment leaves the file as it was before or
# after the command, never between; the journal stays intact (R16).
. "$CEU_TOP/tests/cli/lib.sh"

fresh_db
ceu-gen --persons 10000 --seed 3 --out prov
ceu-import -q units prov/units.csv
ceu-import -q persons prov/persons.csv
rows=$(($(wc -l < prov/hours.csv) - 1))

test_expect 'an import killed half-way leaves nothing of itself' '
	ceu-import -q hours --source sys prov/hours.csv 2>/dev/null &
	pid=$! &&
	sleep 0.3 &&
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	n=$(sqlite3 ceu.db "SELECT count(*) FROM record") &&
	echo "records after the kill: $n of $rows" &&
	{ [ "$n" = 0 ] || [ "$n" = "$rows" ]; } &&
	test "$(sqlite3 ceu.db "PRAGMA integrity_check")" = ok &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM batch WHERE kind = '\''hours'\''")" = "$([ "$n" = 0 ] && echo 0 || echo 1)"
'

test_expect 'the journal is intact after the kill' '
	run_cmd ceu-report journal --verify
'

test_expect 'the same file then loads whole, once' '
	ceu-import -q hours --source sys prov/hours.csv &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM record")" = "$rows" &&
	ceu-import hours --source sys prov/hours.csv 2>err &&
	grep -q "0 added, $rows unchanged" err
'

test_done
