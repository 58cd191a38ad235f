/*
 * test_exam.c - the public required course (R3, R5, R6, R7): study before
 * attempts, three attempts a round, make-up rounds, the credit of a pass
 * to the year it is for, deadlines, and import idempotency.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "exam.h"
#include "import.h"
#include "journal.h"
#include "rules.h"
#include "fixture.h"

static void
fail_round(struct ceu_db *db, int year, int date)
{
	int passed, i;

	for (i = 0; i < 3; i++) {
		assert_int_equal(ceu_exam_attempt(db, 1, year, 450 + i,
		    date + i, 0, 0, NULL, &passed), CEU_OK);
		assert_false(passed);
	}
}

static void
r6_attempt_needs_study(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	int passed = -1;

	(void)state;
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 800, 20230601, 0, 0,
	    NULL, &passed), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "ceu-exam study"));
	assert_non_null(strstr(db->msg, "R6"));
	assert_int_equal(fixture_count(db,
	    "SELECT count(*) FROM exam_round"), 0);
	assert_int_equal(ceu_exam_study(db, 1, 2023, 20230601, NULL), CEU_OK);
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 800, 20230601, 0, 0,
	    NULL, &passed), CEU_OK);
	assert_true(passed);
	testdb_close(db);
}

static void
r6_fourth_attempt_refused(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_exam_status s;
	int passed;

	(void)state;
	assert_int_equal(ceu_exam_study(db, 1, 2023, 20230501, NULL), CEU_OK);
	fail_round(db, 2023, 20230502);
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 900, 20230610, 0, 0,
	    NULL, &passed), CEU_EREFUSED);
	assert_false(passed);
	assert_non_null(strstr(db->msg, "R6"));
	assert_non_null(strstr(db->msg, "ceu-exam makeup"));
	assert_int_equal(fixture_count(db,
	    "SELECT count(*) FROM exam_attempt"), 3);
	assert_int_equal(ceu_exam_get_status(db, 1, 2023, &s), CEU_OK);
	assert_int_equal(s.round, 1);
	assert_int_equal(s.attempts_used, 3);
	assert_int_equal(s.best_score, 452);
	assert_false(s.passed);
	testdb_close(db);
}

static void
r6_pass_mark_is_inclusive(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	int passed;

	(void)state;
	assert_int_equal(ceu_exam_study(db, 1, 2023, 20230501, NULL), CEU_OK);
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 599, 20230502, 0, 0,
	    NULL, &passed), CEU_OK);
	assert_false(passed);
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 600, 20230503, 0, 0,
	    NULL, &passed), CEU_OK);
	assert_true(passed);
	testdb_close(db);
}

static void
r6_makeup_opens_new_round(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_exam_status s;
	int passed;

	(void)state;
	assert_int_equal(ceu_exam_study(db, 1, 2023, 20230501, NULL), CEU_OK);
	fail_round(db, 2023, 20230502);
	assert_int_equal(ceu_exam_makeup(db, 1, 2023, "sick on exam days"),
	    CEU_OK);
	assert_int_equal(ceu_exam_get_status(db, 1, 2023, &s), CEU_OK);
	assert_int_equal(s.round, 2);
	assert_int_equal(s.attempts_used, 0);
	assert_false(s.studied);
	assert_int_equal(ceu_exam_study(db, 1, 2023, 20230615, NULL), CEU_OK);
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 750, 20230615, 0, 0,
	    NULL, &passed), CEU_OK);
	assert_true(passed);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM journal WHERE "
	    "action = 'makeup' AND reason = 'sick on exam days'"), 1);
	testdb_close(db);
}

static void
r6_makeup_needs_study_again(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	int passed;

	(void)state;
	assert_int_equal(ceu_exam_study(db, 1, 2023, 20230501, NULL), CEU_OK);
	fail_round(db, 2023, 20230502);
	assert_int_equal(ceu_exam_makeup(db, 1, 2023, "r"), CEU_OK);
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 750, 20230615, 0, 0,
	    NULL, &passed), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "studied again"));
	testdb_close(db);
}

static void
r6_makeup_only_after_failed_round(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	int passed;

	(void)state;
	assert_int_equal(ceu_exam_makeup(db, 1, 2023, "r"), CEU_EREFUSED);
	assert_int_equal(ceu_exam_study(db, 1, 2023, 20230501, NULL), CEU_OK);
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 300, 20230502, 0, 0,
	    NULL, &passed), CEU_OK);
	assert_int_equal(ceu_exam_makeup(db, 1, 2023, "r"), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "2 of 3 attempts left"));
	assert_int_equal(ceu_exam_makeup(db, 1, 2023, ""), CEU_EUSAGE);
	assert_int_equal(fixture_count(db,
	    "SELECT count(*) FROM exam_round"), 1);
	testdb_close(db);
}

static void
r6_study_after_used_round_points_to_makeup(void **state)
{
	struct ceu_db *db = fixture_open(20230615);

	(void)state;
	assert_int_equal(ceu_exam_study(db, 1, 2023, 20230501, NULL), CEU_OK);
	fail_round(db, 2023, 20230502);
	assert_int_equal(ceu_exam_study(db, 1, 2023, 20230610, NULL), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "ceu-exam makeup"));
	testdb_close(db);
}

static void
r6_year_passed_once(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	int passed;

	(void)state;
	assert_int_equal(ceu_exam_study(db, 1, 2023, 20230501, NULL), CEU_OK);
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 900, 20230502, 0, 0,
	    NULL, &passed), CEU_OK);
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 950, 20230503, 0, 0,
	    NULL, &passed), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "already passed on 2023-05-02"));
	assert_int_equal(ceu_exam_makeup(db, 1, 2023, "r"), CEU_EREFUSED);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 2);
	testdb_close(db);
}

/* The deadlines that work of year dated date answers to (R6, R7). */
static int
window(struct ceu_db *db, int year, int date)
{
	struct ceu_exam_window w;

	return ceu_exam_window(db, year, date, &w);
}

/* R6: an attempt is judged by its own date: dated after the deadline it
 * is refused, whenever and however it comes. */
static void
r6_attempt_after_deadline_refused(void **state)
{
	struct ceu_db *db = fixture_open(20231231);
	int passed;

	(void)state;
	assert_int_equal(ceu_exam_study(db, 1, 2023, 20231231, NULL), CEU_OK);
	db->today = 20240110;
	/* 2024 has no policy row of its own: it grants no back-fill. */
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 900, 20240110, 0, 0,
	    NULL, &passed), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "closed on 2023-12-31 (R6)"));
	assert_non_null(strstr(db->msg, "2024 grants no back-fill (R7)"));
	/* Not through an import either, nor with a reason. */
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 900, 20240102, 1, 0,
	    "platform", &passed), CEU_EREFUSED);
	assert_int_equal(fixture_count(db,
	    "SELECT count(*) FROM exam_attempt"), 0);
	testdb_close(db);
}

static void
r6_attempt_on_deadline_day_accepted(void **state)
{
	struct ceu_db *db = fixture_open(20231231);
	int passed;

	(void)state;
	assert_int_equal(window(db, 2023, 20231231), CEU_OK);
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 700, 0, 1, 0, NULL,
	    &passed), CEU_OK);
	assert_true(passed);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "date = '2023-12-31' AND late = 0"), 2);
	testdb_close(db);
}

/* R6: dated in time, entered at the counter after the deadline: only
 * with a reason, which the journal keeps; the credits are marked late. */
static void
r6_counter_entry_after_deadline_needs_late_reason(void **state)
{
	struct ceu_db *db = fixture_open(20231220);
	int passed;

	(void)state;
	assert_int_equal(ceu_exam_study(db, 1, 2023, 20231220, NULL), CEU_OK);
	db->today = 20240110;
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 900, 20231230, 0, 0,
	    NULL, &passed), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "--late --reason"));
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 900, 20231230, 0, 0,
	    "paper form found", &passed), CEU_OK);
	assert_true(passed);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM journal WHERE "
	    "action = 'attempt' AND reason = 'paper form found'"), 1);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "year = 2023 AND late = 1"), 2);
	testdb_close(db);
}

/* R6, R11: the exam platform delivers in January: an import of attempts
 * dated in time is in time until the audit deadline, then late. */
static void
r6_import_until_audit_deadline_then_late(void **state)
{
	struct ceu_db *db = fixture_open(20240115);
	int passed;

	(void)state;
	assert_int_equal(ceu_db_exec(db, "INSERT INTO batch(id, kind, file, "
	    "sha256, actor, at) VALUES (7, 'exams', 'e.csv', 'x', 'u', 'x')"),
	    CEU_OK);
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 800, 20231230, 1, 7,
	    NULL, &passed), CEU_OK);
	assert_true(passed);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "late = 0 AND batch = 7"), 2);
	db->today = 20240201;
	assert_int_equal(ceu_exam_attempt(db, 2, 2023, 800, 20231230, 1, 7,
	    NULL, &passed), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "2024-01-31"));
	assert_non_null(strstr(db->msg, "--late --reason"));
	assert_int_equal(ceu_exam_attempt(db, 2, 2023, 800, 20231230, 1, 7,
	    "platform outage", &passed), CEU_OK);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "person_id = 2 AND late = 1"), 2);
	testdb_close(db);
}

/* R6: study and make-up during the training period only. */
static void
r6_study_and_makeup_after_deadline_refused(void **state)
{
	struct ceu_db *db = fixture_open(20231210);

	(void)state;
	assert_int_equal(ceu_exam_study(db, 1, 2023, 20231201, NULL), CEU_OK);
	fail_round(db, 2023, 20231202);
	db->today = 20240105;
	assert_int_equal(ceu_exam_makeup(db, 1, 2023, "ill"), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "R6"));
	assert_int_equal(ceu_exam_study(db, 2, 2023, 20240105, NULL),
	    CEU_EREFUSED);
	assert_int_equal(fixture_count(db,
	    "SELECT count(*) FROM exam_round"), 1);
	testdb_close(db);
}

static void
r6_future_year_refused(void **state)
{
	struct ceu_db *db = fixture_open(20230615);

	(void)state;
	assert_int_equal(window(db, 2024, 20230615), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "2024 has not begun"));
	assert_int_equal(ceu_exam_study(db, 1, 2024, 0, NULL), CEU_EREFUSED);
	testdb_close(db);
}

static void
r5_pass_credits_fifteen_hours_approved(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_year_hours h;
	long long checked, bad;
	int passed;

	(void)state;
	assert_int_equal(ceu_exam_study(db, 1, 2023, 20230601, NULL), CEU_OK);
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 855, 20230602, 0, 0,
	    NULL, &passed), CEU_OK);
	assert_true(passed);
	assert_int_equal(ceu_rules_year_hours(db, 1, 2023, &h), CEU_OK);
	assert_int_equal(h.public_required, 150);
	assert_int_equal(h.pending, 0);
	assert_true(h.exam_passed);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "status = 'approved' AND source = 'exam' AND subject = "
	    "'public_required' AND date = '2023-06-02' AND ((ref = 'study' "
	    "AND hours = 100) OR (ref = 'exam' AND hours = 50))"), 2);
	/* R16: study, attempt and both credits journaled, chain intact. */
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM journal WHERE "
	    "action IN ('study', 'attempt', 'add')"), 4);
	assert_int_equal(ceu_journal_verify(db, &checked, &bad), CEU_OK);
	/* The other person has nothing. */
	assert_int_equal(ceu_rules_year_hours(db, 2, 2023, &h), CEU_OK);
	assert_int_equal(h.public_required, 0);
	testdb_close(db);
}

static void
r5_failed_attempt_credits_nothing(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	int passed;

	(void)state;
	assert_int_equal(ceu_exam_study(db, 1, 2023, 20230601, NULL), CEU_OK);
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 595, 20230602, 0, 0,
	    NULL, &passed), CEU_OK);
	assert_false(passed);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 0);
	testdb_close(db);
}

static void
r7_backfill_2021_counts_for_2021(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_year_hours h;
	int passed;

	(void)state;
	assert_int_equal(ceu_exam_study(db, 1, 2021, 20230601, NULL), CEU_OK);
	assert_int_equal(ceu_exam_attempt(db, 1, 2021, 700, 20230602, 0, 0,
	    NULL, &passed), CEU_OK);
	assert_true(passed);
	assert_int_equal(ceu_rules_year_hours(db, 1, 2021, &h), CEU_OK);
	assert_int_equal(h.public_required, 150);
	assert_true(h.exam_passed);
	assert_int_equal(ceu_rules_year_hours(db, 1, 2023, &h), CEU_OK);
	assert_int_equal(h.public_required, 0);
	assert_false(h.exam_passed);
	testdb_close(db);
}

/* R7: 2023's own row opens 2020-2022 during 2023; 2024, without a row
 * of its own, opens nothing, not 2023 either; a later notice may. */
static void
r7_backfill_belongs_to_the_year_that_grants_it(void **state)
{
	struct ceu_db *db = fixture_open(20231231);
	struct ceu_exam_window w;

	(void)state;
	assert_int_equal(ceu_exam_window(db, 2020, 20231231, &w), CEU_OK);
	assert_int_equal(w.year, 2023);
	assert_int_equal(w.deadline, 20231231);
	assert_int_equal(w.audit_deadline, 20240131);
	db->today = 20240101;
	assert_int_equal(window(db, 2020, 20240101), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "2024 grants no back-fill"));
	assert_int_equal(window(db, 2022, 20240101), CEU_EREFUSED);
	assert_int_equal(window(db, 2023, 20240101), CEU_EREFUSED);
	/* A 2025 notice that opens 2023-2024 during 2025. */
	assert_int_equal(ceu_db_exec(db, "INSERT INTO policy(year, key, "
	    "value) VALUES (2025, 'backfill_from', '2023'), "
	    "(2025, 'backfill_to', '2024')"),
	    CEU_OK);
	db->today = 20250301;
	assert_int_equal(ceu_exam_window(db, 2023, 20250301, &w), CEU_OK);
	assert_int_equal(w.year, 2025);
	assert_int_equal(w.deadline, 20251231);
	assert_int_equal(window(db, 2022, 20250301), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "2025 back-fills 2023-2024 only"));
	testdb_close(db);
}

static void
r7_before_backfill_from_refused(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	int passed;

	(void)state;
	assert_int_equal(ceu_exam_study(db, 1, 2019, 20230601, NULL), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "R7"));
	assert_non_null(strstr(db->msg, "2019-12-31"));
	assert_non_null(strstr(db->msg, "2020"));
	assert_int_equal(ceu_exam_attempt(db, 1, 2019, 900, 20230601, 1, 0,
	    NULL, &passed), CEU_EREFUSED);
	assert_int_equal(fixture_count(db,
	    "SELECT count(*) FROM exam_round"), 0);
	testdb_close(db);
}

static void
r3_implied_study_for_imports(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_exam_status s;
	int passed;

	(void)state;
	assert_int_equal(ceu_db_exec(db, "INSERT INTO batch(id, kind, file, "
	    "sha256, actor, at) VALUES (7, 'exams', 'e.csv', 'x', 'u', 'x')"),
	    CEU_OK);
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 500, 20230601, 1, 7,
	    NULL, &passed), CEU_OK);
	assert_int_equal(ceu_exam_get_status(db, 1, 2023, &s), CEU_OK);
	assert_int_equal(s.round, 1);
	assert_true(s.studied);
	assert_int_equal(s.attempts_used, 1);
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 800, 20230602, 1, 7,
	    NULL, &passed), CEU_OK);
	assert_true(passed);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "batch = 7"), 2);
	assert_int_equal(fixture_count(db,
	    "SELECT count(*) FROM exam_attempt WHERE "
	    "batch = 7"), 2);
	testdb_close(db);
}

static void
r6_refusal_inside_a_transaction_keeps_the_rest(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	int passed;

	(void)state;
	/* An importer's one transaction: a refused row writes nothing and
	 * the good rows around it stay. */
	assert_int_equal(ceu_db_begin(db), CEU_OK);
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 800, 20230601, 1, 0,
	    NULL, &passed), CEU_OK);
	assert_int_equal(ceu_exam_attempt(db, 2, 2019, 800, 20230601, 1, 0,
	    NULL, &passed), CEU_EREFUSED);
	assert_int_equal(ceu_exam_attempt(db, 2, 2023, 300, 20230601, 1, 0,
	    NULL, &passed), CEU_OK);
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 900, 20230602, 1, 0,
	    NULL, &passed), CEU_EREFUSED);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	assert_int_equal(fixture_count(db,
	    "SELECT count(*) FROM exam_attempt"), 2);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 2);
	testdb_close(db);
}

static void
dates_outside_year_or_after_today_are_bad_data(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	int passed;

	(void)state;
	assert_int_equal(ceu_exam_study(db, 1, 2023, 20221231, NULL), CEU_EDATA);
	assert_int_equal(ceu_exam_study(db, 1, 2023, 20230616, NULL), CEU_EDATA);
	assert_int_equal(ceu_exam_study(db, 1, 2023, 20230610, NULL), CEU_OK);
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 800, 20230609, 0, 0,
	    NULL, &passed), CEU_EDATA);
	assert_non_null(strstr(db->msg, "before the study"));
	assert_int_equal(ceu_exam_attempt(db, 1, 2023, 1001, 20230610, 0, 0,
	    NULL, &passed), CEU_EDATA);
	testdb_close(db);
}

/* ---- an import's attempts by chunks (ceu_exam_bulk) ---- */

/* One attempt offered to the bulk path, and what became of it. */
struct offer {
	long long person_id;
	int year, score, date;
	int rc, added;		/* out */
};

/* One chunk: every person-year wanted, read at once, each attempt judged
 * in order, the chunk written. */
static void
bulk_chunk(struct ceu_db *db, struct ceu_exam_bulk *b, struct offer *o,
    size_t n)
{
	int late;

	for (size_t i = 0; i < n; i++)
		ceu_exam_bulk_want(b, o[i].person_id, o[i].year);
	assert_int_equal(ceu_exam_bulk_load(db, b), CEU_OK);
	for (size_t i = 0; i < n; i++)
		o[i].rc = ceu_exam_bulk_attempt(db, b, o[i].person_id,
		    o[i].year, o[i].score, o[i].date, &o[i].added, &late);
	assert_int_equal(ceu_exam_bulk_write(db, b), CEU_OK);
}

/* R16: every round and attempt written carries its seal. */
static void
assert_sealed(struct ceu_db *db)
{
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM exam_round "
	    "WHERE seal IS NOT ceu_seal('exam_round', rowid, person_id, year, "
	    "round, opened_on, reason, studied_on)"), 0);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM "
	    "exam_attempt WHERE seal IS NOT ceu_seal('exam_attempt', rowid, "
	    "round_id, attempt, score, date, passed, batch, created_at)"), 0);
}

static struct ceu_db *
bulk_open(void)
{
	struct ceu_db *db = fixture_open(20230615);

	assert_int_equal(ceu_db_begin(db), CEU_OK);
	assert_int_equal(ceu_db_exec(db, "INSERT INTO batch(id, kind, file, "
	    "sha256, actor, at) VALUES (7, 'exams', 'e.csv', 'x', 'u', 'x')"),
	    CEU_OK);
	return db;
}

/* R5, R6: an import's attempts inside its transaction, the passes'
 * credits gathered and written with the chunk; a refused attempt (after
 * a pass, R6) leaves neither a row nor a credit behind. */
static void
r5_r6_import_credits_gathered_refusal_leaves_nothing(void **state)
{
	struct ceu_db *db = bulk_open();
	struct ceu_exam_bulk *b = ceu_exam_bulk_new(7, NULL);
	int added, late;

	(void)state;
	ceu_exam_bulk_want(b, 1, 2023);
	assert_int_equal(ceu_exam_bulk_load(db, b), CEU_OK);
	assert_int_equal(ceu_exam_bulk_attempt(db, b, 1, 2023, 500, 20230601,
	    &added, &late), CEU_OK);
	assert_true(added);
	assert_int_equal(ceu_exam_bulk_attempt(db, b, 1, 2023, 800, 20230602,
	    &added, &late), CEU_OK);
	assert_true(added);
	/* Gathered, not written one by one. */
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 0);
	assert_int_equal(ceu_exam_bulk_attempt(db, b, 1, 2023, 900, 20230603,
	    &added, &late), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "R6"));
	assert_false(added);
	assert_int_equal(ceu_exam_bulk_write(db, b), CEU_OK);
	assert_int_equal(fixture_count(db,
	    "SELECT count(*) FROM exam_attempt"), 2);
	/* The pass's two credits only: the failed and the refused attempt
	 * credit nothing. */
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 2);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "source = 'exam' AND status = 'approved' AND batch = 7"), 2);
	assert_int_equal(fixture_count(db, "SELECT sum(hours) FROM record"),
	    150);
	/* R10: the year's credit on file already is the archive's fault. */
	ceu_exam_bulk_want(b, 2, 2023);
	assert_int_equal(ceu_exam_bulk_load(db, b), CEU_OK);
	assert_int_equal(ceu_exam_bulk_attempt(db, b, 2, 2023, 800, 20230602,
	    &added, &late), CEU_OK);
	assert_true(added);
	assert_int_equal(ceu_db_exec(db, "UPDATE record SET person_id = 2 "
	    "WHERE ref = 'study'"), CEU_OK);
	assert_int_equal(ceu_exam_bulk_write(db, b), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "R10"));
	ceu_db_rollback(db);
	ceu_exam_bulk_free(b);
	testdb_close(db);
}

/* R3, R5, R6: two attempts of one person in one chunk are judged in the
 * order given, as one by one: the first opens round 1 (its study
 * implied), the pass credits 15 hours, an attempt after it is refused
 * and leaves nothing; the rows match those of the per-attempt path. */
static void
r6_bulk_chunk_judged_in_order_as_one_by_one(void **state)
{
	struct ceu_db *db = bulk_open(), *one = fixture_open(20230615);
	struct ceu_exam_bulk *b = ceu_exam_bulk_new(7, NULL);
	struct offer o[] = {
		{ 1, 2023, 500, 20230601, 0, 0 },
		{ 2, 2023, 300, 20230601, 0, 0 },
		{ 1, 2023, 800, 20230602, 0, 0 },
		{ 1, 2023, 900, 20230603, 0, 0 },
	};
	struct ceu_exam_status s;
	int passed;

	(void)state;
	bulk_chunk(db, b, o, 4);
	assert_int_equal(o[0].rc, CEU_OK);
	assert_true(o[0].added);
	assert_int_equal(o[2].rc, CEU_OK);
	assert_int_equal(o[3].rc, CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "already passed on 2023-06-02"));
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	assert_int_equal(ceu_exam_get_status(db, 1, 2023, &s), CEU_OK);
	assert_int_equal(s.round, 1);
	assert_true(s.studied);
	assert_int_equal(s.attempts_used, 2);
	assert_int_equal(s.best_score, 800);
	assert_int_equal(s.passed_on, 20230602);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "source = 'exam' AND person_id = 1 AND batch = 7 AND "
	    "status = 'approved'"), 2);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 2);
	assert_sealed(db);
	/* The same attempts one by one. */
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(ceu_exam_attempt(one, o[i].person_id,
		    o[i].year, o[i].score, o[i].date, 1, 0, NULL, &passed),
		    o[i].rc);
	assert_int_equal(fixture_count(one, "SELECT count(*) FROM "
	    "exam_attempt"), 3);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM exam_attempt "
	    "a JOIN exam_round r ON r.id = a.round_id"), 3);
	assert_int_equal(fixture_count(db, "SELECT sum(a.id * 7 + a.round_id * "
	    "5 + a.attempt * 3 + a.score + a.passed + r.person_id) FROM "
	    "exam_attempt a JOIN exam_round r ON r.id = a.round_id"),
	    fixture_count(one, "SELECT sum(a.id * 7 + a.round_id * 5 + "
	    "a.attempt * 3 + a.score + a.passed + r.person_id) FROM "
	    "exam_attempt a JOIN exam_round r ON r.id = a.round_id"));
	ceu_exam_bulk_free(b);
	testdb_close(one);
	testdb_close(db);
}

/* R6: a chunk boundary between a person's attempts: the next chunk reads
 * what the last one wrote, so the round's fourth attempt is refused and
 * the same attempt again adds nothing. */
static void
r6_bulk_chunk_boundary_keeps_the_round(void **state)
{
	struct ceu_db *db = bulk_open();
	struct ceu_exam_bulk *b = ceu_exam_bulk_new(7, NULL);
	struct offer first[] = {
		{ 1, 2023, 400, 20230601, 0, 0 },
		{ 1, 2023, 410, 20230602, 0, 0 },
	};
	struct offer next[] = {
		{ 1, 2023, 410, 20230602, 0, 0 },
		{ 1, 2023, 420, 20230603, 0, 0 },
		{ 1, 2023, 900, 20230604, 0, 0 },
	};

	(void)state;
	bulk_chunk(db, b, first, 2);
	bulk_chunk(db, b, next, 3);
	assert_int_equal(next[0].rc, CEU_OK);
	assert_false(next[0].added);	/* on file already */
	assert_int_equal(next[1].rc, CEU_OK);
	assert_true(next[1].added);
	assert_int_equal(next[2].rc, CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "ceu-exam makeup"));
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM exam_round"),
	    1);
	assert_int_equal(fixture_count(db, "SELECT group_concat(attempt, '') "
	    "FROM (SELECT attempt FROM exam_attempt ORDER BY id)"), 123);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 0);
	assert_sealed(db);
	ceu_exam_bulk_free(b);
	testdb_close(db);
}

/* R6, R7: a refusal in the middle of a chunk writes nothing of its row;
 * the rows around it are written; a row seen twice in one chunk counts
 * once. */
static void
r6_bulk_refusal_mid_chunk_leaves_nothing(void **state)
{
	struct ceu_db *db = bulk_open();
	struct ceu_exam_bulk *b = ceu_exam_bulk_new(7, NULL);
	struct offer o[] = {
		{ 1, 2023, 800, 20230601, 0, 0 },
		{ 2, 2019, 800, 20230601, 0, 0 },	/* R7: not open */
		{ 2, 2023, 300, 20230601, 0, 0 },
		{ 2, 2023, 300, 20230601, 0, 0 },	/* the same again */
		{ 2, 2023, 700, 20230531, 0, 0 },	/* before the study */
		{ 1, 2023, 900, 20230602, 0, 0 },	/* R6: passed */
	};

	(void)state;
	bulk_chunk(db, b, o, 6);
	assert_int_equal(o[1].rc, CEU_EREFUSED);
	assert_int_equal(o[3].rc, CEU_OK);
	assert_false(o[3].added);
	assert_int_equal(o[4].rc, CEU_EDATA);
	assert_int_equal(o[5].rc, CEU_EREFUSED);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM exam_round"),
	    2);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM "
	    "exam_round WHERE year = 2019"), 0);
	assert_int_equal(fixture_count(db,
	    "SELECT count(*) FROM exam_attempt"), 2);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 2);
	assert_sealed(db);
	ceu_exam_bulk_free(b);
	testdb_close(db);
}

/* Importing a file twice adds nothing: an attempt on file (the same
 * person, year, date and score) is unchanged; another score or person is
 * another attempt. */
static void
r6_bulk_attempt_on_file_adds_nothing(void **state)
{
	struct ceu_db *db = bulk_open();
	struct ceu_exam_bulk *b = ceu_exam_bulk_new(7, NULL);
	struct offer first[] = {
		{ 1, 2023, 500, 20230601, 0, 0 },
	};
	struct offer again[] = {
		{ 1, 2023, 500, 20230601, 0, 0 },	/* on file */
		{ 1, 2023, 510, 20230601, 0, 0 },	/* another score */
		{ 2, 2023, 500, 20230601, 0, 0 },	/* another person */
	};

	(void)state;
	bulk_chunk(db, b, first, 1);
	assert_int_equal(first[0].rc, CEU_OK);
	assert_true(first[0].added);
	bulk_chunk(db, b, again, 3);
	assert_int_equal(again[0].rc, CEU_OK);
	assert_false(again[0].added);
	assert_int_equal(again[1].rc, CEU_OK);
	assert_true(again[1].added);
	assert_int_equal(again[2].rc, CEU_OK);
	assert_true(again[2].added);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	assert_int_equal(fixture_count(db,
	    "SELECT count(*) FROM exam_attempt"), 3);
	ceu_exam_bulk_free(b);
	testdb_close(db);
}

/* R6: an imported attempt in a make-up round opened at the counter
 * records the round's study itself (implied) and is the round's first;
 * an attempt of an undone batch counts for nothing. */
static void
r6_bulk_makeup_round_and_undone_batch(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_exam_bulk *b = ceu_exam_bulk_new(8, NULL);
	struct offer o[] = {
		{ 1, 2023, 700, 20230615, 0, 0 },
		{ 2, 2023, 600, 20230601, 0, 0 },
	};
	struct ceu_exam_status s;
	int passed;

	(void)state;
	assert_int_equal(ceu_exam_study(db, 1, 2023, 20230501, NULL), CEU_OK);
	fail_round(db, 2023, 20230502);
	assert_int_equal(ceu_exam_makeup(db, 1, 2023, "ill"), CEU_OK);
	/* Person 2's pass came with batch 7, undone since. */
	assert_int_equal(ceu_db_exec(db, "INSERT INTO batch(id, kind, file, "
	    "sha256, actor, at, undone_at) VALUES (7, 'exams', 'e.csv', 'x', "
	    "'u', 'x', 'x'), (8, 'exams', 'e.csv', 'y', 'u', 'x', NULL)"),
	    CEU_OK);
	assert_int_equal(ceu_db_begin(db), CEU_OK);
	assert_int_equal(ceu_exam_attempt(db, 2, 2023, 600, 20230601, 1, 7,
	    NULL, &passed), CEU_OK);
	assert_int_equal(ceu_db_exec(db, "UPDATE record SET status_code = "
	    "4 WHERE batch = 7"), CEU_OK);	/* revoked */
	bulk_chunk(db, b, o, 2);
	assert_int_equal(o[0].rc, CEU_OK);
	assert_true(o[0].added);
	assert_int_equal(o[1].rc, CEU_OK);
	assert_true(o[1].added);	/* the undone one does not count */
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	assert_int_equal(ceu_exam_get_status(db, 1, 2023, &s), CEU_OK);
	assert_int_equal(s.round, 2);
	assert_true(s.studied);
	assert_int_equal(s.attempts_used, 1);
	assert_true(s.passed);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM exam_round "
	    "WHERE round = 2 AND studied_on = '2023-06-15'"), 1);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM exam_attempt "
	    "a JOIN exam_round r ON r.id = a.round_id WHERE r.person_id = 2 "
	    "AND r.round = 1 AND a.attempt = 2 AND a.batch = 8"), 1);
	assert_sealed(db);
	ceu_exam_bulk_free(b);
	testdb_close(db);
}

/* What an import told of its rows. */
struct told {
	long rows, last_line, rejected, unchanged;
	int in_order;
};

static void
told_row(void *ctx, const struct ceu_import_report *rep)
{
	struct told *t = ctx;

	t->in_order &= rep->row->line > t->last_line;
	t->last_line = rep->row->line;
	t->rows++;
	t->rejected += rep->outcome == CEU_IMPORT_REJECTED;
	t->unchanged += rep->outcome == CEU_IMPORT_UNCHANGED;
}

/* R6: ceu-import exams by chunks of 4096 rows, a person's attempts on
 * both sides of the first chunk's end: one round, attempts 1, 2, 3, the
 * fourth refused, the first again unchanged, every row told in file
 * order; and the import's one transaction rolled back leaves nothing. */
static void
r6_import_exams_across_a_chunk_end(void **state)
{
	static char *head[] = { "id_no", "year", "date", "score" };
	struct ceu_csv_row h = { 4, head, 1, NULL }, r;
	struct ceu_db *db = fixture_open(20230615);
	struct told t = { .in_order = 1 };
	struct ceu_import im;
	char *f[4] = { FIXTURE_ID1, "2023", "2023-06-01", "x" };
	static const struct { const char *id, *date, *score; } tail[] = {
		{ FIXTURE_ID1, "2023-06-01", "40" },	/* line 4096 */
		{ FIXTURE_ID1, "2023-06-02", "41" },	/* the chunk's last */
		{ FIXTURE_ID1, "2023-06-03", "42" },	/* the next chunk */
		{ FIXTURE_ID1, "2023-06-04", "90" },	/* R6: used up */
		{ FIXTURE_ID2, "2023-06-01", "60" },
		{ FIXTURE_ID1, "2023-06-01", "40" },	/* again */
	};
	long line = 2;

	(void)state;
	assert_int_equal(ceu_import_begin(db, &im, CEU_IMPORT_EXAMS, "e.csv",
	    NULL), CEU_OK);
	assert_int_equal(ceu_import_header(&im, &h, 0), CEU_OK);
	im.report = told_row;
	im.report_ctx = &t;
	for (; line < 4096; line++) {	/* a bad score each */
		r = (struct ceu_csv_row){ 4, f, line, NULL };
		assert_int_equal(ceu_import_queue(&im, &r), CEU_OK);
	}
	for (size_t i = 0; i < 6; i++, line++) {
		char *g[4] = { (char *)tail[i].id, "2023",
		    (char *)tail[i].date, (char *)tail[i].score };

		r = (struct ceu_csv_row){ 4, g, line, NULL };
		assert_int_equal(ceu_import_queue(&im, &r), CEU_OK);
	}
	assert_int_equal(ceu_import_finish(&im, "x"), CEU_OK);
	assert_int_equal(t.rows, 4100);
	assert_true(t.in_order);
	assert_int_equal(t.rejected, 4094 + 1);
	assert_int_equal(t.unchanged, 1);
	assert_int_equal(im.added, 4);
	assert_int_equal(fixture_count(db, "SELECT group_concat(a.attempt, "
	    "'') FROM (SELECT attempt FROM exam_attempt a JOIN exam_round r "
	    "ON r.id = a.round_id WHERE r.person_id = 1 ORDER BY a.id) a"),
	    123);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "person_id = 2 AND source = 'exam'"), 2);
	assert_sealed(db);
	/* Not committed: nothing of it stays. */
	ceu_import_end(&im);
	assert_int_equal(fixture_count(db,
	    "SELECT count(*) FROM exam_attempt"), 0);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 0);
	testdb_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(r6_attempt_needs_study),
		cmocka_unit_test(r6_fourth_attempt_refused),
		cmocka_unit_test(r6_pass_mark_is_inclusive),
		cmocka_unit_test(r6_makeup_opens_new_round),
		cmocka_unit_test(r6_makeup_needs_study_again),
		cmocka_unit_test(r6_makeup_only_after_failed_round),
		cmocka_unit_test(r6_study_after_used_round_points_to_makeup),
		cmocka_unit_test(r6_year_passed_once),
		cmocka_unit_test(r6_attempt_after_deadline_refused),
		cmocka_unit_test(r6_attempt_on_deadline_day_accepted),
		cmocka_unit_test(r6_counter_entry_after_deadline_needs_late_reason),
		cmocka_unit_test(r6_import_until_audit_deadline_then_late),
		cmocka_unit_test(r6_study_and_makeup_after_deadline_refused),
		cmocka_unit_test(r6_future_year_refused),
		cmocka_unit_test(r5_pass_credits_fifteen_hours_approved),
		cmocka_unit_test(r5_failed_attempt_credits_nothing),
		cmocka_unit_test(r7_backfill_2021_counts_for_2021),
		cmocka_unit_test(r7_backfill_belongs_to_the_year_that_grants_it),
		cmocka_unit_test(r7_before_backfill_from_refused),
		cmocka_unit_test(r3_implied_study_for_imports),
		cmocka_unit_test(r6_refusal_inside_a_transaction_keeps_the_rest),
		cmocka_unit_test(dates_outside_year_or_after_today_are_bad_data),
		cmocka_unit_test(
		    r5_r6_import_credits_gathered_refusal_leaves_nothing),
		cmocka_unit_test(r6_bulk_chunk_judged_in_order_as_one_by_one),
		cmocka_unit_test(r6_bulk_chunk_boundary_keeps_the_round),
		cmocka_unit_test(r6_bulk_refusal_mid_chunk_leaves_nothing),
		cmocka_unit_test(r6_bulk_attempt_on_file_adds_nothing),
		cmocka_unit_test(r6_bulk_makeup_round_and_undone_batch),
		cmocka_unit_test(r6_import_exams_across_a_chunk_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
