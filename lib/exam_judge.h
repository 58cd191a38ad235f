/*
 * exam_judge.h - what exam.c and exam_bulk.c share: a person-year's
 * state put together from its rows, the one judge of an attempt (R3, R6,
 * R7), the study it implies and the credit of a pass (R5).  Internal to
 * libceu; the contract is exam.h.
 *
 * exam.c holds the rules and judges an attempt at a time; exam_bulk.c an
 * import's attempts a chunk at a time, with the same state and the same
 * judge, so that both routes take and refuse the same attempts.
 */
#ifndef CEU_EXAM_JUDGE_H
#define CEU_EXAM_JUDGE_H

#include "exam.h"
#include "policy.h"
#include "record.h"

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

/*
 * A person-year's state is put together from its rows, one per attempt
 * (or per round without one), by exam_state_add: the same code whether
 * one person-year is read (exam.c) or a chunk of an import's at once
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

/* yyyymmdd of a 'YYYY-MM-DD' column, 0 when NULL or malformed. */
int exam_col_date(sqlite3_stmt *st, int i);

/* s as for a person-year with no round. */
void exam_state_init(struct year_state *s);

/* Add row st (STATE_COLS) to s; whether it is a live attempt. */
int exam_state_add(struct year_state *s, sqlite3_stmt *st);

/* What the current round needs before an attempt (exam_judge_round). */
enum { ROUND_READY, ROUND_OPEN, ROUND_STUDY };

/*
 * R3, R6: whether the current round of s takes an attempt dated date, and
 * what it needs first: nothing (ROUND_READY); round 1 opened and studied
 * on date (ROUND_OPEN) or the round's study on date (ROUND_STUDY), the
 * study implied.  Reads and writes nothing; a refusal is said in db->msg.
 * The one judge of an attempt, one at a time or a chunk's.
 */
int exam_judge_round(struct ceu_db *db, int year, int date,
    int implied_study, const struct ceu_policy *p,
    const struct year_state *s, int *need);

/* R3: mark round id studied on date, journaled when journal is set, with
 * why it is entered late (or NULL). */
int exam_mark_studied(struct ceu_db *db, long long id, int date,
    int journal, const char *late);

/*
 * An import's credits (R5), gathered instead of written one statement
 * each: exam_credit adds a pass's two records, exam_bulk.c writes them
 * all with one ceu_record_add_many.  No attempt reads the credits back (a
 * year's pass is its attempt's), so writing them later changes nothing
 * the rules see; they are written with their chunk, and before there is
 * no room for one more pass.
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
int exam_credit(struct ceu_db *db, long long person_id, int year, int date,
    long long batch, int late, const struct ceu_policy *p,
    struct exam_credits *sink);

#endif
