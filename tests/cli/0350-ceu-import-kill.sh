#!/bin/sh
# SPEC "Storage": a kill at any moment leaves the file as it was before or
# after the command, never between; the journal stays intact (R16).
#
# The import loads a file of 200,000 rows, a second's work: it is killed
# once it has written chunks of it (the WAL grows), long before it can
# commit.  (Input from a pipe is read whole before anything is written:
# a kill while it is fed lands before the import begins, 0380.)
. "$CEU_TOP/tests/cli/lib.sh"

# The year's hours, delivered in January (R9: all dated before today).
CEU_TODAY=2024-01-15
fresh_db
printf "source,name\nsys,行业系统\n" | ceu-import -q sources -
ceu-gen --persons 10000 --seed 3 --out prov
ceu-import -q units prov/units.csv
ceu-import -q persons prov/persons.csv
rows=$(($(wc -l < prov/hours.csv) - 1))

# wal_bytes: the size of the database's write-ahead log, 0 when none.
wal_bytes() {
	if [ -f ceu.db-wal ]; then wc -c < ceu.db-wal; else echo 0; fi
}

test_expect 'an import killed half-way leaves nothing of itself' '
	{ ceu-import -q hours --source sys prov/hours.csv 2>/dev/null & } &&
	pid=$! &&
	n=0 &&
	while [ "$(wal_bytes)" -lt 1048576 ] && [ $n -lt 2000 ] &&
	    kill -0 $pid 2>/dev/null; do
		sleep 0.01; n=$((n + 1))
	done
	wal=$(wal_bytes)
	kill -9 $pid
	wait $pid
	status=$?
	echo "$rows rows; WAL $wal bytes; exit $status" &&
	test "$wal" -ge 1048576 &&
	test "$status" = 137 &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM record")" = 0 &&
	test "$(sqlite3 ceu.db "PRAGMA integrity_check")" = ok &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM batch WHERE kind = '\''hours'\''")" = 0
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
