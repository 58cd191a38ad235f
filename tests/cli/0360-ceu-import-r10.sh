#!/bin/sh
# R10 by every route: registered sources, filing numbers however spelt,
# title and date across routes (a roster or a system replaces a pending own
# registration, is a duplicate of an approved one), --filing, conflicts,
# and one person once a list.
. "$CEU_TOP/tests/cli/lib.sh"

small_world
cat >filings.csv <<EOF2
filing_no,organizer,title,subject,category,start_date,end_date,hours
GX2023-00001,广西壮族自治区卫生健康委员会,2023年院感防控培训班,professional,training,2023-03-06,2023-03-10,40
EOF2
ceu-import -q filings filings.csv
H="id_no,year,subject,category,hours,title,date,ref"

# records COND: the records matching COND, as id:status.
records() {
	sqlite3 ceu.db "SELECT group_concat(id || ':' || status, ' ') FROM (SELECT * FROM record WHERE $1 ORDER BY id)"
}

test_expect 'r10 integrated systems are registered sources' '
	printf "source,name\nhealth-system,卫健委继续医学教育系统\n" >s.csv &&
	run_cmd ceu-import sources s.csv &&
	grep -q "1 added, 0 unchanged, 0 rejected" err &&
	printf "source,name\n HEALTH-System ,卫健委系统\n" >s2.csv &&
	run_cmd ceu-import sources s2.csv &&
	grep -q "0 added, 1 updated, 0 unchanged" err &&
	test "$(sqlite3 ceu.db "SELECT source || '\'' '\'' || name FROM source")" = "health-system 卫健委系统" &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM journal WHERE entity = '\''source'\''")" = 2
'

test_expect 'r10 an unknown source is refused before anything is read' '
	{ echo "$H"; echo "$ID1,2023,professional,training,8,院感网络课程,2023-02-01,H1"; } >h.csv &&
	n=$(sqlite3 ceu.db "SELECT count(*) FROM batch") &&
	expect_exit 1 ceu-import hours --source hs h.csv &&
	grep -q "unknown source '\''hs'\'' (R10)" err &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM batch")" = "$n"
'

test_expect 'r10 a source spelt in another case or with blanks is the same system' '
	run_cmd ceu-import hours --source health-system h.csv &&
	grep -q "1 added" err &&
	run_cmd ceu-import hours --source "HEALTH-System " h.csv &&
	grep -q "0 added, 1 unchanged, 0 rejected" err &&
	run_cmd ceu-import hours --source " health-system" h.csv &&
	grep -q "0 added, 1 unchanged, 0 rejected" err &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM record")" = 1 &&
	test "$(sqlite3 ceu.db "SELECT DISTINCT source_name FROM record")" = health-system
'

test_expect 'r10 a filing number in lower case, full width or with blanks is one class' '
	sed "s/^GX2023-00001/gx2023-00001/" filings.csv >lower.csv &&
	run_cmd ceu-import filings lower.csv &&
	grep -q "0 added, 1 unchanged" err &&
	printf "filing_no,id_no,name,hours\nｇｘ２０２３－０００01,%s,张伟,40\n" $ID1 >r1.csv &&
	run_cmd ceu-import roster r1.csv &&
	grep -q "1 added" err &&
	{ echo "$H"; echo "$ID1,2023,professional,training,40,院感防控,2023-03-06, gx2023-00001"; } >h2.csv &&
	run_cmd ceu-import -v hours --source health-system h2.csv &&
	grep -q "0 added, 0 unchanged, 1 duplicates (R10)" err &&
	grep -q "h2.csv:2: not added: .*roster GX2023-00001" err &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM filing")" = 1
'

test_expect 'r10 an own registration of a class on the archive is refused, naming it' '
	expect_exit 1 ceu-register add --id $ID1 --year 2023 --category training \
	    --hours 40 --title " 2023年院感防控培训班　" --date 2023-03-06 &&
	grep -q "already on the archive as record 2 (roster GX2023-00001" err
'

test_expect 'r10 a roster replaces a pending own registration, journaled' '
	run_cmd ceu-register add --id $ID2 --year 2023 --category training \
	    --hours 40 --title "2023年院感防控培训班" --date 2023-03-06 &&
	own=$(cat out) &&
	printf "filing_no,id_no,name,hours\nGX2023-00001,%s,李娜,40\n" $ID2 >r2.csv &&
	run_cmd ceu-import roster r2.csv &&
	grep -q "1 added, 0 unchanged, 1 own registrations replaced (R10), 0 rejected" err &&
	test "$(records "id = $own")" = "$own:withdrawn" &&
	new=$(sqlite3 ceu.db "SELECT id || '\'', batch '\'' || batch FROM record WHERE person_id = 2 AND source = '\''roster'\''") &&
	test "$(sqlite3 ceu.db "SELECT reason FROM journal WHERE action = '\''withdrawn'\'' AND entity_id = '\''$own'\''")" = \
	    "replaced by record ${new%%,*} (roster GX2023-00001,${new#*,}, approved) (R10)"
'

test_expect 'r10 r11 a replaced copy is no longer for the unit to audit' '
	own=$(sqlite3 ceu.db "SELECT id FROM record WHERE person_id = 2 AND source = '\''self'\''") &&
	new=$(sqlite3 ceu.db "SELECT id FROM record WHERE person_id = 2 AND source = '\''roster'\''") &&
	run_cmd ceu-audit pending --unit $UNIT1 -f csv &&
	! grep -q "^$own," out &&
	expect_exit 1 ceu-audit reject --unit $UNIT1 --reason "不是本人" $own &&
	grep -q "record $own is withdrawn, not pending: only a pending record is audited (R11)" err &&
	test "$(records "person_id = 2")" = "$own:withdrawn $new:approved"
'

test_expect 'r10 an integrated system replaces a pending own registration too' '
	run_cmd ceu-register add --id $ID1 --year 2023 --category training \
	    --hours 6 --title "医院感染  管理讲座" --date 2023-05-05 &&
	own=$(cat out) &&
	{ echo "$H"; echo "$ID1,2023,professional,training,6, 医院感染 管理讲座 ,2023-05-05,H9"; } >h9.csv &&
	run_cmd ceu-import hours --source health-system h9.csv &&
	grep -q "1 added, 0 unchanged, 1 own registrations replaced (R10), 0 rejected" err &&
	test "$(records "id = $own")" = "$own:withdrawn" &&
	sqlite3 ceu.db "SELECT reason FROM journal WHERE action = '\''withdrawn'\'' AND entity_id = '\''$own'\''" |
	    grep -q "^replaced by record [0-9]* (integration health-system, batch [0-9]*, approved) (R10)$"
'

test_expect 'r10 a roster matching an approved own registration is a duplicate' '
	run_cmd ceu-register add --id $ID3 --year 2023 --category training \
	    --hours 40 --title "2023年院感防控培训班" --date 2023-03-06 &&
	own=$(cat out) &&
	sqlite3 ceu.db "UPDATE record SET status_code = 1 WHERE id = $own" &&
	printf "filing_no,id_no,name,hours\nGX2023-00001,%s,王芳,40\n" $ID3 >r3.csv &&
	run_cmd ceu-import -v roster r3.csv &&
	grep -q "0 added, 0 unchanged, 1 duplicates (R10)" err &&
	grep -q "r3.csv:2: not added: .*record $own (self, approved)" err
'

test_expect 'r10 --filing takes the class: subject, category, dates; hours at most filed' '
	expect_exit 1 ceu-register add --id $ID4 --year 2023 --hours 40.5 --filing gx2023-00001 &&
	grep -q "40.5 hours is more than the 40 hours" err &&
	expect_exit 1 ceu-register add --id $ID4 --year 2023 --hours 32 --filing GX2023-00001 --subject public_elective &&
	grep -q "subject public_elective is not what filing GX2023-00001 was filed with (professional)" err &&
	expect_exit 1 ceu-register add --id $ID4 --year 2023 --hours 32 --filing GX2023-00001 --date 2023-04-01 &&
	grep -q "outside filing GX2023-00001, held 2023-03-06 to 2023-03-10" err &&
	run_cmd ceu-register add --id $ID4 --year 2023 --hours 32.00 --filing " ＧＸ2023-00001" &&
	run_cmd ceu-register list --id $ID4 -f csv &&
	grep -q ",2023,professional,training,32,2023年院感防控培训班,2023-03-06,2023-03-10,self,GX2023-00001,,pending," out
'

test_expect 'r10 a conflict is rejected with its line and both values' '
	{ echo "$H"; echo "$ID1,2023,professional,training,6,院感网络课程,2023-02-01,H1"; } >h3.csv &&
	expect_exit 65 ceu-import hours --source health-system h3.csv &&
	grep -q "^ceu-import: h3.csv:2: conflicts with record 1 (integration health-system, batch [0-9]*, approved), sent before by the same route: hours 8 there, 6 here (R10)$" err &&
	{ echo "$H"; echo "$ID1,2023,professional,training,8,院感网络课程,2023-02-02,H1"; } >h4.csv &&
	expect_exit 65 ceu-import hours --source health-system h4.csv &&
	grep -q "h4.csv:2: conflicts .*date 2023-02-01 there, 2023-02-02 here" err &&
	test "$(sqlite3 ceu.db "SELECT hours || date FROM record WHERE id = 1")" = 802023-02-01
'

test_expect 'r16 hours as Excel writes them; a second decimal refused' '
	{ echo "$H"; echo "$ID5,2023,professional,training,32.00,网络课程,2023-02-01,H7";
	  echo "$ID5,2023,professional,training,12.25,网络课程,2023-02-02,H8"; } >h5.csv &&
	expect_exit 65 ceu-import hours --source health-system --keep-going h5.csv &&
	grep -q "h5.csv:3: invalid hours '\''12.25'\''" err &&
	test "$(sqlite3 ceu.db "SELECT hours FROM record WHERE ref = '\''H7'\''")" = 320
'

test_expect 'one person once a list: a usage error, nothing written' '
	printf "%s\n%s\n%s\n" $ID1 $ID2 " 450102199001011231" >dup.txt &&
	n=$(sqlite3 ceu.db "SELECT count(*) FROM exam_round") &&
	expect_exit 64 ceu-exam study --ids dup.txt --year 2023 &&
	grep -q "dup.txt:3: 450102\*\*\*\*\*\*\*\*1231 is on the list already (line 1)" err &&
	test "$(sqlite3 ceu.db "SELECT count(*) FROM exam_round")" = "$n" &&
	expect_exit 64 ceu-register add --ids dup.txt --year 2023 --category other \
	    --hours 2 --title 讲座 --date 2023-04-01
'

test_done
