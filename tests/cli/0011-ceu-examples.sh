#!/bin/sh
# Every example runs: the EXAMPLES of every man page (English, and the
# Chinese ones in Chinese) and each shell example of the README, extracted
# by examples.pl and run in order, a page in a folder of its own, on a
# demo province (ceu-gen) with the people, units, classes and records the
# examples name, on 31 December 2023 (the demo's hours, classes and exams
# run all year; the last day to register them).  An example that shows an error must
# end with it; any other command must succeed.
. "$CEU_TOP/tests/cli/lib.sh"
CEU_TODAY=2023-12-31

# The demo province in ./world: its CSV files (also in demo/), ceu.db with
# them loaded, records 1-13 pending registrations and 14 approved of
# UNIT1's people, 84 approved professional hours of ID1 (a roster and
# three system records) but no exam, a GB18030 tab-separated roster.txt,
# applicants.csv, and /srv/ceu as the pages have it (a database and a
# backup of it); the late files of ceu(7) (exams-dec.csv,
# roster-late.csv) are copies.
world() {
	mkdir world && cd world && CEU_DB=$PWD/ceu.db &&
	ceu-gen --persons 100 --seed 7 --out demo >/dev/null 2>&1 &&
	printf "%s\n" "$UNIT1,南宁市第一人民医院,450100,卫生健康" >>demo/units.csv &&
	printf "%s\n" "$ID1,张伟,$UNIT1,临床医学,主治医师" \
	    "$ID2,李娜,$UNIT1,护理,主管护师" \
	    "$ID3,王芳,$UNIT1,药学,主管药师" >>demo/persons.csv &&
	echo "health-system,卫健委继续医学教育系统" >>demo/sources.csv &&
	echo "GX2023-00017,广西急救中心,急救培训,professional,training,2023-05-08,2023-05-10,24" \
	    >>demo/filings.csv &&
	echo "GX2023-00017,$ID1,张伟,24" >>demo/roster.csv &&
	for n in 1 2 3; do
		echo "$ID1,2023,professional,training,20,急诊专题培训第${n}期,2023-0$((n + 5))-10,ZW-$n"
	done >>demo/hours.csv &&
	cp demo/*.csv . && cp exams.csv exams-dec.csv &&
	cp roster.csv roster-late.csv &&
	tr , "\t" <roster.csv | iconv -f UTF-8 -t GB18030 >roster.txt &&
	printf "id_no,name\n%s\n%s\n" "$ID1,张伟" "$ID2,李娜" >applicants.csv &&
	ceu init -q && ceu-import -q units units.csv &&
	ceu-import -q persons persons.csv &&
	for n in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do
		id=$ID1 && [ $((n % 2)) = 0 ] && id=$ID2
		ceu-register add -q --id $id --year 2023 --category self_study \
		    --hours 2 --title "专业文献自学第${n}期" \
		    --date 2023-03-$((n + 10)) >/dev/null || exit 1
	done &&
	ceu-audit approve -q --unit $UNIT1 14 &&
	for k in policy filings sources roster exams; do
		ceu-import -q $k $k.csv || exit 1
	done &&
	ceu-import -q hours --source health-system hours.csv &&
	mkdir -p srv/ceu/backup &&
	ceu backup -q srv/ceu/ceu.db >/dev/null &&
	ceu --db srv/ceu/ceu.db backup -q \
	    srv/ceu/backup/ceu-2023-12-20-023000.db >/dev/null &&
	cd ..
}

# script FILE: FILE's examples as a script, ./FILE.sh (its path with
# "-" for "/"), with /srv/ in ./page, ceu-gen(1)'s province of 200000
# made one of 200, and the verify code of a certificate (one of the
# page's own database) that of the first certificate here.
script() {
	sh=$(echo "${1#$CEU_TOP/}" | tr / -).sh
	perl "$CEU_TOP/tests/cli/examples.pl" "$1" |
	    sed "s|/srv/|$PWD/page/srv/|g; s/--persons 200000 /--persons 200 /
	    s/\(ceu-cert verify \)[0-9A-Za-z]\{4\}-[0-9A-Za-z]\{4\}-[0-9A-Za-z]\{4\}-[0-9A-Za-z]\{4\}/\1\$(ceu-cert list -f csv | awk -F, 'NR == 2 { print \$3 }')/" \
	    >"$sh"
}

# run_examples FILE [ENV...]: FILE's examples in a copy of the world, with
# ENV set; what they said in ./log.  Examples that create the database
# (ceu init, without --db) find none.
run_examples() {
	f=$1 && shift &&
	rm -rf page && cp -a world page && script "$f" &&
	grep -q "examples: [1-9]" "$sh" &&
	{ ! grep -qx "ceu init" "$sh" || rm page/ceu.db*; } &&
	prepare "$f" &&
	(cd page && env CEU_DB="$PWD/ceu.db" "$@" bash "../$sh") >log 2>&1 ||
	{ echo "$f:"; cat log; return 1; }
}

# prepare FILE: what FILE's examples start from beyond the world, in
# ./page.  ceu-cert(1): ID1's exam passed, so that the year is complete
# and UNIT1 has certificates.
prepare() {
	case $1 in
	*/ceu-cert.1)
		(cd page && CEU_DB=$PWD/ceu.db &&
		ceu-exam -q study --id $ID1 --year 2023 --date 2023-06-01 &&
		ceu-exam -q attempt --id $ID1 --year 2023 --score 80 \
		    --date 2023-06-01)
		;;
	esac
}

# each FILE TITLE [ENV...]: a test that runs FILE's examples, skipped when
# they use a ceu program this tree does not have yet.
each() {
	script "$1" &&
	missing=$(grep -o "ceu-[a-z][a-z]*" "$sh" | sort -u | while read -r p; do
		[ -x "$CEU_BIN/$p" ] || echo "$p"; done | tr "\n" " ")
	if [ -n "$missing" ]; then
		test_count=$((test_count + 1))
		echo "ok $test_count - $2 # SKIP no ${missing% }"
		return
	fi
	f=$1 t=$2 && shift 2 && test_expect "$t" "run_examples $f $*"
}

test_expect 'the demo province the examples run on' 'world'

for m in "$CEU_TOP"/man/*.[1-8] "$CEU_TOP"/README.md; do
	each "$m" "the examples of ${m#$CEU_TOP/} run"
done
for m in "$CEU_TOP"/man/zh_CN/*.[1-8]; do
	each "$m" "the examples of ${m#$CEU_TOP/} run, in Chinese" LANGUAGE=zh_CN
done

test_done
