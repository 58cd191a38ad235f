/*
 * rules.c - the verdict on a person's year (rules.h): R2 and R2a exactly,
 * on one person's records or streamed over every person of a scope.
 *
 * A year stream is one ordered pass: a year's records off the covering
 * index record_year_person (year, person_id, status_code, subject_code,
 * hours),
 * merged with the year's exam passes (R2a) off the partial index
 * record_exam_pass, both ascending by person, without a sort or a
 * temporary table.  Nothing is kept per person, so memory stays flat.
 */
#include <stdio.h>
#include <string.h>

#include "rules.h"
#include "values.h"

/* The persons who passed the year's exam, in person order, straight off
 * the small partial index record_exam_pass; ?1 year. */
static const char passed_sql[] = "SELECT x.person_id FROM record x "
    "WHERE " CEU_RULES_EXAM_PASSED("x") " ORDER BY x.person_id";

/* The year's records in person order, straight off the covering index;
 * C adds them up (a plain scan steps faster than SQL aggregates).
 * ?1 year, ?3 scope value; indexed by enum ceu_scope_kind. */
#define SUM_COLS "SELECT person_id, status_code, subject_code, hours " \
	"FROM record " \
	"WHERE year = ?1 "
#define SUM_TAIL " ORDER BY person_id"

static const char *const sum_sql[] = {
	SUM_COLS "AND ?3 IS NULL" SUM_TAIL,
	SUM_COLS "AND person_id IN (SELECT id FROM person "
	    "WHERE unit_code = ?3)" SUM_TAIL,
	SUM_COLS "AND person_id IN (SELECT p.id FROM person p JOIN unit u "
	    "ON u.code = p.unit_code WHERE u.city_code = ?3)" SUM_TAIL,
	SUM_COLS "AND person_id IN (SELECT p.id FROM person p JOIN unit u "
	    "ON u.code = p.unit_code WHERE u.industry = ?3)" SUM_TAIL,
};

/* Bind the year and the scope value to st. */
static void
bind_scope(sqlite3_stmt *st, int year, const struct ceu_scope *scope)
{
	sqlite3_bind_int(st, 1, year);
	if (scope->kind != CEU_SCOPE_ALL)
		sqlite3_bind_text(st, 3, scope->value, -1, SQLITE_TRANSIENT);
}

/* The unit, city or industry of a scope, on the register; indexed by
 * enum ceu_scope_kind. */
static const char *const scope_sql[] = {
	NULL,
	"SELECT 1 FROM unit WHERE code = ?1",
	"SELECT 1 FROM unit WHERE city_code = ?1 LIMIT 1",
	"SELECT 1 FROM unit WHERE industry = ?1 LIMIT 1",
};

int
ceu_rules_scope_check(struct ceu_db *db, const struct ceu_scope *scope)
{
	sqlite3_stmt *st;
	int rc;

	if (scope->kind <= CEU_SCOPE_ALL || scope->kind > CEU_SCOPE_INDUSTRY)
		return CEU_OK;
	if ((st = ceu_db_stmt(db, scope_sql[scope->kind])) == NULL)
		return db->code;
	sqlite3_bind_text(st, 1, scope->value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return CEU_OK;
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "unit");
	if (scope->kind == CEU_SCOPE_UNIT)
		return ceu_db_fail(db, CEU_EREFUSED, "no unit %s on the "
		    "register", scope->value);
	if (scope->kind == CEU_SCOPE_CITY)
		return ceu_db_fail(db, CEU_EREFUSED, "no unit of city %s on "
		    "the register", scope->value);
	return ceu_db_fail(db, CEU_EREFUSED, "no unit of industry '%s' on "
	    "the register", scope->value);
}

/* R2: professional >= num/den of the basis, as den*prof >= num*basis:
 * the person's own total (actual), or total_hours (required). */
int
ceu_rules_share_ok(const struct ceu_policy *p, long professional, long total)
{
	long basis = p->share_basis == CEU_BASIS_REQUIRED ? p->total_hours :
	    total;

	return (long long)p->share_den * professional >=
	    (long long)p->share_num * basis;
}

/* Tenths rounded up: ceil(a / b) for a >= 0, b > 0. */
static long long
ceil_div(long long a, long long b)
{
	return a > 0 ? (a + b - 1) / b : 0;
}

/*
 * R2: the fewest professional tenths x that comply.  Actual basis:
 * total + x >= T and den*(prof + x) >= num*(total + x), i.e.
 * x >= (num*total - den*prof) / (den - num); for 2/3 that is
 * max(T - total, 2*public - prof, 0) of RULES.  Required basis:
 * total + x >= T and den*(prof + x) >= num*T, i.e.
 * max(T - total, 2/3 T - prof, 0).  Rounded up to a tenth.
 */
static long
professional_needed(const struct ceu_policy *p, long prof, long total)
{
	long long by_total = (long long)p->total_hours - total;
	long long by_share;
	long long x;

	if (p->share_basis == CEU_BASIS_REQUIRED)
		by_share = ceil_div((long long)p->share_num * p->total_hours -
		    (long long)p->share_den * prof, p->share_den);
	else
		by_share = ceil_div((long long)p->share_num * total -
		    (long long)p->share_den * prof,
		    p->share_den - p->share_num);
	x = by_total > by_share ? by_total : by_share;
	return x > 0 ? (long)x : 0;
}

/*
 * The words of a reason in each language (enum ceu_lang): the numbers
 * and their order are the same in all of them.
 */
static const struct {
	const char *sep;	/* between two reasons */
	const char *exam;	/* R2a */
	const char *total;	/* R2: %s the total, %s the policy's */
	const char *share;	/* R2: %s the percent, %s the bound */
	/* R2 under the required basis: 1 the professional hours, 2 those
	 * needed, 3 the bound, 4 the policy's total */
	const char *share_of;
} reason_words[] = {
	/* Not a message: a report's words, said in the language of its
	 * --headers, not of the messages. */
	{ "; ", "public exam not passed", "total %s < %s",
	    "professional %s%% < %s",
	    "professional %1$s < %2$s (%3$s of %4$s)" },
	{ "；", "公需科目考试未通过", "总学时 %s < %s",
	    "专业科目占 %s%%，低于%s",
	    "专业科目 %1$s < %2$s（%4$s 的%3$s）" },
};

/* n (0..99) in Chinese numerals: 2 二, 10 十, 12 十二, 23 二十三. */
static void
zh_numeral(int n, char *buf, size_t size)
{
	static const char *const digit[] = { "零", "一", "二", "三", "四",
	    "五", "六", "七", "八", "九" };

	if (n < 10)
		snprintf(buf, size, "%s", digit[n]);
	else
		snprintf(buf, size, "%s十%s", n >= 20 ? digit[n / 10] : "",
		    n % 10 ? digit[n % 10] : "");
}

/* The bound num/den as lang says a fraction: "2/3", "三分之二". */
static void
fraction(int num, int den, int lang, char *buf, size_t size)
{
	char a[16], b[16];

	if (lang == CEU_LANG_ZH && num >= 0 && num < 100 && den > 0 &&
	    den < 100) {
		zh_numeral(num, a, sizeof(a));
		zh_numeral(den, b, sizeof(b));
		snprintf(buf, size, "%s分之%s", b, a);
	} else
		snprintf(buf, size, "%d/%d", num, den);
}

/* Append the separator (after the first) and text to buf. */
static void
add_reason(char *buf, size_t size, const char *sep, const char *text)
{
	size_t n = strlen(buf);

	if (n < size)
		snprintf(buf + n, size - n, "%s%s", n ? sep : "", text);
}

char *
ceu_rules_reason(const struct ceu_verdict *v, int lang, char *buf,
    size_t size)
{
	char a[24], b[24], t[24], frac[48], text[128];
	int w = lang == CEU_LANG_ZH;

	*buf = '\0';
	if (v->exam_missing)
		add_reason(buf, size, reason_words[w].sep,
		    reason_words[w].exam);
	if (v->total_short) {
		snprintf(text, sizeof(text), reason_words[w].total,
		    ceu_hours_format(v->total_hours, a),
		    ceu_hours_format(v->total_required, b));
		add_reason(buf, size, reason_words[w].sep, text);
	}
	if (v->share_short) {
		fraction(v->share_num, v->share_den, lang, frac, sizeof(frac));
		if (v->share_required)
			snprintf(text, sizeof(text), reason_words[w].share_of,
			    ceu_hours_format(v->professional_hours, a),
			    ceu_hours_format(v->share_needed, b), frac,
			    ceu_hours_format(v->total_required, t));
		else	/* the share to a tenth of a percent: 54.5, 50 */
			snprintf(text, sizeof(text), reason_words[w].share,
			    ceu_hours_format(v->share_permille, a), frac);
		add_reason(buf, size, reason_words[w].sep, text);
	}
	return buf;
}

void
ceu_rules_verdict(const struct ceu_policy *p, const struct ceu_year_hours *h,
    struct ceu_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->public_hours = h->public_required + h->public_elective;
	v->professional_hours = h->professional;
	v->total_hours = v->public_hours + h->professional;
	/* R2: both bounds, on approved hours only (R2a). */
	v->hours_ok = v->total_hours >= p->total_hours &&
	    ceu_rules_share_ok(p, v->professional_hours, v->total_hours);
	/* R2a: the year's public required course passed, and R2. */
	v->compliant = h->exam_passed && v->hours_ok;
	v->professional_needed = professional_needed(p, v->professional_hours,
	    v->total_hours);
	v->exam_missing = !h->exam_passed;
	v->total_short = v->total_hours < p->total_hours;
	v->total_required = p->total_hours;
	v->share_short = (v->total_hours > 0 ||
	    p->share_basis == CEU_BASIS_REQUIRED) &&
	    !ceu_rules_share_ok(p, v->professional_hours, v->total_hours);
	v->share_num = p->share_num;
	v->share_den = p->share_den;
	v->share_required = p->share_basis == CEU_BASIS_REQUIRED;
	v->share_needed = (long)ceil_div((long long)p->share_num *
	    p->total_hours, p->share_den);
	v->share_permille = v->total_hours ? (int)((long long)
	    v->professional_hours * 1000 / v->total_hours) : 0;
	if (!v->compliant)
		ceu_rules_reason(v, CEU_LANG_EN, v->reason, sizeof(v->reason));
}

int
ceu_rules_year_hours(struct ceu_db *db, long long person_id, int year,
    struct ceu_year_hours *h)
{
	static const char sql[] = "SELECT "
	    "coalesce(sum(hours) FILTER (WHERE status_code = 1 AND "
	    " subject_code = 0), 0), "		/* approved, public_required */
	    "coalesce(sum(hours) FILTER (WHERE status_code = 1 AND "
	    " subject_code = 1), 0), "		/* public_elective */
	    "coalesce(sum(hours) FILTER (WHERE status_code = 1 AND "
	    " subject_code = 2), 0), "		/* professional */
	    "coalesce(sum(hours) FILTER (WHERE status_code = 0), 0), "
	    /* pending */
	    "count(*) FILTER (WHERE " CEU_RULES_EXAM_PASSED("r") ") "
	    "FROM record r WHERE person_id = ?2 AND year = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);

	if (st == NULL)
		return db->code;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_int64(st, 2, person_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return ceu_db_sqlfail(db, "year hours");
	}
	h->public_required = sqlite3_column_int64(st, 0);
	h->public_elective = sqlite3_column_int64(st, 1);
	h->professional = sqlite3_column_int64(st, 2);
	h->pending = sqlite3_column_int64(st, 3);
	h->exam_passed = sqlite3_column_int(st, 4) > 0;
	sqlite3_reset(st);
	return CEU_OK;
}

int
ceu_rules_person_year(struct ceu_db *db, long long person_id, int year,
    struct ceu_year_hours *h, struct ceu_verdict *v)
{
	struct ceu_policy pol;
	int rc;

	if ((rc = ceu_policy_load(db, year, &pol)) != CEU_OK ||
	    (rc = ceu_rules_year_hours(db, person_id, year, h)) != CEU_OK)
		return rc;
	ceu_rules_verdict(&pol, h, v);
	return CEU_OK;
}

/* ---- year streams ---- */

/* Step a statement ordered by person whose first column is the person
 * id; *pid is the next one, or -1 at the end. */
static int
next_record(struct ceu_db *db, sqlite3_stmt *st, long long *pid)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		*pid = sqlite3_column_int64(st, 0);
		return CEU_OK;
	}
	*pid = -1;
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "year stream");
	return CEU_OK;
}

/* Add the current record to h: approved hours by subject, pending hours
 * whatever the subject (R2a); rejected, withdrawn, revoked count nothing. */
static void
add_record(sqlite3_stmt *st, struct ceu_year_hours *h)
{
	/* The codes of enum ceu_status and enum ceu_subject (schema.sql). */
	int status = sqlite3_column_int(st, 1);
	int subject = sqlite3_column_int(st, 2);
	long hours = (long)sqlite3_column_int64(st, 3);

	if (status == CEU_PENDING)
		h->pending += hours;
	else if (status != CEU_APPROVED)
		return;
	else if (subject == CEU_PROFESSIONAL)
		h->professional += hours;
	else if (subject == CEU_PUBLIC_REQUIRED)
		h->public_required += hours;
	else
		h->public_elective += hours;
}

void
ceu_rules_stream_close(struct ceu_year_stream *ys)
{
	sqlite3_finalize(ys->rs);
	sqlite3_finalize(ys->xs);
	ys->rs = ys->xs = NULL;
}

int
ceu_rules_stream_open(struct ceu_db *db, struct ceu_year_stream *ys,
    int year, const struct ceu_scope *scope)
{
	int rc;

	memset(ys, 0, sizeof(*ys));
	if (scope->kind < 0 || scope->kind > CEU_SCOPE_INDUSTRY)
		return ceu_db_fail(db, CEU_EUSAGE, "unknown scope");
	if ((rc = ceu_policy_load(db, year, &ys->pol)) != CEU_OK)
		return rc;
	if (sqlite3_prepare_v2(db->sql, sum_sql[scope->kind], -1, &ys->rs,
	    NULL) != SQLITE_OK || sqlite3_prepare_v2(db->sql, passed_sql, -1,
	    &ys->xs, NULL) != SQLITE_OK) {
		rc = ceu_db_sqlfail(db, "report");
		ceu_rules_stream_close(ys);
		return rc;
	}
	bind_scope(ys->rs, year, scope);
	sqlite3_bind_int(ys->xs, 1, year);
	if ((rc = next_record(db, ys->rs, &ys->rpid)) != CEU_OK ||
	    (rc = next_record(db, ys->xs, &ys->xpid)) != CEU_OK)
		ceu_rules_stream_close(ys);
	return rc;
}

int
ceu_rules_stream_take(struct ceu_db *db, struct ceu_year_stream *ys,
    long long pid, struct ceu_year_hours *h, struct ceu_verdict *v)
{
	int rc;

	memset(h, 0, sizeof(*h));
	while (ys->xpid >= 0 && ys->xpid < pid)
		if ((rc = next_record(db, ys->xs, &ys->xpid)) != CEU_OK)
			return rc;
	h->exam_passed = ys->xpid == pid;
	while (ys->rpid >= 0 && ys->rpid <= pid) {
		if (ys->rpid == pid)
			add_record(ys->rs, h);
		if ((rc = next_record(db, ys->rs, &ys->rpid)) != CEU_OK)
			return rc;
	}
	ceu_rules_verdict(&ys->pol, h, v);
	return CEU_OK;
}
