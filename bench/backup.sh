#!/bin/sh
# backup.sh - ceu backup against the sqlite3 shell's .backup of the same
# file, side by side: on a quiet file, and while another process imports
# hours into it.
#
#	BENCH_PERSONS=200000 sh bench/backup.sh	(make bench runs it)
#
# Builds a province of BENCH_PERSONS people (default 200000, about 4.4 M
# records) with ceu-gen and ceu-import, then times with /usr/bin/time:
#   1. quiet: `sqlite3 FILE ".backup s.db"` and `ceu backup c.db`, in turn,
#      BENCH_RUNS times each (default 3), medians;
#   2. the same pair while `ceu-import hours --source bench-TIME` adds the
#      same hours again (about 4 M records, one transaction) to the file;
#      afterwards the copy ceu made is counted: it must hold all of that
#      import or none of it;
# and where ceu's time goes: the copy, and its check (integrity_check,
# journal verify and checksum), as `ceu backup -v` says.
# Prints the times, peak RSS and the ratios ceu / sqlite3 (goal <= 1.5).
# Figures are printed, never asserted.  BENCH_KEEP=DIR keeps the
# database in DIR and reuses it (it grows by one import a run).  Needs
# /usr/bin/time and awk.
set -eu
bench=$(cd "$(dirname "$0")" && pwd)
. "$bench/common/measure.sh"
. "$bench/common/province.sh"
: "${CEU_BIN:?CEU_BIN must name the folder of the binaries}"
persons=${BENCH_PERSONS:-200000}
runs=${BENCH_RUNS:-3}
PATH=$CEU_BIN:$PATH
export PATH
if [ ! -x /usr/bin/time ]; then
	echo "backup.sh: needs /usr/bin/time (make deps installs it)" >&2
	exit 1
fi
if [ -n "${BENCH_KEEP:-}" ]; then
	work=$BENCH_KEEP
	mkdir -p "$work"
	trap 'rm -rf "$work"/s.db "$work"/c.db* "$work"/gen' EXIT INT TERM
else
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT INT TERM
fi
cd "$work"
# The 2023 province, loaded in January 2024: every activity has taken
# place (R9) and arrives before the audit deadline (R11).
CEU_DB=$work/ceu.db CEU_TODAY=2024-01-15 CEU_ACTOR=bench
LC_ALL=C.UTF-8		# ceu backup -v is read in English
export CEU_DB CEU_TODAY CEU_ACTOR LC_ALL
unset LANGUAGE

if [ ! -s ceu.db ]; then
	province "$work"
elif [ ! -e gen ]; then
	ceu-gen --persons "$persons" --seed 7 --year 2023 --out gen
fi
records=$(sqlite3 ceu.db "SELECT count(*) FROM record")
echo "province: $persons persons, $records records," \
    "$(du -m ceu.db | cut -f1) MB"

# ceu backup -v, timed; its own account of the copy and the check goes to
# t_copy and t_check.
ceu_backup() {
	timed "$1" sh -c 'ceu backup -v --no-key c.db 2>phases >/dev/null'
	sed -n 's/.*copied in \([0-9.]*\) s, checked in \([0-9.]*\) s/\1 \2/p' \
	    phases > phase
	awk '{ print $1 }' phase >> t_copy
	awk '{ print $2 }' phase >> t_check
}

# 1. quiet
: > t_sqlite
: > t_ceu
: > t_copy
: > t_check
i=0
while [ "$i" -lt "$runs" ]; do
	rm -f s.db c.db*
	timed "sqlite3 .backup (quiet)" sqlite3 ceu.db ".backup s.db"
	echo "$secs" >> t_sqlite
	ceu_backup "ceu backup (quiet)"
	echo "$secs" >> t_ceu
	i=$((i + 1))
done
qs=$(median < t_sqlite)
qc=$(median < t_ceu)
copy=$(median < t_copy)
check=$(median < t_check)

# 2. under an import of the same hours from another source (a new one each
# run, so that a kept database takes them again)
source=bench-$(date +%s)
printf 'source,name\n%s,bench\n' "$source" > sources.csv
ceu-import -q sources sources.csv
rm -f s.db c.db*
ceu-import -q hours --source "$source" gen/hours.csv &
pid=$!
sleep 3
timed "sqlite3 .backup (during the import)" sqlite3 ceu.db ".backup s.db"
ls=$secs
kill -0 "$pid" 2>/dev/null && a="running" || a="done"
ceu_backup "ceu backup (during the import)"
lc=$secs
lphase=$(cat phase)
kill -0 "$pid" 2>/dev/null && b="running" || b="done"
wait "$pid"
added=$(sqlite3 ceu.db "SELECT count(*) FROM record WHERE source_name = '$source'")
held=$(sqlite3 c.db "SELECT count(*) FROM record WHERE source_name = '$source'")
case $held in
0) whole="none of it" ;;
"$added") whole="all of it" ;;
*) whole="PART OF IT: $held of $added" ;;
esac

echo "import still running after sqlite3 .backup: $a, after ceu backup: $b"
echo "the copy ceu made during the import holds $whole ($added records)"
echo "quiet, median of $runs: sqlite3 .backup $qs s; ceu backup $qc s:" \
    "the copy $copy s, its check $check s"
echo "under the import: ceu backup's copy and check (s): $lphase"
echo "ratio ceu backup / sqlite3 .backup, quiet:            $(ratio "$qc" "$qs")   (goal <= 1.5)"
echo "ratio ceu backup / sqlite3 .backup, under an import:  $(ratio "$lc" "$ls")   (goal <= 1.5)"
echo "ratio ceu's copy alone / sqlite3 .backup, quiet:      $(ratio "$copy" "$qs")"
