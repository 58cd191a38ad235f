/*
 * test_policy.c - the per-year policy table: the 2023 defaults, the
 * nearest earlier year, deadlines resolved for the year.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy.h"
#include "fixture.h"

static void
policy_2023_defaults(void **state)
{
	struct ceu_db *db = testdb_open();
	struct ceu_policy p;

	(void)state;
	assert_int_equal(ceu_policy_load(db, 2023, &p), CEU_OK);
	assert_int_equal(p.total_hours, 900);
	assert_int_equal(p.share_num, 2);
	assert_int_equal(p.share_den, 3);
	assert_int_equal(p.study_hours, 100);	/* R3 */
	assert_int_equal(p.exam_hours, 50);	/* R3 */
	assert_int_equal(p.attempts, 3);	/* R6 */
	assert_int_equal(p.pass_score, 600);
	assert_int_equal(p.registration_deadline, 20231231);	/* R9 */
	assert_int_equal(p.audit_deadline, 20240131);	/* R11 */
	assert_int_equal(p.backfill_from, 2020);	/* R7 */
	assert_int_equal(p.backfill_to, 2022);
	assert_int_equal(p.max_record_hours, 900);
	assert_int_equal(p.share_basis, CEU_BASIS_ACTUAL);	/* R2 */
	assert_string_equal(p.theme, "习近平总书记关于人才工作的重要论述");
	testdb_close(db);
}

static void
policy_later_year_uses_nearest_earlier(void **state)
{
	struct ceu_db *db = testdb_open();
	struct ceu_policy p;

	(void)state;
	assert_int_equal(ceu_db_exec(db, "INSERT INTO policy(year, key, "
	    "value) VALUES "
	    "(2025, 'total_hours', '80'), (2027, 'total_hours', '100')"),
	    CEU_OK);
	assert_int_equal(ceu_policy_load(db, 2026, &p), CEU_OK);
	assert_int_equal(p.total_hours, 800);
	assert_int_equal(p.attempts, 3);
	/* Deadlines follow the year asked for, not the row's year. */
	assert_int_equal(p.registration_deadline, 20261231);
	assert_int_equal(p.audit_deadline, 20270131);
	assert_int_equal(ceu_policy_load(db, 2024, &p), CEU_OK);
	assert_int_equal(p.total_hours, 900);
	assert_int_equal(ceu_policy_load(db, 2030, &p), CEU_OK);
	assert_int_equal(p.total_hours, 1000);
	testdb_close(db);
}

static void
r7_backfill_year_before_rows_uses_earliest(void **state)
{
	struct ceu_db *db = testdb_open();
	struct ceu_policy p;

	(void)state;
	assert_int_equal(ceu_policy_load(db, 2021, &p), CEU_OK);
	assert_int_equal(p.total_hours, 900);
	assert_int_equal(p.registration_deadline, 20211231);
	testdb_close(db);
}

static void
policy_check_rejects_bad_values(void **state)
{
	struct ceu_db *db = testdb_open();

	(void)state;
	assert_int_equal(ceu_policy_check(db, "total_hours", "90"), CEU_OK);
	assert_int_equal(ceu_policy_check(db, "total_hours", "-1"), CEU_EDATA);
	assert_int_equal(ceu_policy_check(db, "professional_share", "3/2"),
	    CEU_EDATA);
	assert_int_equal(ceu_policy_check(db, "professional_share", "1/2"),
	    CEU_OK);
	assert_int_equal(ceu_policy_check(db, "registration_deadline",
	    "YYYY-02-30"), CEU_EDATA);
	assert_int_equal(ceu_policy_check(db, "registration_deadline",
	    "YYYY-02-28"), CEU_OK);
	assert_int_equal(ceu_policy_check(db, "audit_deadline",
	    "(YYYY+1)-02-28"), CEU_OK);
	assert_int_equal(ceu_policy_check(db, "nonsense", "1"), CEU_EDATA);
	assert_non_null(strstr(db->msg, "nonsense"));
	testdb_close(db);
}

static void
policy_deadline_forms(void **state)
{
	int ymd;

	(void)state;
	assert_int_equal(ceu_policy_deadline("YYYY-12-31", 2023, &ymd), 0);
	assert_int_equal(ymd, 20231231);
	assert_int_equal(ceu_policy_deadline("(YYYY+1)-01-31", 2023, &ymd), 0);
	assert_int_equal(ymd, 20240131);
	assert_int_equal(ceu_policy_deadline("2024-03-01", 2023, &ymd), 0);
	assert_int_equal(ymd, 20240301);
	assert_int_equal(ceu_policy_deadline("YYYY-13-01", 2023, &ymd), -1);
	assert_int_equal(ceu_policy_deadline("tomorrow", 2023, &ymd), -1);
}

/* R7: the back-fill keys belong to the year whose row sets them: 2024,
 * without a row of its own, back-fills nothing; a 2025 row opens what it
 * says during 2025 only. */
static void
r7_backfill_keys_are_not_inherited(void **state)
{
	struct ceu_db *db = testdb_open();
	struct ceu_policy p;
	int what;

	(void)state;
	assert_int_equal(ceu_policy_load(db, 2024, &p), CEU_OK);
	assert_int_equal(p.backfill_from, 0);
	assert_int_equal(p.backfill_to, 0);
	assert_int_equal(p.total_hours, 900);	/* the others are */
	assert_int_equal(ceu_policy_set(db, 2025, "backfill_from", "2023",
	    &what), CEU_OK);
	/* Half a window is no policy. */
	assert_int_equal(ceu_policy_load(db, 2025, &p), CEU_EDATA);
	assert_non_null(strstr(db->msg, "go together"));
	assert_int_equal(ceu_policy_set(db, 2025, "backfill_to", "2024",
	    &what), CEU_OK);
	assert_int_equal(ceu_policy_load(db, 2025, &p), CEU_OK);
	assert_int_equal(p.backfill_from, 2023);
	assert_int_equal(p.backfill_to, 2024);
	assert_int_equal(ceu_policy_load(db, 2026, &p), CEU_OK);
	assert_int_equal(p.backfill_from, 0);
	/* A notice back-fills earlier years only. */
	assert_int_equal(ceu_policy_set(db, 2025, "backfill_to", "2025",
	    &what), CEU_EDATA);
	assert_non_null(strstr(db->msg, "R7"));
	testdb_close(db);
}

/* A deadline template is inherited by later years: its day must exist in
 * each (YYYY-02-29 would leave every common year without a policy). */
static void
policy_feb29_template_refused(void **state)
{
	struct ceu_db *db = testdb_open();
	int what;

	(void)state;
	assert_int_equal(ceu_policy_check(db, "registration_deadline",
	    "YYYY-02-29"), CEU_EDATA);
	assert_int_equal(ceu_policy_set(db, 2024, "registration_deadline",
	    "YYYY-02-29", &what), CEU_EDATA);
	assert_int_equal(ceu_policy_check(db, "audit_deadline",
	    "(YYYY+1)-02-29"), CEU_EDATA);
	/* A plain date is for its year, and not before it. */
	assert_int_equal(ceu_policy_set(db, 2024, "audit_deadline",
	    "2023-12-31", &what), CEU_EDATA);
	assert_non_null(strstr(db->msg, "before 2024 begins"));
	assert_int_equal(ceu_policy_set(db, 2024, "registration_deadline",
	    "2024-12-20", &what), CEU_OK);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM policy WHERE "
	    "year = 2024"), 1);
	testdb_close(db);
}

/* Rows are checked again when loaded: a value written behind ceu's back
 * is refused with year and key (and the message outlives the statement
 * it came from). */
static void
policy_bad_row_refused_when_loaded(void **state)
{
	struct ceu_db *db = testdb_open();
	struct ceu_policy p;

	(void)state;
	assert_int_equal(ceu_db_exec(db, "UPDATE policy SET value = "
	    "'YYYY-02-29' WHERE key = 'registration_deadline'"), CEU_OK);
	assert_int_equal(ceu_policy_load(db, 2023, &p), CEU_EDATA);
	assert_string_equal(db->msg, "policy 2023: invalid value 'YYYY-02-29' "
	    "for 'registration_deadline' (from 2023)");
	assert_int_equal(ceu_db_exec(db, "UPDATE policy SET value = "
	    "'YYYY-12-31' WHERE key = 'registration_deadline'"), CEU_OK);
	/* Keys that disagree: the audit before the registration deadline. */
	assert_int_equal(ceu_db_exec(db, "UPDATE policy SET value = "
	    "'YYYY-11-30' WHERE key = 'audit_deadline'"), CEU_OK);
	assert_int_equal(ceu_policy_load(db, 2023, &p), CEU_EDATA);
	assert_non_null(strstr(db->msg, "audit_deadline 2023-11-30 is before"));
	testdb_close(db);
}

/* R2: the share's basis and the largest record are policy. */
static void
policy_basis_and_max_record_hours(void **state)
{
	struct ceu_db *db = testdb_open();
	struct ceu_policy p;
	int what;

	(void)state;
	assert_int_equal(ceu_policy_check(db, "professional_share_basis",
	    "sometimes"), CEU_EDATA);
	assert_int_equal(ceu_policy_check(db, "max_record_hours", "0"),
	    CEU_EDATA);
	assert_int_equal(ceu_policy_set(db, 2024, "professional_share_basis",
	    "required", &what), CEU_OK);
	assert_int_equal(ceu_policy_set(db, 2024, "max_record_hours", "120",
	    &what), CEU_OK);
	assert_int_equal(ceu_policy_load(db, 2025, &p), CEU_OK);
	assert_int_equal(p.share_basis, CEU_BASIS_REQUIRED);
	assert_int_equal(p.max_record_hours, 1200);
	assert_int_equal(ceu_policy_load(db, 2023, &p), CEU_OK);
	assert_int_equal(p.share_basis, CEU_BASIS_ACTUAL);
	testdb_close(db);
}

static void
policy_missing_key_is_an_error(void **state)
{
	struct ceu_db *db = testdb_open();
	struct ceu_policy p;

	(void)state;
	assert_int_equal(ceu_db_exec(db, "DELETE FROM policy WHERE key = "
	    "'exam_pass_score'"), CEU_OK);
	assert_int_equal(ceu_policy_load(db, 2023, &p), CEU_EDATA);
	assert_non_null(strstr(db->msg, "exam_pass_score"));
	testdb_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(policy_2023_defaults),
		cmocka_unit_test(policy_later_year_uses_nearest_earlier),
		cmocka_unit_test(r7_backfill_year_before_rows_uses_earliest),
		cmocka_unit_test(policy_check_rejects_bad_values),
		cmocka_unit_test(policy_deadline_forms),
		cmocka_unit_test(policy_missing_key_is_an_error),
		cmocka_unit_test(r7_backfill_keys_are_not_inherited),
		cmocka_unit_test(policy_feb29_template_refused),
		cmocka_unit_test(policy_bad_row_refused_when_loaded),
		cmocka_unit_test(policy_basis_and_max_record_hours),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
