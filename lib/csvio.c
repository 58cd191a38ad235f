/*
 * csvio.c - the CSV reader (libcsv, strict, streaming) and its header
 * map (csvio.h).
 *
 * Bytes are read in 64 KiB chunks and decoded to UTF-8.  A chunk of valid
 * UTF-8 (the usual case) is parsed where it was read; any other is decoded
 * line by line into a second buffer, where an invalid sequence becomes
 * U+FFFD and leaves a mark at its place, and a line of UTF-8 in a file
 * that "auto" read as GB18030 is copied as it is and marked: a row that
 * holds a marked byte is a bad row, never a silently changed one.  A
 * multibyte sequence cut by the chunk end waits for the next chunk.
 *
 * The text is fed to libcsv one physical line at a time (LF, CR LF or a
 * lone CR ends one), in pieces of at most 64 KiB, so that the parser's
 * state before each line tells whether a new row starts on it: that is
 * how every row knows its physical line even after quoted newlines, and
 * how a field or a row that grows past its bound is stopped before it
 * takes memory.  Completed rows are kept in a small queue whose fields
 * live in one reusable arena, so a file of millions of rows costs neither
 * memory nor a malloc per field.  As libcsv does, blanks around fields
 * are dropped, blank lines skipped, and a quote inside an unquoted field
 * is a "malformed quoted field".
 */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "csvio.h"
#include "text.h"

/* The fuzzing build reads in tiny chunks, so that short inputs cross
 * chunk ends everywhere (tests/fuzz). */
#ifndef CEU_CSV_CHUNK
#define CEU_CSV_CHUNK (64 * 1024)
#endif
#define CHUNK CEU_CSV_CHUNK
#define TAIL_MAX 8		/* room for a cut multibyte sequence */
#define CONV_MAX (3 * (CHUNK + TAIL_MAX) + 16)	/* U+FFFD for each byte */
#define PIECE (64 * 1024)	/* most text fed to libcsv at once */
#define ROW_NOT_BEGUN 0		/* libcsv's pstate between rows */
#define UNKNOWN SIZE_MAX	/* a cached position not looked for yet */

/* Why a line is bad (the reason a row with a mark is refused). */
enum bad { BAD_NONE, BAD_UTF8, BAD_GB18030, BAD_GB_IN_UTF8, BAD_UTF8_IN_GB };

static const char *const bad_text[] = {
	"", N_("invalid UTF-8"), N_("invalid GB18030"),
	N_("GB18030 (GBK) text in a UTF-8 file"),
	N_("UTF-8 text in a GB18030 (GBK) file"),
};

/* A decoded byte that begins a bad line. */
struct mark {
	size_t at;		/* offset in text */
	int why;		/* enum bad */
};

struct queued_row {
	size_t first;		/* index of its first field in foff */
	size_t nfield;
	long line;
	int bad;		/* enum bad */
	long bad_line;		/* the line of its first mark */
};

struct ceu_csv {
	FILE *fp;
	char *name;		/* for read errors */
	int encoding;		/* settled encoding, CEU_ENC_AUTO until then */
	int chosen;		/* settled by "auto" on evidence */
	int keep_bad;		/* ceu_csv_keep_bad_lines */
	struct csv_parser parser;
	iconv_t cd;

	unsigned char *raw;	/* bytes read, a cut sequence first */
	size_t carry_from, carry_len;
	unsigned char *conv;	/* a chunk decoded line by line */
	const unsigned char *text;	/* UTF-8 text being fed to libcsv */
	size_t text_len, text_pos;
	size_t nl_at, cr_at, nul_at;	/* next LF, CR, NUL in text */
	struct mark *marks;	/* of text, in order */
	size_t nmarks, marks_cap, mark_pos;
	int started, eof, done;

	long line;		/* physical line being fed */
	int after_cr;		/* the last line ended with a CR */
	long row_line;		/* line the current row started on */
	size_t row_bytes;	/* bytes fed of the current row */
	int row_bad;		/* enum bad of the current row */
	long row_bad_line;
	int overflow;		/* a callback found a bound passed */
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

enum { OVER_FIELD = 1, OVER_FIELDS };

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

	/* The bounds: a field or a row too large is never stored. */
	if (len > CEU_CSV_FIELD_MAX)
		r->overflow = OVER_FIELD;
	if (r->nfoff - r->cur_first >= CEU_CSV_FIELDS_MAX)
		r->overflow = OVER_FIELDS;
	if (r->overflow)
		return;
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
	if (r->overflow)
		return;
	if (r->nrows == r->rows_cap) {
		r->rows_cap = r->rows_cap ? r->rows_cap * 2 : 8;
		r->rows = ceu_reallocarray(r->rows, r->rows_cap,
		    sizeof(*r->rows));
	}
	q = &r->rows[r->nrows++];
	q->first = r->cur_first;
	q->nfield = r->nfoff - r->cur_first;
	q->line = r->row_line;
	q->bad = r->row_bad;
	q->bad_line = r->row_bad_line;
	r->cur_first = r->nfoff;
	r->row_bad = BAD_NONE;
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

void
ceu_csv_keep_bad_lines(struct ceu_csv *r)
{
	r->keep_bad = 1;
}

/* ---- bytes ---- */

/* Whether s[0..n) is ASCII only. */
static int
all_ascii(const unsigned char *s, size_t n)
{
	uint64_t w, any = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		any |= w;
	}
	for (; i < n; i++)
		any |= s[i];
	return (any & 0x8080808080808080ULL) == 0;
}

/* The end of the line that starts at s[a] (just past its LF or CR), or
 * n. */
static size_t
line_end(const unsigned char *s, size_t a, size_t n)
{
	while (a < n && s[a] != '\n' && s[a] != '\r')
		a++;
	return a < n ? a + 1 : n;
}

/* Whether s[0..n) is valid UTF-8; cut, a sequence cut at its end is
 * allowed (*tail its length). */
static int
utf8_valid(const unsigned char *s, size_t n, int cut, size_t *tail)
{
	size_t good = ceu_utf8_scan(s, n, tail);

	return good + *tail == n && (*tail == 0 || cut);
}

/* The GB18030 decoder, opened once.  0, or -1 when iconv has none. */
static int
gb_open(struct ceu_csv *r)
{
	if (r->cd == (iconv_t)-1 &&
	    (r->cd = iconv_open("UTF-8", "GB18030")) == (iconv_t)-1)
		return fail(r, CEU_EIO, "cannot decode GB18030: %s",
		    strerror(errno));
	return 0;
}

/* Whether s[0..n) is valid GB18030 (cut: its end may cut a character,
 * whose bytes *left then counts). */
static int
gb_valid(struct ceu_csv *r, const unsigned char *s, size_t n, int cut,
    size_t *left)
{
	char buf[4096], *in = (char *)s, *out;
	size_t inleft = n, outleft;

	*left = 0;
	iconv(r->cd, NULL, NULL, NULL, NULL);
	for (;;) {
		out = buf;
		outleft = sizeof(buf);
		if (iconv(r->cd, &in, &inleft, &out, &outleft) != (size_t)-1)
			return 1;
		if (errno != E2BIG)
			break;
	}
	*left = inleft;
	return errno == EINVAL && cut && inleft < TAIL_MAX;
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
	r->carry_from = r->carry_len = 0;
	return (long)n;
}

/* The first chunk: drop a UTF-8 BOM, refuse UTF-16.  Returns bytes
 * skipped, or (size_t)-1 on an error. */
static size_t
first_chunk(struct ceu_csv *r, size_t n)
{
	r->started = 1;
	if (n >= 2 && ((r->raw[0] == 0xFF && r->raw[1] == 0xFE) ||
	    (r->raw[0] == 0xFE && r->raw[1] == 0xFF))) {
		fail(r, CEU_EDATA, "line 1: UTF-16 text; save the file as CSV "
		    "UTF-8");
		return (size_t)-1;
	}
	if (r->encoding != CEU_ENC_GB18030 && n >= 3 && r->raw[0] == 0xEF &&
	    r->raw[1] == 0xBB && r->raw[2] == 0xBF) {
		r->encoding = CEU_ENC_UTF8;
		return 3;
	}
	if (r->encoding == CEU_ENC_GB18030 && gb_open(r) < 0)
		return (size_t)-1;
	return 0;
}

/*
 * "auto": decide on the evidence of the first chunk that is not all
 * ASCII: its lines beyond ASCII that are valid UTF-8, against those valid
 * only as GB18030.  UTF-8 wins a tie: bytes that are valid UTF-8 are
 * never read as something else on a guess.  0, or -1 on an error.
 */
static int
settle(struct ceu_csv *r, const unsigned char *s, size_t n)
{
	size_t a = 0, b, left;
	long utf8 = 0, gb = 0;
	int cut;

	if (all_ascii(s, n))
		return 0;		/* no evidence yet */
	if (gb_open(r) < 0)
		return -1;
	/* A line counts for an encoding when it holds a whole character
	 * beyond ASCII in it: not a sequence that the chunk's end cuts. */
	for (; a < n; a = b) {
		cut = (b = line_end(s, a, n)) == n && !r->eof;
		if (utf8_valid(s + a, b - a, cut, &left)) {
			utf8 += !all_ascii(s + a, b - a - left);
		} else if (gb_valid(r, s + a, b - a, cut, &left))
			gb += !all_ascii(s + a, b - a - left);
	}
	if (utf8 == 0 && gb == 0)
		return 0;
	r->encoding = gb > utf8 ? CEU_ENC_GB18030 : CEU_ENC_UTF8;
	r->chosen = 1;
	return 0;
}

/* Mark text_len (where decoded text now goes) as the start of a bad
 * line; one mark a line is enough. */
static void
mark(struct ceu_csv *r, int why, int *marked)
{
	if (*marked)
		return;
	*marked = 1;
	if (r->nmarks == r->marks_cap) {
		r->marks_cap = r->marks_cap ? 2 * r->marks_cap : 16;
		r->marks = ceu_reallocarray(r->marks, r->marks_cap,
		    sizeof(*r->marks));
	}
	r->marks[r->nmarks].at = r->text_len;
	r->marks[r->nmarks++].why = why;
}

static void
emit(struct ceu_csv *r, const void *s, size_t n)
{
	memcpy(r->conv + r->text_len, s, n);
	r->text_len += n;
}

/* Decode one UTF-8 line (or what the chunk holds of it: cut) into conv,
 * each invalid byte as U+FFFD.  Returns the bytes taken; the rest, a
 * sequence cut by the chunk end, waits for the next chunk. */
static size_t
utf8_line(struct ceu_csv *r, const unsigned char *s, size_t n, int cut)
{
	size_t i = 0, good, tail;
	int marked = 0, why;
	size_t left;

	while (i < n) {
		good = ceu_utf8_scan(s + i, n - i, &tail);
		emit(r, s + i, good);
		i += good;
		if (i == n || (tail > 0 && i + tail == n && cut))
			break;
		if (!marked) {
			/* In a file "auto" found UTF-8, say what it is. */
			why = r->chosen && gb_valid(r, s, n, cut, &left) ?
			    BAD_GB_IN_UTF8 : BAD_UTF8;
			mark(r, why, &marked);
		}
		emit(r, "\xEF\xBF\xBD", 3);
		i++;
	}
	return i;
}

/* Decode one GB18030 line (or what the chunk holds of it) into conv;
 * with "auto", a line of UTF-8 is kept as it is, and marked. */
static size_t
gb_line(struct ceu_csv *r, const unsigned char *s, size_t n, int cut)
{
	char *in = (char *)s, *out;
	size_t inleft = n, outleft, tail;
	int marked = 0;

	if (r->chosen && utf8_valid(s, n, cut, &tail) &&
	    !all_ascii(s, n - tail)) {
		mark(r, BAD_UTF8_IN_GB, &marked);
		emit(r, s, n - tail);
		return n - tail;
	}
	iconv(r->cd, NULL, NULL, NULL, NULL);
	while (inleft > 0) {
		out = (char *)r->conv + r->text_len;
		outleft = CONV_MAX - r->text_len;
		if (iconv(r->cd, &in, &inleft, &out, &outleft) != (size_t)-1) {
			r->text_len = (size_t)((unsigned char *)out - r->conv);
			break;
		}
		r->text_len = (size_t)((unsigned char *)out - r->conv);
		if (errno == EINVAL && cut && inleft < TAIL_MAX)
			break;
		mark(r, BAD_GB18030, &marked);
		emit(r, "\xEF\xBF\xBD", 3);
		in++;
		inleft--;
	}
	return n - inleft;
}

/* Decode raw[start, start + n) line by line into conv. */
static void
decode_lines(struct ceu_csv *r, size_t start, size_t n)
{
	const unsigned char *s = r->raw + start;
	size_t a = 0, b, took;
	int cut;

	r->text = r->conv;
	r->text_len = 0;
	for (; a < n; a = b) {
		cut = (b = line_end(s, a, n)) == n && !r->eof;
		took = r->encoding == CEU_ENC_GB18030 ?
		    gb_line(r, s + a, b - a, cut) :
		    utf8_line(r, s + a, b - a, cut);
		if (took < b - a) {
			r->carry_from = start + a + took;
			r->carry_len = b - a - took;
			break;
		}
	}
}

/* Make raw[start, start + n) the text to feed: where it was read when it
 * is valid UTF-8, else decoded line by line. */
static void
decode(struct ceu_csv *r, size_t start, size_t n)
{
	size_t tail;

	r->nmarks = r->mark_pos = 0;
	r->text_pos = 0;
	r->nl_at = r->cr_at = r->nul_at = UNKNOWN;
	if (r->encoding != CEU_ENC_GB18030 &&
	    utf8_valid(r->raw + start, n, !r->eof, &tail)) {
		r->text = r->raw + start;
		r->text_len = n - tail;
		r->carry_from = start + n - tail;
		r->carry_len = tail;
		return;
	}
	if (r->conv == NULL)
		r->conv = ceu_malloc(CONV_MAX);
	decode_lines(r, start, n);
}

/* Read and decode the next chunk into text.  Returns 0 or -1. */
static int
next_chunk(struct ceu_csv *r)
{
	long got = read_raw(r);
	size_t start = 0;

	if (got < 0)
		return -1;
	if (!r->started && (start = first_chunk(r, (size_t)got)) ==
	    (size_t)-1)
		return -1;
	if (r->encoding == CEU_ENC_AUTO &&
	    settle(r, r->raw + start, (size_t)got - start) < 0)
		return -1;
	decode(r, start, (size_t)got - start);
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
		return fail(r, CEU_EDATA, "line %ld: field longer than %d "
		    "bytes", line, CEU_CSV_FIELD_MAX);
	default:
		abort();	/* CSV_ENOMEM: out of memory (alloc.h) */
	}
}

/* After a piece was fed: a bound passed is an error, at its line. */
static int
check_bounds(struct ceu_csv *r)
{
	if (r->overflow == OVER_FIELDS)
		return fail(r, CEU_EDATA, "line %ld: more than %d fields",
		    r->row_line, CEU_CSV_FIELDS_MAX);
	if (r->overflow == OVER_FIELD ||
	    r->parser.entry_pos > CEU_CSV_FIELD_MAX)
		return fail(r, CEU_EDATA, "line %ld: field longer than %d "
		    "bytes", r->line, CEU_CSV_FIELD_MAX);
	if (r->row_bytes > CEU_CSV_ROW_MAX)
		return fail(r, CEU_EDATA, "line %ld: row longer than %d bytes",
		    r->row_line, CEU_CSV_ROW_MAX);
	return 0;
}

/* The next c at or after text_pos in text (text_len if none), found
 * once for all the lines before it. */
static size_t
next_of(struct ceu_csv *r, size_t *at, int c)
{
	const unsigned char *p;

	if (*at == UNKNOWN || *at < r->text_pos) {
		p = memchr(r->text + r->text_pos, c, r->text_len - r->text_pos);
		*at = p ? (size_t)(p - r->text) : r->text_len;
	}
	return *at;
}

/* The marks in text[text_pos, end) make the row being parsed bad. */
static void
take_marks(struct ceu_csv *r, size_t end)
{
	for (; r->mark_pos < r->nmarks && r->marks[r->mark_pos].at < end;
	    r->mark_pos++) {
		if (r->row_bad == BAD_NONE) {
			r->row_bad = r->marks[r->mark_pos].why;
			r->row_bad_line = r->line;
		}
	}
}

/* Feed one physical line (or a piece of it) to libcsv. */
static int
feed_line(struct ceu_csv *r)
{
	const unsigned char *s = r->text + r->text_pos;
	size_t nl = next_of(r, &r->nl_at, '\n'), cr = next_of(r, &r->cr_at, '\r');
	size_t end = nl < cr ? nl : cr, n;
	int lf_of_crlf = r->after_cr && *s == '\n', brk;

	/* A CR LF is one line break: its LF is fed on its own. */
	n = lf_of_crlf ? 1 : end < r->text_len ? end + 1 - r->text_pos :
	    r->text_len - r->text_pos;
	brk = !lf_of_crlf && (s[n - 1] == '\n' || s[n - 1] == '\r');
	if (n > PIECE) {
		n = PIECE;
		brk = 0;
	}
	if (next_of(r, &r->nul_at, '\0') < r->text_pos + n)
		return fail(r, CEU_EDATA, "line %ld: NUL byte (a binary or "
		    "UTF-16 file?)", r->line);
	if (r->parser.pstate == ROW_NOT_BEGUN && !lf_of_crlf) {
		r->row_line = r->line;
		r->row_bytes = 0;
	}
	take_marks(r, r->text_pos + n);
	r->row_bytes += n;
	if (csv_parse(&r->parser, s, n, on_field, on_row, r) != n)
		return parse_error(r, r->line);
	if (check_bounds(r) < 0)
		return -1;
	r->text_pos += n;
	r->after_cr = brk && s[n - 1] == '\r';
	if (brk)
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
	return check_bounds(r);
}

/* Parse until a row is queued or the input ends.  Returns 0 or -1. */
static int
fill_queue(struct ceu_csv *r)
{
	while (r->row_head == r->nrows && !r->done) {
		if (r->text_pos < r->text_len) {
			if (feed_line(r) < 0)
				return -1;
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
	if (q->bad != BAD_NONE && !r->keep_bad)
		return fail(r, CEU_EDATA, "line %ld: %s", q->bad_line,
		    ceu_tr(bad_text[q->bad]));
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
	r->out.error = q->bad != BAD_NONE ? ceu_tr(bad_text[q->bad]) : NULL;
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
	/* A file of ASCII alone reads the same either way: UTF-8. */
	return r->encoding == CEU_ENC_AUTO && r->started ? CEU_ENC_UTF8 :
	    r->encoding;
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
	free(r->marks);
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
