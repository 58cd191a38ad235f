#!/bin/sh
# ceu-cert issue and list (R12, R2a): to the eligible only, at the
# boundaries of R2 under both share bases (actual, the default, and
# required); one person refused with the reasons, a list or unit
# skipping the ineligible and saying why; re-issuing returns the
# certificate held; the key made by ceu init or on first use, or named
# by $CEU_KEY; pubkey; every option a subcommand does not take refused.
. "$CEU_TOP/tests/cli/lib.sh"
. "$CEU_TOP/tests/cli/golden/cert-world.sh"

H=serial,verify_code,id_no,name,year,kind,public_hours,professional_hours,total_hours,issued_on
# A verify code as printed: 16 of Crockford's characters in fours.
C='[0-9A-HJKMNP-TV-Z]\{4\}-[0-9A-HJKMNP-TV-Z]\{4\}-[0-9A-HJKMNP-TV-Z]\{4\}-[0-9A-HJKMNP-TV-Z]\{4\}'

certs() {
	sqlite3 ceu.db "SELECT count(*) FROM certificate"
}

test_expect 'r2a r12 complete at 60 of 90: issued, every field printed' '
	cert_world &&
	run_cmd ceu-cert issue --kind completion --year 2023 --id $ID1 -f csv &&
	test "$(head -n 1 out)" = "$H" &&
	test "$(wc -l < out)" = 2 &&
	grep -q "^GX2023C0000001,$C,450102\*\*\*\*\*\*\*\*1231,张伟,2023,completion,30,60,90,2023-12-20$" out &&
	grep -q "1 issued, 0 held already" err &&
	test "$(sqlite3 ceu.db "SELECT action, entity_id FROM journal ORDER BY id DESC LIMIT 1")" = "issue|GX2023C0000001"
'

test_expect 'r2a one person not eligible: exit 1, the reasons in words, nothing issued' '
	cert_world &&
	before=$(sqlite3 ceu.db "SELECT count(*) FROM journal") &&
	expect_exit 1 ceu-cert issue --kind completion --year 2023 --id $ID2 &&
	test ! -s out &&
	grep -q "not eligible .*: total 89.9 < 90; professional 66.6% < 2/3 (R12, R2a)" err &&
	expect_exit 1 ceu-cert issue --kind completion --year 2023 --id $ID4 &&
	grep -q "professional 54.5% < 2/3" err &&
	expect_exit 1 ceu-cert issue --kind completion --year 2023 --id $ID5 &&
	grep -q "professional 66.6% < 2/3" err &&
	expect_exit 1 ceu-cert issue --kind completion --year 2023 --id $ID3 &&
	grep -q "public exam not passed" err &&
	expect_exit 1 ceu-cert issue --kind public --year 2023 --id $ID3 &&
	grep -q "public exam not passed (R12, R3, R6)" err &&
	LANGUAGE=zh_CN expect_exit 1 ceu-cert issue --kind completion \
	    --year 2023 --id $ID2 &&
	grep -q "不具备 2023 年度继续教育合格证书的条件：total 89.9 < 90" err &&
	test "$(certs)" = 0 &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM journal")" = "$before"
'

test_expect 'r2a r12 basis required: 60 of 110 and 66.6 of 100 issued, 59.9 of 90 not' '
	cert_world &&
	printf "year,key,value\n2023,professional_share_basis,required\n" >p.csv &&
	ceu-import -q policy p.csv &&
	run_cmd ceu-cert issue --kind completion --year 2023 --id $ID4 -f csv &&
	grep -q ",2023,completion,50,60,110,2023-12-20$" out &&
	run_cmd ceu-cert issue --kind completion --year 2023 --id $ID5 -f csv &&
	grep -q ",2023,completion,33.4,66.6,100,2023-12-20$" out &&
	rec=$(ceu-register add -q --id $ID2 --year 2023 --category self_study \
	    --subject public_elective --hours 0.1 --title 读书 \
	    --date 2023-07-01) &&
	ceu-audit approve -q --unit $UNIT1 "$rec" &&
	expect_exit 1 ceu-cert issue --kind completion --year 2023 --id $ID2 &&
	grep -q ": professional 59.9 < 60 (2/3 of 90) (R12, R2a)" err &&
	test "$(certs)" = 2
'

test_expect 'r12 re-issuing returns the certificate held' '
	cert_world &&
	run_cmd ceu-cert issue --kind completion --year 2023 --id $ID1 -f csv &&
	mv out first &&
	run_cmd ceu-cert issue --kind completion --year 2023 --id $ID1 -f csv &&
	test_cmp first out &&
	grep -q "0 issued, 1 held already" err &&
	test "$(certs)" = 1
'

test_expect 'r12 a unit, everyone: the ineligible skipped, how many and why' '
	cert_world &&
	run_cmd ceu-cert issue --kind completion --year 2023 --unit $UNIT1 -f csv &&
	test "$(wc -l < out)" = 2 && grep -q ",张伟," out &&
	grep -q "1 not eligible, skipped (R12, R2a): 0 public exam not passed, 1 short of the hours of R2" err &&
	run_cmd ceu-cert issue --kind completion --year 2023 --all -v -f csv &&
	grep -q "0 issued, 1 held already" err &&
	grep -q "4 not eligible, skipped (R12, R2a): 1 public exam not passed, 4 short of the hours of R2" err &&
	grep -q "450203\*\*\*\*\*\*\*\*456X 李娜: not eligible: total 89.9 < 90" err &&
	run_cmd ceu-cert issue --kind public --year 2023 --all -f csv &&
	test "$(wc -l < out)" = 5 &&
	test "$(cut -d, -f1 out | sed 1d | tr "\n" " ")" = "GX2023P0000002 GX2023P0000003 GX2023P0000004 GX2023P0000005 " &&
	grep -q ",public,15,0,15," out &&
	grep -q "1 not eligible, skipped: public exam not passed" err
'

test_expect 'r12 --ids: the pipeline from compliance (SPEC); an unknown ID refuses all' '
	cert_world &&
	ceu-report compliance --year 2023 --show-id |
	    awk -F, '\''$9 == "yes"'\'' |
	    ceu-cert issue --kind completion --year 2023 --ids - >out 2>err &&
	test "$(wc -l < out)" = 2 && grep -q ",张伟," out &&
	printf "id_no\n%s\n%s\n" $ID2 $ID4 >ids.csv &&
	run_cmd ceu-cert issue --kind public --year 2023 --ids ids.csv &&
	test "$(wc -l < out)" = 3 &&
	printf "%s\n450103199505050038\n" $ID5 >bad.txt &&
	expect_exit 1 ceu-cert issue --kind public --year 2023 --ids bad.txt &&
	grep -q "bad.txt: no person 450103\*\*\*\*\*\*\*\*0038 on the register; nothing issued" err &&
	test "$(certs)" = 3
'

test_expect 'list: by year, unit, kind and status, ID numbers masked' '
	cert_world &&
	ceu-cert issue -q --kind public --year 2023 --all >/dev/null &&
	ceu-cert issue -q --kind completion --year 2023 --all >/dev/null 2>&1 &&
	run_cmd ceu-cert list -f csv &&
	test "$(head -n 1 out)" = "status,$H,unit_code,unit_name,revoked_at,revoke_reason" &&
	test "$(wc -l < out)" = 6 &&
	run_cmd ceu-cert list --unit $UNIT1 --kind completion -f csv &&
	test "$(wc -l < out)" = 2 &&
	grep -q "^valid,GX2023C0000005,.*,$UNIT1,南宁市第一人民医院,,$" out &&
	run_cmd ceu-cert list --year 2022 --status valid -f csv &&
	test "$(wc -l < out)" = 1 &&
	run_cmd ceu-cert list --status revoked -f csv &&
	test "$(wc -l < out)" = 1 &&
	run_cmd ceu-cert list --show-id --kind public -f csv &&
	grep -q ",$ID2,李娜," out
'

test_expect 'pubkey; a database without a key gets one on first use, said' '
	cert_world &&
	run_cmd ceu-cert pubkey &&
	grep -q "^ceu-ed25519-public-v1 [A-Za-z0-9+/]\{43\}=$" out &&
	rm ceu.db.key &&
	run_cmd ceu-cert pubkey &&
	grep -q "made the database.s key .*ceu.db.key" err &&
	test "$(stat -c %a ceu.db.key)" = 600
'

test_expect 'r12 the key: ceu init makes FILE.key 0600, once; $CEU_KEY names another' '
	run_cmd ceu init --db k.db &&
	grep -q "made the database.s key .k.db.key. (mode 0600)" err &&
	test "$(stat -c %a k.db.key)" = 600 &&
	cp k.db.key k.first &&
	run_cmd ceu init --db k.db &&
	! grep -q "made the" err && cmp k.db.key k.first &&
	CEU_KEY=$PWD/other.key ceu init --db k2.db 2>err &&
	grep -q "other.key" err && test ! -e k2.db.key &&
	test "$(stat -c %a other.key)" = 600 &&
	cert_world && cp ceu.db.key ours.key && rm ceu.db.key &&
	CEU_KEY=$PWD/ours.key ceu-cert pubkey >ours.pub 2>err &&
	test ! -s err && test ! -e ceu.db.key &&
	CEU_KEY=$PWD/other.key ceu-cert pubkey >other.pub &&
	! cmp -s ours.pub other.pub &&
	CEU_KEY=$PWD/ours.key ceu-cert issue -q --kind completion --year 2023 \
	    --id $ID1 --pdf c.pdf >/dev/null &&
	test ! -e ceu.db.key &&
	pdftoppm -png -r 150 -singlefile c.pdf scan &&
	qr=$(zbarimg -q --raw scan.png 2>/dev/null) &&
	ceu-cert verify --pubkey ours.pub --qr "$qr" -f csv >v &&
	grep -q "^genuine,GX2023C0000001," v &&
	expect_exit 1 ceu-cert verify --pubkey other.pub --qr "$qr"
'

test_expect 'usage: exit 64 before anything is opened' '
	expect_exit 64 ceu-cert issue --year 2023 --id $ID1 &&
	expect_exit 64 ceu-cert issue --kind completion --id $ID1 &&
	expect_exit 64 ceu-cert issue --kind gold --year 2023 --id $ID1 &&
	expect_exit 64 ceu-cert issue --kind public --year 2023 &&
	expect_exit 64 ceu-cert issue --kind public --year 2023 --id $ID1 --all &&
	expect_exit 64 ceu-cert issue --kind public --year 2023 --all --merged x &&
	expect_exit 64 ceu-cert list --pdf x &&
	expect_exit 64 ceu-cert list --status lost &&
	expect_exit 64 ceu-cert verify &&
	expect_exit 64 ceu-cert verify --qr CEU1:X &&
	expect_exit 64 ceu-cert print --out x &&
	expect_exit 64 ceu-cert print GX1 --unit $UNIT1 --year 2023 --out x &&
	expect_exit 64 ceu-cert print GX1 --out x --merged y &&
	expect_exit 64 ceu-cert pubkey --year 2023 &&
	expect_exit 64 ceu-cert stamp &&
	test ! -e x &&
	expect_exit 66 ceu-cert --db missing.db list &&
	grep -q "ceu init" err
'

test_done
