/*
 * out.h - writing records in the four output formats of the SPEC (csv,
 * tsv, json, table), ID masking left to the caller.
 *
 *	struct ceu_out *o = ceu_out_open(stdout, CEU_FMT_CSV, 0, cols, n);
 *	ceu_out_row(o, values);	...
 *	if (ceu_out_close(o) != 0) ... a write error ...
 */
#ifndef CEU_OUT_H
#define CEU_OUT_H

#include <stdio.h>
#include <stddef.h>

enum ceu_format { CEU_FMT_CSV, CEU_FMT_TSV, CEU_FMT_JSON, CEU_FMT_TABLE };
/* "csv", "tsv", "json", "table"; -1 if unknown. */
int ceu_format_parse(const char *s);

enum ceu_coltype { CEU_COL_TEXT, CEU_COL_NUM, CEU_COL_BOOL };
struct ceu_out_col {
	const char *name;	/* snake_case English */
	int type;		/* enum ceu_coltype */
};

struct ceu_out;

/* A writer to fp; bom: start CSV/TSV with a UTF-8 BOM.  cols must
 * outlive the writer.  CSV and TSV write their header here.  NULL for an
 * unknown format. */
struct ceu_out *ceu_out_open(FILE *fp, int format, int bom,
    const struct ceu_out_col *cols, size_t ncols);

/* One row of ncols values.  NULL is empty (null in JSON).  Booleans are
 * passed as "yes"/"no" and become true/false in JSON; numbers are written
 * unquoted in JSON.  Returns 0 or -1 on a write error. */
int ceu_out_row(struct ceu_out *o, const char *const *values);

/* Finish (the table is aligned and written here, JSON's array closed),
 * flush fp (not closed), free.  Returns 0 or -1 if any write failed.
 * NULL is accepted. */
int ceu_out_close(struct ceu_out *o);

/* Display width of UTF-8 text on a terminal: CJK wide characters count
 * 2, control characters 0, an invalid byte 1. */
size_t ceu_text_width(const char *s);

#endif
