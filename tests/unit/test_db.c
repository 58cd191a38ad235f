/*
 * test_db.c - the database file: created only when asked, recognised as
 * ceu's, configured for several writers, transactions that nest.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testdb.h"

/* The value of a PRAGMA that answers with one number. */
static int
pragma(sqlite3 *sql, const char *text)
{
	sqlite3_stmt *st;
	int v;

	assert_int_equal(sqlite3_prepare_v2(sql, text, -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
db_missing_file_is_enoinput_and_not_created(void **state)
{
	struct ceu_db *db;

	(void)state;
	assert_int_equal(ceu_db_open("/tmp/ceu-no-such-dir/x.db", 0, &db),
	    CEU_ENOINPUT);
	/* A handle with the message, and no connection behind it. */
	assert_null(db->sql);
	assert_non_null(strstr(db->msg, "ceu init"));
	assert_int_not_equal(access("/tmp/ceu-no-such-dir/x.db", F_OK), 0);
	ceu_db_close(db);
}

static void
db_foreign_sqlite_file_refused(void **state)
{
	struct ceu_db *db = testdb_open();
	struct ceu_db *other;
	sqlite3 *raw;
	char path[160];

	(void)state;
	snprintf(path, sizeof(path), "%s/other.db", testdb_dir);
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "CREATE TABLE t(x)", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(raw);
	assert_int_equal(ceu_db_open(path, 0, &other), CEU_EDATA);
	assert_non_null(strstr(other->msg, "not a ceu database"));
	ceu_db_close(other);
	/* Not even ceu init takes over someone else's file. */
	assert_int_equal(ceu_db_init(path, "unit", &other), CEU_EDATA);
	ceu_db_close(other);
	unlink(path);
	testdb_close(db);
}

static void
db_configured_for_sharing(void **state)
{
	struct ceu_db *db = testdb_open();
	sqlite3_stmt *st;

	(void)state;
	assert_int_equal(sqlite3_prepare_v2(db->sql, "PRAGMA journal_mode",
	    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal(ceu_col_text(st, 0), "wal");
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db->sql, "PRAGMA foreign_keys",
	    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	/* The connection itself waits for a writer, not only a constant. */
	assert_true(pragma(db->sql, "PRAGMA busy_timeout") >= 10000);
	testdb_close(db);
}

/* The reading thread's connection waits as long as its writer's. */
static void
db_reader_waits_as_long_as_the_writer(void **state)
{
	struct ceu_db *db = testdb_open(), *rd;

	(void)state;
	ceu_db_set_busy_timeout(db, 1234);
	assert_int_equal(ceu_db_open_reader(db, &rd), CEU_OK);
	assert_int_equal(pragma(rd->sql, "PRAGMA busy_timeout"), 1234);
	ceu_db_close(rd);
	testdb_close(db);
}

static void
db_nested_transaction_commits_once(void **state)
{
	struct ceu_db *db = testdb_open();

	(void)state;
	assert_int_equal(ceu_db_begin(db), CEU_OK);
	assert_int_equal(ceu_db_begin(db), CEU_OK);
	assert_int_equal(ceu_db_exec(db, "INSERT INTO meta VALUES ('a', '1')"),
	    CEU_OK);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	/* Still inside the outer transaction. */
	assert_int_equal(sqlite3_get_autocommit(db->sql), 0);
	ceu_db_rollback(db);
	assert_int_not_equal(sqlite3_get_autocommit(db->sql), 0);
	/* The rollback undid the inner work: nothing half-written. */
	assert_int_equal(ceu_db_exec(db, "INSERT INTO meta VALUES ('a', '2')"),
	    CEU_OK);
	testdb_close(db);
}

static void
db_busy_writer_is_ebusy(void **state)
{
	struct ceu_db *db = testdb_open();
	sqlite3 *other;

	(void)state;
	assert_int_equal(sqlite3_open(testdb_path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_busy_timeout(db->sql, 50);	/* do not wait 15 s here */
	assert_int_equal(ceu_db_begin(db), CEU_EBUSY);
	assert_non_null(strstr(db->msg, "busy"));
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	testdb_close(db);
}

static void
db_statement_cache_reuses(void **state)
{
	static const char sql[] = "SELECT count(*) FROM policy";
	struct ceu_db *db = testdb_open();
	sqlite3_stmt *a, *b;

	(void)state;
	a = ceu_db_stmt(db, sql);
	assert_non_null(a);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	b = ceu_db_stmt(db, sql);
	assert_ptr_equal(a, b);
	/* Handed back reset: it runs again from the start. */
	assert_int_equal(sqlite3_step(b), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(b, 0), 13);
	testdb_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(db_missing_file_is_enoinput_and_not_created),
		cmocka_unit_test(db_foreign_sqlite_file_refused),
		cmocka_unit_test(db_configured_for_sharing),
		cmocka_unit_test(db_reader_waits_as_long_as_the_writer),
		cmocka_unit_test(db_nested_transaction_commits_once),
		cmocka_unit_test(db_busy_writer_is_ebusy),
		cmocka_unit_test(db_statement_cache_reuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
