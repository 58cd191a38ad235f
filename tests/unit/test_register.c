/*
 * test_register.c - a person's own registrations (R5, R8, R9, R10),
 * withdrawals (R11, R16), persons (R1) and the record listing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "exam.h"
#include "record.h"
#include "register.h"
#include "fixture.h"
#include "values.h"

static struct ceu_registration
own(void)
{
	struct ceu_registration r = {
		.person_id = 1, .year = 2023, .subject = CEU_PROFESSIONAL,
		.category = CEU_ACADEMIC, .hours = 120, .title = "学术年会",
		.date = 20230520,
	};
	return r;
}

static void
add_is_pending_and_journaled(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_registration r = own();
	long long id;

	(void)state;
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_OK);
	assert_true(id > 0);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "status = 'pending' AND source = 'self' AND hours = 120 AND "
	    "category = 'academic'"), 1);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM journal WHERE "
	    "action = 'add' AND entity = 'record'"), 1);
	testdb_close(db);
}

static void
r9_cross_year_refused(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_registration r = own();
	long long id;

	(void)state;
	r.date = 20221230;
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "R9"));
	r.date = 20230520;
	r.end_date = 20240102;
	r.year = 2023;
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "R9"));
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 0);
	testdb_close(db);
}

static void
r9_after_deadline_refused(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_registration r = own();
	long long id;

	(void)state;
	db->today = 20231231;
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_OK);
	db->today = 20240101;
	r.title = "另一次年会";
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "closed on 2023-12-31 (R9)"));
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 1);
	testdb_close(db);
}

static void
r10_same_title_and_date_refused(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_registration r = own();
	long long id, id2;

	(void)state;
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_OK);
	r.title = " 学术年会　";
	r.hours = 30;
	assert_int_equal(ceu_register_add(db, &r, &id2), CEU_EREFUSED);
	assert_int_equal(id2, id);
	assert_non_null(strstr(db->msg, "R10"));
	assert_non_null(strstr(db->msg, "self, pending"));
	testdb_close(db);
}

static void
r10_filed_class_not_registered_twice(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_record roster = {
		.person_id = 1, .year = 2023, .subject = CEU_PROFESSIONAL,
		.category = CEU_TRAINING, .hours = 240, .title = "培训班",
		.date = 20230501, .source = "roster",
		.filing_no = "GX2023-00001", .status = CEU_APPROVED,
	};
	struct ceu_registration r = own();
	long long id, id2;

	(void)state;
	assert_int_equal(ceu_record_add(db, &roster, 0, &id), CEU_OK);
	/* Another title, but the same filed class, its number spelt as
	 * people type it. */
	r.filing_no = " gx2023-00001";
	r.date = 0;
	r.category = -1;
	assert_int_equal(ceu_register_add(db, &r, &id2), CEU_EREFUSED);
	assert_int_equal(id2, id);
	assert_non_null(strstr(db->msg, "roster GX2023-00001"));
	assert_non_null(strstr(db->msg, "R10"));
	/* The other person registers it first; the organiser's roster then
	 * replaces her pending copy (R10: the roster is authoritative). */
	r.person_id = 2;
	assert_int_equal(ceu_register_add(db, &r, &id2), CEU_OK);
	roster.person_id = 2;
	assert_int_equal(ceu_record_add(db, &roster, 0, &id), CEU_OK);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "person_id = 2 AND status = 'withdrawn' AND source = 'self'"), 1);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM journal WHERE "
	    "action = 'withdrawn' AND reason LIKE 'replaced by record %' AND "
	    "reason LIKE '%roster GX2023-00001%'"), 1);
	testdb_close(db);
}

static void
r10_unknown_filing_or_more_hours_refused(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_registration r = own();
	long long id;

	(void)state;
	r.filing_no = "GX2023-09999";
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "unknown filing 'GX2023-09999'"));
	r.filing_no = "GX2023-00001";
	r.date = 0;
	r.category = -1;
	r.hours = 241;
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "24.1 hours is more than the 24"));
	r.hours = 240;
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_OK);
	testdb_close(db);
}

/* R10: a registration naming a filed class takes its subject, category
 * and dates; what it says otherwise is refused, naming the filing. */
static void
r10_filing_gives_subject_category_and_dates(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_registration r = own();
	long long id;

	(void)state;
	r.filing_no = "ｇｘ2023-00001";
	r.subject = CEU_PUBLIC_ELECTIVE;
	r.category = -1;
	r.date = 0;
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "subject public_elective is not what "
	    "filing GX2023-00001 was filed with (professional)"));
	r.subject = -1;
	r.date = 20230520;
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "2023-05-20 is outside filing "
	    "GX2023-00001, held 2023-05-01 to 2023-05-03"));
	r.date = 20230502;	/* a day of the class */
	r.title = NULL;
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_OK);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "subject = 'professional' AND category = 'training' AND "
	    "date = '2023-05-01' AND end_date = '2023-05-03' AND "
	    "title = '培训班' AND filing_no = 'GX2023-00001' AND "
	    "status = 'pending'"), 1);
	testdb_close(db);
}

/* R9, R16: a blank title, hours over the policy's largest record and an
 * activity not yet held are no registration. */
static void
r16_registration_that_cannot_be_true_refused(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_registration r = own();
	long long id;

	(void)state;
	r.title = "　 ";
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_EDATA);
	assert_non_null(strstr(db->msg, "blank"));
	r.title = "进修";
	r.hours = 905;
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_EDATA);
	assert_non_null(strstr(db->msg, "max_record_hours"));
	r.hours = 100;
	r.date = 20230616;
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_EDATA);
	assert_non_null(strstr(db->msg, "after today"));
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 0);
	testdb_close(db);
}

static void
r5_public_required_not_registered(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_registration r = own();
	long long id;

	(void)state;
	r.subject = CEU_PUBLIC_REQUIRED;
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "R5"));
	r.subject = CEU_PUBLIC_ELECTIVE;
	r.category = -1;
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_OK);
	testdb_close(db);
}

static void
r8_chinese_category_accepted(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_registration r = own();
	long long id;

	(void)state;
	r.category = ceu_category_parse("参与重大工作");
	assert_int_equal(r.category, CEU_MAJOR_WORK);
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_OK);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "category = 'major_work'"), 1);
	r.category = -1;
	r.title = "无类别";
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "R8"));
	testdb_close(db);
}

static void
r11_withdraw_pending_only(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_registration r = own();
	long long id, id2;

	(void)state;
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_OK);
	assert_int_equal(ceu_register_withdraw(db, id, "typo"), CEU_OK);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "status = 'withdrawn'"), 1);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM journal WHERE "
	    "action = 'withdrawn' AND reason = 'typo'"), 1);
	/* Twice is refused; the activity is free again (R10). */
	assert_int_equal(ceu_register_withdraw(db, id, NULL), CEU_EREFUSED);
	assert_int_equal(ceu_register_add(db, &r, &id2), CEU_OK);
	assert_int_equal(ceu_record_set_status(db, id2, CEU_APPROVED, NULL,
	    0), CEU_OK);
	assert_int_equal(ceu_register_withdraw(db, id2, NULL), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "approved, not pending"));
	assert_int_equal(ceu_register_withdraw(db, 999, NULL), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "no record 999"));
	/* R16: never deleted. */
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 2);
	testdb_close(db);
}

static void
r1_person_needs_a_known_unit(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_person p = { .id_no = "450305197811117899", .name = "w",
	    .unit_code = "91450300MA5N0002BH" };
	char id[19];
	struct ceu_person out;
	int what;

	(void)state;
	assert_int_equal(ceu_register_person(db, &p, &what), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "unknown unit"));
	p.unit_code = "91450100MA5K0001X6";
	assert_int_equal(ceu_register_person(db, &p, &what), CEU_OK);
	assert_int_equal(what, CEU_ADDED);
	p.unit_code = "12450200MB1234567F";
	assert_int_equal(ceu_register_person(db, &p, &what), CEU_OK);
	assert_int_equal(what, CEU_UPDATED);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM journal WHERE "
	    "entity = 'person' AND json_extract(before, '$.unit_code') = "
	    "'91450100MA5K0001X6' AND json_extract(after, '$.unit_code') = "
	    "'12450200MB1234567F'"), 1);
	/* Lookup normalises: a lower-case x is the same person. */
	assert_int_equal(ceu_register_find_person(db, " 45020319851230456x",
	    id, &out), CEU_OK);
	assert_int_equal(out.id, 2);
	assert_int_equal(ceu_register_find_person(db, "450102199001011235",
	    id, &out), CEU_EUSAGE);
	assert_non_null(strstr(db->msg, "check digit"));
	assert_int_equal(ceu_register_find_person(db, "450103199505050011",
	    id, &out), CEU_EREFUSED);
	testdb_close(db);
}

struct seen {
	int n;
	long long last;
	char titles[256];
};

static int
collect(void *ctx, const struct ceu_record_row *row)
{
	struct seen *s = ctx;
	size_t len = strlen(s->titles);

	s->n++;
	s->last = row->id;
	snprintf(s->titles + len, sizeof(s->titles) - len, "%s%s/%s",
	    len ? "," : "", row->title, row->status);
	return 0;
}

static void
list_filters_by_person_unit_year_status(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_registration r = own();
	struct ceu_record_filter f = { NULL, NULL, 0, -1 };
	struct seen s;
	long long id;

	(void)state;
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_OK);
	r.title = "b";
	r.date = 20230521;
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_OK);
	assert_int_equal(ceu_register_withdraw(db, id, NULL), CEU_OK);
	r.person_id = 2;
	r.title = "c";
	assert_int_equal(ceu_register_add(db, &r, &id), CEU_OK);
	memset(&s, 0, sizeof(s));
	assert_int_equal(ceu_records_each(db, &f, collect, &s), CEU_OK);
	assert_int_equal(s.n, 3);
	memset(&s, 0, sizeof(s));
	f.id_no = "450102199001011231";
	assert_int_equal(ceu_records_each(db, &f, collect, &s), CEU_OK);
	assert_string_equal(s.titles, "学术年会/pending,b/withdrawn");
	f.status = CEU_PENDING;
	memset(&s, 0, sizeof(s));
	assert_int_equal(ceu_records_each(db, &f, collect, &s), CEU_OK);
	assert_string_equal(s.titles, "学术年会/pending");
	f.id_no = NULL;
	f.unit_code = "12450200MB1234567F";
	memset(&s, 0, sizeof(s));
	assert_int_equal(ceu_records_each(db, &f, collect, &s), CEU_OK);
	assert_string_equal(s.titles, "c/pending");
	f.year = 2022;
	memset(&s, 0, sizeof(s));
	assert_int_equal(ceu_records_each(db, &f, collect, &s), CEU_OK);
	assert_int_equal(s.n, 0);
	testdb_close(db);
}

static void
list_row_values_follow_spec_columns(void **state)
{
	struct ceu_record_row row = {
		.id = 7, .id_no = "450102199001011231", .name = "p",
		.unit_code = "91450100MA5K0001X6", .year = 2023,
		.subject = "professional", .category = "", .hours = 125,
		.title = "t", .date = "2023-05-20", .end_date = "",
		.source = "self", .filing_no = "", .ref = "",
		.status = "pending", .batch = 0, .evidence = "",
	};
	const char *v[CEU_RECORD_NCOLS];
	char buf[CEU_RECORD_BUFSIZE];

	(void)state;
	ceu_record_row_values(&row, v, buf);
	assert_string_equal(ceu_record_cols[0].name, "record_id");
	assert_string_equal(ceu_record_cols[16].name, "evidence");
	assert_string_equal(v[0], "7");
	assert_string_equal(v[7], "12.5");
	assert_null(v[6]);
	assert_null(v[15]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(add_is_pending_and_journaled),
		cmocka_unit_test(r9_cross_year_refused),
		cmocka_unit_test(r9_after_deadline_refused),
		cmocka_unit_test(r10_same_title_and_date_refused),
		cmocka_unit_test(r10_filed_class_not_registered_twice),
		cmocka_unit_test(r10_unknown_filing_or_more_hours_refused),
		cmocka_unit_test(r10_filing_gives_subject_category_and_dates),
		cmocka_unit_test(r16_registration_that_cannot_be_true_refused),
		cmocka_unit_test(r5_public_required_not_registered),
		cmocka_unit_test(r8_chinese_category_accepted),
		cmocka_unit_test(r11_withdraw_pending_only),
		cmocka_unit_test(r1_person_needs_a_known_unit),
		cmocka_unit_test(list_filters_by_person_unit_year_status),
		cmocka_unit_test(list_row_values_follow_spec_columns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
