/*
 * values.c - parsing and printing the plain values of the SPEC: hours
 * (kept as integer tenths), dates (kept as yyyymmdd integers), years, and
 * the enumerations in English and Chinese (subjects, the six categories
 * of R8, record statuses, sources, decisions and the others).
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

/*
 * The enumerations (values.h): for each value its English name, the
 * Chinese name output writes, and other Chinese names accepted ("|"
 * between them), the words of the notice and of other systems' exports.
 * Indexed by the value.
 */
struct enum_value {
	const char *en, *zh, *also;
};

static const struct enum_value bool_values[] = {
	{ "yes", "是", NULL }, { "no", "否", NULL },
};

static const struct enum_value subject_values[CEU_NSUBJECTS] = {
	{ "public_required", "公需科目（必修）",
	    "公需科目(必修)|公需科目必修|公需必修" },
	{ "public_elective", "公需科目（选修）",
	    "公需科目(选修)|公需科目选修|公需选修" },
	{ "professional", "专业科目", "专业" },
};

static const struct enum_value category_values[CEU_NCATEGORIES] = {
	{ "training", "培训进修", NULL }, { "self_study", "自学", NULL },
	{ "academic", "学术交流", NULL }, { "publication", "成果著作", NULL },
	{ "major_work", "参与重大工作", NULL }, { "other", "其他", NULL },
};

static const struct enum_value status_values[CEU_NSTATUSES] = {
	{ "pending", "待审核", "审核中" }, { "approved", "已通过", "审核通过" },
	{ "rejected", "未通过", "不通过|已驳回" },
	{ "withdrawn", "已撤回", NULL }, { "revoked", "已撤销", NULL },
};

static const struct enum_value source_values[] = {
	{ "self", "个人登记", "本人登记" }, { "roster", "培训名单", "名单" },
	{ "integration", "系统对接", NULL }, { "exam", "考试", NULL },
};

/* In the order of enum ceu_decision after CEU_DECISION_NONE (audit.h). */
static const struct enum_value decision_values[] = {
	{ "approve", "通过", "审核通过|同意" },
	{ "reject", "不通过", "驳回|不同意" },
	{ "revoke", "撤销", NULL },
};

static const struct enum_value due_values[] = {
	{ "exam", "考试", NULL }, { "hours", "学时", NULL },
	{ "audit", "审核", NULL },
};

static const struct enum_value row_values[] = {
	{ "record", "记录", NULL }, { "total", "合计", NULL },
};

/* In the order of enum ceu_import_kind (import.h). */
static const struct enum_value import_values[] = {
	{ "units", "单位", NULL }, { "persons", "人员", NULL },
	{ "filings", "备案", NULL }, { "sources", "来源系统", NULL },
	{ "roster", "培训名单", "名单" },
	{ "hours", "学时", NULL }, { "exams", "考试", NULL },
	{ "policy", "政策", NULL },
};

/* R12: in the order of enum ceu_cert_kind less one (certqr.h). */
static const struct enum_value cert_kind_values[] = {
	{ "public", "公需科目考试合格证书", "公需科目考试合格|公需证书" },
	{ "completion", "继续教育合格证书",
	    "专业技术人员继续教育合格证书|继续教育合格|合格证书" },
};

/* A certificate's own first (ceu-cert list --status), then what ceu-cert
 * verify found. */
static const struct enum_value cert_status_values[] = {
	{ "valid", "有效", NULL }, { "revoked", "已撤销", "已作废" },
	{ "genuine", "真实", NULL }, { "forged", "伪造", NULL },
	{ "mistyped", "核验码有误", NULL }, { "unknown", "查无此证", NULL },
};

/* In the order of enum ceu_summary_by (report.h). */
static const struct enum_value by_values[] = {
	{ "unit", "单位", NULL }, { "city", "城市", "地市" },
	{ "industry", "行业", NULL },
};

#define SET(a) { a, sizeof(a) / sizeof((a)[0]) }
static const struct {
	const struct enum_value *v;
	int n;
} enums[CEU_NENUMS] = {
	SET(bool_values), SET(subject_values), SET(category_values),
	SET(status_values), SET(source_values), SET(decision_values),
	SET(due_values), SET(row_values), SET(import_values),
	SET(cert_kind_values), SET(cert_status_values), SET(by_values),
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

/* Whether s is one of the "|"-separated names of list (NULL: none). */
static int
in_list(const char *s, const char *list)
{
	size_t n = strlen(s);
	const char *p;

	for (p = list; p != NULL && *p != '\0'; p = strchr(p, '|')) {
		if (*p == '|')
			p++;
		if (strncmp(p, s, n) == 0 && (p[n] == '\0' || p[n] == '|'))
			return 1;
	}
	return 0;
}

int
ceu_enum_count(int set)
{
	return set >= 0 && set < CEU_NENUMS ? enums[set].n : 0;
}

/* English ignoring ASCII case, or a Chinese name exactly. */
int
ceu_enum_parse(int set, const char *s)
{
	int i, n = ceu_enum_count(set);

	if (*s == '\0')
		return -1;
	for (i = 0; i < n; i++)
		if (strcasecmp(s, enums[set].v[i].en) == 0)
			return i;
	for (i = 0; i < n; i++)
		if (strcmp(s, enums[set].v[i].zh) == 0 ||
		    in_list(s, enums[set].v[i].also))
			return i;
	return -1;
}

const char *
ceu_enum_name(int set, int value, int lang)
{
	if (value < 0 || value >= ceu_enum_count(set))
		return NULL;
	return lang == CEU_LANG_ZH ? enums[set].v[value].zh :
	    enums[set].v[value].en;
}

/* Exact English: the words written by lib, looked up a cell at a time. */
const char *
ceu_enum_word(int set, const char *en, int lang)
{
	int i, n = ceu_enum_count(set);

	if (lang != CEU_LANG_ZH || en == NULL)
		return en;
	for (i = 0; i < n; i++)
		if (strcmp(en, enums[set].v[i].en) == 0)
			return enums[set].v[i].zh;
	return en;
}

int
ceu_subject_parse(const char *s)
{
	return ceu_enum_parse(CEU_ENUM_SUBJECT, s);
}

/* NULL when subject is out of range. */
const char *
ceu_subject_name(int subject)
{
	return ceu_enum_name(CEU_ENUM_SUBJECT, subject, CEU_LANG_EN);
}

/* R8: English (any case) or the exact Chinese. */
int
ceu_category_parse(const char *s)
{
	return ceu_enum_parse(CEU_ENUM_CATEGORY, s);
}

/* NULL when category is out of range. */
const char *
ceu_category_name(int category)
{
	return ceu_enum_name(CEU_ENUM_CATEGORY, category, CEU_LANG_EN);
}

/* NULL when category is out of range. */
const char *
ceu_category_name_zh(int category)
{
	return ceu_enum_name(CEU_ENUM_CATEGORY, category, CEU_LANG_ZH);
}

int
ceu_status_parse(const char *s)
{
	return ceu_enum_parse(CEU_ENUM_STATUS, s);
}

/* NULL when status is out of range. */
const char *
ceu_status_name(int status)
{
	return ceu_enum_name(CEU_ENUM_STATUS, status, CEU_LANG_EN);
}
