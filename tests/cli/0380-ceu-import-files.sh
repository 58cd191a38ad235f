#!/bin/sh
# Files under pressure: a slow producer on a pipe does not hold the write
# lock while it makes its rows; a database in a folder that cannot be
# written is still read; a full disk is said once, in words, and leaves no
# half-made file, -wal or -shm behind.
. "$CEU_TOP/tests/cli/lib.sh"

small_world
printf 'id_no,name,unit_code\n%s,张伟,%s\n' $ID1 $UNIT1 >p.csv
ID6=45010219900101124X

test_expect 'a slow producer leaves the database to others while it waits' '
	{ sleep 2; cat p.csv; } | ceu-import persons - 2>import.err &
	pid=$! &&
	sleep 0.5 &&
	CEU_BUSY_TIMEOUT=0 run_cmd ceu-register person --id $ID6 --name 赵六 \
	    --unit $UNIT1 &&
	grep -q "added" err &&
	wait $pid &&
	grep -q "0 added, 1 unchanged" import.err &&
	test "$(sqlite3 ceu.db "SELECT name FROM person WHERE id_no = '\''$ID6'\''")" = 赵六
'

test_expect 'a producer killed mid-stream leaves nothing' '
	mkfifo feed &&
	{ ceu-import persons - <feed 2>/dev/null & } &&
	pid=$! &&
	exec 3>feed &&
	printf "id_no,name,unit_code\n%s,钱七,%s\n" 450102199001011258 $UNIT1 >&3 &&
	sleep 0.3 &&
	kill -9 $pid; wait $pid; status=$?
	exec 3>&-
	test "$status" = 137 &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM person WHERE id_no = '\''450102199001011258'\''")" = 0
'

# as_other CMD...: run CMD as a user who owns the database but not its
# folder (root writes anywhere, so root runs it as nobody).
as_other() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
	else
		"$@"
	fi
}

test_expect 'a database in a read-only folder is read, and writing is refused in words' '
	mkdir ro &&
	cp ceu.db ceu.db.key ro/ &&
	chmod 755 . && chmod 644 p.csv &&
	if [ "$(id -u)" = 0 ]; then chown nobody ro/ceu.db ro/ceu.db.key; fi &&
	chmod 555 ro &&
	sum=$(cksum <ro/ceu.db) &&
	as_other ceu-report journal --db ro/ceu.db -f csv >out 2>err &&
	grep -q "^1,.*,init,database," out &&
	{ as_other ceu-import persons --db ro/ceu.db p.csv >out 2>err; test $? = 74; } &&
	grep -q "read-only here" err &&
	test "$(grep -c . err)" = 1 &&
	test "$(cksum <ro/ceu.db)" = "$sum" &&
	test ! -e ro/ceu.db-wal && test ! -e ro/ceu.db-shm
'
chmod 755 ro 2>/dev/null

test_expect 'ceu init that cannot write the file leaves none (ulimit)' '
	( trap "" XFSZ; ulimit -f 8; ceu init --db big.db ) >out 2>err
	test $? = 74 &&
	grep -q "cannot read or write" err &&
	test ! -e big.db && test ! -e big.db-wal && test ! -e big.db-shm
'

# A full disk for real: a small tmpfs (only where this user may mount).
if mkdir full && mount -t tmpfs -o size=4m tmpfs full 2>/dev/null; then
	trap 'umount full 2>/dev/null' EXIT
	test_expect 'ceu init on a full disk leaves no file' '
		head -c 4m /dev/zero >full/fill 2>/dev/null
		expect_exit 74 ceu init --db full/x.db &&
		grep -q "full" err &&
		test ! -e full/x.db && test ! -e full/x.db-wal &&
		rm full/fill
	'
	test_expect 'an import on a full disk says so once and leaves the file as it was' '
		cp ceu.db ceu.db.key full/ &&
		ceu-gen --persons 2000 --seed 5 --out prov >/dev/null &&
		ceu-import -q --db full/ceu.db units prov/units.csv &&
		ceu-import -q --db full/ceu.db persons prov/persons.csv 2>/dev/null
		printf "source,name\nhr-system,人社系统\n" >prov/sources.csv &&
		ceu-import -q --db full/ceu.db sources prov/sources.csv &&
		sum=$(sqlite3 full/ceu.db .dump | cksum) &&
		free=$(df -k full | awk '\''NR == 2 { print $4 }'\'') &&
		head -c $(((free - 160) * 1024)) /dev/zero >full/fill &&
		expect_exit 74 env CEU_TODAY=2024-01-15 ceu-import \
		    --db full/ceu.db hours --source hr-system prov/hours.csv &&
		grep -q "the disk is full" err &&
		test "$(grep -c . err)" = 1 &&
		! grep -q "not an error\|BEGIN\|INSERT" err &&
		rm full/fill &&
		test "$(sqlite3 full/ceu.db .dump | cksum)" = "$sum"
	'
else
	echo "ok 5 # skip no tmpfs (mount refused)"
	echo "ok 6 # skip no tmpfs (mount refused)"
	test_count=$((test_count + 2))
fi

test_done
