/*
 * import.h - the bulk loaders of ceu-import: rows into the archive, each
 * row validated by the rules of its kind, every run a batch.
 *
 *	struct ceu_import im;
 *	if (ceu_import_begin(db, &im, CEU_IMPORT_ROSTER, "roster.csv",
 *	    NULL) != CEU_OK || ceu_import_header(&im, header, 0) != CEU_OK)
 *		fail: ceu_import_end(&im), report db->msg
 *	im.report = fn; im.report_ctx = ctx;	   what became of each row
 *	if (ceu_import_rows(&im, csv, NULL, NULL, &fault) != CEU_OK)
 *		fail: roll back
 *	if (fault) the file cannot be read past a point: roll back
 *	ceu_import_finish(&im, sha256_hex);	   counts and the batch journal
 *	ceu_db_commit(db) (or not, when all-or-nothing failed)
 *	ceu_import_end(&im);			   rolls back if not committed
 *
 * Rows of roster and hours are validated as they are queued and written
 * by chunks of a few thousand, each chunk one statement (record.h), while
 * the next rows are read on a thread of their own (import_queue.c);
 * persons likewise, written a row a statement (person.h); the
 * report says what became of every row, in file order, when its chunk is
 * written.  Exam results are judged and written by chunks too
 * (import_exam.c), their people's state read for a chunk at once.
 * ceu_import_row does the same for one row at once.
 *
 * R16: an import journals its batch (one row with the file, its sha256 and
 * the counts), and each record carries the batch id, so that every change
 * stays attributable without a journal row per line.  A change to a unit,
 * person or policy row already on file is still journaled with its before
 * and after.  Nothing here prints or exits.
 */
#ifndef CEU_IMPORT_H
#define CEU_IMPORT_H

#include "csvio.h"
#include "db.h"
#include "filing.h"
#include "ident.h"
#include "policy.h"
#include "source.h"
#include "text.h"

enum ceu_import_kind {
	CEU_IMPORT_UNITS, CEU_IMPORT_PERSONS, CEU_IMPORT_FILINGS,
	CEU_IMPORT_SOURCES, CEU_IMPORT_ROSTER, CEU_IMPORT_HOURS,
	CEU_IMPORT_EXAMS, CEU_IMPORT_POLICY, CEU_IMPORT_NKINDS
};

/* What one accepted row did. */
enum ceu_import_outcome {
	CEU_IMPORT_ADDED, CEU_IMPORT_UPDATED, CEU_IMPORT_UNCHANGED,
	CEU_IMPORT_DUPLICATE, CEU_IMPORT_REJECTED
};

/* What became of one row: its fields and line as read, the outcome and,
 * for a rejected row or a duplicate (R10), why; for an updated row, what
 * changed that a clerk should see (a person's name), or NULL. */
struct ceu_import_report {
	const struct ceu_csv_row *row;
	int outcome;			/* enum ceu_import_outcome */
	const char *msg;		/* or NULL */
};

struct ceu_import_queue;
struct imp_exams;
struct ceu_person_load;

#define CEU_IMPORT_MAXCOLS 16

/*
 * What rows are read and checked with: the connection their look-ups run
 * on (where their messages are left), the last person and filing looked
 * up (files come sorted by person or by class, so most rows skip the
 * query), and the chunk of checked rows being filled.  The import has
 * one of its own, on its connection; while ceu_import_rows reads on a
 * thread of its own, that thread owns another, on its read-only
 * connection.
 */
struct ceu_import_reader {
	struct ceu_db *db;
	char person_id_no[CEU_ID_LEN + 1];
	long long person_id;
	char person_name[CEU_TEXT_NAME_MAX + 1];
	int person_named;		/* person_name is the one on file */
	char filing_no[CEU_TEXT_CODE_MAX + 1];	/* "" when none is
						   remembered */
	char filing_title[CEU_TEXT_TITLE_MAX + 1];
	int filing_subject, filing_category, filing_start, filing_end;
	long filing_hours;
	struct ceu_policy pol;		/* of the last record's year; year 0
					   when none is loaded */
	struct ceu_import_queue *queue;	/* roster, hours: rows waiting */
};

struct ceu_import {
	struct ceu_db *db;
	struct ceu_import_reader own;	/* on db */
	struct ceu_import_reader *rd;	/* &own, or the reading thread's */
	int kind;
	long long batch;
	long long last_before;		/* the last record id before it */
	const char *file;		/* as given, for the batch row */
	const char *source;		/* hours: the integrated system, as
					   registered (R10); else NULL */
	char source_name[CEU_SOURCE_MAX];
	/* R6, R9: why rows are loaded after the audit deadline of their
	 * year (--late --reason), or NULL: set after ceu_import_begin.  It
	 * is journaled with the batch, and such records are marked late. */
	const char *late_reason;
	int map[CEU_IMPORT_MAXCOLS];	/* column -> field index, or -1 */
	size_t nfields;			/* fields in the header */
	unsigned char *unnamed;		/* per field: blank header cell */
	long added, updated, unchanged, duplicates, rejected;
	long renamed;			/* persons: names that changed */
	char change[CEU_MSG_SIZE];	/* what the last row changed that a
					   clerk should see ("name of X
					   changed: A → B"), or "" */
	long late;			/* records (roster, hours) or attempts
				   (exams) added late (R6, R9, R11) */
	long replaced;			/* own registrations replaced (R10) */
	int policy_years[16];		/* policy: the years its rows set */
	size_t npolicy_years;
	int outcome;			/* of the last row */
	struct ceu_filing_set filings;	/* hours: the filing numbers */
	struct imp_exams *exams;	/* exams: the chunk being filled */
	struct ceu_person_load *persons; /* persons: the bulk load (R1) */
	int began;			/* the transaction is ours */
	int fk_off;			/* foreign keys off until the end */
	/* Told what became of each row (set after ceu_import_begin), or
	 * NULL. */
	void (*report)(void *ctx, const struct ceu_import_report *);
	void *report_ctx;
};

/* "units" ... "policy" (or their Chinese, values.h) -> kind; -1 if
 * unknown. */
int ceu_import_kind_parse(const char *s);
const char *ceu_import_kind_name(int kind);

/* Start a batch: set this connection up for a bulk load, begin the
 * command's transaction (call it outside any transaction, or the foreign
 * key switch cannot take effect) and insert the batch row (its id in
 * im->batch).  file is the name given on the command line ("-" for
 * stdin); source is required for hours (R10: the integrated system names
 * the activity, a registered one: ceu-import sources) and NULL otherwise.
 * CEU_OK, CEU_EUSAGE for a missing or stray source, CEU_EREFUSED for one
 * not registered, or a database error.  Whatever it returns, finish with
 * ceu_import_end. */
int ceu_import_begin(struct ceu_db *db, struct ceu_import *im, int kind,
    const char *file, const char *source);

/* After ceu_db_commit (or instead of it, which rolls back): free what the
 * import holds and restore the connection's settings. */
void ceu_import_end(struct ceu_import *im);

/* Map the header row: CEU_OK, or CEU_EDATA with "missing column 'x'",
 * "unknown column 'x'" (unless ignore_extra) in db->msg. */
int ceu_import_header(struct ceu_import *im, const struct ceu_csv_row *hdr,
    int ignore_extra);

/* Load one data row at once (and whatever rows are queued before it).
 * CEU_OK when accepted, with im->outcome and the counts updated (a
 * duplicate is an activity another route already put on the archive,
 * R10: accepted, not added).  CEU_EDATA when the row is rejected, nothing
 * of it written and the reason in db->msg (the caller adds file and
 * line).  Any other code is a database failure: roll back. */
int ceu_import_row(struct ceu_import *im, const struct ceu_csv_row *row);

/* Take one data row: validated now, written now or with its chunk (the
 * row may be reused once this returns).  Each row is reported to
 * im->report, in file order, once written or rejected, with the counts
 * updated; a rejected row leaves nothing written.  CEU_OK, or a database
 * failure: roll back. */
int ceu_import_queue(struct ceu_import *im, const struct ceu_csv_row *row);

/* Write and report the rows queued.  CEU_OK or a database failure. */
int ceu_import_flush(struct ceu_import *im);

/* Take every data row csv has left (its header read and mapped), as
 * ceu_import_queue and ceu_import_flush would: roster and hours are read
 * and checked on a thread of their own while the caller's thread writes
 * them.  im->report and progress (given the file offset reached, now and
 * then; may be NULL) are called on the caller's thread only; a database
 * in memory is read on the caller's thread.  CEU_OK, or a database
 * failure (roll back).  *fault says the reader failed (a
 * malformed file, ceu_csv_error says how): the rows before it are
 * reported, and nothing of the file may be committed. */
int ceu_import_rows(struct ceu_import *im, struct ceu_csv *csv,
    void (*progress)(void *ctx, long long offset), void *ctx, int *fault);

/* Close the batch: store sha256 (hex) and the counts, journal the batch
 * (R16).  Call before committing. */
int ceu_import_finish(struct ceu_import *im, const char *sha256);

#endif
