# report-world.sh - the hand-built year of the ceu-report tests, sourced
# by tests/cli/05*-ceu-report-*.sh after lib.sh.  report_world loads
# small_world plus ID6 and ID7 and records that sit on every R2/R2a
# boundary, straight into the tables:
#   ID1 exam passed, 15 elective + 60 professional: 60 of 90, exactly 2/3
#   ID2 exam passed, 15 + 59.9: total 89.9 < 90; a pending 2022 record
#   ID3 exam passed, 35 elective + 60: 60 of 110 < 2/3 (R2's example);
#       one record decided late
#   ID4 no exam (2 failed attempts in 2022), 80 professional + 20 pending
#       (pending counts for nothing, R2a); a late audit decision
#   ID5 exam passed, 70 professional + 10 revoked + 5 rejected: total 85;
#       2022 back-filled (exam taken 2023, hours count for 2022, R7) and
#       2022 complete
#   ID6 on the register with no records at all
#   ID7 exam passed, 18.4 elective + 66.6: 66.6 of 100 < 2/3
# Certificates: ID1 completion 2023 valid, ID2 public 2023 revoked.
ID6=450202198808081231
ID7=450303199203154561

report_world() {
	small_world &&
	sqlite3 ceu.db <<-SQL
	INSERT INTO person(id_no, name, unit_code, created_at, updated_at) VALUES
	 ('$ID6', '黄敏', '$UNIT2', 'x', 'x'),
	 ('$ID7', '周杰', '$UNIT1', 'x', 'x');
	CREATE TEMP TABLE r(p, y, subj, cat, h, title, d, src, k, st, late);
	INSERT INTO r VALUES
	 (1, 2023, 'public_required', NULL, 100, '公需科目学习', '2023-03-01', 'exam', 'exam:2023:study', 'approved', 0),
	 (1, 2023, 'public_required', NULL, 50, '公需科目考试', '2023-03-01', 'exam', 'exam:2023:exam', 'approved', 0),
	 (1, 2023, 'public_elective', 'training', 150, '数字经济', '2023-04-01', 'self', 'self:数字经济|2023-04-01', 'approved', 0),
	 (1, 2023, 'professional', 'training', 600, '临床新技术', '2023-05-01', 'self', 'self:临床新技术|2023-05-01', 'approved', 0),
	 (2, 2023, 'public_required', NULL, 100, '公需科目学习', '2023-03-02', 'exam', 'exam:2023:study', 'approved', 0),
	 (2, 2023, 'public_required', NULL, 50, '公需科目考试', '2023-03-02', 'exam', 'exam:2023:exam', 'approved', 0),
	 (2, 2023, 'public_elective', 'academic', 150, '学术年会', '2023-04-02', 'self', 'self:学术年会|2023-04-02', 'approved', 0),
	 (2, 2023, 'professional', 'self_study', 599, '护理自学', '2023-05-02', 'self', 'self:护理自学|2023-05-02', 'approved', 0),
	 (2, 2022, 'professional', 'other', 50, '旧年登记', '2022-06-01', 'self', 'self:旧年登记|2022-06-01', 'pending', 0),
	 (3, 2023, 'public_required', NULL, 100, '公需科目学习', '2023-03-03', 'exam', 'exam:2023:study', 'approved', 0),
	 (3, 2023, 'public_required', NULL, 50, '公需科目考试', '2023-03-03', 'exam', 'exam:2023:exam', 'approved', 0),
	 (3, 2023, 'public_elective', 'training', 350, '师德培训', '2023-04-03', 'self', 'self:师德培训|2023-04-03', 'approved', 0),
	 (3, 2023, 'professional', 'training', 600, '新课标', '2023-05-03', 'self', 'self:新课标|2023-05-03', 'approved', 1),
	 (4, 2023, 'professional', 'major_work', 800, '桥梁工程', '2023-05-04', 'self', 'self:桥梁工程|2023-05-04', 'approved', 0),
	 (4, 2023, 'professional', 'training', 200, '造价培训', '2023-06-04', 'self', 'self:造价培训|2023-06-04', 'pending', 0),
	 (5, 2023, 'public_required', NULL, 100, '公需科目学习', '2023-03-05', 'exam', 'exam:2023:study', 'approved', 0),
	 (5, 2023, 'public_required', NULL, 50, '公需科目考试', '2023-03-05', 'exam', 'exam:2023:exam', 'approved', 0),
	 (5, 2023, 'professional', 'publication', 700, '论文发表', '2023-05-05', 'self', 'self:论文发表|2023-05-05', 'approved', 0),
	 (5, 2023, 'professional', 'academic', 100, '虚假会议', '2023-06-05', 'self', 'self:虚假会议|2023-06-05', 'revoked', 0),
	 (5, 2023, 'professional', 'other', 50, '重复登记', '2023-07-05', 'self', 'self:重复登记|2023-07-05', 'rejected', 0),
	 (5, 2022, 'public_required', NULL, 100, '公需科目学习', '2023-02-10', 'exam', 'exam:2022:study', 'approved', 0),
	 (5, 2022, 'public_required', NULL, 50, '公需科目考试', '2023-02-10', 'exam', 'exam:2022:exam', 'approved', 0),
	 (5, 2022, 'professional', 'training', 750, '施工安全', '2022-05-05', 'self', 'self:施工安全|2022-05-05', 'approved', 0),
	 (7, 2023, 'public_required', NULL, 100, '公需科目学习', '2023-03-07', 'exam', 'exam:2023:study', 'approved', 0),
	 (7, 2023, 'public_required', NULL, 50, '公需科目考试', '2023-03-07', 'exam', 'exam:2023:exam', 'approved', 0),
	 (7, 2023, 'public_elective', 'training', 184, '法治讲座', '2023-04-07', 'self', 'self:法治讲座|2023-04-07', 'approved', 0),
	 (7, 2023, 'professional', 'training', 666, '影像诊断', '2023-05-07', 'self', 'self:影像诊断|2023-05-07', 'approved', 0);
	INSERT INTO record(person_id, year, subject_code, category, hours,
	 title, date, source, ref, self_key, status_code, late)
	 SELECT p, y, CASE subj WHEN 'public_required' THEN 0
	 WHEN 'public_elective' THEN 1 WHEN 'professional' THEN 2 END,
	 cat, h, title, d, src,
	 CASE WHEN src = 'exam' THEN substr(k, 11) END,
	 CASE WHEN src = 'self' THEN k ELSE '' END,
	 CASE st WHEN 'pending' THEN 0 WHEN 'approved' THEN 1
	 WHEN 'rejected' THEN 2 WHEN 'withdrawn' THEN 3 WHEN 'revoked' THEN 4 END,
	 late FROM r;
	INSERT INTO audit(record_id, decision, reason, late, actor, at)
	 SELECT id, 'approve', NULL, 1, 'clerk', '2024-02-03T08:00:00Z'
	 FROM record WHERE person_id = 4 AND activity_key LIKE 'self:桥梁%';
	INSERT INTO exam_round(person_id, year, round, opened_on, studied_on)
	 VALUES (4, 2022, 1, '2023-02-01', '2023-02-01');
	INSERT INTO exam_attempt(round_id, attempt, score, date, passed, created_at)
	 VALUES (1, 1, 400, '2023-02-02', 0, 'x'), (1, 2, 550, '2023-02-09', 0, 'x');
	INSERT INTO certificate(serial, verify_code, person_id, year, kind,
	 public_hours, professional_hours, total_hours, issued_on, revoked_at)
	 VALUES ('C2023-1', 'AAAA', 1, 2023, 'completion', 300, 600, 900, '2023-12-01', NULL),
	 ('C2023-2', 'BBBB', 2, 2023, 'public', 150, 0, 150, '2023-12-01', '2023-12-05');
	SQL
}
