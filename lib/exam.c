/*
 * exam.c - the public required course and its exam (R3, R5, R6, R7).
 * See exam.h for the contract.
 *
 * A person-year's rounds are rows of exam_round (studied_on set once the
 * round's study is done) and its attempts rows of exam_attempt.  Every
 * change is journaled (R16): "study", "attempt" and "makeup" on the round
 * or attempt, and the credited records through ceu_record_add (an
 * import journals its batch instead).  Each writing function checks
 * everything before it writes, and runs inside a savepoint, so that a
 * refusal or an error leaves nothing behind and an importer's enclosing
 * transaction goes on.
 *
 * ceu-import exams goes by chunks (ceu_exam_bulk_*): the state of a
 * chunk's person-years is read by one query and put together by the same
 * state_add, each attempt is judged in file order by the same judge_round
 * on that state, which it then advances in memory, and the rounds and
 * attempts accepted are written at the chunk's end by multi-row INSERTs,
 * each row with its id and seal (R16).  Nothing of a refused attempt is
 * ever written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "exam.h"
#include "journal.h"
#include "policy.h"
#include "record.h"
#include "seal.h"
#include "values.h"

/* The rounds of a person-year as the rules see them. */
struct year_state {
	long long round_id;	/* current round's row, 0 if none */
	int round;		/* current round number, 0 if none */
	int opened_on;		/* of the current round, yyyymmdd or 0 */
	int studied_on;		/* of the current round, yyyymmdd or 0 */
	int attempts_used;	/* in the current round */
	int next_attempt;	/* number of the next attempt row */
	int best_score;		/* over all rounds, -1 if none */
	int passed_on;		/* yyyymmdd of the pass, 0 if not passed */
};

/* yyyymmdd of a 'YYYY-MM-DD' column, 0 when NULL or malformed. */
static int
col_date(sqlite3_stmt *st, int i)
{
	int ymd;

	if (sqlite3_column_type(st, i) == SQLITE_NULL ||
	    ceu_date_parse(ceu_col_text(st, i), &ymd) != 0)
		return 0;
	return ymd;
}

/*
 * A person-year's state is put together from its rows, one per attempt
 * (or per round without one), by state_add: the same code whether one
 * person-year is read (load_state) or a chunk of an import's at once
 * (ceu_exam_bulk_load).  Attempts of an import batch that was undone
 * count for nothing: the batch revoked their credits, and a corrected
 * file may bring them again; their numbers stay taken.
 */
#define LIVE(a) "(" a ".batch IS NULL OR NOT EXISTS (SELECT 1 " \
	"FROM batch u WHERE u.id = " a ".batch AND u.undone_at IS NOT NULL))"
#define STATE_COLS "r.person_id, r.year, r.id, r.round, r.opened_on, " \
	"r.studied_on, a.attempt, a.score, a.date, a.passed, " LIVE("a")
#define STATE_FROM "exam_round r LEFT JOIN exam_attempt a ON " \
	"a.round_id = r.id"
enum { S_PERSON, S_YEAR, S_ROUND_ID, S_ROUND, S_OPENED, S_STUDIED,
	S_ATTEMPT, S_SCORE, S_DATE, S_PASSED, S_LIVE };

static void
state_init(struct year_state *s)
{
	memset(s, 0, sizeof(*s));
	s->best_score = -1;
}

/* Add row st (STATE_COLS) to s; whether it is a live attempt. */
static int
state_add(struct year_state *s, sqlite3_stmt *st)
{
	int round = sqlite3_column_int(st, S_ROUND), live, date, n;

	if (round > s->round) {		/* a later round: the current one */
		s->round_id = sqlite3_column_int64(st, S_ROUND_ID);
		s->round = round;
		s->opened_on = col_date(st, S_OPENED);
		s->studied_on = col_date(st, S_STUDIED);
		s->attempts_used = 0;
		s->next_attempt = 1;
	}
	if (sqlite3_column_type(st, S_ATTEMPT) == SQLITE_NULL)
		return 0;
	live = sqlite3_column_int(st, S_LIVE);
	if (round == s->round) {
		n = sqlite3_column_int(st, S_ATTEMPT);
		if (n >= s->next_attempt)
			s->next_attempt = n + 1;
		s->attempts_used += live;
	}
	if (!live)
		return 0;
	if (sqlite3_column_int(st, S_SCORE) > s->best_score)
		s->best_score = sqlite3_column_int(st, S_SCORE);
	date = col_date(st, S_DATE);
	if (sqlite3_column_int(st, S_PASSED) &&
	    (s->passed_on == 0 || date < s->passed_on))
		s->passed_on = date;
	return 1;
}

static int
load_state(struct ceu_db *db, long long person_id, int year,
    struct year_state *s)
{
	static const char sql[] = "SELECT " STATE_COLS " FROM " STATE_FROM
	    " WHERE r.person_id = ?1 AND r.year = ?2";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	state_init(s);
	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_int(st, 2, year);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		state_add(s, st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "exam round");
	return CEU_OK;
}

/* "2023 back-fills 2020-2022 only" or "2024 grants no back-fill", for
 * a refusal (R7). */
static void
backfill_words(const struct ceu_policy *n, char *buf, size_t size)
{
	if (n->backfill_from)
		snprintf(buf, size, ceu_tr("%d back-fills %d-%d only"),
		    n->year, n->backfill_from, n->backfill_to);
	else
		snprintf(buf, size, ceu_tr("%d grants no back-fill"),
		    n->year);
}

/* R6: no course for a year that has not begun. */
static int
year_begun(struct ceu_db *db, int year)
{
	char d[11];

	if (year > db->today / 10000)
		return ceu_db_fail(db, CEU_EREFUSED, "year %d has not begun "
		    "on %s: no public required course for it yet (R6)", year,
		    ceu_date_format(db->today, d));
	return CEU_OK;
}

int
ceu_exam_window(struct ceu_db *db, int year, int date,
    struct ceu_exam_window *w)
{
	struct ceu_policy own, n;
	char d[11], e[11], why[96];

	if (year_begun(db, year) != CEU_OK ||
	    ceu_policy_load(db, year, &own) != CEU_OK)
		return db->code;
	/* R6: everything for year Y by Y's deadline. */
	if (date <= own.registration_deadline) {
		*w = (struct ceu_exam_window){ year,
		    own.registration_deadline, own.audit_deadline };
		return CEU_OK;
	}
	/* R7: or during a later year whose own notice opens Y, by that
	 * year's deadline. */
	if (ceu_policy_load(db, date / 10000, &n) != CEU_OK)
		return db->code;
	if (year < n.backfill_from || year > n.backfill_to) {
		backfill_words(&n, why, sizeof(why));
		return ceu_db_fail(db, CEU_EREFUSED, "the public required "
		    "course of %d closed on %s (R6); %s (R7)", year,
		    ceu_date_format(own.registration_deadline, d), why);
	}
	if (date > n.registration_deadline)
		return ceu_db_fail(db, CEU_EREFUSED, "the public required "
		    "course of %d closed on %s, its back-fill in %d on %s "
		    "(R6, R7)", year,
		    ceu_date_format(own.registration_deadline, d), n.year,
		    ceu_date_format(n.registration_deadline, e));
	*w = (struct ceu_exam_window){ n.year, n.registration_deadline,
	    n.audit_deadline };
	return CEU_OK;
}

/*
 * R6: whether work of window w, done in time, may be entered on
 * db->today: until the deadline; an import (the exam platform delivers in
 * January) until the audit deadline (R11); later only with a reason, and
 * then *late is set.
 */
static int
check_arrival(struct ceu_db *db, int year, const struct ceu_exam_window *w,
    int imported, const char *late_reason, int *late)
{
	char d[11], e[11];
	int by = imported ? w->audit_deadline : w->deadline;

	*late = 0;
	if (db->today <= by)
		return CEU_OK;
	if (late_reason != NULL && *late_reason != '\0') {
		*late = 1;
		return CEU_OK;
	}
	if (imported)
		return ceu_db_fail(db, CEU_EREFUSED, "the public required "
		    "course of %d closed on %s and its results were due by %s "
		    "(R6, R11); load them with --late --reason TEXT", year,
		    ceu_date_format(w->deadline, d),
		    ceu_date_format(w->audit_deadline, e));
	return ceu_db_fail(db, CEU_EREFUSED, "the public required course of "
	    "%d closed on %s (R6); what was done by then is entered now only "
	    "with --late --reason TEXT", year, ceu_date_format(w->deadline, d));
}

/* An event date: 0 means today; none before the year began or after
 * today (an exam not yet taken). */
static int
check_date(struct ceu_db *db, int year, int *date)
{
	char d[11], t[11];

	if (*date == 0)
		*date = db->today;
	if (*date / 10000 < year)
		return ceu_db_fail(db, CEU_EDATA, "date %s is before the "
		    "year %d began", ceu_date_format(*date, d), year);
	if (*date > db->today)
		return ceu_db_fail(db, CEU_EDATA, "date %s is after today "
		    "(%s)", ceu_date_format(*date, d),
		    ceu_date_format(db->today, t));
	return CEU_OK;
}

int
ceu_exam_check_entry(struct ceu_db *db, int year, int *date, int imported,
    const char *late_reason, int *late)
{
	struct ceu_exam_window w;
	int rc;

	if ((rc = year_begun(db, year)) != CEU_OK ||
	    (rc = check_date(db, year, date)) != CEU_OK ||
	    (rc = ceu_exam_window(db, year, *date, &w)) != CEU_OK)
		return rc;
	return check_arrival(db, year, &w, imported, late_reason, late);
}

/* Journal the round or attempt row id as it is now. */
static int
journal_row(struct ceu_db *db, const char *action, const char *entity,
    const char *json_sql, long long id, const char *before,
    const char *reason)
{
	sqlite3_stmt *st = ceu_db_stmt(db, json_sql);
	char idbuf[24], *after = NULL;
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		after = sqlite3_mprintf("%s", ceu_col_text(st, 0));
	sqlite3_reset(st);
	snprintf(idbuf, sizeof(idbuf), "%lld", id);
	rc = ceu_journal_append(db, action, entity, idbuf, before, after,
	    reason);
	sqlite3_free(after);
	return rc;
}

static const char round_json_sql[] = "SELECT json_object('person_id', "
    "person_id, 'year', year, 'round', round, 'opened_on', opened_on, "
    "'reason', reason, 'studied_on', studied_on) FROM exam_round "
    "WHERE id = ?1";
static const char attempt_json_sql[] = "SELECT json_object('round_id', "
    "round_id, 'attempt', attempt, 'score', score, 'date', date, "
    "'passed', passed, 'batch', batch) FROM exam_attempt WHERE id = ?1";

/* Open round number n of a person-year on date, with reason (or NULL),
 * studied on date too when studied (R3: an imported attempt's implied
 * study; one statement). */
static int
insert_round(struct ceu_db *db, long long person_id, int year, int n,
    int date, const char *reason, int studied, long long *id)
{
	static const char sql[] = "INSERT INTO exam_round(person_id, year, "
	    "round, opened_on, reason, studied_on) VALUES (?1, ?2, ?3, ?4, "
	    "?5, CASE WHEN ?6 THEN ?4 END)";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	char d[11];
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_int(st, 3, n);
	sqlite3_bind_text(st, 4, ceu_date_format(date, d), -1,
	    SQLITE_TRANSIENT);
	if (reason != NULL)
		sqlite3_bind_text(st, 5, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, studied);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "cannot open exam round");
	*id = sqlite3_last_insert_rowid(db->sql);
	return ceu_seal_row(db, CEU_SEAL_EXAM_ROUND, *id);
}

/* R3: mark round id studied on date, journaled unless quiet, with why it
 * is entered late (or NULL). */
static int
mark_studied(struct ceu_db *db, long long id, int date, int journal,
    const char *late)
{
	static const char sql[] = "UPDATE exam_round SET studied_on = ?2 "
	    "WHERE id = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	char d[11];
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, ceu_date_format(date, d), -1,
	    SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "cannot record the study");
	if ((rc = ceu_seal_row(db, CEU_SEAL_EXAM_ROUND, id)) != CEU_OK)
		return rc;
	if (!journal)
		return CEU_OK;
	return journal_row(db, "study", "exam_round", round_json_sql, id,
	    NULL, late);
}

/* Run a savepoint statement (prepared once). */
static int
sp_step(struct ceu_db *db, const char *sql)
{
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? CEU_OK : ceu_db_sqlfail(db, "exam round");
}

static const char sp_open[] = "SAVEPOINT ceu_exam";
static const char sp_undo[] = "ROLLBACK TO ceu_exam";
static const char sp_release[] = "RELEASE ceu_exam";

/* Savepoints: a failed step undoes only this function's writes. */
static int
sp_begin(struct ceu_db *db)
{
	if (ceu_db_begin(db) != CEU_OK)
		return db->code;
	if (sp_step(db, sp_open) != CEU_OK) {
		int code = db->code;

		ceu_db_commit(db);
		return db->code = code;
	}
	return CEU_OK;
}

/* End the savepoint: keep on CEU_OK, undo otherwise; returns rc. */
static int
sp_end(struct ceu_db *db, int rc)
{
	int code = db->code;
	char msg[sizeof(db->msg)];

	if (rc != CEU_OK)
		memcpy(msg, db->msg, sizeof(msg));
	if (rc != CEU_OK)
		sp_step(db, sp_undo);
	sp_step(db, sp_release);
	if (ceu_db_commit(db) != CEU_OK && rc == CEU_OK)
		return db->code;
	if (rc != CEU_OK) {
		db->code = code;
		memcpy(db->msg, msg, sizeof(msg));
	}
	return rc;
}

/* A year passed once stays passed (R6). */
static int
refuse_passed(struct ceu_db *db, int year, const struct year_state *s)
{
	char d[11];

	return ceu_db_fail(db, CEU_EREFUSED, "the public required course "
	    "of %d was already passed on %s; a year is passed once (R6)",
	    year, ceu_date_format(s->passed_on, d));
}

/* The round's events follow its opening, the attempts its study. */
static int
check_order(struct ceu_db *db, int date, int after, const char *what)
{
	char d[11], a[11];

	if (after == 0 || date >= after)
		return CEU_OK;
	return ceu_db_fail(db, CEU_EDATA, "date %s is before %s (%s)",
	    ceu_date_format(date, d), ceu_tr(what), ceu_date_format(after, a));
}

static int
study(struct ceu_db *db, long long person_id, int year, int date,
    const char *late)
{
	struct ceu_policy p;
	struct year_state s;
	long long id;
	int rc;

	if ((rc = ceu_policy_load(db, year, &p)) != CEU_OK ||
	    (rc = load_state(db, person_id, year, &s)) != CEU_OK)
		return rc;
	if (s.passed_on)
		return refuse_passed(db, year, &s);
	if (s.round && s.attempts_used >= p.attempts)
		return ceu_db_fail(db, CEU_EREFUSED, "the %d attempts of "
		    "round %d for %d are used up (R6); open a make-up round "
		    "with 'ceu-exam makeup' before studying again",
		    p.attempts, s.round, year);
	/* The current round already studied: nothing to add. */
	if (s.round && s.studied_on)
		return CEU_OK;
	if ((rc = check_order(db, date, s.opened_on,
	    N_("the round opened"))) != CEU_OK)
		return rc;
	id = s.round_id;
	if (!s.round && (rc = insert_round(db, person_id, year, 1, date,
	    NULL, 0, &id)) != CEU_OK)
		return rc;
	return mark_studied(db, id, date, 1, late);
}

int
ceu_exam_study(struct ceu_db *db, long long person_id, int year, int date,
    const char *late_reason)
{
	int rc, late;

	if ((rc = ceu_exam_check_entry(db, year, &date, 0, late_reason, &late)) !=
	    CEU_OK)
		return rc;
	if ((rc = sp_begin(db)) != CEU_OK)
		return rc;
	return sp_end(db, study(db, person_id, year, date,
	    late ? late_reason : NULL));
}

/*
 * An import's credits (R5), gathered instead of written one statement
 * each: credit() adds a pass's two records, credits_write writes them all
 * with one ceu_record_add_many.  No attempt reads the credits back (a
 * year's pass is its attempt's), so writing them later changes nothing
 * the rules see; they are written with their chunk, and before
 * credits_full says there is no room for one more pass.
 */
#define EXAM_CREDITS_MAX 4096
struct exam_credits {
	size_t n;
	struct ceu_record r[EXAM_CREDITS_MAX];
	char title[EXAM_CREDITS_MAX][320];
	void *res;		/* ceu_record_add_many's results */
};

/* R5, R7: a pass credits study and exam hours to year (not to the year
 * of the exam) as approved public_required records dated date, marked
 * late when entered late (R6); into sink when not NULL (an import's),
 * else written now. */
static int
credit(struct ceu_db *db, long long person_id, int year, int date,
    long long batch, int late, const struct ceu_policy *p,
    struct exam_credits *sink)
{
	static const char *const what[2] = { "课程学习", "课程考试" };
	static const char *const ref[2] = { "study", "exam" };
	char title[2][320];
	struct ceu_record r = {
		.person_id = person_id, .year = year,
		.subject = CEU_PUBLIC_REQUIRED, .category = -1,
		.date = date, .source = "exam",
		.status = CEU_APPROVED, .batch = batch, .late = late,
	};
	long long id;
	int rc;

	for (int i = 0; i < 2; i++) {
		char *t = sink ? sink->title[sink->n] : title[i];

		snprintf(t, sizeof(title[i]), "公需科目（必修）%d：%s %s",
		    year, p->theme, what[i]);
		r.title = t;
		r.hours = i == 0 ? p->study_hours : p->exam_hours;
		r.ref = ref[i];
		if (sink != NULL)
			sink->r[sink->n++] = r;
		else if ((rc = ceu_record_add(db, &r, batch == 0, &id)) !=
		    CEU_OK)
			return rc;
	}
	return CEU_OK;
}

/* Whether c has no room for another pass's credits. */
static int
credits_full(const struct exam_credits *c)
{
	return c->n + 2 > EXAM_CREDITS_MAX;
}

/* Write the credits gathered in c and empty it: CEU_OK; CEU_EREFUSED when
 * one of them is held already (R10: the year's credit on file for a
 * person whose attempts show no pass), or a database failure. */
static int
credits_write(struct ceu_db *db, struct exam_credits *c)
{
	struct ceu_record_result *res;
	int rc;

	if (c == NULL || c->n == 0)
		return CEU_OK;
	if (c->res == NULL)
		c->res = ceu_calloc(EXAM_CREDITS_MAX, sizeof(*res));
	res = c->res;
	rc = ceu_record_add_many(db, c->r, c->n, res);
	for (size_t i = 0; rc == CEU_OK && i < c->n; i++)
		if (!res[i].added && (rc = ceu_record_holder(db, &c->r[i],
		    &res[i].holder)) == CEU_OK)
			rc = ceu_record_refuse(db, res[i].holder);
	c->n = 0;
	return rc;
}

static void
credits_free(struct exam_credits *c)
{
	if (c == NULL)
		return;
	free(c->res);
	free(c);
}

/* What the current round needs before an attempt (judge_round). */
enum { ROUND_READY, ROUND_OPEN, ROUND_STUDY };

/*
 * R3, R6: whether the current round of s takes an attempt dated date, and
 * what it needs first: nothing (ROUND_READY); round 1 opened and studied
 * on date (ROUND_OPEN) or the round's study on date (ROUND_STUDY), the
 * study implied.  Reads and writes nothing; a refusal is said in db->msg.
 * The one judge of an attempt, one at a time or a chunk's.
 */
static int
judge_round(struct ceu_db *db, int year, int date, int implied_study,
    const struct ceu_policy *p, const struct year_state *s, int *need)
{
	int rc;

	*need = ROUND_READY;
	if (s->passed_on)
		return refuse_passed(db, year, s);
	if (s->round && s->attempts_used >= p->attempts)
		return ceu_db_fail(db, CEU_EREFUSED, "the %d attempts of "
		    "round %d for %d are used up (R6); open a make-up round "
		    "with 'ceu-exam makeup'", p->attempts, s->round, year);
	if (s->round && s->studied_on)
		return check_order(db, date, s->studied_on, N_("the study"));
	if (!implied_study) {
		if (s->round > 1)
			return ceu_db_fail(db, CEU_EREFUSED, "make-up round "
			    "%d for %d needs the course studied again first "
			    "(R6); record it with 'ceu-exam study'", s->round,
			    year);
		return ceu_db_fail(db, CEU_EREFUSED, "the course for %d is "
		    "not studied yet (R3, R6); record it with 'ceu-exam "
		    "study'", year);
	}
	if ((rc = check_order(db, date, s->opened_on,
	    N_("the round opened"))) != CEU_OK)
		return rc;
	*need = s->round ? ROUND_STUDY : ROUND_OPEN;
	return CEU_OK;
}

/* R3, R6: whether the current round takes an attempt now; opens round 1
 * or records the study when implied. */
static int
ready_round(struct ceu_db *db, long long person_id, int year, int date,
    int implied_study, const struct ceu_policy *p, struct year_state *s)
{
	int rc, need;

	if ((rc = judge_round(db, year, date, implied_study, p, s, &need)) !=
	    CEU_OK || need == ROUND_READY)
		return rc;
	s->studied_on = date;
	if (need == ROUND_OPEN) {
		s->round = 1;
		return insert_round(db, person_id, year, 1, date, NULL, 1,
		    &s->round_id);
	}
	return mark_studied(db, s->round_id, date, 0, NULL);
}

/* What one attempt brings: its score (tenths), date, import batch (0 at
 * the counter), and why it is entered late (NULL when in time). */
struct attempt_in {
	int score, date, implied_study;
	long long batch;
	const char *late;
};

static int
insert_attempt(struct ceu_db *db, const struct year_state *s,
    const struct attempt_in *in, int passed)
{
	int score = in->score, date = in->date;
	long long batch = in->batch;
	static const char sql[] = "INSERT INTO exam_attempt(round_id, "
	    "attempt, score, date, passed, batch, created_at) VALUES (?1, "
	    "?2, ?3, ?4, ?5, ?6, ?7)";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	long long id;
	char d[11];
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, s->round_id);
	sqlite3_bind_int(st, 2, s->next_attempt ? s->next_attempt : 1);
	sqlite3_bind_int(st, 3, score);
	sqlite3_bind_text(st, 4, ceu_date_format(date, d), -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, passed);
	if (batch)
		sqlite3_bind_int64(st, 6, batch);
	sqlite3_bind_text(st, 7, db->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "cannot record the attempt");
	id = sqlite3_last_insert_rowid(db->sql);
	if ((rc = ceu_seal_row(db, CEU_SEAL_EXAM_ATTEMPT, id)) != CEU_OK)
		return rc;
	/* R16: an import journals its batch instead of every row. */
	if (batch)
		return CEU_OK;
	return journal_row(db, "attempt", "exam_attempt", attempt_json_sql,
	    id, NULL, in->late);
}

static int
attempt(struct ceu_db *db, long long person_id, int year,
    const struct attempt_in *in, int *passed)
{
	struct ceu_policy p;
	struct year_state s;
	int rc;

	if ((rc = ceu_policy_load(db, year, &p)) != CEU_OK ||
	    (rc = load_state(db, person_id, year, &s)) != CEU_OK ||
	    (rc = ready_round(db, person_id, year, in->date,
	    in->implied_study, &p, &s)) != CEU_OK)
		return rc;
	*passed = in->score >= p.pass_score;
	if ((rc = insert_attempt(db, &s, in, *passed)) != CEU_OK)
		return rc;
	if (!*passed)
		return CEU_OK;
	return credit(db, person_id, year, in->date, in->batch,
	    in->late != NULL, &p, NULL);
}

int
ceu_exam_attempt(struct ceu_db *db, long long person_id, int year,
    int score, int date, int implied_study, long long batch,
    const char *late_reason, int *passed)
{
	struct attempt_in in = { score, date, implied_study, batch, NULL };
	char s[24];
	int rc, late;

	*passed = 0;
	if (score < 0 || score > 1000)
		return ceu_db_fail(db, CEU_EDATA, "score %s is not between 0 "
		    "and 100", ceu_hours_format(score, s));
	/* R6: judged by its own date, whatever route brings it. */
	if ((rc = ceu_exam_check_entry(db, year, &in.date, batch != 0, late_reason,
	    &late)) != CEU_OK)
		return rc;
	in.late = late ? late_reason : NULL;
	if ((rc = sp_begin(db)) != CEU_OK)
		return rc;
	if ((rc = attempt(db, person_id, year, &in, passed)) != CEU_OK)
		*passed = 0;
	return sp_end(db, rc);
}

/* ---- an import's attempts, a chunk at a time ---- */

/* A person-year of the chunk, in a table open-addressed by key. */
struct bulk_year {
	long long key;		/* person_id << 12 | year (years < 4096);
				   0: a free slot */
	struct year_state s;
	int loaded;		/* s is read */
	int seen;		/* its first live attempt in seen[], or -1 */
};

/* A live attempt of a person-year (date, score): one on file, or one
 * this import adds; so that a row loaded again changes nothing. */
struct bulk_seen {
	int date, score, next;	/* next: the year's next, or -1 */
};

struct bulk_round {		/* round 1, opened and studied on date */
	long long id, person_id;
	int year, date;
};

struct bulk_attempt {
	long long id, round_id;
	int attempt, score, date, passed;
};

struct ceu_exam_bulk {
	long long batch;
	const char *late_reason;
	struct bulk_year *slot;
	size_t nslot, nused;		/* nslot a power of 2 */
	struct bulk_seen *seen;
	size_t nseen, capseen;
	char *keys;			/* the keys to load, a JSON array */
	size_t keys_len, keys_cap;
	struct bulk_round *round;	/* to write */
	size_t nround, capround;
	struct bulk_attempt *att;
	size_t natt, capatt;
	long long next_round, next_attempt;	/* ids; 0 before reading */
	struct exam_credits *credits;
};

#define BULK_KEY(person_id, year) ((long long)(person_id) << 12 | (year))

struct ceu_exam_bulk *
ceu_exam_bulk_new(long long batch, const char *late_reason)
{
	struct ceu_exam_bulk *b = ceu_calloc(1, sizeof(*b));

	b->batch = batch;
	b->late_reason = late_reason;
	b->nslot = 1024;
	b->slot = ceu_calloc(b->nslot, sizeof(*b->slot));
	b->credits = ceu_calloc(1, sizeof(*b->credits));
	return b;
}

void
ceu_exam_bulk_free(struct ceu_exam_bulk *b)
{
	if (b == NULL)
		return;
	free(b->slot);
	free(b->seen);
	free(b->keys);
	free(b->round);
	free(b->att);
	credits_free(b->credits);
	free(b);
}

/* v (capacity *cap elements of size) with room for element n. */
static void *
grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	while (n >= *cap)
		*cap = *cap ? 2 * *cap : 256;
	return ceu_reallocarray(v, *cap, size);
}

/* The slot of key: its own, or the free one it would take. */
static struct bulk_year *
bulk_slot(const struct ceu_exam_bulk *b, long long key)
{
	size_t i = (size_t)((unsigned long long)key * 0x9E3779B97F4A7C15ULL >>
	    32) & (b->nslot - 1);

	while (b->slot[i].key != 0 && b->slot[i].key != key)
		i = (i + 1) & (b->nslot - 1);
	return &b->slot[i];
}

/* The person-year key, added (not loaded) if new. */
static struct bulk_year *
bulk_add(struct ceu_exam_bulk *b, long long key)
{
	struct bulk_year *y = bulk_slot(b, key), *old;
	size_t n;

	if (y->key == key)
		return y;
	if (2 * (b->nused + 1) > b->nslot) {
		old = b->slot;
		n = b->nslot;
		b->nslot *= 2;
		b->slot = ceu_calloc(b->nslot, sizeof(*b->slot));
		for (size_t i = 0; i < n; i++)
			if (old[i].key != 0)
				*bulk_slot(b, old[i].key) = old[i];
		free(old);
		y = bulk_slot(b, key);
	}
	b->nused++;
	state_init(&y->s);
	y->key = key;
	y->loaded = 0;
	y->seen = -1;
	return y;
}

/* Remember a live attempt of y. */
static void
bulk_see(struct ceu_exam_bulk *b, struct bulk_year *y, int date, int score)
{
	b->seen = grow(b->seen, b->nseen, &b->capseen, sizeof(*b->seen));
	b->seen[b->nseen] = (struct bulk_seen){ date, score, y->seen };
	y->seen = (int)b->nseen++;
}

static int
bulk_seen(const struct ceu_exam_bulk *b, const struct bulk_year *y,
    int date, int score)
{
	for (int i = y->seen; i >= 0; i = b->seen[i].next)
		if (b->seen[i].date == date && b->seen[i].score == score)
			return 1;
	return 0;
}

void
ceu_exam_bulk_want(struct ceu_exam_bulk *b, long long person_id, int year)
{
	struct bulk_year *y;
	char key[24];
	int len;

	if (year < 1 || year > 4095 || person_id <= 0 ||
	    (y = bulk_slot(b, BULK_KEY(person_id, year)))->key != 0)
		return;
	bulk_add(b, BULK_KEY(person_id, year));
	len = snprintf(key, sizeof(key), "%lld",
	    BULK_KEY(person_id, year));
	b->keys = grow(b->keys, b->keys_len + (size_t)len + 2, &b->keys_cap,
	    1);
	b->keys[b->keys_len] = b->keys_len == 0 ? '[' : ',';
	b->keys_len++;
	memcpy(b->keys + b->keys_len, key, (size_t)len + 1);
	b->keys_len += (size_t)len;
}

/* The ids the next round and attempt take: this import holds the write
 * lock, and writes both tables only through the chunk until it is
 * written. */
static int
bulk_ids(struct ceu_db *db, struct ceu_exam_bulk *b)
{
	static const char sql[] = "SELECT (SELECT coalesce(max(id), 0) + 1 "
	    "FROM exam_round), (SELECT coalesce(max(id), 0) + 1 FROM "
	    "exam_attempt)";
	sqlite3_stmt *st;
	int rc;

	if (b->next_round != 0)
		return CEU_OK;
	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		b->next_round = sqlite3_column_int64(st, 0);
		b->next_attempt = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? CEU_OK : ceu_db_sqlfail(db, "exam round");
}

/* Add row st (STATE_COLS) to its person-year. */
static void
bulk_row(struct ceu_exam_bulk *b, sqlite3_stmt *st)
{
	struct bulk_year *y = bulk_slot(b, BULK_KEY(sqlite3_column_int64(st,
	    S_PERSON), sqlite3_column_int(st, S_YEAR)));

	if (y->key == 0 || y->loaded)
		return;
	if (state_add(&y->s, st))
		bulk_see(b, y, col_date(st, S_DATE),
		    sqlite3_column_int(st, S_SCORE));
}

int
ceu_exam_bulk_load(struct ceu_db *db, struct ceu_exam_bulk *b)
{
	static const char sql[] = "SELECT " STATE_COLS " FROM json_each(?1) j "
	    "JOIN exam_round r ON r.person_id = j.value >> 12 AND "
	    "r.year = j.value & 4095 LEFT JOIN exam_attempt a ON "
	    "a.round_id = r.id";
	sqlite3_stmt *st;
	int rc;

	if ((rc = bulk_ids(db, b)) != CEU_OK || b->keys_len == 0)
		return rc;
	b->keys = grow(b->keys, b->keys_len + 1, &b->keys_cap, 1);
	b->keys[b->keys_len++] = ']';
	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	sqlite3_bind_text(st, 1, b->keys, (int)b->keys_len, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		bulk_row(b, st);
	sqlite3_reset(st);
	b->keys_len = 0;
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "exam round");
	for (size_t i = 0; i < b->nslot; i++)
		b->slot[i].loaded = b->slot[i].key != 0;
	return CEU_OK;
}

/* The person-year, read now when it was not wanted before the load. */
static int
bulk_year(struct ceu_db *db, struct ceu_exam_bulk *b, long long person_id,
    int year, struct bulk_year **out)
{
	int rc;

	if ((*out = bulk_slot(b, BULK_KEY(person_id, year)))->loaded)
		return CEU_OK;
	ceu_exam_bulk_want(b, person_id, year);
	if ((rc = ceu_exam_bulk_load(db, b)) != CEU_OK)
		return rc;
	*out = bulk_slot(b, BULK_KEY(person_id, year));
	return CEU_OK;
}

/* What an accepted attempt adds: its round (when it opens one), its row,
 * to be written with the chunk; the person-year's state as it leaves
 * it. */
static void
bulk_take(struct ceu_exam_bulk *b, struct bulk_year *y, long long person_id,
    int year, int score, int date, int need, int passed)
{
	struct year_state *s = &y->s;

	if (need == ROUND_OPEN) {
		b->round = grow(b->round, b->nround, &b->capround,
		    sizeof(*b->round));
		b->round[b->nround++] = (struct bulk_round){ b->next_round,
		    person_id, year, date };
		s->round_id = b->next_round++;
		s->round = 1;
		s->opened_on = date;
	}
	if (need != ROUND_READY)
		s->studied_on = date;
	if (s->next_attempt == 0)
		s->next_attempt = 1;
	b->att = grow(b->att, b->natt, &b->capatt, sizeof(*b->att));
	b->att[b->natt++] = (struct bulk_attempt){ b->next_attempt++,
	    s->round_id, s->next_attempt++, score, date, passed };
	s->attempts_used++;
	if (score > s->best_score)
		s->best_score = score;
	if (passed && s->passed_on == 0)
		s->passed_on = date;
	bulk_see(b, y, date, score);
}

/* R5: the credits gathered; one held already (R10) is the archive's
 * fault, not the row's: the import fails. */
static int
credits_flush(struct ceu_db *db, struct exam_credits *c)
{
	int rc = credits_write(db, c);

	return rc == CEU_EDATA ? (db->code = CEU_EIO) : rc;
}

/* A new attempt of person-year y: judged (R3, R6, R7) as at the counter,
 * taken and credited (R5) when accepted. */
static int
bulk_judge(struct ceu_db *db, struct ceu_exam_bulk *b, struct bulk_year *y,
    long long person_id, int year, int score, int date, int *late)
{
	struct ceu_policy p;
	char sc[24];
	int rc, need, passed;

	if (score < 0 || score > 1000)
		return ceu_db_fail(db, CEU_EDATA, "score %s is not between 0 "
		    "and 100", ceu_hours_format(score, sc));
	/* R6: judged by its own date, whatever route brings it. */
	if ((rc = ceu_exam_check_entry(db, year, &date, 1, b->late_reason,
	    late)) != CEU_OK || (rc = ceu_policy_load(db, year, &p)) ||
	    (rc = judge_round(db, year, date, 1, &p, &y->s, &need)))
		return rc;
	if (credits_full(b->credits) &&
	    (rc = credits_flush(db, b->credits)) != CEU_OK)
		return rc;
	/* The one write not deferred: a make-up round's implied study. */
	if (need == ROUND_STUDY &&
	    (rc = mark_studied(db, y->s.round_id, date, 0, NULL)) != CEU_OK)
		return rc;
	passed = score >= p.pass_score;
	bulk_take(b, y, person_id, year, score, date, need, passed);
	if (passed)
		credit(db, person_id, year, date, b->batch, *late, &p,
		    b->credits);
	return CEU_OK;
}

int
ceu_exam_bulk_attempt(struct ceu_db *db, struct ceu_exam_bulk *b,
    long long person_id, int year, int score, int date, int *added,
    int *late)
{
	struct bulk_year *y;
	char buf[24];
	int rc;

	*added = *late = 0;
	if (year < 1900 || year > 2999) {	/* the schema's years */
		snprintf(buf, sizeof(buf), "%d", year);
		return ceu_db_fail(db, CEU_EDATA, "invalid year '%s'", buf);
	}
	if ((rc = bulk_year(db, b, person_id, year, &y)) != CEU_OK)
		return rc;
	/* A row loaded again adds nothing. */
	if (bulk_seen(b, y, date, score))
		return CEU_OK;
	if ((rc = bulk_judge(db, b, y, person_id, year, score, date, late)) !=
	    CEU_OK)
		return rc;
	*added = 1;
	return CEU_OK;
}

/* Multi-row INSERTs: a chunk's rows BULK_ROWS by one statement, then the
 * rest one by one.  Each row comes with its id and seal (R16). */
#define BULK_ROWS 64
#define X2(t) t "," t
#define X8(t) X2(X2(X2(t)))
#define X64(t) X8(X8(t))
#define ROUND_INSERT "INSERT INTO exam_round(id, person_id, year, round, " \
	"opened_on, reason, studied_on, seal) VALUES "
#define ROUND_VALUES "(?, ?, ?, 1, ?, NULL, ?, ?)"
#define ATTEMPT_INSERT "INSERT INTO exam_attempt(id, round_id, attempt, " \
	"score, date, passed, batch, created_at, seal) VALUES "
#define ATTEMPT_VALUES "(?, ?, ?, ?, ?, ?, ?, ?, ?)"

static void
seal_int(struct ceu_seal_value *v, long long i)
{
	v->type = SQLITE_INTEGER;
	v->i = i;
}

static void
seal_text(struct ceu_seal_value *v, const char *s)
{
	v->type = SQLITE_TEXT;
	v->s = s;
	v->len = strlen(s);
}

/* Bind round r as the k-th row of st. */
static int
bind_round(struct ceu_db *db, sqlite3_stmt *st, int k,
    const struct bulk_round *r)
{
	struct ceu_seal_value v[6];
	long long seal;
	char d[11];
	int i = k * 6;

	ceu_date_format(r->date, d);
	seal_int(&v[0], r->person_id);
	seal_int(&v[1], r->year);
	seal_int(&v[2], 1);
	seal_text(&v[3], d);
	v[4].type = SQLITE_NULL;
	seal_text(&v[5], d);
	if (ceu_seal_make(db, CEU_SEAL_EXAM_ROUND, r->id, v, 6, &seal) !=
	    CEU_OK)
		return db->code;
	sqlite3_bind_int64(st, i + 1, r->id);
	sqlite3_bind_int64(st, i + 2, r->person_id);
	sqlite3_bind_int(st, i + 3, r->year);
	sqlite3_bind_text(st, i + 4, d, 10, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i + 5, d, 10, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, i + 6, seal);
	return CEU_OK;
}

/* Bind attempt a of b as the k-th row of st. */
static int
bind_attempt(struct ceu_db *db, sqlite3_stmt *st, int k,
    const struct ceu_exam_bulk *b, const struct bulk_attempt *a)
{
	struct ceu_seal_value v[7];
	long long seal;
	char d[11];
	int i = k * 9;

	ceu_date_format(a->date, d);
	seal_int(&v[0], a->round_id);
	seal_int(&v[1], a->attempt);
	seal_int(&v[2], a->score);
	seal_text(&v[3], d);
	seal_int(&v[4], a->passed);
	seal_int(&v[5], b->batch);
	seal_text(&v[6], db->now);
	if (ceu_seal_make(db, CEU_SEAL_EXAM_ATTEMPT, a->id, v, 7, &seal) !=
	    CEU_OK)
		return db->code;
	sqlite3_bind_int64(st, i + 1, a->id);
	sqlite3_bind_int64(st, i + 2, a->round_id);
	sqlite3_bind_int(st, i + 3, a->attempt);
	sqlite3_bind_int(st, i + 4, a->score);
	sqlite3_bind_text(st, i + 5, d, 10, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, i + 6, a->passed);
	sqlite3_bind_int64(st, i + 7, b->batch);
	sqlite3_bind_text(st, i + 8, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, i + 9, seal);
	return CEU_OK;
}

/* Write rows [0, n) of the chunk's rounds (attempts: 0) or attempts
 * (1). */
static int
bulk_insert(struct ceu_db *db, const struct ceu_exam_bulk *b, int attempts,
    size_t n)
{
	static const char *const sql[2][2] = {
		{ ROUND_INSERT ROUND_VALUES, ROUND_INSERT X64(ROUND_VALUES) },
		{ ATTEMPT_INSERT ATTEMPT_VALUES,
		    ATTEMPT_INSERT X64(ATTEMPT_VALUES) },
	};
	sqlite3_stmt *st;
	size_t i = 0, k;
	int many, rc;

	while (i < n) {
		many = n - i >= BULK_ROWS;
		if ((st = ceu_db_stmt(db, sql[attempts][many])) == NULL)
			return db->code;
		for (k = 0; k < (many ? BULK_ROWS : 1); k++, i++)
			if ((rc = attempts ? bind_attempt(db, st, (int)k, b,
			    &b->att[i]) : bind_round(db, st, (int)k,
			    &b->round[i])) != CEU_OK)
				return rc;
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return ceu_db_sqlfail(db, attempts ?
			    "cannot record the attempt" :
			    "cannot open exam round");
	}
	return CEU_OK;
}

int
ceu_exam_bulk_write(struct ceu_db *db, struct ceu_exam_bulk *b)
{
	int rc;

	if ((rc = bulk_insert(db, b, 0, b->nround)) != CEU_OK ||
	    (rc = bulk_insert(db, b, 1, b->natt)) != CEU_OK)
		return rc;
	b->nround = b->natt = 0;
	if ((rc = credits_flush(db, b->credits)) != CEU_OK)
		return rc;
	/* Leave no dirty page in the cache: the next chunk's statements
	 * then never spill one, which would copy it to the statement
	 * journal first (twice the writes). */
	if ((rc = sqlite3_db_cacheflush(db->sql)) != SQLITE_OK)
		return ceu_db_rcfail(db, rc, "cannot record the attempt");
	/* The next chunk reads its people afresh. */
	memset(b->slot, 0, b->nslot * sizeof(*b->slot));
	b->nused = b->nseen = b->keys_len = 0;
	b->next_round = b->next_attempt = 0;
	return CEU_OK;
}

int
ceu_exam_attempt_exists(struct ceu_db *db, long long person_id, int year,
    int date, int score, int *exists)
{
	static const char sql[] = "SELECT 1 FROM exam_attempt a JOIN "
	    "exam_round r ON a.round_id = r.id WHERE r.person_id = ?1 AND "
	    "r.year = ?2 AND a.date = ?3 AND a.score = ?4 AND " LIVE("a")
	    " LIMIT 1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	char d[11];
	int rc;

	*exists = 0;
	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_text(st, 3, ceu_date_format(date, d), -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 4, score);
	rc = sqlite3_step(st);
	*exists = rc == SQLITE_ROW;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "exam attempt");
	return CEU_OK;
}

static int
makeup(struct ceu_db *db, long long person_id, int year, const char *reason)
{
	struct ceu_policy p;
	struct year_state s;
	long long id;
	int rc;

	if ((rc = ceu_policy_load(db, year, &p)) != CEU_OK ||
	    (rc = load_state(db, person_id, year, &s)) != CEU_OK)
		return rc;
	if (s.passed_on)
		return refuse_passed(db, year, &s);
	/* R6: a make-up follows a failed round, every attempt used. */
	if (s.round == 0 || s.attempts_used < p.attempts)
		return ceu_db_fail(db, CEU_EREFUSED, "no make-up for %d: "
		    "round %d has %d of %d attempts left (R6)", year,
		    s.round ? s.round : 1, p.attempts - s.attempts_used,
		    p.attempts);
	if ((rc = insert_round(db, person_id, year, s.round + 1, db->today,
	    reason, 0, &id)) != CEU_OK)
		return rc;
	return journal_row(db, "makeup", "exam_round", round_json_sql, id,
	    NULL, reason);
}

int
ceu_exam_makeup(struct ceu_db *db, long long person_id, int year,
    const char *reason)
{
	struct ceu_exam_window w;
	int rc;

	if (reason == NULL || *reason == '\0')
		return ceu_db_fail(db, CEU_EUSAGE, "a make-up round needs a "
		    "reason");
	/* R6: a make-up is dated the day it opens, during the training
	 * period (or its back-fill, R7). */
	if ((rc = ceu_exam_window(db, year, db->today, &w)) != CEU_OK)
		return rc;
	if ((rc = sp_begin(db)) != CEU_OK)
		return rc;
	return sp_end(db, makeup(db, person_id, year, reason));
}

int
ceu_exam_get_status(struct ceu_db *db, long long person_id, int year,
    struct ceu_exam_status *out)
{
	struct year_state s;
	int rc;

	if ((rc = load_state(db, person_id, year, &s)) != CEU_OK)
		return rc;
	out->round = s.round;
	out->studied = s.studied_on != 0;
	out->attempts_used = s.attempts_used;
	out->best_score = s.best_score;
	out->passed = s.passed_on != 0;
	out->passed_on = s.passed_on;
	return CEU_OK;
}

/* Person-years for the status listing: with a year every person the
 * filter names, without it the years that have rounds. */
#define EACH_WHERE "(?1 IS NULL OR p.id_no = ?1) AND " \
	"(?2 IS NULL OR p.unit_code = ?2) "
static const char each_year_sql[] = "SELECT p.id, p.id_no, p.name, ?3 "
    "FROM person p WHERE " EACH_WHERE "ORDER BY p.id_no";
static const char each_round_sql[] = "SELECT p.id, p.id_no, p.name, "
    "y.year FROM person p JOIN (SELECT DISTINCT person_id, year FROM "
    "exam_round) y ON y.person_id = p.id WHERE " EACH_WHERE
    "ORDER BY p.id_no, y.year";

int
ceu_exam_each(struct ceu_db *db, const struct ceu_exam_filter *f,
    int (*fn)(void *ctx, const struct ceu_exam_row *row), void *ctx)
{
	sqlite3_stmt *st;
	struct ceu_exam_row row;
	char id_no[32], name[256];
	int rc, stop = 0;

	st = ceu_db_stmt(db, f->year ? each_year_sql : each_round_sql);
	if (st == NULL)
		return db->code;
	if (f->id_no)
		sqlite3_bind_text(st, 1, f->id_no, -1, SQLITE_STATIC);
	if (f->unit_code)
		sqlite3_bind_text(st, 2, f->unit_code, -1, SQLITE_STATIC);
	if (f->year)
		sqlite3_bind_int(st, 3, f->year);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		row.person_id = sqlite3_column_int64(st, 0);
		snprintf(id_no, sizeof(id_no), "%s", ceu_col_text(st, 1));
		snprintf(name, sizeof(name), "%s", ceu_col_text(st, 2));
		row.id_no = id_no;
		row.name = name;
		row.year = sqlite3_column_int(st, 3);
		if ((rc = ceu_exam_get_status(db, row.person_id, row.year,
		    &row.status)) != CEU_OK) {
			sqlite3_reset(st);
			return rc;
		}
		stop = fn(ctx, &row);
	}
	sqlite3_reset(st);
	if (stop)
		return stop;
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "exam status");
	return CEU_OK;
}
