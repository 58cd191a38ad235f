/*
 * out_xlsx.c - the xlsx writer of out.c (out_xlsx.h), over libxlsxwriter.
 *
 * A real workbook, not CSV in disguise: a column of numbers (hours,
 * scores, counts, rates) holds numbers; every other cell is a string
 * (worksheet_write_string: never a formula, whatever it starts with), so
 * that an 18-digit ID number, a credit code or a filing number stays
 * exactly as written instead of becoming 4.5E+17.  The header row is bold
 * and frozen, with a filter; columns are as wide as their widest cell in
 * display width (CJK counts 2), within a bound.
 *
 * Memory stays flat: libxlsxwriter's constant-memory mode writes each row
 * to a temporary file as soon as the next one starts, and keeps no shared
 * strings.  A sheet holds 1,048,576 rows (Excel's limit, the header one
 * of them); the rows after that continue on the next sheet (Sheet2, ...)
 * under the header again.  The workbook is built in a temporary file of
 * $TMPDIR (else /tmp), removed at once where /proc lets it be written
 * by its descriptor, and copied to the output stream when complete, so
 * that nothing reaches the stream unless the whole workbook was made.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "alloc.h"
#include "error.h"
#include "out_xlsx.h"
#include "text.h"

/* Excel's limit on the characters of a cell. */
#define CELL_CHARS 32767
/* Column widths, in characters of the default font. */
#define WIDTH_MIN 6
#define WIDTH_MAX 60

static long sheet_rows = CEU_XLSX_SHEET_ROWS;

struct ceu_xlsx {
	lxw_workbook *wb;
	lxw_worksheet **sheets;	/* every sheet so far, the last being
				   written */
	size_t nsheets;
	lxw_format *head;	/* the header's bold */
	const struct ceu_out_col *cols;
	size_t ncols;
	char **names;		/* the header, repeated on every sheet */
	size_t *width;		/* widest cell of each column so far */
	long row;		/* the next row of the last sheet */
	int fd;			/* the workbook's file */
	char path[PATH_MAX];	/* its name for libxlsxwriter */
	int named;		/* path is still a name in $TMPDIR */
	char tmpdir[PATH_MAX];
};

void
ceu_xlsx_sheet_rows(long n)
{
	sheet_rows = n >= 2 ? n : CEU_XLSX_SHEET_ROWS;
}

/* libxlsxwriter's own words for e; returns CEU_EIO. */
static int
lxw_fail(lxw_error e, char *msg)
{
	return ceu_msg(msg, CEU_EIO, "cannot write the workbook: %s",
	    lxw_strerror(e));
}

/* The workbook's file: a new temporary file, written through
 * /proc/self/fd once its name is gone, so that a killed command leaves
 * nothing behind. */
static int
temp_file(struct ceu_xlsx *x, char *msg)
{
	const char *dir = getenv("TMPDIR");

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	snprintf(x->tmpdir, sizeof(x->tmpdir), "%s", dir);
	if (snprintf(x->path, sizeof(x->path), "%s/ceu-xlsx-XXXXXX", dir) >=
	    (int)sizeof(x->path))
		errno = ENAMETOOLONG;
	else if ((x->fd = mkostemp(x->path, O_CLOEXEC)) >= 0) {
		x->named = 1;
		return CEU_OK;
	}
	return ceu_msg(msg, CEU_ECANTCREAT, "cannot create a temporary file "
	    "in '%s': %s", dir, strerror(errno));
}

/* Forget the file's name when its descriptor can stand for it. */
static void
unname(struct ceu_xlsx *x)
{
	char proc[64];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", x->fd);
	if (access(proc, W_OK) == 0 && unlink(x->path) == 0) {
		x->named = 0;
		snprintf(x->path, sizeof(x->path), "%s", proc);
	}
}

/* A new sheet headed by the names, the header frozen; row 1 next. */
static int
new_sheet(struct ceu_xlsx *x, char *msg)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, NULL);
	lxw_error e;
	size_t i;

	if (ws == NULL)
		return lxw_fail(LXW_ERROR_MEMORY_MALLOC_FAILED, msg);
	x->sheets = ceu_reallocarray(x->sheets, x->nsheets + 1,
	    sizeof(*x->sheets));
	x->sheets[x->nsheets++] = ws;
	worksheet_freeze_panes(ws, 1, 0);
	for (i = 0; i < x->ncols; i++)
		if ((e = worksheet_write_string(ws, 0, (lxw_col_t)i,
		    x->names[i], x->head)) != LXW_NO_ERROR)
			return lxw_fail(e, msg);
	x->row = 1;
	return CEU_OK;
}

struct ceu_xlsx *
ceu_xlsx_open(const struct ceu_out_col *cols, size_t ncols,
    const char *const *names, char *msg)
{
	lxw_workbook_options opt = { 0 };
	struct ceu_xlsx *x = ceu_calloc(1, sizeof(*x));
	size_t i;

	x->fd = -1;
	x->cols = cols;
	x->ncols = ncols;
	x->names = ceu_calloc(ncols + 1, sizeof(*x->names));
	x->width = ceu_calloc(ncols + 1, sizeof(*x->width));
	for (i = 0; i < ncols; i++) {
		x->names[i] = ceu_strdup(names[i]);
		x->width[i] = ceu_text_width(names[i]);
	}
	if (ncols > LXW_COL_MAX) {
		ceu_msg(msg, CEU_ECANTCREAT, "cannot write the workbook: %s",
		    lxw_strerror(LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE));
		goto fail;
	}
	if (temp_file(x, msg) != CEU_OK)
		goto fail;
	unname(x);
	opt.constant_memory = LXW_TRUE;
	opt.tmpdir = x->tmpdir;
	if ((x->wb = workbook_new_opt(x->path, &opt)) == NULL) {
		lxw_fail(LXW_ERROR_MEMORY_MALLOC_FAILED, msg);
		goto fail;
	}
	x->head = workbook_add_format(x->wb);
	format_set_bold(x->head);
	if (new_sheet(x, msg) != CEU_OK)
		goto fail;
	return x;
fail:
	ceu_xlsx_free(x);
	return NULL;
}

/* Characters (code points) of s, stopping past limit. */
static size_t
chars(const char *s, size_t limit)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0, len;

	while (*u != '\0' && n <= limit) {
		ceu_utf8_decode(u, &len);
		u += len;
		n++;
	}
	return n;
}

/* Cell (row, i) of the last sheet: a number in a column of numbers, a
 * string anywhere else; NULL and "" stay empty.  A string too long for a
 * cell is refused, never cut. */
static int
put_cell(struct ceu_xlsx *x, size_t i, const char *v, char *msg)
{
	lxw_worksheet *ws = x->sheets[x->nsheets - 1];
	lxw_error e;
	size_t w;

	if (v == NULL || *v == '\0')
		return CEU_OK;
	if ((w = ceu_text_width(v)) > x->width[i])
		x->width[i] = w;
	if (x->cols[i].type == CEU_COL_NUM && ceu_out_is_number(v))
		e = worksheet_write_number(ws, (lxw_row_t)x->row, (lxw_col_t)i,
		    strtod(v, NULL), NULL);
	else if (chars(v, CELL_CHARS) > CELL_CHARS)
		return ceu_msg(msg, CEU_EDATA, "a value of column '%s' is "
		    "longer than a workbook cell holds (%d characters)",
		    x->names[i], CELL_CHARS);
	else
		e = worksheet_write_string(ws, (lxw_row_t)x->row,
		    (lxw_col_t)i, v, NULL);
	return e == LXW_NO_ERROR ? CEU_OK : lxw_fail(e, msg);
}

int
ceu_xlsx_row(struct ceu_xlsx *x, const char *const *values, char *msg)
{
	size_t i;
	int rc;

	if (x->row >= sheet_rows && (rc = new_sheet(x, msg)) != CEU_OK)
		return rc;
	for (i = 0; i < x->ncols; i++)
		if ((rc = put_cell(x, i, values[i], msg)) != CEU_OK)
			return rc;
	x->row++;
	return CEU_OK;
}

/* Widths (every sheet alike) and the header's filter. */
static int
lay_out(struct ceu_xlsx *x, char *msg)
{
	lxw_error e;
	size_t s, i;

	for (s = 0; s < x->nsheets; s++) {
		for (i = 0; i < x->ncols; i++) {
			size_t w = x->width[i] + 2;

			w = w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ?
			    WIDTH_MAX : w;
			if ((e = worksheet_set_column(x->sheets[s],
			    (lxw_col_t)i, (lxw_col_t)i, (double)w, NULL)) !=
			    LXW_NO_ERROR)
				return lxw_fail(e, msg);
		}
		if (x->ncols > 0 && (e = worksheet_autofilter(x->sheets[s], 0,
		    0, (lxw_row_t)(s + 1 < x->nsheets ? sheet_rows - 1 :
		    x->row - 1), (lxw_col_t)(x->ncols - 1))) != LXW_NO_ERROR)
			return lxw_fail(e, msg);
	}
	return CEU_OK;
}

/* Copy the finished workbook from its file to fp. */
static int
copy_out(struct ceu_xlsx *x, FILE *fp, char *msg)
{
	char buf[65536];
	ssize_t n;

	if (lseek(x->fd, 0, SEEK_SET) != 0)
		goto fail;
	while ((n = read(x->fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (fwrite(buf, 1, (size_t)n, fp) != (size_t)n)
			goto fail;
	}
	return CEU_OK;
fail:
	return ceu_msg(msg, CEU_EIO, "write error: %s", strerror(errno));
}

int
ceu_xlsx_finish(struct ceu_xlsx *x, FILE *fp, char *msg)
{
	lxw_workbook *wb = x->wb;
	lxw_error e;
	int rc;

	if ((rc = lay_out(x, msg)) != CEU_OK)
		return rc;
	x->wb = NULL;		/* workbook_close frees it, failing or not */
	if ((e = workbook_close(wb)) != LXW_NO_ERROR)
		return lxw_fail(e, msg);
	return copy_out(x, fp, msg);
}

void
ceu_xlsx_free(struct ceu_xlsx *x)
{
	size_t i;

	if (x == NULL)
		return;
	if (x->wb != NULL)
		lxw_workbook_free(x->wb);	/* given up: nothing written */
	if (x->fd >= 0)
		close(x->fd);
	if (x->named)
		unlink(x->path);
	for (i = 0; i < x->ncols; i++)
		free(x->names[i]);
	free(x->names);
	free(x->width);
	free(x->sheets);
	free(x);
}
