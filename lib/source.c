/*
 * source.c - the registered integrated systems (source.h).
 */
#include <stdio.h>
#include <string.h>

#include "journal.h"
#include "seal.h"
#include "source.h"
#include "text.h"

/* text with blanks trimmed (inner blanks folded) into out: 0, or -1 when
 * nothing is left or it does not fit. */
static int
canon(const char *text, char out[CEU_SOURCE_MAX])
{
	char buf[CEU_SOURCE_MAX + 1];

	ceu_fold_blanks(text, buf, sizeof(buf));
	if (*buf == '\0' || strlen(buf) >= CEU_SOURCE_MAX)
		return -1;
	memcpy(out, buf, strlen(buf) + 1);
	return 0;
}

int
ceu_source_find(struct ceu_db *db, const char *text,
    char name[CEU_SOURCE_MAX], int *found)
{
	/* The primary key's NOCASE collation: case ignored. */
	static const char sql[] = "SELECT source FROM source "
	    "WHERE source = ?1";
	sqlite3_stmt *st;
	char want[CEU_SOURCE_MAX];
	int rc;

	*found = 0;
	if (canon(text, want) != 0)
		return CEU_OK;
	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	sqlite3_bind_text(st, 1, want, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(name, CEU_SOURCE_MAX, "%s", ceu_col_text(st, 0));
		*found = 1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "source");
	return CEU_OK;
}

int
ceu_source_require(struct ceu_db *db, const char *text,
    char name[CEU_SOURCE_MAX])
{
	int found, rc;

	if ((rc = ceu_source_find(db, text, name, &found)) != CEU_OK)
		return rc;
	/* R10: a typo must not load a file a second time. */
	if (!found)
		return ceu_db_fail(db, CEU_EREFUSED, "unknown source '%s' "
		    "(R10); register the integrated system first with "
		    "'ceu-import sources'", text);
	return CEU_OK;
}

/* The journal state of source key (sqlite3_free it), NULL when none. */
static char *
source_json(struct ceu_db *db, const char *key)
{
	static const char sql[] = "SELECT json_object('source', source, "
	    "'name', name) FROM source WHERE source = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);

	if (st == NULL)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	return ceu_db_row_text(st);
}

/* Seal the row of source key as it is now (seal.h). */
static int
seal_source(struct ceu_db *db, const char *key)
{
	static const char sql[] = "SELECT rowid FROM source WHERE source = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	long long rowid = 0;
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		rowid = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return ceu_db_sqlfail(db, "source");
	return ceu_seal_row(db, CEU_SEAL_SOURCE, rowid);
}

int
ceu_source_upsert(struct ceu_db *db, const char *source, const char *name,
    long long batch, int *what)
{
	static const char sql[] = "INSERT INTO source(source, name, batch, "
	    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4) "
	    "ON CONFLICT (source) DO UPDATE SET name = excluded.name, "
	    "updated_at = excluded.updated_at WHERE name <> excluded.name";
	char key[CEU_SOURCE_MAX], *before, *after;
	sqlite3_stmt *st;
	int rc;

	if (canon(source, key) != 0)
		return ceu_db_fail(db, CEU_EDATA, "invalid source '%s' (a "
		    "name of 1 to %d bytes)", source, CEU_SOURCE_MAX - 1);
	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	before = source_json(db, key);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	if (batch)
		sqlite3_bind_int64(st, 3, batch);
	sqlite3_bind_text(st, 4, db->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		sqlite3_free(before);
		return ceu_db_sqlfail(db, "cannot register source");
	}
	*what = sqlite3_changes(db->sql) == 0 ? CEU_UNCHANGED :
	    before != NULL ? CEU_UPDATED : CEU_ADDED;
	rc = CEU_OK;
	/* R16: who registered or renamed a system, and when; the row
	 * sealed. */
	if (*what != CEU_UNCHANGED && (rc = seal_source(db, key)) == CEU_OK) {
		after = source_json(db, key);
		rc = ceu_journal_append(db, before ? "update" : "add",
		    "source", key, before, after, NULL);
		sqlite3_free(after);
	}
	sqlite3_free(before);
	return rc;
}
