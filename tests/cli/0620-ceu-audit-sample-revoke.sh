#!/bin/sh
# ceu-audit sample and revoke (R15): a spot check's sample is
# reproducible, stratified by unit and of the rate asked; a record found
# false is revoked, whatever its route, and the verdict follows at once.
. "$CEU_TOP/tests/cli/lib.sh"
. "$CEU_TOP/tests/cli/golden/report-world.sh"

# A generated province of 400 people in 10 units of unequal sizes.
ceu-gen --persons 400 --seed 5 --out prov >/dev/null
# Its year loaded in January, from its registered system (R9, R10, R11).
CEU_DB=$PWD/prov.db ceu init -q
printf "source,name\nhr-system,行业系统\n" >prov/sources.csv
for k in units persons filings sources roster; do
	CEU_DB=$PWD/prov.db CEU_TODAY=2024-01-15 ceu-import -q $k prov/$k.csv
done
CEU_DB=$PWD/prov.db CEU_TODAY=2024-01-15 \
    ceu-import -q hours --source hr-system prov/hours.csv

# q SQL: one answer from the province.
q() {
	sqlite3 prov.db "$1"
}

# sample ARGS: ceu-audit sample on the province, CSV to out.
sample() {
	CEU_DB=$PWD/prov.db run_cmd ceu-audit sample --year 2023 "$@"
}

# units_in FILE: the distinct unit codes of a sample.
units_in() {
	awk -F, 'NR > 1 { print $4 }' "$1" | sort -u
}

approved=$(q "SELECT count(*) FROM record WHERE year = 2023 AND
    status = 'approved'")

test_expect 'r15 the rate: ceil(approved * rate / 100) records, approved ones' '
	test "$approved" -gt 5000 &&
	sample --rate 0.2 --seed 7 &&
	test "$(($(wc -l < out) - 1))" = "$(((approved * 20 + 9999) / 10000))" &&
	test "$(awk -F, "NR > 1 && \$15 != \"approved\"" out | wc -l)" = 0 &&
	sample --rate 100 --seed 7 &&
	test "$(($(wc -l < out) - 1))" = "$approved" &&
	sample --rate 0.01 --seed 7 &&
	test "$(wc -l < out)" = 2
'

test_expect 'r15 stratified: every unit once when the rate allows' '
	test "$(q "SELECT count(*) FROM unit")" = 10 &&
	sample --rate 0.2 --seed 7 && units_in out > u &&
	test "$(wc -l < u)" = 10 &&
	sample --rate 0.1 --seed 7 && units_in out > u &&
	test "$(wc -l < u)" = 9 && test "$(($(wc -l < out) - 1))" = 9 &&
	sample --rate 1 --seed 9 &&
	q "SELECT p.unit_code, count(*) FROM record r JOIN person p
	    ON p.id = r.person_id WHERE r.year = 2023 AND
	    r.status = '\''approved'\'' GROUP BY 1 ORDER BY 2 DESC LIMIT 1" |
	    tr "|" " " > big && read -r big n < big &&
	k=$(grep -c ",$big," out) && K=$(($(wc -l < out) - 1)) &&
	awk -v k="$k" -v K="$K" -v n="$n" -v N="$approved" "BEGIN {
	    e = 1 + (K - 10) * (n - 1) / (N - 10)
	    exit !(k > e - 1 && k < e + 1) }"
'

test_expect 'r15 reproducible: same seed and data, same sample, whatever the plan' '
	sample --rate 2 --seed 20240301 && mv out first &&
	sample --rate 2 --seed 20240301 && cmp first out &&
	q "ANALYZE" && q "VACUUM" &&
	sample --rate 2 --seed 20240301 && cmp first out &&
	sample --rate 2 --seed 20240302 && ! cmp -s first out &&
	test "$(wc -l < out)" = "$(wc -l < first)"
'

test_expect 'r15 the scope: a city, an industry, a unit' '
	city=$(q "SELECT city_code FROM unit GROUP BY 1 ORDER BY count(*) DESC
	    LIMIT 1") &&
	sample --rate 1 --seed 3 --city "$city" && units_in out > u &&
	test "$(wc -l < u)" = "$(q "SELECT count(*) FROM unit
	    WHERE city_code = '\''$city'\''")" &&
	for c in $(cat u); do
		test "$(q "SELECT city_code FROM unit WHERE code = '\''$c'\''")" = "$city" || exit 1
	done &&
	ind=$(q "SELECT industry FROM unit ORDER BY code LIMIT 1") &&
	sample --rate 5 --seed 3 --industry "$ind" && units_in out > u &&
	for c in $(cat u); do
		test "$(q "SELECT industry FROM unit WHERE code = '\''$c'\''")" = "$ind" || exit 1
	done &&
	unit=$(q "SELECT code FROM unit ORDER BY code LIMIT 1") &&
	sample --rate 5 --seed 3 --unit "$unit" && units_in out > u &&
	test "$(cat u)" = "$unit" &&
	grep -q "^[0-9]*,[0-9]\{6\}\*\*\*\*\*\*\*\*[0-9]\{3\}[0-9X]," out
'

test_expect 'r15 sample: usage errors' '
	CEU_DB=$PWD/prov.db expect_exit 64 ceu-audit sample --year 2023 --rate 0 --seed 1 &&
	CEU_DB=$PWD/prov.db expect_exit 64 ceu-audit sample --year 2023 --rate 100.5 --seed 1 &&
	CEU_DB=$PWD/prov.db expect_exit 64 ceu-audit sample --year 2023 --rate 5% --seed 1 &&
	CEU_DB=$PWD/prov.db expect_exit 64 ceu-audit sample --year 2023 --rate 5 &&
	CEU_DB=$PWD/prov.db expect_exit 64 ceu-audit sample --year 2023 --seed 1 --rate 5 --seed x &&
	CEU_DB=$PWD/prov.db expect_exit 64 ceu-audit sample --rate 5 --seed 1 &&
	CEU_DB=$PWD/prov.db expect_exit 64 ceu-audit sample --year 2023 --rate 5 --seed 1 \
	    --city 450100 --industry 教育
'

# rec PERSON WHERE: the record id of a report_world person's record.
rec() {
	sqlite3 ceu.db "SELECT id FROM record WHERE person_id = $1 AND $2"
}

# compliant ID: the compliant column of ID's 2023 row.
compliant() {
	ceu-report compliance --year 2023 --show-id -f csv |
	    awk -F, -v id="$1" '$1 == id { print $9 }'
}

test_expect 'r15 revoke: the verdict changes at once' '
	report_world &&
	test "$(compliant "$ID1")" = yes &&
	r=$(rec 1 "subject = '\''professional'\''") &&
	run_cmd ceu-audit revoke --reason "证书系伪造" "$r" &&
	grep -q "1 revoked (R15)" err &&
	test "$(compliant "$ID1")" = no &&
	test "$(sqlite3 ceu.db "SELECT status FROM record WHERE id = $r")" = revoked &&
	test "$(sqlite3 ceu.db "SELECT decision || '\''|'\'' || reason FROM audit WHERE record_id = $r")" = "revoke|证书系伪造"
'

# report_world is written straight into the tables, without seals, so
# journal --verify names its rows; what ceu-audit wrote (the record it
# revoked, the audit row, the journal row) is sealed (R16).
test_expect 'r15 whatever the route: the exam credit of another unit'\''s person' '
	r=$(rec 7 "ref = '\''exam'\''") &&
	printf "record_id\n%s\n" "$r" |
	    ceu-audit revoke --reason "替考" - 2>err &&
	ceu-report compliance --year 2023 --show-id -f csv |
	    grep -q "^$ID7,周杰,$UNIT1,no," &&
	expect_exit 1 ceu-report journal --verify &&
	grep -q "^ceu-report: record [0-9]* was altered behind" err &&
	a=$(sqlite3 ceu.db "SELECT max(id) FROM audit") &&
	! grep -q "record $r was\|audit $a was\|journal" err
'

test_expect 'r15 only approved records; a reason is required' '
	r=$(rec 2 "status = '\''pending'\''") &&
	expect_exit 1 ceu-audit revoke --reason x "$r" &&
	grep -q "is pending, not approved: only an approved record is revoked (R15)" err &&
	expect_exit 64 ceu-audit revoke "$r" &&
	expect_exit 64 ceu-audit revoke --reason x &&
	expect_exit 64 ceu-audit revoke --unit "$UNIT1" --reason x "$r"
'

test_expect 'r15 history: approved by the unit, then revoked, both decisions kept' '
	r=$(rec 4 "status = '\''pending'\''") &&
	run_cmd ceu-audit approve --unit "$UNIT3" "$r" &&
	run_cmd ceu-audit revoke --reason "抽查不实" "$r" &&
	test "$(sqlite3 ceu.db "SELECT group_concat(decision) FROM
	    (SELECT decision FROM audit WHERE record_id = $r ORDER BY id)")" = approve,revoke &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM journal
	    WHERE entity = '\''record'\'' AND entity_id = '\''$r'\''")" = 2
'

test_done
