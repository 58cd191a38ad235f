/*
 * verify.h - R16: is the archive what ceu wrote?  `ceu-report journal
 * --verify` walks the journal's hash chain, every sealed row of every
 * table (seal.h), the ids of each (rows are never deleted) and the signed
 * head, and names every row that differs.
 *
 *	struct ceu_verify_result r;
 *	ceu_db_begin_read(db);
 *	rc = ceu_verify(db, NULL, say, ctx, &r);   (say: one finding)
 *	ceu_db_commit(db);
 *
 * What it finds, each named: a row of any table edited, inserted or
 * copied behind ceu's back (its seal does not match); a row deleted (a
 * gap in the ids, or fewer rows than the signed head counts, the last
 * ones included); a journal row edited (its hash or seal), removed, or
 * the whole chain rewritten (the signed head's hash); a head signed by
 * another key, or none.  With a head kept elsewhere (`--head FILE`),
 * also whether today's chain still extends it, which catches whoever
 * holds the key and rewrites what came before.
 */
#ifndef CEU_VERIFY_H
#define CEU_VERIFY_H

#include "db.h"
#include "seal.h"

struct ceu_verify_result {
	long long journal_rows;	/* journal rows checked */
	long long rows;		/* rows of the other tables checked */
	long long found;	/* findings, each told to found() */
};

/* Check the database as above, in the caller's read transaction; kept is
 * a head kept elsewhere (ceu_seal_head_parse), or NULL.  found(ctx, msg)
 * is told each finding, in the user's language, as it is found.  CEU_OK
 * when nothing differs; CEU_EREFUSED when something does, with a summary
 * in db->msg; another code when the database cannot be read or its key
 * cannot be had. */
int ceu_verify(struct ceu_db *db, const struct ceu_seal_head *kept,
    void (*found)(void *ctx, const char *msg), void *ctx,
    struct ceu_verify_result *r);

#endif
