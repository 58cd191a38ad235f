/*
 * record.h - hour records: the one door through which every route (own
 * registration, roster, integrated system, exam) puts hours on a person's
 * archive, the date rule they all obey (R9), the status changes that
 * audits and undo make, and the listing with the SPEC's record columns.
 *
 * R10 is enforced here and in the schema: a record carries its activity
 * identity (see schema.sql) and one identity is held by at most one
 * pending or approved record per person.  Across routes the same person
 * with the same title (blanks folded) on the same date is one activity
 * too: an own registration that matches a record on the archive is
 * refused; a roster or integrated record that matches an own
 * registration still pending replaces it (the own one is withdrawn,
 * journaled with what replaced it), one that matches an approved own
 * registration is a duplicate.  The same route sending an activity again
 * with other hours, subject or date is a conflict, not a copy.
 *
 *	struct ceu_record_filter f = { .id_no = "4501...", .status = -1 };
 *	ceu_records_each(db, &f, print_row, ctx);
 */
#ifndef CEU_RECORD_H
#define CEU_RECORD_H

#include <stddef.h>

#include "db.h"
#include "text.h"
#include "out.h"

struct ceu_record {
	long long person_id;
	int year;
	int subject;		/* enum ceu_subject */
	int category;		/* enum ceu_category, or -1 */
	long hours;		/* tenths, > 0 */
	const char *title;
	int date;		/* yyyymmdd */
	int end_date;		/* yyyymmdd, or 0 */
	const char *source;	/* "self", "roster", "integration", "exam" */
	const char *source_name; /* the integrated system, or NULL */
	const char *filing_no;	/* a filed class, or NULL */
	const char *ref;	/* the system's reference; for exam records
				   "study" or "exam" */
	int status;		/* enum ceu_status */
	long long batch;	/* import batch, or 0 */
	const char *evidence;	/* or NULL */
	int late;		/* R9, R11: entered after its deadline, with
				   a reason the caller journals */
	const char *key;	/* ceu_record_key of this record, when the
				   caller made it already; or NULL */
	const char *title_key;	/* ceu_record_title_key of it, likewise */
	unsigned long long digest;	/* ceu_record_digest of this record,
					   when has_digest */
	int has_digest;
};

/* R16: the digest of r's values (key: its ceu_record_key), the costly
 * half of its seal (seal.h), for a bulk loader to make on the thread
 * that reads and hand to ceu_record_add_many in r->digest.  Only reads
 * db's key, which the write transaction loaded: any thread may call it.
 * 0, or -1 when the key is not loaded (then leave has_digest 0). */
int ceu_record_digest(const struct ceu_db *db, const struct ceu_record *r,
    const char *key, unsigned long long *digest);

/* The largest record id, 0 when there is none (ceu_seal_rows). */
int ceu_record_last_id(struct ceu_db *db, long long *id);

/* Room for any activity key: a title or a source and a ref at their
 * limits (text.h), never cut. */
#define CEU_RECORD_KEY_SIZE (CEU_TEXT_TITLE_MAX + 2 * CEU_TEXT_CODE_MAX + 32)

/* R10: the activity identity of r into key (CEU_RECORD_KEY_SIZE bytes):
 * filing:NO, source:NAME:REF, self:FOLDED TITLE|DATE, exam:YEAR:REF. */
void ceu_record_key(const struct ceu_record *r, char *key, size_t size);

/* R10: the identity of r by title and date, whatever its route:
 * self:FOLDED TITLE|DATE (an own registration's key), into key (at least
 * 512 bytes). */
void ceu_record_title_key(const struct ceu_record *r, char *key,
    size_t size);

/* Add r.  Returns CEU_OK with *id the new record; CEU_EREFUSED when the
 * same activity is already on the person's archive (R10), with *id the
 * existing record and db->msg saying where it came from.  With journal,
 * a journal row is written for the record (imports journal the batch
 * instead).  Call inside a transaction. */
int ceu_record_add(struct ceu_db *db, const struct ceu_record *r,
    int journal, long long *id);

/* What ceu_record_add_many did with one record. */
struct ceu_record_result {
	int added;		/* 1: on the archive now */
	int same;		/* not added: the holder came by the same
				   route (source, source name, ref, filing)
				   with the same hours, subject and date, i.e.
				   r loaded again (R10) */
	int conflict;		/* not added: the holder came by the same
				   route with other hours, subject or date
				   (ceu_record_conflict says which) */
	long long holder;	/* not added: the record holding the activity,
				   or 0 when it is r[first], added by this
				   same call (ceu_record_holder finds it) */
	long long replaced;	/* added: the pending own registration it
				   replaced (withdrawn, journaled), or 0 */
	size_t first;
};

/* Add r[0..n) in one statement, for bulk loads: no journal row per
 * record (an import journals its batch).  R10 as ceu_record_add, record
 * by record in array order: a record whose activity is held already, or
 * by an earlier record of the array, is not added, and res[i] says by
 * which; a roster or integrated record whose title and date match an own
 * registration is a duplicate of it when that is approved, and replaces
 * it when it is pending (the withdrawal is journaled, naming the new
 * record: res[i].replaced).  The own registrations of the call's persons
 * are looked up in one statement.  CEU_OK with res[0..n) filled;
 * otherwise nothing was added, and CEU_EDATA means the database refused
 * one of the records (a CHECK or a foreign key: add them one by one to
 * tell which).  The strings of r need only live for the call.  Call
 * inside a transaction. */
int ceu_record_add_many(struct ceu_db *db, const struct ceu_record *r,
    size_t n, struct ceu_record_result *res);

/* The pending or approved record holding r's activity into *id, 0 when
 * none does. */
int ceu_record_holder(struct ceu_db *db, const struct ceu_record *r,
    long long *id);

/* R10: "the same activity is already on the archive as record 12 (...)"
 * into db->msg; returns CEU_EREFUSED. */
int ceu_record_refuse(struct ceu_db *db, long long id);

/* R10: r conflicts with record id, sent by the same route with other
 * values: "conflicts with record 12 (...): hours 8 there, 10 here" into
 * db->msg; returns CEU_EDATA. */
int ceu_record_conflict(struct ceu_db *db, const struct ceu_record *r,
    long long id);

/* "record 12 (roster GX2023-00017, batch 3, approved)" into buf: in
 * English, as data keeps it (a journal's reason); ceu_record_say in the
 * user's language, for a message. */
int ceu_record_describe(struct ceu_db *db, long long id, char *buf,
    size_t size);
int ceu_record_say(struct ceu_db *db, long long id, char *buf, size_t size);

/* Move record id to status, with the journal's before/after and reason;
 * late marks a decision taken after the audit deadline (R11).  Every
 * status change of a record goes through here (the unit's audit, a
 * revocation, a withdrawal, the undo of a batch), inside the caller's
 * transaction, so that what relies on the record's status follows it in
 * the same transaction (R12, R15: a certificate whose basis is revoked
 * is no longer valid). */
int ceu_record_set_status(struct ceu_db *db, long long id, int status,
    const char *reason, int late);

/* Revoke record id (R15; the undo of an import batch): it stops
 * counting, journaled with before, after and reason (R16); nothing is
 * deleted.  CEU_EREFUSED when there is no such record or it counts
 * already for nothing (rejected, withdrawn, revoked). */
int ceu_record_revoke(struct ceu_db *db, long long id, const char *reason);

/* R9: whether an activity dated date, to end_date (0: one day), lies in
 * year. */
int ceu_record_in_year(int year, int date, int end_date);

/* R9: hours belong to the year of the activity.  CEU_OK, or CEU_EREFUSED
 * when date or end_date (0: none) is outside year, CEU_EDATA when
 * end_date is before date, with the message in db->msg. */
int ceu_record_check_dates(struct ceu_db *db, int year, int date,
    int end_date);

struct ceu_policy;

/* R9, R16: what a record of any route may not be: a title of blanks
 * only, more hours than p->max_record_hours (p: the policy of r->year),
 * a year not begun on db->today, dated (or ending) after db->today: a
 * record says what happened.  CEU_OK, or CEU_EDATA with why in
 * db->msg. */
int ceu_record_check(struct ceu_db *db, const struct ceu_record *r,
    const struct ceu_policy *p);

/* R9, R11: whether a roster or integrated record of p->year arrives in
 * time on db->today: until the year's audit deadline; after it only with
 * late_reason (NULL: none), and then *late is set.  CEU_OK, or
 * CEU_EREFUSED saying to use --late --reason. */
int ceu_record_check_arrival(struct ceu_db *db, const struct ceu_policy *p,
    const char *late_reason, int *late);

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
