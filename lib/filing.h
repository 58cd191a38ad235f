/*
 * filing.h - filed training classes (R10): a class is filed once, with
 * its organiser, title, subject, category, dates and hours, and is the
 * one activity that a roster, an integrated system's ref or an own
 * registration naming it all stand for.
 *
 *	struct ceu_filing f;
 *	if (ceu_filing_find(db, "GX2023-00017", &found, &f) == CEU_OK &&
 *	    found) ... f.hours ...
 */
#ifndef CEU_FILING_H
#define CEU_FILING_H

#include <stddef.h>

#include "db.h"

struct ceu_filing {
	const char *no;
	const char *organizer;
	const char *title;
	int subject;		/* enum ceu_subject */
	int category;		/* enum ceu_category */
	int start, end;		/* yyyymmdd */
	long hours;		/* tenths */
};

/* Find filing no, normalised first (ceu_ident_filing: case, full-width
 * characters, blanks): CEU_OK and *found; out (if not NULL) filled, its
 * strings valid until the next call on db. */
int ceu_filing_find(struct ceu_db *db, const char *no, int *found,
    struct ceu_filing *out);

/* What a class may be: its end not before its start (CEU_EDATA) and, R9,
 * both in one year (CEU_EREFUSED): a class is filed once per year. */
int ceu_filing_check(struct ceu_db *db, const struct ceu_filing *f);

/* File f under its normalised number (CEU_EDATA when it is none),
 * checked as ceu_filing_check does; batch is 0 or the import batch.
 * *what: CEU_ADDED, or CEU_UNCHANGED when it is on file with the same
 * values.  On file with other values it is CEU_EDATA: a filed class is
 * never changed, it would change hours already on archives (R10). */
int ceu_filing_add(struct ceu_db *db, const struct ceu_filing *f,
    long long batch, int *what);

/* Every filing number on file, sorted as SQLite's BINARY collation, so
 * that telling whether a text names a filed class costs no query (give
 * ceu_filing_set_has a normalised number). */
struct ceu_filing_set {
	char **no;
	size_t n;
};
int ceu_filing_set_load(struct ceu_db *db, struct ceu_filing_set *s);
int ceu_filing_set_has(const struct ceu_filing_set *s, const char *no);
void ceu_filing_set_free(struct ceu_filing_set *s);

#endif
