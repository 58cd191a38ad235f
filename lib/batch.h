/*
 * batch.h - import batches (SPEC "ceu-import": batches).  Every run of
 * ceu-import is a batch: its file, the file's sha256, its counts, who and
 * when (R16); the records it added carry its id.  Here they are listed,
 * and one is undone.
 *
 *	ceu_db_begin(db);
 *	if (ceu_batch_undo(db, 7, "wrong file", &records, &people) == CEU_OK)
 *		ceu_db_commit(db);
 */
#ifndef CEU_BATCH_H
#define CEU_BATCH_H

#include "db.h"

/* Every batch, oldest first: fn gets the values of the columns batch,
 * kind, file, sha256, added, unchanged, rejected, actor, at, undone_at
 * (NULL when not undone); a non-zero return stops the walk. */
#define CEU_BATCH_NCOLS 10
int ceu_batch_each(struct ceu_db *db,
    int (*fn)(void *ctx, const char *const *values), void *ctx);

/* Undo batch: every pending or approved record it added is revoked,
 * journaled one by one with reason (R16; nothing deleted), and the batch
 * marked undone.  *records and *people say how many.  CEU_EREFUSED when
 * there is no such batch, it was undone already, or its kind adds no
 * records.  Call inside a transaction.  Certificates that relied on the
 * records are judged by the certificate module (R12). */
int ceu_batch_undo(struct ceu_db *db, long long batch, const char *reason,
    long *records, long *people);

#endif
