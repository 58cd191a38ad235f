/*
 * rules.h - the verdict on a person's year (R2, R2a) and what it lacks:
 * for one person, or streamed over every person of a scope, so that
 * reports, certificates and gates share one source.
 *
 * All arithmetic is on integer tenths of an hour: R2's "professional hours
 * >= 2/3 of total" is tested as den*prof >= num*basis, never with floating
 * point; the basis is the person's total or the policy's total_hours, as
 * the policy's professional_share_basis says.  Only approved hours count
 * (R2a); pending hours are carried for display.
 *
 *	struct ceu_year_stream ys;
 *	ceu_rules_stream_open(db, &ys, 2023, &scope);
 *	for each person of scope, ascending by id:
 *		ceu_rules_stream_take(db, &ys, pid, &hours, &verdict);
 *	ceu_rules_stream_close(&ys);
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
	long professional_needed; /* fewest professional tenths to comply,
				     by the policy's share basis (R2) */
	/* Why the year fails, as data: ceu_rules_reason says it in words. */
	int exam_missing;	/* R2a: the public required course */
	int total_short;	/* R2: total_hours < total_required */
	int share_short;	/* R2: professional below share_num/share_den */
	long total_required;	/* the policy's total, tenths */
	int share_num, share_den;
	int share_required;	/* the share is of total_required (policy
				   required), not of total_hours */
	long share_needed;	/* under it: share_num/share_den of
				   total_required, tenths rounded up */
	int share_permille;	/* else professional of total, per mille,
				   rounded down so that it never shows as
				   meeting the bound it fails */
	char reason[160];	/* "" when compliant, else the reasons in
				   English (ceu_rules_reason) */
};

/* R2, R2a: judge h under policy p.  Pure: no database. */
void ceu_rules_verdict(const struct ceu_policy *p,
    const struct ceu_year_hours *h, struct ceu_verdict *v);

/* Why v fails, in lang (values.h) into buf, "" when it does not:
 * "public exam not passed; total 75 < 90; professional 54.5% < 2/3", or
 * "公需科目考试未通过；总学时 75 < 90；专业科目占 54.5%，低于三分之二"
 * (under the required basis "professional 55 < 60 (2/3 of 90)",
 * "专业科目 55 < 60（90 的三分之二）"); the same numbers in every
 * language, only the words differ.  Returns buf (size of at least 160
 * bytes holds any reason). */
char *ceu_rules_reason(const struct ceu_verdict *v, int lang, char *buf,
    size_t size);

/* R2: den*professional >= num*basis on tenths, the basis total (policy
 * actual) or p->total_hours (policy required). */
int ceu_rules_share_ok(const struct ceu_policy *p, long professional,
    long total);

/* R2a, R5: the year's public required exam is passed when the person has
 * an approved record of the year with source 'exam' and ref 'exam', the
 * credit that ceu_exam_attempt writes on a pass.  This SQL condition on a
 * record aliased x, with ?1 the year, is that definition (status_code 1:
 * approved, schema.sql); the partial index record_exam_pass covers it. */
#define CEU_RULES_EXAM_PASSED(x) x ".source = 'exam' AND " x ".ref = 'exam' " \
	"AND " x ".status_code = 1 AND " x ".year = ?1"

/* Sum one person's year from the records (approved by subject, pending)
 * and whether the year's exam is passed (CEU_RULES_EXAM_PASSED). */
int ceu_rules_year_hours(struct ceu_db *db, long long person_id, int year,
    struct ceu_year_hours *h);

/* One person's year: hours and verdict under year's policy. */
int ceu_rules_person_year(struct ceu_db *db, long long person_id, int year,
    struct ceu_year_hours *h, struct ceu_verdict *v);

/* Which persons a stream (and a report) covers. */
enum ceu_scope_kind {
	CEU_SCOPE_ALL, CEU_SCOPE_UNIT, CEU_SCOPE_CITY, CEU_SCOPE_INDUSTRY
};
struct ceu_scope {
	int kind;		/* enum ceu_scope_kind */
	const char *value;	/* credit code, city code or industry */
};

/* R1: whether the unit, city or industry of scope is on the register
 * (a unit with that code, city code or industry): CEU_OK, or
 * CEU_EREFUSED and why in db->msg, so that a mistyped scope is an error
 * rather than an empty report.  CEU_SCOPE_ALL is always CEU_OK. */
int ceu_rules_scope_check(struct ceu_db *db, const struct ceu_scope *scope);

/*
 * A year stream: one year's records and exam passes of a scope, both in
 * person order, taken person by person as the persons stream advances.
 * It owns its statements (not the cache's), so that two years can be
 * streamed at once (title: R13 looks at the year before too).
 */
struct ceu_year_stream {
	struct ceu_policy pol;
	sqlite3_stmt *rs, *xs;
	long long rpid, xpid;
};

/* Open a stream over year's records of scope.  CEU_OK, or a failure
 * (policy, database) with nothing left open. */
int ceu_rules_stream_open(struct ceu_db *db, struct ceu_year_stream *ys,
    int year, const struct ceu_scope *scope);

/* Person pid's hours and verdict.  Persons must come in ascending id
 * order; what belongs to persons in between is skipped. */
int ceu_rules_stream_take(struct ceu_db *db, struct ceu_year_stream *ys,
    long long pid, struct ceu_year_hours *h, struct ceu_verdict *v);

void ceu_rules_stream_close(struct ceu_year_stream *ys);

#endif
