/*
 * report.h - what ceu-report prints: the verdicts on people's years
 * (compliance, title R13, assessment R14), transcripts, summaries by unit,
 * city or industry, open deadlines, the back-fill backlog (R7) and the
 * journal.
 *
 * Every verdict comes from rules.h (ceu_rules_verdict, on hours summed by
 * its year streams), so that a report, a certificate and a gate can never
 * disagree.  The report functions stream: they call fn once per row, with
 * strings that stay valid only during the call, and stop at fn's first
 * non-zero return (which they return).  Memory does not grow with the number
 * of persons.
 *
 *	struct ceu_scope all = { CEU_SCOPE_ALL, NULL };	(rules.h)
 *	rc = ceu_report_compliance(db, 2023, &all, print_row, out);
 *
 * Returns are CEU_OK, fn's non-zero value, or an error code with db->msg.
 */
#ifndef CEU_REPORT_H
#define CEU_REPORT_H

#include "db.h"
#include "record.h"
#include "rules.h"

/* One person's year, as compliance, assessment and deadlines see it. */
struct ceu_report_person {
	long long id;
	const char *id_no;
	const char *name;
	const char *unit_code;
	int year;
	struct ceu_year_hours hours;
	struct ceu_verdict verdict;	/* R2, R2a */
};

typedef int (*ceu_report_person_fn)(void *ctx,
    const struct ceu_report_person *row);

/* Every person of scope on the register (those without records too), in
 * person order, with year's hours and verdict.  One ordered pass over the
 * record_year_person index merged with the persons. */
int ceu_report_compliance(struct ceu_db *db, int year,
    const struct ceu_scope *scope, ceu_report_person_fn fn, void *ctx);

/* R14: excellent may be rated only when the year is complete (R2a). */
int ceu_report_excellent_allowed(const struct ceu_verdict *v);

/* R13: a title application for year. */
struct ceu_title {
	int current_exam_passed;	/* required: year's course passed */
	int previous_compliant;		/* reference: year - 1 complete */
	int eligible;			/* = current_exam_passed */
	char reason[200];		/* "" when eligible */
};

/* R13 for one person. */
int ceu_report_title(struct ceu_db *db, long long person_id, int year,
    struct ceu_title *t);

/* R13 for every person of scope, in person order: one pass over both
 * years' records, like compliance. */
int ceu_report_titles(struct ceu_db *db, int year,
    const struct ceu_scope *scope,
    int (*fn)(void *ctx, const struct ceu_report_person *p,
    const struct ceu_title *t), void *ctx);

/* One row of a transcript: a record (kind "record", record set) or a
 * year's total and verdict (kind "total", record NULL). */
struct ceu_transcript_row {
	const char *kind;
	int year;
	const struct ceu_record_row *record;	/* kind "record" */
	struct ceu_year_hours totals;		/* kind "total" */
	struct ceu_verdict verdict;		/* kind "total" */
};

/* The person's archive: every record by year, date and id (the listing
 * of record.h); after each year's records, that year's total.  year 0:
 * every year with records, or the year of db->today when there are none;
 * otherwise only year (a total row even without records).  A person not
 * on the register is CEU_EREFUSED. */
int ceu_report_transcript(struct ceu_db *db, const char *id_no, int year,
    int (*fn)(void *ctx, const struct ceu_transcript_row *row), void *ctx);

/* Summary of a year by unit, city or industry. */
enum ceu_summary_by { CEU_BY_UNIT, CEU_BY_CITY, CEU_BY_INDUSTRY };
struct ceu_summary_row {
	const char *key;
	long persons;
	long compliant;
	long exam_passed;
	long pending_records;	/* of the year, pending now */
	long late_audits;	/* records of the year decided late (R11) */
	long certificates;	/* valid certificates of the year (R12) */
};
/* Rows in key order; groups are the keys that have persons. */
int ceu_report_summary(struct ceu_db *db, int year, int by,
    int (*fn)(void *ctx, const struct ceu_summary_row *row), void *ctx);

/* compliant of persons as a percent with one decimal, rounded half up:
 * "81.3", "100.0", "0.0" when persons is 0.  buf of at least 16 bytes. */
char *ceu_report_rate(long compliant, long persons, char *buf);

/* An open item with its deadline (for cron mail). */
struct ceu_deadline {
	const char *what;	/* "exam", "hours" or "audit" */
	const char *id_no;	/* NULL for a unit's row */
	const char *unit_code;
	int year;
	int deadline;		/* yyyymmdd */
	long days_left;
};
/* What is open and due on a deadline d with today <= d <= today + within
 * (db->today): for years Y-1 and Y of today, people without the year's
 * exam passed ("exam") or whose approved hours fail R2 ("hours") when
 * the registration deadline (R6, R9) is in the window; units with
 * pending records of a year when its audit deadline (R11) is, and after
 * it, overdue (days_left < 0), until they are decided.  Rows by year,
 * then people in person order, then units in code order. */
int ceu_report_deadlines(struct ceu_db *db, int within,
    int (*fn)(void *ctx, const struct ceu_deadline *row), void *ctx);

/* R7: a back-fill year whose public required course is not passed. */
struct ceu_backlog {
	const char *id_no, *name, *unit_code;
	int year;
	int round;		/* current exam round, 0 if none */
	int attempts_used;	/* in that round */
	int deadline;		/* year's registration deadline (R7) */
};
/* For each back-fill year backfill_from .. backfill_to of year's own
 * policy row (none when it has none), every person of scope on the
 * register without that year's exam passed. */
int ceu_report_backlog(struct ceu_db *db, int year,
    const struct ceu_scope *scope,
    int (*fn)(void *ctx, const struct ceu_backlog *row), void *ctx);

/*
 * The columns of each report's output (SPEC "ceu-report"), and a row's
 * values as text for out.h: numbers written into buf (at least
 * CEU_REPORT_BUFSIZE bytes), ID numbers whole (the caller masks them),
 * words in English (out.h says them in Chinese), the reasons of a
 * verdict in lang (values.h: rules.h builds them).
 */
#define CEU_REPORT_BUFSIZE 384

/* R2, R2a: the verdict columns of compliance and of a transcript's
 * totals. */
#define CEU_REPORT_VERDICT_NCOLS 8
extern const struct ceu_out_col ceu_report_verdict_cols[];
void ceu_report_verdict_values(const struct ceu_year_hours *h,
    const struct ceu_verdict *v, int lang, const char **out, char *buf);

/* compliance: the person (id_no, name, unit_code), then the verdict. */
#define CEU_REPORT_COMPLIANCE_NCOLS (3 + CEU_REPORT_VERDICT_NCOLS)
extern const struct ceu_out_col ceu_report_compliance_cols[];
void ceu_report_compliance_values(const struct ceu_report_person *p,
    int lang, const char **out, char *buf);

/* summary: the group's key (named by by: unit_code, city_code or
 * industry) and its counts. */
#define CEU_REPORT_SUMMARY_NCOLS 8
const struct ceu_out_col *ceu_report_summary_cols(int by);
void ceu_report_summary_values(const struct ceu_summary_row *s,
    const char **out, char *buf);

/* deadlines: what, id_no, unit_code, year, deadline, days_left. */
#define CEU_REPORT_DEADLINE_NCOLS 6
extern const struct ceu_out_col ceu_report_deadline_cols[];
void ceu_report_deadline_values(const struct ceu_deadline *d,
    const char **out, char *buf);

/* backlog: id_no, name, unit_code, year, round, attempts_used,
 * deadline. */
#define CEU_REPORT_BACKLOG_NCOLS 7
extern const struct ceu_out_col ceu_report_backlog_cols[];
void ceu_report_backlog_values(const struct ceu_backlog *b,
    const char **out, char *buf);

#endif
