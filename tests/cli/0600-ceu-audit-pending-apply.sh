#!/bin/sh
# ceu-audit pending | edit | apply (R11): the README's pipeline, the file
# as Excel saves it (UTF-8 with BOM or GB18030, CRLF, Chinese headers),
# and the examples of ceu-audit(1).
. "$CEU_TOP/tests/cli/lib.sh"

# audit_world: small_world and own registrations of 2023: six of ID1
# and one of ID2 (UNIT1), one of ID3 (UNIT2), records 1 to 8.
audit_world() {
	small_world &&
	for i in 1 2 3 4 5 6; do
		ceu-register add --id "$ID1" --year 2023 --category 自学 \
		    --hours "$((i * 10))" --title "临床指南自学第${i}篇" \
		    --date "2023-04-0$i" >/dev/null || return 1
	done &&
	ceu-register add --id "$ID2" --year 2023 --category academic \
	    --hours 12.5 --title "全区护理学术年会" --date 2023-05-20 \
	    >/dev/null &&
	ceu-register add --id "$ID3" --year 2023 --category other \
	    --hours 8 --title "教研活动" --date 2023-05-21 >/dev/null
}

# status RECORD: the record's status.
status() {
	sqlite3 ceu.db "SELECT status FROM record WHERE id = $1"
}

# statuses: every record's status, in id order, on one line.
statuses() {
	sqlite3 ceu.db "SELECT group_concat(status, ' ') FROM
	    (SELECT status FROM record ORDER BY id)"
}

# examples MAN FROM TO: the commands of MAN's examples between a line
# holding FROM and the next line starting with TO, "\e" continuations
# and pipelines joined.
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
	}' "$CEU_TOP/man/$1"
}

test_expect 'r11 pending: the unit'\''s own pending records, empty decision and reason' '
	audit_world &&
	run_cmd ceu-audit pending --unit "$UNIT1" &&
	test "$(head -n 1 out)" = "record_id,id_no,name,unit_code,year,subject,category,hours,title,date,end_date,source,filing_no,ref,status,batch,evidence,decision,reason" &&
	test "$(wc -l < out)" = 8 &&
	grep -q "^1,450102\*\*\*\*\*\*\*\*1231,张伟,$UNIT1,2023,professional,self_study,10,临床指南自学第1篇,2023-04-01,,self,,,pending,,,,$" out &&
	! grep -q "教研活动" out &&
	run_cmd ceu-audit pending --unit "$UNIT1" --year 2022 &&
	test "$(wc -l < out)" = 1
'

test_expect 'r11 the README pipeline: pending | awk | apply' '
	awk "/^    ceu-audit pending/ { on = 1 } on { sub(/^    /, \"\"); printf \"%s \", \$0 }
	    on && /ceu-audit apply/ { exit }" "$CEU_TOP/README.md" > pipeline &&
	grep -q "| *ceu-audit apply --unit" pipeline &&
	! grep -i "coming.*ceu-audit" "$CEU_TOP/README.md" &&
	sh -c "$(cat pipeline)" 2>err &&
	grep -q "7 approved, 0 rejected, 0 left pending" err &&
	test "$(statuses)" = "approved approved approved approved approved approved approved pending"
'

test_expect 'r11 a script approves some, rejects one with its reason, leaves one' '
	audit_world &&
	ceu-audit pending --unit "$UNIT1" --year 2023 |
	    awk -F, -v OFS=, "NR == 1 || \$1 == 5 { print; next }
		\$1 == 3 { \$18 = \"reject\"; \$19 = \"重复登记\"; print; next }
		{ \$18 = \"approve\"; print }" |
	    ceu-audit apply --unit "$UNIT1" - 2>err &&
	grep -q "5 approved, 1 rejected, 1 left pending" err &&
	test "$(statuses)" = "approved approved rejected approved pending approved approved pending" &&
	test "$(sqlite3 ceu.db "SELECT reason FROM audit WHERE record_id = 3")" = 重复登记
'

# edit FILE: approve records 1 and 2, reject 4, in the pending list FILE
# (a BOM before the header and CRLF line ends kept as they are).
edit() {
	awk -F, -v OFS=, "
	\$1 == 1 || \$1 == 2 { \$18 = \"approve\" }
	\$1 == 4 { \$18 = \"reject\"; \$19 = \"证明材料不全\r\" }
	{ print }" "$1"
}

test_expect 'r11 the file as Excel saves it: UTF-8 with a BOM, CRLF' '
	audit_world &&
	ceu-audit pending --unit "$UNIT1" --bom > p.csv &&
	test "$(head -c 3 p.csv | od -An -tx1 | tr -d " ")" = efbbbf &&
	sed "s/\$/\r/" p.csv > crlf.csv && edit crlf.csv > back.csv &&
	run_cmd ceu-audit apply --unit "$UNIT1" back.csv &&
	grep -q "2 approved, 1 rejected, 4 left pending" err &&
	test "$(statuses)" = "approved approved pending rejected pending pending pending pending" &&
	test "$(sqlite3 ceu.db "SELECT reason FROM audit WHERE record_id = 4")" = 证明材料不全
'

test_expect 'r11 the same file round-tripped through GB18030, CRLF and BOM' '
	audit_world &&
	ceu-audit pending --unit "$UNIT1" --bom | sed "s/\$/\r/" > p.csv &&
	edit p.csv | iconv -f UTF-8 -t GB18030 > gb.csv &&
	! iconv -f UTF-8 -t UTF-8 gb.csv >/dev/null 2>&1 &&
	test "$(head -c 4 gb.csv | od -An -tx1 | tr -d " ")" = 84319533 &&
	run_cmd ceu-audit apply --unit "$UNIT1" gb.csv &&
	grep -q "2 approved, 1 rejected, 4 left pending" err &&
	test "$(statuses)" = "approved approved pending rejected pending pending pending pending" &&
	test "$(sqlite3 ceu.db "SELECT reason FROM audit WHERE record_id = 4")" = 证明材料不全
'

test_expect 'r11 Chinese headers and decisions, GB18030 without a BOM' '
	audit_world &&
	printf "记录号,姓名,决定,理由,备注\r\n1,张伟,通过,,\r\n2,张伟,不通过,无学习记录,\r\n3,张伟,,,下周再审\r\n,,,,\r\n" |
	    iconv -f UTF-8 -t GB18030 > zh.csv &&
	run_cmd ceu-audit apply --unit "$UNIT1" zh.csv &&
	grep -q "1 approved, 1 rejected, 1 left pending" err &&
	test "$(statuses)" = "approved rejected pending pending pending pending pending pending" &&
	test "$(sqlite3 ceu.db "SELECT reason FROM audit WHERE record_id = 2")" = 无学习记录
'

test_expect 'approve and reject take record ids, or a list on stdin' '
	audit_world &&
	run_cmd ceu-audit approve --unit "$UNIT1" 1 2 &&
	printf "record_id\n3\n4\n" |
	    ceu-audit reject --unit "$UNIT1" --reason "不属本年度" - 2>err &&
	grep -q "0 approved, 2 rejected" err &&
	ceu-audit pending --unit "$UNIT1" -f csv |
	    ceu-audit approve --unit "$UNIT1" - 2>err &&
	grep -q "3 approved" err &&
	test "$(statuses)" = "approved approved rejected rejected approved approved approved pending"
'

test_expect 'r11 the audit example of ceu(7) runs' '
	audit_world &&
	examples ceu.7 "The unit'\''s audit of 2023" ".Ed" > cmds7 &&
	test "$(wc -l < cmds7)" = 2 &&
	while read -r c; do
		sh -c "$c" >/dev/null 2>&1 || { echo "failed: $c"; exit 1; }
	done < cmds7 &&
	test "$(statuses)" = "approved approved approved approved approved approved approved pending"
'

test_expect 'the examples of ceu-audit(1) run' '
	small_world &&
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do
		ceu-register add --id "$ID1" --year 2023 --category other \
		    --hours 2 --title "岗位练兵第${i}次" \
		    --date "2023-03-$((i + 10))" >/dev/null || exit 1
	done &&
	examples ceu-audit.1 ".Sh EXAMPLES" ".Sh" > cmds &&
	test "$(wc -l < cmds)" = 9 &&
	while read -r c; do
		sh -c "$c" >/dev/null 2>&1 || { echo "failed: $c"; exit 1; }
	done < cmds &&
	test "$(status 12)" = rejected && test "$(status 13)" = approved &&
	test "$(status 14)" = revoked && test "$(status 11)" = approved &&
	test "$(sqlite3 ceu.db "SELECT late FROM record WHERE id = 13")" = 1 &&
	test -s audit-2023.csv && test "$(head -n 1 check-450100.csv)" != ""
'

test_done
