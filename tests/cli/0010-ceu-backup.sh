#!/bin/sh
# ceu backup, ceu backup --check and ceu restore: consistent copies taken
# while others write, checked before they are in place, rotated, and put
# back under SQLite's write lock with the journal saying so (R16).
. "$CEU_TOP/tests/cli/lib.sh"

umask 022

# count DB: the records of DB.
count() {
	sqlite3 "$1" "SELECT count(*) FROM record"
}

# mode FILE: its permission bits, as 600.
mode() {
	stat -c %a "$1"
}

# last_journal DB: the last journal row's action, before and after.
last_journal() {
	sqlite3 "$1" "SELECT action || ' ' || ifnull(before, 'null') || ' ' ||
	    after FROM journal ORDER BY id DESC LIMIT 1"
}

# examples MAN FROM TO: the commands of MAN's examples between a line
# holding FROM and the next line starting with TO, one a line, "\e"
# continuations joined.
examples() {
	awk -v from="$2" -v to="$3" '
	index($0, from) { on = 1; next }
	on && index($0, to) == 1 { exit }
	on && /^\$ / { cmd = substr($0, 3) }
	on && /^    / { cmd = cmd substr($0, 5) }
	on && (/^\$ / || /^    /) {
		if (cmd ~ /\\e$/) { sub(/\\e$/, "", cmd); next }
		print cmd; cmd = ""
	}' "$CEU_TOP/man/$1"
}

# A province of 10,000 people for the copies taken under an import, its
# year's hours loaded in January (R9: dated before today, delivered by
# the audit deadline) from two registered systems (R10).
ceu-gen --persons 10000 --seed 3 --out prov >/dev/null
CEU_DB=$PWD/prov.db ceu init -q
printf "source,name\na,系统甲\nb,系统乙\n" >prov/sources.csv
for k in units persons sources; do
	CEU_DB=$PWD/prov.db ceu-import -q $k prov/$k.csv
done
CEU_DB=$PWD/prov.db CEU_TODAY=2024-01-15 \
    ceu-import -q hours --source a prov/hours.csv
rows=$(count prov.db)

small_world

test_expect 'a backup is a verified copy, 0600 under umask 022, with its checksum' '
	run_cmd ceu backup b.db &&
	test "$(cat out)" = b.db &&
	grep -q "backup .b.db. verified" err &&
	test "$(mode b.db)" = 600 && test "$(mode b.db.b2sum)" = 600 &&
	b2sum -c b.db.b2sum &&
	test "$(sqlite3 b.db "SELECT count(*) FROM person")" = 5 &&
	test "$(sqlite3 b.db "PRAGMA journal_mode")" = delete &&
	test -z "$(ls -A | grep -e partial -e b.db-)"
'

test_expect 'the key goes beside it 0600; --no-key leaves it out; a missing one is said' '
	run_cmd ceu backup k.db &&
	cmp ceu.db.key k.db.key && test "$(mode k.db.key)" = 600 &&
	b2sum -c k.db.b2sum > out && grep -q "k.db.key: OK" out &&
	run_cmd ceu backup --no-key k.db &&
	test ! -e k.db.key && ! grep -q key err &&
	b2sum -c k.db.b2sum &&
	CEU_KEY=$PWD/other.key run_cmd ceu backup n.db &&
	grep -q "no key file .*other.key" err && test ! -e n.db.key
'

test_expect 'a backup to a folder is named by the time' '
	mkdir nightly &&
	run_cmd ceu backup nightly/ &&
	grep -Eqx "nightly/ceu-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{6}\.db" out &&
	b=$(cat out) && test -f "$b" && test -f "$b.b2sum" &&
	test -z "$(ls -A nightly | grep partial)"
'

test_expect '--keep removes all but the newest verified, never another file' '
	mkdir rot &&
	for d in 01 02 03 04; do
		ceu backup -q rot/ceu-2020-01-$d-000000.db >/dev/null || exit 1
	done &&
	truncate -s 8192 rot/ceu-2020-01-04-000000.db &&
	echo notes > rot/ceu-notes.db && echo x > rot/ceu-2020-01-02-000000.db.bak &&
	run_cmd ceu backup --keep 2 rot &&
	new=$(cat out) &&
	grep -q "removed old backup .rot/ceu-2020-01-02-000000.db" err &&
	grep -q "removed old backup .rot/ceu-2020-01-01-000000.db" err &&
	ls rot > left &&
	printf "%s\n" "${new#rot/}" "${new#rot/}.b2sum" "${new#rot/}.key" \
	    ceu-2020-01-02-000000.db.bak ceu-2020-01-03-000000.db \
	    ceu-2020-01-03-000000.db.b2sum ceu-2020-01-03-000000.db.key \
	    ceu-2020-01-04-000000.db ceu-2020-01-04-000000.db.b2sum \
	    ceu-2020-01-04-000000.db.key ceu-notes.db | sort > want &&
	test_cmp want left
'

test_expect '--check: a whole backup exit 0, a truncated or altered one exit 1' '
	run_cmd ceu backup --check b.db &&
	cp b.db t.db && cp b.db.b2sum t.db.b2sum &&
	sed -i "s/  b.db$/  t.db/" t.db.b2sum && run_cmd ceu backup --check t.db &&
	truncate -s -16384 t.db &&
	expect_exit 1 ceu backup --check t.db &&
	grep -q "bytes where its header says" err &&
	cp b.db a.db && cp b.db.b2sum a.db.b2sum &&
	sed -i "s/  b.db$/  a.db/" a.db.b2sum &&
	printf x | dd of=a.db bs=1 seek=20000 conv=notrunc 2>/dev/null &&
	expect_exit 1 ceu backup --check a.db && grep -q altered err &&
	expect_exit 66 ceu backup --check nothere.db
'

test_expect 'r16 --check without a checksum file: a journal row altered, a page damaged' '
	cp b.db j.db &&
	sqlite3 j.db "UPDATE journal SET actor = '\''mallory'\'' WHERE id = 1" &&
	expect_exit 1 ceu backup --check j.db &&
	grep -q "journal row 1 was altered" err &&
	sqlite3 prov.db ".backup p.db" &&
	sqlite3 p.db "PRAGMA journal_mode = DELETE" >/dev/null &&
	dd if=/dev/zero of=p.db bs=16384 seek=100 count=1 conv=notrunc 2>/dev/null &&
	expect_exit 1 ceu backup --check p.db && grep -q "does not verify" err
'

test_expect 'a damaged database makes no backup (exit 1)' '
	expect_exit 1 ceu backup --db p.db x.db &&
	grep -q "the database itself is damaged" err &&
	test ! -e x.db && test -z "$(ls -A | grep partial)"
'

test_expect 'a backup killed half-way leaves no file at DEST; the next one does' '
	CEU_DB=$PWD/prov.db ceu backup killed.db >/dev/null 2>&1 &
	pid=$! &&
	sleep 0.15 &&
	if kill -9 $pid 2>/dev/null; then
		wait $pid; test ! -e killed.db && test ! -e killed.db.b2sum
	fi &&
	CEU_DB=$PWD/prov.db run_cmd ceu backup killed.db &&
	test -z "$(ls -A | grep -e partial -e killed.db-)"
'

test_expect 'a backup taken during an import holds it wholly or not at all' '
	CEU_DB=$PWD/prov.db CEU_TODAY=2024-01-15 \
	    ceu-import -q hours --source b prov/hours.csv &
	pid=$! &&
	sleep 0.3 &&
	CEU_DB=$PWD/prov.db run_cmd ceu backup during.db &&
	if kill -0 $pid 2>/dev/null; then echo "the import outlasted the backup"; fi
	wait $pid &&
	n=$(count during.db) &&
	echo "records in the copy: $n (before the import $rows, after $((2 * rows)))" &&
	{ [ "$n" = "$rows" ] || [ "$n" = "$((2 * rows))" ]; } &&
	test "$(count prov.db)" = "$((2 * rows))"
'

test_expect 'a destination that is the database itself is refused (73)' '
	cp ceu.db before.db &&
	expect_exit 73 ceu backup ceu.db && grep -q "is the database" err &&
	cmp ceu.db before.db
'

test_expect 'usage errors (64) before anything is written' '
	expect_exit 64 ceu backup --keep 3 file.db &&
	expect_exit 64 ceu backup --keep 0 nightly &&
	expect_exit 64 ceu backup &&
	expect_exit 64 ceu backup --check --keep 3 b.db &&
	expect_exit 64 ceu restore &&
	test ! -e file.db
'

test_expect 'restore refuses to overwrite a database without --force (exit 1)' '
	ceu-register person --id "$ID1" --name 张伟伟 --unit "$UNIT1" &&
	sha256sum ceu.db* > sums &&
	expect_exit 1 ceu restore b.db &&
	grep -q "exists; restore over it with --force" err &&
	sha256sum -c sums && test ! -e ceu.db.before-restore
'

test_expect 'r16 restore --force keeps the old file and journals the restore' '
	head=$(sqlite3 b.db "SELECT max(id) FROM journal") &&
	old=$(sqlite3 ceu.db "SELECT max(id) FROM journal") &&
	run_cmd ceu restore --force b.db &&
	grep -q "kept as .*ceu.db.before-restore" err &&
	test "$(sqlite3 ceu.db "SELECT name FROM person WHERE id_no = '\''$ID1'\''")" = 张伟 &&
	test "$(sqlite3 ceu.db.before-restore "SELECT name FROM person WHERE id_no = '\''$ID1'\''")" = 张伟伟 &&
	test "$(mode ceu.db.before-restore)" = 600 &&
	last_journal ceu.db > j &&
	grep -q "^restore {\"kept\":\"[^\"]*ceu.db.before-restore\",\"journal_id\":$old," j &&
	grep -q "{\"from\":\"$PWD/b.db\",\"journal_id\":$head,\"hash\":\"[0-9a-f]\{64\}\"}$" j &&
	run_cmd ceu-report journal --verify
'

test_expect 'restore refuses while an earlier FILE.before-restore is there (73)' '
	expect_exit 73 ceu restore --force b.db &&
	grep -q "earlier restore; move it away" err &&
	rm ceu.db.before-restore
'

test_expect 'restore refuses an altered backup and leaves the database as it is' '
	sha256sum ceu.db* > sums &&
	expect_exit 1 ceu restore --force a.db && grep -q altered err &&
	sha256sum -c sums && test ! -e ceu.db.before-restore
'

test_expect 'a program with the database open sees the restore as a commit' '
	ceu-register person --id "$ID1" --name 张伟伟 --unit "$UNIT1" &&
	{ echo "SELECT name FROM person WHERE id_no = '\''$ID1'\'';"; sleep 1.5;
	  echo "SELECT name FROM person WHERE id_no = '\''$ID1'\'';"; } |
	    sqlite3 ceu.db > seen &
	sleep 0.5 &&
	run_cmd ceu restore --force b.db &&
	wait &&
	printf "张伟伟\n张伟\n" > want && test_cmp want seen &&
	rm ceu.db.before-restore
'

test_expect 'restore to a new file: 0600, its key with it, journaled' '
	cp b.db k2.db && install -m 600 b.db.key k2.key &&
	install -m 600 k2.key k2.db.key &&
	run_cmd ceu restore --db new2.db k2.db &&
	test "$(mode new2.db)" = 600 && cmp k2.key new2.db.key &&
	test "$(mode new2.db.key)" = 600 &&
	grep -q "restored the key" err &&
	last_journal new2.db | grep -q "^restore null {\"from\"" &&
	CEU_DB=new2.db run_cmd ceu-report journal --verify
'

test_expect 'restore puts the backup'\''s key in place and keeps a different one' '
	head -c 64 /dev/urandom > new2.db.key &&
	cp new2.db.key other.key &&
	run_cmd ceu restore --db new2.db --force k2.db &&
	cmp k2.key new2.db.key && cmp other.key new2.db.key.before-restore &&
	grep -q "kept as .new2.db.key.before-restore" err
'

test_expect 'restore over a file that is no database moves it aside' '
	echo "not a database" > junk.db &&
	run_cmd ceu restore --db junk.db --force b.db &&
	grep -q "could not be read as a database" err &&
	test "$(cat junk.db.before-restore)" = "not a database" &&
	CEU_DB=junk.db run_cmd ceu-report journal --verify
'

test_expect 'restore into a database of another page size' '
	ceu init -q --db small.db &&
	sqlite3 small.db "PRAGMA journal_mode = DELETE; PRAGMA page_size = 4096;
	    VACUUM; PRAGMA journal_mode = WAL" >/dev/null &&
	run_cmd ceu restore --db small.db --force b.db &&
	test "$(sqlite3 small.db "PRAGMA page_size")" = 4096 &&
	test "$(sqlite3 small.db "SELECT count(*) FROM person")" = 5 &&
	test "$(sqlite3 small.db "PRAGMA integrity_check")" = ok
'

test_expect 'r16 a backup of an older schema is restored upgraded, and says so' '
	{ cat "$CEU_TOP/tests/cli/data/schema-1.sql"
	  echo "PRAGMA application_id = 1128617265; PRAGMA user_version = 1;"
	} | sqlite3 old.db &&
	run_cmd ceu restore --db up.db old.db &&
	grep -q "upgraded the restored database from schema 1 to 7" err &&
	grep -q "made the database'\''s key .up.db.key" err &&
	test "$(sqlite3 up.db "PRAGMA user_version")" = 7 &&
	test "$(sqlite3 up.db "SELECT group_concat(action, '\'' '\'') FROM journal")" = "upgrade restore" &&
	CEU_DB=up.db run_cmd ceu-report journal --verify
'

test_expect 'messages in Chinese under zh_CN' '
	LANGUAGE=zh_CN expect_exit 1 ceu restore b.db &&
	grep -q "^ceu: 数据库 .*已存在" err &&
	LANGUAGE=zh_CN expect_exit 1 ceu backup --check t.db &&
	grep -q "备份 .t.db. 未通过校验" err
'

test_expect 'the backup lines of examples/crontab run, quiet when all is well' '
	grep "^[^#].*ceu backup" "$CEU_TOP/examples/crontab" | cut -f 2- |
	    sed "s|/srv/ceu/backup|$PWD/cron|g" > lines &&
	test "$(wc -l < lines)" = 2 && mkdir cron &&
	head -c 64 /dev/urandom > ceu.db.key &&
	while read -r line; do
		sh -c "$line" >>out 2>>err || exit 1
	done < lines &&
	test ! -s out && test ! -s err &&
	test "$(ls cron | grep -c "^ceu-.*\.db$")" = 1 &&
	truncate -s -16384 cron/ceu-*.db &&
	sh -c "$(tail -n 1 lines)" > out 2>err; grep -q "does not verify" out
'

test_expect 'the examples of ceu(1) run' '
	mkdir ex1 && examples ceu.1 ".Sh EXAMPLES" ".Sh" > ex1/cmds &&
	grep -q "restore --force gx-saved.db" ex1/cmds &&
	(cd ex1 && while read -r c; do
		sh -c "$c" >/dev/null 2>&1 || { echo "failed: $c"; exit 1; }
	done < cmds) &&
	test -f ex1/gx.db.before-restore && test "$(ls ex1/backups/*.db | wc -l)" = 1
'

test_expect 'the restore example of ceu(7) runs' '
	mkdir -p srv/ceu/backup &&
	CEU_DB=$PWD/srv/ceu/ceu.db ceu init -q &&
	CEU_DB=$PWD/srv/ceu/ceu.db ceu backup -q --no-key \
	    srv/ceu/backup/ceu-2023-12-20-023000.db >/dev/null &&
	examples ceu.7 "Restoring last night" ".Ed" |
	    sed "s|/srv/|$PWD/srv/|g" > cmds7 &&
	test "$(wc -l < cmds7)" = 3 &&
	while read -r c; do
		sh -c "$c" >/dev/null 2>&1 || { echo "failed: $c"; exit 1; }
	done < cmds7 &&
	test -f srv/ceu/ceu.db.before-restore
'

test_expect 'the backup examples of the README run' '
	mkdir -p srv2/ceu/backup &&
	export CEU_DB=$PWD/srv2/ceu/ceu.db && ceu init -q &&
	ceu backup -q srv2/ceu/backup/ceu-2023-12-20-023000.db >/dev/null &&
	grep -E "^    ceu (backup|restore)" "$CEU_TOP/README.md" |
	    sed "s|/srv/|$PWD/srv2/|g" > cmds &&
	test "$(wc -l < cmds)" = 3 &&
	while read -r c; do
		sh -c "$c" >/dev/null 2>&1 || { echo "failed: $c"; exit 1; }
	done < cmds &&
	test "$(ls srv2/ceu/backup/*.db | wc -l)" = 2 &&
	test -f srv2/ceu/ceu.db.before-restore
'

test_done
