/*
 * test_report.c - the report queries: the merged compliance pass agrees
 * with ceu_rules_year_hours person by person, scopes skip what is not
 * theirs, rates round half up, R13/R14 gates, deadlines' window and the
 * transcript's totals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "report.h"
#include "testdb.h"

/* Two units in two cities; persons 1-3 at U1, 4 at U2; hours of 2023. */
static const char world[] =
    "INSERT INTO unit(code, name, city_code, industry, created_at,"
    " updated_at) VALUES ('91450100MA5K0001X6', 'a', '450100', 'h', 'x',"
    " 'x'), ('12450200MB1234567F', 'b', '450200', 'e', 'x', 'x');"
    "INSERT INTO person(id, id_no, name, unit_code, created_at, updated_at)"
    " VALUES (1, '450102199001011231', 'p1', '91450100MA5K0001X6', 'x', 'x'),"
    " (2, '45020319851230456X', 'p2', '12450200MB1234567F', 'x', 'x'),"
    " (3, '450305197811117899', 'p3', '91450100MA5K0001X6', 'x', 'x'),"
    " (4, '450103199505050011', 'p4', '12450200MB1234567F', 'x', 'x');"
    "CREATE TEMP TABLE r(p, y, s, h, k, st);"
    "INSERT INTO r VALUES"
    " (1, 2023, 'public_required', 100, 'exam:2023:study', 'approved'),"
    " (1, 2023, 'public_required', 50, 'exam:2023:exam', 'approved'),"
    " (1, 2023, 'professional', 750, 'self:a|1', 'approved'),"
    " (2, 2023, 'public_required', 50, 'exam:2023:exam', 'approved'),"
    " (2, 2023, 'professional', 900, 'self:b|1', 'approved'),"
    " (2, 2023, 'professional', 30, 'self:c|1', 'pending'),"
    " (2, 2022, 'professional', 900, 'self:d|1', 'approved'),"
    " (4, 2023, 'public_elective', 400, 'self:e|1', 'approved'),"
    " (4, 2023, 'professional', 500, 'self:f|1', 'approved'),"
    " (4, 2023, 'professional', 999, 'self:g|1', 'revoked'),"
    " (4, 2023, 'public_required', 50, 'exam:2023:exam', 'revoked');"
    "INSERT INTO record(person_id, year, subject_code, hours, title, date,"
    " source, ref, self_key, status_code) SELECT p, y, CASE s"
    " WHEN 'public_required' THEN 0 WHEN 'public_elective' THEN 1"
    " WHEN 'professional' THEN 2 END, h,"
    " k, '2023-05-01', CASE WHEN k LIKE 'exam:%' THEN 'exam' ELSE 'self' END,"
    " CASE WHEN k LIKE 'exam:%' THEN substr(k, 11) END,"
    " CASE WHEN k LIKE 'self:%' THEN k ELSE '' END, CASE st WHEN 'pending'"
    " THEN 0 WHEN 'approved' THEN 1 WHEN 'revoked' THEN 4 END"
    " FROM r;";

static int
setup(void **state)
{
	struct ceu_db *db = testdb_open();

	assert_int_equal(ceu_db_exec(db, world), CEU_OK);
	*state = db;
	return 0;
}

static int
teardown(void **state)
{
	testdb_close(*state);
	return 0;
}

struct seen {
	struct ceu_db *db;
	int n;
	long long ids[8];
	int compliant[8];
	int mismatches;
};

/* Every row must agree with the per-person door of rules.c. */
static int
collect(void *ctx, const struct ceu_report_person *p)
{
	struct seen *s = ctx;
	struct ceu_year_hours h;

	assert_int_equal(ceu_rules_year_hours(s->db, p->id, p->year, &h),
	    CEU_OK);
	if (h.public_required != p->hours.public_required ||
	    h.public_elective != p->hours.public_elective ||
	    h.professional != p->hours.professional ||
	    h.pending != p->hours.pending ||
	    h.exam_passed != p->hours.exam_passed)
		s->mismatches++;
	s->ids[s->n] = p->id;
	s->compliant[s->n++] = p->verdict.compliant;
	return 0;
}

static void
r2a_compliance_pass_agrees_with_rules(void **state)
{
	struct ceu_scope all = { CEU_SCOPE_ALL, NULL };
	struct seen s = { *state, 0, { 0 }, { 0 }, 0 };

	assert_int_equal(ceu_report_compliance(s.db, 2023, &all, collect, &s),
	    CEU_OK);
	assert_int_equal(s.n, 4);		/* p3 has no records */
	assert_int_equal(s.mismatches, 0);
	assert_int_equal(s.compliant[0], 1);	/* 15 + 75 */
	assert_int_equal(s.compliant[1], 1);	/* 5 + 90, exam key counts */
	assert_int_equal(s.compliant[2], 0);	/* nothing */
	assert_int_equal(s.compliant[3], 0);	/* exam revoked, share 50/90 */
}

/* R13 over a scope must agree with the one-person check. */
static int
collect_title(void *ctx, const struct ceu_report_person *p,
    const struct ceu_title *t)
{
	struct seen *s = ctx;
	struct ceu_title one;

	assert_int_equal(ceu_report_title(s->db, p->id, p->year, &one),
	    CEU_OK);
	if (one.current_exam_passed != t->current_exam_passed ||
	    one.previous_compliant != t->previous_compliant ||
	    one.eligible != t->eligible || strcmp(one.reason, t->reason))
		s->mismatches++;
	s->ids[s->n] = p->id;
	s->compliant[s->n++] = t->previous_compliant;
	return 0;
}

static void
r13_titles_of_a_scope_agree_with_one_person(void **state)
{
	struct ceu_scope all = { CEU_SCOPE_ALL, NULL };
	struct ceu_scope u2 = { CEU_SCOPE_UNIT, "12450200MB1234567F" };
	struct seen s = { *state, 0, { 0 }, { 0 }, 0 };

	assert_int_equal(ceu_db_exec(s.db, "INSERT INTO record(person_id, "
	    "year, subject_code, hours, title, date, source, ref, self_key, "
	    "status_code) VALUES (2, 2022, 0, 50, 'e', '2022-03-01', 'exam', "
	    "'exam', '', 1)"), CEU_OK);	/* public_required, approved */
	assert_int_equal(ceu_report_titles(s.db, 2023, &all, collect_title,
	    &s), CEU_OK);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.mismatches, 0);
	/* p2: 2022 has 90 professional hours and now its exam too. */
	assert_int_equal(s.compliant[1], 1);
	assert_int_equal(s.compliant[0], 0);
	s.n = 0;
	assert_int_equal(ceu_report_titles(s.db, 2023, &u2, collect_title,
	    &s), CEU_OK);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.ids[0], 2);
	assert_int_equal(s.ids[1], 4);
	assert_int_equal(s.mismatches, 0);
}

static void
scope_unit_skips_other_persons(void **state)
{
	struct ceu_scope u1 = { CEU_SCOPE_UNIT, "91450100MA5K0001X6" };
	struct seen s = { *state, 0, { 0 }, { 0 }, 0 };

	assert_int_equal(ceu_report_compliance(s.db, 2023, &u1, collect, &s),
	    CEU_OK);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.ids[0], 1);
	assert_int_equal(s.ids[1], 3);
	assert_int_equal(s.mismatches, 0);
}

static void
scope_city_and_year_2022(void **state)
{
	struct ceu_scope city = { CEU_SCOPE_CITY, "450200" };
	struct seen s = { *state, 0, { 0 }, { 0 }, 0 };

	assert_int_equal(ceu_report_compliance(s.db, 2022, &city, collect,
	    &s), CEU_OK);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.ids[0], 2);
	assert_int_equal(s.compliant[0], 0);	/* 2022 exam not passed */
	assert_int_equal(s.mismatches, 0);
}

static int
stop_at_first(void *ctx, const struct ceu_report_person *p)
{
	(void)p;
	(*(int *)ctx)++;
	return 42;
}

static void
callback_stops_the_pass(void **state)
{
	struct ceu_scope all = { CEU_SCOPE_ALL, NULL };
	int n = 0;

	assert_int_equal(ceu_report_compliance(*state, 2023, &all,
	    stop_at_first, &n), 42);
	assert_int_equal(n, 1);
	/* The statements were reset: a second pass works. */
	assert_int_equal(ceu_report_compliance(*state, 2023, &all,
	    stop_at_first, &n), 42);
}

static void
rate_rounds_half_up_to_a_tenth(void **state)
{
	char buf[16];

	(void)state;
	assert_string_equal(ceu_report_rate(1, 3, buf), "33.3");
	assert_string_equal(ceu_report_rate(2, 3, buf), "66.7");
	assert_string_equal(ceu_report_rate(1, 8, buf), "12.5");
	assert_string_equal(ceu_report_rate(1, 16, buf), "6.3");
	assert_string_equal(ceu_report_rate(5, 5, buf), "100.0");
	assert_string_equal(ceu_report_rate(0, 5, buf), "0.0");
	assert_string_equal(ceu_report_rate(0, 0, buf), "0.0");
}

static void
r13_title_needs_current_exam_only(void **state)
{
	struct ceu_title t;

	assert_int_equal(ceu_report_title(*state, 2, 2023, &t), CEU_OK);
	assert_true(t.eligible);
	assert_true(t.current_exam_passed);
	assert_false(t.previous_compliant);	/* 2022: 90 but no exam */
	assert_int_equal(ceu_report_title(*state, 4, 2023, &t), CEU_OK);
	assert_false(t.eligible);		/* the exam was revoked */
	assert_non_null(strstr(t.reason, "R13"));
}

static void
r14_excellent_only_when_complete(void **state)
{
	struct ceu_year_hours h;
	struct ceu_verdict v;

	assert_int_equal(ceu_rules_person_year(*state, 1, 2023, &h, &v),
	    CEU_OK);
	assert_true(ceu_report_excellent_allowed(&v));
	assert_int_equal(ceu_rules_person_year(*state, 4, 2023, &h, &v),
	    CEU_OK);
	assert_false(ceu_report_excellent_allowed(&v));
}

struct rows {
	int n, totals, last_year;
	long last_total;
};

static int
count_transcript(void *ctx, const struct ceu_transcript_row *r)
{
	struct rows *c = ctx;

	c->n++;
	if (strcmp(r->kind, "total") == 0) {
		c->totals++;
		c->last_year = r->year;
		c->last_total = r->verdict.total_hours;
	}
	return 0;
}

static void
transcript_totals_after_each_year(void **state)
{
	struct rows c = { 0, 0, 0, 0 };

	assert_int_equal(ceu_report_transcript(*state, "45020319851230456X", 0,
	    count_transcript,
	    &c), CEU_OK);
	assert_int_equal(c.n, 6);		/* 4 records + 2 totals */
	assert_int_equal(c.totals, 2);
	assert_int_equal(c.last_year, 2023);
	assert_int_equal(c.last_total, 950);	/* pending not counted */
	memset(&c, 0, sizeof(c));
	assert_int_equal(ceu_report_transcript(*state, "450305197811117899", 2021,
	    count_transcript, &c), CEU_OK);
	assert_int_equal(c.n, 1);		/* a total even with nothing */
	assert_int_equal(c.last_year, 2021);
}

static int
count_deadline(void *ctx, const struct ceu_deadline *d)
{
	int *n = ctx;

	n[d->what[0] == 'e' ? 0 : d->what[0] == 'h' ? 1 : 2]++;
	return 0;
}

static void
r9_deadlines_window_is_inclusive(void **state)
{
	struct ceu_db *db = *state;
	int n[3] = { 0, 0, 0 };

	db->today = 20231201;
	assert_int_equal(ceu_report_deadlines(db, 30, count_deadline, n),
	    CEU_OK);
	assert_int_equal(n[0], 2);	/* p3, p4 without the exam */
	assert_int_equal(n[1], 2);	/* p3, p4 short of R2 */
	memset(n, 0, sizeof(n));
	assert_int_equal(ceu_report_deadlines(db, 29, count_deadline, n),
	    CEU_OK);
	assert_int_equal(n[0] + n[1] + n[2], 0);
	db->today = 20240131;
	assert_int_equal(ceu_report_deadlines(db, 0, count_deadline, n),
	    CEU_OK);
	assert_int_equal(n[2], 1);	/* U2's pending record of 2023 */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    r2a_compliance_pass_agrees_with_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    scope_unit_skips_other_persons, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    scope_city_and_year_2022, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    callback_stops_the_pass, setup, teardown),
		cmocka_unit_test(rate_rounds_half_up_to_a_tenth),
		cmocka_unit_test_setup_teardown(
		    r13_titles_of_a_scope_agree_with_one_person, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    r13_title_needs_current_exam_only, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    r14_excellent_only_when_complete, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    transcript_totals_after_each_year, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    r9_deadlines_window_is_inclusive, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
