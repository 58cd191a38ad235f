/*
 * db.h - the one SQLite file: opening it, creating and upgrading it from
 * the embedded schema.sql, transactions, cached statements, and the error
 * context that every library function leaves its message in.
 *
 *	struct ceu_db *db;
 *	if (ceu_db_open(path, 0, &db) != CEU_OK) ... report db->msg, exit db->code
 *	db->actor = "clerk"; db->today = 20231220;
 *	ceu_db_begin(db); ... ceu_db_commit(db) or ceu_db_rollback(db);
 *	ceu_db_close(db);
 *
 * The library never prints and never exits: a function that fails returns
 * an enum ceu_exit code and leaves "what is wrong" in db->msg (lower case,
 * no full stop, subject quoted).
 */
#ifndef CEU_DB_H
#define CEU_DB_H

#include <sqlite3.h>
#include "exitcode.h"

#define CEU_SCHEMA_VERSION 2
#define CEU_SCHEMA_VERSION_TEXT "2"
#define CEU_APPLICATION_ID 0x43455531	/* "CEU1" */
#define CEU_BUSY_TIMEOUT_MS 15000

struct ceu_record_chunk;

struct ceu_stmt_cache {
	const char *sql;	/* static string; identity by address */
	sqlite3_stmt *stmt;
};

struct ceu_db {
	sqlite3 *sql;
	const char *path;
	const char *actor;	/* who acts (R16); set by the caller */
	int today;		/* yyyymmdd that deadlines are judged on */
	char now[32];		/* UTC timestamp of this run, ISO 8601 */
	int code;		/* last error code */
	char msg[1024];		/* last error message */
	int depth;		/* transaction nesting */
	int upgraded_from;	/* schema version ceu_db_open upgraded, or 0 */
	struct ceu_stmt_cache cache[256];
	int ncache;
	struct ceu_record_chunk *chunk;	/* record.c's bulk insert, owned by
					   the connection */
};

/* The schema text embedded at build time (schema.sql). */
extern const char ceu_schema_sql[];

/* Open path.  With create, a missing file is created and initialised
 * (ceu init); otherwise a missing file is CEU_ENOINPUT.  A file that is not
 * a ceu database is CEU_EDATA.  An older schema is upgraded in place only
 * with create.  On failure *out is NULL, and the message is in msg (a
 * buffer of 1024 bytes).  On success the caller owns *out. */
int ceu_db_open(const char *path, int create, struct ceu_db **out,
    char *msg);
/* A second, read-only connection to db's file, for a thread of its own
 * (a connection is used by one thread at a time).  In WAL mode it reads
 * what was committed before db's open transaction, never blocking it.
 * CEU_EUSAGE when db's file cannot be shared (in memory). */
int ceu_db_open_reader(const struct ceu_db *db, struct ceu_db **out);
void ceu_db_close(struct ceu_db *db);

/* Record an error; returns code, so that `return ceu_db_fail(...)` reads. */
int ceu_db_fail(struct ceu_db *db, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Map the last SQLite error to a code and message (busy -> CEU_EBUSY). */
int ceu_db_sqlfail(struct ceu_db *db, const char *what);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK; nested calls only count depth, so
 * that library functions may wrap themselves and still join a command's
 * single transaction. */
int ceu_db_begin(struct ceu_db *db);
int ceu_db_commit(struct ceu_db *db);
void ceu_db_rollback(struct ceu_db *db);

/* A prepared statement for a static SQL string, reset and unbound, owned by
 * the cache (never finalise it).  NULL on error, with the message set. */
sqlite3_stmt *ceu_db_stmt(struct ceu_db *db, const char *sql);

/* Run SQL without results (static text only, never user input). */
int ceu_db_exec(struct ceu_db *db, const char *sql);

/* sqlite3_column_text as a never-NULL C string. */
const char *ceu_col_text(sqlite3_stmt *st, int i);

#endif
