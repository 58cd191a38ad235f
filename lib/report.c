/*
 * report.c - what ceu-report prints (report.h): compliance, title and
 * assessment checks, transcripts, summaries, deadlines and the backlog.
 *
 * Compliance is one ordered pass: the persons of the scope in id order,
 * merged with the year stream of rules.c, both ascending by person.
 * Nothing is kept per person, so memory stays flat.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "ident.h"
#include "policy.h"
#include "person.h"
#include "record.h"
#include "report.h"
#include "values.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* R2a: the year's exam passed (rules.h), probed in record_exam_pass. */
#define EXAM_PASSED(pid) "EXISTS (SELECT 1 FROM record x " \
	"WHERE x.person_id = " pid " AND " CEU_RULES_EXAM_PASSED("x") ")"

#define PERSON_COLS "SELECT p.id, p.id_no, p.name, p.unit_code " \
	"FROM person p "

/* ?1 year, ?3 scope value; indexed by enum ceu_scope_kind. */
static const char *const person_sql[] = {
	PERSON_COLS "WHERE ?3 IS NULL ORDER BY p.id",
	PERSON_COLS "WHERE p.unit_code = ?3 ORDER BY p.id",
	PERSON_COLS "JOIN unit u ON u.code = p.unit_code "
	    "WHERE u.city_code = ?3 ORDER BY p.id",
	PERSON_COLS "JOIN unit u ON u.code = p.unit_code "
	    "WHERE u.industry = ?3 ORDER BY p.id",
};

/* Bind the year and the scope value to st. */
static void
bind_scope(sqlite3_stmt *st, int year, const struct ceu_scope *scope)
{
	sqlite3_bind_int(st, 1, year);
	if (scope->kind != CEU_SCOPE_ALL)
		sqlite3_bind_text(st, 3, scope->value, -1, SQLITE_TRANSIENT);
}

/* The persons of scope in id order: the cached statement, bound. */
static sqlite3_stmt *
persons_stmt(struct ceu_db *db, const struct ceu_scope *scope)
{
	sqlite3_stmt *ps;

	if (scope->kind < 0 || (size_t)scope->kind >= NELEM(person_sql)) {
		ceu_db_fail(db, CEU_EUSAGE, "unknown scope");
		return NULL;
	}
	if ((ps = ceu_db_stmt(db, person_sql[scope->kind])) != NULL)
		bind_scope(ps, 0, scope);
	return ps;
}

/* Fill the person fields of row from the persons statement. */
static void
person_fields(sqlite3_stmt *ps, struct ceu_report_person *row)
{
	row->id = sqlite3_column_int64(ps, 0);
	row->id_no = ceu_col_text(ps, 1);
	row->name = ceu_col_text(ps, 2);
	row->unit_code = ceu_col_text(ps, 3);
}

int
ceu_report_compliance(struct ceu_db *db, int year,
    const struct ceu_scope *scope, ceu_report_person_fn fn, void *ctx)
{
	struct ceu_report_person row;
	struct ceu_year_stream ys;
	sqlite3_stmt *ps;
	int rc, step;

	if ((ps = persons_stmt(db, scope)) == NULL)
		return db->code;
	if ((rc = ceu_rules_stream_open(db, &ys, year, scope)) != CEU_OK)
		return rc;
	memset(&row, 0, sizeof(row));
	row.year = year;
	while ((step = sqlite3_step(ps)) == SQLITE_ROW) {
		person_fields(ps, &row);
		if ((rc = ceu_rules_stream_take(db, &ys, row.id, &row.hours,
		    &row.verdict)) != CEU_OK || (rc = fn(ctx, &row)) != 0)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = ceu_db_sqlfail(db, "compliance");
out:
	sqlite3_reset(ps);
	ceu_rules_stream_close(&ys);
	return rc;
}

/* R13: the current year's course is required, the previous year's
 * completion only a reference. */
static void
title_verdict(int year, const struct ceu_year_hours *current,
    const struct ceu_verdict *previous, struct ceu_title *t)
{
	memset(t, 0, sizeof(*t));
	t->current_exam_passed = current->exam_passed;
	t->eligible = current->exam_passed;
	t->previous_compliant = previous->compliant;
	if (!t->eligible)	/* a message to the user: translated */
		snprintf(t->reason, sizeof(t->reason), ceu_tr("R13: public "
		    "required course of %d not passed"), year);
}

int
ceu_report_titles(struct ceu_db *db, int year, const struct ceu_scope *scope,
    int (*fn)(void *ctx, const struct ceu_report_person *p,
    const struct ceu_title *t), void *ctx)
{
	struct ceu_report_person row;
	struct ceu_year_hours before;
	struct ceu_verdict vbefore;
	struct ceu_year_stream now, prev;
	struct ceu_title t;
	sqlite3_stmt *ps;
	int rc, step;

	if ((ps = persons_stmt(db, scope)) == NULL)
		return db->code;
	if ((rc = ceu_rules_stream_open(db, &now, year, scope)) != CEU_OK)
		return rc;
	if ((rc = ceu_rules_stream_open(db, &prev, year - 1, scope)) !=
	    CEU_OK) {
		ceu_rules_stream_close(&now);
		return rc;
	}
	memset(&row, 0, sizeof(row));
	row.year = year;
	while ((step = sqlite3_step(ps)) == SQLITE_ROW) {
		person_fields(ps, &row);
		if ((rc = ceu_rules_stream_take(db, &now, row.id, &row.hours,
		    &row.verdict)) != CEU_OK ||
		    (rc = ceu_rules_stream_take(db, &prev, row.id, &before,
		    &vbefore)) != CEU_OK)
			goto out;
		title_verdict(year, &row.hours, &vbefore, &t);
		if ((rc = fn(ctx, &row, &t)) != 0)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = ceu_db_sqlfail(db, "title");
out:
	sqlite3_reset(ps);
	ceu_rules_stream_close(&now);
	ceu_rules_stream_close(&prev);
	return rc;
}

int
ceu_report_excellent_allowed(const struct ceu_verdict *v)
{
	return v->compliant;	/* R14 on R2a */
}

int
ceu_report_title(struct ceu_db *db, long long person_id, int year,
    struct ceu_title *t)
{
	struct ceu_year_hours now, before;
	struct ceu_verdict v;
	int rc;

	if ((rc = ceu_rules_year_hours(db, person_id, year, &now)) != CEU_OK ||
	    (rc = ceu_rules_person_year(db, person_id, year - 1, &before,
	    &v)) != CEU_OK)
		return rc;
	title_verdict(year, &now, &v, t);
	return CEU_OK;
}

/* ---------------------------------------------------------------------
 * Transcript
 */

struct transcript_walk {
	struct ceu_db *db;
	long long person_id;
	int prev;		/* year of the records so far, 0 before */
	int (*fn)(void *, const struct ceu_transcript_row *);
	void *ctx;
};

/* The total row of year: R2, R2a. */
static int
transcript_total(struct transcript_walk *w, int year)
{
	struct ceu_transcript_row t;
	int rc;

	memset(&t, 0, sizeof(t));
	t.kind = "total";
	t.year = year;
	if ((rc = ceu_rules_person_year(w->db, w->person_id, year,
	    &t.totals, &t.verdict)) != CEU_OK)
		return rc;
	return w->fn(w->ctx, &t);
}

/* One record of the listing, after the total of the year before it.
 * The totals use statements of their own, so the listing's row stays
 * current. */
static int
transcript_record(void *ctx, const struct ceu_record_row *rec)
{
	struct transcript_walk *w = ctx;
	struct ceu_transcript_row r;
	int rc;

	if (w->prev && rec->year != w->prev &&
	    (rc = transcript_total(w, w->prev)) != 0)
		return rc;
	w->prev = rec->year;
	memset(&r, 0, sizeof(r));
	r.kind = "record";
	r.year = rec->year;
	r.record = rec;
	return w->fn(w->ctx, &r);
}

int
ceu_report_transcript(struct ceu_db *db, const char *id_no, int year,
    int (*fn)(void *ctx, const struct ceu_transcript_row *row), void *ctx)
{
	struct ceu_record_filter f = { id_no, NULL, year, -1 };
	struct transcript_walk w = { db, 0, 0, fn, ctx };
	struct ceu_person p;
	char shown[CEU_ID_LEN + 1];
	int found, rc;

	if ((rc = ceu_person_find(db, id_no, &found, &p)) != CEU_OK)
		return rc;
	if (!found)
		return ceu_db_fail(db, CEU_EREFUSED, "person %s not found",
		    ceu_ident_shown(id_no, db->show_id, shown));
	w.person_id = p.id;
	if ((rc = ceu_records_each(db, &f, transcript_record, &w)) != 0)
		return rc;
	return transcript_total(&w, w.prev ? w.prev :
	    year ? year : db->today / 10000);
}

/* ---------------------------------------------------------------------
 * Summary
 */

/* A unit's counters, found by binary search over the units in code
 * order: memory is in the number of units, not of persons. */
struct unit_acc {
	char *code, *city, *industry;
	struct ceu_summary_row n;
};

struct summary {
	struct unit_acc *u;
	size_t n;
};

static int
acc_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct unit_acc *)elem)->code);
}

static struct unit_acc *
acc_find(struct summary *s, const char *code)
{
	return bsearch(code, s->u, s->n, sizeof(*s->u), acc_cmp);
}

static int
load_units(struct ceu_db *db, struct summary *s)
{
	static const char sql[] = "SELECT code, city_code, industry FROM unit "
	    "ORDER BY code";
	static const char count_sql[] = "SELECT count(*) FROM unit";
	sqlite3_stmt *st;
	size_t cap;

	if ((st = ceu_db_stmt(db, count_sql)) == NULL)
		return db->code;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return ceu_db_sqlfail(db, "summary");
	}
	cap = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	s->u = ceu_calloc(cap + 1, sizeof(*s->u));
	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	while (s->n < cap && sqlite3_step(st) == SQLITE_ROW) {
		struct unit_acc *a = &s->u[s->n++];

		a->code = ceu_strdup(ceu_col_text(st, 0));
		a->city = ceu_strdup(ceu_col_text(st, 1));
		a->industry = ceu_strdup(ceu_col_text(st, 2));
	}
	sqlite3_reset(st);
	return CEU_OK;
}

static int
summary_person(void *ctx, const struct ceu_report_person *p)
{
	struct unit_acc *a = acc_find(ctx, p->unit_code);

	if (a != NULL) {
		a->n.persons++;
		a->n.compliant += p->verdict.compliant;
		a->n.exam_passed += p->hours.exam_passed;
	}
	return 0;
}

/* Per unit: pending records (status_code 0), late decisions and valid
 * certificates of the year; ?1 year.  Column 0 unit code, column 1 the
 * count. */
static const char *const unit_count_sql[] = {
	"SELECT p.unit_code, count(*) FROM record r JOIN person p "
	"ON p.id = r.person_id WHERE r.year = ?1 AND r.status_code = 0 "
	"GROUP BY p.unit_code",
	/* R11: decided after the audit deadline, by the record's mark or
	 * an audit row's (the partial indexes record_late, audit_late). */
	"SELECT p.unit_code, count(*) FROM record r JOIN person p "
	"ON p.id = r.person_id WHERE r.year = ?1 AND r.id IN ("
	" SELECT id FROM record WHERE year = ?1 AND late = 1 UNION "
	" SELECT record_id FROM audit WHERE late = 1) "
	"GROUP BY p.unit_code",
	"SELECT p.unit_code, count(*) FROM certificate c JOIN person p "
	"ON p.id = c.person_id WHERE c.year = ?1 AND c.revoked_at IS NULL "
	"GROUP BY p.unit_code",
};

static int
unit_counts(struct ceu_db *db, int year, struct summary *s)
{
	sqlite3_stmt *st;
	size_t i;
	int step;

	for (i = 0; i < NELEM(unit_count_sql); i++) {
		if ((st = ceu_db_stmt(db, unit_count_sql[i])) == NULL)
			return db->code;
		sqlite3_bind_int(st, 1, year);
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			struct unit_acc *a = acc_find(s,
			    ceu_col_text(st, 0));
			long n = (long)sqlite3_column_int64(st, 1);

			if (a == NULL)
				continue;
			if (i == 0)
				a->n.pending_records += n;
			else if (i == 1)
				a->n.late_audits += n;
			else
				a->n.certificates += n;
		}
		sqlite3_reset(st);
		if (step != SQLITE_DONE)
			return ceu_db_sqlfail(db, "summary");
	}
	return CEU_OK;
}

static const char *
group_key(const struct unit_acc *a, int by)
{
	return by == CEU_BY_CITY ? a->city : by == CEU_BY_INDUSTRY ?
	    a->industry : a->code;
}

static int by_for_sort;

static int
group_cmp(const void *x, const void *y)
{
	const struct unit_acc *a = x, *b = y;
	int c = strcmp(group_key(a, by_for_sort), group_key(b, by_for_sort));

	return c ? c : strcmp(a->code, b->code);
}

static void
add_counts(struct ceu_summary_row *to, const struct ceu_summary_row *from)
{
	to->persons += from->persons;
	to->compliant += from->compliant;
	to->exam_passed += from->exam_passed;
	to->pending_records += from->pending_records;
	to->late_audits += from->late_audits;
	to->certificates += from->certificates;
}

/* Roll the units up to groups and call fn for each group with persons. */
static int
emit_groups(struct summary *s, int by,
    int (*fn)(void *, const struct ceu_summary_row *), void *ctx)
{
	struct ceu_summary_row g;
	size_t i = 0, j;
	int rc;

	by_for_sort = by;
	qsort(s->u, s->n, sizeof(*s->u), group_cmp);
	while (i < s->n) {
		memset(&g, 0, sizeof(g));
		g.key = group_key(&s->u[i], by);
		for (j = i; j < s->n && strcmp(group_key(&s->u[j], by),
		    g.key) == 0; j++)
			add_counts(&g, &s->u[j].n);
		i = j;
		if (g.persons > 0 && (rc = fn(ctx, &g)) != 0)
			return rc;
	}
	return CEU_OK;
}

int
ceu_report_summary(struct ceu_db *db, int year, int by,
    int (*fn)(void *ctx, const struct ceu_summary_row *row), void *ctx)
{
	struct ceu_scope all = { CEU_SCOPE_ALL, NULL };
	struct summary s = { NULL, 0 };
	size_t i;
	int rc;

	if ((rc = load_units(db, &s)) == CEU_OK &&
	    (rc = ceu_report_compliance(db, year, &all, summary_person,
	    &s)) == CEU_OK && (rc = unit_counts(db, year, &s)) == CEU_OK)
		rc = emit_groups(&s, by, fn, ctx);
	for (i = 0; i < s.n; i++) {
		free(s.u[i].code);
		free(s.u[i].city);
		free(s.u[i].industry);
	}
	free(s.u);
	return rc;
}

char *
ceu_report_rate(long compliant, long persons, char *buf)
{
	long long t = persons > 0 ?
	    ((long long)compliant * 2000 + persons) / (2LL * persons) : 0;
	int tenths = t < 0 ? 0 : t > 1000 ? 1000 : (int)t;

	snprintf(buf, 16, "%d.%d", tenths / 10, tenths % 10);
	return buf;
}

/* ---------------------------------------------------------------------
 * Deadlines
 */

struct deadline_ctx {
	int (*fn)(void *, const struct ceu_deadline *);
	void *ctx;
	struct ceu_deadline d;
};

static int
deadline_person(void *ctx, const struct ceu_report_person *p)
{
	struct deadline_ctx *c = ctx;
	int rc;

	c->d.id_no = p->id_no;
	c->d.unit_code = p->unit_code;
	c->d.year = p->year;
	if (!p->hours.exam_passed) {		/* R6 */
		c->d.what = "exam";
		if ((rc = c->fn(c->ctx, &c->d)) != 0)
			return rc;
	}
	if (!p->verdict.hours_ok) {		/* R2, R9 */
		c->d.what = "hours";
		if ((rc = c->fn(c->ctx, &c->d)) != 0)
			return rc;
	}
	return 0;
}

/* R11: units with pending records (status_code 0) of year. */
static int
deadline_audits(struct ceu_db *db, int year, struct deadline_ctx *c)
{
	static const char sql[] = "SELECT DISTINCT p.unit_code FROM record r "
	    "JOIN person p ON p.id = r.person_id "
	    "WHERE r.year = ?1 AND r.status_code = 0 ORDER BY p.unit_code";
	sqlite3_stmt *st;
	int rc = CEU_OK, step;

	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	sqlite3_bind_int(st, 1, year);
	c->d.what = "audit";
	c->d.id_no = NULL;
	c->d.year = year;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		c->d.unit_code = ceu_col_text(st, 0);
		if ((rc = c->fn(c->ctx, &c->d)) != 0)
			break;
	}
	if (rc == CEU_OK && step != SQLITE_DONE)
		rc = ceu_db_sqlfail(db, "deadlines");
	sqlite3_reset(st);
	return rc;
}

/* Whether deadline d falls in [today, today + within]; sets days_left. */
static int
in_window(struct ceu_db *db, int within, int d, long *days_left)
{
	*days_left = ceu_date_days(d) - ceu_date_days(db->today);
	return *days_left >= 0 && *days_left <= within;
}

/* The earliest year with a pending record, or today's year - 1 when
 * that is earlier (the partial index record_pending: one seek). */
static int
first_open_year(struct ceu_db *db, int *year)
{
	static const char sql[] =
	    "SELECT min(year) FROM record WHERE status_code = 0";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	*year = db->today / 10000 - 1;
	if (st == NULL)
		return db->code;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL &&
	    sqlite3_column_int(st, 0) < *year)
		*year = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? CEU_OK : ceu_db_sqlfail(db, "deadlines");
}

int
ceu_report_deadlines(struct ceu_db *db, int within,
    int (*fn)(void *ctx, const struct ceu_deadline *row), void *ctx)
{
	struct ceu_scope all = { CEU_SCOPE_ALL, NULL };
	struct deadline_ctx c;
	struct ceu_policy pol;
	int year, rc;

	memset(&c, 0, sizeof(c));
	c.fn = fn;
	c.ctx = ctx;
	if ((rc = first_open_year(db, &year)) != CEU_OK)
		return rc;
	for (; year <= db->today / 10000; year++) {
		if ((rc = ceu_policy_load(db, year, &pol)) != CEU_OK)
			return rc;
		c.d.deadline = pol.registration_deadline;
		if (in_window(db, within, c.d.deadline, &c.d.days_left) &&
		    (rc = ceu_report_compliance(db, year, &all,
		    deadline_person, &c)) != CEU_OK)
			return rc;
		/* R11: a unit's pending records stay listed after the audit
		 * deadline, overdue (days_left < 0), until decided. */
		c.d.deadline = pol.audit_deadline;
		if ((in_window(db, within, c.d.deadline, &c.d.days_left) ||
		    c.d.days_left < 0) &&
		    (rc = deadline_audits(db, year, &c)) != CEU_OK)
			return rc;
	}
	return CEU_OK;
}

/* ---------------------------------------------------------------------
 * Backlog (R7)
 */

#define BACKLOG_COLS "SELECT p.id_no, p.name, p.unit_code, " \
	"coalesce(e.round, 0), (SELECT count(*) FROM exam_attempt a " \
	" WHERE a.round_id = e.id) FROM person p " \
	"LEFT JOIN exam_round e ON e.person_id = p.id AND e.year = ?1 AND " \
	" e.round = (SELECT max(round) FROM exam_round m " \
	" WHERE m.person_id = p.id AND m.year = ?1) "
#define BACKLOG_OPEN "NOT " EXAM_PASSED("p.id")

/* ?1 year, ?3 scope value; by enum ceu_scope_kind. */
static const char *const backlog_sql[] = {
	BACKLOG_COLS "WHERE ?3 IS NULL AND " BACKLOG_OPEN " ORDER BY p.id",
	BACKLOG_COLS "WHERE p.unit_code = ?3 AND " BACKLOG_OPEN
	    " ORDER BY p.id",
	BACKLOG_COLS "JOIN unit u ON u.code = p.unit_code WHERE "
	    "u.city_code = ?3 AND " BACKLOG_OPEN " ORDER BY p.id",
	BACKLOG_COLS "JOIN unit u ON u.code = p.unit_code WHERE "
	    "u.industry = ?3 AND " BACKLOG_OPEN " ORDER BY p.id",
};

static int
backlog_year(struct ceu_db *db, int year, const struct ceu_scope *scope,
    struct ceu_backlog *b,
    int (*fn)(void *, const struct ceu_backlog *), void *ctx)
{
	sqlite3_stmt *st;
	int rc = CEU_OK, step;

	if ((st = ceu_db_stmt(db, backlog_sql[scope->kind])) == NULL)
		return db->code;
	bind_scope(st, year, scope);
	b->year = year;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		b->id_no = ceu_col_text(st, 0);
		b->name = ceu_col_text(st, 1);
		b->unit_code = ceu_col_text(st, 2);
		b->round = sqlite3_column_int(st, 3);
		b->attempts_used = sqlite3_column_int(st, 4);
		if ((rc = fn(ctx, b)) != 0)
			break;
	}
	if (rc == CEU_OK && step != SQLITE_DONE)
		rc = ceu_db_sqlfail(db, "backlog");
	sqlite3_reset(st);
	return rc;
}

int
ceu_report_backlog(struct ceu_db *db, int year,
    const struct ceu_scope *scope,
    int (*fn)(void *ctx, const struct ceu_backlog *row), void *ctx)
{
	struct ceu_policy pol;
	struct ceu_backlog b;
	int y, rc;

	if (scope->kind < 0 || (size_t)scope->kind >= NELEM(backlog_sql))
		return ceu_db_fail(db, CEU_EUSAGE, "unknown scope");
	if ((rc = ceu_policy_load(db, year, &pol)) != CEU_OK)
		return rc;
	memset(&b, 0, sizeof(b));
	/* R7: the years this year's own notice opens (none without one),
	 * due with this year's work. */
	b.deadline = pol.registration_deadline;
	for (y = pol.backfill_from; y != 0 && y <= pol.backfill_to; y++)
		if ((rc = backlog_year(db, y, scope, &b, fn, ctx)) != CEU_OK)
			return rc;
	return CEU_OK;
}

/* ---------------------------------------------------------------------
 * Output columns
 */

static const char *
yesno(int b)
{
	return b ? "yes" : "no";
}

/* The decimal text of n at buf; returns buf. */
static char *
number(long long n, char *buf)
{
	snprintf(buf, 24, "%lld", n);
	return buf;
}

#define VERDICT_COLS \
	{ "public_required_passed", CEU_COL_BOOL }, \
	{ "public_hours", CEU_COL_NUM }, { "professional_hours", CEU_COL_NUM }, \
	{ "total_hours", CEU_COL_NUM }, { "pending_hours", CEU_COL_NUM }, \
	{ "compliant", CEU_COL_BOOL }, \
	{ "professional_hours_needed", CEU_COL_NUM }, \
	{ "reason", CEU_COL_TEXT }

const struct ceu_out_col ceu_report_verdict_cols[] = { VERDICT_COLS };

/* Numbers at buf + 0 .. 120, a reason not in English from buf + 128. */
void
ceu_report_verdict_values(const struct ceu_year_hours *h,
    const struct ceu_verdict *v, int lang, const char **out, char *buf)
{
	out[0] = yesno(h->exam_passed);
	out[1] = ceu_hours_format(v->public_hours, buf);
	out[2] = ceu_hours_format(v->professional_hours, buf + 24);
	out[3] = ceu_hours_format(v->total_hours, buf + 48);
	out[4] = ceu_hours_format(h->pending, buf + 72);
	out[5] = yesno(v->compliant);
	out[6] = ceu_hours_format(v->professional_needed, buf + 96);
	out[7] = lang == CEU_LANG_EN ? v->reason : ceu_rules_reason(v, lang,
	    buf + 128, CEU_REPORT_BUFSIZE - 128);
}

const struct ceu_out_col ceu_report_compliance_cols[] = {
	{ "id_no", CEU_COL_TEXT }, { "name", CEU_COL_TEXT },
	{ "unit_code", CEU_COL_TEXT }, VERDICT_COLS
};

void
ceu_report_compliance_values(const struct ceu_report_person *p, int lang,
    const char **out, char *buf)
{
	out[0] = p->id_no;
	out[1] = p->name;
	out[2] = p->unit_code;
	ceu_report_verdict_values(&p->hours, &p->verdict, lang, out + 3,
	    buf);
}

#define SUMMARY_COUNTS { "persons", CEU_COL_NUM }, \
	{ "compliant", CEU_COL_NUM }, { "rate", CEU_COL_NUM }, \
	{ "exam_passed", CEU_COL_NUM }, { "pending_records", CEU_COL_NUM }, \
	{ "late_audits", CEU_COL_NUM }, { "certificates", CEU_COL_NUM }

const struct ceu_out_col *
ceu_report_summary_cols(int by)
{
	static const struct ceu_out_col cols[][CEU_REPORT_SUMMARY_NCOLS] = {
		{ { "unit_code", CEU_COL_TEXT }, SUMMARY_COUNTS },
		{ { "city_code", CEU_COL_TEXT }, SUMMARY_COUNTS },
		{ { "industry", CEU_COL_TEXT }, SUMMARY_COUNTS },
	};

	return by >= 0 && (size_t)by < NELEM(cols) ? cols[by] : NULL;
}

void
ceu_report_summary_values(const struct ceu_summary_row *s,
    const char **out, char *buf)
{
	out[0] = s->key;
	out[1] = number(s->persons, buf);
	out[2] = number(s->compliant, buf + 24);
	out[3] = ceu_report_rate(s->compliant, s->persons, buf + 48);
	out[4] = number(s->exam_passed, buf + 72);
	out[5] = number(s->pending_records, buf + 96);
	out[6] = number(s->late_audits, buf + 120);
	out[7] = number(s->certificates, buf + 144);
}

const struct ceu_out_col ceu_report_deadline_cols[] = {
	{ "what", CEU_COL_OF(CEU_ENUM_DUE) }, { "id_no", CEU_COL_TEXT },
	{ "unit_code", CEU_COL_TEXT }, { "year", CEU_COL_NUM },
	{ "deadline", CEU_COL_TEXT }, { "days_left", CEU_COL_NUM },
};

void
ceu_report_deadline_values(const struct ceu_deadline *d, const char **out,
    char *buf)
{
	out[0] = d->what;
	out[1] = d->id_no;
	out[2] = d->unit_code;
	out[3] = number(d->year, buf);
	out[4] = ceu_date_format(d->deadline, buf + 24);
	out[5] = number(d->days_left, buf + 48);
}

const struct ceu_out_col ceu_report_backlog_cols[] = {
	{ "id_no", CEU_COL_TEXT }, { "name", CEU_COL_TEXT },
	{ "unit_code", CEU_COL_TEXT }, { "year", CEU_COL_NUM },
	{ "round", CEU_COL_NUM }, { "attempts_used", CEU_COL_NUM },
	{ "deadline", CEU_COL_TEXT },
};

void
ceu_report_backlog_values(const struct ceu_backlog *b, const char **out,
    char *buf)
{
	out[0] = b->id_no;
	out[1] = b->name;
	out[2] = b->unit_code;
	out[3] = number(b->year, buf);
	out[4] = number(b->round, buf + 24);
	out[5] = number(b->attempts_used, buf + 48);
	out[6] = ceu_date_format(b->deadline, buf + 72);
}
