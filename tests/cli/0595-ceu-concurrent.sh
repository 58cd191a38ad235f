#!/bin/sh
# SPEC "Storage": several clerks and cron jobs on one file.  Five writers
# at once for CEU_STRESS_SECONDS (6 here; `make torture` asks for more):
# imports, registrations, exam attempts, changes to the register and the
# unit's audit decisions, each under a busy timeout of 0 or 1 s, so that
# some wait and some give up.  Every exit 0 landed exactly what it
# reported, every exit 75 wrote nothing, no other exit, and nothing else
# is in the file (R16: the journal and every seal verify).  A writer is
# one loop below.
. "$CEU_TOP/tests/cli/lib.sh"

CEU_TODAY=2023-12-20
export CEU_TODAY
seconds=${CEU_STRESS_SECONDS:-6}

fresh_db
ceu-gen --persons 150 --seed 4 --out prov >/dev/null
for k in units persons; do
	ceu-import -q $k prov/$k.csv
done
printf "source,name\nw1,系统\n" | ceu-import -q sources -
sqlite3 ceu.db "SELECT id_no || ' ' || unit_code FROM person ORDER BY id" > people
cut -d " " -f 1 people > ids
ceu-exam -q study --ids ids --year 2023 --date 2023-05-01
npeople=$(wc -l < people)
base_records=$(sqlite3 ceu.db "SELECT count(*) FROM record")
base_journal=$(sqlite3 ceu.db "SELECT count(*) FROM journal")
base_batches=$(sqlite3 ceu.db "SELECT count(*) FROM batch")
end=$(($(date +%s) + seconds))

# person N: the ID number and unit of person N (1-based, cyclic).
person() {
	sed -n "$(( ($1 - 1) % npeople + 1 ))p" people
}

# Writer 1: files of 20 hours each, refs I<i>-<j>.
imports() {
	i=0
	while [ "$(date +%s)" -lt "$end" ]; do
		i=$((i + 1))
		awk -v i="$i" 'BEGIN {
			print "id_no,year,subject,category,hours,title,date,ref"
		} (NR + i) % 7 == 0 && c < 20 {
			printf "%s,2023,professional,training,1,课%d,2023-04-0%d,I%d-%d\n",
			    $1, i, c % 9 + 1, i, c; c++
		}' ids > imp-$i.csv
		CEU_BUSY_TIMEOUT=$((i % 2)) ceu-import hours --actor w1 \
		    --source w1 imp-$i.csv >/dev/null 2>imp-$i.err
		echo "$i $?" >> imports.log
	done
}

# Writer 2: one own registration each, title reg-<i>; the record id out.
registrations() {
	i=0
	while [ "$(date +%s)" -lt "$end" ]; do
		i=$((i + 1))
		set -- $(person "$i")
		id=$(CEU_BUSY_TIMEOUT=$((i % 2)) ceu-register add --actor w2 \
		    --id "$1" --year 2023 --category self_study --hours 1 \
		    --title "reg-$i" --date 2023-04-03 2>/dev/null)
		echo "$i $? $id" >> registrations.log
	done
}

# Writer 3: failed attempts (score 40), each person at most 3 times.
attempts() {
	i=0
	while [ "$(date +%s)" -lt "$end" ] && [ "$i" -lt $((3 * npeople)) ]; do
		i=$((i + 1))
		set -- $(person "$i")
		CEU_BUSY_TIMEOUT=$((i % 2)) ceu-exam attempt --actor w3 \
		    --id "$1" --year 2023 --score 40 --date 2023-06-01 \
		    >/dev/null 2>&1
		echo "$i $? $1" >> attempts.log
	done
}

# Writer 4: a person renamed 名<i>, journaled before and after.
renames() {
	i=0
	while [ "$(date +%s)" -lt "$end" ]; do
		i=$((i + 1))
		set -- $(person "$((i * 7))")
		CEU_BUSY_TIMEOUT=$((i % 2)) ceu-register person --actor w4 \
		    --id "$1" --name "名$i" --unit "$2" >/dev/null 2>&1
		echo "$i $? $1" >> renames.log
	done
}

# Writer 5: the unit's audit (R11) of writer 2's registrations, the
# oldest pending one each time, approved or (every third) rejected.
decisions() {
	i=0
	while [ "$(date +%s)" -lt "$end" ]; do
		i=$((i + 1))
		set -- $(sqlite3 -cmd ".timeout 2000" ceu.db "SELECT r.id,
		    p.unit_code FROM record r JOIN person p ON p.id = r.person_id
		    WHERE r.title LIKE 'reg-%' AND r.status = 'pending'
		    ORDER BY r.id LIMIT 1" 2>/dev/null | tr "|" " ")
		if [ $# != 2 ]; then
			sleep 0.05
			continue
		fi
		rec=$1
		if [ $((i % 3)) = 0 ]; then
			set -- reject --reason "d-$i" --unit "$2" "$rec"
		else
			set -- approve --unit "$2" "$rec"
		fi
		CEU_BUSY_TIMEOUT=$((i % 2)) ceu-audit "$@" --actor w5 \
		    >/dev/null 2>&1
		echo "$i $? $1 $rec" >> decisions.log
	done
}

imports & registrations & attempts & renames & decisions &
wait
touch decisions.log
cat imports.log registrations.log attempts.log renames.log decisions.log \
    > all.log
echo "# $(wc -l < all.log) operations in $seconds s:" \
    "$(awk '$2 == 0' all.log | wc -l) exit 0," \
    "$(awk '$2 == 75' all.log | wc -l) exit 75"

# landed LOG: the operations of LOG that exited 0.
landed() {
	awk '$2 == 0' "$1" | wc -l
}

test_expect 'every writer exited 0 or 75, and each outcome happened' '
	test "$(awk '\''$2 != 0 && $2 != 75'\'' all.log | wc -l)" = 0 &&
	test "$(awk '\''$2 == 75'\'' all.log | wc -l)" -gt 0 &&
	for w in imports registrations attempts renames decisions; do
		test "$(landed $w.log)" -gt 0 || { echo "# no $w landed"; exit 1; }
	done
'

test_expect 'r16 the file is whole, and the journal and every seal verify' '
	test "$(sqlite3 ceu.db "PRAGMA integrity_check")" = ok &&
	run_cmd ceu-report journal --verify
'

test_expect 'each import that exited 0 landed the 20 records it reported, a 75 none' '
	awk '\''$2 == 0 { print "imp-" $1 ".csv 20" }'\'' imports.log | sort > want &&
	sqlite3 ceu.db "SELECT b.file || '\'' '\'' || count(r.id) FROM batch b
	    LEFT JOIN record r ON r.batch = b.id WHERE b.source = '\''w1'\''
	    GROUP BY b.id" | sort > got &&
	test_cmp want got &&
	for i in $(awk '\''$2 == 0 { print $1 }'\'' imports.log); do
		grep -q "imp-$i.csv: 20 added, 0 unchanged, 0 rejected" imp-$i.err || exit 1
	done &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM record WHERE source_name = '\''w1'\''")" = \
	    "$(($(landed imports.log) * 20))"
'

test_expect 'each registration that exited 0 is the record it printed, a 75 none' '
	awk '\''$2 == 0 { print $3 " reg-" $1 }'\'' registrations.log | sort > want &&
	sqlite3 ceu.db "SELECT id || '\'' '\'' || title FROM record
	    WHERE title LIKE '\''reg-%'\''" | sort > got &&
	test_cmp want got
'

test_expect 'each attempt that exited 0 is on file, a 75 none' '
	awk '\''$2 == 0 { print $3 }'\'' attempts.log | sort | uniq -c > want &&
	sqlite3 ceu.db "SELECT p.id_no FROM exam_attempt a JOIN exam_round r
	    ON r.id = a.round_id JOIN person p ON p.id = r.person_id" |
	    sort | uniq -c > got &&
	test_cmp want got
'

test_expect 'each rename that exited 0 is journaled, the last one stands' '
	awk '\''$2 == 0 { last[$3] = "名" $1 } END { for (p in last) print p, last[p] }'\'' \
	    renames.log | sort > want &&
	sqlite3 ceu.db "SELECT id_no || '\'' '\'' || name FROM person
	    WHERE name LIKE '\''名%'\''" | sort > got &&
	test_cmp want got
'

test_expect 'r11 each decision that exited 0 is on file and on its record, a 75 none' '
	awk '\''$2 == 0 { print $4 " " ($3 == "reject" ? "reject rejected" : "approve approved") }'\'' \
	    decisions.log | sort > want &&
	sqlite3 ceu.db "SELECT a.record_id || '\'' '\'' || a.decision || '\'' '\'' ||
	    r.status FROM audit a JOIN record r ON r.id = a.record_id
	    WHERE a.actor = '\''w5'\''" | sort > got &&
	test_cmp want got &&
	awk '\''$2 == 75 { print $4 }'\'' decisions.log | sort -u > busy &&
	awk '\''$2 == 0 { print $4 }'\'' decisions.log | sort -u > done &&
	for r in $(comm -23 busy done); do
		test "$(sqlite3 ceu.db "SELECT status FROM record WHERE id = $r")" = pending ||
		    { echo "# record $r decided by a run that exited 75"; exit 1; }
	done
'

test_expect 'nothing else: the journal has a row for each landed operation' '
	for w in w1 w2 w3 w4 w5; do
		case $w in
		w1) log=imports.log ;; w2) log=registrations.log ;;
		w3) log=attempts.log ;; w4) log=renames.log ;;
		w5) log=decisions.log ;;
		esac
		test "$(sqlite3 ceu.db "SELECT count(*) FROM journal WHERE actor = '\''$w'\''")" = \
		    "$(landed $log)" || { echo "# $w: journal differs"; exit 1; }
	done &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM journal")" = \
	    "$((base_journal + $(landed all.log)))" &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM batch")" = \
	    "$((base_batches + $(landed imports.log)))" &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM record")" = \
	    "$((base_records + 20 * $(landed imports.log) + $(landed registrations.log)))"
'

test_done
