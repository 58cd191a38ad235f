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

/* R9 (policy): registration for year Y closes on Y's deadline. */
static int
check_deadline(struct ceu_db *db, const struct ceu_policy *p)
{
	char d[11];

	if (db->today > p->registration_deadline)
		return ceu_db_fail(db, CEU_EREFUSED, "registration for %d "
		    "closed on %s (R9)", p->year,
		    ceu_date_format(p->registration_deadline, d));
	return CEU_OK;
}

/* R10: what a registration says of a filed class must be what the class
 * is; a value not given is the class's. */
static int
check_same(struct ceu_db *db, const char *what, const char *given,
    const char *filed, const char *no)
{
	if (given == NULL || strcmp(given, filed) == 0)
		return CEU_OK;
	return ceu_db_fail(db, CEU_EREFUSED, "%s %s is not what filing %s "
	    "was filed with (%s) (R10)", ceu_tr(what), given, no, filed);
}

/* R10: a registration that names a filed class takes the class's subject,
 * category and dates, and claims at most its hours; the title, when not
 * given, is the class's.  x is filled from the filing; no holds the
 * normalised number. */
static int
take_filing(struct ceu_db *db, struct ceu_registration *x,
    char no[CEU_FILING_LEN + 1], char *title, size_t titlesize)
{
	struct ceu_filing f;
	char a[24], b[24], d[11], s[11], e[11];
	int found, rc, date = x->date, end = x->end_date;

	if ((rc = ceu_filing_find(db, x->filing_no, &found, &f)) != CEU_OK)
		return rc;
	if (!found)
		return ceu_db_fail(db, CEU_EREFUSED, "unknown filing '%s' "
		    "(R10); a filed class is on file before it counts",
		    x->filing_no);
	snprintf(no, CEU_FILING_LEN + 1, "%s", f.no);
	if ((rc = check_same(db, N_("subject"), x->subject < 0 ? NULL :
	    ceu_subject_name(x->subject), ceu_subject_name(f.subject), no)) ||
	    (rc = check_same(db, N_("category"), x->category < 0 ? NULL :
	    ceu_category_name(x->category), ceu_category_name(f.category),
	    no)))
		return rc;
	if ((date && (date < f.start || date > f.end)) ||
	    (end && (end < f.start || end > f.end)))
		return ceu_db_fail(db, CEU_EREFUSED, "date %s is outside filing "
		    "%s, held %s to %s (R10)", ceu_date_format(date &&
		    (date < f.start || date > f.end) ? date : end, d), no,
		    ceu_date_format(f.start, s), ceu_date_format(f.end, e));
	if (x->hours > f.hours)
		return ceu_db_fail(db, CEU_EREFUSED, "%s hours is more than "
		    "the %s hours filing '%s' was filed with (R10)",
		    ceu_hours_format(x->hours, a), ceu_hours_format(f.hours, b),
		    no);
	if (x->title == NULL || *x->title == '\0') {
		snprintf(title, titlesize, "%s", f.title);
		x->title = title;
	}
	x->subject = f.subject;
	x->category = f.category;
	x->date = f.start;
	x->end_date = f.end;
	x->filing_no = no;
	return CEU_OK;
}

/* R10: the title and the filing number are the activity's identity:
 * never cut. */
static int
check_lengths(struct ceu_db *db, const struct ceu_registration *r)
{
	int title = r->title != NULL && strlen(r->title) > CEU_TEXT_TITLE_MAX;

	if (title || (r->filing_no != NULL &&
	    strlen(r->filing_no) > CEU_TEXT_CODE_MAX))
		return ceu_db_fail(db, CEU_EDATA, "%s longer than %d bytes "
		    "(the limit)", title ? "--title" : "--filing",
		    title ? CEU_TEXT_TITLE_MAX : CEU_TEXT_CODE_MAX);
	return CEU_OK;
}

static int
check_registration(struct ceu_db *db, const struct ceu_registration *r)
{
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
	if (r->date == 0)
		return ceu_db_fail(db, CEU_EDATA, "a registration needs a date");
	/* R9: the activity's dates lie in its year. */
	return ceu_record_check_dates(db, r->year, r->date, r->end_date);
}

int
ceu_register_add(struct ceu_db *db, const struct ceu_registration *given,
    long long *id)
{
	struct ceu_registration r = *given;
	char no[CEU_FILING_LEN + 1], title[CEU_TEXT_TITLE_MAX + 1];
	struct ceu_record rec;
	struct ceu_policy p;
	int rc;

	*id = 0;
	if ((rc = check_lengths(db, &r)) != CEU_OK)
		return rc;
	if (r.filing_no != NULL && *r.filing_no != '\0' &&
	    (rc = take_filing(db, &r, no, title, sizeof(title))) != CEU_OK)
		return rc;
	if (r.subject < 0)
		r.subject = CEU_PROFESSIONAL;
	rec = (struct ceu_record){
		.person_id = r.person_id, .year = r.year,
		.subject = r.subject, .category = r.category,
		.hours = r.hours, .title = r.title ? r.title : "",
		.date = r.date, .end_date = r.end_date, .source = "self",
		.filing_no = r.filing_no, .status = CEU_PENDING,
		.evidence = r.evidence,
	};
	/* R9, R16: what no record may be, then the deadline. */
	if ((rc = check_registration(db, &r)) != CEU_OK ||
	    (rc = ceu_policy_load(db, r.year, &p)) != CEU_OK ||
	    (rc = ceu_record_check(db, &rec, &p)) != CEU_OK ||
	    (rc = check_deadline(db, &p)) != CEU_OK)
		return rc;
	/* R10: ceu_record_add refuses an activity already held, by its
	 * key or by its title and date, saying by which route it came. */
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
		    id, ceu_tr_word(status));
	return ceu_record_set_status(db, id, CEU_WITHDRAWN, reason, 0);
}
