#!/bin/sh
# ceu-gen: the synthetic province is deterministic, scales with its
# options, holds valid and consistent identifiers, and mimics Excel on
# Chinese Windows with --gb18030.
#
#	CEU_BIN=bin sh tests/cli/0100-ceu-gen.sh
#
# Runs from the source tree or from tests/run.sh; works in its own
# temporary folder.
: "${CEU_BIN:?CEU_BIN must name the folder of the binaries}"
case $CEU_BIN in /*) ;; *) CEU_BIN=$PWD/$CEU_BIN ;; esac
CEU_TOP=${CEU_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
export CEU_BIN CEU_TOP
work=$(mktemp -d) || exit 1
trap 'cd / && rm -rf "$work"' EXIT INT TERM
cd "$work" || exit 1
. "$CEU_TOP/tests/cli/lib.sh"

FILES="units persons filings roster hours exams policy"

# rows FILE: data rows (the header not counted).
rows() {
	echo $(($(wc -l < "$1") - 1))
}

# same_files DIR1 DIR2: every file byte for byte equal.
same_files() {
	for f in $FILES; do
		cmp "$1/$f.csv" "$2/$f.csv" || return 1
	done
}

test_expect 'writes the seven files with their headers, silently' '
	run_cmd ceu-gen --out a &&
	test ! -s out && test ! -s err &&
	test "$(head -n 1 a/units.csv)" = unit_code,name,city_code,industry &&
	test "$(head -n 1 a/persons.csv)" = id_no,name,unit_code,specialty,title &&
	test "$(head -n 1 a/filings.csv)" = filing_no,organizer,title,subject,category,start_date,end_date,hours &&
	test "$(head -n 1 a/roster.csv)" = filing_no,id_no,name,hours &&
	test "$(head -n 1 a/hours.csv)" = id_no,year,subject,category,hours,title,date,ref &&
	test "$(head -n 1 a/exams.csv)" = id_no,year,date,score &&
	test "$(head -n 1 a/policy.csv)" = year,key,value &&
	test "$(rows a/persons.csv)" = 1000
'

test_expect 'same arguments give byte-identical files' '
	run_cmd ceu-gen --out b &&
	same_files a b &&
	run_cmd ceu-gen --seed 7 --persons 300 --out c1 &&
	run_cmd ceu-gen --persons 300 --out c2 --seed 7 &&
	same_files c1 c2
'

test_expect 'another seed gives another province' '
	run_cmd ceu-gen --seed 2 --out d &&
	! cmp -s a/persons.csv d/persons.csv &&
	! cmp -s a/hours.csv d/hours.csv
'

test_expect 'row counts follow --persons' '
	run_cmd ceu-gen --persons 4000 --hours-per-person 1 --out big &&
	test "$(rows big/persons.csv)" = 4000 &&
	test "$(rows big/units.csv)" = 100 &&
	test "$(rows big/filings.csv)" = 40 &&
	test "$(rows a/units.csv)" = 25 &&
	test "$(rows a/filings.csv)" = 10 &&
	test "$(rows big/exams.csv)" -gt "$(rows a/exams.csv)" &&
	test "$(rows big/roster.csv)" -gt "$(rows a/roster.csv)"
'

test_expect 'tiny provinces still have 3 units and 2 filed classes' '
	run_cmd ceu-gen --persons 1 --out tiny &&
	test "$(rows tiny/units.csv)" = 3 &&
	test "$(rows tiny/filings.csv)" = 2 &&
	test "$(rows tiny/persons.csv)" = 1
'

test_expect 'hours rows follow --hours-per-person (about K a person)' '
	run_cmd ceu-gen --persons 500 --hours-per-person 10 --out k10 &&
	run_cmd ceu-gen --persons 500 --hours-per-person 40 --out k40 &&
	run_cmd ceu-gen --persons 500 --hours-per-person 0 --out k0 &&
	n10=$(rows k10/hours.csv) && n40=$(rows k40/hours.csv) &&
	test "$n10" -ge 4000 && test "$n10" -le 6000 &&
	test "$n40" -ge 16000 && test "$n40" -le 24000 &&
	test "$(rows k0/hours.csv)" = 0 &&
	cmp k10/persons.csv k40/persons.csv
'

test_expect 'id_no: 18 characters, unique, valid check character' '
	cut -d, -f1 a/persons.csv | sed 1d >ids &&
	test -z "$(sort ids | uniq -d)" &&
	test -z "$(grep -v "^[0-9]\{17\}[0-9X]\$" ids)" &&
	grep -q X\$ ids &&
	awk "BEGIN { split(\"7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2\", w, \" \") }
	    { s = 0; for (i = 1; i <= 17; i++) s += substr(\$0, i, 1) * w[i]
	      if (substr(\"10X98765432\", s % 11 + 1, 1) != substr(\$0, 18, 1))
	          bad++ }
	    END { exit bad > 0 }" ids
'

test_expect 'unit codes: 18 characters, unique; persons belong to them' '
	cut -d, -f1 a/units.csv | sed 1d >units &&
	test -z "$(sort units | uniq -d)" &&
	test -z "$(grep -v "^[0-9A-HJ-NP-RTUWXY]\{18\}\$" units)" &&
	test -z "$(cut -d, -f3 a/units.csv | sed 1d | grep -v "^45[01][0-9]00\$")" &&
	cut -d, -f3 a/persons.csv | sed 1d | sort -u >used &&
	test -z "$(sort units | comm -13 - used)"
'

test_expect 'roster: names as registered, hours within the class, once each' '
	awk -F, "FNR == 1 { next }
	    FILENAME ~ /persons/ { name[\$1] = \$2; next }
	    FILENAME ~ /filings/ { h[\$1] = \$8; next }
	    name[\$2] != \$3 || \$4 + 0 > h[\$1] + 0 || \$4 + 0 <= 0 ||
	        seen[\$1 \",\" \$2]++ { bad++ }
	    END { exit !(NR > 0 && bad == 0) }" \
	    a/persons.csv a/filings.csv a/roster.csv &&
	test "$(rows a/roster.csv)" -gt 0
'

test_expect 'hours and exams lie in --year, refs unique' '
	run_cmd ceu-gen --persons 200 --year 2024 --out y &&
	test -z "$(cut -d, -f2 y/hours.csv | sed 1d | grep -vx 2024)" &&
	test -z "$(cut -d, -f7 y/hours.csv | sed 1d | grep -v "^2024-")" &&
	test -z "$(cut -d, -f8 y/hours.csv | sed 1d | sort | uniq -d)" &&
	test -z "$(cut -d, -f3 y/exams.csv | sed 1d | grep -v "^2024-")" &&
	test -z "$(cut -d, -f4 y/exams.csv | sed 1d | grep -v "^[0-9]\{1,3\}\$")" &&
	test -z "$(cut -d, -f6,7 y/filings.csv | sed 1d | grep -v "^2024-.*,2024-")" &&
	grep -q "^GX2024-00001," y/filings.csv &&
	grep -qx "2024,registration_deadline,YYYY-12-31" y/policy.csv &&
	! grep -q backfill y/policy.csv &&
	test "$(rows y/policy.csv)" = 11
'

test_expect '--shape system: every title different, refs of 18 characters' '
	run_cmd ceu-gen --persons 200 --shape system --out sys &&
	run_cmd ceu-gen --persons 200 --shape short --out short &&
	test -z "$(cut -d, -f6 sys/hours.csv | sed 1d | sort | uniq -d)" &&
	test -z "$(cut -d, -f8 sys/hours.csv | sed 1d | grep -v "^2023[0-9]\{14\}\$")" &&
	test -z "$(cut -d, -f8 sys/hours.csv | sed 1d | sort | uniq -d)" &&
	for f in $FILES; do
		[ $f = hours ] || cmp short/$f.csv sys/$f.csv || exit 1
	done &&
	expect_exit 64 ceu-gen --shape long
'

test_expect 'exam attempts of a person are in date order, at most 3' '
	awk -F, "FNR == 1 { next }
	    \$1 == id && \$3 <= last { bad++ }
	    { n[\$1]++; if (n[\$1] > 3) bad++; id = \$1; last = \$3 }
	    END { exit bad > 0 }" a/exams.csv
'

test_expect '--gb18030: GB18030 bytes, Chinese headers, the same values' '
	run_cmd ceu-gen --gb18030 --out gb &&
	! iconv -f UTF-8 -t UTF-8 gb/persons.csv >/dev/null 2>&1 &&
	iconv -f GB18030 -t UTF-8 gb/persons.csv | tr -d "\r" >persons.utf8 &&
	head -n 1 persons.utf8 | grep -qx "身份证号,姓名,单位代码,专业,职称" &&
	for f in $FILES; do
		iconv -f GB18030 -t UTF-8 gb/$f.csv | tr -d "\r" | sed 1d \
		    >gb.body && sed 1d a/$f.csv | cmp - gb.body || exit 1
	done &&
	iconv -f GB18030 -t UTF-8 gb/hours.csv | head -n 1 | tr -d "\r" |
	    grep -qx "身份证号,年度,科目,类别,学时,名称,日期,编号"
'

test_expect '--registrations: N pending own registrations, spread over the units' '
	run_cmd ceu-gen --persons 400 --registrations 100 --out r1 &&
	run_cmd ceu-gen --persons 400 --registrations 100 --out r2 &&
	cmp r1/registrations.csv r2/registrations.csv &&
	test ! -e a/registrations.csv &&
	test "$(head -n 1 r1/registrations.csv)" = id_no,year,subject,category,hours,title,date &&
	test "$(rows r1/registrations.csv)" = 100 &&
	test -z "$(cut -d, -f1 r1/registrations.csv | sed 1d | sort | uniq -d)" &&
	awk -F, "FNR == 1 { next } FILENAME ~ /persons/ { u[\$1] = \$3; next }
	    { print u[\$1] }" r1/persons.csv r1/registrations.csv |
	    sort -u > runits &&
	test "$(wc -l < runits)" -ge 8 &&
	run_cmd ceu-gen --persons 400 --out r3 &&
	same_files r1 r3
'

test_expect '--registrations-largest: all in the largest unit, distinct days' '
	run_cmd ceu-gen --persons 400 --registrations 1000 \
	    --registrations-largest --out big &&
	test "$(rows big/registrations.csv)" = 1000 &&
	largest=$(cut -d, -f3 big/persons.csv | sed 1d | sort | uniq -c |
	    sort -k1,1nr -k2 | awk "NR == 1 { print \$2 }") &&
	awk -F, "FNR == 1 { next } FILENAME ~ /persons/ { u[\$1] = \$3; next }
	    { print u[\$1] }" big/persons.csv big/registrations.csv |
	    sort -u > runits &&
	test "$(cat runits)" = "$largest" &&
	test -z "$(cut -d, -f1,7 big/registrations.csv | sort | uniq -d)" &&
	expect_exit 64 ceu-gen --persons 40 --registrations 100000 \
	    --registrations-largest --out toomany
'

test_expect '--registrations load through ceu-register, pending (R9, R10)' '
	run_cmd ceu-gen --persons 40 --registrations 12 --out reg &&
	CEU_DB=$PWD/reg.db && export CEU_DB && ceu init -q &&
	ceu-import -q units reg/units.csv && ceu-import -q persons reg/persons.csv &&
	sed 1d reg/registrations.csv |
	while IFS=, read -r id y s c h t d; do
		ceu-register add -q --id "$id" --year "$y" --subject "$s" \
		    --category "$c" --hours "$h" --title "$t" --date "$d" \
		    --today 2023-12-20 >/dev/null || exit 1
	done &&
	test "$(sqlite3 reg.db "SELECT count(*) FROM record
	    WHERE status = '\''pending'\'' AND source = '\''self'\''")" = 12
'

test_expect '-v reports a line a file' '
	run_cmd ceu-gen -v --persons 100 --out v &&
	test ! -s out &&
	test "$(wc -l < err)" = 8 &&
	grep -q "persons.csv: 100 rows" err &&
	grep -q "sources.csv: 1 rows" err
'

test_expect 'usage errors exit 64' '
	expect_exit 64 ceu-gen --persons 0 &&
	grep -q "^ceu-gen: " err &&
	expect_exit 64 ceu-gen --persons x &&
	expect_exit 64 ceu-gen --year 20 &&
	expect_exit 64 ceu-gen --no-such-option &&
	expect_exit 64 ceu-gen stray &&
	expect_exit 0 ceu-gen --help && grep -q usage out
'

test_expect 'an output that cannot be made exits 73, a full disk 74' '
	: >plain &&
	expect_exit 73 ceu-gen --out plain/sub &&
	grep -q "cannot create" err &&
	if [ -w /dev/full ]; then
		mkdir full && ln -s /dev/full full/policy.csv &&
		expect_exit 74 ceu-gen --out full
	fi
'

test_done
