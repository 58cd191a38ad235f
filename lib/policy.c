/*
 * policy.c - the per-year policy table (policy.h): the numbers in force
 * for a year, and their changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "journal.h"
#include "seal.h"
#include "policy.h"
#include "values.h"

const char *const ceu_policy_keys[] = {
	"total_hours", "professional_share", "public_required_study_hours",
	"public_required_exam_hours", "exam_attempts_per_round",
	"exam_pass_score", "registration_deadline", "audit_deadline",
	"public_required_theme", "max_record_hours",
	"professional_share_basis", "backfill_from", "backfill_to", NULL
};

/* R7: the keys a year has only from a row of its own: a notice grants
 * back-fill for earlier years, and a later year without a notice grants
 * none.  Every other key is required, from the year or an earlier one. */
#define OWN_KEYS "'backfill_from', 'backfill_to'"

static int
own_key(const char *key)
{
	return strcmp(key, "backfill_from") == 0 ||
	    strcmp(key, "backfill_to") == 0;
}

/* The notice of 2023 (RULES "Policy defaults"): the rows ceu init writes. */
const char *const ceu_policy_2023[][2] = {
	{ "total_hours", "90" },
	{ "professional_share", "2/3" },
	{ "public_required_study_hours", "10" },
	{ "public_required_exam_hours", "5" },
	{ "exam_attempts_per_round", "3" },
	{ "exam_pass_score", "60" },
	{ "registration_deadline", "YYYY-12-31" },
	{ "audit_deadline", "(YYYY+1)-01-31" },
	{ "backfill_from", "2020" },
	{ "backfill_to", "2022" },
	{ "max_record_hours", "90" },
	{ "professional_share_basis", "actual" },
	{ "public_required_theme", "习近平总书记关于人才工作的重要论述" },
	{ NULL, NULL }
};

/* A whole number in [lo, hi]. */
static int
parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	if (*s == '\0')
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* "2/3" with 0 < num < den. */
static int
parse_share(const char *s, int *num, int *den)
{
	int n, d;
	char tail;

	if (sscanf(s, "%d/%d%c", &n, &d, &tail) != 2 || n <= 0 || d <= n ||
	    d > 1000)
		return -1;
	*num = n;
	*den = d;
	return 0;
}

/* R2: "actual" (2/3 of the person's total) or "required" (of
 * total_hours). */
static int
parse_basis(const char *s, int *basis)
{
	if (strcmp(s, "actual") == 0)
		*basis = CEU_BASIS_ACTUAL;
	else if (strcmp(s, "required") == 0)
		*basis = CEU_BASIS_REQUIRED;
	else
		return -1;
	return 0;
}

/* A deadline template "YYYY-MM-DD" or "(YYYY+n)-MM-DD": *add is n and
 * *rest "-MM-DD"; 0, or -1 when value is no template. */
static int
deadline_template(const char *value, int *add, const char **rest)
{
	*add = 0;
	if (strncmp(value, "YYYY-", 5) == 0)
		*rest = value + 4;
	else if (strncmp(value, "(YYYY+", 6) == 0 && value[6] >= '0' &&
	    value[6] <= '9' && value[7] == ')') {
		*add = value[6] - '0';
		*rest = value + 8;
	} else
		return -1;
	return strlen(*rest) == 6 ? 0 : -1;
}

int
ceu_policy_deadline(const char *value, int year, int *ymd)
{
	const char *rest;
	char buf[16];
	int add;

	if (strncmp(value, "YYYY", 4) != 0 && strncmp(value, "(YYYY", 5) != 0)
		return ceu_date_parse(value, ymd);
	if (deadline_template(value, &add, &rest) != 0)
		return -1;
	snprintf(buf, sizeof(buf), "%04d%s", year + add, rest);
	return ceu_date_parse(buf, ymd);
}

/* A deadline a row may hold: a template is inherited by later years, so
 * its day must exist in every year (not 02-29: YYYY-02-29 would fail
 * every year that is not a leap year); a plain date is for its year. */
static int
deadline_ok(const char *value)
{
	const char *rest;
	char buf[16];
	int add, ymd;

	if (deadline_template(value, &add, &rest) != 0)
		return ceu_date_parse(value, &ymd);
	snprintf(buf, sizeof(buf), "2001%s", rest);	/* not a leap year */
	return ceu_date_parse(buf, &ymd);
}

/* Store one checked value into p. */
static int
apply(struct ceu_policy *p, const char *key, const char *v)
{
	long tenths;

	if (strcmp(key, "total_hours") == 0)
		return ceu_hours_parse(v, &p->total_hours);
	if (strcmp(key, "professional_share") == 0)
		return parse_share(v, &p->share_num, &p->share_den);
	if (strcmp(key, "public_required_study_hours") == 0)
		return ceu_hours_parse(v, &p->study_hours);
	if (strcmp(key, "public_required_exam_hours") == 0)
		return ceu_hours_parse(v, &p->exam_hours);
	if (strcmp(key, "exam_attempts_per_round") == 0)
		return parse_int(v, 1, 99, &p->attempts);
	if (strcmp(key, "exam_pass_score") == 0) {
		if (ceu_hours_parse(v, &tenths) != 0 || tenths > 1000)
			return -1;
		p->pass_score = (int)tenths;
		return 0;
	}
	if (strcmp(key, "registration_deadline") == 0)
		return deadline_ok(v) ? -1 : ceu_policy_deadline(v, p->year,
		    &p->registration_deadline);
	if (strcmp(key, "audit_deadline") == 0)
		return deadline_ok(v) ? -1 : ceu_policy_deadline(v, p->year,
		    &p->audit_deadline);
	if (strcmp(key, "backfill_from") == 0)
		return parse_int(v, 1900, 2999, &p->backfill_from);
	if (strcmp(key, "backfill_to") == 0)
		return parse_int(v, 1900, 2999, &p->backfill_to);
	if (strcmp(key, "max_record_hours") == 0)
		return ceu_hours_parse(v, &p->max_record_hours);
	if (strcmp(key, "professional_share_basis") == 0)
		return parse_basis(v, &p->share_basis);
	if (strcmp(key, "public_required_theme") == 0) {
		if (*v == '\0' || strlen(v) >= sizeof(p->theme))
			return -1;
		snprintf(p->theme, sizeof(p->theme), "%s", v);
		return 0;
	}
	return -2;
}

/* Check key = value for a row of year (0: any year). */
static int
check_value(struct ceu_db *db, int year, const char *key, const char *value)
{
	struct ceu_policy p;
	int ymd, rc;

	memset(&p, 0, sizeof(p));
	p.year = year ? year : 2001;
	rc = apply(&p, key, value);
	if (rc == -2)
		return ceu_db_fail(db, CEU_EDATA, "unknown policy key '%s'",
		    key);
	if (rc != 0)
		return ceu_db_fail(db, CEU_EDATA, "invalid value '%s' for "
		    "policy key '%s'", value, key);
	if (year == 0)
		return CEU_OK;
	/* R7: a notice grants back-fill of years before its own. */
	if (own_key(key) && atoi(value) >= year)
		return ceu_db_fail(db, CEU_EDATA, "policy %d: %s %s is not "
		    "before %d; a year's notice grants back-fill of earlier "
		    "years (R7)", year, key, value, year);
	/* A plain date is the deadline of its own year, not an earlier. */
	if (strstr(key, "deadline") != NULL &&
	    ceu_date_parse(value, &ymd) == 0 && ymd / 10000 < year)
		return ceu_db_fail(db, CEU_EDATA, "policy %d: %s %s is before "
		    "%d begins", year, key, value, year);
	return CEU_OK;
}

int
ceu_policy_check(struct ceu_db *db, const char *key, const char *value)
{
	return check_value(db, 0, key, value);
}

/* Per key: the nearest year at or before, else the earliest; the R7 keys
 * only from the year's own row (policy.h). */
#define IN_FORCE_SQL "SELECT key, value, year FROM policy AS a " \
	"WHERE year = CASE WHEN key IN (" OWN_KEYS ") THEN ?1 ELSE coalesce(" \
	" (SELECT max(year) FROM policy b WHERE b.key = a.key " \
	"  AND b.year <= ?1)," \
	" (SELECT min(year) FROM policy b WHERE b.key = a.key)) END " \
	"ORDER BY key"

int
ceu_policy_each(struct ceu_db *db, int year,
    int (*fn)(void *ctx, int year, const char *key, const char *value,
    int from_year), void *ctx)
{
	static const char sql[] = IN_FORCE_SQL;
	sqlite3_stmt *st;
	int rc = SQLITE_DONE, stop = 0;

	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	sqlite3_bind_int(st, 1, year);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
		stop = fn(ctx, year, ceu_col_text(st, 0), ceu_col_text(st, 1),
		    sqlite3_column_int(st, 2));
	sqlite3_reset(st);
	if (!stop && rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "policy");
	return CEU_OK;
}

/* What the keys of one year must say together: a registration deadline
 * in or after the year, the audit after it (R11), and back-fill (R7) as
 * a pair of earlier years, from <= to. */
static int
check_together(struct ceu_db *db, const struct ceu_policy *p)
{
	char d[11], e[11];

	if (p->registration_deadline / 10000 < p->year)
		return ceu_db_fail(db, CEU_EDATA, "policy %d: "
		    "registration_deadline %s is before %d begins", p->year,
		    ceu_date_format(p->registration_deadline, d), p->year);
	if (p->audit_deadline < p->registration_deadline)
		return ceu_db_fail(db, CEU_EDATA, "policy %d: audit_deadline %s "
		    "is before registration_deadline %s (R11)", p->year,
		    ceu_date_format(p->audit_deadline, d),
		    ceu_date_format(p->registration_deadline, e));
	if ((p->backfill_from == 0) != (p->backfill_to == 0))
		return ceu_db_fail(db, CEU_EDATA, "policy %d: backfill_from and "
		    "backfill_to go together (R7)", p->year);
	if (p->backfill_from > p->backfill_to ||
	    (p->backfill_to != 0 && p->backfill_to >= p->year))
		return ceu_db_fail(db, CEU_EDATA, "policy %d: back-fill %d-%d "
		    "is not a span of years before %d (R7)", p->year,
		    p->backfill_from, p->backfill_to, p->year);
	return CEU_OK;
}

/*
 * The years loaded in the open transaction: a bulk load asks for its
 * year's policy once a row, and the table cannot change under a
 * transaction but by this connection, which forgets them when it sets a
 * value (put_value) and when the transaction ends (db.c).
 */
#define MEMO_YEARS 8
struct ceu_policy_memo {
	int n;
	struct ceu_policy p[MEMO_YEARS];
};

static const struct ceu_policy *
memo_find(const struct ceu_db *db, int year)
{
	const struct ceu_policy_memo *m = db->policy_memo;

	for (int i = 0; m != NULL && i < m->n && i < MEMO_YEARS; i++)
		if (m->p[i].year == year)
			return &m->p[i];
	return NULL;
}

static void
memo_keep(struct ceu_db *db, const struct ceu_policy *p)
{
	struct ceu_policy_memo *m = db->policy_memo;

	if (db->depth == 0)
		return;
	if (m == NULL)
		m = db->policy_memo = ceu_calloc(1, sizeof(*m));
	m->p[m->n++ % MEMO_YEARS] = *p;
}

static void
memo_forget(struct ceu_db *db)
{
	free(db->policy_memo);
	db->policy_memo = NULL;
}

static int load_year(struct ceu_db *, int, struct ceu_policy *);

int
ceu_policy_load(struct ceu_db *db, int year, struct ceu_policy *p)
{
	const struct ceu_policy *m;
	int rc;

	if (db->depth > 0 && (m = memo_find(db, year)) != NULL) {
		*p = *m;
		return CEU_OK;
	}
	if ((rc = load_year(db, year, p)) == CEU_OK)
		memo_keep(db, p);
	return rc;
}

static int
load_year(struct ceu_db *db, int year, struct ceu_policy *p)
{
	static const char sql[] = IN_FORCE_SQL;
	unsigned seen = 0;
	sqlite3_stmt *st;
	int i, rc;

	memset(p, 0, sizeof(*p));
	p->year = year;
	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	sqlite3_bind_int(st, 1, year);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = ceu_col_text(st, 0);
		const char *value = ceu_col_text(st, 1);

		for (i = 0; ceu_policy_keys[i]; i++)
			if (strcmp(key, ceu_policy_keys[i]) == 0)
				seen |= 1u << i;
		if (apply(p, key, value) == -1) {
			/* The message first: reset frees key and value. */
			ceu_db_fail(db, CEU_EDATA, "policy %d: invalid value "
			    "'%s' for '%s' (from %d)", year, value, key,
			    sqlite3_column_int(st, 2));
			sqlite3_reset(st);
			return db->code;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "policy");
	for (i = 0; ceu_policy_keys[i]; i++) {
		if (!(seen & (1u << i)) && !own_key(ceu_policy_keys[i]))
			return ceu_db_fail(db, CEU_EDATA, "policy %d: no value "
			    "for '%s'", year, ceu_policy_keys[i]);
	}
	return check_together(db, p);
}

/* The value of year's own key into *value (sqlite3_free it), NULL when
 * the year has none. */
static int
own_value(struct ceu_db *db, int year, const char *key, char **value)
{
	static const char sql[] = "SELECT value FROM policy WHERE year = ?1 "
	    "AND key = ?2";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	*value = NULL;
	if (st == NULL)
		return db->code;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*value = sqlite3_mprintf("%s", ceu_col_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "policy");
	return CEU_OK;
}

/* {"value": value} for the journal, or NULL for NULL (sqlite3_free it). */
static char *
value_json(struct ceu_db *db, const char *value)
{
	static const char sql[] = "SELECT json_object('value', ?1)";
	sqlite3_stmt *st;

	if (value == NULL || (st = ceu_db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
	return ceu_db_row_text(st);
}

/* Store year's key, sealed, and journal the change from before (NULL:
 * none). */
static int
put_value(struct ceu_db *db, int year, const char *key, const char *value,
    const char *before)
{
	static const char sql[] = "INSERT INTO policy(year, key, value) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT (year, key) DO UPDATE SET "
	    "value = excluded.value RETURNING rowid";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	char id[96], *b, *a;
	long long rowid = 0;
	int rc;

	if (st == NULL)
		return db->code;
	memo_forget(db);
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, value, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rowid = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "policy");
	if (ceu_seal_row(db, CEU_SEAL_POLICY, rowid) != CEU_OK)
		return db->code;
	/* R16: the numbers of the rules are journaled on every change. */
	snprintf(id, sizeof(id), "%d:%s", year, key);
	b = value_json(db, before);
	a = value_json(db, value);
	rc = ceu_journal_append(db, before ? "update" : "add", "policy", id,
	    b, a, NULL);
	sqlite3_free(b);
	sqlite3_free(a);
	return rc;
}

int
ceu_policy_set(struct ceu_db *db, int year, const char *key,
    const char *value, int *what)
{
	char *before;
	int rc;

	if ((rc = check_value(db, year, key, value)) != CEU_OK ||
	    (rc = own_value(db, year, key, &before)) != CEU_OK)
		return rc;
	if (before != NULL && strcmp(before, value) == 0)
		*what = CEU_UNCHANGED;
	else if ((rc = put_value(db, year, key, value, before)) == CEU_OK)
		*what = before != NULL ? CEU_UPDATED : CEU_ADDED;
	sqlite3_free(before);
	return rc;
}
