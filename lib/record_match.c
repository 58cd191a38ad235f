/*
 * record_match.c - R10, one activity counted once: the activity keys of
 * a record, the record that holds an activity, the same route sending it
 * again or saying otherwise, and across routes by title and date (own
 * registrations that the archive holds already, or that a roster or
 * integrated record replaces or duplicates).
 *
 * The public half (keys, holder, refusal, conflict) is declared in
 * record.h; the steps of ceu_record_add_many and ceu_record_add that
 * decide R10 are for record.c, in record_match.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "journal.h"
#include "record.h"
#include "record_chunk.h"
#include "record_match.h"
#include "seal.h"
#include "text.h"
#include "values.h"

/* ---- activity keys ---- */

/* The folded title of a key is the whole title (R10: never cut). */
#define TITLE_KEY_MAX (CEU_TEXT_TITLE_MAX + 1)

void
ceu_record_title_key(const struct ceu_record *r, char *key, size_t size)
{
	char date[11];
	size_t n;

	/* By hand, not snprintf: a bulk load makes one a row. */
	if (size < 5 + TITLE_KEY_MAX + 1 + sizeof(date)) {
		*key = '\0';
		return;
	}
	memcpy(key, "self:", 5);
	ceu_fold_blanks(r->title, key + 5, TITLE_KEY_MAX);
	n = 5 + strlen(key + 5);
	key[n++] = '|';
	memcpy(key + n, ceu_date_format(r->date, date), sizeof(date));
}

void
ceu_record_key(const struct ceu_record *r, char *key, size_t size)
{
	/* R10: a filed class is one activity whatever route brings it. */
	if (r->filing_no != NULL && *r->filing_no != '\0')
		snprintf(key, size, "filing:%s", r->filing_no);
	else if (strcmp(r->source, "exam") == 0)
		snprintf(key, size, "exam:%d:%s", r->year,
		    r->ref ? r->ref : "");
	else if (strcmp(r->source, "integration") == 0)
		snprintf(key, size, "source:%s:%s",
		    r->source_name ? r->source_name : "", r->ref ? r->ref : "");
	else
		ceu_record_title_key(r, key, size);
}

/* ---- the holder of an activity: the same route again, or another ---- */

/* NULL and "" are the same absent value. */
static int
same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The values of a record that R10 compares: its route and what it says. */
struct held {
	const char *source, *source_name, *ref, *filing_no;
	long long hours;
	const char *subject;
	int date;
};

enum { OTHER_ROUTE, SAME, CONFLICT };

/* R10: whether h is r loaded again by the same route (SAME), the same
 * route saying other hours, subject or date (CONFLICT), or the activity
 * brought by another route (OTHER_ROUTE). */
static int
route_match(const struct ceu_record *r, const struct held *h)
{
	if (!same_text(r->source, h->source) ||
	    !same_text(r->source_name, h->source_name) ||
	    !same_text(r->ref, h->ref) ||
	    !same_text(r->filing_no, h->filing_no))
		return OTHER_ROUTE;
	if (r->hours != h->hours ||
	    strcmp(ceu_subject_name(r->subject), h->subject) != 0 ||
	    r->date != h->date)
		return CONFLICT;
	return SAME;
}

/* The held values of record r of the same call. */
static struct held
held_of(const struct ceu_record *r)
{
	struct held h = { r->source, r->source_name, r->ref, r->filing_no,
	    r->hours, ceu_subject_name(r->subject), r->date };

	return h;
}

/* The pending or approved record holding key for the person. */
static int
find_activity(struct ceu_db *db, long long person_id, const char *key,
    long long *id)
{
	static const char sql[] = "SELECT id FROM record WHERE person_id = ?1 "
	    "AND activity_key = ?2 AND status_code <= 1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CEU_OK :
	    ceu_db_sqlfail(db, "record");
}

/* Set res by what route_match says of the holder id, values h. */
static void
set_holder(struct ceu_record_result *res, const struct ceu_record *r,
    long long id, const struct held *h)
{
	int m = route_match(r, h);

	res->added = 0;
	res->holder = id;
	res->same = m == SAME;
	res->conflict = m == CONFLICT;
}

/*
 * After the INSERT, the record holding each offered record's activity:
 * one newer than last was added by this call, so it is the offered record
 * itself (two offered records never share a key); an older one held the
 * activity before.
 */
int
ceu_record_match_holders(struct ceu_db *db, const struct ceu_record_chunk *c,
    long long last, struct ceu_record_result *res)
{
	static const char sql[] = "SELECT c.rowid, r.id, r.source, "
	    "r.source_name, r.ref, r.hours, r.filing_no, r.subject, r.date "
	    "FROM ceu_record_chunk AS c "
	    "CROSS JOIN record AS r ON r.person_id = c.person_id AND "
	    "r.activity_key = c.activity_key AND r.status_code <= 1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	struct held h;
	long long id;
	size_t i;
	int rc;

	if (st == NULL)
		return db->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		i = (size_t)sqlite3_column_int64(st, 0);
		if ((id = sqlite3_column_int64(st, 1)) > last)
			continue;
		h = (struct held){ ceu_col_text(st, 2), ceu_col_text(st, 3),
		    ceu_col_text(st, 4), ceu_col_text(st, 6),
		    sqlite3_column_int64(st, 5), ceu_col_text(st, 7), 0 };
		ceu_date_parse(ceu_col_text(st, 8), &h.date);
		set_holder(&res[i], &c->r[i], id, &h);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? CEU_OK : ceu_db_sqlfail(db, "record");
}

/* ---- R10 across routes: own registrations ---- */

/* A pending own registration that record i of the call replaces. */
struct ceu_record_replaced {
	size_t i;
	long long own;
	char *before;		/* its journal state before (sqlite3_free) */
};

/* Record id's status alone, sealed: a withdrawal that is journaled once
 * its replacement is on the archive, or that withdrawal undone. */
static int
set_status_quiet(struct ceu_db *db, long long id, int status)
{
	static const char sql[] = "UPDATE record SET status_code = ?2 "
	    "WHERE id = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, status);	/* enum ceu_status */
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "cannot change record");
	return ceu_seal_row(db, CEU_SEAL_RECORD, id);	/* R16 */
}

/* Withdraw own for record i (journaled once i is on the archive). */
static int
replace_own(struct ceu_db *db, struct ceu_record_replacements *rp, size_t i,
    long long own)
{
	for (size_t k = 0; k < rp->n; k++)
		if (rp->v[k].own == own)
			return CEU_OK;	/* an earlier record replaces it */
	if (rp->n == rp->cap) {
		rp->cap = rp->cap ? 2 * rp->cap : 8;
		rp->v = ceu_reallocarray(rp->v, rp->cap, sizeof(*rp->v));
	}
	rp->v[rp->n++] = (struct ceu_record_replaced){ i, own,
	    ceu_record_json(db, own) };
	return set_status_quiet(db, own, CEU_WITHDRAWN);
}

/* Record i of the call, offered, is not: the approved own registration
 * own holds its activity, and so of the records of the call that repeat
 * it. */
static void
held_by_own(struct ceu_record_chunk *c, struct ceu_record_result *res,
    size_t i, long long own, long *offered)
{
	c->offered[i] = 0;
	(*offered)--;
	for (size_t j = i; j < c->n; j++)
		if (c->first[j] == i)
			res[j] = (struct ceu_record_result){ .holder = own,
			    .first = j };
}

/*
 * R10: the own registrations (source self) of the call's persons that a
 * roster or integrated record of the call matches, in one statement off
 * the small partial index record_own: one still pending that holds the
 * same activity key or the same title and date is replaced (withdrawn
 * now, the INSERT then adds the authoritative record); an approved one
 * with the same title and date holds the activity, so the record is not
 * offered.
 */
static int
chunk_own(struct ceu_db *db, struct ceu_record_chunk *c,
    struct ceu_record_result *res, long *offered,
    struct ceu_record_replacements *rp)
{
	static const char sql[] = "SELECT c.rowid, r.id, r.status = "
	    "'pending' FROM ceu_record_chunk AS c CROSS JOIN record AS r "
	    "INDEXED BY record_own ON r.person_id = c.person_id AND "
	    "r.year = c.year WHERE r.source = 'self' AND "
	    "(c.source = 'roster' OR c.source = 'integration') AND "
	    "((r.status = 'pending' AND (r.activity_key = c.activity_key OR "
	    "r.self_key = c.title_key)) OR "
	    "(r.status = 'approved' AND r.self_key = c.title_key))";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int step, rc = CEU_OK;
	size_t i;

	if (st == NULL)
		return db->code;
	while (rc == CEU_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		i = (size_t)sqlite3_column_int64(st, 0);
		if (!c->offered[i])
			continue;
		if (sqlite3_column_int(st, 2))
			rc = replace_own(db, rp, i, sqlite3_column_int64(st,
			    1));
		else
			held_by_own(c, res, i, sqlite3_column_int64(st, 1),
			    offered);
	}
	sqlite3_reset(st);
	if (rc == CEU_OK && step != SQLITE_DONE)
		rc = ceu_db_sqlfail(db, "record");
	return rc;
}

/* Whether any record of r[0..n) is authoritative (R10: roster or an
 * integrated system), so that own registrations matter. */
static int
any_authoritative(const struct ceu_record *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(r[i].source, "roster") == 0 ||
		    strcmp(r[i].source, "integration") == 0)
			return 1;
	return 0;
}

int
ceu_record_match_own(struct ceu_db *db, struct ceu_record_chunk *c,
    struct ceu_record_result *res, long *offered,
    struct ceu_record_replacements *rp)
{
	if (!any_authoritative(c->r, c->n))
		return CEU_OK;
	return chunk_own(db, c, res, offered, rp);
}

/* After the INSERT: journal each replaced own registration, naming the
 * record that replaced it (R10, R16); one whose replacement was not added
 * after all stays pending, as it was. */
static int
journal_replacements(struct ceu_db *db, const struct ceu_record_chunk *c,
    struct ceu_record_result *res, struct ceu_record_replacements *rp)
{
	char idbuf[24], what[256], why[320], *after;
	long long id;
	int rc = CEU_OK;

	for (size_t k = 0; rc == CEU_OK && k < rp->n; k++) {
		struct ceu_record_replaced *x = &rp->v[k];

		if (!res[x->i].added) {
			rc = set_status_quiet(db, x->own, CEU_PENDING);
			continue;
		}
		if ((rc = find_activity(db, c->r[x->i].person_id,
		    ceu_record_chunk_key(c, x->i), &id)) != CEU_OK)
			break;
		res[x->i].replaced = x->own;
		ceu_record_describe(db, id, what, sizeof(what));
		/* The journal's reason, not a message: kept in English. */
		snprintf(why, sizeof(why), "replaced by %s (R10)", what);
		snprintf(idbuf, sizeof(idbuf), "%lld", x->own);
		after = ceu_record_json(db, x->own);
		rc = ceu_journal_append(db, "withdrawn", "record", idbuf,
		    x->before, after, why);
		sqlite3_free(after);
	}
	for (size_t k = 0; k < rp->n; k++)
		sqlite3_free(rp->v[k].before);
	free(rp->v);
	return rc;
}

int
ceu_record_match_finish(struct ceu_db *db, const struct ceu_record_chunk *c,
    struct ceu_record_result *res, struct ceu_record_replacements *rp,
    int rc)
{
	if (rp->n == 0)
		return rc;
	if (rc == CEU_OK)
		return journal_replacements(db, c, res, rp);
	/* Nothing was added: what was withdrawn is pending again. */
	for (size_t k = 0; k < rp->n; k++) {
		set_status_quiet(db, rp->v[k].own, CEU_PENDING);
		sqlite3_free(rp->v[k].before);
	}
	free(rp->v);
	return rc;
}

/* ---- within the call; refusals ---- */

void
ceu_record_match_call(const struct ceu_record_chunk *c,
    const struct ceu_record *r, size_t n, struct ceu_record_result *res,
    long *offered)
{
	struct held h;

	*offered = 0;
	for (size_t i = 0; i < n; i++) {
		*offered += c->offered[i];
		res[i] = (struct ceu_record_result){ .added = c->offered[i],
		    .first = c->first[i] };
		/* R10: one activity twice in the call: the first holds it. */
		if (!c->offered[i]) {
			h = held_of(&r[c->first[i]]);
			set_holder(&res[i], &r[i], 0, &h);
		}
	}
}

int
ceu_record_holder(struct ceu_db *db, const struct ceu_record *r,
    long long *id)
{
	char key[CEU_RECORD_KEY_SIZE];

	ceu_record_key(r, key, sizeof(key));
	return find_activity(db, r->person_id, key, id);
}

int
ceu_record_refuse(struct ceu_db *db, long long id)
{
	char where[256];

	ceu_record_say(db, id, where, sizeof(where));
	/* R10: the same activity is never counted twice. */
	return ceu_db_fail(db, CEU_EREFUSED, "the same activity is already on "
	    "the archive as %s (R10)", where);
}

/* What differs between r and the held values h, "hours 8 there, 10
 * here", into buf. */
static void
differences(const struct ceu_record *r, const struct held *h, char *buf,
    size_t size)
{
	char a[24], b[24];
	size_t n = 0;

	buf[0] = '\0';
	if (r->hours != h->hours)
		n += (size_t)snprintf(buf + n, size - n, ceu_tr("hours %s "
		    "there, %s here"), ceu_hours_format((long)h->hours, a),
		    ceu_hours_format(r->hours, b));
	if (n < size && strcmp(ceu_subject_name(r->subject), h->subject))
		n += (size_t)snprintf(buf + n, size - n, ceu_tr("%ssubject "
		    "%s there, %s here"), n ? "; " : "", h->subject,
		    ceu_subject_name(r->subject));
	if (n < size && r->date != h->date)
		snprintf(buf + n, size - n, ceu_tr("%sdate %s there, %s here"),
		    n ? "; " : "", ceu_date_format(h->date, a),
		    ceu_date_format(r->date, b));
}

int
ceu_record_conflict(struct ceu_db *db, const struct ceu_record *r,
    long long id)
{
	static const char sql[] = "SELECT hours, subject, date FROM record "
	    "WHERE id = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	char where[256], what[256];
	struct held h = { 0 };

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		h.hours = sqlite3_column_int64(st, 0);
		h.subject = ceu_col_text(st, 1);
		ceu_date_parse(ceu_col_text(st, 2), &h.date);
		differences(r, &h, what, sizeof(what));
	} else
		snprintf(what, sizeof(what), "?");
	sqlite3_reset(st);
	ceu_record_say(db, id, where, sizeof(where));
	/* R10: a copy sent again is skipped; one that says otherwise is
	 * neither skipped nor added. */
	return ceu_db_fail(db, CEU_EDATA, "conflicts with %s, sent before by "
	    "the same route: %s (R10)", where, what);
}

/* ---- one own registration ---- */

/* Off record_year_person, a seek to the person-year: for one
 * registration at a time. */
int
ceu_record_match_title(struct ceu_db *db, const struct ceu_record *r,
    long long *id)
{
	static const char sql[] = "SELECT id, title FROM record "
	    "INDEXED BY record_year_person WHERE year = ?1 AND "
	    "person_id = ?2 AND status_code <= 1 AND date = ?3";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	char want[400], have[400], d[11];
	int rc = SQLITE_DONE;

	*id = 0;
	if (st == NULL)
		return db->code;
	ceu_fold_blanks(r->title, want, sizeof(want));
	sqlite3_bind_int(st, 1, r->year);
	sqlite3_bind_int64(st, 2, r->person_id);
	sqlite3_bind_text(st, 3, ceu_date_format(r->date, d), -1,
	    SQLITE_TRANSIENT);
	while (*id == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ceu_fold_blanks(ceu_col_text(st, 1), have, sizeof(have));
		if (strcmp(want, have) == 0)
			*id = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (*id == 0 && rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "record");
	return CEU_OK;
}

