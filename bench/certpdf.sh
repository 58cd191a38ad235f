#!/bin/sh
# certpdf.sh - certificates as PDF (issue "ceu-cert", speed): the writer of
# lib/certpdf.c alone (build/bench/certpdf), timed as a whole process with
# /usr/bin/time: N one-page files, each signed, with its verify code and QR
# text, then one merged file of 100 pages.  The baseline is the goal:
# 200 PDFs a second on one core and 40 KB a one-page PDF.  Run again with
# 4N files, the peak RSS says whether memory stays flat in N.
#
#	BENCH_PDFS=1000 sh bench/certpdf.sh	(make bench runs it)
#
# Figures are printed, never asserted.
set -eu
: "${CEU_TOP:?CEU_TOP must name the source tree}"
bin=$CEU_TOP/build/bench/certpdf
n=${BENCH_PDFS:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# run N: figures of one run in $work/fig and $work/time.
run() {
	rm -rf "$work/out"
	mkdir "$work/out"
	/usr/bin/time -f '%U %S %e %M' -o "$work/time" \
	    "$bin" -n "$1" -m 100 "$work/out" >"$work/fig"
}

run "$n"
set -- $(cat "$work/fig") $(cat "$work/time")
# pdfs N bytes B merged_pages M merged_bytes MB qr_chars Q user sys wall rss
echo "$2 $4 $6 $8 ${10} ${11} ${12} ${13} ${14}" | awk '{
	cpu = $6 + $7
	printf "certpdf: %d one-page PDFs and one of %d pages in %.2f s cpu, %.2f s wall\n", $1, $3, cpu, $8
	printf "  PDFs/s on one core (cpu): %.0f   goal 200: %.2fx\n", $1 / cpu, $1 / cpu / 200
	printf "  PDFs/s wall (synced, one transaction): %.0f   goal 200: %.2fx\n", $1 / $8, $1 / $8 / 200
	printf "  bytes a one-page PDF: %.0f (%.1f KB)   goal 40 KB: %.2fx\n", $2 / $1, $2 / $1 / 1024, $2 / $1 / 40960
	printf "  merged: %.1f KB a page\n", $4 / $3 / 1024
	printf "  QR text: %d characters\n", $5
	printf "  peak RSS: %.1f MiB at %d PDFs\n", $9 / 1024, $1
}'
run $((n * 4))
awk -v n=$((n * 4)) '{ printf "  peak RSS: %.1f MiB at %d PDFs\n", $4 / 1024, n }' "$work/time"
