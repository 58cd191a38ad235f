/*
 * source.h - the integrated industry systems that deliver hours (R10):
 * registered once by `ceu-import sources`, named by `ceu-import hours
 * --source NAME`.  A name is compared with blanks trimmed and without
 * regard to (ASCII) case, so that "HS", "hs " and "hs" are one system and
 * a file loaded twice under two spellings is still loaded once; an
 * unknown name is refused, so that a typo cannot start a second copy.
 *
 *	char name[CEU_SOURCE_MAX];
 *	if (ceu_source_find(db, "HS ", name, &found) == CEU_OK && found)
 *		... name is the registered spelling, "hs" ...
 */
#ifndef CEU_SOURCE_H
#define CEU_SOURCE_H

#include "db.h"

#define CEU_SOURCE_MAX 128

/* The registered source that text names (blanks trimmed, case ignored):
 * CEU_OK with *found and, when found, its registered spelling in name. */
int ceu_source_find(struct ceu_db *db, const char *text,
    char name[CEU_SOURCE_MAX], int *found);

/* The source that text names, or CEU_EREFUSED saying to register it with
 * `ceu-import sources` (R10). */
int ceu_source_require(struct ceu_db *db, const char *text,
    char name[CEU_SOURCE_MAX]);

/* Register source (blanks trimmed; CEU_EDATA when empty or too long)
 * with its display name, or change the display name of the one
 * registered: CEU_OK and *what (enum ceu_upsert); a change is journaled
 * with before and after (R16).  batch is 0 or the import batch. */
int ceu_source_upsert(struct ceu_db *db, const char *source,
    const char *name, long long batch, int *what);

#endif
