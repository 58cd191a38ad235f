/*
 * values.h - the plain values of the SPEC: hours in tenths, dates, years,
 * and the enumerations (subjects, categories (R8), record statuses and
 * the others), in English and in Chinese.
 *
 * Parsers return 0 on success and -1 on bad input, never touching the
 * output on failure.  Dates are kept as integers yyyymmdd (20231231), which
 * compare in date order.
 */
#ifndef CEU_VALUES_H
#define CEU_VALUES_H

#include <stddef.h>

/* "10", "10.5", " 7.0 ", "32.00" -> tenths (> 0, at most one significant
 * decimal digit: zeros after it are how Excel writes numbers). */
int ceu_hours_parse(const char *s, long *tenths);
/* 105 -> "10.5", 100 -> "10"; buf of at least 24 bytes; returns buf. */
char *ceu_hours_format(long tenths, char *buf);

/* R6: an exam score, 0 to 100 with at most one significant decimal, in
 * tenths of a point ("85.5", "85.50" -> 855); surrounding blanks
 * allowed. */
int ceu_score_parse(const char *s, int *tenths);

/* "2023-12-31" -> 20231231; validates month lengths and leap years. */
int ceu_date_parse(const char *s, int *ymd);
/* As a spreadsheet writes a date: "2023-12-31", and also "2023-5-8",
 * "2023/5/8", "2023.5.8" and "2023年5月8日" (Excel on Chinese Windows);
 * year first, so never ambiguous.  For CSV input; options stay strict. */
int ceu_date_parse_loose(const char *s, int *ymd);
/* 20231231 -> "2023-12-31"; buf of at least 11 bytes; returns buf. */
char *ceu_date_format(int ymd, char *buf);
/* Days in month m (1-12) of year y, leap years counted; 0 for no month. */
int ceu_month_days(int y, int m);
/* Days since 1970-01-01 of a valid yyyymmdd, for differences. */
long ceu_date_days(int ymd);
/* "2023" -> 2023 (4 digits, 1900..2999). */
int ceu_year_parse(const char *s, int *year);

/*
 * The enumerations of the SPEC, each one table (values.c) of English
 * names and Chinese ones, read by every parser and every writer: a value
 * is accepted in either language wherever one is taken (an option, an
 * import column), and output names it in the language asked for
 * (--headers).  English is matched ignoring ASCII case, Chinese exactly;
 * the first Chinese name of a value is the one output writes, the others
 * are accepted too (the words of other systems' exports).
 */
enum ceu_lang { CEU_LANG_EN, CEU_LANG_ZH };

enum ceu_enum {
	CEU_ENUM_BOOL,		/* yes 是, no 否 */
	CEU_ENUM_SUBJECT,	/* enum ceu_subject */
	CEU_ENUM_CATEGORY,	/* R8: enum ceu_category */
	CEU_ENUM_STATUS,	/* enum ceu_status */
	CEU_ENUM_SOURCE,	/* self, roster, integration, exam */
	CEU_ENUM_DECISION,	/* approve, reject, revoke (audit.h) */
	CEU_ENUM_DUE,		/* what a deadline is for: exam, hours, audit */
	CEU_ENUM_ROW,		/* a transcript row: record, total */
	CEU_ENUM_IMPORT,	/* ceu-import's kinds (import.h) */
	CEU_ENUM_CERT_KIND,	/* R12: public, completion */
	CEU_ENUM_CERT_STATUS,	/* R12: valid, revoked; what verify found:
				   genuine, forged, mistyped, unknown */
	CEU_ENUM_BY,		/* a summary's groups: unit, city, industry
				   (report.h) */
	CEU_NENUMS
};

/* The value of set named s in either language, or -1. */
int ceu_enum_parse(int set, const char *s);
/* Value's name in lang; NULL when set has no such value. */
const char *ceu_enum_name(int set, int value, int lang);
/* The English word en of set, said in lang: en itself when set does not
 * have it (a value the table does not know is shown as it is). */
const char *ceu_enum_word(int set, const char *en, int lang);
/* How many values set has (0 for no such set). */
int ceu_enum_count(int set);

enum ceu_subject {
	CEU_PUBLIC_REQUIRED,
	CEU_PUBLIC_ELECTIVE,
	CEU_PROFESSIONAL,
	CEU_NSUBJECTS
};
/* English ("public_elective") or Chinese ("公需科目（选修）"); -1 if
 * unknown. */
int ceu_subject_parse(const char *s);
const char *ceu_subject_name(int subject);	/* "public_required" ... */

/* R8: the six categories of professional hours. */
enum ceu_category {
	CEU_TRAINING,		/* 培训进修 */
	CEU_SELF_STUDY,		/* 自学 */
	CEU_ACADEMIC,		/* 学术交流 */
	CEU_PUBLICATION,	/* 成果著作 */
	CEU_MAJOR_WORK,		/* 参与重大工作 */
	CEU_OTHER,		/* 其他 */
	CEU_NCATEGORIES
};
/* English ("self_study") or Chinese ("自学"); -1 if unknown. */
int ceu_category_parse(const char *s);
const char *ceu_category_name(int category);	/* "self_study" */
const char *ceu_category_name_zh(int category);	/* "自学" */

enum ceu_status {
	CEU_PENDING, CEU_APPROVED, CEU_REJECTED, CEU_WITHDRAWN, CEU_REVOKED,
	CEU_NSTATUSES
};
/* English ("pending") or Chinese ("待审核"); -1 if unknown. */
int ceu_status_parse(const char *s);
const char *ceu_status_name(int status);

#endif
