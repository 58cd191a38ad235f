/*
 * db.h - the one SQLite file: opening it, creating and upgrading it from
 * the embedded schema.sql, transactions, cached statements, and the error
 * context that every library function leaves its message in.
 *
 *	struct ceu_db *db;
 *	if (ceu_db_open(path, 0, &db) != CEU_OK)
 *		report db->msg, ceu_db_close(db), exit db->code
 *	db->actor = "clerk"; db->today = 20231220;
 *	ceu_db_begin(db); ... ceu_db_commit(db) or ceu_db_rollback(db);
 *	ceu_db_close(db);
 *
 * The library never prints and never exits: a function that fails returns
 * an enum ceu_exit code and leaves "what is wrong" in db->msg (error.h),
 * as sqlite3_open leaves its message in the handle even when the file
 * cannot be opened.
 */
#ifndef CEU_DB_H
#define CEU_DB_H

#include <sqlite3.h>

#include "error.h"
#include "exitcode.h"

#define CEU_SCHEMA_VERSION 7
#define CEU_SCHEMA_VERSION_TEXT "7"
#define CEU_APPLICATION_ID 0x43455531	/* "CEU1" */
#define CEU_BUSY_TIMEOUT_MS 15000

struct ceu_record_chunk;
struct ceu_seal;
struct ceu_policy_memo;

struct ceu_stmt_cache {
	const char *sql;	/* static string; identity by address */
	sqlite3_stmt *stmt;
};

struct ceu_db {
	sqlite3 *sql;
	const char *path;
	const char *actor;	/* who acts (R16); set by the caller */
	int today;		/* yyyymmdd that deadlines are judged on */
	int show_id;		/* messages show ID numbers whole (SPEC:
				   --show-id); masked otherwise */
	char now[32];		/* UTC timestamp of this run, ISO 8601 */
	int code;		/* last error code */
	char msg[CEU_MSG_SIZE];	/* last error message (error.h) */
	int depth;		/* transaction nesting */
	int busy_ms;		/* how long a lock is waited for */
	int created;		/* ceu_db_init made the file */
	int upgraded_from;	/* schema version ceu_db_init upgraded, or 0 */
	struct ceu_stmt_cache cache[256];
	int ncache;
	struct ceu_record_chunk *chunk;	/* record.c's bulk insert, owned by
					   the connection */
	struct ceu_db *next_open;	/* the handles not yet closed */
	struct ceu_seal *seal;	/* seal.c's key and buffer (R16) */
	const char *key_path;	/* the key file, when not the one beside
				   path (ceu_db_open_keyed) */
	int key_made;		/* this connection made the key file */
	int writing;		/* the open transaction is a write one */
	long long changes;	/* sqlite3_total_changes64 when it began */
	/* policy.c: the years loaded in the open transaction (one malloc'd
	 * block, freed whenever the transaction ends), or NULL. */
	struct ceu_policy_memo *policy_memo;
};

/* What an upsert (of a unit, a person, a policy value) did. */
enum ceu_upsert { CEU_ADDED, CEU_UPDATED, CEU_UNCHANGED };

/* The schema text embedded at build time (schema.sql). */
extern const char ceu_schema_sql[];

/* Open path: CEU_OK, or CEU_ENOINPUT for a missing file, CEU_EDATA for
 * a file that is not a ceu database (another SQLite file, an empty one,
 * a device), CEU_EREFUSED for an older schema (ceu init upgrades it);
 * a file refused is left byte for byte as it was, nothing made beside
 * it.  A file made with create is 0600 whatever the umask, and removed
 * again when its creation fails.  A database in a folder this process
 * cannot write in is opened read-only (writing fails, "read-only
 * here").  With create, a missing file is created and an
 * older schema upgraded in place, without a journal row (for a file of a
 * test's or a tool's own; `ceu init` is ceu_db_init).  Whatever it
 * returns, *out is a handle that the caller closes; on failure it holds
 * only the message (db->msg) and code. */
int ceu_db_open(const char *path, int create, struct ceu_db **out);
/* ceu_db_open with the key file key (seal.h), not the one beside path or
 * $CEU_KEY (a restore stages a backup under another name); NULL for the
 * usual one. */
int ceu_db_open_keyed(const char *path, const char *key, int create,
    struct ceu_db **out);

/* ceu init: open path as ceu_db_open with create does, and journal the
 * creation of the file or its upgrade (R16) by actor in the same
 * transaction; db->created and db->upgraded_from say which happened. */
int ceu_db_init(const char *path, const char *actor, struct ceu_db **out);
/* A second, read-only connection to db's file, for a thread of its own
 * (a connection is used by one thread at a time), waiting for locks as
 * long as db does.  In WAL mode it reads what was committed before db's
 * open transaction, never blocking it.  CEU_EUSAGE when db's file cannot
 * be shared (in memory), CEU_EIO when it cannot be opened; *out is NULL
 * then. */
int ceu_db_open_reader(const struct ceu_db *db, struct ceu_db **out);
/* A read-only connection to the file at path, whatever it holds (nothing
 * is checked, nothing written), waiting busy_ms for locks: for reading
 * another database, such as the one a restore replaces.  As ceu_db_open,
 * *out is a handle the caller closes, with the message on failure. */
int ceu_db_open_readonly(const char *path, int busy_ms, struct ceu_db **out);
/* Close the connection and free the handle; NULL is accepted. */
void ceu_db_close(struct ceu_db *db);
/* Close every handle still open (an open transaction rolls back): for a
 * program that ends early, so that SQLite removes the -wal and -shm its
 * connections made.  Call it on the one thread left. */
void ceu_db_close_all(void);

/* How long to wait for another connection's lock before CEU_EBUSY
 * (CEU_BUSY_TIMEOUT_MS unless set). */
void ceu_db_set_busy_timeout(struct ceu_db *db, int ms);

/* Record an error; returns code, so that `return ceu_db_fail(...)` reads. */
int ceu_db_fail(struct ceu_db *db, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Map the last SQLite error to a code and message (busy -> CEU_EBUSY; a
 * full disk, a read-only file, a damaged one said as such); what names
 * what was being done ("cannot add record"), never the SQL, and is said
 * in the user's language (po/keywords marks it for the catalog). */
int ceu_db_sqlfail(struct ceu_db *db, const char *what);
/* The same for rc, a result SQLite returned rather than left in the
 * connection (sqlite3_db_cacheflush, the backup API). */
int ceu_db_rcfail(struct ceu_db *db, int rc, const char *what);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK; nested calls only count depth, so
 * that library functions may wrap themselves and still join a command's
 * single transaction.  A write transaction loads the database's key when
 * it begins (making it for a new database: db->key_made), and one that
 * changed anything signs the journal's head before it commits (R16,
 * seal.h). */
int ceu_db_begin(struct ceu_db *db);
int ceu_db_commit(struct ceu_db *db);
/* A read transaction (BEGIN): one consistent snapshot for a report, which
 * holds up no writer in WAL mode; ended by ceu_db_commit, whose result
 * says whether the snapshot was read whole. */
int ceu_db_begin_read(struct ceu_db *db);
void ceu_db_rollback(struct ceu_db *db);

/* A prepared statement for a static SQL string, reset and unbound, owned by
 * the cache (never finalise it).  NULL on error, with the message set. */
sqlite3_stmt *ceu_db_stmt(struct ceu_db *db, const char *sql);

/* Run SQL without results (static text only, never user input). */
int ceu_db_exec(struct ceu_db *db, const char *sql);

/* Run the cached statement of static sql (ceu_db_stmt) once, ?1 bound to
 * v, giving no row; a failure is said of what. */
int ceu_db_run_int(struct ceu_db *db, const char *sql, long long v,
    const char *what);

/* sqlite3_column_text as a never-NULL C string. */
const char *ceu_col_text(sqlite3_stmt *st, int i);

/* Step st (a statement of ceu_db_stmt, its parameters bound) once and
 * reset it: a copy of its first column's text (sqlite3_free it), or NULL
 * when it gives no row.  The journal states of the tables are read so. */
char *ceu_db_row_text(sqlite3_stmt *st);

#endif
