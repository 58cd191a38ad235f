/*
 * record_chunk.c - the records of one ceu_record_add_many call as the
 * virtual table ceu_record_chunk (record_chunk.h).
 *
 * One statement for many records is what makes a bulk load cheap
 * (SQLite's cost per statement, not per row, dominates a single-row
 * INSERT); the table shows the caller's array as it is, without a copy,
 * and is reused call after call: once its arrays have grown to the size
 * of a chunk a bulk load allocates nothing per record.  Each row comes
 * with the id it will have and its seal (R16, seal.h), made here from the
 * very values the table shows, so that sealing costs no second statement.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "record_chunk.h"
#include "seal.h"
#include "values.h"

/* The columns of ceu_record_chunk, in the order of chunk_schema. */
enum {
	C_PERSON, C_YEAR, C_SUBJECT, C_CATEGORY, C_HOURS, C_TITLE, C_DATE,
	C_END_DATE, C_SOURCE, C_SOURCE_NAME, C_FILING, C_REF, C_KEY,
	C_SELF_KEY, C_STATUS, C_BATCH, C_EVIDENCE, C_LATE, C_TITLE_KEY, C_ID,
	C_SEAL
};
static const char chunk_schema[] = "CREATE TABLE x(person_id, year, "
    "subject_code, category, hours, title, date, end_date, source, "
    "source_name, filing_no, ref, activity_key, self_key, status_code, "
    "batch, evidence, "
    "late, title_key, id, seal)";

/* The record table's sealed columns (seal.c's RECORD_COLS), in order. */
static const int sealed[] = {
	C_PERSON, C_YEAR, C_SUBJECT, C_CATEGORY, C_HOURS, C_TITLE, C_DATE,
	C_END_DATE, C_SOURCE, C_SOURCE_NAME, C_FILING, C_REF, C_SELF_KEY,
	C_STATUS, C_BATCH, C_EVIDENCE, C_LATE
};
#define NSEALED ((int)(sizeof(sealed) / sizeof(sealed[0])))


struct chunk_vtab {
	sqlite3_vtab base;
	struct ceu_record_chunk *c;
};

struct chunk_cursor {
	sqlite3_vtab_cursor base;
	const struct ceu_record_chunk *c;
	size_t i;
	long long id;		/* the id record i will have */
	/* Record i's sealed columns and seal, made once on its first
	 * column (row is i + 1 then, 0 before). */
	size_t row;
	struct ceu_seal_value v[NSEALED];
	long long seal;
	char date[11], end_date[11];
	char title_key[CEU_RECORD_KEY_SIZE];	/* R10 across routes, when
						   the record has none */
};

const char *
ceu_record_chunk_key(const struct ceu_record_chunk *c, size_t i)
{
	return c->r[i].key != NULL ? c->r[i].key : c->keys + c->key_at[i];
}

static int
chunk_connect(sqlite3 *sql, void *aux, int argc, const char *const *argv,
    sqlite3_vtab **vtab, char **err)
{
	struct chunk_vtab *v;
	int rc;

	(void)argc, (void)argv, (void)err;
	if ((rc = sqlite3_declare_vtab(sql, chunk_schema)) != SQLITE_OK)
		return rc;
	if ((v = sqlite3_malloc(sizeof(*v))) == NULL)
		return SQLITE_NOMEM;
	memset(v, 0, sizeof(*v));
	v->c = aux;
	*vtab = &v->base;
	return SQLITE_OK;
}

static int
chunk_disconnect(sqlite3_vtab *vtab)
{
	sqlite3_free(vtab);
	return SQLITE_OK;
}

/* A full scan is the one plan; the rowid is the record's index. */
static int
chunk_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
	(void)vtab;
	info->estimatedCost = 4096;
	info->estimatedRows = 4096;
	return SQLITE_OK;
}

static int
chunk_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **cur)
{
	struct chunk_cursor *k;

	if ((k = sqlite3_malloc(sizeof(*k))) == NULL)
		return SQLITE_NOMEM;
	memset(k, 0, sizeof(*k));
	k->c = ((struct chunk_vtab *)vtab)->c;
	*cur = &k->base;
	return SQLITE_OK;
}

static int
chunk_close(sqlite3_vtab_cursor *cur)
{
	sqlite3_free(cur);
	return SQLITE_OK;
}

/* From record i on, the first that is offered. */
static void
chunk_seek(struct chunk_cursor *k, size_t i)
{
	while (i < k->c->n && !k->c->offered[i])
		i++;
	k->i = i;
}

static int
chunk_filter(sqlite3_vtab_cursor *cur, int plan, const char *planstr,
    int argc, sqlite3_value **argv)
{
	struct chunk_cursor *k = (struct chunk_cursor *)cur;

	(void)plan, (void)planstr, (void)argc, (void)argv;
	chunk_seek(k, 0);
	k->id = k->c->base + 1;
	k->row = 0;
	return SQLITE_OK;
}

static int
chunk_next(sqlite3_vtab_cursor *cur)
{
	struct chunk_cursor *k = (struct chunk_cursor *)cur;

	chunk_seek(k, k->i + 1);
	k->id++;
	return SQLITE_OK;
}

static int
chunk_eof(sqlite3_vtab_cursor *cur)
{
	struct chunk_cursor *k = (struct chunk_cursor *)cur;

	return k->i >= k->c->n;
}

static int
chunk_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	*rowid = (sqlite3_int64)((struct chunk_cursor *)cur)->i;
	return SQLITE_OK;
}

/* A date, or NULL for 0, formatted into buf. */
static void
date_or_null(struct ceu_seal_value *v, int date, char buf[11])
{
	*v = ceu_seal_opt(date ? ceu_date_format(date, buf) : NULL);
}

/* Column col (not the id nor the seal) of record r, whose activity key
 * is key, as the record table stores it; dates formatted into date and
 * end_date. */
static void
record_value(const struct ceu_record *r, const char *key, int col,
    struct ceu_seal_value *v, char date[11], char end_date[11])
{
	switch (col) {
	case C_PERSON:
		*v = ceu_seal_int(r->person_id);
		break;
	case C_YEAR:
		*v = ceu_seal_int(r->year);
		break;
	case C_SUBJECT:
		*v = ceu_seal_int(r->subject);		/* enum ceu_subject */
		break;
	case C_CATEGORY:
		*v = ceu_seal_opt(r->category >= 0 ?
		    ceu_category_name(r->category) : NULL);
		break;
	case C_HOURS:
		*v = ceu_seal_int(r->hours);
		break;
	case C_TITLE:
		*v = ceu_seal_text(r->title);
		break;
	case C_DATE:
		date_or_null(v, r->date, date);
		break;
	case C_END_DATE:
		date_or_null(v, r->end_date, end_date);
		break;
	case C_SOURCE:
		*v = ceu_seal_text(r->source);
		break;
	case C_SOURCE_NAME:
		*v = ceu_seal_opt(r->source_name);
		break;
	case C_FILING:
		*v = ceu_seal_opt(r->filing_no);
		break;
	case C_REF:
		*v = ceu_seal_opt(r->ref);
		break;
	case C_SELF_KEY:
		/* Stored only when the columns do not say it (schema.sql). */
		*v = ceu_seal_text(strncmp(key, "self:", 5) == 0 ? key :
		    "");
		break;
	case C_KEY:
		*v = ceu_seal_text(key);
		break;
	case C_STATUS:
		*v = ceu_seal_int(r->status);		/* enum ceu_status */
		break;
	case C_BATCH:
		if (r->batch)
			*v = ceu_seal_int(r->batch);
		else
			*v = ceu_seal_opt(NULL);
		break;
	case C_EVIDENCE:
		*v = ceu_seal_opt(r->evidence);
		break;
	default:	/* C_LATE: R9, R11 */
		*v = ceu_seal_int(r->late != 0);
		break;
	}
}

/* Column col (not the seal) of the record under the cursor. */
static void
chunk_value(struct chunk_cursor *k, int col, struct ceu_seal_value *v)
{
	const struct ceu_record *r = &k->c->r[k->i];

	if (col == C_ID)
		*v = ceu_seal_int(k->id);
	else if (col == C_TITLE_KEY && r->title_key != NULL)
		/* R10 across routes; a bulk load makes it on its reading
		 * thread. */
		*v = ceu_seal_text(r->title_key);
	else if (col == C_TITLE_KEY) {
		ceu_record_title_key(r, k->title_key, sizeof(k->title_key));
		*v = ceu_seal_text(k->title_key);
	} else
		record_value(r, ceu_record_chunk_key(k->c, k->i), col, v,
		    k->date, k->end_date);
}

int
ceu_record_digest(const struct ceu_db *db, const struct ceu_record *r,
    const char *key, unsigned long long *digest)
{
	struct ceu_seal_value v[NSEALED];
	char date[11], end_date[11];

	for (int i = 0; i < NSEALED; i++)
		record_value(r, key, sealed[i], &v[i], date, end_date);
	return ceu_seal_digest(db, v, NSEALED, digest);
}

/* Where each column is in sealed[], or -1. */
static const signed char sealed_at[C_SEAL + 1] = {
	[C_PERSON] = 0, [C_YEAR] = 1, [C_SUBJECT] = 2, [C_CATEGORY] = 3,
	[C_HOURS] = 4, [C_TITLE] = 5, [C_DATE] = 6, [C_END_DATE] = 7,
	[C_SOURCE] = 8, [C_SOURCE_NAME] = 9, [C_FILING] = 10, [C_REF] = 11,
	[C_KEY] = -1, [C_SELF_KEY] = 12, [C_STATUS] = 13, [C_BATCH] = 14,
	[C_EVIDENCE] = 15, [C_LATE] = 16, [C_TITLE_KEY] = -1, [C_ID] = -1,
	[C_SEAL] = -1,
};

/* The seal of the record under the cursor: of the digest the reading
 * thread made, or else of its sealed columns, which are kept for the
 * columns the INSERT reads after it (it reads the seal first). */
static int
chunk_row(struct chunk_cursor *k)
{
	const struct ceu_record *r = &k->c->r[k->i];
	struct ceu_db *db = k->c->db;

	if (k->row == k->i + 1)
		return CEU_OK;
	if (r->has_digest) {
		if (ceu_seal_of_digest(db, CEU_SEAL_RECORD, k->id, r->digest,
		    &k->seal) != CEU_OK)
			return db->code;
		k->row = 0;
		return CEU_OK;
	}
	for (int i = 0; i < NSEALED; i++)
		chunk_value(k, sealed[i], &k->v[i]);
	if (ceu_seal_make(db, CEU_SEAL_RECORD, k->id, k->v, NSEALED,
	    &k->seal) != CEU_OK)
		return db->code;
	k->row = k->i + 1;
	return CEU_OK;
}

/* Column col of the record under the cursor: its values as chunk_value
 * says, and its seal made of them. */
static int
chunk_column(sqlite3_vtab_cursor *cur, sqlite3_context *cx, int col)
{
	struct chunk_cursor *k = (struct chunk_cursor *)cur;
	struct ceu_seal_value one;
	const struct ceu_seal_value *v = &one;
	int at = col >= 0 && col <= C_SEAL ? sealed_at[col] : -1;

	/* A query that reads no seal (R10's holders) makes none. */
	if (col == C_SEAL) {
		if (chunk_row(k) != CEU_OK) {
			sqlite3_result_error(cx, k->c->db->msg, -1);
			return SQLITE_ERROR;
		}
		sqlite3_result_int64(cx, k->seal);
		return SQLITE_OK;
	}
	if (at >= 0 && k->row == k->i + 1)
		v = &k->v[at];
	else
		chunk_value(k, col, &one);
	if (v->type == SQLITE_INTEGER)
		sqlite3_result_int64(cx, v->i);
	else if (v->type == SQLITE_TEXT)
		/* The record's strings outlive the statement; a date is in
		 * the cursor's buffer, which the next row reuses. */
		sqlite3_result_text(cx, v->s, (int)v->len, col == C_DATE ||
		    col == C_END_DATE || col == C_TITLE_KEY ?
		    SQLITE_TRANSIENT : SQLITE_STATIC);
	else
		sqlite3_result_null(cx);
	return SQLITE_OK;
}

static const sqlite3_module chunk_module = {
	.iVersion = 1,
	.xConnect = chunk_connect,	/* no xCreate: eponymous only */
	.xBestIndex = chunk_best_index,
	.xDisconnect = chunk_disconnect,
	.xOpen = chunk_open,
	.xClose = chunk_close,
	.xFilter = chunk_filter,
	.xNext = chunk_next,
	.xEof = chunk_eof,
	.xColumn = chunk_column,
	.xRowid = chunk_rowid,
};

static void
chunk_free(void *p)
{
	struct ceu_record_chunk *c = p;

	free(c->key_at);
	free(c->first);
	free(c->offered);
	free(c->slot);
	free(c->keys);
	free(c);
}

struct ceu_record_chunk *
ceu_record_chunk_get(struct ceu_db *db)
{
	struct ceu_record_chunk *c;

	if (db->chunk != NULL)
		return db->chunk;
	c = ceu_calloc(1, sizeof(*c));
	c->db = db;
	/* On failure too, SQLite calls chunk_free. */
	if (sqlite3_create_module_v2(db->sql, "ceu_record_chunk",
	    &chunk_module, c, chunk_free) != SQLITE_OK) {
		ceu_db_sqlfail(db, "ceu_record_chunk");
		return NULL;
	}
	return db->chunk = c;
}

/* Room for n records and keys bytes more. */
static void
chunk_reserve(struct ceu_record_chunk *c, size_t n, size_t keys)
{
	if (n > c->cap) {
		c->key_at = ceu_reallocarray(c->key_at, n, sizeof(size_t));
		c->first = ceu_reallocarray(c->first, n, sizeof(size_t));
		c->offered = ceu_reallocarray(c->offered, n, 1);
		c->slot = ceu_reallocarray(c->slot, 2 * n, sizeof(uint32_t));
		c->cap = n;
	}
	if (c->keys_len + keys > c->keys_cap) {
		c->keys_cap = 2 * (c->keys_len + keys);
		c->keys = ceu_reallocarray(c->keys, c->keys_cap, 1);
	}
}

/* FNV-1a of the person and the key. */
static uint32_t
chunk_hash(long long person, const char *key)
{
	uint32_t h = 2166136261u;

	for (int i = 0; i < 8; i++, person >>= 8)
		h = (h ^ (uint32_t)(person & 0xff)) * 16777619u;
	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return h;
}

/* R10 within the call: record i is offered unless an earlier record of
 * the same person has its key. */
static void
chunk_place(struct ceu_record_chunk *c, size_t i)
{
	size_t mask = 2 * c->cap - 1, at;
	const char *key = ceu_record_chunk_key(c, i);
	uint32_t j;

	at = chunk_hash(c->r[i].person_id, key) & mask;
	for (; (j = c->slot[at]) != 0; at = (at + 1) & mask) {
		if (c->r[j - 1].person_id == c->r[i].person_id &&
		    strcmp(ceu_record_chunk_key(c, j - 1), key) == 0) {
			c->first[i] = j - 1;
			c->offered[i] = 0;
			return;
		}
	}
	c->slot[at] = (uint32_t)(i + 1);
	c->first[i] = i;
	c->offered[i] = 1;
}

int
ceu_record_chunk_load(struct ceu_db *db, struct ceu_record_chunk *c,
    const struct ceu_record *r, size_t n)
{
	char key[CEU_RECORD_KEY_SIZE];
	size_t cap = 16, len;

	while (cap < n)
		cap *= 2;
	c->r = r;
	c->n = 0;
	c->keys_len = 0;
	if (n > UINT32_MAX / 4)
		return ceu_db_fail(db, CEU_EUSAGE, "too many records for one "
		    "statement");
	chunk_reserve(c, cap, 0);
	memset(c->slot, 0, 2 * c->cap * sizeof(uint32_t));
	for (size_t i = 0; i < n; i++) {
		if (r[i].key != NULL) {
			chunk_place(c, i);
			continue;
		}
		ceu_record_key(&r[i], key, sizeof(key));
		len = strlen(key) + 1;
		chunk_reserve(c, cap, len);
		memcpy(c->keys + c->keys_len, key, len);
		c->key_at[i] = c->keys_len;
		c->keys_len += len;
		chunk_place(c, i);
	}
	c->n = n;
	return CEU_OK;
}

