#!/bin/sh
# SPEC: messages follow LANG (English and zh_CN); data stays as it is.
. "$CEU_TOP/tests/cli/lib.sh"

small_world

test_expect 'messages are English by default' '
	expect_exit 66 ceu policy --db nothere.db &&
	grep -q "^ceu: no database '\''nothere.db'\''; create it with" err
'

test_expect 'messages are Chinese under zh_CN' '
	LANGUAGE=zh_CN expect_exit 66 ceu policy --db nothere.db &&
	grep -q "^ceu: 没有数据库 '\''nothere.db'\''" err
'

test_expect 'r6 a refusal in Chinese still names the rule and the command' '
	LANGUAGE=zh_CN expect_exit 1 ceu-exam attempt --id "$ID1" --year 2023 \
	    --score 80 &&
	grep -q "R6" err && grep -q "ceu-exam study" err &&
	! grep -q "is not studied yet" err && grep -q "尚未学习" err
'

test_expect 'a column and an ID number refused in Chinese, reasons too' '
	printf "unit_code,name,city_code,industry,foo\n" >extra.csv &&
	LANGUAGE=zh_CN expect_exit 65 ceu-import units extra.csv &&
	grep -q "未知列 '\''foo'\''" err &&
	LANGUAGE=zh_CN expect_exit 64 ceu-register list \
	    --id 450102199001011235 &&
	grep -q "（校验码错误）\|(校验码错误)" err &&
	! grep -q "check digit" err
'

# clean ENV...: ceu policy on a missing database with only ENV set, as a
# login shell of a stock machine would (no zh_CN locale generated there;
# this checks the fallback either way).
clean() {
	env -i PATH="$PATH" CEU_TODAY=2023-06-15 "$@" \
	    ceu policy --db nothere.db >out 2>err
	test $? = 66
}

test_expect 'LANG, LC_ALL, LC_MESSAGES or LANGUAGE asking for zh_CN give Chinese' '
	clean LANG=zh_CN.UTF-8 && grep -q "^ceu: 没有数据库" err &&
	clean LC_ALL=zh_CN.UTF-8 && grep -q "^ceu: 没有数据库" err &&
	clean LANG=C.UTF-8 LC_MESSAGES=zh_CN.UTF-8 && grep -q "没有数据库" err &&
	clean LANGUAGE=zh_CN && grep -q "没有数据库" err &&
	clean LANG=en_US.UTF-8 LANGUAGE=zh_CN:en && grep -q "没有数据库" err &&
	clean LANG=zh_CN.GB18030 && grep -q "没有数据库" err &&
	clean LANG=zh_CN.UTF-8@nowhere && grep -q "^ceu: 没有数据库" err
'

test_expect 'English when that is what the environment asks for' '
	clean && grep -q "^ceu: no database" err &&
	clean LANG=C && grep -q "^ceu: no database" err &&
	clean LANG=en_US.UTF-8 && grep -q "^ceu: no database" err &&
	clean LC_ALL=C.UTF-8 LANG=zh_CN.UTF-8 && grep -q "^ceu: no database" err &&
	clean LANG=zh_CN.UTF-8 LANGUAGE=en && grep -q "^ceu: no database" err &&
	clean LC_ALL=POSIX LANGUAGE=zh_CN && grep -q "^ceu: no database" err
'

test_expect 'the fallback reaches the programs ceu runs, and their usage' '
	env -i PATH="$PATH" LANG=zh_CN.UTF-8 ceu help import >out 2>err &&
	grep -q "^用法：ceu-import" out &&
	env -i PATH="$PATH" LANG=zh_CN.UTF-8 CEU_DB=$PWD/ceu.db \
	    ceu report transcript 450102199001011235 >out 2>err;
	test $? = 64 && grep -q "校验码错误" err
'

test_expect 'output data is not translated' '
	LANGUAGE=zh_CN run_cmd ceu policy --year 2023 -f csv &&
	grep -qx "year,key,value,from_year" out &&
	grep -qx "2023,total_hours,90,2023" out
'

test_done
