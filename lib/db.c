/*
 * db.c - the one SQLite file (db.h): opening, creating and upgrading it,
 * transactions, the statement cache, and the failures every library
 * function reports through it.
 *
 * A file is looked at before it is changed: its header is read with
 * read(2), and only a ceu database (or, for ceu init, a missing or empty
 * file) is opened for writing, so that a refused file stays byte for
 * byte as it was, with nothing beside it.  A file ceu init makes is
 * created 0600 whatever the umask (SQLite gives its -wal and -shm the
 * file's mode), and removed again when the init fails.  Every handle is
 * on a list until closed, so that a command that ends early still closes
 * its connections, and SQLite removes the -wal and -shm it made.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "db.h"
#include "journal.h"
#include "policy.h"
#include "seal.h"

static int pragma_int(sqlite3 *sql, const char *pragma, int *value);
static int check_version(struct ceu_db *db, int create, int journal);

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
ceu_db_rcfail(struct ceu_db *db, int rc, const char *what)
{
	const char *why;

	/* The connection's own message when it is about rc: it says more. */
	why = (sqlite3_errcode(db->sql) & 0xff) == (rc & 0xff) ?
	    sqlite3_errmsg(db->sql) : sqlite3_errstr(rc);
	/* What the user can act on is said whole, without the statement. */
	/* A write that found no room is a full disk, whatever SQLite
	 * made of it (an I/O error on the -wal or -shm). */
	if (((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CANTOPEN) &&
	    db->sql != NULL && sqlite3_system_errno(db->sql) == ENOSPC)
		rc = SQLITE_FULL;
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ceu_db_fail(db, CEU_EBUSY, "database '%s' is busy; try "
		    "again", db->path);
	case SQLITE_FULL:
		return ceu_db_fail(db, CEU_EIO, "cannot write '%s': the disk "
		    "is full", db->path);
	case SQLITE_READONLY:
		return ceu_db_fail(db, CEU_EIO, "cannot write '%s': it is "
		    "read-only here", db->path);
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return ceu_db_fail(db, CEU_EDATA, "'%s' is damaged or not a "
		    "ceu database (%s)", db->path, why);
	case SQLITE_CONSTRAINT:
		return ceu_db_fail(db, CEU_EDATA, "%s: %s", ceu_tr(what), why);
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		return ceu_db_fail(db, CEU_EIO, "cannot read or write '%s': %s",
		    db->path, why);
	}
	return ceu_db_fail(db, CEU_EIO, "%s: %s", ceu_tr(what), why);
}

int
ceu_db_sqlfail(struct ceu_db *db, const char *what)
{
	return ceu_db_rcfail(db, sqlite3_errcode(db->sql), what);
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
		if (sqlite3_changes(db->sql) > 0 && ceu_seal_row(db,
		    CEU_SEAL_POLICY, sqlite3_last_insert_rowid(db->sql)) !=
		    CEU_OK)
			return db->code;
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
	[4] =
	/* R10: integrated systems are registered sources; the names that
	 * loaded hours before are registered as they were spelt (the first
	 * spelling of a name that differs only in case).  The new policy
	 * keys of 2023 (back-fill to, the largest record, the share's
	 * basis) come with the 2023 rows ceu init writes, and the index of
	 * own registrations with schema.sql. */
	"CREATE TABLE IF NOT EXISTS source ("
	"  source TEXT PRIMARY KEY COLLATE NOCASE CHECK (source <> ''),"
	"  name TEXT NOT NULL CHECK (name <> ''),"
	"  batch INTEGER REFERENCES batch(id),"
	"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL) STRICT;"
	"INSERT OR IGNORE INTO source(source, name, created_at, updated_at)"
	"  SELECT source, source, min(at), min(at) FROM batch"
	"  WHERE kind = 'hours' AND source IS NOT NULL AND source <> ''"
	"  GROUP BY source ORDER BY min(id);"
	/* R7: backfill_from F of year Y opened F..Y-1 until now; it opens
	 * backfill_from..backfill_to of Y only.  A row with F >= Y opened
	 * nothing, as a year without the keys now does. */
	"INSERT OR IGNORE INTO policy(year, key, value)"
	"  SELECT year, 'backfill_to', CAST(year - 1 AS TEXT) FROM policy"
	"  WHERE key = 'backfill_from' AND CAST(value AS INTEGER) < year;"
	"DELETE FROM policy WHERE key = 'backfill_from' AND"
	"  CAST(value AS INTEGER) >= year;",
	[5] =
	/* R12: a certificate keeps what it printed and signed, and the
	 * records it relied on (schema.sql).  A certificate of an older
	 * database has neither: it stays as it was, valid or not, and can
	 * be verified by its code but not printed again. */
	"ALTER TABLE certificate ADD COLUMN name TEXT;"
	"ALTER TABLE certificate ADD COLUMN id_masked TEXT;"
	"ALTER TABLE certificate ADD COLUMN unit_name TEXT;"
	"ALTER TABLE certificate ADD COLUMN signature BLOB CHECK (signature"
	" IS NULL OR length(signature) = 64);"
	"ALTER TABLE certificate ADD COLUMN basis TEXT;",
	[6] =
	/* R16: every row carries its seal (seal.h), made for the rows on
	 * file once every step has run (upgrade()). */
	"ALTER TABLE unit ADD COLUMN seal INTEGER;"
	"ALTER TABLE person ADD COLUMN seal INTEGER;"
	"ALTER TABLE policy ADD COLUMN seal INTEGER;"
	"ALTER TABLE batch ADD COLUMN seal INTEGER;"
	"ALTER TABLE filing ADD COLUMN seal INTEGER;"
	"ALTER TABLE record ADD COLUMN seal INTEGER;"
	"ALTER TABLE exam_round ADD COLUMN seal INTEGER;"
	"ALTER TABLE exam_attempt ADD COLUMN seal INTEGER;"
	"ALTER TABLE audit ADD COLUMN seal INTEGER;"
	"ALTER TABLE certificate ADD COLUMN seal INTEGER;"
	"ALTER TABLE source ADD COLUMN seal INTEGER;"
	"ALTER TABLE journal ADD COLUMN seal INTEGER;",
	[7] =
	/* A record's subject and status are kept as numbers, read by name
	 * from computed columns (schema.sql): the table is made anew with
	 * the same ids, its indexes with schema.sql, and its rows resealed
	 * (upgrade()).  Foreign keys are off meanwhile (check_version). */
	"CREATE TABLE record_7 ("
	"  id INTEGER PRIMARY KEY,"
	"  person_id INTEGER NOT NULL REFERENCES person(id),"
	"  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),"
	"  subject_code INTEGER NOT NULL CHECK (subject_code BETWEEN 0 AND 2),"
	"  category TEXT CHECK (category IS NULL OR category = 'training' OR"
	"    category = 'self_study' OR category = 'academic' OR"
	"    category = 'publication' OR category = 'major_work' OR"
	"    category = 'other'),"
	"  hours INTEGER NOT NULL CHECK (hours > 0),"
	"  title TEXT NOT NULL,"
	"  date TEXT NOT NULL,"
	"  end_date TEXT CHECK (end_date IS NULL OR end_date >= date),"
	"  source TEXT NOT NULL CHECK (source = 'self' OR source = 'roster' OR"
	"    source = 'integration' OR source = 'exam'),"
	"  source_name TEXT,"
	"  filing_no TEXT REFERENCES filing(filing_no),"
	"  ref TEXT,"
	"  self_key TEXT NOT NULL,"
	"  status_code INTEGER NOT NULL CHECK (status_code BETWEEN 0 AND 4),"
	"  batch INTEGER REFERENCES batch(id),"
	"  evidence TEXT,"
	"  late INTEGER NOT NULL DEFAULT 0 CHECK (late = 0 OR late = 1),"
	"  subject TEXT GENERATED ALWAYS AS (CASE subject_code"
	"    WHEN 0 THEN 'public_required' WHEN 1 THEN 'public_elective'"
	"    WHEN 2 THEN 'professional' END) VIRTUAL,"
	"  status TEXT GENERATED ALWAYS AS (CASE status_code"
	"    WHEN 0 THEN 'pending' WHEN 1 THEN 'approved'"
	"    WHEN 2 THEN 'rejected' WHEN 3 THEN 'withdrawn'"
	"    WHEN 4 THEN 'revoked' END) VIRTUAL,"
	"  activity_key TEXT GENERATED ALWAYS AS (CASE"
	"    WHEN self_key <> '' THEN self_key"
	"    WHEN filing_no <> '' THEN 'filing:' || filing_no"
	"    WHEN source = 'exam' THEN 'exam:' || year || ':' || coalesce(ref, '')"
	"    ELSE 'source:' || coalesce(source_name, '') || ':' ||"
	"    coalesce(ref, '') END) VIRTUAL,"
	"  seal INTEGER"
	") STRICT;"
	"INSERT INTO record_7(id, person_id, year, subject_code, category, hours,"
	"  title, date, end_date, source, source_name, filing_no, ref, self_key,"
	"  status_code, batch, evidence, late, seal)"
	"  SELECT id, person_id, year, CASE subject"
	"    WHEN 'public_required' THEN 0 WHEN 'public_elective' THEN 1"
	"    WHEN 'professional' THEN 2 END, category, hours, title, date,"
	"  end_date, source, source_name, filing_no, ref, self_key, CASE status"
	"    WHEN 'pending' THEN 0 WHEN 'approved' THEN 1 WHEN 'rejected' THEN 2"
	"    WHEN 'withdrawn' THEN 3 WHEN 'revoked' THEN 4 END, batch, evidence,"
	"  late, seal FROM record ORDER BY id;"
	"DROP TABLE record;"
	"ALTER TABLE record_7 RENAME TO record;",
};

/* The first version whose upgrade makes a table anew (foreign keys off
 * while it runs), and the version that reseals the records. */
#define REBUILD_SINCE 7

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
	/* The rows of a file older than seals get theirs, with the columns
	 * every step has left them (a later step that adds a column to a
	 * sealed table reseals it: ceu_seal_table). */
	for (int t = 0; from < CEU_SEAL_SINCE && t < CEU_SEAL_NTABLES; t++)
		if (ceu_seal_table(db, t) != CEU_OK)
			return db->code;
	if (from >= CEU_SEAL_SINCE && from < REBUILD_SINCE &&
	    ceu_seal_table(db, CEU_SEAL_RECORD) != CEU_OK)
		return db->code;
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

/* Whether this ceu can open a database of schema version (a newer one
 * never; an older one only to upgrade it, create). */
static int
schema_usable(struct ceu_db *db, int version, int create)
{
	if (version > CEU_SCHEMA_VERSION)
		return ceu_db_fail(db, CEU_EDATA, "'%s' has schema version %d, "
		    "newer than this ceu (%d)", db->path, version,
		    CEU_SCHEMA_VERSION);
	if (!create && version < CEU_SCHEMA_VERSION)
		return ceu_db_fail(db, CEU_EREFUSED, "'%s' has schema version "
		    "%d; upgrade it with 'ceu init --db %s'", db->path, version,
		    db->path);
	return CEU_OK;
}

/* Foreign keys on again after a failed upgrade that switched them off
 * (when was), keeping the failure's message. */
static void
fk_on(struct ceu_db *db, int was)
{
	if (was)
		sqlite3_exec(db->sql, "PRAGMA foreign_keys = ON", NULL, NULL,
		    NULL);
}

/* Check what the file is, create or upgrade it when asked; with
 * journal, in the same transaction as its journal row. */
static int
check_version(struct ceu_db *db, int create, int journal)
{
	int appid = 0, version = 0, tables = 0, older, rebuild;

	if (pragma_int(db->sql, "PRAGMA application_id", &appid) != SQLITE_OK ||
	    pragma_int(db->sql, "SELECT count(*) FROM sqlite_schema",
	    &tables) != SQLITE_OK)
		return ceu_db_fail(db, CEU_EDATA, "'%s' is not a ceu database "
		    "(%s)", db->path, sqlite3_errmsg(db->sql));
	pragma_int(db->sql, "PRAGMA user_version", &version);
	if (appid != CEU_APPLICATION_ID && (tables > 0 || !create))
		return ceu_db_fail(db, CEU_EDATA, "'%s' is not a ceu database",
		    db->path);
	if (schema_usable(db, version, create) != CEU_OK)
		return db->code;
	if (!create)
		return CEU_OK;
	/* A file of an older schema is brought up to this one first. */
	older = tables > 0 && version > 0 && version < CEU_SCHEMA_VERSION;
	/* A table made anew is dropped and renamed: foreign keys, which
	 * SQLite switches only outside a transaction, are off meanwhile. */
	rebuild = older && version < REBUILD_SINCE;
	if ((rebuild && ceu_db_exec(db, "PRAGMA foreign_keys = OFF") !=
	    CEU_OK) || ceu_db_begin(db) != CEU_OK)
		return db->code;
	if ((older && upgrade(db, version) != CEU_OK) ||
	    install_schema(db) != CEU_OK || seed_policy(db) != CEU_OK ||
	    (journal && (tables == 0 || older) &&
	    journal_init(db, tables == 0, version) != CEU_OK)) {
		ceu_db_rollback(db);
		fk_on(db, rebuild);
		return db->code;
	}
	if (ceu_db_commit(db) != CEU_OK) {
		fk_on(db, rebuild);
		return db->code;
	}
	if (rebuild && ceu_db_exec(db, "PRAGMA foreign_keys = ON") != CEU_OK)
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

/* Every handle not yet closed, so that ceu_db_close_all finds them. */
static pthread_mutex_t open_mu = PTHREAD_MUTEX_INITIALIZER;
static struct ceu_db *open_list;

static void
track(struct ceu_db *db, int on)
{
	struct ceu_db **pp;

	pthread_mutex_lock(&open_mu);
	for (pp = &open_list; *pp != NULL && *pp != db; pp = &(*pp)->next_open)
		;
	if (on && *pp == NULL) {
		db->next_open = open_list;
		open_list = db;
	} else if (!on && *pp != NULL)
		*pp = db->next_open;
	pthread_mutex_unlock(&open_mu);
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
	track(db, 1);
	return db;
}

/* What the header of a file says it is. */
enum kind_of_file { FILE_CEU, FILE_FRESH, FILE_FOREIGN };

static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
}

/* Ask SQLite, read-only, what a file whose header cannot tell is (its
 * changes still in a -wal, or an SQLite file that may be empty). */
static int
ask_sqlite(struct ceu_db *db, int *kind)
{
	sqlite3 *sql = NULL;
	int appid = 0, tables = 1;

	*kind = FILE_FOREIGN;
	if (sqlite3_open_v2(db->path, &sql, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK &&
	    pragma_int(sql, "PRAGMA application_id", &appid) == SQLITE_OK &&
	    pragma_int(sql, "SELECT count(*) FROM sqlite_schema", &tables) ==
	    SQLITE_OK)
		*kind = appid == CEU_APPLICATION_ID ? FILE_CEU :
		    tables == 0 ? FILE_FRESH : FILE_FOREIGN;
	sqlite3_close(sql);
	return CEU_OK;
}

/* Whether path has a -wal file with frames in it. */
static int
wal_pending(const char *path)
{
	char wal[PATH_MAX + 8];
	struct stat sb;

	snprintf(wal, sizeof(wal), "%s-wal", path);
	return stat(wal, &sb) == 0 && sb.st_size > 0;
}

/* What the file is, read with read(2) so that nothing is changed, not
 * even a -wal or -shm made beside it: a ceu database, a fresh file (empty,
 * or an SQLite file without tables), or something else. */
static int
peek(struct ceu_db *db, int create, int *kind)
{
	unsigned char h[100];
	ssize_t n;
	int fd;

	if ((fd = open(db->path, O_RDONLY | O_CLOEXEC)) < 0)
		return ceu_db_fail(db, CEU_EIO, "cannot open '%s': %s",
		    db->path, strerror(errno));
	n = read(fd, h, sizeof(h));
	close(fd);
	if (n < 0)
		return ceu_db_fail(db, CEU_EIO, "cannot read '%s': %s",
		    db->path, strerror(errno));
	*kind = n == 0 ? FILE_FRESH : FILE_FOREIGN;
	if (n < (ssize_t)sizeof(h) || memcmp(h, "SQLite format 3", 16) != 0)
		return CEU_OK;
	if (be32(h + 68) != CEU_APPLICATION_ID) {
		if (wal_pending(db->path) || h[18] != 2)
			return ask_sqlite(db, kind);
		return CEU_OK;
	}
	*kind = FILE_CEU;
	/* A schema this ceu cannot use is refused here too, before SQLite
	 * makes anything beside the file (a -wal holds the newest word). */
	if (!wal_pending(db->path))
		return schema_usable(db, (int)be32(h + 60), create);
	return CEU_OK;
}

/* Make path, 0600 whatever the umask, for ceu init to fill. */
static int
make_file(struct ceu_db *db)
{
	int fd = open(db->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);

	if (fd < 0)
		return ceu_db_fail(db, CEU_ECANTCREAT, "cannot create '%s': %s",
		    db->path, strerror(errno));
	if (fchmod(fd, 0600) != 0 || close(fd) != 0) {
		ceu_db_fail(db, CEU_ECANTCREAT, "cannot create '%s': %s",
		    db->path, strerror(errno));
		unlink(db->path);
		return db->code;
	}
	return CEU_OK;
}

/* Close the connection, keeping the handle and its message. */
/* The policies loaded in a transaction hold only until it ends: another
 * connection may change the table after it (policy.c). */
static void
forget_policy(struct ceu_db *db)
{
	free(db->policy_memo);
	db->policy_memo = NULL;
}

static void
disconnect(struct ceu_db *db)
{
	sqlite3_stmt *st;

	for (int i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].stmt);
	db->ncache = 0;
	while (db->sql != NULL &&
	    (st = sqlite3_next_stmt(db->sql, NULL)) != NULL)
		sqlite3_finalize(st);
	sqlite3_close(db->sql);
	db->sql = NULL;
	db->depth = 0;
	forget_policy(db);
}

/* A file ceu init made and could not fill: gone again, with its sides. */
static void
drop_file(struct ceu_db *db)
{
	static const char *const sides[] = { "-wal", "-shm", "-journal" };
	char side[PATH_MAX + 16];

	disconnect(db);
	unlink(db->path);
	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
		snprintf(side, sizeof(side), "%s%s", db->path, sides[i]);
		unlink(side);
	}
}

/* Whether the folder of path is one this process cannot write in. */
static int
folder_readonly(const char *path)
{
	char copy[PATH_MAX];

	snprintf(copy, sizeof(copy), "%s", path);
	return access(dirname(copy), W_OK) != 0;
}

/* "file:PATH?immutable=1", PATH escaped: read without -wal or -shm. */
static char *
immutable_uri(const char *path)
{
	char *uri = ceu_malloc(3 * strlen(path) + 32), *p = uri;

	p += sprintf(p, "file:");
	for (const unsigned char *c = (const unsigned char *)path; *c; c++)
		p += sprintf(p, strchr("?#%", *c) || *c < 0x21 ? "%%%02X" :
		    "%c", *c);
	strcpy(p, "?immutable=1");
	return uri;
}

/*
 * A ceu database in a folder this process cannot write in: SQLite cannot
 * make the -wal and -shm a reader needs, so the file is read as it is
 * (immutable), unless a -wal beside it lets SQLite read it as usual.
 * Writing then fails with "read-only here".
 */
static int
connect_readonly(struct ceu_db *db)
{
	char *uri = immutable_uri(db->path);
	int rc;

	disconnect(db);
	if (wal_pending(db->path) && sqlite3_open_v2(db->path, &db->sql,
	    SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK &&
	    ceu_seal_open(db) == CEU_OK && check_version(db, 0, 0) == CEU_OK) {
		free(uri);
		return CEU_OK;
	}
	disconnect(db);
	rc = sqlite3_open_v2(uri, &db->sql, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	free(uri);
	if (rc != SQLITE_OK)
		return ceu_db_fail(db, CEU_EIO, "cannot open '%s': %s",
		    db->path, sqlite3_errstr(rc));
	sqlite3_extended_result_codes(db->sql, 0);
	ceu_db_set_busy_timeout(db, db->busy_ms);
	if (ceu_seal_open(db) != CEU_OK)
		return db->code;
	return check_version(db, 0, 0);
}

/* The connection that may write, on a file peek found to be ours (or
 * fresh, for ceu init). */
static int
connect(struct ceu_db *db, int create, int journal, int fresh)
{
	/* One connection, one thread: no mutex around every API call. */
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int rc;

	if ((rc = sqlite3_open_v2(db->path, &db->sql, flags, NULL)) !=
	    SQLITE_OK)
		return ceu_db_fail(db, CEU_EIO, "cannot open '%s': %s",
		    db->path, sqlite3_errstr(rc));
	sqlite3_extended_result_codes(db->sql, 0);
	if (ceu_seal_open(db) != CEU_OK)
		return db->code;
	/*
	 * A new file gets 16 KiB pages (an existing one keeps its own): a
	 * bulk load writes every page twice, to the WAL and back, and with
	 * pages four times the default it makes a quarter of the frames and
	 * leaves its B-trees shallower; reports scan the same bytes in fewer
	 * pages.  Only a file not yet written takes it.
	 */
	if (fresh && ceu_db_exec(db, "PRAGMA page_size = 16384") != CEU_OK)
		return db->code;
	if (configure(db) != CEU_OK) {
		if (create || !folder_readonly(db->path))
			return db->code;
		return connect_readonly(db);
	}
	return check_version(db, create, journal);
}

/* Open db->path; see ceu_db_open and ceu_db_init. */
static int
open_file(struct ceu_db *db, int create, int journal)
{
	struct stat sb;
	int made = 0, kind = FILE_FRESH, rc;

	if (*db->path == '\0' || strcmp(db->path, ":memory:") == 0)
		return connect(db, create, journal, 1);
	if (stat(db->path, &sb) != 0) {
		if (errno != ENOENT)
			return ceu_db_fail(db, CEU_EIO, "cannot open '%s': %s",
			    db->path, strerror(errno));
		if (!create)
			return ceu_db_fail(db, CEU_ENOINPUT, "no database '%s'; "
			    "create it with 'ceu init --db %s'", db->path,
			    db->path);
		if ((rc = make_file(db)) != CEU_OK)
			return rc;
		made = 1;
	} else if (!S_ISREG(sb.st_mode))
		return ceu_db_fail(db, CEU_EDATA, "'%s' is not a ceu database "
		    "(not a regular file)", db->path);
	if ((rc = peek(db, create, &kind)) == CEU_OK) {
		if (kind == FILE_FOREIGN || (kind == FILE_FRESH && !create))
			rc = ceu_db_fail(db, CEU_EDATA, "'%s' is not a ceu "
			    "database", db->path);
		else
			rc = connect(db, create, journal, kind == FILE_FRESH);
	}
	if (rc != CEU_OK && made)
		drop_file(db);
	return rc;
}

int
ceu_db_open(const char *path, int create, struct ceu_db **out)
{
	return ceu_db_open_keyed(path, NULL, create, out);
}

int
ceu_db_open_keyed(const char *path, const char *key, int create,
    struct ceu_db **out)
{
	*out = new_handle(path);
	(*out)->key_path = key;
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
ceu_db_open_readonly(const char *path, int busy_ms, struct ceu_db **out)
{
	struct ceu_db *rd = *out = new_handle(path);

	if (sqlite3_open_v2(path, &rd->sql, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return ceu_db_fail(rd, CEU_EIO, "cannot open '%s': %s", path,
		    rd->sql ? sqlite3_errmsg(rd->sql) :
		    ceu_tr(N_("out of memory")));
	sqlite3_extended_result_codes(rd->sql, 0);
	ceu_db_set_busy_timeout(rd, busy_ms);
	return CEU_OK;
}

int
ceu_db_open_reader(const struct ceu_db *db, struct ceu_db **out)
{
	struct ceu_db *rd;

	*out = NULL;
	if (db->path == NULL || *db->path == '\0' ||
	    strcmp(db->path, ":memory:") == 0)
		return CEU_EUSAGE;
	/* The lock wait the caller chose reaches this connection too. */
	if (ceu_db_open_readonly(db->path, db->busy_ms, &rd) != CEU_OK) {
		ceu_db_close(rd);
		return CEU_EIO;
	}
	rd->actor = db->actor;
	rd->today = db->today;
	rd->show_id = db->show_id;
	memcpy(rd->now, db->now, sizeof(rd->now));
	*out = rd;
	return CEU_OK;
}

void
ceu_db_close(struct ceu_db *db)
{
	if (db == NULL)
		return;
	track(db, 0);
	disconnect(db);
	ceu_seal_close(db);
	free(db);
}

void
ceu_db_close_all(void)
{
	struct ceu_db *db;

	for (;;) {
		pthread_mutex_lock(&open_mu);
		db = open_list;
		pthread_mutex_unlock(&open_mu);
		if (db == NULL)
			return;
		ceu_db_close(db);
	}
}

int
ceu_db_exec(struct ceu_db *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db->sql, sql, NULL, NULL, &err) != SQLITE_OK) {
		sqlite3_free(err);
		return ceu_db_sqlfail(db, db->path);
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
	db->writing = 1;
	db->changes = sqlite3_total_changes64(db->sql);
	/* R16: what this transaction writes is sealed with the key. */
	if (ceu_seal_ready(db) != CEU_OK) {
		int code = db->code;

		ceu_db_rollback(db);
		db->code = code;
		return code;
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
	db->writing = 0;
	return CEU_OK;
}

int
ceu_db_commit(struct ceu_db *db)
{
	if (db->depth == 0 || --db->depth > 0)
		return CEU_OK;
	forget_policy(db);
	/* R16: a transaction that changed the archive signs its head. */
	if (db->writing && sqlite3_total_changes64(db->sql) != db->changes &&
	    ceu_seal_sign(db) != CEU_OK) {
		int code = db->code;

		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		db->code = code;
		return code;
	}
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
	forget_policy(db);
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

char *
ceu_db_row_text(sqlite3_stmt *st)
{
	char *text = NULL;

	if (sqlite3_step(st) == SQLITE_ROW)
		text = sqlite3_mprintf("%s", ceu_col_text(st, 0));
	sqlite3_reset(st);
	return text;
}
