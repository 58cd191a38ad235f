/*
 * record_chunk.c - the records of one ceu_record_add_many call as the
 * virtual table ceu_record_chunk (record_chunk.h).
 *
 * One statement for many records is what makes a bulk load cheap
 * (SQLite's cost per statement, not per row, dominates a single-row
 * INSERT); the table shows the caller's array as it is, without a copy,
 * and is reused call after call: once its arrays have grown to the size
 * of a chunk a bulk load allocates nothing per record.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "record_chunk.h"
#include "values.h"

/* The columns of ceu_record_chunk, in the order of chunk_schema. */
enum {
	C_PERSON, C_YEAR, C_SUBJECT, C_CATEGORY, C_HOURS, C_TITLE, C_DATE,
	C_END_DATE, C_SOURCE, C_SOURCE_NAME, C_FILING, C_REF, C_KEY,
	C_SELF_KEY, C_STATUS, C_BATCH, C_EVIDENCE, C_LATE, C_TITLE_KEY
};
static const char chunk_schema[] = "CREATE TABLE x(person_id, year, "
    "subject, category, hours, title, date, end_date, source, source_name, "
    "filing_no, ref, activity_key, self_key, status, batch, evidence, "
    "late, title_key)";


struct chunk_vtab {
	sqlite3_vtab base;
	struct ceu_record_chunk *c;
};

struct chunk_cursor {
	sqlite3_vtab_cursor base;
	const struct ceu_record_chunk *c;
	size_t i;
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
	(void)plan, (void)planstr, (void)argc, (void)argv;
	chunk_seek((struct chunk_cursor *)cur, 0);
	return SQLITE_OK;
}

static int
chunk_next(sqlite3_vtab_cursor *cur)
{
	struct chunk_cursor *k = (struct chunk_cursor *)cur;

	chunk_seek(k, k->i + 1);
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

/* Text, or NULL when s is NULL or empty (r's strings outlive the
 * statement). */
static void
text_or_null(sqlite3_context *cx, const char *s)
{
	if (s != NULL && *s != '\0')
		sqlite3_result_text(cx, s, -1, SQLITE_STATIC);
	else
		sqlite3_result_null(cx);
}

/* Column col of the record under the cursor, as the record table stores
 * it. */
static int
chunk_column(sqlite3_vtab_cursor *cur, sqlite3_context *cx, int col)
{
	const struct chunk_cursor *k = (const struct chunk_cursor *)cur;
	const struct ceu_record *r = &k->c->r[k->i];
	const char *key;
	char date[11], title_key[CEU_RECORD_KEY_SIZE];

	switch (col) {
	case C_PERSON:
		sqlite3_result_int64(cx, r->person_id);
		break;
	case C_YEAR:
		sqlite3_result_int(cx, r->year);
		break;
	case C_SUBJECT:
		text_or_null(cx, ceu_subject_name(r->subject));
		break;
	case C_CATEGORY:
		text_or_null(cx, r->category >= 0 ?
		    ceu_category_name(r->category) : NULL);
		break;
	case C_HOURS:
		sqlite3_result_int64(cx, r->hours);
		break;
	case C_TITLE:
		sqlite3_result_text(cx, r->title, -1, SQLITE_STATIC);
		break;
	case C_DATE:
		sqlite3_result_text(cx, ceu_date_format(r->date, date), 10,
		    SQLITE_TRANSIENT);
		break;
	case C_END_DATE:
		if (r->end_date)
			sqlite3_result_text(cx, ceu_date_format(r->end_date,
			    date), 10, SQLITE_TRANSIENT);
		break;
	case C_SOURCE:
		sqlite3_result_text(cx, r->source, -1, SQLITE_STATIC);
		break;
	case C_SOURCE_NAME:
		text_or_null(cx, r->source_name);
		break;
	case C_FILING:
		text_or_null(cx, r->filing_no);
		break;
	case C_REF:
		text_or_null(cx, r->ref);
		break;
	case C_SELF_KEY:
		/* Stored only when the columns do not say it (schema.sql). */
		key = ceu_record_chunk_key(k->c, k->i);
		if (strncmp(key, "self:", 5) != 0)
			key = "";
		sqlite3_result_text(cx, key, -1, SQLITE_STATIC);
		break;
	case C_KEY:
		sqlite3_result_text(cx, ceu_record_chunk_key(k->c, k->i), -1,
		    SQLITE_STATIC);
		break;
	case C_STATUS:
		text_or_null(cx, ceu_status_name(r->status));
		break;
	case C_BATCH:
		if (r->batch)
			sqlite3_result_int64(cx, r->batch);
		break;
	case C_EVIDENCE:
		text_or_null(cx, r->evidence);
		break;
	case C_LATE:
		sqlite3_result_int(cx, r->late != 0);
		break;
	case C_TITLE_KEY:
		/* R10 across routes; a bulk load makes it on its reading
		 * thread. */
		if (r->title_key != NULL)
			sqlite3_result_text(cx, r->title_key, -1,
			    SQLITE_STATIC);
		else {
			ceu_record_title_key(r, title_key, sizeof(title_key));
			sqlite3_result_text(cx, title_key, -1,
			    SQLITE_TRANSIENT);
		}
		break;
	}
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

