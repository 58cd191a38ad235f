/*
 * batch.c - import batches (batch.h): the list of them, and the undo of
 * one.  A batch is begun and closed by the loader (import.c).
 */
#include <stdio.h>
#include <string.h>

#include "batch.h"
#include "journal.h"
#include "record.h"
#include "seal.h"


int
ceu_batch_each(struct ceu_db *db,
    int (*fn)(void *ctx, const char *const *values), void *ctx)
{
	static const char sql[] = "SELECT id, kind, file, sha256, added, "
	    "unchanged, rejected, actor, at, undone_at FROM batch ORDER BY id";
	const char *v[CEU_BATCH_NCOLS];
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc = SQLITE_DONE, stop = 0;

	if (st == NULL)
		return db->code;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < CEU_BATCH_NCOLS; i++)
			v[i] = (const char *)sqlite3_column_text(st, i);
		stop = fn(ctx, v);
	}
	sqlite3_reset(st);
	if (!stop && rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "batch");
	return CEU_OK;
}

static int
batch_state(struct ceu_db *db, long long batch, char *kind, size_t size,
    int *undone, long long *first, long long *last)
{
	static const char sql[] = "SELECT kind, undone_at, "
	    "coalesce(first_record, 0), coalesce(last_record, -1) FROM batch "
	    "WHERE id = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, batch);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(kind, size, "%s", ceu_col_text(st, 0));
		*undone = sqlite3_column_type(st, 1) != SQLITE_NULL;
		*first = sqlite3_column_int64(st, 2);
		*last = sqlite3_column_int64(st, 3);
		if (*undone)
			ceu_db_fail(db, CEU_EREFUSED, "batch %lld was undone "
			    "already (%s)", batch, ceu_col_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return ceu_db_fail(db, CEU_EREFUSED, "no batch %lld; see "
		    "'ceu-import batches'", batch);
	if (rc != SQLITE_ROW)
		return ceu_db_sqlfail(db, "batch");
	return *undone ? CEU_EREFUSED : CEU_OK;
}

/* The next record of batch after id, up to last, that still counts; 0
 * when none.  (A batch's records are an id range: no index on
 * record(batch) is needed, nor paid for by every loaded row.) */
static int
next_record(struct ceu_db *db, long long batch, long long last,
    long long *id)
{
	static const char sql[] = "SELECT id FROM record WHERE id > ?2 AND "
	    "id <= ?3 AND batch = ?1 AND status IN ('pending', 'approved') "
	    "ORDER BY id LIMIT 1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, batch);
	sqlite3_bind_int64(st, 2, *id);
	sqlite3_bind_int64(st, 3, last);
	rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CEU_OK :
	    ceu_db_sqlfail(db, "record");
}

/* How many people the batch's records that still count belong to. */
static int
count_people(struct ceu_db *db, long long batch, long long first,
    long long last, long *people)
{
	static const char sql[] = "SELECT count(DISTINCT person_id) FROM "
	    "record WHERE id BETWEEN ?2 AND ?3 AND batch = ?1 AND status IN "
	    "('pending', 'approved')";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, batch);
	sqlite3_bind_int64(st, 2, first);
	sqlite3_bind_int64(st, 3, last);
	rc = sqlite3_step(st);
	*people = (long)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? CEU_OK : ceu_db_sqlfail(db, "record");
}

static int
mark_undone(struct ceu_db *db, long long batch, const char *reason,
    long records, long people)
{
	static const char sql[] = "UPDATE batch SET undone_at = ?2, "
	    "undo_reason = ?3 WHERE id = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	char id[24], *after;
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, batch);
	sqlite3_bind_text(st, 2, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "batch");
	if ((rc = ceu_seal_row(db, CEU_SEAL_BATCH, batch)) != CEU_OK)
		return rc;
	snprintf(id, sizeof(id), "%lld", batch);
	/* The timestamp is ISO 8601, digits and -:TZ: nothing to escape. */
	after = sqlite3_mprintf("{\"undone_at\":\"%s\",\"records\":%ld,"
	    "\"people\":%ld}", db->now, records, people);
	rc = ceu_journal_append(db, "undo", "batch", id, NULL, after, reason);
	sqlite3_free(after);
	return rc;
}

int
ceu_batch_undo(struct ceu_db *db, long long batch, const char *reason,
    long *records, long *people)
{
	char kind[32];
	long long id, first = 0, last = -1;
	int undone, rc;

	*records = *people = 0;
	if (reason == NULL || *reason == '\0')
		return ceu_db_fail(db, CEU_EUSAGE, "undo needs --reason TEXT "
		    "(R16)");
	if ((rc = batch_state(db, batch, kind, sizeof(kind), &undone,
	    &first, &last)))
		return rc;
	if (strcmp(kind, "roster") != 0 && strcmp(kind, "hours") != 0 &&
	    strcmp(kind, "exams") != 0)
		return ceu_db_fail(db, CEU_EREFUSED, "batch %lld loaded %s, "
		    "which are corrected by importing them again; undo is "
		    "for roster, hours and exams", batch, kind);
	if ((rc = count_people(db, batch, first, last, people)) != CEU_OK)
		return rc;
	for (id = first - 1;;) {
		if ((rc = next_record(db, batch, last, &id)) != CEU_OK)
			return rc;
		if (id == 0)
			break;
		/* R16: each revocation journaled with before and after. */
		if ((rc = ceu_record_revoke(db, id, reason)) != CEU_OK)
			return rc;
		++*records;
	}
	return mark_undone(db, batch, reason, *records, *people);
}
