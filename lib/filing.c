/*
 * filing.c - filed training classes (filing.h): finding, checking and
 * filing them, and the set of filing numbers a bulk load looks in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "filing.h"
#include "ident.h"
#include "record.h"
#include "seal.h"
#include "values.h"

int
ceu_filing_find(struct ceu_db *db, const char *no, int *found,
    struct ceu_filing *out)
{
	static const char sql[] = "SELECT filing_no, organizer, title, "
	    "subject, category, start_date, end_date, hours FROM filing "
	    "WHERE filing_no = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	char canon[CEU_FILING_LEN + 1];
	int rc;

	*found = 0;
	if (st == NULL)
		return db->code;
	/* R10: "gx2023-00001 " is GX2023-00001. */
	if (ceu_ident_filing(no, canon) != NULL)
		return CEU_OK;
	sqlite3_bind_text(st, 1, canon, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	if (*found && out != NULL) {
		out->no = ceu_col_text(st, 0);
		out->organizer = ceu_col_text(st, 1);
		out->title = ceu_col_text(st, 2);
		out->subject = ceu_subject_parse(ceu_col_text(st, 3));
		out->category = ceu_category_parse(ceu_col_text(st, 4));
		ceu_date_parse(ceu_col_text(st, 5), &out->start);
		ceu_date_parse(ceu_col_text(st, 6), &out->end);
		out->hours = (long)sqlite3_column_int64(st, 7);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "filing");
	return CEU_OK;
}

int
ceu_filing_check(struct ceu_db *db, const struct ceu_filing *f)
{
	if (f->end < f->start)
		return ceu_db_fail(db, CEU_EDATA, "end_date before start_date");
	/* R9: a class belongs to one year, the year of its dates. */
	if (!ceu_record_in_year(f->start / 10000, f->start, f->end))
		return ceu_db_fail(db, CEU_EREFUSED, "class runs across years "
		    "%d and %d; file one class per year (R9)", f->start / 10000,
		    f->end / 10000);
	return CEU_OK;
}

/* ?1..?8: a filing's number, organiser, title, subject, category,
 * dates and hours (dates bound as copies). */
static void
bind_filing(sqlite3_stmt *st, const struct ceu_filing *f)
{
	char d[11];

	sqlite3_bind_text(st, 1, f->no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->organizer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, ceu_subject_name(f->subject), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 5, ceu_category_name(f->category), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 6, ceu_date_format(f->start, d), -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, ceu_date_format(f->end, d), -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 8, f->hours);
}

/* Whether the filing on file says what f says; *same. */
static int
filing_same(struct ceu_db *db, const struct ceu_filing *f, int *same)
{
	static const char sql[] = "SELECT organizer = ?2 AND title = ?3 AND "
	    "subject = ?4 AND category = ?5 AND start_date = ?6 AND "
	    "end_date = ?7 AND hours = ?8 FROM filing WHERE filing_no = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	bind_filing(st, f);
	rc = sqlite3_step(st);
	*same = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? CEU_OK : ceu_db_sqlfail(db, "filing");
}

static int
insert_filing(struct ceu_db *db, const struct ceu_filing *f,
    long long batch)
{
	static const char sql[] = "INSERT INTO filing(filing_no, organizer, "
	    "title, subject, category, start_date, end_date, hours, batch, "
	    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	bind_filing(st, f);
	if (batch)
		sqlite3_bind_int64(st, 9, batch);
	sqlite3_bind_text(st, 10, db->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "cannot add filing");
	return ceu_seal_row(db, CEU_SEAL_FILING,
	    sqlite3_last_insert_rowid(db->sql));
}

int
ceu_filing_add(struct ceu_db *db, const struct ceu_filing *given,
    long long batch, int *what)
{
	char no[CEU_FILING_LEN + 1];
	struct ceu_filing f1 = *given, *f = &f1;
	const char *why;
	int found, same, rc;

	/* R10: filed under its normalised number, as every route finds
	 * it. */
	if ((why = ceu_ident_filing(given->no, no)) != NULL)
		return ceu_db_fail(db, CEU_EDATA, "invalid filing number '%s' "
		    "(%s)", given->no, ceu_tr(why));
	f->no = no;
	if ((rc = ceu_filing_check(db, f)) != CEU_OK ||
	    (rc = ceu_filing_find(db, f->no, &found, NULL)) != CEU_OK)
		return rc;
	if (!found) {
		*what = CEU_ADDED;
		return insert_filing(db, f, batch);
	}
	if ((rc = filing_same(db, f, &same)) != CEU_OK)
		return rc;
	/* R10: a class re-filed with other values would change hours
	 * already on archives. */
	if (!same)
		return ceu_db_fail(db, CEU_EDATA, "filing %s is on file with "
		    "other values; a filed class is not changed (R10)", f->no);
	*what = CEU_UNCHANGED;
	return CEU_OK;
}

int
ceu_filing_set_load(struct ceu_db *db, struct ceu_filing_set *s)
{
	static const char sql[] = "SELECT filing_no FROM filing "
	    "ORDER BY filing_no";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	size_t cap = 0;
	int rc;

	s->no = NULL;
	s->n = 0;
	if (st == NULL)
		return db->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (s->n == cap) {
			cap = cap ? 2 * cap : 64;
			s->no = ceu_reallocarray(s->no, cap, sizeof(*s->no));
		}
		s->no[s->n++] = ceu_strdup(ceu_col_text(st, 0));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? CEU_OK : ceu_db_sqlfail(db, "filing");
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
ceu_filing_set_has(const struct ceu_filing_set *s, const char *no)
{
	return s->n > 0 && bsearch(&no, s->no, s->n, sizeof(*s->no),
	    cmp_str) != NULL;
}

void
ceu_filing_set_free(struct ceu_filing_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->no[i]);
	free(s->no);
	s->no = NULL;
	s->n = 0;
}
