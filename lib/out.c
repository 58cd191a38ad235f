/*
 * out.c - the four output formats of the SPEC (out.h): csv, tsv, json and
 * an aligned table, and the display width the table is aligned by.
 *
 * CSV is RFC 4180 with LF line ends (what Unix tools expect); fields
 * holding the delimiter, a quote, CR, LF or surrounding blanks are quoted.
 * With a BOM (the output is for Excel), a cell that Excel would run as a
 * formula gets a leading ' (SPEC --bom).  TSV is never quoted: tabs and
 * line breaks in values become spaces.  JSON is an array with one object
 * a line.  The table is kept until ceu_out_close, then aligned by display
 * width (CJK counts 2); it is for a terminal, so its cells show control
 * characters and invalid bytes escaped (text.h), never as they are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "out.h"
#include "text.h"

/* ---- display width ---- */

/* Terminal columns of one code point: East Asian Wide/Fullwidth are 2. */
static int
char_width(unsigned cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x200B && cp <= 0x200F) ||
	    (cp >= 0xFE00 && cp <= 0xFE0F))
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF &&
	    cp != 0x303F) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	    (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
	    (cp >= 0x1F300 && cp <= 0x1F64F) ||
	    (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	return 1;
}

size_t
ceu_text_width(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t w = 0, len;

	while (*u != '\0') {
		w += (size_t)char_width(ceu_utf8_decode(u, &len));
		u += len;
	}
	return w;
}

/* ---- writers ---- */

struct ceu_out {
	FILE *fp;
	int format;
	int excel;		/* --bom: neutralise formulas */
	const struct ceu_out_col *cols;
	size_t ncols;
	int failed;
	size_t nrows;
	char **cells;		/* table: every cell, header first */
	size_t cells_cap;
};

int
ceu_format_parse(const char *s)
{
	static const char *const names[] = { "csv", "tsv", "json", "table" };
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

static void
put(struct ceu_out *o, const char *s, size_t n)
{
	/* The writer is the stream's only user: no lock per call. */
	if (n > 0 && fwrite_unlocked(s, 1, n, o->fp) != n)
		o->failed = 1;
}

static void
puts_(struct ceu_out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* RFC 4180: quoted when it holds the delimiter, a quote, CR or LF, or
 * starts or ends with a blank (which CSV readers often trim). */
static void
put_csv_field(struct ceu_out *o, const char *s)
{
	size_t n = strlen(s);
	const char *q;

	if (strpbrk(s, ",\"\r\n") == NULL && (n == 0 || (s[0] != ' ' &&
	    s[0] != '\t' && s[n - 1] != ' ' && s[n - 1] != '\t'))) {
		put(o, s, n);
		return;
	}
	put(o, "\"", 1);
	while ((q = strchr(s, '"')) != NULL) {
		put(o, s, (size_t)(q - s) + 1);
		put(o, "\"", 1);
		s = q + 1;
	}
	puts_(o, s);
	put(o, "\"", 1);
}

static void
put_tsv_field(struct ceu_out *o, const char *s)
{
	size_t n;

	while (*s != '\0') {
		n = strcspn(s, "\t\r\n");
		put(o, s, n);
		s += n;
		if (*s != '\0') {
			put(o, " ", 1);
			s++;
		}
	}
}

static void
put_json_string(struct ceu_out *o, const char *s)
{
	char esc[8];
	size_t n;

	put(o, "\"", 1);
	while (*s != '\0') {
		for (n = 0; s[n] != '\0' && s[n] != '"' && s[n] != '\\' &&
		    (unsigned char)s[n] >= 0x20; n++)
			;
		put(o, s, n);
		s += n;
		if (*s == '\0')
			break;
		if (*s == '"' || *s == '\\')
			snprintf(esc, sizeof(esc), "\\%c", *s);
		else if (*s == '\n')
			strcpy(esc, "\\n");
		else if (*s == '\r')
			strcpy(esc, "\\r");
		else if (*s == '\t')
			strcpy(esc, "\\t");
		else
			snprintf(esc, sizeof(esc), "\\u%04x", (unsigned char)*s);
		puts_(o, esc);
		s++;
	}
	put(o, "\"", 1);
}

/* Whether s is a JSON number (-?int frac? exp?). */
static int
is_json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (*s >= '0' && *s <= '9')
			s++;
	else
		return 0;
	if (*s == '.') {
		if (!(*++s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

static void
put_json_value(struct ceu_out *o, int type, const char *v)
{
	if (type == CEU_COL_TEXT) {
		if (v == NULL)
			puts_(o, "null");
		else
			put_json_string(o, v);
	} else if (v == NULL || *v == '\0') {
		puts_(o, "null");
	} else if (type == CEU_COL_BOOL && strcmp(v, "yes") == 0) {
		puts_(o, "true");
	} else if (type == CEU_COL_BOOL && strcmp(v, "no") == 0) {
		puts_(o, "false");
	} else if (type == CEU_COL_NUM && is_json_number(v)) {
		puts_(o, v);
	} else {
		put_json_string(o, v);	/* not what the type promised */
	}
}

/* Whether s is a number as a spreadsheet reads one: [+-]digits[.digits]
 * [e[+-]digits]. */
static int
is_number(const char *s)
{
	if (*s == '+' || *s == '-')
		s++;
	return *s != '+' && *s != '-' && is_json_number(s);
}

/* SPEC --bom: a cell Excel would run as a formula (=, +, -, @, tab or
 * CR first, and not a number) is neutralised with a leading '. */
static int
is_formula(const char *s)
{
	return *s != '\0' && strchr("=+-@\t\r", *s) != NULL && !is_number(s);
}

/* One line of CSV or TSV. */
static void
put_delimited(struct ceu_out *o, const char *const *values)
{
	char *quoted = NULL;
	size_t i;

	for (i = 0; i < o->ncols; i++) {
		const char *v = values[i] ? values[i] : "";
		if (o->excel && is_formula(v)) {
			free(quoted);
			if (asprintf(&quoted, "'%s", v) < 0)
				abort();	/* out of memory (alloc.h) */
			v = quoted;
		}
		if (i > 0)
			put(o, o->format == CEU_FMT_CSV ? "," : "\t", 1);
		if (o->format == CEU_FMT_CSV)
			put_csv_field(o, v);
		else
			put_tsv_field(o, v);
	}
	put(o, "\n", 1);
	free(quoted);
}

static void
put_json_row(struct ceu_out *o, const char *const *values)
{
	size_t i;

	puts_(o, o->nrows > 0 ? ",\n{" : "{");
	for (i = 0; i < o->ncols; i++) {
		if (i > 0)
			put(o, ",", 1);
		put_json_string(o, o->cols[i].name);
		put(o, ":", 1);
		put_json_value(o, o->cols[i].type, values[i]);
	}
	put(o, "}", 1);
}

/* Keep a table row as a terminal may show it: tabs and line breaks
 * become spaces, other controls are escaped (text.h). */
static void
keep_table_row(struct ceu_out *o, const char *const *values)
{
	size_t i, need = (o->nrows + 1) * o->ncols;

	if (need > o->cells_cap) {
		o->cells_cap = need * 2;
		o->cells = ceu_reallocarray(o->cells, o->cells_cap,
		    sizeof(*o->cells));
	}
	for (i = 0; i < o->ncols; i++)
		o->cells[o->nrows * o->ncols + i] =
		    ceu_text_visible(values[i] ? values[i] : "");
}

/* The table keeps its header as row 0. */
struct ceu_out *
ceu_out_open(FILE *fp, int format, int bom,
    const struct ceu_out_col *cols, size_t ncols)
{
	struct ceu_out *o;
	const char **names;
	size_t i;

	if (format < CEU_FMT_CSV || format > CEU_FMT_TABLE)
		return NULL;
	o = ceu_calloc(1, sizeof(*o));
	o->fp = fp;
	o->format = format;
	o->excel = bom;
	o->cols = cols;
	o->ncols = ncols;
	if (bom && (format == CEU_FMT_CSV || format == CEU_FMT_TSV))
		puts_(o, "\xEF\xBB\xBF");
	if (format == CEU_FMT_JSON) {
		puts_(o, "[\n");
		return o;
	}
	names = ceu_calloc(ncols + 1, sizeof(*names));
	for (i = 0; i < ncols; i++)
		names[i] = cols[i].name;
	if (format == CEU_FMT_TABLE)
		keep_table_row(o, names);
	else
		put_delimited(o, names);
	free(names);
	o->nrows = format == CEU_FMT_TABLE ? 1 : 0;
	return o;
}

int
ceu_out_row(struct ceu_out *o, const char *const *values)
{
	switch (o->format) {
	case CEU_FMT_JSON:
		put_json_row(o, values);
		break;
	case CEU_FMT_TABLE:
		keep_table_row(o, values);
		break;
	default:
		put_delimited(o, values);
		break;
	}
	o->nrows++;
	if (ferror(o->fp))
		o->failed = 1;
	return o->failed ? -1 : 0;
}

static void
put_spaces(struct ceu_out *o, size_t n)
{
	static const char spaces[] = "                                ";

	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		put(o, spaces, k);
		n -= k;
	}
}

/* Write the kept table, columns two spaces apart, numbers on the right,
 * no blanks at line ends; frees the cells. */
static void
put_table(struct ceu_out *o)
{
	size_t *width = ceu_calloc(o->ncols + 1, sizeof(*width));
	size_t r, i, w;

	for (r = 0; r < o->nrows; r++)
		for (i = 0; i < o->ncols; i++)
			if ((w = ceu_text_width(o->cells[r * o->ncols + i])) >
			    width[i])
				width[i] = w;
	for (r = 0; r < o->nrows; r++) {
		size_t blanks = 0;	/* owed before the next text */
		for (i = 0; i < o->ncols; i++) {
			const char *c = o->cells[r * o->ncols + i];
			size_t pad = width[i] - ceu_text_width(c);
			blanks += (i > 0 ? 2 : 0) +
			    (o->cols[i].type == CEU_COL_NUM ? pad : 0);
			if (*c != '\0') {
				put_spaces(o, blanks);
				puts_(o, c);
				blanks = 0;
			}
			if (o->cols[i].type != CEU_COL_NUM)
				blanks += pad;
			free(o->cells[r * o->ncols + i]);
		}
		put(o, "\n", 1);
	}
	free(width);
}

int
ceu_out_close(struct ceu_out *o)
{
	int rc;

	if (o == NULL)
		return 0;
	if (o->format == CEU_FMT_TABLE)
		put_table(o);
	else if (o->format == CEU_FMT_JSON)
		puts_(o, o->nrows > 0 ? "\n]\n" : "]\n");
	if (fflush(o->fp) != 0 || ferror(o->fp))
		o->failed = 1;
	rc = o->failed ? -1 : 0;
	free(o->cells);
	free(o);
	return rc;
}
