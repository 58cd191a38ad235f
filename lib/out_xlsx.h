/*
 * out_xlsx.h - the xlsx writer behind out.h (CEU_FMT_XLSX), for out.c
 * only: a workbook built by libxlsxwriter in constant-memory mode, then
 * copied to the output stream.
 *
 * Failures follow error.h: a code (NULL from ceu_xlsx_open) and the
 * message in msg (CEU_MSG_SIZE bytes).
 */
#ifndef CEU_OUT_XLSX_H
#define CEU_OUT_XLSX_H

#include <stdio.h>
#include <stddef.h>

#include "out.h"

/* The most rows a sheet holds, the header one of them (Excel's limit). */
#define CEU_XLSX_SHEET_ROWS 1048576L

struct ceu_xlsx;

/* A workbook with a first sheet headed by names (ncols, copied). */
struct ceu_xlsx *ceu_xlsx_open(const struct ceu_out_col *cols, size_t ncols,
    const char *const *names, char *msg);

/* One row; a sheet that is full continues on a new one, its header
 * repeated. */
int ceu_xlsx_row(struct ceu_xlsx *x, const char *const *values, char *msg);

/* Close the workbook and copy it to fp. */
int ceu_xlsx_finish(struct ceu_xlsx *x, FILE *fp, char *msg);

/* Free, removing the temporary files; NULL is accepted. */
void ceu_xlsx_free(struct ceu_xlsx *x);

/* Whether s is a number as a spreadsheet reads one:
 * [+-]digits[.digits][e[+-]digits] (out.c). */
int ceu_out_is_number(const char *s);

/* Rows per sheet, for the tests: n (at least 2) instead of Excel's
 * limit; 0 puts the limit back. */
void ceu_xlsx_sheet_rows(long n);

#endif
