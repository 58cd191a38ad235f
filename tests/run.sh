#!/bin/sh
# run.sh UNITDIR BINDIR [PATTERN] - run every unit test binary in UNITDIR
# and every end-to-end script in tests/cli against the binaries in BINDIR,
# and close with one line "N passed, N failed".  Exit 1 when anything
# failed.  With PATTERN (a glob, as 059[05]-*), only the scripts it names.
#
# Unit binaries are cmocka programs (one test group each); cli scripts
# print TAP ("ok N - title" / "not ok N - title").  Each cli script gets a
# fresh temporary folder in $TMPDIR and CEU_BIN.
unitdir=$1
bindir=$2
only=$3
[ -n "$unitdir" ] && [ -n "$bindir" ] || { echo "usage: run.sh UNITDIR BINDIR" >&2; exit 64; }
top=$(cd "$(dirname "$0")/.." && pwd)
case $bindir in /*) ;; *) bindir=$top/$bindir ;; esac
case $unitdir in /*) ;; *) unitdir=$top/$unitdir ;; esac
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT INT TERM
passed=0
failed=0
failures=

for t in "$unitdir"/test_*; do
	[ -x "$t" ] && [ -z "$only" ] || continue
	name=${t##*/}
	if CMOCKA_MESSAGE_OUTPUT=stdout "$t" >"$log/out" 2>&1; then
		ok=1
	else
		ok=0
	fi
	n=$(grep -c '^\[       OK \]' "$log/out")
	f=$(grep -c '^\[  FAILED  \]' "$log/out")
	# The summary line repeats FAILED: count only the per-test lines.
	f=$(grep -c '^\[  FAILED  \] [a-z0-9_]' "$log/out")
	if [ "$ok" = 0 ] && [ "$f" = 0 ]; then f=1; fi
	passed=$((passed + n))
	failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		failures="$failures unit/$name"
		cat "$log/out"
	fi
	echo "unit $name: $n passed, $f failed"
done

for t in "$top"/tests/cli/${only:-[0-9]*}.sh; do
	[ -f "$t" ] || continue
	name=${t##*/}
	tmp=$(mktemp -d)
	(cd "$tmp" && CEU_BIN=$bindir CEU_TOP=$top TMPDIR=$tmp \
	    sh "$t") >"$log/out" 2>&1
	rc=$?
	rm -rf "$tmp"
	n=$(grep -c '^ok ' "$log/out")
	f=$(grep -c '^not ok ' "$log/out")
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
	passed=$((passed + n))
	failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		failures="$failures cli/$name"
		cat "$log/out"
	fi
	echo "cli $name: $n passed, $f failed"
done

[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
