#!/bin/sh
# demo.sh - a year's workflow on a demo province, from an empty folder.
# Run by `make demo`; each step prints what it does.  Uses the binaries in
# bin/ of this tree and a database in a temporary folder.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$top/bin:$PATH
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work"
CEU_DB=$work/ceu.db
CEU_ACTOR=demo
CEU_TODAY=2023-03-01
export PATH CEU_DB CEU_ACTOR CEU_TODAY

step() {
	printf '\n== %s\n' "$*"
}

step "create the database"
ceu init

step "the policy in force for 2023 (RULES: policy defaults)"
ceu policy --year 2023 -f table

step "a demo province from ceu-gen, loaded by ceu-import (one batch a file)"
ceu-gen --persons 300 --seed 2023 --year 2023 --out province
for k in units persons filings; do
	ceu-import "$k" "province/$k.csv"
done
# The integrated system is registered once, by name (R10).
printf 'source,name\ngx-hr-system,广西继续教育管理系统\n' > sources.csv
ceu-import sources sources.csv
# Rosters, the online exam system's attempts and the system's hours of
# 2023 arrive in January, before the audit deadline (R6, R9, R11).
ceu-import roster --today 2024-01-10 province/roster.csv
ceu-import exams --today 2024-01-10 province/exams.csv
ceu-import hours --today 2024-01-10 --source gx-hr-system \
    province/hours.csv
ceu-import batches -f table

# One person at the counter (ceu-register, ceu-exam; R3, R5, R6, R8, R9,
# R10): the first person on the register who has not begun the 2023
# course, on 15 June 2023.
at=--today=2023-06-15
who=$(ceu-exam status --year 2023 --show-id -f csv $at |
    awk -F, 'NR > 1 && $4 == 0 { print $1; exit }')
if [ -z "$who" ]; then
	# No demo province loaded: a person of our own, in a unit of our own
	# if there is none.
	unit=$(sqlite3 "$CEU_DB" "SELECT code FROM unit ORDER BY code LIMIT 1")
	if [ -z "$unit" ]; then
		unit=91450100MA5K0001X6
		sqlite3 "$CEU_DB" "INSERT INTO unit(code, name, city_code, \
		    industry, batch, created_at, updated_at) VALUES ('$unit', \
		    '南宁市第一人民医院', '450100', '卫生健康', NULL, 'demo', 'demo')"
	fi
	who=450102199001011231
	ceu-register person --id $who --name 张伟 --unit "$unit" $at
fi

step "ceu-exam: a person studies the 2023 public required course (R3)"
ceu-exam study --id "$who" --year 2023 --date 2023-05-10 $at

step "ceu-exam: three attempts fail; a fourth is refused (R6)"
ceu-exam attempt --id "$who" --year 2023 --score 52 --date 2023-05-11 $at
ceu-exam attempt --id "$who" --year 2023 --score 58.5 --date 2023-05-12 $at
ceu-exam attempt --id "$who" --year 2023 --score 55 --date 2023-05-13 $at
if ceu-exam attempt --id "$who" --year 2023 --score 90 $at; then
	echo "demo: a fourth attempt was accepted" >&2
	exit 1
fi

step "ceu-exam: a make-up round, the study again, and a pass (R5, R6)"
ceu-exam makeup --id "$who" --year 2023 --reason "ill during the exam period" $at
ceu-exam study --id "$who" --year 2023 $at
ceu-exam attempt --id "$who" --year 2023 --score 86 $at
ceu-exam status --id "$who" --year 2023 -f table $at

step "ceu-register: professional hours, in English or Chinese categories (R8)"
ceu-register add --id "$who" --year 2023 --category 学术交流 --hours 12.5 \
    --title "全区医学学术年会（演示）" --date 2023-05-20 --end-date 2023-05-21 $at
ceu-register add --id "$who" --year 2023 --category self_study --hours 20 \
    --title "临床指南自学（演示）" --date 2023-04-03 $at

step "ceu-register: the same activity twice, and a cross-year date, refused (R10, R9)"
ceu-register add --id "$who" --year 2023 --category academic --hours 12.5 \
    --title "全区医学学术年会（演示）" --date 2023-05-20 $at || true
ceu-register add --id "$who" --year 2023 --category training --hours 8 \
    --title "跨年培训（演示）" --date 2022-12-30 $at || true

step "ceu-register: the person's records (the exam's 15 hours approved)"
ceu-register list --id "$who" --year 2023 -f table $at

# The unit audits what its people registered (ceu-audit; R11), a clerk's
# file out and back: the person's own hours end approved or rejected.
unit=$(ceu-register list --id "$who" --show-id -f csv $at |
    awk -F, 'NR == 2 { print $4 }')

step "ceu-audit: the unit's pending records, for the clerk (R11)"
ceu-audit pending --unit "$unit" --year 2023 -f table $at

step "ceu-audit: the conference approved, the self-study rejected, one file (R11)"
ceu-audit pending --unit "$unit" --year 2023 -f csv $at |
    awk -F, -v OFS=, 'NR > 1 && $9 ~ /学术年会/ { $18 = "approve" }
	NR > 1 && $9 ~ /自学/ { $18 = "reject"; $19 = "no study notes attached" }
	{ print }' |
    ceu-audit apply --unit "$unit" $at -
ceu-register list --id "$who" --year 2023 --status pending -f csv $at

step "ceu-audit: a spot check of 1% of 2023's approved hours (R15)"
ceu-audit sample --year 2023 --rate 1 --seed 20240301 -f csv \
    --today 2024-03-01 > sample.csv
sed -n 1,4p sample.csv
echo "... $(($(wc -l < sample.csv) - 1)) records drawn"

step "ceu-audit: one drawn record found false, revoked (R15)"
ceu-audit revoke --reason "spot check: no attendance on file" \
    --today 2024-03-01 "$(awk -F, 'NR == 2 { print $1 }' sample.csv)"

# The year-end reports: they read whatever the steps above put in the
# database, and are judged on the last days of the year.
step "year-end: compliance of 2023, the first rows (R2, R2a)"
ceu-report compliance --year 2023 --today 2023-12-20 -f csv | sed -n 1,6p

step "year-end: who is not compliant yet, with what is missing"
ceu-report compliance --year 2023 --noncompliant -f csv | sed -n 1,6p

step "year-end: summary by city"
ceu-report summary --year 2023 --by city -f table

step "year-end: title applications (R13), the first rows"
ceu-report title --year 2023 -f csv | sed -n 1,6p

step "year-end: annual assessment, excellent allowed? (R14)"
ceu-report assessment --year 2023 -f csv | sed -n 1,6p

step "year-end: what is due within 14 days of 20 Dec (for cron mail)"
ceu-report deadlines --today 2023-12-20 --within 14 -f csv | sed -n 1,8p

# The certificates (ceu-cert; R12), once the audit of 2023 is done.
at=--today=2024-02-01

step "year-end: completion certificates for everyone whose 2023 is complete (R12)"
ceu-cert issue --kind completion --year 2023 --all $at -f csv | sed -n 1,4p

step "year-end: a unit's certificates printed in one PDF, to print at once"
unit=$(ceu-cert list --year 2023 --status valid -f csv |
    awk -F, 'NR == 2 { print $12 }')
ceu-cert print --unit "$unit" --year 2023 --merged "$work/unit-2023.pdf" $at
pdfinfo "$work/unit-2023.pdf" | grep -E '^(Pages|Page size)'

step "a paper checked by its verify code, and offline by its QR code"
code=$(ceu-cert list --year 2023 --unit "$unit" -f csv |
    awk -F, 'NR == 2 { print $3 }')
ceu-cert verify "$code" -f table
ceu-cert pubkey > gx.pub
serial=$(ceu-cert list --year 2023 --unit "$unit" -f csv |
    awk -F, 'NR == 2 { print $2 }')
ceu-cert print "$serial" --out paper $at
pdftoppm -png -r 150 -singlefile "paper/$serial.pdf" scan
ceu-cert verify --pubkey gx.pub --qr "$(zbarimg -q --raw scan.png 2>/dev/null)" \
    -f csv

step "year-end: the journal is intact (R16)"
ceu-report journal --verify
