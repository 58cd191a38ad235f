/*
 * test_record.c - R10: one activity counts at most once per person, by
 * code and by the database itself; R16: record changes are journaled.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "journal.h"
#include "policy.h"
#include "record.h"
#include "fixture.h"
#include "values.h"

static struct ceu_record
roster_record(void)
{
	struct ceu_record r = {
		.person_id = 1, .year = 2023, .subject = CEU_PROFESSIONAL,
		.category = CEU_TRAINING, .hours = 240, .title = "培训班",
		.date = 20230501, .end_date = 20230503, .source = "roster",
		.filing_no = "GX2023-00001", .status = CEU_APPROVED,
	};
	return r;
}

static void
r10_filed_class_by_two_routes_counts_once(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_record r = roster_record();
	struct ceu_record viasys = r;
	long long id, id2;

	(void)state;
	assert_int_equal(ceu_record_add(db, &r, 0, &id), CEU_OK);
	/* The integrated system delivers the same class by its filing. */
	viasys.source = "integration";
	viasys.source_name = "health";
	viasys.ref = "GX2023-00001";
	assert_int_equal(ceu_record_add(db, &viasys, 0, &id2), CEU_EREFUSED);
	assert_int_equal(id2, id);
	assert_non_null(strstr(db->msg, "R10"));
	assert_non_null(strstr(db->msg, "roster GX2023-00001"));
	/* Another person may attend the same class. */
	r.person_id = 2;
	assert_int_equal(ceu_record_add(db, &r, 0, &id2), CEU_OK);
	assert_true(id2 != id);
	testdb_close(db);
}

static void
r10_own_registration_identity_folds_blanks(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_record r = {
		.person_id = 1, .year = 2023, .subject = CEU_PROFESSIONAL,
		.category = CEU_ACADEMIC, .hours = 30,
		.title = "全区  医学 学术年会", .date = 20230601,
		.source = "self", .status = CEU_PENDING,
	};
	char key[CEU_RECORD_KEY_SIZE];
	long long id, id2;

	(void)state;
	ceu_record_key(&r, key, sizeof(key));
	assert_string_equal(key, "self:全区 医学 学术年会|2023-06-01");
	assert_int_equal(ceu_record_add(db, &r, 1, &id), CEU_OK);
	r.title = " 全区 医学　学术年会 ";
	assert_int_equal(ceu_record_add(db, &r, 1, &id2), CEU_EREFUSED);
	/* Another day is another activity. */
	r.date = 20230602;
	assert_int_equal(ceu_record_add(db, &r, 1, &id2), CEU_OK);
	testdb_close(db);
}

static void
r10_withdrawn_record_frees_the_activity(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_record r = roster_record();
	long long id, id2;

	(void)state;
	assert_int_equal(ceu_record_add(db, &r, 0, &id), CEU_OK);
	assert_int_equal(ceu_record_set_status(db, id, CEU_REVOKED,
	    "wrong filing", 0), CEU_OK);
	assert_int_equal(ceu_record_add(db, &r, 0, &id2), CEU_OK);
	assert_true(id2 != id);
	testdb_close(db);
}

static void
r10_database_refuses_a_second_copy(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_record r = roster_record();
	long long id;

	(void)state;
	assert_int_equal(ceu_record_add(db, &r, 0, &id), CEU_OK);
	/* Straight SQL, past the code: the unique index still holds. */
	assert_int_not_equal(ceu_db_exec(db, "INSERT INTO record(person_id, "
	    "year, subject_code, hours, title, date, source, filing_no, "
	    "self_key, status_code) VALUES (1, 2023, 2, 240, "
	    "'x', '2023-05-01', 'integration', 'GX2023-00001', '', "
	    "0)"), CEU_OK);
	assert_non_null(strstr(sqlite3_errmsg(db->sql), "UNIQUE"));
	testdb_close(db);
}

static void
schema_refuses_what_must_never_be_stored(void **state)
{
	struct ceu_db *db = fixture_open(20230615);

	(void)state;
	/* Negative or zero hours, an unknown status or subject, an unknown
	 * person; a status by name, which is the code's name (schema.sql). */
	assert_int_not_equal(ceu_db_exec(db, "INSERT INTO record(person_id, "
	    "year, subject_code, hours, title, date, source, self_key, "
	    "status_code) VALUES (1, 2023, 2, -5, "
	    "'x', '2023-05-01', 'self', 'k1', 0)"), CEU_OK);
	assert_int_not_equal(ceu_db_exec(db, "INSERT INTO record(person_id, "
	    "year, subject_code, hours, title, date, source, self_key, "
	    "status_code) VALUES (1, 2023, 2, 5, "
	    "'x', '2023-05-01', 'self', 'k2', 7)"), CEU_OK);
	assert_int_not_equal(ceu_db_exec(db, "INSERT INTO record(person_id, "
	    "year, subject_code, hours, title, date, source, self_key, "
	    "status_code) VALUES (1, 2023, 3, 5, "
	    "'x', '2023-05-01', 'self', 'k5', 0)"), CEU_OK);
	assert_int_not_equal(ceu_db_exec(db, "INSERT INTO record(person_id, "
	    "year, subject_code, hours, title, date, source, self_key, "
	    "status_code, status) VALUES (1, 2023, 2, 5, "
	    "'x', '2023-05-01', 'self', 'k6', 0, 'approved')"), CEU_OK);
	assert_int_not_equal(ceu_db_exec(db, "INSERT INTO record(person_id, "
	    "year, subject_code, hours, title, date, source, self_key, "
	    "status_code) VALUES (99, 2023, 2, 5, "
	    "'x', '2023-05-01', 'self', 'k3', 0)"), CEU_OK);
	assert_int_not_equal(ceu_db_exec(db, "INSERT INTO record(person_id, "
	    "year, subject_code, hours, title, date, source, self_key, "
	    "status_code) VALUES (1, 2023, 2, 5.5, "
	    "'x', '2023-05-01', 'self', 'k4', 0)"), CEU_OK);
	testdb_close(db);
}

static void
r16_status_change_is_journaled_with_before_and_after(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_record r = roster_record();
	sqlite3_stmt *st;
	long long id, checked, bad;

	(void)state;
	r.status = CEU_PENDING;
	assert_int_equal(ceu_record_add(db, &r, 1, &id), CEU_OK);
	assert_int_equal(ceu_record_set_status(db, id, CEU_REJECTED,
	    "no certificate", 0), CEU_OK);
	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT action, "
	    "json_extract(before, '$.status'), json_extract(after, "
	    "'$.status'), reason FROM journal ORDER BY id DESC LIMIT 1", -1,
	    &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal(ceu_col_text(st, 0), "rejected");
	assert_string_equal(ceu_col_text(st, 1), "pending");
	assert_string_equal(ceu_col_text(st, 2), "rejected");
	assert_string_equal(ceu_col_text(st, 3), "no certificate");
	sqlite3_finalize(st);
	assert_int_equal(ceu_journal_verify(db, &checked, &bad), CEU_OK);
	assert_int_equal(checked, 2);
	testdb_close(db);
}


/* An integrated system's record of person 1, ref ref. */
static struct ceu_record
system_record(const char *ref, long hours)
{
	struct ceu_record r = {
		.person_id = 1, .year = 2023, .subject = CEU_PROFESSIONAL,
		.category = CEU_TRAINING, .hours = hours, .title = "网络课程",
		.date = 20230601, .source = "integration",
		.source_name = "hr", .ref = ref, .status = CEU_APPROVED,
	};
	return r;
}

static void
r10_add_many_across_calls_unchanged_reimport(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_record r[3] = { system_record("H1", 10),
		system_record("H2", 20), system_record("H3", 30) };
	struct ceu_record_result res[3];
	long long id;

	(void)state;
	assert_int_equal(ceu_record_add_many(db, r, 2, res), CEU_OK);
	assert_true(res[0].added && res[1].added);
	/* The next chunk starts with the last record of the one before. */
	assert_int_equal(ceu_record_add_many(db, r + 1, 2, res), CEU_OK);
	assert_false(res[0].added);
	assert_true(res[0].same);
	assert_int_equal(ceu_record_holder(db, &r[1], &id), CEU_OK);
	assert_int_equal(res[0].holder, id);
	assert_true(res[1].added);
	/* The whole file again: nothing added, every record the same. */
	assert_int_equal(ceu_record_add_many(db, r, 3, res), CEU_OK);
	for (int i = 0; i < 3; i++)
		assert_true(!res[i].added && res[i].same && res[i].holder > 0);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 3);
	testdb_close(db);
}

static void
r10_add_many_duplicates_within_one_call(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_record r[4] = { system_record("H1", 10),
		system_record("H1", 10), system_record("H2", 20),
		system_record("H1", 15) };
	struct ceu_record_result res[4];
	long long id;

	(void)state;
	assert_int_equal(ceu_record_add_many(db, r, 4, res), CEU_OK);
	assert_true(res[0].added && res[2].added);
	/* The first of the call holds the activity, not yet known by id. */
	assert_true(!res[1].added && res[1].same && res[1].holder == 0 &&
	    res[1].first == 0);
	/* Other hours for the same activity: not the same row again, but
	 * the same route saying otherwise (R10: a conflict). */
	assert_true(!res[3].added && !res[3].same && res[3].first == 0);
	assert_true(res[3].conflict && !res[1].conflict);
	assert_int_equal(ceu_record_holder(db, &r[3], &id), CEU_OK);
	assert_true(id > 0);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 2);
	testdb_close(db);
}

static void
r10_add_many_activity_held_by_another_route(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_record roster = roster_record();
	struct ceu_record r[2] = { system_record("GX2023-00001", 240),
		system_record("H9", 10) };
	struct ceu_record_result res[2];
	long long id;

	(void)state;
	assert_int_equal(ceu_record_add(db, &roster, 0, &id), CEU_OK);
	/* The system delivers the filed class by its filing number. */
	r[0].filing_no = "GX2023-00001";
	assert_int_equal(ceu_record_add_many(db, r, 2, res), CEU_OK);
	assert_false(res[0].added);
	assert_false(res[0].same);
	assert_int_equal(res[0].holder, id);
	assert_true(res[1].added);
	assert_int_equal(ceu_record_refuse(db, res[0].holder), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "roster GX2023-00001"));
	testdb_close(db);
}

static void
r10_add_many_refused_by_the_database_adds_nothing(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_record r[3] = { system_record("H1", 10),
		system_record("H2", 20), system_record("H3", 30) };
	struct ceu_record_result res[3];

	(void)state;
	r[1].person_id = 99;		/* not on the register */
	assert_int_equal(ceu_record_add_many(db, r, 3, res), CEU_EDATA);
	assert_non_null(strstr(db->msg, "FOREIGN KEY"));
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 0);
	testdb_close(db);
}

/* A person's own registration, pending. */
static struct ceu_record
own_record(const char *title, int date)
{
	struct ceu_record r = {
		.person_id = 1, .year = 2023, .subject = CEU_PROFESSIONAL,
		.category = CEU_TRAINING, .hours = 200, .title = title,
		.date = date, .source = "self", .status = CEU_PENDING,
	};
	return r;
}

/* R10: the organiser's roster replaces a pending own registration of the
 * same title (blanks folded) and date; the withdrawal is journaled with
 * the record that replaced it. */
static void
r10_roster_replaces_pending_own_registration(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_record own = own_record("　培训班  ", 20230501);
	struct ceu_record roster = roster_record();
	struct ceu_record_result res;
	long long own_id, id;

	(void)state;
	assert_int_equal(ceu_record_add(db, &own, 1, &own_id), CEU_OK);
	assert_int_equal(ceu_record_add_many(db, &roster, 1, &res), CEU_OK);
	assert_true(res.added);
	assert_int_equal(res.replaced, own_id);
	assert_int_equal(ceu_record_holder(db, &roster, &id), CEU_OK);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "source = 'self' AND status = 'withdrawn'"), 1);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM journal WHERE "
	    "action = 'withdrawn' AND entity = 'record' AND "
	    "json_extract(before, '$.status') = 'pending' AND "
	    "json_extract(after, '$.status') = 'withdrawn' AND reason LIKE "
	    "'replaced by record % (roster GX2023-00001, approved) (R10)'"),
	    1);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "status IN ('pending', 'approved')"), 1);
	testdb_close(db);
}

/* R10: by the filing too: the person registered the filed class
 * herself (--filing) and the roster comes after. */
static void
r10_roster_replaces_pending_own_of_the_same_filing(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_record own = own_record("我的培训", 20230501);
	struct ceu_record roster = roster_record();
	struct ceu_record_result res;
	long long own_id;

	(void)state;
	own.filing_no = "GX2023-00001";
	assert_int_equal(ceu_record_add(db, &own, 1, &own_id), CEU_OK);
	assert_int_equal(ceu_record_add_many(db, &roster, 1, &res), CEU_OK);
	assert_true(res.added);
	assert_int_equal(res.replaced, own_id);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "source = 'roster' AND status = 'approved'"), 1);
	testdb_close(db);
}

/* R10: an approved own registration of the same title and date holds
 * the activity: the roster row is a duplicate of it. */
static void
r10_roster_matching_approved_own_is_duplicate(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_record own = own_record("培训班", 20230501);
	struct ceu_record roster = roster_record();
	struct ceu_record_result res;
	long long own_id;

	(void)state;
	own.status = CEU_APPROVED;
	assert_int_equal(ceu_record_add(db, &own, 0, &own_id), CEU_OK);
	assert_int_equal(ceu_record_add_many(db, &roster, 1, &res), CEU_OK);
	assert_false(res.added);
	assert_false(res.same);
	assert_false(res.conflict);
	assert_int_equal(res.holder, own_id);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 1);
	testdb_close(db);
}

/* R10: an own registration of what the archive holds by another route,
 * by title and date, is refused naming it. */
static void
r10_own_registration_of_a_roster_class_refused(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_record roster = roster_record();
	struct ceu_record own = own_record(" 培训班　", 20230501);
	long long id, id2;

	(void)state;
	assert_int_equal(ceu_record_add(db, &roster, 0, &id), CEU_OK);
	assert_int_equal(ceu_record_add(db, &own, 1, &id2), CEU_EREFUSED);
	assert_int_equal(id2, id);
	assert_non_null(strstr(db->msg, "roster GX2023-00001"));
	/* Another day is another activity. */
	own.date = 20230502;
	assert_int_equal(ceu_record_add(db, &own, 1, &id2), CEU_OK);
	testdb_close(db);
}

/* R10: the same source and ref again with other values is a conflict,
 * and says both values. */
static void
r10_same_route_other_values_is_a_conflict(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_record r = system_record("H1", 10);
	struct ceu_record_result res;
	long long id;

	(void)state;
	assert_int_equal(ceu_record_add_many(db, &r, 1, &res), CEU_OK);
	r.date = 20230602;
	r.subject = CEU_PUBLIC_ELECTIVE;
	assert_int_equal(ceu_record_add_many(db, &r, 1, &res), CEU_OK);
	assert_true(!res.added && !res.same && res.conflict);
	assert_int_equal(ceu_record_holder(db, &r, &id), CEU_OK);
	assert_int_equal(res.holder, id);
	assert_int_equal(ceu_record_conflict(db, &r, id), CEU_EDATA);
	assert_non_null(strstr(db->msg, "subject professional there, "
	    "public_elective here"));
	assert_non_null(strstr(db->msg, "date 2023-06-01 there, 2023-06-02 "
	    "here"));
	assert_null(strstr(db->msg, "hours"));
	testdb_close(db);
}

/* A chunk the database refuses adds nothing: an own registration it
 * would have replaced stays pending. */
static void
r10_refused_chunk_leaves_own_registration_pending(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_record own = own_record("培训班", 20230501);
	struct ceu_record r[2] = { roster_record(), system_record("H1", 10) };
	struct ceu_record_result res[2];
	long long own_id;

	(void)state;
	assert_int_equal(ceu_record_add(db, &own, 1, &own_id), CEU_OK);
	r[1].person_id = 99;
	assert_int_equal(ceu_record_add_many(db, r, 2, res), CEU_EDATA);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "status = 'pending'"), 1);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM journal WHERE "
	    "action = 'withdrawn'"), 0);
	testdb_close(db);
}

/* R9, R16: what no record may be, whatever its route. */
static void
r16_records_that_cannot_be_true_refused(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_record r = system_record("H1", 10);
	struct ceu_policy p;

	(void)state;
	assert_int_equal(ceu_policy_load(db, 2023, &p), CEU_OK);
	assert_int_equal(ceu_record_check(db, &r, &p), CEU_OK);
	r.title = " 　 ";
	assert_int_equal(ceu_record_check(db, &r, &p), CEU_EDATA);
	assert_non_null(strstr(db->msg, "blank"));
	r.title = "课";
	r.hours = 901;
	assert_int_equal(ceu_record_check(db, &r, &p), CEU_EDATA);
	assert_non_null(strstr(db->msg, "max_record_hours"));
	r.hours = 900;
	assert_int_equal(ceu_record_check(db, &r, &p), CEU_OK);
	r.date = 20230616;
	assert_int_equal(ceu_record_check(db, &r, &p), CEU_EDATA);
	assert_non_null(strstr(db->msg, "after today (2023-06-15)"));
	r.date = 20230601;
	r.end_date = 20230620;
	assert_int_equal(ceu_record_check(db, &r, &p), CEU_EDATA);
	r.end_date = 0;
	r.year = 2024;
	assert_int_equal(ceu_record_check(db, &r, &p), CEU_EDATA);
	assert_non_null(strstr(db->msg, "year 2024 has not begun"));
	testdb_close(db);
}

/* R9, R11: rosters and integrated hours of a year until its audit
 * deadline; after it only late, with a reason. */
static void
r9_imports_close_at_the_audit_deadline(void **state)
{
	struct ceu_db *db = fixture_open(20240131);
	struct ceu_policy p;
	int late = -1;

	(void)state;
	assert_int_equal(ceu_policy_load(db, 2023, &p), CEU_OK);
	assert_int_equal(ceu_record_check_arrival(db, &p, NULL, &late),
	    CEU_OK);
	assert_int_equal(late, 0);
	db->today = 20240201;
	assert_int_equal(ceu_record_check_arrival(db, &p, NULL, &late),
	    CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "2024-01-31"));
	assert_non_null(strstr(db->msg, "--late --reason"));
	assert_int_equal(ceu_record_check_arrival(db, &p, "organiser late",
	    &late), CEU_OK);
	assert_int_equal(late, 1);
	testdb_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(r10_filed_class_by_two_routes_counts_once),
		cmocka_unit_test(r10_own_registration_identity_folds_blanks),
		cmocka_unit_test(r10_withdrawn_record_frees_the_activity),
		cmocka_unit_test(r10_database_refuses_a_second_copy),
		cmocka_unit_test(schema_refuses_what_must_never_be_stored),
		cmocka_unit_test(r16_status_change_is_journaled_with_before_and_after),
		cmocka_unit_test(r10_add_many_across_calls_unchanged_reimport),
		cmocka_unit_test(r10_add_many_duplicates_within_one_call),
		cmocka_unit_test(r10_add_many_activity_held_by_another_route),
		cmocka_unit_test(r10_add_many_refused_by_the_database_adds_nothing),
		cmocka_unit_test(r10_roster_replaces_pending_own_registration),
		cmocka_unit_test(
		    r10_roster_replaces_pending_own_of_the_same_filing),
		cmocka_unit_test(r10_roster_matching_approved_own_is_duplicate),
		cmocka_unit_test(r10_own_registration_of_a_roster_class_refused),
		cmocka_unit_test(r10_same_route_other_values_is_a_conflict),
		cmocka_unit_test(
		    r10_refused_chunk_leaves_own_registration_pending),
		cmocka_unit_test(r16_records_that_cannot_be_true_refused),
		cmocka_unit_test(r9_imports_close_at_the_audit_deadline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
