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
for k in units persons filings roster; do
	ceu-import "$k" "province/$k.csv"
done
# The online exam system delivers the year's attempts at its close.
ceu-import exams --today 2023-12-20 province/exams.csv
ceu-import hours --source gx-hr-system province/hours.csv
ceu-import batches -f table
