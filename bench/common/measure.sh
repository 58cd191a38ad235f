# measure.sh - sourced by the benchmarks: a command timed, and the
# arithmetic of their figures.  Needs /usr/bin/time (Debian package time)
# and awk.
#
#	. "$CEU_TOP/bench/common/measure.sh"

# clocked CMD...: run CMD under /usr/bin/time, its output thrown away and
# its errors shown if it fails (the benchmark then stops): its wall, user
# and system seconds in $secs, $user and $sys, its peak RSS in $rss (MB, to
# one decimal) and $rss_kb.
clocked() {
	/usr/bin/time -f '%e %U %S %M' -o clocked.out "$@" >/dev/null \
	    2>clocked.err || { cat clocked.err >&2; exit 1; }
	read -r secs user sys rss_kb < clocked.out
	rss=$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
}

# timed LABEL CMD...: clocked CMD; print LABEL, its time and peak RSS.
timed() {
	label=$1
	shift
	clocked "$@"
	printf '%-44s %8s s   peak RSS %7s MB\n' "$label" "$secs" "$rss"
}

# ratio A B: A / B to two decimals.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf("%.2f", (b > 0) ? a / b : 0) }'
}

# median of the numbers on stdin
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
