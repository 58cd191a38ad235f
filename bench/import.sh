#!/bin/sh
# import.sh - ceu-import hours against the sqlite3 shell's raw .import.
#
# Generates a province of BENCH_PERSONS people (default 200000) with about
# 20 hours rows each, loads units, persons and filings, then times in the
# same run: `sqlite3 plain.db ".import --csv hours.csv t"` (no checks at
# all), `ceu-import hours` of the same file, and the same import again
# (every row unchanged).  Prints both times, the ratio and the peak RSS.
# Goals: ratio <= 2, RSS < 64 MB, second run no slower than the first.
set -eu
: "${CEU_BIN:?}" "${CEU_TOP:?}"
PATH=$CEU_BIN:$PATH
persons=${BENCH_PERSONS:-200000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work"
CEU_DB=$work/ceu.db CEU_TODAY=2023-12-20 CEU_ACTOR=bench
export CEU_DB CEU_TODAY CEU_ACTOR

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l | sed 's/^\./0./;s/\(\.[0-9][0-9]\).*/\1/'; }

# timed LABEL CMD...: run CMD, print the wall time and peak RSS.
timed() {
	label=$1
	shift
	t0=$(now)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o rss "$@"
		rss="$(($(cat rss) / 1024)) MB"
	else
		"$@"
		rss="? (install package 'time')"
	fi
	t1=$(now)
	secs=$(elapsed "$t0" "$t1")
	printf '%-34s %8s s   peak RSS %s\n' "$label" "$secs" "$rss"
}

ceu-gen --persons "$persons" --hours-per-person 20 --seed 7 --year 2023 \
    --out gen
rows=$(($(wc -l < gen/hours.csv) - 1))
echo "province: $persons persons, $rows hours rows, $(du -h gen/hours.csv | cut -f1) hours.csv"
ceu init -q
for k in units persons filings; do
	ceu-import -q "$k" gen/$k.csv
done

timed "sqlite3 .import --csv (raw)" sqlite3 plain.db ".import --csv gen/hours.csv t"
raw=$secs
timed "ceu-import hours (first run)" ceu-import -q hours --source bench gen/hours.csv
first=$secs
timed "ceu-import hours (all unchanged)" ceu-import -q hours --source bench gen/hours.csv
second=$secs
echo "ratio ceu-import / raw .import: $(echo "$first / $raw" | bc -l | cut -c1-4)"
echo "second run / first run:        $(echo "$second / $first" | bc -l | cut -c1-4)"
