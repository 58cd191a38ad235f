# kill.sh - the kill harness (SPEC "Storage": a kill at any moment leaves
# the file as before or after the command, never between; R16), sourced
# by tests/cli/0590-ceu-kill.sh after lib.sh.
#
#	kill_base                       (the database every run starts from)
#	kill_case 'ceu-import -q undo 3 --reason r'
#
# kill_case runs the command to the end on a copy of the base, to learn
# what the database is after it and how long it takes; then starts it
# again on the base and sends it SIGKILL at a random moment of that time,
# drawn from $CEU_KILL_SEED (default 1) so that a failure is repeated by
# running again, until $CEU_KILLS kills (default 40) have hit it running
# (a run that ends first is checked too, and tried again, at most three
# times the kills).  After each run: PRAGMA integrity_check ok,
# ceu-report journal --verify ok, and the database is the base or what
# the whole run makes, nothing between.  Adding a command to the harness
# is one kill_case line.
#
# "What the database is" is its content less what the clock decides (the
# times in it, and the hashes, seals and signed head made of them): two
# runs of one command agree on that whatever second they run in.

kill_seed=${CEU_KILL_SEED:-1}

# kill_count: the kills that hit a running command so far (kill_case runs
# in a test'''s subshell: they are counted in the file kills, a line a run,
# "137" for a kill).
kill_count() {
	grep -c "^137 " kills 2>/dev/null || echo 0
}

# kill_now: ms since the epoch.
kill_now() {
	echo $(($(date +%s%N) / 1000000))
}

# kill_digest: the content of ceu.db as above, hashed.
kill_digest() {
	sqlite3 ceu.db < digest.sql |
	    sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/T/g' |
	    sha256sum | cut -d " " -f 1
}

# kill_base: ceu.db as it is now is the base of every case (with its key).
kill_base() {
	sqlite3 ceu.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null &&
	cp ceu.db base.db &&
	sqlite3 base.db "SELECT 'SELECT ' || group_concat('\"' || p.name ||
	    '\"', ', ') || ' FROM \"' || m.name || '\" ORDER BY rowid;'
	    FROM sqlite_schema AS m JOIN pragma_table_info(m.name) AS p
	    WHERE m.type = 'table' AND m.name <> 'meta' AND
	    m.name NOT LIKE 'sqlite_%' AND p.name NOT IN ('hash', 'seal')
	    GROUP BY m.name ORDER BY m.name" > digest.sql
}

# kill_reset: ceu.db is the base again.
kill_reset() {
	rm -f ceu.db-wal ceu.db-shm && cp base.db ceu.db
}

# kill_check WHAT: the file is whole, the journal and seals verify, and
# the content is the base's or the whole run's; WHAT names the run.
kill_check() {
	if [ "$(sqlite3 ceu.db "PRAGMA integrity_check")" != ok ]; then
		echo "# $1: integrity_check failed"
		return 1
	fi
	if ! ceu-report -q journal --verify 2>verify.err; then
		echo "# $1: journal --verify failed:"
		sed 's/^/#   /' verify.err
		return 1
	fi
	d=$(kill_digest)
	if [ "$d" != "$before" ] && [ "$d" != "$after" ]; then
		echo "# $1: the database is neither as before nor as after"
		return 1
	fi
}

# kill_delays N MS: N moments in the first 90% of MS ms, as seconds,
# from the seed.
kill_delays() {
	awk -v n="$1" -v ms="$2" -v seed="$kill_seed" 'BEGIN {
		srand(seed)
		for (i = 0; i < n; i++)
			printf "%.3f\n", rand() * 0.9 * ms / 1000
	}'
}

# kill_whole CMD: run CMD to the end on the base, three times (the first
# on a cold cache is the slowest); ms is the quickest run.
kill_whole() {
	ms=
	for i in 1 2 3; do
		kill_reset
		t0=$(kill_now)
		if ! (eval "$1") >/dev/null 2>case.err; then
			echo "# the whole run of '$1' failed:"
			sed 's/^/#   /' case.err
			return 1
		fi
		t=$(($(kill_now) - t0))
		if [ -z "$ms" ] || [ "$t" -lt "$ms" ]; then ms=$t; fi
	done
}

# kill_case CMD: the runs above for the command line CMD.
kill_case() {
	kill_reset
	before=$(kill_digest)
	kill_whole "$1" || return 1
	after=$(kill_digest)
	if [ "$before" = "$after" ]; then
		echo "# '$1' changes nothing: no kill can be told from none"
		return 1
	fi
	echo "# '$1': a whole run takes $ms ms; seed $kill_seed"
	n=0
	hit=0
	want=${CEU_KILLS:-40}
	for d in $(kill_delays "$((3 * want))" "$ms"); do
		[ "$hit" -lt "$want" ] || break
		n=$((n + 1))
		kill_reset
		(eval "exec $1") >/dev/null 2>&1 &
		pid=$!
		sleep "$d"
		kill -9 "$pid" 2>/dev/null
		wait "$pid"
		status=$?
		echo "$status $d $ms" >> kills
		[ "$status" = 137 ] && hit=$((hit + 1))
		kill_check "run $n, killed after $d s (exit $status)" || return 1
	done
	if [ "$hit" -lt "$want" ]; then
		echo "# '$1': $hit kills of $want in $n runs"
		return 1
	fi
	kill_seed=$((kill_seed + 1))
}
