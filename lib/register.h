/*
 * register.h - one person's records at the counter (SPEC "ceu-register"):
 * the person found or added by the clerk, a person's own registration (R4,
 * R5, R8, R9, R10) and its withdrawal.
 *
 *	struct ceu_registration r = { .person_id = p.id, .year = 2023, ... };
 *	if (ceu_register_add(db, &r, &id) != CEU_OK) ... db->msg ...
 */
#ifndef CEU_REGISTER_H
#define CEU_REGISTER_H

#include "db.h"
#include "person.h"

/* A person's own registration of one activity. */
struct ceu_registration {
	long long person_id;
	int year;
	int subject;		/* CEU_PROFESSIONAL or CEU_PUBLIC_ELECTIVE;
				   -1: professional, or the filing's */
	int category;		/* enum ceu_category (R8); -1 only for a
				   public elective or to take the filing's */
	long hours;		/* tenths, > 0 */
	const char *title;	/* NULL with a filing: the class's */
	int date;		/* yyyymmdd; 0 with a filing: the class's */
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
 * With a filing (R10) the record takes the class's subject, category and
 * dates (a value given must be the class's: a date within its days) and
 * claims at most its hours.  CEU_EREFUSED with the rule in db->msg when:
 * the subject is public required (R5: credited by the exam), the category
 * is missing (R8), a date lies outside the year (R9), db->today is past
 * the year's registration deadline (R9), the filing is unknown, has fewer
 * hours or says otherwise (R10), or the activity is already on the
 * archive by its key or by its title and date (R10, saying where from;
 * *id is then that record).  CEU_EDATA for what no record may be
 * (ceu_record_check: a blank title, too many hours, dated after today). */
int ceu_register_add(struct ceu_db *db, const struct ceu_registration *r,
    long long *id);

/* Withdraw record id, pending only (approved, rejected ones are the
 * audit's business): CEU_EREFUSED otherwise or when there is no such
 * record.  Nothing is deleted; the change is journaled (R16). */
int ceu_register_withdraw(struct ceu_db *db, long long id,
    const char *reason);

#endif
