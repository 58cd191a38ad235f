/*
 * test_out.c - the exact output of the writers (the workbook read back
 * with unzip), in English and Chinese, and the display width the table
 * aligns by.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "out.h"
#include "out_xlsx.h"
#include "values.h"

static const struct ceu_out_col out_cols[] = {
	{ "name", CEU_COL_TEXT },
	{ "hours", CEU_COL_NUM },
	{ "ok", CEU_COL_BOOL },
};

/* Write rows (nrows x 3 values) in format; returns the text, to free. */
static char *
write_all(int format, int bom, const char *const *values,
    size_t nrows)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&buf, &len);
	struct ceu_out *o = ceu_out_open(fp, format, bom, out_cols, 3);

	assert_non_null(o);
	for (i = 0; i < nrows; i++)
		assert_int_equal(ceu_out_row(o, values + i * 3), 0);
	assert_int_equal(ceu_out_close(o), 0);
	fclose(fp);
	return buf;
}

static void
out_csv__rfc4180_quoting(void **state)
{
	const char *v[] = {
		"plain", "10.5", "yes",
		"a,b", "2", "no",
		"say \"hi\"", NULL, NULL,
		"two\nlines", "1", "yes",
		" padded", "", "no",
	};
	char *got = write_all(CEU_FMT_CSV, 0, v, 5);

	(void)state;
	assert_string_equal(got, "name,hours,ok\n"
	    "plain,10.5,yes\n"
	    "\"a,b\",2,no\n"
	    "\"say \"\"hi\"\"\",,\n"
	    "\"two\nlines\",1,yes\n"
	    "\" padded\",,no\n");
	free(got);
}

static void
out_csv_bom__first_bytes(void **state)
{
	const char *v[] = { "x", "1", "yes" };
	char *got = write_all(CEU_FMT_CSV, 1, v, 1);

	(void)state;
	assert_string_equal(got, "\xEF\xBB\xBFname,hours,ok\nx,1,yes\n");
	free(got);
	got = write_all(CEU_FMT_JSON, 1, v, 1);
	assert_int_equal(got[0], '[');
	free(got);
}

static void
out_tsv__no_quoting_blanks_for_tabs(void **state)
{
	const char *v[] = { "a\tb\nc", "1", "no", "x,\"y\"", NULL, NULL };
	char *got = write_all(CEU_FMT_TSV, 0, v, 2);

	(void)state;
	assert_string_equal(got, "name\thours\tok\na b c\t1\tno\nx,\"y\"\t\t\n");
	free(got);
}

static void
out_json__types_and_escapes(void **state)
{
	const char *v[] = {
		"张\"q\"\\\n\t\x01", "10.5", "yes",
		NULL, NULL, "no",
		"", "", "",
		"n", "abc", "maybe",
	};
	char *got = write_all(CEU_FMT_JSON, 0, v, 4);

	(void)state;
	assert_string_equal(got, "[\n"
	    "{\"name\":\"张\\\"q\\\"\\\\\\n\\t\\u0001\",\"hours\":10.5,"
	    "\"ok\":true},\n"
	    "{\"name\":null,\"hours\":null,\"ok\":false},\n"
	    "{\"name\":\"\",\"hours\":null,\"ok\":null},\n"
	    "{\"name\":\"n\",\"hours\":\"abc\",\"ok\":\"maybe\"}\n"
	    "]\n");
	free(got);
	got = write_all(CEU_FMT_JSON, 0, v, 0);
	assert_string_equal(got, "[\n]\n");
	free(got);
}

static void
out_table__aligned_by_display_width(void **state)
{
	const char *v[] = {
		"张三", "10.5", "yes",
		"Li", "2", "no",
		NULL, "100", NULL,
	};
	char *got = write_all(CEU_FMT_TABLE, 1, v, 3);

	(void)state;
	assert_string_equal(got,
	    "name  hours  ok\n"
	    "张三   10.5  yes\n"
	    "Li        2  no\n"
	    "        100\n");
	free(got);
}

static void
out_write_error__close_fails(void **state)
{
	FILE *fp = fopen("/dev/full", "w");
	struct ceu_out *o;
	const char *v[] = { "x", "1", "yes" };

	(void)state;
	if (fp == NULL)
		skip();
	o = ceu_out_open(fp, CEU_FMT_CSV, 0, out_cols, 3);
	ceu_out_row(o, v);
	assert_int_equal(ceu_out_close(o), -1);
	fclose(fp);
}

static void
format_names__parsed(void **state)
{
	(void)state;
	assert_int_equal(ceu_format_parse("csv"), CEU_FMT_CSV);
	assert_int_equal(ceu_format_parse("tsv"), CEU_FMT_TSV);
	assert_int_equal(ceu_format_parse("json"), CEU_FMT_JSON);
	assert_int_equal(ceu_format_parse("table"), CEU_FMT_TABLE);
	assert_int_equal(ceu_format_parse("xlsx"), CEU_FMT_XLSX);
	assert_int_equal(ceu_format_parse("xml"), -1);
}

static void
text_width__cjk_counts_two(void **state)
{
	(void)state;
	assert_int_equal(ceu_text_width("abc"), 3);
	assert_int_equal(ceu_text_width("张三"), 4);
	assert_int_equal(ceu_text_width("A张"), 3);
	assert_int_equal(ceu_text_width("\xEF\xBC\x91"), 2);	/* full-width 1 */
	assert_int_equal(ceu_text_width("\xF0\xA0\x80\x80"), 2); /* U+20000 */
	assert_int_equal(ceu_text_width("é"), 1);
	assert_int_equal(ceu_text_width(""), 0);
}


static void
out_csv_bom__formula_cells_neutralised(void **state)
{
	static const char *const rows[] = {
		"=1+2", "-5", "yes", "+86 138", "+3.5", "no",
		"@SUM(A1)", "-1e3", "yes", "\tx", "12", "no",
		"-", "0", "yes", "a=b", "7", "no",
	};
	char *got;

	(void)state;
	got = write_all(CEU_FMT_CSV, 1, rows, 6);
	assert_string_equal(got, "\xEF\xBB\xBFname,hours,ok\n"
	    "'=1+2,-5,yes\n'+86 138,+3.5,no\n'@SUM(A1),-1e3,yes\n"
	    "'\tx,12,no\n'-,0,yes\na=b,7,no\n");
	free(got);
	/* without a BOM the cells are left as they are */
	got = write_all(CEU_FMT_CSV, 0, rows, 1);
	assert_string_equal(got, "name,hours,ok\n=1+2,-5,yes\n");
	free(got);
}

static void
out_table__control_characters_escaped(void **state)
{
	static const char *const rows[] = {
		"\x1B]0;pwned\x07\x1B[31mred", "1", "yes",
		"bad\xFF\xC2\x9B\xE2\x80\xAEx", "2", "no",
	};
	char *got;

	(void)state;
	got = write_all(CEU_FMT_TABLE, 0, rows, 2);
	assert_null(strchr(got, '\x1B'));
	assert_non_null(strstr(got, "\\x1B]0;pwned\\x07\\x1B[31mred"));
	assert_non_null(strstr(got, "bad\\xFF\\u009B\\u202Ex"));
	free(got);
}

/* --headers zh: the column names and the words of enumerated and yes/no
 * columns in Chinese; other text and numbers as they are. */
static void
out_zh__names_and_words_in_chinese(void **state)
{
	static const struct ceu_out_col cols[] = {
		{ "id_no", CEU_COL_TEXT }, { "hours", CEU_COL_NUM },
		{ "compliant", CEU_COL_BOOL },
		{ "status", CEU_COL_OF(CEU_ENUM_STATUS) },
		{ "no_such_column", CEU_COL_TEXT },
	};
	static const char *const v[] = {
		"450102199001011231", "10.5", "no", "pending", "approved",
		"x", "1", "yes", "odd", NULL,
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct ceu_out *o = ceu_out_open(fp, CEU_FMT_CSV, CEU_OUT_ZH, cols, 5);

	(void)state;
	assert_int_equal(ceu_out_row(o, v), 0);
	assert_int_equal(ceu_out_row(o, v + 5), 0);
	assert_int_equal(ceu_out_close(o), 0);
	fclose(fp);
	assert_string_equal(buf, "身份证号,学时,达标,状态,no_such_column\n"
	    "450102199001011231,10.5,否,待审核,approved\n"
	    "x,1,是,odd,\n");
	free(buf);
	assert_string_equal(ceu_out_col_name("unit_code", CEU_LANG_ZH),
	    "单位代码");
	assert_string_equal(ceu_out_col_name("unit_code", CEU_LANG_EN),
	    "unit_code");
	/* the first and the last of the table, which is searched */
	assert_string_equal(ceu_out_col_name("action", CEU_LANG_ZH), "操作");
	assert_string_equal(ceu_out_col_name("year", CEU_LANG_ZH), "年度");
	assert_string_equal(ceu_out_col_name("zzz", CEU_LANG_ZH), "zzz");
}

/* A workbook of rows (nrows x 3 values) written to path. */
static void
write_xlsx(const char *path, const char *const *values, size_t nrows)
{
	FILE *fp = fopen(path, "wb");
	struct ceu_out *o;
	size_t i;

	assert_non_null(fp);
	o = ceu_out_open(fp, CEU_FMT_XLSX, 0, out_cols, 3);
	assert_non_null(o);
	for (i = 0; i < nrows; i++)
		assert_int_equal(ceu_out_row(o, values + i * 3), 0);
	assert_int_equal(ceu_out_close(o), 0);
	assert_int_equal(fclose(fp), 0);
}

/* What `unzip -p path member` prints (unzip is in DEB_PACKAGES). */
static char *
member(const char *path, const char *name)
{
	char cmd[512], *buf = NULL;
	size_t len = 0, n;
	char chunk[4096];
	FILE *p, *out = open_memstream(&buf, &len);

	snprintf(cmd, sizeof(cmd), "unzip -p '%s' '%s' 2>/dev/null", path,
	    name);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		fwrite(chunk, 1, n, out);
	pclose(p);
	fclose(out);
	return buf;
}

/* A real workbook: numbers as numbers in a number column, everything
 * else a string (a formula's text too), the header frozen. */
static void
out_xlsx__cells_typed_never_a_formula(void **state)
{
	static const char *const v[] = {
		"=HYPERLINK(\"x\")", "10.5", "yes",
		"450102199001011231", "not a number", NULL,
	};
	char path[] = "/tmp/test_out-XXXXXX";
	char *sheet;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	write_xlsx(path, v, 2);
	sheet = member(path, "xl/worksheets/sheet1.xml");
	assert_non_null(strstr(sheet, "<c r=\"A1\" s=\"1\" t=\"inlineStr\">"
	    "<is><t>name</t></is></c>"));
	assert_non_null(strstr(sheet, "<c r=\"B2\"><v>10.5</v></c>"));
	assert_non_null(strstr(sheet, "<c r=\"A3\" t=\"inlineStr\"><is><t>"
	    "450102199001011231</t></is></c>"));
	assert_non_null(strstr(sheet, "<c r=\"A2\" t=\"inlineStr\"><is><t>"
	    "=HYPERLINK(\"x\")</t></is></c>"));
	/* text in a column of numbers stays text */
	assert_non_null(strstr(sheet, "<c r=\"B3\" t=\"inlineStr\"><is><t>"
	    "not a number</t>"));
	assert_null(strstr(sheet, "<f>"));
	assert_null(strstr(sheet, "<c r=\"C3\""));	/* NULL: empty */
	assert_non_null(strstr(sheet, "state=\"frozen\""));
	free(sheet);
	unlink(path);
}

/* A sheet that is full continues on the next, its header repeated. */
static void
out_xlsx__full_sheet_continues_on_the_next(void **state)
{
	static const char *const v[] = {
		"a", "1", "yes", "b", "2", "no", "c", "3", "yes",
	};
	char path[] = "/tmp/test_out-XXXXXX";
	char *s1, *s2;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	ceu_xlsx_sheet_rows(3);		/* the header and two rows */
	write_xlsx(path, v, 3);
	ceu_xlsx_sheet_rows(0);
	s1 = member(path, "xl/worksheets/sheet1.xml");
	s2 = member(path, "xl/worksheets/sheet2.xml");
	assert_non_null(strstr(s1, "<t>b</t>"));
	assert_null(strstr(s1, "<t>c</t>"));
	assert_non_null(strstr(s2, "<t>name</t>"));
	assert_non_null(strstr(s2, "<c r=\"A2\" t=\"inlineStr\"><is><t>c</t>"));
	free(s1);
	free(s2);
	unlink(path);
}

/* A value longer than a cell holds is refused, never cut; nothing is
 * written to the stream. */
static void
out_xlsx__too_long_a_cell_refused(void **state)
{
	char *big = malloc(40000), *buf = NULL;
	const char *v[3] = { big, "1", "yes" };
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct ceu_out *o = ceu_out_open(fp, CEU_FMT_XLSX, 0, out_cols, 3);
	int code = 0;

	(void)state;
	memset(big, 'x', 39999);
	big[39999] = '\0';
	assert_int_equal(ceu_out_row(o, v), -1);
	assert_non_null(strstr(ceu_out_error(o, &code), "longer than"));
	assert_int_equal(code, CEU_EDATA);
	assert_int_equal(ceu_out_close(o), -1);
	fclose(fp);
	assert_int_equal(len, 0);
	free(buf);
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(out_csv__rfc4180_quoting),
		cmocka_unit_test(out_csv_bom__first_bytes),
		cmocka_unit_test(out_tsv__no_quoting_blanks_for_tabs),
		cmocka_unit_test(out_json__types_and_escapes),
		cmocka_unit_test(out_table__aligned_by_display_width),
		cmocka_unit_test(out_write_error__close_fails),
		cmocka_unit_test(format_names__parsed),
		cmocka_unit_test(text_width__cjk_counts_two),
		cmocka_unit_test(out_csv_bom__formula_cells_neutralised),
		cmocka_unit_test(out_table__control_characters_escaped),
		cmocka_unit_test(out_zh__names_and_words_in_chinese),
		cmocka_unit_test(out_xlsx__cells_typed_never_a_formula),
		cmocka_unit_test(out_xlsx__full_sheet_continues_on_the_next),
		cmocka_unit_test(out_xlsx__too_long_a_cell_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
