/*
 * rules.h - the verdict on a person's year (R2, R2a) and what it lacks.
 *
 * All arithmetic is on integer tenths of an hour: R2's "professional hours
 * >= 2/3 of total" is tested as den*prof >= num*total, never with floating
 * point.  Only approved hours count (R2a); pending hours are
 * carried for display.
 */
#ifndef CEU_RULES_H
#define CEU_RULES_H

#include "db.h"
#include "policy.h"

/* A person's hours of one year, in tenths, by what counts. */
struct ceu_year_hours {
	long public_required;	/* approved */
	long public_elective;	/* approved */
	long professional;	/* approved */
	long pending;		/* pending, any subject: counts for nothing */
	int exam_passed;	/* R2a: the year's public required course */
};

struct ceu_verdict {
	long public_hours;	/* public required + elective */
	long professional_hours;
	long total_hours;
	int hours_ok;		/* R2 */
	int compliant;		/* R2a: exam passed and R2 */
	long professional_needed; /* fewest professional tenths to comply */
	char reason[160];	/* "" when compliant, else the reasons in words */
};

/* R2, R2a: judge h under policy p.  Pure: no database. */
void ceu_rules_verdict(const struct ceu_policy *p,
    const struct ceu_year_hours *h, struct ceu_verdict *v);

/* R2: den*professional >= num*total on tenths. */
int ceu_rules_share_ok(const struct ceu_policy *p, long professional,
    long total);

/* R2a, R5: the year's public required exam is passed when the person has
 * an approved record of the year with source 'exam' and ref 'exam', the
 * credit that ceu_exam_attempt writes on a pass.  This SQL condition on a
 * record aliased x, with ?1 the year, is that definition; the partial
 * index record_exam_pass covers it. */
#define CEU_RULES_EXAM_PASSED(x) x ".source = 'exam' AND " x ".ref = 'exam' " \
	"AND " x ".status = 'approved' AND " x ".year = ?1"

/* Sum one person's year from the records (approved by subject, pending)
 * and whether the year's exam is passed (CEU_RULES_EXAM_PASSED). */
int ceu_rules_year_hours(struct ceu_db *db, long long person_id, int year,
    struct ceu_year_hours *h);

#endif
