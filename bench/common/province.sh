# province.sh - sourced by the benchmarks that run on the generated
# province as it stands after its first year (backup.sh, report.sh,
# verify.sh, xlsx.sh): it is built once for all of them.
#
#	. "$CEU_TOP/bench/common/province.sh"
#	province DIR
#
# province DIR leaves in DIR the database ceu.db (mode 0600) and the
# generated files gen/*.csv of the 2023 province of BENCH_PERSONS people
# (default 200000: about 4.4 M records, 1.1 GB), loaded by ceu-import in
# January 2024, as a year's work arrives: every activity has taken place
# (R9) and arrives before the audit deadline (R11), the hours from the
# registered system ceu-gen names (R10).  Under `make bench`, bench/run.sh
# names a folder in BENCH_PROVINCE: the first benchmark builds the
# province there and the others copy its database (each may change its
# copy) and link its files, which they only read.
# Alone, a benchmark builds its own.  Needs ceu-gen, ceu and ceu-import
# on PATH.

# province_build DIR: generate and load into DIR.
province_build() {
	ceu-gen --persons "${BENCH_PERSONS:-200000}" --seed 7 --year 2023 \
	    --out "$1/gen" >/dev/null
	CEU_DB=$1/ceu.db ceu init -q
	for k in policy units persons filings sources roster exams; do
		CEU_DB=$1/ceu.db CEU_TODAY=2024-01-15 \
		    ceu-import -q "$k" "$1/gen/$k.csv"
	done
	CEU_DB=$1/ceu.db CEU_TODAY=2024-01-15 \
	    ceu-import -q hours --source hr-system "$1/gen/hours.csv"
	sqlite3 "$1/ceu.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
}

province() {
	if [ -z "${BENCH_PROVINCE:-}" ]; then
		province_build "$1"
		return
	fi
	if [ ! -s "$BENCH_PROVINCE/ceu.db" ]; then
		echo "building the province of ${BENCH_PERSONS:-200000}" \
		    "persons (once, for every benchmark that uses it)"
		province_build "$BENCH_PROVINCE"
	fi
	rm -rf "$1/gen"
	ln -s "$BENCH_PROVINCE/gen" "$1/gen"
	cp "$BENCH_PROVINCE/ceu.db" "$1/ceu.db"
	cp "$BENCH_PROVINCE/ceu.db.key" "$1/ceu.db.key" 2>/dev/null || :
	chmod 600 "$1/ceu.db"
}
