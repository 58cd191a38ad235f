/*
 * register.h - one person's records at the counter (SPEC "ceu-register"):
 * a person's own registration (R4, R5, R8, R9, R10), its withdrawal, and
 * the listing of records with the SPEC's record columns, which ceu-audit
 * and ceu-report reuse.
 *
 *	struct ceu_record_filter f = { .id_no = "4501...", .status = -1 };
 *	ceu_records_each(db, &f, print_row, ctx);
 */
#ifndef CEU_REGISTER_H
#define CEU_REGISTER_H

#include <stddef.h>

#include "out.h"
#include "db.h"
#include "person.h"

/* A person's own registration of one activity. */
struct ceu_registration {
	long long person_id;
	int year;
	int subject;		/* CEU_PROFESSIONAL or CEU_PUBLIC_ELECTIVE */
	int category;		/* enum ceu_category (R8); -1 only for a
				   public elective */
	long hours;		/* tenths, > 0 */
	const char *title;
	int date;		/* yyyymmdd */
	int end_date;		/* yyyymmdd, or 0 */
	const char *filing_no;	/* a filed class, or NULL */
	const char *evidence;	/* or NULL */
};

/* The person whose ID number text names (normalised first): CEU_OK and
 * out filled, id (19 bytes) the canonical number; CEU_EUSAGE when text is
 * no valid ID number ("invalid ID number X (check digit)"); CEU_EREFUSED
 * when nobody has it. */
int ceu_register_find_person(struct ceu_db *db, const char *text,
    char id[19], struct ceu_person *out);

/* R1: add or update a person as ceu_person_upsert does, except that an
 * unknown unit is CEU_EREFUSED (not found) with what to do in db->msg. */
int ceu_register_person(struct ceu_db *db, struct ceu_person *p, int *what);

/* Register r as a pending self record, journaled; *id is the new record.
 * CEU_EREFUSED with the rule in db->msg when: the subject is public
 * required (R5: credited by the exam), the category is missing (R8), a
 * date lies outside the year (R9), db->today is past the year's
 * registration deadline (R9), the filing is unknown or has fewer hours
 * (R10), or the activity is already on the archive (R10, saying where
 * from; *id is then that record). */
int ceu_register_add(struct ceu_db *db, const struct ceu_registration *r,
    long long *id);

/* Withdraw record id, pending only (approved, rejected ones are the
 * audit's business): CEU_EREFUSED otherwise or when there is no such
 * record.  Nothing is deleted; the change is journaled (R16). */
int ceu_register_withdraw(struct ceu_db *db, long long id,
    const char *reason);

/* Which records to list; empty fields do not filter. */
struct ceu_record_filter {
	const char *id_no;	/* canonical ID number, or NULL */
	const char *unit_code;	/* or NULL */
	int year;		/* or 0 */
	int status;		/* enum ceu_status, or -1 */
};

/* One record as listed; strings valid during the callback only. */
struct ceu_record_row {
	long long id;
	const char *id_no, *name, *unit_code;
	int year;
	const char *subject, *category;	/* category "" when none */
	long hours;			/* tenths */
	const char *title, *date, *end_date;	/* dates YYYY-MM-DD or "" */
	const char *source, *filing_no, *ref, *status;
	long long batch;		/* 0 when none */
	const char *evidence;
};

/* Call fn for each record matching f, ordered by ID number, year, date and
 * record id; stops at fn's first non-zero return, which is returned. */
int ceu_records_each(struct ceu_db *db, const struct ceu_record_filter *f,
    int (*fn)(void *ctx, const struct ceu_record_row *row), void *ctx);

/* The SPEC's record columns, for ceu_out_open. */
extern const struct ceu_out_col ceu_record_cols[];
#define CEU_RECORD_NCOLS 17

/* Text for each column of row into values, using buf (at least
 * CEU_RECORD_BUFSIZE bytes) for the numbers.  values[1] is the whole ID
 * number: the caller masks it. */
#define CEU_RECORD_BUFSIZE 128
void ceu_record_row_values(const struct ceu_record_row *row,
    const char *values[CEU_RECORD_NCOLS], char *buf);

#endif
