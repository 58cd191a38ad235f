#!/bin/sh
# ceu-cert issue --pdf and print (R12): one A4 landscape page, the face
# embedded as a subset, the name, year and hours in its text, the QR code
# scanning back to the QR text; a file for one person, a folder of
# SERIAL.pdf for many, one merged file for a unit; every file 0600, and
# complete or not there at all.
. "$CEU_TOP/tests/cli/lib.sh"
. "$CEU_TOP/tests/cli/golden/cert-world.sh"

# files: what the folder holds, but the test's own files.
files() {
	ls -A | grep -vx -e out -e err -e before -e after
}

# no_stage DIR: nothing left of a transaction of files in DIR.
no_stage() {
	test -z "$(find "$1" -name ".ceu-pdf-*")"
}

test_expect 'r12 one person: one A4 landscape page, fonts embedded as subsets' '
	cert_world &&
	run_cmd ceu-cert issue --kind completion --year 2023 --id $ID1 \
	    --pdf c.pdf -f csv &&
	cp out issued.csv &&
	test "$(stat -c %a c.pdf)" = 600 &&
	test "$(stat -c %s c.pdf)" -le 40960 &&
	pdfinfo c.pdf >info &&
	grep -q "^Pages: *1$" info &&
	grep -q "^Page size: *841.89 x 595.28 pts (A4)" info &&
	pdffonts c.pdf | tail -n +3 >fonts &&
	test -s fonts &&
	! grep -v "^[A-Z]\{6\}+UMingCN .* yes yes " fonts &&
	no_stage .
'

test_expect 'r12 its text: title, name, masked ID, unit, year, hours, serial, code' '
	pdftotext c.pdf - >text &&
	code=$(awk -F, "NR == 2 { print \$2 }" issued.csv) &&
	grep -q "专业技术人员继续教育合格证书" text &&
	grep -q "张伟" text && grep -q "450102\*\*\*\*\*\*\*\*1231" text &&
	grep -q "南宁市第一人民医院" text && grep -q "2023" text &&
	grep -q "30 学时" text && grep -q "60 学时" text &&
	grep -q "90 学时" text && grep -q "GX2023C0000001" text &&
	grep -q "2023年12月20日" text && grep -q "ceu-cert verify $code" text
'

test_expect 'r12 the QR code decodes back to the QR text (zbarimg)' '
	pdftoppm -png -r 150 -singlefile c.pdf scan &&
	zbarimg -q --raw scan.png >qr.txt 2>/dev/null &&
	ceu-cert pubkey >key.pub &&
	ceu-cert verify --pubkey key.pub --qr - -f csv <qr.txt >v &&
	grep -q "^genuine,GX2023C0000001," v
'

test_expect 'r12 many: a folder of SERIAL.pdf, made when missing' '
	run_cmd ceu-cert issue --kind public --year 2023 --all --pdf out.d &&
	test "$(ls out.d | tr "\n" " ")" = "GX2023P0000002.pdf GX2023P0000003.pdf GX2023P0000004.pdf GX2023P0000005.pdf " &&
	test "$(stat -c %a out.d/GX2023P0000003.pdf)" = 600 &&
	pdftotext out.d/GX2023P0000003.pdf - | grep -q "公需科目考试合格证书" &&
	no_stage out.d
'

test_expect 'r12 print again: the same page; a unit in one merged file' '
	run_cmd ceu-cert print GX2023C0000001 GX2023P0000002 --out again &&
	pdftotext c.pdf a && pdftotext again/GX2023C0000001.pdf b &&
	test_cmp a b &&
	run_cmd ceu-cert print --unit $UNIT1 --year 2023 --merged unit.pdf &&
	grep -q "3 certificates written to .unit.pdf." err &&
	pdfinfo unit.pdf | grep -q "^Pages: *3$" &&
	test "$(stat -c %a unit.pdf)" = 600 &&
	run_cmd ceu-cert print --unit $UNIT1 --year 2023 --kind public \
	    --merged pub.pdf &&
	pdfinfo pub.pdf | grep -q "^Pages: *2$"
'

test_expect 'r12 complete or not at all: a refused print writes nothing' '
	files >before &&
	expect_exit 1 ceu-cert print GX2023P0000002 GX2023C9999999 --out again &&
	grep -q "no certificate GX2023C9999999" err &&
	expect_exit 1 ceu-cert print GX2023P0000002 GX2023C9999999 --out new.d &&
	expect_exit 1 ceu-cert print --unit $UNIT2 --year 2023 --merged u2.pdf &&
	grep -q "no valid certificate of unit $UNIT2 for 2023" err &&
	files >after && test_cmp before after &&
	no_stage . &&
	expect_exit 73 ceu-cert issue --kind public --year 2023 --all \
	    --pdf c.pdf &&
	expect_exit 73 ceu-cert issue --kind public --year 2023 --id $ID2 \
	    --pdf missing/c.pdf &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM certificate")" = 5
'

test_expect 'a PDF never onto the database, its side files or its key (64)' '
	cksum ceu.db* >before &&
	expect_exit 64 ceu-cert issue --kind public --year 2023 --id $ID2 \
	    --pdf ceu.db &&
	grep -q "pdf .ceu.db. is the same file as .*/ceu.db.; name another file" err &&
	expect_exit 64 ceu-cert issue --kind public --year 2023 --all \
	    --pdf ./ceu.db.key &&
	expect_exit 64 ceu-cert print GX2023P0000002 --merged ceu.db-wal &&
	expect_exit 64 ceu-cert print --unit $UNIT1 --year 2023 --out ceu.db &&
	expect_exit 64 env CEU_KEY=$PWD/k.pem ceu-cert print GX2023P0000002 \
	    --merged k.pem &&
	test ! -e k.pem &&
	cksum ceu.db* >after && test_cmp before after &&
	test "$(sqlite3 ceu.db "PRAGMA integrity_check")" = ok
'

test_expect 'r12 a revoked certificate is not printed' '
	ceu-audit revoke -q --reason "spot check" 1 &&
	expect_exit 1 ceu-cert print GX2023C0000001 --out again &&
	grep -q "was revoked at .*record 1 revoked: spot check" err
'

test_done
