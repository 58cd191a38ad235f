/*
 * test_rules.c - R2 and R2a: the verdict on a person's year, to the tenth
 * of an hour, and the professional hours that would make it compliant.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rules.h"
#include "values.h"
#include "fixture.h"

/* The 2023 policy, as ceu init writes it. */
static struct ceu_policy
policy2023(void)
{
	struct ceu_policy p;

	memset(&p, 0, sizeof(p));
	p.year = 2023;
	p.total_hours = 900;
	p.share_num = 2;
	p.share_den = 3;
	p.study_hours = 100;
	p.exam_hours = 50;
	p.attempts = 3;
	p.pass_score = 600;
	return p;
}

static struct ceu_verdict
judge(long pub_req, long pub_el, long prof, long pending, int exam)
{
	struct ceu_policy p = policy2023();
	struct ceu_year_hours h = { pub_req, pub_el, prof, pending, exam };
	struct ceu_verdict v;

	ceu_rules_verdict(&p, &h, &v);
	return v;
}

/* Under policy professional_share_basis = required. */
static struct ceu_verdict
judge_required(long pub_req, long pub_el, long prof, int exam)
{
	struct ceu_policy p = policy2023();
	struct ceu_year_hours h = { pub_req, pub_el, prof, 0, exam };
	struct ceu_verdict v;

	p.share_basis = CEU_BASIS_REQUIRED;
	ceu_rules_verdict(&p, &h, &v);
	return v;
}

static void
r2_sixty_of_ninety__compliant(void **state)
{
	/* 15 public required + 15 elective + 60 professional = 90. */
	struct ceu_verdict v = judge(150, 150, 600, 0, 1);

	(void)state;
	assert_int_equal(v.total_hours, 900);
	assert_true(v.hours_ok);
	assert_true(v.compliant);
	assert_int_equal(v.professional_needed, 0);
	assert_string_equal(v.reason, "");
}

static void
r2_sixty_six_point_six_of_hundred__fails(void **state)
{
	/* 33.4 public + 66.6 professional: 66.6/100 < 2/3. */
	struct ceu_verdict v = judge(150, 184, 666, 0, 1);

	(void)state;
	assert_int_equal(v.total_hours, 1000);
	assert_false(v.hours_ok);
	assert_false(v.compliant);
	assert_string_equal(v.reason, "professional 66.6% < 2/3");
	/* 2*33.4 - 66.6 = 0.2 more professional hours. */
	assert_int_equal(v.professional_needed, 2);
}

static void
r2_fifteen_thirtyfive_sixty__fails(void **state)
{
	/* 15 + 35 + 60 = 110, 60/110 < 2/3. */
	struct ceu_verdict v = judge(150, 350, 600, 0, 1);

	(void)state;
	assert_false(v.compliant);
	assert_string_equal(v.reason, "professional 54.5% < 2/3");
	/* max(90 - 110, 2*50 - 60, 0) = 40 */
	assert_int_equal(v.professional_needed, 400);
}

static void
r2_total_eighty_nine_point_nine__fails(void **state)
{
	struct ceu_verdict v = judge(150, 0, 749, 0, 1);

	(void)state;
	assert_int_equal(v.total_hours, 899);
	assert_false(v.compliant);
	assert_string_equal(v.reason, "total 89.9 < 90");
	assert_int_equal(v.professional_needed, 1);
}

static void
r2_exactly_two_thirds__compliant(void **state)
{
	/* 30 public + 60 professional: 3*60 == 2*90. */
	struct ceu_verdict v = judge(150, 150, 600, 0, 1);
	struct ceu_verdict w = judge(150, 450, 1200, 0, 1);

	(void)state;
	assert_true(v.compliant);
	assert_true(w.compliant);	/* 120 of 180 */
	w = judge(150, 451, 1200, 0, 1);	/* 120 of 180.1 */
	assert_false(w.compliant);
	assert_int_equal(w.professional_needed, 2);
}

static void
r2a_pending_hours_count_for_nothing(void **state)
{
	/* 15 + 60 approved, 30 pending: total 75 approved. */
	struct ceu_verdict v = judge(150, 0, 600, 300, 1);

	(void)state;
	assert_int_equal(v.total_hours, 750);
	assert_false(v.compliant);
	assert_string_equal(v.reason, "total 75 < 90");
	assert_int_equal(v.professional_needed, 150);
}

static void
r2a_exam_not_passed__not_compliant(void **state)
{
	/* Enough hours, but the public required course is not passed. */
	struct ceu_verdict v = judge(0, 300, 900, 0, 0);

	(void)state;
	assert_true(v.hours_ok);
	assert_false(v.compliant);
	assert_string_equal(v.reason, "public exam not passed");
}

static void
r2_all_reasons_together(void **state)
{
	struct ceu_verdict v = judge(0, 300, 100, 0, 0);

	(void)state;
	assert_string_equal(v.reason, "public exam not passed; "
	    "total 40 < 90; professional 25% < 2/3");
	/* max(90 - 40, 2*30 - 10) = 50 */
	assert_int_equal(v.professional_needed, 500);
}

static void
r2_nothing_at_all(void **state)
{
	struct ceu_verdict v = judge(0, 0, 0, 0, 0);

	(void)state;
	assert_false(v.compliant);
	assert_string_equal(v.reason, "public exam not passed; total 0 < 90");
	assert_int_equal(v.professional_needed, 900);
}

static void
r2_other_share_from_policy(void **state)
{
	struct ceu_policy p = policy2023();
	struct ceu_year_hours h = { 150, 150, 500, 0, 1 };
	struct ceu_verdict v;

	(void)state;
	/* A year whose policy asks for 1/2 professional and 80 hours. */
	p.share_num = 1;
	p.share_den = 2;
	p.total_hours = 800;
	ceu_rules_verdict(&p, &h, &v);
	assert_true(v.compliant);
	assert_true(ceu_rules_share_ok(&p, 400, 800));
	assert_false(ceu_rules_share_ok(&p, 399, 800));
}

/* The reasons in Chinese: the same numbers, the words of the notice. */
static void
r2_reasons_in_chinese(void **state)
{
	struct ceu_verdict v = judge(0, 300, 100, 0, 0);
	char buf[160];

	(void)state;
	assert_string_equal(ceu_rules_reason(&v, CEU_LANG_ZH, buf,
	    sizeof(buf)), "公需科目考试未通过；总学时 40 < 90；"
	    "专业科目占 25%，低于三分之二");
	assert_string_equal(ceu_rules_reason(&v, CEU_LANG_EN, buf,
	    sizeof(buf)), v.reason);
	v = judge(150, 350, 600, 0, 1);
	assert_string_equal(ceu_rules_reason(&v, CEU_LANG_ZH, buf,
	    sizeof(buf)), "专业科目占 54.5%，低于三分之二");
	v = judge(150, 150, 600, 0, 1);
	assert_string_equal(ceu_rules_reason(&v, CEU_LANG_ZH, buf,
	    sizeof(buf)), "");
	/* a short buffer is cut, never overrun */
	v = judge(0, 300, 100, 0, 0);
	assert_true(strlen(ceu_rules_reason(&v, CEU_LANG_ZH, buf, 20)) < 20);
}

/* Another policy's bound in Chinese numerals: 3/4 四分之三, 7/12. */
static void
r2_other_share_said_in_chinese(void **state)
{
	struct ceu_policy p = policy2023();
	struct ceu_year_hours h = { 150, 150, 600, 0, 1 };
	struct ceu_verdict v;
	char buf[160];

	(void)state;
	p.share_num = 3;
	p.share_den = 4;
	ceu_rules_verdict(&p, &h, &v);
	assert_string_equal(v.reason, "professional 66.6% < 3/4");
	assert_string_equal(ceu_rules_reason(&v, CEU_LANG_ZH, buf,
	    sizeof(buf)), "专业科目占 66.6%，低于四分之三");
	p.share_num = 7;
	p.share_den = 12;
	h.professional = 100;
	ceu_rules_verdict(&p, &h, &v);
	assert_string_equal(ceu_rules_reason(&v, CEU_LANG_ZH, buf,
	    sizeof(buf)), "总学时 40 < 90；专业科目占 25%，低于十二分之七");
}

/* R2a on stored records: approved only, exam by its activity key. */
/* R2, basis required: 2/3 of total_hours, 60 professional hours; extra
 * public hours never hurt.  RULES' example 15 + 35 + 60 = 110 passes. */
static void
r2_required_basis_fifteen_thirtyfive_sixty__compliant(void **state)
{
	struct ceu_verdict v = judge_required(150, 350, 600, 1);

	(void)state;
	assert_true(v.hours_ok);
	assert_true(v.compliant);
	assert_int_equal(v.professional_needed, 0);
	assert_string_equal(v.reason, "");
	/* The same hours under the default basis (actual) fail. */
	v = judge(150, 350, 600, 0, 1);
	assert_false(v.compliant);
	assert_int_equal(v.professional_needed, 400);	/* 2*50 - 60 */
}

/* R2, basis required: the shortfall is max(90 - total, 60 - prof, 0). */
static void
r2_required_basis_shortfall(void **state)
{
	struct ceu_verdict v;
	char zh[160];

	(void)state;
	/* 15 + 40 + 55 = 110: 5 professional hours short of 60. */
	v = judge_required(150, 400, 550, 1);
	assert_false(v.hours_ok);
	assert_int_equal(v.professional_needed, 50);
	assert_string_equal(v.reason, "professional 55 < 60 (2/3 of 90)");
	assert_string_equal(ceu_rules_reason(&v, CEU_LANG_ZH, zh, sizeof(zh)),
	    "专业科目 55 < 60（90 的三分之二）");
	/* 15 + 0 + 59.9 = 74.9: the total rules, 15.1 h. */
	v = judge_required(150, 0, 599, 1);
	assert_int_equal(v.professional_needed, 151);
	assert_non_null(strstr(v.reason, "total 74.9 < 90"));
	/* Nothing at all: 90 hours, of which 60 professional. */
	v = judge_required(0, 0, 0, 0);
	assert_int_equal(v.professional_needed, 900);
	/* 60 of 90 is exactly the bound under either basis. */
	v = judge_required(150, 150, 600, 1);
	assert_true(v.compliant);
	assert_true(judge(150, 150, 600, 0, 1).compliant);
	/* Under actual, 2 * public - professional: 2 * 55 - 55 = 55. */
	v = judge(150, 400, 550, 0, 1);
	assert_int_equal(v.professional_needed, 550);
}

static void
r2a_year_hours_from_records(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_year_hours h;

	(void)state;
	assert_int_equal(ceu_db_exec(db,
	    "INSERT INTO record(person_id, year, subject_code, hours, title, "
	    " date, source, ref, self_key, status_code) VALUES "
	    "(1, 2023, 0, 100, 's', '2023-03-01', 'exam', "
	    " 'study', '', 1),"
	    "(1, 2023, 0, 50, 'e', '2023-03-01', 'exam', "
	    " 'exam', '', 1),"
	    "(1, 2023, 2, 600, 'a', '2023-04-01', 'self', NULL, "
	    " 'self:a|2023-04-01', 1),"
	    "(1, 2023, 2, 80, 'b', '2023-04-02', 'self', NULL, "
	    " 'self:b|2023-04-02', 0),"
	    "(1, 2023, 2, 70, 'c', '2023-04-03', 'self', NULL, "
	    " 'self:c|2023-04-03', 2),"
	    "(1, 2023, 1, 40, 'd', '2023-04-04', 'self', NULL, "
	    " 'self:d|2023-04-04', 4),"
	    "(1, 2022, 2, 900, 'f', '2022-04-04', 'self', NULL, "
	    " 'self:f|2022-04-04', 1),"
	    /* R2a: a revoked exam credit passes nothing. */
	    "(1, 2022, 0, 50, 'e', '2022-03-01', 'exam', "
	    " 'exam', '', 4);"), CEU_OK);
	assert_int_equal(ceu_rules_year_hours(db, 1, 2023, &h), CEU_OK);
	assert_int_equal(h.public_required, 150);
	assert_int_equal(h.public_elective, 0);
	assert_int_equal(h.professional, 600);
	assert_int_equal(h.pending, 80);
	assert_true(h.exam_passed);
	assert_int_equal(ceu_rules_year_hours(db, 1, 2022, &h), CEU_OK);
	assert_false(h.exam_passed);
	assert_int_equal(h.professional, 900);
	testdb_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(r2_sixty_of_ninety__compliant),
		cmocka_unit_test(r2_sixty_six_point_six_of_hundred__fails),
		cmocka_unit_test(r2_fifteen_thirtyfive_sixty__fails),
		cmocka_unit_test(r2_total_eighty_nine_point_nine__fails),
		cmocka_unit_test(r2_exactly_two_thirds__compliant),
		cmocka_unit_test(r2a_pending_hours_count_for_nothing),
		cmocka_unit_test(r2a_exam_not_passed__not_compliant),
		cmocka_unit_test(r2_all_reasons_together),
		cmocka_unit_test(r2_nothing_at_all),
		cmocka_unit_test(r2_other_share_from_policy),
		cmocka_unit_test(r2_reasons_in_chinese),
		cmocka_unit_test(r2_other_share_said_in_chinese),
		cmocka_unit_test(r2a_year_hours_from_records),
		cmocka_unit_test(
		    r2_required_basis_fifteen_thirtyfive_sixty__compliant),
		cmocka_unit_test(r2_required_basis_shortfall),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
