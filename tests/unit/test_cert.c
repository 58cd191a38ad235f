/*
 * test_cert.c - R12: the two certificates.  Eligible only (public: the
 * year's exam passed; completion: the year complete, R2a, at the
 * boundaries of R2 under the policy's share basis, here the default
 * "actual"); issued once, re-issuing returns it; signed, so that the QR
 * text verifies and the verify code comes from the signature; revoked at
 * once, with the reason and journaled, when a record of its basis stops
 * counting, and only then; the same page after a rename.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cert.h"
#include "fixture.h"
#include "record.h"
#include "values.h"

static struct ceu_db *db;
static struct ceu_key key;

static int
setup(void **state)
{
	char path[160];
	int made;

	(void)state;
	db = fixture_open(20231220);
	snprintf(path, sizeof(path), "%s/ceu.db.key", testdb_dir);
	return ceu_key_ensure(db, path, &key, &made) != CEU_OK;
}

static int
teardown(void **state)
{
	char path[160];

	(void)state;
	snprintf(path, sizeof(path), "%s/ceu.db.key", testdb_dir);
	unlink(path);
	ceu_key_wipe(&key);
	testdb_close(db);
	return 0;
}

/* An approved record of person 1 in year; returns its id. */
static long long
add(int year, int subject, long hours, const char *title, const char *ref)
{
	struct ceu_record r = {
		.person_id = 1, .year = year, .subject = subject,
		.category = subject == CEU_PROFESSIONAL ? CEU_OTHER : -1,
		.hours = hours, .title = title, .date = year * 10000 + 301,
		.source = ref ? "exam" : "integration",
		.source_name = ref ? NULL : "sys", .ref = ref,
		.status = CEU_APPROVED,
	};
	static int n;
	char own[64];
	long long id;

	/* Each an activity of its own (R10). */
	snprintf(own, sizeof(own), "%s-%d", title, ++n);
	if (ref == NULL)
		r.ref = own;
	assert_int_equal(ceu_record_add(db, &r, 0, &id), CEU_OK);
	return id;
}

/* Person 1's year: the exam passed (study 10 + exam 5) or not, elective
 * and professional hours, in tenths. */
static void
year_of(int year, int exam, long elective, long professional)
{
	if (exam) {
		add(year, CEU_PUBLIC_REQUIRED, 100, "公需科目学习", "study");
		add(year, CEU_PUBLIC_REQUIRED, 50, "公需科目考试", "exam");
	}
	if (elective)
		add(year, CEU_PUBLIC_ELECTIVE, elective, "选修课", NULL);
	if (professional)
		add(year, CEU_PROFESSIONAL, professional, "专业课", NULL);
}

/* Issue kind of year to person 1 in a transaction of its own. */
static int
issue(int kind, int year, struct ceu_cert *c, struct ceu_cert_issuer *is)
{
	int rc;

	assert_int_equal(ceu_db_begin(db), CEU_OK);
	assert_int_equal(ceu_cert_issuer_init(is, db, &key, kind, year),
	    CEU_OK);
	rc = ceu_cert_issue(is, 1, c);
	if (rc == CEU_OK)
		assert_int_equal(ceu_db_commit(db), CEU_OK);
	else
		ceu_db_rollback(db);
	return rc;
}

static long long
count(const char *sql)
{
	return fixture_count(db, sql);
}

static void
r2a_completion_sixty_of_ninety_issued(void **state)
{
	struct ceu_cert_issuer is;
	struct ceu_cert c;

	(void)state;
	/* 15 required + 15 elective + 60 professional = 90: complete. */
	year_of(2023, 1, 150, 600);
	assert_int_equal(issue(CEU_CERT_COMPLETION, 2023, &c, &is), CEU_OK);
	assert_true(c.is_new);
	assert_int_equal(is.issued, 1);
	assert_string_equal(c.f.serial, "GX2023C0000001");
	assert_string_equal(c.f.name, "张伟");
	assert_string_equal(c.f.id_masked, "450102********1231");
	assert_string_equal(c.f.unit_name, "u");
	assert_int_equal(c.f.issued_on, 20231220);
	assert_int_equal(c.f.public_hours, 300);
	assert_int_equal(c.f.professional_hours, 600);
	assert_int_equal(c.f.total_hours, 900);
	/* The basis: every approved record of the year, the exam pass
	 * among them. */
	assert_int_equal(count("SELECT basis = '[1,2,3,4]' FROM certificate"),
	    1);
}

static void
r2a_completion_below_the_bounds_refused_with_reasons(void **state)
{
	static const struct {
		int year, exam;
		long elective, professional;
		const char *why;
	} cases[] = {
		/* 89.9 hours: a tenth short of 90, and of 2/3 of itself. */
		{ 2024, 1, 150, 599, "total 89.9 < 90; professional 66.6% < "
		    "2/3" },
		/* 66.6 of 100 < 2/3 (R2, the default basis: the person's own
		 * total). */
		{ 2025, 1, 184, 666, "professional 66.6% < 2/3" },
		/* 15 + 35 + 60 = 110: 60 < 2/3 of 110 under basis actual. */
		{ 2026, 1, 350, 600, "professional 54.5% < 2/3" },
		/* Hours enough, the exam not passed (R2a). */
		{ 2027, 0, 300, 900, "public exam not passed" },
	};
	struct ceu_cert_issuer is;
	struct ceu_cert c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		year_of(cases[i].year, cases[i].exam, cases[i].elective,
		    cases[i].professional);
		assert_int_equal(issue(CEU_CERT_COMPLETION, cases[i].year, &c,
		    &is), CEU_EREFUSED);
		assert_string_equal(is.reason, cases[i].why);
		assert_non_null(strstr(db->msg, cases[i].why));
		assert_non_null(strstr(db->msg, "450102********1231"));
		assert_int_equal(is.refused, 1);
		assert_int_equal(is.no_exam, !cases[i].exam);
		assert_int_equal(is.short_hours, cases[i].exam);
	}
	assert_int_equal(count("SELECT count(*) FROM certificate"), 0);
}

static void
r2a_pending_hours_count_for_nothing(void **state)
{
	struct ceu_record r = {
		.person_id = 1, .year = 2023, .subject = CEU_PROFESSIONAL,
		.category = CEU_OTHER, .hours = 1, .title = "待审", .date =
		20230401, .source = "self", .status = CEU_PENDING,
	};
	struct ceu_cert_issuer is;
	struct ceu_cert c;
	long long id;

	(void)state;
	/* 59.9 professional approved and 0.1 pending: 89.9. */
	year_of(2023, 1, 150, 599);
	assert_int_equal(ceu_record_add(db, &r, 0, &id), CEU_OK);
	assert_int_equal(issue(CEU_CERT_COMPLETION, 2023, &c, &is),
	    CEU_EREFUSED);
	assert_non_null(strstr(is.reason, "total 89.9 < 90"));
	/* Approved by the unit (R11), the year is complete. */
	assert_int_equal(ceu_db_begin(db), CEU_OK);
	assert_int_equal(ceu_record_set_status(db, id, CEU_APPROVED, NULL, 0),
	    CEU_OK);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	assert_int_equal(issue(CEU_CERT_COMPLETION, 2023, &c, &is), CEU_OK);
	assert_int_equal(c.f.total_hours, 900);
}

static void
r12_public_needs_the_exam_alone(void **state)
{
	struct ceu_cert_issuer is;
	struct ceu_cert c;

	(void)state;
	year_of(2023, 0, 0, 300);
	assert_int_equal(issue(CEU_CERT_PUBLIC, 2023, &c, &is), CEU_EREFUSED);
	assert_string_equal(is.reason, "public exam not passed");
	/* Passed, with hours far short of R2: the public certificate
	 * certifies the required course, 10 + 5 hours. */
	year_of(2023, 1, 0, 0);
	assert_int_equal(issue(CEU_CERT_PUBLIC, 2023, &c, &is), CEU_OK);
	assert_string_equal(c.f.serial, "GX2023P0000001");
	assert_int_equal(c.f.public_hours, 150);
	assert_int_equal(c.f.professional_hours, 0);
	assert_int_equal(c.f.total_hours, 150);
	assert_int_equal(count("SELECT basis = '[2,3]' FROM certificate"), 1);
}

static void
r12_reissue_returns_the_certificate_held(void **state)
{
	struct ceu_cert_issuer is;
	struct ceu_cert a, b;

	(void)state;
	year_of(2023, 1, 150, 600);
	assert_int_equal(issue(CEU_CERT_COMPLETION, 2023, &a, &is), CEU_OK);
	/* More hours since: the certificate held is returned as it was. */
	year_of(2023, 0, 0, 100);
	assert_int_equal(issue(CEU_CERT_COMPLETION, 2023, &b, &is), CEU_OK);
	assert_false(b.is_new);
	assert_int_equal(is.held, 1);
	assert_int_equal(is.issued, 0);
	assert_int_equal(b.id, a.id);
	assert_string_equal(b.code, a.code);
	assert_memory_equal(b.sig, a.sig, CEU_KEY_SIG_BYTES);
	assert_int_equal(b.f.total_hours, 900);
	assert_int_equal(count("SELECT count(*) FROM certificate"), 1);
	assert_int_equal(count("SELECT count(*) FROM journal WHERE action = "
	    "'issue' AND entity = 'certificate'"), 1);
}

static void
r12_signed_qr_and_code_from_the_signature(void **state)
{
	struct ceu_cert_issuer is;
	struct ceu_cert c, back, found;
	struct ceu_cert_print t;
	struct ceu_certpage page;
	char code[CEU_VERIFYCODE_LEN + 1];
	int hit;

	(void)state;
	year_of(2023, 1, 150, 600);
	assert_int_equal(issue(CEU_CERT_COMPLETION, 2023, &c, &is), CEU_OK);
	ceu_verifycode_from_signature(c.sig, code);
	assert_string_equal(c.code, code);
	assert_int_equal(ceu_cert_find(db, CEU_CERT_BY_CODE, c.code, &found,
	    &hit), CEU_OK);
	assert_true(hit);
	assert_string_equal(found.f.serial, c.f.serial);
	assert_int_equal(ceu_cert_page(db, &found, &t, &page), CEU_OK);
	assert_string_equal(page.total_hours, "90");
	assert_string_equal(page.issued_on, "2023年12月20日");
	/* Offline: the QR text verifies with the public key alone. */
	assert_int_equal(ceu_cert_verify_qr(db, key.pk, t.qr, &back), CEU_OK);
	assert_string_equal(back.code, c.code);
	assert_string_equal(back.f.name, "张伟");
	assert_int_equal(back.f.total_hours, 900);
	/* One hour more in the text: not what the key signed. */
	found.f.total_hours = 910;
	assert_int_equal(ceu_certqr_text(db, &found.f, found.sig, t.qr,
	    sizeof(t.qr)), CEU_OK);
	assert_int_equal(ceu_cert_verify_qr(db, key.pk, t.qr, &back),
	    CEU_EREFUSED);
	assert_int_equal(ceu_cert_find(db, CEU_CERT_BY_CODE,
	    "0000000000000000", &found, &hit), CEU_OK);
	assert_false(hit);
}

static void
r12_basis_record_revoked_revokes_the_certificate(void **state)
{
	struct ceu_cert_issuer is;
	struct ceu_cert pub, comp, c;
	long long later;
	int hit;

	(void)state;
	year_of(2023, 1, 150, 600);
	assert_int_equal(issue(CEU_CERT_PUBLIC, 2023, &pub, &is), CEU_OK);
	assert_int_equal(issue(CEU_CERT_COMPLETION, 2023, &comp, &is),
	    CEU_OK);
	/* A record approved after the issue is no part of either basis. */
	later = add(2023, CEU_PROFESSIONAL, 50, "后来的课", NULL);
	assert_int_equal(ceu_db_begin(db), CEU_OK);
	assert_int_equal(ceu_record_revoke(db, later, "spot check"), CEU_OK);
	/* The professional record: the completion certificate falls, the
	 * public one (the exam's) stands. */
	assert_int_equal(ceu_record_revoke(db, 4, "spot check: no "
	    "attendance"), CEU_OK);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	assert_int_equal(ceu_cert_find(db, CEU_CERT_BY_SERIAL,
	    comp.f.serial, &c, &hit), CEU_OK);
	assert_true(c.revoked);
	assert_string_equal(c.revoke_reason, "record 4 revoked: spot check: "
	    "no attendance");
	assert_int_equal(ceu_cert_find(db, CEU_CERT_BY_SERIAL, pub.f.serial,
	    &c, &hit), CEU_OK);
	assert_false(c.revoked);
	assert_int_equal(count("SELECT count(*) FROM journal WHERE action = "
	    "'revoke' AND entity = 'certificate' AND entity_id = "
	    "'GX2023C0000002' AND reason LIKE 'record 4 revoked%'"), 1);
	/* Not printed any more (R12). */
	assert_int_equal(ceu_cert_find(db, CEU_CERT_BY_SERIAL,
	    comp.f.serial, &c, &hit), CEU_OK);
	{
		struct ceu_cert_print t;
		struct ceu_certpage page;

		assert_int_equal(ceu_cert_page(db, &c, &t, &page),
		    CEU_EREFUSED);
	}
}

static void
r12_basis_record_withdrawn_revokes_and_a_new_one_follows(void **state)
{
	struct ceu_cert_issuer is;
	struct ceu_cert a, b, c;
	int hit;

	(void)state;
	year_of(2023, 1, 150, 600);
	assert_int_equal(issue(CEU_CERT_PUBLIC, 2023, &a, &is), CEU_OK);
	/* Whatever takes a record out of approved: the exam credit
	 * withdrawn, say, or replaced. */
	assert_int_equal(ceu_db_begin(db), CEU_OK);
	assert_int_equal(ceu_record_set_status(db, 2, CEU_WITHDRAWN,
	    "replaced by record 9", 0), CEU_OK);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	assert_int_equal(ceu_cert_find(db, CEU_CERT_BY_SERIAL, a.f.serial, &c,
	    &hit), CEU_OK);
	assert_true(c.revoked);
	assert_string_equal(c.revoke_reason, "record 2 withdrawn: replaced by "
	    "record 9");
	/* No exam pass: none now.  Passed again: a new one on the new
	 * basis, with its own serial and code. */
	assert_int_equal(issue(CEU_CERT_PUBLIC, 2023, &b, &is), CEU_EREFUSED);
	add(2023, CEU_PUBLIC_REQUIRED, 50, "公需科目考试（补考）", "exam");
	assert_int_equal(issue(CEU_CERT_PUBLIC, 2023, &b, &is), CEU_OK);
	assert_true(b.is_new);
	assert_string_not_equal(b.f.serial, a.f.serial);
	assert_string_not_equal(b.code, a.code);
	assert_int_equal(count("SELECT basis = '[1,5]' FROM certificate "
	    "WHERE revoked_at IS NULL"), 1);
}

static void
r12_reprint_after_a_rename_is_the_same(void **state)
{
	struct ceu_cert_issuer is;
	struct ceu_cert a, b;
	struct ceu_cert_print ta, tb;
	struct ceu_certpage pa, pb;
	int hit;

	(void)state;
	year_of(2023, 1, 150, 600);
	assert_int_equal(issue(CEU_CERT_COMPLETION, 2023, &a, &is), CEU_OK);
	assert_int_equal(ceu_cert_page(db, &a, &ta, &pa), CEU_OK);
	assert_int_equal(ceu_db_exec(db, "UPDATE unit SET name = '新名称'; "
	    "UPDATE person SET name = '张伟伟'"), CEU_OK);
	assert_int_equal(ceu_cert_find(db, CEU_CERT_BY_SERIAL, a.f.serial, &b,
	    &hit), CEU_OK);
	assert_int_equal(ceu_cert_page(db, &b, &tb, &pb), CEU_OK);
	assert_string_equal(tb.qr, ta.qr);
	assert_string_equal(tb.code, ta.code);
	assert_string_equal(pb.unit_name, "u");
	assert_string_equal(pb.name, "张伟");
}

static int
each_count(void *ctx, const struct ceu_cert *c)
{
	(void)c;
	++*(int *)ctx;
	return 0;
}

static void
r12_list_by_status_kind_unit(void **state)
{
	struct ceu_cert_filter f = { 2023, NULL, -1, -1 };
	struct ceu_cert_issuer is;
	struct ceu_cert c;
	int n = 0;

	(void)state;
	year_of(2023, 1, 150, 600);
	assert_int_equal(issue(CEU_CERT_PUBLIC, 2023, &c, &is), CEU_OK);
	assert_int_equal(issue(CEU_CERT_COMPLETION, 2023, &c, &is), CEU_OK);
	assert_int_equal(ceu_db_begin(db), CEU_OK);
	assert_int_equal(ceu_record_revoke(db, 3, "false"), CEU_OK);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	assert_int_equal(ceu_cert_each(db, &f, each_count, &n), CEU_OK);
	assert_int_equal(n, 2);
	f.revoked = 1;
	n = 0;
	assert_int_equal(ceu_cert_each(db, &f, each_count, &n), CEU_OK);
	assert_int_equal(n, 1);
	f.revoked = 0;
	f.kind = CEU_CERT_COMPLETION;
	n = 0;
	assert_int_equal(ceu_cert_each(db, &f, each_count, &n), CEU_OK);
	assert_int_equal(n, 0);
	f = (struct ceu_cert_filter){ 0, FIXTURE_UNIT2, -1, -1 };
	n = 0;
	assert_int_equal(ceu_cert_each(db, &f, each_count, &n), CEU_OK);
	assert_int_equal(n, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(r2a_completion_sixty_of_ninety_issued),
		T(r2a_completion_below_the_bounds_refused_with_reasons),
		T(r2a_pending_hours_count_for_nothing),
		T(r12_public_needs_the_exam_alone),
		T(r12_reissue_returns_the_certificate_held),
		T(r12_signed_qr_and_code_from_the_signature),
		T(r12_basis_record_revoked_revokes_the_certificate),
		T(r12_basis_record_withdrawn_revokes_and_a_new_one_follows),
		T(r12_reprint_after_a_rename_is_the_same),
		T(r12_list_by_status_kind_unit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
