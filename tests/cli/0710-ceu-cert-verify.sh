#!/bin/sh
# ceu-cert verify (R12): by the verify code with the database (valid,
# unknown, mistyped; forgiving input as Crockford's), and offline by the
# QR text scanned from the PDF and the exported public key (genuine,
# forged, not a QR text at all).
. "$CEU_TOP/tests/cli/lib.sh"
. "$CEU_TOP/tests/cli/golden/cert-world.sh"

cert_world
ceu-cert issue -q --kind completion --year 2023 --id $ID1 --pdf c.pdf \
    -f csv >issued.csv
code=$(awk -F, 'NR == 2 { print $2 }' issued.csv)
ceu-cert pubkey >key.pub

# A code of another database's key: valid-looking, unknown here.
cp world.db other.db
other=$(CEU_DB=$PWD/other.db ceu-cert issue -q --kind completion \
    --year 2023 --id $ID1 -f csv | awk -F, 'NR == 2 { print $2 }')
CEU_DB=$PWD/other.db ceu-cert pubkey >other.pub 2>/dev/null

# change1 TEXT POS: TEXT with the character at POS changed.
change1() {
	echo "$1" | awk -v p="$2" '{ c = substr($0, p, 1)
	    print substr($0, 1, p - 1) (c == "7" ? "8" : "7") substr($0, p + 1) }'
}

test_expect 'r12 a valid code: every printed field, exit 0' '
	test -n "$code" && test -n "$other" && test "$code" != "$other" &&
	run_cmd ceu-cert verify "$code" -f csv &&
	test "$(sed -n 2p out)" = "valid,GX2023C0000001,$code,450102********1231,张伟,2023,completion,30,60,90,2023-12-20,$UNIT1,南宁市第一人民医院,," &&
	run_cmd ceu-cert verify "$code" -f csv --show-id &&
	grep -q ",$ID1,张伟," out
'

test_expect 'r12 forgiving input: lower case, O for 0, I and L for 1, blanks' '
	typed=$(echo "$code" | tr "A-Z01-" "a-zol " | sed "s/l/I/") &&
	run_cmd ceu-cert verify "  $typed " -f csv &&
	grep -q "^valid,GX2023C0000001," out
'

test_expect 'r12 one character changed: mistyped, exit 1' '
	expect_exit 1 ceu-cert verify "$(change1 "$code" 6)" -f csv &&
	grep -q "^mistyped,," out &&
	grep -q "is mistyped" err &&
	expect_exit 1 ceu-cert verify "$(change1 "$code" 19)" -f csv &&
	grep -q "^mistyped,," out
'

test_expect 'r12 a valid-looking code not of this database: unknown, exit 1' '
	expect_exit 1 ceu-cert verify "$other" -f csv &&
	test "$(sed -n 2p out)" = "unknown,,$other,,,,,,,,,,,," &&
	grep -q "no certificate has the verify code" err
'

test_expect 'not a code at all: exit 65' '
	expect_exit 65 ceu-cert verify ABCD-EFGH -f csv &&
	grep -q "16 expected" err &&
	test ! -s out &&
	expect_exit 65 ceu-cert verify UUUU-UUUU-UUUU-UUUU
'

test_expect 'r12 offline: the scanned QR text and the public key: genuine' '
	pdftoppm -png -r 150 -singlefile c.pdf scan &&
	zbarimg -q --raw scan.png >qr.txt 2>/dev/null &&
	grep -q "^CEU1:[0-9A-Z]*$" qr.txt &&
	run_cmd ceu-cert --db /nonexistent verify --pubkey key.pub \
	    --qr "$(cat qr.txt)" -f csv &&
	test "$(sed -n 2p out)" = "genuine,GX2023C0000001,$code,450102********1231,张伟,2023,completion,30,60,90,2023-12-20,,南宁市第一人民医院,," &&
	ceu-cert verify --pubkey key.pub --qr - -f csv <qr.txt >out &&
	grep -q "^genuine," out
'

test_expect 'r12 offline: a changed character or another key: forged, exit 1' '
	qr=$(cat qr.txt) &&
	for p in 9 150 $((${#qr} - 3)); do
		expect_exit 1 ceu-cert verify --pubkey key.pub \
		    --qr "$(change1 "$qr" $p)" -f csv || exit 1
		grep -q "^forged,,,,," out && grep -q "forged" err || exit 1
	done &&
	expect_exit 1 ceu-cert verify --pubkey other.pub --qr "$qr"
'

test_expect 'offline: not a QR text (65), no key file (66)' '
	expect_exit 65 ceu-cert verify --pubkey key.pub --qr "hello" &&
	grep -q "CEU1:" err &&
	expect_exit 66 ceu-cert verify --pubkey none.pub --qr "$(cat qr.txt)" &&
	expect_exit 65 ceu-cert verify --pubkey ceu.db.key --qr "$(cat qr.txt)"
'

test_done
