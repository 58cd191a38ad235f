/*
 * values.c - parsing and printing the plain values of the SPEC: hours
 * (kept as integer tenths), dates (kept as yyyymmdd integers), years,
 * subjects, the six categories of R8 and record statuses.
 *
 * Parsers are strict: what they accept is exactly what SPEC.md writes, so a
 * typo in a CSV file is a rejected row rather than a silently wrong value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"
#include "values.h"

/* More hours than anyone can earn (100000 h): certainly a typo. */
#define HOURS_MAX_TENTHS 1000000L

static const char *const subject_names[CEU_NSUBJECTS] = {
	"public_required", "public_elective", "professional"
};

static const char *const category_names[CEU_NCATEGORIES] = {
	"training", "self_study", "academic", "publication", "major_work",
	"other"
};

static const char *const category_names_zh[CEU_NCATEGORIES] = {
	"培训进修", "自学", "学术交流", "成果著作", "参与重大工作", "其他"
};

static const char *const status_names[CEU_NSTATUSES] = {
	"pending", "approved", "rejected", "withdrawn", "revoked"
};

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Refuses zero, signs, exponents, inner blanks, a second significant
 * decimal digit and more than 100000 hours.  Zeros after the first
 * decimal digit are Excel's formatting ("32.00"): accepted. */
int
ceu_hours_parse(const char *s, long *tenths)
{
	long v = 0;
	int ndigits = 0;

	while (ceu_blank_len(s) == 1)
		s++;
	for (; is_digit(*s); s++, ndigits++) {
		v = v * 10 + (*s - '0');
		if (v > HOURS_MAX_TENTHS)
			return -1;
	}
	if (ndigits == 0)
		return -1;
	v *= 10;
	if (*s == '.') {
		s++;
		if (!is_digit(*s))
			return -1;
		v += *s++ - '0';
		while (*s == '0')
			s++;
	}
	while (ceu_blank_len(s) == 1)
		s++;
	if (*s != '\0' || v <= 0 || v > HOURS_MAX_TENTHS)
		return -1;
	*tenths = v;
	return 0;
}

/* Negative tenths (a correction) keep their sign. */
char *
ceu_hours_format(long tenths, char *buf)
{
	unsigned long a = tenths < 0 ? 0UL - (unsigned long)tenths :
	    (unsigned long)tenths;
	unsigned long whole = a / 10;
	char rev[24], *p = buf;
	int n = 0;

	/* By hand, not sprintf: a province's report formats millions. */
	if (tenths < 0)
		*p++ = '-';
	do {
		rev[n++] = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole > 0);
	while (n > 0)
		*p++ = rev[--n];
	if (a % 10 != 0) {
		*p++ = '.';
		*p++ = (char)('0' + a % 10);
	}
	*p = '\0';
	return buf;
}

int
ceu_month_days(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m < 1 || m > 12)
		return 0;
	return mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) ||
	    y % 400 == 0));
}

/* The number made of n digits at s, or -1 if one is not a digit. */
static int
digits_value(const char *s, int n)
{
	int v = 0;

	while (n-- > 0) {
		if (!is_digit(*s))
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	return v;
}

/* Exactly YYYY-MM-DD, no blanks, years 1000..9999. */
int
ceu_date_parse(const char *s, int *ymd)
{
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	y = digits_value(s, 4);
	m = digits_value(s + 5, 2);
	d = digits_value(s + 8, 2);
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > ceu_month_days(y, m))
		return -1;
	*ymd = y * 10000 + m * 100 + d;
	return 0;
}

int
ceu_score_parse(const char *s, int *tenths)
{
	char buf[32], *end;
	long whole, tenth = 0;

	ceu_fold_blanks(s, buf, sizeof(buf));
	if (buf[0] < '0' || buf[0] > '9')
		return -1;
	whole = strtol(buf, &end, 10);
	/* "85.50" as Excel writes it; "85.55" is a second significant
	 * decimal. */
	if (*end == '.' && end[1] >= '0' && end[1] <= '9' &&
	    end[1 + strspn(end + 2, "0") + 1] == '\0')
		tenth = end[1] - '0';
	else if (*end != '\0')
		return -1;
	if (whole > 100 || (whole == 100 && tenth > 0))
		return -1;
	*tenths = (int)(whole * 10 + tenth);
	return 0;
}

int
ceu_date_parse_loose(const char *s, int *ymd)
{
	static const char *const seps[][3] = {
		{ "-", "-", "" }, { "/", "/", "" }, { ".", ".", "" },
		{ "年", "月", "日" },
	};
	int part[3], i, k, n;
	size_t len;

	if (ceu_date_parse(s, ymd) == 0)
		return 0;
	for (k = 0; k < 4; k++) {
		const char *p = s;

		for (i = 0; i < 3; i++) {
			for (n = 0, part[i] = 0; *p >= '0' && *p <= '9' &&
			    n < (i ? 2 : 4); n++)
				part[i] = part[i] * 10 + (*p++ - '0');
			len = strlen(seps[k][i]);
			if (n < (i ? 1 : 4) || strncmp(p, seps[k][i], len) != 0)
				break;
			p += len;
		}
		if (i == 3 && *p == '\0' && part[0] >= 1000 &&
		    part[1] >= 1 && part[1] <= 12 &&
		    part[2] >= 1 && part[2] <= ceu_month_days(part[0], part[1])) {
			*ymd = part[0] * 10000 + part[1] * 100 + part[2];
			return 0;
		}
	}
	return -1;
}

char *
ceu_date_format(int ymd, char *buf)
{
	unsigned v = ymd < 0 ? 0 : (unsigned)ymd % 100000000u;
	static const int pos[8] = { 9, 8, 6, 5, 3, 2, 1, 0 };
	int i;

	for (i = 0; i < 8; i++, v /= 10)
		buf[pos[i]] = (char)('0' + v % 10);
	buf[4] = buf[7] = '-';
	buf[10] = '\0';
	return buf;
}

/* The civil-from-days inverse (H. Hinnant). */
long
ceu_date_days(int ymd)
{
	long y = ymd / 10000, m = (ymd / 100) % 100, d = ymd % 100;
	long era, yoe, doy, doe;

	if (m <= 2)
		y--;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
ceu_year_parse(const char *s, int *year)
{
	int y;

	if (strlen(s) != 4 || (y = digits_value(s, 4)) < 1900 || y > 2999)
		return -1;
	*year = y;
	return 0;
}

/* Index of s in names (ASCII case ignored), or -1. */
static int
name_index(const char *s, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcasecmp(s, names[i]) == 0)
			return i;
	return -1;
}

int
ceu_subject_parse(const char *s)
{
	return name_index(s, subject_names, CEU_NSUBJECTS);
}

/* NULL when subject is out of range. */
const char *
ceu_subject_name(int subject)
{
	if (subject < 0 || subject >= CEU_NSUBJECTS)
		return NULL;
	return subject_names[subject];
}

/* R8: English (any case) or the exact Chinese. */
int
ceu_category_parse(const char *s)
{
	int i = name_index(s, category_names, CEU_NCATEGORIES);

	if (i >= 0)
		return i;
	for (i = 0; i < CEU_NCATEGORIES; i++)
		if (strcmp(s, category_names_zh[i]) == 0)
			return i;
	return -1;
}

/* NULL when category is out of range. */
const char *
ceu_category_name(int category)
{
	if (category < 0 || category >= CEU_NCATEGORIES)
		return NULL;
	return category_names[category];
}

/* NULL when category is out of range. */
const char *
ceu_category_name_zh(int category)
{
	if (category < 0 || category >= CEU_NCATEGORIES)
		return NULL;
	return category_names_zh[category];
}

int
ceu_status_parse(const char *s)
{
	return name_index(s, status_names, CEU_NSTATUSES);
}

/* NULL when status is out of range. */
const char *
ceu_status_name(int status)
{
	if (status < 0 || status >= CEU_NSTATUSES)
		return NULL;
	return status_names[status];
}
