/*
 * db.c - the one SQLite file (db.h): opening, creating and upgrading it,
 * transactions, the statement cache, and the failures every library
 * function reports through it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "db.h"
#include "journal.h"
#include "policy.h"

static int pragma_int(sqlite3 *sql, const char *pragma, int *value);

int
ceu_db_fail(struct ceu_db *db, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	db->code = ceu_vmsg(db->msg, code, fmt, ap);
	va_end(ap);
	return code;
}

int
ceu_db_sqlfail(struct ceu_db *db, const char *what)
{
	int rc = sqlite3_errcode(db->sql) & 0xff;
	int code = CEU_EIO;

	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		code = CEU_EBUSY;
	else if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
		code = CEU_EDATA;
	else if (rc == SQLITE_CONSTRAINT)
		code = CEU_EDATA;
	if (code == CEU_EBUSY)
		return ceu_db_fail(db, code, "%s: database '%s' is busy; "
		    "try again", what, db->path);
	return ceu_db_fail(db, code, "%s: %s", what, sqlite3_errmsg(db->sql));
}

/* Fill db->now with the current UTC time. */
static void
set_now(struct ceu_db *db)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(db->now, sizeof(db->now), "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int
pragma_int(sqlite3 *sql, const char *pragma, int *value)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(sql, pragma, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*value = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Create or upgrade: the schema is idempotent, so running it adds what a
 * file of an older version lacks; then the 2023 policy rows (RULES). */
static int
install_schema(struct ceu_db *db)
{
	char *err = NULL;
	char buf[64];
	int rc;

	rc = sqlite3_exec(db->sql, ceu_schema_sql, NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		ceu_db_fail(db, CEU_EIO, "cannot install schema: %s",
		    err ? err : sqlite3_errmsg(db->sql));
		sqlite3_free(err);
		return db->code;
	}
	snprintf(buf, sizeof(buf), "PRAGMA application_id = %d",
	    CEU_APPLICATION_ID);
	if (ceu_db_exec(db, buf) != CEU_OK)
		return db->code;
	snprintf(buf, sizeof(buf), "PRAGMA user_version = %d",
	    CEU_SCHEMA_VERSION);
	return ceu_db_exec(db, buf);
}

/* The policy rows of the 2023 notice, unless the year has rows already. */
static int
seed_policy(struct ceu_db *db)
{
	static const char sql[] = "INSERT OR IGNORE INTO policy(year, key, "
	    "value) VALUES (2023, ?1, ?2)";
	size_t i;

	for (i = 0; ceu_policy_2023[i][0] != NULL; i++) {
		sqlite3_stmt *st = ceu_db_stmt(db, sql);

		if (st == NULL)
			return db->code;
		sqlite3_bind_text(st, 1, ceu_policy_2023[i][0], -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, 2, ceu_policy_2023[i][1], -1,
		    SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			return ceu_db_sqlfail(db, "policy");
	}
	return CEU_OK;
}

void
ceu_db_set_busy_timeout(struct ceu_db *db, int ms)
{
	db->busy_ms = ms;
	sqlite3_busy_timeout(db->sql, ms);
}

static int
configure(struct ceu_db *db)
{
	ceu_db_set_busy_timeout(db, db->busy_ms);
	if (ceu_db_exec(db, "PRAGMA foreign_keys = ON") != CEU_OK)
		return db->code;
	if (ceu_db_exec(db, "PRAGMA journal_mode = WAL") != CEU_OK)
		return db->code;
	return ceu_db_exec(db, "PRAGMA synchronous = NORMAL");
}

/*
 * What turns a database of version v - 1 into version v, before
 * schema.sql adds what is new (schema.sql alone makes a new database).
 */
static const char *const upgrade_sql[CEU_SCHEMA_VERSION + 1] = {
	[2] =
	/* A batch knows the id range of the records it made: undo finds
	 * them without an index on record(batch) that every loaded row
	 * paid for.  When a record was made and changed is in the journal
	 * and its batch, not repeated on every record. */
	"ALTER TABLE batch ADD COLUMN first_record INTEGER;"
	"ALTER TABLE batch ADD COLUMN last_record INTEGER;"
	"UPDATE batch SET first_record = (SELECT min(id) FROM record"
	"    WHERE record.batch = batch.id),"
	"  last_record = (SELECT max(id) FROM record"
	"    WHERE record.batch = batch.id);"
	"DROP INDEX IF EXISTS record_batch;"
	"ALTER TABLE record DROP COLUMN created_at;"
	"ALTER TABLE record DROP COLUMN updated_at;",
	[3] =
	/* R10's activity key is computed from a record's columns, not
	 * stored twice (schema.sql): the stored column keeps only what an
	 * own registration's title makes, and is blanked where it equals
	 * what the columns say, so that the computed key is the stored one
	 * for every record.  A person's records are found year by year in
	 * record_year_person. */
	"ALTER TABLE record RENAME COLUMN activity_key TO self_key;"
	"DROP INDEX IF EXISTS record_activity;"
	"DROP INDEX IF EXISTS record_person_year;"
	"ALTER TABLE record ADD COLUMN activity_key TEXT GENERATED ALWAYS AS"
	"  (CASE WHEN self_key <> '' THEN self_key"
	"  WHEN filing_no <> '' THEN 'filing:' || filing_no"
	"  WHEN source = 'exam' THEN 'exam:' || year || ':' || coalesce(ref, '')"
	"  ELSE 'source:' || coalesce(source_name, '') || ':' ||"
	"  coalesce(ref, '') END) VIRTUAL;"
	"UPDATE record SET self_key = '' WHERE self_key ="
	"  (CASE WHEN filing_no <> '' THEN 'filing:' || filing_no"
	"  WHEN source = 'exam' THEN 'exam:' || year || ':' || coalesce(ref, '')"
	"  ELSE 'source:' || coalesce(source_name, '') || ':' ||"
	"  coalesce(ref, '') END);",
};

/* Bring a database of version from (> 0) up to this ceu's. */
static int
upgrade(struct ceu_db *db, int from)
{
	char *err = NULL;

	for (int v = from + 1; v <= CEU_SCHEMA_VERSION; v++) {
		if (upgrade_sql[v] == NULL)
			continue;
		if (sqlite3_exec(db->sql, upgrade_sql[v], NULL, NULL, &err) !=
		    SQLITE_OK) {
			ceu_db_fail(db, CEU_EIO, "cannot upgrade to schema "
			    "version %d: %s", v, err ? err :
			    sqlite3_errmsg(db->sql));
			sqlite3_free(err);
			return db->code;
		}
	}
	return CEU_OK;
}

/* R16: the creation of the file is the journal's first row, and each
 * upgrade of it is journaled too, by db->actor. */
static int
journal_init(struct ceu_db *db, int created, int from)
{
	char before[32];

	if (created)
		return ceu_journal_append(db, "init", "database", db->path,
		    NULL, "{\"schema\":" CEU_SCHEMA_VERSION_TEXT "}", NULL);
	snprintf(before, sizeof(before), "{\"schema\":%d}", from);
	return ceu_journal_append(db, "upgrade", "database", db->path, before,
	    "{\"schema\":" CEU_SCHEMA_VERSION_TEXT "}", NULL);
}

/* Check what the file is, create or upgrade it when asked; with
 * journal, in the same transaction as its journal row. */
static int
check_version(struct ceu_db *db, int create, int journal)
{
	int appid = 0, version = 0, tables = 0, older;

	if (pragma_int(db->sql, "PRAGMA application_id", &appid) != SQLITE_OK ||
	    pragma_int(db->sql, "SELECT count(*) FROM sqlite_schema",
	    &tables) != SQLITE_OK)
		return ceu_db_fail(db, CEU_EDATA, "'%s' is not a ceu database "
		    "(%s)", db->path, sqlite3_errmsg(db->sql));
	pragma_int(db->sql, "PRAGMA user_version", &version);
	if (appid != CEU_APPLICATION_ID && (tables > 0 || !create))
		return ceu_db_fail(db, CEU_EDATA, "'%s' is not a ceu database",
		    db->path);
	if (version > CEU_SCHEMA_VERSION)
		return ceu_db_fail(db, CEU_EDATA, "'%s' has schema version %d, "
		    "newer than this ceu (%d)", db->path, version,
		    CEU_SCHEMA_VERSION);
	if (!create) {
		if (version < CEU_SCHEMA_VERSION)
			return ceu_db_fail(db, CEU_EREFUSED, "'%s' has schema "
			    "version %d; upgrade it with 'ceu init --db %s'",
			    db->path, version, db->path);
		return CEU_OK;
	}
	/* A file of an older schema is brought up to this one first. */
	older = tables > 0 && version > 0 && version < CEU_SCHEMA_VERSION;
	if (ceu_db_begin(db) != CEU_OK)
		return db->code;
	if ((older && upgrade(db, version) != CEU_OK) ||
	    install_schema(db) != CEU_OK || seed_policy(db) != CEU_OK ||
	    (journal && (tables == 0 || older) &&
	    journal_init(db, tables == 0, version) != CEU_OK)) {
		ceu_db_rollback(db);
		return db->code;
	}
	if (ceu_db_commit(db) != CEU_OK)
		return db->code;
	db->created = tables == 0;
	if (older)
		db->upgraded_from = version;
	return CEU_OK;
}

/* Before SQLite starts: no memory statistics, which take a global lock
 * on every allocation of every connection (a load allocates per row on
 * two threads).  Called before the first connection opens. */
static void
configure_sqlite(void)
{
	static int done;

	if (!done)
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	done = 1;
}

/* A handle for path that holds no connection yet. */
static struct ceu_db *
new_handle(const char *path)
{
	struct ceu_db *db = ceu_calloc(1, sizeof(*db));

	configure_sqlite();
	db->path = path;
	db->actor = "unknown";
	db->busy_ms = CEU_BUSY_TIMEOUT_MS;
	set_now(db);
	return db;
}

/* Open db->path; see ceu_db_open and ceu_db_init. */
static int
open_file(struct ceu_db *db, int create, int journal)
{
	/* One connection, one thread: no mutex around every API call. */
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int rc;

	if (!create && access(db->path, F_OK) != 0)
		return ceu_db_fail(db, errno == ENOENT ? CEU_ENOINPUT :
		    CEU_EIO, "no database '%s'; create it with 'ceu init "
		    "--db %s'", db->path, db->path);
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	if ((rc = sqlite3_open_v2(db->path, &db->sql, flags, NULL)) !=
	    SQLITE_OK)
		return ceu_db_fail(db, create ? CEU_ECANTCREAT : CEU_EIO,
		    "cannot open '%s': %s", db->path, db->sql ?
		    sqlite3_errmsg(db->sql) : sqlite3_errstr(rc));
	sqlite3_extended_result_codes(db->sql, 0);
	/*
	 * A new file gets 16 KiB pages (an existing one keeps its own): a
	 * bulk load writes every page twice, to the WAL and back, and with
	 * pages four times the default it makes a quarter of the frames and
	 * leaves its B-trees shallower; reports scan the same bytes in fewer
	 * pages.  Only a file not yet written takes it.
	 */
	if (create && ceu_db_exec(db, "PRAGMA page_size = 16384") != CEU_OK)
		return db->code;
	if (configure(db) != CEU_OK ||
	    check_version(db, create, journal) != CEU_OK) {
		if (strstr(db->msg, "not a database") != NULL)
			ceu_db_fail(db, CEU_EDATA, "'%s' is not a ceu database",
			    db->path);
		return db->code;
	}
	return CEU_OK;
}

int
ceu_db_open(const char *path, int create, struct ceu_db **out)
{
	*out = new_handle(path);
	return open_file(*out, create, 0);
}

int
ceu_db_init(const char *path, const char *actor, struct ceu_db **out)
{
	*out = new_handle(path);
	(*out)->actor = actor;
	return open_file(*out, 1, 1);
}

int
ceu_db_open_reader(const struct ceu_db *db, struct ceu_db **out)
{
	struct ceu_db *rd;

	*out = NULL;
	if (db->path == NULL || *db->path == '\0' ||
	    strcmp(db->path, ":memory:") == 0)
		return CEU_EUSAGE;
	rd = new_handle(db->path);
	rd->actor = db->actor;
	rd->today = db->today;
	memcpy(rd->now, db->now, sizeof(rd->now));
	if (sqlite3_open_v2(db->path, &rd->sql, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		ceu_db_close(rd);
		return CEU_EIO;
	}
	sqlite3_extended_result_codes(rd->sql, 0);
	/* The lock wait the caller chose reaches this connection too. */
	ceu_db_set_busy_timeout(rd, db->busy_ms);
	*out = rd;
	return CEU_OK;
}

void
ceu_db_close(struct ceu_db *db)
{
	int i;

	if (db == NULL)
		return;
	for (i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].stmt);
	sqlite3_close(db->sql);
	free(db);
}

int
ceu_db_exec(struct ceu_db *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db->sql, sql, NULL, NULL, &err) != SQLITE_OK) {
		sqlite3_free(err);
		return ceu_db_sqlfail(db, sql);
	}
	return CEU_OK;
}

int
ceu_db_begin(struct ceu_db *db)
{
	if (db->depth++ > 0)
		return CEU_OK;
	if (ceu_db_exec(db, "BEGIN IMMEDIATE") != CEU_OK) {
		db->depth = 0;
		return db->code;
	}
	return CEU_OK;
}

int
ceu_db_begin_read(struct ceu_db *db)
{
	if (db->depth++ > 0)
		return CEU_OK;
	if (ceu_db_exec(db, "BEGIN") != CEU_OK) {
		db->depth = 0;
		return db->code;
	}
	return CEU_OK;
}

int
ceu_db_commit(struct ceu_db *db)
{
	if (db->depth == 0 || --db->depth > 0)
		return CEU_OK;
	if (ceu_db_exec(db, "COMMIT") != CEU_OK) {
		int code = db->code;

		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		db->code = code;
		return code;
	}
	return CEU_OK;
}

void
ceu_db_rollback(struct ceu_db *db)
{
	if (db->depth == 0)
		return;
	db->depth = 0;
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *
ceu_db_stmt(struct ceu_db *db, const char *sql)
{
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < db->ncache; i++) {
		if (db->cache[i].sql == sql) {
			st = db->cache[i].stmt;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK) {
		ceu_db_sqlfail(db, "prepare");
		return NULL;
	}
	if (db->ncache == (int)(sizeof(db->cache) / sizeof(db->cache[0]))) {
		/* Never evict: a caller may hold a statement while taking
		 * another.  The cache is sized for every query of libceu. */
		sqlite3_finalize(st);
		ceu_db_fail(db, CEU_EIO, "statement cache full");
		return NULL;
	}
	db->cache[db->ncache].sql = sql;
	db->cache[db->ncache].stmt = st;
	db->ncache++;
	return st;
}

const char *
ceu_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? (const char *)s : "";
}
