#!/bin/sh
# The journal's before and after are JSON objects (SPEC: ceu-report
# journal), so that jq reads them: every row a realistic run writes,
# parsed by jq, the unit's audit and a revocation included.  And the run,
# every write path of it, verifies (R16).
. "$CEU_TOP/tests/cli/lib.sh"

CEU_TODAY=2023-12-20
export CEU_TODAY

test_expect 'a year of every command and route' '
	fresh_db &&
	ceu-gen --persons 30 --seed 11 --out prov >/dev/null &&
	for k in units persons filings roster policy; do
		ceu-import -q $k prov/$k.csv || exit 1
	done &&
	printf "year,key,value\n2024,total_hours,80\n2024,exam_pass_score,70\n" |
	    ceu-import -q policy - &&
	printf "year,key,value\n2024,total_hours,85\n" | ceu-import -q policy - &&
	ceu-import -q exams prov/exams.csv &&
	printf "source,name\n\"sys \"\"quoted\"\" '\''name'\''\",系统\n" |
	    ceu-import -q sources - &&
	ceu-import -q --today 2024-01-15 hours --source "sys \"quoted\" '\''name'\''" prov/hours.csv &&
	sed "2s/,[^,]*,\([^,]*\),/,改名,\1,/" prov/persons.csv > renamed.csv &&
	ceu-import -q persons renamed.csv &&
	id=$(sqlite3 ceu.db "SELECT id_no FROM person ORDER BY id LIMIT 1 OFFSET 5") &&
	unit=$(sqlite3 ceu.db "SELECT code FROM unit ORDER BY code LIMIT 1") &&
	ceu-register -q person --id 450102199001011231 --name "新人 \"甲\"" --unit "$unit" &&
	ceu-register -q person --id 450102199001011231 --name "新人" --unit "$unit" &&
	ceu-exam -q study --id 450102199001011231 --year 2023 --date 2023-05-10 &&
	ceu-exam -q attempt --id 450102199001011231 --year 2023 --score 40 --date 2023-05-11 &&
	ceu-exam -q attempt --id 450102199001011231 --year 2023 --score 41 --date 2023-05-12 &&
	ceu-exam -q attempt --id 450102199001011231 --year 2023 --score 42 --date 2023-05-13 &&
	ceu-exam -q makeup --id 450102199001011231 --year 2023 --reason "病假 \"证明\"" &&
	rec=$(ceu-register -q add --id "$id" --year 2023 --category 自学 --hours 3 \
	    --title "标题 \"引号\" \\\\ 反斜杠" --date 2023-04-03) &&
	ceu-register -q withdraw --reason "误登" "$rec" &&
	punit=$(sqlite3 ceu.db "SELECT unit_code FROM person WHERE id_no = '\''$id'\''") &&
	for t in 甲 乙 丙; do
		ceu-register -q add --id "$id" --year 2023 --category 自学 \
		    --hours 2 --title "审核$t" --date 2023-04-04 || exit 1
	done > regs &&
	{ read -r r1 && read -r r2 && read -r r3; } < regs &&
	ceu-audit -q approve --unit "$punit" "$r1" &&
	printf "record_id,decision,reason\n%s,reject,\"无 \"\"证明\"\"\"\n%s,approve,\n" \
	    "$r2" "$r3" | ceu-audit -q apply --unit "$punit" - &&
	ceu-audit -q revoke --reason "抽查 \"不实\"" "$r1" &&
	batch=$(sqlite3 ceu.db "SELECT max(id) FROM batch WHERE kind = '\''hours'\''") &&
	ceu-import -q undo "$batch" --reason "错批 \"次\"" &&
	ceu backup -q b.db >/dev/null &&
	ceu restore -q --force b.db &&
	test "$(sqlite3 ceu.db "SELECT count(DISTINCT action) FROM journal")" -ge 9 &&
	test "$(sqlite3 ceu.db "SELECT group_concat(decision) FROM
	    (SELECT decision FROM audit ORDER BY id)")" = approve,reject,approve,revoke
'

test_expect 'every before and after of the journal is a JSON object (jq)' '
	n=$(sqlite3 ceu.db "SELECT count(*) FROM journal") &&
	test "$n" -gt 10 &&
	ceu-report journal -f json > journal.json &&
	jq -e "length == $n" journal.json >/dev/null &&
	jq -r ".[] | .before // empty, .after // empty" journal.json > values &&
	test "$(wc -l < values)" -gt 10 &&
	jq -e -s "all(type == \"object\")" values >/dev/null &&
	jq -e -s "length == $(sqlite3 ceu.db "SELECT count(before) + count(after) FROM journal")" values >/dev/null
'

test_expect 'the values come back from the JSON as they were written' '
	jq -r ".[] | select(.action == \"import\") | .after" journal.json |
	    jq -r "select(.kind == \"hours\") | .source" | sort -u > got &&
	printf "%s\n" "sys \"quoted\" '\''name'\''" > want &&
	test_cmp want got &&
	jq -r ".[] | select(.action == \"undo\") | .after" journal.json |
	    jq -e "select(.records > 0) | .undone_at | test(\"^2[0-9-]+T\")" >/dev/null &&
	jq -r ".[] | select(.entity == \"policy\") | .before // empty, .after" \
	    journal.json | jq -r .value > got &&
	printf "%s\n" 80 70 80 85 > want &&
	test_cmp want got &&
	jq -r ".[] | select(.action == \"rejected\") | .reason" journal.json > got &&
	printf "%s\n" "无 \"证明\"" > want &&
	test_cmp want got &&
	jq -r ".[] | select(.reason == \"抽查 \\\"不实\\\"\") | .before" \
	    journal.json |
	    jq -r .status > got &&
	echo approved > want &&
	test_cmp want got
'

test_expect 'r16 the whole run verifies, restore included' '
	run_cmd ceu-report journal --verify
'

test_done
