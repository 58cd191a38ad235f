/*
 * seal.c - the seal of every row of the archive and the signed head of the
 * journal (R16).  See seal.h for the contract.
 *
 * A row's seal is SipHash-2-4 (libsodium crypto_shorthash, a keyed PRF of
 * 64 bits) over: the table's name and a NUL; the row's id as 8 bytes,
 * where the table seals it; and the digest of its values, 8 bytes.  The
 * digest is SipHash-2-4, with a key of its own, over each sealed column in
 * order, as its type letter and value: "N"; "I" and 8 bytes; "T", the
 * length as 4 bytes and the bytes (little-endian throughout).  The digest
 * is the costly half and needs no id: a bulk load makes it on the thread
 * that reads the file, and the seal when the id is known.  The two keys
 * are BLAKE2b of "ceu-seal-v1" and "ceu-seal-digest-v1" keyed with the
 * Ed25519 seed, so that neither is the signing key, and whoever holds no
 * key can make neither seal nor signature.
 *
 * The head is kept in the meta table (key 'head') as the text that
 * `ceu-report journal --head` prints.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "alloc.h"
#include "journal.h"
#include "key.h"
#include "seal.h"

#define SEAL_KEY_CONTEXT "ceu-seal-v1"
#define DIGEST_KEY_CONTEXT "ceu-seal-digest-v1"
#define DIGEST_STACK 2048	/* a row's bytes longer than this are put
				   together on the heap */

struct ceu_seal {
	unsigned char mac[crypto_shorthash_KEYBYTES];	/* of the seal */
	unsigned char dig[crypto_shorthash_KEYBYTES];	/* of the digest */
	struct ceu_key key;
	int loaded;		/* written once, before any reading thread
				   starts; read-only after */
};

/* What is known of each sealed table; the SQL is static, for the
 * statement cache. */
struct table {
	const char *name;
	const char *cols;
	int has_id;
	const char *seal_sql;	/* seal row ?1 */
	const char *all_sql;	/* seal every row */
	const char *rows_sql;	/* the highest rowid, or for a table known
				   by a key its rows */
	const char *scan_sql;	/* rowid, seal and the sealed columns of
				   every row, in rowid order */
};

#define UNIT_COLS "code, name, city_code, industry, batch, created_at, " \
	"updated_at"
#define PERSON_COLS "id_no, name, unit_code, specialty, title, batch, " \
	"created_at, updated_at"
#define POLICY_COLS "year, key, value"
#define BATCH_COLS "kind, file, sha256, source, added, unchanged, " \
	"rejected, actor, at, undone_at, undo_reason, first_record, " \
	"last_record"
#define FILING_COLS "filing_no, organizer, title, subject, category, " \
	"start_date, end_date, hours, batch, created_at"
#define RECORD_COLS "person_id, year, subject_code, category, hours, " \
	"title, date, end_date, source, source_name, filing_no, ref, " \
	"self_key, status_code, batch, evidence, late"
#define EXAM_ROUND_COLS "person_id, year, round, opened_on, reason, " \
	"studied_on"
#define EXAM_ATTEMPT_COLS "round_id, attempt, score, date, passed, batch, " \
	"created_at"
#define AUDIT_COLS "record_id, decision, reason, late, actor, at"
#define CERTIFICATE_COLS "serial, verify_code, person_id, year, kind, " \
	"public_hours, professional_hours, total_hours, issued_on, " \
	"revoked_at, revoke_reason, name, id_masked, unit_name, signature, " \
	"basis"
#define SOURCE_COLS "source, name, batch, created_at, updated_at"
/* The journal's hash is not sealed: the chain checks it, and a chain
 * re-hashed after an edit then names the edited row alone. */
#define JOURNAL_COLS "at, actor, action, entity, entity_id, before, after, " \
	"reason"

/* A table whose rows are sealed with their id (idx "rowid", has_id 1) or
 * without (idx "NULL", has_id 0). */
#define TABLE(t, cols, idx, has_id, rows) { t, cols, has_id, \
	"UPDATE " t " SET seal = ceu_seal('" t "', " idx ", " cols ") " \
	    "WHERE rowid = ?1", \
	"UPDATE " t " SET seal = ceu_seal('" t "', " idx ", " cols ")", \
	"SELECT " rows " FROM " t, \
	"SELECT rowid, seal, " cols " FROM " t " ORDER BY rowid" }
#define WITH_ID(t, cols) TABLE(t, cols, "rowid", 1, "coalesce(max(rowid), 0)")
#define BY_KEY(t, cols) TABLE(t, cols, "NULL", 0, "count(*)")

static const struct table tables[CEU_SEAL_NTABLES] = {
	[CEU_SEAL_UNIT] = BY_KEY("unit", UNIT_COLS),
	[CEU_SEAL_PERSON] = WITH_ID("person", PERSON_COLS),
	[CEU_SEAL_POLICY] = BY_KEY("policy", POLICY_COLS),
	[CEU_SEAL_BATCH] = WITH_ID("batch", BATCH_COLS),
	[CEU_SEAL_FILING] = BY_KEY("filing", FILING_COLS),
	[CEU_SEAL_RECORD] = WITH_ID("record", RECORD_COLS),
	[CEU_SEAL_EXAM_ROUND] = WITH_ID("exam_round", EXAM_ROUND_COLS),
	[CEU_SEAL_EXAM_ATTEMPT] = WITH_ID("exam_attempt", EXAM_ATTEMPT_COLS),
	[CEU_SEAL_AUDIT] = WITH_ID("audit", AUDIT_COLS),
	[CEU_SEAL_CERTIFICATE] = WITH_ID("certificate", CERTIFICATE_COLS),
	[CEU_SEAL_SOURCE] = BY_KEY("source", SOURCE_COLS),
	[CEU_SEAL_JOURNAL] = WITH_ID("journal", JOURNAL_COLS),
};

const char *
ceu_seal_name(enum ceu_seal_table t)
{
	return tables[t].name;
}

const char *
ceu_seal_cols(enum ceu_seal_table t)
{
	return tables[t].cols;
}

int
ceu_seal_has_id(enum ceu_seal_table t)
{
	return tables[t].has_id;
}

/* The table named name, or -1. */
static int
table_named(const char *name)
{
	for (int t = 0; t < CEU_SEAL_NTABLES; t++)
		if (strcmp(tables[t].name, name) == 0)
			return t;
	return -1;
}

/* How many columns a table seals. */
static int
ncols(enum ceu_seal_table t)
{
	int n = 1;

	for (const char *p = tables[t].cols; *p != '\0'; p++)
		n += *p == ',';
	return n;
}

/* ---- the key ---- */

/* Whether the database holds a signed head (then it has a key, and a
 * missing key file is an error, not a key to make). */
static int
has_head(struct ceu_db *db)
{
	static const char sql[] = "SELECT 1 FROM sqlite_schema WHERE "
	    "type = 'table' AND name = 'meta'";
	static const char head_sql[] = "SELECT 1 FROM meta WHERE key = 'head'";
	sqlite3_stmt *st;
	int found;

	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return 0;
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (!found || (st = ceu_db_stmt(db, head_sql)) == NULL)
		return 0;
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

/* Whether the database may be given a new key: it is being made, or is
 * older than seals (its upgrade seals it).  A sealed database that lost
 * its head and its key is not quietly given another. */
static int
unsealed(struct ceu_db *db)
{
	sqlite3_stmt *st;
	int version = 0, journaled = 0;

	if (sqlite3_prepare_v2(db->sql, "PRAGMA user_version", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version < CEU_SEAL_SINCE)
		return 1;
	if (sqlite3_prepare_v2(db->sql, "SELECT 1 FROM journal LIMIT 1", -1,
	    &st, NULL) == SQLITE_OK)
		journaled = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return !journaled;
}

/* The key of the database's file: loaded, or made by a write transaction
 * when the database is unsealed (a reader never makes one). */
static int
load_file_key(struct ceu_db *db, struct ceu_seal *s)
{
	char path[CEU_KEY_PATH_MAX];
	int created = 0, head, rc;

	if (db->key_path != NULL)
		snprintf(path, sizeof(path), "%s", db->key_path);
	else if ((rc = ceu_key_path(db, db->path, path, sizeof(path))) !=
	    CEU_OK)
		return rc;
	head = has_head(db);
	if (db->writing && !head && unsealed(db))
		rc = ceu_key_ensure(db, path, &s->key, &created);
	else if ((rc = ceu_key_load(db, path, &s->key)) == CEU_ENOINPUT &&
	    (head || !unsealed(db)))
		rc = ceu_db_fail(db, CEU_EREFUSED, "no key file '%s': the rows "
		    "of '%s' are sealed with its key; put it back (a backup "
		    "keeps it beside itself)", path, db->path);
	db->key_made = created;
	return rc;
}

/* The connection's seal state with its key loaded. */
static struct ceu_seal *
seal_state(struct ceu_db *db)
{
	struct ceu_seal *s = db->seal;

	if (s == NULL) {	/* a reader's connection (db.h) */
		ceu_db_fail(db, CEU_EUSAGE, "cannot seal on a read-only "
		    "connection");
		return NULL;
	}
	if (s->loaded)
		return s;
	if (sodium_init() < 0) {
		ceu_db_fail(db, CEU_EIO, "libsodium failed to start");
		return NULL;
	}
	/* A database in memory lives and dies with its one connection: a
	 * key of its own, never written anywhere. */
	if (db->path == NULL || *db->path == '\0' ||
	    strcmp(db->path, ":memory:") == 0) {
		unsigned char seed[crypto_sign_SEEDBYTES];

		randombytes_buf(seed, sizeof(seed));
		crypto_sign_seed_keypair(s->key.pk, s->key.sk, seed);
		sodium_memzero(seed, sizeof(seed));
		s->key.has_secret = 1;
	} else if (load_file_key(db, s) != CEU_OK)
		return NULL;
	crypto_generichash(s->mac, sizeof(s->mac),
	    (const unsigned char *)SEAL_KEY_CONTEXT, strlen(SEAL_KEY_CONTEXT),
	    s->key.sk, crypto_sign_SEEDBYTES);
	crypto_generichash(s->dig, sizeof(s->dig),
	    (const unsigned char *)DIGEST_KEY_CONTEXT,
	    strlen(DIGEST_KEY_CONTEXT), s->key.sk, crypto_sign_SEEDBYTES);
	s->loaded = 1;
	return s;
}

/* ---- the seal of a row ---- */

/* v's bytes at p, little-endian; p past them. */
static unsigned char *
put_le(unsigned char *p, uint64_t v, int bytes)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (bytes == 8) {
		memcpy(p, &v, 8);
		return p + 8;
	}
	if (bytes == 4) {
		uint32_t w = (uint32_t)v;

		memcpy(p, &w, 4);
		return p + 4;
	}
#endif
	for (int i = 0; i < bytes; i++, v >>= 8)
		*p++ = (unsigned char)(v & 0xff);
	return p;
}

/* The bytes of v at p; p past them (put_size of them). */
static unsigned char *
put_value(unsigned char *p, const struct ceu_seal_value *v)
{
	switch (v->type) {
	case SQLITE_INTEGER:
		*p++ = 'I';
		return put_le(p, (uint64_t)v->i, 8);
	case SQLITE_TEXT:
	case SQLITE_BLOB:
		*p++ = v->type == SQLITE_TEXT ? 'T' : 'B';
		p = put_le(p, v->len, 4);
		if (v->len > 0)
			memcpy(p, v->s, v->len);
		return p + v->len;
	default:
		*p++ = 'N';
		return p;
	}
}

static size_t
put_size(const struct ceu_seal_value *v)
{
	return v->type == SQLITE_INTEGER ? 9 : v->type == SQLITE_TEXT ||
	    v->type == SQLITE_BLOB ? 5 + v->len : 1;
}

/* SipHash-2-4 of buf[0..len) with key, as a number. */
static uint64_t
siphash(const unsigned char *buf, size_t len, const unsigned char *key)
{
	unsigned char out[crypto_shorthash_BYTES];
	uint64_t h = 0;

	crypto_shorthash(out, buf, len, key);
	for (int i = 7; i >= 0; i--)
		h = h << 8 | out[i];
	return h;
}

/* The digest of values v[0..n) with s's key.  Touches nothing shared: a
 * reading thread may make it. */
static uint64_t
digest_of(const struct ceu_seal *s, const struct ceu_seal_value *v, int n)
{
	unsigned char stack[DIGEST_STACK], *buf = stack, *p;
	size_t len = 0;
	uint64_t h;

	for (int i = 0; i < n; i++)
		len += put_size(&v[i]);
	if (len > sizeof(stack))
		buf = ceu_malloc(len);
	buf[0] = '\0';	/* gcc -O1 cannot tell that the loop fills it */
	p = buf;
	for (int i = 0; i < n; i++)
		p = put_value(p, &v[i]);
	h = siphash(buf, len, s->dig);
	if (buf != stack)
		free(buf);
	return h;
}

/* The seal of row id of table t whose values have digest d. */
static long long
seal_of(const struct ceu_seal *s, enum ceu_seal_table t, long long id,
    uint64_t d)
{
	unsigned char buf[64 + 16], *p;
	size_t name = strlen(tables[t].name) + 1;

	memcpy(buf, tables[t].name, name);
	p = buf + name;
	if (tables[t].has_id)
		p = put_le(p, (uint64_t)id, 8);
	p = put_le(p, d, 8);
	return (long long)siphash(buf, (size_t)(p - buf), s->mac);
}

int
ceu_seal_ready(struct ceu_db *db)
{
	return seal_state(db) != NULL ? CEU_OK : db->code;
}

int
ceu_seal_digest(const struct ceu_db *db, const struct ceu_seal_value *v,
    int n, unsigned long long *digest)
{
	if (db->seal == NULL || !db->seal->loaded)
		return -1;
	*digest = digest_of(db->seal, v, n);
	return 0;
}

int
ceu_seal_of_digest(struct ceu_db *db, enum ceu_seal_table t, long long id,
    unsigned long long digest, long long *seal)
{
	struct ceu_seal *s = seal_state(db);

	if (s == NULL)
		return db->code;
	*seal = seal_of(s, t, id, digest);
	return CEU_OK;
}

int
ceu_seal_make(struct ceu_db *db, enum ceu_seal_table t, long long id,
    const struct ceu_seal_value *v, int n, long long *seal)
{
	struct ceu_seal *s = seal_state(db);

	if (s == NULL)
		return db->code;
	*seal = seal_of(s, t, id, digest_of(s, v, n));
	return CEU_OK;
}

/* An SQLite value as the seal reads it (valid until the value changes). */
static void
value_of(sqlite3_value *in, struct ceu_seal_value *v)
{
	v->type = sqlite3_value_type(in);
	if (v->type == SQLITE_INTEGER)
		v->i = sqlite3_value_int64(in);
	else if (v->type == SQLITE_FLOAT)	/* none is stored: as SQLite
						   prints it */
		v->type = SQLITE_TEXT;
	if (v->type == SQLITE_TEXT) {
		v->s = (const char *)sqlite3_value_text(in);
		v->len = (size_t)sqlite3_value_bytes(in);
	} else if (v->type == SQLITE_BLOB) {
		v->s = sqlite3_value_blob(in);
		v->len = (size_t)sqlite3_value_bytes(in);
	}
}

/* Column i of st's row as the seal reads it. */
static void
column_of(sqlite3_stmt *st, int i, struct ceu_seal_value *v)
{
	v->type = sqlite3_column_type(st, i);
	if (v->type == SQLITE_INTEGER)
		v->i = sqlite3_column_int64(st, i);
	else if (v->type == SQLITE_FLOAT)
		v->type = SQLITE_TEXT;
	if (v->type == SQLITE_TEXT) {
		v->s = (const char *)sqlite3_column_text(st, i);
		v->len = (size_t)sqlite3_column_bytes(st, i);
	} else if (v->type == SQLITE_BLOB) {
		v->s = sqlite3_column_blob(st, i);
		v->len = (size_t)sqlite3_column_bytes(st, i);
	}
}

const char *
ceu_seal_scan_sql(enum ceu_seal_table t)
{
	return tables[t].scan_sql;
}

int
ceu_seal_check(struct ceu_db *db, enum ceu_seal_table t, sqlite3_stmt *st,
    int *ok)
{
	struct ceu_seal_value v[64];
	struct ceu_seal *s = seal_state(db);
	int n = ncols(t);

	*ok = 0;
	if (s == NULL)
		return db->code;
	for (int i = 0; i < n && i < 64; i++)
		column_of(st, i + 2, &v[i]);
	*ok = sqlite3_column_type(st, 1) == SQLITE_INTEGER &&
	    sqlite3_column_int64(st, 1) == seal_of(s, t,
	    sqlite3_column_int64(st, 0), digest_of(s, v, n));
	return CEU_OK;
}

/* SQL ceu_seal(table, id or NULL, column values...): the row's seal. */
static void
seal_function(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct ceu_db *db = sqlite3_user_data(cx);
	struct ceu_seal_value v[64];
	struct ceu_seal *s;
	int t, n = argc - 2;

	t = table_named((const char *)sqlite3_value_text(argv[0]));
	if (t < 0 || n != ncols(t) || n > 64) {
		sqlite3_result_error(cx, ceu_tr(N_("ceu_seal: no such table "
		    "or not its columns")), -1);
		return;
	}
	if ((s = seal_state(db)) == NULL) {
		sqlite3_result_error(cx, db->msg, -1);
		return;
	}
	for (int i = 0; i < n; i++)
		value_of(argv[i + 2], &v[i]);
	sqlite3_result_int64(cx, seal_of(s, t, sqlite3_value_int64(argv[1]),
	    digest_of(s, v, n)));
}

/* Run one of a table's static sealing statements. */
static int
run_seal(struct ceu_db *db, const char *sql, long long rowid, int one)
{
	sqlite3_stmt *st;
	int rc;

	if (seal_state(db) == NULL || (st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	if (one)
		sqlite3_bind_int64(st, 1, rowid);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "cannot seal");
	if (one && sqlite3_changes(db->sql) != 1)
		return ceu_db_fail(db, CEU_EIO, "cannot seal: no row %lld in "
		    "'%s'", rowid, sql);
	return CEU_OK;
}

int
ceu_seal_row(struct ceu_db *db, enum ceu_seal_table t, long long rowid)
{
	return run_seal(db, tables[t].seal_sql, rowid, 1);
}

int
ceu_seal_table(struct ceu_db *db, enum ceu_seal_table t)
{
	return run_seal(db, tables[t].all_sql, 0, 0);
}

/* ---- the head ---- */

int
ceu_seal_rows(struct ceu_db *db, enum ceu_seal_table t, long long *rows)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = ceu_db_stmt(db, tables[t].rows_sql)) == NULL)
		return db->code;
	rc = sqlite3_step(st);
	*rows = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? CEU_OK : ceu_db_sqlfail(db, tables[t].name);
}

int
ceu_seal_head_now(struct ceu_db *db, struct ceu_seal_head *h)
{
	int rc;

	memset(h, 0, sizeof(*h));
	h->ntables = CEU_SEAL_NTABLES - 1;
	for (int t = 0; t < CEU_SEAL_NTABLES; t++)
		if ((rc = ceu_seal_rows(db, t, &h->rows[t])) != CEU_OK)
			return rc;
	return ceu_journal_head(db, &h->rows[CEU_SEAL_JOURNAL], h->hash);
}

/* The signed part of the text: all but " sig=...". */
static size_t
head_message(const struct ceu_seal_head *h, char *out, size_t size)
{
	size_t len;

	len = (size_t)snprintf(out, size, "%s journal=%lld hash=%s",
	    CEU_SEAL_HEAD_CONTEXT, h->rows[CEU_SEAL_JOURNAL],
	    *h->hash ? h->hash : "-");
	for (int t = 0, k = 0; t < CEU_SEAL_NTABLES && len < size; t++) {
		if (t == CEU_SEAL_JOURNAL || k++ >= h->ntables)
			continue;
		len += (size_t)snprintf(out + len, size - len, " %s=%lld",
		    tables[t].name, h->rows[t]);
	}
	return len < size ? len : size - 1;
}

void
ceu_seal_head_text(const struct ceu_seal_head *h,
    char out[CEU_SEAL_HEAD_TEXT])
{
	char b64[sodium_base64_ENCODED_LEN(64,
	    sodium_base64_VARIANT_ORIGINAL)];
	size_t len = head_message(h, out, CEU_SEAL_HEAD_TEXT);

	sodium_bin2base64(b64, sizeof(b64), h->sig, sizeof(h->sig),
	    sodium_base64_VARIANT_ORIGINAL);
	snprintf(out + len, CEU_SEAL_HEAD_TEXT - len, " sig=%s", b64);
}

int
ceu_seal_head_check(struct ceu_db *db, const struct ceu_seal_head *h)
{
	char msg[CEU_SEAL_HEAD_TEXT];
	struct ceu_seal *s = seal_state(db);
	size_t len;

	if (s == NULL)
		return db->code;
	len = head_message(h, msg, sizeof(msg));
	return ceu_key_verify(db, s->key.pk, CEU_SEAL_HEAD_CONTEXT, msg, len,
	    h->sig);
}

int
ceu_seal_sign(struct ceu_db *db)
{
	static const char sql[] = "INSERT INTO meta(key, value) VALUES "
	    "('head', ?1) ON CONFLICT (key) DO UPDATE SET value = "
	    "excluded.value";
	char text[CEU_SEAL_HEAD_TEXT];
	struct ceu_seal_head h;
	struct ceu_seal *s;
	sqlite3_stmt *st;
	size_t len;
	int rc;

	if ((s = seal_state(db)) == NULL ||
	    ceu_seal_head_now(db, &h) != CEU_OK)
		return db->code;
	len = head_message(&h, text, sizeof(text));
	if (ceu_key_sign(db, &s->key, CEU_SEAL_HEAD_CONTEXT, text, len,
	    h.sig) != CEU_OK)
		return db->code;
	ceu_seal_head_text(&h, text);
	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? CEU_OK : ceu_db_sqlfail(db, "journal head");
}

/* One "name=value" word of the head's text at *p; the value's text into
 * val (NUL-terminated), *p past the word and one blank. */
static int
head_word(const char **p, const char *name, char *val, size_t size)
{
	size_t n = strlen(name), len;

	if (strncmp(*p, name, n) != 0 || (*p)[n] != '=')
		return -1;
	*p += n + 1;
	len = strcspn(*p, " ");
	if (len == 0 || len >= size)
		return -1;
	memcpy(val, *p, len);
	val[len] = '\0';
	*p += len + ((*p)[len] == ' ');
	return 0;
}

/* A count of the head's text. */
static int
head_count(const char *val, long long *n)
{
	char *end;

	errno = 0;
	*n = strtoll(val, &end, 10);
	return *end != '\0' || errno != 0 || *n < 0 || val[0] == '-' ? -1 : 0;
}

/* The words of the text at p, the context already read, into h. */
static int
head_words(const char *p, struct ceu_seal_head *h)
{
	char val[128];
	size_t binlen;

	if (head_word(&p, "journal", val, sizeof(val)) != 0 ||
	    head_count(val, &h->rows[CEU_SEAL_JOURNAL]) != 0 ||
	    head_word(&p, "hash", val, sizeof(val)) != 0 ||
	    (strcmp(val, "-") != 0 && strlen(val) != 64))
		return -1;
	if (strcmp(val, "-") != 0)
		memcpy(h->hash, val, sizeof(h->hash));	/* 64 and a NUL */
	for (int t = 0; t < CEU_SEAL_NTABLES; t++) {
		if (t == CEU_SEAL_JOURNAL || strncmp(p, "sig=", 4) == 0)
			continue;
		if (head_word(&p, tables[t].name, val, sizeof(val)) != 0 ||
		    head_count(val, &h->rows[t]) != 0)
			return -1;
		h->ntables++;
	}
	if (head_word(&p, "sig", val, sizeof(val)) != 0 || *p != '\0')
		return -1;
	return sodium_base642bin(h->sig, sizeof(h->sig), val, strlen(val),
	    NULL, &binlen, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    binlen != sizeof(h->sig) ? -1 : 0;
}

int
ceu_seal_head_parse(struct ceu_db *db, const char *text,
    struct ceu_seal_head *h)
{
	char line[CEU_SEAL_HEAD_TEXT];
	size_t len, clen = strlen(CEU_SEAL_HEAD_CONTEXT);

	memset(h, 0, sizeof(*h));
	text += strspn(text, " \t\r\n");
	len = strlen(text);
	while (len > 0 && strchr(" \t\r\n", text[len - 1]) != NULL)
		len--;
	if (len >= sizeof(line) || len <= clen ||
	    strncmp(text, CEU_SEAL_HEAD_CONTEXT, clen) != 0 ||
	    text[clen] != ' ')
		return ceu_db_fail(db, CEU_EDATA, "not a journal head (one "
		    "line '%s journal=N hash=H ... sig=S', as 'ceu-report "
		    "journal --head' prints)", CEU_SEAL_HEAD_CONTEXT);
	memcpy(line, text, len);
	line[len] = '\0';
	if (head_words(line + clen + 1, h) != 0)
		return ceu_db_fail(db, CEU_EDATA, "malformed journal head: "
		    "'%s'", line);
	return CEU_OK;
}

int
ceu_seal_head_get(struct ceu_db *db, struct ceu_seal_head *h, int *found)
{
	static const char sql[] = "SELECT value FROM meta WHERE key = 'head'";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	memset(h, 0, sizeof(*h));
	*found = 0;
	if (st == NULL)
		return db->code;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*found = 1;
		rc = ceu_seal_head_parse(db, ceu_col_text(st, 0), h);
	} else
		rc = rc == SQLITE_DONE ? CEU_OK : ceu_db_sqlfail(db, "meta");
	sqlite3_reset(st);
	return rc;
}

/* ---- the connection ---- */

int
ceu_seal_open(struct ceu_db *db)
{
	if (db->seal == NULL)	/* a reconnection keeps its key */
		db->seal = ceu_calloc(1, sizeof(*db->seal));
	/* Direct only: no trigger or view of a file can call it. */
	if (sqlite3_create_function(db->sql, "ceu_seal", -1, SQLITE_UTF8 |
	    SQLITE_DIRECTONLY, db, seal_function, NULL, NULL) != SQLITE_OK)
		return ceu_db_sqlfail(db, "ceu_seal");
	return CEU_OK;
}

void
ceu_seal_close(struct ceu_db *db)
{
	if (db->seal == NULL)
		return;
	ceu_key_wipe(&db->seal->key);
	sodium_memzero(db->seal->mac, sizeof(db->seal->mac));
	sodium_memzero(db->seal->dig, sizeof(db->seal->dig));
	free(db->seal);
	db->seal = NULL;
}
