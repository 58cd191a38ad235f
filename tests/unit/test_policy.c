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
#include "testdb.h"

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
	assert_string_equal(p.theme, "习近平总书记关于人才工作的重要论述");
	testdb_close(db);
}

static void
policy_later_year_uses_nearest_earlier(void **state)
{
	struct ceu_db *db = testdb_open();
	struct ceu_policy p;

	(void)state;
	assert_int_equal(ceu_db_exec(db, "INSERT INTO policy VALUES "
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
