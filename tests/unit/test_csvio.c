/*
 * test_csvio.c - the CSV reader (line numbers, encodings, strictness) and
 * header mapping.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "input.h"

#define CHUNK (64 * 1024)

/* A growing string for describing what the reader returned. */
struct text {
	char *s;
	size_t len, cap;
};

static void
text_add(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->s = realloc(t->s, t->cap);
		assert_non_null(t->s);
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

/*
 * Read buf with the reader and describe the rows as "L1:a|b\nL3:c\n";
 * an error ends the text with "E:message".  The caller frees the result.
 */
static char *
read_all(const char *buf, size_t len, int encoding,
    char delimiter, int *final_encoding)
{
	FILE *fp = fmemopen((void *)buf, len ? len : 1, "r");
	struct ceu_csv *r;
	const struct ceu_csv_row *row;
	struct text t = { NULL, 0, 0 };
	char head[32];
	size_t i;
	int rc;

	assert_non_null(fp);
	if (len == 0)
		fgetc(fp);	/* fmemopen needs a size > 0: consume it */
	r = ceu_csv_open(fp, "test.csv", encoding, delimiter);
	assert_non_null(r);
	text_add(&t, "", 0);
	while ((rc = ceu_csv_next(r, &row)) == 1) {
		snprintf(head, sizeof head, "L%ld:", row->line);
		text_add(&t, head, strlen(head));
		for (i = 0; i < row->nfield; i++) {
			if (i > 0)
				text_add(&t, "|", 1);
			text_add(&t, row->field[i], strlen(row->field[i]));
		}
		text_add(&t, "\n", 1);
	}
	if (rc < 0) {
		text_add(&t, "E:", 2);
		text_add(&t, ceu_csv_error(r), strlen(ceu_csv_error(r)));
	}
	if (final_encoding != NULL)
		*final_encoding = ceu_csv_encoding(r);
	ceu_csv_close(r);
	fclose(fp);
	return t.s;
}

static void
assert_reads(const char *in, int encoding, const char *want)
{
	char *got = read_all(in, strlen(in), encoding, ',', NULL);

	assert_string_equal(got, want);
	free(got);
}

/* UTF-8 text converted to GB18030; *len set; the caller frees. */
static char *
to_gb18030(const char *utf8, size_t *len)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	size_t inleft = strlen(utf8), outleft = inleft * 2 + 4;
	char *out = malloc(outleft), *o = out, *in = (char *)utf8;

	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
	iconv_close(cd);
	*len = (size_t)(o - out);
	return out;
}

static void
csv_plain_rows__line_numbers(void **state)
{
	(void)state;
	assert_reads("id_no,name\n1,a\n2,b\n", CEU_ENC_AUTO,
	    "L1:id_no|name\nL2:1|a\nL3:2|b\n");
	/* no newline at the end: the last row still comes */
	assert_reads("a,b\nc,d", CEU_ENC_AUTO, "L1:a|b\nL2:c|d\n");
}

static void
csv_quoted_commas_and_quotes__one_field(void **state)
{
	(void)state;
	assert_reads("\"a,b\",\"say \"\"hi\"\"\",c\n", CEU_ENC_AUTO,
	    "L1:a,b|say \"hi\"|c\n");
	assert_reads("x,,\"\"\n", CEU_ENC_AUTO, "L1:x||\n");
}

static void
csv_quoted_newlines__later_lines_right(void **state)
{
	(void)state;
	assert_reads("a,b\n\"x\ny\",2\n\"p\r\nq\",3\nlast,4\n", CEU_ENC_AUTO,
	    "L1:a|b\nL2:x\ny|2\nL4:p\r\nq|3\nL6:last|4\n");
	/* a first field on its own lines: the row starts where it opens */
	assert_reads("h\n\"\n\n\nz\"\nnext\n", CEU_ENC_AUTO,
	    "L1:h\nL2:\n\n\nz\nL6:next\n");
}

static void
csv_crlf_and_blank_lines(void **state)
{
	(void)state;
	assert_reads("a,b\r\nc,d\r\n\r\ne,f\r\n", CEU_ENC_AUTO,
	    "L1:a|b\nL2:c|d\nL4:e|f\n");
	assert_reads("a\n\n\nb\n", CEU_ENC_AUTO, "L1:a\nL4:b\n");
}

static void
csv_bom__stripped(void **state)
{
	int enc = -1;
	const char *in = "\xEF\xBB\xBFid_no,name\n1,\xE5\xBC\xA0\n";
	char *got = read_all(in, strlen(in), CEU_ENC_AUTO, ',', &enc);

	(void)state;
	assert_string_equal(got, "L1:id_no|name\nL2:1|张\n");
	assert_int_equal(enc, CEU_ENC_UTF8);
	free(got);
	assert_reads("\xEF\xBB\xBF" "a\n", CEU_ENC_UTF8, "L1:a\n");
}

static void
csv_ragged_empty_and_header_only(void **state)
{
	(void)state;
	assert_reads("a,b,c\n1\n1,2,3,4\n", CEU_ENC_AUTO,
	    "L1:a|b|c\nL2:1\nL3:1|2|3|4\n");
	assert_reads("", CEU_ENC_AUTO, "");
	assert_reads("id_no,name\n", CEU_ENC_AUTO, "L1:id_no|name\n");
	assert_reads("\xEF\xBB\xBF", CEU_ENC_AUTO, "");
}

static void
csv_tab_delimiter(void **state)
{
	const char *in = "a\tb c\n1\t\n";
	char *got = read_all(in, strlen(in), CEU_ENC_AUTO, '\t', NULL);

	(void)state;
	assert_string_equal(got, "L1:a|b c\nL2:1|\n");
	free(got);
}

static void
csv_unterminated_quote__error_at_its_line(void **state)
{
	(void)state;
	assert_reads("a,b\n\"open,1\nmore\n", CEU_ENC_AUTO,
	    "L1:a|b\nE:line 2: unterminated quoted field");
}

static void
csv_text_after_quote__malformed(void **state)
{
	(void)state;
	assert_reads("a,b\nc,d\n\"x\"y,1\n", CEU_ENC_AUTO,
	    "L1:a|b\nL2:c|d\nE:line 3: malformed quoted field");
}

static void
csv_gb18030_file__decoded(void **state)
{
	size_t len;
	int enc = -1;
	char *gb = to_gb18030("姓名,学时\n张三,10.5\n", &len);
	char *got;

	(void)state;
	/* the well-known GBK bytes of 姓名 */
	assert_memory_equal(gb, "\xD0\xD5\xC3\xFB", 4);
	got = read_all(gb, len, CEU_ENC_AUTO, ',', &enc);
	assert_string_equal(got, "L1:姓名|学时\nL2:张三|10.5\n");
	assert_int_equal(enc, CEU_ENC_GB18030);
	free(got);
	got = read_all(gb, len, CEU_ENC_GB18030, ',', &enc);
	assert_string_equal(got, "L1:姓名|学时\nL2:张三|10.5\n");
	free(got);
	free(gb);
}

/*
 * A GB18030 file whose character ch (UTF-8) starts at byte CHUNK - before,
 * so that the first chunk's end cuts it.  Every row must come out whole
 * with its line number.
 */
static void
check_gb_split(const char *ch, size_t before)
{
	struct text src = { NULL, 0, 0 }, want = { NULL, 0, 0 };
	char *gb, *got, line[64];
	size_t len = strlen("\xD0\xD5\xC3\xFB,x\n");	/* GB18030 bytes */
	long lineno = 2;

	text_add(&src, "姓名,x\n", strlen("姓名,x\n"));
	text_add(&want, "L1:姓名|x\n", strlen("L1:姓名|x\n"));
	for (; len + 4 <= CHUNK - before - 3; len += 4, lineno++) {
		text_add(&src, "a,1\n", 4);
		snprintf(line, sizeof line, "L%ld:a|1\n", lineno);
		text_add(&want, line, strlen(line));
	}
	snprintf(line, sizeof line, "L%ld:", lineno);
	text_add(&want, line, strlen(line));
	for (; len < CHUNK - before; len++) {
		text_add(&src, "b", 1);
		text_add(&want, "b", 1);
	}
	text_add(&src, ch, strlen(ch));
	text_add(&src, ",2\n中,3\n", strlen(",2\n中,3\n"));
	text_add(&want, ch, strlen(ch));
	snprintf(line, sizeof line, "|2\nL%ld:中|3\n", lineno + 1);
	text_add(&want, line, strlen(line));

	gb = to_gb18030(src.s, &len);
	assert_true(len > CHUNK);
	got = read_all(gb, len, CEU_ENC_AUTO, ',', NULL);
	assert_string_equal(got, want.s);
	free(got);
	free(gb);
	free(src.s);
	free(want.s);
}

static void
csv_gb18030_char_cut_by_chunk_end__decoded(void **state)
{
	(void)state;
	check_gb_split("张", 1);		/* 2 bytes, 1 in each chunk */
	check_gb_split("\xF0\xA0\x80\x80", 1);	/* U+20000: 4 bytes, 1 + 3 */
	check_gb_split("\xF0\xA0\x80\x80", 2);	/* 2 + 2 */
	check_gb_split("\xF0\xA0\x80\x80", 3);	/* 3 + 1 */
}

static void
csv_utf8_char_cut_by_chunk_end__decoded(void **state)
{
	size_t n = CHUNK + 100, i;
	char *buf = malloc(n + 1), *got;

	(void)state;
	memset(buf, 'x', n);
	buf[0] = 'h';
	buf[1] = '\n';
	memcpy(buf + CHUNK - 1, "\xE5\xBC\xA0", 3);	/* 张 over the edge */
	buf[CHUNK / 2] = ',';	/* fields within their bound */
	buf[n - 1] = '\n';
	buf[n] = '\0';
	got = read_all(buf, n, CEU_ENC_UTF8, ',', NULL);
	assert_non_null(strstr(got, "xx张xx"));
	assert_int_equal(strncmp(got, "L1:h\nL2:", 8), 0);
	for (i = 0; got[i] != '\0'; i++)
		assert_true(got[i] != 'E' || got[i + 1] != ':');
	free(got);
	free(buf);
}

static void
csv_invalid_utf8_forced__error_with_line(void **state)
{
	(void)state;
	assert_reads("id,name\n1,ok\n2,\xFF\n", CEU_ENC_UTF8,
	    "L1:id|name\nL2:1|ok\nE:line 3: invalid UTF-8");
	/* overlong encodings and cut sequences at the end are invalid too */
	assert_reads("a\n\xC0\xAF\n", CEU_ENC_UTF8, "L1:a\nE:line 2: invalid UTF-8");
	assert_reads("a\nb\xE5\xBC", CEU_ENC_UTF8, "L1:a\nE:line 2: invalid UTF-8");
}

static void
csv_invalid_utf8_in_later_chunk__error_with_line(void **state)
{
	size_t rows = CHUNK / 4 + 10, i, n = rows * 4;
	char *buf = malloc(n + 1), *got, want[64];

	(void)state;
	for (i = 0; i < rows; i++)
		memcpy(buf + i * 4, "a,1\n", 4);
	buf[(rows - 2) * 4 + 2] = '\xFF';	/* the row before the last */
	buf[n] = '\0';
	got = read_all(buf, n, CEU_ENC_AUTO, ',', NULL);
	snprintf(want, sizeof want, "E:line %zu: invalid UTF-8", rows - 1);
	assert_non_null(strstr(got, want));
	free(got);
	free(buf);
}

static void
csv_invalid_gb18030__error_with_line(void **state)
{
	(void)state;
	assert_reads("a,b\n\x81\x20x,c\n", CEU_ENC_GB18030,
	    "L1:a|b\nE:line 2: invalid GB18030");
	/* invalid either way: no evidence for GB18030, so not UTF-8 */
	assert_reads("a,b\n\x81\x20x,c\n", CEU_ENC_AUTO,
	    "L1:a|b\nE:line 2: invalid UTF-8");
	assert_reads("a\n\xD5", CEU_ENC_GB18030,
	    "L1:a\nE:line 2: invalid GB18030");
}


/* ---- hostile input: bounds, NUL, UTF-16, line breaks, mixed encodings */

static void
csv_nul_byte__error_with_its_line(void **state)
{
	static const char in[] = "a,b\n1,2\n2023\0EVIL,3\n";
	char *got;

	(void)state;
	got = read_all(in, sizeof(in) - 1, CEU_ENC_AUTO, ',', NULL);
	assert_string_equal(got, "L1:a|b\nL2:1|2\n"
	    "E:line 3: NUL byte (a binary or UTF-16 file?)");
	free(got);
}

static void
csv_utf16__refused(void **state)
{
	static const char le[] = "\xFF\xFEi\0d\0\n\0";
	char *got;

	(void)state;
	got = read_all(le, sizeof(le) - 1, CEU_ENC_AUTO, ',', NULL);
	assert_string_equal(got,
	    "E:line 1: UTF-16 text; save the file as CSV UTF-8");
	free(got);
}

static void
csv_cr_only_and_mixed_breaks__line_numbers(void **state)
{
	(void)state;
	assert_reads("a,b\r1,2\r3,4\r", CEU_ENC_AUTO, "L1:a|b\nL2:1|2\nL3:3|4\n");
	assert_reads("a\r\nb\rc\nd\r\n\r\ne", CEU_ENC_AUTO,
	    "L1:a\nL2:b\nL3:c\nL4:d\nL6:e\n");
	/* a quoted CR counts as a line too */
	assert_reads("a,\"x\ry\"\rb,c\r", CEU_ENC_AUTO,
	    "L1:a|x\ry\nL3:b|c\n");
}

/* A file of one row: n bytes of c, then a newline. */
static char *
long_row(size_t n, char c, size_t *len)
{
	char *buf = malloc(n + 2);

	assert_non_null(buf);
	memset(buf, c, n);
	buf[n] = '\n';
	buf[n + 1] = '\0';
	*len = n + 1;
	return buf;
}

static void
csv_bounds__field_row_and_fields(void **state)
{
	size_t len, i;
	char *buf, *got, want[96];

	(void)state;
	buf = long_row(CEU_CSV_FIELD_MAX, 'x', &len);
	got = read_all(buf, len, CEU_ENC_AUTO, ',', NULL);
	assert_int_equal(strncmp(got, "L1:xxx", 6), 0);	/* at the bound */
	free(got);
	free(buf);
	buf = long_row(CEU_CSV_FIELD_MAX + 1, 'x', &len);
	got = read_all(buf, len, CEU_ENC_AUTO, ',', NULL);
	snprintf(want, sizeof want, "E:line 1: field longer than %d bytes",
	    CEU_CSV_FIELD_MAX);
	assert_string_equal(got, want);
	free(got);
	free(buf);
	/* 100,000 columns */
	buf = long_row(100000, ',', &len);
	got = read_all(buf, len, CEU_ENC_AUTO, ',', NULL);
	snprintf(want, sizeof want, "E:line 1: more than %d fields",
	    CEU_CSV_FIELDS_MAX);
	assert_string_equal(got, want);
	free(got);
	free(buf);
	/* a row of fields within their bound, past its own */
	buf = long_row(CEU_CSV_ROW_MAX + 10, 'y', &len);
	for (i = 1000; i < len - 1; i += 1000)
		buf[i] = ',';
	got = read_all(buf, len, CEU_ENC_AUTO, ',', NULL);
	snprintf(want, sizeof want, "E:line 1: row longer than %d bytes",
	    CEU_CSV_ROW_MAX);
	assert_string_equal(got, want);
	free(got);
	free(buf);
}

/* Read with bad lines kept: "L2!invalid UTF-8:..." marks a bad row. */
static char *
read_keeping(const char *buf, size_t len, int encoding, int *final)
{
	FILE *fp = fmemopen((void *)buf, len, "r");
	struct ceu_csv *r = ceu_csv_open(fp, "t.csv", encoding, ',');
	const struct ceu_csv_row *row;
	struct text t = { NULL, 0, 0 };
	char head[96];
	int rc;

	ceu_csv_keep_bad_lines(r);
	text_add(&t, "", 0);
	while ((rc = ceu_csv_next(r, &row)) == 1) {
		snprintf(head, sizeof head, row->error ? "L%ld!%s:" : "L%ld:",
		    row->line, row->error);
		text_add(&t, head, strlen(head));
		for (size_t i = 0; i < row->nfield; i++) {
			if (i > 0)
				text_add(&t, "|", 1);
			text_add(&t, row->field[i], strlen(row->field[i]));
		}
		text_add(&t, "\n", 1);
	}
	if (rc < 0)
		text_add(&t, ceu_csv_error(r), strlen(ceu_csv_error(r)));
	*final = ceu_csv_encoding(r);
	ceu_csv_close(r);
	fclose(fp);
	return t.s;
}

static void
csv_auto_mixed__utf8_never_rewritten(void **state)
{
	struct text in = { NULL, 0, 0 };
	size_t gblen;
	char *gb = to_gb18030("王静", &gblen), *got;
	int enc;

	(void)state;
	/* UTF-8 lines with one GBK line among them: the UTF-8 stays as it
	 * is, the GBK line is a bad row with its line */
	text_add(&in, "id,name\n1,张伟\n2,", strlen("id,name\n1,张伟\n2,"));
	text_add(&in, gb, gblen);
	text_add(&in, "\n3,李娜\n", strlen("\n3,李娜\n"));
	got = read_keeping(in.s, in.len, CEU_ENC_AUTO, &enc);
	assert_string_equal(got, "L1:id|name\nL2:1|张伟\n"
	    "L3!GB18030 (GBK) text in a UTF-8 file:2|\xEF\xBF\xBD\xEF\xBF\xBD"
	    "\xEF\xBF\xBD\xEF\xBF\xBD\nL4:3|李娜\n");
	assert_int_equal(enc, CEU_ENC_UTF8);
	free(got);
	free(in.s);
	free(gb);
}

static void
csv_auto_mostly_gbk__utf8_line_refused(void **state)
{
	struct text in = { NULL, 0, 0 };
	size_t len;
	char *gb = to_gb18030("id,name\n1,张伟\n2,王静\n", &len), *got;
	int enc;

	(void)state;
	text_add(&in, gb, len);
	text_add(&in, "3,李娜\n", strlen("3,李娜\n"));
	got = read_keeping(in.s, in.len, CEU_ENC_AUTO, &enc);
	assert_string_equal(got, "L1:id|name\nL2:1|张伟\nL3:2|王静\n"
	    "L4!UTF-8 text in a GB18030 (GBK) file:3|李娜\n");
	assert_int_equal(enc, CEU_ENC_GB18030);
	free(got);
	/* without keep_bad_lines the bad line ends the reading */
	got = read_all(in.s, in.len, CEU_ENC_AUTO, ',', NULL);
	assert_non_null(strstr(got,
	    "E:line 4: UTF-8 text in a GB18030 (GBK) file"));
	free(got);
	/* asked for GB18030, the bytes are read so */
	got = read_keeping(in.s, in.len, CEU_ENC_GB18030, &enc);
	assert_null(strchr(got, '!'));
	free(got);
	free(in.s);
	free(gb);
}

static void
csv_spool__copies_and_stops_where_reader_would(void **state)
{
	static const char ok[] = "a,b\r\n1,2\n";
	static const char nul[] = "a\rb\r\nc\0d\n";
	char msg[CEU_MSG_SIZE];
	FILE *in, *out;
	char back[32];
	size_t n;

	(void)state;
	in = fmemopen((void *)ok, sizeof(ok) - 1, "r");
	assert_int_equal(ceu_input_copy(in, "stdin", &out, msg), CEU_OK);
	n = fread(back, 1, sizeof(back), out);
	assert_int_equal(n, sizeof(ok) - 1);
	assert_memory_equal(back, ok, n);
	fclose(out);
	fclose(in);
	in = fmemopen((void *)nul, sizeof(nul) - 1, "r");
	assert_int_equal(ceu_input_copy(in, "stdin", &out, msg), CEU_EDATA);
	assert_null(out);
	assert_string_equal(msg, "line 3: NUL byte (a binary or UTF-16 file?)");
	fclose(in);
}

static void
csv_many_rows__streamed_with_lines(void **state)
{
	size_t rows = 200000, i, n;
	char *buf = malloc(rows * 16 + 32), *p = buf;
	FILE *fp;
	struct ceu_csv *r;
	const struct ceu_csv_row *row;
	long count = 0;

	(void)state;
	for (i = 0; i < rows; i++)
		p += sprintf(p, i % 1000 == 7 ? "\"q\n%zu\",x\n" : "%zu,x\n", i);
	n = (size_t)(p - buf);
	fp = fmemopen(buf, n, "r");
	r = ceu_csv_open(fp, "big.csv", CEU_ENC_AUTO, ',');
	long line = 1;
	while (ceu_csv_next(r, &row) == 1) {
		assert_int_equal(row->line, line);
		assert_int_equal(row->nfield, 2);
		line += strchr(row->field[0], '\n') ? 2 : 1;
		count++;
	}
	assert_string_equal(ceu_csv_error(r), "");
	assert_int_equal(count, rows);
	assert_int_equal(ceu_csv_offset(r), (long long)n);
	ceu_csv_close(r);
	fclose(fp);
	free(buf);
}

static void
encoding_names__parsed(void **state)
{
	(void)state;
	assert_int_equal(ceu_encoding_parse("auto"), CEU_ENC_AUTO);
	assert_int_equal(ceu_encoding_parse("utf-8"), CEU_ENC_UTF8);
	assert_int_equal(ceu_encoding_parse("UTF8"), CEU_ENC_UTF8);
	assert_int_equal(ceu_encoding_parse("gbk"), CEU_ENC_GB18030);
	assert_int_equal(ceu_encoding_parse("gb18030"), CEU_ENC_GB18030);
	assert_int_equal(ceu_encoding_parse("latin1"), -1);
}

/* ---- header mapping ---- */

static const struct ceu_csv_col person_cols[] = {
	{ "id_no", "身份证号|证件号码|公民身份号码", 1 },
	{ "name", "姓名", 1 },
	{ "unit_code", "单位代码", 1 },
	{ "title", "职称", 0 },
};

/* Map the header line: 0, or -1 with the message in err. */
static int
map_header(const char *line, int ignore_extra, int *map,
    char *err, size_t errsize)
{
	char *copy = strdup(line), *fields[16], *tok, *save = NULL;
	struct ceu_csv_row row = { 0, fields, 1, NULL };
	char msg[CEU_MSG_SIZE] = "";
	int rc;

	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save))
		fields[row.nfield++] = tok;
	rc = ceu_csv_map_header(&row, person_cols, 4, ignore_extra, map, msg);
	snprintf(err, errsize, "%s", msg);
	free(copy);
	return rc == CEU_OK ? 0 : -1;
}

static void
header_aliases_case_and_blanks__mapped(void **state)
{
	int map[4];
	char err[128] = "";

	(void)state;
	assert_int_equal(map_header("姓名, 证件号码 ,UNIT_CODE", 0, map, err,
	    sizeof err), 0);
	assert_int_equal(map[0], 1);
	assert_int_equal(map[1], 0);
	assert_int_equal(map[2], 2);
	assert_int_equal(map[3], -1);
	assert_int_equal(map_header("\xEF\xBB\xBFid_no,name,unit_code,职称",
	    0, map, err, sizeof err), 0);
	assert_int_equal(map[0], 0);
	assert_int_equal(map[3], 3);
	assert_int_equal(map_header("\xE3\x80\x80身份证号,姓名,单位代码", 0,
	    map, err, sizeof err), 0);
	assert_int_equal(map[0], 0);
}

static void
header_unknown_column__error_unless_ignored(void **state)
{
	int map[4];
	char err[128] = "";

	(void)state;
	assert_int_equal(map_header("id_no,name,unit_code,foo", 0, map, err,
	    sizeof err), -1);
	assert_string_equal(err, "unknown column 'foo'");
	assert_int_equal(map_header("id_no,foo,name,unit_code", 1, map, err,
	    sizeof err), 0);
	assert_int_equal(map[1], 2);
	assert_int_equal(map[2], 3);
}

static void
header_missing_and_duplicate__errors(void **state)
{
	int map[4];
	char err[128] = "";

	(void)state;
	assert_int_equal(map_header("name,unit_code", 0, map, err,
	    sizeof err), -1);
	assert_string_equal(err, "missing column 'id_no'");
	assert_int_equal(map_header("id_no,name,姓名,unit_code", 0, map, err,
	    sizeof err), -1);
	assert_string_equal(err, "duplicate column 'name'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_plain_rows__line_numbers),
		cmocka_unit_test(csv_quoted_commas_and_quotes__one_field),
		cmocka_unit_test(csv_quoted_newlines__later_lines_right),
		cmocka_unit_test(csv_crlf_and_blank_lines),
		cmocka_unit_test(csv_bom__stripped),
		cmocka_unit_test(csv_ragged_empty_and_header_only),
		cmocka_unit_test(csv_tab_delimiter),
		cmocka_unit_test(csv_unterminated_quote__error_at_its_line),
		cmocka_unit_test(csv_text_after_quote__malformed),
		cmocka_unit_test(csv_gb18030_file__decoded),
		cmocka_unit_test(csv_gb18030_char_cut_by_chunk_end__decoded),
		cmocka_unit_test(csv_utf8_char_cut_by_chunk_end__decoded),
		cmocka_unit_test(csv_invalid_utf8_forced__error_with_line),
		cmocka_unit_test(csv_invalid_utf8_in_later_chunk__error_with_line),
		cmocka_unit_test(csv_invalid_gb18030__error_with_line),
		cmocka_unit_test(csv_many_rows__streamed_with_lines),
		cmocka_unit_test(csv_nul_byte__error_with_its_line),
		cmocka_unit_test(csv_utf16__refused),
		cmocka_unit_test(csv_cr_only_and_mixed_breaks__line_numbers),
		cmocka_unit_test(csv_bounds__field_row_and_fields),
		cmocka_unit_test(csv_auto_mixed__utf8_never_rewritten),
		cmocka_unit_test(csv_auto_mostly_gbk__utf8_line_refused),
		cmocka_unit_test(csv_spool__copies_and_stops_where_reader_would),
		cmocka_unit_test(encoding_names__parsed),
		cmocka_unit_test(header_aliases_case_and_blanks__mapped),
		cmocka_unit_test(header_unknown_column__error_unless_ignored),
		cmocka_unit_test(header_missing_and_duplicate__errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
