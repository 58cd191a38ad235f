#!/bin/sh
# SPEC "Storage": a kill at any moment leaves the file as it was before or
# after the command, never between; the journal stays intact (R16).
#
# The import reads from a pipe that is fed half the file and then left
# open: it has written chunks of that half (the WAL grows) and cannot have
# committed when it is killed.
. "$CEU_TOP/tests/cli/lib.sh"

fresh_db
ceu-gen --persons 10000 --seed 3 --out prov
ceu-import -q units prov/units.csv
ceu-import -q persons prov/persons.csv
rows=$(($(wc -l < prov/hours.csv) - 1))
half=$((rows / 2))

# wal_bytes: the size of the database's write-ahead log, 0 when none.
wal_bytes() {
	if [ -f ceu.db-wal ]; then wc -c < ceu.db-wal; else echo 0; fi
}

test_expect 'an import killed half-way leaves nothing of itself' '
	mkfifo feed &&
	{ ceu-import -q hours --source sys - <feed 2>/dev/null & } &&
	pid=$! &&
	exec 3>feed &&
	head -n $((half + 1)) prov/hours.csv >&3 &&
	n=0 &&
	while [ "$(wal_bytes)" -lt 1048576 ] && [ $n -lt 200 ]; do
		sleep 0.1; n=$((n + 1))
	done
	wal=$(wal_bytes)
	kill -9 $pid
	wait $pid
	status=$?
	exec 3>&-
	echo "fed $half of $rows rows; WAL $wal bytes; exit $status" &&
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
