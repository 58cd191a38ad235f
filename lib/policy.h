/*
 * policy.h - the per-year policy table (RULES "Policy defaults").
 *
 * Each key of a year is taken from the nearest year at or before it that
 * has the key; a year before every row uses the earliest row that has it.
 * The back-fill keys (R7) are the exception: they belong to the year whose
 * row sets them, and a year without them grants no back-fill.  Numbers
 * never live in code: the 2023 defaults are rows that `ceu init` writes.
 *
 * Values are checked when a row is set (ceu_policy_set: a deadline
 * template must name a day of every year, so not 02-29) and again when a
 * year is loaded, with what its keys must say together.
 */
#ifndef CEU_POLICY_H
#define CEU_POLICY_H

#include "db.h"

/* R2: what the professional share is a share of. */
enum ceu_share_basis {
	CEU_BASIS_ACTUAL,	/* the person's own total (the notice's words) */
	CEU_BASIS_REQUIRED	/* total_hours: 60 of 90, whatever the total */
};

struct ceu_policy {
	int year;			/* the year this policy is for */
	long total_hours;		/* R2, tenths */
	int share_num, share_den;	/* R2: professional share, 2/3 */
	long study_hours;		/* R3, tenths */
	long exam_hours;		/* R3, tenths */
	int attempts;			/* R6: per round */
	int pass_score;			/* R6, tenths of a point */
	int registration_deadline;	/* R9: yyyymmdd, for this year */
	int audit_deadline;		/* R11: yyyymmdd, for this year */
	int backfill_from, backfill_to;	/* R7: the years this year's notice
					   opens, 0 when it opens none */
	long max_record_hours;		/* tenths: the most one record holds */
	int share_basis;		/* R2: enum ceu_share_basis */
	char theme[256];		/* R3 */
};

/* The key/value rows of the 2023 notice, ended by { NULL, NULL }: what
 * ceu init writes as year 2023. */
extern const char *const ceu_policy_2023[][2];

/* The keys a policy row may have, NULL-terminated. */
extern const char *const ceu_policy_keys[];

/* Load the policy in force for year.  Returns CEU_OK, or CEU_EDATA when a
 * key is missing, its value is malformed, or the keys disagree (an audit
 * deadline before the registration deadline, half a back-fill window):
 * the message names year and key. */
int ceu_policy_load(struct ceu_db *db, int year, struct ceu_policy *p);

/* Call fn for each key in force for year, in key order, with the year its
 * value comes from; stops at fn's first non-zero return. */
int ceu_policy_each(struct ceu_db *db, int year,
    int (*fn)(void *ctx, int year, const char *key, const char *value,
    int from_year), void *ctx);

/* Check one key/value pair for a row of any year: CEU_OK or CEU_EDATA
 * with the reason in db->msg. */
int ceu_policy_check(struct ceu_db *db, const char *key, const char *value);

/* Set year's key to value, checked as ceu_policy_check does and for year
 * (back-fill years before it, a plain deadline not before it): CEU_OK
 * with *what (enum ceu_upsert); a change is journaled with before and
 * after (R16: the numbers of the rules).  CEU_EDATA for a bad key or
 * value.  What keys say together is checked by ceu_policy_load. */
int ceu_policy_set(struct ceu_db *db, int year, const char *key,
    const char *value, int *what);

/* Resolve a deadline value for year: "YYYY-12-31", "(YYYY+1)-01-31" or a
 * plain date.  Returns 0 and *ymd, or -1 if malformed. */
int ceu_policy_deadline(const char *value, int year, int *ymd);

#endif
