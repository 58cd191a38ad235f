/*
 * db_schema.h - what db.c and db_schema.c share.  Internal to libceu; the
 * contract is db.h.
 */
#ifndef CEU_DB_SCHEMA_H
#define CEU_DB_SCHEMA_H

#include <sqlite3.h>

#include "db.h"

/* The first integer of what pragma (or a one-row query) returns, into
 * *value; an SQLite result code. */
int db_pragma_int(sqlite3 *sql, const char *pragma, int *value);

/* Whether this ceu can open a database of schema version: a newer one
 * never (CEU_EDATA), an older one only to upgrade it, with create
 * (CEU_EREFUSED otherwise). */
int db_schema_usable(struct ceu_db *db, int version, int create);

/*
 * Check what the open file is: a ceu database of a version this ceu can
 * use.  With create, make a new file's schema or bring an older one up
 * to this version, in one transaction; with journal, that transaction
 * also journals the creation or the upgrade.  CEU_OK, or the failure in
 * db (CEU_EDATA: not ceu's or newer; CEU_EREFUSED: older, without
 * create).
 */
int db_schema_check(struct ceu_db *db, int create, int journal);

#endif
