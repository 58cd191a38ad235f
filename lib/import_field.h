/*
 * import_field.h - what import.c and import_field.c share: a row's
 * fields parsed as their kind takes them, and the person and filed class
 * a row names.  Internal to libceu; the contract is import.h.
 *
 * Every parser writes its value and returns CEU_OK, or rejects the row
 * (imp_reject: CEU_EDATA, the message naming the column and the value
 * left where the reader's messages go).  Text goes into fixed buffers of
 * the caller's: a row costs no allocation.
 */
#ifndef CEU_IMPORT_FIELD_H
#define CEU_IMPORT_FIELD_H

#include "csvio.h"
#include "ident.h"
#include "import.h"

/* Reject the row being read with why (a format of the catalog). */
int imp_reject(struct ceu_import *im, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The English name of column col of the import's kind. */
const char *imp_col_name(const struct ceu_import *im, int col);

/* Field col of row as read, "" when the column is absent. */
const char *imp_field(const struct ceu_import *im,
    const struct ceu_csv_row *row, int col);

/* Text with blanks folded, at most size - 1 bytes (longer is refused,
 * never cut); with required, empty is refused too. */
int imp_text(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    int required, char *out, size_t size);

/* R10: a filing number, normalised as IDs are. */
int imp_filing_no(struct ceu_import *im, const struct ceu_csv_row *row,
    int col, char out[CEU_FILING_LEN + 1]);

/* An ID number (R1), normalised; a unit code. */
int imp_id(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    char out[CEU_ID_LEN + 1]);
int imp_unit(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    char out[CEU_ID_LEN + 1]);

/* Hours in tenths; a date as YYYYMMDD; a year. */
int imp_hours(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    long *tenths);
int imp_date(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    int *ymd);
int imp_year(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    int *year);

/* R5, R10: the subject of hours a route other than the exam brings. */
int imp_subject(struct ceu_import *im, const struct ceu_csv_row *row,
    int col, int *subject);

/* R8: a category in English or Chinese; -1 when empty and not
 * required. */
int imp_category(struct ceu_import *im, const struct ceu_csv_row *row,
    int col, int required, int *category);

/* An exam score in tenths of a point, 0..1000. */
int imp_score(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    int *score);

/* The person with this ID number on the reader (im->rd->person_*),
 * remembered for the next row; with named, the name on file too.  An
 * unknown person rejects the row. */
int imp_person(struct ceu_import *im, const char *id_no, int named);

/* The filed class filing_no on the reader (im->rd->filing_*), remembered
 * for the next row; *found says whether it exists (a missing one is not
 * an error here). */
int imp_filing(struct ceu_import *im, const char *filing_no, int *found);

#endif
