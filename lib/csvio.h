/*
 * csvio.h - reading CSV as training bases really send it: a streaming,
 * strict reader and the map of a header row onto the columns a loader
 * knows.  (Output formats are out.h.)
 *
 * The reader streams a file through libcsv, one row at a time; each row
 * knows the physical line it starts on (quoted newlines counted; a line
 * ends at LF, CR LF or a lone CR).  The bytes are decoded first: a UTF-8
 * BOM is stripped; GB18030 goes through iconv(3).  In "auto" mode the
 * encoding is chosen on evidence, never by a guess that rewrites text:
 * the first lines with bytes beyond ASCII decide (those valid UTF-8
 * against those valid only as GB18030, UTF-8 on a tie), and from then on
 * a line that is not valid in the chosen encoding, or that is UTF-8 in a
 * file read as GB18030, is a bad line.  Fields come out as NUL-terminated
 * UTF-8.
 *
 *	struct ceu_csv *r = ceu_csv_open(fp, "roster.csv", CEU_ENC_AUTO, ',');
 *	while ((rc = ceu_csv_next(r, &row)) == 1) ... row->field[i] ...
 *	if (rc < 0) ... ceu_csv_error(r), exit ceu_csv_code(r) ...
 *	ceu_csv_close(r);
 *
 * Input is bounded so that memory stays flat whatever comes in: a field
 * of more than CEU_CSV_FIELD_MAX bytes, a row of more than
 * CEU_CSV_ROW_MAX or of more than CEU_CSV_FIELDS_MAX fields, a NUL byte
 * anywhere and UTF-16 text end the reading with an error naming the line.
 *
 * Failures follow error.h: a code and a message in the user's language,
 * kept by the reader.
 */
#ifndef CEU_CSVIO_H
#define CEU_CSVIO_H

#include <stdio.h>
#include <stddef.h>

#include "error.h"

enum ceu_encoding { CEU_ENC_AUTO, CEU_ENC_UTF8, CEU_ENC_GB18030 };

/* The bounds of the input (ceu-import(1), LIMITS). */
#define CEU_CSV_FIELD_MAX (64 * 1024)		/* bytes of one field */
#define CEU_CSV_ROW_MAX (1024 * 1024)		/* bytes of one row */
#define CEU_CSV_FIELDS_MAX 16384		/* fields of one row (Excel's
						   columns) */
/* "auto", "utf-8"/"utf8", "gb18030"/"gbk"/"gb2312"; -1 if unknown. */
int ceu_encoding_parse(const char *s);

struct ceu_csv_row {
	size_t nfield;
	char **field;		/* NUL-terminated UTF-8, owned by the reader */
	long line;		/* physical line the row starts on, from 1 */
	const char *error;	/* a bad line: why ("invalid UTF-8"), in the
				   user's language; else NULL */
};

struct ceu_csv;

/* A reader on fp (not closed by the reader), with delimiter between
 * fields; name is used in messages.  Never NULL (alloc.h). */
struct ceu_csv *ceu_csv_open(FILE *fp, const char *name, int encoding,
    char delimiter);

/* The next row: 1 and *row set (valid until the next call), 0 at the
 * end, -1 on an error (malformed CSV, a bound passed, a NUL byte, a bad
 * line unless ceu_csv_keep_bad_lines, a read error): then ceu_csv_error
 * says what ("line 12: unterminated quoted field") and ceu_csv_code how
 * (CEU_EDATA, or CEU_EIO for a read error), and every later call returns
 * -1 too. */
int ceu_csv_next(struct ceu_csv *r, const struct ceu_csv_row **row);

/* Hand a row with a bad line (not valid in the file's encoding) out
 * rather than failing: row->error says why, and its invalid bytes read as
 * U+FFFD, so that a loader rejects that row alone.  Call before the first
 * ceu_csv_next. */
void ceu_csv_keep_bad_lines(struct ceu_csv *r);
const char *ceu_csv_error(const struct ceu_csv *r);
int ceu_csv_code(const struct ceu_csv *r);

/* Which encoding the reader settled on (CEU_ENC_UTF8 or CEU_ENC_GB18030);
 * before the first row is read, still CEU_ENC_AUTO when that was asked
 * for. */
int ceu_csv_encoding(const struct ceu_csv *r);

/* Bytes consumed so far, for a progress bar. */
long long ceu_csv_offset(const struct ceu_csv *r);

/* Free the reader; NULL is accepted. */
void ceu_csv_close(struct ceu_csv *r);

/*
 * Header mapping.  cols lists the columns a loader knows: canonical English
 * name and Chinese aliases separated by '|' ("身份证号|证件号码|公民身份号码").
 * Matching ignores surrounding blanks and ASCII case; a blank header cell
 * names no column and is neither matched nor unknown.  On success map[i]
 * is the field index of cols[i], or -1 when that column is absent, and
 * CEU_OK is returned; otherwise CEU_EDATA with the message in msg
 * (CEU_MSG_SIZE bytes): "missing column 'id_no'", "unknown column 'foo'"
 * (unless ignore_extra), "duplicate column 'name'".
 */
struct ceu_csv_col {
	const char *name;
	const char *aliases;
	int required;
};
int ceu_csv_map_header(const struct ceu_csv_row *header,
    const struct ceu_csv_col *cols, size_t ncols, int ignore_extra,
    int *map, char *msg);

#endif
