#!/bin/sh
# A certificate is valid while its basis stands (R12, R15): a record it
# relied on revoked by a spot check (ceu-audit revoke) or by the undo of
# its import batch (ceu-import undo) revokes it at once, with the reason,
# journaled; verify then says revoked (exit 1) and the summary stops
# counting it; a record it did not rely on changes nothing; a corrected
# roster supersedes the undone one, and a new certificate is issued on
# the new basis.
. "$CEU_TOP/tests/cli/lib.sh"
. "$CEU_TOP/tests/cli/golden/cert-world.sh"

# Records of cert_world: the exam credits of ID1 are 1 and 2, its roster
# record 9, its own registrations 10 (elective) and 11 (professional).

# code SERIAL: its verify code.
code() {
	sqlite3 ceu.db "SELECT verify_code FROM certificate
	    WHERE serial = '$1'"
}

# summary_certs UNIT: the certificates the summary counts for UNIT.
summary_certs() {
	ceu-report summary --year 2023 --by unit -f csv |
	    awk -F, -v u="$1" '$1 == u { print $NF }'
}

test_expect 'r15 r12 a basis record revoked: the certificate falls at once' '
	cert_world &&
	ceu-cert issue -q --kind completion --year 2023 --id $ID1 >/dev/null &&
	ceu-cert issue -q --kind public --year 2023 --all >/dev/null 2>&1 &&
	test "$(summary_certs $UNIT1)" = 3 &&
	run_cmd ceu-audit revoke --reason "spot check: no attendance" 11 &&
	expect_exit 1 ceu-cert verify "$(code GX2023C0000001)" -f csv &&
	grep -q "^revoked,GX2023C0000001,.*,20[0-9-]*T[0-9:]*Z,record 11 revoked: spot check: no attendance$" out &&
	grep -q "was revoked at .*: record 11 revoked" err &&
	run_cmd ceu-cert verify "$(code GX2023P0000002)" &&
	test "$(summary_certs $UNIT1)" = 2 &&
	test "$(sqlite3 ceu.db "SELECT reason FROM journal WHERE
	    action = '\''revoke'\'' AND entity = '\''certificate'\''
	    AND entity_id = '\''GX2023C0000001'\''")" = \
	    "record 11 revoked: spot check: no attendance"
'

test_expect 'r12 a record the certificate did not rely on changes nothing' '
	cert_world &&
	ceu-cert issue -q --kind completion --year 2023 --id $ID1 >/dev/null &&
	reg "$ID1" professional 8 院内讲座 07-01 &&
	ceu-audit approve -q --unit $UNIT1 19 &&
	ceu-audit revoke -q --reason "duplicate" 19 &&
	run_cmd ceu-cert verify "$(code GX2023C0000001)" -f csv &&
	grep -q "^valid," out
'

test_expect 'r12 undo of the batch it relied on revokes it; summary stops counting' '
	cert_world &&
	ceu-cert issue -q --kind completion --year 2023 --id $ID1 >/dev/null &&
	test "$(summary_certs $UNIT1)" = 1 &&
	batch=$(ceu-import batches -f csv | awk -F, "\$2 == \"roster\" { print \$1 }") &&
	run_cmd ceu-import undo "$batch" --reason "loaded into the wrong filing" &&
	expect_exit 1 ceu-cert verify "$(code GX2023C0000001)" -f csv &&
	grep -q "^revoked,.*,record 9 revoked: loaded into the wrong filing$" out &&
	test "$(summary_certs $UNIT1)" = 0 &&
	expect_exit 1 ceu-cert issue --kind completion --year 2023 --id $ID1 &&
	grep -q "total 66 < 90" err
'

test_expect 'r12 a corrected roster supersedes it: a new certificate on the new basis' '
	printf "%s\n" "filing_no,id_no,name,hours" "GX2023-00017,$ID1,张伟,24" \
	    "GX2023-00017,$ID2,李娜,24" >fixed.csv &&
	ceu-import -q roster fixed.csv &&
	run_cmd ceu-cert issue --kind completion --year 2023 --unit $UNIT1 -f csv &&
	grep -q "2 issued, 0 held already" err &&
	grep -q "^GX2023C0000002,.*,张伟,2023,completion,30,60,90," out &&
	grep -q "^GX2023C0000003,.*,李娜,2023,completion,30,83.9,113.9," out &&
	test "$(sqlite3 ceu.db "SELECT basis FROM certificate WHERE id = 2")" = "[1,2,10,11,19]" &&
	expect_exit 1 ceu-cert verify "$(code GX2023C0000001)" &&
	test "$(summary_certs $UNIT1)" = 2
'

test_done
