/*
 * seal.h - R16: every row of the archive sealed, and the journal's head
 * signed, so that a change made behind ceu's back is found and named.
 *
 * A seal is a keyed MAC (SipHash-2-4, 64 bits, in the row's seal column)
 * of the table's name, the row's id and its values, made with a key
 * derived from the database's Ed25519 key (key.h).  Whoever edits, inserts
 * or copies a row without ceu cannot make its seal without the key.  Rows
 * are never deleted and the ids of a table that has them are 1, 2, 3,
 * ...: a missing id is a deleted row.  At the end of every write
 * transaction ceu_db_commit signs the head: the last journal row's id and
 * hash and the rows of each sealed table (its highest id, or for a table
 * known by a key its count), so that deleting the last rows of a table or
 * of the journal, or rewriting the whole chain, is found too (verify.h).
 *
 * Every write path calls the library, which seals what it writes:
 *
 *	INSERT or UPDATE one row of table t, then, in the same transaction,
 *	    ceu_seal_row(db, CEU_SEAL_AUDIT, rowid);
 *	a bulk path that writes the seal with the row itself:
 *	    v[] = the row's sealed columns in order (ceu_seal_cols);
 *	    ceu_seal_make(db, CEU_SEAL_RECORD, id, v, n, &seal);
 *	or, the costly half ahead on a thread of its own:
 *	    ceu_seal_digest(db, v, n, &digest);   (reading thread)
 *	    ceu_seal_of_digest(db, CEU_SEAL_RECORD, id, digest, &seal);
 *	SQL that changes many rows at once (an upgrade step):
 *	    UPDATE t SET seal = ceu_seal('t', rowid-or-NULL, cols...) ...
 *	    or ceu_seal_table(db, t) afterwards.
 *
 * A table's sealed columns are all its columns but seal and generated
 * ones, in the order ceu_seal_cols lists them; a column added to a sealed
 * table is added there too, and the upgrade step that adds it reseals the
 * table.
 */
#ifndef CEU_SEAL_H
#define CEU_SEAL_H

#include <stddef.h>
#include <string.h>

#include "db.h"

/* The sealed tables.  The order is that of the head's text; a new table
 * goes at the end. */
enum ceu_seal_table {
	CEU_SEAL_UNIT, CEU_SEAL_PERSON, CEU_SEAL_POLICY, CEU_SEAL_BATCH,
	CEU_SEAL_FILING, CEU_SEAL_RECORD, CEU_SEAL_EXAM_ROUND,
	CEU_SEAL_EXAM_ATTEMPT, CEU_SEAL_AUDIT, CEU_SEAL_CERTIFICATE,
	CEU_SEAL_SOURCE, CEU_SEAL_JOURNAL, CEU_SEAL_NTABLES
};

/* The schema version that seals rows: the upgrade from an older one seals
 * every row on file (db.c). */
#define CEU_SEAL_SINCE 6

/* The signature context of the head (key.h). */
#define CEU_SEAL_HEAD_CONTEXT "ceu-journal-head-v1"
/* The head as text: the context, the journal's last id and hash, each
 * table's rows, the signature; well under this size. */
#define CEU_SEAL_HEAD_TEXT 1024

/* A value of a row being sealed, as SQLite stores it. */
struct ceu_seal_value {
	int type;		/* SQLITE_NULL, _INTEGER, _TEXT (sqlite3.h) */
	long long i;		/* an integer */
	const char *s;		/* text, len bytes */
	size_t len;
};

/* The values of a row sealed as it is written, before SQLite has them:
 * an integer; text, even empty; text, or NULL when s is NULL or empty (a
 * column bound only when it has a value). */
static inline struct ceu_seal_value
ceu_seal_int(long long i)
{
	return (struct ceu_seal_value){ SQLITE_INTEGER, i, NULL, 0 };
}

static inline struct ceu_seal_value
ceu_seal_text(const char *s)
{
	return (struct ceu_seal_value){ SQLITE_TEXT, 0, s, strlen(s) };
}

static inline struct ceu_seal_value
ceu_seal_opt(const char *s)
{
	if (s == NULL || *s == '\0')
		return (struct ceu_seal_value){ SQLITE_NULL, 0, NULL, 0 };
	return ceu_seal_text(s);
}

/* The table's name ("record"). */
const char *ceu_seal_name(enum ceu_seal_table t);

/* Its sealed columns, comma-separated in their order ("person_id, year,
 * ..."), and whether the row's id (an INTEGER PRIMARY KEY) is sealed with
 * them: unit, policy and filing are known by a key column instead, and
 * their rowid may change in a VACUUM. */
const char *ceu_seal_cols(enum ceu_seal_table t);
int ceu_seal_has_id(enum ceu_seal_table t);

/* Seal the row rowid of table t as it is now.  Call after every INSERT or
 * UPDATE of a row of a sealed table, in the same transaction.  CEU_OK, or
 * an error (no key, the row gone: CEU_EIO). */
int ceu_seal_row(struct ceu_db *db, enum ceu_seal_table t, long long rowid);

/* Reseal every row of table t (an upgrade step that changed its columns,
 * or its first seals). */
int ceu_seal_table(struct ceu_db *db, enum ceu_seal_table t);

/* The seal of row id (ignored where the table seals no id) whose sealed
 * columns hold v[0..n), for a path that writes the seal with the row.
 * *seal is what the seal column holds.  CEU_OK, or no key (db->msg). */
int ceu_seal_make(struct ceu_db *db, enum ceu_seal_table t, long long id,
    const struct ceu_seal_value *v, int n, long long *seal);

/* ceu_seal_make in two halves.  The digest of the values, the costly
 * half, needs no id and may be made on another thread than db's: it only
 * reads the key, which the write transaction loaded (ceu_db_begin), and
 * writes nothing of db.  0, or -1 when the key is not loaded. */
int ceu_seal_digest(const struct ceu_db *db, const struct ceu_seal_value *v,
    int n, unsigned long long *digest);
/* The seal of row id of t whose values have that digest.  CEU_OK, or no
 * key (db->msg). */
int ceu_seal_of_digest(struct ceu_db *db, enum ceu_seal_table t,
    long long id, unsigned long long digest, long long *seal);

/* For verify.c: a static query of every row of t in rowid order, its
 * columns rowid, seal and the sealed columns; and whether the row st is on
 * carries its seal (*ok), CEU_OK unless the key cannot be had. */
const char *ceu_seal_scan_sql(enum ceu_seal_table t);
int ceu_seal_check(struct ceu_db *db, enum ceu_seal_table t,
    sqlite3_stmt *st, int *ok);

/*
 * The signed head.  rows[t] is how many rows table t has: its highest id
 * (ids without gaps), or the count of a table known by a key (whose rowid
 * is no part of the row); rows[CEU_SEAL_JOURNAL] is the journal's last
 * id.
 */
struct ceu_seal_head {
	char hash[65];		/* the last journal row's hash, "" if none */
	long long rows[CEU_SEAL_NTABLES];
	unsigned char sig[64];
	int ntables;		/* tables the text named (older heads name
				   fewer; the others count 0) */
};

/* rows[t] of the head now: for a table sealed with its ids, the highest
 * id, 0 when empty; a new row takes the next, the id it is sealed for
 * (R16).  For a table known by a key, its count. */
int ceu_seal_rows(struct ceu_db *db, enum ceu_seal_table t,
    long long *rows);

/* The head as the database holds it.  *found is 0 when it has none. */
int ceu_seal_head_get(struct ceu_db *db, struct ceu_seal_head *h,
    int *found);

/* What the head must be now: the journal's last row and each table's
 * rows, unsigned. */
int ceu_seal_head_now(struct ceu_db *db, struct ceu_seal_head *h);

/* Whether h's signature is the database key's: CEU_OK, CEU_EREFUSED. */
int ceu_seal_head_check(struct ceu_db *db, const struct ceu_seal_head *h);

/* h as one line of text (no newline): "ceu-journal-head-v1 journal=N
 * hash=H unit=N ... sig=BASE64". */
void ceu_seal_head_text(const struct ceu_seal_head *h,
    char out[CEU_SEAL_HEAD_TEXT]);

/* Parse that text (blanks and a newline around it allowed).  CEU_EDATA,
 * saying why, for anything else. */
int ceu_seal_head_parse(struct ceu_db *db, const char *text,
    struct ceu_seal_head *h);

/*
 * For db.c.  ceu_seal_open registers the SQL function ceu_seal() on a
 * new connection; the key is loaded when first needed, and made when the
 * database has none yet and no signed head (ceu init, an upgrade; then
 * db->key_made is set, for the program to say so).  ceu_seal_sign signs
 * the head at the end of a write transaction (ceu_db_commit);
 * ceu_seal_ready loads the key, at the start of a write transaction, so
 * that no statement waits for it half-way; ceu_seal_close wipes the key.
 */
int ceu_seal_open(struct ceu_db *db);
int ceu_seal_ready(struct ceu_db *db);
int ceu_seal_sign(struct ceu_db *db);
void ceu_seal_close(struct ceu_db *db);

#endif
