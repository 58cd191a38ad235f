#!/bin/sh
# Excel and Chinese: xlsx workbooks read back (unzip), -o FILE (0600,
# renamed into place, never one of the command's own files), --headers,
# Chinese words wherever a value is taken, and an unknown --unit, --city
# or --industry an error (R1).
. "$CEU_TOP/tests/cli/lib.sh"
. "$CEU_TOP/tests/cli/golden/report-world.sh"

# xlsx_cell FILE REF [SHEET]: "n VALUE" for a number, "s TEXT" for a
# string, nothing for an empty cell.  The sheets of libxlsxwriter's
# constant-memory mode hold their strings inline.
xlsx_cell() {
	unzip -p "$1" "xl/worksheets/${3:-sheet1}.xml" |
	sed 's/<c r=/\n<c r=/g' |
	sed -n "s/^<c r=\"$2\"\( s=\"[0-9]*\"\)\{0,1\} t=\"inlineStr\"><is><t>\(.*\)<\/t><\/is><\/c>.*/s \2/p
		s/^<c r=\"$2\"\( s=\"[0-9]*\"\)\{0,1\}><v>\([^<]*\)<\/v><\/c>.*/n \2/p" |
	sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&amp;/\&/g'
}

test_expect 'xlsx: ID numbers whole as text, hours as numbers, header frozen' '
	report_world &&
	umask 022 &&
	run_cmd ceu-report compliance --year 2023 --show-id -o c.xlsx &&
	test ! -s out &&
	test "$(stat -c %a c.xlsx)" = 600 &&
	test "$(xlsx_cell c.xlsx A1)" = "s id_no" &&
	test "$(xlsx_cell c.xlsx K1)" = "s reason" &&
	test "$(xlsx_cell c.xlsx A2)" = "s $ID1" &&
	test "$(xlsx_cell c.xlsx B2)" = "s 张伟" &&
	test "$(xlsx_cell c.xlsx C2)" = "s $UNIT1" &&
	test "$(xlsx_cell c.xlsx E2)" = "n 30" &&
	test "$(xlsx_cell c.xlsx F3)" = "n 59.9" &&
	test "$(xlsx_cell c.xlsx I2)" = "s yes" &&
	test -z "$(xlsx_cell c.xlsx K2)" &&
	test "$(xlsx_cell c.xlsx K4)" = "s professional 54.5% < 2/3" &&
	unzip -p c.xlsx xl/worksheets/sheet1.xml | grep -q "state=\"frozen\"" &&
	unzip -p c.xlsx xl/worksheets/sheet1.xml | grep -q "<autoFilter ref=\"A1:K8\"" &&
	! unzip -p c.xlsx xl/worksheets/sheet1.xml | grep -q "<f>"
'

test_expect 'xlsx: masked IDs without --show-id, widths fit Chinese' '
	run_cmd ceu-report compliance --year 2023 -f xlsx -o m.xlsx &&
	test "$(xlsx_cell m.xlsx A2)" = "s 450102********1231" &&
	! unzip -p m.xlsx xl/worksheets/sheet1.xml | grep -q "$ID1" &&
	run_cmd ceu-report compliance --year 2023 --headers zh -o z.xlsx &&
	# the widest reason, 30 characters of which 18 are wide: 48, and 2
	unzip -p z.xlsx xl/worksheets/sheet1.xml |
	    grep -q "<col min=\"11\" max=\"11\" width=\"50\.[0-9]*\""
'

test_expect 'headers: Chinese for table and xlsx under a Chinese LANGUAGE' '
	LANGUAGE=zh_CN ceu-report compliance --year 2023 -o z.xlsx &&
	test "$(xlsx_cell z.xlsx A1)" = "s 身份证号" &&
	test "$(xlsx_cell z.xlsx D1)" = "s 公需科目考试通过" &&
	test "$(xlsx_cell z.xlsx I2)" = "s 是" &&
	test "$(xlsx_cell z.xlsx I3)" = "s 否" &&
	test "$(xlsx_cell z.xlsx E2)" = "n 30" &&
	test "$(xlsx_cell z.xlsx K4)" = "s 专业科目占 54.5%，低于三分之二" &&
	test "$(xlsx_cell z.xlsx K5)" = "s 公需科目考试未通过；总学时 80 < 90" &&
	LANGUAGE=zh_CN ceu-report compliance --year 2023 -f table >out &&
	head -1 out | grep -q "^身份证号 *姓名" &&
	grep -q "专业科目占 54.5%，低于三分之二" out
'

test_expect 'headers: csv, tsv and json stay English unless --headers zh' '
	LANGUAGE=zh_CN ceu-report compliance --year 2023 >out &&
	head -1 out | grep -q "^id_no,name,unit_code,public_required_passed," &&
	grep -q "professional 54.5% < 2/3" out &&
	ceu-report compliance --year 2023 --headers zh >out &&
	head -1 out | grep -q "^身份证号,姓名,单位代码,公需科目考试通过," &&
	grep -q ",否,40,专业科目占 54.5%，低于三分之二$" out &&
	ceu-report compliance --year 2023 --headers zh -f json >out &&
	grep -q "\"达标\":false" out &&
	LANGUAGE=zh_CN ceu-report compliance --year 2023 --headers en -o e.xlsx &&
	test "$(xlsx_cell e.xlsx A1)" = "s id_no" &&
	expect_exit 64 ceu-report compliance --year 2023 --headers fr &&
	grep -q "unknown --headers .fr. (en or zh)" err
'

test_expect 'headers zh: record listings say subjects, categories, statuses' '
	ceu-register list --id $ID5 --headers zh --show-id >out &&
	head -1 out | grep -q "^记录号,身份证号,姓名,单位代码,年度,科目,类别,学时," &&
	grep -q ",2023,专业科目,学术交流,10,虚假会议,.*,已撤销," out &&
	grep -q ",公需科目（必修）,,.*,考试,.*,已通过," out
'

test_expect 'xlsx: text that looks like a formula stays text' '
	small_world &&
	ceu-register add --id $ID1 --year 2023 --category training --hours 10 \
	    --title "=HYPERLINK(\"http://x\",\"y\")" --date 2023-03-01 >/dev/null &&
	ceu-register add --id $ID1 --year 2023 --category training --hours 2 \
	    --title "+86 138" --date 2023-03-02 >/dev/null &&
	run_cmd ceu-register list --id $ID1 -o l.xlsx &&
	test "$(xlsx_cell l.xlsx I2)" = "s =HYPERLINK(\"http://x\",\"y\")" &&
	test "$(xlsx_cell l.xlsx I3)" = "s +86 138" &&
	test "$(xlsx_cell l.xlsx H2)" = "n 10" &&
	! unzip -p l.xlsx xl/worksheets/sheet1.xml | grep -q "<f>"
'

test_expect 'xlsx: not to a terminal; to a pipe it is the same workbook' '
	script -qec "ceu-report compliance --year 2023 -f xlsx" /dev/null \
	    >tty.out; test $? = 64 &&
	grep -q "xlsx is not for a terminal" tty.out &&
	ceu-register list --id $ID1 -f xlsx | cat >p.xlsx &&
	test "$(xlsx_cell p.xlsx I3)" = "s +86 138"
'

test_expect '-o: the format its name says, 0600, stdout left empty' '
	umask 022 &&
	run_cmd ceu-register list --id $ID1 -o l.json &&
	test ! -s out &&
	head -c 1 l.json | grep -q "\[" &&
	test "$(stat -c %a l.json)" = 600 &&
	run_cmd ceu-register list --id $ID1 --output=l.TSV &&
	head -1 l.TSV | grep -q "^record_id	id_no	" &&
	run_cmd ceu-register list --id $ID1 -o l.txt &&
	head -1 l.txt | grep -q "^record_id,id_no," &&
	run_cmd ceu-register list --id $ID1 -f json -o l.csv &&
	head -c 1 l.csv | grep -q "\[" &&
	run_cmd ceu-register list --id $ID1 -o - &&
	head -1 out | grep -q "^record_id,id_no,"
'

test_expect '-o: a failed command leaves the old file as it was, no temporary' '
	echo "the old file" >keep.csv &&
	cp keep.csv keep.orig &&
	expect_exit 1 ceu-report compliance --year 2023 --city 450900 \
	    -o keep.csv &&
	cmp keep.csv keep.orig &&
	expect_exit 64 ceu-register list --status nonsense -o keep.csv &&
	cmp keep.csv keep.orig &&
	test "$(ls -a | grep -c "keep\.csv.")" = 0 &&
	expect_exit 1 ceu-report compliance --year 2023 --city 450900 -o new.csv &&
	test ! -e new.csv
'

test_expect '-o: never the database, its -wal or key, an input or stdin' '
	test -s ceu.db.key &&
	cp ceu.db db.orig && cp ceu.db.key key.orig &&
	expect_exit 64 ceu-register list -o ceu.db &&
	grep -q "is the same file as" err &&
	cmp ceu.db db.orig &&
	expect_exit 64 ceu-register list -o ./ceu.db-wal &&
	expect_exit 64 ceu-register list -o ceu.db.key &&
	cmp ceu.db.key key.orig &&
	printf "id_no\n%s\n" $ID1 >ids.csv && cp ids.csv ids.orig &&
	expect_exit 64 ceu-exam status --ids ids.csv -o ids.csv &&
	cmp ids.csv ids.orig &&
	expect_exit 64 ceu-exam status --ids - -o ids.csv <ids.csv &&
	cmp ids.csv ids.orig &&
	printf "unit_code,name,city_code,industry\n" >u.csv && cp u.csv u.orig &&
	expect_exit 64 ceu-import units u.csv -o u.csv &&
	cmp u.csv u.orig &&
	expect_exit 64 ceu-import units --rejects=r.csv u.csv -o r.csv
'

test_expect 'chinese words wherever a value is taken' '
	small_world &&
	run_cmd ceu-register add --id $ID2 --year 2023 --category 培训进修 \
	    --subject 公需科目（选修） --hours 6 --title 数字经济 \
	    --date 2023-03-01 &&
	run_cmd ceu-register list --id $ID2 --status 待审核 &&
	grep -q ",2023,public_elective,training,6,数字经济,.*,pending," out &&
	run_cmd ceu-register list --id $ID2 --status 已通过 &&
	test "$(wc -l <out)" = 1 &&
	printf "单位代码,单位名称,城市代码,行业\n%s,玉林市人民医院,450900,卫生健康\n" \
	    91450900MA5P000038 >u.csv &&
	run_cmd ceu-import 单位 u.csv &&
	test "$(sqlite3 ceu.db "SELECT code FROM unit WHERE city_code = 450900")" = \
	    91450900MA5P000038 &&
	{ LANGUAGE=zh_CN ceu-register list --status 通过 2>err; test $? = 64; } &&
	grep -q "通过.*pending（待审核）、approved（已通过）" err &&
	{ LANGUAGE=zh_CN ceu-register add --id $ID2 --year 2023 --category 自学 \
	    --subject 公需 --hours 1 --title x --date 2023-03-02 2>err
	    test $? = 64; } &&
	grep -q "professional（专业科目）或 public_elective" err &&
	ceu-report summary --year 2023 --by city >by-en &&
	ceu-report summary --year 2023 --by 城市 >by-zh &&
	test_cmp by-en by-zh && test "$(wc -l <by-zh)" = 4 &&
	expect_exit 64 ceu-report summary --year 2023 --by 省
'

test_expect 'pending in Chinese, decided in Chinese, applied' '
	ceu-audit pending --unit $UNIT1 --headers zh --show-id >p.csv &&
	head -1 p.csv | grep -q ",状态,批次,证明材料,决定,原因$" &&
	grep -q ",待审核,," p.csv &&
	awk -F, -v OFS=, "NR > 1 { \$18 = \"通过\" } 1" p.csv >d.csv &&
	run_cmd ceu-audit apply --unit $UNIT1 d.csv &&
	run_cmd ceu-register list --id $ID2 --status 已通过 &&
	grep -q ",数字经济," out
'

test_expect 'r1 an unknown --unit, --city or --industry is exit 1, not empty' '
	fresh_db &&
	sqlite3 ceu.db "INSERT INTO unit(code, name, city_code, industry, batch, created_at, updated_at) VALUES ('\''$UNIT1'\'', '\''x'\'', '\''450100'\'', '\''教育'\'', NULL, '\''x'\'', '\''x'\'')" &&
	expect_exit 1 ceu-report compliance --year 2023 --city 450900 &&
	grep -q "no unit of city 450900 on the register" err &&
	expect_exit 1 ceu-report compliance --year 2023 --industry 无此行业 &&
	grep -q "no unit of industry .无此行业. on the register" err &&
	expect_exit 1 ceu-report compliance --year 2023 --unit $UNIT2 &&
	grep -q "no unit $UNIT2 on the register" err &&
	expect_exit 1 ceu-report backlog --year 2023 --city 450900 &&
	expect_exit 1 ceu-report assessment --year 2023 --industry x &&
	expect_exit 1 ceu-report title --year 2023 --unit $UNIT2 &&
	expect_exit 1 ceu-audit sample --year 2023 --city 450900 --rate 5 --seed 1 &&
	expect_exit 1 ceu-audit sample --year 2023 --industry x --rate 5 --seed 1 &&
	expect_exit 1 ceu-register list --unit $UNIT2 &&
	expect_exit 1 ceu-exam status --unit $UNIT2 &&
	{ LANGUAGE=zh_CN ceu-report compliance --year 2023 --city 450900 \
	    2>err; test $? = 1; } &&
	grep -q "450900" err && ! grep -q "no unit" err &&
	run_cmd ceu-report compliance --year 2023 --city 450100 &&
	run_cmd ceu-report compliance --year 2023 --industry 教育 &&
	run_cmd ceu-register list --unit $UNIT1
'

# doc_has FILE TEXT: the example this test runs is the one FILE shows.
doc_has() {
	grep -qF -- "$2" "$CEU_TOP/$1" || { echo "$1 lacks: $2"; return 1; }
}

test_expect 'the examples of README, ceu-report(1), ceu-register(1) run' '
	report_world &&
	doc_has README.md "ceu-report compliance --year 2023 --city 450100 --headers zh \\" &&
	doc_has man/ceu-report.1 "ceu-report compliance --year 2023 --city 450100 --headers zh \\e" &&
	doc_has README.md "        -o compliance-450100.xlsx" &&
	doc_has man/ceu-report.1 "    -o compliance-450100.xlsx" &&
	ceu-report compliance --year 2023 --city 450100 --headers zh \
	    -o compliance-450100.xlsx &&
	test "$(xlsx_cell compliance-450100.xlsx B1)" = "s 姓名" &&
	test "$(xlsx_cell compliance-450100.xlsx B2)" = "s 张伟" &&
	ceu-register add --id $ID1 --year 2023 --category 自学 --hours 2 \
	    --title 指南自学 --date 2023-05-01 >/dev/null &&
	doc_has README.md "    ceu-register list --unit 91450100MA5K0001X6 --year 2023 \\" &&
	doc_has README.md "        --status 待审核 --headers zh -o 待审核.xlsx" &&
	doc_has man/ceu-register.1 "    --status 待审核 --headers zh -o 待审核.xlsx" &&
	ceu-register list --unit 91450100MA5K0001X6 --year 2023 \
	    --status 待审核 --headers zh -o 待审核.xlsx &&
	test "$(xlsx_cell 待审核.xlsx O1)" = "s 状态" &&
	test "$(xlsx_cell 待审核.xlsx O2)" = "s 待审核" &&
	test "$(xlsx_cell 待审核.xlsx A3)" = ""
'

test_expect 'the Chinese round trip of ceu-audit(1) runs' '
	doc_has man/ceu-audit.1 "$ ceu-audit pending --unit 91450100MA5K0001X6 --year 2023 \\e" &&
	doc_has man/ceu-audit.1 "    --headers zh -o 审核-2023.csv" &&
	doc_has man/ceu-audit.1 "$ awk -F, -v OFS=, '\''NR > 1 { \$18 = \"通过\" } 1'\'' 审核-2023.csv |" &&
	doc_has man/ceu-audit.1 "    ceu-audit apply --unit 91450100MA5K0001X6 -" &&
	ceu-audit pending --unit 91450100MA5K0001X6 --year 2023 \
	    --headers zh -o 审核-2023.csv &&
	test "$(wc -l <审核-2023.csv)" = 2 &&
	awk -F, -v OFS=, '\''NR > 1 { $18 = "通过" } 1'\'' 审核-2023.csv |
	    ceu-audit apply --unit 91450100MA5K0001X6 - &&
	test "$(ceu-audit pending --unit 91450100MA5K0001X6 --year 2023 | wc -l)" = 1
'

test_expect 'ceu-cert list: xlsx, Chinese words and headers, unknown unit' '
	. "$CEU_TOP/tests/cli/golden/cert-world.sh" &&
	cert_world &&
	ceu-cert issue -q --kind 公需科目考试合格证书 --year 2023 --all >/dev/null &&
	ceu-cert issue -q --kind completion --year 2023 --all >/dev/null 2>&1 &&
	run_cmd ceu-cert list --kind 继续教育合格证书 --status 有效 --show-id \
	    --headers zh -o certs.xlsx &&
	test "$(xlsx_cell certs.xlsx A1)" = "s 状态" &&
	test "$(xlsx_cell certs.xlsx A2)" = "s 有效" &&
	test "$(xlsx_cell certs.xlsx D2)" = "s $ID1" &&
	test "$(xlsx_cell certs.xlsx F2)" = "n 2023" &&
	test "$(xlsx_cell certs.xlsx G2)" = "s 继续教育合格证书" &&
	test "$(xlsx_cell certs.xlsx J2)" = "n 90" &&
	test "$(xlsx_cell certs.xlsx M1)" = "s 单位名称" &&
	test -z "$(xlsx_cell certs.xlsx A3)" &&
	run_cmd ceu-cert list --status 已撤销 -f csv &&
	test "$(wc -l <out)" = 1 &&
	expect_exit 64 ceu-cert list --status 真实 &&
	run_cmd ceu-cert list --kind 继续教育合格 -f csv &&
	test "$(wc -l <out)" = 2 &&
	{ LANGUAGE=zh_CN ceu-cert list --kind 证书 2>err; test $? = 64; } &&
	grep -q "public（公需科目考试合格）或 completion（继续教育合格）" err &&
	expect_exit 1 ceu-cert list --unit 91450900MA5P000038 &&
	grep -q "no unit 91450900MA5P000038 on the register" err &&
	expect_exit 1 ceu-cert issue --kind public --year 2023 \
	    --unit 91450900MA5P000038 &&
	expect_exit 1 ceu-cert print --unit 91450900MA5P000038 --year 2023 \
	    --merged m.pdf &&
	test ! -e m.pdf
'

test_done
