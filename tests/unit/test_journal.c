/*
 * test_journal.c - R16: every change journaled in a hash chain that finds
 * any row edited, removed or inserted behind ceu's back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "journal.h"
#include "testdb.h"

/* Three rows after the one ceu init-like open makes (none: open alone
 * does not journal). */
static struct ceu_db *
three_rows(void)
{
	struct ceu_db *db = testdb_open();

	assert_int_equal(ceu_journal_append(db, "add", "record", "1", NULL,
	    "{\"hours\":100}", NULL), CEU_OK);
	assert_int_equal(ceu_journal_append(db, "approve", "record", "1",
	    "{\"status\":\"pending\"}", "{\"status\":\"approved\"}", NULL),
	    CEU_OK);
	assert_int_equal(ceu_journal_append(db, "revoke", "record", "1",
	    NULL, NULL, "found false"), CEU_OK);
	return db;
}

static void
r16_intact_chain_verifies(void **state)
{
	struct ceu_db *db = three_rows();
	long long checked, bad;

	(void)state;
	assert_int_equal(ceu_journal_verify(db, &checked, &bad), CEU_OK);
	assert_int_equal(checked, 3);
	assert_int_equal(bad, 0);
	testdb_close(db);
}

static void
r16_edited_row_detected(void **state)
{
	struct ceu_db *db = three_rows();
	long long checked, bad;

	(void)state;
	assert_int_equal(ceu_db_exec(db, "UPDATE journal SET after = "
	    "'{\"hours\":900}' WHERE id = 1"), CEU_OK);
	assert_int_equal(ceu_journal_verify(db, &checked, &bad), CEU_EREFUSED);
	assert_int_equal(bad, 1);
	assert_non_null(strstr(db->msg, "row 1"));
	testdb_close(db);
}

static void
r16_edited_actor_detected(void **state)
{
	struct ceu_db *db = three_rows();
	long long checked, bad;

	(void)state;
	assert_int_equal(ceu_db_exec(db, "UPDATE journal SET actor = "
	    "'someone' WHERE id = 3"), CEU_OK);
	assert_int_equal(ceu_journal_verify(db, &checked, &bad), CEU_EREFUSED);
	assert_int_equal(bad, 3);
	assert_int_equal(checked, 2);
	testdb_close(db);
}

static void
r16_deleted_row_detected(void **state)
{
	struct ceu_db *db = three_rows();
	long long checked, bad;

	(void)state;
	assert_int_equal(ceu_db_exec(db, "DELETE FROM journal WHERE id = 2"),
	    CEU_OK);
	assert_int_equal(ceu_journal_verify(db, &checked, &bad), CEU_EREFUSED);
	assert_int_equal(bad, 3);
	testdb_close(db);
}

static void
r16_null_and_empty_differ(void **state)
{
	struct ceu_db *db = three_rows();
	long long checked, bad;

	(void)state;
	/* Row 3 has before NULL; "" must not hash the same. */
	assert_int_equal(ceu_db_exec(db, "UPDATE journal SET before = '' "
	    "WHERE id = 3"), CEU_OK);
	assert_int_equal(ceu_journal_verify(db, &checked, &bad), CEU_EREFUSED);
	assert_int_equal(bad, 3);
	testdb_close(db);
}

static void
r16_rows_carry_actor_and_time(void **state)
{
	struct ceu_db *db = three_rows();
	sqlite3_stmt *st;

	(void)state;
	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT actor, at, "
	    "reason FROM journal WHERE id = 3", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal(ceu_col_text(st, 0), "unit");
	assert_string_equal(ceu_col_text(st, 1), db->now);
	assert_string_equal(ceu_col_text(st, 2), "found false");
	sqlite3_finalize(st);
	testdb_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(r16_intact_chain_verifies),
		cmocka_unit_test(r16_edited_row_detected),
		cmocka_unit_test(r16_edited_actor_detected),
		cmocka_unit_test(r16_deleted_row_detected),
		cmocka_unit_test(r16_null_and_empty_differ),
		cmocka_unit_test(r16_rows_carry_actor_and_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
