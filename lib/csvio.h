/*
 * csvio.h - reading CSV as training bases really send it, and writing the
 * four output formats of the SPEC (csv, tsv, json, table).
 *
 * Reader: streams a file through libcsv, strictly, one row at a time; each
 * row knows the physical line it starts on (quoted newlines counted).  The
 * bytes are decoded first: a UTF-8 BOM is stripped; in "auto" mode a file
 * that is not valid UTF-8 is read as GB18030 through iconv(3).  Fields come
 * out as NUL-terminated UTF-8.
 *
 *	struct ceu_csv *r = ceu_csv_open(fp, "roster.csv", CEU_ENC_AUTO, ',');
 *	while ((rc = ceu_csv_next(r, &row)) == 1) ... row->field[i] ...
 *	if (rc < 0) ... ceu_csv_error(r) ...
 *	ceu_csv_close(r);
 *
 * Writer: ceu_out_* write records to a stream in one of the formats, with
 * ID masking left to the caller.
 */
#ifndef CEU_CSVIO_H
#define CEU_CSVIO_H

#include <stdio.h>
#include <stddef.h>

enum ceu_encoding { CEU_ENC_AUTO, CEU_ENC_UTF8, CEU_ENC_GB18030 };
/* "auto", "utf-8"/"utf8", "gb18030"/"gbk"; -1 if unknown. */
int ceu_encoding_parse(const char *s);

struct ceu_csv_row {
	size_t nfield;
	char **field;		/* NUL-terminated UTF-8, owned by the reader */
	long line;		/* physical line the row starts on, from 1 */
};

struct ceu_csv;

/* Open a reader on fp (not closed by the reader).  name is used in
 * messages.  Returns NULL only when out of memory. */
struct ceu_csv *ceu_csv_open(FILE *fp, const char *name, int encoding,
    char delimiter);
/* The next row: 1 and *row set (valid until the next call), 0 at the end,
 * -1 on an error (malformed CSV, bad encoding, read error), described by
 * ceu_csv_error() as "line 12: unterminated quoted field" and so on. */
int ceu_csv_next(struct ceu_csv *r, const struct ceu_csv_row **row);
const char *ceu_csv_error(const struct ceu_csv *r);
/* Whether the error was an I/O error rather than bad data. */
int ceu_csv_ioerror(const struct ceu_csv *r);
/* Which encoding the reader settled on (CEU_ENC_UTF8 or CEU_ENC_GB18030). */
int ceu_csv_encoding(const struct ceu_csv *r);
/* Bytes consumed so far, for a progress bar. */
long long ceu_csv_offset(const struct ceu_csv *r);
void ceu_csv_close(struct ceu_csv *r);

/*
 * Header mapping.  cols lists the columns a loader knows: canonical English
 * name and Chinese aliases separated by '|' ("身份证号|证件号码|公民身份号码").
 * Matching ignores surrounding blanks and ASCII case; a blank header cell
 * names no column and is neither matched nor unknown.  On success map[i]
 * is the field index of cols[i], or -1 when that column is absent.  Returns
 * 0, or -1 with a message in err ("missing column 'id_no'", "unknown column
 * 'foo'" unless ignore_extra, "duplicate column 'name'").
 */
struct ceu_csv_col {
	const char *name;
	const char *aliases;
	int required;
};
int ceu_csv_map_header(const struct ceu_csv_row *header,
    const struct ceu_csv_col *cols, size_t ncols, int ignore_extra,
    int *map, char *err, size_t errsize);

/* Output. */
enum ceu_format { CEU_FMT_CSV, CEU_FMT_TSV, CEU_FMT_JSON, CEU_FMT_TABLE };
int ceu_format_parse(const char *s);	/* -1 if unknown */

enum ceu_coltype { CEU_COL_TEXT, CEU_COL_NUM, CEU_COL_BOOL };
struct ceu_out_col {
	const char *name;	/* snake_case English */
	int type;		/* enum ceu_coltype */
};

struct ceu_out;
/* bom: start CSV/TSV with a UTF-8 BOM.  cols must outlive the writer. */
struct ceu_out *ceu_out_open(FILE *fp, int format, int bom,
    const struct ceu_out_col *cols, size_t ncols);
/* One row of ncols values.  NULL is empty (null in JSON).  Booleans are
 * passed as "yes"/"no" and become true/false in JSON; numbers are written
 * unquoted in JSON.  Returns 0 or -1 on a write error. */
int ceu_out_row(struct ceu_out *o, const char *const *values);
/* Finish (the table is aligned and written here, JSON's array closed),
 * flush, free.  Returns 0 or -1 if any write failed. */
int ceu_out_close(struct ceu_out *o);

/* Display width of UTF-8 text on a terminal: CJK wide characters count 2. */
size_t ceu_text_width(const char *s);

#endif
