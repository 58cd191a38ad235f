#!/bin/sh
# Finding one's way: --help and `help` print the usage (in the user's
# language), a usage error says one line and where to read more, and bash
# completes each program's subcommands, options and values from the
# program's own option tables.
. "$CEU_TOP/tests/cli/lib.sh"

progs=$(cd "$CEU_BIN" && ls ceu ceu-* | grep -vx ceu-gen)

test_expect 'every program: --help, -h and help print the usage, exit 0' '
	for p in $progs; do
		run_cmd $p --help && grep -q "^usage: $p " out &&
		test ! -s err && cp out help1 &&
		run_cmd $p -h && test_cmp help1 out &&
		run_cmd $p help && test_cmp help1 out || exit 1
	done
'

test_expect 'ceu help CMD shows the usage of CMD, without a database' '
	for c in $(echo "$progs" | sed -n "s/^ceu-//p"); do
		run_cmd ceu help $c --db nothere.db &&
		grep -q "^usage: ceu-$c " out || exit 1
	done &&
	run_cmd ceu help init && grep -q "^usage: ceu " out &&
	expect_exit 64 ceu help frobnicate &&
	grep -qx "ceu: '\''frobnicate'\'' is not a ceu command" err &&
	test ! -e nothere.db
'

test_expect 'PROG help works without a database' '
	CEU_DB=$PWD/nothere.db run_cmd ceu-report help &&
	grep -q "^usage: ceu-report transcript" out &&
	grep -q "ceu-report journal" out &&
	CEU_DB=$PWD/nothere.db run_cmd ceu-import help roster &&
	grep -q "^usage: ceu-import KIND" out && test ! -e nothere.db
'

# one_line_error CODE CMD...: exit CODE, two lines on stderr: the error and
# "see 'PROG --help'"; no usage block.
usage_error() {
	expect_exit 64 "$@" &&
	test "$(wc -l < err)" = 2 &&
	grep -qx "$1: see '$1 --help'" err &&
	! grep -q "common options" err
}

test_expect 'a usage error is one line and where to read more' '
	usage_error ceu-import roster --frobnicate x.csv &&
	grep -qx "ceu-import: bad option '\''--frobnicate'\''" err &&
	usage_error ceu-import undo 3 &&
	grep -qx "ceu-import: undo needs --reason TEXT" err &&
	usage_error ceu-report compliance --year 2023 --by unit &&
	usage_error ceu-register add --id 450102199001011235 &&
	grep -q "invalid ID number" err &&
	usage_error ceu-exam frobnicate &&
	usage_error ceu-audit pending --year 2023 --unit 91450100MA5K0001X6 x &&
	usage_error ceu policy --year 20x3
'

test_expect 'without a message, the one line is the synopsis of the subcommand' '
	usage_error ceu-import undo &&
	grep -qx "usage: ceu-import undo BATCH --reason TEXT" err &&
	usage_error ceu-import roster &&
	grep -q "^usage: ceu-import KIND \[--dry-run\]" err &&
	usage_error ceu-report transcript &&
	grep -qx "usage: ceu-report transcript ID \[--year Y\]" err &&
	usage_error ceu backup &&
	grep -q "^usage: ceu \[-d FILE\] backup \[--no-key\]" err &&
	usage_error ceu-register &&
	grep -q "^usage: ceu-register person " err
'

test_expect 'help and usage errors in Chinese' '
	LANGUAGE=zh_CN run_cmd ceu-import --help &&
	grep -q "^用法：ceu-import KIND" out && grep -q "通用选项" out &&
	! grep -q "^usage" out &&
	LANGUAGE=zh_CN expect_exit 64 ceu-import undo &&
	grep -qx "用法：ceu-import undo BATCH --reason TEXT" err &&
	grep -qx "ceu-import: 参见 '\''ceu-import --help'\''" err
'

# complete LINE: the words bash offers for the end of LINE, sorted, on one
# line, through the installed-to-be completion (bash-completion's own
# helpers, COMP_WORDS split as readline splits them, at "=" too).
complete() {
	bash -c '
	. /usr/share/bash-completion/bash_completion &&
	. "$CEU_BIN/bash-completion/ceu" || exit 1
	line=$1
	COMP_LINE=$line COMP_POINT=${#line}
	line=${line//=/ = }
	read -ra COMP_WORDS <<<"$line"
	case $1 in *" "|*=) COMP_WORDS+=("") ;; esac
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	complete -p "${COMP_WORDS[0]}" >/dev/null || exit 1
	_ceu
	printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "
	' sh "$1" >out 2>err && sed -i "s/ $//" out
}

test_expect 'completion: subcommands, KINDs, and the commands of ceu' '
	complete "ceu-import ro" && test "$(cat out)" = roster &&
	complete "ceu-import " &&
	test "$(cat out)" = "batches exams filings help hours persons policy roster sources undo units 人员 单位 名单 培训名单 备案 学时 政策 来源系统 考试" &&
	complete "ceu-report t" && test "$(cat out)" = "title transcript" &&
	complete "ceu " && for w in audit backup exam help import init policy \
	    register report restore; do
		grep -qw $w out || exit 1
	done &&
	complete "ceu re" && test "$(cat out)" = "register report restore" &&
	complete "ceu help im" && test "$(cat out)" = import
'

test_expect 'completion: the options of the subcommand, and only its own' '
	complete "ceu-import hours --s" && test "$(cat out)" = "--show-id --source" &&
	complete "ceu-import roster --s" && test "$(cat out)" = "--show-id" &&
	complete "ceu-report compliance --no" && test "$(cat out)" = "--noncompliant" &&
	complete "ceu-report summary --no" && test "$(cat out)" = "" &&
	complete "ceu --db x.db import roster --dr" && test "$(cat out)" = "--dry-run" &&
	complete "ceu-audit apply --unit 91450100MA5K0001X6 --l" &&
	grep -q -- "--late" out
'

test_expect 'completion: formats, categories, statuses, encodings, --by' '
	complete "ceu-report compliance -f " && grep -q "^csv json table tsv" out &&
	complete "ceu-report compliance --format=t" && test "$(cat out)" = "table tsv" &&
	complete "ceu-register add --category 学" && test "$(cat out)" = "学术交流" &&
	complete "ceu-register add --category " && test "$(wc -w < out)" = 12 &&
	complete "ceu-register list --status p" && test "$(cat out)" = "pending" &&
	complete "ceu-import roster --encoding g" && test "$(cat out)" = "gb18030" &&
	complete "ceu report summary --by " && test "$(cat out)" = "city industry unit"
'

test_expect 'completion: file names where a file goes' '
	mkdir d && touch d/roster.csv d/rejects.csv && cd d &&
	complete "ceu-import roster r" && test "$(cat out)" = "rejects.csv roster.csv" &&
	complete "ceu-import roster --rejects=ro" && test "$(cat out)" = "roster.csv" &&
	complete "ceu-report --db r" && test "$(cat out)" = "rejects.csv roster.csv" &&
	complete "ceu-report compliance --year 2023 -o ro" &&
	test "$(cat out)" = "roster.csv" &&
	complete "ceu-report compliance --output=re" && test "$(cat out)" = "rejects.csv" &&
	complete "ceu-report -o x.csv compliance --no" &&
	test "$(cat out)" = "--noncompliant" &&
	complete "ceu-report compliance --year " && test "$(cat out)" = ""
'

test_done
