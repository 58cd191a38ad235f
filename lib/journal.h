/*
 * journal.h - R16: every change is attributable (who, when, what) and
 * nothing is silently overwritten.  Each journal row carries a BLAKE2b hash
 * (libsodium crypto_generichash) of its own fields and of the previous
 * row's hash, so that a row edited, inserted or removed behind ceu's back
 * breaks the chain and ceu_journal_verify finds it.  ceu_journal_each
 * lists the rows.
 */
#ifndef CEU_JOURNAL_H
#define CEU_JOURNAL_H

#include "db.h"
#include "out.h"

/* Append one row: db->actor and db->now say who and when; action ("add",
 * "approve", "import", ...), entity ("record", "person", "batch", ...) and
 * its id say what; before and after are JSON objects (or NULL: anything
 * else is refused, CEU_EIO); reason may be NULL.  The row is sealed
 * (seal.h).  Call inside the command's transaction.  Returns CEU_OK or an
 * error. */
int ceu_journal_append(struct ceu_db *db, const char *action,
    const char *entity, const char *entity_id, const char *before,
    const char *after, const char *reason);

/* BLAKE2b-256 in hex, with its NUL. */
#define CEU_JOURNAL_HASH_HEX 65

/* The last row's id and hash, or 0 and "" when the journal is empty. */
int ceu_journal_head(struct ceu_db *db, long long *id,
    char hash[CEU_JOURNAL_HASH_HEX]);

/* The hash of a row whose fields are id (as text), at, actor, action,
 * entity, entity_id, before, after, reason (NULL distinct from ""),
 * after the row whose hash is prev ("" for the first row). */
void ceu_journal_hash(const char *prev, const char *const fields[9],
    char hex[CEU_JOURNAL_HASH_HEX]);

/* Walk the chain from the first row.  Returns CEU_OK when intact, with
 * *checked rows checked; CEU_EREFUSED when a row was altered or one is
 * missing, with in *bad_id the altered row or the row after the missing
 * one, and the message in db->msg; another code on a database error. */
int ceu_journal_verify(struct ceu_db *db, long long *checked,
    long long *bad_id);

/* The journal's columns, in the order ceu_journal_each hands them, for
 * out.h. */
#define CEU_JOURNAL_NCOLS 9
extern const struct ceu_out_col ceu_journal_cols[];

/* Rows with at >= since (a date "YYYY-MM-DD", or NULL for all), in id
 * order: fn gets id, at, actor, action, entity, entity_id, before, after,
 * reason (NULL where empty), valid during the call; a non-zero return
 * stops the walk and is returned. */
int ceu_journal_each(struct ceu_db *db, const char *since,
    int (*fn)(void *ctx, const char *const fields[CEU_JOURNAL_NCOLS]),
    void *ctx);

#endif
