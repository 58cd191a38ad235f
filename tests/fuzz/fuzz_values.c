/*
 * fuzz_values.c - libFuzzer target: the value parsers (values.h) and the
 * text helpers they rely on (text.h).
 *
 * The input, as a string, goes through every parser; a value accepted
 * must be in its range and read back the same once formatted, and text
 * made visible must be valid UTF-8 without a control character.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "values.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "fuzz_values: %s\n", \
	#c); abort(); } } while (0)

static void
check_numbers(const char *s)
{
	char buf[32];
	long tenths, back;
	int score, ymd, again, year;

	if (ceu_hours_parse(s, &tenths) == 0) {
		CHECK(tenths > 0);
		CHECK(ceu_hours_parse(ceu_hours_format(tenths, buf), &back) ==
		    0 && back == tenths);
	}
	if (ceu_score_parse(s, &score) == 0)
		CHECK(score >= 0 && score <= 1000);
	if (ceu_date_parse(s, &ymd) == 0) {
		CHECK(ceu_date_parse(ceu_date_format(ymd, buf), &again) == 0 &&
		    again == ymd);
	}
	if (ceu_date_parse_loose(s, &ymd) == 0) {
		CHECK(ymd % 100 >= 1 && ymd % 100 <=
		    ceu_month_days(ymd / 10000, ymd / 100 % 100));
		CHECK(ceu_date_parse(ceu_date_format(ymd, buf), &again) == 0 &&
		    again == ymd);
	}
	if (ceu_year_parse(s, &year) == 0)
		CHECK(year >= 1900 && year <= 2999);
}

static void
check_names(const char *s)
{
	int v;

	if ((v = ceu_subject_parse(s)) >= 0)
		CHECK(v < CEU_NSUBJECTS &&
		    ceu_subject_parse(ceu_subject_name(v)) == v);
	if ((v = ceu_category_parse(s)) >= 0)
		CHECK(v < CEU_NCATEGORIES &&
		    ceu_category_parse(ceu_category_name(v)) == v &&
		    ceu_category_parse(ceu_category_name_zh(v)) == v);
	if ((v = ceu_status_parse(s)) >= 0)
		CHECK(v < CEU_NSTATUSES &&
		    ceu_status_parse(ceu_status_name(v)) == v);
}

static void
check_text(const char *s)
{
	char small[16], *big = malloc(strlen(s) + 1), *vis;
	size_t tail, n;

	CHECK(big != NULL);
	/* Folding never overruns, never cuts a character, and says when
	 * text did not fit. */
	CHECK(ceu_fold_blanks(s, big, strlen(s) + 1) == 0);
	if (ceu_fold_blanks(s, small, sizeof(small)) == 0)
		CHECK(strcmp(small, big) == 0);
	else
		CHECK(strlen(big) >= sizeof(small));
	n = strlen(small);
	if (ceu_utf8_scan((const unsigned char *)s, strlen(s), &tail) ==
	    strlen(s))
		CHECK(ceu_utf8_scan((const unsigned char *)small, n, &tail) ==
		    n && tail == 0);
	vis = ceu_text_visible(s);
	n = strlen(vis);
	CHECK(ceu_utf8_scan((const unsigned char *)vis, n, &tail) == n &&
	    tail == 0);
	for (size_t i = 0; i < n; i++)
		CHECK((unsigned char)vis[i] >= 0x20 && vis[i] != 0x7F);
	/* Clean text is kept as it is, but for its line breaks. */
	if (ceu_text_clean(s) && strpbrk(s, "\t\r\n") == NULL &&
	    strstr(s, "\xC2") == NULL && strstr(s, "\xE2\x80") == NULL &&
	    strstr(s, "\xE2\x81") == NULL)
		CHECK(strcmp(vis, s) == 0);
	free(vis);
	free(big);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	check_numbers(s);
	check_names(s);
	check_text(s);
	free(s);
	return 0;
}
