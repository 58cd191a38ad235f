/*
 * rules.c - R2 and R2a, exactly.  See rules.h.
 */
#include <stdio.h>
#include <string.h>

#include "rules.h"
#include "values.h"

/* R2: professional >= num/den of total, as den*prof >= num*total. */
int
ceu_rules_share_ok(const struct ceu_policy *p, long professional, long total)
{
	return (long long)p->share_den * professional >=
	    (long long)p->share_num * total;
}

/* R2: the fewest professional tenths x with total + x >= T and
 * den*(prof + x) >= num*(total + x), i.e.
 * x >= (num*total - den*prof) / (den - num), rounded up to a tenth.
 * For 2/3 that is max(T - total, 2*public - prof, 0) of the SPEC. */
static long
professional_needed(const struct ceu_policy *p, long prof, long total)
{
	long long by_total = (long long)p->total_hours - total;
	long long gap = (long long)p->share_num * total -
	    (long long)p->share_den * prof;
	long long d = p->share_den - p->share_num;
	long long by_share = gap > 0 ? (gap + d - 1) / d : 0;
	long long x = by_total > by_share ? by_total : by_share;

	return x > 0 ? (long)x : 0;
}

/* Append "; " and a reason to v->reason. */
static void
add_reason(struct ceu_verdict *v, const char *text)
{
	size_t n = strlen(v->reason);

	snprintf(v->reason + n, sizeof(v->reason) - n, "%s%s",
	    n ? "; " : "", text);
}

/* "professional 54.5% < 2/3": the share to a tenth of a percent, rounded
 * down so that it never shows as meeting the bound it fails. */
static void
share_reason(const struct ceu_policy *p, long prof, long total,
    struct ceu_verdict *v)
{
	char text[64];
	long long permille = total ? (long long)prof * 1000 / total : 0;

	if (permille % 10)
		snprintf(text, sizeof(text), "professional %lld.%lld%% < %d/%d",
		    permille / 10, permille % 10, p->share_num, p->share_den);
	else
		snprintf(text, sizeof(text), "professional %lld%% < %d/%d",
		    permille / 10, p->share_num, p->share_den);
	add_reason(v, text);
}

void
ceu_rules_verdict(const struct ceu_policy *p, const struct ceu_year_hours *h,
    struct ceu_verdict *v)
{
	char a[24], b[24], text[64];

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
	if (!h->exam_passed)
		add_reason(v, "public exam not passed");
	if (v->total_hours < p->total_hours) {
		snprintf(text, sizeof(text), "total %s < %s",
		    ceu_hours_format(v->total_hours, a),
		    ceu_hours_format(p->total_hours, b));
		add_reason(v, text);
	}
	if (v->total_hours > 0 &&
	    !ceu_rules_share_ok(p, v->professional_hours, v->total_hours))
		share_reason(p, v->professional_hours, v->total_hours, v);
}

int
ceu_rules_year_hours(struct ceu_db *db, long long person_id, int year,
    struct ceu_year_hours *h)
{
	static const char sql[] = "SELECT "
	    "coalesce(sum(hours) FILTER (WHERE status = 'approved' AND "
	    " subject = 'public_required'), 0), "
	    "coalesce(sum(hours) FILTER (WHERE status = 'approved' AND "
	    " subject = 'public_elective'), 0), "
	    "coalesce(sum(hours) FILTER (WHERE status = 'approved' AND "
	    " subject = 'professional'), 0), "
	    "coalesce(sum(hours) FILTER (WHERE status = 'pending'), 0), "
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
