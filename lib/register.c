/*
 * register.c - one person's records at the counter (register.h): the
 * person, own registrations and their withdrawal.
 *
 * Every check comes before the one write, which is ceu_record_add (R10
 * and the journal live there), so that a refusal leaves nothing behind.
 */
#include <stdio.h>
#include <string.h>

#include "filing.h"
#include "ident.h"
#include "policy.h"
#include "record.h"
#include "register.h"
#include "text.h"
#include "values.h"

int
ceu_register_find_person(struct ceu_db *db, const char *text, char id[19],
    struct ceu_person *out)
{
	const char *why;
	int found, rc;

	char shown[CEU_ID_LEN + 1];

	if ((why = ceu_ident_person(text, id)) != NULL)
		return ceu_db_fail(db, CEU_EUSAGE, "invalid ID number %s (%s)",
		    ceu_ident_shown(text, db->show_id, shown), ceu_tr(why));
	if ((rc = ceu_person_find(db, id, &found, out)) != CEU_OK)
		return rc;
	if (!found)
		return ceu_db_fail(db, CEU_EREFUSED, "no person %s on the "
		    "register; add with 'ceu-register person'",
		    ceu_ident_shown(id, db->show_id, shown));
	return CEU_OK;
}

/* The longest of a person's texts over its limit, or NULL. */
static const char *
person_too_long(const struct ceu_person *p)
{
	if (strlen(p->name) > CEU_TEXT_NAME_MAX)
		return "--name";
	if (p->specialty != NULL && strlen(p->specialty) > CEU_TEXT_NAME_MAX)
		return "--specialty";
	if (p->title != NULL && strlen(p->title) > CEU_TEXT_NAME_MAX)
		return "--title";
	return NULL;
}

int
ceu_register_person(struct ceu_db *db, struct ceu_person *p, int *what)
{
	const char *opt;
	int found, rc;

	if ((opt = person_too_long(p)) != NULL)
		return ceu_db_fail(db, CEU_EDATA, "%s longer than %d bytes "
		    "(the limit)", opt, CEU_TEXT_NAME_MAX);

	if ((rc = ceu_unit_find(db, p->unit_code, &found, NULL)) != CEU_OK)
		return rc;
	/* R1: each person belongs to a unit on the register. */
	if (!found)
		return ceu_db_fail(db, CEU_EREFUSED, "unknown unit '%s' (R1); "
		    "add it first with 'ceu-import units'", p->unit_code);
	return ceu_person_upsert(db, p, 0, 1, what);
}

/* R9: the activity's dates lie in its year; and it has taken place. */
static int
check_dates(struct ceu_db *db, const struct ceu_registration *r)
{
	char d[11], t[11];
	int rc;

	if ((rc = ceu_record_check_dates(db, r->year, r->date,
	    r->end_date)) != CEU_OK)
		return rc;
	if (r->date > db->today)
		return ceu_db_fail(db, CEU_EDATA, "date %s is after today "
		    "(%s)", ceu_date_format(r->date, d),
		    ceu_date_format(db->today, t));
	return CEU_OK;
}

/* R9 (policy): registration for year Y closes on Y's deadline. */
static int
check_deadline(struct ceu_db *db, int year)
{
	struct ceu_policy p;
	char d[11];

	if (ceu_policy_load(db, year, &p) != CEU_OK)
		return db->code;
	if (db->today > p.registration_deadline)
		return ceu_db_fail(db, CEU_EREFUSED, "registration for %d "
		    "closed on %s (R9)", year,
		    ceu_date_format(p.registration_deadline, d));
	return CEU_OK;
}

/* R10: a filed class must be on file, and one cannot claim more hours
 * than it was filed with. */
static int
check_filing(struct ceu_db *db, const struct ceu_registration *r)
{
	struct ceu_filing f;
	char a[24], b[24];
	int found, rc;

	if ((rc = ceu_filing_find(db, r->filing_no, &found, &f)) != CEU_OK)
		return rc;
	if (!found)
		return ceu_db_fail(db, CEU_EREFUSED, "unknown filing '%s' "
		    "(R10); a filed class is on file before it counts",
		    r->filing_no);
	if (r->hours > f.hours)
		return ceu_db_fail(db, CEU_EREFUSED, "%s hours is more than "
		    "the %s hours filing '%s' was filed with (R10)",
		    ceu_hours_format(r->hours, a), ceu_hours_format(f.hours, b),
		    r->filing_no);
	return CEU_OK;
}

static int
check_registration(struct ceu_db *db, const struct ceu_registration *r)
{
	int rc;

	/* R5: the required course is credited by its exam, not registered. */
	if (r->subject == CEU_PUBLIC_REQUIRED)
		return ceu_db_fail(db, CEU_EREFUSED, "public required hours "
		    "are credited when the exam is passed, not registered "
		    "(R5); see 'ceu-exam'");
	if (r->subject != CEU_PROFESSIONAL && r->subject != CEU_PUBLIC_ELECTIVE)
		return ceu_db_fail(db, CEU_EDATA, "unknown subject");
	/* R8: professional hours come in one of six categories. */
	if (r->subject == CEU_PROFESSIONAL &&
	    (r->category < 0 || r->category >= CEU_NCATEGORIES))
		return ceu_db_fail(db, CEU_EREFUSED, "professional hours need "
		    "a category (R8)");
	if (r->hours <= 0)
		return ceu_db_fail(db, CEU_EDATA, "hours must be more than 0");
	if (r->title == NULL || *r->title == '\0')
		return ceu_db_fail(db, CEU_EDATA, "a registration needs a "
		    "title");
	/* R10: the title is the activity's identity: never cut. */
	if (strlen(r->title) > CEU_TEXT_TITLE_MAX ||
	    (r->filing_no != NULL && strlen(r->filing_no) > CEU_TEXT_CODE_MAX))
		return ceu_db_fail(db, CEU_EDATA, "%s longer than %d bytes "
		    "(the limit)", strlen(r->title) > CEU_TEXT_TITLE_MAX ?
		    "--title" : "--filing", strlen(r->title) >
		    CEU_TEXT_TITLE_MAX ? CEU_TEXT_TITLE_MAX : CEU_TEXT_CODE_MAX);
	if ((rc = check_dates(db, r)) != CEU_OK ||
	    (rc = check_deadline(db, r->year)) != CEU_OK)
		return rc;
	if (r->filing_no != NULL && *r->filing_no != '\0')
		return check_filing(db, r);
	return CEU_OK;
}

int
ceu_register_add(struct ceu_db *db, const struct ceu_registration *r,
    long long *id)
{
	struct ceu_record rec = {
		.person_id = r->person_id, .year = r->year,
		.subject = r->subject, .category = r->category,
		.hours = r->hours, .title = r->title, .date = r->date,
		.end_date = r->end_date, .source = "self",
		.filing_no = r->filing_no, .status = CEU_PENDING,
		.evidence = r->evidence,
	};
	int rc;

	*id = 0;
	if ((rc = check_registration(db, r)) != CEU_OK)
		return rc;
	/* R10: ceu_record_add refuses an activity already held, saying by
	 * which route it came. */
	return ceu_record_add(db, &rec, 1, id);
}

int
ceu_register_withdraw(struct ceu_db *db, long long id, const char *reason)
{
	static const char sql[] = "SELECT status FROM record WHERE id = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	char status[16] = "";
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(status, sizeof(status), "%s", ceu_col_text(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return ceu_db_fail(db, CEU_EREFUSED, "no record %lld", id);
	if (rc != SQLITE_ROW)
		return ceu_db_sqlfail(db, "record");
	/* R11: decided records are the audit's business; R16: never
	 * deleted, only moved to withdrawn. */
	if (strcmp(status, "pending") != 0)
		return ceu_db_fail(db, CEU_EREFUSED, "record %lld is %s, not "
		    "pending: only a pending record can be withdrawn (R11)",
		    id, status);
	return ceu_record_set_status(db, id, CEU_WITHDRAWN, reason, 0);
}
