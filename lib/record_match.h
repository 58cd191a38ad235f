/*
 * record_match.h - inside record.c: the steps of ceu_record_add_many and
 * ceu_record_add that decide R10 (record_match.c), and the record's
 * journal state they share.  Not part of libceu's API: the public half of
 * R10 (keys, holder, refusal, conflict) is in record.h.
 *
 *	ceu_record_chunk_load(db, c, r, n);
 *	ceu_record_match_call(c, r, n, res, &offered);
 *	rc = ceu_record_match_own(db, c, res, &offered, &rp);
 *	... the INSERT; ceu_record_match_holders when some were held ...
 *	rc = ceu_record_match_finish(db, c, res, &rp, rc);
 */
#ifndef CEU_RECORD_MATCH_H
#define CEU_RECORD_MATCH_H

#include <stddef.h>

#include "db.h"
#include "record.h"
#include "record_chunk.h"

/* The pending own registrations a call's roster or integrated records
 * replace, withdrawn until the call ends; zeroed before the call, freed
 * by ceu_record_match_finish. */
struct ceu_record_replaced;
struct ceu_record_replacements {
	struct ceu_record_replaced *v;
	size_t n, cap;
};

/* R10 within the call: res[0..n) set by what ceu_record_chunk_load found,
 * each record offered to the INSERT or held by an earlier record of the
 * call (then same or conflict by route_match); *offered counts the
 * offered. */
void ceu_record_match_call(const struct ceu_record_chunk *c,
    const struct ceu_record *r, size_t n, struct ceu_record_result *res,
    long *offered);

/*
 * R10 across routes, before the INSERT, when the call holds a roster or
 * integrated record: the own registrations of the call's persons it
 * matches, in one statement.  A pending one with the same activity key,
 * or the same title and date, is withdrawn now and remembered in rp; an
 * approved one with the same title and date holds the activity, and the
 * record is no longer offered (res, *offered).  CEU_OK or the database's
 * error.
 */
int ceu_record_match_own(struct ceu_db *db, struct ceu_record_chunk *c,
    struct ceu_record_result *res, long *offered,
    struct ceu_record_replacements *rp);

/* After an INSERT that added fewer than offered: for each offered record
 * whose activity a record of id <= last held already, res set to that
 * holder (same route again, a conflict, or another route). */
int ceu_record_match_holders(struct ceu_db *db,
    const struct ceu_record_chunk *c, long long last,
    struct ceu_record_result *res);

/* The end of the call, rc its result so far: when CEU_OK, each withdrawn
 * own registration is journaled naming the record that replaced it
 * (res[i].replaced; R10, R16), and one whose replacement was not added
 * is pending again; otherwise every one is pending again.  Frees rp.
 * Returns rc, or the error of the journal. */
int ceu_record_match_finish(struct ceu_db *db,
    const struct ceu_record_chunk *c, struct ceu_record_result *res,
    struct ceu_record_replacements *rp, int rc);

/* R10 across routes: the pending or approved record of r's person, year
 * and date whose title, blanks folded, is r's, into *id (0: none). */
int ceu_record_match_title(struct ceu_db *db, const struct ceu_record *r,
    long long *id);

/* record.c: the JSON state of record id for the journal, or NULL when
 * there is no such record (sqlite3_free it). */
char *ceu_record_json(struct ceu_db *db, long long id);

#endif
