#!/bin/sh
# run.sh FUZZDIR SECONDS [keep] - run every libFuzzer target built in
# FUZZDIR (fuzz_NAME): first the crash reproducers kept in
# tests/fuzz/crashes/NAME-* (each must now pass), then SECONDS of fuzzing
# from the seeds in tests/fuzz/corpus/NAME.  With "keep" (make fuzz) new
# inputs are added to that corpus and a crash is kept in tests/fuzz/crashes;
# otherwise (make check) they go to a temporary folder.  Prints one line a
# target with its executions and corpus; exit 1 when a target failed.
dir=$1
seconds=$2
keep=$3
[ -n "$dir" ] && [ -n "$seconds" ] || { echo "usage: run.sh FUZZDIR SECONDS [keep]" >&2; exit 64; }
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0

for bin in "$dir"/fuzz_*; do
	[ -x "$bin" ] || continue
	name=${bin##*/fuzz_}
	seeds=$top/tests/fuzz/corpus/$name
	crashes=$top/tests/fuzz/crashes
	mkdir -p "$seeds" "$crashes"
	set -- "$crashes/$name"-*
	if [ -e "$1" ] && ! "$bin" -runs=1 "$@" >"$tmp/replay" 2>&1; then
		echo "fuzz $name: a kept crash reproducer still fails"
		tail -20 "$tmp/replay"
		status=1
		continue
	fi
	if [ "$keep" = keep ]; then
		corpus=$seeds
		artifacts=$crashes/$name-
		set --
	else
		corpus=$tmp/$name
		artifacts=$tmp/$name-
		mkdir -p "$corpus"
		set -- "$seeds"
	fi
	if ! "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
	    -print_final_stats=1 -artifact_prefix="$artifacts" \
	    "$corpus" "$@" >"$tmp/log" 2>&1; then
		echo "fuzz $name: FAILED"
		grep -v '^#[0-9]' "$tmp/log" | tail -40
		status=1
		continue
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/log")
	files=$(find "$corpus" "$@" -type f | wc -l)
	echo "fuzz $name: $runs executions in ${seconds}s, no crash; corpus $files inputs"
done
exit $status
