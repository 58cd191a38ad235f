#!/bin/sh
# cert.sh - ceu-cert on a generated province (issue "ceu-cert", speed):
#   1. `ceu-cert issue --kind completion --all --pdf DIR`: every eligible
#      person's certificate issued, signed, journaled and written as a
#      PDF of its own, in one process and one transaction; PDFs a second
#      on one core (user + system time) and on the wall clock (one sync
#      for the lot), bytes a PDF, peak RSS.  Goals: >= 200 PDFs/s on one
#      core, <= 40 KB a PDF.
#   2. the same for a quarter of them (`--ids`), for peak RSS flat in the
#      number of certificates.
#   3. `ceu-cert print --unit --merged` of the largest unit.
#   4. `ceu-cert verify CODE` as a whole process against `ceu-report
#      transcript` of one person (goal: <= 2x), medians of BENCH_RUNS
#      rounds of 50 runs each.
#
#	BENCH_CERT_PERSONS=16000 sh bench/cert.sh	(make bench runs it)
#
# The province: ceu-gen --persons P (default 16000, of whom about 10,000
# complete 2023) loaded by ceu-import.  Times and peak RSS by
# /usr/bin/time.  Figures are printed, never asserted.  Needs
# /usr/bin/time, awk, pdfinfo.
set -eu
: "${CEU_BIN:?CEU_BIN must name the folder of the binaries}"
. "$(cd "$(dirname "$0")" && pwd)/common/measure.sh"
persons=${BENCH_CERT_PERSONS:-16000}
runs=${BENCH_RUNS:-5}
PATH=$CEU_BIN:$PATH
export PATH
if [ ! -x /usr/bin/time ]; then
	echo "cert.sh: needs /usr/bin/time (make deps installs it)" >&2
	exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work"
CEU_TODAY=2024-02-01 CEU_ACTOR=bench CEU_DB=$work/province.db
LC_ALL=C.UTF-8
export CEU_TODAY CEU_ACTOR CEU_DB LC_ALL
unset LANGUAGE

# The year as it arrives in January (rosters, exams and hours by the
# audit deadline), from the integrated system ceu-gen names if it names
# one.
ceu-gen --persons "$persons" --seed 11 --year 2023 --out gen >/dev/null
ceu init -q
src=hr
if [ -f gen/sources.csv ]; then
	ceu-import -q sources gen/sources.csv
	src=$(awk -F, 'NR == 2 { print $1 }' gen/sources.csv)
fi
for k in policy units persons filings roster exams; do
	CEU_TODAY=2024-01-15 ceu-import -q "$k" "gen/$k.csv"
done
CEU_TODAY=2024-01-15 ceu-import -q hours --source "$src" gen/hours.csv
rm -rf gen
sqlite3 province.db "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
ceu-report compliance --year 2023 --show-id -f csv |
    awk -F, 'NR == 1 || $9 == "yes"' >eligible.csv
n=$(($(wc -l < eligible.csv) - 1))
head -n $((n / 4 + 1)) eligible.csv >quarter.csv
echo "persons: $persons, complete in 2023: $n," \
    "records: $(sqlite3 province.db 'SELECT count(*) FROM record')"

# 1. Issue and print everyone's, one process.
sqlite3 province.db ".backup run.db"
clocked env CEU_DB="$work/run.db" ceu-cert issue -q --kind completion \
    --year 2023 --all --pdf pdf
issued=$(ls pdf | wc -l)
bytes=$(du -cb pdf/*.pdf | tail -n 1 | cut -f1)
cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
echo "-- issue --all --pdf: $issued certificates in one process"
awk -v n="$issued" -v c="$cpu" -v w="$secs" -v b="$bytes" -v r="$rss_kb" \
    'BEGIN {
	printf "  %.2f s cpu, %.2f s wall, peak RSS %.1f MB\n", c, w, r / 1024
	printf "  PDFs/s on one core (cpu): %.0f   goal 200: %.2fx\n", n / c, n / c / 200
	printf "  PDFs/s wall (one transaction, one sync): %.0f\n", n / w
	printf "  bytes a PDF: %.0f (%.1f KB)   goal 40 KB: %.2fx\n", b / n, b / n / 1024, b / n / 40960
}'
rss_all=$rss_kb

# 2. A quarter of them: peak RSS flat in the number of certificates.
sqlite3 province.db ".backup run.db"
rm -rf pdf
clocked env CEU_DB="$work/run.db" ceu-cert issue -q --kind completion \
    --year 2023 --ids quarter.csv --pdf pdf
echo "-- peak RSS: $rss MB" \
    "at $(ls pdf | wc -l) certificates, $(awk -v r="$rss_all" \
    'BEGIN { printf "%.1f", r / 1024 }') MB at $issued:" \
    "ratio $(ratio "$rss_all" "$rss_kb") (flat: 1)"
rm -rf pdf

# 3. The largest unit's certificates in one file.
sqlite3 province.db ".backup run.db"
env CEU_DB="$work/run.db" ceu-cert issue -q --kind completion --year 2023 \
    --all >/dev/null 2>&1
unit=$(sqlite3 run.db "SELECT p.unit_code FROM certificate c JOIN person p
    ON p.id = c.person_id GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
clocked env CEU_DB="$work/run.db" ceu-cert print -q --unit "$unit" \
    --year 2023 --merged unit.pdf
pages=$(pdfinfo unit.pdf | awk '/^Pages:/ { print $2 }')
awk -v n="$pages" -v u="$user" -v s="$sys" -v w="$secs" -v r="$rss_kb" \
    -v b="$(wc -c < unit.pdf)" 'BEGIN {
	printf "-- print --unit --merged: %d pages, %.2f s wall, %.0f pages/s cpu, %.1f KB a page, peak RSS %.1f MB\n", n, w, n / (u + s), b / n / 1024, r / 1024
}'

# 4. verify CODE against a transcript of one person, whole processes.
code=$(sqlite3 run.db "SELECT verify_code FROM certificate
    ORDER BY id LIMIT 1 OFFSET $((n / 2))")
id=$(sqlite3 run.db "SELECT p.id_no FROM certificate c JOIN person p
    ON p.id = c.person_id WHERE c.verify_code = '$code'")
repeat='n=$1; shift; while [ "$n" -gt 0 ]; do "$@" >/dev/null || exit 1;
    n=$((n - 1)); done'
: > t_verify
: > t_transcript
i=0
while [ $i -lt "$runs" ]; do
	clocked env CEU_DB="$work/run.db" sh -c "$repeat" repeat 50 \
	    ceu-cert verify "$code" -f csv
	echo "$secs" | awk '{ print $1 / 50 }' >> t_verify
	clocked env CEU_DB="$work/run.db" sh -c "$repeat" repeat 50 \
	    ceu-report transcript "$id" -f csv
	echo "$secs" | awk '{ print $1 / 50 }' >> t_transcript
	i=$((i + 1))
done
v=$(median < t_verify)
t=$(median < t_transcript)
echo "-- verify CODE: $v s a run, transcript of one person $t s" \
    "(medians of $runs rounds of 50): ratio $(ratio "$v" "$t") (goal <= 2)"
