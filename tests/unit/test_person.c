/*
 * test_person.c - R1: units and persons on the register; R16: changes to
 * them are journaled with before and after.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "journal.h"
#include "person.h"
#include "fixture.h"

static const struct ceu_unit unit1 = {
	"91450100MA5K0001X6", "南宁市第一人民医院", "450100", "卫生健康"
};

static void
r1_person_needs_an_existing_unit(void **state)
{
	struct ceu_db *db = testdb_open();
	struct ceu_person p = { 0, "450102199001011231", "张伟",
	    "91450100MA5K0001X6", NULL, NULL };
	int what;

	(void)state;
	assert_int_equal(ceu_person_upsert(db, &p, 0, 1, &what), CEU_EDATA);
	assert_non_null(strstr(db->msg, "unknown unit"));
	assert_int_equal(ceu_unit_upsert(db, &unit1, 0, 1, &what), CEU_OK);
	assert_int_equal(what, CEU_ADDED);
	assert_int_equal(ceu_person_upsert(db, &p, 0, 1, &what), CEU_OK);
	assert_int_equal(what, CEU_ADDED);
	assert_true(p.id > 0);
	testdb_close(db);
}

static void
r1_upsert_twice_is_unchanged(void **state)
{
	struct ceu_db *db = testdb_open();
	struct ceu_person p = { 0, "450102199001011231", "张伟",
	    "91450100MA5K0001X6", "内科", NULL };
	int what, found;

	(void)state;
	assert_int_equal(ceu_unit_upsert(db, &unit1, 0, 1, &what), CEU_OK);
	assert_int_equal(ceu_unit_upsert(db, &unit1, 0, 1, &what), CEU_OK);
	assert_int_equal(what, CEU_UNCHANGED);
	assert_int_equal(ceu_person_upsert(db, &p, 0, 1, &what), CEU_OK);
	p.name = "张伟";
	p.specialty = NULL;	/* empty keeps what is registered */
	assert_int_equal(ceu_person_upsert(db, &p, 0, 1, &what), CEU_OK);
	assert_int_equal(what, CEU_UNCHANGED);
	assert_int_equal(ceu_person_find(db, "450102199001011231", &found, &p),
	    CEU_OK);
	assert_true(found);
	assert_string_equal(p.specialty, "内科");
	testdb_close(db);
}

static void
r16_change_of_unit_journaled_before_after(void **state)
{
	static const struct ceu_unit unit2 = {
		"12450200MB1234567F", "柳州市第二中学", "450200", "教育"
	};
	struct ceu_db *db = testdb_open();
	struct ceu_person p = { 0, "450102199001011231", "张伟",
	    "91450100MA5K0001X6", NULL, NULL };
	sqlite3_stmt *st;
	long long checked, bad;
	int what;

	(void)state;
	assert_int_equal(ceu_unit_upsert(db, &unit1, 0, 1, &what), CEU_OK);
	assert_int_equal(ceu_unit_upsert(db, &unit2, 0, 1, &what), CEU_OK);
	assert_int_equal(ceu_person_upsert(db, &p, 0, 1, &what), CEU_OK);
	p.unit_code = "12450200MB1234567F";
	assert_int_equal(ceu_person_upsert(db, &p, 0, 1, &what), CEU_OK);
	assert_int_equal(what, CEU_UPDATED);
	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT action, "
	    "json_extract(before, '$.unit_code'), json_extract(after, "
	    "'$.unit_code') FROM journal WHERE entity = 'person' "
	    "ORDER BY id DESC LIMIT 1", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal(ceu_col_text(st, 0), "update");
	assert_string_equal(ceu_col_text(st, 1), "91450100MA5K0001X6");
	assert_string_equal(ceu_col_text(st, 2), "12450200MB1234567F");
	sqlite3_finalize(st);
	assert_int_equal(ceu_journal_verify(db, &checked, &bad), CEU_OK);
	assert_int_equal(checked, 4);
	testdb_close(db);
}

/* R1, R16: a bulk load's upsert (journal 0): a new person added without
 * a journal row of its own but not without its unit, a person on file
 * unchanged, a rename journaled with the name before it. */
static void
r1_r16_bulk_upsert_journals_changes_only(void **state)
{
	struct ceu_db *db = testdb_open();
	struct ceu_person p = { 0, "450102199001011231", "张伟",
	    "91450100MA5K0001X6", "内科", NULL };
	char was[64];
	long long id;
	int what;

	(void)state;
	assert_int_equal(ceu_person_upsert_was(db, &p, 0, 0, &what, was,
	    sizeof(was)), CEU_EDATA);
	assert_non_null(strstr(db->msg, "unknown unit"));
	assert_int_equal(ceu_unit_upsert(db, &unit1, 0, 1, &what), CEU_OK);
	assert_int_equal(ceu_person_upsert_was(db, &p, 0, 0, &what, was,
	    sizeof(was)), CEU_OK);
	assert_int_equal(what, CEU_ADDED);
	assert_string_equal(was, "");
	assert_int_equal(ceu_person_id(db, p.id_no, &id), CEU_OK);
	assert_true(id > 0 && id == p.id);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM journal "
	    "WHERE entity = 'person'"), 0);
	p.specialty = "";	/* empty keeps what is registered */
	assert_int_equal(ceu_person_upsert_was(db, &p, 0, 0, &what, was,
	    sizeof(was)), CEU_OK);
	assert_int_equal(what, CEU_UNCHANGED);
	assert_int_equal(p.id, id);
	p.name = "张伟明";
	assert_int_equal(ceu_person_upsert_was(db, &p, 0, 0, &what, was,
	    sizeof(was)), CEU_OK);
	assert_int_equal(what, CEU_UPDATED);
	assert_string_equal(was, "张伟");
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM journal "
	    "WHERE entity = 'person' AND action = 'update' AND "
	    "json_extract(before, '$.name') = '张伟' AND "
	    "json_extract(after, '$.specialty') = '内科'"), 1);
	assert_int_equal(ceu_person_id(db, "45010219900101123X", &id),
	    CEU_OK);
	assert_int_equal(id, 0);
	testdb_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(r1_person_needs_an_existing_unit),
		cmocka_unit_test(r1_r16_bulk_upsert_journals_changes_only),
		cmocka_unit_test(r1_upsert_twice_is_unchanged),
		cmocka_unit_test(r16_change_of_unit_journaled_before_after),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
