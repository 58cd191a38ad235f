/*
 * record.c - adding hour records and changing their status.  See record.h.
 */
#include <stdio.h>
#include <string.h>

#include "journal.h"
#include "record.h"
#include "values.h"

void
ceu_record_key(const struct ceu_record *r, char *key, size_t size)
{
	char title[400], date[11];

	/* R10: a filed class is one activity whatever route brings it. */
	if (r->filing_no != NULL && *r->filing_no != '\0')
		snprintf(key, size, "filing:%s", r->filing_no);
	else if (strcmp(r->source, "exam") == 0)
		snprintf(key, size, "exam:%d:%s", r->year, r->ref);
	else if (strcmp(r->source, "integration") == 0)
		snprintf(key, size, "source:%s:%s",
		    r->source_name ? r->source_name : "", r->ref ? r->ref : "");
	else {
		ceu_fold_blanks(r->title, title, sizeof(title));
		snprintf(key, size, "self:%s|%s", title,
		    ceu_date_format(r->date, date));
	}
}

/* The pending or approved record holding key for the person. */
static int
find_activity(struct ceu_db *db, long long person_id, const char *key,
    long long *id)
{
	static const char sql[] = "SELECT id FROM record WHERE person_id = ?1 "
	    "AND activity_key = ?2 AND status IN ('pending', 'approved')";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CEU_OK :
	    ceu_db_sqlfail(db, "record");
}

/* The JSON state of a record, for the journal (sqlite3_free it). */
static char *
record_json(struct ceu_db *db, long long id)
{
	static const char sql[] = "SELECT json_object('person_id', person_id, "
	    "'year', year, 'subject', subject, 'category', category, "
	    "'hours', hours, 'title', title, 'date', date, 'end_date', "
	    "end_date, 'source', source, 'source_name', source_name, "
	    "'filing_no', filing_no, 'ref', ref, 'status', status, 'batch', "
	    "batch, 'evidence', evidence, 'late', late) FROM record "
	    "WHERE id = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	char *json = NULL;

	if (st == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		json = sqlite3_mprintf("%s", ceu_col_text(st, 0));
	sqlite3_reset(st);
	return json;
}

static void
bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL && *s != '\0')
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Bind r and its key to the insert statement. */
static void
bind_record(sqlite3_stmt *st, const struct ceu_record *r, const char *key,
    const char *now)
{
	char date[11], end[11];

	sqlite3_bind_int64(st, 1, r->person_id);
	sqlite3_bind_int(st, 2, r->year);
	sqlite3_bind_text(st, 3, ceu_subject_name(r->subject), -1,
	    SQLITE_STATIC);
	if (r->category >= 0)
		sqlite3_bind_text(st, 4, ceu_category_name(r->category), -1,
		    SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, r->hours);
	sqlite3_bind_text(st, 6, r->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, ceu_date_format(r->date, date), -1,
	    SQLITE_TRANSIENT);
	if (r->end_date)
		sqlite3_bind_text(st, 8, ceu_date_format(r->end_date, end),
		    -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 9, r->source, -1, SQLITE_STATIC);
	bind_text_or_null(st, 10, r->source_name);
	bind_text_or_null(st, 11, r->filing_no);
	bind_text_or_null(st, 12, r->ref);
	sqlite3_bind_text(st, 13, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, ceu_status_name(r->status), -1,
	    SQLITE_STATIC);
	if (r->batch)
		sqlite3_bind_int64(st, 15, r->batch);
	bind_text_or_null(st, 16, r->evidence);
	sqlite3_bind_text(st, 17, now, -1, SQLITE_STATIC);
}

int
ceu_record_add(struct ceu_db *db, const struct ceu_record *r, int journal,
    long long *id)
{
	/* R10: the partial unique index record_activity refuses a second
	 * pending/approved record of one activity; DO NOTHING lets us say
	 * which record holds it. */
	static const char sql[] = "INSERT INTO record(person_id, year, "
	    "subject, category, hours, title, date, end_date, source, "
	    "source_name, filing_no, ref, activity_key, status, batch, "
	    "evidence, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17) "
	    "ON CONFLICT (person_id, activity_key) WHERE status IN "
	    "('pending', 'approved') DO NOTHING";
	char key[512], where[256], idbuf[24];
	sqlite3_stmt *st;
	char *json;
	int rc;

	ceu_record_key(r, key, sizeof(key));
	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	bind_record(st, r, key, db->now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "cannot add record");
	if (sqlite3_changes(db->sql) == 0) {
		if (find_activity(db, r->person_id, key, id) != CEU_OK)
			return db->code;
		ceu_record_describe(db, *id, where, sizeof(where));
		/* R10: the same activity is never counted twice. */
		return ceu_db_fail(db, CEU_EREFUSED, "the same activity is "
		    "already on the archive as %s (R10)", where);
	}
	*id = sqlite3_last_insert_rowid(db->sql);
	if (!journal)
		return CEU_OK;
	snprintf(idbuf, sizeof(idbuf), "%lld", *id);
	json = record_json(db, *id);
	rc = ceu_journal_append(db, "add", "record", idbuf, NULL, json, NULL);
	sqlite3_free(json);
	return rc;
}

int
ceu_record_describe(struct ceu_db *db, long long id, char *buf, size_t size)
{
	static const char sql[] = "SELECT source, coalesce(filing_no, "
	    "source_name, ''), batch, status FROM record WHERE id = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	char batch[32] = "";

	snprintf(buf, size, "record %lld", id);
	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *via = ceu_col_text(st, 1);

		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			snprintf(batch, sizeof(batch), ", batch %lld",
			    (long long)sqlite3_column_int64(st, 2));
		snprintf(buf, size, "record %lld (%s%s%s%s, %s)", id,
		    ceu_col_text(st, 0), *via ? " " : "", via, batch,
		    ceu_col_text(st, 3));
	}
	sqlite3_reset(st);
	return CEU_OK;
}

int
ceu_record_set_status(struct ceu_db *db, long long id, int status,
    const char *reason, int late)
{
	static const char sql[] = "UPDATE record SET status = ?2, late = "
	    "max(late, ?3), updated_at = ?4 WHERE id = ?1";
	char *before, *after, idbuf[24];
	sqlite3_stmt *st;
	int rc;

	if ((before = record_json(db, id)) == NULL)
		return ceu_db_fail(db, CEU_EREFUSED, "no record %lld", id);
	if ((st = ceu_db_stmt(db, sql)) == NULL) {
		sqlite3_free(before);
		return db->code;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, ceu_status_name(status), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, late != 0);
	sqlite3_bind_text(st, 4, db->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		sqlite3_free(before);
		return ceu_db_sqlfail(db, "cannot change record");
	}
	after = record_json(db, id);
	snprintf(idbuf, sizeof(idbuf), "%lld", id);
	rc = ceu_journal_append(db, ceu_status_name(status), "record", idbuf,
	    before, after, reason);
	sqlite3_free(before);
	sqlite3_free(after);
	return rc;
}
