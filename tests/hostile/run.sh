#!/bin/sh
# run.sh [BINDIR] - the hostile corpus: every case in tests/hostile/cases
# runs one command line against a fresh copy of a small database, and
# must end with its exit status and its message; a refused command must
# leave the database byte for byte as it was (and so its dump), touch no
# input, and leave no -wal, -shm or -journal behind.  Prints TAP.
#
# A case is one line of cases (sourced):
#	hostile NAME STATUS 'MESSAGE' 'COMMAND'
# COMMAND is run by sh in the case's own folder, with $in the folder of
# inputs (made once here: tests/hostile/in and the generated ones) and
# CEU_DB the copy of the database; MESSAGE must appear (grep -F) in what
# it wrote on stdout or stderr.  A case that runs past a minute fails.
top=$(cd "$(dirname "$0")/../.." && pwd)
bindir=${1:-${CEU_BIN:-$top/bin}}
case $bindir in /*) ;; *) bindir=$top/$bindir ;; esac
PATH=$bindir:$PATH
CEU_TODAY=2023-06-15
CEU_ACTOR=tester
LC_ALL=C.UTF-8
export PATH CEU_TODAY CEU_ACTOR LC_ALL
unset LANGUAGE CEU_DB CEU_KEY CEU_FORMAT
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
in=$work/in
export in

UNIT1=91450100MA5K0001X6
UNIT2=12450200MB1234567F
ID1=450102199001011231
ID2=45020319851230456X
ID3=450305197811117899
ID4=450103199505050011
export UNIT1 UNIT2 ID1 ID2 ID3 ID4

# The database every case starts from: two units, four people, two
# registered sources (R10), a filed class, loaded by ceu-import so that
# every row is sealed as ceu writes it (R16); each case gets a copy with
# its key.
make_base() {
	mkdir "$work/base" &&
	ceu init -q --db "$work/base/ceu.db" &&
	cat >"$work/base/units.csv" <<-CSV &&
	unit_code,name,city_code,industry
	$UNIT1,南宁市第一人民医院,450100,卫生健康
	$UNIT2,柳州市第二中学,450200,教育
	CSV
	cat >"$work/base/persons.csv" <<-CSV &&
	id_no,name,unit_code
	$ID1,张伟,$UNIT1
	$ID2,李娜,$UNIT1
	$ID3,王芳,$UNIT2
	$ID4,刘洋,$UNIT2
	CSV
	cat >"$work/base/sources.csv" <<-CSV &&
	source,name
	s,人社系统
	sys,卫健系统
	CSV
	cat >"$work/base/filings.csv" <<-CSV &&
	filing_no,organizer,title,subject,category,start_date,end_date,hours
	GX2023-00001,自治区继续教育基地,院感防控,professional,training,2023-03-01,2023-03-03,40
	CSV
	for k in units persons sources filings; do
		ceu-import -q --db "$work/base/ceu.db" $k "$work/base/$k.csv" ||
		    return 1
	done &&
	sqlite3 "$work/base/ceu.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
}

# n copies of text s (awk: fast and in every base system).
repeat() {
	awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

# Inputs that are too large, binary, or in another encoding to keep in
# the tree as they are.
make_inputs() {
	mkdir "$in" && cp "$top"/tests/hostile/in/* "$in"/ &&
	P=id_no,name,unit_code &&
	{ printf '%s\n%s,张伟,%s\n' "$P" $ID1 $UNIT1;
	  printf '%s,2023\000EVIL,%s\n' $ID2 $UNIT1; } >"$in/nul.csv" &&
	printf '\377\376i\000d\000_\000n\000o\000\n\000' >"$in/utf16le.csv" &&
	printf 'i\000d\000_\000n\000o\000\n\000' >"$in/utf16-nobom.csv" &&
	{ printf '%s\n%s,' "$P" $ID1; repeat 70000 x; printf ',%s\n' $UNIT1; } \
	    >"$in/huge-field.csv" &&
	{ printf '%s\n%s,' "$P" $ID1; repeat 2200 "$(repeat 500 y),";
	  printf '%s\n' $UNIT1; } >"$in/huge-row.csv" &&
	{ repeat 100000 'c,'; printf 'id_no\n'; } >"$in/cols-100k.csv" &&
	{ printf '%s\n' "$P"; repeat 150 "450102199001011235,甲,$UNIT1
"; } >"$in/bad150.csv" &&
	{ printf '%s\n%s,张伟,%s\n%s,' "$P" $ID1 $UNIT1 $ID2;
	  printf '李娜' | iconv -f UTF-8 -t GB18030;
	  printf ',%s\n%s,王芳,%s\n' $UNIT1 $ID3 $UNIT2; } >"$in/mixed-utf8.csv" &&
	{ printf '%s\n%s,张伟,%s\n%s,李娜,%s\n' "$P" $ID1 $UNIT1 $ID2 $UNIT1 |
	  iconv -f UTF-8 -t GB18030; printf '%s,王芳,%s\n' $ID3 $UNIT2; } \
	    >"$in/mixed-gbk.csv" &&
	printf '%s\n450405200002290026,陈静,%s\n' "$P" $UNIT1 |
	    iconv -f UTF-8 -t GB18030 >"$in/gbk.csv" &&
	{ printf '%s\n%s,' "$P" $ID1; repeat 256 n; printf ',%s\n' $UNIT1; } \
	    >"$in/long-name.csv" &&
	{ printf 'id_no,year,subject,category,hours,title,date,ref\n';
	  printf '%s,2023,professional,training,2,' $ID1; repeat 512 t;
	  printf ',2023-05-01,R1\n'; } >"$in/long-title.csv" &&
	{ printf 'id_no,year,subject,category,hours,title,date,ref\n';
	  printf '%s,2023,professional,training,2,课,2023-05-01,' $ID1;
	  repeat 128 r; printf '\n'; } >"$in/long-ref.csv" &&
	{ printf 'id_no,year,subject,category,hours,title,date,ref\n';
	  r=$(repeat 126 r);
	  printf '%s,2023,professional,training,2,课,2023-05-01,%sA\n' $ID1 "$r";
	  printf '%s,2023,professional,training,2,课,2023-05-01,%sB\n' $ID1 "$r"; } \
	    >"$in/refs-127.csv" &&
	head -c 4096 /dev/urandom | tr -d '\n' | head -c 3000 >"$in/random.bin" &&
	sqlite3 "$in/foreign.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1);" &&
	: >"$in/zero.db" &&
	cp "$work/base/ceu.db" "$in/newer.db" &&
	sqlite3 "$in/newer.db" "PRAGMA user_version = 99" &&
	cp "$work/base/ceu.db" "$in/older.db" &&
	sqlite3 "$in/older.db" "PRAGMA user_version = 2" &&
	head -c 50 "$work/base/ceu.db" >"$in/truncated.db" &&
	chmod a-w "$in"/*
}

n=0
failed=0

# hostile NAME STATUS MESSAGE COMMAND: one case (see the top).
hostile() {
	n=$((n + 1))
	d=$work/case$n
	mkdir "$d" && cp "$work/base/ceu.db" "$work/base/ceu.db.key" "$d/" &&
	touch "$work/stamp" &&
	(cd "$d" && CEU_DB=$d/ceu.db timeout -k 5 "${HOSTILE_TIMEOUT:-60}" sh -c "$4" >out 2>err)
	got=$?
	why=
	[ "$got" = "$2" ] || why="exit $got, not $2"
	[ -z "$why" ] && ! cat "$d/out" "$d/err" | grep -Fq -- "$3" &&
	    why="no message '$3'"
	[ -z "$why" ] && [ "$2" != 0 ] && ! cmp -s "$d/ceu.db" "$work/base/ceu.db" &&
	    why="the database changed"
	for s in "$d/ceu.db-wal" "$d/ceu.db-shm" "$d/ceu.db-journal" \
	    "$in"/*-wal "$in"/*-shm "$in"/*-journal; do
		[ -z "$why" ] && [ -e "$s" ] && why="'${s##*/}' left behind"
	done
	[ -z "$why" ] && [ -n "$(find "$in" -newer "$work/stamp")" ] &&
	    why="an input changed: $(find "$in" -newer "$work/stamp")"
	if [ -z "$why" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1: $why"
		sed 's/^/#   /' "$d/err" | head -20
		failed=$((failed + 1))
	fi
	rm -rf "$d"
}

make_base >/dev/null && make_inputs || { echo "Bail out! cannot set up"; exit 1; }
. "$top/tests/hostile/cases"
echo "1..$n"
[ "$failed" = 0 ]
