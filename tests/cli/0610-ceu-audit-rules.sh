#!/bin/sh
# ceu-audit decisions (R11, R16): a unit's own people only, pending only,
# once per input, a reason to reject, the audit deadline and --late, all
# or nothing; deadlines and summary see them.
. "$CEU_TOP/tests/cli/lib.sh"

# audit_world: small_world; records 1-3 of ID1 and 4 of ID2 (UNIT1), 5 of
# ID3 (UNIT2), own registrations of 2023, pending.
audit_world() {
	small_world &&
	for i in 1 2 3; do
		ceu-register add --id "$ID1" --year 2023 --category 自学 \
		    --hours 10 --title "自学第${i}篇" --date "2023-04-0$i" \
		    >/dev/null || return 1
	done &&
	ceu-register add --id "$ID2" --year 2023 --category academic \
	    --hours 12.5 --title "学术年会" --date 2023-05-20 >/dev/null &&
	ceu-register add --id "$ID3" --year 2023 --category other \
	    --hours 8 --title "教研活动" --date 2023-05-21 >/dev/null
}

status() {
	sqlite3 ceu.db "SELECT status FROM record WHERE id = $1"
}

dump() {
	sqlite3 ceu.db .dump
}

test_expect 'r11 a record of another unit: 77, nothing applied, the database unchanged' '
	audit_world &&
	dump > before &&
	printf "record_id,decision,reason\n1,approve,\n5,,\n2,approve,\n" > d.csv &&
	expect_exit 77 ceu-audit apply --unit "$UNIT1" d.csv &&
	grep -q "d.csv:3: record 5 is not of a person of unit $UNIT1" err &&
	grep -q "nothing was applied" err &&
	! grep -q "王芳\|450305\|$UNIT2" err &&
	dump > after && test_cmp before after &&
	expect_exit 77 ceu-audit approve --unit "$UNIT1" 1 5 &&
	expect_exit 77 ceu-audit reject --unit "$UNIT2" --reason x 1 &&
	dump > after && test_cmp before after
'

test_expect 'r11 the refusal in Chinese under zh_CN' '
	LANGUAGE=zh_CN expect_exit 77 ceu-audit approve --unit "$UNIT1" 5 &&
	grep -q "记录 5 不属于单位 $UNIT1 的人员：单位只审核本单位人员（R11）" err &&
	grep -q "未作任何更改" err
'

test_expect 'r11 scope beats every other fault of the input' '
	printf "record_id,decision,reason\nx,approve,\n5,maybe,\n1,reject,\n" > d.csv &&
	expect_exit 77 ceu-audit apply --unit "$UNIT1" d.csv &&
	test "$(grep -c "d.csv:[234]:" err)" = 4
'

test_expect 'r11 every bad line is told with its line number, exit 65, nothing applied' '
	printf "record_id,decision,reason\n1,approve,\n2,reject,\n12a,approve,\n3,perhaps,\n99,approve,\n" > d.csv &&
	expect_exit 65 ceu-audit apply --unit "$UNIT1" d.csv &&
	grep -q "d.csv:3: record 2: a rejection needs a reason (R11)" err &&
	grep -q "d.csv:4: invalid record id .12a." err &&
	grep -q "d.csv:5: unknown decision .perhaps." err &&
	grep -q "d.csv:6: no record 99" err &&
	! grep -q "d.csv:2:" err &&
	test "$(status 1)" = pending &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM audit")" = 0
'

test_expect 'r11 reject without a reason: a usage error on the command line' '
	expect_exit 64 ceu-audit reject --unit "$UNIT1" 1 &&
	grep -q "reason is required" err &&
	expect_exit 64 ceu-audit reject --unit "$UNIT1" --reason "  " 1 &&
	test "$(status 1)" = pending
'

test_expect 'r11 a decided record decided again: refused (1), in a file bad data (65)' '
	run_cmd ceu-audit approve --unit "$UNIT1" 1 &&
	expect_exit 1 ceu-audit reject --unit "$UNIT1" --reason x 1 &&
	grep -q "record 1 is approved, not pending: only a pending record is audited (R11)" err &&
	printf "record_id,decision\n1,approve\n2,approve\n" > d.csv &&
	expect_exit 65 ceu-audit apply --unit "$UNIT1" d.csv &&
	grep -q "d.csv:2: record 1 is approved, not pending" err &&
	test "$(status 2)" = pending
'

test_expect 'r11 withdrawn and roster records are not the audit'\''s' '
	run_cmd ceu-register withdraw --reason "登记错误" 3 &&
	expect_exit 1 ceu-audit approve --unit "$UNIT1" 3 &&
	grep -q "record 3 is withdrawn, not pending" err
'

test_expect 'r11 a record twice in one input is an error' '
	printf "record_id,decision,reason\n2,approve,\n4,approve,\n2,reject,重复\n" > d.csv &&
	expect_exit 65 ceu-audit apply --unit "$UNIT1" d.csv &&
	grep -q "d.csv:4: record 2 is named twice (first on line 2)" err &&
	expect_exit 65 ceu-audit approve --unit "$UNIT1" 2 4 2 &&
	grep -q "record 2 is named twice" err &&
	test "$(status 2)" = pending && test "$(status 4)" = pending
'

test_expect 'r11 a unit not on the register is refused' '
	expect_exit 1 ceu-audit pending --unit 91450500MA5K000303 &&
	grep -q "no unit 91450500MA5K000303 on the register" err &&
	expect_exit 1 ceu-audit approve --unit 91450500MA5K000303 1 &&
	expect_exit 66 ceu-audit pending --unit "$UNIT1" --db other.db &&
	expect_exit 64 ceu-audit pending --unit 91450100MA5K0001X7
'

test_expect 'r11 after 31 Jan: refused without --late, listed as overdue' '
	expect_exit 1 ceu-audit approve --unit "$UNIT1" --today 2024-02-01 2 &&
	grep -q "record 2: the audit of 2023 closed on 2024-01-31; a decision now needs --late --reason (R11)" err &&
	expect_exit 64 ceu-audit approve --unit "$UNIT1" --today 2024-02-01 --late 2 &&
	grep -q -- "--late needs --reason" err &&
	test "$(status 2)" = pending &&
	run_cmd ceu-report deadlines --today 2024-02-01 &&
	grep -qx "audit,,$UNIT1,2023,2024-01-31,-1" out &&
	grep -qx "audit,,$UNIT2,2023,2024-01-31,-1" out &&
	run_cmd ceu-report deadlines --today 2024-06-30 --within 0 &&
	grep -qx "audit,,$UNIT1,2023,2024-01-31,-151" out
'

test_expect 'r11 --late --reason: decided, marked late, journaled, counted' '
	printf "record_id,decision,reason\n2,approve,\n4,reject,无参会证明\n" > d.csv &&
	run_cmd ceu-audit apply --unit "$UNIT1" --today 2024-02-03 --late \
	    --reason "单位合并，审核延误" d.csv &&
	grep -q "2 decided after the audit deadline, marked late (R11)" err &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM record WHERE late = 1")" = 2 &&
	test "$(sqlite3 ceu.db "SELECT reason FROM audit WHERE late = 1 ORDER BY id")" = "单位合并，审核延误
无参会证明 (late: 单位合并，审核延误)" &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM journal WHERE reason LIKE '\''%单位合并%'\''")" = 2 &&
	run_cmd ceu-report summary --year 2023 --by unit &&
	grep -q "^$UNIT1,2,0,0.0,0,0,2,0$" out &&
	run_cmd ceu-report deadlines --today 2024-02-03 &&
	! grep -q "audit,,$UNIT1," out &&
	grep -q "audit,,$UNIT2,2023,2024-01-31,-3" out
'

test_expect 'r11 --reason in apply goes with --late' '
	expect_exit 64 ceu-audit apply --unit "$UNIT2" --reason why d.csv
'

test_expect 'r16 one journal row a decision: actor, reason, before and after' '
	audit_world &&
	run_cmd ceu-audit reject --unit "$UNIT1" --actor 审核员甲 \
	    --reason "学时与证明不符" 2 &&
	sqlite3 ceu.db "SELECT actor, action, entity, entity_id, reason,
	    json_extract(before, '\''$.status'\''), json_extract(after, '\''$.status'\'')
	    FROM journal ORDER BY id DESC LIMIT 1" > j &&
	test "$(cat j)" = "审核员甲|rejected|record|2|学时与证明不符|pending|rejected" &&
	test "$(sqlite3 ceu.db "SELECT decision || '\''|'\'' || actor FROM audit")" = "reject|审核员甲" &&
	run_cmd ceu-report journal --verify
'

test_expect 'usage: each subcommand its own options; operands where they belong' '
	expect_exit 64 ceu-audit pending &&
	expect_exit 64 ceu-audit pending --unit "$UNIT1" 1 &&
	expect_exit 64 ceu-audit approve --unit "$UNIT1" &&
	expect_exit 64 ceu-audit approve 1 &&
	expect_exit 64 ceu-audit approve --unit "$UNIT1" --rate 5 1 &&
	expect_exit 64 ceu-audit pending --unit "$UNIT1" --late &&
	expect_exit 64 ceu-audit apply --unit "$UNIT1" &&
	expect_exit 64 ceu-audit approve --unit "$UNIT1" 1x &&
	grep -q "invalid record id .1x." err &&
	expect_exit 66 ceu-audit apply --unit "$UNIT1" nothere.csv &&
	expect_exit 64 ceu-audit bogus &&
	run_cmd ceu audit --help && grep -q "^usage: ceu-audit pending" out &&
	run_cmd ceu help && grep -q "exam, audit, report" out &&
	! grep -q "audit and" out
'

test_done
