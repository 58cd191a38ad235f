# lib.sh - the end-to-end test helpers, sourced by every tests/cli script.
#
#	. "$CEU_TOP/tests/cli/lib.sh"
#	test_expect 'r9 cross-year registration refused' '
#		expect_exit 1 ceu-register add ... &&
#		grep -q R9 err
#	'
#	test_done
#
# Each script runs in a fresh temporary folder (the current directory) with
# the binaries of $CEU_BIN first on PATH, CEU_DB=./ceu.db, and fixed
# CEU_TODAY and CEU_ACTOR, so that no test depends on the machine's clock.
# Steps are chained with &&; stdout of the last command goes to ./out and
# stderr to ./err when run through run_cmd or expect_exit.

: "${CEU_BIN:?CEU_BIN must name the folder of the binaries}"
: "${CEU_TOP:?CEU_TOP must name the source tree}"
PATH=$CEU_BIN:$PATH
export PATH
CEU_DB=$PWD/ceu.db
CEU_TODAY=2023-06-15
CEU_ACTOR=tester
LC_ALL=C.UTF-8
export CEU_DB CEU_TODAY CEU_ACTOR LC_ALL
unset LANGUAGE		# messages in English unless a test asks
unset CEU_FORMAT
test_count=0
test_failed=0

# test_expect TITLE SCRIPT: run SCRIPT in a subshell; ok if it exits 0.
test_expect() {
	test_count=$((test_count + 1))
	if (eval "$2") >test.log 2>&1; then
		echo "ok $test_count - $1"
	else
		echo "not ok $test_count - $1"
		sed 's/^/#   /' test.log
		[ -f out ] && { echo "#   --- out:"; sed 's/^/#   /' out; }
		[ -f err ] && { echo "#   --- err:"; sed 's/^/#   /' err; }
		test_failed=$((test_failed + 1))
	fi
	rm -f out err
}

# run_cmd CMD...: run, stdout to out, stderr to err; status is CMD's.
run_cmd() {
	"$@" >out 2>err
}

# expect_exit CODE CMD...: run CMD and require exit status CODE.
expect_exit() {
	want=$1
	shift
	"$@" >out 2>err
	got=$?
	if [ "$got" != "$want" ]; then
		echo "expected exit $want, got $got: $*"
		return 1
	fi
}

# test_cmp EXPECT ACTUAL: files equal, or show the difference.
test_cmp() {
	diff -u "$1" "$2"
}

# fresh_db: a new database in ./ceu.db.
fresh_db() {
	rm -f ceu.db ceu.db-wal ceu.db-shm
	ceu init -q
}

# Fixtures: valid identifiers (check characters computed, GB 11643 and
# GB 32100).  ID2 ends in X.
UNIT1=91450100MA5K0001X6	# Nanning 450100
UNIT2=12450200MB1234567F	# Liuzhou 450200
UNIT3=91450300MA5N0002BH	# Guilin 450300
ID1=450102199001011231
ID2=45020319851230456X
ID3=450305197811117899
ID4=450103199505050011
ID5=450405200002290026

# small_world: a fresh database with three units and five people
# (ID1, ID2 at UNIT1; ID3 at UNIT2; ID4, ID5 at UNIT3), loaded by
# ceu-import (batches 1 and 2, journal rows 2 and 3), so that every row is
# sealed as ceu writes it (R16).
small_world() {
	fresh_db &&
	cat >world-units.csv <<-CSV &&
	unit_code,name,city_code,industry
	$UNIT1,南宁市第一人民医院,450100,卫生健康
	$UNIT2,柳州市第二中学,450200,教育
	$UNIT3,桂林建工集团有限公司,450300,住房城乡建设
	CSV
	cat >world-persons.csv <<-CSV &&
	id_no,name,unit_code
	$ID1,张伟,$UNIT1
	$ID2,李娜,$UNIT1
	$ID3,王芳,$UNIT2
	$ID4,刘洋,$UNIT3
	$ID5,陈静,$UNIT3
	CSV
	ceu-import -q units world-units.csv &&
	ceu-import -q persons world-persons.csv &&
	rm world-units.csv world-persons.csv
}

# journal_rehash FROM: the journal's chain of ceu.db hashed again from row
# FROM on, as any short script can: BLAKE2b-256 (b2sum -l 256) over the
# previous row's hash and the row's fields, each "S<bytes>:<text>" or "N"
# for NULL (lib/journal.c).  Only the seals and the signed head need the
# key.
journal_field() {
	printf 'S%d:%s' "$(printf '%s' "$1" | wc -c)" "$1"
}
journal_rehash() {
	jr_prev=$(sqlite3 ceu.db "SELECT coalesce((SELECT hash FROM journal
	    WHERE id = $1 - 1), '')")
	for jr_id in $(sqlite3 ceu.db "SELECT id FROM journal WHERE id >= $1
	    ORDER BY id"); do
		jr_hash=$({
			journal_field "$jr_prev"
			for c in id at actor action entity entity_id before after \
			    reason; do
				if [ "$(sqlite3 ceu.db "SELECT $c IS NULL FROM journal WHERE id = $jr_id")" = 1 ]; then
					printf N
				else
					journal_field "$(sqlite3 ceu.db "SELECT $c FROM journal WHERE id = $jr_id")"
				fi
			done
		} | b2sum -l 256 | cut -d " " -f 1)
		sqlite3 ceu.db "UPDATE journal SET hash = '$jr_hash' WHERE id = $jr_id"
		jr_prev=$jr_hash
	done
}

# add_sources NAME...: register integrated systems (R10) straight into the
# table, as `ceu-import sources` would, without a batch of their own, and
# without the seal ceu would make (R16): a test that verifies registers
# its sources with ceu-import.
add_sources() {
	for s in "$@"; do
		sqlite3 ceu.db "INSERT INTO source(source, name, created_at, updated_at) VALUES ('$s', '$s', 'x', 'x')" || return 1
	done
}

# man_examples MAN DIR: each literal block of MAN's EXAMPLES as a script
# DIR/1.sh, DIR/2.sh, ...: in a block with "$ " prompts the commands and
# their continuation lines (after "\e" or "|"), the output left out;
# in one without, every line.  "\e" becomes the backslash it prints.
man_examples() {
	mkdir -p "$2" &&
	awk -v dir="$2" '
	function flush(   i, l, cont) {
		f = dir "/" ++nb ".sh"
		cont = 0
		for (i = 1; i <= n; i++) {
			l = lines[i]
			if (prompt && l ~ /^\$ /)
				l = substr(l, 3)
			else if (prompt && !(cont && l ~ /^    /))
				continue
			gsub(/\\e/, "\\", l)
			print l > f
			cont = l ~ /(\\|[|])$/
		}
		close(f)
	}
	/^\.Sh EXAMPLES/ { on = 1; next }
	on && /^\.Sh / { exit }
	on && /^\.Bd -literal/ { blk = 1; n = 0; prompt = 0; next }
	on && blk && /^\.Ed/ { flush(); blk = 0; next }
	blk { lines[++n] = $0; if ($0 ~ /^\$ /) prompt = 1 }
	' "$CEU_TOP/man/$1"
}

test_done() {
	echo "1..$test_count"
	[ "$test_failed" = 0 ]
}
