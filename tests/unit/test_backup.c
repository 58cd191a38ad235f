/*
 * test_backup.c - backups that verify before they are in place, keep's
 * idea of a verified backup, the check, and a restore that the journal
 * records (R16).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include "backup.h"
#include "journal.h"
#include "testdb.h"

static char paths[16][PATH_MAX];
static int npaths;

/* A file name in the test database's folder, removed (with its checksum
 * and key files) by remove_files, the last named first. */
static const char *
file(const char *name)
{
	char *p = paths[npaths++];

	snprintf(p, sizeof(paths[0]), "%s/%s", testdb_dir, name);
	return p;
}

static void
remove_files(void)
{
	char side[PATH_MAX + 8];

	while (npaths > 0) {
		const char *p = paths[--npaths];

		unlink(p);
		snprintf(side, sizeof(side), "%s.b2sum", p);
		unlink(side);
		snprintf(side, sizeof(side), "%s.key", p);
		unlink(side);
		rmdir(p);
	}
}

/* A database with two journal rows. */
static struct ceu_db *
two_rows(void)
{
	struct ceu_db *db = testdb_open();

	assert_int_equal(ceu_journal_append(db, "add", "record", "1", NULL,
	    "{\"hours\":100}", NULL), CEU_OK);
	assert_int_equal(ceu_journal_append(db, "add", "record", "2", NULL,
	    "{\"hours\":50}", NULL), CEU_OK);
	return db;
}

static void
make_backup(struct ceu_db *db, const char *dest, int keep,
    struct ceu_backup_result *r)
{
	struct ceu_backup_opts o = { .dest = dest, .keep = keep };

	assert_int_equal(ceu_backup_make(db, &o, r), CEU_OK);
}

static int
check(const char *path, struct ceu_backup_info *info)
{
	struct ceu_db *bk;
	char msg[1024];
	int rc;

	if ((rc = ceu_backup_open(path, &bk, msg)) != CEU_OK)
		return rc;
	rc = ceu_backup_check(bk, info);
	ceu_db_close(bk);
	return rc;
}

static void
backup_verified_summed_and_private(void **state)
{
	struct ceu_db *db = two_rows();
	struct ceu_backup_result r;
	struct ceu_backup_info info;
	struct stat sb;
	const char *dest = file("b.db");

	(void)state;
	umask(022);
	make_backup(db, dest, 0, &r);
	assert_string_equal(r.path, dest);
	assert_int_equal(r.key, 0);
	assert_int_equal(r.info.journal_rows, 2);
	assert_int_equal(r.info.head_id, 2);
	assert_int_equal(r.info.schema, CEU_SCHEMA_VERSION);
	assert_int_equal(stat(dest, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(check(dest, &info), CEU_OK);
	assert_int_equal(info.summed, 1);
	assert_string_equal(info.digest, r.info.digest);
	assert_string_equal(info.head_hash, r.info.head_hash);
	remove_files();
	testdb_close(db);
}

static void
check_refuses_extra_bytes_and_other_files(void **state)
{
	struct ceu_db *db = two_rows();
	struct ceu_backup_result r;
	struct ceu_backup_info info;
	const char *dest = file("b.db"), *other = file("other.db");
	sqlite3 *sql;
	FILE *fp;

	(void)state;
	make_backup(db, dest, 0, &r);
	assert_non_null(fp = fopen(dest, "ab"));
	fputs("appended", fp);
	fclose(fp);
	assert_int_equal(check(dest, &info), CEU_EREFUSED);
	assert_int_equal(sqlite3_open(other, &sql), SQLITE_OK);
	assert_int_equal(sqlite3_exec(sql, "CREATE TABLE t(x)", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(sql);
	assert_int_equal(check(other, &info), CEU_EDATA);
	assert_int_equal(check(file("none.db"), &info), CEU_ENOINPUT);
	remove_files();
	testdb_close(db);
}

static void
whole_needs_the_name_the_checksum_file_and_the_size(void **state)
{
	struct ceu_db *db = two_rows();
	struct ceu_backup_result r;
	const char *named = file("ceu-2020-01-01-000000.db");
	const char *other = file("saved.db");
	char sum[256];
	FILE *fp;

	(void)state;
	make_backup(db, named, 0, &r);
	make_backup(db, other, 0, &r);
	assert_true(ceu_backup_whole(named));
	assert_false(ceu_backup_whole(other));
	assert_int_equal(truncate(named, 16384), 0);
	assert_false(ceu_backup_whole(named));
	make_backup(db, named, 0, &r);
	snprintf(sum, sizeof(sum), "%s.b2sum", named);
	assert_non_null(fp = fopen(sum, "w"));
	fclose(fp);
	assert_false(ceu_backup_whole(named));
	remove_files();
	testdb_close(db);
}

static int removed_seen;

static void
count_removed(void *ctx, const char *path)
{
	(void)ctx;
	(void)path;
	removed_seen++;
}

static void
keep_removes_the_oldest_verified_only(void **state)
{
	struct ceu_db *db = two_rows();
	struct ceu_backup_opts o = { .keep = 2, .removed = count_removed };
	struct ceu_backup_result r;
	const char *folder = file("rot");
	const char *b1, *b2, *b3;

	(void)state;
	assert_int_equal(mkdir(folder, 0700), 0);
	b1 = file("rot/ceu-2020-01-01-000000.db");
	b2 = file("rot/ceu-2020-01-02-000000.db");
	b3 = file("rot/ceu-2020-01-03-000000.db");
	make_backup(db, b1, 0, &r);
	make_backup(db, b2, 0, &r);
	make_backup(db, b3, 0, &r);
	assert_int_equal(truncate(b3, 16384), 0);
	o.dest = folder;
	assert_int_equal(ceu_backup_make(db, &o, &r), CEU_OK);
	assert_non_null(strstr(r.path, "/rot/ceu-"));
	assert_int_equal(r.removed, 1);
	assert_int_equal(removed_seen, 1);
	assert_int_equal(access(b1, F_OK), -1);
	assert_true(ceu_backup_whole(b2));
	assert_int_equal(access(b3, F_OK), 0);
	assert_true(ceu_backup_whole(r.path));
	/* Removed in the reverse order: the folder last. */
	snprintf(paths[npaths++], sizeof(paths[0]), "%s", r.path);
	remove_files();
	testdb_close(db);
}

/* The last journal row's action, before and after. */
static void
last_row(struct ceu_db *db, char *buf, size_t size)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT action || ' ' || "
	    "ifnull(before, 'null') || ' ' || after FROM journal ORDER BY id "
	    "DESC LIMIT 1", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(buf, size, "%s", ceu_col_text(st, 0));
	sqlite3_finalize(st);
}

static void
r16_restore_is_journaled_with_both_heads(void **state)
{
	struct ceu_db *db = two_rows(), *bk;
	struct ceu_backup_result r;
	struct ceu_restore_opts o = { .db = testdb_path, .busy_timeout_ms = 1000 };
	struct ceu_restore_result rr;
	const char *dest = file("b.db");
	char msg[1024], row[1024];
	long long checked, bad;

	(void)state;
	make_backup(db, dest, 0, &r);
	assert_int_equal(ceu_journal_append(db, "add", "record", "3", NULL,
	    "{\"hours\":10}", NULL), CEU_OK);
	assert_int_equal(ceu_backup_open(dest, &bk, msg), CEU_OK);
	bk->actor = "restorer";
	assert_int_equal(ceu_backup_restore(bk, &o, &rr), CEU_EREFUSED);
	assert_non_null(strstr(bk->msg, "--force"));
	o.force = 1;
	assert_int_equal(ceu_backup_restore(bk, &o, &rr), CEU_OK);
	ceu_db_close(bk);
	assert_int_equal(rr.moved, 0);
	assert_int_equal(rr.info.head_id, 2);
	/* The open connection sees the restore as a commit. */
	last_row(db, row, sizeof(row));
	assert_non_null(strstr(row, "restore {\"kept\":"));
	assert_non_null(strstr(row, ".before-restore\",\"journal_id\":3,"));
	assert_non_null(strstr(row, "{\"from\":"));
	assert_non_null(strstr(row, "\"journal_id\":2,\"hash\":\""));
	assert_int_equal(ceu_journal_verify(db, &checked, &bad), CEU_OK);
	assert_int_equal(checked, 3);
	file("ceu.db.before-restore");
	remove_files();
	testdb_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(backup_verified_summed_and_private),
		cmocka_unit_test(check_refuses_extra_bytes_and_other_files),
		cmocka_unit_test(whole_needs_the_name_the_checksum_file_and_the_size),
		cmocka_unit_test(keep_removes_the_oldest_verified_only),
		cmocka_unit_test(r16_restore_is_journaled_with_both_heads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
