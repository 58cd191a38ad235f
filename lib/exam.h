/*
 * exam.h - the public required course and its exam (R3, R5, R6, R7): the
 * one place for the rule, used by ceu-exam and by ceu-import exams alike.
 *
 * A person-year has rounds; round 1 opens with the first study or
 * attempt.  A round needs the course studied before its first attempt and
 * has exam_attempts_per_round attempts; a make-up opens the next round
 * after a failed one.  A pass credits study + exam hours to the year as
 * two approved public_required records with activity keys
 * exam:<year>:study and exam:<year>:exam (R5), whatever year the exam is
 * taken in (R7).
 */
#ifndef CEU_EXAM_H
#define CEU_EXAM_H

#include "db.h"
#include "record.h"

struct ceu_exam_status {
	int round;		/* current round, 0 if none */
	int studied;		/* the current round's study is done */
	int attempts_used;	/* in the current round */
	int best_score;		/* tenths of a point, -1 if no attempt */
	int passed;
	int passed_on;		/* yyyymmdd, or 0 */
};

/* R6, R7: the deadlines that the course of year, for work dated date,
 * answers to: year's own when the work is dated by year's registration
 * deadline; else, when the work is dated in a later year whose own policy
 * row opens year for back-fill (backfill_from..backfill_to), that later
 * year's, the work dated by its deadline. */
struct ceu_exam_window {
	int year;		/* the year whose deadlines apply */
	int deadline;		/* its registration deadline (R6) */
	int audit_deadline;	/* its audit deadline (R11) */
};

/* The window of work of year dated date (yyyymmdd): CEU_OK and *w, or
 * CEU_EREFUSED with the rule and the deadline in db->msg (a year not yet
 * begun on db->today, work dated after its deadline and outside any
 * back-fill). */
int ceu_exam_window(struct ceu_db *db, int year, int date,
    struct ceu_exam_window *w);

/*
 * Study and attempts are judged by their own date (R6): dated after the
 * window's deadline they are refused, whenever and however they come.
 * Dated in time they may be entered late: at the counter after the
 * deadline only with late_reason (journaled, the credits marked late);
 * by an import (batch != 0) until the audit deadline, then only with
 * late_reason.  late_reason is NULL when none is given.
 */

/* R6, R7: whether work of year dated *date (0: today, filled in) may be
 * entered on db->today, by an import (imported) or at the counter: CEU_OK
 * with *late 0 in time, 1 late with late_reason; CEU_EREFUSED (dated
 * after its deadline, or late without a reason) or CEU_EDATA (dated before
 * the year or after today) with why in db->msg.  ceu_exam_study and
 * ceu_exam_attempt ask it themselves. */
int ceu_exam_check_entry(struct ceu_db *db, int year, int *date,
    int imported, const char *late_reason, int *late);

/* R3: the course studied for year in the current round (opening round 1
 * if none).  date is yyyymmdd (0: today). */
int ceu_exam_study(struct ceu_db *db, long long person_id, int year,
    int date, const char *late_reason);

/* R6: one attempt with score in tenths of a point.  implied_study: the
 * online exam system allows no exam without the study, so an imported
 * attempt records the round's study itself.  A pass credits the hours
 * (R5, R7).  *passed is set.  CEU_EREFUSED when refused (no study, the
 * round's attempts used up, already passed, dated after the deadline,
 * entered after it without a reason), with the rule and what to do in
 * db->msg. */
int ceu_exam_attempt(struct ceu_db *db, long long person_id, int year,
    int score, int date, int implied_study, long long batch,
    const char *late_reason, int *passed);

/*
 * An import's attempts a chunk at a time, judged by the same rules as
 * ceu_exam_attempt with the study implied (R3, R5, R6, R7), in the
 * order given: the state of the chunk's person-years read by one query,
 * the rounds and attempts it adds written by multi-row statements, each
 * row sealed (R16), the credits of passes gathered and written with
 * them (R5).  Inside the import's transaction:
 *
 *	b = ceu_exam_bulk_new(batch, late_reason);
 *	for each chunk of rows:
 *		ceu_exam_bulk_want(b, person_id, year)	   each row's
 *		ceu_exam_bulk_load(db, b)
 *		ceu_exam_bulk_attempt(db, b, ...)	   each row, in order
 *		ceu_exam_bulk_write(db, b)
 *	ceu_exam_bulk_free(b)
 *
 * Between the load and the write nothing else may write exam rounds or
 * attempts on db.  A refused attempt writes nothing; any failure after a
 * write leaves the import to roll back.
 */
struct ceu_exam_bulk;

/* For the attempts of import batch (its id), late_reason as given with
 * --late --reason (or NULL); late_reason must outlive b. */
struct ceu_exam_bulk *ceu_exam_bulk_new(long long batch,
    const char *late_reason);

/* Free b and what it holds (call ceu_exam_bulk_write first to keep it);
 * NULL is accepted. */
void ceu_exam_bulk_free(struct ceu_exam_bulk *b);

/* The person-year (year 1900..2999) of an attempt of the chunk, to be
 * read by the next ceu_exam_bulk_load. */
void ceu_exam_bulk_want(struct ceu_exam_bulk *b, long long person_id,
    int year);

/* Read the rounds and attempts of every person-year wanted since the last
 * load, by one query.  CEU_OK or a database failure. */
int ceu_exam_bulk_load(struct ceu_db *db, struct ceu_exam_bulk *b);

/* One attempt of the chunk (score in tenths, date yyyymmdd), judged on
 * its person-year as the attempts before it in this import left it (read
 * now if it was not wanted).  CEU_OK with *added 1, *late set when
 * entered after the audit deadline with the late reason (R6, R11); or
 * *added 0 when the same attempt (date and score) is on file already, or
 * came earlier in the import.  CEU_EREFUSED or CEU_EDATA with why in
 * db->msg when refused: nothing of it written.  Any other code is a
 * database failure. */
int ceu_exam_bulk_attempt(struct ceu_db *db, struct ceu_exam_bulk *b,
    long long person_id, int year, int score, int date, int *added,
    int *late);

/* Write the rounds, attempts and credits of the attempts taken since the
 * last write, and forget the chunk's person-years.  CEU_OK, CEU_EREFUSED
 * when a credit is held already (R10: the year's credit on file for a
 * person whose attempts show no pass), or a database failure. */
int ceu_exam_bulk_write(struct ceu_db *db, struct ceu_exam_bulk *b);

/* R6: a make-up round after a failed round, opened today: refused when
 * today is after the deadline (and outside any back-fill, R7). */
int ceu_exam_makeup(struct ceu_db *db, long long person_id, int year,
    const char *reason);

int ceu_exam_get_status(struct ceu_db *db, long long person_id, int year,
    struct ceu_exam_status *s);

/* Which person-years ceu_exam_each lists; empty fields do not filter.
 * With a year, every person matching is listed for it (round 0 when not
 * begun); without, each year in which a person has a round. */
struct ceu_exam_filter {
	const char *id_no;	/* canonical ID number, or NULL */
	const char *unit_code;	/* or NULL */
	int year;		/* or 0 */
};

struct ceu_exam_row {
	long long person_id;
	const char *id_no, *name;	/* valid during the callback */
	int year;
	struct ceu_exam_status status;
};

/* Call fn for each person-year matching f, by ID number and year; stops
 * at fn's first non-zero return, which is returned. */
int ceu_exam_each(struct ceu_db *db, const struct ceu_exam_filter *f,
    int (*fn)(void *ctx, const struct ceu_exam_row *row), void *ctx);

#endif
