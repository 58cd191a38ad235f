/*
 * record.h - hour records: the one door through which every route (own
 * registration, roster, integrated system, exam) puts hours on a person's
 * archive, and the status changes that audits and undo make.
 *
 * R10 is enforced here and in the schema: a record carries its activity
 * identity (see schema.sql) and one identity is held by at most one
 * pending or approved record per person.
 */
#ifndef CEU_RECORD_H
#define CEU_RECORD_H

#include <stddef.h>

#include "db.h"

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
	const char *key;	/* ceu_record_key of this record, when the
				   caller made it already; or NULL */
};

/* The largest record id, 0 when there is none. */
int ceu_record_last_id(struct ceu_db *db, long long *id);

/* R10: the activity identity of r into key (at least 512 bytes):
 * filing:NO, source:NAME:REF, self:FOLDED TITLE|DATE, exam:YEAR:REF. */
void ceu_record_key(const struct ceu_record *r, char *key, size_t size);

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
				   route (source, source name, ref) with the
				   same hours, i.e. r loaded again (R10) */
	long long holder;	/* not added: the record holding the activity,
				   or 0 when it is r[first], added by this
				   same call (ceu_record_holder finds it) */
	size_t first;
};

/* Add r[0..n) in one statement, for bulk loads: no journal row per
 * record (an import journals its batch).  R10 as ceu_record_add, record
 * by record in array order: a record whose activity is held already, or
 * by an earlier record of the array, is not added, and res[i] says by
 * which.  CEU_OK with res[0..n) filled; otherwise nothing was added, and
 * CEU_EDATA means the database refused one of the records (a CHECK or a
 * foreign key: add them one by one to tell which).  The strings of r
 * need only live for the call.  Call inside a transaction. */
int ceu_record_add_many(struct ceu_db *db, const struct ceu_record *r,
    size_t n, struct ceu_record_result *res);

/* The pending or approved record holding r's activity into *id, 0 when
 * none does. */
int ceu_record_holder(struct ceu_db *db, const struct ceu_record *r,
    long long *id);

/* R10: "the same activity is already on the archive as record 12 (...)"
 * into db->msg; returns CEU_EREFUSED. */
int ceu_record_refuse(struct ceu_db *db, long long id);

/* "record 12 (roster GX2023-00017, batch 3, approved)" into buf. */
int ceu_record_describe(struct ceu_db *db, long long id, char *buf,
    size_t size);

/* Move record id to status, with the journal's before/after and reason;
 * late marks a decision taken after the audit deadline (R11). */
int ceu_record_set_status(struct ceu_db *db, long long id, int status,
    const char *reason, int late);

#endif
