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

step "year-end: the journal is intact (R16)"
ceu-report journal --verify
