#!/bin/sh
# SPEC "Storage" and R16: SIGKILL at seeded random moments into the
# commands that write much at once (tests/cli/kill.sh): an import, its
# undo, a unit's audit decisions (R11) and the issue of certificates
# (R12).  After each kill the file is whole, the journal and every seal
# verify, and the command's work is all there or not at all.  CEU_KILLS
# kills per command (40 here; `make torture` asks for many more),
# CEU_KILL_SEED picks the moments.
. "$CEU_TOP/tests/cli/lib.sh"
. "$CEU_TOP/tests/cli/kill.sh"

CEU_TODAY=2023-12-20
export CEU_TODAY

# The base: a province of 150 people with their hours (3,000 records),
# and a second file of hours (1,500) to load.
fresh_db
ceu-gen --persons 150 --seed 9 --out prov >/dev/null
ceu-gen --persons 150 --seed 9 --hours-per-person 10 --shape system \
    --out more >/dev/null
for k in units persons filings roster; do
	ceu-import -q $k prov/$k.csv
done
printf "source,name\nsys,系统甲\nmore,系统乙\n" | ceu-import -q sources -
ceu-import -q --today 2024-01-15 exams prov/exams.csv
ceu-import -q --today 2024-01-15 hours --source sys prov/hours.csv
hours=$(sqlite3 ceu.db "SELECT id FROM batch WHERE kind = 'hours'")
# The largest unit's people register 15 activities each, pending its
# audit (R11); decisions.csv approves two in three and rejects the rest.
unit=$(sqlite3 ceu.db "SELECT unit_code FROM person GROUP BY unit_code
    ORDER BY count(*) DESC, unit_code LIMIT 1")
sqlite3 ceu.db "SELECT id_no FROM person WHERE unit_code = '$unit'" > uids
for k in $(seq 10 24); do
	ceu-register -q add --ids uids --year 2023 --category self_study \
	    --hours 1 --title "自学$k" --date "2023-04-$k" >/dev/null
done
ceu-audit pending --unit "$unit" --year 2023 | awk -F, -v OFS=, '
    NR > 1 { $18 = NR % 3 ? "approve" : "reject"; $19 = NR % 3 ? "" : "无证明" }
    { print }' > decisions.csv
kill_base

test_expect 'r16 ceu-import hours killed at random moments: all or nothing' '
	kill_case "ceu-import -q --today 2024-01-15 hours --source more more/hours.csv"
'

test_expect 'r16 ceu-import undo killed at random moments: all or nothing' '
	kill_case "ceu-import -q undo $hours --reason \"killed\""
'

test_expect 'r11 r16 ceu-audit apply killed at random moments: all or nothing' '
	test "$(($(wc -l < decisions.csv) - 1))" = "$((15 * $(wc -l < uids)))" &&
	kill_case "ceu-audit -q apply --unit $unit decisions.csv"
'

test_expect 'r12 r16 ceu-cert issue --all killed at random moments: all or nothing' '
	kill_case "ceu-cert -q issue --kind completion --year 2023 --all --today 2024-01-15"
'

test_expect "every kill counted: $((${CEU_KILLS:-40} * 4)) hit a running command" '
	echo "# $(kill_count) kills in $(wc -l < kills) runs" &&
	test "$(kill_count)" -ge "$((${CEU_KILLS:-40} * 4))"
'

test_done
