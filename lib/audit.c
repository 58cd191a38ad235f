/*
 * audit.c - the unit's audit (R11), the authorities' spot checks and
 * revocations (R15): decisions taken all or none, the pending list and
 * the sample.  See audit.h.
 *
 * Hours change status only through record.c (ceu_record_set_status,
 * ceu_record_revoke), the one door every status change goes through, so
 * that what hangs on a record (its journal row; a certificate's basis)
 * follows it in the same transaction.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "audit.h"
#include "ident.h"
#include "person.h"
#include "policy.h"
#include "seal.h"
#include "text.h"
#include "values.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------------
 * Decisions
 */

/* A copy of s without its surrounding blanks (text.h: U+3000 too), or
 * NULL when s is NULL or nothing is left. */
static char *
trim_dup(const char *s)
{
	const char *p, *end;
	size_t k;
	char *t;

	if (s == NULL)
		return NULL;
	while ((k = ceu_blank_len(s)) > 0)
		s += k;
	for (p = end = s; *p != '\0'; ) {
		if ((k = ceu_blank_len(p)) > 0)
			p += k;
		else
			end = ++p;
	}
	if (end == s)
		return NULL;
	t = ceu_malloc((size_t)(end - s) + 1);
	memcpy(t, s, (size_t)(end - s));
	t[end - s] = '\0';
	return t;
}

int
ceu_decision_parse(const char *s)
{
	char *t = trim_dup(s);
	int d = -1;

	if (t == NULL)
		d = CEU_DECISION_NONE;
	else if ((d = ceu_enum_parse(CEU_ENUM_DECISION, t)) >= 0)
		d++;	/* the table starts after CEU_DECISION_NONE */
	if (d == CEU_DECISION_REVOKE)
		d = -1;	/* R15: not a unit's decision */
	free(t);
	return d;
}

const char *
ceu_decision_name(int decision)
{
	const char *s = ceu_enum_name(CEU_ENUM_DECISION, decision - 1,
	    CEU_LANG_EN);

	return s != NULL ? s : "";
}

/* ---------------------------------------------------------------------
 * The items of a command
 */

void
ceu_audit_init(struct ceu_audit *a, struct ceu_db *db, const char *unit)
{
	memset(a, 0, sizeof(*a));
	a->db = db;
	a->unit = unit;
}

void
ceu_audit_free(struct ceu_audit *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->item[i].reason);
	free(a->item);
	a->item = NULL;
	a->n = a->cap = 0;
}

/* How grave a problem's code is: the gravest decides the exit status. */
static int
gravity(int code)
{
	switch (code) {
	case CEU_ESCOPE:	return 4;	/* R11: anywhere in the input */
	case CEU_EUSAGE:	return 3;
	case CEU_EDATA:		return 2;
	case CEU_EREFUSED:	return 1;
	default:		return 0;
	}
}

/* Tell a->report what is wrong with the item of a->line; returns code. */
static int
fail(struct ceu_audit *a, int code, const char *fmt, ...)
{
	struct ceu_audit_problem p;
	char msg[CEU_MSG_SIZE];
	va_list ap;

	va_start(ap, fmt);
	ceu_vmsg(msg, code, fmt, ap);
	va_end(ap);
	a->problems++;
	if (gravity(code) > gravity(a->worst))
		a->worst = code;
	p.line = a->line;
	p.code = code;
	p.msg = msg;
	if (a->report != NULL)
		a->report(a->report_ctx, &p);
	return code;
}

/* A record id: digits only, surrounding blanks allowed, above 0. */
static int
parse_record_id(const char *s, long long *id)
{
	char *t = trim_dup(s);
	size_t i, n = t ? strlen(t) : 0;
	int ok = n > 0 && n <= 18;

	for (i = 0; ok && i < n; i++)
		ok = t[i] >= '0' && t[i] <= '9';
	*id = ok ? strtoll(t, NULL, 10) : 0;
	free(t);
	return ok && *id > 0 ? 0 : -1;
}

int
ceu_audit_add(struct ceu_audit *a, long line, const char *record,
    int decision, const char *reason)
{
	struct ceu_audit_item *it;
	long long id;

	a->line = line;
	if (parse_record_id(record, &id) != 0)
		return fail(a, line ? CEU_EDATA : CEU_EUSAGE,
		    "invalid record id '%s'", record);
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 64;
		a->item = ceu_reallocarray(a->item, a->cap, sizeof(*a->item));
	}
	it = &a->item[a->n++];
	memset(it, 0, sizeof(*it));
	it->line = line;
	it->record_id = id;
	it->decision = decision;
	it->reason = trim_dup(reason);
	if (it->reason != NULL || decision == CEU_DECISION_NONE ||
	    decision == CEU_DECISION_APPROVE)
		return CEU_OK;
	/* A blank --reason is a usage error, a blank cell bad data. */
	it->bad = 1;
	if (decision == CEU_DECISION_REVOKE)
		return fail(a, line ? CEU_EDATA : CEU_EUSAGE, "record %lld: a "
		    "revocation needs a reason (R15)", id);
	return fail(a, line ? CEU_EDATA : CEU_EUSAGE, "record %lld: a "
	    "rejection needs a reason (R11)", id);
}

/* Field i of row, "" when the row is short or the column absent. */
static const char *
cell(const struct ceu_csv_row *row, int i)
{
	return i >= 0 && (size_t)i < row->nfield ? row->field[i] : "";
}

/* Whether every field of row is blank (Excel's trailing empty rows). */
static int
row_blank(const struct ceu_csv_row *row)
{
	char *t;
	size_t i;

	for (i = 0; i < row->nfield; i++) {
		if ((t = trim_dup(row->field[i])) != NULL) {
			free(t);
			return 0;
		}
	}
	return 1;
}

/* One data row of a decisions file. */
static void
read_row(struct ceu_audit *a, const struct ceu_csv_row *row, const int *map)
{
	const char *decision = cell(row, map[1]);
	int d;

	if (row_blank(row))
		return;
	if ((d = ceu_decision_parse(decision)) >= 0) {
		ceu_audit_add(a, row->line, cell(row, map[0]), d,
		    cell(row, map[2]));
		return;
	}
	a->line = row->line;
	fail(a, CEU_EDATA, "unknown decision '%s' (approve, reject, 通过 or "
	    "不通过)", decision);
	/* Still looked up: a record of another unit is R11's business
	 * whatever its line says. */
	if (ceu_audit_add(a, row->line, cell(row, map[0]), CEU_DECISION_NONE,
	    NULL) == CEU_OK)
		a->item[a->n - 1].bad = 1;
}

int
ceu_audit_read(struct ceu_audit *a, struct ceu_csv *csv)
{
	static const struct ceu_csv_col cols[] = {
		{ "record_id", "记录号|记录编号", 1 },
		{ "decision", "决定|审核决定|审核结果", 1 },
		{ "reason", "理由|原因|审核意见", 0 },
	};
	const struct ceu_csv_row *row;
	int map[NELEM(cols)], got;

	if ((got = ceu_csv_next(csv, &row)) == 0)
		return ceu_db_fail(a->db, CEU_EDATA, "no header row: the "
		    "columns record_id, decision and reason are needed");
	if (got == 1) {
		if (ceu_csv_map_header(row, cols, NELEM(cols), 1, map,
		    a->db->msg) != CEU_OK)
			return a->db->code = CEU_EDATA;
		while ((got = ceu_csv_next(csv, &row)) == 1)
			read_row(a, row, map);
	}
	if (got < 0)
		return ceu_db_fail(a->db, ceu_csv_code(csv), "%s",
		    ceu_csv_error(csv));
	return CEU_OK;
}

/* ---------------------------------------------------------------------
 * Checking the items against the archive
 */

/* What an item's record is. */
struct target {
	int found;
	int status;		/* enum ceu_status */
	int year;
	int deadline;		/* R11: the audit deadline of year */
	char unit[CEU_ID_LEN + 1];
};

/* An item's record id and its place, sorted to find repetitions. */
struct pair {
	long long id;
	size_t i;
};

static int
pair_cmp(const void *x, const void *y)
{
	const struct pair *a = x, *b = y;

	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* The same record named twice in one input is an error: mark every
 * repetition with where the record was named first. */
static void
mark_twice(struct ceu_audit *a)
{
	struct pair *p;
	size_t i;

	p = ceu_reallocarray(NULL, a->n ? a->n : 1, sizeof(*p));
	for (i = 0; i < a->n; i++)
		p[i] = (struct pair){ a->item[i].record_id, i };
	qsort(p, a->n, sizeof(*p), pair_cmp);
	for (i = 1; i < a->n; i++) {
		struct ceu_audit_item *first = &a->item[p[i - 1].i];

		if (p[i].id == p[i - 1].id)
			a->item[p[i].i].twice = first->twice ? first->twice :
			    first->line + 1;
	}
	free(p);
}

/* R11: the audit deadline of year, from the policy (cached). */
static int
audit_deadline(struct ceu_audit *a, int year, int *deadline)
{
	struct ceu_policy pol;
	int i, rc;

	for (i = 0; i < a->ndeadlines; i++)
		if (a->years[i] == year) {
			*deadline = a->deadlines[i];
			return CEU_OK;
		}
	if ((rc = ceu_policy_load(a->db, year, &pol)) != CEU_OK)
		return rc;
	*deadline = pol.audit_deadline;
	if ((size_t)a->ndeadlines < NELEM(a->years)) {
		a->years[a->ndeadlines] = year;
		a->deadlines[a->ndeadlines++] = *deadline;
	}
	return CEU_OK;
}

static int
look_up(struct ceu_audit *a, long long id, struct target *t)
{
	static const char sql[] = "SELECT r.status, r.year, p.unit_code "
	    "FROM record r JOIN person p ON p.id = r.person_id "
	    "WHERE r.id = ?1";
	sqlite3_stmt *st = ceu_db_stmt(a->db, sql);
	int rc;

	memset(t, 0, sizeof(*t));
	if (st == NULL)
		return a->db->code;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		t->found = 1;
		t->status = ceu_status_parse(ceu_col_text(st, 0));
		t->year = sqlite3_column_int(st, 1);
		snprintf(t->unit, sizeof(t->unit), "%s", ceu_col_text(st, 2));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ceu_db_sqlfail(a->db, "record");
	return t->found ? audit_deadline(a, t->year, &t->deadline) : CEU_OK;
}

/* A record that is missing or in the wrong state: a bad line of a file
 * (65), or a refusal of an operand (1). */
static int
refusal(const struct ceu_audit_item *it)
{
	return it->line > 0 ? CEU_EDATA : CEU_EREFUSED;
}

/* R11: a decision after the audit deadline needs --late; it is marked. */
static int
check_deadline(struct ceu_audit *a, struct ceu_audit_item *it,
    const struct target *t)
{
	char d[11];

	if (a->db->today <= t->deadline)
		return CEU_OK;
	if (!a->late)
		return fail(a, CEU_EREFUSED, "record %lld: the audit of %d "
		    "closed on %s; a decision now needs --late --reason (R11)",
		    it->record_id, t->year, ceu_date_format(t->deadline, d));
	it->late = 1;
	return CEU_OK;
}

/* Whether it may be decided on t; a problem is told and returned. */
static int
check_target(struct ceu_audit *a, struct ceu_audit_item *it,
    const struct target *t)
{
	long long id = it->record_id;

	if (!t->found)
		return fail(a, refusal(it), "no record %lld", id);
	/* R11: a unit audits its own people only.  The record is named;
	 * whose it is, and its state, are none of this unit's business. */
	if (a->unit != NULL && strcmp(t->unit, a->unit) != 0)
		return fail(a, CEU_ESCOPE, "record %lld is not of a person of "
		    "unit %s: a unit audits its own people only (R11)", id,
		    a->unit);
	if (it->twice > 1)
		return fail(a, CEU_EDATA, "record %lld is named twice (first "
		    "on line %ld)", id, it->twice - 1);
	if (it->twice)
		return fail(a, CEU_EDATA, "record %lld is named twice", id);
	if (it->bad || it->decision == CEU_DECISION_NONE)
		return CEU_OK;
	if (it->decision == CEU_DECISION_REVOKE)
		return t->status == CEU_APPROVED ? CEU_OK : fail(a,
		    refusal(it), "record %lld is %s, not approved: only an "
		    "approved record is revoked (R15)", id,
		    ceu_tr_word(ceu_status_name(t->status)));
	if (t->status != CEU_PENDING)
		return fail(a, refusal(it), "record %lld is %s, not pending: "
		    "only a pending record is audited (R11)", id,
		    ceu_tr_word(ceu_status_name(t->status)));
	return check_deadline(a, it, t);
}

/* ---------------------------------------------------------------------
 * Writing the decisions
 */

/* The reason written for it: its own, and for a late decision why it is
 * late (R11).  Free it; NULL when there is none. */
static char *
written_reason(const struct ceu_audit *a, const struct ceu_audit_item *it)
{
	const char *r = it->reason, *l = it->late ? a->late_reason : NULL;
	size_t size;
	char *s;

	if (l == NULL || *l == '\0' || (r != NULL && strcmp(r, l) == 0))
		return r != NULL ? ceu_strdup(r) : NULL;
	if (r == NULL)
		return ceu_strdup(l);
	size = strlen(r) + strlen(l) + 16;
	s = ceu_malloc(size);
	snprintf(s, size, "%s (late: %s)", r, l);
	return s;
}

/* The audit table keeps every decision, revocations included. */
static int
insert_audit(struct ceu_audit *a, const struct ceu_audit_item *it,
    const char *reason)
{
	static const char sql[] = "INSERT INTO audit(record_id, decision, "
	    "reason, late, actor, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	sqlite3_stmt *st = ceu_db_stmt(a->db, sql);
	int rc;

	if (st == NULL)
		return a->db->code;
	sqlite3_bind_int64(st, 1, it->record_id);
	sqlite3_bind_text(st, 2, ceu_decision_name(it->decision), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, it->late);
	sqlite3_bind_text(st, 5, a->db->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, a->db->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(a->db, "audit");
	/* R16: the decision is sealed like every row. */
	return ceu_seal_row(a->db, CEU_SEAL_AUDIT,
	    sqlite3_last_insert_rowid(a->db->sql));
}

/* One decision: its audit row, then the record's status (R16: the
 * journal row is record.c's). */
static int
apply_item(struct ceu_audit *a, const struct ceu_audit_item *it)
{
	char *why;
	int rc;

	if (it->decision == CEU_DECISION_NONE) {
		a->left++;
		return CEU_OK;
	}
	why = written_reason(a, it);
	if ((rc = insert_audit(a, it, why)) == CEU_OK) {
		if (it->decision == CEU_DECISION_REVOKE)
			rc = ceu_record_revoke(a->db, it->record_id, why);
		else
			rc = ceu_record_set_status(a->db, it->record_id,
			    it->decision == CEU_DECISION_APPROVE ?
			    CEU_APPROVED : CEU_REJECTED, why, it->late);
	}
	free(why);
	a->approved += it->decision == CEU_DECISION_APPROVE;
	a->rejected += it->decision == CEU_DECISION_REJECT;
	a->revoked += it->decision == CEU_DECISION_REVOKE;
	a->late_count += it->late;
	return rc;
}

int
ceu_audit_run(struct ceu_audit *a)
{
	struct target t;
	size_t i;
	int rc;

	mark_twice(a);
	for (i = 0; i < a->n; i++) {
		if ((rc = look_up(a, a->item[i].record_id, &t)) != CEU_OK)
			return rc;
		a->line = a->item[i].line;
		check_target(a, &a->item[i], &t);
	}
	if (a->problems > 0)
		return ceu_db_fail(a->db, a->worst, "nothing was applied "
		    "(errors: %ld)", a->problems);
	for (i = 0; i < a->n; i++)
		if ((rc = apply_item(a, &a->item[i])) != CEU_OK)
			return rc;
	return CEU_OK;
}

/* ---------------------------------------------------------------------
 * The pending list (R11)
 */

const struct ceu_out_col *
ceu_audit_pending_cols(void)
{
	static struct ceu_out_col cols[CEU_AUDIT_PENDING_NCOLS];

	if (cols[0].name == NULL) {
		memcpy(cols, ceu_record_cols,
		    CEU_RECORD_NCOLS * sizeof(cols[0]));
		cols[CEU_RECORD_NCOLS].name = "decision";
		cols[CEU_RECORD_NCOLS].type = CEU_COL_OF(CEU_ENUM_DECISION);
		cols[CEU_RECORD_NCOLS + 1].name = "reason";
		cols[CEU_RECORD_NCOLS + 1].type = CEU_COL_TEXT;
	}
	return cols;
}

int
ceu_audit_pending(struct ceu_db *db, const char *unit, int year,
    int (*fn)(void *ctx, const struct ceu_record_row *row), void *ctx)
{
	struct ceu_record_filter f = { NULL, unit, year, CEU_PENDING };

	return ceu_records_each(db, &f, fn, ctx);
}

int
ceu_audit_unit_check(struct ceu_db *db, const char *unit)
{
	int found = 0, rc;

	if ((rc = ceu_unit_find(db, unit, &found, NULL)) != CEU_OK)
		return rc;
	return found ? CEU_OK : ceu_db_fail(db, CEU_EREFUSED, "no unit %s "
	    "on the register", unit);
}

/* ---------------------------------------------------------------------
 * Spot checks (R15): a reproducible, stratified sample
 */

int
ceu_audit_rate_parse(const char *s, long *rate)
{
	long v = 0;
	int whole = 0, frac = -1;

	for (; *s != '\0'; s++) {
		if (*s == '.' && frac < 0 && whole > 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || frac == 2 || whole > 3)
			return -1;
		v = v * 10 + (*s - '0');
		if (frac >= 0)
			frac++;
		else
			whole++;
	}
	if (whole == 0 || frac == 0)
		return -1;
	v *= frac < 0 ? 100 : frac == 1 ? 10 : 1;
	if (v < 1 || v > 10000)
		return -1;
	*rate = v;
	return 0;
}

/* splitmix64's finaliser: every bit of x moves every bit of the result. */
static uint64_t
mix64(uint64_t x)
{
	x += 0x9E3779B97F4A7C15u;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
	return x ^ (x >> 31);
}

uint64_t
ceu_audit_rank(uint64_t seed, uint64_t id)
{
	return mix64(seed ^ mix64(id));
}

/* FNV-1a of a unit's code: its id for ceu_audit_rank. */
static uint64_t
code_id(const char *code)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *code != '\0'; code++)
		h = (h ^ (unsigned char)*code) * 0x100000001b3u;
	return h;
}

/* A place in an order: by key, then by i (an index, or a record id). */
struct order {
	uint64_t key;
	size_t i;
};

static int
order_cmp(const void *x, const void *y)
{
	const struct order *a = x, *b = y;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* Fewer draws than units: one each for the lowest ranks. */
static void
allocate_few(const long *n, const uint64_t *rank, size_t units, long long K,
    long *k)
{
	struct order *o = ceu_reallocarray(NULL, units, sizeof(*o));
	size_t i, m = 0;

	for (i = 0; i < units; i++)
		if (n[i] > 0)
			o[m++] = (struct order){ rank[i], i };
	qsort(o, m, sizeof(*o), order_cmp);
	for (i = 0; i < m && (long long)i < K; i++)
		k[o[i].i] = 1;
	free(o);
}

/* One each, the rest R in proportion to n[i] - 1 of a total of rest. */
static void
allocate_share(const long *n, size_t units, long long R, long long rest,
    long *k)
{
	struct order *o = ceu_reallocarray(NULL, units, sizeof(*o));
	long long given = 0, q;
	size_t i;

	for (i = 0; i < units; i++) {
		k[i] = n[i] > 0;
		q = rest > 0 && n[i] > 0 ? R * (n[i] - 1) : 0;
		k[i] += (long)(rest > 0 ? q / rest : 0);
		given += rest > 0 ? q / rest : 0;
		/* Largest remainder first, the earlier unit on a tie. */
		o[i] = (struct order){ UINT64_MAX - (uint64_t)(rest > 0 ?
		    q % rest : 0), i };
	}
	qsort(o, units, sizeof(*o), order_cmp);
	for (i = 0; i < units && given < R; i++)
		if (n[o[i].i] > k[o[i].i]) {
			k[o[i].i]++;
			given++;
		}
	free(o);
}

void
ceu_audit_allocate(const long *n, const uint64_t *rank, size_t units,
    long rate, long *k)
{
	long long total = 0, K;
	size_t i, with = 0;

	for (i = 0; i < units; i++) {
		k[i] = 0;
		total += n[i];
		with += n[i] > 0;
	}
	K = (total * rate + 9999) / 10000;
	if (K == 0)
		return;
	if (K < (long long)with)
		allocate_few(n, rank, units, K, k);
	else
		allocate_share(n, units, K - (long long)with,
		    total - (long long)with, k);
}

/* The units of a sample's scope, with their approved records. */
struct sample_unit {
	char code[CEU_ID_LEN + 1];
	long n, k;
};

struct sample_units {
	struct sample_unit *u;
	size_t n, cap;
};

/* The units of scope, in code order. */
static int
scope_units(struct ceu_db *db, const struct ceu_scope *scope,
    struct sample_units *su)
{
	static const char sql[] = "SELECT code FROM unit WHERE "
	    "(?1 IS NULL OR code = ?1) AND (?2 IS NULL OR city_code = ?2) "
	    "AND (?3 IS NULL OR industry = ?3) ORDER BY code";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	if (scope->kind != CEU_SCOPE_ALL)
		sqlite3_bind_text(st, scope->kind == CEU_SCOPE_UNIT ? 1 :
		    scope->kind == CEU_SCOPE_CITY ? 2 : 3, scope->value, -1,
		    SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (su->n == su->cap) {
			su->cap = su->cap ? 2 * su->cap : 64;
			su->u = ceu_reallocarray(su->u, su->cap,
			    sizeof(*su->u));
		}
		memset(&su->u[su->n], 0, sizeof(su->u[0]));
		snprintf(su->u[su->n++].code, CEU_ID_LEN + 1, "%s",
		    ceu_col_text(st, 0));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? CEU_OK : ceu_db_sqlfail(db, "unit");
}

/* A unit's approved records (status_code 1) of a year, a seek a person
 * in the index every report reads. */
#define UNIT_APPROVED "FROM person p CROSS JOIN record r " \
	"INDEXED BY record_year_person ON r.year = ?1 AND " \
	"r.person_id = p.id WHERE p.unit_code = ?2 AND r.status_code = 1"

static int
count_approved(struct ceu_db *db, int year, struct sample_unit *u)
{
	static const char sql[] = "SELECT count(*) " UNIT_APPROVED;
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, u->code, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		u->n = (long)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? CEU_OK : ceu_db_sqlfail(db, "record");
}

/* The sample's record ids of one unit, ascending. */
struct drawn {
	long long *id;
	size_t n;
	int (*fn)(void *, const struct ceu_record_row *);
	void *ctx;
};

static int
id_cmp(const void *x, const void *y)
{
	const long long *a = x, *b = y;

	return *a < *b ? -1 : *a > *b;
}

/* Rank every approved record of u, keep the u->k lowest. */
static int
draw_ids(struct ceu_db *db, const struct ceu_sample *s,
    const struct sample_unit *u, struct drawn *d)
{
	static const char sql[] = "SELECT r.id " UNIT_APPROVED;
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	struct order *o = NULL;
	size_t n = 0, cap = 0, i;
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int(st, 1, s->year);
	sqlite3_bind_text(st, 2, u->code, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			o = ceu_reallocarray(o, cap, sizeof(*o));
		}
		o[n].i = (size_t)sqlite3_column_int64(st, 0);
		o[n].key = ceu_audit_rank(s->seed, o[n].i);
		n++;
	}
	sqlite3_reset(st);
	if (n > 1)
		qsort(o, n, sizeof(*o), order_cmp);
	d->n = n < (size_t)u->k ? n : (size_t)u->k;
	d->id = ceu_reallocarray(NULL, d->n ? d->n : 1, sizeof(*d->id));
	for (i = 0; i < d->n; i++)
		d->id[i] = (long long)o[i].i;
	qsort(d->id, d->n, sizeof(*d->id), id_cmp);
	free(o);
	return rc == SQLITE_DONE ? CEU_OK : ceu_db_sqlfail(db, "record");
}

/* A row of the unit's listing: passed on when it was drawn. */
static int
drawn_row(void *ctx, const struct ceu_record_row *row)
{
	struct drawn *d = ctx;

	if (bsearch(&row->id, d->id, d->n, sizeof(*d->id), id_cmp) == NULL)
		return 0;
	return d->fn(d->ctx, row);
}

static int
sample_unit(struct ceu_db *db, const struct ceu_sample *s,
    const struct sample_unit *u, struct drawn *d)
{
	struct ceu_record_filter f = { NULL, u->code, s->year, CEU_APPROVED };
	int rc;

	if ((rc = draw_ids(db, s, u, d)) == CEU_OK && d->n > 0)
		rc = ceu_records_each(db, &f, drawn_row, d);
	free(d->id);
	d->id = NULL;
	return rc;
}

/* Count each unit's records and allocate the draws. */
static int
allocate_units(struct ceu_db *db, const struct ceu_sample *s,
    struct sample_units *su)
{
	long *n = ceu_reallocarray(NULL, su->n + 1, sizeof(*n));
	long *k = ceu_reallocarray(NULL, su->n + 1, sizeof(*k));
	uint64_t *rank = ceu_reallocarray(NULL, su->n + 1, sizeof(*rank));
	size_t i;
	int rc = CEU_OK;

	for (i = 0; i < su->n && rc == CEU_OK; i++) {
		rc = count_approved(db, s->year, &su->u[i]);
		n[i] = su->u[i].n;
		rank[i] = ceu_audit_rank(s->seed, code_id(su->u[i].code));
	}
	if (rc == CEU_OK)
		ceu_audit_allocate(n, rank, su->n, s->rate, k);
	for (i = 0; rc == CEU_OK && i < su->n; i++)
		su->u[i].k = k[i];
	free(n);
	free(k);
	free(rank);
	return rc;
}

int
ceu_audit_sample(struct ceu_db *db, const struct ceu_sample *s,
    int (*fn)(void *ctx, const struct ceu_record_row *row), void *ctx)
{
	struct sample_units su = { NULL, 0, 0 };
	struct drawn d = { NULL, 0, fn, ctx };
	size_t i;
	int rc;

	if ((rc = scope_units(db, &s->scope, &su)) == CEU_OK)
		rc = allocate_units(db, s, &su);
	for (i = 0; rc == CEU_OK && i < su.n; i++)
		if (su.u[i].k > 0)
			rc = sample_unit(db, s, &su.u[i], &d);
	free(su.u);
	return rc;
}
