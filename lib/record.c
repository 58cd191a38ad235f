/*
 * record.c - hour records (record.h), the one door for hours: adding
 * them, checking their dates (R9), changing their status, listing them.
 *
 * Every record is added by one statement, INSERT ... SELECT from the
 * eponymous virtual table ceu_record_chunk (record_chunk.c), which shows
 * the array handed to ceu_record_add_many as rows: one statement for one
 * record or many keeps R10 in one place.  Which record holds an activity,
 * and what an authoritative record does to an own registration (R10), is
 * decided in record_match.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "cert.h"
#include "journal.h"
#include "policy.h"
#include "record.h"
#include "record_chunk.h"
#include "record_match.h"
#include "seal.h"
#include "text.h"
#include "values.h"

/* ---- adding ---- */

int
ceu_record_last_id(struct ceu_db *db, long long *id)
{
	return ceu_seal_rows(db, CEU_SEAL_RECORD, id);
}

/* Insert the offered records; *added says how many were.  Each comes
 * sealed for the id it gets when every one before it was added (SQLite
 * gives a new row max(id) + 1). */
static int
chunk_insert(struct ceu_db *db, long *added)
{
	/* R10: the partial unique index record_activity refuses a second
	 * pending/approved (status_code <= 1) record of one activity; DO
	 * NOTHING lets us say which record holds it.  (WHERE 1 tells ON
	 * CONFLICT from a join's ON.) */
	static const char sql[] = "INSERT INTO record(seal, person_id, year, "
	    "subject_code, category, hours, title, date, end_date, source, "
	    "source_name, filing_no, ref, self_key, status_code, batch, "
	    "evidence, late) SELECT seal, person_id, year, subject_code, "
	    "category, hours, title, date, end_date, source, source_name, "
	    "filing_no, ref, self_key, status_code, batch, evidence, late "
	    "FROM ceu_record_chunk WHERE 1 "
	    "ON CONFLICT (person_id, activity_key) WHERE status_code <= 1 "
	    "DO NOTHING";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "cannot add record");
	*added = (long)sqlite3_changes(db->sql);
	return CEU_OK;
}

/* Take back the records of this call, ids after last: some of the
 * offered records found their activity held, and the ids of the others
 * would have gaps, which R16 reads as deleted records.  (They were never
 * committed: this is the one DELETE of records.) */
static int
chunk_take_back(struct ceu_db *db, long long last)
{
	static const char sql[] = "DELETE FROM record WHERE id > ?1";

	return ceu_db_run_int(db, sql, last, "record");
}

/* Only the offered records no older one holds (ceu_record_match_holders found
 * them)
 * stay offered; how many. */
static long
chunk_unheld(struct ceu_record_chunk *c, const struct ceu_record_result *res)
{
	long offered = 0;

	for (size_t i = 0; i < c->n; i++) {
		if (c->offered[i] && !res[i].added)
			c->offered[i] = 0;
		offered += c->offered[i];
	}
	return offered;
}

/*
 * Add the offered records as ids last + 1, last + 2, ..., the ids they
 * are sealed for (R16).  When some find their activity held (R10), the
 * others would have taken other ids: what was added is taken back, the
 * holders found, and the others offered again.
 */
static int
chunk_add(struct ceu_db *db, struct ceu_record_chunk *c, long long last,
    long offered, struct ceu_record_result *res)
{
	long added;
	int rc;

	c->base = last;
	if ((rc = chunk_insert(db, &added)) != CEU_OK)
		return rc;
	if (added < offered) {
		if (added > 0 && (rc = chunk_take_back(db, last)) != CEU_OK)
			return rc;
		rc = ceu_record_match_holders(db, c, last, res);
		if (rc != CEU_OK || added == 0)
			return rc;
		offered = chunk_unheld(c, res);
		if ((rc = chunk_insert(db, &added)) != CEU_OK)
			return rc;
	}
	if (added != offered || (added > 0 &&
	    sqlite3_last_insert_rowid(db->sql) != last + added))
		return ceu_db_fail(db, CEU_EIO, "cannot add records: %ld of %ld "
		    "added", added, offered);
	return CEU_OK;
}

int
ceu_record_add_many(struct ceu_db *db, const struct ceu_record *r,
    size_t n, struct ceu_record_result *res)
{
	struct ceu_record_replacements rp = { NULL, 0, 0 };
	struct ceu_record_chunk *c;
	long long last = 0;
	long offered = 0;
	int rc;

	if (n == 0)
		return CEU_OK;
	if ((c = ceu_record_chunk_get(db)) == NULL)
		return db->code;
	if ((rc = ceu_record_chunk_load(db, c, r, n)) != CEU_OK)
		goto out;
	ceu_record_match_call(c, r, n, res, &offered);
	if ((rc = ceu_record_match_own(db, c, res, &offered, &rp)) != CEU_OK)
		goto out;
	if ((rc = ceu_record_last_id(db, &last)) == CEU_OK)
		rc = chunk_add(db, c, last, offered, res);
out:
	rc = ceu_record_match_finish(db, c, res, &rp, rc);
	c->r = NULL;
	c->n = 0;
	return rc;
}

char *
ceu_record_json(struct ceu_db *db, long long id)
{
	static const char sql[] = "SELECT json_object('person_id', person_id, "
	    "'year', year, 'subject', subject, 'category', category, "
	    "'hours', hours, 'title', title, 'date', date, 'end_date', "
	    "end_date, 'source', source, 'source_name', source_name, "
	    "'filing_no', filing_no, 'ref', ref, 'status', status, 'batch', "
	    "batch, 'evidence', evidence, 'late', late) FROM record "
	    "WHERE id = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);

	if (st == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	return ceu_db_row_text(st);
}

int
ceu_record_add(struct ceu_db *db, const struct ceu_record *r, int journal,
    long long *id)
{
	struct ceu_record_result res;
	char idbuf[24];
	char *json;
	int rc;

	/* R10: a person's own registration of what the archive holds
	 * already, by whatever route, under the same title and date. */
	if (strcmp(r->source, "self") == 0) {
		if ((rc = ceu_record_match_title(db, r, id)) != CEU_OK)
			return rc;
		if (*id != 0)
			return ceu_record_refuse(db, *id);
	}
	if ((rc = ceu_record_add_many(db, r, 1, &res)) != CEU_OK)
		return rc;
	if (!res.added) {
		*id = res.holder;
		return ceu_record_refuse(db, res.holder);
	}
	if ((rc = ceu_record_holder(db, r, id)) != CEU_OK)
		return rc;
	if (!journal)
		return CEU_OK;
	snprintf(idbuf, sizeof(idbuf), "%lld", *id);
	json = ceu_record_json(db, *id);
	rc = ceu_journal_append(db, "add", "record", idbuf, NULL, json, NULL);
	sqlite3_free(json);
	return rc;
}

/* A word as it is: the English of data. */
static const char *
as_is(const char *s)
{
	return s;
}

/* ceu_record_describe, said (in the user's language) or kept (English). */
static int
describe(struct ceu_db *db, long long id, char *buf, size_t size, int said)
{
	static const char sql[] = "SELECT source, coalesce(filing_no, "
	    "source_name, ''), batch, status FROM record WHERE id = ?1";
	const char *(*tr)(const char *) = said ? ceu_tr : as_is;
	const char *(*word)(const char *) = said ? ceu_tr_word : as_is;
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	char from[256], batch[64] = "";

	snprintf(buf, size, tr(N_("record %lld")), id);
	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *via = ceu_col_text(st, 1);

		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			snprintf(batch, sizeof(batch), tr(N_(", batch %lld")),
			    (long long)sqlite3_column_int64(st, 2));
		snprintf(from, sizeof(from), "%s%s%s",
		    word(ceu_col_text(st, 0)), *via ? " " : "", via);
		snprintf(buf, size, tr(N_("record %lld (%s%s, %s)")), id,
		    from, batch, word(ceu_col_text(st, 3)));
	}
	sqlite3_reset(st);
	return CEU_OK;
}

int
ceu_record_describe(struct ceu_db *db, long long id, char *buf, size_t size)
{
	return describe(db, id, buf, size, 0);
}

int
ceu_record_say(struct ceu_db *db, long long id, char *buf, size_t size)
{
	return describe(db, id, buf, size, 1);
}

int
ceu_record_set_status(struct ceu_db *db, long long id, int status,
    const char *reason, int late)
{
	static const char sql[] = "UPDATE record SET status_code = ?2, "
	    "late = max(late, ?3) WHERE id = ?1";
	char *before, *after, idbuf[24];
	sqlite3_stmt *st;
	int rc;

	if ((before = ceu_record_json(db, id)) == NULL)
		return ceu_db_fail(db, CEU_EREFUSED, "no record %lld", id);
	if ((st = ceu_db_stmt(db, sql)) == NULL) {
		sqlite3_free(before);
		return db->code;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, status);	/* enum ceu_status */
	sqlite3_bind_int(st, 3, late != 0);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || ceu_seal_row(db, CEU_SEAL_RECORD, id) !=
	    CEU_OK) {
		sqlite3_free(before);
		return rc != SQLITE_DONE ? ceu_db_sqlfail(db, "cannot change "
		    "record") : db->code;
	}
	after = ceu_record_json(db, id);
	snprintf(idbuf, sizeof(idbuf), "%lld", id);
	rc = ceu_journal_append(db, ceu_status_name(status), "record", idbuf,
	    before, after, reason);
	sqlite3_free(before);
	sqlite3_free(after);
	/* R12, R15: a certificate that relied on the record falls with it,
	 * in the same transaction. */
	if (rc == CEU_OK && status != CEU_APPROVED)
		rc = ceu_cert_basis_changed(db, id, status, reason);
	return rc;
}

int
ceu_record_revoke(struct ceu_db *db, long long id, const char *reason)
{
	static const char sql[] = "SELECT status FROM record WHERE id = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc, status = -1;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		status = ceu_status_parse(ceu_col_text(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return ceu_db_fail(db, CEU_EREFUSED, "no record %lld", id);
	if (rc != SQLITE_ROW)
		return ceu_db_sqlfail(db, "record");
	/* Only what counts (or may count) can stop counting. */
	if (status != CEU_PENDING && status != CEU_APPROVED)
		return ceu_db_fail(db, CEU_EREFUSED, "record %lld is %s: only "
		    "a pending or approved record can be revoked", id,
		    ceu_tr_word(ceu_status_name(status)));
	return ceu_record_set_status(db, id, CEU_REVOKED, reason, 0);
}

/* ---- checks ---- */

int
ceu_record_in_year(int year, int date, int end_date)
{
	return date / 10000 == year && (end_date == 0 ||
	    end_date / 10000 == year);
}

int
ceu_record_check_dates(struct ceu_db *db, int year, int date, int end_date)
{
	char d[11], e[11];

	/* R9: hours belong to the year of the activity. */
	if (date / 10000 != year)
		return ceu_db_fail(db, CEU_EREFUSED, "date %s is not in year "
		    "%d (R9: no cross-year registration)", ceu_date_format(date,
		    d), year);
	if (end_date && end_date < date)
		return ceu_db_fail(db, CEU_EDATA, "end date %s is before the "
		    "date %s", ceu_date_format(end_date, e),
		    ceu_date_format(date, d));
	if (!ceu_record_in_year(year, date, end_date))
		return ceu_db_fail(db, CEU_EREFUSED, "end date %s is not in "
		    "%d: an activity across the new year is registered as two, "
		    "one for each year (R9)", ceu_date_format(end_date, e),
		    year);
	return CEU_OK;
}

/* Whether s holds nothing but blanks. */
static int
blank(const char *s)
{
	size_t k;

	if (s == NULL)
		return 1;
	while ((k = ceu_blank_len(s)) > 0)
		s += k;
	return *s == '\0';
}

int
ceu_record_check(struct ceu_db *db, const struct ceu_record *r,
    const struct ceu_policy *p)
{
	char a[24], b[24], d[11], t[11];

	if (blank(r->title))
		return ceu_db_fail(db, CEU_EDATA, "the title is blank");
	/* More in one activity than the policy allows is no record a file
	 * can bring. */
	if (r->hours > p->max_record_hours)
		return ceu_db_fail(db, CEU_EDATA, "hours %s exceed the %s hours "
		    "one record may hold in %d (policy max_record_hours)",
		    ceu_hours_format(r->hours, a),
		    ceu_hours_format(p->max_record_hours, b), r->year);
	/* R9: a record says what happened, not what is planned. */
	if (r->year > db->today / 10000)
		return ceu_db_fail(db, CEU_EDATA, "year %d has not begun "
		    "(today is %s)", r->year, ceu_date_format(db->today, t));
	if (r->date > db->today || r->end_date > db->today)
		return ceu_db_fail(db, CEU_EDATA, "dated %s, after today (%s): "
		    "hours are recorded once the activity took place",
		    ceu_date_format(r->end_date > db->today ? r->end_date :
		    r->date, d), ceu_date_format(db->today, t));
	return CEU_OK;
}

int
ceu_record_check_arrival(struct ceu_db *db, const struct ceu_policy *p,
    const char *late_reason, int *late)
{
	char d[11];

	*late = 0;
	/* R9, R11: rosters and integrated hours of a year arrive until its
	 * audit deadline. */
	if (db->today <= p->audit_deadline)
		return CEU_OK;
	if (late_reason != NULL && *late_reason != '\0') {
		*late = 1;
		return CEU_OK;
	}
	return ceu_db_fail(db, CEU_EREFUSED, "hours of %d were due by the "
	    "audit deadline %s (R9, R11); load them with --late --reason "
	    "TEXT", p->year, ceu_date_format(p->audit_deadline, d));
}

/* ---- the listing ---- */

/*
 * By the narrowest filter given, so that each uses its index; year and
 * status filter the rows found.  A person's records are found year by
 * year in record_year_person (year, person_id, ...), the index every
 * report reads; the years on file come off it too, a seek each.  The
 * index is named: with ANALYZE's statistics the planner would rather
 * build an automatic index of the whole table each time.  The years are
 * bounded by what the schema allows (1900-2999): without a bound the
 * planner takes the list for a long one and, for a unit's few hundred
 * persons, reads the whole index into a Bloom filter first.
 */
#define RECORD_YEARS "WITH RECURSIVE years(y) AS (" \
	"SELECT (SELECT min(year) FROM record) UNION ALL " \
	"SELECT (SELECT min(year) FROM record WHERE year > y) FROM years " \
	"WHERE y IS NOT NULL LIMIT 1101) "
#define RECORD_SELECT RECORD_YEARS "SELECT r.id, p.id_no, p.name, " \
	"p.unit_code, r.year, r.subject, coalesce(r.category, ''), " \
	"r.hours, r.title, r.date, coalesce(r.end_date, ''), r.source, " \
	"coalesce(r.filing_no, ''), coalesce(r.ref, ''), r.status, " \
	"coalesce(r.batch, 0), coalesce(r.evidence, '') FROM person p " \
	"CROSS JOIN years CROSS JOIN record r " \
	"INDEXED BY record_year_person ON r.year = years.y AND " \
	"r.person_id = p.id "
#define RECORD_FILTER "AND (?3 IS NULL OR r.year = ?3) " \
	"AND (?4 IS NULL OR r.status = ?4) " \
	"ORDER BY p.id_no, r.year, r.date, r.id"

static const char by_person_sql[] = RECORD_SELECT
    "WHERE p.id_no = ?1 AND (?2 IS NULL OR p.unit_code = ?2) "
    RECORD_FILTER;
static const char by_unit_sql[] = RECORD_SELECT
    "WHERE p.unit_code = ?2 " RECORD_FILTER;
static const char all_sql[] = RECORD_SELECT "WHERE 1 " RECORD_FILTER;

static void
read_row(sqlite3_stmt *st, struct ceu_record_row *row)
{
	row->id = sqlite3_column_int64(st, 0);
	row->id_no = ceu_col_text(st, 1);
	row->name = ceu_col_text(st, 2);
	row->unit_code = ceu_col_text(st, 3);
	row->year = sqlite3_column_int(st, 4);
	row->subject = ceu_col_text(st, 5);
	row->category = ceu_col_text(st, 6);
	row->hours = (long)sqlite3_column_int64(st, 7);
	row->title = ceu_col_text(st, 8);
	row->date = ceu_col_text(st, 9);
	row->end_date = ceu_col_text(st, 10);
	row->source = ceu_col_text(st, 11);
	row->filing_no = ceu_col_text(st, 12);
	row->ref = ceu_col_text(st, 13);
	row->status = ceu_col_text(st, 14);
	row->batch = sqlite3_column_int64(st, 15);
	row->evidence = ceu_col_text(st, 16);
}

int
ceu_records_each(struct ceu_db *db, const struct ceu_record_filter *f,
    int (*fn)(void *ctx, const struct ceu_record_row *row), void *ctx)
{
	const char *sql = f->id_no ? by_person_sql :
	    f->unit_code ? by_unit_sql : all_sql;
	struct ceu_record_row row;
	sqlite3_stmt *st;
	int rc, stop = 0;

	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	if (f->id_no)
		sqlite3_bind_text(st, 1, f->id_no, -1, SQLITE_STATIC);
	if (f->unit_code)
		sqlite3_bind_text(st, 2, f->unit_code, -1, SQLITE_STATIC);
	if (f->year)
		sqlite3_bind_int(st, 3, f->year);
	if (f->status >= 0)
		sqlite3_bind_text(st, 4, ceu_status_name(f->status), -1,
		    SQLITE_STATIC);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &row);
		stop = fn(ctx, &row);
	}
	sqlite3_reset(st);
	if (stop)
		return stop;
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "records");
	return CEU_OK;
}

const struct ceu_out_col ceu_record_cols[CEU_RECORD_NCOLS] = {
	{ "record_id", CEU_COL_NUM }, { "id_no", CEU_COL_TEXT },
	{ "name", CEU_COL_TEXT }, { "unit_code", CEU_COL_TEXT },
	{ "year", CEU_COL_NUM },
	{ "subject", CEU_COL_OF(CEU_ENUM_SUBJECT) },
	{ "category", CEU_COL_OF(CEU_ENUM_CATEGORY) },
	{ "hours", CEU_COL_NUM },
	{ "title", CEU_COL_TEXT }, { "date", CEU_COL_TEXT },
	{ "end_date", CEU_COL_TEXT },
	{ "source", CEU_COL_OF(CEU_ENUM_SOURCE) },
	{ "filing_no", CEU_COL_TEXT }, { "ref", CEU_COL_TEXT },
	{ "status", CEU_COL_OF(CEU_ENUM_STATUS) }, { "batch", CEU_COL_NUM },
	{ "evidence", CEU_COL_TEXT },
};

void
ceu_record_row_values(const struct ceu_record_row *row,
    const char *values[CEU_RECORD_NCOLS], char *buf)
{
	char *id = buf, *year = buf + 24, *hours = buf + 48,
	    *batch = buf + 72;

	snprintf(id, 24, "%lld", row->id);
	snprintf(year, 24, "%d", row->year);
	ceu_hours_format(row->hours, hours);
	if (row->batch)
		snprintf(batch, 24, "%lld", row->batch);
	values[0] = id;
	values[1] = row->id_no;
	values[2] = row->name;
	values[3] = row->unit_code;
	values[4] = year;
	values[5] = row->subject;
	values[6] = *row->category ? row->category : NULL;
	values[7] = hours;
	values[8] = row->title;
	values[9] = row->date;
	values[10] = *row->end_date ? row->end_date : NULL;
	values[11] = row->source;
	values[12] = *row->filing_no ? row->filing_no : NULL;
	values[13] = *row->ref ? row->ref : NULL;
	values[14] = row->status;
	values[15] = row->batch ? batch : NULL;
	values[16] = *row->evidence ? row->evidence : NULL;
}
