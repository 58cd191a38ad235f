/*
 * out.h - writing records in the output formats of the SPEC (csv, tsv,
 * json, table, xlsx), in English or Chinese, ID masking left to the
 * caller.
 *
 *	struct ceu_out *o = ceu_out_open(stdout, CEU_FMT_CSV, 0, cols, n);
 *	ceu_out_row(o, values);	...
 *	if (ceu_out_close(o) != 0) ... a write error ...
 *
 * Values are given as lib writes them (English words, numbers as text);
 * with CEU_OUT_ZH the writer says the column names and the words of
 * enumerated columns in Chinese (values.h), so that every listing gets
 * --headers from here.  Failures: -1, and ceu_out_error says why.
 */
#ifndef CEU_OUT_H
#define CEU_OUT_H

#include <stdio.h>
#include <stddef.h>

enum ceu_format {
	CEU_FMT_CSV, CEU_FMT_TSV, CEU_FMT_JSON, CEU_FMT_TABLE, CEU_FMT_XLSX
};
/* "csv", "tsv", "json", "table", "xlsx"; -1 if unknown. */
int ceu_format_parse(const char *s);

enum ceu_coltype {
	CEU_COL_TEXT,		/* text; codes and ID numbers are text */
	CEU_COL_NUM,		/* a number: hours, scores, counts, rates */
	CEU_COL_BOOL,		/* "yes" or "no" */
	/* Text whose values are the English words of enumeration e of
	 * values.h (CEU_COL_ENUM + CEU_ENUM_SUBJECT ...). */
	CEU_COL_ENUM = 0x100
};
#define CEU_COL_OF(e) (CEU_COL_ENUM + (e))

struct ceu_out_col {
	const char *name;	/* snake_case English */
	int type;		/* enum ceu_coltype */
};

/* Flags of ceu_out_open. */
#define CEU_OUT_BOM	1	/* CSV/TSV start with a UTF-8 BOM (Excel) */
#define CEU_OUT_ZH	2	/* column names and enumerated words in
				   Chinese (--headers zh) */

struct ceu_out;

/* A writer to fp with flags (CEU_OUT_*).  cols must outlive the writer.
 * CSV and TSV write their header here; xlsx writes the workbook to fp
 * only when finished (it is built in a temporary file of $TMPDIR, so
 * that memory stays flat however many rows).  NULL for an unknown
 * format; a workbook that cannot be started makes a writer whose every
 * call fails, with the reason. */
struct ceu_out *ceu_out_open(FILE *fp, int format, int flags,
    const struct ceu_out_col *cols, size_t ncols);

/* One row of ncols values.  NULL is empty (null in JSON).  Booleans are
 * passed as "yes"/"no" and become true/false in JSON; numbers are written
 * unquoted in JSON and as numbers in xlsx.  Returns 0 or -1 on a write
 * error. */
int ceu_out_row(struct ceu_out *o, const char *const *values);

/* Finish (the table is aligned and written here, JSON's array closed,
 * the workbook written) and flush fp (not closed).  Returns 0 or -1 if
 * any write failed.  The writer stays to be freed. */
int ceu_out_finish(struct ceu_out *o);

/* Why a call failed, in the user's language, and (code, when not NULL)
 * its exit code: CEU_EIO for a write error, CEU_ECANTCREAT when the
 * workbook's temporary file cannot be made, CEU_EDATA for a value a
 * workbook cannot hold. */
const char *ceu_out_error(const struct ceu_out *o, int *code);

/* Free (NULL is accepted). */
void ceu_out_free(struct ceu_out *o);

/* ceu_out_finish and ceu_out_free: 0, or -1 if any write failed. */
int ceu_out_close(struct ceu_out *o);

/* The Chinese of column name (the names the CSV importers accept, so
 * that a Chinese export can be read back), or name itself in English or
 * when the table has none. */
const char *ceu_out_col_name(const char *name, int lang);

/* Display width of UTF-8 text on a terminal: CJK wide characters count
 * 2, control characters 0, an invalid byte 1. */
size_t ceu_text_width(const char *s);

#endif
