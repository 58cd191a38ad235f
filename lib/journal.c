/*
 * journal.c - the hash-chained change journal (R16): appending a row,
 * verifying the chain, listing the rows (journal.h).
 *
 * The hash of row n is BLAKE2b-256 over the hex hash of row n-1 (empty for
 * the first row) and the row's fields, each preceded by its length so that
 * no two different rows serialise alike.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "journal.h"
#include "seal.h"

#define HASH_HEX CEU_JOURNAL_HASH_HEX

/* Feed one field, NULL distinct from "". */
static void
hash_field(crypto_generichash_state *h, const char *s)
{
	char len[24];

	if (s == NULL) {
		crypto_generichash_update(h, (const unsigned char *)"N", 1);
		return;
	}
	snprintf(len, sizeof(len), "S%zu:", strlen(s));
	crypto_generichash_update(h, (const unsigned char *)len, strlen(len));
	crypto_generichash_update(h, (const unsigned char *)s, strlen(s));
}

void
ceu_journal_hash(const char *prev, const char *const fields[9],
    char hex[CEU_JOURNAL_HASH_HEX])
{
	crypto_generichash_state h;
	unsigned char out[crypto_generichash_BYTES];
	int i;

	crypto_generichash_init(&h, NULL, 0, sizeof(out));
	hash_field(&h, prev);
	for (i = 0; i < 9; i++)
		hash_field(&h, fields[i]);
	crypto_generichash_final(&h, out, sizeof(out));
	sodium_bin2hex(hex, HASH_HEX, out, sizeof(out));
}

int
ceu_journal_head(struct ceu_db *db, long long *id,
    char hex[CEU_JOURNAL_HASH_HEX])
{
	static const char sql[] =
	    "SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	*id = 0;
	hex[0] = '\0';
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		snprintf(hex, HASH_HEX, "%s", ceu_col_text(st, 1));
	} else if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "journal");
	sqlite3_reset(st);
	return CEU_OK;
}

/* Whether json is NULL or a JSON object, as jq reads it. */
static int
is_object(struct ceu_db *db, const char *json, int *ok)
{
	static const char sql[] = "SELECT json_valid(?1) AND "
	    "json_type(?1) = 'object'";
	sqlite3_stmt *st;
	int rc;

	*ok = 1;
	if (json == NULL)
		return CEU_OK;
	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*ok = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? CEU_OK : ceu_db_sqlfail(db, "journal");
}

/* The row's seal (seal.h) over fields[1..9), its id sealed with them. */
static int
row_seal(struct ceu_db *db, long long id, const char *const fields[9],
    long long *seal)
{
	struct ceu_seal_value v[8];

	for (int i = 0; i < 8; i++) {
		const char *f = fields[i + 1];

		v[i].type = f != NULL ? SQLITE_TEXT : SQLITE_NULL;
		v[i].s = f;
		v[i].len = f != NULL ? strlen(f) : 0;
	}
	return ceu_seal_make(db, CEU_SEAL_JOURNAL, id, v, 8, seal);
}

int
ceu_journal_append(struct ceu_db *db, const char *action,
    const char *entity, const char *entity_id, const char *before,
    const char *after, const char *reason)
{
	static const char sql[] = "INSERT INTO journal(id, at, actor, action, "
	    "entity, entity_id, before, after, reason, hash, seal) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
	char prev[HASH_HEX], hex[HASH_HEX], idbuf[24];
	const char *fields[9];
	sqlite3_stmt *st;
	long long id, seal;
	int ok_before, ok_after;

	if (sodium_init() < 0)
		return ceu_db_fail(db, CEU_EIO, "libsodium failed to start");
	if (is_object(db, before, &ok_before) != CEU_OK ||
	    is_object(db, after, &ok_after) != CEU_OK)
		return db->code;
	/* SPEC: before and after are JSON objects, for jq. */
	if (!ok_before || !ok_after)
		return ceu_db_fail(db, CEU_EIO, "cannot journal %s of %s %s: "
		    "not a JSON object: %s", action, entity, entity_id,
		    ok_before ? after : before);
	if (ceu_journal_head(db, &id, prev) != CEU_OK)
		return db->code;
	snprintf(idbuf, sizeof(idbuf), "%lld", id + 1);
	fields[0] = idbuf;
	fields[1] = db->now;
	fields[2] = db->actor;
	fields[3] = action;
	fields[4] = entity;
	fields[5] = entity_id;
	fields[6] = before;
	fields[7] = after;
	fields[8] = reason;
	ceu_journal_hash(prev, fields, hex);
	if (row_seal(db, id + 1, fields, &seal) != CEU_OK ||
	    (st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, id + 1);
	for (int i = 1; i < 9; i++)
		sqlite3_bind_text(st, i + 1, fields[i], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, hex, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 11, seal);
	if (sqlite3_step(st) != SQLITE_DONE)
		return ceu_db_sqlfail(db, "journal");
	sqlite3_reset(st);
	return CEU_OK;
}

int
ceu_journal_verify(struct ceu_db *db, long long *checked, long long *bad_id)
{
	static const char sql[] = "SELECT id, at, actor, action, entity, "
	    "entity_id, before, after, reason, hash FROM journal ORDER BY id";
	char prev[HASH_HEX] = "", hex[HASH_HEX];
	const char *fields[9];
	sqlite3_stmt *st;
	long long expect = 1;
	int rc;

	*checked = 0;
	*bad_id = 0;
	if (sodium_init() < 0)
		return ceu_db_fail(db, CEU_EIO, "libsodium failed to start");
	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);

		for (int i = 0; i < 9; i++)
			fields[i] = (const char *)sqlite3_column_text(st, i);
		if (id != expect) {
			*bad_id = id;
			sqlite3_reset(st);
			return ceu_db_fail(db, CEU_EREFUSED, "journal row %lld "
			    "is missing before row %lld", expect, id);
		}
		ceu_journal_hash(prev, fields, hex);
		if (strcmp(hex, ceu_col_text(st, 9)) != 0) {
			*bad_id = id;
			sqlite3_reset(st);
			return ceu_db_fail(db, CEU_EREFUSED, "journal row %lld "
			    "was altered (hash mismatch)", id);
		}
		memcpy(prev, hex, sizeof(prev));
		expect++;
		(*checked)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "journal");
	return CEU_OK;
}

const struct ceu_out_col ceu_journal_cols[CEU_JOURNAL_NCOLS] = {
	{ "id", CEU_COL_NUM }, { "at", CEU_COL_TEXT },
	{ "actor", CEU_COL_TEXT }, { "action", CEU_COL_TEXT },
	{ "entity", CEU_COL_TEXT }, { "entity_id", CEU_COL_TEXT },
	{ "before", CEU_COL_TEXT }, { "after", CEU_COL_TEXT },
	{ "reason", CEU_COL_TEXT },
};

int
ceu_journal_each(struct ceu_db *db, const char *since,
    int (*fn)(void *ctx, const char *const fields[CEU_JOURNAL_NCOLS]),
    void *ctx)
{
	static const char sql[] = "SELECT id, at, actor, action, entity, "
	    "entity_id, before, after, reason FROM journal "
	    "WHERE ?1 IS NULL OR at >= ?1 ORDER BY id";
	const char *f[CEU_JOURNAL_NCOLS];
	sqlite3_stmt *st;
	int rc = CEU_OK, step, i;

	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	if (since != NULL)
		sqlite3_bind_text(st, 1, since, -1, SQLITE_TRANSIENT);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < CEU_JOURNAL_NCOLS; i++)
			f[i] = (const char *)sqlite3_column_text(st, i);
		if ((rc = fn(ctx, f)) != 0)
			break;
	}
	if (rc == CEU_OK && step != SQLITE_DONE)
		rc = ceu_db_sqlfail(db, "journal");
	sqlite3_reset(st);
	return rc;
}
