/*
 * test_out.c - the exact output of the four writers and the display
 * width the table aligns by.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"

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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
