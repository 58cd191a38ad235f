/*
 * csvio.c - the CSV reader (libcsv, strict, streaming) and its header
 * map (csvio.h).
 *
 * Bytes are read in 64 KiB chunks and decoded to UTF-8 (a UTF-8 BOM is
 * dropped; GB18030 goes through iconv(3), keeping a multibyte sequence
 * cut by the chunk end for the next chunk).  The UTF-8 text is fed to
 * libcsv one physical line at a time, so that the parser's state before
 * each line tells whether a new row starts on it: that is how every row
 * knows its physical line even after quoted newlines.  Completed rows are
 * kept in a small queue whose fields live in one reusable arena, so a file
 * of millions of rows costs neither memory nor a malloc per field.  In
 * "auto" mode the encoding is settled on the first chunk: valid UTF-8
 * there means UTF-8, and a later invalid byte is then an error, not a
 * switch.  As libcsv does, blanks around fields are dropped, blank lines
 * skipped, and a quote inside an unquoted field is a "malformed quoted
 * field".
 */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "csvio.h"
#include "text.h"

#define CHUNK (64 * 1024)
#define TAIL_MAX 8		/* room for a cut multibyte sequence */
#define ROW_NOT_BEGUN 0		/* libcsv's pstate between rows */

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

	int code;		/* CEU_OK, or why every read fails now */
	char msg[CEU_MSG_SIZE];
};

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

/* ---- errors ---- */

static int fail(struct ceu_csv *r, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record the reader's error (error.h); every later ceu_csv_next returns
 * -1.  Returns -1. */
static int
fail(struct ceu_csv *r, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	r->code = ceu_vmsg(r->msg, code, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- libcsv callbacks: fields and rows into the queue ---- */

static void
on_field(void *data, size_t len, void *ctx)
{
	struct ceu_csv *r = ctx;

	if (r->arena_len + len + 1 > r->arena_cap) {
		r->arena_cap = (r->arena_len + len + 1) * 2;
		r->arena = ceu_reallocarray(r->arena, r->arena_cap, 1);
	}
	if (r->nfoff == r->foff_cap) {
		r->foff_cap = r->foff_cap ? r->foff_cap * 2 : 64;
		r->foff = ceu_reallocarray(r->foff, r->foff_cap,
		    sizeof(*r->foff));
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
		r->rows = ceu_reallocarray(r->rows, r->rows_cap,
		    sizeof(*r->rows));
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
	struct ceu_csv *r = ceu_calloc(1, sizeof(*r));

	/* libcsv fails only when it cannot allocate. */
	if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
		abort();
	csv_set_delim(&r->parser, (unsigned char)delimiter);
	r->fp = fp;
	r->name = ceu_strdup(name ? name : "-");
	r->encoding = encoding;
	r->cd = (iconv_t)-1;
	r->raw = ceu_malloc(CHUNK + TAIL_MAX);
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
			return fail(r, CEU_EIO, "cannot read '%s': %s", r->name,
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
		size_t good = ceu_utf8_scan(r->raw, n, &tail);
		r->encoding = good + tail == n && (tail == 0 || !r->eof) ?
		    CEU_ENC_UTF8 : CEU_ENC_GB18030;
	}
	if (r->encoding == CEU_ENC_GB18030) {
		r->cd = iconv_open("UTF-8", "GB18030");
		if (r->cd == (iconv_t)-1)
			return (size_t)-1;
		r->conv = ceu_malloc(2 * (CHUNK + TAIL_MAX) + 16);
	}
	return skip;
}

/* Make raw[start, start + n) the text to feed, checking it is UTF-8. */
static void
decode_utf8(struct ceu_csv *r, size_t start, size_t n)
{
	size_t tail, good = ceu_utf8_scan(r->raw + start, n, &tail);

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
			return fail(r, CEU_EIO, "cannot decode GB18030: %s",
			    strerror(errno));
	}
	if (r->encoding == CEU_ENC_UTF8)
		decode_utf8(r, start, (size_t)got - start);
	else
		decode_gb18030(r, start, (size_t)got - start);
	return 0;
}

/* ---- parsing ---- */

/* What libcsv's error means, at line; returns -1. */
static int
parse_error(struct ceu_csv *r, long line)
{
	switch (csv_error(&r->parser)) {
	case CSV_EPARSE:
		return fail(r, CEU_EDATA, "line %ld: malformed quoted field",
		    line);
	case CSV_ETOOBIG:
		return fail(r, CEU_EDATA, "line %ld: field too large", line);
	default:
		abort();	/* CSV_ENOMEM: out of memory (alloc.h) */
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
		return parse_error(r, r->line);
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
			return fail(r, CEU_EDATA, "line %ld: unterminated "
			    "quoted field", r->row_line);
		return parse_error(r, r->row_line);
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
			return fail(r, CEU_EDATA, "line %ld: invalid %s",
			    r->line, r->encoding == CEU_ENC_UTF8 ? "UTF-8" :
			    "GB18030");
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

	if (r->code != CEU_OK)
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
		r->fields = ceu_reallocarray(r->fields, r->fields_cap,
		    sizeof(*r->fields));
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
	return r->code != CEU_OK ? r->msg : "";
}

int
ceu_csv_code(const struct ceu_csv *r)
{
	return r->code;
}

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

/* A blank (text.h) or a BOM left by an odd tool: its length, or 0. */
static size_t
blank_or_bom(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		return 3;
	return ceu_blank_len(s);
}

/* Trim blanks and BOMs around s: *len is the length left. */
static const char *
trim_name(const char *s, size_t *len)
{
	const char *p, *end;
	size_t k;

	while ((k = blank_or_bom(s)) > 0)
		s += k;
	for (p = end = s; *p != '\0'; p += k ? k : 1)
		if ((k = blank_or_bom(p)) == 0)
			end = p + 1;
	*len = (size_t)(end - s);
	return s;
}

/* Whether name (n bytes) is col's name or one of its '|' aliases. */
static int
col_matches(const struct ceu_csv_col *col, const char *name, size_t n)
{
	const char *a = col->aliases, *bar;
	size_t alen;

	if (strlen(col->name) == n && strncasecmp(col->name, name, n) == 0)
		return 1;
	while (a != NULL && *a != '\0') {
		bar = strchr(a, '|');
		alen = bar ? (size_t)(bar - a) : strlen(a);
		if (alen == n && strncasecmp(a, name, n) == 0)
			return 1;
		a = bar ? bar + 1 : NULL;
	}
	return 0;
}

/* A blank header cell names no column: Excel leaves such cells right of a
 * sheet's data; the caller decides what a value under one means. */
int
ceu_csv_map_header(const struct ceu_csv_row *header,
    const struct ceu_csv_col *cols, size_t ncols, int ignore_extra,
    int *map, char *msg)
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
			return ceu_msg(msg, CEU_EDATA, "unknown column "
			    "'%.*s'", (int)n, name);
		}
		if (map[i] >= 0) {
			return ceu_msg(msg, CEU_EDATA, "duplicate column '%s'",
			    cols[i].name);
		}
		map[i] = (int)j;
	}
	for (i = 0; i < ncols; i++) {
		if (cols[i].required && map[i] < 0)
			return ceu_msg(msg, CEU_EDATA, "missing column '%s'",
			    cols[i].name);
	}
	return CEU_OK;
}
