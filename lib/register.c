/*
 * register.c - a person's own registrations, withdrawals and the record
 * listing.  See register.h.
 *
 * Every check comes before the one write, which is ceu_record_add (R10
 * and the journal live there), so that a refusal leaves nothing behind.
 */
#include <stdio.h>
#include <string.h>

#include "ident.h"
#include "policy.h"
#include "record.h"
#include "register.h"
#include "values.h"

int
ceu_register_find_person(struct ceu_db *db, const char *text, char id[19],
    struct ceu_person *out)
{
	const char *why;
	int found, rc;

	if ((why = ceu_ident_person(text, id)) != NULL)
		return ceu_db_fail(db, CEU_EUSAGE, "invalid ID number %s (%s)",
		    text, why);
	if ((rc = ceu_person_find(db, id, &found, out)) != CEU_OK)
		return rc;
	if (!found)
		return ceu_db_fail(db, CEU_EREFUSED, "no person %s on the "
		    "register; add with 'ceu-register person'", id);
	return CEU_OK;
}

int
ceu_register_person(struct ceu_db *db, struct ceu_person *p, int *what)
{
	int found, rc;

	if ((rc = ceu_unit_find(db, p->unit_code, &found, NULL)) != CEU_OK)
		return rc;
	/* R1: each person belongs to a unit on the register. */
	if (!found)
		return ceu_db_fail(db, CEU_EREFUSED, "unknown unit '%s' (R1); "
		    "add it first with 'ceu-import units'", p->unit_code);
	return ceu_person_upsert(db, p, 0, 1, what);
}

/* R9: the activity's dates lie in its year, end not before start. */
static int
check_dates(struct ceu_db *db, const struct ceu_registration *r)
{
	char d[11], t[11];

	if (r->date / 10000 != r->year)
		return ceu_db_fail(db, CEU_EREFUSED, "date %s is not in %d: "
		    "hours belong to the year of the activity, no cross-year "
		    "registration (R9)", ceu_date_format(r->date, d), r->year);
	if (r->end_date && r->end_date < r->date)
		return ceu_db_fail(db, CEU_EDATA, "end date %s is before the "
		    "date %s", ceu_date_format(r->end_date, t),
		    ceu_date_format(r->date, d));
	if (r->end_date && r->end_date / 10000 != r->year)
		return ceu_db_fail(db, CEU_EREFUSED, "end date %s is not in "
		    "%d: an activity across the new year is registered as "
		    "two, one for each year (R9)",
		    ceu_date_format(r->end_date, d), r->year);
	if (r->date > db->today)
		return ceu_db_fail(db, CEU_EDATA, "date %s is after today "
		    "(%s)", ceu_date_format(r->date, d),
		    ceu_date_format(db->today, t));
	return CEU_OK;
}

/* R9 (policy): registration for year Y closes on Y's deadline. */
static int
check_deadline(struct ceu_db *db, int year)
{
	struct ceu_policy p;
	char d[11];

	if (ceu_policy_load(db, year, &p) != CEU_OK)
		return db->code;
	if (db->today > p.registration_deadline)
		return ceu_db_fail(db, CEU_EREFUSED, "registration for %d "
		    "closed on %s (R9)", year,
		    ceu_date_format(p.registration_deadline, d));
	return CEU_OK;
}

/* R10: a filed class must be on file, and one cannot claim more hours
 * than it was filed with. */
static int
check_filing(struct ceu_db *db, const struct ceu_registration *r)
{
	static const char sql[] = "SELECT hours FROM filing "
	    "WHERE filing_no = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	char a[24], b[24];
	long hours;
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_text(st, 1, r->filing_no, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	hours = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return ceu_db_fail(db, CEU_EREFUSED, "unknown filing '%s' "
		    "(R10); a filed class is on file before it counts",
		    r->filing_no);
	if (rc != SQLITE_ROW)
		return ceu_db_sqlfail(db, "filing");
	if (r->hours > hours)
		return ceu_db_fail(db, CEU_EREFUSED, "%s hours is more than "
		    "the %s hours filing '%s' was filed with (R10)",
		    ceu_hours_format(r->hours, a), ceu_hours_format(hours, b),
		    r->filing_no);
	return CEU_OK;
}

static int
check_registration(struct ceu_db *db, const struct ceu_registration *r)
{
	int rc;

	/* R5: the required course is credited by its exam, not registered. */
	if (r->subject == CEU_PUBLIC_REQUIRED)
		return ceu_db_fail(db, CEU_EREFUSED, "public required hours "
		    "are credited when the exam is passed, not registered "
		    "(R5); see 'ceu-exam'");
	if (r->subject != CEU_PROFESSIONAL && r->subject != CEU_PUBLIC_ELECTIVE)
		return ceu_db_fail(db, CEU_EDATA, "unknown subject");
	/* R8: professional hours come in one of six categories. */
	if (r->subject == CEU_PROFESSIONAL &&
	    (r->category < 0 || r->category >= CEU_NCATEGORIES))
		return ceu_db_fail(db, CEU_EREFUSED, "professional hours need "
		    "a category (R8)");
	if (r->hours <= 0)
		return ceu_db_fail(db, CEU_EDATA, "hours must be more than 0");
	if (r->title == NULL || *r->title == '\0')
		return ceu_db_fail(db, CEU_EDATA, "a registration needs a "
		    "title");
	if ((rc = check_dates(db, r)) != CEU_OK ||
	    (rc = check_deadline(db, r->year)) != CEU_OK)
		return rc;
	if (r->filing_no != NULL && *r->filing_no != '\0')
		return check_filing(db, r);
	return CEU_OK;
}

int
ceu_register_add(struct ceu_db *db, const struct ceu_registration *r,
    long long *id)
{
	struct ceu_record rec = {
		.person_id = r->person_id, .year = r->year,
		.subject = r->subject, .category = r->category,
		.hours = r->hours, .title = r->title, .date = r->date,
		.end_date = r->end_date, .source = "self",
		.filing_no = r->filing_no, .status = CEU_PENDING,
		.evidence = r->evidence,
	};
	int rc;

	*id = 0;
	if ((rc = check_registration(db, r)) != CEU_OK)
		return rc;
	/* R10: ceu_record_add refuses an activity already held, saying by
	 * which route it came. */
	return ceu_record_add(db, &rec, 1, id);
}

int
ceu_register_withdraw(struct ceu_db *db, long long id, const char *reason)
{
	static const char sql[] = "SELECT status FROM record WHERE id = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	char status[16] = "";
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(status, sizeof(status), "%s", ceu_col_text(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return ceu_db_fail(db, CEU_EREFUSED, "no record %lld", id);
	if (rc != SQLITE_ROW)
		return ceu_db_sqlfail(db, "record");
	/* R11: decided records are the audit's business; R16: never
	 * deleted, only moved to withdrawn. */
	if (strcmp(status, "pending") != 0)
		return ceu_db_fail(db, CEU_EREFUSED, "record %lld is %s, not "
		    "pending: only a pending record can be withdrawn (R11)",
		    id, status);
	return ceu_record_set_status(db, id, CEU_WITHDRAWN, reason, 0);
}

/* The listing, by the narrowest filter given, so that each uses its
 * index; year and status filter the rows found. */
#define RECORD_SELECT "SELECT r.id, p.id_no, p.name, p.unit_code, r.year, " \
	"r.subject, coalesce(r.category, ''), r.hours, r.title, r.date, " \
	"coalesce(r.end_date, ''), r.source, coalesce(r.filing_no, ''), " \
	"coalesce(r.ref, ''), r.status, coalesce(r.batch, 0), " \
	"coalesce(r.evidence, '') FROM person p JOIN record r ON " \
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
	{ "year", CEU_COL_NUM }, { "subject", CEU_COL_TEXT },
	{ "category", CEU_COL_TEXT }, { "hours", CEU_COL_NUM },
	{ "title", CEU_COL_TEXT }, { "date", CEU_COL_TEXT },
	{ "end_date", CEU_COL_TEXT }, { "source", CEU_COL_TEXT },
	{ "filing_no", CEU_COL_TEXT }, { "ref", CEU_COL_TEXT },
	{ "status", CEU_COL_TEXT }, { "batch", CEU_COL_NUM },
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
