/*
 * csvio.c - the CSV reader (libcsv, strict, streaming) and the four output
 * writers (csv, tsv, json, table).
 *
 * Reader.  Bytes are read in 64 KiB chunks and decoded to UTF-8 (a UTF-8
 * BOM is dropped; GB18030 goes through iconv(3), keeping a multibyte
 * sequence cut by the chunk end for the next chunk).  The UTF-8 text is fed
 * to libcsv one physical line at a time, so that the parser's state before
 * each line tells whether a new row starts on it: that is how every row
 * knows its physical line even after quoted newlines.  Completed rows are
 * kept in a small queue whose fields live in one reusable arena, so a file
 * of millions of rows costs neither memory nor a malloc per field.  In
 * "auto" mode the encoding is settled on the first chunk: valid UTF-8 there
 * means UTF-8, and a later invalid byte is then an error, not a switch.
 * As libcsv does, blanks around fields are dropped, blank lines skipped,
 * and a quote inside an unquoted field is a "malformed quoted field".
 *
 * Writers.  CSV is RFC 4180 with LF line ends (what Unix tools expect);
 * fields holding the delimiter, a quote, CR, LF or surrounding blanks are
 * quoted.  TSV is never quoted: tabs and line breaks in values become
 * spaces.  JSON is an array with one object a line.  The table is buffered
 * until ceu_out_close, then aligned by display width (CJK counts 2).
 */
#include "csvio.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CHUNK (64 * 1024)
#define TAIL_MAX 8		/* room for a cut multibyte sequence */
#define ROW_NOT_BEGUN 0		/* libcsv's pstate between rows */

enum { DECODE_OK, DECODE_BAD };

struct queued_row {
	size_t first;		/* index of its first field in foff */
	size_t nfield;
	long line;
};

struct ceu_csv {
	FILE *fp;
	char *name;		/* for read errors */
	int encoding;		/* settled encoding, CEU_ENC_AUTO until then */
	struct csv_parser parser;
	iconv_t cd;

	unsigned char *raw;	/* bytes read, a cut sequence first */
	size_t carry_from, carry_len;
	unsigned char *conv;	/* GB18030 decoded to UTF-8 */
	const unsigned char *text;	/* UTF-8 text being fed to libcsv */
	size_t text_len, text_pos;
	int bad_bytes;		/* raise an encoding error after text */
	int started, eof, done;

	long line;		/* physical line being fed */
	long row_line;		/* line the current row started on */
	long long offset;

	char *arena;		/* field bytes, each NUL-terminated */
	size_t arena_len, arena_cap;
	size_t *foff;		/* offset of each field in arena */
	size_t nfoff, foff_cap;
	size_t cur_first;	/* first field of the row being parsed */
	struct queued_row *rows;
	size_t nrows, rows_cap, row_head;

	char **fields;		/* pointers handed out in out */
	size_t fields_cap;
	struct ceu_csv_row out;

	int failed, ioerror;
	char err[256];
};

static void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		abort();	/* STYLE.md: the one tolerated exit */
	return q;
}

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xrealloc(NULL, n), s, n);
}

int
ceu_encoding_parse(const char *s)
{
	if (strcasecmp(s, "auto") == 0)
		return CEU_ENC_AUTO;
	if (strcasecmp(s, "utf-8") == 0 || strcasecmp(s, "utf8") == 0)
		return CEU_ENC_UTF8;
	if (strcasecmp(s, "gb18030") == 0 || strcasecmp(s, "gbk") == 0 ||
	    strcasecmp(s, "gb2312") == 0)
		return CEU_ENC_GB18030;
	return -1;
}

/* ---- UTF-8 validation ---- */

/*
 * Length of the valid UTF-8 sequence at s (avail bytes left), 0 if it is
 * invalid, or -1 if it is a valid beginning cut short by the end of s.
 * Overlong forms, surrogates and code points past U+10FFFF are invalid.
 */
static int
utf8_seq(const unsigned char *s, size_t avail)
{
	unsigned c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, i;

	if (c < 0x80)
		return 1;
	if (c < 0xC2 || c > 0xF4)
		return 0;
	need = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	for (i = 1; i < need; i++, lo = 0x80, hi = 0xBF) {
		if (i >= avail)
			return -1;
		if (s[i] < lo || s[i] > hi)
			return 0;
	}
	return (int)need;
}

/*
 * Scan n bytes of UTF-8.  Returns the length of the valid prefix; *tail is
 * the length of a valid but incomplete sequence ending the buffer (counted
 * outside the prefix), 0 otherwise.  A return < n - *tail means a bad byte.
 */
static size_t
utf8_scan(const unsigned char *s, size_t n, size_t *tail)
{
	size_t i = 0;
	int k;

	*tail = 0;
	while (i < n) {
		uint64_t w;
		if (n - i >= 8) {
			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				i += 8;
				continue;
			}
		}
		k = utf8_seq(s + i, n - i);
		if (k == 0)
			return i;
		if (k < 0) {
			*tail = n - i;
			return i;
		}
		i += (size_t)k;
	}
	return i;
}

/* ---- errors ---- */

static int fail(struct ceu_csv *r, int io, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record the reader's error; every later ceu_csv_next returns -1. */
static int
fail(struct ceu_csv *r, int io, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof r->err, fmt, ap);
	va_end(ap);
	r->failed = 1;
	r->ioerror = io;
	return -1;
}

/* ---- libcsv callbacks: fields and rows into the queue ---- */

static void
on_field(void *data, size_t len, void *ctx)
{
	struct ceu_csv *r = ctx;

	if (r->arena_len + len + 1 > r->arena_cap) {
		r->arena_cap = (r->arena_len + len + 1) * 2;
		r->arena = xrealloc(r->arena, r->arena_cap);
	}
	if (r->nfoff == r->foff_cap) {
		r->foff_cap = r->foff_cap ? r->foff_cap * 2 : 64;
		r->foff = xrealloc(r->foff, r->foff_cap * sizeof *r->foff);
	}
	r->foff[r->nfoff++] = r->arena_len;
	if (len > 0)
		memcpy(r->arena + r->arena_len, data, len);
	r->arena_len += len;
	r->arena[r->arena_len++] = '\0';
}

static void
on_row(int term, void *ctx)
{
	struct ceu_csv *r = ctx;
	struct queued_row *q;

	(void)term;
	if (r->nrows == r->rows_cap) {
		r->rows_cap = r->rows_cap ? r->rows_cap * 2 : 8;
		r->rows = xrealloc(r->rows, r->rows_cap * sizeof *r->rows);
	}
	q = &r->rows[r->nrows++];
	q->first = r->cur_first;
	q->nfield = r->nfoff - r->cur_first;
	q->line = r->row_line;
	r->cur_first = r->nfoff;
}

/*
 * Empty the queue (all its rows were handed out) while keeping the fields
 * of a row still being parsed, moved to the front of the arena.
 */
static void
queue_reset(struct ceu_csv *r)
{
	size_t keep = r->nfoff - r->cur_first, base, i;

	if (r->arena == NULL)
		return;
	base = keep ? r->foff[r->cur_first] : r->arena_len;
	memmove(r->arena, r->arena + base, r->arena_len - base);
	r->arena_len -= base;
	for (i = 0; i < keep; i++)
		r->foff[i] = r->foff[r->cur_first + i] - base;
	r->nfoff = keep;
	r->cur_first = 0;
	r->nrows = r->row_head = 0;
}

/* ---- opening ---- */

struct ceu_csv *
ceu_csv_open(FILE *fp, const char *name, int encoding,
    char delimiter)
{
	struct ceu_csv *r = calloc(1, sizeof *r);

	if (r == NULL)
		return NULL;
	if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		free(r);
		return NULL;
	}
	csv_set_delim(&r->parser, (unsigned char)delimiter);
	r->fp = fp;
	r->name = xstrdup(name ? name : "-");
	r->encoding = encoding;
	r->cd = (iconv_t)-1;
	r->raw = xrealloc(NULL, CHUNK + TAIL_MAX);
	r->line = 1;
	return r;
}

/* ---- reading and decoding ---- */

/* Fill raw after the carried bytes; returns bytes now in raw or -1. */
static long
read_raw(struct ceu_csv *r)
{
	size_t n;

	memmove(r->raw, r->raw + r->carry_from, r->carry_len);
	n = fread(r->raw + r->carry_len, 1, CHUNK, r->fp);
	if (n < CHUNK) {
		if (ferror(r->fp))
			return fail(r, 1, "cannot read '%s': %s", r->name,
			    strerror(errno));
		r->eof = 1;
	}
	r->offset += (long long)n;
	n += r->carry_len;
	r->carry_len = 0;
	return (long)n;
}

/* The first chunk: drop a BOM, settle "auto".  Returns bytes skipped. */
static size_t
settle_encoding(struct ceu_csv *r, size_t n)
{
	size_t skip = 0, tail;

	r->started = 1;
	if (r->encoding != CEU_ENC_GB18030 && n >= 3 && r->raw[0] == 0xEF &&
	    r->raw[1] == 0xBB && r->raw[2] == 0xBF) {
		skip = 3;
		r->encoding = CEU_ENC_UTF8;
	}
	if (r->encoding == CEU_ENC_AUTO) {
		size_t good = utf8_scan(r->raw, n, &tail);
		r->encoding = good + tail == n && (tail == 0 || !r->eof) ?
		    CEU_ENC_UTF8 : CEU_ENC_GB18030;
	}
	if (r->encoding == CEU_ENC_GB18030) {
		r->cd = iconv_open("UTF-8", "GB18030");
		if (r->cd == (iconv_t)-1)
			return (size_t)-1;
		r->conv = xrealloc(NULL, 2 * (CHUNK + TAIL_MAX) + 16);
	}
	return skip;
}

/* Make raw[start, start + n) the text to feed, checking it is UTF-8. */
static void
decode_utf8(struct ceu_csv *r, size_t start, size_t n)
{
	size_t tail, good = utf8_scan(r->raw + start, n, &tail);

	if (good + tail < n || (tail > 0 && r->eof)) {
		r->bad_bytes = 1;
	} else {
		r->carry_from = start + good;
		r->carry_len = tail;
	}
	r->text = r->raw + start;
	r->text_len = good;
	r->text_pos = 0;
}

/* Convert raw[start, start + n) from GB18030 into conv. */
static void
decode_gb18030(struct ceu_csv *r, size_t start, size_t n)
{
	char *in = (char *)r->raw + start, *out = (char *)r->conv;
	size_t inleft = n, outleft = 2 * (CHUNK + TAIL_MAX) + 16;

	if (iconv(r->cd, &in, &inleft, &out, &outleft) == (size_t)-1) {
		if (errno == EINVAL && !r->eof && inleft < TAIL_MAX) {
			r->carry_from = (size_t)((unsigned char *)in - r->raw);
			r->carry_len = inleft;
		} else {
			r->bad_bytes = 1;
		}
	}
	r->text = r->conv;
	r->text_len = (size_t)((unsigned char *)out - r->conv);
	r->text_pos = 0;
}

/* Read and decode the next chunk into text.  Returns 0 or -1. */
static int
next_chunk(struct ceu_csv *r)
{
	long got = read_raw(r);
	size_t start = 0;

	if (got < 0)
		return -1;
	if (!r->started) {
		start = settle_encoding(r, (size_t)got);
		if (start == (size_t)-1)
			return fail(r, 1, "cannot decode GB18030: %s",
			    strerror(errno));
	}
	if (r->encoding == CEU_ENC_UTF8)
		decode_utf8(r, start, (size_t)got - start);
	else
		decode_gb18030(r, start, (size_t)got - start);
	return 0;
}

/* ---- parsing ---- */

static const char *
parse_error_words(int code)
{
	switch (code) {
	case CSV_EPARSE:
		return "malformed quoted field";
	case CSV_ENOMEM:
		return "out of memory";
	case CSV_ETOOBIG:
		return "field too large";
	default:
		return csv_strerror(code);
	}
}

/* Feed one physical line (or what the chunk holds of it) to libcsv. */
static int
feed_line(struct ceu_csv *r)
{
	const unsigned char *s = r->text + r->text_pos;
	size_t avail = r->text_len - r->text_pos, n;
	const unsigned char *nl = memchr(s, '\n', avail);

	n = nl ? (size_t)(nl - s) + 1 : avail;
	if (r->parser.pstate == ROW_NOT_BEGUN)
		r->row_line = r->line;
	if (csv_parse(&r->parser, s, n, on_field, on_row, r) != n)
		return fail(r, 0, "line %ld: %s", r->line,
		    parse_error_words(csv_error(&r->parser)));
	r->text_pos += n;
	if (nl != NULL)
		r->line++;
	return 0;
}

/* End of input: flush libcsv's last row. */
static int
finish(struct ceu_csv *r)
{
	r->done = 1;
	if (csv_fini(&r->parser, on_field, on_row, r) != 0) {
		if (csv_error(&r->parser) == CSV_EPARSE)
			return fail(r, 0, "line %ld: unterminated quoted field",
			    r->row_line);
		return fail(r, 0, "line %ld: %s", r->row_line,
		    parse_error_words(csv_error(&r->parser)));
	}
	return 0;
}

/* Parse until a row is queued or the input ends.  Returns 0 or -1. */
static int
fill_queue(struct ceu_csv *r)
{
	while (r->row_head == r->nrows && !r->done) {
		if (r->text_pos < r->text_len) {
			if (feed_line(r) < 0)
				return -1;
		} else if (r->bad_bytes) {
			return fail(r, 0, "line %ld: invalid %s", r->line,
			    r->encoding == CEU_ENC_UTF8 ? "UTF-8" : "GB18030");
		} else if (r->eof) {
			if (finish(r) < 0)
				return -1;
		} else if (next_chunk(r) < 0) {
			return -1;
		}
	}
	return 0;
}

int
ceu_csv_next(struct ceu_csv *r, const struct ceu_csv_row **row)
{
	const struct queued_row *q;
	size_t i;

	if (r->failed)
		return -1;
	if (r->row_head == r->nrows) {
		queue_reset(r);
		if (fill_queue(r) < 0)
			return -1;
		if (r->row_head == r->nrows)
			return 0;
	}
	q = &r->rows[r->row_head++];
	if (q->nfield + 1 > r->fields_cap) {
		r->fields_cap = (q->nfield + 1) * 2;
		r->fields = xrealloc(r->fields, r->fields_cap * sizeof *r->fields);
	}
	for (i = 0; i < q->nfield; i++)
		r->fields[i] = r->arena + r->foff[q->first + i];
	r->fields[q->nfield] = NULL;
	r->out.nfield = q->nfield;
	r->out.field = r->fields;
	r->out.line = q->line;
	*row = &r->out;
	return 1;
}

const char *
ceu_csv_error(const struct ceu_csv *r)
{
	return r->failed ? r->err : "";
}

int
ceu_csv_ioerror(const struct ceu_csv *r)
{
	return r->failed && r->ioerror;
}

/* Before the first row is read it is still
 * CEU_ENC_AUTO when that was asked for. */
int
ceu_csv_encoding(const struct ceu_csv *r)
{
	return r->encoding;
}

long long
ceu_csv_offset(const struct ceu_csv *r)
{
	return r->offset;
}

/* NULL is accepted. */
void
ceu_csv_close(struct ceu_csv *r)
{
	if (r == NULL)
		return;
	csv_free(&r->parser);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->name);
	free(r->raw);
	free(r->conv);
	free(r->arena);
	free(r->foff);
	free(r->rows);
	free(r->fields);
	free(r);
}

/* ---- header mapping ---- */

/* Whether byte c of a UTF-8 string starts a blank (ASCII or U+3000). */
static size_t
blank_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 1 && (u[0] == ' ' || u[0] == '\t' || u[0] == '\r' ||
	    u[0] == '\n'))
		return 1;
	if (n >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		return 3;	/* a BOM left by an odd tool */
	return 0;
}

/* Trim blanks (and a BOM) around s: *len is the length left. */
static const char *
trim_name(const char *s, size_t *len)
{
	size_t n = strlen(s), k;

	while ((k = blank_at(s, n)) > 0) {
		s += k;
		n -= k;
	}
	for (;;) {
		if (n >= 1 && blank_at(s + n - 1, 1) == 1)
			n--;
		else if (n >= 3 && blank_at(s + n - 3, 3) == 3)
			n -= 3;
		else
			break;
	}
	*len = n;
	return s;
}

/* Whether name (n bytes) is col's name or one of its '|' aliases. */
static int
col_matches(const struct ceu_csv_col *col, const char *name,
    size_t n)
{
	const char *a = col->aliases, *bar;

	if (strlen(col->name) == n && strncasecmp(col->name, name, n) == 0)
		return 1;
	while (a != NULL && *a != '\0') {
		bar = strchr(a, '|');
		size_t alen = bar ? (size_t)(bar - a) : strlen(a);
		if (alen == n && strncasecmp(a, name, n) == 0)
			return 1;
		a = bar ? bar + 1 : NULL;
	}
	return 0;
}

/* A blank header cell names no column: Excel
 * leaves such cells right of a sheet's data; the caller decides what a
 * value under one means. */
int
ceu_csv_map_header(const struct ceu_csv_row *header,
    const struct ceu_csv_col *cols, size_t ncols, int ignore_extra,
    int *map, char *err, size_t errsize)
{
	size_t i, j, n;
	const char *name;

	for (i = 0; i < ncols; i++)
		map[i] = -1;
	for (j = 0; j < header->nfield; j++) {
		name = trim_name(header->field[j], &n);
		if (n == 0)
			continue;
		for (i = 0; i < ncols && !col_matches(&cols[i], name, n); i++)
			;
		if (i == ncols) {
			if (ignore_extra)
				continue;
			snprintf(err, errsize, "unknown column '%.*s'", (int)n,
			    name);
			return -1;
		}
		if (map[i] >= 0) {
			snprintf(err, errsize, "duplicate column '%s'",
			    cols[i].name);
			return -1;
		}
		map[i] = (int)j;
	}
	for (i = 0; i < ncols; i++) {
		if (cols[i].required && map[i] < 0) {
			snprintf(err, errsize, "missing column '%s'",
			    cols[i].name);
			return -1;
		}
	}
	return 0;
}

/* ---- display width ---- */

/* Decode the UTF-8 character at s; *len its length (1 for a bad byte). */
static unsigned
decode_char(const unsigned char *s, size_t *len)
{
	int k = utf8_seq(s, strlen((const char *)s));
	unsigned cp;

	if (k <= 0) {
		*len = 1;
		return s[0];
	}
	*len = (size_t)k;
	if (k == 1)
		return s[0];
	cp = s[0] & (0xFF >> (k + 1));
	while (--k > 0)
		cp = cp << 6 | (*++s & 0x3F);
	return cp;
}

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

/* Control characters count 0, a bad byte 1. */
size_t
ceu_text_width(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t w = 0, len;

	while (*u != '\0') {
		w += (size_t)char_width(decode_char(u, &len));
		u += len;
	}
	return w;
}

/* ---- writers ---- */

struct ceu_out {
	FILE *fp;
	int format;
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
			snprintf(esc, sizeof esc, "\\%c", *s);
		else if (*s == '\n')
			strcpy(esc, "\\n");
		else if (*s == '\r')
			strcpy(esc, "\\r");
		else if (*s == '\t')
			strcpy(esc, "\\t");
		else
			snprintf(esc, sizeof esc, "\\u%04x", (unsigned char)*s);
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

/* One line of CSV or TSV. */
static void
put_delimited(struct ceu_out *o, const char *const *values)
{
	size_t i;

	for (i = 0; i < o->ncols; i++) {
		const char *v = values[i] ? values[i] : "";
		if (i > 0)
			put(o, o->format == CEU_FMT_CSV ? "," : "\t", 1);
		if (o->format == CEU_FMT_CSV)
			put_csv_field(o, v);
		else
			put_tsv_field(o, v);
	}
	put(o, "\n", 1);
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

/* Keep a table row; tabs and line breaks become spaces. */
static void
keep_table_row(struct ceu_out *o, const char *const *values)
{
	size_t i, need = (o->nrows + 1) * o->ncols;
	char *c;

	if (need > o->cells_cap) {
		o->cells_cap = need * 2;
		o->cells = xrealloc(o->cells, o->cells_cap * sizeof *o->cells);
	}
	for (i = 0; i < o->ncols; i++) {
		c = xstrdup(values[i] ? values[i] : "");
		for (char *p = c; *p != '\0'; p++)
			if (*p == '\t' || *p == '\r' || *p == '\n')
				*p = ' ';
		o->cells[o->nrows * o->ncols + i] = c;
	}
}

/* Returns NULL for an unknown format.  CSV and TSV
 * write their header here; the table keeps its header as row 0. */
struct ceu_out *
ceu_out_open(FILE *fp, int format, int bom,
    const struct ceu_out_col *cols, size_t ncols)
{
	struct ceu_out *o;
	const char **names;
	size_t i;

	if (format < CEU_FMT_CSV || format > CEU_FMT_TABLE)
		return NULL;
	o = xrealloc(NULL, sizeof *o);
	memset(o, 0, sizeof *o);
	o->fp = fp;
	o->format = format;
	o->cols = cols;
	o->ncols = ncols;
	if (bom && (format == CEU_FMT_CSV || format == CEU_FMT_TSV))
		puts_(o, "\xEF\xBB\xBF");
	if (format == CEU_FMT_JSON) {
		puts_(o, "[\n");
		return o;
	}
	names = xrealloc(NULL, (ncols + 1) * sizeof *names);
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
		size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
		put(o, spaces, k);
		n -= k;
	}
}

/* Write the kept table, columns two spaces apart, numbers on the right,
 * no blanks at line ends; frees the cells. */
static void
put_table(struct ceu_out *o)
{
	size_t *width = xrealloc(NULL, (o->ncols + 1) * sizeof *width);
	size_t r, i, w;

	for (i = 0; i < o->ncols; i++)
		width[i] = 0;
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

/* fp itself is flushed, not closed. */
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
