# cert-world.sh - the year of the ceu-cert tests, sourced by
# tests/cli/07*-ceu-cert-*.sh after lib.sh, made by the commands a
# province uses (exam, a filed class's roster, own registrations audited
# by the unit), on 20 December 2023, each person on a boundary of R2a:
#   ID1 exam passed, 15 elective + 24 roster + 36 own = 60 professional:
#       90 hours, exactly 2/3: complete
#   ID2 exam passed, 15 elective + 59.9: total 89.9 < 90
#   ID3 exam not passed, 80 professional
#   ID4 exam passed, 35 elective + 60: 60 of 110 < 2/3 (basis actual)
#   ID5 exam passed, 18.4 elective + 66.6: 66.6 of 100 < 2/3
# cert_world makes it once and keeps a copy (world.db and its key);
# later calls put the copy back.
CEU_TODAY=2023-12-20
export CEU_TODAY

# reg ID SUBJECT HOURS TITLE DAY: an own registration, pending.
reg() {
	ceu-register add -q --id "$1" --year 2023 --subject "$2" \
	    --category training --hours "$3" --title "$4" \
	    --date "2023-$5" >/dev/null
}

cert_world_make() {
	small_world >/dev/null 2>&1 &&
	for id in $ID1 $ID2 $ID4 $ID5; do
		ceu-exam study -q --id "$id" --year 2023 --date 2023-03-01 &&
		ceu-exam attempt -q --id "$id" --year 2023 --score 80 \
		    --date 2023-03-02 || return 1
	done &&
	ceu-exam study -q --id "$ID3" --year 2023 --date 2023-03-01 &&
	ceu-exam attempt -q --id "$ID3" --year 2023 --score 40 \
	    --date 2023-03-02 &&
	printf '%s\n' \
	    "filing_no,organizer,title,subject,category,start_date,end_date,hours" \
	    "GX2023-00017,南宁市卫生健康委员会,急诊急救培训班,professional,training,2023-05-08,2023-05-10,24" \
	    >filings.csv &&
	printf '%s\n' "filing_no,id_no,name,hours" \
	    "GX2023-00017,$ID1,张伟,24" >roster.csv &&
	ceu-import -q filings filings.csv &&
	ceu-import -q roster roster.csv &&
	reg "$ID1" public_elective 15 数字经济 04-01 &&
	reg "$ID1" professional 36 临床新技术 06-01 &&
	reg "$ID2" public_elective 15 学术年会 04-02 &&
	reg "$ID2" professional 59.9 护理自学 05-02 &&
	reg "$ID3" professional 80 新课标 05-03 &&
	reg "$ID4" public_elective 35 师德培训 04-03 &&
	reg "$ID4" professional 60 教研 05-04 &&
	reg "$ID5" public_elective 18.4 安全生产 04-05 &&
	reg "$ID5" professional 66.6 工程管理 05-05 &&
	for u in $UNIT1 $UNIT2 $UNIT3; do
		ceu-audit pending --unit "$u" -f csv |
		    awk -F, -v OFS=, 'NR > 1 { $18 = "approve" } 1' |
		    ceu-audit apply -q --unit "$u" - || return 1
	done
}

cert_world() {
	if [ ! -f world.db ]; then
		cert_world_make &&
		sqlite3 ceu.db ".backup world.db" &&
		cp ceu.db.key world.db.key
	else
		rm -f ceu.db ceu.db-wal ceu.db-shm &&
		cp world.db ceu.db && cp world.db.key ceu.db.key
	fi
}
