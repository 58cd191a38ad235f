#!/bin/sh
# The certificate examples run: those of ceu-cert(1), the year's end of
# ceu(7) and of the README; ceu help and the README name ceu-cert as a
# program that is there.  A verify code in an example is one of the
# examples' database's own in the run (codes come from its key).
. "$CEU_TOP/tests/cli/lib.sh"
. "$CEU_TOP/tests/cli/golden/cert-world.sh"

# examples FILE FROM TO: the commands between a line holding FROM and the
# next line starting with TO, "\e" continuations and pipelines joined; a
# man page's "$ " commands, or the README's indented ones.
examples() {
	awk -v from="$2" -v to="$3" '
	index($0, from) { on = 1; next }
	on && index($0, to) == 1 { exit }
	on && /^\$ / { cmd = substr($0, 3) }
	on && /^    / { cmd = cmd " " substr($0, 5) }
	on && (/^\$ / || /^    /) {
		if (cmd ~ /\\e$/) { sub(/\\e$/, "", cmd); next }
		if (cmd ~ /\|$/) next
		print cmd; cmd = ""
	}' "$1"
}

# run_all FILE CODE: each command of FILE, the code CODE of the examples
# replaced by the first certificate's of the database.
run_all() {
	while read -r c; do
		real=$(sqlite3 ceu.db "SELECT verify_code FROM certificate
		    ORDER BY id LIMIT 1")
		c=$(echo "$c" | sed "s/$2/$real/")
		sh -c "$c" >/dev/null 2>&1 || { echo "failed: $c"; exit 1; }
	done <"$1"
}

test_expect 'r12 the examples of ceu-cert(1) run' '
	cert_world &&
	examples "$CEU_TOP/man/ceu-cert.1" ".Sh EXAMPLES" ".Sh" >cmds &&
	test "$(wc -l <cmds)" = 9 &&
	run_all cmds b7y6-sncf-01m0-k0wf &&
	test -f certs-2023/GX2023C0000001.pdf &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM certificate")" = 2 &&
	pdfinfo unit-2023.pdf | grep -q "^Pages: *2$" &&
	test -s gx.pub
'

test_expect 'r12 the year'\''s end of ceu(7) runs' '
	cert_world &&
	examples "$CEU_TOP/man/ceu.7" "The year'\''s end" ".Ed" >cmds7 &&
	test "$(wc -l <cmds7)" = 2 &&
	run_all cmds7 no-code-in-these &&
	pdfinfo unit-2023.pdf | grep -q "^Pages: *1$" &&
	test "$(sqlite3 ceu.db "SELECT issued_on FROM certificate")" = 2024-02-01
'

test_expect 'r12 the README'\''s certificates run; ceu help names ceu-cert' '
	cert_world &&
	grep "^    ceu-cert " "$CEU_TOP/README.md" | sed "s/^    //" >cmdsr &&
	test "$(wc -l <cmdsr)" = 4 &&
	run_all cmdsr 3ZEN-919Y-P86S-8MDP &&
	test -s unit.pdf && test -s gx.pub &&
	! grep -qi "coming.*ceu-cert" "$CEU_TOP/README.md" &&
	run_cmd ceu help && grep -q "^ *cert)$" out && ! grep -q coming out
'

test_done
