/*
 * test_values.c - hours, dates, years, subjects, categories (R8), statuses
 * and blank folding.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "text.h"
#include "values.h"

static long
hours(const char *s)
{
	long t = -12345;

	if (ceu_hours_parse(s, &t) != 0)
		return -1;
	return t;
}

static void
r6_score_zero_to_hundred_one_decimal(void **state)
{
	int t = -1;

	(void)state;
	assert_int_equal(ceu_score_parse("0", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(ceu_score_parse(" 85.5 ", &t), 0);
	assert_int_equal(t, 855);
	assert_int_equal(ceu_score_parse("100", &t), 0);
	assert_int_equal(t, 1000);
	assert_int_equal(ceu_score_parse("100.1", &t), -1);
	assert_int_equal(ceu_score_parse("101", &t), -1);
	assert_int_equal(ceu_score_parse("-1", &t), -1);
	assert_int_equal(ceu_score_parse("85.55", &t), -1);
	assert_int_equal(ceu_score_parse("85.50", &t), 0);
	assert_int_equal(t, 855);
	assert_int_equal(ceu_score_parse("60.00", &t), 0);
	assert_int_equal(t, 600);
	assert_int_equal(ceu_score_parse("100.00", &t), 0);
	assert_int_equal(ceu_score_parse("100.01", &t), -1);
	assert_int_equal(ceu_score_parse("85.505", &t), -1);
	assert_int_equal(ceu_score_parse("85.", &t), -1);
	assert_int_equal(ceu_score_parse("", &t), -1);
	assert_int_equal(ceu_score_parse("eighty", &t), -1);
}

static void
date_loose_spreadsheet_forms__accepted(void **state)
{
	int d = 0;

	(void)state;
	assert_int_equal(ceu_date_parse_loose("2023-05-08", &d), 0);
	assert_int_equal(d, 20230508);
	assert_int_equal(ceu_date_parse_loose("2023/5/8", &d), 0);
	assert_int_equal(d, 20230508);
	assert_int_equal(ceu_date_parse_loose("2023-5-8", &d), 0);
	assert_int_equal(ceu_date_parse_loose("2023.12.31", &d), 0);
	assert_int_equal(d, 20231231);
	assert_int_equal(ceu_date_parse_loose("2024年2月29日", &d), 0);
	assert_int_equal(d, 20240229);
	/* Still a real day, year first, nothing trailing. */
	assert_int_equal(ceu_date_parse_loose("2023/2/29", &d), -1);
	assert_int_equal(ceu_date_parse_loose("5/8/2023", &d), -1);
	assert_int_equal(ceu_date_parse_loose("2023/13/1", &d), -1);
	assert_int_equal(ceu_date_parse_loose("2023/5/8x", &d), -1);
	assert_int_equal(ceu_date_parse_loose("2023年5月8", &d), -1);
	assert_int_equal(ceu_date_parse_loose("2023/5-8", &d), -1);
	assert_int_equal(ceu_date_parse_loose("0999/5/8", &d), -1);
	assert_int_equal(ceu_date_parse_loose("", &d), -1);
	/* The strict form the options take refuses them. */
	assert_int_equal(ceu_date_parse("2023/5/8", &d), -1);
}

static void
hours_decimal_one_digit__tenths(void **state)
{
	(void)state;
	assert_int_equal(hours("10"), 100);
	assert_int_equal(hours("10.5"), 105);
	assert_int_equal(hours("0.5"), 5);
	assert_int_equal(hours(" 7.0 "), 70);
	assert_int_equal(hours("\t3\n"), 30);
	assert_int_equal(hours("007"), 70);
	assert_int_equal(hours("100000"), 1000000);
}

/* R16: hours as Excel writes them are what they say; a second significant
 * decimal stays refused, nothing is rounded. */
static void
r16_hours_excel_zeros__accepted(void **state)
{
	(void)state;
	assert_int_equal(hours("32.00"), 320);
	assert_int_equal(hours("12.50"), 125);
	assert_int_equal(hours(" 8.000 "), 80);
	assert_int_equal(hours("12.25"), -1);
	assert_int_equal(hours("12.05"), -1);
	assert_int_equal(hours("12.500x"), -1);
	assert_int_equal(hours("0.00"), -1);
}

static void
hours_bad_forms__rejected(void **state)
{
	long t = 42;

	(void)state;
	assert_int_equal(hours("0"), -1);
	assert_int_equal(hours("0.0"), -1);
	assert_int_equal(hours("-1"), -1);
	assert_int_equal(hours("+1"), -1);
	assert_int_equal(hours("1.25"), -1);
	assert_int_equal(hours("1e2"), -1);
	assert_int_equal(hours("1 0"), -1);
	assert_int_equal(hours(""), -1);
	assert_int_equal(hours("  "), -1);
	assert_int_equal(hours(".5"), -1);
	assert_int_equal(hours("5."), -1);
	assert_int_equal(hours("abc"), -1);
	assert_int_equal(hours("100000.1"), -1);
	assert_int_equal(hours("99999999999999999999999"), -1);
	assert_int_equal(ceu_hours_parse("x", &t), -1);
	assert_int_equal(t, 42);
}

static void
hours_format__no_needless_zero(void **state)
{
	char buf[24];

	(void)state;
	assert_string_equal(ceu_hours_format(105, buf), "10.5");
	assert_string_equal(ceu_hours_format(100, buf), "10");
	assert_string_equal(ceu_hours_format(5, buf), "0.5");
	assert_string_equal(ceu_hours_format(0, buf), "0");
	assert_string_equal(ceu_hours_format(-15, buf), "-1.5");
}

static void
date_valid_days__parsed(void **state)
{
	int d = 0;

	(void)state;
	assert_int_equal(ceu_date_parse("2023-12-31", &d), 0);
	assert_int_equal(d, 20231231);
	assert_int_equal(ceu_date_parse("2024-02-29", &d), 0);
	assert_int_equal(d, 20240229);
	assert_int_equal(ceu_date_parse("2000-02-29", &d), 0);
	assert_int_equal(d, 20000229);
}

static void
date_bad_days_and_forms__rejected(void **state)
{
	int d = 7;

	(void)state;
	assert_int_equal(ceu_date_parse("2023-02-29", &d), -1);
	assert_int_equal(ceu_date_parse("1900-02-29", &d), -1);
	assert_int_equal(ceu_date_parse("2023-04-31", &d), -1);
	assert_int_equal(ceu_date_parse("2023-13-01", &d), -1);
	assert_int_equal(ceu_date_parse("2023-00-10", &d), -1);
	assert_int_equal(ceu_date_parse("2023-01-00", &d), -1);
	assert_int_equal(ceu_date_parse("2023-1-5", &d), -1);
	assert_int_equal(ceu_date_parse("2023/01/05", &d), -1);
	assert_int_equal(ceu_date_parse(" 2023-01-05", &d), -1);
	assert_int_equal(ceu_date_parse("2023-01-05 ", &d), -1);
	assert_int_equal(ceu_date_parse("20230105", &d), -1);
	assert_int_equal(ceu_date_parse("", &d), -1);
	assert_int_equal(d, 7);
}

static void
date_format_and_days(void **state)
{
	char buf[11];

	(void)state;
	assert_string_equal(ceu_date_format(20230105, buf), "2023-01-05");
	assert_int_equal(ceu_date_days(19700101), 0);
	assert_int_equal(ceu_date_days(19700102), 1);
	assert_int_equal(ceu_date_days(20000301) - ceu_date_days(20000228), 2);
	assert_int_equal(ceu_date_days(20240101) - ceu_date_days(20230101), 365);
	assert_int_equal(ceu_date_days(20250101) - ceu_date_days(20240101), 366);
	assert_int_equal(ceu_date_days(19691231), -1);
}

static void
year_four_digits__parsed(void **state)
{
	int y = 0;

	(void)state;
	assert_int_equal(ceu_year_parse("2023", &y), 0);
	assert_int_equal(y, 2023);
	assert_int_equal(ceu_year_parse("23", &y), -1);
	assert_int_equal(ceu_year_parse("20231", &y), -1);
	assert_int_equal(ceu_year_parse("1899", &y), -1);
	assert_int_equal(ceu_year_parse("202a", &y), -1);
	assert_int_equal(y, 2023);
}

static void
r8_categories_english_and_chinese(void **state)
{
	int i;

	(void)state;
	assert_int_equal(ceu_category_parse("training"), CEU_TRAINING);
	assert_int_equal(ceu_category_parse("Self_Study"), CEU_SELF_STUDY);
	assert_int_equal(ceu_category_parse("培训进修"), CEU_TRAINING);
	assert_int_equal(ceu_category_parse("自学"), CEU_SELF_STUDY);
	assert_int_equal(ceu_category_parse("学术交流"), CEU_ACADEMIC);
	assert_int_equal(ceu_category_parse("成果著作"), CEU_PUBLICATION);
	assert_int_equal(ceu_category_parse("参与重大工作"), CEU_MAJOR_WORK);
	assert_int_equal(ceu_category_parse("其他"), CEU_OTHER);
	assert_int_equal(ceu_category_parse("self study"), -1);
	assert_int_equal(ceu_category_parse("自 学"), -1);
	assert_int_equal(ceu_category_parse(""), -1);
	for (i = 0; i < CEU_NCATEGORIES; i++) {
		assert_int_equal(ceu_category_parse(ceu_category_name(i)), i);
		assert_int_equal(ceu_category_parse(ceu_category_name_zh(i)), i);
	}
	assert_string_equal(ceu_category_name(CEU_MAJOR_WORK), "major_work");
	assert_string_equal(ceu_category_name_zh(CEU_OTHER), "其他");
	assert_null(ceu_category_name(CEU_NCATEGORIES));
}

static void
subjects_and_statuses__round_trip(void **state)
{
	int i;

	(void)state;
	assert_int_equal(ceu_subject_parse("public_required"),
	    CEU_PUBLIC_REQUIRED);
	assert_int_equal(ceu_subject_parse("professional"), CEU_PROFESSIONAL);
	assert_int_equal(ceu_subject_parse("public"), -1);
	for (i = 0; i < CEU_NSUBJECTS; i++)
		assert_int_equal(ceu_subject_parse(ceu_subject_name(i)), i);
	assert_int_equal(ceu_status_parse("withdrawn"), CEU_WITHDRAWN);
	assert_int_equal(ceu_status_parse("done"), -1);
	for (i = 0; i < CEU_NSTATUSES; i++)
		assert_int_equal(ceu_status_parse(ceu_status_name(i)), i);
	assert_string_equal(ceu_status_name(CEU_REVOKED), "revoked");
}

/* Every enumeration: each value by its English (any case) and its
 * Chinese, both names back, the other Chinese names accepted, nothing
 * else. */
static void
enums_english_and_chinese__every_value(void **state)
{
	int set, i;
	char upper[64];

	(void)state;
	for (set = 0; set < CEU_NENUMS; set++) {
		assert_true(ceu_enum_count(set) >= 2);
		for (i = 0; i < ceu_enum_count(set); i++) {
			const char *en = ceu_enum_name(set, i, CEU_LANG_EN);
			const char *zh = ceu_enum_name(set, i, CEU_LANG_ZH);
			size_t k;

			assert_int_equal(ceu_enum_parse(set, en), i);
			assert_int_equal(ceu_enum_parse(set, zh), i);
			assert_string_equal(ceu_enum_word(set, en,
			    CEU_LANG_ZH), zh);
			assert_string_equal(ceu_enum_word(set, en,
			    CEU_LANG_EN), en);
			for (k = 0; en[k] != '\0' && k + 1 < sizeof(upper);
			    k++)
				upper[k] = (char)(en[k] >= 'a' && en[k] <= 'z' ?
				    en[k] - 32 : en[k]);
			upper[k] = '\0';
			assert_int_equal(ceu_enum_parse(set, upper), i);
		}
		assert_null(ceu_enum_name(set, ceu_enum_count(set),
		    CEU_LANG_EN));
		assert_int_equal(ceu_enum_parse(set, ""), -1);
		assert_int_equal(ceu_enum_parse(set, "nonsense"), -1);
	}
	assert_int_equal(ceu_enum_count(CEU_NENUMS), 0);
}

static void
enums_the_words_of_the_notice__accepted(void **state)
{
	(void)state;
	assert_int_equal(ceu_subject_parse("公需科目（选修）"),
	    CEU_PUBLIC_ELECTIVE);
	assert_int_equal(ceu_subject_parse("公需科目(必修)"),
	    CEU_PUBLIC_REQUIRED);
	assert_int_equal(ceu_subject_parse("专业"), CEU_PROFESSIONAL);
	assert_int_equal(ceu_status_parse("待审核"), CEU_PENDING);
	assert_int_equal(ceu_status_parse("已通过"), CEU_APPROVED);
	assert_int_equal(ceu_status_parse("已撤销"), CEU_REVOKED);
	assert_int_equal(ceu_category_parse("参与重大工作"), CEU_MAJOR_WORK);
	assert_int_equal(ceu_enum_parse(CEU_ENUM_BOOL, "是"), 0);
	assert_int_equal(ceu_enum_parse(CEU_ENUM_BOOL, "否"), 1);
	/* a part of a name, or a name with a suffix, is not a name */
	assert_int_equal(ceu_status_parse("通过"), -1);
	assert_int_equal(ceu_subject_parse("公需"), -1);
	assert_int_equal(ceu_subject_parse("专业科目x"), -1);
	/* a word the table does not know is shown as it is */
	assert_string_equal(ceu_enum_word(CEU_ENUM_STATUS, "odd",
	    CEU_LANG_ZH), "odd");
	assert_null(ceu_enum_word(CEU_ENUM_STATUS, NULL, CEU_LANG_ZH));
}

static void
fold_blanks__one_space_trimmed(void **state)
{
	char out[64];
	char inplace[] = "  a \t b  ";

	(void)state;
	ceu_fold_blanks("  Safety   training\t2023 ", out, sizeof out);
	assert_string_equal(out, "Safety training 2023");
	ceu_fold_blanks("\xE3\x80\x80安全\xE3\x80\x80 培训\xE3\x80\x80", out,
	    sizeof out);
	assert_string_equal(out, "安全 培训");
	ceu_fold_blanks(" \t ", out, sizeof out);
	assert_string_equal(out, "");
	ceu_fold_blanks(inplace, inplace, sizeof inplace);
	assert_string_equal(inplace, "a b");
}

static void
fold_blanks_small_buffer__cut_at_character(void **state)
{
	char out[7];

	(void)state;
	ceu_fold_blanks("ab 自学", out, sizeof out);
	assert_string_equal(out, "ab \xE8\x87\xAA");
	ceu_fold_blanks("ab 自学", out, 6);
	assert_string_equal(out, "ab");
	ceu_fold_blanks("abcdefgh", out, sizeof out);
	assert_string_equal(out, "abcdef");
	ceu_fold_blanks("ab  x", out, 4);
	assert_string_equal(out, "ab");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(r6_score_zero_to_hundred_one_decimal),
		cmocka_unit_test(date_loose_spreadsheet_forms__accepted),
		cmocka_unit_test(hours_decimal_one_digit__tenths),
		cmocka_unit_test(hours_bad_forms__rejected),
		cmocka_unit_test(r16_hours_excel_zeros__accepted),
		cmocka_unit_test(hours_format__no_needless_zero),
		cmocka_unit_test(date_valid_days__parsed),
		cmocka_unit_test(date_bad_days_and_forms__rejected),
		cmocka_unit_test(date_format_and_days),
		cmocka_unit_test(year_four_digits__parsed),
		cmocka_unit_test(r8_categories_english_and_chinese),
		cmocka_unit_test(subjects_and_statuses__round_trip),
		cmocka_unit_test(enums_english_and_chinese__every_value),
		cmocka_unit_test(enums_the_words_of_the_notice__accepted),
		cmocka_unit_test(fold_blanks__one_space_trimmed),
		cmocka_unit_test(fold_blanks_small_buffer__cut_at_character),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
