/*
 * db_schema.c - the schema of the file: what this ceu makes of a new
 * file (schema.sql, the 2023 policy rows, the journal's first row) and
 * the steps that bring a file of an older version up to this one, each
 * in the transaction that journals it (R16).  db.c opens the file and
 * calls db_schema_check; the contract is db.h.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "db_schema.h"
#include "journal.h"
#include "policy.h"
#include "seal.h"

int
db_pragma_int(sqlite3 *sql, const char *pragma, int *value)
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
	 * (upgrade()).  Foreign keys are off meanwhile (db_schema_check). */
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
int
db_schema_usable(struct ceu_db *db, int version, int create)
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
int
db_schema_check(struct ceu_db *db, int create, int journal)
{
	int appid = 0, version = 0, tables = 0, older, rebuild;

	if (db_pragma_int(db->sql, "PRAGMA application_id", &appid) != SQLITE_OK ||
	    db_pragma_int(db->sql, "SELECT count(*) FROM sqlite_schema",
	    &tables) != SQLITE_OK)
		return ceu_db_fail(db, CEU_EDATA, "'%s' is not a ceu database "
		    "(%s)", db->path, sqlite3_errmsg(db->sql));
	db_pragma_int(db->sql, "PRAGMA user_version", &version);
	if (appid != CEU_APPLICATION_ID && (tables > 0 || !create))
		return ceu_db_fail(db, CEU_EDATA, "'%s' is not a ceu database",
		    db->path);
	if (db_schema_usable(db, version, create) != CEU_OK)
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
