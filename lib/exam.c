/*
 * exam.c - the public required course and its exam (R3, R5, R6, R7):
 * the rules, a person-year's state and the one judge of an attempt, and
 * the counter's path (ceu-exam), a study, attempt or make-up at a time.
 * See exam.h for the contract, exam_judge.h for what exam_bulk.c shares.
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
 * ceu-import exams goes by chunks (exam_bulk.c): its person-years' state
 * is put together by the same exam_state_add, its attempts are judged by
 * the same exam_judge_round and a pass credited by the same exam_credit.
 */
#include <stdio.h>
#include <string.h>

#include "exam_judge.h"
#include "journal.h"
#include "seal.h"
#include "values.h"

/* yyyymmdd of a 'YYYY-MM-DD' column, 0 when NULL or malformed. */
int
exam_col_date(sqlite3_stmt *st, int i)
{
	int ymd;

	if (sqlite3_column_type(st, i) == SQLITE_NULL ||
	    ceu_date_parse(ceu_col_text(st, i), &ymd) != 0)
		return 0;
	return ymd;
}

/* s as for a person-year with no round. */
void
exam_state_init(struct year_state *s)
{
	memset(s, 0, sizeof(*s));
	s->best_score = -1;
}

/* Add row st (STATE_COLS) to s; whether it is a live attempt. */
int
exam_state_add(struct year_state *s, sqlite3_stmt *st)
{
	int round = sqlite3_column_int(st, S_ROUND), live, date, n;

	if (round > s->round) {		/* a later round: the current one */
		s->round_id = sqlite3_column_int64(st, S_ROUND_ID);
		s->round = round;
		s->opened_on = exam_col_date(st, S_OPENED);
		s->studied_on = exam_col_date(st, S_STUDIED);
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
	date = exam_col_date(st, S_DATE);
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

	exam_state_init(s);
	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_int(st, 2, year);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		exam_state_add(s, st);
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

/* R3: mark round id studied on date, journaled when journal is set, with
 * why it is entered late (or NULL). */
int
exam_mark_studied(struct ceu_db *db, long long id, int date, int journal,
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
	return exam_mark_studied(db, id, date, 1, late);
}

int
ceu_exam_study(struct ceu_db *db, long long person_id, int year, int date,
    const char *late_reason)
{
	int rc, late;

	if ((rc = ceu_exam_check_entry(db, year, &date, 0, late_reason,
	    &late)) != CEU_OK)
		return rc;
	if ((rc = sp_begin(db)) != CEU_OK)
		return rc;
	return sp_end(db, study(db, person_id, year, date,
	    late ? late_reason : NULL));
}

/* R5, R7: a pass credits study and exam hours to year (not to the year
 * of the exam) as approved public_required records dated date, marked
 * late when entered late (R6); into sink when not NULL (an import's),
 * else written now. */
int
exam_credit(struct ceu_db *db, long long person_id, int year, int date,
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

/*
 * R3, R6: whether the current round of s takes an attempt dated date, and
 * what it needs first: nothing (ROUND_READY); round 1 opened and studied
 * on date (ROUND_OPEN) or the round's study on date (ROUND_STUDY), the
 * study implied.  Reads and writes nothing; a refusal is said in db->msg.
 * The one judge of an attempt, one at a time or a chunk's.
 */
int
exam_judge_round(struct ceu_db *db, int year, int date, int implied_study,
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

	if ((rc = exam_judge_round(db, year, date, implied_study, p, s,
	    &need)) != CEU_OK || need == ROUND_READY)
		return rc;
	s->studied_on = date;
	if (need == ROUND_OPEN) {
		s->round = 1;
		return insert_round(db, person_id, year, 1, date, NULL, 1,
		    &s->round_id);
	}
	return exam_mark_studied(db, s->round_id, date, 0, NULL);
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
	return exam_credit(db, person_id, year, in->date, in->batch,
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
	if ((rc = ceu_exam_check_entry(db, year, &in.date, batch != 0,
	    late_reason, &late)) != CEU_OK)
		return rc;
	in.late = late ? late_reason : NULL;
	if ((rc = sp_begin(db)) != CEU_OK)
		return rc;
	if ((rc = attempt(db, person_id, year, &in, passed)) != CEU_OK)
		*passed = 0;
	return sp_end(db, rc);
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
